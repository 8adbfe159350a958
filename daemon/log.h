/* Logging for the daemon: one line per event on stderr with a "<N>"
 * priority prefix that journald and systemd understand. Secrets are never
 * passed in. */
#ifndef TENURED_LOG_H
#define TENURED_LOG_H

#include <stdbool.h>

void log_init(bool debug);
void log_set_debug(bool debug);
/* log_warn appends the text of errno; log_warnx does not. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Only at start-up or on a broken invariant: logs and exits 1. */
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif
