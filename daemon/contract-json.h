/* Contracts, decisions and milestones to and from the JSON of SPEC
 * section 7. */
#ifndef TENURED_CONTRACT_JSON_H
#define TENURED_CONTRACT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "contract.h"
#include "failure.h"
#include "lifecycle.h"

/* Applies the fields of obj to c: every field for a create, any subset for
 * a correction (patch), where null clears an optional field. Unknown
 * fields and wrong types are refused, naming the field. */
int contract_from_json(json_t *obj, struct contract *c, bool patch,
        struct failure *f);
int decision_from_json(json_t *obj, struct decision *d, struct failure *f);

json_t *contract_to_json(const struct contract *c,
        const struct milestone_list *ms, int32_t today, const char *tz);
json_t *decision_to_json(const struct decision *d, const char *tz);
json_t *date_to_json(int32_t date);
/* A string, or null for NULL. */
json_t *text_to_json(const char *text);
json_t *instant_to_json(int64_t instant, const char *tz);

#endif
