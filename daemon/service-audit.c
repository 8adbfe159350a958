#include "service-audit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "contract-json.h"
#include "daemon.h"

int
service_audit_stage(struct daemon *d, const struct actor *by,
    struct audit_entry *e, struct failure *f, const char *fmt, ...)
{
	char summary[512];
	va_list ap;

	int rc;

	va_start(ap, fmt);
	vsnprintf(summary, sizeof summary, fmt, ap);
	va_end(ap);
	/* A reason cut short must not leave half a character behind. */
	failure_trim_utf8(summary);
	e->summary = summary;
	rc = store_audit_stage(d->store, by, clock_real(), e);
	e->summary = NULL;
	if (rc != 0)
		return failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
	return 0;
}

/* The fields a person can correct, as the API names them. */
static const char *const contract_fields[] = {
	"name", "email", "manager_email", "unit", "vacancy", "post",
	"post_title", "grade", "start", "staff_type", "indefinite",
	"twin_graded", "birth_date", "language", NULL,
};

/* Each key of keys whose value differs between a and b, as [old, new];
 * names receives them as a list for the summary. */
static char *
diff(json_t *a, json_t *b, const char *const *keys, char *names, size_t len)
{
	json_t *changes = json_object();
	char *text = NULL;
	size_t used = 0;

	names[0] = '\0';
	for (const char *const *k = keys; changes != NULL && *k != NULL; k++) {
		json_t *old = json_object_get(a, *k), *new = json_object_get(b, *k);

		if (old == NULL || new == NULL || json_equal(old, new))
			continue;
		json_object_set_new(changes, *k, json_pack("[O, O]", old, new));
		if (used < len)
			used += (size_t)snprintf(names + used, len - used,
			    "%s%s", used ? ", " : "", *k);
	}
	if (changes != NULL && json_object_size(changes) > 0)
		text = json_dumps(changes, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(changes);
	return text;
}

char *
service_contract_changes(const struct contract *before,
    const struct contract *after, char *names, size_t len)
{
	json_t *a = contract_to_json(before, NULL, 0, "UTC");
	json_t *b = contract_to_json(after, NULL, 0, "UTC");
	char *text = a != NULL && b != NULL ? diff(a, b, contract_fields, names,
	    len) : NULL;

	json_decref(a);
	json_decref(b);
	return text;
}

static json_t *
account_json(const struct stored_account *x)
{
	return json_pack("{s:s, s:s?, s:s?, s:b}", "role",
	    account_role_name(x->role), "email", x->email[0] ? x->email : NULL,
	    "language", x->language[0] ? x->language : NULL, "disabled",
	    x->disabled);
}

char *
service_account_changes(const struct stored_account *before,
    const struct stored_account *after, char *names, size_t len)
{
	static const char *const keys[] = {
		"role", "email", "language", "disabled", NULL,
	};
	json_t *a = account_json(before), *b = account_json(after);
	char *text = a != NULL && b != NULL ? diff(a, b, keys, names, len) :
	    NULL;

	json_decref(a);
	json_decref(b);
	return text;
}
