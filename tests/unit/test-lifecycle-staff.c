/* The milestone engine for each staff type (SPEC section 4, "Milestones of
 * the default policy" and the worked example), driven through
 * lifecycle_plan() only: the names of kinds, decisions and statuses, the
 * worked example, external, seconded and serving staff and indefinite
 * contracts, with no decision recorded. Every expected date is written out
 * by hand from the SPEC's date rules. */
#include "lifecycle-fixture.h"

static void
test_names(void)
{
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		enum milestone_kind back = MS_KIND_COUNT;
		char what[120];

		snprintf(what, sizeof what, "kind %d is named %s", k, kind_names[k]);
		CHECK_STR(milestone_kind_name((enum milestone_kind)k), kind_names[k],
		    what);
		snprintf(what, sizeof what, "%s parses back", kind_names[k]);
		CHECK(milestone_kind_parse(kind_names[k], &back) == 0 &&
		    back == (enum milestone_kind)k, what);
	}
	CHECK_STR(decision_type_name(DECISION_CONVERSION_REQUESTED),
	    "conversion_requested", "decision name conversion_requested");
	CHECK_STR(decision_type_name(DECISION_NOT_RENEWED), "not_renewed",
	    "decision name not_renewed");
	CHECK_STR(staff_type_name(STAFF_SECONDED), "seconded", "staff type seconded");
	CHECK_STR(milestone_status_name(MS_PROJECTED), "projected",
	    "status name projected");
}

/* ---- the worked example ---- */

static void
test_worked_example(void)
{
	const char *ctx = "worked example";
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, true);
	struct decision log[] = { renewed("2031-08-31") };
	struct milestone_list l;

	if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
		expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
		expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST, "2026-09-01", SCHED);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", DONE);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01", SCHED);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", SCHED);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31", SCHED);
		expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", SCHED);
		expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
		/* The renewal reached the maximum: no further renewal. */
		expect_no_term(ctx, &l, MS_RENEWAL_DECISION_DUE, "2031-08-31");
		CHECK_INT(count_kind(&l, MS_RENEWAL_DECISION_DUE), 1,
		    "worked example: exactly one renewal_decision_due");
		expect_none(ctx, &l, MS_NATIONAL_AGREEMENT_DUE);
		expect_none(ctx, &l, MS_AGE_LIMIT);
		expect_none(ctx, &l, MS_APPLICATION_DEADLINE);
		expect_count(ctx, &l, 10);
	}
	milestone_list_free(&l);

	/* The same contract before the renewal: the conversion milestones are
	 * projected, computed from L(initial_term_end) = 2031-08-31. */
	ctx = "worked example before renewal";
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
		expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST, "2026-09-01", SCHED);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01", SCHED);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", PROJ);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31", PROJ);
		expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
		expect_none(ctx, &l, MS_CONTRACT_END);
		expect_count(ctx, &l, 9);
	}
	milestone_list_free(&l);

	/* Planning is pure: the same input gives the same milestones. */
	{
		struct milestone_list a, b;
		bool same;

		plan_ok("purity run 1", &c, log, N(log), &a);
		plan_ok("purity run 2", &c, log, N(log), &b);
		same = a.count == b.count;
		for (size_t i = 0; same && i < a.count; i++)
			same = a.items[i].kind == b.items[i].kind &&
			    a.items[i].date == b.items[i].date &&
			    a.items[i].term_end == b.items[i].term_end &&
			    a.items[i].status == b.items[i].status &&
			    a.items[i].at == b.items[i].at;
		CHECK(same, "planning the same input twice gives the same milestones");
		milestone_list_free(&a);
		milestone_list_free(&b);
	}
}

/* ---- each staff type ---- */

static void
test_external(void)
{
	const char *ctx = "external, not twin-graded";
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, false);
	struct milestone_list l;

	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
		expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", PROJ);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31", PROJ);
		expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
		expect_none(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE);
		expect_none(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST);
		expect_none(ctx, &l, MS_NATIONAL_AGREEMENT_DUE);
		expect_count(ctx, &l, 7);
	}
	milestone_list_free(&l);

	/* A start on a leap day: every term end is the day before its
	 * anniversary, every lead counts back from the end + 1 day. */
	ctx = "external starting 2024-02-29";
	c = terms("2024-02-29", STAFF_EXTERNAL, true);
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_CONTRACT_START, "2024-02-29", SCHED);
		expect(ctx, &l, MS_PROBATION_END, "2024-08-28", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST, "2025-03-01", SCHED);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2027-02-28",
		    "2026-08-31", SCHED);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2027-02-28", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2027-03-01", SCHED);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2027-03-01", PROJ);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-02-28", PROJ);
		expect(ctx, &l, MS_MAX_SERVICE_END, "2030-02-28", SCHED);
		expect_count(ctx, &l, 9);
	}
	milestone_list_free(&l);

	/* Probation from a month end: 2025-08-31 + 6 months is 2026-03-01. */
	ctx = "external starting 2025-08-31";
	c = terms("2025-08-31", STAFF_EXTERNAL, false);
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-30", SCHED);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-08-31", PROJ);
	}
	milestone_list_free(&l);

	/* A clause that does not allow conversion has no conversion milestones. */
	ctx = "external, conversion not allowed";
	c = terms("2025-09-01", STAFF_EXTERNAL, false);
	c.policy.conversion_allowed = false;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect_none(ctx, &l, MS_CONVERSION_WINDOW_OPENS);
		expect_none(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
	}
	milestone_list_free(&l);
	{
		struct decision log[] = { renewed("2031-08-31"),
		    conversion_requested("2029-01-10") };

		plan_refused("conversion not allowed: conversion_requested", &c,
		    log, N(log), FAILURE_CONFLICT);
	}

	/* Nor does one with no conversion deadline. */
	ctx = "external, no conversion deadline";
	c = terms("2025-09-01", STAFF_EXTERNAL, false);
	c.policy.conversion_deadline_months = POLICY_NONE;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect_none(ctx, &l, MS_CONVERSION_WINDOW_OPENS);
		expect_none(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE);
	}
	milestone_list_free(&l);
}

static void
test_seconded(void)
{
	const char *ctx = "seconded";
	struct contract_terms c = terms("2025-09-01", STAFF_SECONDED, true);
	struct milestone_list l;

	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
		expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
		expect_t(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2028-08-31",
		    "2027-11-30", SCHED);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01", SCHED);
		expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
		expect_none(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST);
		expect_none(ctx, &l, MS_CONVERSION_WINDOW_OPENS);
		expect_none(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE);
		expect_none(ctx, &l, MS_CONTRACT_END);
		expect_count(ctx, &l, 7);
	}
	milestone_list_free(&l);

	/* A shorter renewal: both decision milestones of the first term are
	 * done, and both are planned again for the new term. */
	ctx = "seconded renewed until 2030-08-31";
	{
		struct decision log[] = { renewed("2030-08-31") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect_t(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2028-08-31",
			    "2027-11-30", DONE);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31",
			    "2030-02-28", SCHED);
			expect_t(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2030-08-31",
			    "2029-11-30", SCHED);
			expect(ctx, &l, MS_CONTRACT_END, "2030-08-31", SCHED);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
			expect_none(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE);
		}
		milestone_list_free(&l);
	}

	/* not_renewed marks both of the term's decision milestones done. */
	ctx = "seconded not renewed";
	{
		struct decision log[] = { not_renewed("2027-10-01") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect_t(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2028-08-31",
			    "2027-11-30", DONE);
			expect_status(ctx, &l, MS_MAX_SERVICE_END, CANC);
		}
		milestone_list_free(&l);
	}

	/* Seconded staff are held to 72 months even on a post without a
	 * maximum: max_service_end is there and caps the renewal. */
	ctx = "seconded on a post without maximum";
	c.policy.max_service_months = POLICY_NONE;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
		expect_t(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2028-08-31",
		    "2027-11-30", SCHED);
	}
	milestone_list_free(&l);
	{
		struct decision over[] = { renewed("2031-09-01") };
		struct decision full[] = { renewed("2031-08-31") };
		struct decision again[] = { renewed("2031-08-31"),
		    renewed("2032-08-31") };

		plan_refused("seconded, no post maximum: renewal past 72 months",
		    &c, over, N(over), FAILURE_CONFLICT);
		ctx = "seconded, no post maximum, renewed to 72 months";
		if (plan_ok(ctx, &c, full, N(full), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", SCHED);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect_t(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2028-08-31",
			    "2027-11-30", DONE);
			expect_no_term(ctx, &l, MS_RENEWAL_DECISION_DUE, "2031-08-31");
			expect_no_term(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2031-08-31");
		}
		milestone_list_free(&l);
		plan_refused("seconded, no post maximum: second renewal past 72 months",
		    &c, again, N(again), FAILURE_CONFLICT);
	}

	/* A post maximum shorter than 72 months applies to seconded staff too. */
	ctx = "seconded on a 48-month post";
	c = terms("2025-09-01", STAFF_SECONDED, false);
	c.policy.max_service_months = 48;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0)
		expect(ctx, &l, MS_MAX_SERVICE_END, "2029-08-31", SCHED);
	milestone_list_free(&l);
}

static void
test_serving(void)
{
	const char *ctx = "serving, definite";
	struct contract_terms c = terms("2025-09-01", STAFF_SERVING, true);
	struct milestone_list l;

	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01", SCHED);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", PROJ);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31", PROJ);
		expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
		expect_none(ctx, &l, MS_PROBATION_END);
		expect_none(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST);
		expect_none(ctx, &l, MS_NATIONAL_AGREEMENT_DUE);
		expect_count(ctx, &l, 7);
	}
	milestone_list_free(&l);

	ctx = "serving, definite, renewed and converted";
	{
		struct decision log[] = { renewed("2031-08-31"),
		    converted("2029-06-01") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", CANC);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", CANC);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    CANC);
		}
		milestone_list_free(&l);
	}
}

static void
test_indefinite(void)
{
	const char *ctx = "serving, indefinite";
	struct contract_terms c = terms("2025-09-01", STAFF_SERVING, true);
	struct milestone_list l;

	c.indefinite = true;
	c.birth_date = D("1970-07-20");
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
		expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01", SCHED);
		expect(ctx, &l, MS_AGE_LIMIT, "2035-07-31", SCHED);
		expect_none(ctx, &l, MS_RENEWAL_DECISION_DUE);
		expect_none(ctx, &l, MS_INITIAL_TERM_END);
		expect_none(ctx, &l, MS_MAX_SERVICE_END);
		expect_none(ctx, &l, MS_CONVERSION_WINDOW_OPENS);
		expect_none(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE);
		expect_none(ctx, &l, MS_PROBATION_END);
		expect_none(ctx, &l, MS_CONTRACT_END);
		expect_count(ctx, &l, 3);
	}
	milestone_list_free(&l);

	ctx = "serving, indefinite, not twin-graded, no birth date";
	c.twin_graded = false;
	c.birth_date = DATE_NONE;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
		expect_count(ctx, &l, 1);
	}
	milestone_list_free(&l);

	/* Separation is the only decision on an indefinite contract. */
	c.twin_graded = true;
	c.birth_date = D("1970-07-20");
	{
		struct decision r[] = { renewed("2028-08-31") };
		struct decision nr[] = { not_renewed("2027-01-01") };
		struct decision cr[] = { conversion_requested("2027-01-01") };
		struct decision cv[] = { converted("2027-01-01") };
		struct decision sep[] = { separated("2030-01-15") };

		plan_refused("indefinite: renewed", &c, r, N(r), FAILURE_CONFLICT);
		plan_refused("indefinite: not_renewed", &c, nr, N(nr),
		    FAILURE_CONFLICT);
		plan_refused("indefinite: conversion_requested", &c, cr, N(cr),
		    FAILURE_CONFLICT);
		plan_refused("indefinite: converted", &c, cv, N(cv),
		    FAILURE_CONFLICT);
		ctx = "indefinite, separated";
		if (plan_ok(ctx, &c, sep, N(sep), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
			expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01",
			    SCHED);
			expect(ctx, &l, MS_AGE_LIMIT, "2035-07-31", CANC);
			expect(ctx, &l, MS_CONTRACT_END, "2030-01-15", SCHED);
			expect_count(ctx, &l, 4);
		}
		milestone_list_free(&l);
	}
}

int
main(void)
{
	test_names();
	test_worked_example();
	test_external();
	test_seconded();
	test_serving();
	test_indefinite();
	return tap_done();
}
