#include "contract-csv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "date.h"
#include "lifecycle.h"

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
	COL_COUNT,
};

/* SPEC section 7, in its order; the names are also the errors' fields. */
static const char *const import_column_names[COL_COUNT] = {
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
};

static const enum import_column import_required[] = {
	COL_NAME, COL_EMAIL, COL_START,
};

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

static void
import_error(struct import *im, enum failure_kind kind, int line,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
import_error(struct import *im, enum failure_kind kind, int line,
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
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		failure_set(&f, kind, field, "%s", msg);
		f.line = line;
	}
	im->reported++;
	/* When even this fails, failed still makes the import refuse. */
	failure_list_add(im->errors, &f);
}

static void
import_oom(struct import *im, int line)
{
	import_error(im, FAILURE_INTERNAL, line, "", "out of memory");
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

static int
import_column_find(const char *name)
{
	for (int i = 0; i < COL_COUNT; i++) {
		if (strcasecmp(import_column_names[i], name) == 0)
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
			import_error(im, FAILURE_BAD_REQUEST, h->line, "",
			    "column %zu of the header has no name", i + 1);
			bad = true;
			continue;
		}
		c = import_column_find(name);
		if (c < 0) {
			/* The field is the name as written, cut to fit; the
			 * quote is cut shorter so the list of columns fits
			 * in the message. */
			char field[sizeof ((struct failure *)0)->field];
			int q = (int)csv_utf8_prefix(name, 20);

			snprintf(field, sizeof field, "%.*s",
			    (int)csv_utf8_prefix(name, sizeof field - 1), name);
			import_error(im, FAILURE_INVALID_FIELD, h->line, field,
			    "unknown column \"%.*s%s\"; the columns are "
			    "name, email, manager_email, unit, vacancy, "
			    "post_title, grade, start, staff_type, "
			    "twin_graded, birth_date, renewed_until, "
			    "conversion_requested_on, converted_on, "
			    "separated_on, separation_reason",
			    q, name, name[q] != '\0' ? "..." : "");
			bad = true;
			continue;
		}
		if (im->index_of[c] >= 0) {
			import_error(im, FAILURE_INVALID_FIELD, h->line,
			    import_column_names[c],
			    "the column %s appears twice (columns %d and %zu)",
			    import_column_names[c], im->index_of[c] + 1, i + 1);
			bad = true;
			continue;
		}
		im->index_of[c] = (int)i;
	}
	for (size_t i = 0; i < NELEM(import_required); i++) {
		enum import_column c = import_required[i];

		if (im->index_of[c] < 0) {
			import_error(im, FAILURE_INVALID_FIELD, h->line,
			    import_column_names[c],
			    "the required column %s is missing",
			    import_column_names[c]);
			bad = true;
		}
	}
	return bad ? -1 : 0;
}

static const char *
import_cell(const struct import *im, const struct csv_row *row,
    enum import_column c)
{
	if (im->index_of[c] < 0)
		return "";
	return csv_field(row, (size_t)im->index_of[c]);
}

/* Everything the rules store is one line of text; only a separation's
 * reason may span lines. */
static bool
import_text_ok(const char *s, bool multiline)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (multiline && (c == '\n' || c == '\r' || c == '\t'))
			continue;
		if (c < 0x20 || c == 0x7F)
			return false;
	}
	return true;
}

/* A row's state while it is read: which columns already have an error, so
 * contract_validate() does not repeat one about the same column. */
struct import_row {
	const struct csv_row *csv;
	unsigned bad;
	struct contract *c;
};

static void
import_row_error(struct import *im, struct import_row *r,
    enum import_column col, const char *what, const char *value)
{
	int q = (int)csv_utf8_prefix(value, IMPORT_QUOTE_MAX);

	r->bad |= 1u << col;
	if (value[q] != '\0')
		import_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    import_column_names[col], "%s %s",
		    import_column_names[col], what);
	else
		import_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    import_column_names[col], "%s \"%.*s\" %s",
		    import_column_names[col], q, value, what);
}

static int
import_text(struct import *im, struct import_row *r, enum import_column col,
    char **dst)
{
	const char *v = import_cell(im, r->csv, col);

	if (v[0] == '\0')
		return 0;
	if (!import_text_ok(v, false)) {
		r->bad |= 1u << col;
		import_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    import_column_names[col],
		    "%s contains a line break or control character",
		    import_column_names[col]);
		return 0;
	}
	*dst = strdup(v);
	if (*dst == NULL) {
		import_oom(im, r->csv->line);
		return -1;
	}
	return 0;
}

static void
import_date(struct import *im, struct import_row *r, enum import_column col,
    int32_t *dst)
{
	const char *v = import_cell(im, r->csv, col);

	*dst = DATE_NONE;
	if (v[0] != '\0' && date_parse(v, dst) < 0) {
		*dst = DATE_NONE;
		import_row_error(im, r, col,
		    "is not a date in the form YYYY-MM-DD", v);
	}
}

static void
import_staff_type(struct import *im, struct import_row *r)
{
	const char *v = import_cell(im, r->csv, COL_STAFF_TYPE);
	struct contract_terms *t = &r->c->terms;
	char lower[24];
	size_t n = strlen(v);

	t->staff_type = STAFF_EXTERNAL;
	t->indefinite = false;
	if (n == 0)
		return;
	if (n < sizeof lower) {
		for (size_t i = 0; i <= n; i++)
			lower[i] = (v[i] >= 'A' && v[i] <= 'Z') ?
			    (char)(v[i] - 'A' + 'a') : v[i];
		if (strcmp(lower, "serving-indefinite") == 0 ||
		    strcmp(lower, "indefinite") == 0) {
			t->staff_type = STAFF_SERVING;
			t->indefinite = true;
			return;
		}
		if (staff_type_parse(lower, &t->staff_type) == 0)
			return;
	}
	import_row_error(im, r, COL_STAFF_TYPE, "must be external, seconded, "
	    "serving or serving-indefinite", v);
}

static void
import_twin_graded(struct import *im, struct import_row *r)
{
	static const char *const yes[] = { "true", "yes", "1" };
	static const char *const no[] = { "false", "no", "0", "" };
	const char *v = import_cell(im, r->csv, COL_TWIN_GRADED);

	for (size_t i = 0; i < NELEM(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			r->c->terms.twin_graded = true;
			return;
		}
	}
	r->c->terms.twin_graded = false;
	for (size_t i = 0; i < NELEM(no); i++) {
		if (strcasecmp(v, no[i]) == 0)
			return;
	}
	import_row_error(im, r, COL_TWIN_GRADED,
	    "must be true, false, yes, no, 1 or 0", v);
}

static int
import_decision(struct import *im, struct import_row *r,
    enum decision_type type, int32_t date, const char *reason)
{
	struct contract *c = r->c;
	struct decision *d = &c->decisions[c->decision_count];

	memset(d, 0, sizeof *d);
	d->type = type;
	d->date = type == DECISION_RENEWED ? DATE_NONE : date;
	d->until = type == DECISION_RENEWED ? date : DATE_NONE;
	if (reason != NULL && (d->reason = strdup(reason)) == NULL)
		goto oom;
	if (im->recorded_by != NULL &&
	    (d->recorded_by = strdup(im->recorded_by)) == NULL)
		goto oom;
	c->decision_count++;
	return 0;
oom:
	decision_clear(d);
	import_oom(im, r->csv->line);
	return -1;
}

/* The history columns, as decisions in the order the lifecycle would have
 * seen them recorded. */
static int
import_history(struct import *im, struct import_row *r)
{
	static const struct {
		enum import_column col;
		enum decision_type type;
	} steps[] = {
		{ COL_RENEWED_UNTIL, DECISION_RENEWED },
		{ COL_CONVERSION_REQUESTED_ON, DECISION_CONVERSION_REQUESTED },
		{ COL_CONVERTED_ON, DECISION_CONVERTED },
		{ COL_SEPARATED_ON, DECISION_SEPARATED },
	};
	const char *reason = import_cell(im, r->csv, COL_SEPARATION_REASON);
	const char *separated = import_cell(im, r->csv, COL_SEPARATED_ON);
	int32_t dates[NELEM(steps)];
	size_t n = NELEM(steps);

	for (size_t i = 0; i < n; i++)
		import_date(im, r, steps[i].col, &dates[i]);
	if (reason[0] != '\0' && !import_text_ok(reason, true)) {
		r->bad |= 1u << COL_SEPARATION_REASON;
		import_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    "separation_reason", "separation_reason contains a "
		    "control character");
	} else if (strlen(reason) > CONTRACT_TEXT_MAX) {
		r->bad |= 1u << COL_SEPARATION_REASON;
		import_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    "separation_reason", "separation_reason is longer than "
		    "%d bytes", CONTRACT_TEXT_MAX);
	} else if (separated[0] != '\0' && reason[0] == '\0') {
		r->bad |= 1u << COL_SEPARATION_REASON;
		import_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    "separation_reason", "separated_on needs a reason in "
		    "separation_reason");
	} else if (separated[0] == '\0' && reason[0] != '\0') {
		r->bad |= 1u << COL_SEPARATED_ON;
		import_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    "separated_on", "separation_reason is given but "
		    "separated_on is empty");
	}
	if (r->bad != 0)
		return 0;	/* the row is refused; no need to build it */
	r->c->decisions = calloc(n, sizeof *r->c->decisions);
	if (r->c->decisions == NULL) {
		import_oom(im, r->csv->line);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (dates[i] == DATE_NONE)
			continue;
		if (import_decision(im, r, steps[i].type, dates[i],
		    steps[i].type == DECISION_SEPARATED ? reason : NULL) < 0)
			return -1;
	}
	return 0;
}

/* Columns for contract_validate()'s field names. */
static int
import_validate_column(const char *field)
{
	if (strcmp(field, "indefinite") == 0)
		return COL_STAFF_TYPE;
	return import_column_find(field);
}

/*
 * contract_validate() stops at its first complaint, but an import should
 * list them all. So the row is checked again on a shallow copy in which the
 * field just reported is replaced by a harmless value, until the copy
 * passes or the complaint is about something that cannot be replaced (the
 * policy). The copy only borrows strings and is never freed.
 */
static void
import_validate(struct import *im, struct import_row *r)
{
	static char placeholder_name[] = "x";
	static char placeholder_email[] = "x@example.org";
	struct contract probe = *r->c;
	struct failure f;

	for (int round = 0; round < 16; round++) {
		int col;

		failure_clear(&f);
		if (contract_validate(&probe, &f) == 0)
			return;
		col = import_validate_column(f.field);
		if (col < 0 || !(r->bad & (1u << col))) {
			if (col >= 0)
				r->bad |= 1u << col;
			import_error(im, f.kind, r->csv->line, col >= 0 ?
			    import_column_names[col] : f.field, "%s",
			    f.message);
		}
		if (strcmp(f.field, "name") == 0)
			probe.name = placeholder_name;
		else if (strcmp(f.field, "email") == 0)
			probe.email = placeholder_email;
		else if (strcmp(f.field, "manager_email") == 0)
			probe.manager_email = NULL;
		else if (strcmp(f.field, "unit") == 0)
			probe.unit = NULL;
		else if (strcmp(f.field, "vacancy") == 0)
			probe.vacancy = NULL;
		else if (strcmp(f.field, "post_title") == 0)
			probe.post_title = NULL;
		else if (strcmp(f.field, "grade") == 0)
			probe.grade = NULL;
		else if (strcmp(f.field, "post") == 0)
			probe.post = 0;
		else if (strcmp(f.field, "start") == 0) {
			/* Without a start, a birth date has nothing to be
			 * before: drop it too rather than blame it. */
			probe.terms.start = date_from_ymd(2000, 1, 1);
			probe.terms.birth_date = DATE_NONE;
		} else if (strcmp(f.field, "birth_date") == 0)
			probe.terms.birth_date = DATE_NONE;
		else if (strcmp(f.field, "indefinite") == 0)
			probe.terms.indefinite = false;
		else
			return;
	}
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

/* Returns the row's contract, or NULL when the row was refused (its errors
 * recorded, im->failed set) or memory ran out. */
static struct contract *
import_row(struct import *im, const struct csv_row *row)
{
	static const struct {
		enum import_column col;
		size_t offset;
	} texts[] = {
		{ COL_NAME, offsetof(struct contract, name) },
		{ COL_EMAIL, offsetof(struct contract, email) },
		{ COL_MANAGER_EMAIL, offsetof(struct contract, manager_email) },
		{ COL_UNIT, offsetof(struct contract, unit) },
		{ COL_VACANCY, offsetof(struct contract, vacancy) },
		{ COL_POST_TITLE, offsetof(struct contract, post_title) },
		{ COL_GRADE, offsetof(struct contract, grade) },
	};
	struct import_row r = { .csv = row };

	r.c = contract_new();
	if (r.c == NULL) {
		import_oom(im, row->line);
		return NULL;
	}
	r.c->terms.policy = *im->defaults;
	/* The store reports a refused history against the file's line. */
	r.c->source_line = row->line;
	for (size_t i = 0; i < NELEM(texts); i++) {
		char **dst = (char **)((char *)r.c + texts[i].offset);

		if (import_text(im, &r, texts[i].col, dst) < 0)
			goto fail;
	}
	import_date(im, &r, COL_START, &r.c->terms.start);
	import_date(im, &r, COL_BIRTH_DATE, &r.c->terms.birth_date);
	import_staff_type(im, &r);
	import_twin_graded(im, &r);
	if (import_history(im, &r) < 0)
		goto fail;
	import_validate(im, &r);
	/* A good row after a bad one still comes back: its rules are checked
	 * too, so one refusal lists every bad row. */
	if (r.bad == 0)
		return r.c;
fail:
	contract_free(r.c);
	return NULL;
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
		import_oom(&im, 0);
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
		c = import_row(&im, row);
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
