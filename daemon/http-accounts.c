/* /api/v1/me and /api/v1/accounts: who is asking, and the accounts an
 * admin manages (SPEC section 11). */
#include <stdlib.h>
#include <string.h>

#include "account-json.h"
#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "date.h"
#include "http-routes.h"
#include "service.h"
#include "store.h"

static void
http_me_get(struct http_call *c)
{
	const struct actor *a = &c->actor;
	char today[DATE_STRLEN];

	date_format(clock_today(c->d->config->timezone), today);
	http_reply_json(c, 200, json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:s}",
	    "name", a->name, "role", account_role_name(a->role),
	    "email", a->email[0] ? a->email : NULL,
	    "language", a->language[0] ? a->language : NULL,
	    "via", account_via_name(a->via), "today", today));
}

/* The account with its new token, the one time it is shown. */
static void
reply_with_token(struct http_call *c, int status,
    const struct stored_account *a, char *token)
{
	json_t *out = account_to_json(a, c->d->config->timezone);

	json_object_set_new(out, "token", json_string(token));
	explicit_bzero(token, ACCOUNT_TOKEN_LEN);
	http_reply_json(c, status, out);
}

static void
http_accounts_create(struct http_call *c)
{
	json_t *body = http_body_object(c);
	struct stored_account a = { 0 };
	struct failure f = { 0 };
	char token[ACCOUNT_TOKEN_LEN + 1];

	if (body == NULL)
		return;
	if (account_from_json(body, &a, false, &f) != 0 ||
	    service_account_create(c->d, &c->actor, &a, token, &f) != 0)
		http_reply_failure(c, &f);
	else
		reply_with_token(c, 201, &a, token);
	json_decref(body);
}

static void
http_accounts_list(struct http_call *c)
{
	struct stored_account *list;
	struct failure f = { 0 };
	json_t *items;
	size_t n;

	if (store_account_list(c->d->store, &list, &n, &f) != 0) {
		http_reply_failure(c, &f);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, account_to_json(&list[i],
		    c->d->config->timezone));
	free(list);
	http_reply_json(c, 200, json_pack("{s:o}", "accounts", items));
}

static void
http_accounts_patch(struct http_call *c)
{
	json_t *body = http_body_object(c);
	struct stored_account a;
	struct failure f = { 0 };

	if (body == NULL)
		return;
	if (store_account_get(c->d->store, c->seg, &a, &f) != 0 ||
	    account_from_json(body, &a, true, &f) != 0 ||
	    service_account_update(c->d, &c->actor, &a, &f) != 0 ||
	    store_account_get(c->d->store, c->seg, &a, &f) != 0)
		http_reply_failure(c, &f);
	else
		http_reply_json(c, 200, account_to_json(&a,
		    c->d->config->timezone));
	json_decref(body);
}

static void
http_accounts_token(struct http_call *c)
{
	struct stored_account a;
	struct failure f = { 0 };
	char token[ACCOUNT_TOKEN_LEN + 1];

	if (service_account_token(c->d, &c->actor, c->seg, token, &f) != 0 ||
	    store_account_get(c->d->store, c->seg, &a, &f) != 0)
		http_reply_failure(c, &f);
	else
		reply_with_token(c, 200, &a, token);
}

const struct http_route http_account_routes[] = {
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/me",
	  .roles = ROLES_ANY, .fn = http_me_get },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/accounts",
	  .body = HTTP_BODY_JSON, .roles = ROLES_ADMIN,
	  .fn = http_accounts_create },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/accounts",
	  .roles = ROLES_ADMIN, .fn = http_accounts_list },
	{ .method = EVHTTP_REQ_PATCH, .path = "/api/v1/accounts/*",
	  .body = HTTP_BODY_JSON, .roles = ROLES_ADMIN,
	  .fn = http_accounts_patch },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/accounts/*/token",
	  .roles = ROLES_ADMIN, .fn = http_accounts_token },
	{ .path = NULL }
};
