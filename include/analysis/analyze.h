/* analyze.h: the analyze stage. Loads the two cubes (made by the model stage,
 * or read from cube files) into a small SQLite database of its own and rolls
 * every breakdown up from them with the SQL of templates/sql/analyze_*.sql;
 * hands the cubes to the warehouse too. */
#ifndef FR_ANALYZE_H
#define FR_ANALYZE_H

#include "warehouse/loader.h"
#include "core/result.h"
#include "base/templates.h"

/* The default of --max-segments: the demo has 282 segments (219 in
 * funnel.csv, 63 in visits.csv); 10,000 make an index.html of about 20 MB
 * that a browser opens in seconds, a run of well under a minute. */
#define FR_ANALYZE_MAX_SEGMENTS 10000

/*
 * Needs r's steps, dims, months and cubes; fills its funnel and visits
 * breakdowns, and appends the SQL it ran to r->log.queries. With ld set, the
 * cube tables are also queued for the warehouse. Reads r->settings.max_combo.
 * First, when r->settings.max_segments is set, the segments are estimated
 * (fr_analyze_estimate): more is FR_EDATA naming the limit and the
 * dimensions that make the most, before any roll-up.
 */
int fr_analyze_run(struct fr_templates *t, struct fr_loader *ld, struct fr_result *r, char **err);

/*
 * The combinations of 1..k of n items in the order of Python's
 * itertools.combinations, by size: calls fn for each with its indexes.
 * Returns the first non-zero value of fn, or 0.
 */
int fr_analyze_combinations(size_t n, size_t k, int (*fn)(void *ctx, const size_t *idx, size_t m),
                            void *ctx);

/*
 * The segments of funnel.csv and visits.csv together, estimated from the
 * cubes without rolling anything up: for each breakdown of 1..k of the
 * dimensions (leaving out those with off[d] set; off may be NULL), the
 * product of its dimensions' distinct values, but at most the entered
 * users (visits: the users with visits); plus the two overall rows. An
 * upper bound of the truth. Counting stops once past stop (so the answer
 * is then only known to be more than stop).
 */
int64_t fr_analyze_estimate(const struct fr_result *r, size_t k, const bool *off, int64_t stop);

#endif
