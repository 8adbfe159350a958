/* The decisions the milestone engine refuses, and revocation (SPEC section
 * 4, "Decisions and their effects"), driven through lifecycle_plan() only:
 * each decision that does not fit the contract's state is refused with its
 * failure kind, and a revoked decision plans as if it had never been
 * recorded. Every expected date is written out by hand from the SPEC's date
 * rules. */
#include "lifecycle-fixture.h"

/* ---- refusals ---- */

static void
test_refusals(void)
{
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, false);
	struct decision sep = separated("2027-01-15");
	struct decision after_sep[][2] = {
		{ sep, renewed("2031-08-31") },
		{ sep, not_renewed("2027-02-01") },
		{ sep, conversion_requested("2028-09-15") },
		{ sep, converted("2027-02-01") },
		{ sep, separated("2027-02-01") },
	};
	static const char *const after_names[] = { "renewed", "not_renewed",
	    "conversion_requested", "converted", "separated" };
	struct decision nr = not_renewed("2028-02-15");
	struct decision after_nr[][2] = {
		{ nr, renewed("2031-08-31") },
		{ nr, not_renewed("2028-03-01") },
		{ nr, conversion_requested("2028-09-15") },
		{ nr, converted("2028-03-01") },
	};
	char what[160];

	for (size_t i = 0; i < N(after_sep); i++) {
		snprintf(what, sizeof what, "%s after separated", after_names[i]);
		plan_refused(what, &c, after_sep[i], 2, FAILURE_CONFLICT);
	}
	for (size_t i = 0; i < N(after_nr); i++) {
		snprintf(what, sizeof what, "%s after not_renewed", after_names[i]);
		plan_refused(what, &c, after_nr[i], 2, FAILURE_CONFLICT);
	}
	{
		struct decision r = renewed("2031-08-31");
		struct decision cv = converted("2029-06-01");
		struct decision after_cv[][3] = {
			{ r, cv, renewed("2031-08-31") },
			{ r, cv, not_renewed("2029-07-01") },
			{ r, cv, conversion_requested("2029-07-01") },
			{ r, cv, converted("2029-07-01") },
		};
		struct decision renewal_then_sep[] = { r, separated("2030-01-31") };
		struct milestone_list l;

		for (size_t i = 0; i < N(after_cv); i++) {
			snprintf(what, sizeof what, "%s after converted",
			    after_names[i]);
			plan_refused(what, &c, after_cv[i], 3, FAILURE_CONFLICT);
		}
		if (plan_ok("separated after a renewal", &c, renewal_then_sep,
		    N(renewal_then_sep), &l) == 0)
			expect("separated after a renewal", &l, MS_CONTRACT_END,
			    "2030-01-31", SCHED);
		milestone_list_free(&l);
	}

	/* Renewal bounds: E < U <= L(E). */
	{
		struct decision at_e[] = { renewed("2028-08-31") };
		struct decision before_e[] = { renewed("2027-01-01") };
		struct decision past_l[] = { renewed("2031-09-01") };
		struct decision at_l[] = { renewed("2031-08-31") };
		struct decision day_after_e[] = { renewed("2028-09-01") };
		struct decision again[] = { renewed("2031-08-31"),
		    renewed("2032-08-31") };
		struct decision nountil[] = { decision(DECISION_RENEWED, DATE_NONE,
		    DATE_NONE, NULL) };
		struct milestone_list l;

		plan_refused("renewal until E", &c, at_e, N(at_e), FAILURE_CONFLICT);
		plan_refused("renewal until before E", &c, before_e, N(before_e),
		    FAILURE_CONFLICT);
		plan_refused("renewal until past L(E)", &c, past_l, N(past_l),
		    FAILURE_CONFLICT);
		plan_refused("renewal after the maximum is reached", &c, again,
		    N(again), FAILURE_CONFLICT);
		plan_refused("renewal without an end", &c, nountil, N(nountil),
		    FAILURE_INVALID_FIELD);
		if (plan_ok("renewal until L(E)", &c, at_l, N(at_l), &l) == 0)
			expect("renewal until L(E)", &l, MS_CONTRACT_END, "2031-08-31",
			    SCHED);
		milestone_list_free(&l);
		if (plan_ok("renewal for one day", &c, day_after_e, N(day_after_e),
		    &l) == 0) {
			expect("renewal for one day", &l, MS_CONTRACT_END, "2028-09-01",
			    SCHED);
			/* 6 months before 2028-09-01. */
			expect_t("renewal for one day", &l, MS_RENEWAL_DECISION_DUE,
			    "2028-09-01", "2028-03-01", SCHED);
		}
		milestone_list_free(&l);
	}
}

/* ---- revocation: planning again without the decision ---- */

static void
test_revocation(void)
{
	const char *ctx;
	struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, false);
	struct decision r1 = renewed("2030-08-31"), r2 = renewed("2031-08-31");
	struct decision cr = conversion_requested("2029-01-10");
	struct decision sep = separated("2029-06-30");
	struct milestone_list l;

	ctx = "renewal in force";
	{
		struct decision log[] = { r1 };

		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2030-08-31", SCHED);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2029-08-31",
			    SCHED);
		}
		milestone_list_free(&l);
	}
	ctx = "renewal revoked";
	if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
		expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
		    "2028-02-29", SCHED);
		expect_no_term(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31");
		expect_none(ctx, &l, MS_CONTRACT_END);
		expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", PROJ);
		expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31", PROJ);
	}
	milestone_list_free(&l);

	ctx = "second renewal revoked";
	{
		struct decision log[] = { r1 };	/* r2 revoked from { r1, r2 } */
		struct decision both[] = { r1, r2 };

		if (plan_ok("two renewals", &c, both, N(both), &l) == 0)
			expect_t("two renewals", &l, MS_RENEWAL_DECISION_DUE,
			    "2030-08-31", "2030-02-28", DONE);
		milestone_list_free(&l);
		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31",
			    "2030-02-28", SCHED);
			expect(ctx, &l, MS_CONTRACT_END, "2030-08-31", SCHED);
		}
		milestone_list_free(&l);
	}

	ctx = "conversion request revoked";
	{
		struct decision log[] = { r2 };	/* cr revoked from { r2, cr } */

		if (plan_ok(ctx, &c, log, N(log), &l) == 0)
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    SCHED);
		milestone_list_free(&l);
	}

	ctx = "separation revoked";
	{
		struct decision full[] = { r2, cr, sep };
		struct decision log[] = { r2, cr };

		if (plan_ok("separated", &c, full, N(full), &l) == 0) {
			expect("separated", &l, MS_CONTRACT_END, "2029-06-30", SCHED);
			expect("separated", &l, MS_MAX_SERVICE_END, "2031-08-31", CANC);
		}
		milestone_list_free(&l);
		if (plan_ok(ctx, &c, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", SCHED);
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    DONE);
		}
		milestone_list_free(&l);
	}

	ctx = "not_renewed revoked";
	{
		struct decision log[] = { not_renewed("2028-02-15") };

		if (plan_ok("not renewed", &c, log, N(log), &l) == 0)
			expect("not renewed", &l, MS_MAX_SERVICE_END, "2031-08-31",
			    CANC);
		milestone_list_free(&l);
		if (plan_ok(ctx, &c, NULL, 0, &l) == 0) {
			expect(ctx, &l, MS_MAX_SERVICE_END, "2031-08-31", SCHED);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", SCHED);
			expect(ctx, &l, MS_CONVERSION_WINDOW_OPENS, "2028-09-01", PROJ);
		}
		milestone_list_free(&l);
	}

	/* Revoking a renewal that a later request relied on leaves a log the
	 * rules refuse: planning again names the conflict. */
	{
		struct decision log[] = { cr };	/* r2 revoked from { r2, cr } */

		plan_refused("renewal revoked under a conversion request", &c, log,
		    N(log), FAILURE_CONFLICT);
	}
}

int
main(void)
{
	test_refusals();
	test_revocation();
	return tap_done();
}
