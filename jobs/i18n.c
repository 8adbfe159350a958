#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n-catalog.h"

static enum lang current = LANG_DEFAULT;

void
i18n_set_current(enum lang l)
{
	current = (unsigned)l < LANG_COUNT ? l : LANG_DEFAULT;
}

enum lang
i18n_current(void)
{
	return current;
}

static int
by_msgid(const void *key, const void *entry)
{
	return strcmp(key, ((const struct i18n_entry *)entry)->msgid);
}

static const struct i18n_entry *
find(enum lang l, const char *msgid)
{
	if (l != LANG_FR || msgid == NULL)
		return NULL;
	return bsearch(msgid, i18n_catalog_fr, i18n_catalog_fr_count,
	    sizeof *i18n_catalog_fr, by_msgid);
}

const char *
tr(enum lang l, const char *msgid)
{
	const struct i18n_entry *e = find(l, msgid);

	return e != NULL ? e->msgstr : msgid;
}

const char *
trn(enum lang l, const char *singular, const char *plural, unsigned long n)
{
	const struct i18n_entry *e = find(l, singular);

	if (l == LANG_FR && e != NULL && e->msgstr_plural != NULL)
		return n > 1 ? e->msgstr_plural : e->msgstr;
	return n == 1 ? singular : plural;
}

size_t
i18n_catalog_size(enum lang l)
{
	return l == LANG_FR ? i18n_catalog_fr_count : 0;
}

const char *
i18n_month_name(enum lang l, int month)
{
	static const char *const en[12] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	static const char *const fr[12] = { "janvier", "février", "mars",
	    "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
	    "novembre", "décembre" };

	if (month < 1 || month > 12)
		return "?";
	return l == LANG_FR ? fr[month - 1] : en[month - 1];
}

const char *
i18n_month_abbr(enum lang l, int month)
{
	static const char *const en[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const char *const fr[12] = { "janv.", "févr.", "mars", "avr.",
	    "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc." };

	if (month < 1 || month > 12)
		return "?";
	return l == LANG_FR ? fr[month - 1] : en[month - 1];
}

const char *
i18n_weekday_name(enum lang l, int iso_weekday)
{
	static const char *const en[7] = { "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };
	static const char *const fr[7] = { "lundi", "mardi", "mercredi",
	    "jeudi", "vendredi", "samedi", "dimanche" };

	if (iso_weekday < 1 || iso_weekday > 7)
		return "?";
	return l == LANG_FR ? fr[iso_weekday - 1] : en[iso_weekday - 1];
}

const char *
i18n_weekday_abbr(enum lang l, int iso_weekday)
{
	static const char *const en[7] = { "Mon", "Tue", "Wed", "Thu", "Fri",
	    "Sat", "Sun" };
	static const char *const fr[7] = { "lun.", "mar.", "mer.", "jeu.",
	    "ven.", "sam.", "dim." };

	if (iso_weekday < 1 || iso_weekday > 7)
		return "?";
	return l == LANG_FR ? fr[iso_weekday - 1] : en[iso_weekday - 1];
}

void
i18n_date_long(enum lang l, int32_t date, char out[I18N_DATE_LEN])
{
	int y, m, d;

	if (date == DATE_NONE) {
		snprintf(out, I18N_DATE_LEN, "%s", tr(l, "(no date)"));
		return;
	}
	date_to_ymd(date, &y, &m, &d);
	/* French writes the first of the month as an ordinal: 1er août. */
	if (l == LANG_FR && d == 1)
		snprintf(out, I18N_DATE_LEN, "1er %s %d", i18n_month_name(l, m),
		    y);
	else
		snprintf(out, I18N_DATE_LEN, "%d %s %d", d,
		    i18n_month_name(l, m), y);
}
