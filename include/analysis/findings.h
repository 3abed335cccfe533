/* findings.h: which segments really differ. Each segment of each breakdown
 * is tested against the rest of its breakdown at every step (% of previous,
 * two-proportion z-test), with Holm's correction across every test of the
 * report; the significant shortfalls are ranked by the users they cost. */
#ifndef FR_FINDINGS_H
#define FR_FINDINGS_H

#include "core/result.h"

/* Fills p_adj and vs_rest of every segment of r->analysis.funnel, r->analysis.findings (segment
 * findings first, then cohort findings: those of a breakdown with a time
 * dimension), r->analysis.nfindings, r->analysis.ntests and r->analysis.nhigher, and marks the time
 * dimensions (r->cube.dims[].time). Needs the funnel breakdowns, nothing else;
 * overall (funnel[0]) is the reference and is not tested. */
void fr_findings_compute(struct fr_result *r);

/* The Wilson interval of % of previous or of % of start of users at step k
 * (0-based), in hundredths; -1, -1 at step 1 (no rate there to estimate)
 * and where the base is 0. */
void fr_findings_ci_prev(const int64_t *users, size_t k, int64_t *lo, int64_t *hi);
void fr_findings_ci_start(const int64_t *users, size_t k, int64_t *lo, int64_t *hi);

/* "higher", "lower", "same", "too few", or "" for FR_VS_NONE. */
const char *fr_findings_vs_name(int vs);

#endif
