/* What deliver.c (the outbox's deliveries) and deliver-test.c (test
 * messages outside the outbox) share. Not for use elsewhere. */
#ifndef TENURED_DELIVER_INTERNAL_H
#define TENURED_DELIVER_INTERNAL_H

#include <stdint.h>

#include "deliver.h"

struct job;
struct unrecorded;

struct deliver {
	struct daemon *d;
	struct curlev *curl;		/* webhooks */
	struct mailer *mailer;		/* email, on its own thread */
	struct job *jobs;		/* in flight */
	struct deliver_test tests[DELIVER_TESTS];
	int next_test;
	struct unrecorded *unrecorded;	/* oldest first */
	int64_t held_until;		/* scheduling clock; 0 = not held */
};

#endif
