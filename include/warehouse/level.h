/* level.h: how far one user got down the funnel (SPEC section 4). This is the
 * one implementation of the ordered and any-order rules; the analyze stage
 * feeds it each user's page visits. */
#ifndef FR_LEVEL_H
#define FR_LEVEL_H

#include <stddef.h>
#include <stdint.h>

#include "core/result.h"

struct fr_level;

/* What one user's visits add up to. */
struct fr_level_user {
	size_t level;       /* deepest step reached, 1-based; 0 = not entered */
	/* The level under the other rule (any order when counting in order,
	 * in order with the window when counting in any order): one pass
	 * counts both, so the report can say what the other rule gives. */
	size_t other_level;
	int64_t entry_time; /* first step-1 visit; meaningful when level > 0 */
	int out_of_order;   /* a step came before (or without) the step preceding it */
	/* Ordered mode: reached_at[k] is when the user first completed a chain
	 * 1..k+1 (the visit to step k+1 that did it), for k < level; borrowed
	 * from the counter until its next reset. NULL in any-order mode. */
	const int64_t *reached_at;
};

/* A counter for a funnel of nsteps steps; window_days 0 means no limit. */
struct fr_level *fr_level_new(size_t nsteps, enum fr_order order, int64_t window_days);
void fr_level_free(struct fr_level *lv);

/* Starts a new user. */
void fr_level_reset(struct fr_level *lv);
/*
 * Adds a visit at step (1-based) and time t. A user's visits must come in
 * ascending (t, step) order: equal times then count as in order.
 */
void fr_level_add(struct fr_level *lv, size_t step, int64_t t);
/* The user's result so far. */
void fr_level_get(const struct fr_level *lv, struct fr_level_user *out);

#endif
