/* GET /api/v1/audit: who changed what, newest first, paged. */
#include <stdlib.h>
#include <string.h>

#include "account-json.h"
#include "config.h"
#include "daemon.h"
#include "date.h"
#include "http-routes.h"
#include "localtime.h"
#include "store.h"

#define AUDIT_PAGE_DEFAULT 100
#define AUDIT_PAGE_MAX 1000

struct page {
	json_t *items;
	const char *tz;
	int count;
	int64_t last;
};

static int
add_entry(void *ctx, const struct audit_row *r)
{
	struct page *p = ctx;

	json_array_append_new(p->items, audit_row_to_json(r, p->tz));
	p->count++;
	p->last = r->id;
	return 0;
}

/* entity=KIND or KIND:ID. */
static int
parse_entity(const char *v, struct audit_query *q)
{
	char kind[16];
	const char *colon = strchr(v, ':');
	size_t len = colon != NULL ? (size_t)(colon - v) : strlen(v);
	enum audit_entity e;
	char *end;

	if (len >= sizeof kind)
		return -1;
	memcpy(kind, v, len);
	kind[len] = '\0';
	if (audit_entity_parse(kind, &e) != 0)
		return -1;
	q->entity = (int)e;
	if (colon == NULL)
		return 0;
	q->entity_id = strtoll(colon + 1, &end, 10);
	return end == colon + 1 || *end != '\0' || q->entity_id < 1 ? -1 : 0;
}

/* A date bound in the configured zone: from its first instant, to its
 * last. */
static int
parse_bound(const char *v, const char *tz, bool end, int64_t *out)
{
	int32_t day;

	if (date_parse(v, &day) != 0)
		return -1;
	*out = localtime_to_instant(tz, end ? day + 1 : day, 0) - (end ? 1 : 0);
	return 0;
}

static long long
number(const char *v, long long min, long long max)
{
	char *end;
	long long n = strtoll(v, &end, 10);

	return end == v || *end != '\0' || n < min || n > max ? -1 : n;
}

static void
http_audit_list(struct http_call *c)
{
	const char *tz = c->d->config->timezone;
	struct audit_query q = { .entity = -1, .limit = AUDIT_PAGE_DEFAULT };
	struct page p = { .tz = tz };
	struct failure f = { 0 };
	const char *v;
	long long n;

	if ((v = http_query(c, "entity")) != NULL && parse_entity(v, &q) != 0) {
		http_reply_error(c, 400, "invalid_field", "entity", "expected "
		    "contract, decision, vacancy, feed, account, outbox or "
		    "backup, optionally with :ID");
		return;
	}
	q.actor = http_query(c, "actor");
	for (int end = 0; end < 2; end++) {
		const char *key = end ? "to" : "from";

		if ((v = http_query(c, key)) != NULL && parse_bound(v, tz, end,
		    end ? &q.to : &q.from) != 0) {
			http_reply_error(c, 400, "invalid_field", key,
			    "expected a date YYYY-MM-DD");
			return;
		}
	}
	if ((v = http_query(c, "limit")) != NULL) {
		if ((n = number(v, 1, AUDIT_PAGE_MAX)) < 0) {
			http_reply_error(c, 400, "invalid_field", "limit",
			    "expected a whole number from 1 to %d",
			    AUDIT_PAGE_MAX);
			return;
		}
		q.limit = (int)n;
	}
	if ((v = http_query(c, "after")) != NULL) {
		if ((n = number(v, 1, INT64_MAX)) < 0) {
			http_reply_error(c, 400, "invalid_field", "after",
			    "expected the id of the last entry of the previous "
			    "page");
			return;
		}
		q.after = n;
	}
	p.items = json_array();
	if (store_audit_query(c->d->store, &q, add_entry, &p, &f) != 0) {
		json_decref(p.items);
		http_reply_failure(c, &f);
		return;
	}
	http_reply_json(c, 200, json_pack("{s:o, s:o}", "entries", p.items,
	    "next_after", p.count == q.limit ? json_integer(p.last) :
	    json_null()));
}

const struct http_route http_audit_routes[] = {
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/audit",
	  .roles = ROLES_READ, .fn = http_audit_list },
	{ .path = NULL }
};
