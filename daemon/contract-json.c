#include "contract-json.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "localtime.h"

json_t *
date_to_json(int32_t date)
{
	char buf[DATE_STRLEN];

	if (date == DATE_NONE)
		return json_null();
	date_format(date, buf);
	return json_string(buf);
}

json_t *
instant_to_json(int64_t instant, const char *tz)
{
	char buf[LOCALTIME_RFC3339_LEN];

	if (instant == 0)
		return json_null();
	localtime_format_rfc3339(tz, instant, buf);
	return json_string(buf);
}

json_t *
text_to_json(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
policy_to_json(const struct policy *p)
{
	json_t *o = json_object();

	for (unsigned i = 0; i < policy_key_count; i++) {
		const struct policy_key *k = &policy_keys[i];
		int v = policy_get_int(p, k);
		json_t *jv;

		if (k->type == POLICY_FLAG)
			jv = json_boolean(v);
		else if (v == POLICY_NONE)
			jv = json_null();
		else
			jv = json_integer(v);
		json_object_set_new(o, k->name, jv);
	}
	return o;
}

json_t *
decision_to_json(const struct decision *d, const char *tz)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "type", json_string(decision_type_name(d->type)));
	json_object_set_new(o, "date", date_to_json(d->date));
	json_object_set_new(o, "until", date_to_json(d->until));
	json_object_set_new(o, "reason", text_to_json(d->reason));
	json_object_set_new(o, "kind", d->type == DECISION_ACKNOWLEDGED ?
	    json_string(milestone_kind_name(d->kind)) : json_null());
	json_object_set_new(o, "recorded_at", instant_to_json(d->recorded_at, tz));
	json_object_set_new(o, "recorded_by", text_to_json(d->recorded_by));
	json_object_set_new(o, "revoked_at", instant_to_json(d->revoked_at, tz));
	json_object_set_new(o, "revoked_by", text_to_json(d->revoked_by));
	return o;
}

json_t *
contract_to_json(const struct contract *c, const struct milestone_list *ms,
    int32_t today, const char *tz)
{
	json_t *o = json_object(), *decisions = json_array(),
	    *milestones = json_array();
	bool closed = false;
	int overdue = 0;

	for (size_t i = 0; i < c->decision_count; i++) {
		const struct decision *d = &c->decisions[i];

		closed |= d->revoked_at == 0 && (d->type == DECISION_NOT_RENEWED ||
		    d->type == DECISION_CONVERTED || d->type == DECISION_SEPARATED);
	}
	for (size_t i = 0; ms != NULL && i < ms->count; i++)
		overdue += milestone_overdue(&ms->items[i], today);
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "name", text_to_json(c->name));
	json_object_set_new(o, "email", text_to_json(c->email));
	json_object_set_new(o, "manager_email", text_to_json(c->manager_email));
	json_object_set_new(o, "unit", text_to_json(c->unit));
	json_object_set_new(o, "vacancy", text_to_json(c->vacancy));
	json_object_set_new(o, "post", c->post > 0 ? json_integer(c->post) :
	    json_null());
	json_object_set_new(o, "post_title", text_to_json(c->post_title));
	json_object_set_new(o, "grade", text_to_json(c->grade));
	json_object_set_new(o, "start", date_to_json(c->terms.start));
	json_object_set_new(o, "staff_type",
	    json_string(staff_type_name(c->terms.staff_type)));
	json_object_set_new(o, "indefinite", json_boolean(c->terms.indefinite));
	json_object_set_new(o, "twin_graded", json_boolean(c->terms.twin_graded));
	json_object_set_new(o, "birth_date", date_to_json(c->terms.birth_date));
	json_object_set_new(o, "language", json_string(lang_code(c->language)));
	json_object_set_new(o, "policy", policy_to_json(&c->terms.policy));
	for (size_t i = 0; i < c->decision_count; i++)
		json_array_append_new(decisions,
		    decision_to_json(&c->decisions[i], tz));
	json_object_set_new(o, "decisions", decisions);
	for (size_t i = 0; ms != NULL && i < ms->count; i++) {
		const struct milestone *m = &ms->items[i];

		json_array_append_new(milestones, json_pack("{s:s, s:o, s:o, s:s, s:b}",
		    "kind", milestone_kind_name(m->kind),
		    "date", date_to_json(m->date),
		    "at", instant_to_json(m->at, tz),
		    "status", milestone_status_name(m->status),
		    "overdue", milestone_overdue(m, today)));
	}
	json_object_set_new(o, "milestones", milestones);
	/* For lists of people: closed by a decision in force, and how many
	 * decisions are overdue today. */
	json_object_set_new(o, "status", json_string(closed ? "closed" :
	    "active"));
	json_object_set_new(o, "overdue", json_integer(overdue));
	json_object_set_new(o, "created_at", instant_to_json(c->created_at, tz));
	json_object_set_new(o, "updated_at", instant_to_json(c->updated_at, tz));
	return o;
}

/* How a field is read and where it goes. */
enum field_type {
	FIELD_TEXT,
	FIELD_EMAIL,
	FIELD_DATE,
	FIELD_BOOL,
	FIELD_POST,
	FIELD_STAFF,
	FIELD_LANG,
};

struct field {
	const char *name;
	enum field_type type;
	bool required;
};

static const struct field contract_fields[] = {
	{ "name", FIELD_TEXT, true },
	{ "email", FIELD_EMAIL, true },
	{ "manager_email", FIELD_EMAIL, false },
	{ "unit", FIELD_TEXT, false },
	{ "vacancy", FIELD_TEXT, false },
	{ "post", FIELD_POST, false },
	{ "post_title", FIELD_TEXT, false },
	{ "grade", FIELD_TEXT, false },
	{ "start", FIELD_DATE, true },
	{ "staff_type", FIELD_STAFF, false },
	{ "indefinite", FIELD_BOOL, false },
	{ "twin_graded", FIELD_BOOL, false },
	{ "birth_date", FIELD_DATE, false },
	{ "language", FIELD_LANG, false },
};

static char **
text_slot(struct contract *c, const char *name)
{
	if (strcmp(name, "name") == 0) return &c->name;
	if (strcmp(name, "email") == 0) return &c->email;
	if (strcmp(name, "manager_email") == 0) return &c->manager_email;
	if (strcmp(name, "unit") == 0) return &c->unit;
	if (strcmp(name, "vacancy") == 0) return &c->vacancy;
	if (strcmp(name, "post_title") == 0) return &c->post_title;
	return &c->grade;
}

/* A JSON string as C text: no NUL inside, surrounding spaces trimmed. */
static int
json_text(json_t *v, const char *field, char **out, struct failure *f)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	char *copy;

	if (!json_is_string(v))
		return failure_set(f, FAILURE_INVALID_FIELD, field,
		    "expected a string");
	if (strlen(s) != len)
		return failure_set(f, FAILURE_INVALID_FIELD, field,
		    "contains a NUL character");
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if ((copy = strndup(s, len)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, field, "out of memory");
	if (!contract_text_ok(copy)) {
		free(copy);
		return failure_set(f, FAILURE_INVALID_FIELD, field,
		    "contains a control character");
	}
	*out = copy;
	return 0;
}

static int
json_date(json_t *v, const char *field, int32_t *out, struct failure *f)
{
	if (!json_is_string(v) || date_parse(json_string_value(v), out) != 0)
		return failure_set(f, FAILURE_INVALID_FIELD, field,
		    "expected a date YYYY-MM-DD that exists");
	return 0;
}

static int
set_field(struct contract *c, const struct field *fd, json_t *v,
    struct failure *f)
{
	char *text = NULL;

	if (json_is_null(v)) {
		if (fd->required)
			return failure_set(f, FAILURE_INVALID_FIELD, fd->name,
			    "%s is required", fd->name);
		switch (fd->type) {
		case FIELD_TEXT:
		case FIELD_EMAIL:
			free(*text_slot(c, fd->name));
			*text_slot(c, fd->name) = NULL;
			break;
		case FIELD_DATE:
			c->terms.birth_date = DATE_NONE;
			break;
		case FIELD_BOOL:
			return failure_set(f, FAILURE_INVALID_FIELD, fd->name,
			    "expected true or false");
		case FIELD_POST:
			c->post = 0;
			break;
		case FIELD_STAFF:
			c->terms.staff_type = STAFF_EXTERNAL;
			break;
		case FIELD_LANG:
			c->language = LANG_DEFAULT;
			break;
		}
		return 0;
	}
	switch (fd->type) {
	case FIELD_TEXT:
	case FIELD_EMAIL:
		if (json_text(v, fd->name, &text, f) != 0)
			return -1;
		if (text[0] == '\0' && !fd->required) {
			free(text);
			text = NULL;
		}
		free(*text_slot(c, fd->name));
		*text_slot(c, fd->name) = text;
		return 0;
	case FIELD_DATE:
		return json_date(v, fd->name, strcmp(fd->name, "start") == 0 ?
		    &c->terms.start : &c->terms.birth_date, f);
	case FIELD_BOOL:
		if (!json_is_boolean(v))
			return failure_set(f, FAILURE_INVALID_FIELD, fd->name,
			    "expected true or false");
		if (strcmp(fd->name, "indefinite") == 0)
			c->terms.indefinite = json_is_true(v);
		else
			c->terms.twin_graded = json_is_true(v);
		return 0;
	case FIELD_POST:
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 1000)
			return failure_set(f, FAILURE_INVALID_FIELD, fd->name,
			    "expected a post number from 1 to 1000");
		c->post = (int)json_integer_value(v);
		return 0;
	case FIELD_STAFF:
		if (!json_is_string(v) ||
		    staff_type_parse(json_string_value(v), &c->terms.staff_type) != 0)
			return failure_set(f, FAILURE_INVALID_FIELD, fd->name,
			    "expected external, seconded or serving");
		return 0;
	case FIELD_LANG:
		/* Not a string: NULL, which it refuses too. */
		return contract_set_language(c, json_string_value(v), f);
	}
	return 0;
}

static const struct field *
find_field(const char *name)
{
	for (size_t i = 0; i < sizeof contract_fields / sizeof contract_fields[0];
	    i++) {
		if (strcmp(contract_fields[i].name, name) == 0)
			return &contract_fields[i];
	}
	return NULL;
}

int
contract_from_json(json_t *obj, struct contract *c, bool patch,
    struct failure *f)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const struct field *fd = find_field(key);

		if (fd == NULL)
			return failure_set(f, FAILURE_INVALID_FIELD, key,
			    "unknown field");
		if (set_field(c, fd, v, f) != 0)
			return -1;
	}
	if (!patch) {
		for (size_t i = 0; i < sizeof contract_fields /
		    sizeof contract_fields[0]; i++) {
			if (contract_fields[i].required &&
			    json_object_get(obj, contract_fields[i].name) == NULL)
				return failure_set(f, FAILURE_INVALID_FIELD,
				    contract_fields[i].name, "%s is required",
				    contract_fields[i].name);
		}
	}
	return 0;
}

int
decision_from_json(json_t *obj, struct decision *d, struct failure *f)
{
	json_t *type = json_object_get(obj, "type");
	const char *key;
	bool has_kind = false;
	json_t *v;

	memset(d, 0, sizeof *d);
	d->date = d->until = DATE_NONE;
	if (type == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "type",
		    "type is required");
	if (!json_is_string(type) ||
	    decision_type_parse(json_string_value(type), &d->type) != 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "type",
		    "expected renewed, not_renewed, conversion_requested, "
		    "converted, separated or acknowledged");
	json_object_foreach(obj, key, v) {
		if (strcmp(key, "type") == 0)
			continue;
		if (strcmp(key, "until") == 0 && d->type == DECISION_RENEWED) {
			if (json_date(v, key, &d->until, f) != 0)
				return -1;
		} else if (strcmp(key, "date") == 0 && d->type != DECISION_RENEWED &&
		    d->type != DECISION_ACKNOWLEDGED) {
			if (json_date(v, key, &d->date, f) != 0)
				return -1;
		} else if (strcmp(key, "kind") == 0 &&
		    d->type == DECISION_ACKNOWLEDGED) {
			if (!json_is_string(v) || milestone_kind_parse(
			    json_string_value(v), &d->kind) != 0 ||
			    !milestone_kind_is_decision(d->kind))
				return failure_set(f, FAILURE_INVALID_FIELD, key,
				    "expected renewal_decision_due, "
				    "national_agreement_due or "
				    "conversion_request_deadline");
			has_kind = true;
		} else if (strcmp(key, "reason") == 0 &&
		    (d->type == DECISION_SEPARATED ||
		    d->type == DECISION_ACKNOWLEDGED)) {
			free(d->reason);
			d->reason = NULL;
			if (json_text(v, key, &d->reason, f) != 0)
				return -1;
		} else {
			return failure_set(f, FAILURE_INVALID_FIELD, key,
			    "%s does not apply to a %s decision", key,
			    decision_type_name(d->type));
		}
	}
	if (d->type == DECISION_RENEWED && d->until == DATE_NONE)
		return failure_set(f, FAILURE_INVALID_FIELD, "until",
		    "a renewal needs until");
	if (d->type == DECISION_ACKNOWLEDGED && !has_kind)
		return failure_set(f, FAILURE_INVALID_FIELD, "kind",
		    "say which decision milestone: renewal_decision_due, "
		    "national_agreement_due or conversion_request_deadline");
	if (d->type != DECISION_RENEWED && d->type != DECISION_ACKNOWLEDGED &&
	    d->date == DATE_NONE)
		return failure_set(f, FAILURE_INVALID_FIELD, "date",
		    "a %s decision needs a date", decision_type_name(d->type));
	if ((d->type == DECISION_SEPARATED || d->type == DECISION_ACKNOWLEDGED)
	    && (d->reason == NULL || d->reason[0] == '\0'))
		return failure_set(f, FAILURE_INVALID_FIELD, "reason",
		    d->type == DECISION_SEPARATED ? "a separation needs a reason" :
		    "say what was done: an acknowledgement needs a reason");
	if (d->reason != NULL && strlen(d->reason) > 500)
		return failure_set(f, FAILURE_INVALID_FIELD, "reason",
		    "longer than 500 bytes");
	return 0;
}
