#include "digest-text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "ical.h"
#include "reminder-text.h"

/* The widest short date of each language ("Wed 30 Sep", "mer. 30
 * sept."): shorter ones are padded to it so the labels line up. */
static const int short_width[LANG_COUNT] = { [LANG_EN] = 10, [LANG_FR] = 13 };

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
	enum lang l = g->lang;

	for (size_t i = 0; i < g->count; i++)
		digest_item_clear(&g->items[i]);
	free(g->items);
	digest_text_init(g, g->day, g->timezone);
	g->lang = l;
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

/* A weekday's name and a long date. */
#define LONG_DATE_LEN (I18N_DATE_LEN + 16)

/* "Monday 23 November 2026", "lundi 1er décembre 2026". */
static void
long_date(enum lang l, int32_t date, char out[LONG_DATE_LEN])
{
	char d[I18N_DATE_LEN];

	i18n_date_long(l, date, d);
	snprintf(out, LONG_DATE_LEN, "%s %s",
	    i18n_weekday_name(l, date_iso_weekday(date)), d);
}

/* Characters, not bytes: "févr." is five wide. */
static int
display_width(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* "Mon 23 Nov", "lun. 23 nov.", with the year when it is not the
 * digest's. */
static void
put_short_date(FILE *f, enum lang l, int32_t date, int32_t today)
{
	char out[48];
	int y, m, d, ty, tm, td, n, pad;

	date_to_ymd(date, &y, &m, &d);
	date_to_ymd(today, &ty, &tm, &td);
	n = snprintf(out, sizeof out, "%s %2d %s",
	    i18n_weekday_abbr(l, date_iso_weekday(date)), d,
	    i18n_month_abbr(l, m));
	if (y != ty && n > 0 && (size_t)n < sizeof out)
		snprintf(out + n, sizeof out - (size_t)n, " %d", y);
	pad = ((unsigned)l < LANG_COUNT ? short_width[l] : 0) -
	    display_width(out);
	fprintf(f, "%s%*s", out, pad > 0 ? pad : 0, "");
}

static void
put_item(FILE *f, const struct digest *g, const struct digest_item *it,
    bool overdue, bool *ok)
{
	struct reminder_text t = {
		.lang = g->lang, .kind = it->kind,
		.contract_id = it->contract_id, .vacancy = it->vacancy,
		.person_name = it->person_name, .title = it->title,
	};
	char *whom = reminder_text_whom(&t), hour[REMINDER_DUE_LEN];
	unsigned long late = (unsigned long)(g->day - it->date);

	if (whom == NULL) {
		*ok = false;
		return;
	}
	fputs("  ", f);
	put_short_date(f, g->lang, it->date, g->day);
	fputs("  ", f);
	fprintf(f, tr(g->lang, "%1$s: %2$s"),
	    ical_text_label(g->lang, it->kind), whom);
	if (it->at != 0) {
		reminder_text_hour(g->lang, it->at,
		    reminder_text_zone(it->kind, g->timezone), hour);
		fprintf(f, ", %s", hour);
	}
	if (overdue)
		fprintf(f, trn(g->lang, ", overdue by %lu day",
		    ", overdue by %lu days", late), late);
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
	char *buf = NULL, day[LONG_DATE_LEN];
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	long_date(g->lang, g->day, day);
	/* "[tenured]" is the product's tag, which mail filters match on: the
	 * same in every language. */
	fputs("[tenured] ", f);
	fprintf(f, tr(g->lang, "Daily digest for %s: %zu overdue, %zu due in "
	    "%d days"), day, g->overdue, g->count - g->overdue + g->more,
	    DIGEST_DAYS);
	return finish(f, &buf, true);
}

char *
digest_text_body(const struct digest *g)
{
	char *buf = NULL, from[LONG_DATE_LEN], to[LONG_DATE_LEN];
	enum lang l = g->lang;
	size_t len = 0;
	int32_t week = DATE_NONE, monday;
	bool ok = true;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	long_date(l, g->day, from);
	long_date(l, g->day + DIGEST_DAYS - 1, to);
	fprintf(f, tr(l, "What is due from %s to %s."), from, to);
	fputc('\n', f);
	if (g->overdue > 0) {
		fputc('\n', f);
		fprintf(f, tr(l, "Overdue decisions (%zu): not recorded as done "
		    "in tenured"), g->overdue);
		fputc('\n', f);
		for (size_t i = 0; i < g->overdue; i++)
			put_item(f, g, &g->items[i], true, &ok);
	}
	for (size_t i = g->overdue; i < g->count; i++) {
		monday = g->items[i].date - (date_iso_weekday(
		    g->items[i].date) - 1);
		if (monday != week) {
			long_date(l, monday, from);
			fputc('\n', f);
			fprintf(f, tr(l, "Week of %s"), from);
			fputc('\n', f);
			week = monday;
		}
		put_item(f, g, &g->items[i], false, &ok);
	}
	if (g->overdue == g->count && g->more == 0) {
		fputc('\n', f);
		fprintf(f, tr(l, "Nothing else is due in the next %d days."),
		    DIGEST_DAYS);
		fputc('\n', f);
	}
	if (g->more > 0) {
		fputc('\n', f);
		fprintf(f, trn(l, "... and %zu more. `tenurectl upcoming "
		    "--within %dd` lists them all.", "... and %zu more. "
		    "`tenurectl upcoming --within %dd` lists them all.",
		    g->more), g->more, DIGEST_DAYS);
		fputc('\n', f);
	}
	fprintf(f, "\n%s\n\n-- \n%s\n", tr(l, "A decision is recorded with "
	    "`tenurectl contract renew`, `not-renew`, `request-conversion` or "
	    "`convert`; once recorded, its reminders stop."),
	    tr(l, "A daily digest from tenured."));
	return finish(f, &buf, ok);
}
