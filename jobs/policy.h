/* The contract policy: the numbers of a vacancy notice's section 6 and the
 * lead times HR works to. Defaults come from [policy]; a contract copies the
 * policy in force when it is created and keeps it. */
#ifndef TENURED_POLICY_H
#define TENURED_POLICY_H

#include <stdbool.h>

#include "failure.h"

/* A month count that does not apply, e.g. no maximum period of service. */
#define POLICY_NONE (-1)

struct policy {
	int probation_months;
	int initial_term_months;
	int renewal_term_months;
	int max_service_months;			/* POLICY_NONE: no maximum */
	bool conversion_allowed;
	int conversion_deadline_months;		/* POLICY_NONE: not set */
	bool seconded_national_agreement;
	int renewal_lead_months;
	int national_agreement_lead_months;
	int twin_grade_months;
	int twin_grade_reduction_months;
	int age_limit_years;
};

/* One row per key: its name and where it lives in struct policy. */
struct policy_key {
	const char *name;
	enum { POLICY_MONTHS, POLICY_MONTHS_OR_NONE, POLICY_FLAG, POLICY_YEARS } type;
	unsigned offset;
};

extern const struct policy_key policy_keys[];
extern const unsigned policy_key_count;

void policy_default(struct policy *p);
const struct policy_key *policy_key_find(const char *name);
/* Sets one key from its text form ("36", "none", "true"); the failure names
 * the key. */
int  policy_set(struct policy *p, const char *key, const char *value,
         struct failure *f);
/* Integer form of a key, for storage: flags are 0/1, "none" is POLICY_NONE. */
int  policy_get_int(const struct policy *p, const struct policy_key *k);
void policy_set_int(struct policy *p, const struct policy_key *k, int value);
/* Checks that the numbers make a workable contract. */
int  policy_validate(const struct policy *p, struct failure *f);
/* Seconded staff are held to 72 months even on posts without a maximum. */
#define POLICY_SECONDED_MAX_MONTHS 72

#endif
