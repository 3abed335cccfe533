/* test_timestamp.c: the ISO 8601 parser and UTC calendar arithmetic of timestamp.c. */
#include "support.h"

#include "base/timestamp.h"

/* Parses a whole C string; returns the parser's result. */
static int
parse(const char *s, int64_t *out, const char **why)
{
	return fr_timestamp_parse(s, strlen(s), out, why);
}

/* Asserts that s parses to want and leaves *why alone. */
static void
check_ok(const char *s, int64_t want)
{
	int64_t got = INT64_MIN;
	const char *why = NULL;
	int rc = parse(s, &got, &why);
	if (rc != 0)
		print_error("\"%s\" rejected: %s\n", s, why ? why : "(no reason)");
	else if (got != want)
		print_error("\"%s\": got %lld, want %lld\n", s, (long long)got, (long long)want);
	assert_int_equal(rc, 0);
	assert_int_equal(got, want);
}

/* Asserts that s is rejected with a reason. */
static void
check_bad(const char *s)
{
	int64_t got = 0;
	const char *why = NULL;
	int rc = parse(s, &got, &why);
	if (rc == 0)
		print_error("\"%s\" accepted as %lld\n", s, (long long)got);
	assert_int_equal(rc, -1);
	assert_non_null(why);
	assert_true(why[0] != '\0');
}

/* ---- parsing: accepted forms ---------------------------------------------- */

static void
test_parse_forms(void **state)
{
	(void)state;
	check_ok("1970-01-01", 0);
	check_ok("2024-03-10", 1710028800);
	check_ok("2024-03-10 14:05", 1710079500);
	check_ok("2024-03-10T14:05", 1710079500);
	check_ok("2024-03-10 14:05:09", 1710079509);
	check_ok("2024-03-10T14:05:09", 1710079509);
	check_ok("2024-03-10T14:05:09Z", 1710079509);
	check_ok("2024-03-10 14:05Z", 1710079500);
	check_ok("2023-11-14T22:13:20Z", 1700000000);
	check_ok("2024-03-10T00:00:00", 1710028800);
	check_ok("2024-03-10T23:59:59", 1710028800 + 86399);
}

static void
test_parse_offsets(void **state)
{
	(void)state;
	check_ok("2024-03-10T14:05:09+05:30", 1710059709);
	check_ok("2024-03-10T14:05:09+0530", 1710059709);
	check_ok("2024-03-10T14:05:09-08:00", 1710108309);
	check_ok("2024-03-10T14:05:09-0800", 1710108309);
	check_ok("2024-03-10T14:05:09+05", 1710061509);
	check_ok("2024-03-10T14:05:09+00:00", 1710079509);
	check_ok("2024-03-10T14:05:09-00:00", 1710079509);
	check_ok("2024-03-10 14:05+05:30", 1710079500 - 5 * 3600 - 30 * 60);
	/* The documented range ends at +-18:00 inclusive. */
	check_ok("2024-03-10T14:05:09+18:00", 1710079509 - 18 * 3600);
	check_ok("2024-03-10T14:05:09-18:00", 1710079509 + 18 * 3600);
}

static void
test_parse_fraction_dropped(void **state)
{
	(void)state;
	check_ok("2024-03-10T14:05:09.5", 1710079509);
	check_ok("2024-03-10T14:05:09.999999999", 1710079509);
	check_ok("2024-03-10T14:05:09.123Z", 1710079509);
	check_ok("2024-03-10T14:05:09,25+05:30", 1710059709);
	check_ok("2024-03-10 14:05:09.000001-08:00", 1710108309);
}

static void
test_parse_normalises_to_utc(void **state)
{
	(void)state;
	/* 02:00 in India on March 1st is still February 29th in UTC. */
	int64_t t = 0;
	const char *why = NULL;
	assert_int_equal(parse("2024-03-01T02:00:00+05:30", &t, &why), 0);
	assert_int_equal(t, 1709238600);
	char buf[FR_TIMESTAMP_BUFSZ];
	fr_timestamp_iso(t, buf);
	assert_string_equal(buf, "2024-02-29T20:30:00Z");
	fr_timestamp_month(t, buf);
	assert_string_equal(buf, "2024-02");
	fr_timestamp_date(t, buf);
	assert_string_equal(buf, "2024-02-29");
	assert_int_equal(fr_timestamp_date_key(t), 20240229);

	/* And the evening of New Year's Eve in California is next year in UTC. */
	assert_int_equal(parse("2024-12-31T20:00:00-08:00", &t, &why), 0);
	assert_int_equal(t, 1735704000);
	fr_timestamp_month(t, buf);
	assert_string_equal(buf, "2025-01");
	fr_timestamp_iso(t, buf);
	assert_string_equal(buf, "2025-01-01T04:00:00Z");
}

static void
test_parse_reads_only_len(void **state)
{
	(void)state;
	int64_t t = 0;
	const char *why = NULL;
	/* A date inside a longer line, e.g. a CSV field. */
	assert_int_equal(fr_timestamp_parse("2024-03-10,next,field", 10, &t, &why), 0);
	assert_int_equal(t, 1710028800);
	assert_int_equal(fr_timestamp_parse("2024-03-10T14:05:09Zjunk", 20, &t, &why), 0);
	assert_int_equal(t, 1710079509);
	/* Exactly len bytes with no NUL after them: ASan catches any overread. */
	static const char src[] = "2024-03-10T14:05:09+05:30";
	size_t n = sizeof src - 1;
	char *heap = malloc(n);
	assert_non_null(heap);
	memcpy(heap, src, n);
	int rc = fr_timestamp_parse(heap, n, &t, &why);
	int rc_short = fr_timestamp_parse(heap, 7, &t, &why); /* "2024-03" */
	free(heap);
	assert_int_equal(rc, 0);
	assert_int_equal(t, 1710059709);
	assert_int_equal(rc_short, -1);
}

/* ---- parsing: rejected forms ---------------------------------------------- */

static void
test_parse_rejects_other_formats(void **state)
{
	(void)state;
	check_bad("");
	check_bad("03/10/2024");
	check_bad("10.03.2024");
	check_bad("8 Jul 2016");
	check_bad("Jul 8, 2016");
	check_bad("1700000000");
	check_bad("20240310");
	check_bad("2024-3-10");
	check_bad("2024-03-1");
	check_bad("24-03-10");
	check_bad("2024/03/10");
	check_bad(" 2024-03-10");
}

static void
test_parse_rejects_bad_dates(void **state)
{
	(void)state;
	check_bad("2025-02-29"); /* not a leap year */
	check_bad("2025-13-01");
	check_bad("2025-00-10");
	check_bad("2025-04-31");
	check_bad("2025-06-31");
	check_bad("2025-01-32");
	check_bad("2025-01-00");
	check_bad("0000-01-01");
}

static void
test_parse_rejects_bad_times(void **state)
{
	(void)state;
	check_bad("2025-01-01 24:00:00");
	check_bad("2025-01-01 24:00");
	check_bad("2025-01-01 12:60");
	check_bad("2025-01-01 12:00:60");
	check_bad("2025-01-01 12");
	check_bad("2025-01-01 12:5");
	check_bad("2025-01-01 1:05");
	check_bad("2025-01-01T");
	check_bad("2025-01-01 ");
	check_bad("2025-01-01 12:00:00."); /* a fraction needs digits */
	check_bad("2025-01-01 12:00:00.5x");
	check_bad("2025-01-01 12:00.5"); /* a fraction only after seconds */
}

static void
test_parse_rejects_bad_offsets(void **state)
{
	(void)state;
	check_bad("2025-01-01T10:00:00+19:00");
	check_bad("2025-01-01T10:00:00-19:00");
	check_bad("2025-01-01T10:00:00+18:01");
	check_bad("2025-01-01T10:00:00+05:60");
	check_bad("2025-01-01T10:00:00+5");
	check_bad("2025-01-01T10:00:00+053");
	check_bad("2025-01-01T10:00:00+05:3");
	check_bad("2025-01-01T10:00:00+");
	check_bad("2025-01-01T10:00:00+ab:cd");
	check_bad("2025-01-01T10:00:00 +05:30");
}

static void
test_parse_rejects_trailing_garbage(void **state)
{
	(void)state;
	check_bad("2025-01-01x");
	check_bad("2025-01-01T10:00:00Zjunk");
	check_bad("2025-01-01T10:00:00ZZ");
	check_bad("2025-01-01T10:00:00+05:30x");
	check_bad("2025-01-01T10:00:00 ");
	check_bad("2025-01-01T10:00:00\n");
	/* An embedded NUL inside len is garbage too. */
	int64_t t;
	const char *why = NULL;
	assert_int_equal(fr_timestamp_parse("2025-01-01\0x", 12, &t, &why), -1);
	assert_non_null(why);
}

/*
 * Regression (fixed in generator/base/timestamp.c, fr_timestamp_parse): the header documents
 * offsets +hh:mm, +hhmm and +hh, but "+05:" (colon with no minutes) is
 * accepted as +05:00, because the minutes are only read when bytes remain
 * after the colon.
 */
static void
test_regression_offset_colon_without_minutes(void **state)
{
	(void)state;
	check_bad("2025-01-01T10:00:00+05:");
}

/*
 * Issue 12.14 (docs/BAD_INPUTS.md 44): the range is that of the UTC time, not
 * of the digits before the offset: 9999-12-31T23:59:59-14:00 is year 10000
 * in UTC, and 0001-01-01T00:30+01:00 is year 0.
 */
static void
test_parse_range_after_utc(void **state)
{
	(void)state;
	check_bad("9999-12-31T23:59:59-14:00");
	check_bad("9999-12-31T23:00-01:00");
	check_bad("0001-01-01T00:30:00+01:00");
	check_bad("0001-01-01+00:01");
	check_ok("9999-12-31T23:59:59Z", 253402300799);
	check_ok("9999-12-31T23:59:59+14:00", 253402300799 - 14 * 3600);
	check_ok("0001-01-01T00:00:00Z", -62135596800);
	check_ok("0001-01-01T00:30:00-01:00", -62135596800 + 5400);
}

/* Months as the cube files write them: YYYY-MM from 0001-01 to 9999-12. */
static void
test_month_valid(void **state)
{
	(void)state;
	assert_true(fr_timestamp_month_valid("2025-01", 7));
	assert_true(fr_timestamp_month_valid("0001-01", 7));
	assert_true(fr_timestamp_month_valid("9999-12", 7));
	assert_false(fr_timestamp_month_valid("0000-12", 7));
	assert_false(fr_timestamp_month_valid("10000-01", 8));
	assert_false(fr_timestamp_month_valid("2025-13", 7));
	assert_false(fr_timestamp_month_valid("2025-00", 7));
	assert_false(fr_timestamp_month_valid("2025-1", 6));
	assert_false(fr_timestamp_month_valid("2025-01-01", 10));
	assert_false(fr_timestamp_month_valid("", 0));
}

static void
test_leap_years(void **state)
{
	(void)state;
	check_ok("2024-02-29", 19782 * INT64_C(86400));
	check_ok("2000-02-29", 951782400);
	check_ok("1600-02-29", -135081 * INT64_C(86400));
	check_bad("1900-02-29"); /* divisible by 100, not by 400 */
	check_bad("2100-02-29");
	check_bad("2023-02-29");
	check_ok("2023-02-28", 1677542400);
	check_ok("2024-12-31", 20088 * INT64_C(86400)); /* day 366 of a leap year */
}

/* ---- calendar arithmetic --------------------------------------------------- */

static void
test_days_known_values(void **state)
{
	(void)state;
	assert_int_equal(fr_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(fr_days_from_civil(1970, 1, 2), 1);
	assert_int_equal(fr_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(fr_days_from_civil(2000, 1, 1), 10957);
	assert_int_equal(fr_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(fr_days_from_civil(2024, 2, 29), 19782);
	assert_int_equal(fr_days_from_civil(1900, 3, 1), -25508);
	assert_int_equal(fr_days_from_civil(1, 1, 1), -719162);
	assert_int_equal(fr_days_from_civil(9999, 12, 31), 2932896);
	/* Proleptic: year 0 is a leap year, so it has 366 days. */
	assert_int_equal(fr_days_from_civil(0, 1, 1), -719162 - 366);

	int64_t y;
	unsigned m, d;
	fr_civil_from_days(0, &y, &m, &d);
	assert_int_equal(y, 1970);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	fr_civil_from_days(11017, &y, &m, &d);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	fr_civil_from_days(11016, &y, &m, &d);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	fr_civil_from_days(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	fr_civil_from_days(-719162, &y, &m, &d);
	assert_int_equal(y, 1);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
month_days(int64_t y, unsigned m)
{
	static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static void
test_days_every_day_years_1_to_9999(void **state)
{
	(void)state;
	/* Walk an independent calendar day by day and compare both directions. */
	int64_t y = 1, z = fr_days_from_civil(1, 1, 1), bad = 0;
	unsigned m = 1, d = 1;
	for (; y <= 9999; z++) {
		int64_t gy;
		unsigned gm, gd;
		fr_civil_from_days(z, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d || fr_days_from_civil(y, m, d) != z) {
			if (bad++ < 5)
				print_error("day %lld: %lld-%u-%u vs %lld-%u-%u\n", (long long)z,
				            (long long)gy, gm, gd, (long long)y, m, d);
		}
		if (++d > month_days(y, m)) {
			d = 1;
			if (++m > 12)
				m = 1, y++;
		}
	}
	assert_int_equal(bad, 0);
	assert_int_equal(z, 2932896 + 1); /* the walk ended after 9999-12-31 */
}

static void
test_days_round_trip_step_37(void **state)
{
	(void)state;
	int64_t first = fr_days_from_civil(1, 1, 1), last = fr_days_from_civil(9999, 12, 31);
	int64_t prev_key = 0, count = 0;
	for (int64_t z = first; z <= last; z += 37) {
		int64_t y;
		unsigned m, d;
		fr_civil_from_days(z, &y, &m, &d);
		assert_true(y >= 1 && y <= 9999);
		assert_true(m >= 1 && m <= 12);
		assert_true(d >= 1 && d <= month_days(y, m));
		assert_int_equal(fr_days_from_civil(y, m, d), z);
		int64_t key = y * 10000 + m * 100 + d;
		assert_true(key > prev_key); /* dates increase with days */
		prev_key = key;
		count++;
	}
	assert_true(count > 98000);
	/* And around year 0 and before, where the era arithmetic goes negative. */
	for (int64_t z = first - 3000; z < first + 3000; z++) {
		int64_t y;
		unsigned m, d;
		fr_civil_from_days(z, &y, &m, &d);
		assert_int_equal(fr_days_from_civil(y, m, d), z);
	}
}

static void
test_timestamp_day_floors(void **state)
{
	(void)state;
	assert_int_equal(fr_timestamp_day(0), 0);
	assert_int_equal(fr_timestamp_day(1), 0);
	assert_int_equal(fr_timestamp_day(86399), 0);
	assert_int_equal(fr_timestamp_day(86400), 1);
	assert_int_equal(fr_timestamp_day(-1), -1);
	assert_int_equal(fr_timestamp_day(-86399), -1);
	assert_int_equal(fr_timestamp_day(-86400), -1);
	assert_int_equal(fr_timestamp_day(-86401), -2);
	assert_int_equal(fr_timestamp_day(-172800), -2);
	assert_int_equal(fr_timestamp_day(-172801), -3);
	assert_int_equal(fr_timestamp_day(1700000000), 19675);
}

/* ---- formatting ------------------------------------------------------------ */

/* The four formatters of t, compared with the expected texts and key. */
static void
check_format(int64_t t, const char *date, const char *month, const char *iso, int64_t key)
{
	char buf[FR_TIMESTAMP_BUFSZ];
	fr_timestamp_date(t, buf);
	assert_string_equal(buf, date);
	fr_timestamp_month(t, buf);
	assert_string_equal(buf, month);
	fr_timestamp_iso(t, buf);
	assert_string_equal(buf, iso);
	assert_int_equal(fr_timestamp_date_key(t), key);
}

static void
test_format(void **state)
{
	(void)state;
	check_format(0, "1970-01-01", "1970-01", "1970-01-01T00:00:00Z", 19700101);
	check_format(86399, "1970-01-01", "1970-01", "1970-01-01T23:59:59Z", 19700101);
	check_format(1700000000, "2023-11-14", "2023-11", "2023-11-14T22:13:20Z", 20231114);
	check_format(1709164800, "2024-02-29", "2024-02", "2024-02-29T00:00:00Z", 20240229);
	check_format(2932896 * INT64_C(86400) + 86399, "9999-12-31", "9999-12",
	             "9999-12-31T23:59:59Z", 99991231);
}

static void
test_format_negative(void **state)
{
	(void)state;
	check_format(-1, "1969-12-31", "1969-12", "1969-12-31T23:59:59Z", 19691231);
	check_format(-86400, "1969-12-31", "1969-12", "1969-12-31T00:00:00Z", 19691231);
	check_format(-86401, "1969-12-30", "1969-12", "1969-12-30T23:59:59Z", 19691230);
	check_format(-31536000, "1969-01-01", "1969-01", "1969-01-01T00:00:00Z", 19690101);
	check_format(-31536001, "1968-12-31", "1968-12", "1968-12-31T23:59:59Z", 19681231);
	check_format(-25508 * INT64_C(86400) - 1, "1900-02-28", "1900-02", "1900-02-28T23:59:59Z",
	             19000228);
	check_format(-719162 * INT64_C(86400), "0001-01-01", "0001-01", "0001-01-01T00:00:00Z",
	             10101);
}

static void
test_format_parse_round_trip(void **state)
{
	(void)state;
	/* iso() output parses back to the same time, before and after 1970. */
	static const int64_t times[] = {
	    0, 1, -1, 59, -59, 86399, -86401, 1700000000, -2208988800, 253402300799, -62135596800,
	};
	for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
		char buf[FR_TIMESTAMP_BUFSZ];
		fr_timestamp_iso(times[i], buf);
		check_ok(buf, times[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_forms),
	    cmocka_unit_test(test_parse_offsets),
	    cmocka_unit_test(test_parse_fraction_dropped),
	    cmocka_unit_test(test_parse_normalises_to_utc),
	    cmocka_unit_test(test_parse_reads_only_len),
	    cmocka_unit_test(test_parse_rejects_other_formats),
	    cmocka_unit_test(test_parse_rejects_bad_dates),
	    cmocka_unit_test(test_parse_rejects_bad_times),
	    cmocka_unit_test(test_parse_range_after_utc),
	    cmocka_unit_test(test_month_valid),
	    cmocka_unit_test(test_parse_rejects_bad_offsets),
	    cmocka_unit_test(test_parse_rejects_trailing_garbage),
	    cmocka_unit_test(test_regression_offset_colon_without_minutes),
	    cmocka_unit_test(test_leap_years),
	    cmocka_unit_test(test_days_known_values),
	    cmocka_unit_test(test_days_every_day_years_1_to_9999),
	    cmocka_unit_test(test_days_round_trip_step_37),
	    cmocka_unit_test(test_timestamp_day_floors),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_format_negative),
	    cmocka_unit_test(test_format_parse_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
