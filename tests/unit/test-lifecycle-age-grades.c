/* The milestone engine on twin-graded posts and near the age limit (SPEC
 * section 4, "Milestones of the default policy"), driven through
 * lifecycle_plan() only: grade advancement on twin-graded posts, the
 * age-limit milestone for a range of birth dates and a policy's own age
 * limit, and how the age limit caps the initial term and its renewals. Every
 * expected date is written out by hand from the SPEC's date rules. */
#include "lifecycle-fixture.h"

/* ---- twin grades ---- */

static void
test_twin_grades(void)
{
	const char *ctx = "twin grades with a 48/12 policy";
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, true);
	struct milestone_list l;

	c.policy.twin_grade_months = 48;
	c.policy.twin_grade_reduction_months = 12;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2029-09-01", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST, "2028-09-01", SCHED);
	}
	milestone_list_free(&l);

	ctx = "twin grades from 2025-01-31";
	c = terms("2025-01-31", STAFF_EXTERNAL, true);
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		/* add_months, not a term end: no "day before". */
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST, "2026-01-31", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-01-31", SCHED);
	}
	milestone_list_free(&l);

	ctx = "twin grades, seconded";
	c = terms("2025-09-01", STAFF_SECONDED, true);
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01", SCHED);
		expect_none(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST);
	}
	milestone_list_free(&l);

	ctx = "seconded, not twin-graded";
	c = terms("2025-09-01", STAFF_SECONDED, false);
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect_none(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE);
		expect_none(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST);
	}
	milestone_list_free(&l);
}

/* ---- age limit ---- */

static void
test_age_limit(void)
{
	const char *ctx;
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, false);
	struct milestone_list l;
	static const struct {
		const char *birth, *limit;
	} cases[] = {
		{ "1965-03-15", "2030-03-31" },
		{ "1964-02-29", "2029-03-31" },	/* 65th birthday is 2029-03-01 */
		{ "1960-12-31", "2025-12-31" },
		{ "1960-01-01", "2025-01-31" },
		{ "1970-07-20", "2035-07-31" },
		{ "1968-02-01", "2033-02-28" },
	};

	for (size_t i = 0; i < N(cases); i++) {
		char buf[80];

		snprintf(buf, sizeof buf, "born %s", cases[i].birth);
		c.birth_date = D(cases[i].birth);
		if (plan_ok(buf, &c, NULL, 0, &l) == 0)
			expect(buf, &l, MS_AGE_LIMIT, cases[i].limit, SCHED);
		milestone_list_free(&l);
	}

	ctx = "age_limit_years = 67";
	c.policy.age_limit_years = 67;
	c.birth_date = D("1965-03-15");
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_AGE_LIMIT, "2032-03-31", SCHED);
		/* Beyond the cap, so L(E) is still the cap. */
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31", PROJ);
	}
	milestone_list_free(&l);

	/* The age limit caps L(E): born 1965-03-15, limit 2030-03-31. */
	ctx = "age limit caps the renewal";
	c = terms("2025-09-01", STAFF_EXTERNAL, false);
	c.birth_date = D("1965-03-15");
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_AGE_LIMIT, "2030-03-31", SCHED);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", PROJ);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-03-31", PROJ);
	}
	milestone_list_free(&l);
	{
		struct decision over[] = { renewed("2030-04-01") };
		struct decision to_limit[] = { renewed("2030-03-31") };
		struct decision again[] = { renewed("2030-03-31"),
		    renewed("2031-08-31") };

		plan_refused("renewal past the age limit", &c, over, N(over),
		    FAILURE_CONFLICT);
		ctx = "renewed to the age limit";
		if (plan_ok(ctx, &c, to_limit, N(to_limit), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2030-03-31", SCHED);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-03-31",
			    SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect_no_term(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-03-31");
			CHECK_INT(count_kind(&l, MS_RENEWAL_DECISION_DUE), 1,
			    "renewed to the age limit: one renewal_decision_due");
		}
		milestone_list_free(&l);
		plan_refused("renewal after reaching the age limit", &c, again,
		    N(again), FAILURE_CONFLICT);
	}

	/* The age limit before the initial term ends: no renewal at all. */
	ctx = "age limit before the initial term ends";
	c.birth_date = D("1963-06-10");		/* limit 2028-06-30 */
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_AGE_LIMIT, "2028-06-30", SCHED);
		expect_none(ctx, &l, MS_RENEWAL_DECISION_DUE);
		expect_status(ctx, &l, MS_CONVERSION_WINDOW_OPENS, CANC);
		expect_status(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, CANC);
	}
	milestone_list_free(&l);
	{
		struct decision r[] = { renewed("2028-09-30") };

		plan_refused("renewal beyond an age limit before E", &c, r, N(r),
		    FAILURE_CONFLICT);
	}

	/* The age limit on E itself: E < min(cap, age_limit) fails. */
	ctx = "age limit on the initial term's end";
	c.birth_date = D("1963-08-20");		/* limit 2028-08-31 */
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_AGE_LIMIT, "2028-08-31", SCHED);
		expect_none(ctx, &l, MS_RENEWAL_DECISION_DUE);
	}
	milestone_list_free(&l);

	/* One month after E: a renewal is possible, up to the limit only. */
	ctx = "age limit a month after the initial term";
	c.birth_date = D("1963-09-05");		/* limit 2028-09-30 */
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_AGE_LIMIT, "2028-09-30", SCHED);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
		/* 12 months before 2028-09-30 is before the window opens. */
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2027-09-30", CANC);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", CANC);
	}
	milestone_list_free(&l);
	{
		struct decision ok[] = { renewed("2028-09-30") };
		struct decision over[] = { renewed("2028-10-01") };

		ctx = "renewed for the month before the age limit";
		if (plan_ok(ctx, &c, ok, N(ok), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2028-09-30", SCHED);
			expect_no_term(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-09-30");
		}
		milestone_list_free(&l);
		plan_refused("renewal a day past the age limit", &c, over, N(over),
		    FAILURE_CONFLICT);
	}
}

int
main(void)
{
	test_twin_grades();
	test_age_limit();
	return tap_done();
}
