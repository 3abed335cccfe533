/* analysis.h: the analysis. Every number the report shows that is not a
 * count of the cube: each breakdown rolled up, each rate's interval and
 * test against the rest, the findings, the cohorts, the comparison with the
 * previous run and the --fail-on checks. The analyze stage computes it once;
 * plot, the report and the data files only read it. An analysis owns every
 * string and array in it. */
#ifndef FR_ANALYSIS_H
#define FR_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One segment of a funnel breakdown. */
struct fr_segment {
	char *label;     /* "sex=Female;channel=Email", or "all" */
	char **values;   /* one per dimension of the breakdown */
	int64_t *users;  /* [nsteps]: users[k] reached step k + 1 */
	/* Against the rest of its breakdown (findings.c), step by step: the
	 * Holm-adjusted p-value of % of previous, or NaN where not tested
	 * (overall, step 1, or a base too small); and the verdict. */
	double *p_adj;   /* [nsteps] */
	signed char *vs_rest; /* [nsteps]: FR_VS_* */
};

enum fr_vs {
	FR_VS_NONE = 0,  /* not tested: overall or step 1 */
	FR_VS_SAME,      /* tested, no significant difference */
	FR_VS_HIGHER,    /* significantly higher than the rest */
	FR_VS_LOWER,     /* significantly lower than the rest */
	FR_VS_FEW,       /* fewer than FR_STATS_MIN_BASE users at the base, or in the rest */
};

/* A segment that converts significantly worse than the rest of its
 * breakdown at one step, and what that costs. */
struct fr_finding {
	size_t breakdown;  /* index into funnel */
	size_t seg;
	size_t step;       /* 1.. nsteps - 1: from step - 1 to step */
	int64_t seg_pct;   /* % of previous in the segment, hundredths */
	int64_t rest_pct;  /* % of previous in the rest of the breakdown */
	int64_t lost;      /* users at step - 1 times the gap, rounded */
	double p_adj;
	bool cohort;       /* the breakdown has a time dimension: ranked after segments */
};

/* A funnel breakdown: "overall" or a combination of dimensions. */
struct fr_breakdown {
	char *name;      /* dimension names joined by '+', or "overall" */
	size_t ndims;
	size_t *dims;    /* indexes into result dims, in --dims order */
	size_t nsegs;
	struct fr_segment *segs;
};

/* One segment of a visits breakdown, dense over steps and months. */
struct fr_vsegment {
	char *label;
	char **values;
	int64_t *visits;   /* [nsteps * nmonths], index step * nmonths + month */
	int64_t *visitors; /* likewise */
};

struct fr_vbreakdown {
	char *name;
	size_t ndims;
	size_t *dims;
	size_t nsegs;
	struct fr_vsegment *segs;
};

/* A --fail-on check and how it came out. */
struct fr_check {
	char *expr;
	char *metric;
	double value;  /* NaN when undefined */
	bool held;
};

/* The comparison with the previous run (--compare; analysis/compare.c). */
enum fr_change_verdict {
	FR_CHANGE_NEW,   /* the segment has no rows in the previous run */
	FR_CHANGE_FEW,   /* under FR_STATS_MIN_BASE users at a base, before or now: not tested */
	FR_CHANGE_SAME,  /* tested, no significant change */
	FR_CHANGE_ROSE,  /* significantly higher now */
	FR_CHANGE_FELL,  /* significantly lower now */
};

/* One segment at one step: % of previous before and now. */
struct fr_change {
	size_t breakdown, seg; /* of the current result */
	size_t step;           /* 1 .. nsteps - 1 */
	int64_t x0, n0;        /* before: users at the step and at the step before (-1 if new) */
	int64_t x1, n1;        /* now */
	double diff_pp;        /* now - before, percentage points; NaN when not defined */
	double lo_pp, hi_pp;   /* its 95 % interval (Newcombe); NaN when not defined */
	double p_adj;          /* Holm-adjusted; NaN when not tested */
	enum fr_change_verdict verdict;
};

/* The change in overall conversion (step 1 to the last step) split along one
 * dimension: total = mix + rate + residual (residual is 0 up to rounding
 * unless the previous file's segments do not sum to its overall). */
struct fr_shift {
	size_t breakdown; /* a single-dimension breakdown of the current result */
	double total_pp, mix_pp, rate_pp, residual_pp;
};

struct fr_comparison {
	char *previous;            /* the directory as given */
	int64_t before_entered, before_converted, now_entered, now_converted;
	double change_pp, change_lo_pp, change_hi_pp; /* overall conversion */
	struct fr_change *changes;
	size_t nchanges;
	struct fr_shift *shifts;
	size_t nshifts;
	size_t ntests;
	size_t rises, drops;       /* significant ones */
};

struct fr_analysis {
	/* funnel[0] is "overall"; then every combination of 1..max_combo dims. */
	struct fr_breakdown *funnel;
	size_t nfunnel;
	struct fr_vbreakdown *visits;
	size_t nvisits;
	/* What stands out: findings ranked by users lost, largest first. */
	struct fr_finding *findings;
	size_t nfindings;
	size_t ntests;         /* the tests of the Holm family */
	size_t nhigher;        /* verdicts FR_VS_HIGHER (FR_VS_LOWER: nfindings) */
	/* Against the previous run (--compare), or NULL. */
	struct fr_comparison *compare;
	/* The --fail-on checks, as evaluated on these results. */
	struct fr_check *checks;
	size_t nchecks;
};

void fr_comparison_free(struct fr_comparison *c);
void fr_analysis_clear(struct fr_analysis *a);

#endif
