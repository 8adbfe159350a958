/* The TCP guard's cap on connections: the listener stops accepting at
 * max_connections (the crowd waits in the kernel's backlog) and for a
 * while after accept() fails, and each of the two states leaves the
 * other's alone. */
#include "http-guard.h"

#include <event2/event.h>
#include <event2/listener.h>
#include <stdlib.h>

#include "http-guard-internal.h"
#include "log.h"
#include "metrics.h"

/* evhttp passes its listeners' error callback the evhttp: the guards by
 * their evhttp (one per daemon; the fuzz target makes its own). */
#define GUARDS_MAX 4
static struct {
	struct evhttp *evh;
	struct http_guard *g;
} guards[GUARDS_MAX];

struct http_guard *
http_guard_of(struct evhttp *evh)
{
	for (int i = 0; i < GUARDS_MAX; i++) {
		if (guards[i].evh == evh && evh != NULL)
			return guards[i].g;
	}
	return NULL;
}

void
guard_register(struct evhttp *evh, struct http_guard *g)
{
	for (int i = 0; i < GUARDS_MAX; i++) {
		if (guards[i].g == NULL || guards[i].g == g) {
			guards[i].evh = evh;
			guards[i].g = evh != NULL ? g : NULL;
			return;
		}
	}
}

/* The listener accepts unless at the cap or in an accept-error pause;
 * the two are separate so that neither undoes the other. */
void
guard_set_accepting(struct http_guard *g)
{
	bool at_cap = g->open >= g->max, want;

	if (at_cap && !g->at_cap) {
		log_warnx("%zu TCP connections open, the most allowed "
		    "(max_connections): new ones wait until one closes",
		    g->max);
		metrics_http_event(METRICS_HTTP_AT_CAP);
	}
	g->at_cap = at_cap;
	want = !at_cap && !g->error_pause;
	if (g->lev == NULL || want == g->enabled)
		return;
	if (want)
		evconnlistener_enable(g->lev);
	else
		evconnlistener_disable(g->lev);
	g->enabled = want;
}

void
guard_resume_accepting(evutil_socket_t fd, short what, void *arg)
{
	struct http_guard *g = arg;

	g->error_pause = false;
	guard_set_accepting(g);
}

void
http_guard_accept_failed(struct http_guard *g, int seconds)
{
	struct timeval tv = { seconds, 0 };

	g->error_pause = true;
	guard_set_accepting(g);
	evtimer_add(g->resume, &tv);
}

void
http_guard_configure(struct http_guard *g, size_t max_connections,
    int header_timeout, int body_timeout)
{
	g->max = max_connections;
	g->header_s = header_timeout;
	g->body_s = body_timeout;
	guard_set_accepting(g);
}

void
http_guard_watch(struct http_guard *g, struct evconnlistener *lev)
{
	if (g == NULL)
		return;
	g->lev = lev;
	g->enabled = true;
	guard_set_accepting(g);
}

