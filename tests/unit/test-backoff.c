/* Delivery retries (SPEC section 5): 1 min, 5 min, 15 min, 1 h, then every
 * 3 h with +-10% jitter, Retry-After honoured, given up after
 * give_up_after; and the durations config writes ("3d", "15s"). */
#include <stdint.h>
#include <stdio.h>

#include "backoff.h"
#include "tap.h"

#define THREE_DAYS (3 * 86400)
#define NOW 1750000000
#define MID 0.5			/* jitter factor exactly 1 */

static const int64_t schedule[] = { 60, 300, 900, 3600, 10800, 10800,
    10800, 10800 };

static void
test_schedule(void)
{
	char what[96];

	for (int i = 0; i < 8; i++) {
		snprintf(what, sizeof what, "attempt %d failed: next in %llds",
		    i + 1, (long long)schedule[i]);
		CHECK_INT(backoff_next(i + 1, NOW, NOW, THREE_DAYS, -1, MID) -
		    NOW, schedule[i], what);
	}
	CHECK_INT(backoff_next(100000, NOW, NOW, THREE_DAYS, -1, MID) - NOW,
	    10800, "attempt 100000: still every 3 h");
	CHECK_INT(backoff_next(0, NOW, NOW, THREE_DAYS, -1, MID) - NOW, 60,
	    "attempt 0 counts as the first");
	CHECK_INT(backoff_next(-5, NOW, NOW, THREE_DAYS, -1, MID) - NOW, 60,
	    "a negative attempt counts as the first");
}

static void
test_jitter(void)
{
	char what[128];

	for (int i = 0; i < 5; i++) {
		int64_t base = schedule[i], lo = INT64_MAX, hi = INT64_MIN;
		bool in_bounds = true;

		for (int j = 0; j < 1000; j++) {
			int64_t d = backoff_next(i + 1, NOW, NOW, THREE_DAYS, -1,
			    j / 1000.0) - NOW;

			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
			/* 0.9 and 1.1 of the delay, to the nearest second. */
			if (d * 10 < base * 9 || d * 10 > base * 11)
				in_bounds = false;
		}
		snprintf(what, sizeof what, "attempt %d: jitter within +-10%% "
		    "of %llds", i + 1, (long long)base);
		CHECK(in_bounds, what);
		snprintf(what, sizeof what, "attempt %d: jitter spans "
		    "[%lld, %lld] of [%lld, %lld]", i + 1, (long long)lo,
		    (long long)hi, (long long)(base * 9 / 10),
		    (long long)(base * 11 / 10));
		/* The whole range is used: at least 19% of it between the
		 * extremes, not a constant. */
		CHECK(lo <= base * 91 / 100 && hi >= base * 109 / 100, what);
	}
	CHECK_INT(backoff_next(1, NOW, NOW, THREE_DAYS, -1, 0.0) - NOW, 54,
	    "jitter 0: 54 s (-10%)");
	CHECK_INT(backoff_next(5, NOW, NOW, THREE_DAYS, -1, 0.0) - NOW, 9720,
	    "jitter 0 on 3 h: 9720 s");
	CHECK_INT(backoff_next(5, NOW, NOW, THREE_DAYS, -1, 0.999999) - NOW,
	    11880, "jitter just below 1 on 3 h: 11880 s (+10%)");
	CHECK_INT(backoff_next(2, NOW, NOW, THREE_DAYS, -1, 0.25) - NOW, 285,
	    "jitter 0.25 on 5 min: 285 s (-5%)");
	CHECK_INT(backoff_next(2, NOW, NOW, THREE_DAYS, -1, 1.5) - NOW, 300,
	    "jitter out of range: none");
	CHECK_INT(backoff_next(2, NOW, NOW, THREE_DAYS, -1, -0.1) - NOW, 300,
	    "negative jitter: none");
	CHECK_INT(backoff_next(2, NOW, NOW, THREE_DAYS, -1, 0.0 / 0.0) - NOW,
	    300, "NaN jitter: none");
}

static void
test_retry_after(void)
{
	CHECK_INT(backoff_next(1, NOW, NOW, THREE_DAYS, 120, 0.0) - NOW, 120,
	    "Retry-After 120 replaces the first minute, without jitter");
	CHECK_INT(backoff_next(7, NOW, NOW, THREE_DAYS, 30, 0.9) - NOW, 30,
	    "Retry-After 30 replaces 3 h");
	CHECK_INT(backoff_next(1, NOW, NOW, THREE_DAYS, 0, MID) - NOW, 1,
	    "Retry-After 0: one second, not a busy loop");
	CHECK_INT(backoff_next(1, NOW, NOW, THREE_DAYS, -1, MID) - NOW, 60,
	    "no Retry-After (-1): the schedule");
	CHECK_INT(backoff_next(1, NOW, NOW, THREE_DAYS, THREE_DAYS * 10, MID) -
	    NOW, THREE_DAYS, "a Retry-After beyond give_up_after is cut to it");
	CHECK_INT(backoff_next(1, NOW + 10, NOW, THREE_DAYS, THREE_DAYS * 10,
	    MID), 0, "... which gives up once any time has passed");
	CHECK_INT(backoff_next(1, NOW, NOW, THREE_DAYS, INT64_MAX, MID) - NOW,
	    THREE_DAYS, "Retry-After INT64_MAX does not overflow");
	CHECK_INT(backoff_next(3, NOW + THREE_DAYS - 100, NOW, THREE_DAYS, 100,
	    MID), NOW + THREE_DAYS, "Retry-After landing on the deadline: kept");
	CHECK_INT(backoff_next(3, NOW + THREE_DAYS - 100, NOW, THREE_DAYS, 101,
	    MID), 0, "a second later: given up");
}

static void
test_give_up(void)
{
	int64_t now = NOW, next;
	int retries = 0;

	CHECK_INT(backoff_next(1, NOW + THREE_DAYS - 60, NOW, THREE_DAYS, -1,
	    MID), NOW + THREE_DAYS, "the next attempt exactly at the deadline "
	    "is made");
	CHECK_INT(backoff_next(1, NOW + THREE_DAYS - 59, NOW, THREE_DAYS, -1,
	    MID), 0, "one second past it: given up");
	CHECK_INT(backoff_next(5, NOW + THREE_DAYS + 1, NOW, THREE_DAYS, -1,
	    MID), 0, "already past the deadline: given up");
	CHECK_INT(backoff_next(5, NOW + THREE_DAYS - 10800 * 9 / 10, NOW,
	    THREE_DAYS, -1, 0.0), NOW + THREE_DAYS,
	    "the jitter decides near the deadline: -10% still fits");
	CHECK_INT(backoff_next(5, NOW + THREE_DAYS - 10800 * 9 / 10, NOW,
	    THREE_DAYS, -1, MID), 0, "... the full 3 h does not");
	CHECK_INT(backoff_next(1, NOW, NOW, 0, -1, MID), 0,
	    "give_up_after 0: no retry");
	CHECK_INT(backoff_next(1, NOW, NOW, -1, 5, MID), 0,
	    "a negative give_up_after: no retry");
	CHECK_INT(backoff_next(1, INT64_MAX - 10, INT64_MAX - 10, THREE_DAYS,
	    -1, MID), 0, "near the end of time: given up, no overflow");

	/* A delivery that fails every time, with the default 3 days: 1 + 5 +
	 * 15 + 60 min, then 23 times 3 h fit in 72 h; the next is refused. */
	for (int attempt = 1;; attempt++) {
		next = backoff_next(attempt, now, NOW, THREE_DAYS, -1, MID);
		if (next == 0)
			break;
		if (next <= now || next > NOW + THREE_DAYS) {
			CHECK(false, "each retry later than the last, by the "
			    "deadline");
			break;
		}
		now = next;
		retries++;
	}
	CHECK_INT(retries, 27, "27 retries in 3 days without jitter");
	CHECK_INT(now, NOW + 4860 + 23 * 10800, "the last at 1h21m + 69 h");
}

static void
test_duration(void)
{
	static const struct {
		const char *text;
		int64_t want;
	} cases[] = {
		{ "3d", 259200 },
		{ "12h", 43200 },
		{ "90m", 5400 },
		{ "45s", 45 },
		{ "15s", 15 },
		{ "120", 120 },
		{ "1", 1 },
		{ "007s", 7 },
		{ "9223372036854775807", INT64_MAX },
		{ "106751991167300d", 106751991167300 * 86400LL },
		{ "", -1 },
		{ "0", -1 },
		{ "0d", -1 },
		{ "0s", -1 },
		{ "-1", -1 },
		{ "-3d", -1 },
		{ "+3d", -1 },
		{ "d", -1 },
		{ "3x", -1 },
		{ "3dd", -1 },
		{ "3d4h", -1 },
		{ "3 d", -1 },
		{ " 3d", -1 },
		{ "3d ", -1 },
		{ "3.5h", -1 },
		{ "3D", -1 },
		{ "9223372036854775808", -1 },
		{ "99999999999999999999999", -1 },
		{ "106751991167301d", -1 },
		{ "2562047788015216h", -1 },
	};
	char what[96];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(what, sizeof what, "\"%s\" is %lld", cases[i].text,
		    (long long)cases[i].want);
		CHECK_INT(backoff_parse_duration(cases[i].text), cases[i].want,
		    what);
	}
	CHECK_INT(backoff_parse_duration(NULL), -1, "NULL is not a duration");
}

int
main(void)
{
	test_schedule();
	test_jitter();
	test_retry_after();
	test_give_up();
	test_duration();
	return tap_done();
}
