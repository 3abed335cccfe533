/* test_stats.c: Wilson intervals, the two-proportion test and Holm's
 * correction (stats.c) against published and hand-computed values. */
#include "support.h"

#include <math.h>

#include "base/stats.h"

static void
wilson(int64_t x, int64_t n, int64_t want_lo, int64_t want_hi)
{
	int64_t lo, hi;
	fr_stats_wilson(x, n, &lo, &hi);
	assert_int_equal(lo, want_lo);
	assert_int_equal(hi, want_hi);
}

/* Newcombe (1998), "Two-sided confidence intervals for the single
 * proportion", Stat. Med. 17:857, Table I, method 3 (score, no continuity
 * correction): 81/263 -> 0.2553-0.3662, 15/148 -> 0.0624-0.1605,
 * 0/20 -> 0-0.1611, 1/29 -> 0.0061-0.1718. In hundredths of a percent. */
static void
test_wilson_newcombe(void **state)
{
	(void)state;
	wilson(81, 263, 2553, 3662);
	wilson(15, 148, 624, 1605);
	wilson(0, 20, 0, 1611);
	wilson(1, 29, 61, 1718);
}

/* By hand: x = n = 29 gives centre - half = n / (n + z^2) = 29 / 32.8415 = 0.8830. */
static void
test_wilson_ends(void **state)
{
	(void)state;
	wilson(29, 29, 8830, 10000);
	wilson(1, 1, 2065, 10000); /* 1 / (1 + 3.8415) = 0.2065 */
	wilson(0, 1, 0, 7935);
	wilson(0, 0, -1, -1);
	/* huge counts: the interval shrinks onto the rate, no overflow */
	int64_t big = (INT64_C(1) << 40);
	wilson(big / 4, big, 2500, 2500);
	/* symmetric: the interval of x/n mirrors that of (n - x)/n */
	for (int64_t n = 1; n < 200; n += 7)
		for (int64_t x = 0; x <= n; x++) {
			int64_t lo1, hi1, lo2, hi2;
			fr_stats_wilson(x, n, &lo1, &hi1);
			fr_stats_wilson(n - x, n, &lo2, &hi2);
			assert_true(lo1 >= 0 && hi1 <= 10000 && lo1 <= hi1);
			assert_true(llabs(lo1 - (10000 - hi2)) <= 1);
		}
}

/* By hand: 45/100 vs 30/100, pooled 0.375, se = sqrt(.375 * .625 * .02)
 * = 0.068465, z = 2.1909, two-sided p = 0.02846. */
static void
test_two_prop(void **state)
{
	(void)state;
	assert_true(fabs(fr_stats_two_prop(45, 100, 30, 100) - 0.02846) < 5e-5);
	assert_true(fabs(fr_stats_two_prop(30, 100, 45, 100) - 0.02846) < 5e-5);
	/* equal rates: no evidence */
	assert_true(fabs(fr_stats_two_prop(10, 100, 20, 200) - 1.0) < 1e-12);
	/* undefined cases say "no evidence" rather than NaN */
	assert_true(fr_stats_two_prop(0, 0, 5, 10) == 1.0);
	assert_true(fr_stats_two_prop(0, 10, 0, 10) == 1.0);
	assert_true(fr_stats_two_prop(10, 10, 20, 20) == 1.0);
	/* far apart, large: p underflows toward 0, never negative */
	double p = fr_stats_two_prop(900000, 1000000, 100000, 1000000);
	assert_true(p >= 0 && p < 1e-100);
}

/* By hand: p = .01 .04 .03 .005 ranks as .005 .01 .03 .04, times 4 3 2 1 =
 * .02 .03 .06 .04, made non-decreasing = .02 .03 .06 .06. */
static void
test_holm(void **state)
{
	(void)state;
	double p[] = {0.01, 0.04, 0.03, 0.005}, adj[4];
	fr_stats_holm(p, 4, adj);
	assert_true(fabs(adj[0] - 0.03) < 1e-12);
	assert_true(fabs(adj[1] - 0.06) < 1e-12);
	assert_true(fabs(adj[2] - 0.06) < 1e-12);
	assert_true(fabs(adj[3] - 0.02) < 1e-12);
	/* capped at 1, in place, ties kept */
	double q[] = {0.5, 0.5, 0.9};
	fr_stats_holm(q, 3, q);
	assert_true(q[0] == 1.0 && q[1] == 1.0 && q[2] == 1.0);
	fr_stats_holm(q, 0, q);
	double one[] = {0.04};
	fr_stats_holm(one, 1, one);
	assert_true(fabs(one[0] - 0.04) < 1e-15);
}

/* Newcombe (1998), "Interval estimation for the difference between
 * independent proportions", Stat. Med. 17:873, Table II, method 10:
 * 56/70 - 48/80: 0.0524 to 0.3339; 9/10 - 3/10: 0.1705 to 0.8090;
 * 6/7 - 2/7: 0.0582 to 0.8062; 5/56 - 0/29: -0.0381 to 0.1926. */
static void
test_diff_newcombe(void **state)
{
	(void)state;
	static const struct {
		int64_t x1, n1, x0, n0;
		double lo, hi;
	} c[] = {
	    {56, 70, 48, 80, 0.0524, 0.3339},
	    {9, 10, 3, 10, 0.1705, 0.8090},
	    {6, 7, 2, 7, 0.0582, 0.8062},
	    {5, 56, 0, 29, -0.0381, 0.1926},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		double lo, hi;
		fr_stats_diff_ci(c[i].x1, c[i].n1, c[i].x0, c[i].n0, &lo, &hi);
		assert_true(fabs(lo - c[i].lo) < 5e-5);
		assert_true(fabs(hi - c[i].hi) < 5e-5);
		/* the other way round mirrors it */
		fr_stats_diff_ci(c[i].x0, c[i].n0, c[i].x1, c[i].n1, &lo, &hi);
		assert_true(fabs(lo + c[i].hi) < 5e-5 && fabs(hi + c[i].lo) < 5e-5);
	}
	double lo, hi;
	fr_stats_diff_ci(1, 0, 1, 2, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wilson_newcombe),
	    cmocka_unit_test(test_wilson_ends),
	    cmocka_unit_test(test_two_prop),
	    cmocka_unit_test(test_holm),
	    cmocka_unit_test(test_diff_newcombe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
