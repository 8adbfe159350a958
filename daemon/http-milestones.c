#include <event2/buffer.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "contract-json.h"
#include "daemon.h"
#include "date.h"
#include "http-routes.h"
#include "json-write.h"
#include "scope.h"
#include "store.h"

#define PAGE_MAX 1000

struct page {
	struct evbuffer *out;
	int32_t today;
	const char *tz;
	int64_t last;
	int count;
};

/* Written straight into the answer (json-write.h): a page of a thousand
 * built as jansson objects first spent most of its time allocating. */
static int
add_row(void *ctx, const struct milestone_row *r)
{
	struct page *p = ctx;
	struct evbuffer *b = p->out;

	evbuffer_add(b, p->count > 0 ? ",{" : "{", p->count > 0 ? 2 : 1);
	jw_key(b, "id", true);
	jw_int(b, r->id);
	jw_key(b, "kind", false);
	jw_string(b, milestone_kind_name(r->m.kind));
	jw_key(b, "date", false);
	jw_date(b, r->m.date);
	jw_key(b, "at", false);
	jw_instant(b, r->m.at, p->tz);
	jw_key(b, "status", false);
	jw_string(b, milestone_status_name(r->m.status));
	jw_key(b, "overdue", false);
	jw_bool(b, milestone_overdue(&r->m, p->today));
	jw_key(b, "contract_id", false);
	if (r->contract_id > 0)
		jw_int(b, r->contract_id);
	else
		evbuffer_add(b, "null", 4);
	jw_key(b, "vacancy", false);
	jw_string(b, r->vacancy);
	jw_key(b, "person", false);
	if (r->person_email != NULL) {
		evbuffer_add(b, "{", 1);
		jw_key(b, "name", true);
		jw_string(b, r->person_name);
		jw_key(b, "email", false);
		jw_string(b, r->person_email);
		evbuffer_add(b, "}", 1);
	} else {
		evbuffer_add(b, "null", 4);
	}
	jw_key(b, "title", false);
	jw_string(b, r->title);
	jw_key(b, "unit", false);
	jw_string(b, r->unit);
	jw_key(b, "manager_email", false);
	jw_string(b, r->manager_email);
	evbuffer_add(b, "}", 1);
	p->last = r->id;
	p->count++;
	return 0;
}

/* "90d", "12w", "6m": the end of a window starting today. */
static int
window_end(const char *within, int32_t today, int32_t *out)
{
	char *end;
	long n = strtol(within, &end, 10);

	if (end == within || n < 0 || n > 3650 || *end == '\0' ||
	    end[1] != '\0')
		return -1;
	switch (*end) {
	case 'd': *out = today + (int32_t)n; return 0;
	case 'w': *out = today + (int32_t)n * 7; return 0;
	case 'm':
		if (n > 120)
			return -1;
		*out = date_add_months(today, (int)n);
		return 0;
	default: return -1;
	}
}

static int
query_date(struct http_call *c, const char *key, int32_t *out)
{
	const char *v = http_query(c, key);

	*out = DATE_NONE;
	if (v == NULL)
		return 0;
	if (date_parse(v, out) != 0) {
		http_reply_error(c, 400, "invalid_field", key,
		    "expected a date YYYY-MM-DD that exists");
		return -1;
	}
	return 0;
}

/* "scheduled,projected" to a set of statuses. */
static int
parse_statuses(const char *v, unsigned *out)
{
	char word[16];
	enum milestone_status st;

	*out = 0;
	while (*v != '\0') {
		size_t n = strcspn(v, ",");

		if (n == 0 || n >= sizeof word)
			return -1;
		memcpy(word, v, n);
		word[n] = '\0';
		if (milestone_status_parse(word, &st) != 0)
			return -1;
		*out |= 1u << st;
		v += n;
		if (*v == ',' && *++v == '\0')
			return -1;
	}
	return *out != 0 ? 0 : -1;
}

static void
http_milestones_list(struct http_call *c)
{
	struct milestone_query q = { .kind = -1, .limit = PAGE_MAX };
	struct page p = { .today = clock_today(c->d->config->timezone),
	    .tz = c->d->config->timezone };
	struct failure f = { 0 };
	struct scope scope;
	const char *v;
	char *end;
	enum milestone_kind kind;

	if (query_date(c, "from", &q.from) != 0 || query_date(c, "to", &q.to) != 0)
		return;
	if ((v = http_query(c, "within")) != NULL) {
		if (q.from != DATE_NONE || q.to != DATE_NONE) {
			http_reply_error(c, 400, "invalid_field", "within",
			    "give either within or from/to, not both");
			return;
		}
		q.from = p.today;
		if (window_end(v, p.today, &q.to) != 0) {
			http_reply_error(c, 400, "invalid_field", "within",
			    "expected days, weeks or months such as 90d, 12w or "
			    "6m (at most 3650d, 3650w or 120m)");
			return;
		}
	}
	if (q.from != DATE_NONE && q.to != DATE_NONE && q.from > q.to) {
		http_reply_error(c, 400, "invalid_field", "to",
		    "the range ends before it starts");
		return;
	}
	if ((v = http_query(c, "kind")) != NULL) {
		if (milestone_kind_parse(v, &kind) != 0) {
			char kinds[512] = "";

			for (int k = 0; k < MS_KIND_COUNT; k++)
				snprintf(kinds + strlen(kinds), sizeof kinds -
				    strlen(kinds), "%s%s", k ? ", " : "",
				    milestone_kind_name(k));
			http_reply_error(c, 400, "invalid_field", "kind",
			    "unknown milestone kind \"%.40s\"; expected one of: "
			    "%s", v, kinds);
			return;
		}
		q.kind = (int)kind;
	}
	if ((v = http_query(c, "scope")) != NULL) {
		if (scope_parse(v, &scope, &f) != 0) {
			http_reply_failure(c, &f);
			return;
		}
		q.scope = &scope;
	}
	if ((v = http_query(c, "status")) != NULL &&
	    parse_statuses(v, &q.statuses) != 0) {
		http_reply_error(c, 400, "invalid_field", "status",
		    "expected a comma-separated list of scheduled, projected, "
		    "done and cancelled");
		return;
	}
	q.unit = http_query(c, "unit");
	q.manager = http_query(c, "manager");
	if ((v = http_query(c, "overdue")) != NULL) {
		if (strcmp(v, "1") != 0 && strcmp(v, "true") != 0) {
			http_reply_error(c, 400, "invalid_field", "overdue",
			    "expected 1 (only overdue decisions) or no overdue "
			    "at all");
			return;
		}
		q.overdue_only = true;
		q.today = p.today;
	}
	if ((v = http_query(c, "limit")) != NULL) {
		long n = strtol(v, &end, 10);

		if (end == v || *end != '\0' || n < 1 || n > PAGE_MAX) {
			http_reply_error(c, 400, "invalid_field", "limit",
			    "expected a whole number from 1 to %d", PAGE_MAX);
			return;
		}
		q.limit = (int)n;
	}
	if ((v = http_query(c, "after")) != NULL) {
		long long n = strtoll(v, &end, 10);

		if (end == v || *end != '\0' || n < 1) {
			http_reply_error(c, 400, "invalid_field", "after",
			    "expected the id of the last milestone of the "
			    "previous page");
			return;
		}
		q.after = n;
	}
	q.reach = http_reach(c);
	if ((p.out = evbuffer_new()) == NULL) {
		http_reply_error(c, 500, "internal", NULL, "out of memory");
		return;
	}
	evbuffer_add(p.out, "{\"milestones\":[", 15);
	if (store_milestones_query(c->d->store, &q, add_row, &p, &f) != 0) {
		evbuffer_free(p.out);
		http_reply_failure(c, &f);
		return;
	}
	evbuffer_add(p.out, "],\"next_after\":", 15);
	if (p.count == q.limit)
		jw_int(p.out, p.last);
	else
		evbuffer_add(p.out, "null", 4);
	evbuffer_add(p.out, "}\n", 2);
	http_reply_json_buffer(c, 200, p.out);
	evbuffer_free(p.out);
}

const struct http_route http_milestone_routes[] = {
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/milestones",
	  .roles = ROLES_ANY, .fn = http_milestones_list },
	{ .path = NULL }
};
