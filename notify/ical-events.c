/* The VEVENT of each milestone (SPEC section 6), built with libical: one
 * set of libical objects per shape of event, their values set again for
 * each event of a render (ical_events_text). */
#include "ical.h"

#include <libical/ical.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ical-internal.h"
#include "ical-text.h"
#include "localtime.h"

static struct icaltimetype
civil_date(int32_t date)
{
	struct icaltimetype t = icaltime_null_date();
	int y, m, d;

	date_to_ymd(date, &y, &m, &d);
	t.year = y;
	t.month = m;
	t.day = d;
	return t;
}

/* The wall-clock time in tzid at instant, with no zone attached: the TZID
 * parameter is added by hand, under the plain Olson name. */
static struct icaltimetype
wall_time(const char *tzid, int64_t instant)
{
	int64_t wall = instant + localtime_offset(tzid, instant);
	/* localtime_date_of's day, without looking the offset up again */
	int32_t date = (int32_t)(wall >= 0 ? wall / 86400 :
	    (wall - 86399) / 86400);
	struct icaltimetype t = civil_date(date);
	int secs = (int)(wall - (int64_t)date * 86400);

	t.is_date = 0;
	t.hour = secs / 3600;
	t.minute = secs / 60 % 60;
	t.second = secs % 60;
	return t;
}

static struct icaldurationtype
alarm_duration(int minutes)
{
	struct icaldurationtype d = icaldurationtype_null_duration();
	unsigned m = minutes < 0 ? 0u - (unsigned)minutes : (unsigned)minutes;

	/* Whole days and hours read as such in clients' alarm dialogs. */
	d.is_neg = minutes > 0;
	if (m % 1440u == 0)
		d.days = m / 1440u;
	else if (m % 60u == 0)
		d.hours = m / 60u;
	else
		d.minutes = m;
	return d;
}

static int
add_alarms(icalcomponent *vev, const struct feed_options *o,
    const char *summary)
{
	int n = o->alarm_count;

	if (n > FEED_ALARMS_MAX)
		n = FEED_ALARMS_MAX;
	for (int i = 0; i < n; i++) {
		struct icaltriggertype trigger = {
			.time = icaltime_null_time(),
			.duration = alarm_duration(o->alarm_minutes[i]),
		};
		icalcomponent *alarm;
		bool dup = false;
		int rc = 0;

		for (int j = 0; j < i; j++)
			dup = dup || o->alarm_minutes[j] == o->alarm_minutes[i];
		if (dup)
			continue;
		if ((alarm = icalcomponent_new_valarm()) == NULL)
			return -1;
		rc |= ical_add_prop(alarm,
		    icalproperty_new_action(ICAL_ACTION_DISPLAY));
		rc |= ical_add_prop(alarm, icalproperty_new_trigger(trigger));
		rc |= ical_add_prop(alarm, icalproperty_new_description(summary));
		icalcomponent_add_component(vev, alarm);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static icalproperty_status
event_status(enum milestone_status status)
{
	switch (status) {
	case MS_PROJECTED:
		return ICAL_STATUS_TENTATIVE;
	case MS_CANCELLED:
		return ICAL_STATUS_CANCELLED;
	case MS_SCHEDULED:
	case MS_DONE:
		break;
	}
	return ICAL_STATUS_CONFIRMED;
}

static int
add_start(icalcomponent *vev, const struct feed_event *ev)
{
	icalproperty *p;
	int rc = 0;

	if (ical_is_timed(ev)) {
		/* A deadline is an instant. DURATION:PT0S says so: more
		 * clients read it than an event with no end at all, which
		 * RFC 5545 only implies lasts no time. */
		p = icalproperty_new_dtstart(wall_time(ICAL_DEADLINE_TZID,
		    ev->m.at));
		if (p == NULL)
			return -1;
		icalproperty_add_parameter(p,
		    icalparameter_new_tzid(ICAL_DEADLINE_TZID));
		icalcomponent_add_property(vev, p);
		return ical_add_prop(vev, icalproperty_new_duration(
		    icaldurationtype_null_duration()));
	}
	rc |= ical_add_prop(vev, icalproperty_new_dtstart(civil_date(ev->m.date)));
	rc |= ical_add_prop(vev, icalproperty_new_dtend(civil_date(ev->m.date + 1)));
	return rc;
}

static int
add_organizer(icalcomponent *vev, const struct ical_organizer *org)
{
	icalproperty *p = icalproperty_new_organizer(org->uri);
	icalparameter *cn;

	if (p == NULL)
		return -1;
	if (org->cn != NULL) {
		if ((cn = icalparameter_new_cn(org->cn)) == NULL) {
			icalproperty_free(p);
			return -1;
		}
		icalproperty_add_parameter(p, cn);
	}
	icalcomponent_add_property(vev, p);
	return 0;
}

static icalcomponent *
event_new(const struct feed_options *o,
    const struct ical_organizer *org, const struct feed_event *ev,
    const char *uid)
{
	icalcomponent *vev = icalcomponent_new_vevent();
	char *summary = ical_text_summary(o, ev);
	char *desc = ical_text_description(o, ev);
	int64_t seq = ev->sequence < 0 ? 0 : ev->sequence;
	int rc = 0;

	if (vev == NULL || summary == NULL || desc == NULL)
		goto fail;
	rc |= ical_add_prop(vev, icalproperty_new_uid(uid));
	/* The time the event last changed, never the time of rendering: the
	 * same data gives the same bytes, so ETags and clients stay quiet. */
	rc |= ical_add_prop(vev, icalproperty_new_dtstamp(ical_utc_time(ev->updated_at)));
	rc |= ical_add_prop(vev,
	    icalproperty_new_lastmodified(ical_utc_time(ev->updated_at)));
	rc |= ical_add_prop(vev, icalproperty_new_sequence(seq > INT_MAX ? INT_MAX :
	    (int)seq));
	rc |= add_start(vev, ev);
	rc |= add_organizer(vev, org);
	rc |= ical_add_prop(vev, icalproperty_new_summary(summary));
	rc |= ical_add_prop(vev, icalproperty_new_description(desc));
	rc |= ical_add_prop(vev,
	    icalproperty_new_status(event_status(ev->m.status)));
	/* Milestones mark a day; they never make anyone busy. */
	rc |= ical_add_prop(vev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	/* No alarm for what needs no action (done, cancelled) or may never
	 * happen (projected; SPEC section 5 sends it no reminder either). */
	if (ev->m.status == MS_SCHEDULED)
		rc |= add_alarms(vev, o, summary);
	if (rc != 0)
		goto fail;
	free(summary);
	free(desc);
	return vev;
fail:
	if (vev != NULL)
		icalcomponent_free(vev);
	free(summary);
	free(desc);
	return NULL;
}

/*
 * A VEVENT of one shape (all-day or timed) whose varying properties are set
 * again for each event: building and freeing a dozen libical objects per
 * event cost more than serialising them (issue 17). Made from the feed's
 * first event of that shape, forced to scheduled so that it has its
 * alarms, which are taken out for events that have none.
 */
struct ical_shape {
	icalcomponent *vev;
	icalproperty *uid, *dtstamp, *lastmod, *seq, *dtstart, *dtend;
	icalproperty *summary, *desc, *status;
	icalcomponent *alarm[FEED_ALARMS_MAX];
	icalproperty *alarm_desc[FEED_ALARMS_MAX];
	int alarms;
	bool attached;			/* the alarms are in vev */
};

struct ical_events {
	const struct feed_options *o;
	const struct ical_organizer *org;
	struct ical_shape shape[2];	/* all-day, timed */
};

struct ical_events *
ical_events_new(const struct feed_options *o, const struct ical_organizer *org)
{
	struct ical_events *t = calloc(1, sizeof *t);

	if (t != NULL) {
		t->o = o;
		t->org = org;
	}
	return t;
}

static void
shape_clear(struct ical_shape *sh)
{
	if (sh->vev == NULL)
		return;
	if (!sh->attached) {
		for (int i = 0; i < sh->alarms; i++)
			icalcomponent_free(sh->alarm[i]);
	}
	icalcomponent_free(sh->vev);
}

void
ical_events_free(struct ical_events *t)
{
	if (t == NULL)
		return;
	shape_clear(&t->shape[0]);
	shape_clear(&t->shape[1]);
	free(t);
}

static int
shape_make(struct ical_events *t, struct ical_shape *sh,
    const struct feed_event *ev, const char *uid)
{
	struct feed_event first = *ev;
	icalcomponent *a;

	first.m.status = MS_SCHEDULED;
	if ((sh->vev = event_new(t->o, t->org, &first, uid)) == NULL)
		return -1;
	sh->uid = icalcomponent_get_first_property(sh->vev, ICAL_UID_PROPERTY);
	sh->dtstamp = icalcomponent_get_first_property(sh->vev,
	    ICAL_DTSTAMP_PROPERTY);
	sh->lastmod = icalcomponent_get_first_property(sh->vev,
	    ICAL_LASTMODIFIED_PROPERTY);
	sh->seq = icalcomponent_get_first_property(sh->vev,
	    ICAL_SEQUENCE_PROPERTY);
	sh->dtstart = icalcomponent_get_first_property(sh->vev,
	    ICAL_DTSTART_PROPERTY);
	sh->dtend = icalcomponent_get_first_property(sh->vev,
	    ICAL_DTEND_PROPERTY);
	sh->summary = icalcomponent_get_first_property(sh->vev,
	    ICAL_SUMMARY_PROPERTY);
	sh->desc = icalcomponent_get_first_property(sh->vev,
	    ICAL_DESCRIPTION_PROPERTY);
	sh->status = icalcomponent_get_first_property(sh->vev,
	    ICAL_STATUS_PROPERTY);
	sh->attached = true;
	for (a = icalcomponent_get_first_component(sh->vev,
	    ICAL_VALARM_COMPONENT); a != NULL && sh->alarms < FEED_ALARMS_MAX;
	    a = icalcomponent_get_next_component(sh->vev,
	    ICAL_VALARM_COMPONENT)) {
		sh->alarm[sh->alarms] = a;
		sh->alarm_desc[sh->alarms++] =
		    icalcomponent_get_first_property(a,
		    ICAL_DESCRIPTION_PROPERTY);
	}
	if (sh->uid == NULL || sh->dtstamp == NULL || sh->lastmod == NULL ||
	    sh->seq == NULL || sh->dtstart == NULL || sh->summary == NULL ||
	    sh->desc == NULL || sh->status == NULL ||
	    (!ical_is_timed(ev) && sh->dtend == NULL))
		return -1;
	for (int i = 0; i < sh->alarms; i++) {
		if (sh->alarm_desc[i] == NULL)
			return -1;
	}
	return 0;
}

/* Alarms in or out of the shape's VEVENT, in the order they were made. */
static void
shape_alarms(struct ical_shape *sh, bool on)
{
	if (on == sh->attached)
		return;
	for (int i = 0; i < sh->alarms; i++) {
		if (on)
			icalcomponent_add_component(sh->vev, sh->alarm[i]);
		else
			icalcomponent_remove_component(sh->vev, sh->alarm[i]);
	}
	sh->attached = on;
}

char *
ical_events_text(struct ical_events *t, const struct feed_event *ev,
    const char *uid)
{
	struct ical_shape *sh = &t->shape[ical_is_timed(ev) ? 1 : 0];
	int64_t seq = ev->sequence < 0 ? 0 : ev->sequence;
	char *summary, *desc, *out = NULL;

	if (sh->vev == NULL && shape_make(t, sh, ev, uid) != 0) {
		shape_clear(sh);
		memset(sh, 0, sizeof *sh);
		return NULL;
	}
	summary = ical_text_summary(t->o, ev);
	desc = ical_text_description(t->o, ev);
	if (summary != NULL && desc != NULL) {
		/* A setter that runs out of memory leaves the old value and
		 * says so only in icalerrno. */
		icalerror_clear_errno();
		icalproperty_set_uid(sh->uid, uid);
		icalproperty_set_dtstamp(sh->dtstamp, ical_utc_time(ev->updated_at));
		icalproperty_set_lastmodified(sh->lastmod,
		    ical_utc_time(ev->updated_at));
		icalproperty_set_sequence(sh->seq, seq > INT_MAX ? INT_MAX :
		    (int)seq);
		if (ical_is_timed(ev)) {
			icalproperty_set_dtstart(sh->dtstart,
			    wall_time(ICAL_DEADLINE_TZID, ev->m.at));
		} else {
			icalproperty_set_dtstart(sh->dtstart,
			    civil_date(ev->m.date));
			icalproperty_set_dtend(sh->dtend,
			    civil_date(ev->m.date + 1));
		}
		icalproperty_set_summary(sh->summary, summary);
		icalproperty_set_description(sh->desc, desc);
		icalproperty_set_status(sh->status, event_status(ev->m.status));
		shape_alarms(sh, ev->m.status == MS_SCHEDULED);
		for (int i = 0; i < sh->alarms && sh->attached; i++)
			icalproperty_set_description(sh->alarm_desc[i],
			    summary);
		if (icalerrno == ICAL_NO_ERROR)
			out = icalcomponent_as_ical_string_r(sh->vev);
	}
	free(summary);
	free(desc);
	return out;
}
