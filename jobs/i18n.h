/* Translations (SPEC section 12). The catalogs are po/LANG.po, compiled
 * into the program at build time (po/po2c.py) rather than looked up with
 * gettext's runtime: one daemon writes to readers of both languages at
 * once, servers often have no French locale installed, and tests run the
 * binaries from the build tree (docs/i18n.md). English is the msgid
 * itself. Mark text with tr(LANG, "..."), trn() for counts, N_() in
 * tables translated later, and _() for the current language: the one of
 * the request being answered (the daemon) or of the locale (tenurectl). */
#ifndef TENURED_I18N_H
#define TENURED_I18N_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"

#define N_(text) (text)
#define _(text) tr(i18n_current(), text)

const char *tr(enum lang l, const char *msgid)
        __attribute__((format_arg(2)));
/* The singular or plural form for n, by each language's rule (French
 * takes the singular for 0 and 1). */
const char *trn(enum lang l, const char *singular, const char *plural,
        unsigned long n) __attribute__((format_arg(2)))
        __attribute__((format_arg(3)));

/* The language of failure messages and _(): set per request. */
void i18n_set_current(enum lang l);
enum lang i18n_current(void);

/* "31 August 2031", "1er août 2031": a date as a person reads it. */
#define I18N_DATE_LEN 32
void i18n_date_long(enum lang l, int32_t date, char out[I18N_DATE_LEN]);
/* "August", "août" (lower case in French, as it is written). */
const char *i18n_month_name(enum lang l, int month);
/* "Aug", "août"; "Feb", "févr.": the abbreviation each language uses
 * (French keeps short names whole and marks a cut with a dot). */
const char *i18n_month_abbr(enum lang l, int month);
/* "Monday", "lundi" for ISO weekday 1 (Monday) to 7 (Sunday). */
const char *i18n_weekday_name(enum lang l, int iso_weekday);
/* "Mon", "lun." */
const char *i18n_weekday_abbr(enum lang l, int iso_weekday);

/* How many messages lang has translated (for --version and tests). */
size_t i18n_catalog_size(enum lang l);

#endif
