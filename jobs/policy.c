#include "policy.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KEY(n, t) { #n, t, offsetof(struct policy, n) }

const struct policy_key policy_keys[] = {
	KEY(probation_months, POLICY_MONTHS),
	KEY(initial_term_months, POLICY_MONTHS),
	KEY(renewal_term_months, POLICY_MONTHS),
	KEY(max_service_months, POLICY_MONTHS_OR_NONE),
	KEY(conversion_allowed, POLICY_FLAG),
	KEY(conversion_deadline_months, POLICY_MONTHS_OR_NONE),
	KEY(seconded_national_agreement, POLICY_FLAG),
	KEY(renewal_lead_months, POLICY_MONTHS),
	KEY(national_agreement_lead_months, POLICY_MONTHS),
	KEY(twin_grade_months, POLICY_MONTHS),
	KEY(twin_grade_reduction_months, POLICY_MONTHS),
	KEY(age_limit_years, POLICY_YEARS),
};
const unsigned policy_key_count = sizeof policy_keys / sizeof policy_keys[0];

/* Longest month count accepted: a century, far beyond any career. */
#define POLICY_MONTHS_MAX 1200

void
policy_default(struct policy *p)
{
	*p = (struct policy){
		.probation_months = 6,
		.initial_term_months = 36,
		.renewal_term_months = 36,
		.max_service_months = 72,
		.conversion_allowed = true,
		.conversion_deadline_months = 12,
		.seconded_national_agreement = true,
		.renewal_lead_months = 6,
		.national_agreement_lead_months = 9,
		.twin_grade_months = 36,
		.twin_grade_reduction_months = 24,
		.age_limit_years = 65,
	};
}

const struct policy_key *
policy_key_find(const char *name)
{
	for (unsigned i = 0; i < policy_key_count; i++) {
		if (strcmp(policy_keys[i].name, name) == 0)
			return &policy_keys[i];
	}
	return NULL;
}

int
policy_get_int(const struct policy *p, const struct policy_key *k)
{
	const char *base = (const char *)p + k->offset;

	if (k->type == POLICY_FLAG)
		return *(const bool *)base ? 1 : 0;
	return *(const int *)base;
}

void
policy_set_int(struct policy *p, const struct policy_key *k, int value)
{
	char *base = (char *)p + k->offset;

	if (k->type == POLICY_FLAG)
		*(bool *)base = value != 0;
	else
		*(int *)base = value;
}

int
policy_set(struct policy *p, const char *key, const char *value,
    struct failure *f)
{
	const struct policy_key *k = policy_key_find(key);
	char *end;
	long n;

	if (k == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, key,
		    "unknown policy key");
	if (k->type == POLICY_FLAG) {
		if (strcasecmp(value, "true") == 0 || strcasecmp(value, "yes") == 0 ||
		    strcmp(value, "1") == 0)
			policy_set_int(p, k, 1);
		else if (strcasecmp(value, "false") == 0 ||
		    strcasecmp(value, "no") == 0 || strcmp(value, "0") == 0)
			policy_set_int(p, k, 0);
		else
			return failure_set(f, FAILURE_INVALID_FIELD, key,
			    "expected true or false, got \"%s\"", value);
		return 0;
	}
	if (k->type == POLICY_MONTHS_OR_NONE && strcasecmp(value, "none") == 0) {
		policy_set_int(p, k, POLICY_NONE);
		return 0;
	}
	errno = 0;
	n = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || n < 0 ||
	    n > POLICY_MONTHS_MAX)
		return failure_set(f, FAILURE_INVALID_FIELD, key,
		    "expected a whole number from 0 to %d%s, got \"%s\"",
		    POLICY_MONTHS_MAX,
		    k->type == POLICY_MONTHS_OR_NONE ? " or none" : "", value);
	policy_set_int(p, k, (int)n);
	return 0;
}

int
policy_validate(const struct policy *p, struct failure *f)
{
	if (p->initial_term_months < 1)
		return failure_set(f, FAILURE_INVALID_FIELD, "initial_term_months",
		    "the initial term must last at least one month");
	if (p->renewal_term_months < 1)
		return failure_set(f, FAILURE_INVALID_FIELD, "renewal_term_months",
		    "a renewal must last at least one month");
	if (p->twin_grade_reduction_months > p->twin_grade_months)
		return failure_set(f, FAILURE_INVALID_FIELD,
		    "twin_grade_reduction_months",
		    "the reduction cannot exceed twin_grade_months (%d)",
		    p->twin_grade_months);
	if (p->age_limit_years < 1 || p->age_limit_years > 100)
		return failure_set(f, FAILURE_INVALID_FIELD, "age_limit_years",
		    "expected a number of years from 1 to 100");
	if (p->max_service_months != POLICY_NONE &&
	    p->max_service_months < p->initial_term_months)
		return failure_set(f, FAILURE_INVALID_FIELD, "max_service_months",
		    "the maximum period of service is shorter than the initial term");
	return 0;
}
