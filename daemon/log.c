#include "log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SD_JOURNAL_SUPPRESS_LOCATION	/* CODE_FILE=log.c says nothing */
#include <systemd/sd-journal.h>

/* sd-daemon(3) priorities. */
#define PRI_ERR 3
#define PRI_WARNING 4
#define PRI_INFO 6
#define PRI_DEBUG 7

#define LOG_LINE_MAX 1024
#define JOURNAL_SOCKET "/run/systemd/journal/socket"

static bool log_debugging;
static bool log_to_journal;

bool
log_stream_is_journal(const char *env, dev_t dev, ino_t ino)
{
	unsigned long long d, i;
	char *end;

	if (env == NULL || *env < '0' || *env > '9')
		return false;
	errno = 0;
	d = strtoull(env, &end, 10);
	if (errno != 0 || *end != ':' || end[1] < '0' || end[1] > '9')
		return false;
	i = strtoull(end + 1, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	return d == (unsigned long long)dev && i == (unsigned long long)ino;
}

void
log_init(bool debug)
{
	struct stat sb;

	log_debugging = debug;
	setvbuf(stderr, NULL, _IOLBF, 0);
	/* systemd sets JOURNAL_STREAM when it connects stderr to journald;
	 * a stderr redirected since (a shell, a test) no longer matches. */
	log_to_journal = fstat(STDERR_FILENO, &sb) == 0 &&
	    log_stream_is_journal(getenv("JOURNAL_STREAM"), sb.st_dev,
	    sb.st_ino);
}

static const char *
field_name(enum log_field field)
{
	switch (field) {
	case LOG_FIELD_CONTRACT: return "CONTRACT_ID";
	case LOG_FIELD_REMINDER: return "REMINDER_ID";
	case LOG_FIELD_FEED: return "FEED_ID";
	case LOG_FIELD_NONE: break;
	}
	return NULL;
}

/* Appends one "NAME=value" field; snprintf truncates a value that would
 * not fit rather than overrun. */
static void
add_field(struct iovec *iov, size_t *n, char *buf, size_t *used,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
add_field(struct iovec *iov, size_t *n, char *buf, size_t *used,
    const char *fmt, ...)
{
	size_t left = LOG_JOURNAL_BUF - *used;
	va_list ap;
	int len;

	if (left <= 1)
		return;
	va_start(ap, fmt);
	len = vsnprintf(buf + *used, left, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= left)
		len = (int)left - 1;
	iov[*n].iov_base = buf + *used;
	iov[*n].iov_len = (size_t)len;
	(*n)++;
	*used += (size_t)len + 1;
}

size_t
log_journal_fields(int pri, const char *message, enum log_field field,
    int64_t id, int error, char buf[LOG_JOURNAL_BUF],
    struct iovec iov[LOG_JOURNAL_FIELDS])
{
	const char *name = field_name(field);
	size_t n = 0, used = 0;

	add_field(iov, &n, buf, &used, "PRIORITY=%d", pri);
	add_field(iov, &n, buf, &used, "SYSLOG_IDENTIFIER=tenured");
	if (name != NULL)
		add_field(iov, &n, buf, &used, "%s=%" PRId64, name, id);
	if (error != 0)
		add_field(iov, &n, buf, &used, "ERRNO=%d", error);
	add_field(iov, &n, buf, &used, "MESSAGE=%s", message);
	return n;
}

static void vlog(int pri, enum log_field field, int64_t id, int error,
    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static void
vlog(int pri, enum log_field field, int64_t id, int error, const char *fmt,
    va_list ap)
{
	char line[LOG_LINE_MAX], buf[LOG_JOURNAL_BUF];
	struct iovec iov[LOG_JOURNAL_FIELDS];
	size_t len;

	vsnprintf(line, sizeof line, fmt, ap);
	len = strlen(line);
	if (error != 0)
		snprintf(line + len, sizeof line - len, ": %s", strerror(error));
	/* One record per line: a newline inside a message would split it. */
	for (char *p = line; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	}
	/* Should journald refuse or be gone (sd_journal_sendv drops records
	 * silently when its socket is missing), the line still goes to
	 * stderr, which systemd connects to journald as well. */
	if (log_to_journal && access(JOURNAL_SOCKET, F_OK) == 0 &&
	    sd_journal_sendv(iov, (int)log_journal_fields(pri, line, field, id,
	    error, buf, iov)) >= 0)
		return;
	fprintf(stderr, "<%d>%s\n", pri, line);
}

/* The body every logging function shares; errno survives the call. */
#define LOG_BODY(pri, field, id, with_errno)				\
	int saved = errno;						\
	va_list ap;							\
									\
	if ((pri) == PRI_DEBUG && !log_debugging)			\
		return;							\
	va_start(ap, fmt);						\
	vlog((pri), (field), (id), (with_errno) ? saved : 0, fmt, ap);	\
	va_end(ap);							\
	errno = saved;

#define LOG_FUNC(name, pri, with_errno)					\
void									\
name(const char *fmt, ...)						\
{									\
	LOG_BODY(pri, LOG_FIELD_NONE, 0, with_errno)			\
}

#define LOG_ID_FUNC(name, pri)						\
void									\
name(enum log_field field, int64_t id, const char *fmt, ...)		\
{									\
	LOG_BODY(pri, field, id, 0)					\
}

LOG_FUNC(log_warn, PRI_WARNING, 1)
LOG_FUNC(log_warnx, PRI_WARNING, 0)
LOG_FUNC(log_info, PRI_INFO, 0)
LOG_FUNC(log_debug, PRI_DEBUG, 0)
LOG_ID_FUNC(log_warnx_id, PRI_WARNING)
LOG_ID_FUNC(log_info_id, PRI_INFO)
LOG_ID_FUNC(log_debug_id, PRI_DEBUG)
