/* cohorts.h: the funnel by month of entry, and which months are mature: a
 * cohort is mature once the conversion window (--window) of its last
 * possible entrant has closed by the data's last event. Read from the
 * "month" breakdown; the types are in core/analysis.h. */
#ifndef FR_COHORTS_H
#define FR_COHORTS_H

#include <stddef.h>

#include "core/result.h"

/* Fills r->analysis's cohorts (in month order) from its month breakdown:
 * none when there is no month breakdown (month not among --dims). */
void fr_cohorts_compute(struct fr_result *r);

/* The month breakdown's segment of cohort i: its month is values[0], its
 * users counts. */
const struct fr_segment *fr_cohorts_segment(const struct fr_result *r, size_t i);

#endif
