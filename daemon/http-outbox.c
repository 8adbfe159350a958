#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "contract-json.h"
#include "daemon.h"
#include "deliver.h"
#include "http-routes.h"
#include "service.h"
#include "store.h"

#define OUTBOX_LIST_DEFAULT 200
#define OUTBOX_LIST_MAX 5000

static json_t *
row_to_json(const struct outbox_row *r, const char *tz)
{
	json_t *person = r->person_email != NULL ?
	    json_pack("{s:o, s:s}", "name", text_to_json(r->person_name),
	    "email", r->person_email) : json_null();

	return json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:b, s:o, s:s, s:i, "
	    "s:o, s:o, s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)r->id,
	    "kind", r->digest ? "digest" : milestone_kind_name(r->kind),
	    "milestone_date", date_to_json(r->milestone_date),
	    "offset", r->offset,
	    "channel", r->channel,
	    "recipient", r->recipient != NULL && r->recipient[0] ?
	    json_string(r->recipient) : json_null(),
	    "escalation", r->escalation,
	    "due_at", instant_to_json(r->due_at, tz),
	    "status", outbox_status_name(r->status),
	    "attempts", r->attempts,
	    "next_attempt_at", r->status == OUTBOX_PENDING ||
	    r->status == OUTBOX_RETRYING ? instant_to_json(r->next_attempt_at,
	    tz) : json_null(),
	    "last_error", text_to_json(r->last_error),
	    "sent_at", instant_to_json(r->sent_at, tz),
	    "contract_id", r->contract_id > 0 ? json_integer(r->contract_id) :
	    json_null(),
	    "vacancy", text_to_json(r->vacancy),
	    "person", person);
}

json_t *
http_outbox_counts(struct http_call *c)
{
	int64_t counts[OUTBOX_STATUS_COUNT];
	struct failure f = { 0 };
	json_t *o = json_object();

	if (store_outbox_counts(c->d->store, counts, &f) != 0)
		return o;
	for (int i = 0; i < OUTBOX_STATUS_COUNT; i++)
		json_object_set_new(o, outbox_status_name(i),
		    json_integer(counts[i]));
	return o;
}

static void
http_outbox_list(struct http_call *c)
{
	const char *status = http_query(c, "status");
	const char *limit_text = http_query(c, "limit");
	enum outbox_status st = OUTBOX_PENDING;
	struct outbox_row *rows = NULL;
	struct failure f = { 0 };
	long limit = OUTBOX_LIST_DEFAULT;
	size_t n = 0;
	json_t *items;
	char *end;

	if (status != NULL && outbox_status_parse(status, &st) != 0) {
		http_reply_error(c, 400, "invalid_field", "status", "expected "
		    "pending, sending, sent, retrying, dead, cancelled or "
		    "expired");
		return;
	}
	if (limit_text != NULL) {
		limit = strtol(limit_text, &end, 10);
		if (end == limit_text || *end != '\0' || limit < 1 ||
		    limit > OUTBOX_LIST_MAX) {
			http_reply_error(c, 400, "invalid_field", "limit",
			    "expected a whole number from 1 to %d",
			    OUTBOX_LIST_MAX);
			return;
		}
	}
	if (store_outbox_list(c->d->store, status != NULL ? (int)st : -1,
	    (int)limit, &rows, &n, &f) != 0) {
		http_reply_failure(c, &f);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, row_to_json(&rows[i],
		    c->d->config->timezone));
	outbox_rows_free(rows, n);
	http_reply_json(c, 200, json_pack("{s:o, s:o}", "outbox", items,
	    "counts", http_outbox_counts(c)));
}

static void
http_outbox_retry(struct http_call *c)
{
	struct failure f = { 0 };

	if (service_outbox_retry(c->d, &c->actor, c->id[0], &f) != 0) {
		http_reply_failure(c, &f);
		return;
	}
	http_reply_json(c, 200, json_pack("{s:I, s:s}", "id",
	    (json_int_t)c->id[0], "status", "pending"));
}

static json_t *
test_to_json(const struct deliver_test *t)
{
	static const char *const states[] = { "sending", "sent", "failed" };

	return json_pack("{s:i, s:s, s:s, s:o, s:o}", "id", t->id,
	    "channel", t->channel, "status", states[t->state],
	    "http_status", t->status > 0 ? json_integer(t->status) : json_null(),
	    "error", t->error[0] ? json_string(t->error) : json_null());
}

static void
http_reminders_test(struct http_call *c)
{
	json_t *body = http_body_object(c), *channel;
	struct failure f = { 0 };
	const char *key;
	json_t *v;
	int id;

	if (body == NULL)
		return;
	json_object_foreach(body, key, v) {
		if (strcmp(key, "channel") != 0) {
			failure_set(&f, FAILURE_INVALID_FIELD, key, "unknown field");
			http_reply_failure(c, &f);
			json_decref(body);
			return;
		}
	}
	channel = json_object_get(body, "channel");
	id = deliver_test_start(c->d->deliver, json_is_string(channel) ?
	    json_string_value(channel) : NULL, &f);
	json_decref(body);
	if (id < 0) {
		http_reply_failure(c, &f);
		return;
	}
	http_reply_json(c, 202, test_to_json(deliver_test_get(c->d->deliver,
	    id)));
}

static void
http_reminders_test_result(struct http_call *c)
{
	const struct deliver_test *t = c->id[0] <= INT32_MAX ?
	    deliver_test_get(c->d->deliver, (int)c->id[0]) : NULL;

	if (t == NULL) {
		http_reply_error(c, 404, "not_found", "id", "no such test");
		return;
	}
	http_reply_json(c, 200, test_to_json(t));
}

const struct http_route http_outbox_routes[] = {
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/outbox",
	  .roles = ROLES_READ, .fn = http_outbox_list },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/outbox/#/retry",
	  .roles = ROLES_WRITE, .fn = http_outbox_retry },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/reminders/test",
	  .body = HTTP_BODY_JSON, .roles = ROLES_WRITE, .fn = http_reminders_test },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/reminders/test/#",
	  .roles = ROLES_WRITE, .fn = http_reminders_test_result },
	{ .path = NULL }
};
