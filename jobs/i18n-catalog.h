/* A compiled catalog: entries sorted by msgid (bytewise), as po/po2c.py
 * writes them. A msgid with a plural is "singular\0plural" in gettext;
 * here the plural is its own field. */
#ifndef TENURED_I18N_CATALOG_H
#define TENURED_I18N_CATALOG_H

#include <stddef.h>

struct i18n_entry {
	const char *msgid;
	const char *msgstr;		/* the singular, or the only form */
	const char *msgstr_plural;	/* NULL without a plural */
};

extern const struct i18n_entry i18n_catalog_fr[];
extern const size_t i18n_catalog_fr_count;

#endif
