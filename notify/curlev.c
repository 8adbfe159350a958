/*
 * curl multi under libevent, the way curl's hiperfifo and curl_libevent
 * examples do it: curl says which sockets it wants watched (the socket
 * callback) and when it next needs a kick (the timer callback); libevent
 * tells curl what happened through curl_multi_socket_action, after which
 * finished transfers are collected. Nothing here waits.
 */
#include "curlev.h"

#include <ctype.h>
#include <event2/event.h>
#include <event2/event_struct.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

/* Connections to one host at most (the deliveries keep fewer webhooks
 * than this in flight). */
#define CURLEV_HOST_CONNECTIONS 64

/* The persistent event of one socket curl has asked us to watch. Kept
 * after curl lets go of the socket (the REMOVE may arrive from inside this
 * very event's callback, where freeing it is not allowed) and reused for
 * the next socket; curlev_free frees them all. */
struct curlev_sock {
	struct event ev;
	struct curlev *c;
	bool active;			/* ev is assigned and added */
	struct curlev_sock *next;
};

struct curlev_xfer {
	struct curlev *c;
	CURL *easy;
	curlev_done_fn done;
	void *arg;
	void (*release)(void *);
	void *resource;
	long retry_after;		/* of the latest response's headers */
	char error[CURL_ERROR_SIZE];
	struct curlev_xfer *prev, *next;
};

struct curlev {
	struct event_base *base;
	CURLM *multi;
	struct event timer;
	struct curlev_xfer *xfers;
	size_t running;
	struct curlev_sock *socks;
	/* Nesting of our own event callbacks: done callbacks run at depth 1,
	 * and a curlev freed there must outlive the callback it is in. */
	int depth;
	bool dying;
};

static void curlev_release_memory(struct curlev *c);

/* How curl wants a socket watched, as libevent flags. */
static short
curlev_events(int what)
{
	short ev = EV_PERSIST;

	if (what & CURL_POLL_IN)
		ev |= EV_READ;
	if (what & CURL_POLL_OUT)
		ev |= EV_WRITE;
	return ev;
}

static void
curlev_xfer_unlink(struct curlev *c, struct curlev_xfer *x)
{
	if (x->prev != NULL)
		x->prev->next = x->next;
	else
		c->xfers = x->next;
	if (x->next != NULL)
		x->next->prev = x->prev;
	x->prev = x->next = NULL;
	c->running--;
}

/* Takes the handle out of the multi and frees it and what it used. */
static void
curlev_xfer_end(struct curlev *c, struct curlev_xfer *x)
{
	curlev_xfer_unlink(c, x);
	curl_multi_remove_handle(c->multi, x->easy);
	curl_easy_cleanup(x->easy);
	if (x->release != NULL)
		x->release(x->resource);
}

/* Reports every finished transfer. Runs after each socket action, since a
 * single action can finish several transfers and curl tells of them only
 * through this queue. */
static void
curlev_drain(struct curlev *c)
{
	struct curlev_result r;
	struct curlev_xfer *x;
	CURLMsg *msg;
	char *priv;
	int left;

	while (!c->dying &&
	    (msg = curl_multi_info_read(c->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		priv = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		x = (struct curlev_xfer *)priv;
		if (x == NULL)
			continue;
		memset(&r, 0, sizeof r);
		r.curl_code = (int)msg->data.result;
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r.status);
		r.retry_after = r.status != 0 ? x->retry_after : -1;
		if (r.curl_code != CURLE_OK)
			snprintf(r.error, sizeof r.error, "%s", x->error[0] != '\0' ?
			    x->error : curl_easy_strerror(msg->data.result));
		/* msg dies with the handle: nothing of it is read below. */
		curlev_xfer_end(c, x);
		x->done(x->arg, &r);
		free(x);
	}
}

static void
curlev_release_cb(evutil_socket_t fd, short what, void *arg)
{
	curlev_release_memory(arg);
}

static void
curlev_action(struct curlev *c, curl_socket_t fd, int action)
{
	int running;

	c->depth++;
	curl_multi_socket_action(c->multi, fd, action, &running);
	curlev_drain(c);
	c->depth--;
	/* Freed from a done callback: we are still inside one of its events
	 * (the timer is part of c), so the memory goes on the next round. */
	if (c->depth == 0 && c->dying &&
	    event_base_once(c->base, -1, EV_TIMEOUT, curlev_release_cb, c,
	    NULL) != 0)
		curlev_release_memory(c);
}

static void
curlev_sock_cb(evutil_socket_t fd, short what, void *arg)
{
	struct curlev_sock *s = arg;
	int action = 0;

	if (what & EV_READ)
		action |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		action |= CURL_CSELECT_OUT;
	curlev_action(s->c, fd, action);
}

static void
curlev_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	curlev_action(arg, CURL_SOCKET_TIMEOUT, 0);
}

static struct curlev_sock *
curlev_sock_get(struct curlev *c)
{
	struct curlev_sock *s;

	for (s = c->socks; s != NULL; s = s->next) {
		if (!s->active)
			return s;
	}
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->c = c;
	s->next = c->socks;
	c->socks = s;
	return s;
}

/* CURLMOPT_SOCKETFUNCTION */
static int
curlev_socket_fn(CURL *easy, curl_socket_t fd, int what, void *userp,
    void *socketp)
{
	struct curlev *c = userp;
	struct curlev_sock *s = socketp;

	if (what == CURL_POLL_REMOVE) {
		if (s != NULL && s->active) {
			event_del(&s->ev);
			s->active = false;
		}
		return 0;
	}
	if (s == NULL) {
		if ((s = curlev_sock_get(c)) == NULL)
			return -1;
		curl_multi_assign(c->multi, fd, s);
	} else if (s->active) {
		event_del(&s->ev);
		s->active = false;
	}
	if (event_assign(&s->ev, c->base, fd, curlev_events(what),
	    curlev_sock_cb, s) != 0 || event_add(&s->ev, NULL) != 0)
		return -1;
	s->active = true;
	return 0;
}

/* CURLMOPT_TIMERFUNCTION: the one timer; curl must not be called from
 * here, so even "now" (0) goes through the loop. */
static int
curlev_timer_fn(CURLM *multi, long timeout_ms, void *userp)
{
	struct curlev *c = userp;
	struct timeval tv;

	if (timeout_ms < 0) {
		evtimer_del(&c->timer);
		return 0;
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	return evtimer_add(&c->timer, &tv) == 0 ? 0 : -1;
}

long
curlev_parse_retry_after(const char *value, size_t len, int64_t now)
{
	char buf[128];
	long long n;
	time_t when;
	size_t i;

	while (len > 0 && (*value == ' ' || *value == '\t')) {
		value++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)value[len - 1]))
		len--;
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, value, len);
	buf[len] = '\0';
	for (i = 0; i < len && isdigit((unsigned char)buf[i]); i++)
		;
	if (i == len) {
		/* Digits alone: delay-seconds, however many of them. */
		n = 0;
		for (i = 0; i < len && n <= CURLEV_RETRY_AFTER_MAX; i++)
			n = n * 10 + (buf[i] - '0');
		return n > CURLEV_RETRY_AFTER_MAX ? CURLEV_RETRY_AFTER_MAX :
		    (long)n;
	}
	if ((when = curl_getdate(buf, NULL)) == (time_t)-1)
		return -1;
	if ((int64_t)when <= now)
		return 0;
	if ((int64_t)when - now > CURLEV_RETRY_AFTER_MAX)
		return CURLEV_RETRY_AFTER_MAX;
	return (long)((int64_t)when - now);
}

/* CURLOPT_HEADERFUNCTION: only Retry-After is wanted, and only from the
 * last response (a 100 Continue comes before the real one). */
static size_t
curlev_header_fn(char *buf, size_t size, size_t n, void *arg)
{
	struct curlev_xfer *x = arg;
	size_t len = size * n;
	static const char name[] = "Retry-After:";

	if (len >= 5 && strncmp(buf, "HTTP/", 5) == 0)
		x->retry_after = -1;
	else if (len >= sizeof name - 1 &&
	    strncasecmp(buf, name, sizeof name - 1) == 0)
		x->retry_after = curlev_parse_retry_after(buf + sizeof name - 1,
		    len - (sizeof name - 1), (int64_t)time(NULL));
	return len;
}

struct curlev *
curlev_new(struct event_base *base)
{
	struct curlev *c;

	if (base == NULL || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	if ((c = calloc(1, sizeof *c)) == NULL)
		goto fail;
	c->base = base;
	if ((c->multi = curl_multi_init()) == NULL)
		goto fail;
	if (evtimer_assign(&c->timer, base, curlev_timer_cb, c) != 0)
		goto fail;
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, curlev_socket_fn);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, curlev_timer_fn);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	/* Transfers beyond this wait in curl for a connection to come free,
	 * rather than each opening its own: a receiver is not flooded, and
	 * the connections are reused (keep-alive). */
	curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)CURLEV_HOST_CONNECTIONS);
	/* Idle connections kept: curl's default (four per transfer running
	 * at the moment one ends) closes most of them as the transfers in
	 * flight ebb, and each next one connects anew. */
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS,
	    (long)CURLEV_HOST_CONNECTIONS);
	return c;
fail:
	if (c != NULL && c->multi != NULL)
		curl_multi_cleanup(c->multi);
	free(c);
	curl_global_cleanup();
	return NULL;
}

/* Ends every transfer and lets go of curl; the memory stays. */
static void
curlev_teardown(struct curlev *c)
{
	struct curlev_sock *s;

	while (c->xfers != NULL) {
		struct curlev_xfer *x = c->xfers;

		curlev_xfer_end(c, x);
		free(x);
	}
	/* Closing cached connections may still call the socket callback. */
	curl_multi_cleanup(c->multi);
	c->multi = NULL;
	evtimer_del(&c->timer);
	for (s = c->socks; s != NULL; s = s->next) {
		if (s->active) {
			event_del(&s->ev);
			s->active = false;
		}
	}
	curl_global_cleanup();
}

static void
curlev_release_memory(struct curlev *c)
{
	struct curlev_sock *s;

	while ((s = c->socks) != NULL) {
		c->socks = s->next;
		free(s);
	}
	free(c);
}

void
curlev_free(struct curlev *c)
{
	if (c == NULL || c->dying)
		return;
	curlev_teardown(c);
	if (c->depth > 0) {
		c->dying = true;
		return;
	}
	curlev_release_memory(c);
}

int
curlev_add_release(struct curlev *c, void *easy, curlev_done_fn done,
    void *arg, void (*release)(void *), void *resource)
{
	struct curlev_xfer *x = NULL;

	if (c == NULL || c->dying || easy == NULL || done == NULL)
		goto fail;
	if ((x = calloc(1, sizeof *x)) == NULL)
		goto fail;
	x->c = c;
	x->easy = easy;
	x->done = done;
	x->arg = arg;
	x->release = release;
	x->resource = resource;
	x->retry_after = -1;
	curl_easy_setopt(easy, CURLOPT_PRIVATE, (char *)x);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, x->error);
	curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, curlev_header_fn);
	curl_easy_setopt(easy, CURLOPT_HEADERDATA, x);
	/* Timeouts through SIGALRM would hit the whole daemon. */
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	if (curl_multi_add_handle(c->multi, easy) != CURLM_OK)
		goto fail;
	x->next = c->xfers;
	if (c->xfers != NULL)
		c->xfers->prev = x;
	c->xfers = x;
	c->running++;
	return 0;
fail:
	free(x);
	if (easy != NULL)
		curl_easy_cleanup(easy);
	if (release != NULL)
		release(resource);
	return -1;
}

int
curlev_add(struct curlev *c, void *easy, curlev_done_fn done, void *arg)
{
	return curlev_add_release(c, easy, done, arg, NULL, NULL);
}

size_t
curlev_running(const struct curlev *c)
{
	return c != NULL ? c->running : 0;
}

bool
curlev_url_ok(const char *url, const char *scheme_a, const char *scheme_b)
{
	const unsigned char *p;
	size_t skip;

	if (strncasecmp(url, scheme_a, strlen(scheme_a)) == 0)
		skip = strlen(scheme_a);
	else if (strncasecmp(url, scheme_b, strlen(scheme_b)) == 0)
		skip = strlen(scheme_b);
	else
		return false;
	/* A host must follow: not a path, not a bare port. */
	if (url[skip] == '\0' || url[skip] == '/' || url[skip] == ':')
		return false;
	for (p = (const unsigned char *)url; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f)
			return false;
	}
	return true;
}
