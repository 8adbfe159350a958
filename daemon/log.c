#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sd-daemon(3) priorities. */
#define PRI_ERR 3
#define PRI_WARNING 4
#define PRI_INFO 6
#define PRI_DEBUG 7

static bool log_debugging;

void
log_init(bool debug)
{
	log_debugging = debug;
	setvbuf(stderr, NULL, _IOLBF, 0);
}

void
log_set_debug(bool debug)
{
	log_debugging = debug;
}

static void
vlog(int pri, const char *fmt, va_list ap, const char *suffix)
{
	char line[1024];

	vsnprintf(line, sizeof line, fmt, ap);
	/* One record per line: a newline inside a message would split it. */
	for (char *p = line; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	}
	if (suffix != NULL)
		fprintf(stderr, "<%d>%s: %s\n", pri, line, suffix);
	else
		fprintf(stderr, "<%d>%s\n", pri, line);
}

#define LOG_FUNC(name, pri, with_errno)					\
void									\
name(const char *fmt, ...)						\
{									\
	int saved = errno;						\
	va_list ap;							\
									\
	if ((pri) == PRI_DEBUG && !log_debugging)			\
		return;							\
	va_start(ap, fmt);						\
	vlog((pri), fmt, ap, (with_errno) ? strerror(saved) : NULL);	\
	va_end(ap);							\
	errno = saved;							\
}

LOG_FUNC(log_warn, PRI_WARNING, 1)
LOG_FUNC(log_warnx, PRI_WARNING, 0)
LOG_FUNC(log_info, PRI_INFO, 0)
LOG_FUNC(log_debug, PRI_DEBUG, 0)

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_ERR, fmt, ap, strerror(saved));
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(PRI_ERR, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}
