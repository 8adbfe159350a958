#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "contract-json.h"
#include "daemon.h"
#include "http-routes.h"
#include "service.h"
#include "store.h"
#include "vacancy-json.h"

static bool
flag(struct http_call *c, const char *key)
{
	const char *v = http_query(c, key);

	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "yes") == 0);
}

static void
http_vacancies_import(struct http_call *c)
{
	struct failure f = { 0 };
	struct vacancy *v = NULL;
	bool dry_run = flag(c, "dry_run");
	int version = 0;
	json_t *out;

	if (c->body == NULL || c->body_len == 0) {
		http_reply_error(c, 400, "bad_request", NULL,
		    "the body must be the text of a vacancy notice");
		return;
	}
	if (service_vacancy_import(c->d, &c->actor, c->body, c->body_len, dry_run, &v,
	    &version, &f) != 0) {
		http_reply_failure(c, &f);
		return;
	}
	out = vacancy_to_json(v);
	json_object_set_new(out, "version", dry_run ? json_null() :
	    json_integer(version));
	json_object_set_new(out, "dry_run", json_boolean(dry_run));
	http_reply_json(c, dry_run ? 200 : 201, out);
	vacancy_free(v);
}

/* The stored JSON with what the store knows beside it. */
static json_t *
stored_to_json(const struct stored_vacancy *sv, const char *tz)
{
	json_t *o = json_loads(sv->data, 0, NULL);

	if (!json_is_object(o)) {
		json_decref(o);
		o = json_pack("{s:s}", "reference", sv->reference);
	}
	json_object_set_new(o, "version", json_integer(sv->version));
	json_object_set_new(o, "imported_at", instant_to_json(sv->updated_at, tz));
	return o;
}

static void
http_vacancies_list(struct http_call *c)
{
	struct stored_vacancy **list = NULL;
	struct failure f = { 0 };
	size_t n = 0;
	json_t *items;

	if (store_vacancy_list(c->d->store, &list, &n, &f) != 0) {
		http_reply_failure(c, &f);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(items, stored_to_json(list[i],
		    c->d->config->timezone));
		stored_vacancy_free(list[i]);
	}
	free(list);
	http_reply_json(c, 200, json_pack("{s:o}", "vacancies", items));
}

static void
http_vacancies_get(struct http_call *c)
{
	struct failure f = { 0 };
	struct stored_vacancy *sv = store_vacancy_get(c->d->store, c->seg, &f);
	const char *tz = c->d->config->timezone;
	json_t *out, *versions;

	if (sv == NULL) {
		http_reply_failure(c, &f);
		return;
	}
	out = stored_to_json(sv, tz);
	versions = json_array();
	for (size_t i = 0; i < sv->version_count; i++) {
		json_t *data = json_loads(sv->versions[i].data, 0, NULL);

		json_array_append_new(versions, json_pack("{s:i, s:o, s:o}",
		    "version", sv->versions[i].version,
		    "imported_at", instant_to_json(sv->versions[i].imported_at, tz),
		    "vacancy", data != NULL ? data : json_null()));
	}
	json_object_set_new(out, "versions", versions);
	http_reply_json(c, 200, out);
	stored_vacancy_free(sv);
}

const struct http_route http_vacancy_routes[] = {
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/vacancies",
	  .body = HTTP_BODY_TEXT, .roles = ROLES_WRITE, .fn = http_vacancies_import },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/vacancies",
	  .roles = ROLES_READ, .fn = http_vacancies_list },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/vacancies/*",
	  .roles = ROLES_READ, .fn = http_vacancies_get },
	{ .path = NULL }
};
