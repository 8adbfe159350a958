#include "http.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/http.h>
#include <event2/event.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pwd.h>
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

#include "config.h"
#include "daemon.h"
#include "http-internal.h"
#include "http-routes.h"
#include "log.h"

enum body_kind {
	BODY_NONE,
	BODY_JSON,
	BODY_CSV,
	BODY_TEXT,
};

struct route {
	enum evhttp_cmd_type method;
	/* Segments to match; "#" stands for a positive integer, "*" for one
	 * segment of letters, digits, ".", "_" and "-". */
	const char *path;
	enum body_kind body;
	bool public;			/* no token needed on TCP */
	void (*fn)(struct http_call *);
};

static const struct route routes[] = {
	{ .method = EVHTTP_REQ_GET, .path = "/healthz", .public = true,
	  .fn = http_system_healthz },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/status",
	  .fn = http_system_status },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/backup",
	  .fn = http_system_backup },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/contracts",
	  .body = BODY_JSON, .fn = http_contracts_create },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/contracts",
	  .fn = http_contracts_list },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/contracts/import",
	  .body = BODY_CSV, .fn = http_contracts_import },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/contracts/#",
	  .fn = http_contracts_get },
	{ .method = EVHTTP_REQ_PATCH, .path = "/api/v1/contracts/#",
	  .body = BODY_JSON, .fn = http_contracts_patch },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/contracts/#/decisions",
	  .body = BODY_JSON, .fn = http_decisions_record },
	{ .method = EVHTTP_REQ_DELETE, .path = "/api/v1/contracts/#/decisions/#",
	  .fn = http_decisions_revoke },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/milestones",
	  .fn = http_milestones_list },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/vacancies",
	  .body = BODY_TEXT, .fn = http_vacancies_import },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/vacancies",
	  .fn = http_vacancies_list },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/vacancies/*",
	  .fn = http_vacancies_get },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/feeds",
	  .body = BODY_JSON, .fn = http_feeds_create },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/feeds",
	  .fn = http_feeds_list },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/feeds/#/rotate",
	  .fn = http_feeds_rotate },
	{ .method = EVHTTP_REQ_DELETE, .path = "/api/v1/feeds/#",
	  .fn = http_feeds_revoke },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/outbox",
	  .fn = http_outbox_list },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/outbox/#/retry",
	  .fn = http_outbox_retry },
	{ .method = EVHTTP_REQ_POST, .path = "/api/v1/reminders/test",
	  .body = BODY_JSON, .fn = http_reminders_test },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/reminders/test/#",
	  .fn = http_reminders_test_result },
	{ .method = EVHTTP_REQ_GET, .path = "/api/v1/export",
	  .fn = http_feeds_export },
	{ .method = EVHTTP_REQ_GET, .path = "/metrics",
	  .fn = http_metrics_get },
	{ .method = EVHTTP_REQ_GET, .path = "/feeds/*", .public = true,
	  .fn = http_feeds_serve },
	{ .method = EVHTTP_REQ_HEAD, .path = "/feeds/*", .public = true,
	  .fn = http_feeds_serve },
	{ .method = EVHTTP_REQ_GET, .path = "/", .public = true,
	  .fn = http_dashboard_serve },
	{ .method = EVHTTP_REQ_HEAD, .path = "/", .public = true,
	  .fn = http_dashboard_serve },
	{ .method = EVHTTP_REQ_GET, .path = "/assets/*", .public = true,
	  .fn = http_dashboard_serve },
	{ .method = EVHTTP_REQ_HEAD, .path = "/assets/*", .public = true,
	  .fn = http_dashboard_serve },
};

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
http_reply_json(struct http_call *c, int status, json_t *body)
{
	struct evbuffer *buf = evbuffer_new();
	char *text = body != NULL ? json_dumps(body, JSON_COMPACT |
	    JSON_PRESERVE_ORDER) : NULL;
	struct evkeyvalq *out = evhttp_request_get_output_headers(c->req);

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
	evhttp_add_header(out, "Content-Type", "application/json");
	evhttp_add_header(out, "Cache-Control", "no-store");
	http_send(c->req, status, reason_phrase(status), buf);
	evbuffer_free(buf);
}

static void
reply_error_json(struct http_call *c, int status, const char *code,
    const char *field, const char *message, int line)
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
	http_reply_json(c, status, err);
}

void
http_reply_error(struct http_call *c, int status, const char *code,
    const char *field, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	reply_error_json(c, status, code, field, message, 0);
}

void
http_reply_failure(struct http_call *c, const struct failure *f)
{
	if (f->kind == FAILURE_INTERNAL || f->kind == FAILURE_UNAVAILABLE)
		log_warnx("%s %s: %s", c->tcp ? "tcp" : "socket",
		    evhttp_request_get_uri(c->req), f->message);
	reply_error_json(c, failure_http_status(f->kind), failure_code(f->kind),
	    f->field, f->message, f->line);
}

const char *
http_query(struct http_call *c, const char *key)
{
	return evhttp_find_header(&c->query, key);
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
segment_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
}

/* Matches path against a route pattern, collecting the numbers and the
 * text segment. */
static bool
path_matches(const char *pattern, const char *path, int64_t id[2],
    char seg[65])
{
	int n = 0;

	while (*pattern != '\0' && *path != '\0') {
		if (*pattern == '*') {
			size_t len = 0;

			while (segment_char(path[len]) && len < 64)
				len++;
			if (len == 0 || segment_char(path[len]))
				return false;
			memcpy(seg, path, len);
			seg[len] = '\0';
			path += len;
			pattern++;
			continue;
		}
		if (*pattern == '#') {
			int64_t v = 0;
			const char *start = path;

			while (*path >= '0' && *path <= '9') {
				if (v > (INT64_MAX - 9) / 10)
					return false;
				v = v * 10 + (*path++ - '0');
			}
			if (path == start || v == 0 || n == 2)
				return false;
			id[n++] = v;
			pattern++;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	return *pattern == '\0' && *path == '\0';
}

static const char *
method_name(enum evhttp_cmd_type m)
{
	switch (m) {
	case EVHTTP_REQ_GET: return "GET";
	case EVHTTP_REQ_POST: return "POST";
	case EVHTTP_REQ_PATCH: return "PATCH";
	case EVHTTP_REQ_DELETE: return "DELETE";
	case EVHTTP_REQ_HEAD: return "HEAD";
	case EVHTTP_REQ_PUT: return "PUT";
	default: return "?";
	}
}

static bool
token_ok(struct http *h, struct evhttp_request *req)
{
	const char *auth = evhttp_find_header(
	    evhttp_request_get_input_headers(req), "Authorization");
	unsigned char hash[32];
	unsigned int len = 0;

	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0)
		return false;
	auth += 7;
	/* Hashing first makes the comparison independent of the length. */
	if (EVP_Digest(auth, strlen(auth), hash, &len, EVP_sha256(), NULL) != 1)
		return false;
	return CRYPTO_memcmp(hash, h->token_hash, sizeof hash) == 0;
}

static void
set_actor(struct http_call *c)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(c->req);
	struct bufferevent *bev = evcon ?
	    evhttp_connection_get_bufferevent(evcon) : NULL;
	struct ucred cred;
	socklen_t len = sizeof cred;
	struct passwd pw, *found = NULL;
	char buf[1024];

	snprintf(c->actor, sizeof c->actor, "api");
	if (c->tcp || bev == NULL)
		return;
	if (getsockopt(bufferevent_getfd(bev), SOL_SOCKET, SO_PEERCRED, &cred,
	    &len) != 0)
		return;
	if (getpwuid_r(cred.uid, &pw, buf, sizeof buf, &found) == 0 &&
	    found != NULL)
		snprintf(c->actor, sizeof c->actor, "%s", found->pw_name);
	else
		snprintf(c->actor, sizeof c->actor, "uid:%u", (unsigned)cred.uid);
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
read_body(struct http_call *c, const struct route *r, size_t max_body)
{
	static const char *const json_types[] = { "application/json", NULL };
	static const char *const csv_types[] = { "text/csv", "text/plain",
	    NULL };
	static const char *const text_types[] = { "text/plain", "text/markdown",
	    "text/x-markdown", NULL };
	const char *const *types = r->body == BODY_JSON ? json_types :
	    r->body == BODY_CSV ? csv_types : text_types;
	struct evbuffer *in = evhttp_request_get_input_buffer(c->req);
	size_t len = evbuffer_get_length(in);
	char *copy;

	if (r->body == BODY_NONE)
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
	const struct route *match = NULL;
	char allow[64] = "";
	bool path_known = false;

	TAILQ_INIT(&c.query);
	if (path == NULL || (query != NULL &&
	    evhttp_parse_query_str(query, &c.query) != 0)) {
		http_reply_error(&c, 400, "bad_request", NULL,
		    "the request URI cannot be parsed");
		goto out;
	}
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		int64_t id[2] = { 0, 0 };
		char seg[65] = "";

		if (!path_matches(routes[i].path, path, id, seg))
			continue;
		path_known = true;
		snprintf(allow + strlen(allow), sizeof allow - strlen(allow),
		    "%s%s", allow[0] ? ", " : "", method_name(routes[i].method));
		if (routes[i].method == method && match == NULL) {
			match = &routes[i];
			c.id[0] = id[0];
			c.id[1] = id[1];
			memcpy(c.seg, seg, sizeof c.seg);
		}
	}
	/* On TCP every route that is not public needs the token, and so
	 * does anything under /api/ (known or not: no probing without it). */
	if (l->tcp && (match != NULL ? !match->public :
	    strncmp(path, "/api/", 5) == 0)) {
		if (!h->have_token) {
			http_reply_error(&c, 403, "forbidden", NULL,
			    "the API is not offered on TCP without api_token_file");
			goto out;
		}
		if (!token_ok(h, req)) {
			evhttp_add_header(evhttp_request_get_output_headers(req),
			    "WWW-Authenticate", "Bearer");
			http_reply_error(&c, 401, "unauthorized", NULL,
			    "a valid bearer token is required");
			goto out;
		}
	}
	if (match == NULL && path_known) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Allow", allow);
		http_reply_error(&c, 405, "method_not_allowed", NULL,
		    "%s is not allowed here; allowed: %s", method_name(method),
		    allow);
		goto out;
	}
	if (match == NULL) {
		http_reply_error(&c, 404, "not_found", NULL, "no such resource");
		goto out;
	}
	if (!read_body(&c, match, h->max_body))
		goto out;
	set_actor(&c);
	match->fn(&c);
out:
	evhttp_clear_headers(&c.query);
	free((void *)c.body);
}

