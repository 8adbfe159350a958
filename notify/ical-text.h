/* The words of a feed event (SUMMARY, DESCRIPTION) in the feed's language
 * (feed_options.lang), kept apart from the libical plumbing in ical.c so
 * the wording can be read and changed in one place; the sentences of the
 * DESCRIPTION are ical-sentence.c's. Every string returned is malloc'd (NULL when memory runs out),
 * valid UTF-8 and free of control characters other than the newlines of
 * the DESCRIPTION's own layout; libical does the iCalendar escaping. */
#ifndef TENURED_ICAL_TEXT_H
#define TENURED_ICAL_TEXT_H

#include "ical.h"

/* s as one line of valid UTF-8 without control characters. */
char *ical_text_clean(const char *s);
/* "NAME:VALUE\r\n" with value cleaned to one line, escaped as RFC 5545
 * TEXT (backslash, comma, semicolon) and folded at 75 octets between
 * characters: for an x-property, whose commas and semicolons libical
 * 3.0 writes unescaped. */
char *ical_text_property(const char *name, const char *value);
char *ical_text_summary(const struct feed_options *o,
    const struct feed_event *ev);
char *ical_text_description(const struct feed_options *o,
    const struct feed_event *ev);

#endif
