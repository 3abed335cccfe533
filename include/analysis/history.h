/* history.h: every night remembered. Each published report carries the
 * overall funnel of the runs before it in data/history.csv; a run reads the
 * history of the report it replaces (under the lock, before the swap), adds
 * its own row and keeps the last --history N. A history that cannot be read
 * is never a failed run: it starts again, and the report says why. */
#ifndef FR_HISTORY_H
#define FR_HISTORY_H

#include <stddef.h>

#include "core/result.h"

/* --history N by default, and at most. */
#define FR_HISTORY_DEFAULT 90
#define FR_HISTORY_MAX 100000

/* The history of the report replaced, as read. */
struct fr_history_prev;

/*
 * Reads OUT_DIR/data/history.csv, keeping its last limit - 1 rows (this
 * run's row makes limit). Never fails: a missing file or OUT_DIR is no
 * history; a file that cannot be read (I/O, malformed CSV, a cell that is
 * not what its column holds) is remembered with why, and the build
 * restarts the history. The caller frees the result.
 */
struct fr_history_prev *fr_history_load(const char *out_dir, size_t limit);
void fr_history_prev_free(struct fr_history_prev *p);

/*
 * Builds r->analysis.history from the previous runs (p may be NULL) and
 * this run, last: needs r's settings, cube, overall breakdown and checks.
 * Previous rows of another funnel (other steps) restart it too.
 */
void fr_history_build(const struct fr_history_prev *p, size_t limit, struct fr_result *r);

/* The columns of data/history.csv before the steps' (each step then has
 * NAME_users and NAME_from_prev_pct). */
#define FR_HISTORY_COLUMNS "run,date,entered,converted,conversion_pct,checks_held,held_checks"

#endif
