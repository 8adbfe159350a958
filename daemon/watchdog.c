#include "watchdog.h"

#include <errno.h>
#include <event2/event.h>
#include <stdint.h>
#include <stdlib.h>
#include <systemd/sd-daemon.h>

#include "log.h"

struct watchdog {
	struct event *timer;
};

/* A persistent libevent timer on the monotonic clock: a wall-clock step
 * neither delays nor hurries it. A loop stuck in one callback sends
 * nothing, which is what systemd is watching for. */
static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	sd_notify(0, "WATCHDOG=1");
}

int
watchdog_start(struct event_base *base, struct watchdog **out)
{
	struct watchdog *w;
	struct timeval half;
	uint64_t usec = 0;
	int r;

	*out = NULL;
	/* WATCHDOG_PID naming another process means the watchdog is not
	 * ours; sd_watchdog_enabled says 0 then. */
	if ((r = sd_watchdog_enabled(0, &usec)) < 0) {
		errno = -r;
		log_warn("WATCHDOG_USEC or WATCHDOG_PID");
		return -1;
	}
	if (r == 0)
		return 0;
	usec /= 2;
	half.tv_sec = (time_t)(usec / 1000000);
	half.tv_usec = (suseconds_t)(usec % 1000000);
	if ((w = calloc(1, sizeof *w)) == NULL ||
	    (w->timer = event_new(base, -1, EV_PERSIST, on_tick, w)) == NULL ||
	    event_add(w->timer, &half) != 0) {
		log_warnx("cannot arm the watchdog timer");
		watchdog_free(w);
		return -1;
	}
	sd_notify(0, "WATCHDOG=1");
	log_info("watchdog: WATCHDOG=1 every %llu ms",
	    (unsigned long long)(usec / 1000));
	*out = w;
	return 0;
}

void
watchdog_free(struct watchdog *w)
{
	if (w == NULL)
		return;
	if (w->timer != NULL)
		event_free(w->timer);
	free(w);
}
