/*
 * The words of a reminder email (SPEC sections 5 and 12): subject and
 * text in the reader's language, with the milestone attached as a
 * calendar entry in the same language; the encoding is email-mime.c's.
 * The same reminder and clock give the same bytes, so a duplicate after a
 * crash is the same message.
 */
#include "email.h"
#include "email-mime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "ical.h"
#include "ical-text.h"
#include "reminder-text.h"

static bool
email_text_has(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static struct reminder_text
email_text_words(const struct email_reminder *r)
{
	struct reminder_text t = {
		.lang = r->lang, .kind = r->kind, .date = r->date, .at = r->at,
		.timezone = r->timezone, .contract_id = r->contract_id,
		.vacancy = r->vacancy, .person_name = r->person_name,
		.title = r->title, .days_before = r->days_before,
		.escalation = r->escalation,
	};

	return t;
}

char *
email_whom(const struct email_reminder *r)
{
	struct reminder_text t = email_text_words(r);

	return reminder_text_whom(&t);
}

/* "[tenured] " is the product's tag, which mail filters match on: the
 * same in every language. */
char *
email_subject(const struct email_reminder *r)
{
	struct reminder_text t = email_text_words(r);
	char *line, *out;

	if ((line = reminder_text_headline(&t)) == NULL)
		return NULL;
	if (asprintf(&out, "[tenured] %s", line) < 0)
		out = NULL;
	free(line);
	return out;
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
	o->lang = r->lang;
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

char *
email_text_body(const struct email_reminder *r)
{
	struct reminder_text t = email_text_words(r);
	struct feed_options o;
	struct feed_event ev;
	char *buf = NULL, *desc, *line, due[REMINDER_DUE_LEN];
	enum lang l = r->lang;
	size_t len = 0;
	unsigned long days = (unsigned long)(r->days_before < 0 ?
	    -r->days_before : r->days_before);
	FILE *f;

	email_text_feed_event(r, &ev);
	email_text_feed_options(r, 0, &o);
	reminder_text_due(&t, due);
	line = reminder_text_headline(&t);
	desc = ical_text_description(&o, &ev);
	if (line == NULL || desc == NULL ||
	    (f = open_memstream(&buf, &len)) == NULL) {
		free(line);
		free(desc);
		return NULL;
	}
	fprintf(f, "%s\n\n", line);
	if (r->escalation || r->days_before < 0)
		fprintf(f, trn(l, "This is overdue: the date was %s, %lu day "
		    "ago, and it has not been recorded as done in tenured. "
		    "Please act on it now.", "This is overdue: the date was %s, "
		    "%lu days ago, and it has not been recorded as done in "
		    "tenured. Please act on it now.", days), due, days);
	else
		fprintf(f, tr(l, "Due: %s"), due);
	fprintf(f, "\n\n%s\n\n", desc);
	/* age_limit has no calendar entry (SPEC section 6). */
	if (ical_shows(&o, &ev))
		fprintf(f, "%s\n\n",
		    tr(l, "The milestone is attached as a calendar entry."));
	fprintf(f, "-- \n%s\n", tr(l, "An automatic reminder from tenured."));
	free(line);
	free(desc);
	return email_mime_done(f, &buf, &len, true, NULL);
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
