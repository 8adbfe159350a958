/* Languages and the compiled catalog (jobs/lang.c, jobs/i18n.c): tags,
 * Accept-Language with q-values, the locale variables, long dates in both
 * languages, and lookups that fall back to the English. */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "lang.h"
#include "tap.h"

static void
accept_is(const char *header, enum lang want)
{
	char what[160];

	snprintf(what, sizeof what, "Accept-Language \"%s\" gives %s",
	    header != NULL ? header : "(none)", lang_code(want));
	CHECK(lang_from_accept(header, LANG_EN) == want, what);
}

static void
env_is(const char *language, const char *lc_all, const char *lang,
    enum lang want, const char *what)
{
	unsetenv("LC_MESSAGES");
	language ? setenv("LANGUAGE", language, 1) : unsetenv("LANGUAGE");
	lc_all ? setenv("LC_ALL", lc_all, 1) : unsetenv("LC_ALL");
	lang ? setenv("LANG", lang, 1) : unsetenv("LANG");
	CHECK(lang_from_environment(LANG_EN) == want, what);
}

static void
date_is(enum lang l, const char *ymd, const char *want)
{
	char out[I18N_DATE_LEN];
	int32_t d;

	date_parse(ymd, &d);
	i18n_date_long(l, d, out);
	CHECK_STR(out, want, ymd);
}

int
main(void)
{
	enum lang l = LANG_COUNT;

	CHECK(lang_parse("fr", &l) && l == LANG_FR, "\"fr\" is French");
	CHECK(lang_parse("en", &l) && l == LANG_EN, "\"en\" is English");
	CHECK(!lang_parse("FR", &l) && !lang_parse("fr-BE", &l) &&
	    !lang_parse("de", &l) && !lang_parse("", &l) &&
	    !lang_parse(NULL, &l), "the stored form is exactly en or fr");
	CHECK(lang_from_tag("fr_BE.UTF-8", &l) && l == LANG_FR &&
	    lang_from_tag("en-GB", &l) && l == LANG_EN &&
	    !lang_from_tag("fry", &l) && !lang_from_tag("C.UTF-8", &l),
	    "tags and locale names by their primary subtag");

	accept_is(NULL, LANG_EN);
	accept_is("", LANG_EN);
	accept_is("fr", LANG_FR);
	accept_is("fr-BE,fr;q=0.9,en;q=0.8", LANG_FR);
	accept_is("en-US,en;q=0.9,fr;q=0.8", LANG_EN);
	accept_is("de-DE,de;q=0.9,fr;q=0.7,en;q=0.5", LANG_FR);
	accept_is("en;q=0.4, fr;q=0.6", LANG_FR);
	accept_is("fr;q=0, en;q=0.1", LANG_EN);
	accept_is("fr;q=0", LANG_EN);
	accept_is("*", LANG_EN);
	accept_is("frx, fr-CA;q=0.3", LANG_FR);
	accept_is(" fr-CH ; q=1.0 ", LANG_FR);

	env_is(NULL, NULL, "fr_FR.UTF-8", LANG_FR, "LANG=fr_FR.UTF-8");
	env_is(NULL, "en_GB.UTF-8", "fr_FR.UTF-8", LANG_EN, "LC_ALL wins");
	env_is("fr:en", NULL, "en_US.UTF-8", LANG_FR, "LANGUAGE wins");
	env_is("fr", NULL, "C.UTF-8", LANG_EN,
	    "LANGUAGE is ignored under the C locale, as gettext does");
	env_is(NULL, NULL, NULL, LANG_EN, "nothing set: the fallback");
	env_is(NULL, NULL, "de_DE.UTF-8", LANG_EN, "German: the fallback");

	date_is(LANG_EN, "2031-08-31", "31 August 2031");
	date_is(LANG_FR, "2031-08-31", "31 août 2031");
	date_is(LANG_FR, "2027-02-01", "1er février 2027");
	date_is(LANG_EN, "2027-02-01", "1 February 2027");
	date_is(LANG_FR, "2026-12-25", "25 décembre 2026");
	CHECK_STR(i18n_weekday_name(LANG_FR, 1), "lundi", "French Monday");
	CHECK_STR(i18n_weekday_name(LANG_EN, 7), "Sunday", "English Sunday");
	CHECK_STR(i18n_weekday_abbr(LANG_FR, 3), "mer.", "French Wed");
	CHECK_STR(i18n_weekday_abbr(LANG_EN, 3), "Wed", "English Wed");
	CHECK_STR(i18n_month_abbr(LANG_FR, 2), "févr.",
	    "French Feb: cut after the consonant, with a dot");
	CHECK_STR(i18n_month_abbr(LANG_FR, 8), "août", "French Aug: whole");
	CHECK_STR(i18n_month_abbr(LANG_EN, 8), "Aug", "English Aug");
	CHECK(strcmp(i18n_weekday_name(LANG_EN, 0), "?") == 0 &&
	    strcmp(i18n_month_abbr(LANG_FR, 13), "?") == 0,
	    "out of range: a question mark, never a bad read");

	CHECK_STR(tr(LANG_EN, "no such account"), "no such account",
	    "English is the msgid");
	CHECK_STR(tr(LANG_FR, "a message no catalog has"),
	    "a message no catalog has", "a missing one falls back to English");
	CHECK(tr(LANG_FR, "no such account") != NULL &&
	    strcmp(tr(LANG_FR, "no such account"), "no such account") != 0,
	    "a translated one is French");
	CHECK_STR(trn(LANG_EN, "%d day", "%d days", 1), "%d day",
	    "English singular");
	CHECK_STR(trn(LANG_EN, "%d day", "%d days", 0), "%d days",
	    "English plural for 0");
	CHECK_STR(trn(LANG_FR, "%d day", "%d days", 0), "%d jour",
	    "French singular for 0");
	CHECK_STR(trn(LANG_FR, "%d day", "%d days", 2), "%d jours",
	    "French plural for 2");
	CHECK(i18n_catalog_size(LANG_FR) > 0 && i18n_catalog_size(LANG_EN) == 0,
	    "French has a catalog");
	i18n_set_current(LANG_FR);
	CHECK(i18n_current() == LANG_FR, "current language set");
	i18n_set_current((enum lang)7);
	CHECK(i18n_current() == LANG_EN, "an unknown one is the default");
	return tap_done();
}
