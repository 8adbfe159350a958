#include "digest-text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "email.h"
#include "ical.h"
#include "localtime.h"

static const char *const weekdays[] = { "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday" };
static const char *const months[] = { "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December" };

void
digest_text_init(struct digest *g, int32_t day, const char *timezone)
{
	memset(g, 0, sizeof *g);
	g->day = day;
	g->timezone = timezone;
}

static void
digest_item_clear(struct digest_item *it)
{
	free(it->vacancy);
	free(it->person_name);
	free(it->title);
}

void
digest_text_clear(struct digest *g)
{
	for (size_t i = 0; i < g->count; i++)
		digest_item_clear(&g->items[i]);
	free(g->items);
	digest_text_init(g, g->day, g->timezone);
}

static bool
copy_text(char **dst, const char *src)
{
	*dst = NULL;
	return src == NULL || (*dst = strdup(src)) != NULL;
}

int
digest_text_add(struct digest *g, const struct digest_item *it, bool overdue)
{
	struct digest_item *c;

	if (g->count == DIGEST_ITEMS_MAX) {
		g->more++;
		return 0;
	}
	if (g->count == g->cap) {
		size_t ncap = g->cap ? g->cap * 2 : 32;
		void *n = realloc(g->items, ncap * sizeof *g->items);

		if (n == NULL)
			return -1;
		g->items = n;
		g->cap = ncap;
	}
	c = &g->items[g->count];
	*c = *it;
	if (!copy_text(&c->vacancy, it->vacancy) ||
	    !copy_text(&c->person_name, it->person_name) ||
	    !copy_text(&c->title, it->title)) {
		digest_item_clear(c);
		return -1;
	}
	g->count++;
	if (overdue)
		g->overdue++;
	return 0;
}

bool
digest_text_empty(const struct digest *g)
{
	return g->count == 0 && g->more == 0;
}

/* "Monday 23 November 2026". */
static void
put_long_date(FILE *f, int32_t date)
{
	int y, m, d;

	date_to_ymd(date, &y, &m, &d);
	fprintf(f, "%s %d %s %d", weekdays[date_iso_weekday(date) - 1], d,
	    months[m - 1], y);
}

/* "Mon 23 Nov", with the year when it is not the digest's. */
static void
put_short_date(FILE *f, int32_t date, int32_t today)
{
	int y, m, d, ty, tm, td;

	date_to_ymd(date, &y, &m, &d);
	date_to_ymd(today, &ty, &tm, &td);
	fprintf(f, "%.3s %2d %.3s", weekdays[date_iso_weekday(date) - 1], d,
	    months[m - 1]);
	if (y != ty)
		fprintf(f, " %d", y);
}

static void
put_item(FILE *f, const struct digest *g, const struct digest_item *it,
    bool overdue, bool *ok)
{
	struct email_reminder r = {
		.contract_id = it->contract_id, .vacancy = it->vacancy,
		.person_name = it->person_name, .title = it->title,
	};
	char *whom = email_whom(&r);
	char when[LOCALTIME_RFC3339_LEN];
	const char *tz;
	int late = (int)(g->day - it->date);

	if (whom == NULL) {
		*ok = false;
		return;
	}
	fputs("  ", f);
	put_short_date(f, it->date, g->day);
	fprintf(f, "  %s: %s", ical_text_label(it->kind), whom);
	if (it->at != 0) {
		tz = it->kind == MS_APPLICATION_DEADLINE ? ICAL_DEADLINE_TZID :
		    g->timezone;
		localtime_format_rfc3339(tz, it->at, when);
		fprintf(f, ", %.5s (%s time)", when + 11, tz);
	}
	if (overdue)
		fprintf(f, ", overdue by %d day%s", late, late == 1 ? "" : "s");
	fputc('\n', f);
	free(whom);
}

/* The stream's buffer is only final once it is closed. */
static char *
finish(FILE *f, char **buf, bool ok)
{
	if (fclose(f) != 0 || !ok) {
		free(*buf);
		return NULL;
	}
	return *buf;
}

char *
digest_text_subject(const struct digest *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	fputs("[tenured] Daily digest for ", f);
	put_long_date(f, g->day);
	fprintf(f, ": %zu overdue, %zu due in %d days", g->overdue,
	    g->count - g->overdue + g->more, DIGEST_DAYS);
	return finish(f, &buf, true);
}

char *
digest_text_body(const struct digest *g)
{
	char *buf = NULL;
	size_t len = 0;
	int32_t week = DATE_NONE, monday;
	bool ok = true;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	fputs("What is due from ", f);
	put_long_date(f, g->day);
	fputs(" to ", f);
	put_long_date(f, g->day + DIGEST_DAYS - 1);
	fputs(".\n", f);
	if (g->overdue > 0) {
		fprintf(f, "\nOverdue decisions (%zu): not recorded as done "
		    "in tenured\n", g->overdue);
		for (size_t i = 0; i < g->overdue; i++)
			put_item(f, g, &g->items[i], true, &ok);
	}
	for (size_t i = g->overdue; i < g->count; i++) {
		monday = g->items[i].date - (date_iso_weekday(
		    g->items[i].date) - 1);
		if (monday != week) {
			fputs("\nWeek of ", f);
			put_long_date(f, monday);
			fputc('\n', f);
			week = monday;
		}
		put_item(f, g, &g->items[i], false, &ok);
	}
	if (g->overdue == g->count && g->more == 0)
		fprintf(f, "\nNothing else is due in the next %d days.\n",
		    DIGEST_DAYS);
	if (g->more > 0)
		fprintf(f, "\n... and %zu more. `tenurectl upcoming --within "
		    "%dd` lists them all.\n", g->more, DIGEST_DAYS);
	fputs("\nA decision is recorded with `tenurectl contract renew`, "
	    "`not-renew`, `request-conversion` or `convert`; once recorded, "
	    "its reminders stop.\n\n-- \nA daily digest from tenured.\n", f);
	return finish(f, &buf, ok);
}
