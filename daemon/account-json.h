/* Accounts and audit entries to and from the JSON of SPEC section 7. */
#ifndef TENURED_ACCOUNT_JSON_H
#define TENURED_ACCOUNT_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "failure.h"
#include "store.h"

/* Applies obj to a: name and role required for a create; any of role,
 * email, language and disabled for a change (patch), where null clears
 * email or language. Unknown fields and wrong values are refused, naming
 * the field. */
int account_from_json(json_t *obj, struct stored_account *a, bool patch,
        struct failure *f);
json_t *account_to_json(const struct stored_account *a, const char *tz);
json_t *audit_row_to_json(const struct audit_row *r, const char *tz);

#endif
