/* Civil-date arithmetic (SPEC section 4). A date is a day number: days since
 * 1970-01-01 in the proleptic Gregorian calendar, so differences and
 * comparisons are plain integer operations. */
#ifndef TENURED_DATE_H
#define TENURED_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* "No date", e.g. an unknown birth date. Sorts before every real date. */
#define DATE_NONE INT32_MIN
/* Years accepted from text: wide enough for birth dates and 40-year careers. */
#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2999
/* "YYYY-MM-DD" plus the terminating NUL. */
#define DATE_STRLEN 11

bool    date_valid_ymd(int year, int month, int day);
int     date_days_in_month(int year, int month);
int32_t date_from_ymd(int year, int month, int day);
void    date_to_ymd(int32_t date, int *year, int *month, int *day);

/* Strict "YYYY-MM-DD": 0 on success, -1 for any other text or an impossible
 * date such as 2026-02-30. */
int  date_parse(const char *text, int32_t *out);
void date_format(int32_t date, char out[DATE_STRLEN]);

/* Same day of month n months later (n may be negative); a day that does not
 * exist in the target month becomes the first of the following month. */
int32_t date_add_months(int32_t date, int months);
/* Last day of a term of n months starting on start: the day before the
 * anniversary. */
int32_t date_term_end(int32_t start, int months);
/* Latest day that is at least n months before the end of a term ending on end. */
int32_t date_months_before(int32_t end, int months);
int32_t date_last_of_month(int32_t date);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int     date_iso_weekday(int32_t date);

#endif
