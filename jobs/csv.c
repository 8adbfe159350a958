#include "csv.h"
#include "i18n.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv_parser {
	const unsigned char *s;
	size_t len;
	size_t pos;
	int line;
	char delim;
	struct csv_table *t;
	size_t arena_used;
	size_t arena_size;
	size_t cell_count;
	size_t cell_cap;
	size_t row_cap;
	struct failure *f;
};

/* A row while its fields are read. The cells array may move as it grows,
 * so rows get their pointers only once parsing ends. */
struct csv_pending {
	int line;
	size_t count;
};

static int
csv_fail(struct csv_parser *p, enum failure_kind kind, int line,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
csv_fail(struct csv_parser *p, enum failure_kind kind, int line,
    const char *field, const char *fmt, ...)
{
	char msg[sizeof ((struct failure *)0)->message];
	va_list ap;

	if (p->f == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	failure_set(p->f, kind, field, "%s", msg);
	p->f->line = line;
	return -1;
}

/* Length of the well-formed UTF-8 sequence at s, 0 when it is not one:
 * overlong forms, surrogates and code points past U+10FFFF are refused so
 * that what we store is what every later reader decodes. */
static size_t
csv_utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		need = 1;
	else if (c < 0xF0) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c < 0xF5) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < need + 1)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i <= need; i++) {
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	}
	return need + 1;
}

/* Encoding is checked in a pass of its own so the parser proper only deals
 * with structure; both count lines the same way (LF, CRLF or a lone CR). */
static int
csv_check_bytes(struct csv_parser *p)
{
	int line = p->line;

	for (size_t i = p->pos; i < p->len;) {
		unsigned char c = p->s[i];
		size_t n;

		if (c == '\0')
			return csv_fail(p, FAILURE_BAD_REQUEST, line, "",
			    "line %d contains a NUL byte", line);
		if (c == '\n' || (c == '\r' && (i + 1 == p->len ||
		    p->s[i + 1] != '\n')))
			line++;
		n = csv_utf8_sequence(p->s + i, p->len - i);
		if (n == 0)
			return csv_fail(p, FAILURE_BAD_REQUEST, line, "",
			    "line %d is not valid UTF-8 (byte 0x%02X)", line,
			    (unsigned)c);
		i += n;
	}
	return 0;
}

static int
csv_at_line_end(const struct csv_parser *p)
{
	return p->pos < p->len &&
	    (p->s[p->pos] == '\n' || p->s[p->pos] == '\r');
}

static void
csv_skip_line_end(struct csv_parser *p)
{
	if (p->s[p->pos] == '\r' && p->pos + 1 < p->len &&
	    p->s[p->pos + 1] == '\n')
		p->pos++;
	p->pos++;
	p->line++;
}

/*
 * Scans the header line the way the parser will split it, treating both
 * candidates as separators, and keeps the one that occurs. Quoted names may
 * contain either.
 */
static int
csv_detect_delimiter(struct csv_parser *p)
{
	size_t i = p->pos, commas = 0, semicolons = 0;
	int at_field_start = 1;

	while (i < p->len && p->s[i] != '\n' && p->s[i] != '\r') {
		unsigned char c = p->s[i];

		if (at_field_start && c == '"') {
			for (i++; i < p->len; i++) {
				if (p->s[i] != '"')
					continue;
				if (i + 1 < p->len && p->s[i + 1] == '"')
					i++;
				else
					break;
			}
			if (i < p->len)
				i++;
			at_field_start = 0;
			continue;
		}
		at_field_start = 0;
		if (c == ',' || c == ';') {
			if (c == ',')
				commas++;
			else
				semicolons++;
			at_field_start = 1;
		}
		i++;
	}
	if (commas > 0 && semicolons > 0)
		return csv_fail(p, FAILURE_BAD_REQUEST, p->line, "",
		    "the header on line %d mixes ',' and ';' outside quotes; "
		    "use one delimiter", p->line);
	p->delim = semicolons > 0 ? ';' : ',';
	p->t->delimiter = p->delim;
	return 0;
}

static int
csv_add_cell(struct csv_parser *p, char *cell)
{
	if (p->cell_count == p->cell_cap) {
		size_t cap = p->cell_cap ? p->cell_cap * 2 : 256;
		char **cells = realloc(p->t->cells, cap * sizeof *cells);

		if (cells == NULL)
			return csv_fail(p, FAILURE_INTERNAL, p->line, "",
			    "out of memory");
		p->t->cells = cells;
		p->cell_cap = cap;
	}
	p->t->cells[p->cell_count++] = cell;
	return 0;
}

/* Copies one byte of field content. The arena is sized so this cannot run
 * out (see csv_parse); the check keeps a mistake in that reasoning from
 * becoming a buffer overflow. */
static int
csv_put(struct csv_parser *p, unsigned char c)
{
	if (p->arena_used >= p->arena_size)
		return -1;
	p->t->arena[p->arena_used++] = (char)c;
	return 0;
}

/* Name of column i for a failure's field, "" for the header itself. The
 * header's cells come first in the cells array. */
static void
csv_column_name(const struct csv_parser *p, size_t i, int is_header,
    char *out, size_t size)
{
	const char *name = "";

	if (!is_header && i < p->t->header.count)
		name = p->t->cells[i];
	snprintf(out, size, "%.*s", (int)csv_utf8_prefix(name, size - 1),
	    name);
}

/*
 * Reads one row starting at p->pos (not on a blank line). max is the most
 * fields the row may have: the column limit for the header, the header's
 * count for data rows.
 */
static int
csv_read_row(struct csv_parser *p, struct csv_pending *row, size_t max,
    int is_header)
{
	row->line = p->line;
	row->count = 0;

	for (;;) {
		size_t start = p->arena_used;
		char *cell = p->t->arena + start;

		if (p->pos < p->len && p->s[p->pos] == '"') {
			int open_line = p->line;

			p->pos++;
			for (;;) {
				unsigned char c;

				if (p->pos >= p->len)
					return csv_fail(p, FAILURE_BAD_REQUEST,
					    open_line, "", "the quoted field "
					    "opened on line %d is never closed",
					    open_line);
				c = p->s[p->pos];
				if (c == '"') {
					if (p->pos + 1 < p->len &&
					    p->s[p->pos + 1] == '"')
						p->pos++;
					else {
						p->pos++;
						break;
					}
				} else if (c == '\n' || (c == '\r' &&
				    (p->pos + 1 == p->len ||
				    p->s[p->pos + 1] != '\n')))
					p->line++;
				if (csv_put(p, c) < 0)
					goto overflow;
				p->pos++;
			}
			if (p->pos < p->len && p->s[p->pos] != p->delim &&
			    !csv_at_line_end(p))
				return csv_fail(p, FAILURE_BAD_REQUEST, p->line,
				    "", "line %d has text after a closing "
				    "quote; a quote inside a quoted field is "
				    "written \"\"", p->line);
		} else {
			while (p->pos < p->len && p->s[p->pos] != p->delim &&
			    !csv_at_line_end(p)) {
				if (csv_put(p, p->s[p->pos]) < 0)
					goto overflow;
				p->pos++;
			}
		}
		if (p->arena_used - start > CSV_MAX_FIELD) {
			char name[sizeof ((struct failure *)0)->field];

			csv_column_name(p, row->count, is_header, name,
			    sizeof name);
			return csv_fail(p, FAILURE_INVALID_FIELD, row->line,
			    name, "line %d has a field longer than %d bytes",
			    row->line, CSV_MAX_FIELD);
		}
		if (csv_put(p, '\0') < 0)
			goto overflow;
		if (row->count == max) {
			if (is_header)
				return csv_fail(p, FAILURE_BAD_REQUEST,
				    row->line, "", "the header has more than "
				    "%d columns", CSV_MAX_COLUMNS);
			return csv_fail(p, FAILURE_BAD_REQUEST, row->line, "",
			    "line %d has more fields than the header's %zu",
			    row->line, max);
		}
		if (csv_add_cell(p, cell) < 0)
			return -1;
		row->count++;
		if (p->pos >= p->len)
			return 0;
		if (p->s[p->pos] == p->delim) {
			p->pos++;
			continue;
		}
		csv_skip_line_end(p);
		return 0;
	}
overflow:
	return csv_fail(p, FAILURE_INTERNAL, p->line, "",
	    "CSV storage exhausted");
}

static void
csv_skip_blank_lines(struct csv_parser *p)
{
	while (csv_at_line_end(p))
		csv_skip_line_end(p);
}

static int
csv_add_row(struct csv_parser *p, const struct csv_pending *pending)
{
	struct csv_table *t = p->t;

	if (t->row_count == CSV_MAX_ROWS)
		return csv_fail(p, FAILURE_BAD_REQUEST, pending->line, "",
		    "more than %d rows", CSV_MAX_ROWS);
	if (t->row_count == p->row_cap) {
		size_t cap = p->row_cap ? p->row_cap * 2 : 64;
		struct csv_row *rows = realloc(t->rows, cap * sizeof *rows);

		if (rows == NULL)
			return csv_fail(p, FAILURE_INTERNAL, pending->line, "",
			    "out of memory");
		t->rows = rows;
		p->row_cap = cap;
	}
	t->rows[t->row_count++] = (struct csv_row){
		.line = pending->line,
		.count = pending->count,
	};
	return 0;
}

static int
csv_run(struct csv_parser *p)
{
	struct csv_table *t = p->t;
	struct csv_pending pending;

	if (p->len - p->pos > (size_t)INT_MAX - 2)
		return csv_fail(p, FAILURE_BAD_REQUEST, 0, "",
		    "the file is too large");
	if (csv_check_bytes(p) < 0)
		return -1;
	/*
	 * Unquoted content is never longer than its source, and every field
	 * but the last of the file is followed by at least one delimiter or
	 * line-end byte that its NUL can take the place of: len + 1 bytes
	 * hold every field.
	 */
	p->arena_size = p->len - p->pos + 1;
	t->arena = malloc(p->arena_size);
	if (t->arena == NULL)
		return csv_fail(p, FAILURE_INTERNAL, 0, "", "out of memory");

	csv_skip_blank_lines(p);
	if (p->pos >= p->len)
		return csv_fail(p, FAILURE_BAD_REQUEST, 1, "",
		    "the file is empty; a header line is expected");
	if (csv_detect_delimiter(p) < 0)
		return -1;
	if (csv_read_row(p, &pending, CSV_MAX_COLUMNS, 1) < 0)
		return -1;
	t->header.line = pending.line;
	t->header.count = pending.count;

	for (;;) {
		csv_skip_blank_lines(p);
		if (p->pos >= p->len)
			break;
		if (csv_read_row(p, &pending, t->header.count, 0) < 0)
			return -1;
		if (csv_add_row(p, &pending) < 0)
			return -1;
	}
	/* Rows lie in the cells array one after another, header first. */
	t->header.fields = t->cells;
	for (size_t i = 0, next = t->header.count; i < t->row_count; i++) {
		t->rows[i].fields = t->cells + next;
		next += t->rows[i].count;
	}
	return 0;
}

struct csv_table *
csv_parse(const char *text, size_t len, struct failure *f)
{
	struct csv_parser p = {
		.s = (const unsigned char *)text,
		.len = len,
		.line = 1,
		.f = f,
	};

	if (f != NULL)
		failure_clear(f);
	p.t = calloc(1, sizeof *p.t);
	if (p.t == NULL) {
		csv_fail(&p, FAILURE_INTERNAL, 0, "", "out of memory");
		return NULL;
	}
	if (text == NULL)
		p.len = 0;
	if (p.len >= 3 && memcmp(p.s, "\xEF\xBB\xBF", 3) == 0)
		p.pos = 3;
	if (csv_run(&p) < 0) {
		csv_table_free(p.t);
		return NULL;
	}
	return p.t;
}

void
csv_table_free(struct csv_table *t)
{
	if (t == NULL)
		return;
	free(t->arena);
	free(t->cells);
	free(t->rows);
	free(t);
}

size_t
csv_utf8_prefix(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n <= max)
		return n;
	/* Back up over continuation bytes to the start of the sequence that
	 * would be cut, and leave it out. */
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

const char *
csv_field(const struct csv_row *row, size_t i)
{
	return i < row->count ? row->fields[i] : "";
}
