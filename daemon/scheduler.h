/* The one wall-clock timer (SPEC section 9): a timerfd on CLOCK_REALTIME
 * armed at the earliest instant one of its timed sources (feeds, the
 * digest, deliveries) says it is next due, re-armed after every write, and
 * told when the wall clock jumps. Nothing else wakes the daemon. */
#ifndef TENURED_SCHEDULER_H
#define TENURED_SCHEDULER_H

#include <stdint.h>

struct event_base;
struct scheduler;

/* A timed source. next_due: the next instant it has something to do
 * (scheduling clock), 0 for nothing; run: does what is due by now (it
 * looks at the clock itself: a clock jump runs every source). */
struct scheduler_source {
	const char *name;
	int64_t (*next_due)(void *arg);
	void (*run)(void *arg);
	void *arg;
};

#define SCHEDULER_SOURCES_MAX 8

struct scheduler *scheduler_new(struct event_base *base);
void scheduler_free(struct scheduler *s);
/* Adds a source (copied); they run in the order added. -1 when full. */
int scheduler_add(struct scheduler *s, const struct scheduler_source *src);
/* Asks every source and arms the timer at the earliest instant (NULL s,
 * or a stopped one: nothing). */
void scheduler_rearm(struct scheduler *s);
/* From now on nothing is armed again (the daemon is stopping). */
void scheduler_stop(struct scheduler *s);

#endif
