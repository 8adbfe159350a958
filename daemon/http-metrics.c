#include <event2/buffer.h>
#include <event2/http.h>

#include "http-routes.h"
#include "metrics.h"

/* Prometheus scrapes this; on TCP it needs the API token like /api/v1
 * (Prometheus: authorization { credentials_file: ... }). */
static void
http_metrics_get(struct http_call *c)
{
	struct evbuffer *buf = evbuffer_new();
	struct failure f = { 0 };

	if (buf == NULL) {
		http_reply_error(c, 500, "internal", NULL, "out of memory");
		return;
	}
	if (metrics_render(c->d, buf, &f) != 0) {
		evbuffer_free(buf);
		http_reply_failure(c, &f);
		return;
	}
	evhttp_add_header(evhttp_request_get_output_headers(c->req),
	    "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	evhttp_add_header(evhttp_request_get_output_headers(c->req),
	    "Cache-Control", "no-store");
	http_send(c->req, 200, "OK", buf);
	evbuffer_free(buf);
}

const struct http_route http_metrics_routes[] = {
	{ .method = EVHTTP_REQ_GET, .path = "/metrics",
	  .roles = ROLES_READ, .fn = http_metrics_get },
	{ .path = NULL }
};
