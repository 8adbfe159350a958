/*
 * Sends one fixed reminder (or $EMAIL_SEND_COUNT of them, each with its
 * own Message-ID, queued at once) through the mailer on an event_base of
 * its own, then prints what curl reported for the last one as one JSON
 * line, with how many were accepted and how many connections they took:
 *
 *   email-send URL try|required|off USERNAME|- PASSWORD_FILE|-
 *       TIMEOUT_SECONDS [PERSON_NAME [CA_FILE]]
 *
 * {"curl_code": 0, "status": 250, "retry_after": -1, "error": "",
 *  "message_id": "...", "subject": "...", "now": 1784797200,
 *  "elapsed_ms": 12, "count": 1, "accepted": 1, "connections": 1}
 *
 * $EMAIL_SEND_LANG (en, the default, or fr) is the reader's language.
 *
 * For tests/integration/test_email_peer.py, which checks what a real SMTP
 * server got. Exits 0 whenever a result was printed, 2 when the message
 * could not be started (the reason on stderr).
 */
#include <event2/event.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "curlev.h"
#include "mailer.h"
#include "date.h"
#include "email.h"
#include "lang.h"

#define TZ "Europe/Brussels"
#define FROM "HR deadlines <hr-deadlines@example.org>"

struct run {
	int calls;
	int accepted;
	struct curlev_result r;
};

static void
email_send_done(void *arg, const struct curlev_result *r)
{
	struct run *run = arg;

	run->calls++;
	if (r->curl_code == 0 && r->status == 250)
		run->accepted++;
	run->r = *r;
}

static double
email_send_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct email_reminder r = {
		.message_id = "reminder-7-renewal_decision_due-20280229-30d@"
		    "hr.example.org",
		.to = "hr@example.org",
		.kind = MS_RENEWAL_DECISION_DUE,
		.date = date_from_ymd(2028, 2, 29),
		.term_end = date_from_ymd(2028, 8, 31),
		.contract_id = 7,
		.vacancy = "250914",
		.person_name = "Jane Doe",
		.person_email = "jane.doe@example.org",
		.title = "Team Leader",
		.days_before = 30,
		.timezone = TZ,
		.domain = "hr.example.org",
		.sequence = 3,
		.updated_at = 1767225600,
	};
	struct email_server s;
	struct failure f = { 0 };
	struct run run = { 0 };
	struct event_base *base;
	struct mailer *c;
	char ids[64][80];
	int64_t now = (int64_t)time(NULL);
	double start;
	char *subject;
	json_t *out;
	const char *env = getenv("EMAIL_SEND_COUNT");
	int rc = 0, count = env != NULL ? atoi(env) : 1;

	if (argc < 6 || argc > 8) {
		fprintf(stderr, "usage: email-send URL try|required|off "
		    "USERNAME|- PASSWORD_FILE|- TIMEOUT_SECONDS "
		    "[PERSON_NAME [CA_FILE]]\n");
		return 2;
	}
	if (argc >= 7)
		r.person_name = argv[6];
	/* The reader's language (SPEC section 12): "fr" or the default. */
	if (getenv("EMAIL_SEND_LANG") != NULL &&
	    !lang_parse(getenv("EMAIL_SEND_LANG"), &r.lang)) {
		fprintf(stderr, "email-send: EMAIL_SEND_LANG: en or fr\n");
		return 2;
	}
	email_server_init(&s);
	if (email_server_set(&s, "url", argv[1], &f) != 0 ||
	    email_server_set(&s, "from", FROM, &f) != 0 ||
	    email_server_set(&s, "starttls", argv[2], &f) != 0 ||
	    (strcmp(argv[3], "-") != 0 &&
	    email_server_set(&s, "username", argv[3], &f) != 0) ||
	    (strcmp(argv[4], "-") != 0 &&
	    email_server_set(&s, "password_file", argv[4], &f) != 0) ||
	    email_server_check(&s, &f) != 0) {
		fprintf(stderr, "email-send: %s: %s\n", f.field, f.message);
		email_server_clear(&s);
		return 2;
	}
	s.timeout_s = atol(argv[5]);
	if (argc == 8 && (s.ca_file = strdup(argv[7])) == NULL) {
		email_server_clear(&s);
		return 2;
	}
	if ((base = event_base_new()) == NULL ||
	    (c = mailer_new(base)) == NULL) {
		fprintf(stderr, "email-send: cannot set up the loop\n");
		if (base != NULL)
			event_base_free(base);
		email_server_clear(&s);
		return 2;
	}
	if (count < 1 || count > 64) {
		fprintf(stderr, "email-send: EMAIL_SEND_COUNT is 1 to 64\n");
		count = 1;
		rc = 2;
	}
	start = email_send_now();
	for (int i = 0; i < count && rc == 0; i++) {
		if (count > 1) {
			snprintf(ids[i], sizeof ids[i], "reminder-7-%d@"
			    "hr.example.org", i + 1);
			r.message_id = ids[i];
		}
		if (email_send(c, &s, &r, now, email_send_done, &run, &f) != 0) {
			fprintf(stderr, "email-send: %s: %s\n", f.field,
			    f.message);
			rc = 2;
		}
	}
	/* The mailer's pipe event persists: loop until every answer. */
	while (rc == 0 && run.calls < count)
		event_base_loop(base, EVLOOP_ONCE);
	if (rc == 0 && run.calls != count) {
		fprintf(stderr, "email-send: done called %d times\n",
		    run.calls);
		rc = 2;
	}
	if (rc == 0) {
		subject = email_subject(&r);
		out = json_pack("{s:i, s:I, s:I, s:s, s:s, s:s?, s:I, s:I, "
		    "s:i, s:i, s:I}",
		    "curl_code", run.r.curl_code,
		    "status", (json_int_t)run.r.status,
		    "retry_after", (json_int_t)run.r.retry_after,
		    "error", run.r.error,
		    "message_id", r.message_id,
		    "subject", subject,
		    "now", (json_int_t)now,
		    "elapsed_ms", (json_int_t)((email_send_now() - start) *
		    1000),
		    "count", count, "accepted", run.accepted,
		    "connections", (json_int_t)mailer_connections(c));
		if (out == NULL || json_dumpf(out, stdout, 0) != 0)
			rc = 2;
		putchar('\n');
		json_decref(out);
		free(subject);
	}
	mailer_free(c);
	event_base_free(base);
	email_server_clear(&s);
	return rc;
}
