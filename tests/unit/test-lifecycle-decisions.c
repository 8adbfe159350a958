/* The milestone engine after renewal and separation decisions (SPEC section
 * 4, "Decisions and their effects"), driven through lifecycle_plan() only: a
 * renewal, a decision not to renew, a separation, and several renewals in a
 * row on a post with no maximum length of service. Every expected date is
 * written out by hand from the SPEC's date rules. */
#include "lifecycle-fixture.h"

/* ---- decisions ---- */

static void
test_renewed(void)
{
	const char *ctx = "renewed until 2030-08-31";
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, true);
	struct decision log[] = { renewed("2030-08-31") };
	struct milestone_list l;

	if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", DONE);
		expect(ctx, &l, MS_CONTRACT_END, "2030-08-31", SCHED);
		/* Recomputed from U, no longer from L(E). */
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", SCHED);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-08-31", SCHED);
		/* A further renewal is possible (2030-08-31 < cap 2031-08-31). */
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31",
		    "2030-02-28", SCHED);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
		expect_count(ctx, &l, 11);
	}
	milestone_list_free(&l);

	{
		struct decision two[] = { renewed("2030-08-31"),
		    renewed("2031-08-31") };

		ctx = "renewed twice to the maximum";
		if (plan_ok(ctx, &c, two, N(two), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31",
			    "2030-02-28", DONE);
			expect_no_term(ctx, &l, MS_RENEWAL_DECISION_DUE, "2031-08-31");
			expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", SCHED);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    SCHED);
			CHECK_INT(count_kind(&l, MS_CONTRACT_END), 1,
			    "renewed twice: one contract_end, moved");
		}
		milestone_list_free(&l);
	}
}

static void
test_not_renewed(void)
{
	const char *ctx = "not renewed";
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, true);
	struct milestone_list l;

	c.birth_date = D("1965-03-15");		/* age limit 2030-03-31 */
	{
		struct decision log[] = { not_renewed("2028-02-15") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
			expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
			expect(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST, "2026-09-01",
			    SCHED);
			expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
			/* Dated after E. */
			expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01",
			    CANC);
			expect(ctx, &l, MS_AGE_LIMIT, "2030-03-31", CANC);
			/* The conversion milestones and max_service_end. */
			expect_status(ctx, &l, MS_CONVERSION_WINDOW_OPENS, CANC);
			expect_status(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, CANC);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", CANC);
			CHECK_INT(count_kind(&l, MS_RENEWAL_DECISION_DUE), 1,
			    "not renewed: no new renewal_decision_due");
		}
		milestone_list_free(&l);
	}

	/* On a post whose maximum is the initial term no renewal is possible;
	 * not renewing still cancels max_service_end, dated E itself. */
	ctx = "not renewed on a 36-month post";
	{
		struct contract_terms c36 = terms("2025-09-01", STAFF_EXTERNAL, false);
		struct decision log[] = { not_renewed("2028-02-15") };

		c36.policy.max_service_months = 36;
		if (plan_ok(ctx, &c36, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_MAX_SERVICE_END, "2028-08-31", CANC);
			expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
			expect_none(ctx, &l, MS_RENEWAL_DECISION_DUE);
		}
		milestone_list_free(&l);
	}

	/* After a renewal and a conversion request: the done deadline stays. */
	ctx = "renewed, conversion requested, not renewed";
	c.birth_date = DATE_NONE;
	{
		struct decision log[] = { renewed("2030-08-31"),
		    conversion_requested("2029-01-10"), not_renewed("2030-02-01") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31",
			    "2030-02-28", DONE);
			expect(ctx, &l, MS_CONTRACT_END, "2030-08-31", SCHED);
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", CANC);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-08-31",
			    DONE);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", CANC);
			expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		}
		milestone_list_free(&l);
	}
}

static void
test_separated(void)
{
	const char *ctx = "separated early";
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, true);
	struct milestone_list l;

	c.birth_date = D("1965-03-15");
	{
		struct decision log[] = { separated("2026-12-31") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_START, "2025-09-01", SCHED);
			expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
			expect(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST, "2026-09-01",
			    SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", CANC);
			expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", CANC);
			expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01",
			    CANC);
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", CANC);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-03-31",
			    CANC);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", CANC);
			expect(ctx, &l, MS_AGE_LIMIT, "2030-03-31", CANC);
			expect(ctx, &l, MS_CONTRACT_END, "2026-12-31", SCHED);
		}
		milestone_list_free(&l);
	}

	/* "Dated after D": a milestone on D itself stays. */
	ctx = "separated on the day probation ends";
	{
		struct decision log[] = { separated("2026-02-28") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
			expect(ctx, &l, MS_CONTRACT_END, "2026-02-28", SCHED);
			expect(ctx, &l, MS_GRADE_ADVANCEMENT_EARLIEST, "2026-09-01",
			    CANC);
		}
		milestone_list_free(&l);
	}

	/* A done milestone dated after D stays done. */
	ctx = "renewed, conversion requested, separated";
	{
		struct decision log[] = { renewed("2030-03-31"),
		    conversion_requested("2029-01-10"), separated("2029-02-15") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-03-31",
			    DONE);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", SCHED);
			expect(ctx, &l, MS_CONTRACT_END, "2029-02-15", SCHED);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", CANC);
			expect(ctx, &l, MS_AGE_LIMIT, "2030-03-31", CANC);
			CHECK_INT(count_kind(&l, MS_CONTRACT_END), 1,
			    "separated after renewal: contract_end moved, not added");
		}
		milestone_list_free(&l);
	}

	ctx = "not renewed, then separated";
	{
		struct decision log[] = { not_renewed("2028-02-15"),
		    separated("2028-05-31") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2028-05-31", SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", CANC);
		}
		milestone_list_free(&l);
	}

	ctx = "converted, then separated";
	{
		struct decision log[] = { renewed("2030-03-31"),
		    converted("2029-06-01"), separated("2030-01-31") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2030-01-31", SCHED);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", CANC);
			expect(ctx, &l, MS_AGE_LIMIT, "2030-03-31", CANC);
		}
		milestone_list_free(&l);
	}

	{
		static char empty[] = "";
		struct decision none[] = { decision(DECISION_SEPARATED,
		    D("2027-01-15"), DATE_NONE, NULL) };
		struct decision blank[] = { decision(DECISION_SEPARATED,
		    D("2027-01-15"), DATE_NONE, empty) };
		struct decision nodate[] = { decision(DECISION_SEPARATED,
		    DATE_NONE, DATE_NONE, resignation) };

		plan_refused("separated without a reason", &c, none, N(none),
		    FAILURE_INVALID_FIELD);
		plan_refused("separated with an empty reason", &c, blank, N(blank),
		    FAILURE_INVALID_FIELD);
		plan_refused("separated without a date", &c, nodate, N(nodate),
		    FAILURE_INVALID_FIELD);
	}
}

/* ---- several renewals on a post with no maximum ---- */

static void
test_multi_renewal(void)
{
	const char *ctx;
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, false);
	struct decision log[] = { renewed("2031-08-31"), renewed("2033-08-31"),
	    renewed("2036-08-31"), renewed("2039-08-31") };
	struct milestone_list l;

	c.policy.max_service_months = POLICY_NONE;
	c.policy.conversion_deadline_months = POLICY_NONE;

	ctx = "no maximum";
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect_none(ctx, &l, MS_MAX_SERVICE_END);
		expect_none(ctx, &l, MS_CONVERSION_WINDOW_OPENS);
		expect_none(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		expect_count(ctx, &l, 4);
	}
	milestone_list_free(&l);

	ctx = "no maximum, renewed once";
	if (plan_ok(ctx, &c, log, 1, &l) == 0) {
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", DONE);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2031-08-31",
		    "2031-02-28", SCHED);
		expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", SCHED);
	}
	milestone_list_free(&l);

	ctx = "no maximum, renewed twice";
	if (plan_ok(ctx, &c, log, 2, &l) == 0) {
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", DONE);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2031-08-31",
		    "2031-02-28", DONE);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2033-08-31",
		    "2033-02-28", SCHED);
		expect(ctx, &l, MS_CONTRACT_END, "2033-08-31", SCHED);
	}
	milestone_list_free(&l);

	ctx = "no maximum, renewed three times";
	if (plan_ok(ctx, &c, log, 3, &l) == 0) {
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2033-08-31",
		    "2033-02-28", DONE);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2036-08-31",
		    "2036-02-29", SCHED);
		expect(ctx, &l, MS_CONTRACT_END, "2036-08-31", SCHED);
		CHECK_INT(count_kind(&l, MS_RENEWAL_DECISION_DUE), 4,
		    "no maximum, renewed three times: four renewal_decision_due, earlier ones kept");
		CHECK_INT(count_kind(&l, MS_CONTRACT_END), 1,
		    "no maximum, renewed three times: one contract_end");
		expect_count(ctx, &l, 8);
	}
	milestone_list_free(&l);

	ctx = "no maximum, renewed four times";
	if (plan_ok(ctx, &c, log, 4, &l) == 0) {
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2036-08-31",
		    "2036-02-29", DONE);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2039-08-31",
		    "2039-02-28", SCHED);
		expect(ctx, &l, MS_CONTRACT_END, "2039-08-31", SCHED);
	}
	milestone_list_free(&l);
	{
		struct decision over[] = { log[0], log[1], log[2],
		    renewed("2039-09-01") };

		plan_refused("no maximum: renewal longer than a renewal term", &c,
		    over, N(over), FAILURE_CONFLICT);
	}

	/* With a birth date, the age limit is the only cap. */
	c.birth_date = D("1970-07-20");		/* limit 2035-07-31 */
	{
		struct decision over[] = { log[0], log[1], log[2] };
		struct decision to_limit[] = { log[0], log[1],
		    renewed("2035-07-31") };

		plan_refused("no maximum: renewal past the age limit", &c, over,
		    N(over), FAILURE_CONFLICT);
		ctx = "no maximum, renewed to the age limit";
		if (plan_ok(ctx, &c, to_limit, N(to_limit), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2035-07-31", SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2033-08-31",
			    "2033-02-28", DONE);
			expect_no_term(ctx, &l, MS_RENEWAL_DECISION_DUE, "2035-07-31");
			expect(ctx, &l, MS_AGE_LIMIT, "2035-07-31", SCHED);
		}
		milestone_list_free(&l);
	}
}

int
main(void)
{
	test_renewed();
	test_not_renewed();
	test_separated();
	test_multi_renewal();
	return tap_done();
}
