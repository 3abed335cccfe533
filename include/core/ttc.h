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

/* Seconds counted one by one (2^FR_TTC_LOG2_LINEAR of them); above,
 * 2^FR_TTC_LOG2_SUB bins per doubling. A cluster computes the same fine
 * bins in SQL (templates/sql/clickhouse_ttc.sql), so these are public. */
#define FR_TTC_LOG2_LINEAR 8
#define FR_TTC_LINEAR (1 << FR_TTC_LOG2_LINEAR)
#define FR_TTC_LOG2_SUB 6
/* The fine bins: one past the last. */
#define FR_TTC_NFINE (FR_TTC_LINEAR + (41 - FR_TTC_LOG2_LINEAR) * (1 << FR_TTC_LOG2_SUB))

struct fr_ttc;

/* A counter for ngroups groups (overall and each dimension value, as the
 * caller numbers them) over a funnel of nsteps steps. */
struct fr_ttc *fr_ttc_new(size_t nsteps);
void fr_ttc_free(struct fr_ttc *t);
/* Adds every histogram of from into into (the same number of steps). */
void fr_ttc_merge(struct fr_ttc *into, const struct fr_ttc *from);

/* Counts one user of group group: reached_at[k] for k < level are the
 * times the user reached steps 1..level (reached_at[0] is entry). A group
 * is any 64-bit key the caller chooses. */
void fr_ttc_add(struct fr_ttc *t, uint64_t group, const int64_t *reached_at, size_t level);

/* The fine bin (0 .. FR_TTC_NFINE - 1) and the coarse bin (an index into
 * fr_ttc_bin_lower) of v >= 0 seconds. */
size_t fr_ttc_fine_bin(int64_t v);
size_t fr_ttc_coarse_bin(int64_t v);

/*
 * Counts users of group at step k (1 .. nsteps - 1) whose time to convert
 * fell in fine bin fine and coarse bin coarse: what fr_ttc_add counts, from
 * a histogram made elsewhere (a cluster). -1 when a bin or k is out of
 * range or the two bins cannot hold the same time.
 */
int fr_ttc_add_bins(struct fr_ttc *t, uint64_t group, size_t k, size_t fine, size_t coarse,
                    int64_t users);

/* The statistics of group at step k; zero users if the group never came. */
void fr_ttc_get(const struct fr_ttc *t, uint64_t group, size_t k, struct fr_ttc_stats *out);

/* The groups seen, in ascending key order; *out is the caller's to free. */
size_t fr_ttc_groups(const struct fr_ttc *t, uint64_t **out);

/*
 * The rows of the result (cube.h): for every group seen, a row per step
 * after the first, sorted as the report lists them (overall, then each
 * dimension's values in byte order, then the step). A group key is 0 for
 * overall or (dim + 1) << 32 | code; value(ctx, dim, code) names the code
 * (the row keeps a copy). *out is the caller's (free each row's value,
 * then the array); returns the number of rows.
 */
size_t fr_ttc_rows(const struct fr_ttc *t, const char *(*value)(void *ctx, int dim, uint32_t code),
                   void *ctx, struct fr_ttc_row **out);

/* "42 s", "3 min 20 s", "2 h 05 min", "3 d 4 h"; "n/a" when negative. */
void fr_ttc_format(int64_t seconds, char *buf, size_t n);

#endif
