/* rates.c: rates and their intervals, for every funnel segment and step. */
#include "analysis/rates.h"

#include <math.h>
#include <stdlib.h>

#include "base/stats.h"
#include "base/pct.h"
#include "base/util.h"

void
fr_rates_step(const int64_t *users, size_t k, struct fr_step_stats *out)
{
	out->start.pct = fr_pct(users[k], users[0]);
	out->start.lo = out->start.hi = -1; /* step 1 is 100 % by definition, not an estimate */
	out->prev.pct = out->prev.lo = out->prev.hi = -1;
	if (k > 0) {
		out->prev.pct = fr_pct(users[k], users[k - 1]);
		fr_stats_wilson(users[k], users[k - 1], &out->prev.lo, &out->prev.hi);
		fr_stats_wilson(users[k], users[0], &out->start.lo, &out->start.hi);
	}
	out->dropoff = fr_pct_complement(out->prev.pct);
	out->p_adj = NAN;
	out->vs_rest = FR_VS_NONE;
}

void
fr_rates_compute(struct fr_result *r)
{
	size_t n = r->cube.nsteps;
	for (size_t b = 0; b < r->analysis.nfunnel; b++) {
		struct fr_breakdown *bd = &r->analysis.funnel[b];
		for (size_t s = 0; s < bd->nsegs; s++) {
			struct fr_segment *seg = &bd->segs[s];
			free(seg->stats);
			seg->stats = fr_xcalloc(n + 1, sizeof *seg->stats);
			for (size_t k = 0; k < n; k++)
				fr_rates_step(seg->counts, k, &seg->stats[k]);
		}
	}
}
