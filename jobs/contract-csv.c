/* The contract import's file: its header mapped to columns, its errors
 * (each with line and column), and its rows handed one by one to
 * contract-csv-row.c. */
#include "contract-csv-internal.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* SPEC section 7, in its order; the names are also the errors' fields. */
const char *const contract_csv_columns[COL_COUNT] = {
	[COL_NAME] = "name",
	[COL_EMAIL] = "email",
	[COL_MANAGER_EMAIL] = "manager_email",
	[COL_UNIT] = "unit",
	[COL_VACANCY] = "vacancy",
	[COL_POST_TITLE] = "post_title",
	[COL_GRADE] = "grade",
	[COL_START] = "start",
	[COL_STAFF_TYPE] = "staff_type",
	[COL_TWIN_GRADED] = "twin_graded",
	[COL_BIRTH_DATE] = "birth_date",
	[COL_RENEWED_UNTIL] = "renewed_until",
	[COL_CONVERSION_REQUESTED_ON] = "conversion_requested_on",
	[COL_CONVERTED_ON] = "converted_on",
	[COL_SEPARATED_ON] = "separated_on",
	[COL_SEPARATION_REASON] = "separation_reason",
	[COL_LANGUAGE] = "language",
};

static const enum import_column import_required[] = {
	COL_NAME, COL_EMAIL, COL_START,
};

void
contract_csv_error(struct import *im, enum failure_kind kind, int line,
    const char *field, const char *fmt, ...)
{
	struct failure f;
	char msg[sizeof f.message];
	va_list ap;

	im->failed = true;
	if (im->reported > CONTRACT_CSV_MAX_ERRORS)
		return;
	failure_clear(&f);
	if (im->reported == CONTRACT_CSV_MAX_ERRORS) {
		failure_set(&f, FAILURE_BAD_REQUEST, "",
		    "more errors follow; only the first %d are listed",
		    CONTRACT_CSV_MAX_ERRORS);
	} else {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, _(fmt), ap);
		va_end(ap);
		failure_set(&f, kind, field, "%s", msg);
		f.line = line;
	}
	im->reported++;
	/* When even this fails, failed still makes the import refuse. */
	failure_list_add(im->errors, &f);
}

void
contract_csv_oom(struct import *im, int line)
{
	contract_csv_error(im, FAILURE_INTERNAL, line, "", "out of memory");
}

/* Trims spaces and tabs in place; the table owns the cells and nothing else
 * reads them untrimmed. */
static void
import_trim(char **cell)
{
	char *s = *cell, *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	*cell = s;
}

int
contract_csv_column(const char *name)
{
	for (int i = 0; i < COL_COUNT; i++) {
		if (strcasecmp(contract_csv_columns[i], name) == 0)
			return i;
	}
	return -1;
}

/* Maps header positions to columns. Header errors are all reported, and
 * then the rows are not read: with columns missing or misnamed, every row
 * would repeat the same complaint. */
static int
import_header(struct import *im, struct csv_row *h)
{
	bool bad = false;

	for (int c = 0; c < COL_COUNT; c++)
		im->index_of[c] = -1;
	for (size_t i = 0; i < h->count; i++) {
		const char *name;
		int c;

		import_trim(&h->fields[i]);
		name = h->fields[i];
		if (name[0] == '\0') {
			contract_csv_error(im, FAILURE_BAD_REQUEST, h->line, "",
			    "column %zu of the header has no name", i + 1);
			bad = true;
			continue;
		}
		c = contract_csv_column(name);
		if (c < 0) {
			/* The field is the name as written, cut to fit; the
			 * quote is cut shorter so the list of columns fits
			 * in the message. */
			char field[sizeof ((struct failure *)0)->field];
			int q = (int)csv_utf8_prefix(name, 20);

			snprintf(field, sizeof field, "%.*s",
			    (int)csv_utf8_prefix(name, sizeof field - 1), name);
			contract_csv_error(im, FAILURE_INVALID_FIELD, h->line, field,
			    "unknown column \"%.*s%s\"; columns: "
			    "name, email, manager_email, unit, vacancy, "
			    "post_title, grade, start, staff_type, "
			    "twin_graded, birth_date, renewed_until, "
			    "conversion_requested_on, converted_on, "
			    "separated_on, separation_reason, language",
			    q, name, name[q] != '\0' ? "..." : "");
			bad = true;
			continue;
		}
		if (im->index_of[c] >= 0) {
			contract_csv_error(im, FAILURE_INVALID_FIELD, h->line,
			    contract_csv_columns[c],
			    "the column %s appears twice (columns %d and %zu)",
			    contract_csv_columns[c], im->index_of[c] + 1, i + 1);
			bad = true;
			continue;
		}
		im->index_of[c] = (int)i;
	}
	for (size_t i = 0; i < NELEM(import_required); i++) {
		enum import_column c = import_required[i];

		if (im->index_of[c] < 0) {
			contract_csv_error(im, FAILURE_INVALID_FIELD, h->line,
			    contract_csv_columns[c],
			    "the required column %s is missing",
			    contract_csv_columns[c]);
			bad = true;
		}
	}
	return bad ? -1 : 0;
}

const char *
contract_csv_cell(const struct import *im, const struct csv_row *row,
    enum import_column c)
{
	if (im->index_of[c] < 0)
		return "";
	return csv_field(row, (size_t)im->index_of[c]);
}

static bool
import_row_blank(const struct csv_row *row)
{
	for (size_t i = 0; i < row->count; i++) {
		if (row->fields[i][0] != '\0')
			return false;
	}
	return true;
}

void
contract_csv_free(struct contract **list, size_t count)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		contract_free(list[i]);
	free(list);
}

int
contract_csv_read(const char *text, size_t len,
    const struct policy *defaults, const char *recorded_by,
    struct contract ***out, size_t *count, struct failure_list *errors)
{
	if (contract_csv_read_all(text, len, defaults, recorded_by, out, count,
	    errors) == 0)
		return 0;
	contract_csv_free(*out, *count);
	*out = NULL;
	*count = 0;
	return -1;
}

int
contract_csv_read_all(const char *text, size_t len,
    const struct policy *defaults, const char *recorded_by,
    struct contract ***out, size_t *count, struct failure_list *errors)
{
	struct import im = {
		.errors = errors,
		.recorded_by = recorded_by,
		.defaults = defaults,
	};
	struct failure f;
	struct csv_table *t;
	struct contract **list = NULL;
	size_t n = 0;

	*out = NULL;
	*count = 0;
	t = csv_parse(text, len, &f);
	if (t == NULL) {
		/* The reader stops at the first structural error: past a
		 * stray quote, nothing after it can be trusted. */
		failure_list_add(errors, &f);
		return -1;
	}
	if (import_header(&im, &t->header) < 0)
		goto fail;
	/* calloc(0) may return NULL; a success always hands back an array. */
	list = calloc(t->row_count + 1, sizeof *list);
	if (list == NULL) {
		contract_csv_oom(&im, 0);
		goto fail;
	}
	for (size_t i = 0; i < t->row_count; i++) {
		struct csv_row *row = &t->rows[i];
		struct contract *c;

		for (size_t j = 0; j < row->count; j++)
			import_trim(&row->fields[j]);
		/* Spreadsheets save emptied rows as ",,,,": not a contract. */
		if (import_row_blank(row))
			continue;
		c = contract_csv_row(&im, row);
		if (c != NULL)
			list[n++] = c;
	}
	csv_table_free(t);
	*out = list;
	*count = n;
	return im.failed ? -1 : 0;
fail:
	contract_csv_free(list, n);
	csv_table_free(t);
	return -1;
}
