/* One row of the contract import made a contract: its cells read and
 * checked, each error with its line and column, and its history made the
 * decisions it implies. */
#include "contract-csv-internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "i18n.h"
#include "lifecycle.h"

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

static void
import_row_error(struct import *im, struct import_row *r,
    enum import_column col, const char *what, const char *value)
{
	int q = (int)csv_utf8_prefix(value, IMPORT_QUOTE_MAX);

	r->bad |= 1u << col;
	if (value[q] != '\0')
		contract_csv_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    contract_csv_columns[col], "%s %s",
		    contract_csv_columns[col], what);
	else
		contract_csv_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    contract_csv_columns[col], "%s \"%.*s\" %s",
		    contract_csv_columns[col], q, value, what);
}

static int
import_text(struct import *im, struct import_row *r, enum import_column col,
    char **dst)
{
	const char *v = contract_csv_cell(im, r->csv, col);

	if (v[0] == '\0')
		return 0;
	if (!import_text_ok(v, false)) {
		r->bad |= 1u << col;
		contract_csv_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    contract_csv_columns[col],
		    "%s contains a line break or control character",
		    contract_csv_columns[col]);
		return 0;
	}
	*dst = strdup(v);
	if (*dst == NULL) {
		contract_csv_oom(im, r->csv->line);
		return -1;
	}
	return 0;
}

static void
import_date(struct import *im, struct import_row *r, enum import_column col,
    int32_t *dst)
{
	const char *v = contract_csv_cell(im, r->csv, col);

	*dst = DATE_NONE;
	if (v[0] != '\0' && date_parse(v, dst) < 0) {
		*dst = DATE_NONE;
		import_row_error(im, r, col,
		    _("is not a date in the form YYYY-MM-DD"), v);
	}
}

static void
import_staff_type(struct import *im, struct import_row *r)
{
	const char *v = contract_csv_cell(im, r->csv, COL_STAFF_TYPE);
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
	import_row_error(im, r, COL_STAFF_TYPE, _("must be external, seconded, "
	    "serving or serving-indefinite"), v);
}

static void
import_twin_graded(struct import *im, struct import_row *r)
{
	static const char *const yes[] = { "true", "yes", "1" };
	static const char *const no[] = { "false", "no", "0", "" };
	const char *v = contract_csv_cell(im, r->csv, COL_TWIN_GRADED);

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
	    _("must be true, false, yes, no, 1 or 0"), v);
}

/* The person's language (SPEC section 12): en or fr, case aside as a
 * spreadsheet may write it; blank keeps the default. */
static void
import_language(struct import *im, struct import_row *r)
{
	const char *v = contract_csv_cell(im, r->csv, COL_LANGUAGE);
	char lower[3];
	size_t n = strlen(v);

	if (n == 0)
		return;
	if (n < sizeof lower) {
		for (size_t i = 0; i <= n; i++)
			lower[i] = (v[i] >= 'A' && v[i] <= 'Z') ?
			    (char)(v[i] - 'A' + 'a') : v[i];
		if (lang_parse(lower, &r->c->language))
			return;
	}
	import_row_error(im, r, COL_LANGUAGE, _("must be en or fr"), v);
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
	contract_csv_oom(im, r->csv->line);
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
	const char *reason = contract_csv_cell(im, r->csv, COL_SEPARATION_REASON);
	const char *separated = contract_csv_cell(im, r->csv, COL_SEPARATED_ON);
	int32_t dates[NELEM(steps)];
	size_t n = NELEM(steps);

	for (size_t i = 0; i < n; i++)
		import_date(im, r, steps[i].col, &dates[i]);
	if (reason[0] != '\0' && !import_text_ok(reason, true)) {
		r->bad |= 1u << COL_SEPARATION_REASON;
		contract_csv_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    "separation_reason", "separation_reason contains a "
		    "control character");
	} else if (strlen(reason) > CONTRACT_TEXT_MAX) {
		r->bad |= 1u << COL_SEPARATION_REASON;
		contract_csv_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    "separation_reason", "separation_reason is longer than "
		    "%d bytes", CONTRACT_TEXT_MAX);
	} else if (separated[0] != '\0' && reason[0] == '\0') {
		r->bad |= 1u << COL_SEPARATION_REASON;
		contract_csv_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    "separation_reason", "separated_on needs a reason in "
		    "separation_reason");
	} else if (separated[0] == '\0' && reason[0] != '\0') {
		r->bad |= 1u << COL_SEPARATED_ON;
		contract_csv_error(im, FAILURE_INVALID_FIELD, r->csv->line,
		    "separated_on", "separation_reason is given but "
		    "separated_on is empty");
	}
	if (r->bad != 0)
		return 0;	/* the row is refused; no need to build it */
	r->c->decisions = calloc(n, sizeof *r->c->decisions);
	if (r->c->decisions == NULL) {
		contract_csv_oom(im, r->csv->line);
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
	return contract_csv_column(field);
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
			contract_csv_error(im, f.kind, r->csv->line, col >= 0 ?
			    contract_csv_columns[col] : f.field, "%s",
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
		else if (strcmp(f.field, "language") == 0)
			probe.language = LANG_DEFAULT;
		else
			return;
	}
}

struct contract *
contract_csv_row(struct import *im, const struct csv_row *row)
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
		contract_csv_oom(im, row->line);
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
	import_language(im, &r);
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
