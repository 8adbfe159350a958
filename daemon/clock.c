#include "clock.h"

#include <time.h>

#include "localtime.h"

static int64_t offset;

int64_t
clock_real(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

void
clock_start_at(int64_t instant)
{
	offset = instant - clock_real();
}

int64_t
clock_schedule(void)
{
	return clock_real() + offset;
}

int32_t
clock_today(const char *tz)
{
	return localtime_date_of(tz, clock_schedule());
}
