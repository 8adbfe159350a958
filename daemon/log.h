/* Logging for the daemon: one record per event. Under systemd, when
 * JOURNAL_STREAM names our stderr, records go to journald with structured
 * fields; otherwise (or when journald refuses one) they are lines on stderr
 * with a "<N>" priority prefix that journald and syslog understand.
 * Secrets are never passed in. */
#ifndef TENURED_LOG_H
#define TENURED_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

/* The object a record is about, sent as a journal field of its own so
 * that `journalctl CONTRACT_ID=12` finds every record of contract 12. */
enum log_field {
	LOG_FIELD_NONE,
	LOG_FIELD_CONTRACT,		/* CONTRACT_ID */
	LOG_FIELD_REMINDER,		/* REMINDER_ID: an outbox row */
	LOG_FIELD_FEED,			/* FEED_ID */
};

void log_init(bool debug);
/* log_warn appends the text of errno; log_warnx does not. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, about one contract, reminder or feed (its id). */
void log_warnx_id(enum log_field field, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void log_info_id(enum log_field field, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void log_debug_id(enum log_field field, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* For the tests. Whether JOURNAL_STREAM ("DEVICE:INODE", decimal) names
 * the file with this device and inode. */
bool log_stream_is_journal(const char *env, dev_t dev, ino_t ino);

/* One record's journal fields (MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, the
 * id field, ERRNO when error != 0), written into buf and pointed at by
 * iov; returns how many (at most LOG_JOURNAL_FIELDS). */
#define LOG_JOURNAL_FIELDS 5
#define LOG_JOURNAL_BUF 1280

size_t log_journal_fields(int pri, const char *message, enum log_field field,
        int64_t id, int error, char buf[LOG_JOURNAL_BUF],
        struct iovec iov[LOG_JOURNAL_FIELDS]);

#endif
