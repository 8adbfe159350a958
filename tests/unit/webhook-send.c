/*
 * Sends one fixed reminder through curlev and webhook on an event_base of
 * its own, then prints what curl reported as one JSON line:
 *
 *   webhook-send URL SECRET_FILE|- json|slack TIMEOUT_SECONDS [ID]
 *
 * in the language of $WEBHOOK_SEND_LANG (en, the default, or fr).
 *
 * {"curl_code": 0, "status": 204, "retry_after": -1, "error": "",
 *  "id": "...", "timestamp": 1784797200, "elapsed_ms": 12}
 *
 * For tests/integration/test_webhook_peer.py, which checks what a real
 * receiver got. Exits 0 whenever a result was printed, 2 when the request
 * could not be started (the reason on stderr).
 */
#include <event2/event.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "curlev.h"
#include "lang.h"
#include "date.h"
#include "localtime.h"
#include "webhook.h"

#define TZ "Europe/Brussels"

struct run {
	int calls;
	struct curlev_result r;
};

static void
webhook_send_done(void *arg, const struct curlev_result *r)
{
	struct run *run = arg;

	run->calls++;
	run->r = *r;
}

static double
webhook_send_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct webhook_reminder r = {
		.id = "rem_7_renewal_decision_due_20280229_30d_webhook",
		.kind = MS_RENEWAL_DECISION_DUE,
		.date = date_from_ymd(2028, 2, 29),
		.contract_id = 7,
		.vacancy = "250914",
		.person_name = "Jane Doe",
		.person_email = "jane.doe@example.org",
		.title = "Team Leader",
		.days_before = 30,
		.timezone = TZ,
	};
	struct webhook_target t;
	struct failure f = { 0 };
	struct run run = { 0 };
	struct event_base *base;
	struct curlev *c;
	char timeout[32];
	int64_t timestamp = (int64_t)time(NULL);
	double start;
	json_t *out;
	int rc = 0;

	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: webhook-send URL SECRET_FILE|- "
		    "json|slack TIMEOUT_SECONDS [ID]\n");
		return 2;
	}
	if (argc == 6)
		r.id = argv[5];
	/* The reader's language (SPEC section 12): "fr" or the default. */
	if (getenv("WEBHOOK_SEND_LANG") != NULL &&
	    !lang_parse(getenv("WEBHOOK_SEND_LANG"), &r.lang)) {
		fprintf(stderr, "webhook-send: WEBHOOK_SEND_LANG: en or fr\n");
		return 2;
	}
	r.due_at = localtime_to_instant(TZ, date_from_ymd(2028, 1, 28),
	    9 * 3600);
	snprintf(timeout, sizeof timeout, "%ss", argv[4]);
	webhook_target_init(&t, "peer");
	if (webhook_target_set(&t, "url", argv[1], &f) != 0 ||
	    (strcmp(argv[2], "-") != 0 &&
	    webhook_target_set(&t, "secret_file", argv[2], &f) != 0) ||
	    webhook_target_set(&t, "format", argv[3], &f) != 0 ||
	    webhook_target_set(&t, "timeout", timeout, &f) != 0) {
		fprintf(stderr, "webhook-send: %s: %s\n", f.field, f.message);
		webhook_target_clear(&t);
		return 2;
	}
	if ((base = event_base_new()) == NULL ||
	    (c = curlev_new(base)) == NULL) {
		fprintf(stderr, "webhook-send: cannot set up the loop\n");
		if (base != NULL)
			event_base_free(base);
		webhook_target_clear(&t);
		return 2;
	}
	start = webhook_send_now();
	if (webhook_send(c, &t, &r, timestamp, webhook_send_done, &run,
	    &f) != 0) {
		fprintf(stderr, "webhook-send: %s: %s\n", f.field, f.message);
		rc = 2;
	} else {
		event_base_dispatch(base);
	}
	if (rc == 0 && run.calls != 1) {
		fprintf(stderr, "webhook-send: done called %d times\n",
		    run.calls);
		rc = 2;
	}
	if (rc == 0) {
		out = json_pack("{s:i, s:I, s:I, s:s, s:s, s:I, s:I}",
		    "curl_code", run.r.curl_code,
		    "status", (json_int_t)run.r.status,
		    "retry_after", (json_int_t)run.r.retry_after,
		    "error", run.r.error,
		    "id", r.id,
		    "timestamp", (json_int_t)timestamp,
		    "elapsed_ms", (json_int_t)((webhook_send_now() - start) *
		    1000));
		if (out == NULL || json_dumpf(out, stdout, 0) != 0)
			rc = 2;
		putchar('\n');
		json_decref(out);
	}
	curlev_free(c);
	event_base_free(base);
	webhook_target_clear(&t);
	return rc;
}
