/* An RFC 4180 reader for the contract import (SPEC section 7). The input is
 * untrusted bytes straight from an HTTP body, so every limit below is a
 * refusal with the line at fault rather than a truncation. */
#ifndef TENURED_CSV_H
#define TENURED_CSV_H

#include <stddef.h>

#include "failure.h"

/* Limits: generous for an HR import, small enough that a hostile body cannot
 * make the daemon allocate much more than its own size. */
#define CSV_MAX_ROWS	100000	/* data rows, the header not counted */
#define CSV_MAX_COLUMNS	64
#define CSV_MAX_FIELD	4096	/* bytes of a field once unquoted */

struct csv_row {
	int line;		/* 1-based physical line the row starts on */
	size_t count;		/* fields present: 1 .. the header's count */
	char **fields;		/* NUL-terminated, owned by the table */
};

struct csv_table {
	char delimiter;		/* ',' or ';' */
	struct csv_row header;
	struct csv_row *rows;	/* data rows, blank lines left out */
	size_t row_count;

	/* Storage behind the rows; only csv_table_free() touches these. */
	char *arena;
	char **cells;
};

/*
 * Parses text (len bytes, need not be NUL-terminated). A UTF-8 BOM is
 * skipped; the first non-blank line is the header and decides the delimiter.
 * Lines end with LF, CRLF or a lone CR; blank lines are skipped. A row may
 * have fewer fields than the header (the rest read as empty) but not more.
 * On error returns NULL and fills f (kind, line, field, sentence).
 */
struct csv_table *csv_parse(const char *text, size_t len, struct failure *f);
void csv_table_free(struct csv_table *t);

/* Field i of a row, or "" when the row stops before it. */
const char *csv_field(const struct csv_row *row, size_t i);
/* Longest prefix of s, at most max bytes, that does not split a UTF-8
 * sequence: input quoted in a message must stay valid UTF-8 for JSON. */
size_t csv_utf8_prefix(const char *s, size_t max);

#endif
