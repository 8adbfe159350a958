/* The milestone engine on conversion to an indefinite contract (SPEC section
 * 4, "Milestones of the default policy" and "Decisions and their effects"),
 * driven through lifecycle_plan() only: the projected conversion window and
 * request deadline, then the plan after a conversion was requested and after
 * the contract was converted. Every expected date is written out by hand
 * from the SPEC's date rules. */
#include "lifecycle-fixture.h"

/* ---- conversion milestones ---- */

static void
test_conversion_projection(void)
{
	const char *ctx;
	struct contract_terms c;
	struct milestone_list l;

	/* L(E) uses the renewal term: 24 months from 2028-09-01 end 2030-08-31. */
	ctx = "24-month renewals";
	c = terms("2025-09-01", STAFF_EXTERNAL, false);
	c.policy.renewal_term_months = 24;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0)
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-08-31", PROJ);
	milestone_list_free(&l);
	{
		struct decision over[] = { renewed("2030-09-01") };

		plan_refused("24-month renewals: a longer renewal", &c, over,
		    N(over), FAILURE_CONFLICT);
	}

	ctx = "18-month conversion deadline";
	c = terms("2025-09-01", STAFF_EXTERNAL, false);
	c.policy.conversion_deadline_months = 18;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0)
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-02-28", PROJ);
	milestone_list_free(&l);

	/* max 36: the cap is the initial term's end; no renewal, and the
	 * deadline (2027-08-31) would fall before the window (2028-09-01). */
	ctx = "36-month post";
	c = terms("2025-09-01", STAFF_EXTERNAL, false);
	c.policy.max_service_months = 36;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_MAX_SERVICE_END, "2028-08-31", SCHED);
		expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		expect_none(ctx, &l, MS_RENEWAL_DECISION_DUE);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", CANC);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2027-08-31", CANC);
	}
	milestone_list_free(&l);
	{
		struct decision r[] = { renewed("2029-08-31") };

		plan_refused("36-month post: renewal", &c, r, N(r),
		    FAILURE_CONFLICT);
	}

	/* max 48: a renewal is possible, but 12 months before 2029-08-31 is
	 * 2028-08-31, the day before the window opens. */
	ctx = "48-month post";
	c.policy.max_service_months = 48;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_MAX_SERVICE_END, "2029-08-31", SCHED);
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", CANC);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2028-08-31", CANC);
	}
	milestone_list_free(&l);
	{
		struct decision r[] = { renewed("2029-08-31") };
		struct decision over[] = { renewed("2029-09-01") };
		struct decision req[] = { renewed("2029-08-31"),
		    conversion_requested("2028-09-01") };

		ctx = "48-month post, renewed";
		if (plan_ok(ctx, &c, r, N(r), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2029-08-31", SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", CANC);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2028-08-31",
			    CANC);
			expect_no_term(ctx, &l, MS_RENEWAL_DECISION_DUE, "2029-08-31");
		}
		milestone_list_free(&l);
		plan_refused("48-month post: renewal past the maximum", &c, over,
		    N(over), FAILURE_CONFLICT);
		plan_refused("48-month post: conversion request with no window", &c,
		    req, N(req), FAILURE_CONFLICT);
	}

	/* max 60: projected from L(E) = 2030-08-31; a shorter renewal moves
	 * the deadline before the window (cancelled), a second renewal moves
	 * it back after (scheduled again). */
	ctx = "60-month post";
	c.policy.max_service_months = 60;
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", PROJ);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-08-31", PROJ);
	}
	milestone_list_free(&l);
	{
		struct decision one[] = { renewed("2029-08-31") };
		struct decision two[] = { renewed("2029-08-31"),
		    renewed("2030-08-31") };

		ctx = "60-month post, renewed for a year";
		if (plan_ok(ctx, &c, one, N(one), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2029-08-31", SCHED);
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", CANC);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2028-08-31",
			    CANC);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2029-08-31",
			    "2029-02-28", SCHED);
		}
		milestone_list_free(&l);
		ctx = "60-month post, renewed again to the maximum";
		if (plan_ok(ctx, &c, two, N(two), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2030-08-31", SCHED);
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", SCHED);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-08-31",
			    SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2029-08-31",
			    "2029-02-28", DONE);
			expect_no_term(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31");
			expect(ctx, &l, MS_MAX_SERVICE_END, "2030-08-31", SCHED);
		}
		milestone_list_free(&l);
	}
}

static void
test_conversion_requested(void)
{
	const char *ctx = "conversion requested";
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, false);
	struct milestone_list l;

	{
		struct decision log[] = { renewed("2031-08-31"),
		    conversion_requested("2029-01-10") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    DONE);
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", SCHED);
			expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", SCHED);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
		}
		milestone_list_free(&l);
	}

	/* The window is inclusive at both ends. */
	{
		struct decision first[] = { renewed("2031-08-31"),
		    conversion_requested("2028-09-01") };
		struct decision last[] = { renewed("2031-08-31"),
		    conversion_requested("2030-08-31") };
		struct decision early[] = { renewed("2031-08-31"),
		    conversion_requested("2028-08-31") };
		struct decision late[] = { renewed("2031-08-31"),
		    conversion_requested("2030-09-01") };
		struct decision twice[] = { renewed("2031-08-31"),
		    conversion_requested("2029-01-10"),
		    conversion_requested("2029-02-10") };
		struct decision before[] = { conversion_requested("2028-09-15") };
		struct decision before2[] = { conversion_requested("2028-09-15"),
		    renewed("2031-08-31") };
		struct decision nodate[] = { renewed("2031-08-31"),
		    decision(DECISION_CONVERSION_REQUESTED, DATE_NONE, DATE_NONE,
		    NULL) };

		ctx = "conversion requested the day the window opens";
		if (plan_ok(ctx, &c, first, N(first), &l) == 0)
			expect_status(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, DONE);
		milestone_list_free(&l);
		ctx = "conversion requested on the deadline";
		if (plan_ok(ctx, &c, last, N(last), &l) == 0)
			expect_status(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, DONE);
		milestone_list_free(&l);
		plan_refused("conversion requested the day before the window",
		    &c, early, N(early), FAILURE_CONFLICT);
		plan_refused("conversion requested the day after the deadline",
		    &c, late, N(late), FAILURE_CONFLICT);
		plan_refused("conversion requested twice", &c, twice, N(twice),
		    FAILURE_CONFLICT);
		plan_refused("conversion requested before any renewal", &c, before,
		    N(before), FAILURE_CONFLICT);
		plan_refused("conversion requested before a later renewal", &c,
		    before2, N(before2), FAILURE_CONFLICT);
		plan_refused("conversion requested without a date", &c, nodate,
		    N(nodate), FAILURE_INVALID_FIELD);
	}

	/* A shorter renewal, the request, then a second renewal: the done
	 * deadline stays done. */
	ctx = "conversion requested, then renewed again";
	{
		struct decision log[] = { renewed("2030-08-31"),
		    conversion_requested("2029-05-01"), renewed("2031-08-31") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			/* "A decision never changes a done milestone": not even
			 * its date, although 12 months before the new end is
			 * 2030-08-31. */
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-08-31",
			    DONE);
			expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31",
			    "2030-02-28", DONE);
		}
		milestone_list_free(&l);
	}

	/* A deadline on the day the window opens is not before it: a window
	 * of one day (12 months before 2029-09-01 is 2028-09-01). */
	ctx = "one-day conversion window";
	{
		struct decision r[] = { renewed("2029-09-01") };
		struct decision req[] = { renewed("2029-09-01"),
		    conversion_requested("2028-09-01") };
		struct decision late[] = { renewed("2029-09-01"),
		    conversion_requested("2028-09-02") };

		if (plan_ok(ctx, &c, r, N(r), &l) == 0) {
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", SCHED);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2028-09-01",
			    SCHED);
		}
		milestone_list_free(&l);
		ctx = "one-day conversion window, request on that day";
		if (plan_ok(ctx, &c, req, N(req), &l) == 0)
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2028-09-01",
			    DONE);
		milestone_list_free(&l);
		plan_refused("one-day conversion window, request the day after", &c,
		    late, N(late), FAILURE_CONFLICT);
	}

	/* Seconded staff have no conversion window. */
	{
		struct contract_terms s = terms("2025-09-01", STAFF_SECONDED, false);
		struct decision log[] = { renewed("2031-08-31"),
		    conversion_requested("2029-01-10") };

		plan_refused("seconded: conversion requested", &s, log, N(log),
		    FAILURE_CONFLICT);
	}
}

static void
test_converted(void)
{
	const char *ctx = "converted after renewal";
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, true);
	struct milestone_list l;

	{
		struct decision log[] = { renewed("2031-08-31"),
		    converted("2029-06-01") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", CANC);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", CANC);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    CANC);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			/* Nothing else changes. */
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", SCHED);
			expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
			expect(ctx, &l, MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01",
			    SCHED);
			expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
		}
		milestone_list_free(&l);
	}

	ctx = "conversion requested, then converted";
	{
		struct decision log[] = { renewed("2031-08-31"),
		    conversion_requested("2029-01-10"), converted("2029-06-01") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    DONE);
			expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", CANC);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", CANC);
		}
		milestone_list_free(&l);
	}

	ctx = "converted with a renewal decision pending";
	{
		struct decision log[] = { renewed("2030-08-31"),
		    converted("2029-06-01") };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31",
			    "2030-02-28", CANC);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect(ctx, &l, MS_CONTRACT_END, "2030-08-31", CANC);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-08-31",
			    CANC);
		}
		milestone_list_free(&l);
	}

	{
		struct decision early[] = { converted("2027-06-01") };

		plan_refused("converted before a renewal on a post with a maximum",
		    &c, early, N(early), FAILURE_CONFLICT);
	}

	/* On a post with no maximum, conversion needs no renewal first. */
	ctx = "converted before renewal, post without maximum";
	c.policy.max_service_months = POLICY_NONE;
	{
		struct decision early[] = { converted("2027-06-01") };

		if (plan_ok(ctx, &c, early, N(early), &l) == 0) {
			expect_none(ctx, &l, MS_MAX_SERVICE_END);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", CANC);
			expect_status(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, CANC);
			expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		}
		milestone_list_free(&l);
	}

	/* Seconded staff are never converted, renewed or not, maximum or not. */
	{
		struct contract_terms s = terms("2025-09-01", STAFF_SECONDED, false);
		struct decision after[] = { renewed("2031-08-31"),
		    converted("2029-06-01") };
		struct decision early[] = { converted("2027-06-01") };

		plan_refused("seconded: converted after renewal", &s, after,
		    N(after), FAILURE_CONFLICT);
		s.policy.max_service_months = POLICY_NONE;
		plan_refused("seconded, no post maximum: converted", &s, early,
		    N(early), FAILURE_CONFLICT);
	}
}

int
main(void)
{
	test_conversion_projection();
	test_conversion_requested();
	test_converted();
	return tap_done();
}
