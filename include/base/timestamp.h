/* timestamp.h: our own ISO 8601 parser and UTC calendar arithmetic. Times are
 * int64 seconds since 1970-01-01T00:00:00Z; no libc time zone is consulted. */
#ifndef FR_TIMESTAMP_H
#define FR_TIMESTAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* No time known (an optional time column that is absent). */
#define FR_NO_TIME INT64_MIN

/* The times a parse accepts, in UTC: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
#define FR_TIMESTAMP_MIN (-62135596800LL)
#define FR_TIMESTAMP_MAX 253402300799LL

/* Room for "YYYY-MM-DDTHH:MM:SSZ" and a NUL. */
#define FR_TIMESTAMP_BUFSZ 24

/*
 * Parses YYYY-MM-DD, optionally followed by 'T' or ' ' and HH:MM or
 * HH:MM:SS (optionally with a fraction, which is dropped), optionally
 * followed by 'Z' or an offset +hh:mm, +hhmm or +hh (or -). The result is
 * normalised to UTC, which must lie from FR_TIMESTAMP_MIN to FR_TIMESTAMP_MAX.
 * Returns 0, or -1 with a static reason in *why ("month 13 is out of
 * range", ...). len bytes of s are read.
 */
int fr_timestamp_parse(const char *s, size_t len, int64_t *out, const char **why);
/* Whether s (len bytes) is a month as the cube files write it: YYYY-MM,
 * 0001-01 to 9999-12. */
bool fr_timestamp_month_valid(const char *s, size_t len);

/* Days since 1970-01-01 for a proleptic Gregorian date, and back. */
int64_t fr_days_from_civil(int64_t y, unsigned m, unsigned d);
void fr_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
/* Floor division of a time by 86400: the UTC day. */
int64_t fr_timestamp_day(int64_t t);

/* Formats into buf (FR_TIMESTAMP_BUFSZ bytes): "YYYY-MM-DD". */
void fr_timestamp_date(int64_t t, char *buf);
/* "YYYY-MM", the UTC calendar month of t. */
void fr_timestamp_month(int64_t t, char *buf);
/* "YYYY-MM-DDTHH:MM:SSZ". */
void fr_timestamp_iso(int64_t t, char *buf);
/* YYYYMMDD as an integer key, the UTC day of t. */
int64_t fr_timestamp_date_key(int64_t t);

#endif
