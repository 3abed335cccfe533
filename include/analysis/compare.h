/* compare.h: the nightly comparison (--compare PREV_OUT_DIR). The previous
 * run's data/funnel.csv is read; for overall and every single-dimension
 * segment, each step's % of previous is compared with tonight's (Newcombe
 * interval of the change, two-proportion test, Holm across the comparison),
 * and the change in overall conversion is split, per dimension, into what
 * the segment mix and what the segments' rates contributed (shift-share). */
#ifndef FR_COMPARE_H
#define FR_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/result.h"

/* The previous run's funnel, as read. */
struct fr_prev;

/*
 * Reads DIR/data/funnel.csv (the overall and single-dimension rows; the
 * rest is skipped); csv_safe: it was written --csv-safe, and its text
 * cells lose the leading ' that put there. FR_EDATA naming the file, line
 * and column when it is not a funnel.csv of this tool; FR_EIO when it
 * cannot be read.
 */
int fr_compare_load(const char *dir, bool csv_safe, struct fr_prev **out, char **err);
void fr_prev_free(struct fr_prev *p);

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

/*
 * Compares r with the previous run. The steps must be the same, in the same
 * order (FR_EDATA otherwise). *out is the caller's, freed with
 * fr_comparison_free.
 */
int fr_compare_build(const struct fr_prev *p, const struct fr_result *r, struct fr_comparison **out,
                     char **err);
void fr_comparison_free(struct fr_comparison *c);

/* "new", "too few", "same", "rose", "fell". */
const char *fr_compare_verdict_name(enum fr_change_verdict v);

#endif
