/* What a calendar feed is asked for with, checked before anything is
 * stored: its name (the file name and X-WR-CALNAME) and its alarms. Pure
 * parsing, shared by the API, the store's feeds and the fuzz target. */
#ifndef TENURED_FEED_SPEC_H
#define TENURED_FEED_SPEC_H

#include <stdbool.h>

#include "failure.h"

#define FEED_ALARMS_MAX 8
#define FEED_NAME_MAX 64

/* 1 to FEED_NAME_MAX of a-z, 0-9 and -. */
bool feed_name_ok(const char *name);
/* "7d,1d,2h,30m" (NULL or "" for none) into minutes before the event, at
 * most FEED_ALARMS_MAX, each at most a year; the failure names alarms. */
int feed_alarms_parse(const char *text, int minutes[FEED_ALARMS_MAX],
        int *count, struct failure *f);

#endif
