/* level.c: per-user funnel level, ordered (with window) or any order.
 *
 * Ordered mode keeps, for each step k, the latest start time of a chain
 * 1..k seen so far. Visits arrive in time order, so a visit at step k
 * extends the best chain at k-1 if it lies within the window of that
 * chain's start; the latest start is always the best one to extend, which
 * makes one pass exact. This is the rule ClickHouse's windowFunnel counts.
 */
#include "warehouse/level.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct fr_level {
	size_t nsteps;
	enum fr_order order;
	int64_t window;          /* seconds; 0 = no limit */
	int64_t *start;          /* [nsteps] latest start of a chain reaching step k+1 */
	unsigned char *reached;  /* [nsteps] whether start[k] is set */
	int64_t *done;           /* [nsteps] when reached[k] was first set */
	int64_t *first;          /* [nsteps] first visit at step k+1 */
	unsigned char *seen;     /* [nsteps] whether first[k] is set */
};

struct fr_level *
fr_level_new(size_t nsteps, enum fr_order order, int64_t window_days)
{
	struct fr_level *lv = fr_xcalloc(1, sizeof *lv);
	lv->nsteps = nsteps;
	lv->order = order;
	lv->window = window_days * 86400;
	lv->start = fr_xcalloc(nsteps, sizeof *lv->start);
	lv->reached = fr_xcalloc(nsteps, 1);
	lv->done = fr_xcalloc(nsteps, sizeof *lv->done);
	lv->first = fr_xcalloc(nsteps, sizeof *lv->first);
	lv->seen = fr_xcalloc(nsteps, 1);
	return lv;
}

void
fr_level_free(struct fr_level *lv)
{
	if (lv == NULL)
		return;
	free(lv->start);
	free(lv->reached);
	free(lv->done);
	free(lv->first);
	free(lv->seen);
	free(lv);
}

void
fr_level_reset(struct fr_level *lv)
{
	memset(lv->reached, 0, lv->nsteps);
	memset(lv->seen, 0, lv->nsteps);
}

void
fr_level_add(struct fr_level *lv, size_t step, int64_t t)
{
	if (step < 1 || step > lv->nsteps)
		return;
	size_t k = step - 1;
	if (!lv->seen[k]) {
		lv->seen[k] = 1;
		lv->first[k] = t;
	}
	if (k == 0) {
		if (!lv->reached[0])
			lv->done[0] = t;
		lv->start[0] = t;
		lv->reached[0] = 1;
		return;
	}
	if (!lv->reached[k - 1])
		return;
	int64_t s = lv->start[k - 1];
	if (lv->window > 0 && t - s > lv->window)
		return;
	if (!lv->reached[k])
		lv->done[k] = t; /* visits come in time order: this is the first completion */
	if (!lv->reached[k] || s > lv->start[k]) {
		lv->start[k] = s;
		lv->reached[k] = 1;
	}
}

void
fr_level_get(const struct fr_level *lv, struct fr_level_user *out)
{
	size_t ordered = 0, any = 0;
	while (ordered < lv->nsteps && lv->reached[ordered])
		ordered++;
	while (any < lv->nsteps && lv->seen[any])
		any++;
	out->level = lv->order == FR_ORDER_ORDERED ? ordered : any;
	out->other_level = lv->order == FR_ORDER_ORDERED ? any : ordered;
	out->entry_time = lv->seen[0] ? lv->first[0] : 0;
	out->out_of_order = 0;
	out->reached_at = lv->order == FR_ORDER_ORDERED ? lv->done : NULL;
	for (size_t k = 1; k < lv->nsteps; k++)
		if (lv->seen[k] && (!lv->seen[k - 1] || lv->first[k] < lv->first[k - 1]))
			out->out_of_order = 1;
}
