/* What the TCP guard's files share (http-guard.c: connections and their
 * deadlines; http-guard-cap.c: the cap on connections and the listener).
 * Not for use outside them. */
#ifndef TENURED_HTTP_GUARD_INTERNAL_H
#define TENURED_HTTP_GUARD_INTERNAL_H

#include <event2/util.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/queue.h>
#include <sys/time.h>

#include "http-head.h"

struct evconnlistener;
struct evhttp;
struct evhttp_connection;
struct bufferevent;
struct event;
struct event_base;
struct http;

/* Where a connection stands in its stream of requests. */
enum guard_phase {
	GUARD_HEAD,		/* a request's header block is arriving */
	GUARD_BODY,		/* its body (or none) until the routing has it */
	GUARD_ANSWER,		/* being answered: no deadline of ours */
	GUARD_NEXT,		/* answered: the next byte starts a request */
};

struct guard_conn {
	struct http_guard *g;
	struct bufferevent *bev;
	struct evhttp_connection *evcon;	/* NULL once evhttp let go */
	bool attached;			/* attach has run */
	evutil_socket_t fd;
	enum guard_phase phase;
	struct http_block head;		/* the header block so far */
	struct event *deadline;
	struct event *attach;		/* runs once evhttp has set up */
	struct event *kill;		/* closes outside any callback */
	char *refusal;			/* the answer kill sends first */
	bool kill_after_answer;		/* a pipelined request was refused */
	int linger_fd;			/* the socket, kept open by ... */
	bool linger_ref;		/* ... a reference to bev */
	struct event *linger;
	struct timeval linger_until;
	TAILQ_ENTRY(guard_conn) entry;	/* in lingering or dead */
	TAILQ_ENTRY(guard_conn) all;
};
TAILQ_HEAD(guard_conns, guard_conn);
TAILQ_HEAD(guard_all, guard_conn);

struct http_guard {
	struct http *h;
	struct event_base *base;
	struct evconnlistener *lev;
	size_t max;
	size_t open;
	int header_s, body_s;
	bool at_cap;			/* open >= max */
	bool error_pause;		/* accept() failed: paused a while */
	bool enabled;			/* what the listener was last told */
	struct event *resume;
	struct guard_conn **by_fd;	/* for the dispatch to find its own */
	size_t by_fd_len;
	struct guard_all conns;		/* every one not yet freed */
	struct guard_conns lingering;
	struct guard_conns dead;	/* freed after the current callback */
	struct event *reap;
};

/* Registers g as the guard of evh (NULL evh: forgets g). */
void guard_register(struct evhttp *evh, struct http_guard *g);
/* Enables or disables the listener for the cap and the error pause. */
void guard_set_accepting(struct http_guard *g);
/* The accept-error pause is over (g->resume's callback). */
void guard_resume_accepting(evutil_socket_t fd, short what, void *arg);

#endif
