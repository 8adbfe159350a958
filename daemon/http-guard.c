#include "http-guard.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "http-guard-check.h"
#include "http-guard-internal.h"
#include "http-head.h"
#include "http-internal.h"
#include "log.h"
#include "metrics.h"

/*
 * evhttp 2.1 has no hook between a request's headers and its body, none
 * when a connection opens, and no deadlines (only an inactivity timeout a
 * byte every minute defeats). What it does offer: it asks us for each
 * connection's bufferevent (evhttp_set_bevcb), it tells us when one closes
 * (evhttp_connection_set_closecb) and when an answer has gone out
 * (evhttp_request_set_on_complete_cb), and the input buffer tells us what
 * each read adds before evhttp's read callback sees it. So the guard
 * counts connections, keeps a copy of each request's header block as it
 * arrives, and decides at its last line, while the body is still unread
 * (http-guard-check.c).
 */

/* After a refusal the client is still sending its body; closing with
 * unread bytes would reset the connection and could cut our answer. The
 * rest is read and thrown away for at most this long. */
#define GUARD_LINGER_S 5
#define GUARD_LINGER_READS 16		/* per wake-up, then others' turn */

static void
arm(struct guard_conn *c, int seconds)
{
	struct timeval tv = { seconds, 0 };

	evtimer_add(c->deadline, &tv);
}

static void
conn_free(struct guard_conn *c)
{
	TAILQ_REMOVE(&c->g->conns, c, all);
	if (c->deadline != NULL)
		event_free(c->deadline);
	if (c->attach != NULL)
		event_free(c->attach);
	if (c->kill != NULL)
		event_free(c->kill);
	if (c->linger != NULL)
		event_free(c->linger);
	http_block_free(&c->head);
	free(c->refusal);
	free(c);
}

static void
reap(evutil_socket_t fd, short what, void *arg)
{
	struct http_guard *g = arg;
	struct guard_conn *c;

	while ((c = TAILQ_FIRST(&g->dead)) != NULL) {
		TAILQ_REMOVE(&g->dead, c, entry);
		conn_free(c);
	}
}

/* The connection is over for good: it stops counting, and its memory goes
 * once the current callback (perhaps one of its own events) is over. */
static void
release(struct guard_conn *c)
{
	struct http_guard *g = c->g;

	evtimer_del(c->deadline);
	event_del(c->attach);
	event_del(c->kill);
	if (c->linger != NULL)
		event_del(c->linger);
	g->open--;
	metrics_http_open(g->open);
	guard_set_accepting(g);
	TAILQ_INSERT_TAIL(&g->dead, c, entry);
	event_active(g->reap, EV_TIMEOUT, 0);
}

static void input_added(struct evbuffer *buf,
    const struct evbuffer_cb_info *info, void *arg);

/* evhttp is done with the connection (closed by either side, or by kill):
 * it forgets the guard before its bufferevent goes. */
static void
conn_closed(struct evhttp_connection *evcon, void *arg)
{
	struct guard_conn *c = arg;
	struct http_guard *g = c->g;

	evbuffer_remove_cb(bufferevent_get_input(c->bev), input_added, c);
	if (c->fd >= 0 && (size_t)c->fd < g->by_fd_len && g->by_fd[c->fd] == c)
		g->by_fd[c->fd] = NULL;
	c->evcon = NULL;
	if (c->linger_fd < 0)
		release(c);
}

/* The bufferevent goes, and the socket with it. */
static void
end_linger(struct guard_conn *c)
{
	if (c->linger != NULL)
		event_del(c->linger);
	if (c->linger_ref)
		bufferevent_decref(c->bev);
	c->linger_ref = false;
	c->linger_fd = -1;
}

static void
linger_read(evutil_socket_t fd, short what, void *arg)
{
	struct guard_conn *c = arg;
	struct timeval now;
	char sink[16384];
	ssize_t n = 1;

	event_base_gettimeofday_cached(c->g->base, &now);
	if (!(what & EV_TIMEOUT) && evutil_timercmp(&now, &c->linger_until,
	    <)) {
		for (int i = 0; i < GUARD_LINGER_READS &&
		    (n = read(fd, sink, sizeof sink)) > 0; i++)
			;
		if (n > 0 || (n < 0 && (errno == EAGAIN ||
		    errno == EWOULDBLOCK || errno == EINTR)))
			return;
	}
	TAILQ_REMOVE(&c->g->lingering, c, entry);
	end_linger(c);
	release(c);
}

static void
linger(struct guard_conn *c)
{
	struct timeval tv = { GUARD_LINGER_S, 0 };

	event_base_gettimeofday_cached(c->g->base, &c->linger_until);
	evutil_timeradd(&c->linger_until, &tv, &c->linger_until);
	c->linger = event_new(c->g->base, c->linger_fd, EV_READ | EV_PERSIST,
	    linger_read, c);
	if (c->linger == NULL || event_add(c->linger, &tv) != 0) {
		end_linger(c);
		release(c);
		return;
	}
	TAILQ_INSERT_TAIL(&c->g->lingering, c, entry);
}

/* Closes the connection from outside evhttp's callbacks, after sending
 * the refusal if there is one. */
static void
kill_now(evutil_socket_t fd, short what, void *arg)
{
	struct guard_conn *c = arg;

	if (c->evcon == NULL)
		return;
	evtimer_del(c->deadline);
	if (c->refusal != NULL) {
		/* A short answer fits the socket's send buffer whole (the
		 * previous answer on it has gone out); evhttp's shutdown
		 * then ends it with a FIN. */
		(void)send(c->fd, c->refusal, strlen(c->refusal),
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		/* evhttp frees the connection; a reference of ours keeps
		 * its bufferevent, which closes the socket when it goes
		 * (no dup: the event loop's epoll changelist must never
		 * see two descriptors of one socket) */
		bufferevent_incref(c->bev);
		c->linger_ref = true;
		c->linger_fd = c->fd;
	}
	evhttp_connection_free(c->evcon);
	if (c->linger_fd >= 0)
		linger(c);
}

static void
deadline_passed(evutil_socket_t fd, short what, void *arg)
{
	struct guard_conn *c = arg;

	log_debug("closing a TCP connection: its request's %s took longer "
	    "than %d s", c->phase == GUARD_HEAD ? "headers" : "body",
	    c->phase == GUARD_HEAD ? c->g->header_s : c->g->body_s);
	metrics_http_event(METRICS_HTTP_DEADLINE);
	event_active(c->kill, EV_TIMEOUT, 0);
}

/* Sends answer (taken) and closes: now, or once the answer to the request
 * before it has gone out. */
static void
refuse(struct guard_conn *c, char *answer)
{
	free(c->refusal);
	c->refusal = answer;
	metrics_http_event(METRICS_HTTP_BODY_REFUSED);
	if (c->phase == GUARD_ANSWER)
		c->kill_after_answer = true;
	else
		event_active(c->kill, EV_TIMEOUT, 0);
}

/* The header block of len bytes is whole: the body's deadline starts,
 * unless the request is refused. */
static void
head_done(struct guard_conn *c, size_t len, bool answering)
{
	const char *text = http_block_text(&c->head, len);
	char *peer = NULL, *answer;
	struct http_head hd;
	ev_uint16_t port;

	if (text == NULL)
		return;
	if (!http_head_names_a_body(text, len)) {
		http_block_reset(&c->head);
		if (!answering)
			c->phase = GUARD_BODY;
		return;
	}
	http_head_parse(text, len, &hd);
	http_block_reset(&c->head);
	if (!answering) {
		c->phase = GUARD_BODY;
		if (hd.has_body)
			arm(c, c->g->body_s);
	}
	evhttp_connection_get_peer(c->evcon, &peer, &port);
	if ((answer = http_guard_check(c->g->h, &hd, peer != NULL ? peer :
	    "?")) != NULL)
		refuse(c, answer);
	http_head_clear(&hd);
}

/* Bytes [from, from + n) of buf continue a header block: at its end,
 * decide. */
static void
take_head(struct guard_conn *c, struct evbuffer *buf, size_t from, size_t n,
    bool answering)
{
	size_t len;

	switch (http_block_add(&c->head, buf, from, n, &len)) {
	case HTTP_BLOCK_WHOLE:
		head_done(c, len, answering);
		break;
	case HTTP_BLOCK_TOO_LONG:
		refuse(c, http_guard_too_long());
		break;
	case HTTP_BLOCK_MORE:
		break;
	}
}

/* Each read, before evhttp's read callback: the new bytes of a header
 * block are copied until its end. */
static void
input_added(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct guard_conn *c = arg;
	size_t len = evbuffer_get_length(buf), n = info->n_added;

	if (n == 0 || info->n_deleted != 0 || n > len)
		return;
	if (c->phase == GUARD_NEXT) {
		c->phase = GUARD_HEAD;
		arm(c, c->g->header_s);
	}
	if (c->phase == GUARD_HEAD)
		take_head(c, buf, len - n, n, false);
}

/* The answer is out. What the client sent behind the request (pipelined)
 * is the next request's start: its header deadline runs from now, and
 * its block, if whole, is decided before evhttp reads on. */
static void
answered(struct evhttp_request *req, void *arg)
{
	struct guard_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(c->bev);
	size_t left = evbuffer_get_length(in);

	if (c->kill_after_answer) {
		event_active(c->kill, EV_TIMEOUT, 0);
		return;
	}
	if (left == 0) {
		c->phase = GUARD_NEXT;
		return;
	}
	c->phase = GUARD_HEAD;
	arm(c, c->g->header_s);
	take_head(c, in, 0, left, false);
}

bool
http_guard_dispatched(struct http_guard *g, struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct bufferevent *bev = evcon != NULL ?
	    evhttp_connection_get_bufferevent(evcon) : NULL;
	evutil_socket_t fd = bev != NULL ? bufferevent_getfd(bev) : -1;
	struct guard_conn *c;

	if (g == NULL || fd < 0 || (size_t)fd >= g->by_fd_len)
		return true;
	if ((c = g->by_fd[fd]) == NULL || c->evcon != evcon)
		return true;
	/* Refused already: its body came in the read that ended its
	 * headers, before kill could run. It is not answered twice. */
	if (c->refusal != NULL)
		return false;
	evtimer_del(c->deadline);
	http_block_reset(&c->head);
	c->phase = GUARD_ANSWER;
	evhttp_request_set_on_complete_cb(req, answered, c);
	return true;
}

static bool
remember(struct http_guard *g, struct guard_conn *c)
{
	if ((size_t)c->fd >= g->by_fd_len) {
		size_t n = (size_t)c->fd * 2 + 16;
		struct guard_conn **grown = realloc(g->by_fd, n * sizeof *grown);

		if (grown == NULL)
			return false;
		memset(grown + g->by_fd_len, 0, (n - g->by_fd_len) *
		    sizeof *grown);
		g->by_fd = grown;
		g->by_fd_len = n;
	}
	g->by_fd[c->fd] = c;
	return true;
}

/* evhttp has set the connection up by now (or dropped it at once). */
static void
attach(evutil_socket_t unused, short what, void *arg)
{
	struct guard_conn *c = arg;
	bufferevent_data_cb readcb;
	void *evcon = NULL;

	c->attached = true;
	bufferevent_getcb(c->bev, &readcb, NULL, NULL, &evcon);
	c->fd = bufferevent_getfd(c->bev);
	if (readcb == NULL || evcon == NULL || c->fd < 0 ||
	    !remember(c->g, c)) {
		bufferevent_decref(c->bev);
		release(c);
		return;
	}
	c->evcon = evcon;
	evhttp_connection_set_closecb(c->evcon, conn_closed, c);
	evbuffer_add_cb(bufferevent_get_input(c->bev), input_added, c);
	arm(c, c->g->header_s);
	/* evhttp holds it now, and tells us when it lets go */
	bufferevent_decref(c->bev);
}

/* evhttp asks for a new connection's bufferevent: the guard keeps a
 * reference until attach has run, so that a connection evhttp drops at
 * once cannot leave it a stale pointer. */
static struct bufferevent *
conn_new(struct event_base *base, void *arg)
{
	struct http_guard *g = arg;
	struct guard_conn *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->g = g;
	c->fd = -1;
	c->linger_fd = -1;
	c->phase = GUARD_HEAD;
	TAILQ_INSERT_TAIL(&g->conns, c, all);
	c->bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	http_block_init(&c->head);
	c->deadline = evtimer_new(base, deadline_passed, c);
	c->attach = event_new(base, -1, 0, attach, c);
	c->kill = event_new(base, -1, 0, kill_now, c);
	if (c->bev == NULL || c->head.buf == NULL || c->deadline == NULL ||
	    c->attach == NULL || c->kill == NULL) {
		if (c->bev != NULL)
			bufferevent_free(c->bev);
		conn_free(c);
		return NULL;
	}
	bufferevent_incref(c->bev);
	event_active(c->attach, EV_TIMEOUT, 0);
	g->open++;
	metrics_http_open(g->open);
	guard_set_accepting(g);
	return c->bev;
}

struct http_guard *
http_guard_new(struct http *h, struct evhttp *evh)
{
	struct http_guard *g = calloc(1, sizeof *g);

	if (g == NULL)
		return NULL;
	g->h = h;
	g->base = h->d->base;
	g->max = 256;
	g->header_s = 10;
	g->body_s = 30;
	TAILQ_INIT(&g->conns);
	TAILQ_INIT(&g->lingering);
	TAILQ_INIT(&g->dead);
	g->reap = event_new(g->base, -1, 0, reap, g);
	g->resume = evtimer_new(g->base, guard_resume_accepting, g);
	if (g->reap == NULL || g->resume == NULL) {
		if (g->reap != NULL)
			event_free(g->reap);
		free(g);
		return NULL;
	}
	evhttp_set_bevcb(evh, conn_new, g);
	guard_register(evh, g);
	return g;
}

/* After evhttp_free, which closed every connection it held (the listener
 * went first: http_guard_watch(g, NULL) before it). */
void
http_guard_free(struct http_guard *g)
{
	struct guard_conn *c;

	if (g == NULL)
		return;
	g->lev = NULL;
	guard_register(NULL, g);
	while ((c = TAILQ_FIRST(&g->lingering)) != NULL) {
		TAILQ_REMOVE(&g->lingering, c, entry);
		end_linger(c);
		release(c);
	}
	reap(-1, 0, g);
	/* accepted in the loop's last turn: attach never ran */
	while ((c = TAILQ_FIRST(&g->conns)) != NULL) {
		if (!c->attached)
			bufferevent_decref(c->bev);
		conn_free(c);
	}
	event_free(g->reap);
	event_free(g->resume);
	free(g->by_fd);
	free(g);
}
