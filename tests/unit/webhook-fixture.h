/* What the tests of webhooks (SPEC section 5) share: a contract's and a
 * vacancy's reminder at fixed instants, the body a webhook sends read back
 * as JSON, and a monotonic clock for the tests that time curlev. */
#ifndef TENURED_WEBHOOK_FIXTURE_H
#define TENURED_WEBHOOK_FIXTURE_H

#include <arpa/inet.h>
#include <event2/event.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "curlev.h"
#include "date.h"
#include "localtime.h"
#include "tap.h"
#include "webhook.h"

#define TZ "Europe/Brussels"
/* 2028-01-28T09:00:00+01:00 */
#define DUE_AT INT64_C(1832659200)
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

static inline double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline struct webhook_reminder
contract_reminder(void)
{
	struct webhook_reminder r = {
		.id = "rem_7_renewal_decision_due_20280229_30d_hr-bot",
		.kind = MS_RENEWAL_DECISION_DUE,
		.date = D("2028-02-29"),
		.contract_id = 7,
		.vacancy = "250914",
		.person_name = "Jane Doe",
		.person_email = "jane.doe@example.org",
		.title = "Team Leader",
		.days_before = 30,
		.due_at = DUE_AT,
		.timezone = TZ,
	};

	return r;
}

static inline struct webhook_reminder
vacancy_reminder(void)
{
	struct webhook_reminder r = {
		.id = "rem_v250914_application_deadline_7d",
		.kind = MS_APPLICATION_DEADLINE,
		.date = D("2026-05-10"),
		.at = DEADLINE_AT,
		.vacancy = "250914",
		.title = "Team Leader",
		.days_before = 7,
		.due_at = DEADLINE_AT - 7 * 86400 - 14 * 3600 - 59 * 60,
		.timezone = TZ,
	};

	return r;
}

static inline json_t *
body_json(const struct webhook_target *t, const struct webhook_reminder *r)
{
	char *body = webhook_body(t, r);
	json_error_t err;
	json_t *j;

	if (body == NULL)
		return NULL;
	j = json_loads(body, 0, &err);
	free(body);
	return j;
}

static inline const char *
jstr(json_t *o, const char *path)
{
	char buf[128], *key, *save = NULL;
	json_t *v = o;

	snprintf(buf, sizeof buf, "%s", path);
	for (key = strtok_r(buf, ".", &save); key != NULL && v != NULL;
	    key = strtok_r(NULL, ".", &save))
		v = json_object_get(v, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static inline json_t *
jget(json_t *o, const char *path)
{
	char buf[128], *key, *save = NULL;
	json_t *v = o;

	snprintf(buf, sizeof buf, "%s", path);
	for (key = strtok_r(buf, ".", &save); key != NULL && v != NULL;
	    key = strtok_r(NULL, ".", &save))
		v = json_object_get(v, key);
	return v;
}

#endif
