/* Calendar feeds (SPEC section 6) built with libical: milestones in, the
 * bytes of one VCALENDAR out. Pure: the same input gives the same bytes,
 * so a feed changes only when its data does. */
#ifndef TENURED_ICAL_H
#define TENURED_ICAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"		/* DATE_NONE: the term_end of most milestones */
#include "feed-spec.h"	/* FEED_ALARMS_MAX */
#include "lifecycle.h"
#include "lang.h"

/* One milestone with what a calendar entry shows beside it. */
struct feed_event {
	struct milestone m;		/* kind, date, term_end, at, status */
	int64_t contract_id;		/* 0 for a vacancy's own milestone */
	const char *vacancy;		/* reference, or NULL */
	const char *person_name;	/* NULL for vacancy milestones */
	const char *person_email;
	const char *title;		/* post title or vacancy title */
	int64_t sequence;		/* grows on every change */
	int64_t updated_at;		/* when it last changed (real clock) */
};


struct feed_options {
	/* X-WR-CALNAME; NULL gives "tenured: HR milestones" in lang. */
	const char *calname;
	/* Of SUMMARY, DESCRIPTION, alarms and the default name (SPEC
	 * section 12); UIDs, dates and SEQUENCE are the same in every one. */
	enum lang lang;
	const char *domain;		/* right-hand side of UIDs */
	const char *timezone;		/* zone of the feed's date milestones */
	/* The [smtp] from value ("Name <addr>" or addr): every event's
	 * ORGANIZER, which RFC 5546 requires under METHOD:PUBLISH. NULL (or
	 * no usable address) gives tenured@DOMAIN. */
	const char *organizer;
	bool redact;			/* initials instead of names, no email */
	int alarm_minutes[FEED_ALARMS_MAX];	/* before the event */
	int alarm_count;
	/* Cancelled events are kept until 30 days after they changed. */
	int64_t now;
};

/* Seconds a cancelled event stays in a feed. */
#define FEED_CANCELLED_KEEP (30 * 86400)

/* The feed as text/calendar bytes (CRLF lines), or NULL when memory runs
 * out; the caller frees it. age_limit milestones are never included. */
char *ical_render(const struct feed_options *o, const struct feed_event *ev,
        size_t count, size_t *len);
/*
 * The serialised events of one feed kept between its renders: a feed
 * renders again on every change of its data and most of its events are
 * as they were. An event is found again only when everything its text is
 * made from is the same (its fields and the options that shape an event),
 * so the bytes are those of ical_render; what a render does not use is
 * dropped at its end. One cache per feed: two feeds taking turns on one
 * would keep dropping each other's events.
 */
struct ical_cache;

struct ical_cache_stats {
	size_t hits;			/* events of the last render found */
	size_t misses;			/* and built */
	size_t entries;			/* kept now */
	size_t bytes;			/* that they take */
};

struct ical_cache *ical_cache_new(void);
void ical_cache_free(struct ical_cache *c);
void ical_cache_stats(const struct ical_cache *c, struct ical_cache_stats *s);
/* ical_render with the events kept in c (which may be NULL: none). */
char *ical_render_cached(struct ical_cache *c, const struct feed_options *o,
        const struct feed_event *ev, size_t count, size_t *len);

/* Whether ical_render shows ev at o->now (age_limit never; cancelled only
 * for FEED_CANCELLED_KEEP after it changed). */
bool ical_shows(const struct feed_options *o, const struct feed_event *ev);
/* The UID of ev: KIND-ENTITY[-YYYYMMDD]@DOMAIN. */
void ical_uid(const struct feed_event *ev, const char *domain, char *out,
        size_t len);

/* The zone of timed events (application deadlines: SPEC section 3). */
#define ICAL_DEADLINE_TZID "Europe/Brussels"
/* Room for any UID whose domain and vacancy reference take at most 190
 * bytes together. */
#define ICAL_UID_LEN 256

/* The first instant after o->now at which ical_render's bytes change
 * without any change of the data (a cancelled event ageing out), or 0 when
 * there is none: the moment to render and cache the feed again. */
int64_t ical_next_change(const struct feed_options *o,
        const struct feed_event *ev, size_t count);

/* The words for a kind that SUMMARY lines start with ("Renewal decision
 * due", "Décision de renouvellement"), shared with email subjects and
 * Slack lines so all read alike. */
const char *ical_text_label(enum lang l, enum milestone_kind kind);
/* "J. D." for "Jane Doe", "J.-P. D." for "Jean-Pierre Dupont": what a
 * redacted feed shows instead of a name. Caller frees; NULL without
 * memory. */
char *ical_text_initials(const char *name);

#endif
