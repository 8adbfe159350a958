/* A feed's name and alarms as the API, the stored feeds and the fuzz
 * target read them (jobs/feed-spec.c). */
#include <string.h>

#include "feed-spec.h"
#include "tap.h"

static void
alarms(const char *text, int want_count, const int *want, const char *what)
{
	int minutes[FEED_ALARMS_MAX], count = -1;
	struct failure f = { 0 };
	int rc = feed_alarms_parse(text, minutes, &count, &f);

	if (want_count < 0) {
		CHECK(rc != 0 && f.kind == FAILURE_INVALID_FIELD &&
		    strcmp(f.field, "alarms") == 0, what);
		return;
	}
	CHECK(rc == 0 && count == want_count && memcmp(minutes, want,
	    sizeof(int) * (size_t)count) == 0, what);
}

int
main(void)
{
	static const int four[] = { 7 * 1440, 1440, 120, 30 };
	static const int week[] = { 2 * 7 * 1440 };
	char name[80];

	CHECK(feed_name_ok("boss-team"), "a-z and - make a name");
	CHECK(feed_name_ok("ocio-2026"), "digits too");
	CHECK(!feed_name_ok(""), "an empty name is refused");
	CHECK(!feed_name_ok(NULL), "no name is refused");
	CHECK(!feed_name_ok("Boss"), "capitals are refused");
	CHECK(!feed_name_ok("a b"), "spaces are refused");
	CHECK(!feed_name_ok("../etc"), "a path is refused");
	memset(name, 'a', 64);
	name[64] = '\0';
	CHECK(feed_name_ok(name), "64 characters are a name");
	name[64] = 'a';
	name[65] = '\0';
	CHECK(!feed_name_ok(name), "65 are not");

	alarms("7d,1d,2h,30m", 4, four, "days, hours and minutes");
	alarms("2w", 1, week, "weeks");
	alarms("", 0, four, "none");
	alarms(NULL, 0, four, "none at all");
	alarms("7x", -1, four, "an unknown unit is refused");
	alarms("d", -1, four, "a unit without a number is refused");
	alarms("-1d", -1, four, "a negative alarm is refused");
	alarms("7d,", -1, four, "a trailing comma is refused");
	alarms("7d,,1d", -1, four, "an empty item is refused");
	alarms("367d", -1, four, "more than a year is refused");
	alarms("1d,1d,1d,1d,1d,1d,1d,1d,1d", -1, four,
	    "more than FEED_ALARMS_MAX are refused");
	return tap_done();
}
