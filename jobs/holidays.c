#include "reminder.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"

/* Bounds that keep a hostile or mistaken file from costing much: a closure
 * longer than a year is a typo, and a yearly rule has one instance a year
 * unless BY-parts multiply it. */
#define SPAN_MAX	366
#define INSTANCES_MAX	(366 * 20)
#define DAYS_MAX	(1 << 20)

struct collect {
	int32_t *days;
	size_t count, cap;
	int32_t last;			/* latest day an event names */
	int pass;			/* 0: all but open-ended rules; 1: those */
	int32_t until;			/* pass 1 expands up to here */
	int event;			/* 1-based, for messages */
	const char *uid;
	struct failure *f;
};

static int
fail(struct collect *c, const char *what)
{
	if (c->uid != NULL)
		return failure_set(c->f, FAILURE_INVALID_FIELD, "holidays",
		    "event %d (UID %.80s): %s", c->event, c->uid, what);
	return failure_set(c->f, FAILURE_INVALID_FIELD, "holidays",
	    "event %d: %s", c->event, what);
}

static int
add_span(struct collect *c, int32_t first, int32_t ndays)
{
	if (first + ndays - 1 > c->last || c->last == DATE_NONE)
		c->last = first + ndays - 1;
	if (c->count + (size_t)ndays > DAYS_MAX)
		return fail(c, "the calendar names too many days");
	if (c->count + (size_t)ndays > c->cap) {
		size_t cap = c->cap == 0 ? 64 : c->cap;
		int32_t *days;

		while (cap < c->count + (size_t)ndays)
			cap *= 2;
		days = realloc(c->days, cap * sizeof *days);
		if (days == NULL)
			return failure_set(c->f, FAILURE_INTERNAL, "holidays",
			    "out of memory");
		c->days = days;
		c->cap = cap;
	}
	for (int32_t i = 0; i < ndays; i++)
		c->days[c->count++] = first + i;
	return 0;
}

static bool
civil_date(struct icaltimetype t, int32_t *out)
{
	if (icaltime_is_null_time(t) ||
	    !date_valid_ymd(t.year, t.month, t.day))
		return false;
	*out = date_from_ymd(t.year, t.month, t.day);
	return true;
}

/*
 * libical reads a date value loosely ("2026013X" becomes 2026-01-03), so
 * the DTSTART and DTEND lines are checked in the raw text first, where the
 * line number can still be given. Folded lines are left to libical.
 */
static int
check_raw_dates(const char *text, struct failure *f)
{
	static const char *const names[] = { "DTSTART", "DTEND" };
	const char *line = text;
	int lineno = 1;

	for (; *line != '\0'; lineno++) {
		const char *nl = strchr(line, '\n');
		const char *end = nl != NULL ? nl : line + strlen(line);
		const char *colon = NULL, *v;
		size_t vlen;
		bool ok;

		if (end > line && end[-1] == '\r')
			end--;
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			size_t n = strlen(names[i]);

			if ((size_t)(end - line) > n &&
			    strncasecmp(line, names[i], n) == 0 &&
			    (line[n] == ':' || line[n] == ';'))
				colon = memrchr(line, ':', (size_t)(end - line));
		}
		if (colon != NULL && !(nl != NULL && (nl[1] == ' ' ||
		    nl[1] == '\t'))) {
			v = colon + 1;
			vlen = (size_t)(end - v);
			ok = vlen == 8 || vlen == 15 || (vlen == 16 && v[15] == 'Z');
			for (size_t i = 0; ok && i < vlen && i < 15; i++)
				ok = i == 8 ? v[i] == 'T' : (v[i] >= '0' && v[i] <= '9');
			if (!ok)
				return failure_set(f, FAILURE_INVALID_FIELD,
				    "holidays", "line %d: \"%.*s\" is not a date "
				    "(YYYYMMDD) or a date-time", lineno,
				    vlen > 40 ? 40 : (int)vlen, v);
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return 0;
}

/*
 * libical keeps what it could not read as X-LIC-ERROR properties. A value
 * it could not read (a date, an RRULE) or a stray data line may hide a
 * holiday, so it fails the file; a property name it does not know is an
 * extension RFC 5545 allows and says nothing about dates.
 */
static const char *
read_error(icalcomponent *comp)
{
	icalproperty *p;
	icalparameter *type;

	for (p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY);
	    p != NULL;
	    p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
		type = icalproperty_get_first_parameter(p,
		    ICAL_XLICERRORTYPE_PARAMETER);
		if (type != NULL && icalparameter_get_xlicerrortype(type) ==
		    ICAL_XLICERRORTYPE_PROPERTYPARSEERROR)
			continue;
		return icalproperty_get_xlicerror(p);
	}
	return NULL;
}

/* The EXDATE days of an event, gathered first: libical walks properties
 * with one cursor per component, so a lookup inside another walk over the
 * same event would move it. */
struct exdates {
	int32_t *days;
	size_t count;
};

static int
exdates_load(struct collect *c, icalcomponent *ev, struct exdates *x)
{
	icalproperty *p;
	size_t n = 0;

	x->days = NULL;
	x->count = 0;
	for (p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY);
	    p != NULL;
	    p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
		n++;
	if (n == 0)
		return 0;
	if ((x->days = calloc(n, sizeof *x->days)) == NULL)
		return failure_set(c->f, FAILURE_INTERNAL, "holidays",
		    "out of memory");
	for (p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY);
	    p != NULL && x->count < n;
	    p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
		if (!civil_date(icalproperty_get_exdate(p),
		    &x->days[x->count])) {
			free(x->days);
			x->days = NULL;
			return fail(c, "EXDATE is not a valid date");
		}
		x->count++;
	}
	return 0;
}

static bool
excluded(const struct exdates *x, int32_t day)
{
	for (size_t i = 0; i < x->count; i++) {
		if (x->days[i] == day)
			return true;
	}
	return false;
}

/* How many days the event lasts: DTEND is exclusive, DURATION counts whole
 * days, neither means the one day. */
static int
event_length(struct collect *c, icalcomponent *ev, int32_t start,
    int32_t *ndays)
{
	icalproperty *p;
	int32_t end;

	*ndays = 1;
	if ((p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY))) {
		struct icaltimetype t = icalproperty_get_dtend(p);

		if (!t.is_date || !civil_date(t, &end))
			return fail(c, "DTEND is not a date like its DTSTART");
		if (end < start)
			return fail(c, "DTEND is before DTSTART");
		if (end > start)
			*ndays = end - start;
	} else if ((p = icalcomponent_get_first_property(ev,
	    ICAL_DURATION_PROPERTY))) {
		struct icaldurationtype d = icalproperty_get_duration(p);

		if (d.is_neg || d.hours != 0 || d.minutes != 0 ||
		    d.seconds != 0 || d.days > SPAN_MAX || d.weeks > SPAN_MAX)
			return fail(c, "DURATION is not a number of days");
		if (d.days + 7 * d.weeks > 0)
			*ndays = (int32_t)(d.days + 7 * d.weeks);
	}
	if (*ndays > SPAN_MAX)
		return fail(c, "the event lasts more than a year");
	return 0;
}

static int
expand_rrule(struct collect *c, const struct exdates *ex, icalproperty *rp,
    struct icaltimetype dtstart, int32_t ndays)
{
	struct icalrecurrencetype rule = icalproperty_get_rrule(rp);
	bool open_ended = rule.count == 0 && icaltime_is_null_time(rule.until);
	int32_t limit, day, first;
	icalrecur_iterator *it;
	int n = 0, rc = 0;

	if (rule.freq != ICAL_YEARLY_RECURRENCE)
		return fail(c, "only yearly repetition (RRULE:FREQ=YEARLY) "
		    "is understood");
	if (!civil_date(dtstart, &first))
		return fail(c, "DTSTART is not a valid date");
	if (open_ended && c->pass == 0) {
		/* Its first instance dates the calendar; the rest wait until
		 * the calendar's last year is known. */
		if (first + ndays - 1 > c->last || c->last == DATE_NONE)
			c->last = first + ndays - 1;
		return 0;
	}
	if (!open_ended && c->pass == 1)
		return 0;
	limit = open_ended ? c->until :
	    date_from_ymd(DATE_YEAR_MAX, 12, 31);
	if ((it = icalrecur_iterator_new(rule, dtstart)) == NULL)
		return fail(c, "its RRULE cannot be expanded");
	for (;;) {
		struct icaltimetype t = icalrecur_iterator_next(it);

		if (icaltime_is_null_time(t) || !civil_date(t, &day) ||
		    day > limit)
			break;
		if (++n > INSTANCES_MAX) {
			rc = fail(c, "its RRULE repeats too often");
			break;
		}
		if (!excluded(ex, day) && (rc = add_span(c, day, ndays)) != 0)
			break;
	}
	icalrecur_iterator_free(it);
	return rc;
}

static int
event_days(struct collect *c, icalcomponent *ev)
{
	icalproperty *p, *rrule;
	struct icaltimetype dtstart;
	struct exdates ex;
	const char *error;
	int32_t start, ndays, day;
	int rc = -1;

	c->uid = icalcomponent_get_uid(ev);
	if ((error = read_error(ev)) != NULL)
		return fail(c, error);
	if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED)
		return 0;
	if ((p = icalcomponent_get_first_property(ev,
	    ICAL_DTSTART_PROPERTY)) == NULL)
		return fail(c, "no DTSTART");
	dtstart = icalproperty_get_dtstart(p);
	/* A timed event (a half-day closure, a meeting) leaves the day a
	 * working day. */
	if (!dtstart.is_date)
		return 0;
	if (!civil_date(dtstart, &start))
		return fail(c, "DTSTART is not a valid date");
	if (event_length(c, ev, start, &ndays) != 0)
		return -1;
	rrule = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
	if (rrule != NULL &&
	    icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY) != NULL)
		return fail(c, "more than one RRULE");
	if (exdates_load(c, ev, &ex) != 0)
		return -1;
	if (rrule != NULL) {
		if (expand_rrule(c, &ex, rrule, dtstart, ndays) != 0)
			goto out;
	} else if (c->pass == 0 && add_span(c, start, ndays) != 0) {
		goto out;
	}
	for (p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY);
	    p != NULL && c->pass == 0;
	    p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype r = icalproperty_get_rdate(p);
		struct icaltimetype t = icaltime_is_null_time(r.time) ?
		    r.period.start : r.time;

		if (!t.is_date || !civil_date(t, &day)) {
			fail(c, "RDATE is not a date like its DTSTART");
			goto out;
		}
		if (!excluded(&ex, day) && add_span(c, day, ndays) != 0)
			goto out;
	}
	rc = 0;
out:
	free(ex.days);
	return rc;
}

static int
calendar_days(struct collect *c, icalcomponent *cal)
{
	icalcomponent *ev;
	const char *error;

	if (c->pass == 0 && (error = read_error(cal)) != NULL)
		return failure_set(c->f, FAILURE_INVALID_FIELD, "holidays",
		    "%s", error);
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		c->event++;
		if (event_days(c, ev) != 0)
			return -1;
	}
	c->uid = NULL;
	return 0;
}

static int
all_calendars(struct collect *c, icalcomponent *root)
{
	icalcomponent *cal;
	int found = 0;

	c->event = 0;
	if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT)
		return calendar_days(c, root);
	for (cal = icalcomponent_get_first_component(root,
	    ICAL_VCALENDAR_COMPONENT); cal != NULL;
	    cal = icalcomponent_get_next_component(root,
	    ICAL_VCALENDAR_COMPONENT)) {
		found++;
		if (calendar_days(c, cal) != 0)
			return -1;
	}
	if (found == 0)
		return failure_set(c->f, FAILURE_INVALID_FIELD, "holidays",
		    "no VCALENDAR in the file");
	return 0;
}

static int
compare_days(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

int
holidays_parse(const char *text, size_t len, struct holiday_set *out,
    struct failure *f)
{
	struct collect c = { .last = DATE_NONE, .f = f };
	icalcomponent *root;
	char *copy;
	int rc = -1, y, m, d;

	memset(out, 0, sizeof *out);
	out->covered_until = DATE_NONE;
	if (text == NULL || len == 0)
		return failure_set(f, FAILURE_INVALID_FIELD, "holidays",
		    "the calendar is empty");
	if (memchr(text, '\0', len) != NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "holidays",
		    "the calendar contains a NUL byte: not an iCalendar text");
	/* The parser wants a C string, and the caller's buffer may not end in
	 * one. */
	if ((copy = malloc(len + 1)) == NULL)
		return failure_set(f, FAILURE_INTERNAL, "holidays",
		    "out of memory");
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (check_raw_dates(copy, f) != 0) {
		free(copy);
		return -1;
	}
	root = icalparser_parse_string(copy);
	free(copy);
	if (root == NULL)
		return failure_set(f, FAILURE_INVALID_FIELD, "holidays",
		    "not an iCalendar text (BEGIN:VCALENDAR ... "
		    "END:VCALENDAR)");
	if (all_calendars(&c, root) != 0)
		goto out;
	if (c.last != DATE_NONE) {
		date_to_ymd(c.last, &y, &m, &d);
		c.until = date_from_ymd(y, 12, 31);
		c.pass = 1;
		if (all_calendars(&c, root) != 0)
			goto out;
		out->covered_until = c.until;
	}
	if (c.count > 0)
		qsort(c.days, c.count, sizeof *c.days, compare_days);
	for (size_t i = 0; i < c.count; i++) {
		if (out->count == 0 || c.days[i] != c.days[out->count - 1])
			c.days[out->count++] = c.days[i];
	}
	out->days = c.days;
	c.days = NULL;
	rc = 0;
out:
	icalcomponent_free(root);
	free(c.days);
	return rc;
}

void
holidays_free(struct holiday_set *h)
{
	if (h == NULL)
		return;
	free(h->days);
	h->days = NULL;
	h->count = 0;
	h->covered_until = DATE_NONE;
}

bool
holidays_is_working_day(const struct holiday_set *h, int32_t day)
{
	if (date_iso_weekday(day) >= 6)
		return false;
	if (h == NULL || h->count == 0)
		return true;
	return bsearch(&day, h->days, h->count, sizeof *h->days,
	    compare_days) == NULL;
}

int32_t
holidays_previous_working_day(const struct holiday_set *h, int32_t day)
{
	/* Each step passes a holiday or a weekend day, and a run of holidays
	 * holds at most two weekend days per five of them: the bound only keeps
	 * a corrupt (unsorted) set from walking far. */
	size_t steps = (h != NULL ? h->count : 0) * 2 + 8;

	while (!holidays_is_working_day(h, day) && steps-- > 0)
		day--;
	return day;
}
