/* demo.h: the embedded demo data set (SPEC 3.1), generated deterministically
 * from a seed and handed to extract like any other source. */
#ifndef FR_DEMO_H
#define FR_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"

#define FR_DEMO_USERS 90400
#define FR_DEMO_SEED 1
#define FR_DEMO_NSTEPS 6

/* The demo's funnel, in order. */
extern const char *const fr_demo_steps[FR_DEMO_NSTEPS];

/*
 * Generates users users (and their events) from seed into x. The same
 * users and seed give the same rows; the first n users of a larger run are
 * the users of a run of n.
 */
int fr_demo_extract(int64_t users, uint64_t seed, struct fr_extract *x, char **err);

#endif
