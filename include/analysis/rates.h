/* rates.h: each funnel segment's rates at each step (% of previous, % of
 * start, drop-off) with their Wilson 95 % intervals, computed once. */
#ifndef FR_RATES_H
#define FR_RATES_H

#include "core/result.h"

/* Fills the stats of every segment of r's funnel breakdowns (all but the
 * test against the rest, which findings.c adds). */
void fr_rates_compute(struct fr_result *r);

/* The rates of users (nsteps of them) at step k into *out. */
void fr_rates_step(const int64_t *users, size_t k, struct fr_step_stats *out);

#endif
