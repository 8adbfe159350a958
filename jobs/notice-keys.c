/* The labels of a notice's header in both halves ("Primary Location:",
 * "**Emplacement principal**"), and the English key each French label
 * stands for when a notice comes in French alone. */
#include "notice.h"

#include <string.h>

/* Longer names first where one is a prefix of another. */
static const struct {
	const char *name;
	enum notice_key key;
} notice_keys_names[] = {
	{ "Primary Location", NOTICE_KEY_LOCATION },
	{ "Location", NOTICE_KEY_LOCATION },
	{ "NATO Body", NOTICE_KEY_BODY },
	{ "Schedule", NOTICE_KEY_SCHEDULE },
	{ "Application Deadline", NOTICE_KEY_DEADLINE },
	{ "Closing Date", NOTICE_KEY_DEADLINE },
	{ "Salary (Pay Basis)", NOTICE_KEY_SALARY },
	{ "Salary", NOTICE_KEY_SALARY },
	{ "Grade", NOTICE_KEY_GRADE },
	{ "Clearance Level", NOTICE_KEY_CLEARANCE },
	{ "Security Clearance", NOTICE_KEY_CLEARANCE },
	{ "Description", NOTICE_KEY_DESCRIPTION },
	/* The French half's labels; an apostrophe matches "'" or "’". */
	{ "Date de retrait", NOTICE_KEY_FR_DEADLINE },
	{ "Emplacement principal", NOTICE_KEY_FR_LOCATION },
	{ "Organisation", NOTICE_KEY_FR_BODY },
	{ "Salaire (Base de paie)", NOTICE_KEY_FR_SALARY },
	{ "Horaire", NOTICE_KEY_FR_SCHEDULE },
	{ "Niveau de l'habilitation de s\xc3\xa9""curit\xc3\xa9",
	    NOTICE_KEY_FR_CLEARANCE },
	{ "Niveau de l'habilitation", NOTICE_KEY_FR_CLEARANCE },
	{ "Niveau d'habilitation de s\xc3\xa9""curit\xc3\xa9",
	    NOTICE_KEY_FR_CLEARANCE },
	{ "Niveau d'habilitation", NOTICE_KEY_FR_CLEARANCE },
};

/* The English key each French label stands for. */
static const enum notice_key notice_keys_en[NOTICE_KEY_COUNT] = {
	[NOTICE_KEY_FR_DEADLINE] = NOTICE_KEY_DEADLINE,
	[NOTICE_KEY_FR_LOCATION] = NOTICE_KEY_LOCATION,
	[NOTICE_KEY_FR_BODY] = NOTICE_KEY_BODY,
	[NOTICE_KEY_FR_SCHEDULE] = NOTICE_KEY_SCHEDULE,
	[NOTICE_KEY_FR_SALARY] = NOTICE_KEY_SALARY,
	[NOTICE_KEY_FR_CLEARANCE] = NOTICE_KEY_CLEARANCE,
};

/* The bytes of s that spell the label name (ASCII letters in any case, an
 * apostrophe straight or typographic), or 0. */
static size_t
notice_keys_label(const char *s, size_t n, const char *name)
{
	size_t i = 0;

	for (; *name != '\0'; name++) {
		if (*name == '\'' && n - i >= 3 &&
		    memcmp(s + i, "\xe2\x80\x99", 3) == 0) {
			i += 3;
			continue;
		}
		if (i == n || (s[i] != *name && ((*name | 0x20) < 'a' ||
		    (*name | 0x20) > 'z' || (s[i] | 0x20) != (*name | 0x20))))
			return 0;
		i++;
	}
	return i;
}

/* Which key a line starts with, and where its value begins. */
enum notice_key
notice_keys_find(const char *s, size_t n, const char **value, size_t *vlen)
{
	if (n == 0)
		return NOTICE_KEY_NONE;
	for (size_t i = 0;
	    i < sizeof notice_keys_names / sizeof notice_keys_names[0]; i++) {
		size_t m;

		/* Most lines start with no key's letter: one compare each. */
		if ((s[0] | 0x20) != (notice_keys_names[i].name[0] | 0x20))
			continue;
		m = notice_keys_label(s, n, notice_keys_names[i].name);
		if (m == 0 || (m < n && s[m] != ' ' && s[m] != ':'))
			continue;
		/* "Salaire (Base de paie) : : 5 043,00" */
		while (m < n && (s[m] == ' ' || s[m] == ':'))
			m++;
		*value = s + m;
		*vlen = n - m;
		return notice_keys_names[i].key;
	}
	return NOTICE_KEY_NONE;
}

bool
notice_keys_french(enum notice_key key)
{
	return key > NOTICE_KEY_NONE && key < NOTICE_KEY_COUNT &&
	    notice_keys_en[key] != NOTICE_KEY_NONE;
}

enum notice_key
notice_keys_english(enum notice_key key)
{
	return notice_keys_french(key) ? notice_keys_en[key] : key;
}
