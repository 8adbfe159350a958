#include "lifecycle.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "date.h"

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

static const char *const status_names[] = {
	[MS_SCHEDULED] = "scheduled",
	[MS_PROJECTED] = "projected",
	[MS_DONE] = "done",
	[MS_CANCELLED] = "cancelled",
};

static const char *const decision_names[] = {
	[DECISION_RENEWED] = "renewed",
	[DECISION_NOT_RENEWED] = "not_renewed",
	[DECISION_CONVERSION_REQUESTED] = "conversion_requested",
	[DECISION_CONVERTED] = "converted",
	[DECISION_SEPARATED] = "separated",
	[DECISION_ACKNOWLEDGED] = "acknowledged",
};

static const char *const staff_names[] = {
	[STAFF_EXTERNAL] = "external",
	[STAFF_SECONDED] = "seconded",
	[STAFF_SERVING] = "serving",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
name_lookup(const char *const *names, size_t n, const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return (int)i;
	}
	return -1;
}

#define NAME_FUNCS(prefix, type, names)					\
const char *								\
prefix##_name(type v)							\
{									\
	return (size_t)v < NELEM(names) ? names[v] : "unknown";		\
}									\
int									\
prefix##_parse(const char *name, type *out)				\
{									\
	int i = name_lookup(names, NELEM(names), name);			\
	if (i < 0)							\
		return -1;						\
	*out = (type)i;							\
	return 0;							\
}

NAME_FUNCS(milestone_kind, enum milestone_kind, kind_names)
NAME_FUNCS(milestone_status, enum milestone_status, status_names)
NAME_FUNCS(decision_type, enum decision_type, decision_names)
NAME_FUNCS(staff_type, enum staff_type, staff_names)

bool
milestone_kind_is_decision(enum milestone_kind kind)
{
	return kind == MS_RENEWAL_DECISION_DUE ||
	    kind == MS_NATIONAL_AGREEMENT_DUE ||
	    kind == MS_CONVERSION_REQUEST_DEADLINE;
}

bool
milestone_overdue(const struct milestone *m, int32_t today)
{
	return milestone_kind_is_decision(m->kind) &&
	    m->status == MS_SCHEDULED && m->date < today;
}

void
milestone_list_init(struct milestone_list *l)
{
	memset(l, 0, sizeof *l);
}

void
milestone_list_free(struct milestone_list *l)
{
	if (l == NULL)
		return;
	free(l->items);
	milestone_list_init(l);
}

struct milestone *
milestone_list_find(const struct milestone_list *l, enum milestone_kind kind,
    int32_t term_end)
{
	for (size_t i = 0; i < l->count; i++) {
		if (l->items[i].kind == kind && l->items[i].term_end == term_end)
			return &l->items[i];
	}
	return NULL;
}

/* Where planning stands after the decisions replayed so far. */
struct plan {
	const struct contract_terms *c;
	struct milestone_list *ms;
	int32_t initial_end;
	int32_t term_end;		/* E: end of the current term */
	int32_t cap;			/* max_service_end, or DATE_NONE */
	int32_t age_limit;		/* or DATE_NONE */
	int renewals;
	bool has_conversion;
	const struct decision *closed_by;	/* not_renewed or converted */
	const struct decision *separated;
	const struct decision *conversion_request;
};

static int
put(struct plan *p, enum milestone_kind kind, int32_t date, int32_t term_end,
    enum milestone_status status)
{
	struct milestone *m = milestone_list_find(p->ms, kind, term_end);

	if (m == NULL) {
		if (p->ms->count == p->ms->cap) {
			size_t cap = p->ms->cap ? p->ms->cap * 2 : 16;
			struct milestone *items = realloc(p->ms->items,
			    cap * sizeof *items);

			if (items == NULL)
				return -1;
			p->ms->items = items;
			p->ms->cap = cap;
		}
		m = &p->ms->items[p->ms->count++];
		*m = (struct milestone){ .kind = kind, .term_end = term_end };
	} else if (m->status == MS_DONE) {
		return 0;	/* a decision never changes a done milestone */
	}
	m->date = date;
	m->status = status;
	return 0;
}

static void
set_status(struct milestone *m, enum milestone_status status)
{
	if (m != NULL && m->status != MS_DONE)
		m->status = status;
}

static int32_t
earliest(int32_t a, int32_t b)
{
	if (a == DATE_NONE)
		return b;
	if (b == DATE_NONE)
		return a;
	return a < b ? a : b;
}

/* The first bound a renewal cannot cross: max service or the age limit. */
static int32_t
renewal_bound(const struct plan *p)
{
	return earliest(p->cap, p->age_limit);
}

static bool
renewal_possible(const struct plan *p, int32_t end)
{
	int32_t bound = renewal_bound(p);

	return bound == DATE_NONE || end < bound;
}

/* L(E): the longest renewal allowed after a term ending on end. */
static int32_t
longest_renewal(const struct plan *p, int32_t end)
{
	int32_t full = date_term_end(end + 1, p->c->policy.renewal_term_months);

	return earliest(full, renewal_bound(p));
}

static bool
needs_national_agreement(const struct contract_terms *c)
{
	return c->staff_type == STAFF_SECONDED && c->policy.seconded_national_agreement;
}

static int
plan_term_decisions(struct plan *p, int32_t end)
{
	const struct policy *pol = &p->c->policy;

	if (!renewal_possible(p, end))
		return 0;
	if (put(p, MS_RENEWAL_DECISION_DUE,
	    date_months_before(end, pol->renewal_lead_months), end,
	    MS_SCHEDULED) != 0)
		return -1;
	if (needs_national_agreement(p->c) &&
	    put(p, MS_NATIONAL_AGREEMENT_DUE,
	    date_months_before(end, pol->national_agreement_lead_months), end,
	    MS_SCHEDULED) != 0)
		return -1;
	return 0;
}

static void
mark_term_decisions_done(struct plan *p, int32_t end)
{
	struct milestone *m;

	if ((m = milestone_list_find(p->ms, MS_RENEWAL_DECISION_DUE, end)) != NULL)
		m->status = MS_DONE;
	if ((m = milestone_list_find(p->ms, MS_NATIONAL_AGREEMENT_DUE, end)) != NULL)
		m->status = MS_DONE;
}

/* Before a renewal the conversion milestones are only projected, measured
 * from the longest renewal the first term allows; after it, from the renewed
 * end. An empty window cancels both. */
static int
plan_conversion(struct plan *p)
{
	int32_t opens = p->initial_end + 1, base, deadline;
	enum milestone_status status;

	if (!p->has_conversion)
		return 0;
	base = p->renewals > 0 ? p->term_end : longest_renewal(p, p->initial_end);
	deadline = date_months_before(base,
	    p->c->policy.conversion_deadline_months);
	status = p->renewals > 0 ? MS_SCHEDULED : MS_PROJECTED;
	if (deadline < opens)
		status = MS_CANCELLED;
	if (put(p, MS_CONVERSION_WINDOW_OPENS, opens, DATE_NONE, status) != 0)
		return -1;
	return put(p, MS_CONVERSION_REQUEST_DEADLINE, deadline, DATE_NONE, status);
}

static int
plan_initial(struct plan *p)
{
	const struct contract_terms *c = p->c;
	const struct policy *pol = &c->policy;
	int32_t s = c->start;
	int err = 0;

	err |= put(p, MS_CONTRACT_START, s, DATE_NONE, MS_SCHEDULED);
	if (c->twin_graded) {
		err |= put(p, MS_GRADE_ADVANCEMENT_ELIGIBLE,
		    date_add_months(s, pol->twin_grade_months), DATE_NONE,
		    MS_SCHEDULED);
		if (c->staff_type == STAFF_EXTERNAL)
			err |= put(p, MS_GRADE_ADVANCEMENT_EARLIEST,
			    date_add_months(s, pol->twin_grade_months -
			    pol->twin_grade_reduction_months), DATE_NONE,
			    MS_SCHEDULED);
	}
	if (c->birth_date != DATE_NONE) {
		p->age_limit = date_last_of_month(date_add_months(c->birth_date,
		    12 * pol->age_limit_years));
		err |= put(p, MS_AGE_LIMIT, p->age_limit, DATE_NONE, MS_SCHEDULED);
	}
	if (c->indefinite)
		return err;

	if (c->staff_type != STAFF_SERVING)
		err |= put(p, MS_PROBATION_END,
		    date_term_end(s, pol->probation_months), DATE_NONE,
		    MS_SCHEDULED);
	p->initial_end = p->term_end = date_term_end(s, pol->initial_term_months);
	err |= put(p, MS_INITIAL_TERM_END, p->initial_end, DATE_NONE,
	    MS_SCHEDULED);
	if (pol->max_service_months != POLICY_NONE)
		p->cap = date_term_end(s, pol->max_service_months);
	else if (c->staff_type == STAFF_SECONDED)
		p->cap = date_term_end(s, POLICY_SECONDED_MAX_MONTHS);
	if (p->cap != DATE_NONE)
		err |= put(p, MS_MAX_SERVICE_END, p->cap, DATE_NONE, MS_SCHEDULED);
	err |= plan_term_decisions(p, p->term_end);
	p->has_conversion = c->staff_type != STAFF_SECONDED &&
	    pol->conversion_allowed &&
	    pol->conversion_deadline_months != POLICY_NONE;
	err |= plan_conversion(p);
	return err;
}

static void
cancel_after(struct plan *p, int32_t date)
{
	for (size_t i = 0; i < p->ms->count; i++) {
		if (p->ms->items[i].date > date)
			set_status(&p->ms->items[i], MS_CANCELLED);
	}
}

static void
cancel_kind(struct plan *p, enum milestone_kind kind)
{
	set_status(milestone_list_find(p->ms, kind, DATE_NONE), MS_CANCELLED);
}

static void
format_date(int32_t date, char buf[DATE_STRLEN])
{
	date_format(date, buf);
}

/* Refusals that depend on where the contract stands, not on the decision. */
static int
check_open(const struct plan *p, const struct decision *d, struct failure *f)
{
	char b[DATE_STRLEN];

	if (p->separated != NULL) {
		format_date(p->separated->date, b);
		return failure_set(f, FAILURE_CONFLICT, "type",
		    "the contract was separated on %s; revoke that decision "
		    "to record another", b);
	}
	if (d->type == DECISION_SEPARATED)
		return 0;
	if (p->c->indefinite)
		return failure_set(f, FAILURE_CONFLICT, "type",
		    "an indefinite contract can only be separated");
	if (p->closed_by != NULL)
		return failure_set(f, FAILURE_CONFLICT, "type",
		    "the contract is closed by %s; only separated can follow",
		    decision_type_name(p->closed_by->type));
	return 0;
}

static int
apply_renewed(struct plan *p, const struct decision *d, struct failure *f)
{
	char e[DATE_STRLEN], l[DATE_STRLEN];
	int32_t longest;

	if (d->until == DATE_NONE)
		return failure_set(f, FAILURE_INVALID_FIELD, "until",
		    "a renewal needs the date it runs until");
	format_date(p->term_end, e);
	if (!renewal_possible(p, p->term_end)) {
		format_date(renewal_bound(p), l);
		return failure_set(f, FAILURE_CONFLICT, "until",
		    "no renewal is possible after %s: the contract cannot run "
		    "past %s", e, l);
	}
	longest = longest_renewal(p, p->term_end);
	format_date(longest, l);
	if (d->until <= p->term_end)
		return failure_set(f, FAILURE_CONFLICT, "until",
		    "a renewal must run past the current term's end, %s", e);
	if (d->until > longest)
		return failure_set(f, FAILURE_CONFLICT, "until",
		    "the longest renewal allowed after %s runs until %s", e, l);

	mark_term_decisions_done(p, p->term_end);
	p->term_end = d->until;
	p->renewals++;
	if (put(p, MS_CONTRACT_END, d->until, DATE_NONE, MS_SCHEDULED) != 0 ||
	    plan_conversion(p) != 0 || plan_term_decisions(p, d->until) != 0)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	return 0;
}

/* A closed contract awaits no decision: whatever is not done is cancelled,
 * whatever its date, so an HR to-do list can empty. */
static void
cancel_open_decisions(struct plan *p)
{
	for (size_t i = 0; i < p->ms->count; i++) {
		if (milestone_kind_is_decision(p->ms->items[i].kind))
			set_status(&p->ms->items[i], MS_CANCELLED);
	}
}

static void
apply_not_renewed(struct plan *p, const struct decision *d)
{
	mark_term_decisions_done(p, p->term_end);
	cancel_open_decisions(p);
	cancel_after(p, p->term_end);
	cancel_kind(p, MS_CONVERSION_WINDOW_OPENS);
	cancel_kind(p, MS_CONVERSION_REQUEST_DEADLINE);
	cancel_kind(p, MS_MAX_SERVICE_END);
	p->closed_by = d;
}

static int
apply_conversion_requested(struct plan *p, const struct decision *d,
    struct failure *f)
{
	struct milestone *opens, *deadline;
	char a[DATE_STRLEN], b[DATE_STRLEN];

	if (!p->has_conversion)
		return failure_set(f, FAILURE_CONFLICT, "type",
		    "this contract's clause does not allow a request to convert "
		    "to an indefinite contract");
	if (p->renewals == 0)
		return failure_set(f, FAILURE_CONFLICT, "type",
		    "conversion can be requested only once a renewal is recorded");
	if (p->conversion_request != NULL) {
		format_date(p->conversion_request->date, a);
		return failure_set(f, FAILURE_CONFLICT, "type",
		    "conversion was already requested on %s", a);
	}
	opens = milestone_list_find(p->ms, MS_CONVERSION_WINDOW_OPENS, DATE_NONE);
	deadline = milestone_list_find(p->ms, MS_CONVERSION_REQUEST_DEADLINE,
	    DATE_NONE);
	if (opens == NULL || deadline == NULL || deadline->status == MS_CANCELLED)
		return failure_set(f, FAILURE_CONFLICT, "date",
		    "this contract has no conversion window");
	if (d->date < opens->date || d->date > deadline->date) {
		format_date(opens->date, a);
		format_date(deadline->date, b);
		return failure_set(f, FAILURE_CONFLICT, "date",
		    "a conversion request must fall inside the window, %s to %s",
		    a, b);
	}
	deadline->status = MS_DONE;
	p->conversion_request = d;
	return 0;
}

static int
apply_converted(struct plan *p, const struct decision *d, struct failure *f)
{
	if (p->c->staff_type == STAFF_SECONDED)
		return failure_set(f, FAILURE_CONFLICT, "type",
		    "seconded staff cannot convert to an indefinite contract");
	if (p->renewals == 0 && p->c->policy.max_service_months != POLICY_NONE)
		return failure_set(f, FAILURE_CONFLICT, "type",
		    "conversion needs a recorded renewal, or a post with no "
		    "maximum period of service");
	cancel_kind(p, MS_CONTRACT_END);
	cancel_kind(p, MS_MAX_SERVICE_END);
	cancel_open_decisions(p);
	p->closed_by = d;
	return 0;
}

static int
apply_separated(struct plan *p, const struct decision *d, struct failure *f)
{
	if (d->reason == NULL || d->reason[0] == '\0')
		return failure_set(f, FAILURE_INVALID_FIELD, "reason",
		    "a separation needs a reason");
	cancel_after(p, d->date);
	cancel_open_decisions(p);
	if (put(p, MS_CONTRACT_END, d->date, DATE_NONE, MS_SCHEDULED) != 0)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	p->separated = d;
	return 0;
}

/* What HR did outside a decision tenured knows: a national agreement
 * received, a conversion window that passed without a request, a decision
 * taken elsewhere. The earliest such milestone still scheduled is done. */
static int
apply_acknowledged(struct plan *p, const struct decision *d,
    struct failure *f)
{
	struct milestone *first = NULL;

	if (!milestone_kind_is_decision(d->kind))
		return failure_set(f, FAILURE_INVALID_FIELD, "kind",
		    "expected renewal_decision_due, national_agreement_due or "
		    "conversion_request_deadline");
	if (d->reason == NULL || d->reason[0] == '\0')
		return failure_set(f, FAILURE_INVALID_FIELD, "reason",
		    "say what was done: an acknowledgement needs a reason");
	for (size_t i = 0; i < p->ms->count; i++) {
		struct milestone *m = &p->ms->items[i];

		if (m->kind == d->kind && m->status == MS_SCHEDULED &&
		    (first == NULL || m->date < first->date))
			first = m;
	}
	if (first == NULL)
		return failure_set(f, FAILURE_CONFLICT, "kind",
		    "this contract has no %s waiting to be acknowledged",
		    milestone_kind_name(d->kind));
	first->status = MS_DONE;
	return 0;
}

static int
apply(struct plan *p, const struct decision *d, struct failure *f)
{
	char s[DATE_STRLEN];

	if (check_open(p, d, f) != 0)
		return -1;
	if (d->type != DECISION_RENEWED && d->type != DECISION_ACKNOWLEDGED) {
		if (d->date == DATE_NONE)
			return failure_set(f, FAILURE_INVALID_FIELD, "date",
			    "%s needs a date", decision_type_name(d->type));
		if (d->date < p->c->start) {
			format_date(p->c->start, s);
			return failure_set(f, FAILURE_INVALID_FIELD, "date",
			    "the date is before the contract start, %s", s);
		}
	}
	switch (d->type) {
	case DECISION_RENEWED:
		return apply_renewed(p, d, f);
	case DECISION_NOT_RENEWED:
		apply_not_renewed(p, d);
		return 0;
	case DECISION_CONVERSION_REQUESTED:
		return apply_conversion_requested(p, d, f);
	case DECISION_CONVERTED:
		return apply_converted(p, d, f);
	case DECISION_SEPARATED:
		return apply_separated(p, d, f);
	case DECISION_ACKNOWLEDGED:
		return apply_acknowledged(p, d, f);
	}
	return failure_set(f, FAILURE_INVALID_FIELD, "type", "unknown decision");
}

static int
milestone_cmp(const void *a, const void *b)
{
	const struct milestone *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->term_end < y->term_end ? -1 : x->term_end > y->term_end;
}

int
lifecycle_plan(const struct contract_terms *c, const struct decision *log,
    size_t count, struct milestone_list *out, struct failure *f)
{
	struct plan p = {
		.c = c, .ms = out, .cap = DATE_NONE, .age_limit = DATE_NONE,
		.initial_end = DATE_NONE, .term_end = DATE_NONE,
	};

	out->count = 0;
	if (plan_initial(&p) != 0)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	for (size_t i = 0; i < count; i++) {
		if (apply(&p, &log[i], f) != 0) {
			if (log[i].id != 0) {
				char msg[sizeof f->message];

				memcpy(msg, f->message, sizeof msg);
				snprintf(f->message, sizeof f->message,
				    "decision %lld (%.24s) no longer holds: %.180s",
				    (long long)log[i].id,
				    decision_type_name(log[i].type), msg);
			}
			return -1;
		}
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof *out->items, milestone_cmp);
	return 0;
}
