/* Email reminders: the [smtp] keys, subjects, the text body, the message's
 * headers and MIME layout as bytes, and a refused connection through
 * the mailer. The exchange with a live SMTP server (and Python's reading of
 * the message) is the 'email-peer' test (tests/integration/
 * test_email_peer.py). */
#include <arpa/inet.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "curlev.h"
#include "date.h"
#include "email.h"
#include "tap.h"

#define TZ "Europe/Brussels"
/* 2028-01-28T09:00:00+01:00 */
#define NOW INT64_C(1832659200)
/* 2026-05-10T23:59:00+02:00 */
#define DEADLINE_AT INT64_C(1778450340)

static int32_t
D(const char *text)
{
	int32_t d;

	if (date_parse(text, &d) != 0) {
		printf("Bail out! test date \"%s\" does not parse\n", text);
		exit(2);
	}
	return d;
}

static struct email_reminder
contract_reminder(void)
{
	struct email_reminder r = {
		.message_id = "reminder-42@hr.example.org",
		.to = "hr@example.org",
		.kind = MS_RENEWAL_DECISION_DUE,
		.date = D("2028-02-29"),
		.term_end = D("2028-08-31"),
		.contract_id = 7,
		.vacancy = "250914",
		.person_name = "Jane Doe",
		.person_email = "jane.doe@example.org",
		.title = "Team Leader",
		.days_before = 30,
		.timezone = TZ,
		.domain = "hr.example.org",
		.sequence = 2,
		.updated_at = NOW - 86400,
	};
	return r;
}

static void
server(struct email_server *s)
{
	struct failure f = { 0 };

	email_server_init(s);
	if (email_server_set(s, "url", "smtp://127.0.0.1:25", &f) != 0 ||
	    email_server_set(s, "from",
	    "HR deadlines <hr-deadlines@example.org>", &f) != 0) {
		printf("Bail out! %s\n", f.message);
		exit(2);
	}
}

static void
check_subject(const struct email_reminder *r, const char *want,
    const char *what)
{
	char *s = email_subject(r);

	CHECK_STR(s, want, what);
	free(s);
}

static void
test_subjects(void)
{
	struct email_reminder r = contract_reminder();

	check_subject(&r, "[tenured] Renewal decision due in 30 days: "
	    "Jane Doe (250914)", "subject as in SPEC");
	r.days_before = 1;
	check_subject(&r, "[tenured] Renewal decision due in 1 day: "
	    "Jane Doe (250914)", "one day");
	r.days_before = 0;
	check_subject(&r, "[tenured] Renewal decision due today: "
	    "Jane Doe (250914)", "today");
	r.days_before = -7;
	r.escalation = true;
	check_subject(&r, "[tenured] Renewal decision due, overdue by 7 days: "
	    "Jane Doe (250914)", "escalation");
	r = contract_reminder();
	r.vacancy = NULL;
	r.kind = MS_CONTRACT_END;
	check_subject(&r, "[tenured] Contract ends in 30 days: "
	    "Jane Doe (contract 7)", "no vacancy: contract ID");
	r.person_name = NULL;
	check_subject(&r, "[tenured] Contract ends in 30 days: contract 7",
	    "no name");
	r = contract_reminder();
	r.kind = MS_APPLICATION_DEADLINE;
	r.contract_id = 0;
	r.person_name = r.person_email = NULL;
	r.at = DEADLINE_AT;
	r.days_before = 7;
	check_subject(&r, "[tenured] Application deadline in 7 days: "
	    "Team Leader (vacancy 250914)", "vacancy milestone");
	r = contract_reminder();
	r.person_name = "Zo\xc3\xab M\xc3\xbcller";
	r.kind = MS_CONVERSION_REQUEST_DEADLINE;
	r.days_before = 90;
	check_subject(&r, "[tenured] Conversion request deadline in 90 days: "
	    "Zo\xc3\xab M\xc3\xbcller (250914)", "UTF-8 name kept as text");
	r.person_name = "Bad\xff\nName";
	check_subject(&r, "[tenured] Conversion request deadline in 90 days: "
	    "Bad\xef\xbf\xbd Name (250914)", "bad bytes cleaned to one line");
}

static void
test_config(void)
{
	char path[512], *tmp = getenv("TENURED_TEST_TMPDIR");
	struct email_server s;
	struct failure f = { 0 };
	FILE *fp;

	email_server_init(&s);
	CHECK_INT(email_server_check(&s, &f), 0, "no [smtp] section passes");
	CHECK(!email_server_configured(&s), "... and is not configured");
	CHECK_INT(email_server_set(&s, "url", "http://x", &f), -1,
	    "http url refused");
	CHECK_STR(f.field, "url", "... field url");
	CHECK_INT(email_server_set(&s, "url", "smtp://", &f), -1,
	    "url without host refused");
	CHECK_INT(email_server_set(&s, "url", "smtps://mail.example.org:465",
	    &f), 0, "smtps url");
	CHECK_INT(email_server_check(&s, &f), -1, "url without from fails");
	CHECK_STR(f.field, "from", "... field from");
	CHECK_INT(email_server_set(&s, "from", "HR <not an address>", &f), -1,
	    "from without address refused");
	CHECK_INT(email_server_set(&s, "from", "hr@example.org", &f), 0,
	    "bare from");
	CHECK_INT(email_server_set(&s, "from",
	    "\"Ressources humaines, Bruxelles\" <rh@example.org>", &f), 0,
	    "quoted display name");
	CHECK_INT(email_server_set(&s, "starttls", "sometimes", &f), -1,
	    "bad starttls");
	CHECK_INT(email_server_set(&s, "starttls", "required", &f), 0,
	    "starttls required");
	CHECK_INT(s.starttls, EMAIL_STARTTLS_REQUIRED, "... kept");
	CHECK_INT(email_server_set(&s, "port", "25", &f), -1, "unknown key");
	CHECK_INT(f.kind, FAILURE_NOT_FOUND, "... not found");
	CHECK_INT(email_server_check(&s, &f), 0, "url and from suffice");
	CHECK(email_server_configured(&s), "... configured");
	CHECK_INT(email_server_set(&s, "username", "mailer", &f), 0,
	    "username");
	CHECK_INT(email_server_check(&s, &f), -1, "username needs a password");
	CHECK_STR(f.field, "password_file", "... field password_file");
	CHECK_INT(email_server_set(&s, "password_file", "/nonexistent/pw", &f),
	    -1, "missing password file");
	snprintf(path, sizeof path, "%s/email-password",
	    tmp != NULL ? tmp : "/tmp");
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("s3cret pass \r\nsecond line\n", fp);
		fclose(fp);
	}
	chmod(path, 0644);
	CHECK_INT(email_server_set(&s, "password_file", path, &f), -1,
	    "a password file others may read is refused");
	CHECK(strstr(f.message, "readable by others") != NULL &&
	    strstr(f.message, "chmod o-rw") != NULL, "... saying how to mend it");
	chmod(path, 0640);
	CHECK_INT(email_server_set(&s, "password_file", path, &f), 0,
	    "password file");
	CHECK_STR(s.password, "s3cret pass ", "first line, line end dropped");
	CHECK_INT(email_server_set(&s, "url", "smtp://mail.example.org:587",
	    &f) | email_server_set(&s, "starttls", "try", &f), 0,
	    "plain smtp:// with starttls = try");
	CHECK_INT(email_server_check(&s, &f), -1,
	    "username and password over plain smtp:// with starttls = try");
	CHECK(strcmp(f.field, "starttls") == 0 &&
	    strstr(f.message, "in clear") != NULL, "... would send it in clear");
	CHECK_INT(email_server_set(&s, "starttls", "required", &f), 0,
	    "starttls = required");
	CHECK_INT(email_server_check(&s, &f), 0, "username and password");
	CHECK_INT(email_server_set(&s, "username", "", &f), 0, "no username");
	CHECK(s.username == NULL, "... is NULL");
	CHECK_INT(email_server_check(&s, &f), -1, "password without username");
	if ((fp = fopen(path, "w")) != NULL)
		fclose(fp);
	CHECK_INT(email_server_set(&s, "password_file", path, &f), -1,
	    "empty password file");
	CHECK(strstr(f.message, "s3cret") == NULL, "no secret in the message");
	unlink(path);
	email_server_clear(&s);
	email_server_clear(NULL);

	CHECK(email_address_ok("a@b.c"), "address ok");
	CHECK(!email_address_ok("a b@c"), "space refused");
	CHECK(!email_address_ok("a@b\r\nRCPT TO:<x@y>"), "CRLF refused");
	CHECK(!email_address_ok("<a@b>"), "brackets refused");
	CHECK(!email_address_ok("a@b@c"), "two @ refused");
	CHECK(!email_address_ok("@b"), "empty local part refused");
}

/* Every line ends in CRLF, none is longer than max, no bare CR or LF. */
static bool
lines_ok(const char *m, size_t len, size_t max)
{
	size_t i, col = 0;

	for (i = 0; i < len; i++) {
		if (m[i] == '\r') {
			if (i + 1 >= len || m[i + 1] != '\n')
				return false;
			i++;
			col = 0;
		} else if (m[i] == '\n') {
			return false;
		} else if (++col > max) {
			return false;
		}
	}
	return col == 0;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

static void
test_message(void)
{
	struct email_reminder r = contract_reminder();
	struct email_server s;
	char *m, *m2, *body, *sep;
	size_t len = 0, len2 = 0;

	server(&s);
	m = email_message(&s, &r, NOW, &len);
	CHECK(m != NULL && len == strlen(m), "message built");
	if (m == NULL) {
		email_server_clear(&s);
		return;
	}
	CHECK(strncmp(m, "From: HR deadlines <hr-deadlines@example.org>\r\n"
	    "To: hr@example.org\r\n"
	    "Subject: [tenured] Renewal decision due in 30 days: Jane Doe "
	    "(250914)\r\n"
	    "Date: Fri, 28 Jan 2028 09:00:00 +0100\r\n"
	    "Message-ID: <reminder-42@hr.example.org>\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"=_tenured_", 300) == 0,
	    "headers in order, exactly");
	CHECK(lines_ok(m, len, 78), "CRLF lines of at most 78");
	CHECK_INT(count(m, "\r\n--=_tenured_"), 3, "two parts and the end");
	CHECK(strstr(m, "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n") != NULL,
	    "text part");
	CHECK(strstr(m, "Content-Type: text/calendar; charset=utf-8; "
	    "method=PUBLISH\r\nContent-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment;\r\n filename=\""
	    "renewal_decision_due-2028-02-29.ics\"\r\n") != NULL,
	    "calendar part");
	CHECK(strstr(m, "\r\n.") == NULL, "no line starts with a dot");
	m2 = email_message(&s, &r, NOW, &len2);
	CHECK(m2 != NULL && len2 == len && memcmp(m, m2, len) == 0,
	    "same reminder, same bytes");
	free(m2);
	free(m);

	r.person_name = "Zo\xc3\xab \xc5\x81ukasiewicz-M\xc3\xbcller";
	r.title = "Chef d'\xc3\xa9quipe";
	free(s.from);
	s.from = strdup("Ressources humaines \xe2\x80\x93 Bruxelles "
	    "<rh@example.org>");
	m = email_message(&s, &r, NOW, &len);
	CHECK(m != NULL, "non-ASCII message built");
	if (m != NULL) {
		CHECK(lines_ok(m, len, 78), "... CRLF lines of at most 78");
		CHECK(strncmp(m, "From: =?UTF-8?B?", 16) == 0,
		    "... From name as encoded words");
		CHECK(strstr(m, "Subject: =?UTF-8?B?W3RlbnVyZWRdIFJlbmV3YWwg"
		    "ZGVjaXNpb24gZHVlIGluIDMwIGRh?=\r\n =?UTF-8?B?eXM6IFpv"
		    "w6sgxYF1a2FzaWV3aWN6LU3DvGxsZXIgKDI1MDkxNCk=?=\r\n") !=
		    NULL, "... Subject as B words, folded");
		for (sep = m; *sep != '\0'; sep++) {
			if ((unsigned char)*sep >= 0x80)
				break;
		}
		CHECK(*sep == '\0', "... message is 7-bit");
		free(m);
	}
	r = contract_reminder();
	r.to = "hr@example.org\r\nBcc: x@y";
	CHECK(email_message(&s, &r, NOW, &len) == NULL, "header injection "
	    "through to refused");
	r = contract_reminder();
	r.message_id = "<x@y>";
	CHECK(email_message(&s, &r, NOW, &len) == NULL,
	    "bracketed message id refused");

	r = contract_reminder();
	r.kind = MS_AGE_LIMIT;
	m = email_message(&s, &r, NOW, &len);
	CHECK(m != NULL && strstr(m, "text/calendar") == NULL &&
	    count(m, "\r\n--=_tenured_") == 2,
	    "age_limit: no calendar entry (never in a calendar)");
	free(m);

	r = contract_reminder();
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "Renewal decision due in 30 days: "
	    "Jane Doe (250914)\n\nDue: 29 February 2028\n\nDecide whether "
	    "to renew the contract of Jane Doe, whose term ends on 31 August "
	    "2028; record the decision in tenured by 29 February 2028.") ==
	    body, "body: what, for whom, by when, what to do");
	CHECK(body != NULL && strstr(body, "\n\nThe milestone is attached as "
	    "a calendar entry.\n\n-- \nAn automatic reminder from tenured.\n")
	    != NULL, "body: the attachment said, then the signature");
	CHECK(body != NULL && strstr(body, "Email: jane.doe@example.org") !=
	    NULL, "body: the facts");
	free(body);
	r.escalation = true;
	r.days_before = -7;
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "overdue by 7 days") != NULL &&
	    strstr(body, "This is overdue: the date was 29 February 2028, 7 "
	    "days ago") != NULL, "body: escalation");
	free(body);
	r = contract_reminder();
	r.kind = MS_APPLICATION_DEADLINE;
	r.contract_id = 0;
	r.person_name = r.person_email = NULL;
	r.at = DEADLINE_AT;
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "Due: 10 May 2026 at 23:59 "
	    "(Europe/Brussels time)") != NULL, "body: timed deadline");
	free(body);
	r = contract_reminder();
	r.kind = MS_AGE_LIMIT;
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "attached") == NULL,
	    "body: no word of an attachment where there is none (age_limit)");
	free(body);

	m = email_message_plain(&s, "hr@example.org", "digest-1@example.org",
	    "[tenured] Due in the next 30 days", "Line one\n.dot\n"
	    "caf\xc3\xa9 = 1 \n", "UTC", NOW, &len);
	CHECK(m != NULL && strstr(m, "Date: Fri, 28 Jan 2028 08:00:00 +0000"
	    "\r\n") != NULL, "plain: Date in UTC");
	CHECK(m != NULL && strstr(m, "\r\n\r\nLine one\r\n=2Edot\r\n"
	    "caf=C3=A9 =3D 1=20\r\n") != NULL, "plain: quoted-printable");
	CHECK(m != NULL && lines_ok(m, len, 78), "plain: CRLF lines");
	free(m);
	email_server_clear(&s);
}

struct run {
	int calls;
	struct curlev_result r;
};

static void
on_done(void *arg, const struct curlev_result *r)
{
	struct run *run = arg;

	run->calls++;
	run->r = *r;
}

/* A loopback port with nothing listening. */
static int
closed_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof sa;
	int fd, port;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return 1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) != 0) {
		close(fd);
		return 1;
	}
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static void
test_send(void)
{
	struct email_reminder r = contract_reminder();
	struct failure f = { 0 };
	struct run run = { 0 };
	struct email_server s;
	struct event_base *base = event_base_new();
	struct mailer *c = mailer_new(base);
	char url[64];

	server(&s);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", closed_port());
	free(s.url);
	s.url = strdup(url);
	r.to = "two@example.org, three@example.org";
	CHECK_INT(email_send(c, &s, &r, NOW, on_done, &run, &f), -1,
	    "two recipients refused");
	CHECK_STR(f.field, "to", "... field to");
	r = contract_reminder();
	CHECK_INT(email_send(c, &s, &r, NOW, on_done, &run, &f), 0,
	    "send started");
	CHECK_INT(run.calls, 0, "done not called from inside email_send");
	/* The mailer's pipe event persists: loop until the answer. */
	while (run.calls == 0)
		event_base_loop(base, EVLOOP_ONCE);
	CHECK_INT(run.calls, 1, "done called once");
	CHECK_INT(run.r.curl_code, 7, "connection refused");
	CHECK_INT(run.r.status, 0, "no SMTP reply");
	CHECK_INT((long long)mailer_pending(c), 0, "nothing left queued");
	mailer_free(c);
	event_base_free(base);
	email_server_clear(&s);
}

static void
check_url(const char *url, const char *helo, const char *want,
    const char *what)
{
	struct email_server s = { .url = (char *)url, .helo = (char *)helo };
	char *got = email_server_url(&s, "hr-deadlines@example.org");

	CHECK_STR(got, want, what);
	free(got);
}

/* SPEC section 13: EHLO names [daemon] domain, which libcurl takes from
 * the URL's path; without one it would send the machine's host name. */
static void
test_helo(void)
{
	struct email_server s;
	struct failure f = { 0 };

	check_url("smtp://127.0.0.1:25", "tenured.example.org",
	    "smtp://127.0.0.1:25/tenured.example.org",
	    "EHLO [daemon] domain: the URL's path");
	check_url("smtps://mail.example.org/", "tenured.example.org",
	    "smtps://mail.example.org/tenured.example.org",
	    "a trailing slash gives way to it");
	check_url("smtp://user@[::1]:2525", "tenured.example.org",
	    "smtp://user@[::1]:2525/tenured.example.org",
	    "user and IPv6 host with port kept");
	check_url("smtp://127.0.0.1:25", NULL,
	    "smtp://127.0.0.1:25/example.org",
	    "no domain: the from address's domain, never the host name");
	check_url("smtp://127.0.0.1:25", "bad/name?x",
	    "smtp://127.0.0.1:25/example.org",
	    "a domain that is no EHLO name: the from address's domain");
	email_server_init(&s);
	CHECK_INT(email_server_set(&s, "url", "smtp://mail.example.org/other",
	    &f), -1, "[smtp] url with a path is refused");
	CHECK(strstr(f.message, "EHLO") != NULL && strcmp(f.field, "url") == 0,
	    "... saying the path would be the EHLO name");
	CHECK_INT(email_server_set(&s, "url", "smtp://mail.example.org?x=1",
	    &f), -1, "... and one with a query");
	CHECK_INT(email_server_set(&s, "url", "smtp://[::1]:25/", &f), 0,
	    "an IPv6 host and a bare slash are fine");
	email_server_clear(&s);
}

/* The calendar attachment of message m, decoded and unfolded into out
 * (RFC 5545 folding undone, so a check reads whole lines); false when
 * there is none. */
static bool
attachment_of(const char *m, char *out, size_t size)
{
	unsigned char cal[16384];
	char b64[16384];
	const char *p, *end;
	size_t n = 0, o = 0;
	int got = -1;

	p = m != NULL ? strstr(m, "Content-Type: text/calendar") : NULL;
	p = p != NULL ? strstr(p, "\r\n\r\n") : NULL;
	end = p != NULL ? strstr(p + 4, "\r\n--") : NULL;
	for (p = p != NULL ? p + 4 : NULL; p != NULL && p < end &&
	    n + 1 < sizeof b64; p++) {
		if (*p != '\r' && *p != '\n')
			b64[n++] = *p;
	}
	b64[n] = '\0';
	if (n > 0 && n / 4 * 3 < sizeof cal)
		got = EVP_DecodeBlock(cal, (unsigned char *)b64, (int)n);
	if (got <= 0)
		return false;
	for (int i = 0; i < got && o + 1 < size; i++) {
		if (i + 2 < got && cal[i] == '\r' && cal[i + 1] == '\n' &&
		    cal[i + 2] == ' ') {
			i += 2;
			continue;
		}
		out[o++] = (char)cal[i];
	}
	out[o] = '\0';
	return true;
}

/* The calendar attachment names the [smtp] from address as ORGANIZER. */
static void
test_attachment_organizer(void)
{
	struct email_reminder r = contract_reminder();
	struct email_server s;
	char cal[16384];
	char *m;
	size_t len = 0;

	server(&s);
	m = email_message(&s, &r, NOW, &len);
	CHECK(attachment_of(m, cal, sizeof cal) &&
	    strstr(cal, "\r\nORGANIZER;CN=HR deadlines:"
	    "mailto:hr-deadlines@example.org\r\n") != NULL,
	    "the attachment's ORGANIZER is the from address, CN its name");
	free(m);
	email_server_clear(&s);
}

static void
check_subject_fr(struct email_reminder *r, const char *want,
    const char *what)
{
	r->lang = LANG_FR;
	check_subject(r, want, what);
}

/* SPEC section 12: a reminder in its reader's language, English unchanged;
 * dates written out as a French reader writes them. */
static void
test_french_words(void)
{
	struct email_reminder r = contract_reminder();
	char *body;

	check_subject_fr(&r, "[tenured] D\xc3\xa9" "cision de renouvellement "
	    "dans 30 jours : Jane Doe (250914)", "French subject");
	r.days_before = 1;
	check_subject_fr(&r, "[tenured] D\xc3\xa9" "cision de renouvellement "
	    "dans 1 jour : Jane Doe (250914)", "French: one day, singular");
	r.days_before = 0;
	check_subject_fr(&r, "[tenured] D\xc3\xa9" "cision de renouvellement "
	    "aujourd'hui : Jane Doe (250914)", "French: today");
	r.days_before = -1;
	r.escalation = true;
	check_subject_fr(&r, "[tenured] D\xc3\xa9" "cision de renouvellement, "
	    "en retard de 1 jour : Jane Doe (250914)",
	    "French escalation by one day: singular");
	r = contract_reminder();
	r.vacancy = NULL;
	r.kind = MS_CONTRACT_END;
	check_subject_fr(&r, "[tenured] Fin du contrat dans 30 jours : "
	    "Jane Doe (contrat 7)", "French: no vacancy, the contract number");
	r.person_name = NULL;
	check_subject_fr(&r, "[tenured] Fin du contrat dans 30 jours : "
	    "contrat 7", "French: no name");
	r = contract_reminder();
	r.kind = MS_APPLICATION_DEADLINE;
	r.contract_id = 0;
	r.person_name = r.person_email = NULL;
	r.at = DEADLINE_AT;
	r.days_before = 7;
	check_subject_fr(&r, "[tenured] Date limite de candidature dans 7 "
	    "jours : Team Leader (avis de vacance 250914)",
	    "French: a vacancy's deadline");
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "\n\n\xc3\x89" "ch\xc3\xa9" "ance : "
	    "10 mai 2026 \xc3\xa0 23:59 (fuseau horaire Europe/Brussels)\n\n")
	    != NULL, "French body: a timed deadline, day and hour in words");
	free(body);

	r = contract_reminder();
	r.lang = LANG_FR;
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "D\xc3\xa9" "cision de "
	    "renouvellement dans 30 jours : Jane Doe (250914)\n\n"
	    "\xc3\x89" "ch\xc3\xa9" "ance : 29 f\xc3\xa9vrier 2028\n\n"
	    "Veuillez d\xc3\xa9" "cider du renouvellement du contrat de Jane "
	    "Doe, qui arrive \xc3\xa0 \xc3\xa9" "ch\xc3\xa9" "ance le 31 "
	    "ao\xc3\xbbt 2028, et enregistrer la d\xc3\xa9" "cision dans "
	    "tenured au plus tard le 29 f\xc3\xa9vrier 2028.") == body,
	    "French body: what, for whom, by when, what to do");
	CHECK(body != NULL && strstr(body, "\nAgent : Jane Doe\n"
	    "Adresse \xc3\xa9lectronique : jane.doe@example.org\n"
	    "Poste : Team Leader\nAvis de vacance : 250914\nContrat : 7\n")
	    != NULL, "French body: the facts, labelled in French");
	CHECK(body != NULL && strstr(body, "-- \nRappel automatique envoy\xc3\xa9"
	    " par tenured.\n") != NULL && strstr(body, "pi\xc3\xa8" "ce "
	    "jointe") != NULL, "French body: attachment said, signature");
	CHECK(body != NULL && strstr(body, "Due") == NULL &&
	    strstr(body, "Staff member") == NULL && strstr(body, "2028-02-29")
	    == NULL, "French body: no English word or ISO date left");
	free(body);
	r.escalation = true;
	r.days_before = -7;
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "Cette \xc3\xa9" "ch\xc3\xa9" "ance "
	    "est d\xc3\xa9pass\xc3\xa9" "e : elle \xc3\xa9tait fix\xc3\xa9" "e "
	    "au 29 f\xc3\xa9vrier 2028, il y a 7 jours,") != NULL &&
	    strstr(body, "Veuillez y donner suite sans d\xc3\xa9lai.") != NULL,
	    "French body: escalation");
	free(body);
	r.days_before = -1;
	r.date = D("2028-03-01");
	body = email_text_body(&r);
	CHECK(body != NULL && strstr(body, "fix\xc3\xa9" "e au 1er mars 2028, il "
	    "y a 1 jour,") != NULL, "French body: the first of the month, "
	    "one day ago");
	free(body);
}

/* The subject's encoded words of message m, decoded. */
static bool
subject_of(const char *m, char *out, size_t size)
{
	const char *p = m != NULL ? strstr(m, "\r\nSubject: ") : NULL;
	const char *end = p != NULL ? strstr(p + 2, "\r\nDate: ") : NULL;
	size_t o = 0;

	if (p == NULL || end == NULL)
		return false;
	for (p = strstr(p, "=?UTF-8?B?"); p != NULL && p < end;
	    p = strstr(p, "=?UTF-8?B?")) {
		const char *w = p + strlen("=?UTF-8?B?");
		const char *q = strstr(w, "?=");
		unsigned char dec[128];
		int n;

		if (q == NULL || q - w >= 160 || o + 128 >= size)
			return false;
		n = EVP_DecodeBlock(dec, (const unsigned char *)w, (int)(q - w));
		/* EVP_DecodeBlock counts the padding's zero bytes. */
		while (n > 0 && q[-1] == '=' && dec[n - 1] == '\0') {
			n--;
			q--;
		}
		memcpy(out + o, dec, (size_t)n);
		o += (size_t)n;
		p = strstr(w, "?=") + 2;
	}
	out[o] = '\0';
	return o > 0;
}

/* A French message differs from the English only in its words: headers,
 * ids, boundary and calendar UID stay, and it is the same bytes twice. */
static void
test_french_message(void)
{
	struct email_reminder r = contract_reminder();
	struct email_server s;
	char subject[512], cal[16384], cal_en[16384];
	char *en, *fr, *fr2, *want;
	const char *a, *b;
	size_t len_en = 0, len = 0, len2 = 0;

	server(&s);
	en = email_message(&s, &r, NOW, &len_en);
	r.lang = LANG_FR;
	fr = email_message(&s, &r, NOW, &len);
	fr2 = email_message(&s, &r, NOW, &len2);
	want = email_subject(&r);
	CHECK(fr != NULL && fr2 != NULL && len == len2 &&
	    memcmp(fr, fr2, len) == 0, "French: same reminder, same bytes");
	CHECK(fr != NULL && lines_ok(fr, len, 78), "French: CRLF lines of at "
	    "most 78");
	CHECK(subject_of(fr, subject, sizeof subject) && want != NULL &&
	    strcmp(subject, want) == 0, "French: the Subject's encoded words "
	    "read back as the French subject");
	a = en != NULL ? strstr(en, "\r\nDate: ") : NULL;
	b = fr != NULL ? strstr(fr, "\r\nDate: ") : NULL;
	CHECK(a != NULL && b != NULL && strncmp(en, fr, (size_t)(strstr(en,
	    "Subject: ") - en)) == 0 && strncmp(a, b, (size_t)(strstr(a,
	    "This is a message") - a)) == 0, "French: From, To, Date, "
	    "Message-ID, Auto-Submitted, MIME headers and boundary as in "
	    "English");
	CHECK(attachment_of(fr, cal, sizeof cal) &&
	    attachment_of(en, cal_en, sizeof cal_en) &&
	    strstr(cal, "\r\nSUMMARY:D\xc3\xa9" "cision de renouvellement : "
	    "Jane Doe (250914)\r\n") != NULL && strstr(cal, "\r\nDESCRIPTION:"
	    "Veuillez d\xc3\xa9" "cider du renouvellement") != NULL,
	    "French: the attachment's SUMMARY and DESCRIPTION in French");
	CHECK(strstr(cal, "\r\nUID:renewal_decision_due-c7-20280831@"
	    "hr.example.org\r\n") != NULL && strstr(cal_en, "\r\nUID:"
	    "renewal_decision_due-c7-20280831@hr.example.org\r\n") != NULL &&
	    strstr(cal, "\r\nDTSTART;VALUE=DATE:20280229\r\n") != NULL &&
	    strstr(cal, "\r\nSEQUENCE:2\r\n") != NULL,
	    "French: UID, date and SEQUENCE as in English");
	CHECK(strstr(cal, "\r\nX-WR-CALNAME:tenured : \xc3\xa9" "ch\xc3\xa9"
	    "ances RH\r\n") != NULL && strstr(cal_en, "\r\nX-WR-CALNAME:"
	    "tenured: HR milestones\r\n") != NULL,
	    "the attachment's calendar name in each language");
	free(en);
	free(fr);
	free(fr2);
	free(want);
	email_server_clear(&s);
}

int
main(void)
{
	/* Secret files a test writes are the daemon's own: 0600. */
	umask(077);
	test_subjects();
	test_config();
	test_message();
	test_send();
	test_helo();
	test_attachment_organizer();
	test_french_words();
	test_french_message();
	return tap_done();
}
