#include "scheduler.h"

#include <errno.h>
#include <event2/event.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

struct scheduler {
	int fd;
	struct event *ev;
	struct scheduler_source sources[SCHEDULER_SOURCES_MAX];
	int count;
	bool stopped;
};

static int arm(struct scheduler *s, int64_t instant);

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct scheduler *s = arg;
	uint64_t expirations;
	ssize_t n = read(fd, &expirations, sizeof expirations);

	/* ECANCELED: the wall clock was set (NTP step, resume from
	 * suspend). Either way, look again at what is due now. */
	if (n < 0 && errno == ECANCELED)
		log_info("the wall clock changed: looking again at what is due");
	else if (n < 0 && errno == EAGAIN)
		return;
	if (s->stopped)
		return;
	for (int i = 0; i < s->count; i++)
		s->sources[i].run(s->sources[i].arg);
	scheduler_rearm(s);
}

struct scheduler *
scheduler_new(struct event_base *base)
{
	struct scheduler *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
	if (s->fd < 0 ||
	    (s->ev = event_new(base, s->fd, EV_READ | EV_PERSIST, on_timer,
	    s)) == NULL || event_add(s->ev, NULL) != 0) {
		scheduler_free(s);
		return NULL;
	}
	return s;
}

void
scheduler_free(struct scheduler *s)
{
	if (s == NULL)
		return;
	if (s->ev != NULL)
		event_free(s->ev);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

int
scheduler_add(struct scheduler *s, const struct scheduler_source *src)
{
	if (s->count == SCHEDULER_SOURCES_MAX)
		return -1;
	s->sources[s->count++] = *src;
	return 0;
}

void
scheduler_rearm(struct scheduler *s)
{
	int64_t next = 0;

	if (s == NULL || s->stopped)
		return;
	for (int i = 0; i < s->count; i++) {
		int64_t due = s->sources[i].next_due(s->sources[i].arg);

		if (due != 0 && (next == 0 || due < next))
			next = due;
	}
	arm(s, next);
}

void
scheduler_stop(struct scheduler *s)
{
	if (s != NULL)
		s->stopped = true;
}

/* Arms the timer at instant (scheduling clock), or far away for 0. */
static int
arm(struct scheduler *s, int64_t instant)
{
	struct itimerspec its;
	int64_t real;

	memset(&its, 0, sizeof its);
	if (instant != 0) {
		/* The timer runs on the real clock; the plan on the
		 * scheduling clock, which is the real one shifted. */
		real = instant - (clock_schedule() - clock_real());
		its.it_value.tv_sec = real > 0 ? (time_t)real : 1;
	}
	/* Even disarmed, the timer stays set far away so that clock jumps
	 * are still reported. */
	if (instant == 0)
		its.it_value.tv_sec = (time_t)clock_real() + 10L * 365 * 86400;
	if (timerfd_settime(s->fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
	    &its, NULL) != 0) {
		log_warn("arming the scheduler");
		return -1;
	}
	return 0;
}
