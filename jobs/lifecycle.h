/* The milestone engine (SPEC section 4): from a contract's terms and its
 * decision log, every milestone with its date and status. Pure: the same
 * input always gives the same milestones, and revoking a decision is simply
 * planning again without it. */
#ifndef TENURED_LIFECYCLE_H
#define TENURED_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "failure.h"
#include "policy.h"

enum staff_type {
	STAFF_EXTERNAL,
	STAFF_SECONDED,
	STAFF_SERVING,
};

enum milestone_kind {
	MS_CONTRACT_START,
	MS_PROBATION_END,
	MS_RENEWAL_DECISION_DUE,
	MS_NATIONAL_AGREEMENT_DUE,
	MS_INITIAL_TERM_END,
	MS_CONVERSION_WINDOW_OPENS,
	MS_CONVERSION_REQUEST_DEADLINE,
	MS_CONTRACT_END,
	MS_MAX_SERVICE_END,
	MS_GRADE_ADVANCEMENT_ELIGIBLE,
	MS_GRADE_ADVANCEMENT_EARLIEST,
	MS_AGE_LIMIT,
	MS_APPLICATION_DEADLINE,
	MS_KIND_COUNT,
};

enum milestone_status {
	MS_SCHEDULED,
	MS_PROJECTED,
	MS_DONE,
	MS_CANCELLED,
};

enum decision_type {
	DECISION_RENEWED,
	DECISION_NOT_RENEWED,
	DECISION_CONVERSION_REQUESTED,
	DECISION_CONVERTED,
	DECISION_SEPARATED,
	DECISION_ACKNOWLEDGED,
};

/* What the rules read of a contract. */
struct contract_terms {
	int32_t start;
	enum staff_type staff_type;
	bool indefinite;
	bool twin_graded;
	int32_t birth_date;		/* DATE_NONE when unknown */
	struct policy policy;
};

struct decision {
	int64_t id;
	enum decision_type type;
	int32_t date;			/* DATE_NONE for renewed */
	int32_t until;			/* renewed only, else DATE_NONE */
	char *reason;			/* separated and acknowledged */
	enum milestone_kind kind;	/* acknowledged only: which decision */
	int64_t recorded_at;
	char *recorded_by;
	int64_t revoked_at;		/* 0 while in force */
	char *revoked_by;
};

struct milestone {
	enum milestone_kind kind;
	int32_t date;
	/* The term a per-term decision milestone belongs to; DATE_NONE for
	 * every other kind. Together with kind it identifies the milestone. */
	int32_t term_end;
	int64_t at;			/* instant of timed milestones, else 0 */
	enum milestone_status status;
};

struct milestone_list {
	struct milestone *items;
	size_t count;
	size_t cap;
};

const char *milestone_kind_name(enum milestone_kind kind);
int         milestone_kind_parse(const char *name, enum milestone_kind *out);
const char *milestone_status_name(enum milestone_status status);
int         milestone_status_parse(const char *name, enum milestone_status *out);
const char *decision_type_name(enum decision_type type);
int         decision_type_parse(const char *name, enum decision_type *out);
const char *staff_type_name(enum staff_type type);
int         staff_type_parse(const char *name, enum staff_type *out);

/* Decision milestones are the ones a decision marks done. */
bool milestone_kind_is_decision(enum milestone_kind kind);
/* A decision milestone still waiting for its decision after its date. */
bool milestone_overdue(const struct milestone *m, int32_t today);

void milestone_list_init(struct milestone_list *l);
void milestone_list_free(struct milestone_list *l);
struct milestone *milestone_list_find(const struct milestone_list *l,
    enum milestone_kind kind, int32_t term_end);

/*
 * Plans the milestones of a contract given the decisions in force (revoked
 * ones left out), in the order they were recorded. Each decision is checked
 * against the state the earlier ones left: the first that is refused stops
 * planning with a FAILURE_CONFLICT (or FAILURE_INVALID_FIELD for a missing or
 * malformed value) naming it. The result is sorted by date.
 */
int lifecycle_plan(const struct contract_terms *c, const struct decision *log,
    size_t count, struct milestone_list *out, struct failure *f);

#endif
