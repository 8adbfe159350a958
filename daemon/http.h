/* The HTTP listeners (the API socket and the optional TCP port) and the
 * request plumbing every route shares: routing, authentication, body
 * limits, and JSON answers in the SPEC's error shape. */
#ifndef TENURED_HTTP_H
#define TENURED_HTTP_H

#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "failure.h"
#include "scope.h"

struct daemon;
struct config;
struct evhttp_request;
struct http;

/* One request as a route handler sees it. */
struct http_call {
	struct evhttp_request *req;
	struct daemon *d;
	bool tcp;
	int64_t id[2];			/* the numbers in the path, in order */
	char seg[65];			/* the text segment of the path ("*") */
	const char *body;		/* NUL-terminated copy, or NULL */
	size_t body_len;
	struct evkeyvalq query;
	struct actor actor;		/* who asks; set before the handler runs */
	struct scope reach;		/* the contracts the actor reaches */
	bool reach_limited;		/* ... when not all of them */
};

struct http *http_new(struct daemon *d, struct failure *f);
void http_free(struct http *h);
void http_reconfigure(struct http *h, const struct config *c);

struct evbuffer;
/* evhttp_send_reply, keeping the whole answer for half-closed clients. */
void http_send(struct evhttp_request *req, int status, const char *reason,
        struct evbuffer *body);
/* Sends body (taking the reference) as the answer. */
void http_reply_json(struct http_call *c, int status, json_t *body);
/* Sends buf, JSON text already written (json-write.h), as the answer. */
void http_reply_json_buffer(struct http_call *c, int status,
        struct evbuffer *buf);
void http_reply_failure(struct http_call *c, const struct failure *f);
void http_reply_error(struct http_call *c, int status, const char *code,
        const char *field, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
const char *http_query(struct http_call *c, const char *key);
/* The scope the store limits the caller's reads to; NULL for all. */
const struct scope *http_reach(const struct http_call *c);
/* Parses the body as one JSON object; answers 400 itself on failure. */
json_t *http_body_object(struct http_call *c);
/* If-None-Match (a list of ETags, or "*"; weak ones compare too) names
 * etag. */
bool http_etag_matches(const char *header, const char *etag);

#endif
