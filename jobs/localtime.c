#include "localtime.h"

#include <libical/ical.h>
#include <stdio.h>
#include <string.h>

#include "date.h"

/* libical finds a built-in zone by comparing its name with each of some
 * 400 in turn, a tenth of a large import's time (issue 17): the zones
 * last asked for are kept (libical keeps its zones until exit). Two: the
 * configured zone and a deadline's own alternate. */
#define ZONES_KEPT 2

static icaltimezone *
zone_get(const char *tzid)
{
	static struct {
		char id[64];
		icaltimezone *zone;
	} kept[ZONES_KEPT];
	static int next;
	icaltimezone *zone;

	if (tzid == NULL || strcmp(tzid, "UTC") == 0)
		return icaltimezone_get_utc_timezone();
	for (int i = 0; i < ZONES_KEPT; i++) {
		if (kept[i].zone != NULL && strcmp(tzid, kept[i].id) == 0)
			return kept[i].zone;
	}
	zone = icaltimezone_get_builtin_timezone(tzid);
	if (zone != NULL && strlen(tzid) < sizeof kept[0].id) {
		memcpy(kept[next].id, tzid, strlen(tzid) + 1);
		kept[next].zone = zone;
		next = (next + 1) % ZONES_KEPT;
	}
	return zone;
}

bool
localtime_zone_known(const char *tzid)
{
	return tzid != NULL && zone_get(tzid) != NULL;
}

int
localtime_offset(const char *tzid, int64_t instant)
{
	icaltimezone *zone = zone_get(tzid);
	struct icaltimetype tt;
	int is_daylight = 0;

	if (zone == NULL)
		return 0;
	tt = icaltime_from_timet_with_zone((time_t)instant, 0,
	    icaltimezone_get_utc_timezone());
	return icaltimezone_get_utc_offset_of_utc_time(zone, &tt, &is_daylight);
}

/*
 * Offsets a day and a half either side bracket at most one transition, so a
 * wall time maps onto zero (gap), one, or two (overlap) instants, each
 * consistent with one of the two offsets.
 */
int64_t
localtime_to_instant(const char *tzid, int32_t date, int seconds)
{
	int64_t wall = (int64_t)date * 86400 + seconds;
	int before = localtime_offset(tzid, wall - 129600);
	int after = localtime_offset(tzid, wall + 129600);
	int64_t first = wall - before, second = wall - after;
	bool first_ok = localtime_offset(tzid, first) == before;
	bool second_ok = localtime_offset(tzid, second) == after;

	if (first_ok && second_ok)
		return first < second ? first : second;
	if (first_ok)
		return first;
	if (second_ok)
		return second;
	/* In a gap: reading the time with the offset in force before the gap
	 * lands the same distance past the gap's end. */
	return first;
}

int32_t
localtime_date_of(const char *tzid, int64_t instant)
{
	int64_t wall = instant + localtime_offset(tzid, instant);

	return (int32_t)(wall >= 0 ? wall / 86400 : (wall - 86399) / 86400);
}

void
localtime_format_rfc3339(const char *tzid, int64_t instant,
    char out[LOCALTIME_RFC3339_LEN])
{
	int off = localtime_offset(tzid, instant);
	int64_t wall = instant + off;
	int32_t date = localtime_date_of(tzid, instant);
	int secs = (int)(wall - (int64_t)date * 86400);
	int y, m, d, aoff = off < 0 ? -off : off;

	date_to_ymd(date, &y, &m, &d);
	snprintf(out, LOCALTIME_RFC3339_LEN,
	    "%04u-%02u-%02uT%02u:%02u:%02u%c%02u:%02u",
	    (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u,
	    (unsigned)secs / 3600u % 100u, (unsigned)secs / 60u % 60u,
	    (unsigned)secs % 60u, off < 0 ? '-' : '+',
	    (unsigned)aoff / 3600u % 100u, (unsigned)aoff / 60u % 60u);
}

static int
take_digits(const char **p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return v;
}

int
localtime_parse_rfc3339(const char *text, int64_t *out)
{
	const char *p = text;
	char datebuf[DATE_STRLEN];
	int32_t date;
	int hh, mm, ss = 0, off = 0;

	if (text == NULL || strlen(text) < 16)
		return -1;
	memcpy(datebuf, text, 10);
	datebuf[10] = '\0';
	if (date_parse(datebuf, &date) != 0 || (text[10] != 'T' && text[10] != 't'))
		return -1;
	p = text + 11;
	if ((hh = take_digits(&p, 2)) < 0 || *p++ != ':' ||
	    (mm = take_digits(&p, 2)) < 0)
		return -1;
	if (*p == ':' && (p++, (ss = take_digits(&p, 2)) < 0))
		return -1;
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om;

		if ((oh = take_digits(&p, 2)) < 0 || *p++ != ':' ||
		    (om = take_digits(&p, 2)) < 0 || oh > 23 || om > 59)
			return -1;
		off = sign * (oh * 3600 + om * 60);
	} else {
		return -1;
	}
	if (*p != '\0')
		return -1;
	*out = (int64_t)date * 86400 + hh * 3600 + mm * 60 + ss - off;
	return 0;
}
