/* What the milestone engine still awaits (SPEC section 4, "Statuses" and
 * "Decisions and their effects"), driven through lifecycle_plan() only: a
 * closed contract leaves no decision milestone awaited, an acknowledged
 * milestone is done without a decision, and which kinds are decision
 * milestones and when a scheduled one is overdue. Every expected date is
 * written out by hand from the SPEC's date rules. */
#include "lifecycle-fixture.h"

/* ---- closing empties the to-do list; acknowledged ---- */

static char window_passed[] = "the window passed without a request";

static struct decision
acknowledged(enum milestone_kind kind, char *reason)
{
	struct decision d = decision(DECISION_ACKNOWLEDGED, DATE_NONE,
	    DATE_NONE, reason);

	d.kind = kind;
	return d;
}

/* Nothing a closed contract still awaits: every decision milestone is
 * done or cancelled, whatever its date. */
static void
expect_nothing_awaited(const char *ctx, const struct milestone_list *l)
{
	bool none = true;
	char what[200];

	for (size_t i = 0; i < l->count; i++)
		none &= !(milestone_kind_is_decision(l->items[i].kind) &&
		    l->items[i].status == MS_SCHEDULED);
	snprintf(what, sizeof what, "%s: no decision milestone still awaited",
	    ctx);
	CHECK(none, what);
}

static void
test_closing(void)
{
	struct contract_terms ext = terms("2025-09-01", STAFF_EXTERNAL, false);
	struct contract_terms sec = terms("2025-09-01", STAFF_SECONDED, false);
	struct milestone_list l;
	const char *ctx;

	/* Separated long after the renewal decision was due and never taken:
	 * it no longer waits (it is dated before the separation, so "after
	 * D" alone would have kept it overdue forever). */
	ctx = "separated with the renewal decision overdue";
	{
		struct decision log[] = { separated("2028-06-30") };

		if (plan_ok(ctx, &ext, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", CANC);
			expect(ctx, &l, MS_PROBATION_END, "2026-02-28", SCHED);
			expect(ctx, &l, MS_CONTRACT_END, "2028-06-30", SCHED);
			CHECK(!milestone_overdue(find_term(&l,
			    MS_RENEWAL_DECISION_DUE, "2028-08-31"), D("2028-07-01")),
			    "separated: nothing overdue the day after");
			expect_nothing_awaited(ctx, &l);
		}
		milestone_list_free(&l);
	}
	ctx = "seconded, separated with both decisions overdue";
	{
		struct decision log[] = { separated("2028-06-30") };

		if (plan_ok(ctx, &sec, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2028-08-31",
			    "2027-11-30", CANC);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", CANC);
			expect_nothing_awaited(ctx, &l);
		}
		milestone_list_free(&l);
	}
	ctx = "renewed, then not renewed: the conversion deadline too";
	{
		struct decision log[] = { renewed("2031-08-31"),
		    not_renewed("2031-01-10") };

		if (plan_ok(ctx, &ext, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    CANC);
			expect_nothing_awaited(ctx, &l);
		}
		milestone_list_free(&l);
	}
	ctx = "a done decision milestone stays done when the contract closes";
	{
		struct decision log[] = { renewed("2031-08-31"),
		    conversion_requested("2030-01-15"), separated("2030-03-31") };

		if (plan_ok(ctx, &ext, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    DONE);
			expect_nothing_awaited(ctx, &l);
		}
		milestone_list_free(&l);
	}
	ctx = "revoking the separation restores what it cancelled";
	{
		struct decision log[] = { separated("2028-06-30") };

		log[0].revoked_at = 1;
		if (plan_ok(ctx, &ext, log, 0, &l) == 0)
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", SCHED);
		milestone_list_free(&l);
	}
}

static void
test_acknowledged(void)
{
	struct contract_terms ext = terms("2025-09-01", STAFF_EXTERNAL, false);
	struct contract_terms sec = terms("2025-09-01", STAFF_SECONDED, false);
	struct milestone_list l;
	const char *ctx;

	ctx = "national agreement acknowledged";
	{
		struct decision log[] = { acknowledged(MS_NATIONAL_AGREEMENT_DUE,
		    window_passed) };

		if (plan_ok(ctx, &sec, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2028-08-31",
			    "2027-11-30", DONE);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", SCHED);
			expect(ctx, &l, MS_INITIAL_TERM_END, "2028-08-31", SCHED);
		}
		milestone_list_free(&l);
	}
	ctx = "the earliest of the kind is the one acknowledged";
	{
		struct decision log[] = { renewed("2030-08-31"),
		    acknowledged(MS_RENEWAL_DECISION_DUE, window_passed) };

		if (plan_ok(ctx, &sec, log, N(log), &l) == 0) {
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2028-08-31",
			    "2028-02-29", DONE);
			expect_t(ctx, &l, MS_RENEWAL_DECISION_DUE, "2030-08-31",
			    "2030-02-28", DONE);
			expect_t(ctx, &l, MS_NATIONAL_AGREEMENT_DUE, "2030-08-31",
			    "2029-11-30", SCHED);
		}
		milestone_list_free(&l);
	}
	ctx = "a conversion window that passed without a request";
	{
		struct decision log[] = { renewed("2031-08-31"),
		    acknowledged(MS_CONVERSION_REQUEST_DEADLINE, window_passed) };

		if (plan_ok(ctx, &ext, log, N(log), &l) == 0) {
			expect(ctx, &l, MS_CONVERSION_REQUEST_DEADLINE, "2030-08-31",
			    DONE);
			expect(ctx, &l, MS_CONTRACT_END, "2031-08-31", SCHED);
		}
		milestone_list_free(&l);
	}
	{
		struct decision twice[] = {
			acknowledged(MS_RENEWAL_DECISION_DUE, window_passed),
			acknowledged(MS_RENEWAL_DECISION_DUE, window_passed) };
		struct decision projected[] = {
			acknowledged(MS_CONVERSION_REQUEST_DEADLINE, window_passed) };
		struct decision none_of_kind[] = {
			acknowledged(MS_NATIONAL_AGREEMENT_DUE, window_passed) };
		struct decision not_decision[] = {
			acknowledged(MS_PROBATION_END, window_passed) };
		struct decision no_reason[] = {
			acknowledged(MS_RENEWAL_DECISION_DUE, NULL) };
		struct decision closed[] = { not_renewed("2028-01-10"),
			acknowledged(MS_RENEWAL_DECISION_DUE, window_passed) };

		plan_refused("acknowledged twice: nothing left to acknowledge",
		    &ext, twice, N(twice), FAILURE_CONFLICT);
		plan_refused("a projected deadline is not acknowledged", &ext,
		    projected, N(projected), FAILURE_CONFLICT);
		plan_refused("external staff have no national agreement", &ext,
		    none_of_kind, N(none_of_kind), FAILURE_CONFLICT);
		plan_refused("probation_end is no decision", &ext, not_decision,
		    N(not_decision), FAILURE_INVALID_FIELD);
		plan_refused("an acknowledgement needs a reason", &ext, no_reason,
		    N(no_reason), FAILURE_INVALID_FIELD);
		plan_refused("nothing is acknowledged on a closed contract", &ext,
		    closed, N(closed), FAILURE_CONFLICT);
	}
	CHECK_STR(decision_type_name(DECISION_ACKNOWLEDGED), "acknowledged",
	    "the decision's name");
}

/* ---- overdue ---- */

static void
test_overdue(void)
{
	struct milestone m;
	int32_t day = D("2028-02-29");
	static const enum milestone_kind decision_kinds[] = {
		MS_RENEWAL_DECISION_DUE, MS_NATIONAL_AGREEMENT_DUE,
		MS_CONVERSION_REQUEST_DEADLINE,
	};
	char what[160];

	for (int k = 0; k < MS_KIND_COUNT; k++) {
		bool want = k == MS_RENEWAL_DECISION_DUE ||
		    k == MS_NATIONAL_AGREEMENT_DUE ||
		    k == MS_CONVERSION_REQUEST_DEADLINE;

		snprintf(what, sizeof what, "%s is %sa decision milestone",
		    kname((enum milestone_kind)k), want ? "" : "not ");
		CHECK_INT(milestone_kind_is_decision((enum milestone_kind)k), want,
		    what);
	}

	for (size_t i = 0; i < N(decision_kinds); i++) {
		const char *k = kname(decision_kinds[i]);

		memset(&m, 0, sizeof m);
		m.kind = decision_kinds[i];
		m.date = day;
		m.term_end = per_term(m.kind) ? D("2028-08-31") : DATE_NONE;
		m.status = MS_SCHEDULED;
		snprintf(what, sizeof what, "scheduled %s is overdue the day after", k);
		CHECK(milestone_overdue(&m, day + 1), what);
		snprintf(what, sizeof what, "scheduled %s is overdue a year after", k);
		CHECK(milestone_overdue(&m, day + 366), what);
		snprintf(what, sizeof what, "scheduled %s is not overdue on its day", k);
		CHECK(!milestone_overdue(&m, day), what);
		snprintf(what, sizeof what, "scheduled %s is not overdue before", k);
		CHECK(!milestone_overdue(&m, day - 1), what);
		m.status = MS_DONE;
		snprintf(what, sizeof what, "done %s is never overdue", k);
		CHECK(!milestone_overdue(&m, day + 1), what);
		m.status = MS_PROJECTED;
		snprintf(what, sizeof what, "projected %s is never overdue", k);
		CHECK(!milestone_overdue(&m, day + 1), what);
		m.status = MS_CANCELLED;
		snprintf(what, sizeof what, "cancelled %s is never overdue", k);
		CHECK(!milestone_overdue(&m, day + 1), what);
	}
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		if (k == MS_RENEWAL_DECISION_DUE || k == MS_NATIONAL_AGREEMENT_DUE ||
		    k == MS_CONVERSION_REQUEST_DEADLINE)
			continue;
		memset(&m, 0, sizeof m);
		m.kind = (enum milestone_kind)k;
		m.date = day;
		m.term_end = DATE_NONE;
		m.status = MS_SCHEDULED;
		snprintf(what, sizeof what, "past scheduled %s is not overdue",
		    kname(m.kind));
		CHECK(!milestone_overdue(&m, day + 30), what);
	}

	/* The same through planned milestones. */
	{
		struct contract_terms c = terms("2025-09-01", STAFF_EXTERNAL, false);
		struct decision log[] = { renewed("2031-08-31") };
		struct milestone_list l;
		const struct milestone *p;

		if (plan_ok("overdue, before renewal", &c, NULL, 0, &l) == 0) {
			p = find_term(&l, MS_RENEWAL_DECISION_DUE, "2028-08-31");
			CHECK(p && milestone_overdue(p, D("2028-03-01")),
			    "planned renewal_decision_due overdue on 2028-03-01");
			CHECK(p && !milestone_overdue(p, D("2028-02-29")),
			    "planned renewal_decision_due not overdue on 2028-02-29");
			p = find(&l, MS_CONVERSION_REQUEST_DEADLINE);
			CHECK(p && !milestone_overdue(p, D("2031-01-01")),
			    "projected conversion_request_deadline not overdue");
			p = find(&l, MS_INITIAL_TERM_END);
			CHECK(p && !milestone_overdue(p, D("2029-01-01")),
			    "past initial_term_end not overdue");
		}
		milestone_list_free(&l);
		if (plan_ok("overdue, after renewal", &c, log, N(log), &l) == 0) {
			p = find_term(&l, MS_RENEWAL_DECISION_DUE, "2028-08-31");
			CHECK(p && !milestone_overdue(p, D("2028-03-01")),
			    "done renewal_decision_due not overdue");
			p = find(&l, MS_CONVERSION_REQUEST_DEADLINE);
			CHECK(p && milestone_overdue(p, D("2030-09-01")),
			    "scheduled conversion_request_deadline overdue the day after");
			CHECK(p && !milestone_overdue(p, D("2030-08-31")),
			    "scheduled conversion_request_deadline not overdue on its day");
		}
		milestone_list_free(&l);
	}
}

int
main(void)
{
	test_overdue();
	test_closing();
	test_acknowledged();
	return tap_done();
}
