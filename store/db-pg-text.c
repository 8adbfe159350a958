/* What PostgreSQL is sent, made ready: the store's SQL with its
 * parameters numbered as PostgreSQL numbers them, text mended to UTF-8,
 * and the type guessed of a parameter the server cannot tell. */
#include "db-pg.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OID_INT8 20
#define OID_TEXT 25

char *
db_pg_translate(const char *sql, int *params)
{
	/* "?" becomes at most "$" and five digits. */
	size_t cap = strlen(sql) * 6 + 1;
	char *out = malloc(cap), *o = out;
	int next = 0, max = 0;
	char quote = 0;

	if (out == NULL)
		return NULL;
	for (const char *p = sql; *p != '\0'; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
			continue;
		}
		if (*p != '?') {
			*o++ = *p;
			continue;
		}
		if (isdigit((unsigned char)p[1])) {
			int n = 0;

			while (isdigit((unsigned char)p[1]))
				n = n * 10 + (*++p - '0');
			next = n;
		} else
			next++;
		if (next > max)
			max = next;
		o += sprintf(o, "$%d", next);
	}
	*o = '\0';
	*params = max;
	return out;
}

/* The length of the valid UTF-8 sequence at p (n bytes left), 0 when
 * there is none. */
static size_t
utf8_char(const unsigned char *p, size_t n)
{
	size_t need;
	uint32_t cp;

	if (p[0] < 0x80)
		return p[0] != 0 ? 1 : 0;
	if ((p[0] & 0xe0) == 0xc0)
		need = 2, cp = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		need = 3, cp = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		need = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (need > n)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and past U+10FFFF are not UTF-8. */
	if ((need == 2 && cp < 0x80) || (need == 3 && cp < 0x800) ||
	    (need == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

/* Text PostgreSQL refuses (bytes that are not UTF-8, a NUL) with U+FFFD in
 * their place, as SQLite would store and compare what it is given: a
 * search for such bytes finds nothing rather than failing. NULL when it
 * is UTF-8 already. */
char *
db_pg_mend_utf8(const char *v, size_t len, size_t *out_len)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t i = 0, n, o = 0;
	char *out;

	while (i < len && (n = utf8_char(p + i, len - i)) > 0)
		i += n;
	if (i == len || (out = malloc(len * 3 + 1)) == NULL)
		return NULL;
	for (i = 0; i < len;) {
		if ((n = utf8_char(p + i, len - i)) > 0) {
			memcpy(out + o, p + i, n);
			o += n;
			i += n;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

/* A parameter bound NULL that the statement tests before it uses it
 * ("?4 IS NULL OR m.contract_id = ?4") leaves the server unable to tell
 * its type. The one it names is guessed an integer, and text if that
 * does not fit; *guessed remembers which, across the tries. Answers
 * whether to try again. */
bool
db_pg_guess_type(const struct pg_result *res, unsigned *types, int n, int *guessed)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *at;
	int i;

	if (state == NULL)
		return false;
	/* indeterminate_datatype, ambiguous_parameter */
	if ((strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0) &&
	    msg != NULL && (at = strstr(msg, "parameter $")) != NULL &&
	    (i = atoi(at + 11) - 1) >= 0 && i < n && types[i] == 0) {
		types[i] = OID_INT8;
		*guessed = i;
		return true;
	}
	/* undefined_function, datatype_mismatch, or a literal that is no
	 * integer (invalid_text_representation): the integer was wrong */
	if ((strcmp(state, "42883") == 0 || strcmp(state, "42804") == 0 ||
	    strcmp(state, "22P02") == 0) &&
	    *guessed >= 0 && types[*guessed] == OID_INT8) {
		types[*guessed] = OID_TEXT;
		*guessed = -1;
		return true;
	}
	return false;
}
