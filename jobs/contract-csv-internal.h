/* What the two halves of the contract import share: contract-csv.c reads
 * the file, its header and its errors; contract-csv-row.c makes one row a
 * contract. Not for use outside them. */
#ifndef TENURED_CONTRACT_CSV_INTERNAL_H
#define TENURED_CONTRACT_CSV_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "contract-csv.h"
#include "csv.h"

enum import_column {
	COL_NAME,
	COL_EMAIL,
	COL_MANAGER_EMAIL,
	COL_UNIT,
	COL_VACANCY,
	COL_POST_TITLE,
	COL_GRADE,
	COL_START,
	COL_STAFF_TYPE,
	COL_TWIN_GRADED,
	COL_BIRTH_DATE,
	COL_RENEWED_UNTIL,
	COL_CONVERSION_REQUESTED_ON,
	COL_CONVERTED_ON,
	COL_SEPARATED_ON,
	COL_SEPARATION_REASON,
	COL_LANGUAGE,
	COL_COUNT,
};

/* The column names (SPEC section 7, in its order), also the errors'
 * fields. */
extern const char *const contract_csv_columns[COL_COUNT];

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Values short enough to quote back in a message; longer ones are not
 * quoted, so a message never ends in a cut-off value. */
#define IMPORT_QUOTE_MAX 40

struct import {
	struct failure_list *errors;
	const char *recorded_by;
	const struct policy *defaults;
	int index_of[COL_COUNT];	/* header position, -1 when absent */
	size_t reported;
	bool failed;
};

/* A row's state while it is read: which columns already have an error, so
 * contract_validate() does not repeat one about the same column. */
struct import_row {
	const struct csv_row *csv;
	unsigned bad;
	struct contract *c;
};

/* Records an error of the import (the first CONTRACT_CSV_MAX_ERRORS of
 * them) and marks it failed. */
void contract_csv_error(struct import *im, enum failure_kind kind, int line,
        const char *field, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
void contract_csv_oom(struct import *im, int line);
/* The column of a name, case aside; -1 when there is none. */
int contract_csv_column(const char *name);
/* The row's cell of a column, "" when the header has no such column. */
const char *contract_csv_cell(const struct import *im,
        const struct csv_row *row, enum import_column c);
/* The row's contract, or NULL when the row was refused (its errors
 * recorded, im->failed set) or memory ran out (contract-csv-row.c). */
struct contract *contract_csv_row(struct import *im, const struct csv_row *row);

#endif
