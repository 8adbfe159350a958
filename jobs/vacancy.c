#include "vacancy.h"

#include <stdlib.h>

void
vacancy_free(struct vacancy *v)
{
	if (v == NULL)
		return;
	free(v->reference);
	free(v->title);
	for (size_t i = 0; i < v->post_count; i++) {
		free(v->posts[i].title);
		free(v->posts[i].grade);
		free(v->posts[i].post_number);
	}
	free(v->posts);
	free(v->location);
	free(v->nato_body);
	free(v->schedule);
	free(v->salary_amount);
	free(v->salary_currency);
	free(v->salary_basis);
	free(v->grade_min);
	free(v->grade_max);
	free(v->clearance);
	failure_list_free(&v->warnings);
	free(v);
}

static void
vacancy_policy_overlay(const struct vacancy_contract *c, struct policy *out)
{
	if (c->stated & VACANCY_STATED_INITIAL)
		out->initial_term_months = c->initial_term_months;
	if (c->stated & VACANCY_STATED_RENEWAL)
		out->renewal_term_months = c->renewal_term_months;
	if (c->stated & VACANCY_STATED_MAX_SERVICE)
		out->max_service_months = c->max_service_months;
	if (c->stated & VACANCY_STATED_CONVERSION)
		out->conversion_allowed = c->conversion_allowed;
	if (c->stated & VACANCY_STATED_CONVERSION_DEADLINE)
		out->conversion_deadline_months = c->conversion_deadline_months;
	if (c->stated & VACANCY_STATED_NATIONAL_AGREEMENT)
		out->seconded_national_agreement =
		    c->seconded_national_agreement;
}

/* Only what section 6 states replaces a default: a notice that is silent
 * on a term leaves the configured number in force (its warning says so).
 * A clause with no stated bits at all was rebuilt from its JSON, where
 * every term is explicit: it is taken whole. */
void
vacancy_policy(const struct vacancy *v, const struct policy *defaults,
    struct policy *out)
{
	struct vacancy_contract c;

	*out = *defaults;
	if (v == NULL || !v->has_contract)
		return;
	c = v->contract;
	if (c.stated == 0) {
		c.stated = VACANCY_STATED_CONVERSION |
		    VACANCY_STATED_NATIONAL_AGREEMENT |
		    VACANCY_STATED_MAX_SERVICE |
		    VACANCY_STATED_CONVERSION_DEADLINE;
		/* The policy has no "none" for these two. */
		if (c.initial_term_months > 0)
			c.stated |= VACANCY_STATED_INITIAL;
		if (c.renewal_term_months > 0)
			c.stated |= VACANCY_STATED_RENEWAL;
	}
	vacancy_policy_overlay(&c, out);
	/* An initial term longer than the default maximum (the notice states
	 * none) is served in full: the maximum cannot cut it short. */
	if (out->max_service_months != POLICY_NONE &&
	    out->max_service_months < out->initial_term_months)
		out->max_service_months = out->initial_term_months;
}
