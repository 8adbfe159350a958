/* A vacancy as read from a published notice (SPEC section 3). Strings are
 * owned (malloc'd) or NULL when the notice does not give them. */
#ifndef TENURED_VACANCY_H
#define TENURED_VACANCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "failure.h"
#include "policy.h"

struct vacancy_post {
	char *title;
	char *grade;			/* as written: "G17" or "G17-G20" */
	bool twin_graded;		/* a grade range */
	char *post_number;		/* "OCIO0013"; NULL for placeholders */
	bool pending_budget_approval;
};

/* Which terms section 6 actually states. A term it does not state holds
 * the built-in default (with a warning), so the clause reads right on its
 * own, e.g. as JSON where null means "does not apply"; vacancy_policy()
 * lets the configured default win for it. A clause rebuilt from JSON has
 * no bits set and is taken whole. */
enum vacancy_stated {
	VACANCY_STATED_INITIAL = 1 << 0,
	VACANCY_STATED_RENEWAL = 1 << 1,
	VACANCY_STATED_MAX_SERVICE = 1 << 2,
	VACANCY_STATED_CONVERSION = 1 << 3,
	VACANCY_STATED_CONVERSION_DEADLINE = 1 << 4,
	VACANCY_STATED_NATIONAL_AGREEMENT = 1 << 5,
};

/* Section 6 of the notice, in months; POLICY_NONE where it does not apply
 * (no maximum period of service, no conversion deadline). */
struct vacancy_contract {
	int initial_term_months;
	int renewal_term_months;
	int max_service_months;
	bool conversion_allowed;
	int conversion_deadline_months;
	bool seconded_national_agreement;
	unsigned stated;		/* enum vacancy_stated bits */
};

struct vacancy {
	char *reference;		/* "250914" */
	char *title;
	struct vacancy_post *posts;
	size_t post_count;
	int posts_announced;		/* the title's "(3 posts)", or 0 */
	char *location;
	char *nato_body;
	char *schedule;
	int64_t application_deadline;	/* instant (UTC seconds) */
	int64_t deadline_fr;		/* the French half's, or 0 */
	char *salary_amount;		/* "5043.00" */
	char *salary_currency;		/* "EUR" */
	char *salary_basis;		/* "Monthly" */
	char *grade_min;
	char *grade_max;
	bool grade_twin_graded;
	char *clearance;
	bool pending_budget_approval;
	bool has_contract;		/* false: no section 6 */
	struct vacancy_contract contract;
	/* One per missing optional field or disagreement: field + message. */
	struct failure_list warnings;
};

/* The notices' deadlines are Brussels (NATO HQ) time. */
#define VACANCY_TIMEZONE "Europe/Brussels"

void vacancy_free(struct vacancy *v);
/* The policy a contract on this vacancy gets: the defaults with the
 * notice's clause laid over them. */
void vacancy_policy(const struct vacancy *v, const struct policy *defaults,
        struct policy *out);

#endif
