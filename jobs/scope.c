#include "scope.h"

#include <stdio.h>
#include <string.h>

#include "contract.h"

static const char *const scope_names[] = {
	[SCOPE_ALL] = "all",
	[SCOPE_MANAGER] = "manager",
	[SCOPE_PERSON] = "person",
	[SCOPE_UNIT] = "unit",
	[SCOPE_VACANCY] = "vacancy",
};

const char *
scope_type_name(enum scope_type type)
{
	return (size_t)type < sizeof scope_names / sizeof scope_names[0] ?
	    scope_names[type] : "unknown";
}

int
scope_parse(const char *text, struct scope *out, struct failure *f)
{
	const char *colon;
	size_t n;

	memset(out, 0, sizeof *out);
	if (text == NULL || strcmp(text, "all") == 0)
		return 0;
	if ((colon = strchr(text, ':')) == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "scope",
		    "expected all, manager:EMAIL, person:EMAIL, unit:NAME or "
		    "vacancy:REF");
	n = (size_t)(colon - text);
	for (size_t i = SCOPE_MANAGER; i <= SCOPE_VACANCY; i++) {
		if (strlen(scope_names[i]) == n &&
		    strncmp(text, scope_names[i], n) == 0)
			out->type = (enum scope_type)i;
	}
	if (out->type == SCOPE_ALL)
		return failure_set(f, FAILURE_INVALID_FIELD, "scope",
		    "unknown scope \"%.*s\": expected manager, person, unit or "
		    "vacancy", (int)(n > 32 ? 32 : n), text);
	if (colon[1] == '\0' || strlen(colon + 1) > SCOPE_VALUE_MAX)
		return failure_set(f, FAILURE_INVALID_FIELD, "scope",
		    "a %s scope needs a value of 1 to %d bytes",
		    scope_names[out->type], SCOPE_VALUE_MAX);
	if ((out->type == SCOPE_MANAGER || out->type == SCOPE_PERSON) &&
	    !contract_email_valid(colon + 1))
		return failure_set(f, FAILURE_INVALID_FIELD, "scope",
		    "a %s scope needs an email address", scope_names[out->type]);
	strcpy(out->value, colon + 1);
	return 0;
}

void
scope_format(const struct scope *s, char *out, size_t len)
{
	if (s->type == SCOPE_ALL)
		snprintf(out, len, "all");
	else
		snprintf(out, len, "%s:%s", scope_type_name(s->type), s->value);
}
