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

#include "core/cube.h"

enum fr_vs {
	FR_VS_NONE = 0,  /* not tested: overall or step 1 */
	FR_VS_SAME,      /* tested, no significant difference */
	FR_VS_HIGHER,    /* significantly higher than the rest */
	FR_VS_LOWER,     /* significantly lower than the rest */
	FR_VS_FEW,       /* fewer than FR_STATS_MIN_BASE users at the base, or in the rest */
};

/*
 * The one language of better and worse, in every chart, table and sentence:
 * a segment that converts significantly more than the rest (so drops off
 * less) is better, whatever number is drawn (a conversion or a drop-off);
 * the glyphs judge, they do not point up or down.
 */
#define FR_MARK_BETTER "\xe2\x9c\x93"       /* ✓ */
#define FR_MARK_WORSE "\xe2\x9c\x97"        /* ✗ */
#define FR_MARK_BETTER_WORD FR_MARK_BETTER " better"
#define FR_MARK_WORSE_WORD FR_MARK_WORSE " worse"

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

/* A rate in hundredths of a percent with its Wilson 95 % interval; -1 for
 * each where it is undefined (a base of 0, or step 1's rate of previous). */
struct fr_rate {
	int64_t pct;
	int64_t lo, hi;
};

/* A funnel segment at one step, as the analysis found it. */
struct fr_step_stats {
	struct fr_rate prev;   /* % of previous (none at step 1) */
	struct fr_rate start;  /* % of start (100 at step 1, without an interval) */
	int64_t dropoff;       /* 100 - % of previous, hundredths; -1 where undefined */
	/* Against the rest of its breakdown (findings.c): the Holm-adjusted
	 * p-value of % of previous, or NaN where not tested (overall, step 1,
	 * or a base too small); and the verdict. */
	double p_adj;
	signed char vs_rest;   /* FR_VS_* */
};

/* One segment of a breakdown. */
struct fr_segment {
	char *label;     /* "sex=Female;channel=Email", or "all" */
	char **values;   /* one per dimension of the breakdown */
	/* The measure's counts, cell by cell (fr_breakdown_cells): funnel,
	 * users[k] who reached step k + 1; visits, visits and visitors of
	 * step k in month m at cell k * nmonths + m. */
	int64_t *counts;
	struct fr_step_stats *stats; /* funnel: [nsteps]; visits: NULL */
};

/* A breakdown: "overall" or a combination of dimensions, of one measure. */
struct fr_breakdown {
	enum fr_measure_id measure;
	char *name;      /* dimension names joined by '+', or "overall" */
	size_t ndims;
	size_t *dims;    /* indexes into the cube's dims, in --dims order */
	size_t nsegs;
	struct fr_segment *segs;
};

/* The cells of one of c's segments of measure m, and the counts in each. */
size_t fr_breakdown_cells(const struct fr_cube *c, enum fr_measure_id m);

/* A segment's users at each step (funnel) */
static inline const int64_t *
fr_segment_users(const struct fr_segment *s)
{
	return s->counts;
}

/* A visits segment's visits and visitors at step k in month m. */
static inline int64_t
fr_segment_visits(const struct fr_segment *s, size_t nmonths, size_t k, size_t m)
{
	return s->counts[2 * (k * nmonths + m)];
}
static inline int64_t
fr_segment_visitors(const struct fr_segment *s, size_t nmonths, size_t k, size_t m)
{
	return s->counts[2 * (k * nmonths + m) + 1];
}

/* A --fail-on check and how it came out. */
struct fr_check {
	char *expr;
	char *metric;
	double value;  /* NaN when undefined */
	bool held;
	/* Why it has no value when that is not the data's doing: "no previous
	 * run" for a metric of the comparison on the first night (static). */
	const char *why_not;
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
	char *prev_first_month, *prev_last_month; /* its entry months (YYYY-MM), or NULL */
	int64_t before_entered, before_converted, now_entered, now_converted;
	double change_pp, change_lo_pp, change_hi_pp; /* overall conversion */
	struct fr_change *changes;
	size_t nchanges;
	struct fr_shift *shifts;
	size_t nshifts;
	size_t ntests;
	size_t rises, drops;       /* significant ones */
};

/* One run of the report's history (data/history.csv), as the analysis
 * reads it: the overall funnel of that run and the checks that held. */
struct fr_history_run {
	int64_t run;            /* its number in the history: 1, 2, ... */
	char date[11];          /* YYYY-MM-DD (SOURCE_DATE_EPOCH, else the data's last day), or "" */
	int64_t *users;         /* [nsteps]: overall users at each step */
	struct fr_rate conversion; /* the last step's users over the first's, with its interval */
	struct fr_rate *prev;   /* [nsteps]: each step's % of previous; step 1's is undefined */
	size_t nheld;           /* the --fail-on checks that held that night */
	char *held;             /* their expressions joined by ";", or "" */
};

/* The runs of this report, oldest first; the last is this run. */
struct fr_history {
	struct fr_history_run *runs;
	size_t nruns;
	size_t limit;           /* --history N: runs kept at most */
	bool is_new;            /* the report replaced had no history: it starts tonight */
	/* Why the history of the report replaced was not carried on (it could
	 * not be read, or counts another funnel), or NULL. */
	char *restarted;
	/* Tonight against the run before (the previous row): the change in
	 * overall conversion in points with its 95 % interval (Newcombe); NaN
	 * without a previous run. */
	double change_pp, change_lo_pp, change_hi_pp;
};

/* Which entry months can still change: a cohort is mature once the
 * conversion window (--window) of its last possible entrant has closed by
 * the data's last event. */
enum fr_maturity {
	FR_COHORT_UNKNOWN, /* no --window: every cohort may still convert */
	FR_COHORT_MATURE,
	FR_COHORT_IMMATURE,
};

/* An entry-month cohort: a segment of the month breakdown (its users are
 * that segment's), and when its window closes. */
struct fr_cohort {
	size_t seg;            /* in the funnel's month breakdown */
	char closes[24];       /* "2025-05-08": the day the window of its last entrant closes, or "" */
	enum fr_maturity maturity;
};

/* The three headline analyses of the system design (SPEC 5), as the
 * analysis found them in this run's breakdowns (analysis/headlines.c
 * declares them). */
enum fr_headline_kind {
	FR_HEADLINE_TREND,         /* visits of the last step per month, by two user dimensions */
	FR_HEADLINE_DROPOFF,       /* drop-off into the last step, by the two */
	FR_HEADLINE_DROPOFF_MONTH, /* drop-off from step 4 to step 5, by the two and entry month */
};

struct fr_headline {
	enum fr_headline_kind kind;
	enum fr_measure_id measure;
	size_t breakdown;      /* its breakdown, an index into the measure's list */
	size_t from, to;       /* the steps (0-based): the pair of a drop-off; the trend's step is to */
	size_t dims[3];        /* the two user dimensions, then the entry month */
	size_t ndims;
};

struct fr_analysis {
	/* funnel[0] is "overall"; then every combination of 1..max_combo dims. */
	struct fr_breakdown *funnel;
	size_t nfunnel;
	struct fr_breakdown *visits; /* visits[0] is "overall"; user dimensions only */
	size_t nvisits;
	/* What stands out: findings ranked by users lost, largest first. */
	struct fr_finding *findings;
	size_t nfindings;
	size_t ntests;         /* the tests of the Holm family */
	size_t nhigher;        /* verdicts FR_VS_HIGHER (FR_VS_LOWER: nfindings) */
	/* Against the previous run (--compare), or NULL. */
	struct fr_comparison *compare;
	/* --compare DIR found no report in DIR (missing or empty): the first
	 * night, nothing to compare with. DIR, or NULL. */
	char *first_night;
	/* Every run of this report, this one last (data/history.csv). */
	struct fr_history *history;
	/* The --fail-on checks, as evaluated on these results. */
	struct fr_check *checks;
	size_t nchecks;
	/* The time dimensions (the entry month, and attributes whose values
	 * are all dates, times or months): cohorts, not segments. [ndims] */
	bool *time_dims;
	/* Entry cohorts: the segments of the month breakdown (cohort_of) in
	 * month order; none without a month breakdown. */
	size_t cohort_of;      /* index into funnel */
	struct fr_cohort *cohorts;
	size_t ncohorts;
	/* The headline analyses there are, and why any are missing (or NULL). */
	struct fr_headline *headlines;
	size_t nheadlines;
	char *headline_note;
};

void fr_comparison_free(struct fr_comparison *c);
void fr_history_free(struct fr_history *h);
void fr_analysis_clear(struct fr_analysis *a);

#endif
