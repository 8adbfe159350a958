/* The TCP listener's guard (SPEC section 13): at most max_connections at
 * once (the listener stops accepting at the cap, so a crowd waits in the
 * kernel's backlog, not in our descriptors, and the Unix socket keeps
 * answering); header_timeout for a request's headers and body_timeout for
 * its body; and a request with a body that needs an account and does not
 * carry one is answered before its body is read. */
#ifndef TENURED_HTTP_GUARD_H
#define TENURED_HTTP_GUARD_H

#include <stdbool.h>
#include <stddef.h>

struct http;
struct evhttp;
struct evhttp_request;
struct evconnlistener;

struct http_guard;

/* Watches every connection evh accepts from now on. */
struct http_guard *http_guard_new(struct http *h, struct evhttp *evh);
void http_guard_free(struct http_guard *g);
/* The guard of evh, or NULL. */
struct http_guard *http_guard_of(struct evhttp *evh);
/* The listener whose accepting the cap pauses; NULL before evhttp_free
 * frees it. */
void http_guard_watch(struct http_guard *g, struct evconnlistener *lev);
void http_guard_configure(struct http_guard *g, size_t max_connections,
        int header_timeout, int body_timeout);
/* A whole request reached the routing: its deadline is over. False when
 * the guard refused it already (its body came with its headers): the
 * routing drops it unanswered and the guard's answer goes out. */
bool http_guard_dispatched(struct http_guard *g, struct evhttp_request *req);
/* accept() failed (out of descriptors): stop accepting for a while,
 * apart from the cap, so that neither resumes what the other paused. */
void http_guard_accept_failed(struct http_guard *g, int seconds);

#endif
