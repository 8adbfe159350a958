/* What deliver.c (the outbox's deliveries) and deliver-test.c (test
 * messages outside the outbox) share. Not for use elsewhere. */
#ifndef TENURED_DELIVER_INTERNAL_H
#define TENURED_DELIVER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <event2/event_struct.h>

#include "deliver.h"

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
};

#endif
