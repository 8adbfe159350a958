/* What the tests of email reminders share: a contract's reminder at fixed
 * instants, an [smtp] server, the checks of a subject and of a message's
 * lines, and a message's calendar attachment decoded and unfolded. */
#ifndef TENURED_EMAIL_FIXTURE_H
#define TENURED_EMAIL_FIXTURE_H

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

static inline int32_t
D(const char *text)
{
	int32_t d;

	if (date_parse(text, &d) != 0) {
		printf("Bail out! test date \"%s\" does not parse\n", text);
		exit(2);
	}
	return d;
}

static inline struct email_reminder
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

static inline void
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

static inline void
check_subject(const struct email_reminder *r, const char *want,
    const char *what)
{
	char *s = email_subject(r);

	CHECK_STR(s, want, what);
	free(s);
}

/* Every line ends in CRLF, none is longer than max, no bare CR or LF. */
static inline bool
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

/* The calendar attachment of message m, decoded and unfolded into out
 * (RFC 5545 folding undone, so a check reads whole lines); false when
 * there is none. */
static inline bool
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

#endif
