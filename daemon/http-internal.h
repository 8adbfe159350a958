/* What http.c (requests) and http-listen.c (listeners) share. */
#ifndef TENURED_HTTP_INTERNAL_H
#define TENURED_HTTP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

struct evhttp;
struct evhttp_request;

/* evhttp's own cap sits well above max_body so that bodies just over the
 * limit reach us and get the JSON 413; only far larger ones meet evhttp's
 * bare 413. */
#define HTTP_BODY_CAP_FACTOR 4
#define HTTP_HEADERS_MAX (64 * 1024)
/* Header lines in a request (Apache's LimitRequestFields): evhttp keeps
 * each in an allocation of its own, so many short lines cost far more
 * memory than their bytes. */
#define HTTP_HEADER_LINES_MAX 100
#define HTTP_TIMEOUT_S 60
#define HTTP_WRITE_MAX (4 * 1024 * 1024)

struct listener {
	struct http *h;
	struct evhttp *evh;
	bool tcp;
};

struct http {
	struct daemon *d;
	struct listener local;		/* the API socket */
	struct listener tcp;		/* optional */
	char *socket_path;		/* ours to unlink, unless activated */
	size_t max_body;
	size_t max_connections;		/* TCP only, as the two deadlines */
	int header_timeout, body_timeout;
	struct auth *auth;
	struct http_guard *guard;	/* the TCP listener's */
};

/* {"error": {code, message, field, line}}, the body of every refusal. */
json_t *http_error_body(const char *code, const char *field,
        const char *message, int line);

/* A listener's evhttp as the daemon sets it up (methods, limits, the
 * handler, and for TCP the guard); the caller binds it. */
struct evhttp *http_listener_setup(struct http *h, struct listener *l,
        bool tcp);

/* The one request handler of every listener; arg is its listener. */
void http_dispatch(struct evhttp_request *req, void *arg);

#endif
