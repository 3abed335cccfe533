/* headlines.c: the system design's three headline analyses, as a table. */
#include "analysis/headlines.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"

/* Steps are counted from the end when at most 0 (0 the last, -1 the one
 * before), else from the start (1-based); a funnel too short for a step
 * takes its last pair not shown by a headline before it. */
static const struct headline_decl {
	enum fr_headline_kind kind;
	enum fr_measure_id measure;
	bool by_month;      /* over the entry month too */
	int from, to;
	const char *missing; /* said when the breakdown is not there */
} headline_decls[] = {
    {FR_HEADLINE_TREND, FR_VISITS, false, 0, 0,
     "The visit trend and the drop-off bars need breakdowns of two dimensions (--max-combo 2 or "
     "more)."},
    {FR_HEADLINE_DROPOFF, FR_FUNNEL, false, -1, 0, NULL},
    {FR_HEADLINE_DROPOFF_MONTH, FR_FUNNEL, true, 4, 5,
     "The drop-off heatmap by month needs breakdowns of three dimensions (--max-combo 3)."},
};

/* The segment dimensions the system design names; else the first two user
 * dimensions. */
static const char *const headline_dims[2] = {"sex", "channel"};

static int
headlines_dim(const struct fr_cube *c, const char *name)
{
	for (size_t d = 0; d < c->ndims; d++)
		if (strcmp(c->dims[d].name, name) == 0 && c->dims[d].attr >= 0)
			return (int)d;
	return -1;
}

static int
headlines_month(const struct fr_cube *c)
{
	for (size_t d = 0; d < c->ndims; d++)
		if (c->dims[d].attr < 0)
			return (int)d;
	return -1;
}

/* Whether breakdown b is over exactly the dimensions dims (any order). */
static bool
headlines_same_dims(const struct fr_breakdown *b, const size_t *dims, size_t n)
{
	if (b->ndims != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (size_t j = 0; j < n && !found; j++)
			found = b->dims[j] == dims[i];
		if (!found)
			return false;
	}
	return true;
}

static void
headlines_note(struct fr_analysis *a, const char *text)
{
	struct fr_buf b = FR_BUF_INIT;
	if (a->headline_note != NULL)
		fr_buf_printf(&b, "%s ", a->headline_note);
	fr_buf_puts(&b, text);
	free(a->headline_note);
	a->headline_note = fr_buf_detach(&b);
}

static size_t
headlines_step(int at, size_t nsteps)
{
	if (at <= 0)
		return nsteps - 1 - (size_t)-at;
	return (size_t)at - 1;
}

void
fr_headlines_compute(struct fr_result *r)
{
	const struct fr_cube *c = &r->cube;
	struct fr_analysis *a = &r->analysis;
	if (c->nsteps == 0)
		return;
	int da = headlines_dim(c, headline_dims[0]), db = headlines_dim(c, headline_dims[1]);
	if (da < 0 || db < 0) {
		if (c->nvdims < 2) {
			headlines_note(a, "The headline analyses need two user dimensions (such as sex and "
			                  "channel).");
			return;
		}
		da = (int)c->vdims[0], db = (int)c->vdims[1];
	}
	int month = headlines_month(c);
	size_t n = sizeof headline_decls / sizeof headline_decls[0];
	a->headlines = fr_xcalloc(n, sizeof *a->headlines);
	for (size_t i = 0; i < n; i++) {
		const struct headline_decl *d = &headline_decls[i];
		if (d->measure == FR_FUNNEL && c->nsteps < 2)
			continue;
		if (d->by_month && month < 0)
			continue;
		struct fr_headline h = {d->kind, d->measure, 0, 0, 0, {(size_t)da, (size_t)db, 0}, 2};
		if (d->by_month)
			h.dims[h.ndims++] = (size_t)month;
		const struct fr_breakdown *list = d->measure == FR_FUNNEL ? a->funnel : a->visits;
		size_t nlist = d->measure == FR_FUNNEL ? a->nfunnel : a->nvisits, b;
		for (b = 0; b < nlist && !headlines_same_dims(&list[b], h.dims, h.ndims); b++)
			;
		if (b == nlist) {
			if (d->missing != NULL)
				headlines_note(a, d->missing);
			continue;
		}
		h.breakdown = b;
		h.to = headlines_step(d->to, c->nsteps);
		if (d->measure == FR_FUNNEL) {
			size_t from = headlines_step(d->from, c->nsteps);
			if (h.to >= c->nsteps || from >= h.to) {
				/* too short a funnel: its last pair that no headline
				 * before has shown (four steps: search to payment, not
				 * payment to confirmation twice), else its last pair */
				h.to = c->nsteps - 1;
				for (size_t j = 0; j < a->nheadlines && h.to > 1; j++)
					if (a->headlines[j].measure == FR_FUNNEL && a->headlines[j].to == h.to)
						h.to--;
				from = h.to - 1;
			}
			h.from = from;
		}
		a->headlines[a->nheadlines++] = h;
	}
}
