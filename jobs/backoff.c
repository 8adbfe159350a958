#include "backoff.h"

#include <stddef.h>

/* SPEC section 5: 1 min, 5 min, 15 min, 1 h, then every 3 h. */
static const int64_t schedule[] = { 60, 300, 900, 3600, 10800 };
#define SCHEDULE_LEN (sizeof schedule / sizeof schedule[0])

int64_t
backoff_next(int attempts, int64_t now, int64_t first_attempt,
    int64_t give_up_after, int64_t retry_after, double jitter)
{
	int64_t delay, next, deadline;
	size_t i;

	if (give_up_after <= 0)
		return 0;
	if (retry_after >= 0) {
		/* The peer knows its own load better than the schedule does, but
		 * "0" must not turn into a busy loop, and a wish beyond the
		 * give-up time only means giving up later than promised. */
		delay = retry_after < 1 ? 1 : retry_after;
		if (delay > give_up_after)
			delay = give_up_after;
	} else {
		i = attempts < 1 ? 0 : (size_t)attempts - 1;
		if (i >= SCHEDULE_LEN)
			i = SCHEDULE_LEN - 1;
		/* A jitter outside [0, 1) (or NaN) from a faulty source counts
		 * as none rather than stretching the delay. */
		if (!(jitter >= 0.0 && jitter < 1.0))
			jitter = 0.5;
		/* Rounded to the nearest second; positive, so adding a half
		 * and truncating rounds. */
		delay = (int64_t)((double)schedule[i] *
		    (1.0 + (jitter * 0.2 - 0.1)) + 0.5);
	}
	if (__builtin_add_overflow(now, delay, &next) ||
	    __builtin_add_overflow(first_attempt, give_up_after, &deadline))
		return 0;
	return next > deadline ? 0 : next;
}

int64_t
backoff_parse_duration(const char *text)
{
	int64_t n = 0, unit = 1, out;
	const char *p = text;

	if (text == NULL || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (__builtin_mul_overflow(n, 10, &n) ||
		    __builtin_add_overflow(n, *p - '0', &n))
			return -1;
	}
	switch (*p) {
	case '\0':
		return n > 0 ? n : -1;
	case 'd':
		unit = 86400;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'm':
		unit = 60;
		break;
	case 's':
		unit = 1;
		break;
	default:
		return -1;
	}
	if (p[1] != '\0' || n <= 0 || __builtin_mul_overflow(n, unit, &out))
		return -1;
	return out;
}
