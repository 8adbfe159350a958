/* systemd's watchdog (WatchdogSec=): WATCHDOG=1 at half the interval
 * sd_watchdog_enabled() gives. Without one asked for, there is no timer
 * at all, so an idle daemon stays asleep. */
#ifndef TENURED_WATCHDOG_H
#define TENURED_WATCHDOG_H

struct event_base;
struct watchdog;

/* Sets *out to the running watchdog, or to NULL when none is asked for;
 * -1 (logged) when one is asked for and cannot be kept. */
int watchdog_start(struct event_base *base, struct watchdog **out);
void watchdog_free(struct watchdog *w);

#endif
