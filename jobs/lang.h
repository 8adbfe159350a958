/* The two languages a person reads tenured in (SPEC section 12), and how a
 * reader's one is found: a field ("en", "fr"), an Accept-Language header,
 * or the locale variables of tenurectl's environment. */
#ifndef TENURED_LANG_H
#define TENURED_LANG_H

#include <stdbool.h>

enum lang {
	LANG_EN,
	LANG_FR,
	LANG_COUNT
};

#define LANG_DEFAULT LANG_EN

/* "en" or "fr" exactly (the stored and JSON form). */
bool lang_parse(const char *text, enum lang *out);
const char *lang_code(enum lang l);
/* A language tag or locale name ("fr", "fr-BE", "fr_FR.UTF-8", "en_GB"):
 * its primary subtag, when it is one of ours. */
bool lang_from_tag(const char *tag, enum lang *out);
/* The best of ours in an Accept-Language header (RFC 9110 12.5.4, with
 * q-values), or fallback when it names neither. */
enum lang lang_from_accept(const char *header, enum lang fallback);
/* LANGUAGE, LC_ALL, LC_MESSAGES, LANG as gettext reads them; fallback
 * when none names ours (C, POSIX, unset). */
enum lang lang_from_environment(enum lang fallback);

#endif
