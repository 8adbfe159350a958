/* SMTP transfers on a worker thread of their own. libcurl 7.88 waits for
 * the reply to the end of DATA, and to QUIT, in blocking polls
 * (curl/curl#8555), so a slow mail server must never run inside the event
 * loop. Messages go out one after another over one connection while more
 * are queued (a batch); the connection is closed (QUIT) once the queue runs
 * dry. Results come back to the loop through a pipe, so the thread wakes
 * nothing while idle. */
#ifndef TENURED_MAILER_H
#define TENURED_MAILER_H

#include <stddef.h>

#include "curlev.h"
#include "failure.h"

struct event_base;
struct email_server;
struct mailer;

/* Takes a reference on curl_global_init; NULL when the thread or the pipe
 * cannot be had. */
struct mailer *mailer_new(struct event_base *base);
/* For a clean stop: takes no more queued messages, gives the one on the
 * wire up to grace_s seconds to finish (then aborts it), and calls the
 * done callback of every message that ended, from inside this call. The
 * queued ones are dropped without a callback. */
void mailer_stop(struct mailer *m, int grace_s);
/* Without mailer_stop first: aborts the message on the wire (curl checks
 * about once a second) and calls no done callback. Joins the thread. */
void mailer_free(struct mailer *m);
/* Queues one message (copied) from s's from address to one address, with
 * s's url, STARTTLS mode, credentials, CA file and timeout (all copied).
 * done is called once from the loop, never from inside this call, with
 * the last SMTP reply code in status (250 on success, the 4xx/5xx that
 * ended it, 0 when none came) and curl's code. -1 (done not called) with
 * f set when the message cannot be queued. */
int mailer_send(struct mailer *m, const struct email_server *s,
        const char *from, const char *to, const char *message, size_t len,
        curlev_done_fn done, void *arg, struct failure *f);
/* Messages queued or on the wire. */
size_t mailer_pending(struct mailer *m);
/* SMTP connections opened since mailer_new (for tests and benchmarks). */
size_t mailer_connections(struct mailer *m);

#endif
