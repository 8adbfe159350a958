#include "reminder-text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ical.h"
#include "ical-text.h"
#include "localtime.h"

static bool
has_text(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* The text of an open_memstream stream, which only closing makes final. */
static char *
stream_done(FILE *f, char **buf, bool ok)
{
	if (fclose(f) != 0 || !ok) {
		free(*buf);
		return NULL;
	}
	return *buf;
}

/* One case per shape of what is known, each a whole phrase to
 * translate. */
static void
put_whom_line(FILE *f, enum lang l, long long id, const char *name,
    const char *ref, const char *title)
{
	if (id != 0 && name == NULL)
		fprintf(f, tr(l, "contract %lld"), id);
	else if (id != 0 && ref != NULL)
		fprintf(f, "%s (%s)", name, ref);
	else if (id != 0)
		fprintf(f, tr(l, "%s (contract %lld)"), name, id);
	else if (title != NULL && ref != NULL)
		fprintf(f, tr(l, "%s (vacancy %s)"), title, ref);
	else if (title != NULL)
		fputs(title, f);
	else if (ref != NULL)
		fprintf(f, tr(l, "vacancy %s"), ref);
}

/* Names and references come from imported data: cleaned to one line so
 * that a line break cannot start a header or a Slack paragraph. */
static bool
put_whom(FILE *f, const struct reminder_text *t)
{
	char *name = has_text(t->person_name) ?
	    ical_text_clean(t->person_name) : NULL;
	char *ref = has_text(t->vacancy) ? ical_text_clean(t->vacancy) : NULL;
	char *title = has_text(t->title) ? ical_text_clean(t->title) : NULL;
	bool ok = (name != NULL || !has_text(t->person_name)) &&
	    (ref != NULL || !has_text(t->vacancy)) &&
	    (title != NULL || !has_text(t->title));

	if (ok)
		put_whom_line(f, t->lang, (long long)t->contract_id, name, ref,
		    title);
	free(name);
	free(ref);
	free(title);
	return ok;
}

char *
reminder_text_whom(const struct reminder_text *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	return stream_done(f, &buf, put_whom(f, t));
}

char *
reminder_text_headline(const struct reminder_text *t)
{
	const char *label = ical_text_label(t->lang, t->kind);
	char *buf = NULL, *whom, *when = NULL;
	unsigned long days = (unsigned long)(t->days_before < 0 ?
	    -t->days_before : t->days_before);
	size_t len = 0;
	int n;
	FILE *f;

	if ((whom = reminder_text_whom(t)) == NULL)
		return NULL;
	/* A whole phrase per case, so a translation orders it as it must. */
	if (t->escalation || t->days_before < 0)
		n = asprintf(&when, trn(t->lang, "%s, overdue by %lu day",
		    "%s, overdue by %lu days", days), label, days);
	else if (days == 0)
		n = asprintf(&when, tr(t->lang, "%s today"), label);
	else
		n = asprintf(&when, trn(t->lang, "%s in %lu day",
		    "%s in %lu days", days), label, days);
	if (n < 0 || (f = open_memstream(&buf, &len)) == NULL) {
		free(whom);
		free(n < 0 ? NULL : when);
		return NULL;
	}
	/* TRANSLATORS: what is due: whom it is about. */
	fprintf(f, tr(t->lang, "%1$s: %2$s"), when, whom);
	free(when);
	free(whom);
	return stream_done(f, &buf, true);
}

const char *
reminder_text_zone(enum milestone_kind kind, const char *tz)
{
	if (kind == MS_APPLICATION_DEADLINE)
		return ICAL_DEADLINE_TZID;
	return has_text(tz) ? tz : "UTC";
}

void
reminder_text_hour(enum lang l, int64_t at, const char *tz,
    char out[REMINDER_DUE_LEN])
{
	char when[LOCALTIME_RFC3339_LEN], hour[6];

	localtime_format_rfc3339(tz, at, when);
	snprintf(hour, sizeof hour, "%.5s", when + 11);
	/* TRANSLATORS: "23:59 (Europe/Brussels time)" */
	snprintf(out, REMINDER_DUE_LEN, tr(l, "%s (%s time)"), hour, tz);
}

void
reminder_text_due(const struct reminder_text *t, char out[REMINDER_DUE_LEN])
{
	const char *tz = reminder_text_zone(t->kind, t->timezone);
	char day[I18N_DATE_LEN], hour[REMINDER_DUE_LEN];

	if (t->at == 0) {
		i18n_date_long(t->lang, t->date, out);
		return;
	}
	/* The day of the instant where it is meant, which for a deadline
	 * just before midnight differs from the UTC one. */
	i18n_date_long(t->lang, localtime_date_of(tz, t->at), day);
	reminder_text_hour(t->lang, t->at, tz, hour);
	/* TRANSLATORS: "10 May 2026 at 23:59 (Europe/Brussels time)" */
	snprintf(out, REMINDER_DUE_LEN, tr(t->lang, "%s at %s"), day, hour);
}
