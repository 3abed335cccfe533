/* result.c: a run's result, its four parts, and the lookups every reader
 * needs. */
#include "core/result.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct fr_result *
fr_result_new(void)
{
	return fr_xcalloc(1, sizeof(struct fr_result));
}

void
fr_result_free(struct fr_result *r)
{
	if (r == NULL)
		return;
	fr_settings_clear(&r->settings);
	fr_cube_clear(&r->cube);
	fr_analysis_clear(&r->analysis);
	fr_runlog_clear(&r->log);
	free(r);
}

int64_t
fr_result_users(const struct fr_result *r, size_t k)
{
	if (r->analysis.nfunnel == 0 || r->analysis.funnel[0].nsegs == 0 || k >= r->cube.nsteps)
		return 0;
	return r->analysis.funnel[0].segs[0].counts[k];
}

int64_t
fr_result_entered(const struct fr_result *r)
{
	return fr_result_users(r, 0);
}

const struct fr_breakdown *
fr_result_breakdown(const struct fr_result *r, const char *name)
{
	for (size_t i = 0; i < r->analysis.nfunnel; i++)
		if (strcmp(r->analysis.funnel[i].name, name) == 0)
			return &r->analysis.funnel[i];
	return NULL;
}

const struct fr_stage *
fr_result_stage(const struct fr_result *r, size_t i)
{
	const struct fr_stage *st = i < FR_NSTAGES ? &r->log.stages[i] : i == FR_NSTAGES ? &r->log.load : NULL;
	if (st == NULL || st->name == NULL || (i == FR_NSTAGES && !st->ran))
		return NULL;
	return st;
}
