/* lake.h: the SQL that builds the two cube files from the data lake (the
 * warehouse's star schema as files): CTEs, joins and GROUP BY, no
 * dialect's functions; the tests run it on SQLite. Rendered from templates/sql/lake_cube_*.sql for a run's
 * steps, dimensions, order and window; the docs show it, and the tests run
 * it on the warehouse and compare it with the cubes the per-user pass made. */
#ifndef FR_LAKE_H
#define FR_LAKE_H

#include "core/result.h"
#include "base/templates.h"

/* The two statements, allocated into *funnel and *visits (the caller frees
 * them). FR_EIO when a template is broken. */
int fr_lake_sql(const struct fr_result *r, struct fr_templates *t, char **funnel, char **visits,
                char **err);

#endif
