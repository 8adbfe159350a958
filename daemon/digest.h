/* The daily digest's clock and rows (SPEC section 5). At the configured
 * time of each working day one outbox row per recipient is planned; the
 * deliverer sends it like any email, and what it lists is read then. */
#ifndef TENURED_DIGEST_H
#define TENURED_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "failure.h"

struct daemon;
struct outbox_row;

/* After start and reload: the next digest is today's when today is a
 * working day (at once when its time has passed: a digest missed while
 * the daemon was down is caught up), else the next working day's. */
void digest_reset(struct daemon *d);
/* Registers the digest with the scheduler as a timed source (its next
 * instant: when rows are planned next, none while no digest is set) and
 * resets it. */
int digest_start(struct daemon *d);
/* When that instant has come: today's rows, and the next instant. */
void digest_plan_due(struct daemon *d);
/* The email of a digest row, malloc'd into *msg; 1 (nothing in *msg) when
 * there is nothing to say, -1 with f set when it cannot be built. */
int digest_message(struct daemon *d, const struct outbox_row *row,
        char **msg, size_t *len, struct failure *f);

#endif
