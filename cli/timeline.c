/* One contract as people read it: who and what, every milestone by date with
 * its status (overdue ones marked), a "-- today --" line where the daemon's
 * today falls, and the decision log with its revocations. The contract is
 * the daemon's JSON and is trusted for nothing: wrong types print as "?". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tenurectl.h"

struct timeline_item {
	json_t *milestone;
	const char *date;
	size_t index;
};

static const char *
timeline_or(const char *s, const char *otherwise)
{
	return s != NULL ? s : otherwise;
}

static void
timeline_header(FILE *f, json_t *c)
{
	char buf[OUTPUT_SCALAR_MAX], *line, *title;
	const char *name, *email, *s, *grade, *type;
	struct table *t;
	const char *row[2];
	char idbuf[OUTPUT_SCALAR_MAX];
	json_t *v;
	int n;

	name = timeline_or(output_scalar(c, "name", buf), "?");
	email = output_string(c, "email");
	if (email != NULL)
		/* TRANSLATORS: Contract ID: NAME <EMAIL> */
		n = asprintf(&line, _("Contract %s: %s <%s>"),
		    timeline_or(output_scalar(c, "id", idbuf), "?"), name,
		    email);
	else
		n = asprintf(&line, _("Contract %s: %s"),
		    timeline_or(output_scalar(c, "id", idbuf), "?"), name);
	title = n != -1 ? output_clean(line) : NULL;
	if (n != -1)
		free(line);
	fprintf(f, "%s\n", title != NULL ? title : _("Contract ?"));
	free(title);

	t = output_table_new(2, NULL);
	row[0] = _("manager");
	row[1] = output_string(c, "manager_email");
	output_table_add(t, row);
	row[0] = _("unit");
	row[1] = output_string(c, "unit");
	output_table_add(t, row);

	s = output_string(c, "post_title");
	grade = output_string(c, "grade");
	line = NULL;
	if (s != NULL || grade != NULL) {
		if (asprintf(&line, "%s%s%s%s", s != NULL ? s : "",
		    s != NULL && grade != NULL ? " (" : "",
		    grade != NULL ? grade : "",
		    s != NULL && grade != NULL ? ")" : "") == -1)
			line = NULL;
	}
	row[0] = _("post");
	row[1] = line;
	output_table_add(t, row);
	free(line);

	if ((s = output_string(c, "vacancy")) != NULL) {
		v = json_object_get(c, "post");
		if (json_is_integer(v)) {
			if (asprintf(&line, _("%s, post %lld"), s,
			    (long long)json_integer_value(v)) == -1)
				line = NULL;
		} else
			line = strdup(s);
		row[0] = _("vacancy");
		row[1] = line;
		output_table_add(t, row);
		free(line);
	}

	/* external, seconded, serving: their words are the dashboard's */
	type = _(timeline_or(output_string(c, "staff_type"), "?"));
	if (asprintf(&line, "%s, %s%s%s", type,
	    json_is_true(json_object_get(c, "indefinite")) ? _("indefinite") :
	    _("definite"), json_is_true(json_object_get(c, "twin_graded")) ?
	    ", " : "", json_is_true(json_object_get(c, "twin_graded")) ?
	    _("twin-graded") : "") == -1)
		line = NULL;
	row[0] = _("staff type");
	row[1] = line;
	output_table_add(t, row);
	free(line);

	row[0] = _("start");
	row[1] = output_string(c, "start");
	output_table_add(t, row);
	if ((s = output_string(c, "language")) != NULL) {
		row[0] = _("language");
		row[1] = s;
		output_table_add(t, row);
	}
	if ((s = output_string(c, "birth_date")) != NULL) {
		row[0] = _("birth date");
		row[1] = s;
		output_table_add(t, row);
	}
	output_table_print(t, f, "  ");
	output_table_free(t);
}

/* By date, then as the daemon listed them; undated ones last. */
static int
timeline_compare(const void *a, const void *b)
{
	const struct timeline_item *x = a, *y = b;
	int cmp;

	if (x->date != NULL && y->date != NULL) {
		cmp = strcmp(x->date, y->date);
		if (cmp != 0)
			return cmp;
	} else if (x->date != NULL || y->date != NULL)
		return x->date != NULL ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void
timeline_milestones(FILE *f, json_t *c, const char *today)
{
	struct timeline_item *items;
	struct table *t;
	json_t *list, *m;
	const char *row[4], *at;
	char *note;
	size_t i, n = 0;
	bool marked = false;

	fprintf(f, "\n%s\n", _("Milestones"));
	list = json_object_get(c, "milestones");
	items = calloc(json_array_size(list) + 1, sizeof *items);
	if (items == NULL)
		return;
	json_array_foreach(list, i, m) {
		if (!json_is_object(m))
			continue;
		items[n].milestone = m;
		items[n].date = output_string(m, "date");
		items[n].index = i;
		n++;
	}
	qsort(items, n, sizeof *items, timeline_compare);

	t = output_table_new(4, NULL);
	for (i = 0; i <= n; i++) {
		if (today != NULL && !marked && (i == n || items[i].date == NULL ||
		    strcmp(items[i].date, today) >= 0)) {
			row[0] = today;
			row[1] = _("-- today --");
			row[2] = row[3] = "";
			output_table_add(t, row);
			marked = true;
		}
		if (i == n)
			break;
		m = items[i].milestone;
		note = NULL;
		at = output_string(m, "at");
		if (json_is_true(json_object_get(m, "overdue"))) {
			if (at == NULL)
				note = strdup(_("OVERDUE"));
			/* TRANSLATORS: overdue, and done at an instant. */
			else if (asprintf(&note, _("OVERDUE  at %s"), at) == -1)
				note = NULL;
		} else if (at != NULL && asprintf(&note, _("at %s"), at) == -1)
			note = NULL;
		row[0] = timeline_or(items[i].date, "?");
		row[1] = timeline_or(output_string(m, "kind"), "?");
		row[2] = timeline_or(output_string(m, "status"), "?");
		row[3] = note != NULL ? note : "";
		output_table_add(t, row);
		free(note);
	}
	if (n == 0 && today == NULL)
		fprintf(f, "  %s\n", _("none"));
	output_table_print(t, f, "  ");
	output_table_free(t);
	free(items);
}

/* "until 2031-08-31", "2027-01-15 (resigned)": a column, dates short. */
static char *
timeline_decision_what(json_t *d)
{
	const char *date, *until, *reason;
	char *until_text = NULL, *what;

	date = output_string(d, "date");
	until = output_string(d, "until");
	reason = output_string(d, "reason");
	if (until != NULL && asprintf(&until_text, _("until %s"), until) == -1)
		return NULL;
	if (asprintf(&what, "%s%s%s%s%s%s",
	    until_text != NULL ? until_text : "",
	    until != NULL && date != NULL ? ", " : "",
	    date != NULL ? date : "",
	    reason != NULL ? (until != NULL || date != NULL ? " (" : "(") : "",
	    reason != NULL ? reason : "", reason != NULL ? ")" : "") == -1)
		what = NULL;
	free(until_text);
	return what;
}

static void
timeline_decisions(FILE *f, json_t *c)
{
	char buf[OUTPUT_SCALAR_MAX], *id, *what, *recorded, *revoked;
	const char *row[5], *at, *by, *s;
	struct table *t;
	json_t *list, *d;
	size_t i;

	fprintf(f, "\n%s\n", _("Decisions"));
	list = json_object_get(c, "decisions");
	t = output_table_new(5, NULL);
	json_array_foreach(list, i, d) {
		if (!json_is_object(d))
			continue;
		s = output_scalar(d, "id", buf);
		if (asprintf(&id, "#%s", timeline_or(s, "?")) == -1)
			id = NULL;
		what = timeline_decision_what(d);
		at = timeline_or(output_string(d, "recorded_at"), "?");
		by = output_string(d, "recorded_by");
		/* TRANSLATORS: a decision recorded at an instant by an
		 * account. */
		if ((by != NULL ? asprintf(&recorded, _("recorded %s by %s"),
		    at, by) : asprintf(&recorded, _("recorded %s"), at)) == -1)
			recorded = NULL;
		revoked = NULL;
		if ((s = output_string(d, "revoked_at")) != NULL &&
		    asprintf(&revoked, _("REVOKED %s"), s) == -1)
			revoked = NULL;
		row[0] = id;
		row[1] = timeline_or(output_string(d, "type"), "?");
		row[2] = what != NULL ? what : "";
		row[3] = recorded;
		row[4] = revoked != NULL ? revoked : "";
		output_table_add(t, row);
		free(id);
		free(what);
		free(recorded);
		free(revoked);
	}
	if (output_table_rows(t) == 0)
		fprintf(f, "  %s\n", _("none"));
	output_table_print(t, f, "  ");
	output_table_free(t);
}

/* The contract c as text; today (YYYY-MM-DD) places the marker, if known. */
void
timeline_print(FILE *f, json_t *c, const char *today)
{
	if (today != NULL && !args_date_valid(today))
		today = NULL;
	timeline_header(f, c);
	timeline_milestones(f, c, today);
	timeline_decisions(f, c);
}
