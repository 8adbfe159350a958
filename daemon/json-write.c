#include "json-write.h"

#include <event2/buffer.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "localtime.h"

/* The length of the UTF-8 character at p (its first byte at or above
 * 0x80), or 0 when it is not one: a stray or overlong byte, a surrogate,
 * past U+10FFFF, or cut short by the end. */
static int
utf8_char(const unsigned char *p)
{
	int n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
	uint32_t cp;

	if (n == 0 || p[0] > 0xF4)
		return 0;
	cp = p[0] & (0x7F >> n);
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

/* jansson refuses a string that is not UTF-8; the database should hold
 * none (input is checked), but a byte that is not stays out of the
 * answer: U+FFFD stands in for it, so the JSON is always valid. */
/* Short plain ASCII, most of a listing, goes in with one evbuffer_add
 * (each add has a cost of its own: a fifth of a page of 1000 rows). */
static bool
quoted_at_once(struct evbuffer *b, const char *s)
{
	char tmp[256];
	size_t n = 0;

	tmp[n++] = '"';
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (n == sizeof tmp - 1 || c < 0x20 || c >= 0x80 || c == '"' ||
		    c == '\\')
			return false;
		tmp[n++] = (char)c;
	}
	tmp[n++] = '"';
	evbuffer_add(b, tmp, n);
	return true;
}

void
jw_string(struct evbuffer *b, const char *s)
{
	const char *run;

	if (s == NULL) {
		evbuffer_add(b, "null", 4);
		return;
	}
	if (quoted_at_once(b, s))
		return;
	evbuffer_add(b, "\"", 1);
	for (run = s; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		int n;

		if (c >= 0x80) {
			if ((n = utf8_char((const unsigned char *)s)) > 0) {
				s += n - 1;
				continue;
			}
			evbuffer_add(b, run, (size_t)(s - run));
			evbuffer_add(b, "\xEF\xBF\xBD", 3);
			run = s + 1;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		evbuffer_add(b, run, (size_t)(s - run));
		switch (c) {
		case '"': memcpy(esc, "\\\"", 3); break;
		case '\\': memcpy(esc, "\\\\", 3); break;
		case '\b': memcpy(esc, "\\b", 3); break;
		case '\f': memcpy(esc, "\\f", 3); break;
		case '\n': memcpy(esc, "\\n", 3); break;
		case '\r': memcpy(esc, "\\r", 3); break;
		case '\t': memcpy(esc, "\\t", 3); break;
		default: snprintf(esc, sizeof esc, "\\u%04X", c); break;
		}
		evbuffer_add(b, esc, strlen(esc));
		run = s + 1;
	}
	evbuffer_add(b, run, (size_t)(s - run));
	evbuffer_add(b, "\"", 1);
}

void
jw_key(struct evbuffer *b, const char *key, bool first)
{
	char tmp[80];
	size_t len = strlen(key), n = 0;

	/* Keys are the program's own short names: one add. */
	if (len < sizeof tmp - 4 && strpbrk(key, "\"\\") == NULL) {
		if (!first)
			tmp[n++] = ',';
		tmp[n++] = '"';
		memcpy(tmp + n, key, len);
		n += len;
		tmp[n++] = '"';
		tmp[n++] = ':';
		evbuffer_add(b, tmp, n);
		return;
	}
	if (!first)
		evbuffer_add(b, ",", 1);
	jw_string(b, key);
	evbuffer_add(b, ":", 1);
}

void
jw_int(struct evbuffer *b, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%" PRId64, v);

	evbuffer_add(b, buf, (size_t)n);
}

void
jw_bool(struct evbuffer *b, bool v)
{
	evbuffer_add(b, v ? "true" : "false", v ? 4 : 5);
}

void
jw_date(struct evbuffer *b, int32_t date)
{
	char buf[DATE_STRLEN];

	if (date == DATE_NONE) {
		evbuffer_add(b, "null", 4);
		return;
	}
	date_format(date, buf);
	jw_string(b, buf);
}

void
jw_instant(struct evbuffer *b, int64_t instant, const char *tz)
{
	char buf[LOCALTIME_RFC3339_LEN];

	if (instant == 0) {
		evbuffer_add(b, "null", 4);
		return;
	}
	localtime_format_rfc3339(tz, instant, buf);
	jw_string(b, buf);
}
