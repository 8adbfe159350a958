#include "contract.h"

#include <ctype.h>
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
	c->language = LANG_DEFAULT;
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

/*
 * The one rule for an email address (SPEC section 13), applied where one
 * is entered (API, CSV, configuration) and by the mailer: what SMTP can
 * carry without extensions. ASCII letters, digits and the address
 * punctuation of RFC 5322's dot-atom in the local part; a domain of
 * dot-separated labels of letters, digits and inner hyphens. Anything
 * else would be accepted now and retried for days later.
 */
int
contract_email_valid(const char *email)
{
	const char *at, *p, *label;
	size_t len;

	if (email == NULL || (len = strlen(email)) < 3 || len > 254 ||
	    (at = strchr(email, '@')) == NULL || at == email ||
	    at - email > 64 || strchr(at + 1, '@') != NULL)
		return 0;
	for (p = email; p < at; p++) {
		if (!isalnum((unsigned char)*p) && (*p < 0 || strchr(
		    "!#$%&'*+-/=?^_`{|}~.", *p) == NULL))
			return 0;
	}
	if (email[0] == '.' || at[-1] == '.' || strstr(email, "..") != NULL)
		return 0;
	/* at least two labels, none empty, none starting or ending in '-' */
	if (strchr(at + 1, '.') == NULL)
		return 0;
	for (label = at + 1; ; label = p + 1) {
		for (p = label; *p != '\0' && *p != '.'; p++) {
			if (!isalnum((unsigned char)*p) && *p != '-')
				return 0;
		}
		if (p == label || p - label > 63 || *label == '-' ||
		    p[-1] == '-')
			return 0;
		if (*p == '\0')
			return 1;
	}
}

/* Invisible characters that reorder or hide text (SPEC section 13): the
 * bidirectional controls, zero-width space and byte-order mark. A name
 * shown in a list, a calendar or an email must read as it is stored. The
 * joiners some scripts need (U+200C, U+200D) are kept. */
static bool
format_char(const unsigned char *p)
{
	unsigned cp;

	if (p[0] == 0xd8 && p[1] == 0x9c)
		return true;				/* U+061C */
	if (p[0] != 0xe2 && p[0] != 0xef)
		return false;
	if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
		return false;
	cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
	    (p[2] & 0x3f);
	return cp == 0x200b || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

bool
contract_visible_text(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text;
	    p != NULL && *p != '\0'; p++) {
		if ((*p == 0xd8 || *p == 0xe2 || *p == 0xef) && p[1] != '\0' &&
		    format_char(p))
			return false;
	}
	return true;
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
contract_set_language(struct contract *c, const char *text,
    struct failure *f)
{
	enum lang l;

	if (!lang_parse(text, &l))
		return failure_set(f, FAILURE_INVALID_FIELD, "language",
		    "expected en or fr");
	c->language = l;
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
	if (!contract_visible_text(c->name))
		return failure_set(f, FAILURE_INVALID_FIELD, "name",
		    "contains an invisible character that reorders or hides "
		    "text (a bidirectional control, zero-width space or "
		    "byte-order mark)");
	if (c->post_title != NULL && !contract_visible_text(c->post_title))
		return failure_set(f, FAILURE_INVALID_FIELD, "post_title",
		    "contains an invisible character that reorders or hides "
		    "text (a bidirectional control, zero-width space or "
		    "byte-order mark)");
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
	if ((unsigned)c->language >= LANG_COUNT)
		return failure_set(f, FAILURE_INVALID_FIELD, "language",
		    "expected en or fr");
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

int
contract_plan(const struct contract *c, struct milestone_list *out,
    struct failure *f)
{
	size_t n = 0;
	struct decision *log = contract_decisions_in_force(c, &n);
	int rc;

	if (log == NULL)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	rc = lifecycle_plan(&c->terms, log, n, out, f);
	free(log);
	return rc;
}
