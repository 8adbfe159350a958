/* Scopes select the milestones of a feed or a listing (SPEC section 6):
 * all, manager:EMAIL, person:EMAIL, unit:NAME, vacancy:REF. */
#ifndef TENURED_SCOPE_H
#define TENURED_SCOPE_H

#include <stddef.h>

#include "failure.h"

enum scope_type {
	SCOPE_ALL,
	SCOPE_MANAGER,
	SCOPE_PERSON,
	SCOPE_UNIT,
	SCOPE_VACANCY,
};

#define SCOPE_VALUE_MAX 254

struct scope {
	enum scope_type type;
	char value[SCOPE_VALUE_MAX + 1];
};

int scope_parse(const char *text, struct scope *out, struct failure *f);
const char *scope_type_name(enum scope_type type);
/* "manager:boss@example.org", or "all". */
void scope_format(const struct scope *s, char *out, size_t len);

#endif
