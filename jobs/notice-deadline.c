/* Dates and times as the notices write them: "22-Jun-2025, 11:59:00 PM" in
 * the English half, "22-juin-2025, 23:59:00" or "05-janv.-2025" in the
 * French one, and the other common spellings a notice edited by hand may
 * carry. One reader serves both halves: no English and French month name
 * mean different months. */
#include "notice.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "localtime.h"

/* Full month names, folded to ASCII lower case; any unambiguous prefix of
 * three letters or more names the month ("sept", "janv", "juil", "aout"). */
static const char *const notice_deadline_names[][2] = {
	{ "january", "janvier" }, { "february", "fevrier" },
	{ "march", "mars" }, { "april", "avril" }, { "may", "mai" },
	{ "june", "juin" }, { "july", "juillet" }, { "august", "aout" },
	{ "september", "septembre" }, { "october", "octobre" },
	{ "november", "novembre" }, { "december", "decembre" },
};

static bool
notice_deadline_is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xc0;
}

/* The ASCII letter a Latin-1 Supplement letter (second byte after 0xC3)
 * stands for when accents are dropped; 0 for anything else. */
static char
notice_deadline_unaccent(unsigned char c)
{
	static const char map[] =
	    "aaaaaaaceeeeiiiidnooooo/ouuuuyts"	/* 0x80-0x9f, upper */
	    "aaaaaaaceeeeiiiidnooooo/ouuuuyty";	/* 0xa0-0xbf, lower */

	if (c < 0x80 || c > 0xbf)
		return 0;
	return map[c - 0x80];
}

/*
 * Folds a word to lower-case ASCII without accents into out (cap bytes,
 * NUL-terminated). Returns the folded length, or 0 when a character has no
 * ASCII letter to stand for or the word does not fit: not a month either way.
 */
static size_t
notice_deadline_fold(const char *w, size_t len, char *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];
		char a;

		if (c < 0x80)
			a = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		else if (c == 0xc3 && i + 1 < len && (a =
		    notice_deadline_unaccent((unsigned char)w[i + 1])) != 0)
			i++;
		else
			return 0;
		if (n + 1 >= cap)
			return 0;
		out[n++] = a;
	}
	out[n] = '\0';
	return n;
}

int
notice_deadline_month(const char *word, size_t len)
{
	char w[16];
	size_t n;
	int found = 0;

	if (len > 0 && word[len - 1] == '.')
		len--;
	n = notice_deadline_fold(word, len, w, sizeof w);
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		for (int lang = 0; lang < 2; lang++) {
			const char *name = notice_deadline_names[m][lang];

			if (strlen(name) < n || memcmp(name, w, n) != 0)
				continue;
			/* "jui" could be June or July. */
			if (found != 0 && found != m + 1)
				return 0;
			found = m + 1;
		}
	}
	return found;
}

struct notice_cursor {
	const char *p, *end;
};

static void
notice_deadline_skip(struct notice_cursor *c, const char *set)
{
	while (c->p < c->end && *c->p != '\0' && strchr(set, *c->p) != NULL)
		c->p++;
}

/* Up to max digits; -1 when there is none or more than max. */
static int
notice_deadline_digits(struct notice_cursor *c, int max, int *count)
{
	int v = 0, n = 0;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (++n > max)
			return -1;
		v = v * 10 + (*c->p++ - '0');
	}
	*count = n;
	return n == 0 ? -1 : v;
}

/* A word of letters (accented ones included), with its trailing dot. */
static size_t
notice_deadline_word(struct notice_cursor *c, const char **start)
{
	const char *s = c->p;

	while (c->p < c->end &&
	    notice_deadline_is_letter((unsigned char)*c->p)) {
		c->p++;
		/* Continuation bytes of an accented letter. */
		while (c->p < c->end && ((unsigned char)*c->p & 0xc0) == 0x80)
			c->p++;
	}
	if (c->p > s && c->p < c->end && *c->p == '.')
		c->p++;
	*start = s;
	return (size_t)(c->p - s);
}

static bool
notice_deadline_word_is(const char *w, size_t n, const char *const *list)
{
	char f[16];
	size_t len = notice_deadline_fold(w, n, f, sizeof f);

	for (; len > 0 && *list != NULL; list++) {
		if (strcmp(f, *list) == 0)
			return true;
	}
	return false;
}

/* 2-digit years are this century's: "13-Oct-24" is 2024. */
static int
notice_deadline_year(struct notice_cursor *c)
{
	int n, y = notice_deadline_digits(c, 4, &n);

	if (y < 0 || (n != 4 && n != 2))
		return -1;
	return n == 2 ? 2000 + y : y;
}

/* "1er", "22nd": ordinal suffixes after a day number. */
static void
notice_deadline_ordinal(struct notice_cursor *c)
{
	static const char *const suffixes[] = { "er", "st", "nd", "rd", "th" };

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		if (c->end - c->p >= 2 && strncmp(c->p, suffixes[i], 2) == 0 &&
		    (c->end - c->p == 2 ||
		    !notice_deadline_is_letter((unsigned char)c->p[2]))) {
			c->p += 2;
			return;
		}
	}
}

static enum notice_date_status
notice_deadline_date(struct notice_cursor *c, struct notice_date *d)
{
	/* Words that may stand before a date and change nothing. */
	static const char *const weekdays[] = { "le", "on", "monday", "tuesday",
	    "wednesday", "thursday", "friday", "saturday", "sunday", "lundi",
	    "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	    "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };
	const char *w;
	size_t wn;
	int a, na;

	notice_deadline_skip(c, " ");
	if (c->p < c->end && notice_deadline_is_letter((unsigned char)*c->p)) {
		wn = notice_deadline_word(c, &w);
		if ((d->month = notice_deadline_month(w, wn)) != 0) {
			/* "June 22, 2025" */
			notice_deadline_skip(c, " .-");
			if ((d->day = notice_deadline_digits(c, 2, &na)) < 0)
				return NOTICE_DATE_UNREADABLE;
			notice_deadline_ordinal(c);
			notice_deadline_skip(c, " ,");
			d->year = notice_deadline_year(c);
			return d->year < 0 ? NOTICE_DATE_UNREADABLE :
			    NOTICE_DATE_OK;
		}
		if (!notice_deadline_word_is(w, wn, weekdays))
			return NOTICE_DATE_UNREADABLE;
		notice_deadline_skip(c, " ,");
	}
	if ((a = notice_deadline_digits(c, 4, &na)) < 0)
		return NOTICE_DATE_UNREADABLE;
	if (na == 4) {
		/* ISO 8601: 2025-06-22 */
		d->year = a;
		if (c->p >= c->end || strchr("-/.", *c->p) == NULL)
			return NOTICE_DATE_UNREADABLE;
		c->p++;
		if ((d->month = notice_deadline_digits(c, 2, &na)) < 0 ||
		    c->p >= c->end || strchr("-/.", *c->p) == NULL)
			return NOTICE_DATE_UNREADABLE;
		c->p++;
		d->day = notice_deadline_digits(c, 2, &na);
		return d->day < 0 ? NOTICE_DATE_UNREADABLE : NOTICE_DATE_OK;
	}
	if (na > 2)
		return NOTICE_DATE_UNREADABLE;
	d->day = a;
	notice_deadline_ordinal(c);
	notice_deadline_skip(c, " -/.");
	if (c->p < c->end && notice_deadline_is_letter((unsigned char)*c->p)) {
		/* 22-Jun-2025, 13-oct.-2024, 1er juin 2025 */
		wn = notice_deadline_word(c, &w);
		if ((d->month = notice_deadline_month(w, wn)) == 0)
			return NOTICE_DATE_UNREADABLE;
		notice_deadline_skip(c, " -/.,");
	} else {
		/* Day first, as written in Brussels: 22/06/2025, 22.06.2025 */
		if ((d->month = notice_deadline_digits(c, 2, &na)) < 0 ||
		    c->p >= c->end || strchr("-/.", *c->p) == NULL)
			return NOTICE_DATE_UNREADABLE;
		c->p++;
	}
	d->year = notice_deadline_year(c);
	return d->year < 0 ? NOTICE_DATE_UNREADABLE : NOTICE_DATE_OK;
}

/* "11:59:00 PM", "23:59:00", "23:59", "23h59", "23 h 59", "11 p.m.". */
static enum notice_date_status
notice_deadline_time(struct notice_cursor *c, struct notice_date *d)
{
	static const char *const am[] = { "am", "a.m.", NULL };
	static const char *const pm[] = { "pm", "p.m.", NULL };
	int h, m = 0, s = 0, n, half = 0;
	bool sep = false;

	if ((h = notice_deadline_digits(c, 2, &n)) < 0)
		return NOTICE_DATE_BAD_TIME;
	notice_deadline_skip(c, " ");
	if (c->p < c->end && (*c->p == ':' || *c->p == 'h' || *c->p == 'H')) {
		char mark = *c->p++;

		sep = true;
		notice_deadline_skip(c, " ");
		if (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
			m = notice_deadline_digits(c, 2, &n);
			if (m < 0 || n != 2)
				return NOTICE_DATE_BAD_TIME;
			if (mark == ':' && c->p < c->end && *c->p == ':') {
				c->p++;
				s = notice_deadline_digits(c, 2, &n);
				if (s < 0 || n != 2)
					return NOTICE_DATE_BAD_TIME;
			}
		} else if (mark == ':')
			return NOTICE_DATE_BAD_TIME;
	}
	notice_deadline_skip(c, " ");
	for (int k = 0; k < 2 && !half; k++) {
		const char *const *list = k == 0 ? am : pm;

		for (; *list != NULL; list++) {
			size_t len = strlen(*list);

			if ((size_t)(c->end - c->p) >= len &&
			    strncasecmp(c->p, *list, len) == 0 &&
			    ((size_t)(c->end - c->p) == len ||
			    !notice_deadline_is_letter(
			    (unsigned char)c->p[len]))) {
				c->p += len;
				half = k + 1;
				break;
			}
		}
	}
	/* A bare number is not a time: "2025 15" says nothing we can use. */
	if (!sep && !half)
		return NOTICE_DATE_BAD_TIME;
	if (m > 59 || s > 59)
		return NOTICE_DATE_BAD_TIME;
	if (half) {
		if (h < 1 || h > 12)
			return NOTICE_DATE_BAD_TIME;
		h = h % 12 + (half == 2 ? 12 : 0);
	} else if (h > 23)
		return NOTICE_DATE_BAD_TIME;
	d->seconds = h * 3600 + m * 60 + s;
	d->has_time = true;
	return NOTICE_DATE_OK;
}

enum notice_date_status
notice_deadline_read(const char *text, size_t len, struct notice_date *out)
{
	static const char *const at[] = { "at", "a", "by", NULL };
	struct notice_cursor c = { text, text + len };
	struct notice_date d = { .seconds = 23 * 3600 + 59 * 60 };
	enum notice_date_status st;
	const char *w, *save;
	size_t wn;

	*out = d;
	if ((st = notice_deadline_date(&c, &d)) != NOTICE_DATE_OK)
		return st;
	if (!date_valid_ymd(d.year, d.month, d.day)) {
		*out = d;
		return NOTICE_DATE_IMPOSSIBLE;
	}
	notice_deadline_skip(&c, " ,;-");
	/* ISO 8601's 2025-06-22T23:59:00 */
	if (c.p + 1 < c.end && (*c.p == 'T' || *c.p == 't') &&
	    c.p[1] >= '0' && c.p[1] <= '9')
		c.p++;
	/* "at 11:59 PM", "à 23:59" */
	save = c.p;
	wn = notice_deadline_word(&c, &w);
	if (wn == 0 || !notice_deadline_word_is(w, wn, at))
		c.p = save;
	notice_deadline_skip(&c, " ,");
	/* What follows the date is a time, or a remark such as "(Brussels
	 * time)" that changes nothing: every deadline is Brussels time. */
	if (c.p < c.end && *c.p >= '0' && *c.p <= '9' &&
	    (st = notice_deadline_time(&c, &d)) != NOTICE_DATE_OK)
		return st;
	*out = d;
	return NOTICE_DATE_OK;
}

static const char *const notice_deadline_month_names[] = { "January",
    "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December" };

int
notice_deadline_instant(struct vacancy *v, struct failure *f,
    const char *field, const char *text, int line, bool required,
    enum notice_lang lang, int64_t *out)
{
	struct notice_date d;
	char q[96], why[96];
	int rc;

	if (text == NULL) {
		if (required)
			return failure_set(f, FAILURE_INVALID_FIELD, field,
			    "the notice has no %s line", lang == NOTICE_LANG_FR ?
			    "Date de retrait (Application Deadline)" :
			    "Application Deadline");
		return notice_warn(v, field, 0, "the French half has no "
		    "\"Date de retrait\" line to check the deadline against");
	}
	notice_text_quote(q, 80, text, strlen(text));
	switch (notice_deadline_read(text, strlen(text), &d)) {
	case NOTICE_DATE_OK:
		/* The notices are NATO HQ's: Brussels time, whatever the
		 * reader's zone, with the SPEC's DST rules. */
		*out = localtime_to_instant(VACANCY_TIMEZONE,
		    date_from_ymd(d.year, d.month, d.day), d.seconds);
		return 0;
	case NOTICE_DATE_IMPOSSIBLE:
		if (d.month < 1 || d.month > 12)
			snprintf(why, sizeof why, "there is no month %d",
			    d.month);
		else if (d.year < DATE_YEAR_MIN || d.year > DATE_YEAR_MAX)
			snprintf(why, sizeof why, "years run from %d to %d",
			    DATE_YEAR_MIN, DATE_YEAR_MAX);
		else
			snprintf(why, sizeof why, "%s %d has %d days",
			    notice_deadline_month_names[d.month - 1], d.year,
			    date_days_in_month(d.year, d.month));
		rc = failure_set(f, FAILURE_INVALID_FIELD, field,
		    "line %d: \"%s\" is not a real date: %s", line, q, why);
		f->line = line;
		return rc;
	case NOTICE_DATE_BAD_TIME:
		snprintf(why, sizeof why, "its time of day does not exist");
		break;
	case NOTICE_DATE_UNREADABLE:
		snprintf(why, sizeof why, "it is not a date such as %s",
		    lang == NOTICE_LANG_EN ?
		    "22-Jun-2025 or 22-Jun-2025, 11:59:00 PM" :
		    "22-juin-2025 or 22-juin-2025, 23:59:00");
		break;
	}
	if (!required)
		return notice_warn(v, field, line, "\"%s\" cannot be checked "
		    "against the deadline: %s", q, why);
	rc = failure_set(f, FAILURE_INVALID_FIELD, field,
	    "line %d: cannot read the deadline \"%s\": %s", line, q, why);
	f->line = line;
	return rc;
}
