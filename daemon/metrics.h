/* /metrics: the database's counts (read at each scrape) and the counters
 * kept in memory since start, in the Prometheus text format 0.0.4. */
#ifndef TENURED_METRICS_H
#define TENURED_METRICS_H

#include "failure.h"
#include "store.h"

struct daemon;
struct evbuffer;

/* One delivery attempt of an outbox row ended: channel as the outbox has
 * it ("email", "webhook:NAME"), result the state it left the row in
 * (OUTBOX_SENT, OUTBOX_RETRYING, OUTBOX_DEAD, OUTBOX_EXPIRED ...). */
void metrics_delivery(const char *channel, enum outbox_status result);
/* A request for a feed URL was answered with this HTTP status. */
void metrics_feed_request(int status);

/* The TCP guard (http-guard.c): connections open now, and its events. */
enum metrics_http_event {
	METRICS_HTTP_DEADLINE,		/* closed: headers or body too slow */
	METRICS_HTTP_BODY_REFUSED,	/* answered before its body was read */
	METRICS_HTTP_AT_CAP,		/* accepting paused at max_connections */
	METRICS_HTTP_EVENT_COUNT
};
void metrics_http_open(size_t open);
void metrics_http_event(enum metrics_http_event e);

/* Appends every metric to out. */
int metrics_render(struct daemon *d, struct evbuffer *out, struct failure *f);

#endif
