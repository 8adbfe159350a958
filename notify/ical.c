#include "ical.h"

#include <libical/ical.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "email.h"
#include "i18n.h"
#include "ical-internal.h"
#include "ical-text.h"
#include "localtime.h"
#include "version.h"

#define PRODID "-//tenured//tenured " TENURED_VERSION "//EN"
/* Subscribed clients poll; an hour keeps a decision visible the same
 * morning without hammering the server. */
#define REFRESH "PT1H"

/* Where X-WR-CALNAME goes in the serialized calendar: after the METHOD
 * that calendar_new writes, which libical puts before any component. */
#define CALNAME_AFTER "\r\nMETHOD:PUBLISH\r\n"

/* Like snprintf: the length of the whole UID, whatever fits in out. */
static int
uid_format(const struct feed_event *ev, const char *domain, char *out,
    size_t len)
{
	char id[24], term[16] = "";
	const char *entity = ev->vacancy != NULL ? ev->vacancy : "";
	int y, m, d;

	if (domain == NULL || domain[0] == '\0')
		domain = ICAL_DEFAULT_DOMAIN;
	if (ev->contract_id != 0) {
		snprintf(id, sizeof id, "%lld", (long long)ev->contract_id);
		entity = id;
	}
	if (ev->m.term_end != DATE_NONE) {
		date_to_ymd(ev->m.term_end, &y, &m, &d);
		snprintf(term, sizeof term, "-%04u%02u%02u",
		    (unsigned)y % 10000u, (unsigned)m % 100u,
		    (unsigned)d % 100u);
	}
	return snprintf(out, len, "%s-%c%s%s@%s",
	    milestone_kind_name(ev->m.kind), ev->contract_id != 0 ? 'c' : 'v',
	    entity, term, domain);
}

void
ical_uid(const struct feed_event *ev, const char *domain, char *out,
    size_t len)
{
	if (len > 0)
		uid_format(ev, domain, out, len);
}

char *
ical_uid_dup(const struct feed_event *ev, const char *domain)
{
	char buf[ICAL_UID_LEN], *s;
	int n = uid_format(ev, domain, buf, sizeof buf);

	if (n < 0)
		return NULL;
	if ((size_t)n < sizeof buf)
		return strdup(buf);
	if ((s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	uid_format(ev, domain, s, (size_t)n + 1);
	return s;
}

bool
ical_shows(const struct feed_options *o, const struct feed_event *ev)
{
	/* age_limit reveals a birth date: never in a feed (SPEC section 6). */
	if (ev->m.kind == MS_AGE_LIMIT || ev->m.kind >= MS_KIND_COUNT)
		return false;
	/* Kept a while so that subscribed clients see the cancellation
	 * instead of an event that silently vanishes. */
	if (ev->m.status == MS_CANCELLED)
		return o->now < ev->updated_at + FEED_CANCELLED_KEEP;
	return true;
}

int64_t
ical_next_change(const struct feed_options *o, const struct feed_event *ev,
    size_t count)
{
	int64_t next = 0;

	for (size_t i = 0; i < count; i++) {
		int64_t until = ev[i].updated_at + FEED_CANCELLED_KEEP;

		if (ev[i].m.status != MS_CANCELLED || !ical_shows(o, &ev[i]))
			continue;
		if (next == 0 || until < next)
			next = until;
	}
	return next;
}

bool
ical_is_timed(const struct feed_event *ev)
{
	return ev->m.at != 0;
}

struct icaltimetype
ical_utc_time(int64_t instant)
{
	return icaltime_from_timet_with_zone((time_t)instant, 0,
	    icaltimezone_get_utc_timezone());
}

/* A property whose name libical does not know, with a TEXT-like value. */
static int
add_x(icalcomponent *c, const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);

	if (p == NULL)
		return -1;
	icalproperty_set_x_name(p, name);
	icalcomponent_add_property(c, p);
	return 0;
}

int
ical_add_prop(icalcomponent *c, icalproperty *p)
{
	if (p == NULL)
		return -1;
	icalcomponent_add_property(c, p);
	return 0;
}

static icalcomponent *
calendar_new(const struct feed_options *o)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	struct icaldurationtype refresh = icaldurationtype_from_string(REFRESH);
	icalproperty *p = icalproperty_new_refreshinterval(refresh);
	int rc = 0;

	if (cal == NULL || p == NULL) {
		if (cal != NULL)
			icalcomponent_free(cal);
		if (p != NULL)
			icalproperty_free(p);
		return NULL;
	}
	/* RFC 7986 makes VALUE=DURATION mandatory here; libical leaves out a
	 * value type that is the property's default. */
	icalproperty_add_parameter(p,
	    icalparameter_new_value(ICAL_VALUE_DURATION));
	rc |= ical_add_prop(cal, icalproperty_new_version("2.0"));
	rc |= ical_add_prop(cal, icalproperty_new_prodid(PRODID));
	rc |= ical_add_prop(cal, icalproperty_new_calscale("GREGORIAN"));
	/* X-WR-CALNAME is written by calname_insert, after this. */
	rc |= ical_add_prop(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	/* The zone the feed's dates are meant in, for clients (Apple, Google)
	 * that show a calendar's own zone. */
	if (o->timezone != NULL && localtime_zone_known(o->timezone))
		rc |= add_x(cal, "X-WR-TIMEZONE", o->timezone);
	icalcomponent_add_property(cal, p);
	rc |= add_x(cal, "X-PUBLISHED-TTL", REFRESH);
	if (rc != 0) {
		icalcomponent_free(cal);
		return NULL;
	}
	return cal;
}

/*
 * libical's builtin zone carries a vendor TZID prefix and rules back to
 * 1880: the clone is renamed to the plain Olson name, which is what the
 * events' TZID says, and cut at 1 January (UTC) of the earliest event's
 * year. Cutting at a year, not at the event, keeps the bytes the same while
 * deadlines come and go within that year.
 */
static int
add_vtimezone(icalcomponent *cal, const char *tzid, int64_t earliest)
{
	icaltimezone *zone = icaltimezone_get_builtin_timezone(tzid);
	icalcomponent *src, *vtz;
	struct icaltimetype start;
	icalproperty *p;

	if (zone == NULL || (src = icaltimezone_get_component(zone)) == NULL)
		return -1;
	if ((vtz = icalcomponent_new_clone(src)) == NULL)
		return -1;
	if ((p = icalcomponent_get_first_property(vtz,
	    ICAL_TZID_PROPERTY)) != NULL) {
		icalproperty_set_tzid(p, tzid);
	} else if ((p = icalproperty_new_tzid(tzid)) != NULL) {
		icalcomponent_add_property(vtz, p);
	} else {
		icalcomponent_free(vtz);
		return -1;
	}
	start = ical_utc_time(earliest);
	start.month = 1;
	start.day = 1;
	start.hour = start.minute = start.second = 0;
	icaltimezone_truncate_vtimezone(vtz, start, icaltime_null_time(), 0);
	icalcomponent_add_component(cal, vtz);
	return 0;
}

/*
 * The display name goes into a quoted CN parameter, where a DQUOTE can only
 * be written in RFC 6868's caret encoding, which older parsers (Debian's
 * python-icalendar 4) read literally, and a caret starts such an encoding:
 * both are dropped rather than shown wrong.
 */
static char *
organizer_cn(const char *name)
{
	char *cn = ical_text_clean(name), *w = cn;

	if (cn == NULL)
		return NULL;
	for (const char *r = cn; *r != '\0'; r++) {
		if (*r != '"' && *r != '^')
			*w++ = *r;
	}
	*w = '\0';
	return cn;
}

int
ical_organizer_make(const struct feed_options *o, struct ical_organizer *org)
{
	const char *domain = o->domain != NULL && o->domain[0] != '\0' ?
	    o->domain : ICAL_DEFAULT_DOMAIN;
	char *name = NULL, *addr = NULL;
	int n;

	memset(org, 0, sizeof *org);
	if (o->organizer != NULL &&
	    email_from_split(o->organizer, &name, &addr) == 0) {
		n = asprintf(&org->uri, "mailto:%s", addr);
		if (n >= 0 && name != NULL && (org->cn = organizer_cn(name)) ==
		    NULL)
			n = -1;
	} else {
		n = asprintf(&org->uri, "mailto:tenured@%s", domain);
	}
	free(name);
	free(addr);
	if (n < 0)
		org->uri = NULL;
	if (org->cn != NULL && org->cn[0] == '\0') {
		free(org->cn);
		org->cn = NULL;
	}
	return org->uri != NULL ? 0 : -1;
}

void
ical_organizer_clear(struct ical_organizer *org)
{
	free(org->uri);
	free(org->cn);
}

/* Puts X-WR-CALNAME into the serialized calendar cal (which it frees), or
 * NULL. */
static char *
calname_insert(char *cal, const char *calname)
{
	char *line = ical_text_property("X-WR-CALNAME", calname);
	char *at = strstr(cal, CALNAME_AFTER), *out = NULL;
	size_t head;

	if (line != NULL && at != NULL) {
		head = (size_t)(at - cal) + strlen(CALNAME_AFTER);
		if ((out = malloc(strlen(cal) + strlen(line) + 1)) != NULL) {
			memcpy(out, cal, head);
			strcpy(out + head, line);
			strcat(out + head, cal + head);
		}
	}
	free(line);
	free(cal);
	return out;
}

/*
 * The calendar without its events, serialised by libical and split where
 * they go: before the END line that closes it. libical writes a parent
 * as its own properties, then each child serialised alone, then END, so
 * appending each event's own serialisation in between gives the bytes of
 * the whole tree without ever holding it.
 */
char *
ical_head(const struct feed_options *o, bool timed, int64_t earliest,
    size_t *head_len)
{
	icalcomponent *cal = calendar_new(o);
	char *s = NULL, *end;

	if (cal == NULL)
		return NULL;
	if (!timed || add_vtimezone(cal, ICAL_DEADLINE_TZID, earliest) == 0)
		s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (s != NULL)
		/* TRANSLATORS: a calendar's name when its feed has none. */
		s = calname_insert(s, o->calname != NULL ? o->calname :
		    tr(o->lang, "tenured: HR milestones"));
	if (s == NULL)
		return NULL;
	if ((end = strstr(s, ICAL_CALENDAR_END)) == NULL ||
	    strcmp(end, ICAL_CALENDAR_END) != 0) {
		free(s);
		return NULL;
	}
	*head_len = (size_t)(end - s);
	return s;
}

