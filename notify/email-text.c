/*
 * The words of a reminder email (SPEC section 5): subject and text, with
 * the milestone attached as a calendar entry; the encoding is
 * email-mime.c's. The same reminder and clock give the same bytes, so a
 * duplicate after a crash is the same message.
 */
#include "email.h"
#include "email-mime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ical.h"
#include "ical-text.h"
#include "localtime.h"

static bool
email_text_has(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* "Jane Doe (250914)", "Jane Doe (contract 7)", "contract 7",
 * "Team Leader (vacancy 250914)", "vacancy 250914": whom it is about, in
 * the words of webhook_text_slack. */
static bool
email_text_put_whom(FILE *f, const struct email_reminder *r)
{
	char *a = NULL, *b = NULL;
	bool ok = true;

	if (r->contract_id != 0 && !email_text_has(r->person_name)) {
		fprintf(f, "contract %lld", (long long)r->contract_id);
		return true;
	}
	if (r->contract_id != 0) {
		ok = (a = ical_text_clean(r->person_name)) != NULL;
		if (ok && email_text_has(r->vacancy))
			ok = (b = ical_text_clean(r->vacancy)) != NULL;
		if (ok && b != NULL)
			fprintf(f, "%s (%s)", a, b);
		else if (ok)
			fprintf(f, "%s (contract %lld)", a,
			    (long long)r->contract_id);
	} else if (email_text_has(r->title)) {
		ok = (a = ical_text_clean(r->title)) != NULL;
		if (ok && email_text_has(r->vacancy))
			ok = (b = ical_text_clean(r->vacancy)) != NULL;
		if (ok)
			fprintf(f, b != NULL ? "%s (vacancy %s)" : "%s", a, b);
	} else if (email_text_has(r->vacancy)) {
		ok = (a = ical_text_clean(r->vacancy)) != NULL;
		if (ok)
			fprintf(f, "vacancy %s", a);
	}
	free(a);
	free(b);
	return ok;
}

/* "Renewal decision due in 30 days", "... today", "..., overdue by 7
 * days": the label is the calendar's, so the mail and its entry match. */
static void
email_text_put_when(FILE *f, const struct email_reminder *r)
{
	int days = r->days_before < 0 ? -r->days_before : r->days_before;

	fputs(ical_text_label(r->kind), f);
	if (r->escalation || r->days_before < 0)
		fprintf(f, ", overdue by %d day%s", days, days == 1 ? "" : "s");
	else if (days == 0)
		fputs(" today", f);
	else
		fprintf(f, " in %d day%s", days, days == 1 ? "" : "s");
}

char *
email_whom(const struct email_reminder *r)
{
	char *buf = NULL;
	size_t len = 0;
	bool ok;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	ok = email_text_put_whom(f, r);
	return email_mime_done(f, &buf, &len, ok, NULL);
}

char *
email_subject(const struct email_reminder *r)
{
	char *buf = NULL;
	size_t len = 0;
	bool ok;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	fputs("[tenured] ", f);
	email_text_put_when(f, r);
	fputs(": ", f);
	ok = email_text_put_whom(f, r);
	return email_mime_done(f, &buf, &len, ok, NULL);
}

static void
email_text_feed_event(const struct email_reminder *r, struct feed_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->m.kind = r->kind;
	ev->m.date = r->date;
	ev->m.term_end = r->term_end;
	ev->m.at = r->at;
	ev->m.status = MS_SCHEDULED;
	ev->contract_id = r->contract_id;
	ev->vacancy = r->vacancy;
	ev->person_name = r->person_name;
	ev->person_email = r->person_email;
	ev->title = r->title;
	ev->sequence = r->sequence;
	ev->updated_at = r->updated_at;
}

static void
email_text_feed_options(const struct email_reminder *r, int64_t now,
    struct feed_options *o)
{
	const char *at;

	memset(o, 0, sizeof *o);
	o->calname = "tenured";
	o->domain = r->domain;
	/* The UID needs a domain: the one of the message id is ours too. */
	if (!email_text_has(o->domain) && r->message_id != NULL &&
	    (at = strrchr(r->message_id, '@')) != NULL)
		o->domain = at + 1;
	if (!email_text_has(o->domain))
		o->domain = "tenured.invalid";
	o->timezone = email_text_has(r->timezone) ? r->timezone : "UTC";
	o->now = now;
}

/* "2028-02-29" or "2025-06-22 23:59 (Europe/Brussels)". */
static void
email_text_put_due(FILE *f, const struct email_reminder *r)
{
	char when[LOCALTIME_RFC3339_LEN], d[DATE_STRLEN];
	const char *tz = r->kind == MS_APPLICATION_DEADLINE ?
	    ICAL_DEADLINE_TZID : email_text_has(r->timezone) ? r->timezone :
	    "UTC";

	if (r->at != 0) {
		localtime_format_rfc3339(tz, r->at, when);
		fprintf(f, "%.10s %.5s (%s time)", when, when + 11, tz);
	} else if (r->date != DATE_NONE) {
		date_format(r->date, d);
		fputs(d, f);
	} else {
		fputs("(no date)", f);
	}
}

char *
email_text_body(const struct email_reminder *r)
{
	struct feed_options o;
	struct feed_event ev;
	char *buf = NULL, *desc;
	size_t len = 0;
	int days = r->days_before < 0 ? -r->days_before : r->days_before;
	bool ok;
	FILE *f;

	email_text_feed_event(r, &ev);
	email_text_feed_options(r, 0, &o);
	if ((desc = ical_text_description(&o, &ev)) == NULL)
		return NULL;
	if ((f = open_memstream(&buf, &len)) == NULL) {
		free(desc);
		return NULL;
	}
	email_text_put_when(f, r);
	fputs(": ", f);
	ok = email_text_put_whom(f, r);
	fputs("\n\n", f);
	if (r->escalation || r->days_before < 0) {
		fputs("This is overdue: the date was ", f);
		email_text_put_due(f, r);
		fprintf(f, ", %d day%s ago, and it has not been recorded as "
		    "done in tenured. Please act on it now.\n\n", days,
		    days == 1 ? "" : "s");
	} else {
		fputs("Due: ", f);
		email_text_put_due(f, r);
		fputs("\n\n", f);
	}
	fputs(desc, f);
	free(desc);
	fputs("\n\nThe milestone is attached as a calendar entry.\n\n"
	    "-- \nAn automatic reminder from tenured.\n", f);
	return email_mime_done(f, &buf, &len, ok, NULL);
}

char *
email_message(const struct email_server *s, const struct email_reminder *r,
    int64_t now, size_t *len)
{
	char boundary[EMAIL_MIME_BOUNDARY_LEN], d[DATE_STRLEN] = "nodate";
	char *buf = NULL, *subject, *body, *cal = NULL;
	struct feed_options o;
	struct feed_event ev;
	size_t blen = 0, cal_len = 0;
	bool ok;
	FILE *f;

	email_text_feed_event(r, &ev);
	email_text_feed_options(r, now, &o);
	o.organizer = s->from;
	/* age_limit is never in a calendar (SPEC section 6): no entry. */
	if (ical_shows(&o, &ev) &&
	    (cal = ical_render(&o, &ev, 1, &cal_len)) == NULL)
		return NULL;
	subject = email_subject(r);
	body = email_text_body(r);
	if (subject == NULL || body == NULL ||
	    (f = open_memstream(&buf, &blen)) == NULL) {
		free(subject);
		free(body);
		free(cal);
		return NULL;
	}
	ok = email_mime_headers(f, s, r->to, r->message_id, subject,
	    r->timezone, now) == 0;
	email_mime_boundary(r->message_id != NULL ? r->message_id : "",
	    boundary);
	fprintf(f, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
	    "This is a message in MIME format.\r\n\r\n", boundary);
	fprintf(f, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
	email_mime_qp(f, body);
	if (cal != NULL) {
		if (r->date != DATE_NONE)
			date_format(r->date, d);
		fprintf(f, "\r\n--%s\r\nContent-Type: text/calendar; "
		    "charset=utf-8; method=PUBLISH\r\n"
		    "Content-Transfer-Encoding: base64\r\n"
		    "Content-Disposition: attachment;\r\n"
		    " filename=\"%s-%s.ics\"\r\n\r\n", boundary,
		    milestone_kind_name(r->kind), d);
		email_mime_b64(f, (const unsigned char *)cal, cal_len);
	}
	fprintf(f, "\r\n--%s--\r\n", boundary);
	free(subject);
	free(body);
	free(cal);
	return email_mime_done(f, &buf, &blen, ok, len);
}
