/* The holiday calendar (SPEC section 5): the all-day events of an ICS file
 * as non-working days, read from the sample NATO HQ list of 2026 and from
 * small hand-written calendars, and every kind of bad input refused with a
 * failure rather than a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "reminder.h"
#include "tap.h"

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

static char *
slurp(const char *name, size_t *len)
{
	char path[4096];
	FILE *fp;
	char *buf;
	long size;

	snprintf(path, sizeof path, "%s/tests/data/holidays/%s",
	    TENURED_SOURCE_ROOT, name);
	if ((fp = fopen(path, "rb")) == NULL || fseek(fp, 0, SEEK_END) != 0 ||
	    (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		printf("Bail out! cannot read %s\n", path);
		exit(2);
	}
	/* Exactly the file, no terminator: the parser must not need one. */
	if ((buf = malloc(size > 0 ? (size_t)size : 1)) == NULL ||
	    fread(buf, 1, (size_t)size, fp) != (size_t)size) {
		printf("Bail out! cannot read %s\n", path);
		exit(2);
	}
	fclose(fp);
	*len = (size_t)size;
	return buf;
}

/* The days of a set as "YYYY-MM-DD ..." for comparison in one check. */
static const char *
days_of(const struct holiday_set *h)
{
	static char buf[4096];
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < h->count && used + DATE_STRLEN < sizeof buf; i++) {
		char d[DATE_STRLEN];

		date_format(h->days[i], d);
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s",
		    i > 0 ? " " : "", d);
	}
	return buf;
}

static const char *
until_of(const struct holiday_set *h)
{
	static char buf[DATE_STRLEN];

	if (h->covered_until == DATE_NONE)
		return "none";
	date_format(h->covered_until, buf);
	return buf;
}

/* The 2026 NATO HQ days of the sample, in order. */
static const char sample_days[] =
    "2026-01-01 2026-01-02 2026-04-06 2026-05-01 2026-05-14 2026-05-25 "
    "2026-07-21 2026-11-02 2026-11-11 2026-12-23 2026-12-25 2026-12-28 "
    "2026-12-29 2026-12-30";

static void
test_sample(void)
{
	struct holiday_set h;
	struct failure f;
	size_t len;
	char *text = slurp("nato-hq-holidays-2026.ics", &len);
	char *lf;
	size_t n = 0;

	CHECK_INT(holidays_parse(text, len, &h, &f), 0, "the sample parses");
	CHECK_INT(h.count, 14, "fourteen holidays");
	CHECK_STR(days_of(&h), sample_days, "New Year (2), Easter Monday, "
	    "Labour Day, Ascension, Whit Monday, 21 July, 2 and 11 November, "
	    "the year-end closure and Christmas");
	CHECK_STR(until_of(&h), "2026-12-31", "it speaks for 2026");
	CHECK(!holidays_is_working_day(&h, D("2026-05-14")),
	    "Ascension is off");
	CHECK(holidays_is_working_day(&h, D("2026-05-15")),
	    "the Friday after is not in the list: a working day");
	CHECK(holidays_is_working_day(&h, D("2026-12-24")),
	    "24 December is not in the list");
	CHECK(holidays_is_working_day(&h, D("2026-12-31")),
	    "31 December is not in the list");
	CHECK(!holidays_is_working_day(&h, D("2026-12-26")),
	    "26 December 2026 is a Saturday");
	CHECK(holidays_is_working_day(&h, D("2027-01-01")),
	    "2027 is not covered: 1 January 2027 counts as working");
	CHECK_INT(holidays_previous_working_day(&h, D("2026-12-30")),
	    D("2026-12-24"), "30 December: back over 29, 28, the weekend and "
	    "Christmas to the 24th");
	CHECK_INT(holidays_previous_working_day(&h, D("2026-05-25")),
	    D("2026-05-22"), "Whit Monday: the Friday before");
	holidays_free(&h);
	CHECK(h.days == NULL && h.count == 0, "freed sets are empty");
	holidays_free(&h);
	holidays_free(NULL);
	CHECK(true, "holidays_free twice, and of NULL, is harmless");

	/* The sample has CRLF line ends, as RFC 5545 wants; files edited by
	 * hand often have bare LF. */
	lf = malloc(len);
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '\r')
			lf[n++] = text[i];
	}
	CHECK(n < len, "the sample has CRLF line ends");
	CHECK_INT(holidays_parse(lf, n, &h, &f), 0, "LF lines parse");
	CHECK_STR(days_of(&h), sample_days, "... to the same days");
	holidays_free(&h);
	free(lf);

	/* Every prefix of the file: a truncated download gives days or a
	 * failure, never a crash (ASan and valgrind see the reads). */
	for (size_t cut = 0; cut < len; cut++) {
		char *part = malloc(cut > 0 ? cut : 1);
		int rc;

		memcpy(part, text, cut);
		rc = holidays_parse(part, cut, &h, &f);
		if (rc != 0 && (h.days != NULL || h.count != 0 ||
		    f.kind != FAILURE_INVALID_FIELD)) {
			printf("# prefix of %zu bytes\n", cut);
			CHECK(false, "a truncated calendar fails cleanly");
		}
		holidays_free(&h);
		free(part);
	}
	CHECK(true, "every truncation of the sample gives days or a failure");
	free(text);
}

#define CAL(events) "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" \
	events "END:VCALENDAR\r\n"
#define EV(props) "BEGIN:VEVENT\r\nUID:x@t\r\nDTSTAMP:20260101T000000Z\r\n" \
	props "END:VEVENT\r\n"

static void
check_days(const char *text, const char *want, const char *until,
    const char *what)
{
	struct holiday_set h;
	struct failure f;
	char full[256];

	if (holidays_parse(text, strlen(text), &h, &f) != 0) {
		CHECK(false, what);
		printf("#   failed: %s\n", f.message);
		return;
	}
	CHECK_STR(days_of(&h), want, what);
	snprintf(full, sizeof full, "%s: covered until %s", what, until);
	CHECK_STR(until_of(&h), until, full);
	holidays_free(&h);
}

static void
test_events(void)
{
	check_days(CAL(EV("DTSTART;VALUE=DATE:20261224\r\n"
	    "DTEND;VALUE=DATE:20270102\r\n")),
	    "2026-12-24 2026-12-25 2026-12-26 2026-12-27 2026-12-28 "
	    "2026-12-29 2026-12-30 2026-12-31 2027-01-01",
	    "2027-12-31", "DTEND is exclusive, across a year end");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20260501\r\n")),
	    "2026-05-01", "2026-12-31", "no DTEND: the one day");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20260501\r\n"
	    "DTEND;VALUE=DATE:20260501\r\n")),
	    "2026-05-01", "2026-12-31", "DTEND equal to DTSTART: one day");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20260501\r\nDURATION:P3D\r\n")),
	    "2026-05-01 2026-05-02 2026-05-03", "2026-12-31",
	    "DURATION:P3D: three days");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20260501\r\nDURATION:P1W\r\n")),
	    "2026-05-01 2026-05-02 2026-05-03 2026-05-04 2026-05-05 "
	    "2026-05-06 2026-05-07", "2026-12-31", "DURATION:P1W: seven days");
	check_days(CAL(EV("DTSTART:20260501\r\n")),
	    "2026-05-01", "2026-12-31", "an 8-digit DTSTART is a date");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20260502\r\n")
	    EV("DTSTART;VALUE=DATE:20260501\r\nDTEND;VALUE=DATE:20260503\r\n")),
	    "2026-05-01 2026-05-02", "2026-12-31",
	    "overlapping events: sorted, each day once");
	check_days(CAL(EV("DTSTART:20260501T090000Z\r\n"
	    "DTEND:20260501T120000Z\r\n")
	    EV("DTSTART;VALUE=DATE:20260502\r\nSTATUS:CANCELLED\r\n")
	    EV("DTSTART;VALUE=DATE:20260504\r\n")),
	    "2026-05-04", "2026-12-31",
	    "timed and cancelled events are not holidays");
	check_days(CAL(""), "", "none", "an empty calendar: no days, no cover");
	check_days(CAL(EV("DTSTART:20260501T090000Z\r\n")), "", "none",
	    "only timed events: no days, no cover");
	check_days("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
	    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" EV("DTSTART;VALUE=DATE:20270101\r\n")
	    "END:VCALENDAR\r\n", "2027-01-01", "2027-12-31",
	    "two calendars in one file");
	check_days(CAL("BEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\n"
	    "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0000\r\n"
	    "TZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
	    EV("DTSTART;VALUE=DATE:20260721\r\nSUMMARY:National Day\r\n"
	    "DESCRIPTION:a long\r\n  folded description\r\n")),
	    "2026-07-21", "2026-12-31", "other components and folding are fine");
	check_days(CAL("COLOR:red\r\nFOO-BAR:baz\r\n"
	    EV("DTSTART;VALUE=DATE:20260721\r\nFOO-BAR:baz\r\n"
	    "X-MICROSOFT-CDO-BUSYSTATUS:FREE\r\nCATEGORIES:a,b\r\n")),
	    "2026-07-21", "2026-12-31", "unknown and X- properties are fine");
}

static void
test_recurrence(void)
{
	check_days(CAL(EV("DTSTART;VALUE=DATE:20241225\r\nRRULE:FREQ=YEARLY\r\n")
	    EV("DTSTART;VALUE=DATE:20270101\r\n")),
	    "2024-12-25 2025-12-25 2026-12-25 2027-01-01 2027-12-25",
	    "2027-12-31", "an open-ended yearly rule fills the covered years");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\n")),
	    "2026-12-25", "2026-12-31",
	    "alone, an open-ended rule covers its first year");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "RRULE:FREQ=YEARLY;COUNT=3\r\n")),
	    "2026-01-01 2027-01-01 2028-01-01", "2028-12-31",
	    "COUNT=3: three years, all covered");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "RRULE:FREQ=YEARLY;UNTIL=20271231\r\n")),
	    "2026-01-01 2027-01-01", "2027-12-31", "UNTIL bounds the rule");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20261126\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=2\r\n")),
	    "2026-11-26 2027-11-25", "2027-12-31",
	    "the fourth Thursday of November, twice");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20261224\r\n"
	    "DTEND;VALUE=DATE:20261226\r\nRRULE:FREQ=YEARLY;COUNT=2\r\n")),
	    "2026-12-24 2026-12-25 2027-12-24 2027-12-25", "2027-12-31",
	    "every instance lasts as long as the first");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "RRULE:FREQ=YEARLY;COUNT=3\r\nEXDATE;VALUE=DATE:20270101\r\n")),
	    "2026-01-01 2028-01-01", "2028-12-31", "EXDATE removes an instance");
	check_days(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "RDATE;VALUE=DATE:20260601,20260701\r\n")),
	    "2026-01-01 2026-06-01 2026-07-01", "2026-12-31",
	    "RDATE adds days");
}

static void
check_refused(const char *text, size_t len, const char *needle,
    const char *what)
{
	struct holiday_set h;
	struct failure f;

	memset(&f, 0, sizeof f);
	memset(&h, 0x5a, sizeof h);
	if (holidays_parse(text, len, &h, &f) == 0) {
		CHECK(false, what);
		printf("#   parsed to %zu days\n", h.count);
		holidays_free(&h);
		return;
	}
	if (!CHECK(f.kind == FAILURE_INVALID_FIELD &&
	    strcmp(f.field, "holidays") == 0 &&
	    strstr(f.message, needle) != NULL && h.days == NULL &&
	    h.count == 0 && h.covered_until == DATE_NONE, what))
		printf("#   got %s/%s: %s\n", failure_code(f.kind), f.field,
		    f.message);
}

#define REFUSED(text, needle, what) \
	check_refused((text), strlen(text), (needle), (what))

static void
test_malformed(void)
{
	static const char nul[] = "BEGIN:VCALENDAR\r\n\0END:VCALENDAR\r\n";
	char big[8192];

	REFUSED("", "empty", "an empty file");
	check_refused(NULL, 0, "empty", "no text at all");
	REFUSED("garbage", "not an iCalendar", "text that is not iCalendar");
	REFUSED("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    EV("DTSTART;VALUE=DATE:20260101\r\n"), "not an iCalendar",
	    "no END:VCALENDAR");
	REFUSED("END:VCALENDAR\r\nBEGIN:VEVENT\r\n", "not an iCalendar",
	    "END before BEGIN");
	REFUSED(EV("DTSTART;VALUE=DATE:20260101\r\n"), "no VCALENDAR",
	    "an event without a calendar");
	check_refused(nul, sizeof nul - 1, "NUL", "a NUL byte inside");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:2026013X\r\n")),
	    "line 7: \"2026013X\"", "a date with a letter, by line");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:202601\r\n")), "\"202601\"",
	    "a short date");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "DTEND;VALUE=DATE:2026-01-02\r\n")), "line 8", "a dashed DTEND");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260231\r\n")),
	    "not a valid date", "30 February");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:18000101\r\n")),
	    "not a valid date", "a year out of range");
	REFUSED(CAL(EV("SUMMARY:no date\r\n")), "no DTSTART",
	    "an event without DTSTART");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260105\r\n"
	    "DTEND;VALUE=DATE:20260102\r\n")), "before DTSTART",
	    "DTEND before DTSTART");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260105\r\n"
	    "DTEND:20260106T120000Z\r\n")), "DTEND is not a date",
	    "a timed DTEND for a date DTSTART");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260105\r\nDURATION:PT12H\r\n")),
	    "DURATION", "a DURATION in hours");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "DTEND;VALUE=DATE:20270301\r\n")), "more than a year",
	    "an event over a year long");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "RRULE:FREQ=WEEKLY\r\n")), "FREQ=YEARLY", "a weekly rule");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "RRULE:FREQ=BOGUS\r\n")), "RRULE", "an RRULE libical cannot read");
	REFUSED(CAL("garbage line\r\n" EV("DTSTART;VALUE=DATE:20260101\r\n")),
	    "garbage line", "an unreadable line in the calendar");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260101\r\nfoo\r\n")),
	    "event 1 (UID x@t)", "an unreadable line in an event, by event");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=6\r\n")), "more than one RRULE",
	    "two RRULEs");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "RDATE:20260601T090000Z\r\n")), "RDATE", "a timed RDATE");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n"
	    "RRULE:FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;COUNT=100000\r\n")),
	    "too often", "a rule that repeats without end in sight");
	REFUSED(CAL(EV("DTSTART;VALUE=DATE:20260101\r\n")
	    EV("DTSTART;VALUE=DATE:2026010\r\n")), "line 12",
	    "the second event's bad line is named");

	/* A long bad value is cut in the message. */
	{
		int n = snprintf(big, sizeof big,
		    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:");

		memset(big + n, '9', 4000);
		snprintf(big + n + 4000, sizeof big - (size_t)n - 4000,
		    "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
	}
	REFUSED(big, "line 3", "a 4000-digit date");
}

int
main(void)
{
	test_sample();
	test_events();
	test_recurrence();
	test_malformed();
	return tap_done();
}
