/* analyze.h: the analyze stage. Decides each user's funnel level (in C, see
 * level.h), aggregates the two cubes once, and rolls every breakdown up from
 * them with the SQL of templates/sql/analyze_*.sql. */
#ifndef FR_ANALYZE_H
#define FR_ANALYZE_H

#include "result.h"
#include "warehouse.h"

/*
 * Needs the model stage's part of r (steps, dims); fills r's funnel and
 * visits breakdowns, cubes, months and the users' quality counts. Reads
 * r->order, r->window_days and r->max_combo.
 */
int fr_analyze_run(struct fr_wh *wh, struct fr_result *r, char **err);

/*
 * The combinations of 1..k of n items in the order of Python's
 * itertools.combinations, by size: calls fn for each with its indexes.
 * Returns the first non-zero value of fn, or 0.
 */
int fr_analyze_combinations(size_t n, size_t k, int (*fn)(void *ctx, const size_t *idx, size_t m),
                            void *ctx);

#endif
