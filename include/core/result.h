/* result.h: everything a run knows, in four parts with one owner each:
 *
 *   settings  the run, before the first stage; read-only after
 *   cube      the model stage (or the cube source): the finest grain
 *   analysis  the analyze stage: every derived number
 *   log       each stage appends what it read, kept, built and took
 *
 * Ownership: a result owns its parts and they own everything reachable from
 * them; a stage writes only its part, and what a stage wrote is read-only
 * to the stages after it. Plot, the report and the data files get a const
 * result and compute nothing. */
#ifndef FR_RESULT_H
#define FR_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "core/analysis.h"
#include "core/cube.h"
#include "core/runlog.h"
#include "core/settings.h"

struct fr_result {
	struct fr_settings settings;
	struct fr_cube cube;
	struct fr_analysis analysis;
	struct fr_runlog log;
};

struct fr_result *fr_result_new(void);
void fr_result_free(struct fr_result *r);
/* Users who entered the funnel (step 1 of overall). */
int64_t fr_result_entered(const struct fr_result *r);
/* The overall breakdown's users at step k (0-based). */
int64_t fr_result_users(const struct fr_result *r, size_t k);
/* The stages to show, in order: i from 0 to FR_NSTAGES - 1 are the stages,
 * FR_NSTAGES the warehouse load. NULL for one to leave out: a stage with no
 * name (nothing known of it), or a load that has not run. */
const struct fr_stage *fr_result_stage(const struct fr_result *r, size_t i);
/* The funnel breakdown named name, or NULL. */
const struct fr_breakdown *fr_result_breakdown(const struct fr_result *r, const char *name);

#endif
