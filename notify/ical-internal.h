/* What ical-render.c (the feed's text, put together event by event, and
 * its cache) takes from ical.c (the calendar around the events) and
 * ical-events.c (the events), which build the libical components. */
#ifndef TENURED_ICAL_INTERNAL_H
#define TENURED_ICAL_INTERNAL_H

#include <libical/ical.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ical.h"

/* Only for a caller that passes no domain: UIDs must still be well-formed
 * and stable. */
#define ICAL_DEFAULT_DOMAIN "localhost"
/* The last line libical writes for a calendar. */
#define ICAL_CALENDAR_END "END:VCALENDAR\r\n"

/* Every event's ORGANIZER, worked out once per feed. */
struct ical_organizer {
	char *uri;			/* mailto:ADDRESS */
	char *cn;			/* display name, or NULL */
};

int ical_organizer_make(const struct feed_options *o,
        struct ical_organizer *org);
void ical_organizer_clear(struct ical_organizer *org);
/* ical_uid's UID, allocated; NULL without memory. */
char *ical_uid_dup(const struct feed_event *ev, const char *domain);
bool ical_is_timed(const struct feed_event *ev);
/* instant as a UTC date-time. */
struct icaltimetype ical_utc_time(int64_t instant);
/* Adds p to c; -1 when p is NULL (libical ran out of memory). */
int ical_add_prop(icalcomponent *c, icalproperty *p);
/* The VEVENTs of one render (ical-events.c), serialised one after the
 * other from the same libical objects, their values set again for each
 * event. o and org must outlive it. */
struct ical_events;

struct ical_events *ical_events_new(const struct feed_options *o,
        const struct ical_organizer *org);
void ical_events_free(struct ical_events *t);
/* The serialised VEVENT of ev, allocated; NULL when memory runs out. */
char *ical_events_text(struct ical_events *t, const struct feed_event *ev,
        const char *uid);
/* The serialised calendar without its events, up to the line
 * ICAL_CALENDAR_END that closes it (head_len bytes; the whole string ends
 * with that line). timed: it needs the VTIMEZONE of deadlines, cut at the
 * year of earliest. NULL when memory runs out. */
char *ical_head(const struct feed_options *o, bool timed, int64_t earliest,
        size_t *head_len);

#endif
