/* A minimal TAP producer for unit tests: each check prints "ok N - what" or
 * "not ok N - what" with the values that differed, and tap_done() makes the
 * exit status non-zero when any check failed. */
#ifndef TENURED_TAP_H
#define TENURED_TAP_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static inline int
tap_result(int ok, const char *what, const char *file, int line)
{
	tap_count++;
	if (!ok)
		tap_failed++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tap_count, what);
	if (!ok)
		printf("# at %s:%d\n", file, line);
	return ok;
}

#define CHECK(cond, what) tap_result(!!(cond), (what), __FILE__, __LINE__)

#define CHECK_INT(got, want, what) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (!tap_result(g_ == w_, (what), __FILE__, __LINE__))		\
		printf("#   got %lld, want %lld\n", g_, w_);		\
} while (0)

#define CHECK_STR(got, want, what) do {					\
	const char *g_ = (got), *w_ = (want);				\
	int ok_ = (g_ == NULL && w_ == NULL) ||				\
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0);		\
	if (!tap_result(ok_, (what), __FILE__, __LINE__))		\
		printf("#   got \"%s\", want \"%s\"\n",			\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed == 0 ? 0 : 1;
}

#endif
