/* Webhook deliveries (SPEC section 5): the JSON body, Standard Webhooks
 * headers and HMAC-SHA256 signature, or a Slack/Mattermost text, POSTed
 * through curlev. */
#ifndef TENURED_WEBHOOK_H
#define TENURED_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "curlev.h"
#include "failure.h"
#include "lifecycle.h"
#include "lang.h"

struct webhook_target {
	char name[65];
	char *url;
	unsigned char *key;		/* decoded from whsec_BASE64 */
	size_t key_len;
	bool slack;			/* format = slack */
	long timeout_s;
};

/* What one reminder says (the body's fields). */
struct webhook_reminder {
	const char *id;			/* the idempotency id: webhook-id */
	enum milestone_kind kind;
	int32_t date;
	int64_t at;			/* 0 for date milestones */
	int64_t contract_id;		/* 0 for vacancy milestones */
	const char *vacancy;
	const char *person_name;
	const char *person_email;
	const char *title;
	int days_before;		/* negative for escalations */
	int64_t due_at;
	bool escalation;
	const char *timezone;		/* for RFC 3339 instants */
	enum lang lang;			/* of the words (SPEC section 12) */
};

/* A target's timeout when its section gives none (seconds). */
#define WEBHOOK_TIMEOUT_DEFAULT 15L
#define WEBHOOK_TIMEOUT_MAX 600L
/* "v1," and the base64 of a SHA-256 MAC, plus NUL. */
#define WEBHOOK_SIGNATURE_LEN 48

/* An empty target named name (at most 64 bytes kept): json, default
 * timeout, no URL, no key. */
void webhook_target_init(struct webhook_target *t, const char *name);
/* One key of a [webhook.NAME] section (SPEC section 10): url (http or
 * https), secret_file (read at once), format (json | slack), timeout
 * ("15s", "1m", or bare seconds; 1 s to WEBHOOK_TIMEOUT_MAX). An unknown
 * key is FAILURE_NOT_FOUND with the key as field; a bad value is
 * FAILURE_INVALID_FIELD. The caller adds file:line. */
int webhook_target_set(struct webhook_target *t, const char *key,
        const char *value, struct failure *f);
/* After the last key: a URL is required, and a secret unless slack. */
int webhook_target_check(const struct webhook_target *t, struct failure *f);

/* Reads secret_file ("whsec_" + base64 key, first line). */
int webhook_load_secret(const char *path, struct webhook_target *t,
        struct failure *f);
/* The same from the text itself; replaces any key t had. The messages
 * never quote the secret. */
int webhook_parse_secret(const char *text, struct webhook_target *t,
        struct failure *f);
/* Frees url and key (wiped first); t is then as after init with "". */
void webhook_target_clear(struct webhook_target *t);

/* The body (JSON or Slack text JSON) the reminder is sent as; malloc'd,
 * NULL when memory runs out. Absent values are JSON null (person is null
 * for a vacancy's milestones); strings that are not UTF-8 are cleaned.
 * The JSON's names and values are English, for programs, but for "text":
 * webhook_text_slack's line in r->lang. */
char *webhook_body(const struct webhook_target *t,
        const struct webhook_reminder *r);
/* The one line of a Slack/Mattermost message in r->lang ("Renewal
 * decision due in 30 days: Jane Doe (250914), 29 February 2028 — record
 * the decision in tenured"; an escalation says ", overdue by 7 days"
 * instead of " in 30 days"), before Slack's &, <, > escaping; malloc'd
 * (webhook-text.c). */
char *webhook_text_slack(const struct webhook_reminder *r);
/* {"text": that line with &, <, > escaped}: the body of a slack target;
 * malloc'd (webhook-text.c). */
char *webhook_text_slack_json(const struct webhook_reminder *r);
/* "v1,BASE64(HMAC-SHA256(key, id.timestamp.body))" into out, which
 * takes WEBHOOK_SIGNATURE_LEN; -1 without a key or room. */
int webhook_sign(const struct webhook_target *t, const char *id,
        int64_t timestamp, const char *body, char *out, size_t len);

/* Starts the POST (timestamp = real clock now); done is called once,
 * from the event loop, never from inside this call. webhook-id is r->id;
 * webhook-signature is left out only for a slack target without a key.
 * t and r may go as soon as this returns. -1 (done not called) with f
 * set when the request cannot be started. */
int webhook_send(struct curlev *c, const struct webhook_target *t,
        const struct webhook_reminder *r, int64_t timestamp,
        curlev_done_fn done, void *arg, struct failure *f);

#endif
