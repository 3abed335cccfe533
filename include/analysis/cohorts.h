/* cohorts.h: the funnel by month of entry, and which months are mature: a
 * cohort is mature once the conversion window (--window) of its last
 * possible entrant has closed by the data's last event. Read from the
 * "month" breakdown of the result; nothing is computed twice. */
#ifndef FR_COHORTS_H
#define FR_COHORTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/result.h"
#include "base/timestamp.h"

enum fr_maturity {
	FR_COHORT_UNKNOWN, /* no --window: every cohort may still convert */
	FR_COHORT_MATURE,
	FR_COHORT_IMMATURE,
};

struct fr_cohort {
	const char *month;     /* "2025-04", borrowed from the result */
	const int64_t *users;  /* [nsteps], borrowed: users of this cohort at each step */
	char closes[FR_TIMESTAMP_BUFSZ];     /* "2025-05-08": the day the window of its last entrant closes, or "" */
	enum fr_maturity maturity;
};

/* The cohorts of r in month order, in *out (the caller frees the array;
 * its pointers borrow from r); returns how many. 0 when r has no month
 * breakdown (month not among --dims) or no entered user. */
size_t fr_cohorts_build(const struct fr_result *r, struct fr_cohort **out);

#endif
