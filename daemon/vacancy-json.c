#include "vacancy-json.h"

#include <stdlib.h>
#include <string.h>

#include "contract-json.h"
#include "policy.h"


static json_t *
months_or_null(int months)
{
	return months == POLICY_NONE ? json_null() : json_integer(months);
}

static json_t *
post_to_json(const struct vacancy_post *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "title", text_to_json(p->title));
	json_object_set_new(o, "grade", text_to_json(p->grade));
	json_object_set_new(o, "twin_graded", json_boolean(p->twin_graded));
	json_object_set_new(o, "post_number", text_to_json(p->post_number));
	json_object_set_new(o, "pending_budget_approval",
	    json_boolean(p->pending_budget_approval));
	return o;
}

static json_t *
clause_to_json(const struct vacancy *v)
{
	const struct vacancy_contract *c = &v->contract;
	json_t *o;

	if (!v->has_contract)
		return json_null();
	o = json_object();
	json_object_set_new(o, "initial_term_months",
	    months_or_null(c->initial_term_months));
	json_object_set_new(o, "renewal_term_months",
	    months_or_null(c->renewal_term_months));
	json_object_set_new(o, "max_service_months",
	    months_or_null(c->max_service_months));
	json_object_set_new(o, "conversion_allowed",
	    json_boolean(c->conversion_allowed));
	json_object_set_new(o, "conversion_deadline_months",
	    months_or_null(c->conversion_deadline_months));
	json_object_set_new(o, "seconded_national_agreement",
	    json_boolean(c->seconded_national_agreement));
	return o;
}

json_t *
vacancy_to_json(const struct vacancy *v)
{
	json_t *o = json_object(), *posts = json_array(), *warnings = json_array();
	json_t *salary = json_null();

	json_object_set_new(o, "reference", text_to_json(v->reference));
	json_object_set_new(o, "title", text_to_json(v->title));
	for (size_t i = 0; i < v->post_count; i++)
		json_array_append_new(posts, post_to_json(&v->posts[i]));
	json_object_set_new(o, "posts", posts);
	json_object_set_new(o, "location", text_to_json(v->location));
	json_object_set_new(o, "nato_body", text_to_json(v->nato_body));
	json_object_set_new(o, "schedule", text_to_json(v->schedule));
	json_object_set_new(o, "application_deadline",
	    instant_to_json(v->application_deadline, VACANCY_TIMEZONE));
	json_object_set_new(o, "deadline_fr",
	    instant_to_json(v->deadline_fr, VACANCY_TIMEZONE));
	if (v->salary_amount != NULL || v->salary_currency != NULL ||
	    v->salary_basis != NULL)
		salary = json_pack("{s:o, s:o, s:o}",
		    "amount", text_to_json(v->salary_amount),
		    "currency", text_to_json(v->salary_currency),
		    "basis", text_to_json(v->salary_basis));
	json_object_set_new(o, "salary", salary);
	json_object_set_new(o, "grade", json_pack("{s:o, s:o, s:b}",
	    "min", text_to_json(v->grade_min), "max", text_to_json(v->grade_max),
	    "twin_graded", v->grade_twin_graded));
	json_object_set_new(o, "clearance", text_to_json(v->clearance));
	json_object_set_new(o, "pending_budget_approval",
	    json_boolean(v->pending_budget_approval));
	json_object_set_new(o, "contract", clause_to_json(v));
	for (size_t i = 0; i < v->warnings.count; i++)
		json_array_append_new(warnings, json_pack("{s:s?, s:s}",
		    "field", v->warnings.items[i].field[0] ?
		    v->warnings.items[i].field : NULL,
		    "message", v->warnings.items[i].message));
	json_object_set_new(o, "warnings", warnings);
	return o;
}

static int
months(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int)json_integer_value(v) : POLICY_NONE;
}

int
vacancy_terms_from_json(const char *data, int post, struct vacancy_terms *out,
    struct failure *f)
{
	json_t *root = json_loads(data, 0, NULL), *clause, *posts, *p;

	memset(out, 0, sizeof *out);
	if (!json_is_object(root)) {
		json_decref(root);
		return failure_set(f, FAILURE_INTERNAL, "vacancy",
		    "the stored vacancy cannot be read");
	}
	clause = json_object_get(root, "contract");
	if (json_is_object(clause)) {
		out->has_clause = true;
		out->clause.initial_term_months =
		    months(clause, "initial_term_months");
		out->clause.renewal_term_months =
		    months(clause, "renewal_term_months");
		out->clause.max_service_months = months(clause, "max_service_months");
		out->clause.conversion_allowed =
		    json_is_true(json_object_get(clause, "conversion_allowed"));
		out->clause.conversion_deadline_months =
		    months(clause, "conversion_deadline_months");
		out->clause.seconded_national_agreement = json_is_true(
		    json_object_get(clause, "seconded_national_agreement"));
	}
	posts = json_object_get(root, "posts");
	out->post_count = json_array_size(posts);
	if (post > 0) {
		if ((size_t)post > out->post_count) {
			json_decref(root);
			return failure_set(f, FAILURE_INVALID_FIELD, "post",
			    "the vacancy has %zu post%s", out->post_count,
			    out->post_count == 1 ? "" : "s");
		}
		p = json_array_get(posts, (size_t)post - 1);
		if (json_is_string(json_object_get(p, "grade")))
			out->grade = strdup(json_string_value(
			    json_object_get(p, "grade")));
		out->twin_graded = json_is_true(json_object_get(p, "twin_graded"));
	}
	json_decref(root);
	return 0;
}

void
vacancy_terms_clear(struct vacancy_terms *t)
{
	free(t->grade);
	memset(t, 0, sizeof *t);
}
