/* The events a feed keeps between renders (ical_cache): every render with
 * a cache must give the bytes of a render without one, whatever changed
 * in between (an event's sequence or words, the feed's redaction, alarms,
 * language or organizer), and the counts say what was built again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ical.h"
#include "tap.h"

/* 2025-06-01T00:00:00Z */
#define NOW INT64_C(1748736000)
#define EVENTS 40

static const char *const names[] = {
	"Jane Doe", "Jean-Pierre Dupont", "van der Berg, Anna", "Zoë Ångström",
};

static struct feed_options
options(void)
{
	struct feed_options o = {
		.calname = "Team deadlines",
		.domain = "hr.example.org",
		.timezone = "Europe/Brussels",
		.organizer = "HR Office <hr@example.org>",
		.now = NOW,
	};

	return o;
}

static void
events(struct feed_event *ev, size_t n)
{
	int32_t base;

	if (date_parse("2025-09-01", &base) != 0) {
		printf("Bail out! test date does not parse\n");
		exit(2);
	}
	for (size_t i = 0; i < n; i++) {
		ev[i] = (struct feed_event){
			.m = { .kind = (enum milestone_kind)(i % 7),
			    .date = base + (int32_t)i * 11,
			    .term_end = DATE_NONE,
			    .status = i % 5 == 3 ? MS_PROJECTED : MS_SCHEDULED },
			.contract_id = (int64_t)i / 2 + 1,
			.person_name = names[i % 4],
			.person_email = "someone@example.org",
			.title = "Team Leader",
			.sequence = 1,
			.updated_at = NOW - 3600,
		};
		if (i % 9 == 4) {
			/* a vacancy's deadline: timed, with its VTIMEZONE */
			ev[i].m.kind = MS_APPLICATION_DEADLINE;
			ev[i].m.at = NOW + (int64_t)i * 86400;
			ev[i].contract_id = 0;
			ev[i].person_name = ev[i].person_email = NULL;
			ev[i].vacancy = "250914";
		}
	}
}

/* Renders with c and without a cache; true when the bytes are the same.
 * st gets c's counts. */
static bool
same_as_uncached(struct ical_cache *c, const struct feed_options *o,
    const struct feed_event *ev, size_t n, struct ical_cache_stats *st)
{
	size_t len = 0, want_len = 0;
	char *got = ical_render_cached(c, o, ev, n, &len);
	char *want = ical_render(o, ev, n, &want_len);
	bool same = got != NULL && want != NULL && len == want_len &&
	    memcmp(got, want, len) == 0;

	ical_cache_stats(c, st);
	if (!same && got != NULL && want != NULL)
		printf("#   %zu bytes with the cache, %zu without\n", len,
		    want_len);
	free(got);
	free(want);
	return same;
}

static void
test_kept(void)
{
	struct ical_cache *c = ical_cache_new();
	struct feed_options o = options();
	struct feed_event ev[EVENTS];
	struct ical_cache_stats st;

	events(ev, EVENTS);
	CHECK(c != NULL, "a cache is made");
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "first render: the bytes of a render without a cache");
	CHECK_INT(st.misses, EVENTS, "first render: every event built");
	CHECK_INT(st.hits, 0, "first render: none found");
	CHECK_INT(st.entries, EVENTS, "first render: every event kept");
	CHECK(st.bytes > 0, "what is kept is counted");
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "same data again: the same bytes");
	CHECK_INT(st.hits, EVENTS, "same data again: every event found");
	CHECK_INT(st.misses, 0, "same data again: none built");
	/* The calendar's name is outside the events. */
	o.calname = "Renamed";
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "another calendar name: the bytes without a cache");
	CHECK_INT(st.misses, 0, "another calendar name: no event built");
	ical_cache_free(c);
	ical_cache_free(NULL);
}

static void
test_event_changes(void)
{
	struct ical_cache *c = ical_cache_new();
	struct feed_options o = options();
	struct feed_event ev[EVENTS];
	struct ical_cache_stats st;

	events(ev, EVENTS);
	free(ical_render_cached(c, &o, ev, EVENTS, NULL));
	ev[3].sequence++;
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "a sequence changed: the bytes without a cache");
	CHECK_INT(st.misses, 1, "a sequence changed: that event built");
	/* The same sequence with other words: what the event is made of is
	 * what finds it, not the sequence alone. */
	ev[5].person_name = "Someone Else";
	ev[8].title = "Head of Unit";
	ev[9].m.status = MS_DONE;
	ev[10].m.date++;
	ev[11].updated_at++;
	ev[12].person_email = "other@example.org";
	ev[13].m.term_end = ev[13].m.date + 365;
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "words, status, dates changed: the bytes without a cache");
	CHECK_INT(st.misses, 7, "words, status, dates changed: those built");
	CHECK_INT(st.entries, EVENTS, "the old texts of changed events gone");
	/* Cancelled long ago: out of the feed, and out of the cache. */
	ev[14].m.status = MS_CANCELLED;
	ev[14].updated_at = NOW - 40 * 86400;
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "an event aged out: the bytes without a cache");
	CHECK_INT(st.entries, EVENTS - 1, "an event aged out: not kept");
	CHECK(same_as_uncached(c, &o, ev, EVENTS / 2, &st),
	    "half the events: the bytes without a cache");
	CHECK_INT(st.entries, EVENTS / 2 - 1, "half the events: the rest gone");
	/* Two events alike (a duplicate upstream) are both written. */
	ev[1] = ev[0];
	CHECK(same_as_uncached(c, &o, ev, EVENTS / 2, &st),
	    "a duplicate event: the bytes without a cache");
	ical_cache_free(c);
}

static void
test_option_changes(void)
{
	struct ical_cache *c = ical_cache_new();
	struct feed_options o = options();
	struct feed_event ev[EVENTS];
	struct ical_cache_stats st;

	events(ev, EVENTS);
	free(ical_render_cached(c, &o, ev, EVENTS, NULL));
	o.redact = true;
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "redacted: the bytes without a cache");
	CHECK_INT(st.misses, EVENTS, "redacted: every event built again");
	o.alarm_minutes[0] = 1440;
	o.alarm_count = 1;
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "an alarm: the bytes without a cache");
	CHECK_INT(st.misses, EVENTS, "an alarm: every event built again");
	o.alarm_minutes[0] = 60;
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "another alarm: the bytes without a cache");
	CHECK_INT(st.hits, 0, "another alarm: nothing found");
	o.alarm_minutes[1] = 7 * 1440;
	o.alarm_count = 2;
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "a second alarm: the bytes without a cache");
	CHECK_INT(st.hits, 0, "a second alarm: nothing found");
	o.lang = LANG_FR;
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "French: the bytes without a cache");
	CHECK_INT(st.hits, 0, "French: nothing found");
	o.organizer = "Other <other@example.org>";
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "another organizer: the bytes without a cache");
	CHECK_INT(st.hits, 0, "another organizer: nothing found");
	o.domain = "example.net";
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "another domain: the bytes without a cache");
	CHECK_INT(st.hits, 0, "another domain: nothing found");
	CHECK(same_as_uncached(c, &o, ev, EVENTS, &st),
	    "options unchanged again: the bytes without a cache");
	CHECK_INT(st.hits, EVENTS, "options unchanged again: all found");
	ical_cache_free(c);
}

int
main(void)
{
	test_kept();
	test_event_changes();
	test_option_changes();
	return tap_done();
}
