#include "feed-spec.h"

#include <stdlib.h>
#include <string.h>

#define YEAR_MINUTES (366L * 24 * 60)

bool
feed_name_ok(const char *name)
{
	size_t len = name != NULL ? strlen(name) : 0;

	if (len == 0 || len > FEED_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '-'))
			return false;
	}
	return true;
}

int
feed_alarms_parse(const char *text, int minutes[FEED_ALARMS_MAX], int *count,
    struct failure *f)
{
	const char *p = text;

	*count = 0;
	if (text == NULL)
		return 0;
	while (*p != '\0') {
		char *end;
		long n = strtol(p, &end, 10), unit;

		switch (end != p && *p >= '0' && *p <= '9' ? *end : '?') {
		case 'w': unit = 7 * 24 * 60; break;
		case 'd': unit = 24 * 60; break;
		case 'h': unit = 60; break;
		case 'm': unit = 1; break;
		default:
			return failure_set(f, FAILURE_INVALID_FIELD, "alarms",
			    "expected a list such as 7d,1d,2h,30m");
		}
		if (n > YEAR_MINUTES || n * unit > YEAR_MINUTES)
			return failure_set(f, FAILURE_INVALID_FIELD, "alarms",
			    "an alarm can be at most a year before the event");
		if (*count == FEED_ALARMS_MAX)
			return failure_set(f, FAILURE_INVALID_FIELD, "alarms",
			    "at most %d alarms", FEED_ALARMS_MAX);
		minutes[(*count)++] = (int)(n * unit);
		p = end + 1;
		if (*p == ',' && p[1] != '\0')
			p++;
		else if (*p != '\0')
			return failure_set(f, FAILURE_INVALID_FIELD, "alarms",
			    "expected a list such as 7d,1d,2h,30m");
	}
	return 0;
}
