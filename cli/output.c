/* Text for people: tables whose columns fit their content, measured in
 * terminal cells (names are UTF-8: "Zoë", "李小龙" are 3 and 6 cells wide).
 * Whatever the daemon sends is cleaned before it reaches the terminal:
 * control characters, bidirectional overrides and invalid UTF-8 become '?'. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "tenurectl.h"

/* A line printed as it is under a row, not in the columns. */
struct table_note {
	size_t row;
	char *text;
};

struct table {
	size_t ncols;
	char **headers;		/* ncols cells, or NULL */
	char **cells;		/* nrows * ncols; NULL prints as "-" */
	size_t nrows;
	size_t cap;
	struct table_note *notes;	/* by row */
	size_t nnotes;
	size_t notecap;
};

/*
 * Decodes one UTF-8 sequence at s (n bytes available); returns the code
 * point and its length in *len, or -1 (with *len 1) for an invalid byte:
 * overlong forms, surrogates and values past U+10FFFF included.
 */
static int32_t
output_utf8(const unsigned char *s, size_t n, size_t *len)
{
	int32_t c, min;
	size_t need, i;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xe0) == 0xc0) {
		need = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		need = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		need = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else
		return -1;
	if (n < need)
		return -1;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*len = need;
	return c;
}

static bool
output_unsafe(int32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

struct output_range {
	int32_t first, last;
};

static bool
output_in(int32_t c, const struct output_range *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (c >= r[i].first && c <= r[i].last)
			return true;
	}
	return false;
}

/* Cells one code point takes: 0 for combining marks, 2 for East Asian wide. */
static int
output_cells(int32_t c)
{
	static const struct output_range zero[] = {
		{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
		{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
		{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff },
		{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x20d0, 0x20ff },
		{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
		{ 0xe0100, 0xe01ef },
	};
	static const struct output_range wide[] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
		{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
		{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
	};

	if (output_in(c, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (output_in(c, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

/* Terminal cells of text; invalid bytes count one each (they print as '?'). */
size_t
output_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, len, width = 0;
	int32_t c;

	n = strlen(s);
	while (n > 0) {
		c = output_utf8(p, n, &len);
		width += c < 0 || output_unsafe(c) ? 1 : (size_t)output_cells(c);
		p += len;
		n -= len;
	}
	return width;
}

/* A copy that is safe to print; free() it. */
char *
output_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, len, o = 0;
	int32_t c;
	char *out;

	n = strlen(s);
	out = malloc(n + 1);
	if (out == NULL)
		return NULL;
	while (n > 0) {
		c = output_utf8(p, n, &len);
		if (c < 0 || output_unsafe(c))
			out[o++] = '?';
		else {
			memcpy(out + o, p, len);
			o += len;
		}
		p += len;
		n -= len;
	}
	out[o] = '\0';
	return out;
}

/*
 * A table of ncols columns, with a header row unless headers is NULL. The
 * headers are the callers' N_() tables, translated here.
 */
struct table *
output_table_new(size_t ncols, const char *const *headers)
{
	struct table *t;
	size_t i;

	t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	t->ncols = ncols;
	if (headers != NULL && (t->headers = calloc(ncols,
	    sizeof *t->headers)) != NULL) {
		for (i = 0; i < ncols; i++) {
			if (headers[i] != NULL)
				t->headers[i] = output_clean(_(headers[i]));
		}
	}
	return t;
}

void
output_table_add(struct table *t, const char *const *cells)
{
	char **grown;
	size_t i, cap;

	if (t == NULL)
		return;
	if (t->nrows == t->cap) {
		cap = t->cap != 0 ? t->cap * 2 : 16;
		grown = reallocarray(t->cells, cap * t->ncols, sizeof *grown);
		if (grown == NULL)
			return;
		t->cells = grown;
		t->cap = cap;
	}
	for (i = 0; i < t->ncols; i++) {
		t->cells[t->nrows * t->ncols + i] = cells[i] != NULL ?
		    output_clean(cells[i]) : NULL;
	}
	t->nrows++;
}

/* A line under the last row added, outside the columns (cleaned). */
void
output_table_note(struct table *t, const char *text)
{
	struct table_note *grown;
	size_t cap;

	if (t == NULL || t->nrows == 0)
		return;
	if (t->nnotes == t->notecap) {
		cap = t->notecap != 0 ? t->notecap * 2 : 16;
		grown = reallocarray(t->notes, cap, sizeof *grown);
		if (grown == NULL)
			return;
		t->notes = grown;
		t->notecap = cap;
	}
	t->notes[t->nnotes].row = t->nrows - 1;
	t->notes[t->nnotes].text = output_clean(text);
	if (t->notes[t->nnotes].text != NULL)
		t->nnotes++;
}

size_t
output_table_rows(const struct table *t)
{
	return t != NULL ? t->nrows : 0;
}

static void
output_row(FILE *f, char **row, const size_t *widths, size_t ncols,
    const char *indent)
{
	size_t i, last, w;
	const char *cell;

	last = 0;
	for (i = 0; i < ncols; i++) {
		if (row[i] == NULL || *row[i] != '\0')
			last = i;
	}
	fputs(indent, f);
	for (i = 0; i <= last; i++) {
		cell = row[i] != NULL ? row[i] : "-";
		fputs(cell, f);
		if (i == last)
			break;
		for (w = output_width(cell); w < widths[i] + 2; w++)
			fputc(' ', f);
	}
	fputc('\n', f);
}

/* Every row, each line prefixed by indent; no trailing blanks. */
void
output_table_print(struct table *t, FILE *f, const char *indent)
{
	size_t *widths, r, i, w, n;
	char *cell;

	if (t == NULL)
		return;
	widths = calloc(t->ncols, sizeof *widths);
	if (widths == NULL)
		return;
	for (i = 0; i < t->ncols; i++) {
		if (t->headers != NULL && t->headers[i] != NULL)
			widths[i] = output_width(t->headers[i]);
		for (r = 0; r < t->nrows; r++) {
			cell = t->cells[r * t->ncols + i];
			w = cell != NULL ? output_width(cell) : 1;
			if (w > widths[i])
				widths[i] = w;
		}
	}
	if (t->headers != NULL)
		output_row(f, t->headers, widths, t->ncols, indent);
	for (r = 0, n = 0; r < t->nrows; r++) {
		output_row(f, t->cells + r * t->ncols, widths, t->ncols, indent);
		for (; n < t->nnotes && t->notes[n].row == r; n++)
			fprintf(f, "%s%s\n", indent, t->notes[n].text);
	}
	free(widths);
}

/* The table to f, or the line none when it has no rows; then frees it. */
void
output_table_finish(struct table *t, FILE *f, const char *none)
{
	if (output_table_rows(t) == 0)
		fprintf(f, "%s\n", none);
	else
		output_table_print(t, f, "");
	output_table_free(t);
}

void
output_table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; t->headers != NULL && i < t->ncols; i++)
		free(t->headers[i]);
	free(t->headers);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	for (i = 0; i < t->nnotes; i++)
		free(t->notes[i].text);
	free(t->notes);
	free(t);
}

/* The daemon's JSON for scripts, pretty-printed, members in its order. */
void
output_json(FILE *f, json_t *json)
{
	json_dumpf(json, f, JSON_INDENT(2));
	fputc('\n', f);
}

/* obj.key when it is a string, else NULL (whatever obj is). */
const char *
output_string(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/*
 * One line made of the daemon's values, cleaned (the newline is added
 * after cleaning, so fmt holds none).
 */
void
output_vline(FILE *f, const char *fmt, va_list ap)
{
	char *line, *clean;

	if (vasprintf(&line, fmt, ap) == -1)
		return;
	clean = output_clean(line);
	if (clean != NULL)
		fprintf(f, "%s\n", clean);
	free(clean);
	free(line);
}

void
output_line(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	output_vline(f, fmt, ap);
	va_end(ap);
}

/* obj.key as text when it is a scalar, as output_value says. */
const char *
output_scalar(json_t *obj, const char *key, char *buf)
{
	return output_value(json_object_get(obj, key), buf);
}

/*
 * v as text when it is a scalar: strings as they are, numbers in decimal
 * (in buf), booleans as yes/no; NULL when null, absent or not a scalar.
 */
const char *
output_value(json_t *v, char *buf)
{
	if (v == NULL)
		return NULL;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_value(v);
	case JSON_INTEGER:
		snprintf(buf, OUTPUT_SCALAR_MAX, "%lld",
		    (long long)json_integer_value(v));
		return buf;
	case JSON_REAL:
		snprintf(buf, OUTPUT_SCALAR_MAX, "%g", json_real_value(v));
		return buf;
	case JSON_TRUE:
		return _("yes");
	case JSON_FALSE:
		return _("no");
	default:
		return NULL;
	}
}

_Static_assert(OUTPUT_DATE_MAX >= I18N_DATE_LEN, "room for a long date");

/* A date YYYY-MM-DD written out for people ("31 August 2031", "31 août
 * 2031"), in buf; anything else as it is. */
const char *
output_date_long(const char *iso, char *buf)
{
	int32_t date;

	if (iso == NULL || date_parse(iso, &date) != 0)
		return iso;
	i18n_date_long(i18n_current(), date, buf);
	return buf;
}
