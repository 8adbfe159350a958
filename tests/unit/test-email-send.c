/* Email reminders through the mailer: a refused connection, the EHLO name
 * ([daemon] domain, which libcurl takes from the URL's path), and the [smtp]
 * from address as the calendar attachment's ORGANIZER. The exchange with a
 * live SMTP server is the 'email-peer' test
 * (tests/integration/test_email_peer.py). */
#include "email-fixture.h"

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

int
main(void)
{
	/* Secret files a test writes are the daemon's own: 0600. */
	umask(077);
	test_send();
	test_helo();
	test_attachment_organizer();
	return tap_done();
}
