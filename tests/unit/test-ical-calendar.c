/* Calendar feeds (SPEC section 6) as calendars: the calendar's own
 * properties, all-day and timed events with the VTIMEZONE a client needs to
 * place them, stable UIDs, the same bytes for the same input, and an empty
 * feed. Fixed inputs are rendered, then read back with libical's own parser,
 * so every check is on what a client receives rather than on how the text
 * happens to be built. The parsers of real clients (python-icalendar,
 * ical.js) read the sample in 'ical-clients'. */
#include "ical-fixture.h"

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
	test_empty();
	return tap_done();
}
