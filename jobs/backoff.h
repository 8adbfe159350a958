/* When to try a failed delivery again (SPEC section 5): after 1 min,
 * 5 min, 15 min, 1 h, then every 3 h, each with +-10% jitter, or when the
 * peer's Retry-After says, until give_up_after has passed since the first
 * attempt. */
#ifndef TENURED_BACKOFF_H
#define TENURED_BACKOFF_H

#include <stdbool.h>
#include <stdint.h>

/* The instant of the next attempt after attempt number `attempts` (1 for
 * the first failure) failed at now; retry_after is the peer's wish in
 * seconds, or -1. jitter is a value in [0, 1) from the caller's source.
 * Returns 0 when giving up (the next attempt would fall after
 * first_attempt + give_up_after). */
int64_t backoff_next(int attempts, int64_t now, int64_t first_attempt,
        int64_t give_up_after, int64_t retry_after, double jitter);

/* "3d", "12h", "90m", "45s" in seconds; -1 when not a duration. */
int64_t backoff_parse_duration(const char *text);

#endif
