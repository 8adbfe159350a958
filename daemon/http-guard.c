#include "http-guard.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <unistd.h>

#include "account.h"
#include "auth.h"
#include "daemon.h"
#include "http-head.h"
#include "http-internal.h"
#include "http-routes.h"
#include "i18n.h"
#include "log.h"
#include "metrics.h"

/*
 * evhttp 2.1 has no hook between a request's headers and its body, none
 * when a connection opens, and no deadlines (only an inactivity timeout a
 * byte every minute defeats). What it does offer: it asks us for each
 * connection's bufferevent (evhttp_set_bevcb), it tells us when one closes
 * (evhttp_connection_set_closecb), and the input buffer tells us what each
 * read adds before evhttp's read callback sees it. So the guard counts
 * connections, keeps a copy of each request's header block as it arrives,
 * and decides at its last line, while the body is still unread.
 */

/* After a refusal the client is still sending its body; closing with
 * unread bytes would reset the connection and could cut our answer. The
 * rest is read and thrown away for at most this long. */
#define GUARD_LINGER_S 5

/* Where a connection stands in its stream of requests. */
enum guard_phase {
	GUARD_HEAD,		/* a request's header block is arriving */
	GUARD_WAIT,		/* its body, or its answer */
	GUARD_NEXT,		/* answered: the next byte starts a request */
};

struct guard_conn {
	struct http_guard *g;
	struct bufferevent *bev;
	struct evhttp_connection *evcon;	/* NULL once evhttp let go */
	evutil_socket_t fd;
	enum guard_phase phase;
	struct evbuffer *head;		/* the header block so far */
	struct event *deadline;
	struct event *attach;		/* runs once evhttp has set up */
	struct event *kill;		/* closes outside any callback */
	char *refusal;			/* the answer kill sends first */
	int linger_fd;
	struct event *linger;
	struct timeval linger_until;
	TAILQ_ENTRY(guard_conn) entry;
};
TAILQ_HEAD(guard_conns, guard_conn);

struct http_guard {
	struct http *h;
	struct event_base *base;
	struct evconnlistener *lev;
	size_t max;
	size_t open;
	int header_s, body_s;
	bool paused;
	struct guard_conn **by_fd;	/* for the dispatch to find its own */
	size_t by_fd_len;
	struct guard_conns lingering;
	struct guard_conns dead;	/* freed after the current callback */
	struct event *reap;
};

int
http_guard_accepting(const struct http_guard *g)
{
	return g == NULL || !g->paused;
}

static void
set_accepting(struct http_guard *g)
{
	bool pause = g->open >= g->max;

	if (pause == g->paused || g->lev == NULL)
		return;
	if (pause) {
		evconnlistener_disable(g->lev);
		log_warnx("%zu TCP connections open, the most allowed "
		    "(max_connections): new ones wait until one closes",
		    g->max);
		metrics_http_event(METRICS_HTTP_AT_CAP);
	} else {
		evconnlistener_enable(g->lev);
	}
	g->paused = pause;
}

static void
arm(struct guard_conn *c, int seconds)
{
	struct timeval tv = { seconds, 0 };

	evtimer_add(c->deadline, &tv);
}

static void
reap(evutil_socket_t fd, short what, void *arg)
{
	struct http_guard *g = arg;
	struct guard_conn *c;

	while ((c = TAILQ_FIRST(&g->dead)) != NULL) {
		TAILQ_REMOVE(&g->dead, c, entry);
		if (c->deadline != NULL)
			event_free(c->deadline);
		if (c->attach != NULL)
			event_free(c->attach);
		if (c->kill != NULL)
			event_free(c->kill);
		if (c->linger != NULL)
			event_free(c->linger);
		if (c->head != NULL)
			evbuffer_free(c->head);
		free(c->refusal);
		free(c);
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
	set_accepting(g);
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

static void
linger_read(evutil_socket_t fd, short what, void *arg)
{
	struct guard_conn *c = arg;
	struct timeval now;
	char sink[16384];
	ssize_t n;

	event_base_gettimeofday_cached(c->g->base, &now);
	if (!(what & EV_TIMEOUT) && evutil_timercmp(&now, &c->linger_until,
	    <)) {
		while ((n = read(fd, sink, sizeof sink)) > 0)
			;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			return;
	}
	TAILQ_REMOVE(&c->g->lingering, c, entry);
	close(c->linger_fd);
	c->linger_fd = -1;
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
		close(c->linger_fd);
		c->linger_fd = -1;
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
	if (c->refusal != NULL) {
		/* A fresh connection's send buffer takes a short answer
		 * whole; evhttp's shutdown then ends it with a FIN. */
		(void)send(c->fd, c->refusal, strlen(c->refusal),
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		c->linger_fd = dup(c->fd);
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

/* The refusal of a request whose body was not read: an error body as the
 * routing would answer it, and the connection closes after it. */
static void
refuse(struct guard_conn *c, int status, const char *code,
    const char *message, bool bearer)
{
	json_t *body = http_error_body(code, NULL, message, 0);
	char *text = body != NULL ? json_dumps(body, JSON_COMPACT |
	    JSON_PRESERVE_ORDER) : NULL;
	char *answer = NULL;

	json_decref(body);
	if (text != NULL && asprintf(&answer, "HTTP/1.1 %d %s\r\n"
	    "Content-Type: application/json\r\nCache-Control: no-store\r\n"
	    "%sConnection: close\r\nContent-Length: %zu\r\n\r\n%s\n", status,
	    status == 401 ? "Unauthorized" : status == 403 ? "Forbidden" :
	    "Payload Too Large", bearer ?
	    "WWW-Authenticate: Bearer\r\n" : "", strlen(text) + 1, text) < 0)
		answer = NULL;
	free(text);
	c->refusal = answer;
	metrics_http_event(METRICS_HTTP_BODY_REFUSED);
	event_active(c->kill, EV_TIMEOUT, 0);
}

/* The checks http.c makes of every request (who, then role, then size),
 * made before the body: a request the routing would refuse is refused
 * unread. A store failure lets it through, for the routing to answer. */
static void decide_before_body(struct guard_conn *c,
    const struct http_head *hd, const struct http_route *r);

static void
check_before_body(struct guard_conn *c, const struct http_head *hd)
{
	const struct http_route *r = NULL;
	int64_t id[2];
	char seg[65], allow[64];
	bool known;

	if (hd->path[0] != '\0')
		r = http_route_find(hd->method, hd->path, id, seg, allow,
		    sizeof allow, &known);
	if (r != NULL && r->public)
		return;
	i18n_set_current(lang_from_accept(evhttp_find_header(&hd->headers,
	    "Accept-Language"), LANG_DEFAULT));
	decide_before_body(c, hd, r);
	i18n_set_current(LANG_DEFAULT);
}

static void
decide_before_body(struct guard_conn *c, const struct http_head *hd,
    const struct http_route *r)
{
	struct http *h = c->g->h;
	struct failure f = { 0 };
	struct actor actor;
	char *peer = NULL, message[160];
	ev_uint16_t port;

	evhttp_connection_get_peer(c->evcon, &peer, &port);
	if (auth_identify_headers(h->auth, h->d->store, &hd->headers,
	    peer != NULL ? peer : "?", &actor, &f) != 0) {
		if (f.kind == FAILURE_UNAUTHORIZED)
			refuse(c, 401, failure_code(f.kind), f.message, true);
		return;
	}
	if (r != NULL && !account_role_admits(r->roles, actor.role)) {
		snprintf(message, sizeof message, _("the %s role may not do "
		    "this"), account_role_name(actor.role));
		refuse(c, 403, "forbidden", message, false);
		return;
	}
	/* The routing would refuse it after buffering it whole. */
	if (hd->length > h->max_body) {
		snprintf(message, sizeof message, _("the body has %llu bytes; "
		    "the limit is %zu"), hd->length, h->max_body);
		refuse(c, 413, "too_large", message, false);
	}
}

/* The header block is whole: the body's deadline starts, unless it is
 * refused. */
static void
head_done(struct guard_conn *c, size_t len)
{
	const char *text = (const char *)evbuffer_pullup(c->head, (ssize_t)len);
	struct http_head hd;

	c->phase = GUARD_WAIT;
	if (text == NULL)
		return;
	http_head_parse(text, len, &hd);
	if (hd.has_body) {
		arm(c, c->g->body_s);
		check_before_body(c, &hd);
	}
	http_head_clear(&hd);
	evbuffer_drain(c->head, evbuffer_get_length(c->head));
}

/* Each read, before evhttp's read callback: the new bytes of a header
 * block are copied until its end. */
static void
input_added(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct guard_conn *c = arg;
	size_t len = evbuffer_get_length(buf), had, n = info->n_added;
	struct evbuffer_ptr at;
	char chunk[4096];
	ssize_t end;

	if (n == 0 || info->n_deleted != 0 || n > len)
		return;
	if (c->phase == GUARD_NEXT) {
		c->phase = GUARD_HEAD;
		arm(c, c->g->header_s);
	}
	if (c->phase != GUARD_HEAD)
		return;
	had = evbuffer_get_length(c->head);
	if (had + n > HTTP_HEADERS_MAX) {
		/* evhttp refuses a block this long itself */
		c->phase = GUARD_WAIT;
		evbuffer_drain(c->head, had);
		return;
	}
	if (evbuffer_ptr_set(buf, &at, len - n, EVBUFFER_PTR_SET) != 0)
		return;
	while (n > 0) {
		ev_ssize_t got = evbuffer_copyout_from(buf, &at, chunk,
		    n < sizeof chunk ? n : sizeof chunk);

		if (got <= 0 || evbuffer_add(c->head, chunk, (size_t)got) != 0 ||
		    evbuffer_ptr_set(buf, &at, (size_t)got, EVBUFFER_PTR_ADD) != 0)
			break;
		n -= (size_t)got;
	}
	if ((end = http_head_end(c->head, had > 3 ? had - 3 : 0)) >= 0)
		head_done(c, (size_t)end);
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
	c->bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	c->head = evbuffer_new();
	c->deadline = evtimer_new(base, deadline_passed, c);
	c->attach = event_new(base, -1, 0, attach, c);
	c->kill = event_new(base, -1, 0, kill_now, c);
	if (c->bev == NULL || c->head == NULL || c->deadline == NULL ||
	    c->attach == NULL || c->kill == NULL) {
		if (c->bev != NULL)
			bufferevent_free(c->bev);
		TAILQ_INSERT_TAIL(&g->dead, c, entry);
		reap(-1, 0, g);
		return NULL;
	}
	bufferevent_incref(c->bev);
	event_active(c->attach, EV_TIMEOUT, 0);
	g->open++;
	metrics_http_open(g->open);
	set_accepting(g);
	return c->bev;
}

void
http_guard_dispatched(struct http_guard *g, struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct bufferevent *bev = evcon != NULL ?
	    evhttp_connection_get_bufferevent(evcon) : NULL;
	evutil_socket_t fd = bev != NULL ? bufferevent_getfd(bev) : -1;
	struct guard_conn *c;

	if (g == NULL || fd < 0 || (size_t)fd >= g->by_fd_len ||
	    (c = g->by_fd[fd]) == NULL || c->evcon != evcon)
		return;
	evtimer_del(c->deadline);
	evbuffer_drain(c->head, evbuffer_get_length(c->head));
	/* A request sent right behind this one is partly read already: its
	 * headers and body share one deadline. */
	if (evbuffer_get_length(bufferevent_get_input(bev)) == 0) {
		c->phase = GUARD_NEXT;
	} else {
		c->phase = GUARD_WAIT;
		arm(c, g->header_s);
	}
}

void
http_guard_configure(struct http_guard *g, size_t max_connections,
    int header_timeout, int body_timeout)
{
	g->max = max_connections;
	g->header_s = header_timeout;
	g->body_s = body_timeout;
	set_accepting(g);
}

void
http_guard_watch(struct http_guard *g, struct evconnlistener *lev)
{
	g->lev = lev;
	g->paused = false;
	set_accepting(g);
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
	TAILQ_INIT(&g->lingering);
	TAILQ_INIT(&g->dead);
	if ((g->reap = event_new(g->base, -1, 0, reap, g)) == NULL) {
		free(g);
		return NULL;
	}
	evhttp_set_bevcb(evh, conn_new, g);
	return g;
}

/* After evhttp_free, which closed every connection it held. */
void
http_guard_free(struct http_guard *g)
{
	struct guard_conn *c;

	if (g == NULL)
		return;
	while ((c = TAILQ_FIRST(&g->lingering)) != NULL) {
		TAILQ_REMOVE(&g->lingering, c, entry);
		close(c->linger_fd);
		c->linger_fd = -1;
		release(c);
	}
	reap(-1, 0, g);
	event_free(g->reap);
	free(g->by_fd);
	free(g);
}
