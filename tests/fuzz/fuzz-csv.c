/* Fuzz target for the contract import (POST /api/v1/contracts/import):
 * any bytes must give a table or a failure, and contracts or errors,
 * without crashing, reading out of bounds or leaking. Seeds in csv/, words
 * in csv.dict; built by tests/fuzz/meson.build. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "contract-csv.h"
#include "csv.h"
#include "driver.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct failure f;
	struct csv_table *t;
	struct policy defaults;
	struct contract **list;
	size_t count;
	struct failure_list errors = { 0 };

	t = csv_parse((const char *)data, size, &f);
	if (t == NULL) {
		/* A refusal must say why. */
		if (f.kind == FAILURE_NONE || f.message[0] == '\0')
			abort();
	} else {
		for (size_t i = 0; i < t->row_count; i++) {
			if (t->rows[i].count == 0 ||
			    t->rows[i].count > t->header.count)
				abort();
		}
	}
	csv_table_free(t);

	policy_default(&defaults);
	if (contract_csv_read((const char *)data, size, &defaults, "fuzz",
	    &list, &count, &errors) == 0) {
		if (errors.count != 0 || list == NULL)
			abort();
		contract_csv_free(list, count);
	} else if (errors.count == 0 || list != NULL || count != 0)
		abort();
	failure_list_free(&errors);
	return 0;
}
