#include "contract.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"

struct contract *
contract_new(void)
{
	struct contract *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->terms.start = DATE_NONE;
	c->terms.birth_date = DATE_NONE;
	policy_default(&c->terms.policy);
	return c;
}

void
decision_clear(struct decision *d)
{
	free(d->reason);
	free(d->recorded_by);
	free(d->revoked_by);
	memset(d, 0, sizeof *d);
}

void
contract_free(struct contract *c)
{
	if (c == NULL)
		return;
	free(c->name);
	free(c->email);
	free(c->manager_email);
	free(c->unit);
	free(c->vacancy);
	free(c->post_title);
	free(c->grade);
	for (size_t i = 0; i < c->decision_count; i++)
		decision_clear(&c->decisions[i]);
	free(c->decisions);
	free(c);
}

bool
contract_text_ok(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0';
	    p++) {
		if (*p < 0x20 || *p == 0x7F ||
		    (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return false;
	}
	return true;
}

int
contract_email_valid(const char *email)
{
	const char *at, *dot;

	if (email == NULL || strlen(email) > 254 || !contract_text_ok(email))
		return 0;
	for (const char *p = email; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' ||
		    *p == ',' || *p == ';' || *p == '"')
			return 0;
	}
	at = strchr(email, '@');
	if (at == NULL || at == email || strchr(at + 1, '@') != NULL)
		return 0;
	dot = strrchr(at + 1, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

static int
text_ok(const char *field, const char *value, struct failure *f)
{
	if (value != NULL && strlen(value) > CONTRACT_TEXT_MAX)
		return failure_set(f, FAILURE_INVALID_FIELD, field,
		    "longer than %d bytes", CONTRACT_TEXT_MAX);
	if (value != NULL && !contract_text_ok(value))
		return failure_set(f, FAILURE_INVALID_FIELD, field,
		    "contains a control character");
	return 0;
}

int
contract_validate(const struct contract *c, struct failure *f)
{
	if (c->name == NULL || c->name[0] == '\0')
		return failure_set(f, FAILURE_INVALID_FIELD, "name",
		    "a name is required");
	if (strlen(c->name) > CONTRACT_NAME_MAX)
		return failure_set(f, FAILURE_INVALID_FIELD, "name",
		    "longer than %d bytes", CONTRACT_NAME_MAX);
	if (!contract_text_ok(c->name))
		return failure_set(f, FAILURE_INVALID_FIELD, "name",
		    "contains a control character");
	if (c->email == NULL || c->email[0] == '\0')
		return failure_set(f, FAILURE_INVALID_FIELD, "email",
		    "an email address is required");
	if (!contract_email_valid(c->email))
		return failure_set(f, FAILURE_INVALID_FIELD, "email",
		    "not an email address");
	if (c->manager_email != NULL && !contract_email_valid(c->manager_email))
		return failure_set(f, FAILURE_INVALID_FIELD, "manager_email",
		    "not an email address");
	if (text_ok("unit", c->unit, f) || text_ok("vacancy", c->vacancy, f) ||
	    text_ok("post_title", c->post_title, f) ||
	    text_ok("grade", c->grade, f))
		return -1;
	if (c->post < 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "post",
		    "a post number counts from 1");
	if (c->terms.start == DATE_NONE)
		return failure_set(f, FAILURE_INVALID_FIELD, "start",
		    "a start date is required");
	if (c->terms.birth_date != DATE_NONE &&
	    c->terms.birth_date >= c->terms.start)
		return failure_set(f, FAILURE_INVALID_FIELD, "birth_date",
		    "the birth date must be before the start");
	if (c->terms.indefinite && c->terms.staff_type != STAFF_SERVING)
		return failure_set(f, FAILURE_INVALID_FIELD, "indefinite",
		    "only serving staff can already hold an indefinite contract");
	return policy_validate(&c->terms.policy, f);
}

int
contract_check_dates(const struct contract *c, int32_t today,
    struct failure *f)
{
	const struct contract_terms *t = &c->terms;
	int32_t first = date_from_ymd(CONTRACT_FIRST_YEAR, 1, 1);
	int32_t last = date_add_months(today, 12 * CONTRACT_YEARS_AHEAD);
	char b[DATE_STRLEN];

	if (t->start != DATE_NONE && t->start < first)
		return failure_set(f, FAILURE_INVALID_FIELD, "start",
		    "a start before %d-01-01 is surely a typing mistake",
		    CONTRACT_FIRST_YEAR);
	if (t->start != DATE_NONE && t->start > last) {
		date_format(last, b);
		return failure_set(f, FAILURE_INVALID_FIELD, "start",
		    "a start more than %d years ahead (after %s) is surely a "
		    "typing mistake", CONTRACT_YEARS_AHEAD, b);
	}
	if (t->birth_date == DATE_NONE || t->start == DATE_NONE)
		return 0;
	if (t->start < date_add_months(t->birth_date, 12 * CONTRACT_AGE_MIN))
		return failure_set(f, FAILURE_INVALID_FIELD, "birth_date",
		    "the person would be younger than %d at the start",
		    CONTRACT_AGE_MIN);
	if (t->start >= date_add_months(t->birth_date,
	    12 * (CONTRACT_AGE_MAX + 1)))
		return failure_set(f, FAILURE_INVALID_FIELD, "birth_date",
		    "the person would be older than %d at the start",
		    CONTRACT_AGE_MAX);
	return 0;
}

struct decision *
contract_decisions_in_force(const struct contract *c, size_t *count)
{
	struct decision *out = calloc(c->decision_count + 1, sizeof *out);
	size_t n = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < c->decision_count; i++) {
		if (c->decisions[i].revoked_at == 0)
			out[n++] = c->decisions[i];
	}
	*count = n;
	return out;
}
