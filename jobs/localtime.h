/* Instants and civil time in a named Olson zone, with the SPEC's rules for
 * local times that do not exist (DST gap: moved forward by the gap) or exist
 * twice (the first occurrence), which libical's own conversion does not
 * follow. Instants are seconds since the epoch, UTC. */
#ifndef TENURED_LOCALTIME_H
#define TENURED_LOCALTIME_H

#include <stdbool.h>
#include <stdint.h>

/* "2025-06-22T23:59:00+02:00" plus NUL. */
#define LOCALTIME_RFC3339_LEN 26

bool    localtime_zone_known(const char *tzid);
/* UTC offset in seconds east of Greenwich in force at instant. */
int     localtime_offset(const char *tzid, int64_t instant);
/* The instant of local wall time `seconds` after midnight on date. */
int64_t localtime_to_instant(const char *tzid, int32_t date, int seconds);
/* The civil date in the zone at instant: "today" for a scheduling clock. */
int32_t localtime_date_of(const char *tzid, int64_t instant);
void    localtime_format_rfc3339(const char *tzid, int64_t instant,
            char out[LOCALTIME_RFC3339_LEN]);
/* Parses RFC 3339 with "Z" or a numeric offset; seconds optional. */
int     localtime_parse_rfc3339(const char *text, int64_t *out);

#endif
