/* The decision the TCP guard makes at the end of a header block, before
 * evhttp reads the body: the checks http.c makes of every request (who,
 * then role, then size), so that a request the routing would refuse is
 * refused unread. */
#include "http-guard-check.h"

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "auth.h"
#include "daemon.h"
#include "http-internal.h"
#include "http-routes.h"
#include "i18n.h"

/* The whole answer: status line, headers, the routing's error JSON. */
static char *
answer(int status, const char *code, const char *message, bool bearer)
{
	json_t *body = http_error_body(code, NULL, message, 0);
	char *text = body != NULL ? json_dumps(body, JSON_COMPACT |
	    JSON_PRESERVE_ORDER) : NULL, *out = NULL;
	const char *reason = status == 401 ? "Unauthorized" :
	    status == 403 ? "Forbidden" : status == 413 ? "Payload Too Large" :
	    "Request Header Fields Too Large";

	json_decref(body);
	if (text != NULL && asprintf(&out, "HTTP/1.1 %d %s\r\n"
	    "Content-Type: application/json\r\nCache-Control: no-store\r\n"
	    "%sConnection: close\r\nContent-Length: %zu\r\n\r\n%s\n", status,
	    reason, bearer ? "WWW-Authenticate: Bearer\r\n" : "",
	    strlen(text) + 1, text) < 0)
		out = NULL;
	free(text);
	return out;
}

char *
http_guard_too_long(void)
{
	char message[128];

	snprintf(message, sizeof message, _("the request's headers are over "
	    "%d bytes"), HTTP_HEADERS_MAX);
	return answer(431, "too_large", message, false);
}

/* A body no route takes (a route that takes none, a path that is none)
 * is at most this long: evhttp would read it whole for the routing to
 * ignore it. */
#define GUARD_IGNORED_BODY_MAX 4096

static char *
size_check(const struct http *h, const struct http_head *hd,
    const struct http_route *r)
{
	size_t limit = r == NULL || r->body == HTTP_BODY_NONE ?
	    GUARD_IGNORED_BODY_MAX : h->max_body;
	char message[160];

	/* a chunked body of unknown length meets evhttp's cap of
	 * HTTP_BODY_CAP_FACTOR x max_body, unless the route takes none */
	if (hd->chunked && limit == GUARD_IGNORED_BODY_MAX)
		return answer(413, "too_large", _("this request takes no body"),
		    false);
	if (hd->chunked || hd->length <= limit)
		return NULL;
	if (limit == GUARD_IGNORED_BODY_MAX)
		return answer(413, "too_large", _("this request takes no body"),
		    false);
	snprintf(message, sizeof message, _("the body has %llu bytes; the "
	    "limit is %zu"), hd->length, h->max_body);
	return answer(413, "too_large", message, false);
}

static char *
decide(struct http *h, const struct http_head *hd, const char *peer)
{
	const struct http_route *r = NULL;
	struct failure f = { 0 };
	struct actor actor;
	int64_t id[2];
	char seg[65], allow[64], message[160];
	bool known;

	if (hd->path[0] != '\0')
		r = http_route_find(hd->method, hd->path, id, seg, allow,
		    sizeof allow, &known);
	/* who needs an account, as http.c's authorized() has it */
	if (r != NULL ? r->public : strncmp(hd->path, "/api/", 5) != 0)
		return size_check(h, hd, r);
	if (auth_identify_headers(h->auth, h->d->store, &hd->headers, peer,
	    &actor, &f) != 0) {
		/* a store failure is the routing's to answer */
		return f.kind == FAILURE_UNAUTHORIZED ? answer(401,
		    failure_code(f.kind), f.message, true) : NULL;
	}
	if (r != NULL && !account_role_admits(r->roles, actor.role)) {
		snprintf(message, sizeof message, _("the %s role may not do "
		    "this"), account_role_name(actor.role));
		return answer(403, "forbidden", message, false);
	}
	return size_check(h, hd, r);
}

char *
http_guard_check(struct http *h, const struct http_head *hd,
    const char *peer)
{
	char *refusal;

	if (!hd->has_body)
		return NULL;
	/* in the language the routing would answer in */
	i18n_set_current(lang_from_accept(evhttp_find_header(&hd->headers,
	    "Accept-Language"), LANG_DEFAULT));
	refusal = decide(h, hd, peer);
	i18n_set_current(LANG_DEFAULT);
	return refusal;
}
