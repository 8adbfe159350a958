/*
 * The HR dashboard: a page and its scripts, compiled into the binary from
 * web/ (see web/embed.py), served without a token. The page holds no data;
 * its scripts call the API with the token the user gives them.
 */
#include <event2/buffer.h>
#include <event2/http.h>
#include <stdio.h>
#include <string.h>

#include "dashboard-assets.h"
#include "http-routes.h"

/* Everything the page loads comes from here; nothing inline runs. */
#define DASHBOARD_CSP "default-src 'none'; script-src 'self'; " \
	"style-src 'self'; connect-src 'self'; img-src 'self' data:; " \
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

static const struct dashboard_asset *
find_asset(const char *name)
{
	for (size_t i = 0; i < dashboard_assets_count; i++) {
		if (strcmp(dashboard_assets[i].name, name) == 0)
			return &dashboard_assets[i];
	}
	return NULL;
}

static void
http_dashboard_serve(struct http_call *c)
{
	const struct dashboard_asset *a = find_asset(c->seg[0] != '\0' ?
	    c->seg : "index.html");
	struct evkeyvalq *out = evhttp_request_get_output_headers(c->req);
	const char *inm = evhttp_find_header(
	    evhttp_request_get_input_headers(c->req), "If-None-Match");
	struct evbuffer *buf;
	char length[32];

	if (a == NULL) {
		http_reply_error(c, 404, "not_found", NULL, "no such file");
		return;
	}
	evhttp_add_header(out, "Content-Type", a->type);
	evhttp_add_header(out, "ETag", a->etag);
	/* Names are not versioned: the browser asks again each time and
	 * mostly gets a 304. */
	evhttp_add_header(out, "Cache-Control", "no-cache");
	evhttp_add_header(out, "Content-Security-Policy", DASHBOARD_CSP);
	evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(out, "Referrer-Policy", "no-referrer");
	if (inm != NULL && http_etag_matches(inm, a->etag)) {
		http_send(c->req, 304, "Not Modified", NULL);
		return;
	}
	if ((buf = evbuffer_new()) == NULL) {
		http_reply_error(c, 500, "internal", NULL, "out of memory");
		return;
	}
	/* evhttp leaves HEAD answers without a length: state it. */
	if (evhttp_request_get_command(c->req) == EVHTTP_REQ_HEAD) {
		snprintf(length, sizeof length, "%zu", a->len);
		evhttp_add_header(out, "Content-Length", length);
	} else
		evbuffer_add_reference(buf, a->data, a->len, NULL, NULL);
	http_send(c->req, 200, "OK", buf);
	evbuffer_free(buf);
}

const struct http_route http_dashboard_routes[] = {
	{ .method = EVHTTP_REQ_GET, .path = "/",
	  .public = true, .fn = http_dashboard_serve },
	{ .method = EVHTTP_REQ_HEAD, .path = "/",
	  .public = true, .fn = http_dashboard_serve },
	{ .method = EVHTTP_REQ_GET, .path = "/assets/*",
	  .public = true, .fn = http_dashboard_serve },
	{ .method = EVHTTP_REQ_HEAD, .path = "/assets/*",
	  .public = true, .fn = http_dashboard_serve },
	{ .path = NULL }
};
