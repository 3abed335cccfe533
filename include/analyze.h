/* analyze.h: the analyze stage. Loads the two cubes (made by the model stage,
 * or read from cube files) into a small SQLite database of its own and rolls
 * every breakdown up from them with the SQL of templates/sql/analyze_*.sql;
 * hands the cubes to the warehouse too. */
#ifndef FR_ANALYZE_H
#define FR_ANALYZE_H

#include "loader.h"
#include "result.h"
#include "templates.h"

/*
 * Needs r's steps, dims, months and cubes; fills its funnel and visits
 * breakdowns, and appends the SQL it ran to r->queries. With ld set, the
 * cube tables are also queued for the warehouse. Reads r->max_combo.
 */
int fr_analyze_run(struct fr_templates *t, struct fr_loader *ld, struct fr_result *r, char **err);

/*
 * The combinations of 1..k of n items in the order of Python's
 * itertools.combinations, by size: calls fn for each with its indexes.
 * Returns the first non-zero value of fn, or 0.
 */
int fr_analyze_combinations(size_t n, size_t k, int (*fn)(void *ctx, const size_t *idx, size_t m),
                            void *ctx);

#endif
