/* estimate.h: the breakdowns' segments estimated from the cubes, before any
 * roll-up: a clear error beats an hour and gigabytes. */
#ifndef FR_ESTIMATE_H
#define FR_ESTIMATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/result.h"

/* The default of --max-segments: the demo has 282 segments (219 in
 * funnel.csv, 63 in visits.csv); 10,000 make an index.html of about 20 MB
 * that a browser opens in seconds, a run of well under a minute. */
#define FR_ESTIMATE_MAX_SEGMENTS 10000

/*
 * The segments of funnel.csv and visits.csv together, estimated from the
 * cubes without rolling anything up: for each breakdown of 1..k of the
 * dimensions (leaving out those with off[d] set; off may be NULL), the
 * product of its dimensions' distinct values, but at most the entered
 * users (visits: the users with visits); plus the two overall rows. An
 * upper bound of the truth. Counting stops once past stop (so the answer
 * is then only known to be more than stop).
 */
int64_t fr_estimate_segments(const struct fr_result *r, size_t k, const bool *off, int64_t stop);

/*
 * Refuses, when r's --max-segments is set, breakdowns of up to k dimensions
 * estimated to have more segments: FR_EDATA naming the limit and the
 * dimensions with the most values that, left out, would bring the estimate
 * under it.
 */
int fr_estimate_check(const struct fr_result *r, size_t k, char **err);

#endif
