/* The milestone engine (SPEC section 4, "Milestones of the default policy",
 * "Statuses", "Decisions and their effects" and the worked example), driven
 * through lifecycle_plan() only. Every expected date is written out by hand
 * from the SPEC's date rules. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "date.h"
#include "failure.h"
#include "lifecycle.h"
#include "policy.h"
#include "tap.h"

#define SCHED MS_SCHEDULED
#define PROJ MS_PROJECTED
#define DONE MS_DONE
#define CANC MS_CANCELLED

/* The SPEC's names, kept here so messages do not depend on the code under
 * test. Indexed by enum milestone_kind. */
static const char *const kind_names[MS_KIND_COUNT] = {
	[MS_CONTRACT_START] = "contract_start",
	[MS_PROBATION_END] = "probation_end",
	[MS_RENEWAL_DECISION_DUE] = "renewal_decision_due",
	[MS_NATIONAL_AGREEMENT_DUE] = "national_agreement_due",
	[MS_INITIAL_TERM_END] = "initial_term_end",
	[MS_CONVERSION_WINDOW_OPENS] = "conversion_window_opens",
	[MS_CONVERSION_REQUEST_DEADLINE] = "conversion_request_deadline",
	[MS_CONTRACT_END] = "contract_end",
	[MS_MAX_SERVICE_END] = "max_service_end",
	[MS_GRADE_ADVANCEMENT_ELIGIBLE] = "grade_advancement_eligible",
	[MS_GRADE_ADVANCEMENT_EARLIEST] = "grade_advancement_earliest",
	[MS_AGE_LIMIT] = "age_limit",
	[MS_APPLICATION_DEADLINE] = "application_deadline",
};

static const char *
kname(enum milestone_kind k)
{
	return (unsigned)k < MS_KIND_COUNT ? kind_names[k] : "(bad kind)";
}

static const char *
sname(enum milestone_status s)
{
	switch (s) {
	case MS_SCHEDULED:	return "scheduled";
	case MS_PROJECTED:	return "projected";
	case MS_DONE:		return "done";
	case MS_CANCELLED:	return "cancelled";
	}
	return "(bad status)";
}

static int32_t
D(const char *text)
{
	int32_t d;

	if (date_parse(text, &d) != 0) {
		printf("Bail out! test date \"%s\" does not parse\n", text);
		exit(2);
	}
	return d;
}

/* ---- contracts and decisions ---- */

static struct contract_terms
terms(const char *start, enum staff_type type, bool twin)
{
	struct contract_terms c;

	memset(&c, 0, sizeof c);
	c.start = D(start);
	c.staff_type = type;
	c.indefinite = false;
	c.twin_graded = twin;
	c.birth_date = DATE_NONE;
	policy_default(&c.policy);
	return c;
}

static char recorder[] = "hr-officer";

static struct decision
decision(enum decision_type type, int32_t date, int32_t until, char *reason)
{
	static int64_t next_id = 1;
	struct decision d;

	memset(&d, 0, sizeof d);
	d.id = next_id++;
	d.type = type;
	d.date = date;
	d.until = until;
	d.reason = reason;
	d.recorded_at = 1750000000 + d.id;
	d.recorded_by = recorder;
	d.revoked_at = 0;
	d.revoked_by = NULL;
	return d;
}

static struct decision
renewed(const char *until)
{
	return decision(DECISION_RENEWED, DATE_NONE, D(until), NULL);
}

static struct decision
not_renewed(const char *on)
{
	return decision(DECISION_NOT_RENEWED, D(on), DATE_NONE, NULL);
}

static struct decision
conversion_requested(const char *on)
{
	return decision(DECISION_CONVERSION_REQUESTED, D(on), DATE_NONE, NULL);
}

static struct decision
converted(const char *on)
{
	return decision(DECISION_CONVERTED, D(on), DATE_NONE, NULL);
}

static char resignation[] = "resignation";

static struct decision
separated(const char *on)
{
	return decision(DECISION_SEPARATED, D(on), DATE_NONE, resignation);
}

/* ---- planning and checking ---- */

static void check_shape(const char *ctx, const struct milestone_list *l);

/* Plans and checks that planning succeeded; the list is always initialised
 * and must be freed. */
static int
plan_ok(const char *ctx, const struct contract_terms *c,
    const struct decision *log, size_t n, struct milestone_list *l)
{
	struct failure f;
	char what[200];
	int rc;

	milestone_list_init(l);
	failure_clear(&f);
	rc = lifecycle_plan(c, log, n, l, &f);
	snprintf(what, sizeof what, "%s: planning succeeds", ctx);
	CHECK_INT(rc, 0, what);
	if (rc != 0)
		printf("#   refused: %s (%s): %s\n", failure_code(f.kind), f.field,
		    f.message);
	else
		check_shape(ctx, l);
	return rc;
}

/* Plans a log whose last decision must be refused with kind. */
static void
plan_refused(const char *ctx, const struct contract_terms *c,
    const struct decision *log, size_t n, enum failure_kind kind)
{
	struct milestone_list l;
	struct failure f;
	char what[200];
	int rc;

	milestone_list_init(&l);
	failure_clear(&f);
	rc = lifecycle_plan(c, log, n, &l, &f);
	snprintf(what, sizeof what, "%s: refused", ctx);
	CHECK_INT(rc, -1, what);
	snprintf(what, sizeof what, "%s: refused as %s", ctx, failure_code(kind));
	CHECK_STR(failure_code(f.kind), failure_code(kind), what);
	milestone_list_free(&l);
}

#define N(a) (sizeof (a) / sizeof (a)[0])

static const struct milestone *
find(const struct milestone_list *l, enum milestone_kind k)
{
	return milestone_list_find(l, k, DATE_NONE);
}

static const struct milestone *
find_term(const struct milestone_list *l, enum milestone_kind k, const char *term)
{
	return milestone_list_find(l, k, D(term));
}

static bool
per_term(enum milestone_kind k)
{
	return k == MS_RENEWAL_DECISION_DUE || k == MS_NATIONAL_AGREEMENT_DUE;
}

static void
expect_m(const char *ctx, const struct milestone *m, enum milestone_kind k,
    const char *term, const char *date, enum milestone_status st)
{
	char what[240], got[DATE_STRLEN];

	snprintf(what, sizeof what, "%s: %s%s%s on %s", ctx, kname(k),
	    term ? " of the term ending " : "", term ? term : "", date);
	if (m != NULL)
		date_format(m->date, got);
	CHECK_STR(m ? got : "(missing)", date, what);
	snprintf(what, sizeof what, "%s: %s%s%s is %s", ctx, kname(k),
	    term ? " of the term ending " : "", term ? term : "", sname(st));
	CHECK_STR(m ? sname(m->status) : "(missing)", sname(st), what);
}

/* A milestone identified by kind only, with its date and status. */
static void
expect(const char *ctx, const struct milestone_list *l, enum milestone_kind k,
    const char *date, enum milestone_status st)
{
	expect_m(ctx, find(l, k), k, NULL, date, st);
}

/* A per-term decision milestone. */
static void
expect_t(const char *ctx, const struct milestone_list *l, enum milestone_kind k,
    const char *term, const char *date, enum milestone_status st)
{
	expect_m(ctx, find_term(l, k, term), k, term, date, st);
}

static void
expect_status(const char *ctx, const struct milestone_list *l,
    enum milestone_kind k, enum milestone_status st)
{
	const struct milestone *m = find(l, k);
	char what[200];

	snprintf(what, sizeof what, "%s: %s is %s", ctx, kname(k), sname(st));
	CHECK_STR(m ? sname(m->status) : "(missing)", sname(st), what);
}

static size_t
count_kind(const struct milestone_list *l, enum milestone_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].kind == k)
			n++;
	return n;
}

static void
expect_none(const char *ctx, const struct milestone_list *l,
    enum milestone_kind k)
{
	char what[200];

	snprintf(what, sizeof what, "%s: no %s", ctx, kname(k));
	CHECK_INT(count_kind(l, k), 0, what);
}

static void
expect_no_term(const char *ctx, const struct milestone_list *l,
    enum milestone_kind k, const char *term)
{
	char what[200];

	snprintf(what, sizeof what, "%s: no %s for the term ending %s", ctx,
	    kname(k), term);
	CHECK(find_term(l, k, term) == NULL, what);
}

static void
expect_count(const char *ctx, const struct milestone_list *l, size_t want)
{
	char what[200];

	snprintf(what, sizeof what, "%s: %zu milestones in all", ctx, want);
	CHECK_INT(l->count, want, what);
	if (l->count != want)
		for (size_t i = 0; i < l->count; i++) {
			char d[DATE_STRLEN];

			date_format(l->items[i].date, d);
			printf("#   %s %s %s\n", kname(l->items[i].kind), d,
			    sname(l->items[i].status));
		}
}

/* Invariants of every plan: sorted by date; per-term kinds carry a term and
 * are unique per term; every other kind has no term and at most one entry. */
static void
check_shape(const char *ctx, const struct milestone_list *l)
{
	bool sorted = true, terms_ok = true, unique = true;
	char what[200];

	for (size_t i = 0; i < l->count; i++) {
		const struct milestone *m = &l->items[i];

		if (i > 0 && l->items[i - 1].date > m->date)
			sorted = false;
		if (per_term(m->kind) ? m->term_end == DATE_NONE :
		    m->term_end != DATE_NONE)
			terms_ok = false;
		for (size_t j = i + 1; j < l->count; j++)
			if (l->items[j].kind == m->kind &&
			    l->items[j].term_end == m->term_end)
				unique = false;
	}
	snprintf(what, sizeof what, "%s: sorted by date", ctx);
	CHECK(sorted, what);
	snprintf(what, sizeof what, "%s: only per-term kinds carry a term_end", ctx);
	CHECK(terms_ok, what);
	snprintf(what, sizeof what, "%s: each kind (and term) appears once", ctx);
	CHECK(unique, what);
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

int
main(void)
{
	test_names();
	test_worked_example();
	test_external();
	test_seconded();
	test_serving();
	test_indefinite();
	test_twin_grades();
	test_age_limit();
	test_conversion_projection();
	test_renewed();
	test_not_renewed();
	test_conversion_requested();
	test_converted();
	test_separated();
	test_refusals();
	test_revocation();
	test_overdue();
	test_multi_renewal();
	test_closing();
	test_acknowledged();
	return tap_done();
}
