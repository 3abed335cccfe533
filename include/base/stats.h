/* stats.h: the statistics of the report: Wilson intervals, two-proportion
 * tests and Holm's correction. Pure functions of counts; no state. */
#ifndef FR_STATS_H
#define FR_STATS_H

#include <stddef.h>
#include <stdint.h>

/* The level of every interval and test of the report. */
#define FR_STATS_ALPHA 0.05
/* Fewer users than this at the base of a rate: too few to read. */
#define FR_STATS_MIN_BASE 30

/* The Wilson score interval at 95 % of x successes in n trials, in
 * hundredths of a percent (like fr_pct), rounded half away from zero.
 * Both are -1 when n is 0. 0 <= x <= n. */
void fr_stats_wilson(int64_t x, int64_t n, int64_t *lo, int64_t *hi);


/* Newcombe's hybrid score interval at 95 % (method 10 of Newcombe 1998,
 * "Interval estimation for the difference between independent
 * proportions") of x1/n1 - x0/n0, as fractions; both NaN when an n is 0. */
void fr_stats_diff_ci(int64_t x1, int64_t n1, int64_t x0, int64_t n0, double *lo, double *hi);

/* The two-sided p-value of the pooled two-proportion z-test of x1/n1 against
 * x2/n2: 1 when either n is 0 or the pooled rate is 0 or 1 (no evidence). */
double fr_stats_two_prop(int64_t x1, int64_t n1, int64_t x2, int64_t n2);

/* Holm's step-down adjustment of n p-values: adj[i] is p[i] adjusted, so
 * that adj[i] < alpha rejects at family-wise level alpha. adj may be p. */
void fr_stats_holm(const double *p, size_t n, double *adj);

#endif
