/* The JSON writer of the listings (daemon/json-write.c) writes what
 * jansson's json_dumps(JSON_COMPACT) writes for the same values, escapes
 * included, so the API's answers are the same bytes either way. */
#include <event2/buffer.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "json-write.h"
#include "tap.h"

static char *
take(struct evbuffer *b)
{
	size_t n = evbuffer_get_length(b);
	char *s = malloc(n + 1);

	evbuffer_remove(b, s, n);
	s[n] = '\0';
	return s;
}

static void
same_string(const char *s, const char *what)
{
	struct evbuffer *b = evbuffer_new();
	json_t *j = json_pack("[s]", s);
	char *want = json_dumps(j, JSON_COMPACT), *got;

	evbuffer_add(b, "[", 1);
	jw_string(b, s);
	evbuffer_add(b, "]", 1);
	got = take(b);
	CHECK_STR(got, want, what);
	free(got);
	free(want);
	json_decref(j);
	evbuffer_free(b);
}

int
main(void)
{
	struct evbuffer *b = evbuffer_new();
	json_t *j;
	char *got, *want;
	int32_t d = DATE_NONE;

	same_string("", "the empty string");
	same_string("Jane Doe", "plain text");
	same_string("say \"hi\" \\ back/slash", "quotes, backslash, slash");
	same_string("a\bb\fc\nd\re\tf", "the named control escapes");
	same_string("\x01\x1f\x7f", "other control characters as \\u");
	same_string("Ren\xc3\xa9" "e \xe2\x80\xa8 \xf0\x9f\x93\x85", "UTF-8 as is");

	jw_string(b, "a\xff" "b\xc3" "\xed\xa0\x80" "\xc0\xaf" "\xf4\x90\x80\x80" "z");
	got = take(b);
	CHECK_STR(got, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "z\"",
	    "bytes that are not UTF-8 each become U+FFFD");
	free(got);

	date_parse("2031-08-31", &d);
	evbuffer_add(b, "{", 1);
	jw_key(b, "id", true);
	jw_int(b, -9007199254740993LL);
	jw_key(b, "date", false);
	jw_date(b, d);
	jw_key(b, "none", false);
	jw_date(b, DATE_NONE);
	jw_key(b, "at", false);
	jw_instant(b, 0, "UTC");
	jw_key(b, "yes", false);
	jw_bool(b, true);
	jw_key(b, "no", false);
	jw_bool(b, false);
	jw_key(b, "text", false);
	jw_string(b, NULL);
	evbuffer_add(b, "}", 1);
	got = take(b);
	j = json_pack("{s:I, s:s, s:n, s:n, s:b, s:b, s:n}", "id",
	    (json_int_t)-9007199254740993LL, "date", "2031-08-31", "none", "at",
	    "yes", 1, "no", 0, "text");
	want = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	CHECK_STR(got, want, "numbers, dates, nulls and booleans");
	free(got);
	free(want);
	json_decref(j);

	jw_instant(b, 1790000000, "Europe/Brussels");
	got = take(b);
	CHECK_STR(got, "\"2026-09-21T16:13:20+02:00\"",
	    "an instant in its zone");
	free(got);
	evbuffer_free(b);
	return tap_done();
}
