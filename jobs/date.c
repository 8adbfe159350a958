#include "date.h"

#include <stdio.h>
#include <string.h>

static bool
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
date_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

bool
date_valid_ymd(int year, int month, int day)
{
	if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX)
		return false;
	if (month < 1 || month > 12)
		return false;
	return day >= 1 && day <= date_days_in_month(year, month);
}

/* Day counting in 400-year eras starting on 1 March, so the leap day is the
 * last day of each shifted year and needs no special case. */
int32_t
date_from_ymd(int year, int month, int day)
{
	int y = month <= 2 ? year - 1 : year;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int mp = (month + 9) % 12;
	int doy = (153 * mp + 2) / 5 + day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
date_to_ymd(int32_t date, int *year, int *month, int *day)
{
	int32_t z = date + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int m = mp < 10 ? mp + 3 : mp - 9;

	*day = doy - (153 * mp + 2) / 5 + 1;
	*month = m;
	*year = yoe + era * 400 + (m <= 2);
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
date_parse(const char *text, int32_t *out)
{
	int y, m, d;

	if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return -1;
	y = digits(text, 4);
	m = digits(text + 5, 2);
	d = digits(text + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid_ymd(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

void
date_format(int32_t date, char out[DATE_STRLEN])
{
	int y, m, d;

	date_to_ymd(date, &y, &m, &d);
	snprintf(out, DATE_STRLEN, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
}

int32_t
date_add_months(int32_t date, int months)
{
	int y, m, d, total;

	date_to_ymd(date, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total >= 0 ? total / 12 : (total - 11) / 12;
	m = total - y * 12 + 1;
	if (d > date_days_in_month(y, m))
		return date_from_ymd(y, m, date_days_in_month(y, m)) + 1;
	return date_from_ymd(y, m, d);
}

int32_t
date_term_end(int32_t start, int months)
{
	return date_add_months(start, months) - 1;
}

int32_t
date_months_before(int32_t end, int months)
{
	return date_add_months(end + 1, -months) - 1;
}

int32_t
date_last_of_month(int32_t date)
{
	int y, m, d;

	date_to_ymd(date, &y, &m, &d);
	return date_from_ymd(y, m, date_days_in_month(y, m));
}

int
date_iso_weekday(int32_t date)
{
	/* 1970-01-01 was a Thursday (4). */
	int r = (int)(((int64_t)date + 3) % 7);

	if (r < 0)
		r += 7;
	return r + 1;
}
