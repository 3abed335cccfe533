/* analysis.c: the analysis, owned. */
#include "core/analysis.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

size_t
fr_breakdown_cells(const struct fr_cube *c, enum fr_measure_id m)
{
	return m == FR_VISITS ? c->nsteps * c->nmonths : c->nsteps;
}

static void
analysis_free_breakdown(struct fr_breakdown *b)
{
	for (size_t i = 0; i < b->nsegs; i++) {
		free(b->segs[i].label);
		fr_strv_free(b->segs[i].values, b->ndims);
		free(b->segs[i].counts);
		free(b->segs[i].stats);
	}
	free(b->segs);
	free(b->dims);
	free(b->name);
}

void
fr_comparison_free(struct fr_comparison *c)
{
	if (c == NULL)
		return;
	free(c->previous);
	free(c->prev_first_month);
	free(c->prev_last_month);
	free(c->changes);
	free(c->shifts);
	free(c);
}

void
fr_history_free(struct fr_history *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->nruns; i++) {
		free(h->runs[i].users);
		free(h->runs[i].prev);
		free(h->runs[i].held);
	}
	free(h->runs);
	free(h->restarted);
	free(h);
}

void
fr_analysis_clear(struct fr_analysis *a)
{
	for (size_t i = 0; i < a->nfunnel; i++)
		analysis_free_breakdown(&a->funnel[i]);
	free(a->funnel);
	for (size_t i = 0; i < a->nvisits; i++)
		analysis_free_breakdown(&a->visits[i]);
	free(a->visits);
	free(a->findings);
	fr_comparison_free(a->compare);
	free(a->first_night);
	fr_history_free(a->history);
	for (size_t i = 0; i < a->nchecks; i++) {
		free(a->checks[i].expr);
		free(a->checks[i].metric);
	}
	free(a->checks);
	free(a->time_dims);
	free(a->cohorts);
	free(a->headlines);
	free(a->headline_note);
	memset(a, 0, sizeof *a);
}
