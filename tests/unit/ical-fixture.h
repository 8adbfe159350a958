/* What the tests of calendar feeds (SPEC section 6) share: fixed inputs
 * (feed options, contract and deadline events at a fixed now), a feed
 * rendered and read back with libical's own parser, and the lookups of
 * events, properties and text in what a client receives. */
#ifndef TENURED_ICAL_FIXTURE_H
#define TENURED_ICAL_FIXTURE_H

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ical.h"
#include "tap.h"

#define DOMAIN "hr.example.org"
/* 2025-06-01T00:00:00Z */
#define NOW INT64_C(1748736000)
/* 2025-06-22T23:59:00+02:00 and 2026-01-13T23:59:00+01:00 */
#define SUMMER_DEADLINE INT64_C(1750629540)
#define WINTER_DEADLINE INT64_C(1768345140)

static inline int32_t
D(const char *text)
{
	int32_t d;

	if (date_parse(text, &d) != 0) {
		printf("Bail out! test date \"%s\" does not parse\n", text);
		exit(2);
	}
	return d;
}

static inline struct feed_options
options(void)
{
	struct feed_options o = {
		.calname = "Team deadlines",
		.domain = DOMAIN,
		.timezone = "Europe/Brussels",
		.now = NOW,
	};

	return o;
}

static inline struct feed_event
contract_ev(enum milestone_kind kind, const char *date,
    enum milestone_status status)
{
	struct feed_event ev = {
		.m = { .kind = kind, .date = D(date), .term_end = DATE_NONE,
		    .status = status },
		.contract_id = 7,
		.vacancy = "250914",
		.person_name = "Jane Doe",
		.person_email = "jane.doe@example.org",
		.title = "Team Leader",
		.sequence = 2,
		.updated_at = NOW - 3600,
	};

	return ev;
}

static inline struct feed_event
deadline_ev(const char *ref, int64_t at)
{
	struct feed_event ev = {
		.m = { .kind = MS_APPLICATION_DEADLINE, .term_end = DATE_NONE,
		    .at = at, .status = MS_SCHEDULED },
		.vacancy = ref,
		.title = "Team Leader, Enterprise Application Support",
		.sequence = 1,
		.updated_at = NOW - 86400,
	};

	/* The local date, as the vacancy code stores it. */
	ev.m.date = (int32_t)((at + 7200) / 86400);
	return ev;
}

/* Rendered text and the parse of it; both NULL when rendering failed. */
struct feed {
	char *text;
	size_t len;
	icalcomponent *cal;
};

static inline struct feed
render(const struct feed_options *o, const struct feed_event *ev, size_t n)
{
	struct feed f = { 0 };

	f.text = ical_render(o, ev, n, &f.len);
	if (f.text != NULL)
		f.cal = icalparser_parse_string(f.text);
	return f;
}

static inline void
feed_free(struct feed *f)
{
	free(f->text);
	if (f->cal != NULL)
		icalcomponent_free(f->cal);
}

static inline int
count_kind(icalcomponent *c, icalcomponent_kind kind)
{
	return c == NULL ? -1 : icalcomponent_count_components(c, kind);
}

static inline icalcomponent *
find_event(icalcomponent *cal, const char *uid)
{
	if (cal == NULL)
		return NULL;
	for (icalcomponent *e = icalcomponent_get_first_component(cal,
	    ICAL_VEVENT_COMPONENT); e != NULL;
	    e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		const char *u = icalcomponent_get_uid(e);

		if (u != NULL && strcmp(u, uid) == 0)
			return e;
	}
	return NULL;
}

static inline const char *
prop_text(icalcomponent *c, icalproperty_kind kind)
{
	icalproperty *p = c != NULL ?
	    icalcomponent_get_first_property(c, kind) : NULL;

	return p != NULL ? icalproperty_get_value_as_string(p) : NULL;
}

static inline const char *
x_prop_text(icalcomponent *c, const char *name)
{
	for (icalproperty *p = icalcomponent_get_first_property(c,
	    ICAL_X_PROPERTY); p != NULL;
	    p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY)) {
		if (strcmp(icalproperty_get_x_name(p), name) == 0)
			return icalproperty_get_value_as_string(p);
	}
	return NULL;
}

/* The value as parsed, without the escaping get_value_as_string adds. */
static inline const char *
x_prop_raw(icalcomponent *c, const char *name)
{
	for (icalproperty *p = icalcomponent_get_first_property(c,
	    ICAL_X_PROPERTY); p != NULL;
	    p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY)) {
		if (strcmp(icalproperty_get_x_name(p), name) == 0)
			return icalproperty_get_x(p);
	}
	return NULL;
}

static inline const char *
summary_of(icalcomponent *ev)
{
	return ev != NULL ? icalcomponent_get_summary(ev) : NULL;
}

static inline const char *
description_of(icalcomponent *ev)
{
	return ev != NULL ? icalcomponent_get_description(ev) : NULL;
}

static inline bool
contains(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static inline int
count_substr(const char *hay, const char *needle)
{
	int n = 0;

	while (hay != NULL && (hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

#endif
