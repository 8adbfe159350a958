/* Civil-date arithmetic: every rule and example of SPEC section 4 ("Date
 * arithmetic"), plus strict parsing, formatting and the calendar helpers. */
#include <stdio.h>
#include <stdlib.h>

#include "date.h"
#include "tap.h"

/* A date the test itself writes; a typo here is a bug in the test. */
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

static const char *
fmt(int32_t d, char buf[DATE_STRLEN])
{
	date_format(d, buf);
	return buf;
}

static void
check_add_months(const char *from, int n, const char *want)
{
	char what[96], buf[DATE_STRLEN];

	snprintf(what, sizeof what, "add_months(%s, %d) = %s", from, n, want);
	CHECK_STR(fmt(date_add_months(D(from), n), buf), want, what);
}

static void
check_term_end(const char *start, int n, const char *want)
{
	char what[96], buf[DATE_STRLEN];

	snprintf(what, sizeof what, "a %d-month term from %s ends %s", n, start,
	    want);
	CHECK_STR(fmt(date_term_end(D(start), n), buf), want, what);
}

static void
check_months_before(const char *end, int n, const char *want)
{
	char what[96], buf[DATE_STRLEN];

	snprintf(what, sizeof what, "%d months before %s is %s", n, end, want);
	CHECK_STR(fmt(date_months_before(D(end), n), buf), want, what);
}

static void
test_add_months(void)
{
	/* Plain cases, forwards and backwards, across year ends. */
	check_add_months("2025-09-01", 0, "2025-09-01");
	check_add_months("2025-09-01", 36, "2028-09-01");
	check_add_months("2025-12-15", 1, "2026-01-15");
	check_add_months("2026-01-15", -1, "2025-12-15");
	check_add_months("2025-01-15", -13, "2023-12-15");
	check_add_months("2025-01-15", -12, "2024-01-15");
	check_add_months("2025-01-15", 1200, "2125-01-15");
	check_add_months("2031-09-01", -12, "2030-09-01");

	/* A day that does not exist becomes the first of the following month. */
	check_add_months("2025-01-31", 1, "2025-03-01");
	check_add_months("2024-01-31", 1, "2024-03-01");
	check_add_months("2025-01-30", 1, "2025-03-01");
	check_add_months("2025-01-29", 1, "2025-03-01");
	check_add_months("2024-01-29", 1, "2024-02-29");
	check_add_months("2024-01-30", 1, "2024-03-01");
	check_add_months("2025-05-31", 1, "2025-07-01");
	check_add_months("2025-03-31", 6, "2025-10-01");
	check_add_months("2025-08-31", 1, "2025-10-01");
	check_add_months("2025-01-31", 2, "2025-03-31");
	check_add_months("2025-01-31", 3, "2025-05-01");
	check_add_months("2025-12-31", -1, "2025-12-01");
	check_add_months("2025-10-31", -1, "2025-10-01");

	/* Negative n lands on a missing day just the same. */
	check_add_months("2025-03-31", -1, "2025-03-01");
	check_add_months("2024-03-31", -1, "2024-03-01");
	check_add_months("2024-03-29", -1, "2024-02-29");
	check_add_months("2025-08-31", -6, "2025-03-01");
	check_add_months("2026-03-31", -25, "2024-03-01");

	/* Leap days. */
	check_add_months("2024-02-29", 12, "2025-03-01");
	check_add_months("2024-02-29", 48, "2028-02-29");
	check_add_months("2024-02-29", -12, "2023-03-01");
	check_add_months("2024-02-29", -48, "2020-02-29");
	check_add_months("2024-02-29", 1, "2024-03-29");
	check_add_months("2000-02-29", 1200, "2100-03-01");	/* 2100 is not leap */
	check_add_months("1996-02-29", 48, "2000-02-29");	/* 2000 is */
	check_add_months("1964-02-29", 780, "2029-03-01");	/* 65th birthday */
}

static void
test_term_end(void)
{
	/* The SPEC's examples. */
	check_term_end("2025-09-01", 36, "2028-08-31");
	check_term_end("2024-02-29", 36, "2027-02-28");
	check_term_end("2025-01-31", 13, "2026-02-28");

	/* The day before the anniversary, wherever the anniversary falls. */
	check_term_end("2025-09-01", 6, "2026-02-28");
	check_term_end("2025-09-01", 72, "2031-08-31");
	check_term_end("2023-09-01", 6, "2024-02-29");
	check_term_end("2024-02-29", 6, "2024-08-28");
	check_term_end("2024-02-29", 48, "2028-02-28");
	check_term_end("2024-02-29", 72, "2030-02-28");
	check_term_end("2025-03-31", 1, "2025-04-30");
	check_term_end("2025-08-31", 6, "2026-02-28");
	check_term_end("2025-01-31", 6, "2025-07-30");
	check_term_end("2025-09-15", 12, "2026-09-14");
	check_term_end("2025-12-01", 1, "2025-12-31");
	check_term_end("2028-09-01", 36, "2031-08-31");
	check_term_end("2027-03-01", 36, "2030-02-28");
}

static void
test_months_before(void)
{
	/* The SPEC's examples. */
	check_months_before("2031-08-31", 12, "2030-08-31");
	check_months_before("2028-08-31", 9, "2027-11-30");

	/* The renewal lead of the worked example, and others. */
	check_months_before("2028-08-31", 6, "2028-02-29");
	check_months_before("2027-08-31", 6, "2027-02-28");
	check_months_before("2031-08-31", 6, "2031-02-28");
	check_months_before("2030-08-31", 9, "2029-11-30");
	check_months_before("2031-08-31", 0, "2031-08-31");
	check_months_before("2028-08-31", 12, "2027-08-31");

	/* Ends that are not month ends: the anniversary of E + 1 day decides. */
	check_months_before("2026-08-30", 6, "2026-02-28");
	check_months_before("2025-03-30", 1, "2025-02-28");
	check_months_before("2025-09-14", 12, "2024-09-14");
	check_months_before("2026-03-15", 1, "2026-02-15");

	/* Leap-day ends. */
	check_months_before("2027-02-28", 6, "2026-08-31");
	check_months_before("2030-02-28", 12, "2029-02-28");
	check_months_before("2029-02-28", 12, "2028-02-29");
	check_months_before("2028-02-28", 12, "2027-02-28");
	check_months_before("2028-02-29", 12, "2027-02-28");
	check_months_before("2028-02-29", 48, "2024-02-29");

	/* A reminder offset of n months before D (read D as E) for D on the
	 * 1st: the last day of the month before, n months earlier. */
	check_months_before("2028-09-01", 6, "2028-03-01");
	check_months_before("2028-03-01", 1, "2028-02-01");
}

static void
check_parse_fails(const char *text, const char *what)
{
	int32_t d = 12345;

	CHECK_INT(date_parse(text, &d), -1, what);
}

static void
check_parse_ok(const char *text, int y, int m, int dd)
{
	char what[96], buf[DATE_STRLEN];
	int32_t d = DATE_NONE;
	int rc = date_parse(text, &d);

	snprintf(what, sizeof what, "date_parse(\"%s\") succeeds", text);
	CHECK_INT(rc, 0, what);
	snprintf(what, sizeof what, "date_parse(\"%s\") gives day %d-%d-%d", text,
	    y, m, dd);
	CHECK_INT(d, date_from_ymd(y, m, dd), what);
	snprintf(what, sizeof what, "date_parse(\"%s\") formats back", text);
	CHECK_STR(rc == 0 ? fmt(d, buf) : "(failed)", text, what);
}

static void
test_parse(void)
{
	check_parse_ok("2025-09-01", 2025, 9, 1);
	check_parse_ok("2024-02-29", 2024, 2, 29);
	check_parse_ok("2000-02-29", 2000, 2, 29);
	check_parse_ok("2025-12-31", 2025, 12, 31);
	check_parse_ok("1900-01-01", 1900, 1, 1);
	check_parse_ok("2999-12-31", 2999, 12, 31);
	check_parse_ok("1970-01-01", 1970, 1, 1);

	check_parse_fails("2026-02-30", "2026-02-30 does not exist");
	check_parse_fails("2025-02-29", "2025-02-29 does not exist (not leap)");
	check_parse_fails("1900-02-29", "1900-02-29 does not exist (century)");
	check_parse_fails("2025-04-31", "2025-04-31 does not exist");
	check_parse_fails("2025-13-01", "month 13 rejected");
	check_parse_fails("2025-00-10", "month 00 rejected");
	check_parse_fails("2025-01-00", "day 00 rejected");
	check_parse_fails("2025-01-32", "day 32 rejected");
	check_parse_fails("2025-1-01", "one-digit month rejected");
	check_parse_fails("2025-01-1", "one-digit day rejected");
	check_parse_fails("25-01-01", "two-digit year rejected");
	check_parse_fails("02025-01-01", "five-digit year rejected");
	check_parse_fails("2025-01-01x", "trailing garbage rejected");
	check_parse_fails("2025-01-01 ", "trailing space rejected");
	check_parse_fails("2025-01-01\n", "trailing newline rejected");
	check_parse_fails("2025-01-01T00:00:00Z", "a timestamp is not a date");
	check_parse_fails(" 2025-01-01", "leading space rejected");
	check_parse_fails("2025/01/01", "slashes rejected");
	check_parse_fails("20250101", "basic format rejected");
	check_parse_fails("2025-0a-01", "letter in month rejected");
	check_parse_fails("+025-01-01", "sign in year rejected");
	check_parse_fails("2025--1-01", "negative month rejected");
	check_parse_fails("", "empty string rejected");
	check_parse_fails(NULL, "NULL rejected");
	check_parse_fails("0000-01-01", "year 0000 rejected");
	check_parse_fails("1899-12-31", "year below DATE_YEAR_MIN rejected");
	check_parse_fails("3000-01-01", "year above DATE_YEAR_MAX rejected");
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Walks every day from 1900-01-01 to 2999-12-31 with an independent
 * calendar and compares each conversion against it. */
static void
test_round_trips(void)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 1900, m = 1, d = 1, bad_from = 0, bad_to = 0, bad_fmt = 0;
	int bad_parse = 0, bad_dim = 0, bad_wd = 0, bad_valid = 0, bad_last = 0;
	int32_t first = date_from_ymd(1900, 1, 1), last = date_from_ymd(2999, 12, 31);
	int32_t day;
	char first_bad[160] = "";
	int wd = 1;		/* 1900-01-01 was a Monday */

	CHECK_INT(first, -25567, "1900-01-01 is day -25567");
	CHECK_INT(last, 376199, "2999-12-31 is day 376199");
	for (day = first; day <= last; day++) {
		char want[48], got[DATE_STRLEN];
		int gy, gm, gd, dim = m == 2 && leap(y) ? 29 : mdays[m - 1];
		int32_t parsed = DATE_NONE;

		snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
		if (date_from_ymd(y, m, d) != day)
			bad_from++;
		date_to_ymd(day, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d)
			bad_to++;
		date_format(day, got);
		if (strcmp(got, want) != 0)
			bad_fmt++;
		if (date_parse(want, &parsed) != 0 || parsed != day)
			bad_parse++;
		if (date_days_in_month(y, m) != dim)
			bad_dim++;
		if (date_iso_weekday(day) != wd)
			bad_wd++;
		if (!date_valid_ymd(y, m, d) || date_valid_ymd(y, m, dim + 1))
			bad_valid++;
		if (date_last_of_month(day) != date_from_ymd(y, m, dim))
			bad_last++;
		if ((bad_from || bad_to || bad_fmt || bad_parse || bad_dim ||
		    bad_wd || bad_valid || bad_last) && first_bad[0] == '\0')
			snprintf(first_bad, sizeof first_bad,
			    "first disagreement on %s (day %ld): formatted \"%s\"",
			    want, (long)day, got);
		wd = wd % 7 + 1;
		if (++d > dim) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	if (first_bad[0] != '\0')
		printf("# %s\n", first_bad);
	CHECK_INT(y, 3000, "the walk reached 3000-01-01");
	CHECK_INT(bad_from, 0, "date_from_ymd agrees on every day 1900..2999");
	CHECK_INT(bad_to, 0, "date_to_ymd agrees on every day 1900..2999");
	CHECK_INT(bad_fmt, 0, "date_format agrees on every day 1900..2999");
	CHECK_INT(bad_parse, 0, "date_parse(date_format(d)) == d on every day");
	CHECK_INT(bad_dim, 0, "date_days_in_month agrees on every month");
	CHECK_INT(bad_wd, 0, "date_iso_weekday advances by one every day");
	CHECK_INT(bad_valid, 0, "date_valid_ymd accepts every day, rejects day after month end");
	CHECK_INT(bad_last, 0, "date_last_of_month agrees on every day");
}

static void
test_calendar(void)
{
	char buf[DATE_STRLEN];

	CHECK_INT(date_from_ymd(1970, 1, 1), 0, "1970-01-01 is day 0");
	CHECK_INT(date_from_ymd(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	CHECK_INT(date_from_ymd(1969, 12, 31), -1, "1969-12-31 is day -1");
	CHECK(DATE_NONE < date_from_ymd(DATE_YEAR_MIN, 1, 1),
	    "DATE_NONE sorts before every real date");
	CHECK_INT(D("2024-03-01") - D("2024-02-28"), 2, "leap year: 2 days from Feb 28 to Mar 1");
	CHECK_INT(D("2025-03-01") - D("2025-02-28"), 1, "common year: 1 day from Feb 28 to Mar 1");
	CHECK_INT(D("2026-01-01") - D("2025-01-01"), 365, "2025 has 365 days");
	CHECK_INT(D("2025-01-01") - D("2024-01-01"), 366, "2024 has 366 days");

	CHECK_STR(fmt(date_last_of_month(D("2024-02-10")), buf), "2024-02-29", "last of Feb 2024");
	CHECK_STR(fmt(date_last_of_month(D("2025-02-01")), buf), "2025-02-28", "last of Feb 2025");
	CHECK_STR(fmt(date_last_of_month(D("1900-02-15")), buf), "1900-02-28", "last of Feb 1900");
	CHECK_STR(fmt(date_last_of_month(D("2000-02-15")), buf), "2000-02-29", "last of Feb 2000");
	CHECK_STR(fmt(date_last_of_month(D("2025-04-01")), buf), "2025-04-30", "last of Apr 2025");
	CHECK_STR(fmt(date_last_of_month(D("2025-12-31")), buf), "2025-12-31", "last of Dec 2025 is itself");
	CHECK_STR(fmt(date_last_of_month(D("2030-03-15")), buf), "2030-03-31", "last of Mar 2030");

	CHECK_INT(date_days_in_month(2024, 2), 29, "Feb 2024 has 29 days");
	CHECK_INT(date_days_in_month(2025, 2), 28, "Feb 2025 has 28 days");
	CHECK_INT(date_days_in_month(2100, 2), 28, "Feb 2100 has 28 days");
	CHECK_INT(date_days_in_month(2000, 2), 29, "Feb 2000 has 29 days");
	CHECK_INT(date_days_in_month(2025, 9), 30, "Sep has 30 days");
	CHECK(date_valid_ymd(2024, 2, 29), "2024-02-29 valid");
	CHECK(!date_valid_ymd(2025, 2, 29), "2025-02-29 invalid");
	CHECK(!date_valid_ymd(2025, 0, 1), "month 0 invalid");
	CHECK(!date_valid_ymd(2025, 13, 1), "month 13 invalid");
	CHECK(!date_valid_ymd(2025, 1, 0), "day 0 invalid");
	CHECK(!date_valid_ymd(0, 1, 1), "year 0 invalid");

	CHECK_INT(date_iso_weekday(D("1970-01-01")), 4, "1970-01-01 was a Thursday");
	CHECK_INT(date_iso_weekday(D("1969-12-29")), 1, "1969-12-29 was a Monday");
	CHECK_INT(date_iso_weekday(D("1900-01-01")), 1, "1900-01-01 was a Monday");
	CHECK_INT(date_iso_weekday(D("2000-01-01")), 6, "2000-01-01 was a Saturday");
	CHECK_INT(date_iso_weekday(D("2024-02-29")), 4, "2024-02-29 was a Thursday");
	CHECK_INT(date_iso_weekday(D("2025-09-01")), 1, "2025-09-01 is a Monday");
	CHECK_INT(date_iso_weekday(D("2025-06-22")), 7, "2025-06-22 is a Sunday");
	CHECK_INT(date_iso_weekday(D("2026-03-29")), 7, "2026-03-29 is a Sunday");
	CHECK_INT(date_iso_weekday(D("2026-10-25")), 7, "2026-10-25 is a Sunday");
	CHECK_INT(date_iso_weekday(D("2028-08-31")), 4, "2028-08-31 is a Thursday");
	CHECK_INT(date_iso_weekday(D("2999-12-31")), 2, "2999-12-31 is a Tuesday");
}

int
main(void)
{
	test_add_months();
	test_term_end();
	test_months_before();
	test_parse();
	test_calendar();
	test_round_trips();
	return tap_done();
}
