/* Instants and civil time (SPEC section 4: "A local time that does not exist
 * (DST gap) moves forward by the gap; an ambiguous one takes the first
 * occurrence"), RFC 3339 formatting and parsing. glibc's own zone reading
 * serves as an independent oracle for ordinary times. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "date.h"
#include "localtime.h"
#include "tap.h"

#define BXL "Europe/Brussels"

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

/* The UTC instant of a date and time of day, written out independently of
 * the code under test (date_from_ymd is covered by test-date). */
static int64_t
U(const char *date, int h, int m, int s)
{
	return (int64_t)D(date) * 86400 + h * 3600 + m * 60 + s;
}

static int
hms(int h, int m, int s)
{
	return h * 3600 + m * 60 + s;
}

static void
check_instant(const char *tz, const char *date, int h, int m, int s,
    int64_t want, const char *want_text, const char *what)
{
	char buf[LOCALTIME_RFC3339_LEN], w[200];
	int64_t got = localtime_to_instant(tz, D(date), hms(h, m, s));

	snprintf(w, sizeof w, "%s: %s %02d:%02d:%02d %s is instant %lld", what,
	    date, h, m, s, tz, (long long)want);
	CHECK_INT(got, want, w);
	localtime_format_rfc3339(tz, got, buf);
	snprintf(w, sizeof w, "%s: shown as %s", what, want_text);
	CHECK_STR(buf, want_text, w);
}

static void
check_format(const char *tz, int64_t instant, const char *want)
{
	char buf[LOCALTIME_RFC3339_LEN], w[160];

	localtime_format_rfc3339(tz, instant, buf);
	snprintf(w, sizeof w, "instant %lld in %s formats as %s",
	    (long long)instant, tz, want);
	CHECK_STR(buf, want, w);
}

static void
check_offset(const char *tz, int64_t instant, int want, const char *what)
{
	CHECK_INT(localtime_offset(tz, instant), want, what);
}

static void
test_zones(void)
{
	CHECK(localtime_zone_known(BXL), "Europe/Brussels is known");
	CHECK(localtime_zone_known("UTC"), "UTC is known");
	CHECK(localtime_zone_known("America/New_York"), "America/New_York is known");
	CHECK(!localtime_zone_known("Mars/Olympus_Mons"), "an invented zone is unknown");
	CHECK(!localtime_zone_known(""), "an empty zone name is unknown");
	CHECK(!localtime_zone_known(NULL), "NULL is not a zone");
}

static void
test_brussels_ordinary(void)
{
	check_offset(BXL, U("2026-01-15", 11, 0, 0), 3600, "winter offset +01:00");
	check_offset(BXL, U("2025-06-22", 21, 59, 0), 7200, "summer offset +02:00");
	check_instant(BXL, "2026-01-15", 12, 0, 0, U("2026-01-15", 11, 0, 0),
	    "2026-01-15T12:00:00+01:00", "winter");
	check_instant(BXL, "2025-06-22", 23, 59, 0, U("2025-06-22", 21, 59, 0),
	    "2025-06-22T23:59:00+02:00", "summer (the notice's deadline)");
	CHECK_INT(U("2025-06-22", 21, 59, 0), 1750629540,
	    "test helper: 2025-06-22T21:59:00Z is 1750629540");
	check_instant(BXL, "2024-10-13", 23, 59, 0, U("2024-10-13", 21, 59, 0),
	    "2024-10-13T23:59:00+02:00", "13-Oct-2024 deadline");
	check_instant(BXL, "2025-01-05", 23, 59, 0, U("2025-01-05", 22, 59, 0),
	    "2025-01-05T23:59:00+01:00", "05-janv.-2025 deadline");
	check_instant(BXL, "2026-01-01", 0, 0, 0, U("2025-12-31", 23, 0, 0),
	    "2026-01-01T00:00:00+01:00", "new year midnight");
}

static void
test_brussels_gap(void)
{
	/* 2026-03-29: at 01:00Z clocks go from 02:00 +01:00 to 03:00 +02:00. */
	check_offset(BXL, U("2026-03-29", 0, 59, 59), 3600, "last second of winter time");
	check_offset(BXL, U("2026-03-29", 1, 0, 0), 7200, "first second of summer time");
	check_instant(BXL, "2026-03-29", 2, 30, 0, U("2026-03-29", 1, 30, 0),
	    "2026-03-29T03:30:00+02:00", "DST gap moves forward by the gap");
	check_instant(BXL, "2026-03-29", 2, 0, 0, U("2026-03-29", 1, 0, 0),
	    "2026-03-29T03:00:00+02:00", "start of the gap");
	check_instant(BXL, "2026-03-29", 2, 59, 59, U("2026-03-29", 1, 59, 59),
	    "2026-03-29T03:59:59+02:00", "end of the gap");
	check_instant(BXL, "2026-03-29", 1, 59, 59, U("2026-03-29", 0, 59, 59),
	    "2026-03-29T01:59:59+01:00", "just before the gap");
	check_instant(BXL, "2026-03-29", 3, 0, 0, U("2026-03-29", 1, 0, 0),
	    "2026-03-29T03:00:00+02:00", "just after the gap");
	check_instant(BXL, "2026-03-29", 3, 30, 0, U("2026-03-29", 1, 30, 0),
	    "2026-03-29T03:30:00+02:00", "03:30 exists and is the same instant");
	check_instant(BXL, "2026-03-29", 0, 0, 0, U("2026-03-28", 23, 0, 0),
	    "2026-03-29T00:00:00+01:00", "midnight of the spring change day");
	check_instant(BXL, "2026-03-29", 23, 59, 0, U("2026-03-29", 21, 59, 0),
	    "2026-03-29T23:59:00+02:00", "23:59 on the spring change day");
	check_instant(BXL, "2026-03-28", 23, 59, 0, U("2026-03-28", 22, 59, 0),
	    "2026-03-28T23:59:00+01:00", "23:59 the day before the spring change");
	/* Another year, so nothing depends on one table entry. */
	check_instant(BXL, "2025-03-30", 2, 30, 0, U("2025-03-30", 1, 30, 0),
	    "2025-03-30T03:30:00+02:00", "2025 DST gap moves forward");
	check_instant(BXL, "2027-03-28", 2, 15, 0, U("2027-03-28", 1, 15, 0),
	    "2027-03-28T03:15:00+02:00", "2027 DST gap moves forward");
}

static void
test_brussels_overlap(void)
{
	/* 2026-10-25: at 01:00Z clocks go from 03:00 +02:00 back to 02:00 +01:00. */
	check_offset(BXL, U("2026-10-25", 0, 59, 59), 7200, "last second of summer time");
	check_offset(BXL, U("2026-10-25", 1, 0, 0), 3600, "first second of winter time");
	check_instant(BXL, "2026-10-25", 2, 30, 0, U("2026-10-25", 0, 30, 0),
	    "2026-10-25T02:30:00+02:00", "ambiguous time takes the first occurrence");
	check_instant(BXL, "2026-10-25", 2, 0, 0, U("2026-10-25", 0, 0, 0),
	    "2026-10-25T02:00:00+02:00", "start of the repeated hour, first occurrence");
	check_instant(BXL, "2026-10-25", 2, 59, 59, U("2026-10-25", 0, 59, 59),
	    "2026-10-25T02:59:59+02:00", "end of the repeated hour, first occurrence");
	check_instant(BXL, "2026-10-25", 1, 59, 59, U("2026-10-24", 23, 59, 59),
	    "2026-10-25T01:59:59+02:00", "just before the repeated hour");
	check_instant(BXL, "2026-10-25", 3, 0, 0, U("2026-10-25", 2, 0, 0),
	    "2026-10-25T03:00:00+01:00", "just after the repeated hour");
	check_format(BXL, U("2026-10-25", 1, 30, 0), "2026-10-25T02:30:00+01:00");
	check_instant(BXL, "2026-10-25", 0, 0, 0, U("2026-10-24", 22, 0, 0),
	    "2026-10-25T00:00:00+02:00", "midnight of the autumn change day");
	check_instant(BXL, "2026-10-25", 23, 59, 0, U("2026-10-25", 22, 59, 0),
	    "2026-10-25T23:59:00+01:00", "23:59 on the autumn change day");
	check_instant(BXL, "2026-10-24", 23, 59, 0, U("2026-10-24", 21, 59, 0),
	    "2026-10-24T23:59:00+02:00", "23:59 the day before the autumn change");
	check_instant(BXL, "2025-10-26", 2, 30, 0, U("2025-10-26", 0, 30, 0),
	    "2025-10-26T02:30:00+02:00", "2025 ambiguous time takes the first occurrence");
}

static void
check_date_of(const char *tz, int64_t instant, const char *want, const char *what)
{
	char buf[DATE_STRLEN];

	date_format(localtime_date_of(tz, instant), buf);
	CHECK_STR(buf, want, what);
}

static void
test_date_of(void)
{
	check_date_of(BXL, U("2025-06-22", 21, 59, 59), "2025-06-22",
	    "summer: 23:59:59 local is still the same day");
	check_date_of(BXL, U("2025-06-22", 22, 0, 0), "2025-06-23",
	    "summer: 22:00Z is already the next day in Brussels");
	check_date_of(BXL, U("2026-01-14", 22, 59, 59), "2026-01-14",
	    "winter: 23:59:59 local is still the same day");
	check_date_of(BXL, U("2026-01-14", 23, 0, 0), "2026-01-15",
	    "winter: 23:00Z is already the next day in Brussels");
	check_date_of(BXL, U("2025-12-31", 23, 0, 0), "2026-01-01",
	    "new year arrives an hour early in Brussels");
	check_date_of(BXL, U("2026-03-28", 22, 59, 59), "2026-03-28",
	    "last second before the spring change day");
	check_date_of(BXL, U("2026-03-28", 23, 0, 0), "2026-03-29",
	    "the spring change day starts at 23:00Z");
	check_date_of(BXL, U("2026-03-29", 21, 59, 59), "2026-03-29",
	    "the spring change day ends at 22:00Z");
	check_date_of(BXL, U("2026-03-29", 22, 0, 0), "2026-03-30",
	    "the day after the spring change starts at 22:00Z");
	check_date_of(BXL, U("2026-10-24", 21, 59, 59), "2026-10-24",
	    "last second before the autumn change day");
	check_date_of(BXL, U("2026-10-24", 22, 0, 0), "2026-10-25",
	    "the autumn change day starts at 22:00Z");
	check_date_of(BXL, U("2026-10-25", 22, 59, 59), "2026-10-25",
	    "the autumn change day ends at 23:00Z");
	check_date_of(BXL, U("2026-10-25", 23, 0, 0), "2026-10-26",
	    "the day after the autumn change starts at 23:00Z");
	check_date_of("UTC", U("2026-01-14", 23, 0, 0), "2026-01-14",
	    "UTC: 23:00Z is still the same day");
	check_date_of("UTC", U("2026-01-15", 0, 0, 0), "2026-01-15",
	    "UTC: midnight starts the day");
	check_date_of("UTC", -1, "1969-12-31", "UTC: the second before the epoch");
	check_date_of("UTC", 0, "1970-01-01", "UTC: the epoch");
}

static void
test_utc(void)
{
	int bad = 0;

	check_offset("UTC", U("2025-06-22", 12, 0, 0), 0, "UTC offset in summer is 0");
	check_offset("UTC", U("2026-01-15", 12, 0, 0), 0, "UTC offset in winter is 0");
	for (int32_t d = D("2026-01-01"); d <= D("2026-12-31"); d++) {
		if (localtime_to_instant("UTC", d, hms(2, 30, 0)) !=
		    (int64_t)d * 86400 + hms(2, 30, 0))
			bad++;
	}
	CHECK_INT(bad, 0, "UTC: 02:30 is 02:30Z every day of 2026, change days included");
	{
		char buf[LOCALTIME_RFC3339_LEN];

		/* RFC 3339 allows both spellings of a zero offset. */
		localtime_format_rfc3339("UTC", U("2026-01-15", 11, 0, 0), buf);
		CHECK(strcmp(buf, "2026-01-15T11:00:00+00:00") == 0 ||
		    strcmp(buf, "2026-01-15T11:00:00Z") == 0,
		    "UTC formats with a zero offset");
		if (strcmp(buf, "2026-01-15T11:00:00+00:00") != 0 &&
		    strcmp(buf, "2026-01-15T11:00:00Z") != 0)
			printf("#   got \"%s\"\n", buf);
	}
	check_format("America/New_York", U("2026-01-15", 11, 0, 0),
	    "2026-01-15T06:00:00-05:00");
	check_format("Asia/Kolkata", U("2026-01-15", 11, 0, 0),
	    "2026-01-15T16:30:00+05:30");
	check_format(BXL, U("2025-06-22", 21, 59, 0), "2025-06-22T23:59:00+02:00");
	check_format(BXL, U("2026-01-15", 11, 0, 5), "2026-01-15T12:00:05+01:00");
}

static void
check_parse(const char *text, int64_t want)
{
	char w[160];
	int64_t got = -42;
	int rc = localtime_parse_rfc3339(text, &got);

	snprintf(w, sizeof w, "parse \"%s\" succeeds", text);
	CHECK_INT(rc, 0, w);
	snprintf(w, sizeof w, "parse \"%s\" gives %lld", text, (long long)want);
	CHECK_INT(got, want, w);
}

static void
check_parse_fails(const char *text, const char *what)
{
	int64_t got = 0;

	CHECK_INT(localtime_parse_rfc3339(text, &got), -1, what);
}

static void
test_parse(void)
{
	int64_t deadline = U("2025-06-22", 21, 59, 0);

	check_parse("2025-06-22T23:59:00+02:00", deadline);
	check_parse("2025-06-22T21:59:00Z", deadline);
	check_parse("2025-06-22T21:59Z", deadline);
	check_parse("2025-06-22T21:59:00+00:00", deadline);
	check_parse("2025-06-22T21:59:00-00:00", deadline);
	check_parse("2025-06-22T16:59:00-05:00", deadline);
	check_parse("2025-06-23T03:29:00+05:30", deadline);
	check_parse("2025-06-22T23:59+02:00", deadline);
	check_parse("2025-01-01T00:30:00+01:00", U("2024-12-31", 23, 30, 0));
	check_parse("2024-12-31T23:00:00-01:00", U("2025-01-01", 0, 0, 0));
	check_parse("2024-02-29T12:00:00Z", U("2024-02-29", 12, 0, 0));
	check_parse("2026-10-25T02:30:00+01:00", U("2026-10-25", 1, 30, 0));
	check_parse("2026-10-25T02:30:00+02:00", U("2026-10-25", 0, 30, 0));
	check_parse("1970-01-01T00:00:00Z", 0);

	check_parse_fails("2025-06-22T23:59:00", "no offset rejected");
	check_parse_fails("2025-06-22T23:59", "no offset, no seconds rejected");
	check_parse_fails("2025-06-22", "a date alone rejected");
	check_parse_fails("2025-06-22T23:59:00+02", "offset without minutes rejected");
	check_parse_fails("2025-06-22T23:59:00+0200", "offset without colon rejected");
	check_parse_fails("2025-06-22T23:59:00+25:00", "offset hour 25 rejected");
	check_parse_fails("2025-06-22T23:59:00+02:60", "offset minute 60 rejected");
	check_parse_fails("2025-06-22T24:00:00Z", "hour 24 rejected");
	check_parse_fails("2025-06-22T23:60:00Z", "minute 60 rejected");
	check_parse_fails("2025-02-30T10:00:00Z", "impossible date rejected");
	check_parse_fails("2025-13-01T10:00:00Z", "month 13 rejected");
	check_parse_fails("2025-6-22T23:59:00Z", "one-digit month rejected");
	check_parse_fails("2025-06-22T2:59:00Z", "one-digit hour rejected");
	check_parse_fails("2025-06-22T23:5:00Z", "one-digit minute rejected");
	check_parse_fails("2025-06-22T23:59:0Z", "one-digit second rejected");
	check_parse_fails("2025-06-22X23:59:00Z", "bad separator rejected");
	check_parse_fails("2025-06-22T23:59:00+02:00x", "trailing garbage rejected");
	check_parse_fails("2025-06-22T23:59:00Zx", "garbage after Z rejected");
	check_parse_fails("2025-06-22T23:59:00Z ", "trailing space rejected");
	check_parse_fails(" 2025-06-22T23:59:00Z", "leading space rejected");
	check_parse_fails("2025-06-22T23:59:00 +02:00", "space before offset rejected");
	check_parse_fails("22-Jun-2025 23:59", "notice style rejected");
	check_parse_fails("not a time at all", "words rejected");
	check_parse_fails("", "empty string rejected");
	check_parse_fails(NULL, "NULL rejected");
}

/* format -> parse over every hour of 2024..2027 (four spring and four autumn
 * changes), and the civil date of each instant is the formatted one. */
static void
test_round_trips(void)
{
	int bad_parse = 0, bad_date = 0, bad_local = 0;
	int64_t from = U("2024-01-01", 0, 0, 0), to = U("2028-01-01", 0, 0, 0);
	char first_bad[200] = "";

	for (int64_t t = from; t < to; t += 1800) {
		char buf[LOCALTIME_RFC3339_LEN], day[DATE_STRLEN];
		int64_t back = -1;

		localtime_format_rfc3339(BXL, t, buf);
		if (localtime_parse_rfc3339(buf, &back) != 0 || back != t) {
			bad_parse++;
			if (first_bad[0] == '\0')
				snprintf(first_bad, sizeof first_bad,
				    "%lld formatted as \"%s\" parsed back as %lld",
				    (long long)t, buf, (long long)back);
		}
		date_format(localtime_date_of(BXL, t), day);
		if (strncmp(buf, day, 10) != 0)
			bad_date++;
	}
	/* Every wall time that exists once maps back to its own date. */
	for (int32_t d = D("2024-01-01"); d < D("2028-01-01"); d++) {
		static const int times[] = { 0, 3600, 4 * 3600, 12 * 3600,
		    23 * 3600 + 59 * 60, 86399 };

		for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
			int64_t t = localtime_to_instant(BXL, d, times[i]);

			if (localtime_date_of(BXL, t) != d ||
			    t + localtime_offset(BXL, t) != (int64_t)d * 86400 + times[i])
				bad_local++;
		}
	}
	if (first_bad[0] != '\0')
		printf("# %s\n", first_bad);
	CHECK_INT(bad_parse, 0, "Brussels 2024..2027: parse(format(t)) == t every half hour");
	CHECK_INT(bad_date, 0, "Brussels 2024..2027: localtime_date_of agrees with the formatted date");
	CHECK_INT(bad_local, 0, "Brussels 2024..2027: unambiguous wall times map back to themselves");
}

/* Compares with glibc reading the same zone: offsets every hour 2000..2037,
 * and wall times outside the transition hour on every day. */
static void
test_against_libc(void)
{
	struct tm tm;
	time_t probe = (time_t)U("2026-01-15", 11, 0, 0);
	int bad_offset = 0, bad_instant = 0;
	char first_bad[200] = "";

	setenv("TZ", BXL, 1);
	tzset();
	localtime_r(&probe, &tm);
	if (!CHECK(tm.tm_gmtoff == 3600, "libc reads Europe/Brussels (oracle available)"))
		goto out;
	for (int64_t t = U("2000-01-01", 0, 0, 0); t < U("2038-01-01", 0, 0, 0);
	    t += 3600) {
		time_t tt = (time_t)t;

		localtime_r(&tt, &tm);
		if (localtime_offset(BXL, t) != tm.tm_gmtoff) {
			bad_offset++;
			if (first_bad[0] == '\0')
				snprintf(first_bad, sizeof first_bad,
				    "offset at %lld: got %d, libc %ld", (long long)t,
				    localtime_offset(BXL, t), (long)tm.tm_gmtoff);
		}
	}
	for (int32_t d = D("2000-01-01"); d < D("2038-01-01"); d++) {
		static const int times[] = { 0, 90 * 60, 4 * 3600, 12 * 3600,
		    23 * 3600 + 59 * 60 };
		int y, m, dd;

		date_to_ymd(d, &y, &m, &dd);
		for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
			memset(&tm, 0, sizeof tm);
			tm.tm_year = y - 1900;
			tm.tm_mon = m - 1;
			tm.tm_mday = dd;
			tm.tm_hour = times[i] / 3600;
			tm.tm_min = times[i] / 60 % 60;
			tm.tm_isdst = -1;
			if ((int64_t)mktime(&tm) != localtime_to_instant(BXL, d, times[i]))
				bad_instant++;
		}
	}
	if (first_bad[0] != '\0')
		printf("# %s\n", first_bad);
	CHECK_INT(bad_offset, 0, "offset agrees with libc every hour 2000..2037");
	CHECK_INT(bad_instant, 0, "ordinary wall times agree with libc mktime 2000..2037");
out:
	setenv("TZ", "UTC", 1);
	tzset();
}

int
main(void)
{
	test_zones();
	test_brussels_ordinary();
	test_brussels_gap();
	test_brussels_overlap();
	test_date_of();
	test_utc();
	test_parse();
	test_round_trips();
	test_against_libc();
	return tap_done();
}
