/* findings.h: which segments really differ. Each segment of each breakdown
 * is tested against the rest of its breakdown at every step (% of previous,
 * two-proportion z-test), with Holm's correction across every test of the
 * report; the significant shortfalls are ranked by the users they cost. */
#ifndef FR_FINDINGS_H
#define FR_FINDINGS_H

#include "core/result.h"

/* Fills the p_adj and vs_rest of every funnel segment's stats (each
 * segment against the rest of its breakdown, Holm-corrected across the
 * report), r->analysis.findings (segment findings first, then cohort
 * findings: those of a breakdown with a time dimension), nfindings, ntests
 * and nhigher, and r->analysis.time_dims. Needs the funnel breakdowns and
 * their rates (rates.h); overall (funnel[0]) is the reference and is not
 * tested. */
void fr_findings_compute(struct fr_result *r);

/* "higher", "lower", "same", "too few", or "" for FR_VS_NONE. */
const char *fr_findings_vs_name(int vs);

#endif
