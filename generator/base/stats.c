/* stats.c: intervals and tests for rates, from counts. */
#include "base/stats.h"

#include <math.h>
#include <stdlib.h>

#include "base/util.h"

/* The standard normal quantile at 1 - alpha / 2 for alpha = 0.05. */
#define STATS_Z 1.959963984540054

static int64_t
stats_hundredths(double fraction)
{
	return (int64_t)llround(fraction * 10000.0);
}

static void
stats_wilson_f(int64_t x, int64_t n, double *lo, double *hi)
{
	if (n <= 0 || x < 0 || x > n) {
		*lo = *hi = NAN;
		return;
	}
	double nn = (double)n, p = (double)x / nn, z2 = STATS_Z * STATS_Z;
	double denom = 1.0 + z2 / nn;
	double centre = (p + z2 / (2.0 * nn)) / denom;
	double half = STATS_Z / denom * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
	/* at x = 0 or x = n the bound is exactly 0 or 1 */
	*lo = x == 0 ? 0.0 : centre - half;
	*hi = x == n ? 1.0 : centre + half;
}

void
fr_stats_wilson(int64_t x, int64_t n, int64_t *lo, int64_t *hi)
{
	double l, h;
	stats_wilson_f(x, n, &l, &h);
	if (isnan(l)) {
		*lo = *hi = -1;
		return;
	}
	*lo = stats_hundredths(l);
	*hi = stats_hundredths(h);
}

void
fr_stats_diff_ci(int64_t x1, int64_t n1, int64_t x0, int64_t n0, double *lo, double *hi)
{
	double l1, u1, l0, u0;
	stats_wilson_f(x1, n1, &l1, &u1);
	stats_wilson_f(x0, n0, &l0, &u0);
	if (isnan(l1) || isnan(l0)) {
		*lo = *hi = NAN;
		return;
	}
	double p1 = (double)x1 / (double)n1, p0 = (double)x0 / (double)n0, d = p1 - p0;
	*lo = d - sqrt((p1 - l1) * (p1 - l1) + (u0 - p0) * (u0 - p0));
	*hi = d + sqrt((u1 - p1) * (u1 - p1) + (p0 - l0) * (p0 - l0));
}

double
fr_stats_two_prop(int64_t x1, int64_t n1, int64_t x2, int64_t n2)
{
	if (n1 <= 0 || n2 <= 0)
		return 1.0;
	double p1 = (double)x1 / (double)n1, p2 = (double)x2 / (double)n2;
	double pool = (double)(x1 + x2) / (double)(n1 + n2);
	double se = sqrt(pool * (1.0 - pool) * (1.0 / (double)n1 + 1.0 / (double)n2));
	if (!(se > 0))
		return 1.0;
	double z = fabs(p1 - p2) / se;
	return erfc(z / sqrt(2.0));
}

struct stats_rank {
	double p;
	size_t i;
};

static int
stats_cmp(const void *a, const void *b)
{
	const struct stats_rank *x = a, *y = b;
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i); /* ties in input order: deterministic */
}

void
fr_stats_holm(const double *p, size_t n, double *adj)
{
	if (n == 0)
		return;
	struct stats_rank *r = fr_xreallocarray(NULL, n, sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = (struct stats_rank){p[i], i};
	qsort(r, n, sizeof *r, stats_cmp);
	double run = 0;
	for (size_t k = 0; k < n; k++) {
		double a = (double)(n - k) * r[k].p;
		if (a > 1)
			a = 1;
		if (a > run)
			run = a; /* adjusted values never decrease down the ranking */
		adj[r[k].i] = run;
	}
	free(r);
}
