/* findings.c: segments against the rest of their breakdown, Holm-corrected. */
#include "analysis/findings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/pct.h"
#include "base/stats.h"
#include "base/timestamp.h"
#include "base/util.h"

const char *
fr_findings_vs_name(int vs)
{
	switch (vs) {
	case FR_VS_SAME: return "same";
	case FR_VS_HIGHER: return "higher";
	case FR_VS_LOWER: return "lower";
	case FR_VS_FEW: return "too few";
	default: return "";
	}
}

/* A test of the family: which cell, and its raw p-value. */
struct findings_test {
	size_t b, s, k;
};

/* Segments first, then cohorts; each by users lost, largest first. */
static int
findings_cmp(const void *a, const void *b)
{
	const struct fr_finding *x = a, *y = b;
	if (x->cohort != y->cohort)
		return x->cohort ? 1 : -1;
	if (x->lost != y->lost)
		return x->lost > y->lost ? -1 : 1;
	if (x->breakdown != y->breakdown)
		return x->breakdown < y->breakdown ? -1 : 1;
	if (x->seg != y->seg)
		return x->seg < y->seg ? -1 : 1;
	return (x->step > y->step) - (x->step < y->step);
}

/* Whether s is an ISO 8601 date or time, or a month YYYY-MM. */
static bool
findings_is_time(const char *s)
{
	size_t n = strlen(s);
	int64_t t;
	const char *why;
	if (n == 7) {
		char day[11];
		memcpy(day, s, 7);
		memcpy(day + 7, "-01", 4);
		return fr_timestamp_parse(day, 10, &t, &why) == 0;
	}
	return fr_timestamp_parse(s, n, &t, &why) == 0;
}

/* Marks the time dimensions: the entry month, and every attribute whose
 * values in its own breakdown are all dates, times or months (empty values
 * aside, but not all empty). */
static void
findings_time_dims(struct fr_result *r)
{
	free(r->analysis.time_dims);
	bool *time = r->analysis.time_dims = fr_xcalloc(r->cube.ndims + 1, sizeof *time);
	for (size_t d = 0; d < r->cube.ndims; d++)
		time[d] = r->cube.dims[d].attr < 0;
	for (size_t b = 1; b < r->analysis.nfunnel; b++) {
		const struct fr_breakdown *bd = &r->analysis.funnel[b];
		if (bd->ndims != 1 || r->cube.dims[bd->dims[0]].attr < 0)
			continue;
		bool all = true, any = false;
		for (size_t s = 0; s < bd->nsegs && all; s++) {
			const char *v = bd->segs[s].values[0];
			if (*v == '\0')
				continue;
			any = true;
			all = findings_is_time(v);
		}
		time[bd->dims[0]] = all && any;
	}
}

/* Whether breakdown b has a time dimension. */
static bool
findings_is_cohort(const struct fr_result *r, size_t b)
{
	for (size_t i = 0; i < r->analysis.funnel[b].ndims; i++)
		if (r->analysis.time_dims[r->analysis.funnel[b].dims[i]])
			return true;
	return false;
}

void
fr_findings_compute(struct fr_result *r)
{
	size_t n = r->cube.nsteps, cap = 0, nt = 0;
	struct findings_test *t = NULL;
	findings_time_dims(r);
	double *p = NULL;
	const int64_t *all = r->analysis.nfunnel > 0 ? r->analysis.funnel[0].segs[0].counts : NULL;
	for (size_t b = 0; b < r->analysis.nfunnel; b++) {
		struct fr_breakdown *bd = &r->analysis.funnel[b];
		for (size_t s = 0; s < bd->nsegs; s++) {
			struct fr_segment *seg = &bd->segs[s];
			for (size_t k = 0; k < n; k++) {
				seg->stats[k].p_adj = NAN;
				seg->stats[k].vs_rest = FR_VS_NONE;
				if (b == 0 || k == 0)
					continue;
				/* the segments of a breakdown partition the entered users,
				 * so the rest is overall minus the segment */
				int64_t x = seg->counts[k], m = seg->counts[k - 1];
				int64_t rx = all[k] - x, rm = all[k - 1] - m;
				if (m < FR_STATS_MIN_BASE || rm < FR_STATS_MIN_BASE) {
					seg->stats[k].vs_rest = FR_VS_FEW;
					continue;
				}
				if (nt == cap) {
					cap = cap ? 2 * cap : 256;
					t = fr_xreallocarray(t, cap, sizeof *t);
					p = fr_xreallocarray(p, cap, sizeof *p);
				}
				t[nt] = (struct findings_test){b, s, k};
				p[nt++] = fr_stats_two_prop(x, m, rx, rm);
			}
		}
	}
	fr_stats_holm(p, nt, p);
	size_t nf = 0, nhigher = 0;
	struct fr_finding *f = NULL;
	for (size_t i = 0; i < nt; i++) {
		struct fr_segment *seg = &r->analysis.funnel[t[i].b].segs[t[i].s];
		size_t k = t[i].k;
		int64_t x = seg->counts[k], m = seg->counts[k - 1];
		int64_t rx = all[k] - x, rm = all[k - 1] - m;
		seg->stats[k].p_adj = p[i];
		/* compare the rates exactly: x / m against rx / rm */
		__int128 lhs = (__int128)x * rm, rhs = (__int128)rx * m;
		if (p[i] >= FR_STATS_ALPHA || lhs == rhs) {
			seg->stats[k].vs_rest = FR_VS_SAME;
			continue;
		}
		seg->stats[k].vs_rest = lhs > rhs ? FR_VS_HIGHER : FR_VS_LOWER;
		if (lhs > rhs) {
			nhigher++;
			continue;
		}
		f = fr_xreallocarray(f, nf + 1, sizeof *f);
		double gap = (double)rx / (double)rm - (double)x / (double)m;
		f[nf++] = (struct fr_finding){
		    t[i].b,       t[i].s,         k,
		    fr_pct(x, m), fr_pct(rx, rm), (int64_t)llround(gap * (double)m),
		    p[i],         findings_is_cohort(r, t[i].b)};
	}
	if (nf > 1)
		qsort(f, nf, sizeof *f, findings_cmp);
	free(r->analysis.findings);
	r->analysis.findings = f;
	r->analysis.nfindings = nf;
	r->analysis.ntests = nt;
	r->analysis.nhigher = nhigher;
	free(t);
	free(p);
}
