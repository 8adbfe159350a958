/*
 * The bytes of a reminder email (SPEC section 5): RFC 5322 headers with
 * RFC 2047 words where a name is not ASCII, and a MIME multipart/mixed of
 * the UTF-8 text (quoted-printable) and the milestone as text/calendar
 * (base64). Kept apart from the SMTP plumbing of email.c. The same
 * reminder and clock give the same bytes, so a duplicate after a crash is
 * the same message.
 */
#include "email.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "date.h"
#include "ical.h"
#include "ical-text.h"
#include "localtime.h"

/* "=_" cannot occur in quoted-printable ('=' is always followed by hex
 * digits or a line end) nor in base64, and the part headers are ours: no
 * part can contain the boundary. */
#define BOUNDARY_PREFIX "=_tenured_"
/* Raw bytes per encoded-word: 52 base64 characters, so that
 * "Subject: =?UTF-8?B?...?=" stays within 78 characters. */
#define WORD_BYTES 39
/* Bytes per base64 line: 76 characters, as MIME asks. */
#define B64_LINE 57
#define QP_LINE 76
/* Past this a header line is folded at a space. */
#define HEADER_LINE 78

static bool
email_text_has(const char *s)
{
	return s != NULL && s[0] != '\0';
}

bool
email_address_ok(const char *addr)
{
	const unsigned char *p;
	const char *at;
	size_t len;

	if (addr == NULL || (len = strlen(addr)) < 3 || len > 254)
		return false;
	if ((at = strchr(addr, '@')) == NULL || at == addr ||
	    at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return false;
	for (p = (const unsigned char *)addr; *p != '\0'; p++) {
		if (*p <= ' ' || *p >= 0x7f || strchr("<>()[],;:\\\"", *p))
			return false;
	}
	return true;
}

int
email_from_split(const char *from, char **name, char **addr)
{
	const char *lt, *gt, *end;
	size_t n;

	*name = *addr = NULL;
	if (from == NULL)
		return -1;
	while (*from == ' ' || *from == '\t')
		from++;
	end = from + strlen(from);
	while (end > from && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end > from && end[-1] == '>' && (lt = strrchr(from, '<')) != NULL &&
	    lt < end) {
		gt = end - 1;
		if ((*addr = strndup(lt + 1, (size_t)(gt - lt - 1))) == NULL)
			return -1;
		end = lt;
		while (end > from && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		/* A quoted display name loses its quotes; the header gets
		 * whatever quoting it needs again. */
		if (end - from >= 2 && *from == '"' && end[-1] == '"') {
			from++;
			end--;
		}
		n = (size_t)(end - from);
		if (n > 0 && (*name = strndup(from, n)) == NULL) {
			free(*addr);
			*addr = NULL;
			return -1;
		}
	} else if ((*addr = strndup(from, (size_t)(end - from))) == NULL) {
		return -1;
	}
	if (!email_address_ok(*addr)) {
		free(*name);
		free(*addr);
		*name = *addr = NULL;
		return -1;
	}
	return 0;
}

char *
email_from_address(const char *from)
{
	char *name, *addr;

	if (email_from_split(from, &name, &addr) != 0)
		return NULL;
	free(name);
	return addr;
}

static void
email_text_b64(FILE *f, const unsigned char *in, size_t len)
{
	unsigned char out[4 * ((B64_LINE + 2) / 3) + 1];
	size_t n;

	while (len > 0) {
		n = len < B64_LINE ? len : B64_LINE;
		EVP_EncodeBlock(out, in, (int)n);
		fprintf(f, "%s\r\n", out);
		in += n;
		len -= n;
	}
}

/* Length of the UTF-8 sequence led by c (text is clean already). */
static size_t
email_text_seq(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* RFC 2047 B words of UTF-8 text, never splitting a character, folded
 * between words; Python, mutt and Outlook join adjacent words back
 * without a space. */
static void
email_text_words(FILE *f, const char *text)
{
	unsigned char out[4 * ((WORD_BYTES + 4 + 2) / 3) + 1];
	const unsigned char *p = (const unsigned char *)text;
	size_t n, k, len = strlen(text);
	bool first = true;

	while (len > 0) {
		n = 0;
		while (n < len) {
			k = email_text_seq(p[n]);
			if (n + k > WORD_BYTES || n + k > len)
				break;
			n += k;
		}
		if (n == 0)
			n = len < WORD_BYTES ? len : WORD_BYTES;
		EVP_EncodeBlock(out, p, (int)n);
		fprintf(f, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", out);
		first = false;
		p += n;
		len -= n;
	}
}

static bool
email_text_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f)
			return false;
	}
	return true;
}

/* An unstructured header value (Subject): as is when ASCII, folded at
 * spaces past HEADER_LINE; encoded words when not, or when it holds "=?"
 * that a reader would otherwise try to decode. used: what the line holds
 * already ("Subject: "). */
static void
email_text_unstructured(FILE *f, const char *text, size_t used)
{
	const char *sp, *p = text;
	size_t col = used;

	if (!email_text_ascii(text) || strstr(text, "=?") != NULL) {
		email_text_words(f, text);
		return;
	}
	while (*p != '\0') {
		sp = strchr(p + 1, ' ');
		if (sp == NULL)
			sp = p + strlen(p);
		if (col + (size_t)(sp - p) > HEADER_LINE && p != text &&
		    *p == ' ') {
			fputs("\r\n", f);
			col = 0;
		}
		fwrite(p, 1, (size_t)(sp - p), f);
		col += (size_t)(sp - p);
		p = sp;
	}
}

/* A display name as an RFC 5322 phrase: atoms as they are, other ASCII
 * as a quoted string, anything else as encoded words. */
static void
email_text_phrase(FILE *f, const char *name)
{
	const char *p;
	bool atoms = true;

	if (!email_text_ascii(name)) {
		email_text_words(f, name);
		return;
	}
	for (p = name; *p != '\0'; p++) {
		if (strchr("()<>[]:;@\\,.\"", *p) != NULL)
			atoms = false;
	}
	if (atoms && strstr(name, "=?") == NULL) {
		fputs(name, f);
		return;
	}
	fputc('"', f);
	for (p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

/* RFC 5322 date-time in English whatever the locale, at the zone's
 * offset so a reader sees the local hour. */
static void
email_text_date(FILE *f, int64_t now, const char *tz)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int off = 0, aoff;
	time_t t;
	struct tm tm;

	if (email_text_has(tz) && localtime_zone_known(tz))
		off = localtime_offset(tz, now);
	t = (time_t)(now + off);
	gmtime_r(&t, &tm);
	aoff = off < 0 ? -off : off;
	fprintf(f, "%s, %d %s %04d %02d:%02d:%02d %c%02d%02d",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', aoff / 3600, aoff / 60 % 60);
}

/* Quoted-printable of UTF-8 text with \n line ends, CRLF out. A dot
 * leading a line is encoded too, so no SMTP dot-stuffing can change it. */
static void
email_text_qp(FILE *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	char tok[4];
	size_t col = 0, n;
	bool eol;

	for (; *p != '\0'; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n') {
			fputs("\r\n", f);
			col = 0;
			continue;
		}
		eol = p[1] == '\0' || p[1] == '\n' || p[1] == '\r';
		if ((*p >= 33 && *p <= 126 && *p != '=' &&
		    !(*p == '.' && col == 0)) ||
		    ((*p == ' ' || *p == '\t') && !eol)) {
			tok[0] = (char)*p;
			n = 1;
		} else {
			snprintf(tok, sizeof tok, "=%02X", *p);
			n = 3;
		}
		/* Room for the soft break's '=' unless this ends the line. */
		if (col + n > (eol ? QP_LINE : QP_LINE - 1)) {
			fputs("=\r\n", f);
			col = 0;
		}
		fwrite(tok, 1, n, f);
		col += n;
	}
	if (col > 0)
		fputs("\r\n", f);
}

/* FNV-1a of the message id: the same message gets the same boundary. */
static void
email_text_boundary(const char *id, char out[32])
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *id != '\0'; id++) {
		h ^= (unsigned char)*id;
		h *= UINT64_C(1099511628211);
	}
	snprintf(out, 32, BOUNDARY_PREFIX "%016llx", (unsigned long long)h);
}

/* What sits between "<" and ">" of Message-ID: id-left@id-right. */
static bool
email_text_id_ok(const char *id)
{
	return email_address_ok(id);
}

/* From, To, Subject, Date, Message-ID, Auto-Submitted, MIME-Version. */
static int
email_text_headers(FILE *f, const struct email_server *s, const char *to,
    const char *message_id, const char *subject, const char *tz,
    int64_t now)
{
	char *name, *addr;

	if (!email_address_ok(to) || !email_text_id_ok(message_id) ||
	    email_from_split(s->from, &name, &addr) != 0)
		return -1;
	fputs("From: ", f);
	if (name != NULL) {
		/* Encoded words fill a line: the address gets its own. */
		email_text_phrase(f, name);
		fprintf(f, "%s<%s>\r\n", email_text_ascii(name) ? " " :
		    "\r\n ", addr);
	} else {
		fprintf(f, "%s\r\n", addr);
	}
	free(name);
	free(addr);
	fprintf(f, "To: %s\r\n", to);
	fputs("Subject: ", f);
	email_text_unstructured(f, subject, strlen("Subject: "));
	fputs("\r\nDate: ", f);
	email_text_date(f, now, tz);
	fprintf(f, "\r\nMessage-ID: <%s>\r\n", message_id);
	fputs("Auto-Submitted: auto-generated\r\n", f);
	fputs("MIME-Version: 1.0\r\n", f);
	return 0;
}

static char *
email_text_done(FILE *f, char **buf, size_t *blen, bool ok, size_t *len)
{
	if (fclose(f) != 0 || !ok) {
		free(*buf);
		return NULL;
	}
	if (len != NULL)
		*len = *blen;
	return *buf;
}

char *
email_message_plain(const struct email_server *s, const char *to,
    const char *message_id, const char *subject, const char *text,
    const char *timezone, int64_t now, size_t *len)
{
	char *buf = NULL, *clean;
	size_t blen = 0;
	bool ok;
	FILE *f;

	if ((clean = ical_text_clean(subject != NULL ? subject : "")) == NULL)
		return NULL;
	if ((f = open_memstream(&buf, &blen)) == NULL) {
		free(clean);
		return NULL;
	}
	ok = email_text_headers(f, s, to, message_id, clean, timezone,
	    now) == 0;
	free(clean);
	fputs("Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", f);
	email_text_qp(f, text != NULL ? text : "");
	return email_text_done(f, &buf, &blen, ok, len);
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
	return email_text_done(f, &buf, &len, ok, NULL);
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
	return email_text_done(f, &buf, &len, ok, NULL);
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
	return email_text_done(f, &buf, &len, ok, NULL);
}

char *
email_message(const struct email_server *s, const struct email_reminder *r,
    int64_t now, size_t *len)
{
	char boundary[32], d[DATE_STRLEN] = "nodate";
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
	ok = email_text_headers(f, s, r->to, r->message_id, subject,
	    r->timezone, now) == 0;
	email_text_boundary(r->message_id != NULL ? r->message_id : "",
	    boundary);
	fprintf(f, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
	    "This is a message in MIME format.\r\n\r\n", boundary);
	fprintf(f, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
	email_text_qp(f, body);
	if (cal != NULL) {
		if (r->date != DATE_NONE)
			date_format(r->date, d);
		fprintf(f, "\r\n--%s\r\nContent-Type: text/calendar; "
		    "charset=utf-8; method=PUBLISH\r\n"
		    "Content-Transfer-Encoding: base64\r\n"
		    "Content-Disposition: attachment;\r\n"
		    " filename=\"%s-%s.ics\"\r\n\r\n", boundary,
		    milestone_kind_name(r->kind), d);
		email_text_b64(f, (const unsigned char *)cal, cal_len);
	}
	fprintf(f, "\r\n--%s--\r\n", boundary);
	free(subject);
	free(body);
	free(cal);
	return email_text_done(f, &buf, &blen, ok, len);
}
