/* What the milestone engine's tests share (SPEC section 4): the SPEC's names
 * of milestone kinds, contracts and decisions built from written dates, and
 * the checks that plan a contract through lifecycle_plan() and compare each
 * milestone with a date and status written out by hand; every plan is also
 * checked for its shape (sorted, one entry per kind and term). */
#ifndef TENURED_LIFECYCLE_FIXTURE_H
#define TENURED_LIFECYCLE_FIXTURE_H

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

static inline const char *
kname(enum milestone_kind k)
{
	return (unsigned)k < MS_KIND_COUNT ? kind_names[k] : "(bad kind)";
}

static inline const char *
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

static inline int32_t
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

static inline struct contract_terms
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

static inline struct decision
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

static inline struct decision
renewed(const char *until)
{
	return decision(DECISION_RENEWED, DATE_NONE, D(until), NULL);
}

static inline struct decision
not_renewed(const char *on)
{
	return decision(DECISION_NOT_RENEWED, D(on), DATE_NONE, NULL);
}

static inline struct decision
conversion_requested(const char *on)
{
	return decision(DECISION_CONVERSION_REQUESTED, D(on), DATE_NONE, NULL);
}

static inline struct decision
converted(const char *on)
{
	return decision(DECISION_CONVERTED, D(on), DATE_NONE, NULL);
}

static char resignation[] = "resignation";

static inline struct decision
separated(const char *on)
{
	return decision(DECISION_SEPARATED, D(on), DATE_NONE, resignation);
}

/* ---- planning and checking ---- */

static void check_shape(const char *ctx, const struct milestone_list *l);

/* Plans and checks that planning succeeded; the list is always initialised
 * and must be freed. */
static inline int
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
static inline void
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

static inline const struct milestone *
find(const struct milestone_list *l, enum milestone_kind k)
{
	return milestone_list_find(l, k, DATE_NONE);
}

static inline const struct milestone *
find_term(const struct milestone_list *l, enum milestone_kind k, const char *term)
{
	return milestone_list_find(l, k, D(term));
}

static inline bool
per_term(enum milestone_kind k)
{
	return k == MS_RENEWAL_DECISION_DUE || k == MS_NATIONAL_AGREEMENT_DUE;
}

static inline void
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
static inline void
expect(const char *ctx, const struct milestone_list *l, enum milestone_kind k,
    const char *date, enum milestone_status st)
{
	expect_m(ctx, find(l, k), k, NULL, date, st);
}

/* A per-term decision milestone. */
static inline void
expect_t(const char *ctx, const struct milestone_list *l, enum milestone_kind k,
    const char *term, const char *date, enum milestone_status st)
{
	expect_m(ctx, find_term(l, k, term), k, term, date, st);
}

static inline void
expect_status(const char *ctx, const struct milestone_list *l,
    enum milestone_kind k, enum milestone_status st)
{
	const struct milestone *m = find(l, k);
	char what[200];

	snprintf(what, sizeof what, "%s: %s is %s", ctx, kname(k), sname(st));
	CHECK_STR(m ? sname(m->status) : "(missing)", sname(st), what);
}

static inline size_t
count_kind(const struct milestone_list *l, enum milestone_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].kind == k)
			n++;
	return n;
}

static inline void
expect_none(const char *ctx, const struct milestone_list *l,
    enum milestone_kind k)
{
	char what[200];

	snprintf(what, sizeof what, "%s: no %s", ctx, kname(k));
	CHECK_INT(count_kind(l, k), 0, what);
}

static inline void
expect_no_term(const char *ctx, const struct milestone_list *l,
    enum milestone_kind k, const char *term)
{
	char what[200];

	snprintf(what, sizeof what, "%s: no %s for the term ending %s", ctx,
	    kname(k), term);
	CHECK(find_term(l, k, term) == NULL, what);
}

static inline void
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
static inline void
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

#endif
