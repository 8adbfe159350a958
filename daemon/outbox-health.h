/* Reminders that wait for a channel the configuration does not have (an
 * email reminder without [smtp] url, a webhook whose section is gone):
 * said plainly by the status answer, /metrics, the dashboard and the
 * journal, so nothing queued waits silently. */
#ifndef TENURED_OUTBOX_HEALTH_H
#define TENURED_OUTBOX_HEALTH_H

#include <stddef.h>
#include <stdint.h>

#include "failure.h"
#include "reminder.h"

struct daemon;

#define OUTBOX_HEALTH_MAX 16

struct outbox_waiting {
	char channel[REMINDER_CHANNEL_LEN];
	int64_t count;
	char reason[REMINDER_CHANNEL_LEN + 32];	/* "no [smtp] url" */
};

struct outbox_health {
	struct outbox_waiting items[OUTBOX_HEALTH_MAX];
	size_t count;
};

/* The pending and retrying reminders of every unconfigured channel. */
int outbox_health_read(struct daemon *d, struct outbox_health *out,
        struct failure *f);
/* Logs one warning per unconfigured channel with reminders waiting (at
 * start and on reload). */
void outbox_health_log(struct daemon *d);

#endif
