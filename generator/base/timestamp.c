/* timestamp.c: ISO 8601 parsing and UTC calendar arithmetic (Howard Hinnant's
 * days-from-civil algorithm, written from its description). */
#include "base/timestamp.h"

#include <stdbool.h>
#include <stdio.h>

int64_t
fr_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
fr_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int64_t
fr_timestamp_day(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

static bool
ts_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
ts_month_days(int64_t y, unsigned m)
{
	static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && ts_leap(y) ? 29 : days[m - 1];
}

/* Reads exactly n digits at *p (bounded by end); -1 if any is not a digit. */
static int
ts_digits(const char **p, const char *end, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (*p >= end || **p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return 0;
}

static int
ts_expect(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return -1;
	(*p)++;
	return 0;
}

int
fr_timestamp_parse(const char *s, size_t len, int64_t *out, const char **why)
{
	const char *p = s, *end = s + len;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	static const char *form = "is not an ISO 8601 date (YYYY-MM-DD[ HH:MM[:SS]][Z|+hh:mm])";

	if (ts_digits(&p, end, 4, &y) < 0 || ts_expect(&p, end, '-') < 0 ||
	    ts_digits(&p, end, 2, &mo) < 0 || ts_expect(&p, end, '-') < 0 ||
	    ts_digits(&p, end, 2, &d) < 0) {
		*why = form;
		return -1;
	}
	if (y < 1) {
		*why = "year 0000 is out of range";
		return -1;
	}
	if (mo < 1 || mo > 12) {
		*why = "month is out of range (01-12)";
		return -1;
	}
	if (d < 1 || (unsigned)d > ts_month_days(y, (unsigned)mo)) {
		*why = "day does not exist in that month";
		return -1;
	}
	if (p < end && (*p == 'T' || *p == ' ')) {
		p++;
		if (ts_digits(&p, end, 2, &h) < 0 || ts_expect(&p, end, ':') < 0 ||
		    ts_digits(&p, end, 2, &mi) < 0) {
			*why = form;
			return -1;
		}
		if (p < end && *p == ':') {
			p++;
			if (ts_digits(&p, end, 2, &sec) < 0) {
				*why = form;
				return -1;
			}
			if (p < end && (*p == '.' || *p == ',')) {
				p++;
				const char *frac = p;
				while (p < end && *p >= '0' && *p <= '9')
					p++;
				if (p == frac) {
					*why = form;
					return -1;
				}
			}
		}
		if (h > 23 || mi > 59 || sec > 59) {
			*why = "time of day is out of range (00:00:00-23:59:59)";
			return -1;
		}
	}
	int64_t offset = 0;
	if (p < end && *p == 'Z') {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		int sign = *p == '-' ? -1 : 1, oh, om = 0;
		p++;
		if (ts_digits(&p, end, 2, &oh) < 0) {
			*why = form;
			return -1;
		}
		int colon = p < end && *p == ':';
		if (colon)
			p++;
		if ((colon || p < end) && ts_digits(&p, end, 2, &om) < 0) {
			*why = form;
			return -1;
		}
		if (oh > 18 || om > 59 || (oh == 18 && om > 0)) {
			*why = "UTC offset is out of range (-18:00 to +18:00)";
			return -1;
		}
		offset = sign * (oh * 3600 + om * 60);
	}
	if (p != end) {
		*why = form;
		return -1;
	}
	int64_t t = fr_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec - offset;
	/* The range is the UTC time's: an offset can move a time out of it, and
	 * a year 0 or 10000 month would sort apart from the others. */
	if (t < FR_TIMESTAMP_MIN || t > FR_TIMESTAMP_MAX) {
		*why = "is out of range once converted to UTC (0001-01-01 to 9999-12-31)";
		return -1;
	}
	*out = t;
	return 0;
}

bool
fr_timestamp_month_valid(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	int y, m;
	return ts_digits(&p, end, 4, &y) == 0 && ts_expect(&p, end, '-') == 0 &&
	       ts_digits(&p, end, 2, &m) == 0 && p == end && y >= 1 && m >= 1 && m <= 12;
}

void
fr_timestamp_date(int64_t t, char *buf)
{
	int64_t y;
	unsigned m, d;
	fr_civil_from_days(fr_timestamp_day(t), &y, &m, &d);
	snprintf(buf, FR_TIMESTAMP_BUFSZ, "%04d-%02u-%02u", (int)y, m, d);
}

void
fr_timestamp_month(int64_t t, char *buf)
{
	int64_t y;
	unsigned m, d;
	fr_civil_from_days(fr_timestamp_day(t), &y, &m, &d);
	snprintf(buf, FR_TIMESTAMP_BUFSZ, "%04d-%02u", (int)y, m);
}

void
fr_timestamp_iso(int64_t t, char *buf)
{
	int64_t day = fr_timestamp_day(t), sod = t - day * 86400, y;
	unsigned m, d;
	fr_civil_from_days(day, &y, &m, &d);
	snprintf(buf, FR_TIMESTAMP_BUFSZ, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)y, m, d,
	         (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
}

int64_t
fr_timestamp_date_key(int64_t t)
{
	int64_t y;
	unsigned m, d;
	fr_civil_from_days(fr_timestamp_day(t), &y, &m, &d);
	return y * 10000 + m * 100 + d;
}
