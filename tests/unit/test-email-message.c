/* Email reminders as messages: subjects, the [smtp] keys, the text body, and
 * the message's headers and MIME layout as bytes. The exchange with a live
 * SMTP server (and Python's reading of the message) is the 'email-peer' test
 * (tests/integration/test_email_peer.py). */
#include "email-fixture.h"

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

int
main(void)
{
	/* Secret files a test writes are the daemon's own: 0600. */
	umask(077);
	test_subjects();
	test_config();
	test_message();
	return tap_done();
}
