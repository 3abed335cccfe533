/* demo.h: the embedded demo data set (SPEC 3.1), generated deterministically
 * from a seed and handed to extract like any other source. */
#ifndef FR_DEMO_H
#define FR_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "source/rows.h"

#define FR_DEMO_USERS 90400
#define FR_DEMO_SEED 1
#define FR_DEMO_NSTEPS 6

/* The demo's funnel, in order. */
extern const char *const fr_demo_steps[FR_DEMO_NSTEPS];

/*
 * Generates users users (and their events) from seed into rows. The
 * same users and seed give the same rows; the first n users of a larger run
 * are the users of a run of n.
 */
int fr_demo_generate(int64_t users, uint64_t seed, const struct fr_rows *rows, char **err);

/*
 * Writes the demo data as an event log, DIR/users.csv and DIR/events.csv
 * (SPEC 3.2), for benchmarks and for trying the CSV input. DIR is made if
 * missing; a DIR that is a link, or either file existing already, is
 * FR_EUSAGE, and nothing is written. Both files appear whole or neither
 * (FR_EINTR on a signal).
 */
int fr_demo_export(int64_t users, uint64_t seed, const char *dir, char **err);

#endif
