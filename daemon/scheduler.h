/* The one wall-clock timer (SPEC section 9): a timerfd on CLOCK_REALTIME
 * armed at the next instant something is due, re-armed after every write,
 * and told when the wall clock jumps. Nothing else wakes the daemon. */
#ifndef TENURED_SCHEDULER_H
#define TENURED_SCHEDULER_H

#include <stdint.h>

struct event_base;
struct scheduler;

/* Called when the armed instant (or a clock jump) arrives. */
typedef void (*scheduler_fn)(void *arg);

struct scheduler *scheduler_new(struct event_base *base, scheduler_fn fn,
        void *arg);
void scheduler_free(struct scheduler *s);
/* Arms the timer at instant (scheduling clock), or disarms it for 0. */
int scheduler_arm(struct scheduler *s, int64_t instant);

#endif
