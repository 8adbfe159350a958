#include "account-json.h"

#include <stdio.h>
#include <string.h>

#include "contract.h"
#include "contract-json.h"

static int
text_field(json_t *v, const char *key, char *out, size_t len,
    bool (*valid)(const char *), const char *expected, struct failure *f)
{
	if (json_is_null(v)) {
		out[0] = '\0';
		return 0;
	}
	if (!json_is_string(v) || json_string_length(v) >= len ||
	    !valid(json_string_value(v)))
		return failure_set(f, FAILURE_INVALID_FIELD, key, "%s", expected);
	snprintf(out, len, "%s", json_string_value(v));
	return 0;
}

static bool
email_ok(const char *text)
{
	return contract_email_valid(text) != 0;
}

int
account_from_json(json_t *obj, struct stored_account *a, bool patch,
    struct failure *f)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		if (strcmp(key, "name") == 0 && !patch) {
			if (!json_is_string(v) ||
			    !account_name_valid(json_string_value(v)))
				return failure_set(f, FAILURE_INVALID_FIELD,
				    key, "an account name is 1 to 64 of a-z, "
				    "0-9, '.', '_', '@' and '-'");
			snprintf(a->name, sizeof a->name, "%s",
			    json_string_value(v));
		} else if (strcmp(key, "role") == 0) {
			if (!json_is_string(v) || account_role_parse(
			    json_string_value(v), &a->role) != 0)
				return failure_set(f, FAILURE_INVALID_FIELD,
				    key, "expected admin, hr, auditor, manager "
				    "or staff");
		} else if (strcmp(key, "email") == 0) {
			if (text_field(v, key, a->email, sizeof a->email,
			    email_ok, "expected an email address or null",
			    f) != 0)
				return -1;
		} else if (strcmp(key, "language") == 0) {
			if (text_field(v, key, a->language, sizeof a->language,
			    account_language_valid, "expected en, fr or null",
			    f) != 0)
				return -1;
		} else if (strcmp(key, "disabled") == 0 && patch) {
			if (!json_is_boolean(v))
				return failure_set(f, FAILURE_INVALID_FIELD,
				    key, "expected true or false");
			a->disabled = json_is_true(v);
		} else {
			return failure_set(f, FAILURE_INVALID_FIELD, key,
			    "unknown field \"%.40s\"", key);
		}
	}
	if (!patch && a->name[0] == '\0')
		return failure_set(f, FAILURE_INVALID_FIELD, "name",
		    "the account needs a name");
	if (!patch && json_object_get(obj, "role") == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "role",
		    "the account needs a role: admin, hr, auditor, manager or "
		    "staff");
	return 0;
}

json_t *
account_to_json(const struct stored_account *a, const char *tz)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:b, s:o, s:o}",
	    "name", a->name, "role", account_role_name(a->role),
	    "email", text_to_json(a->email[0] ? a->email : NULL),
	    "language", text_to_json(a->language[0] ? a->language : NULL),
	    "disabled", a->disabled,
	    "created_at", instant_to_json(a->created_at, tz),
	    "last_used_at", a->last_used_at > 0 ?
	    instant_to_json(a->last_used_at, tz) : json_null());
}

json_t *
audit_row_to_json(const struct audit_row *r, const char *tz)
{
	json_t *changes = r->changes != NULL ? json_loads(r->changes, 0, NULL) :
	    NULL;
	json_t *o;

	/* An entry is never dropped from the answer: text that is not UTF-8
	 * (written before summaries were cut on character boundaries) is
	 * replaced rather than the entry lost. */
	o = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s}",
	    "id", (json_int_t)r->id, "at", instant_to_json(r->at, tz),
	    "actor", r->actor, "via", r->via, "action", r->action,
	    "entity", r->entity,
	    "entity_id", r->entity_id > 0 ? json_integer(r->entity_id) :
	    json_null(),
	    "contract_id", r->contract_id > 0 ? json_integer(r->contract_id) :
	    json_null(),
	    "changes", changes != NULL ? changes : json_null(),
	    "summary", r->summary);
	if (o == NULL)
		o = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:n, s:n, s:n, s:s}",
		    "id", (json_int_t)r->id, "at", instant_to_json(r->at, tz),
		    "actor", "?", "via", "?", "action", "?", "entity", "?",
		    "entity_id", "contract_id", "changes", "summary",
		    "(this entry's text cannot be shown)");
	return o;
}
