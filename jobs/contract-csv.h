/* The contract import (SPEC section 7, POST /api/v1/contracts/import and
 * `tenurectl contract import`): a CSV file becomes contracts that carry
 * their history as decisions, all rows or none. */
#ifndef TENURED_CONTRACT_CSV_H
#define TENURED_CONTRACT_CSV_H

#include <stddef.h>

#include "contract.h"
#include "failure.h"
#include "policy.h"

/* Errors kept for one import; past this, one last error says the list was
 * cut short. A hostile 1 MiB file could otherwise produce a few hundred
 * thousand errors and an answer far bigger than itself. */
#define CONTRACT_CSV_MAX_ERRORS 1000

/*
 * Reads the import file. Each row becomes a contract with policy *defaults
 * and, in this order, the decisions its history columns imply: renewed,
 * conversion_requested, converted, separated, each recorded_by a copy of
 * recorded_by (recorded_at is left 0 for the store to stamp).
 *
 * Every error of every row is appended to errors with its line and column
 * name. Returns 0 with the contracts in *out (*count of them, the array
 * freed with contract_csv_free) only when there is none; otherwise -1 with
 * *out NULL and *count 0.
 *
 * Whether the history is one lifecycle_plan() accepts is not checked here:
 * that needs the store's view of the contract and is refused when it is
 * recorded.
 */
int contract_csv_read(const char *text, size_t len,
    const struct policy *defaults, const char *recorded_by,
    struct contract ***out, size_t *count, struct failure_list *errors);
/* The same, but the rows read whole come back in *out even when others
 * were refused (-1), so that their rules can be checked and every bad row
 * reported at once; only a file whose structure or header is wrong gives
 * none. The caller frees *out either way. */
int contract_csv_read_all(const char *text, size_t len,
    const struct policy *defaults, const char *recorded_by,
    struct contract ***out, size_t *count, struct failure_list *errors);
void contract_csv_free(struct contract **list, size_t count);

#endif
