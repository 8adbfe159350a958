/* Several daemons on one PostgreSQL database (SPEC section 14): this one
 * hears the others' writes and acts on them as on its own (the counts are
 * read again, the scheduler re-arms, feeds render again after a change of
 * what they show), and when the connection is lost it tries again with
 * backoff and says so. On SQLite there is nothing to hear. */
#include "cluster.h"

#include <event2/event.h>
#include <stdlib.h>
#include <systemd/sd-daemon.h>

#include "daemon.h"
#include "feeds.h"
#include "log.h"
#include "scheduler.h"
#include "store.h"

/* Seconds between tries: 1, 2, 4 ... up to this. */
#define CLUSTER_BACKOFF_MAX_S 30

struct cluster {
	struct daemon *d;
	struct event *heard;		/* the listener's socket is readable */
	struct event *retry;		/* the next try to connect again */
	int backoff;
};

static void on_heard(evutil_socket_t fd, short what, void *arg);

static int
watch(struct cluster *c)
{
	int fd = store_listen_fd(c->d->store);

	if (c->heard != NULL)
		event_free(c->heard);
	c->heard = NULL;
	if (fd < 0)
		return 0;
	c->heard = event_new(c->d->base, fd, EV_READ | EV_PERSIST, on_heard, c);
	return c->heard != NULL && event_add(c->heard, NULL) == 0 ? 0 : -1;
}

static void
try_again_in(struct cluster *c)
{
	struct timeval tv;

	c->backoff = c->backoff == 0 ? 1 : c->backoff * 2;
	if (c->backoff > CLUSTER_BACKOFF_MAX_S)
		c->backoff = CLUSTER_BACKOFF_MAX_S;
	tv = (struct timeval){ .tv_sec = c->backoff };
	evtimer_add(c->retry, &tv);
	sd_notifyf(0, "STATUS=database connection lost; trying again in %d s",
	    c->backoff);
}

/* Whatever changed while this daemon could not hear of it. */
static void
all_changed(struct daemon *d)
{
	feeds_sync(d->feeds);
	scheduler_rearm(d->scheduler);
	daemon_status(d);
}

static void
on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct cluster *c = arg;
	struct failure f = { 0 };

	(void)fd;
	(void)what;
	if (c->d->stopping)
		return;
	if (store_reconnect(c->d->store, &f) != 0 || watch(c) != 0) {
		log_warnx("database: %s", f.message);
		try_again_in(c);
		return;
	}
	log_info("database connection back after a loss");
	c->backoff = 0;
	all_changed(c->d);
}

static void
lost(struct cluster *c)
{
	event_free(c->heard);
	c->heard = NULL;
	log_warnx("database: the connection is lost; trying again");
	try_again_in(c);
}

static void
on_heard(evutil_socket_t fd, short what, void *arg)
{
	struct cluster *c = arg;
	int changed = store_listen_drain(c->d->store);

	(void)fd;
	(void)what;
	if (changed < 0) {
		lost(c);
		return;
	}
	if (changed & STORE_CHANGED_DATA) {
		all_changed(c->d);
		return;
	}
	/* Deliveries only: what is due next moved. */
	if (changed & STORE_CHANGED_OUTBOX)
		scheduler_rearm(c->d->scheduler);
}

void
cluster_lost(struct cluster *c)
{
	/* A try is planned already: it retries both connections. */
	if (c == NULL || evtimer_pending(c->retry, NULL) ||
	    !store_shared(c->d->store))
		return;
	log_warnx("database: a statement found the connection lost; trying "
	    "again");
	try_again_in(c);
}

struct cluster *
cluster_start(struct daemon *d, struct failure *f)
{
	struct cluster *c = calloc(1, sizeof *c);

	if (c == NULL) {
		failure_set(f, FAILURE_INTERNAL, NULL, "out of memory");
		return NULL;
	}
	c->d = d;
	if ((c->retry = evtimer_new(d->base, on_retry, c)) == NULL ||
	    store_listen_start(d->store, f) != 0 || watch(c) != 0) {
		if (f->message[0] == '\0')
			failure_set(f, FAILURE_INTERNAL, NULL,
			    "cannot watch the database's notifications");
		cluster_free(c);
		return NULL;
	}
	return c;
}

void
cluster_free(struct cluster *c)
{
	if (c == NULL)
		return;
	if (c->heard != NULL)
		event_free(c->heard);
	if (c->retry != NULL)
		event_free(c->retry);
	free(c);
}
