/* ttc.h: time to convert. For every step after the first, how long users
 * took from funnel entry (their first step-1 visit) to reaching it (the
 * visit that first completed their chain to it), in ordered mode: overall
 * and in every segment of a single dimension. Counted into histograms
 * during the model's pass over the users, so memory does not grow with
 * them: quantiles are exact to the second under FR_TTC_LINEAR seconds;
 * above, they are interpolated inside a bin 1/64 of an octave wide, which
 * holds the exact value, so they are within FR_TTC_ERROR_PCT % of it and
 * move with the data rather than sitting on a bin's fixed value. */
#ifndef FR_TTC_H
#define FR_TTC_H

#include <stddef.h>
#include <stdint.h>

#include "core/cube.h"

/* Seconds counted one by one; above, 64 bins per doubling. */
#define FR_TTC_LINEAR 256

struct fr_ttc;

/* A counter for ngroups groups (overall and each dimension value, as the
 * caller numbers them) over a funnel of nsteps steps. */
struct fr_ttc *fr_ttc_new(size_t nsteps);
void fr_ttc_free(struct fr_ttc *t);

/* Counts one user of group group: reached_at[k] for k < level are the
 * times the user reached steps 1..level (reached_at[0] is entry). A group
 * is any 64-bit key the caller chooses. */
void fr_ttc_add(struct fr_ttc *t, uint64_t group, const int64_t *reached_at, size_t level);

/* The statistics of group at step k; zero users if the group never came. */
void fr_ttc_get(const struct fr_ttc *t, uint64_t group, size_t k, struct fr_ttc_stats *out);

/* The groups seen, in ascending key order; *out is the caller's to free. */
size_t fr_ttc_groups(const struct fr_ttc *t, uint64_t **out);

/* "42 s", "3 min 20 s", "2 h 05 min", "3 d 4 h"; "n/a" when negative. */
void fr_ttc_format(int64_t seconds, char *buf, size_t n);

#endif
