#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "contract-csv.h"
#include "contract-json.h"
#include "daemon.h"
#include "http-routes.h"
#include "service.h"
#include "store.h"

#define LIST_DEFAULT 100
#define LIST_MAX 1000

/* The contract as stored, with its milestones: what every write answers. */
static json_t *
stored_contract(struct http_call *c, int64_t id, struct failure *f)
{
	struct contract *ct = store_contract_get_within(c->d->store, id,
	    http_reach(c), f);
	struct milestone_list ms;
	json_t *out = NULL;

	if (ct == NULL)
		return NULL;
	milestone_list_init(&ms);
	if (store_contract_milestones(c->d->store, id, &ms, f) == 0)
		out = contract_to_json(ct, &ms,
		    clock_today(c->d->config->timezone), c->d->config->timezone);
	milestone_list_free(&ms);
	contract_free(ct);
	return out;
}

static void
reply_contract(struct http_call *c, int status, int64_t id)
{
	struct failure f = { 0 };
	json_t *out = stored_contract(c, id, &f);

	if (out == NULL)
		http_reply_failure(c, &f);
	else
		http_reply_json(c, status, out);
}

static void
http_contracts_create(struct http_call *c)
{
	json_t *body = http_body_object(c);
	struct contract *ct;
	struct failure f = { 0 };

	if (body == NULL)
		return;
	if ((ct = contract_new()) == NULL) {
		json_decref(body);
		http_reply_error(c, 500, "internal", NULL, "out of memory");
		return;
	}
	service_contract_defaults(c->d, ct);
	if (contract_from_json(body, ct, false, &f) != 0 ||
	    service_contract_link(c->d, ct,
	    json_object_get(body, "grade") != NULL,
	    json_object_get(body, "twin_graded") != NULL, true, &f) != 0 ||
	    service_contract_create(c->d, &c->actor, ct, &f) != 0)
		http_reply_failure(c, &f);
	else
		reply_contract(c, 201, ct->id);
	contract_free(ct);
	json_decref(body);
}

static int
query_int(struct http_call *c, const char *key, long long min, long long max,
    long long fallback, long long *out)
{
	const char *v = http_query(c, key);
	char *end;
	long long n;

	*out = fallback;
	if (v == NULL)
		return 0;
	n = strtoll(v, &end, 10);
	if (end == v || *end != '\0' || n < min || n > max) {
		http_reply_error(c, 400, "invalid_field", key,
		    "expected a whole number from %lld to %lld", min, max);
		return -1;
	}
	*out = n;
	return 0;
}

static void
http_contracts_list(struct http_call *c)
{
	struct failure f = { 0 };
	struct contract **list = NULL;
	size_t n = 0;
	long long after, limit;
	json_t *items, *out;
	struct milestone_list ms;
	struct contract_query q = { 0 };

	if (query_int(c, "after", 0, INT64_MAX, 0, &after) != 0 ||
	    query_int(c, "limit", 1, LIST_MAX, LIST_DEFAULT, &limit) != 0)
		return;
	q.after = after;
	q.limit = (int)limit;
	q.reach = http_reach(c);
	q.text = http_query(c, "q");
	if (q.text != NULL && strlen(q.text) > CONTRACT_NAME_MAX) {
		http_reply_error(c, 400, "invalid_field", "q", "a search of at "
		    "most %d bytes", CONTRACT_NAME_MAX);
		return;
	}
	if (store_contract_list(c->d->store, &q, &list, &n, &f) != 0) {
		http_reply_failure(c, &f);
		return;
	}
	items = json_array();
	milestone_list_init(&ms);
	for (size_t i = 0; i < n; i++) {
		if (store_contract_milestones(c->d->store, list[i]->id, &ms,
		    &f) == 0)
			json_array_append_new(items, contract_to_json(list[i], &ms,
			    clock_today(c->d->config->timezone),
			    c->d->config->timezone));
	}
	milestone_list_free(&ms);
	out = json_pack("{s:o, s:o}", "contracts", items, "next_after",
	    n == (size_t)limit ? json_integer(list[n - 1]->id) : json_null());
	for (size_t i = 0; i < n; i++)
		contract_free(list[i]);
	free(list);
	http_reply_json(c, 200, out);
}

static void
http_contracts_get(struct http_call *c)
{
	reply_contract(c, 200, c->id[0]);
}

static void
http_contracts_patch(struct http_call *c)
{
	json_t *body = http_body_object(c);
	struct contract *ct;
	struct failure f = { 0 };

	if (body == NULL)
		return;
	if ((ct = store_contract_get(c->d->store, c->id[0], &f)) == NULL ||
	    contract_from_json(body, ct, true, &f) != 0 ||
	    ((json_object_get(body, "vacancy") != NULL ||
	    json_object_get(body, "post") != NULL) &&
	    service_contract_link(c->d, ct,
	    json_object_get(body, "grade") != NULL,
	    json_object_get(body, "twin_graded") != NULL, true, &f) != 0) ||
	    service_contract_update(c->d, &c->actor, ct, &f) != 0)
		http_reply_failure(c, &f);
	else
		reply_contract(c, 200, ct->id);
	contract_free(ct);
	json_decref(body);
}

static int
by_line(const void *a, const void *b)
{
	const struct failure *x = a, *y = b;

	return x->line != y->line ? (x->line < y->line ? -1 : 1) :
	    (x < y ? -1 : x > y);
}

/* Every refusal of a batch, by line. */
static void
reply_batch_errors(struct http_call *c, struct failure_list *errors)
{
	json_t *list = json_array();

	qsort(errors->items, errors->count, sizeof *errors->items, by_line);
	for (size_t i = 0; i < errors->count; i++) {
		const struct failure *e = &errors->items[i];

		json_array_append_new(list, json_pack("{s:i, s:s?, s:s}",
		    "line", e->line, "field", e->field[0] ? e->field : NULL,
		    "message", e->message));
	}
	http_reply_json(c, 400, json_pack("{s:o}", "errors", list));
}

static bool
dry_run(struct http_call *c)
{
	const char *v = http_query(c, "dry_run");

	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* Reads the file and holds every row to every rule: 0 with the contracts
 * when all pass; else the answer is sent (every bad row, or the fault). */
static int
import_read(struct http_call *c, struct contract ***cs, size_t *n)
{
	struct failure_list errors = { 0 };
	struct failure f = { 0 };
	int rc = contract_csv_read_all(c->body != NULL ? c->body : "",
	    c->body_len, &c->d->config->policy, c->actor.name, cs, n, &errors);

	if (errors.count > 0 && errors.items[0].kind == FAILURE_INTERNAL) {
		http_reply_failure(c, &errors.items[0]);
		goto refused;
	}
	for (size_t i = 0; i < *n; i++) {
		if (service_contract_link(c->d, (*cs)[i], true, true, false,
		    &f) != 0) {
			f.line = (*cs)[i]->source_line;
			failure_list_add(&errors, &f);
		}
	}
	if (service_contracts_check(c->d, *cs, *n, &errors) < 0) {
		failure_set(&f, FAILURE_INTERNAL, NULL, "checking the import "
		    "failed");
		http_reply_failure(c, &f);
		goto refused;
	}
	if (rc != 0 || errors.count > 0) {
		reply_batch_errors(c, &errors);
		goto refused;
	}
	if (*n == 0) {
		http_reply_error(c, 400, "bad_request", NULL,
		    "the file has a header but no contracts");
		goto refused;
	}
	failure_list_free(&errors);
	return 0;
refused:
	failure_list_free(&errors);
	return -1;
}

static void
http_contracts_import(struct http_call *c)
{
	struct failure_list errors = { 0 };
	struct failure f = { 0 };
	struct contract **cs = NULL;
	size_t n = 0;
	json_t *ids;

	if (import_read(c, &cs, &n) != 0) {
		/* answered */
	} else if (dry_run(c)) {
		http_reply_json(c, 200, json_pack("{s:b, s:i, s:I}", "dry_run", 1,
		    "imported", 0, "would_import", (json_int_t)n));
	} else if (service_contracts_import(c->d, &c->actor, cs, n, &f) != 0) {
		if (f.kind == FAILURE_INTERNAL || f.kind == FAILURE_UNAVAILABLE) {
			f.line = 0;
			http_reply_failure(c, &f);
		} else {
			f.line = f.line > 0 && (size_t)f.line <= n ?
			    cs[f.line - 1]->source_line : 0;
			failure_list_add(&errors, &f);
			reply_batch_errors(c, &errors);
		}
	} else {
		ids = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(ids, json_integer(cs[i]->id));
		http_reply_json(c, 201, json_pack("{s:I, s:o}", "imported",
		    (json_int_t)n, "ids", ids));
	}
	contract_csv_free(cs, n);
	failure_list_free(&errors);
	/* A large import leaves megabytes of freed heap below the page
	 * cache's; hand them back instead of keeping them for the next. */
	malloc_trim(0);
}

static void
http_decisions_record(struct http_call *c)
{
	json_t *body = http_body_object(c);
	struct decision d;
	struct failure f = { 0 };
	json_t *contract;

	if (body == NULL)
		return;
	if (decision_from_json(body, &d, &f) != 0) {
		http_reply_failure(c, &f);
		goto out;
	}
	if (service_decision_record(c->d, &c->actor, c->id[0], &d, &f) != 0) {
		http_reply_failure(c, &f);
		goto out;
	}
	if ((contract = stored_contract(c, c->id[0], &f)) == NULL) {
		http_reply_failure(c, &f);
		goto out;
	}
	http_reply_json(c, 201, json_pack("{s:o, s:o}", "decision",
	    decision_to_json(&d, c->d->config->timezone), "contract", contract));
out:
	decision_clear(&d);
	json_decref(body);
}

static void
http_decisions_revoke(struct http_call *c)
{
	struct failure f = { 0 };

	if (service_decision_revoke(c->d, &c->actor, c->id[0], c->id[1], &f) != 0)
		http_reply_failure(c, &f);
	else
		reply_contract(c, 200, c->id[0]);
}

const struct http_route http_contract_routes[] = {
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/contracts",
	  .body = HTTP_BODY_JSON, .roles = ROLES_WRITE, .fn = http_contracts_create },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/contracts",
	  .roles = ROLES_ANY, .fn = http_contracts_list },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/contracts/import",
	  .body = HTTP_BODY_CSV, .roles = ROLES_WRITE, .fn = http_contracts_import },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/contracts/#",
	  .roles = ROLES_ANY, .fn = http_contracts_get },
	{ .method = EVHTTP_REQ_PATCH, .path = "/api/v1/contracts/#",
	  .body = HTTP_BODY_JSON, .roles = ROLES_WRITE, .fn = http_contracts_patch },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/contracts/#/decisions",
	  .body = HTTP_BODY_JSON, .roles = ROLES_WRITE, .fn = http_decisions_record },
	{ .method = EVHTTP_REQ_DELETE, .path = "/api/v1/contracts/#/decisions/#",
	  .roles = ROLES_WRITE, .fn = http_decisions_revoke },
	{ .path = NULL }
};
