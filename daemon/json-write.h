/* JSON written straight into an evbuffer, for listings of a thousand rows
 * where building jansson objects first took most of the request's time
 * (issue 17). The text is what json_dumps(JSON_COMPACT) writes for the
 * same values. */
#ifndef TENURED_JSON_WRITE_H
#define TENURED_JSON_WRITE_H

#include <stdbool.h>
#include <stdint.h>

struct evbuffer;

/* A string with JSON's escapes, or null for NULL. */
void jw_string(struct evbuffer *b, const char *s);
/* ,"key": (without the comma when first). */
void jw_key(struct evbuffer *b, const char *key, bool first);
void jw_int(struct evbuffer *b, int64_t v);
void jw_bool(struct evbuffer *b, bool v);
/* "YYYY-MM-DD", or null for DATE_NONE. */
void jw_date(struct evbuffer *b, int32_t date);
/* RFC 3339 in zone tz, or null for 0. */
void jw_instant(struct evbuffer *b, int64_t instant, const char *tz);

#endif
