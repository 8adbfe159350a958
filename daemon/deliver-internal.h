/* What deliver.c (the outbox's deliveries), deliver-record.c (their
 * outcomes) and deliver-test.c (test messages outside the outbox) share.
 * Not for use elsewhere. */
#ifndef TENURED_DELIVER_INTERNAL_H
#define TENURED_DELIVER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event_struct.h>

#include "deliver.h"
#include "store.h"

struct job;
struct unrecorded;

struct deliver {
	struct daemon *d;
	struct curlev *curl;		/* webhooks */
	struct mailer *mailer;		/* email, on its own thread */
	struct job *jobs;		/* in flight */
	int webhooks;			/* of the jobs, webhooks */
	struct deliver_test tests[DELIVER_TESTS];
	int next_test;
	struct unrecorded *unrecorded;	/* oldest first */
	struct unrecorded *unrecorded_tail;
	size_t unrecorded_count;
	struct event turn;		/* records them; active when any wait */
	int64_t held_until;		/* scheduling clock; 0 = not held */
	int64_t renewed_at;		/* claims last renewed (shared database) */
};

/* deliver-lease.c. On a database several daemons share, renews the
 * claims on the rows in flight while any are. */
int deliver_lease_start(struct deliver *dl);
/* Rows were claimed: their lease counts from now. */
void deliver_lease_claimed(struct deliver *dl);

/* deliver-record.c. Keeps an outcome to be recorded; false when even
 * that is impossible (out of memory). */
bool deliver_record_keep(struct deliver *dl, int64_t id,
        enum outbox_status status, int64_t next, const char *error);
/* Runs deliver_turn at the next turn of the loop. */
void deliver_record_soon(struct deliver *dl);
/* Drops the oldest kept outcome. */
void deliver_record_pop(struct deliver *dl);
/* Commits the kept outcomes; -1 (they stay kept) when the store refuses
 * writes. */
int deliver_record_all(struct deliver *dl);

#endif
