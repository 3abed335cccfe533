/* result.c: ownership of the run's results. */
#include "analysis/result.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"

struct fr_result *
fr_result_new(void)
{
	return fr_xcalloc(1, sizeof(struct fr_result));
}

static void
result_free_breakdown(struct fr_breakdown *b)
{
	for (size_t i = 0; i < b->nsegs; i++) {
		free(b->segs[i].label);
		fr_strv_free(b->segs[i].values, b->ndims);
		free(b->segs[i].users);
		free(b->segs[i].p_adj);
		free(b->segs[i].vs_rest);
	}
	free(b->segs);
	free(b->dims);
	free(b->name);
}

static void
result_free_vbreakdown(struct fr_vbreakdown *b)
{
	for (size_t i = 0; i < b->nsegs; i++) {
		free(b->segs[i].label);
		fr_strv_free(b->segs[i].values, b->ndims);
		free(b->segs[i].visits);
		free(b->segs[i].visitors);
	}
	free(b->segs);
	free(b->dims);
	free(b->name);
}

void
fr_result_free(struct fr_result *r)
{
	if (r == NULL)
		return;
	free(r->title);
	free(r->source);
	fr_strv_free(r->steps, r->nsteps);
	for (size_t i = 0; i < r->nattrs; i++)
		free(r->attrs[i].name);
	free(r->attrs);
	for (size_t i = 0; i < r->ndims; i++)
		free(r->dims[i].name);
	free(r->dims);
	free(r->vdims);
	fr_strv_free(r->months, r->nmonths);
	free(r->first_event);
	free(r->last_event);
	for (size_t i = 0; i < r->ninputs; i++) {
		free(r->inputs[i].name);
		free(r->inputs[i].kind);
	}
	free(r->inputs);
	for (size_t i = 0; i < r->nfunnel; i++)
		result_free_breakdown(&r->funnel[i]);
	free(r->funnel);
	for (size_t i = 0; i < r->nvisits; i++)
		result_free_vbreakdown(&r->visits[i]);
	free(r->visits);
	for (size_t i = 0; i < r->ncube; i++)
		fr_strv_free(r->cube[i].values, r->ndims);
	free(r->cube);
	free(r->other_users);
	for (size_t i = 0; i < r->nvcube; i++)
		fr_strv_free(r->vcube[i].values, r->nvdims);
	free(r->vcube);
	free(r->findings);
	for (size_t i = 0; i < r->nttc; i++)
		free(r->ttc[i].value);
	free(r->ttc);
	fr_comparison_free(r->compare);
	for (size_t i = 0; i < r->nchecks; i++) {
		free(r->checks[i].expr);
		free(r->checks[i].metric);
	}
	free(r->checks);
	for (size_t i = 0; i < r->ntables; i++) {
		struct fr_whtable *t = &r->tables[i];
		free(t->name);
		free(t->kind);
		free(t->sql);
		fr_strv_free(t->cols, t->ncols);
		fr_strv_free(t->types, t->ncols);
	}
	free(r->tables);
	for (size_t i = 0; i < r->nqueries; i++) {
		free(r->queries[i].file);
		free(r->queries[i].sql);
	}
	free(r->queries);
	free(r->generated_at);
	fr_strv_free(r->pool, r->npool);
	free(r);
}

int64_t
fr_result_users(const struct fr_result *r, size_t k)
{
	if (r->nfunnel == 0 || r->funnel[0].nsegs == 0 || k >= r->nsteps)
		return 0;
	return r->funnel[0].segs[0].users[k];
}

int64_t
fr_result_entered(const struct fr_result *r)
{
	return fr_result_users(r, 0);
}

const struct fr_breakdown *
fr_result_breakdown(const struct fr_result *r, const char *name)
{
	for (size_t i = 0; i < r->nfunnel; i++)
		if (strcmp(r->funnel[i].name, name) == 0)
			return &r->funnel[i];
	return NULL;
}

const struct fr_stage *
fr_result_stage(const struct fr_result *r, size_t i)
{
	const struct fr_stage *st = i < FR_NSTAGES ? &r->stages[i] : i == FR_NSTAGES ? &r->load : NULL;
	if (st == NULL || st->name == NULL || (i == FR_NSTAGES && !st->ran))
		return NULL;
	return st;
}
