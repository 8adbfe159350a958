/* The two clocks of SPEC section 2: the real clock for every recorded or
 * protocol timestamp, and the scheduling clock (real time shifted by
 * --now) that decides "today", what is due and what is overdue. */
#ifndef TENURED_CLOCK_H
#define TENURED_CLOCK_H

#include <stdint.h>

int64_t clock_real(void);
/* Starts the scheduling clock at instant; it then advances in real time. */
void    clock_start_at(int64_t instant);
int64_t clock_schedule(void);
/* "Today" on the scheduling clock in the zone tz (YYYYMMDD as date.h). */
int32_t clock_today(const char *tz);

#endif
