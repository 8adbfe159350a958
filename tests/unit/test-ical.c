/* Calendar feeds (SPEC section 6): fixed inputs rendered, then read back
 * with libical's own parser, so every check is on what a client receives
 * rather than on how the text happens to be built. The parsers of real
 * clients (python-icalendar, ical.js) read the sample in 'ical-clients'. */
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

static int32_t
D(const char *text)
{
	int32_t d;

	if (date_parse(text, &d) != 0) {
		printf("Bail out! test date \"%s\" does not parse\n", text);
		exit(2);
	}
	return d;
}

static struct feed_options
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

static struct feed_event
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

static struct feed_event
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

static struct feed
render(const struct feed_options *o, const struct feed_event *ev, size_t n)
{
	struct feed f = { 0 };

	f.text = ical_render(o, ev, n, &f.len);
	if (f.text != NULL)
		f.cal = icalparser_parse_string(f.text);
	return f;
}

static void
feed_free(struct feed *f)
{
	free(f->text);
	if (f->cal != NULL)
		icalcomponent_free(f->cal);
}

static int
count_kind(icalcomponent *c, icalcomponent_kind kind)
{
	return c == NULL ? -1 : icalcomponent_count_components(c, kind);
}

static icalcomponent *
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

static const char *
prop_text(icalcomponent *c, icalproperty_kind kind)
{
	icalproperty *p = c != NULL ?
	    icalcomponent_get_first_property(c, kind) : NULL;

	return p != NULL ? icalproperty_get_value_as_string(p) : NULL;
}

static const char *
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
static const char *
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

static const char *
summary_of(icalcomponent *ev)
{
	return ev != NULL ? icalcomponent_get_summary(ev) : NULL;
}

static const char *
description_of(icalcomponent *ev)
{
	return ev != NULL ? icalcomponent_get_description(ev) : NULL;
}

static bool
contains(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static int
count_substr(const char *hay, const char *needle)
{
	int n = 0;

	while (hay != NULL && (hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_calendar_properties(void)
{
	struct feed_options o = options();
	struct feed_event ev = contract_ev(MS_CONTRACT_START, "2025-09-01",
	    MS_SCHEDULED);
	struct feed f = render(&o, &ev, 1);
	icalproperty *p;
	bool crlf = f.text != NULL;

	CHECK(f.cal != NULL, "a one-event feed renders and parses back");
	if (f.cal == NULL)
		return;
	CHECK_INT(icalcomponent_isa(f.cal), ICAL_VCALENDAR_COMPONENT,
	    "the feed is one VCALENDAR");
	CHECK_STR(prop_text(f.cal, ICAL_VERSION_PROPERTY), "2.0", "VERSION:2.0");
	CHECK(contains(prop_text(f.cal, ICAL_PRODID_PROPERTY), "-//tenured//"),
	    "PRODID names tenured");
	CHECK_INT(icalcomponent_get_method(f.cal), ICAL_METHOD_PUBLISH,
	    "METHOD:PUBLISH");
	CHECK_STR(x_prop_text(f.cal, "X-WR-CALNAME"), "Team deadlines",
	    "X-WR-CALNAME is the feed's name");
	CHECK_STR(x_prop_text(f.cal, "X-PUBLISHED-TTL"), "PT1H",
	    "X-PUBLISHED-TTL:PT1H");
	p = icalcomponent_get_first_property(f.cal,
	    ICAL_REFRESHINTERVAL_PROPERTY);
	CHECK(p != NULL && icaldurationtype_as_int(
	    icalproperty_get_refreshinterval(p)) == 3600,
	    "REFRESH-INTERVAL is an hour");
	CHECK(contains(f.text, "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"),
	    "REFRESH-INTERVAL carries VALUE=DURATION (RFC 7986)");
	CHECK_INT(count_kind(f.cal, ICAL_VEVENT_COMPONENT), 1, "one VEVENT");
	for (size_t i = 0; crlf && i < f.len; i++)
		crlf = f.text[i] != '\n' || (i > 0 && f.text[i - 1] == '\r');
	CHECK(crlf && f.len >= 2 && strcmp(f.text + f.len - 2, "\r\n") == 0,
	    "every line ends in CRLF");
	CHECK_INT(strlen(f.text), f.len, "the length returned is the text's");
	feed_free(&f);
}

static void
test_all_day(void)
{
	struct feed_options o = options();
	struct feed_event ev = contract_ev(MS_PROBATION_END, "2026-02-28",
	    MS_SCHEDULED);
	struct feed f = render(&o, &ev, 1);
	icalcomponent *e = find_event(f.cal, "probation_end-c7@" DOMAIN);
	struct icaltimetype s = icalcomponent_get_dtstart(e);
	struct icaltimetype end = icalcomponent_get_dtend(e);
	icalproperty *p = e ? icalcomponent_get_first_property(e,
	    ICAL_TRANSP_PROPERTY) : NULL;

	CHECK(e != NULL, "a date milestone is an event with its UID");
	CHECK(s.is_date && s.year == 2026 && s.month == 2 && s.day == 28,
	    "a date milestone starts on its date, as a DATE");
	CHECK(end.is_date && end.year == 2026 && end.month == 3 && end.day == 1,
	    "and ends (DTEND, a DATE) the next day");
	CHECK(contains(f.text, "\r\nDTSTART;VALUE=DATE:20260228\r\n") &&
	    contains(f.text, "\r\nDTEND;VALUE=DATE:20260301\r\n"),
	    "DTSTART;VALUE=DATE and DTEND;VALUE=DATE in the text");
	CHECK(p != NULL && icalproperty_get_transp(p) == ICAL_TRANSP_TRANSPARENT,
	    "TRANSP:TRANSPARENT: a milestone makes no one busy");
	CHECK(!contains(f.text, "TZID") && count_kind(f.cal,
	    ICAL_VTIMEZONE_COMPONENT) == 0,
	    "no timed event: no VTIMEZONE and no TZID anywhere");
	feed_free(&f);
}

/* The instant a parsed DTSTART stands for, converted through the
 * VTIMEZONE of the same file, as a client does. */
static int64_t
instant_via_vtimezone(icalcomponent *cal, icalcomponent *ev)
{
	icalproperty *p = icalcomponent_get_first_property(ev,
	    ICAL_DTSTART_PROPERTY);
	icalparameter *tzid = p ? icalproperty_get_first_parameter(p,
	    ICAL_TZID_PARAMETER) : NULL;
	icalcomponent *vtz;
	icaltimezone *zone;
	struct icaltimetype t;
	int64_t instant = -1;

	if (tzid == NULL)
		return -1;
	for (vtz = icalcomponent_get_first_component(cal,
	    ICAL_VTIMEZONE_COMPONENT); vtz != NULL;
	    vtz = icalcomponent_get_next_component(cal,
	    ICAL_VTIMEZONE_COMPONENT)) {
		if (strcmp(prop_text(vtz, ICAL_TZID_PROPERTY),
		    icalparameter_get_tzid(tzid)) == 0)
			break;
	}
	if (vtz == NULL || (zone = icaltimezone_new()) == NULL)
		return -1;
	if (icaltimezone_set_component(zone, icalcomponent_new_clone(vtz))) {
		t = icalproperty_get_dtstart(p);
		t.zone = NULL;
		instant = (int64_t)icaltime_as_timet_with_zone(t, zone);
	}
	icaltimezone_free(zone, 1);
	return instant;
}

static int
earliest_observance_year(icalcomponent *vtz)
{
	int year = 9999;

	for (icalcomponent *c = icalcomponent_get_first_component(vtz,
	    ICAL_ANY_COMPONENT); c != NULL;
	    c = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
		struct icaltimetype s = icalcomponent_get_dtstart(c);

		if (s.year < year)
			year = s.year;
	}
	return year;
}

static void
test_timed(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		deadline_ev("241370", WINTER_DEADLINE),
		deadline_ev("250914", SUMMER_DEADLINE),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
	};
	struct feed f = render(&o, ev, 3);
	icalcomponent *summer = find_event(f.cal,
	    "application_deadline-v250914@" DOMAIN);
	icalcomponent *winter = find_event(f.cal,
	    "application_deadline-v241370@" DOMAIN);
	icalcomponent *vtz = f.cal ? icalcomponent_get_first_component(f.cal,
	    ICAL_VTIMEZONE_COMPONENT) : NULL;

	CHECK(summer != NULL && winter != NULL,
	    "application deadlines are events with their UIDs");
	CHECK(contains(f.text,
	    "\r\nDTSTART;TZID=Europe/Brussels:20250622T235900\r\n"),
	    "a summer deadline: DTSTART;TZID=Europe/Brussels:20250622T235900");
	CHECK(contains(f.text,
	    "\r\nDTSTART;TZID=Europe/Brussels:20260113T235900\r\n"),
	    "a winter deadline: DTSTART;TZID=Europe/Brussels:20260113T235900");
	CHECK(summer != NULL && icalcomponent_get_first_property(summer,
	    ICAL_DTEND_PROPERTY) == NULL,
	    "a deadline has no DTEND");
	CHECK(summer != NULL && icalcomponent_get_first_property(summer,
	    ICAL_DURATION_PROPERTY) != NULL && icaldurationtype_as_int(
	    icalcomponent_get_duration(summer)) == 0 &&
	    contains(f.text, "\r\nDURATION:PT0S\r\n"),
	    "a deadline lasts DURATION:PT0S");
	CHECK_INT(count_substr(f.text, "DURATION:PT0S"), 2,
	    "only the two deadlines have a DURATION");
	CHECK_INT(count_kind(f.cal, ICAL_VTIMEZONE_COMPONENT), 1,
	    "one VTIMEZONE for the one TZID used");
	CHECK_STR(prop_text(vtz, ICAL_TZID_PROPERTY), "Europe/Brussels",
	    "its TZID is the plain Olson name");
	CHECK(!contains(f.text, "freeassociation") &&
	    !contains(f.text, "TZID:/") && !contains(f.text, "TZID=/"),
	    "no vendor TZID prefix anywhere");
	CHECK(vtz != NULL && earliest_observance_year(vtz) == 2025,
	    "rules start in the year of the earliest deadline, not 1880");
	CHECK(vtz != NULL && count_kind(vtz, ICAL_XSTANDARD_COMPONENT) >= 1 &&
	    count_kind(vtz, ICAL_XDAYLIGHT_COMPONENT) >= 1,
	    "both summer and winter time are described");
	CHECK_INT(summer ? instant_via_vtimezone(f.cal, summer) : -1,
	    SUMMER_DEADLINE, "through the VTIMEZONE, 23:59 CEST is 21:59Z");
	CHECK_INT(winter ? instant_via_vtimezone(f.cal, winter) : -1,
	    WINTER_DEADLINE, "through the VTIMEZONE, 23:59 CET is 22:59Z");
	CHECK(contains(description_of(summer), "close at 23:59 on 22 June "
	    "2025, Europe/Brussels time") &&
	    contains(description_of(summer), "2025-06-22T23:59:00+02:00"),
	    "the deadline's DESCRIPTION gives its local time and offset");
	CHECK_STR(summary_of(summer), "Application deadline: Team Leader, "
	    "Enterprise Application Support (250914)",
	    "a deadline's SUMMARY: the vacancy's title and reference");
	feed_free(&f);

	/* A deadline past 2037, where libical's zone data changes shape. */
	ev[0] = deadline_ev("400001", INT64_C(2224360740));
	f = render(&o, ev, 1);
	summer = find_event(f.cal, "application_deadline-v400001@" DOMAIN);
	CHECK(contains(f.text, "DTSTART;TZID=Europe/Brussels:20400626T235900"),
	    "a 2040 deadline in Brussels' local time");
	CHECK_INT(summer ? instant_via_vtimezone(f.cal, summer) : -1,
	    INT64_C(2224360740), "and its VTIMEZONE still converts it right");
	feed_free(&f);
}

static void
test_uid(void)
{
	struct feed_event c = contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29",
	    MS_SCHEDULED);
	struct feed_event v = deadline_ev("250914", SUMMER_DEADLINE);
	char buf[ICAL_UID_LEN], small[12];

	ical_uid(&c, DOMAIN, buf, sizeof buf);
	CHECK_STR(buf, "renewal_decision_due-c7@" DOMAIN,
	    "UID: KIND-c<contract id>@DOMAIN");
	c.m.term_end = D("2028-08-31");
	ical_uid(&c, DOMAIN, buf, sizeof buf);
	CHECK_STR(buf, "renewal_decision_due-c7-20280831@" DOMAIN,
	    "a per-term decision milestone adds its term's end");
	ical_uid(&v, DOMAIN, buf, sizeof buf);
	CHECK_STR(buf, "application_deadline-v250914@" DOMAIN,
	    "UID: KIND-v<vacancy reference>@DOMAIN");
	ical_uid(&v, NULL, buf, sizeof buf);
	CHECK_STR(buf, "application_deadline-v250914@localhost",
	    "no domain configured: still a well-formed UID");
	ical_uid(&c, DOMAIN, small, sizeof small);
	CHECK_STR(small, "renewal_dec", "a short buffer gets a terminated prefix");
}

static void
test_stable_bytes(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_MAX_SERVICE_END, "2031-08-31", MS_SCHEDULED),
		deadline_ev("250914", SUMMER_DEADLINE),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		contract_ev(MS_CONVERSION_WINDOW_OPENS, "2028-09-01",
		    MS_SCHEDULED),
		contract_ev(MS_GRADE_ADVANCEMENT_ELIGIBLE, "2028-09-01",
		    MS_SCHEDULED),
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_CANCELLED),
	};
	struct feed_event rev[6];
	const char *order[] = {
		"application_deadline-v250914@" DOMAIN,
		"contract_start-c7@" DOMAIN,
		"probation_end-c7@" DOMAIN,
		"conversion_window_opens-c7@" DOMAIN,
		"grade_advancement_eligible-c7@" DOMAIN,
		"max_service_end-c7@" DOMAIN,
	};
	struct feed a, b, c;
	icalcomponent *e;
	size_t i = 0;
	bool in_order = true;

	o.alarm_minutes[0] = 1440;
	o.alarm_count = 1;
	a = render(&o, ev, 6);
	b = render(&o, ev, 6);
	CHECK(a.text != NULL && b.text != NULL && a.len == b.len &&
	    memcmp(a.text, b.text, a.len) == 0,
	    "the same input renders the same bytes");
	for (size_t k = 0; k < 6; k++)
		rev[k] = ev[5 - k];
	o.now = NOW + 10 * 86400;
	c = render(&o, rev, 6);
	CHECK(c.text != NULL && a.len == c.len &&
	    memcmp(a.text, c.text, a.len) == 0,
	    "the same data in another order, rendered days later: same bytes");
	for (e = a.cal ? icalcomponent_get_first_component(a.cal,
	    ICAL_VEVENT_COMPONENT) : NULL; e != NULL;
	    e = icalcomponent_get_next_component(a.cal, ICAL_VEVENT_COMPONENT))
		in_order = in_order && i < 6 &&
		    strcmp(icalcomponent_get_uid(e), order[i++]) == 0;
	CHECK(in_order && i == 6, "events sorted by date, then by UID");
	e = find_event(a.cal, "contract_start-c7@" DOMAIN);
	CHECK(e != NULL && icaltime_compare(icalcomponent_get_dtstamp(e),
	    icaltime_from_timet_with_zone((time_t)(NOW - 3600), 0,
	    icaltimezone_get_utc_timezone())) == 0 &&
	    icalcomponent_get_dtstamp(e).zone ==
	    icaltimezone_get_utc_timezone(),
	    "DTSTAMP is the time the event changed, in UTC");
	CHECK(contains(a.text, "\r\nLAST-MODIFIED:20250531T230000Z\r\n") &&
	    contains(a.text, "\r\nDTSTAMP:20250531T230000Z\r\n"),
	    "LAST-MODIFIED too, never the time of rendering");
	CHECK_INT(e ? icalproperty_get_sequence(icalcomponent_get_first_property(
	    e, ICAL_SEQUENCE_PROPERTY)) : -1, 2, "SEQUENCE is the event's");
	ev[2].sequence = 3;
	ev[2].updated_at = NOW;
	feed_free(&b);
	b = render(&o, ev, 6);
	CHECK(b.text != NULL && (a.len != b.len ||
	    memcmp(a.text, b.text, a.len) != 0) &&
	    contains(b.text, "\r\nSEQUENCE:3\r\n"),
	    "a changed event changes the bytes, with its new SEQUENCE");
	feed_free(&a);
	feed_free(&b);
	feed_free(&c);
}

static void
test_statuses(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_DONE),
		contract_ev(MS_CONVERSION_WINDOW_OPENS, "2028-09-01",
		    MS_PROJECTED),
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_CANCELLED),
	};
	struct feed f;
	icalcomponent *e;

	ev[1].m.term_end = D("2028-08-31");
	f = render(&o, ev, 4);
	e = find_event(f.cal, "contract_start-c7@" DOMAIN);
	CHECK_INT(e ? (int)icalcomponent_get_status(e) : -1, ICAL_STATUS_CONFIRMED,
	    "scheduled: STATUS:CONFIRMED");
	CHECK_STR(summary_of(e), "Contract starts: Jane Doe (250914)",
	    "SUMMARY: what, who, and the vacancy reference");
	e = find_event(f.cal, "renewal_decision_due-c7-20280831@" DOMAIN);
	CHECK_INT(e ? (int)icalcomponent_get_status(e) : -1, ICAL_STATUS_CONFIRMED,
	    "done: STATUS:CONFIRMED");
	CHECK_STR(summary_of(e), "[done] Renewal decision due: Jane Doe (250914)",
	    "done shows in the SUMMARY");
	CHECK(contains(description_of(e), "Decide whether to renew the contract "
	    "of Jane Doe, whose term ends on 31 August 2028; record the "
	    "decision in tenured by 29 February 2028.") &&
	    contains(description_of(e),
	    "Done: the decision has been recorded"),
	    "the renewal DESCRIPTION: what to do, by when, and that it is done");
	e = find_event(f.cal, "conversion_window_opens-c7@" DOMAIN);
	CHECK_INT(e ? (int)icalcomponent_get_status(e) : -1, ICAL_STATUS_TENTATIVE,
	    "projected: STATUS:TENTATIVE");
	CHECK(contains(summary_of(e), "[if renewed] ") &&
	    contains(description_of(e), "only if the contract is renewed"),
	    "a projected event says it depends on the renewal");
	e = find_event(f.cal, "probation_end-c7@" DOMAIN);
	CHECK_INT(e ? (int)icalcomponent_get_status(e) : -1, ICAL_STATUS_CANCELLED,
	    "cancelled: STATUS:CANCELLED");
	CHECK(contains(summary_of(e), "[cancelled] Probation ends"),
	    "cancelled shows in the SUMMARY");
	feed_free(&f);
}

static void
test_cancelled_ageing(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_CANCELLED),
		contract_ev(MS_CONTRACT_END, "2027-02-28", MS_CANCELLED),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
	};
	int64_t changed = ev[0].updated_at;
	struct feed f;

	ev[1].updated_at = changed + 5 * 86400;
	o.now = changed + FEED_CANCELLED_KEEP - 1;
	CHECK(ical_shows(&o, &ev[0]), "a cancelled event shows for 30 days");
	f = render(&o, ev, 3);
	CHECK(find_event(f.cal, "probation_end-c7@" DOMAIN) != NULL,
	    "and is in the feed one second before they are over");
	feed_free(&f);
	CHECK_INT(ical_next_change(&o, ev, 3), changed + FEED_CANCELLED_KEEP,
	    "the feed's next change: when the first cancellation ages out");
	o.now = changed + FEED_CANCELLED_KEEP;
	CHECK(!ical_shows(&o, &ev[0]), "after 30 days it no longer shows");
	f = render(&o, ev, 3);
	CHECK(f.cal != NULL && find_event(f.cal, "probation_end-c7@" DOMAIN) ==
	    NULL && find_event(f.cal, "contract_end-c7@" DOMAIN) != NULL,
	    "and is gone from the feed, while a later cancellation stays");
	feed_free(&f);
	CHECK_INT(ical_next_change(&o, ev, 3),
	    changed + 5 * 86400 + FEED_CANCELLED_KEEP,
	    "the next change is then the later cancellation's");
	o.now = changed + 60 * 86400;
	CHECK_INT(ical_next_change(&o, ev, 3), 0,
	    "no cancelled event left: no change without new data");
	CHECK(ical_shows(&o, &ev[2]), "a scheduled event always shows");
}

static void
test_age_limit(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_AGE_LIMIT, "2049-03-31", MS_SCHEDULED),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
	};
	struct feed f = render(&o, ev, 2);

	CHECK(!ical_shows(&o, &ev[0]), "age_limit never shows");
	CHECK(f.cal != NULL && count_kind(f.cal, ICAL_VEVENT_COMPONENT) == 1 &&
	    !contains(f.text, "age_limit") && !contains(f.text, "2049"),
	    "age_limit is left out of the feed (it reveals a birth date)");
	feed_free(&f);
}

static void
test_redaction(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_SCHEDULED),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		deadline_ev("250914", SUMMER_DEADLINE),
	};
	struct feed f;
	icalcomponent *e;
	char *s;

	ev[1].person_name = "Jean-Pierre van Dijk";
	o.alarm_minutes[0] = 60;
	o.alarm_count = 1;
	f = render(&o, ev, 3);
	CHECK(contains(f.text, "jane.doe@example.org"),
	    "an ordinary feed gives the email address");
	feed_free(&f);

	o.redact = true;
	f = render(&o, ev, 3);
	e = find_event(f.cal, "renewal_decision_due-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Renewal decision due: J. D. (250914)",
	    "redacted: initials in the SUMMARY");
	CHECK(contains(description_of(e), "the contract of J. D.;") &&
	    contains(description_of(e), "Staff member: J. D."),
	    "and in the DESCRIPTION");
	e = find_event(f.cal, "contract_start-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Contract starts: J.-P. V. D. (250914)",
	    "hyphenated names give hyphenated initials");
	CHECK(f.text != NULL && !contains(f.text, "Jane") &&
	    !contains(f.text, "Doe") && !contains(f.text, "Dijk") &&
	    !contains(f.text, "jane.doe") && !contains(f.text, "@example.org"),
	    "redacted: no name and no email anywhere, alarms included");
	CHECK_STR(summary_of(find_event(f.cal,
	    "application_deadline-v250914@" DOMAIN)), "Application deadline: "
	    "Team Leader, Enterprise Application Support (250914)",
	    "a vacancy's title is not personal: kept");
	feed_free(&f);

	s = ical_text_initials("émile  zola");
	CHECK_STR(s, "é. Z.", "initials keep non-ASCII letters whole");
	free(s);
	s = ical_text_initials("<script>alert(1)</script>");
	CHECK_STR(s, "S.", "initials skip markup");
	free(s);
	s = ical_text_initials(" 123 - ");
	CHECK_STR(s, "", "no letter: no initials");
	free(s);
}

static void
test_alarms(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_DONE),
		contract_ev(MS_CONVERSION_WINDOW_OPENS, "2028-09-01",
		    MS_PROJECTED),
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_CANCELLED),
		deadline_ev("250914", SUMMER_DEADLINE),
	};
	const int want[] = { -7 * 86400, -86400, -90 * 60, 0 };
	struct feed f;
	icalcomponent *e, *a;
	int n = 0;
	bool ok = true;

	f = render(&o, ev, 5);
	CHECK(f.text != NULL && !contains(f.text, "VALARM"),
	    "no alarms configured: no VALARM");
	feed_free(&f);

	o.alarm_minutes[0] = 7 * 1440;
	o.alarm_minutes[1] = 1440;
	o.alarm_minutes[2] = 90;
	o.alarm_minutes[3] = 1440;
	o.alarm_minutes[4] = 0;
	o.alarm_count = 5;
	f = render(&o, ev, 5);
	e = find_event(f.cal, "contract_start-c7@" DOMAIN);
	for (a = e ? icalcomponent_get_first_component(e,
	    ICAL_VALARM_COMPONENT) : NULL; a != NULL;
	    a = icalcomponent_get_next_component(e, ICAL_VALARM_COMPONENT)) {
		icalproperty *t = icalcomponent_get_first_property(a,
		    ICAL_TRIGGER_PROPERTY);
		icalproperty *act = icalcomponent_get_first_property(a,
		    ICAL_ACTION_PROPERTY);
		struct icaltriggertype tr = t ? icalproperty_get_trigger(t) :
		    (struct icaltriggertype){ 0 };

		ok = ok && n < 4 && t != NULL && icaltime_is_null_time(tr.time) &&
		    icaldurationtype_as_int(tr.duration) == want[n] &&
		    act != NULL &&
		    icalproperty_get_action(act) == ICAL_ACTION_DISPLAY &&
		    contains(prop_text(a, ICAL_DESCRIPTION_PROPERTY),
		    "Contract starts: Jane Doe");
		n++;
	}
	CHECK(ok && n == 4, "alarms: DISPLAY with a DESCRIPTION, triggers 7 "
	    "days, 1 day, 90 minutes before and at the start; duplicates once");
	CHECK(contains(f.text, "\r\nTRIGGER:-P7D\r\n") &&
	    contains(f.text, "\r\nTRIGGER:-P1D\r\n") &&
	    contains(f.text, "\r\nTRIGGER:-PT90M\r\n") &&
	    contains(f.text, "\r\nTRIGGER:PT0S\r\n"),
	    "triggers are durations relative to the start");
	CHECK_INT(count_kind(find_event(f.cal,
	    "application_deadline-v250914@" DOMAIN), ICAL_VALARM_COMPONENT), 4,
	    "a deadline gets the alarms too");
	CHECK_INT(count_kind(find_event(f.cal, "renewal_decision_due-c7@" DOMAIN),
	    ICAL_VALARM_COMPONENT), 0, "no alarm on a done milestone");
	CHECK_INT(count_kind(find_event(f.cal,
	    "conversion_window_opens-c7@" DOMAIN), ICAL_VALARM_COMPONENT), 0,
	    "no alarm on a projected one");
	CHECK_INT(count_kind(find_event(f.cal, "probation_end-c7@" DOMAIN),
	    ICAL_VALARM_COMPONENT), 0, "no alarm on a cancelled one");
	feed_free(&f);
}

static void
test_escaping(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_SCHEDULED),
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_SCHEDULED),
		contract_ev(MS_CONTRACT_END, "2027-02-28", MS_SCHEDULED),
	};
	char long_name[400] = "";
	struct feed f;
	icalcomponent *e;

	ev[0].person_name = "Doe, Jane; \"JJ\" \\ Jr.\nSecond line";
	ev[0].title = "Analyst, Data;\r\nPlatforms";
	ev[1].person_name = "<script>alert('x')</script>";
	ev[2].person_name = "Zoë Brontë";
	for (int i = 0; i < 40; i++)
		strcat(long_name, "日本,");
	ev[3].person_name = long_name;
	ev[3].vacancy = NULL;
	ev[3].contract_id = 42;
	f = render(&o, ev, 4);
	e = find_event(f.cal, "renewal_decision_due-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Renewal decision due: Doe, Jane; \"JJ\" \\ Jr. "
	    "Second line (250914)",
	    "commas, semicolons, backslashes and a newline in a name read back");
	CHECK(contains(f.text, "Doe\\, Jane\\; \"JJ\" \\\\ Jr."),
	    "commas, semicolons and backslashes are escaped in the text");
	CHECK(contains(description_of(e), "\nPost: Analyst, Data; Platforms\n"),
	    "a title's line break becomes a space, its punctuation stays");
	CHECK(contains(description_of(e), "29 February 2028.\n\nStaff member:"),
	    "the DESCRIPTION's own line breaks survive");
	CHECK(contains(f.text, ".\\n\\nStaff member:"),
	    "written as \\n in the text");
	e = find_event(f.cal, "contract_start-c7@" DOMAIN);
	CHECK_STR(summary_of(e),
	    "Contract starts: <script>alert('x')</script> (250914)",
	    "markup in a name is text, passed on unchanged");
	e = find_event(f.cal, "probation_end-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Probation ends: Zoë Brontë (250914)",
	    "non-ASCII names read back");
	e = find_event(f.cal, "contract_end-c42@" DOMAIN);
	CHECK(contains(summary_of(e), long_name) &&
	    contains(summary_of(e), " (contract 42)"),
	    "a long non-ASCII name survives folding; no vacancy: contract id");
	feed_free(&f);

	ev[0].person_name = "Bad\xff\xfe utf8\x01\x7f name \xe2\x82";
	f = render(&o, ev, 1);
	e = find_event(f.cal, "renewal_decision_due-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Renewal decision due: Bad\xef\xbf\xbd\xef\xbf"
	    "\xbd utf8   name \xef\xbf\xbd\xef\xbf\xbd (250914)",
	    "invalid UTF-8 becomes U+FFFD, control characters spaces");
	feed_free(&f);
}

/* The ORGANIZER of ev[i] in a feed rendered with organizer, or "-". */
static void
organizer_of(const char *organizer, char *uri, char *cn, size_t len)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		deadline_ev("250914", SUMMER_DEADLINE),
	};
	struct feed f;
	icalproperty *p[2] = { NULL, NULL };
	icalparameter *c;

	o.organizer = organizer;
	f = render(&o, ev, 2);
	snprintf(uri, len, "-");
	snprintf(cn, len, "-");
	for (int i = 0; i < 2 && f.cal != NULL; i++)
		p[i] = icalcomponent_get_first_property(find_event(f.cal, i == 0 ?
		    "contract_start-c7@" DOMAIN :
		    "application_deadline-v250914@" DOMAIN),
		    ICAL_ORGANIZER_PROPERTY);
	/* Both events, the same ORGANIZER. */
	if (p[0] != NULL && p[1] != NULL && strcmp(icalproperty_get_organizer(
	    p[0]), icalproperty_get_organizer(p[1])) == 0) {
		snprintf(uri, len, "%s", icalproperty_get_organizer(p[0]));
		c = icalproperty_get_first_parameter(p[0], ICAL_CN_PARAMETER);
		if (c != NULL)
			snprintf(cn, len, "%s", icalparameter_get_cn(c));
	}
	feed_free(&f);
}

static void
test_organizer(void)
{
	char uri[200], cn[200];

	organizer_of("HR deadlines <hr-deadlines@example.org>", uri, cn,
	    sizeof uri);
	CHECK_STR(uri, "mailto:hr-deadlines@example.org",
	    "ORGANIZER on every event: mailto: the [smtp] from address");
	CHECK_STR(cn, "HR deadlines", "with CN= its display name");
	organizer_of("hr@example.org", uri, cn, sizeof uri);
	CHECK_STR(uri, "mailto:hr@example.org", "a bare from address");
	CHECK_STR(cn, "-", "gives no CN");
	organizer_of(NULL, uri, cn, sizeof uri);
	CHECK_STR(uri, "mailto:tenured@" DOMAIN,
	    "no [smtp] from: mailto:tenured@DOMAIN");
	organizer_of("not an address", uri, cn, sizeof uri);
	CHECK_STR(uri, "mailto:tenured@" DOMAIN,
	    "an unusable from: mailto:tenured@DOMAIN");
	organizer_of("\"Doe, J; \\ \\\"HR\\\" ^n\" <hr@example.org>", uri, cn,
	    sizeof uri);
	CHECK_STR(cn, "Doe, J; \\ \\HR\\ n",
	    "a CN keeps commas, semicolons and backslashes and loses the "
	    "quotes and carets some parsers would misread");
}

static void
test_calname(void)
{
	struct feed_options o = options();
	struct feed_event ev = contract_ev(MS_CONTRACT_START, "2025-09-01",
	    MS_SCHEDULED);
	char name[300] = "Team, HR; \\ \"deadlines\"\nnext";
	struct feed f;
	const char *p;

	o.calname = name;
	f = render(&o, &ev, 1);
	CHECK(contains(f.text, "\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Team\\, "
	    "HR\\; \\\\ \"deadlines\" next\r\nX-WR-TIMEZONE:"),
	    "X-WR-CALNAME is escaped like any TEXT value, on one line");
	CHECK_STR(f.cal != NULL ? x_prop_raw(f.cal, "X-WR-CALNAME") : NULL,
	    "Team, HR; \\ \"deadlines\" next",
	    "and reads back as the name, its line break a space");
	feed_free(&f);

	/* Folded at 75 octets, never inside a character or an escape. */
	strcpy(name, "");
	for (int i = 0; i < 30; i++)
		strcat(name, i % 3 ? "日本" : ",;");
	f = render(&o, &ev, 1);
	p = f.text != NULL ? strstr(f.text, "X-WR-CALNAME:") : NULL;
	{
		bool ok = p != NULL;
		const char *end = p != NULL ? strstr(p, "\r\nX-WR-TIMEZONE")
		    : NULL;

		for (const char *l = p; ok && l < end;) {
			const char *eol = strstr(l, "\r\n");

			ok = eol - l <= 75 && (unsigned char)eol[-1] != 0xe6 &&
			    eol[-1] != '\\' && ((unsigned char)eol[2] & 0xc0) !=
			    0x80;
			l = eol + 2;
			ok = ok && (l >= end || *l == ' ');
		}
		CHECK(ok && end != NULL && count_substr(p, "\r\n ") > 1 &&
		    end - p < 400, "a long X-WR-CALNAME folds at 75 octets "
		    "between characters and escapes");
	}
	feed_free(&f);
}

/* The feed without the lines that are words (and their folded
 * continuations): what must not change with the language. */
static char *
without_words(const char *text)
{
	char *out = strdup(text != NULL ? text : ""), *w = out;
	const char *p = text != NULL ? text : "";
	bool skip = false;

	while (out != NULL && *p != '\0') {
		const char *eol = strstr(p, "\r\n");
		size_t n = eol != NULL ? (size_t)(eol - p) + 2 : strlen(p);

		if (*p != ' ')
			skip = strncmp(p, "SUMMARY:", 8) == 0 ||
			    strncmp(p, "DESCRIPTION:", 12) == 0 ||
			    strncmp(p, "X-WR-CALNAME:", 13) == 0;
		if (!skip) {
			memcpy(w, p, n);
			w += n;
		}
		p += n;
	}
	if (out != NULL)
		*w = '\0';
	return out;
}

/* SPEC section 12: a feed's words in its language; everything else (UIDs,
 * dates, SEQUENCE, alarms' triggers) the same bytes as in English. */
static void
test_french(void)
{
	struct feed_options o = options();
	struct feed_event ev[] = {
		contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED),
		contract_ev(MS_RENEWAL_DECISION_DUE, "2028-02-29", MS_DONE),
		contract_ev(MS_CONVERSION_WINDOW_OPENS, "2028-06-01",
		    MS_PROJECTED),
		contract_ev(MS_PROBATION_END, "2026-02-28", MS_CANCELLED),
		deadline_ev("250914", SUMMER_DEADLINE),
	};
	struct feed en, fr;
	icalcomponent *e, *a;
	char *en_rest, *fr_rest;

	ev[1].m.term_end = D("2028-08-31");
	o.alarm_minutes[0] = 1440;
	o.alarm_count = 1;
	o.calname = NULL;
	en = render(&o, ev, 5);
	o.lang = LANG_FR;
	fr = render(&o, ev, 5);
	en_rest = without_words(en.text);
	fr_rest = without_words(fr.text);
	CHECK(en.cal != NULL && fr.cal != NULL && en_rest != NULL &&
	    fr_rest != NULL && strcmp(en_rest, fr_rest) == 0 &&
	    strcmp(en.text, fr.text) != 0, "French feed: only SUMMARY, "
	    "DESCRIPTION and the name differ from English; UIDs, dates, "
	    "SEQUENCE and alarms' triggers are the same bytes");
	CHECK_STR(x_prop_raw(fr.cal, "X-WR-CALNAME"),
	    "tenured : \xc3\xa9" "ch\xc3\xa9" "ances RH",
	    "French: the default calendar name");
	CHECK_STR(x_prop_raw(en.cal, "X-WR-CALNAME"), "tenured: HR milestones",
	    "English: the default calendar name");

	e = find_event(fr.cal, "contract_start-c7@" DOMAIN);
	CHECK_STR(summary_of(e), "Prise de fonctions : Jane Doe (250914)",
	    "French SUMMARY: label, name, reference");
	CHECK(contains(description_of(e), "Jane Doe prend ses fonctions le 1er "
	    "septembre 2025. Veuillez faire signer le contrat et organiser "
	    "l'arriv\xc3\xa9" "e d'ici l\xc3\xa0.\n\nAgent : Jane Doe\n"
	    "Adresse \xc3\xa9lectronique : jane.doe@example.org\nPoste : "
	    "Team Leader\nAvis de vacance : 250914\nContrat : 7"),
	    "French DESCRIPTION: what to do by when, \"1er\", the facts");
	a = e != NULL ? icalcomponent_get_first_component(e,
	    ICAL_VALARM_COMPONENT) : NULL;
	CHECK_STR(prop_text(a, ICAL_DESCRIPTION_PROPERTY),
	    "Prise de fonctions : Jane Doe (250914)",
	    "French VALARM DESCRIPTION");
	e = find_event(fr.cal, "renewal_decision_due-c7-20280831@" DOMAIN);
	CHECK_STR(summary_of(e), "[trait\xc3\xa9] D\xc3\xa9" "cision de "
	    "renouvellement : Jane Doe (250914)", "French: done");
	CHECK(contains(description_of(e), "Veuillez d\xc3\xa9" "cider du "
	    "renouvellement du contrat de Jane Doe, qui arrive \xc3\xa0 "
	    "\xc3\xa9" "ch\xc3\xa9" "ance le 31 ao\xc3\xbbt 2028, et "
	    "enregistrer la d\xc3\xa9" "cision dans tenured au plus tard le 29 "
	    "f\xc3\xa9vrier 2028.\n\nTrait\xc3\xa9 : la d\xc3\xa9" "cision a "
	    "\xc3\xa9t\xc3\xa9 enregistr\xc3\xa9" "e dans tenured"),
	    "French: the renewal's sentence and its status");
	e = find_event(fr.cal, "conversion_window_opens-c7@" DOMAIN);
	CHECK(contains(summary_of(e), "[si renouvellement] Ouverture des "
	    "demandes de conversion") && contains(description_of(e),
	    "\xc3\x80 compter du 1er juin 2028, Jane Doe peut demander la "
	    "conversion de son contrat en contrat de dur\xc3\xa9" "e "
	    "ind\xc3\xa9termin\xc3\xa9" "e"), "French: projected");
	e = find_event(fr.cal, "probation_end-c7@" DOMAIN);
	CHECK(contains(summary_of(e), "[annul\xc3\xa9] Fin de la p\xc3\xa9riode "
	    "probatoire"), "French: cancelled");
	e = find_event(fr.cal, "application_deadline-v250914@" DOMAIN);
	CHECK_STR(summary_of(e), "Date limite de candidature : Team Leader, "
	    "Enterprise Application Support (250914)",
	    "French: a deadline's SUMMARY");
	CHECK(contains(description_of(e), "jusqu'au 22 juin 2025 \xc3\xa0 "
	    "23:59 (fuseau horaire Europe/Brussels, "
	    "2025-06-22T23:59:00+02:00)"),
	    "French: a deadline's day, hour, zone and offset");
	free(en_rest);
	free(fr_rest);
	feed_free(&en);
	feed_free(&fr);

	/* Without a name (or redacted): "l'agent", which French puts after
	 * "de" without a change. */
	ev[0].person_name = NULL;
	ev[3].m.status = MS_SCHEDULED;
	ev[3].person_name = NULL;
	fr = render(&o, ev, 4);
	CHECK(contains(description_of(find_event(fr.cal,
	    "contract_start-c7@" DOMAIN)), "L'agent prend ses fonctions") &&
	    contains(description_of(find_event(fr.cal,
	    "probation_end-c7@" DOMAIN)), "La p\xc3\xa9riode probatoire de "
	    "l'agent prend fin le 28 f\xc3\xa9vrier 2026."),
	    "French: no name, \"l'agent\", capitalised to open a sentence");
	feed_free(&fr);
	ev[0] = contract_ev(MS_CONTRACT_START, "2025-09-01", MS_SCHEDULED);
	o.redact = true;
	fr = render(&o, ev, 1);
	e = find_event(fr.cal, "contract_start-c7@" DOMAIN);
	CHECK(contains(summary_of(e), "Prise de fonctions : J. D. (250914)") &&
	    !contains(description_of(e), "Jane") &&
	    !contains(description_of(e), "@example.org"),
	    "French redacted: initials, no email");
	feed_free(&fr);
}

static void
test_wording(void)
{
	struct feed_options o = options();
	const char *seen[MS_KIND_COUNT] = { 0 };
	bool labels_ok = true, all_ok = true;

	for (int k = 0; k < MS_KIND_COUNT; k++) {
		const char *l = ical_text_label(LANG_EN, (enum milestone_kind)k);

		labels_ok = labels_ok && l != NULL && l[0] >= 'A' && l[0] <= 'Z';
		for (int j = 0; j < k; j++)
			labels_ok = labels_ok && strcmp(seen[j], l) != 0;
		seen[k] = l;
	}
	CHECK(labels_ok, "every kind has its own capitalised label");
	labels_ok = true;
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		const char *fr = ical_text_label(LANG_FR,
		    (enum milestone_kind)k);

		labels_ok = labels_ok && fr != NULL &&
		    strcmp(fr, seen[k]) != 0 && fr[0] != '\0';
		for (int j = 0; j < k; j++)
			labels_ok = labels_ok && strcmp(ical_text_label(LANG_FR,
			    (enum milestone_kind)j), fr) != 0;
	}
	CHECK(labels_ok, "every kind has its own French label");
	CHECK_STR(ical_text_label(LANG_FR, MS_MAX_SERVICE_END),
	    "Fin de la dur\xc3\xa9" "e de service maximale",
	    "NATO's French: dur\xc3\xa9" "e de service maximale");
	CHECK_STR(ical_text_label(LANG_FR, MS_AGE_LIMIT),
	    "Limite d'\xc3\xa2ge", "NATO's French: limite d'\xc3\xa2ge");
	for (int k = 0; k < MS_KIND_COUNT; k++) {
		struct feed_event ev = k == MS_APPLICATION_DEADLINE ?
		    deadline_ev("250914", SUMMER_DEADLINE) :
		    contract_ev((enum milestone_kind)k, "2027-11-30",
		    MS_SCHEDULED);
		struct feed f;
		icalcomponent *e;
		const char *d;
		char what[120];

		if (k == MS_AGE_LIMIT)
			continue;
		f = render(&o, &ev, 1);
		e = f.cal ? icalcomponent_get_first_component(f.cal,
		    ICAL_VEVENT_COMPONENT) : NULL;
		d = description_of(e);
		snprintf(what, sizeof what, "%s: SUMMARY starts with its label, "
		    "DESCRIPTION gives the date", milestone_kind_name(ev.m.kind));
		CHECK(e != NULL && strncmp(summary_of(e),
		    ical_text_label(LANG_EN, ev.m.kind),
		    strlen(ical_text_label(LANG_EN, ev.m.kind))) == 0 &&
		    contains(d, k == MS_APPLICATION_DEADLINE ? "22 June 2025" :
		    "30 November 2027") && d[strlen(d) - 1] != '\n', what);
		all_ok = all_ok && e != NULL;
		feed_free(&f);
	}
	CHECK(all_ok, "every kind renders");
}

/* Every kind's French SUMMARY and DESCRIPTION: translated (none left in
 * English), with the date written out. */
static void
test_wording_fr(void)
{
	struct feed_options o = options();
	bool ok = true;

	for (int k = 0; k < MS_KIND_COUNT; k++) {
		struct feed_event ev = k == MS_APPLICATION_DEADLINE ?
		    deadline_ev("250914", SUMMER_DEADLINE) :
		    contract_ev((enum milestone_kind)k, "2027-11-30",
		    MS_SCHEDULED);
		struct feed en, fr;
		const char *d, *den;
		char what[120];

		if (k == MS_AGE_LIMIT)
			continue;
		ev.m.term_end = k == MS_RENEWAL_DECISION_DUE ||
		    k == MS_NATIONAL_AGREEMENT_DUE ? D("2028-05-31") :
		    DATE_NONE;
		o.lang = LANG_EN;
		en = render(&o, &ev, 1);
		o.lang = LANG_FR;
		fr = render(&o, &ev, 1);
		d = description_of(fr.cal ? icalcomponent_get_first_component(
		    fr.cal, ICAL_VEVENT_COMPONENT) : NULL);
		den = description_of(en.cal ? icalcomponent_get_first_component(
		    en.cal, ICAL_VEVENT_COMPONENT) : NULL);
		snprintf(what, sizeof what, "%s: French DESCRIPTION, its date "
		    "in French", milestone_kind_name(ev.m.kind));
		ok = CHECK(d != NULL && den != NULL &&
		    strncmp(d, den, 12) != 0 && contains(d,
		    k == MS_APPLICATION_DEADLINE ? "22 juin 2025" :
		    "30 novembre 2027") && !contains(d, " the ") &&
		    (ev.m.term_end == DATE_NONE || contains(d, "31 mai 2028")),
		    what) && ok;
		feed_free(&en);
		feed_free(&fr);
	}
	CHECK(ok, "every kind reads in French");
}

static void
test_empty(void)
{
	struct feed_options o = options();
	struct feed f = render(&o, NULL, 0);

	CHECK(f.cal != NULL && count_kind(f.cal, ICAL_VEVENT_COMPONENT) == 0 &&
	    count_kind(f.cal, ICAL_VTIMEZONE_COMPONENT) == 0,
	    "an empty scope gives a valid, empty calendar");
	feed_free(&f);
}

int
main(void)
{
	test_calendar_properties();
	test_all_day();
	test_timed();
	test_uid();
	test_stable_bytes();
	test_statuses();
	test_cancelled_ageing();
	test_age_limit();
	test_redaction();
	test_alarms();
	test_escaping();
	test_organizer();
	test_calname();
	test_french();
	test_wording();
	test_wording_fr();
	test_empty();
	return tap_done();
}
