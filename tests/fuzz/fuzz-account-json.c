/* Fuzz target for the account JSON reader (POST and PATCH
 * /api/v1/accounts): any bytes jansson takes as an object give an account
 * whose name, email and language pass their rules, or a failure naming a
 * field, and what is read is written back as JSON, as the daemon does;
 * never a crash, an out-of-bounds read or a leak. Seeds in account-json/,
 * words in account-json.dict; built by tests/fuzz/meson.build. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account-json.h"
#include "contract.h"
#include "driver.h"

static void
check(int ok, const char *what, const uint8_t *data, size_t size)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz-account-json: %s for input: %.*s\n", what,
	    (int)size, (const char *)data);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *obj = json_loadb((const char *)data, size,
	    JSON_REJECT_DUPLICATES, NULL);

	if (!json_is_object(obj)) {
		json_decref(obj);
		return 0;
	}
	for (int patch = 0; patch < 2; patch++) {
		struct stored_account a = { .role = ACCOUNT_STAFF };
		struct failure f = { 0 };
		json_t *out;

		if (account_from_json(obj, &a, patch, &f) != 0) {
			/* Only a key that is empty names no field. */
			check(f.kind == FAILURE_INVALID_FIELD && f.message[0] !=
			    '\0' && (f.field[0] != '\0' ||
			    json_object_get(obj, "") != NULL),
			    "a failure without a field", data, size);
			continue;
		}
		check(patch || account_name_valid(a.name), "a bad name accepted",
		    data, size);
		check(a.email[0] == '\0' || contract_email_valid(a.email),
		    "a bad email accepted", data, size);
		check(a.language[0] == '\0' || account_language_valid(a.language),
		    "a bad language accepted", data, size);
		check((unsigned)a.role < ACCOUNT_ROLE_COUNT, "no role", data,
		    size);
		out = account_to_json(&a, "UTC");
		check(out != NULL, "the account cannot be written back", data,
		    size);
		json_decref(out);
	}
	json_decref(obj);
	return 0;
}
