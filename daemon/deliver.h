/* Sends what the outbox says is due, through curlev, and records each
 * result in the store as it arrives. The scheduler wakes it; it asks the
 * scheduler to wake it again at the next due instant. */
#ifndef TENURED_DELIVER_H
#define TENURED_DELIVER_H

#include <stdint.h>

struct daemon;
struct deliver;

struct deliver *deliver_new(struct daemon *d);
/* Leaves unfinished deliveries to be sent again at the next start. */
void deliver_free(struct deliver *dl);
/* Claims and starts what is due now. */
void deliver_run(struct deliver *dl);
/* The next instant a reminder is due (scheduling clock), or 0. */
int64_t deliver_next_due(struct deliver *dl);

/* Channels this build can deliver, as a LIKE pattern for the outbox. */
#define DELIVER_CHANNELS "webhook:%"

#endif
