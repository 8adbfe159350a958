#include "http.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/http.h>
#include <event2/event.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "daemon.h"
#include "http-guard.h"
#include "http-internal.h"
#include "http-routes.h"
#include "i18n.h"
#include "log.h"

bool
http_etag_matches(const char *header, const char *etag)
{
	const char *p = header;
	size_t elen = strlen(etag);

	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, elen) == 0 &&
		    (p[elen] == '\0' || p[elen] == ',' || p[elen] == ' '))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

/*
 * evhttp 2.1 keeps reading while it writes an answer, and takes the end of
 * a client's input (a half-close after its request) for the end of the
 * connection, cutting the answer. Reading stops until the answer is out;
 * evhttp starts it again for the next request on the connection.
 */
void
http_send(struct evhttp_request *req, int status, const char *reason,
    struct evbuffer *body)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct bufferevent *bev = evcon != NULL ?
	    evhttp_connection_get_bufferevent(evcon) : NULL;

	/* A feed of half a megabyte goes out in one write, not in the 16 KiB
	 * per turn of the loop libevent writes by default. */
	if (bev != NULL)
		bufferevent_set_max_single_write(bev, HTTP_WRITE_MAX);
	evhttp_send_reply(req, status, reason, body);
	if (bev != NULL)
		bufferevent_disable(bev, EV_READ);
}

static const char *
reason_phrase(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 503: return "Service Unavailable";
	default: return status < 400 ? "OK" : "Internal Server Error";
	}
}

void
http_reply_json_buffer(struct http_call *c, int status, struct evbuffer *buf)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(c->req);

	evhttp_add_header(out, "Content-Type", "application/json");
	evhttp_add_header(out, "Cache-Control", "no-store");
	http_send(c->req, status, reason_phrase(status), buf);
}

void
http_reply_json(struct http_call *c, int status, json_t *body)
{
	struct evbuffer *buf = evbuffer_new();
	char *text = body != NULL ? json_dumps(body, JSON_COMPACT |
	    JSON_PRESERVE_ORDER) : NULL;

	json_decref(body);
	if (buf == NULL || text == NULL) {
		free(text);
		if (buf != NULL)
			evbuffer_free(buf);
		evhttp_send_error(c->req, 500, "out of memory");
		return;
	}
	evbuffer_add(buf, text, strlen(text));
	evbuffer_add(buf, "\n", 1);
	free(text);
	http_reply_json_buffer(c, status, buf);
	evbuffer_free(buf);
}

json_t *
http_error_body(const char *code, const char *field, const char *message,
    int line)
{
	json_t *err = json_pack("{s:{s:s, s:s, s:s?, s:o}}", "error",
	    "code", code, "message", message,
	    "field", field != NULL && field[0] != '\0' ? field : NULL,
	    "line", line > 0 ? json_integer(line) : json_null());

	/* Text that is not UTF-8 cannot go into JSON: answer without it
	 * rather than without JSON. */
	if (err == NULL)
		err = json_pack("{s:{s:s, s:s, s:n, s:n}}", "error", "code",
		    code, "message", "the request was refused (its details "
		    "cannot be shown)", "field", "line");
	return err;
}

static void
reply_error_json(struct http_call *c, int status, const char *code,
    const char *field, const char *message, int line)
{
	http_reply_json(c, status, http_error_body(code, field, message, line));
}

void
http_reply_error(struct http_call *c, int status, const char *code,
    const char *field, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, _(fmt), ap);
	va_end(ap);
	reply_error_json(c, status, code, field, message, 0);
}

void
http_reply_failure(struct http_call *c, const struct failure *f)
{
	if (f->kind == FAILURE_INTERNAL || f->kind == FAILURE_UNAVAILABLE)
		log_warnx("%s %s: %s", c->tcp ? "tcp" : "socket",
		    evhttp_request_get_uri(c->req), failure_english(f));
	reply_error_json(c, failure_http_status(f->kind), failure_code(f->kind),
	    f->field, f->message, f->line);
}

const char *
http_query(struct http_call *c, const char *key)
{
	return evhttp_find_header(&c->query, key);
}

const struct scope *
http_reach(const struct http_call *c)
{
	return c->reach_limited ? &c->reach : NULL;
}

json_t *
http_body_object(struct http_call *c)
{
	json_error_t err;
	json_t *v;

	if (c->body == NULL || c->body_len == 0) {
		http_reply_error(c, 400, "bad_request", NULL,
		    "the request needs a JSON object as its body");
		return NULL;
	}
	v = json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES, &err);
	if (v == NULL) {
		http_reply_error(c, 400, "bad_request", NULL,
		    "the body is not valid JSON (line %d, column %d): %s",
		    err.line, err.column, err.text);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		http_reply_error(c, 400, "bad_request", NULL,
		    "the body must be a JSON object");
		return NULL;
	}
	return v;
}

static bool
content_type_is(struct evhttp_request *req, const char *const *types)
{
	const char *ct = evhttp_find_header(
	    evhttp_request_get_input_headers(req), "Content-Type");
	size_t n;

	if (ct == NULL)
		return false;
	n = strcspn(ct, "; \t");
	for (; *types != NULL; types++) {
		if (strlen(*types) == n && strncasecmp(ct, *types, n) == 0)
			return true;
	}
	return false;
}

static bool
read_body(struct http_call *c, const struct http_route *r, size_t max_body)
{
	static const char *const json_types[] = { "application/json", NULL };
	static const char *const csv_types[] = { "text/csv", "text/plain",
	    NULL };
	static const char *const text_types[] = { "text/plain", "text/markdown",
	    "text/x-markdown", NULL };
	const char *const *types = r->body == HTTP_BODY_JSON ? json_types :
	    r->body == HTTP_BODY_CSV ? csv_types : text_types;
	struct evbuffer *in = evhttp_request_get_input_buffer(c->req);
	size_t len = evbuffer_get_length(in);
	char *copy;

	if (r->body == HTTP_BODY_NONE)
		return true;
	if (len > max_body) {
		http_reply_error(c, 413, "too_large", NULL,
		    "the body has %zu bytes; the limit is %zu", len, max_body);
		return false;
	}
	if (len > 0 && !content_type_is(c->req, types)) {
		http_reply_error(c, 415, "unsupported_media_type", NULL,
		    "expected Content-Type %s", types[0]);
		return false;
	}
	if ((copy = malloc(len + 1)) == NULL) {
		http_reply_error(c, 500, "internal", NULL, "out of memory");
		return false;
	}
	evbuffer_remove(in, copy, len);
	copy[len] = '\0';
	c->body = copy;
	c->body_len = len;
	return true;
}

/*
 * Behind a single-sign-on proxy the browser signs in by itself (a cookie,
 * Kerberos), so another site could make it send a write. Browsers say
 * where a request comes from: a write from another site is refused.
 */
static bool
cross_site(struct evhttp_request *req)
{
	struct evkeyvalq *in = evhttp_request_get_input_headers(req);
	const char *site = evhttp_find_header(in, "Sec-Fetch-Site");
	const char *origin = evhttp_find_header(in, "Origin");
	const char *host = evhttp_find_header(in, "Host");
	enum evhttp_cmd_type m = evhttp_request_get_command(req);
	const char *p;

	if (m == EVHTTP_REQ_GET || m == EVHTTP_REQ_HEAD)
		return false;
	if (site != NULL)
		return strcmp(site, "same-origin") != 0 &&
		    strcmp(site, "none") != 0;
	if (origin == NULL)
		return false;
	p = strstr(origin, "://");
	return host == NULL || p == NULL || strcasecmp(p + 3, host) != 0;
}

/* The one check of every request: who is asking (auth.c), then whether the
 * route admits their role. Anything under /api/ needs an account, known
 * path or not, so nothing can be probed without one. */
static bool
authorized(struct http *h, struct http_call *c, const struct http_route *r,
    const char *path)
{
	struct failure f = { 0 };

	if (r != NULL ? r->public : strncmp(path, "/api/", 5) != 0)
		return true;
	if (auth_identify(h->auth, h->d->store, c->req, c->tcp, &c->actor,
	    &f) != 0) {
		if (f.kind == FAILURE_UNAUTHORIZED)
			evhttp_add_header(evhttp_request_get_output_headers(
			    c->req), "WWW-Authenticate", "Bearer");
		http_reply_failure(c, &f);
		return false;
	}
	if (c->actor.via == VIA_PROXY && cross_site(c->req)) {
		http_reply_error(c, 403, "forbidden", NULL,
		    "a change sent from another site is refused");
		return false;
	}
	c->reach_limited = account_reach(&c->actor, &c->reach);
	if (r != NULL && !account_role_admits(r->roles, c->actor.role)) {
		http_reply_error(c, 403, "forbidden", NULL,
		    "the %s role may not do this", account_role_name(
		    c->actor.role));
		return false;
	}
	return true;
}

void
http_dispatch(struct evhttp_request *req, void *arg)
{
	struct listener *l = arg;
	struct http *h = l->h;
	struct http_call c = { .req = req, .d = h->d, .tcp = l->tcp };
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
	enum evhttp_cmd_type method = evhttp_request_get_command(req);
	const struct http_route *match;
	char allow[64] = "";
	bool path_known = false;

	if (l->tcp && !http_guard_dispatched(h->guard, req))
		return;
	/* Error messages follow Accept-Language; codes and fields do not. */
	i18n_set_current(lang_from_accept(evhttp_find_header(
	    evhttp_request_get_input_headers(req), "Accept-Language"),
	    LANG_DEFAULT));
	TAILQ_INIT(&c.query);
	if (path == NULL || (query != NULL &&
	    evhttp_parse_query_str(query, &c.query) != 0)) {
		http_reply_error(&c, 400, "bad_request", NULL,
		    "the request URI cannot be parsed");
		goto out;
	}
	match = http_route_find(method, path, c.id, c.seg, allow, sizeof allow,
	    &path_known);
	if (!authorized(h, &c, match, path))
		goto out;
	if (match == NULL && path_known) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Allow", allow);
		http_reply_error(&c, 405, "method_not_allowed", NULL,
		    "%s is not allowed here; allowed: %s",
		    http_method_name(method), allow);
		goto out;
	}
	if (match == NULL) {
		http_reply_error(&c, 404, "not_found", NULL, "no such resource");
		goto out;
	}
	if (!read_body(&c, match, h->max_body))
		goto out;
	match->fn(&c);
out:
	evhttp_clear_headers(&c.query);
	free((void *)c.body);
	i18n_set_current(LANG_DEFAULT);
}
