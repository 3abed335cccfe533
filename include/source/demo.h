/* demo.h: the embedded demo data set (SPEC 3.1), generated deterministically
 * from a seed and handed to extract like any other source. */
#ifndef FR_DEMO_H
#define FR_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "warehouse/extract.h"

#define FR_DEMO_USERS 90400
#define FR_DEMO_SEED 1
#define FR_DEMO_NSTEPS 6

/* The demo's funnel, in order. */
extern const char *const fr_demo_steps[FR_DEMO_NSTEPS];

/* Where the generated rows go: the staging area, or CSV files. */
struct fr_demo_sink {
	int (*users_begin)(void *ctx, const char *source, const char *const *attrs, size_t n,
	                   char **err);
	int (*user)(void *ctx, int64_t line, const char *id, const char *const *vals, char **err);
	int (*events_begin)(void *ctx, const char *source, char **err);
	int (*event)(void *ctx, int64_t line, const char *user_id, const char *page, int64_t t,
	             char **err);
	void *ctx;
};

/*
 * Generates users users (and their events) from seed into the sink. The
 * same users and seed give the same rows; the first n users of a larger run
 * are the users of a run of n.
 */
int fr_demo_generate(int64_t users, uint64_t seed, const struct fr_demo_sink *sink, char **err);

/* fr_demo_generate into the staging area. */
int fr_demo_extract(int64_t users, uint64_t seed, struct fr_extract *x, char **err);

/*
 * Writes the demo data as an event log, DIR/users.csv and DIR/events.csv
 * (SPEC 3.2), for benchmarks and for trying the CSV input. DIR is made if
 * missing; a DIR that is a link, or either file existing already, is
 * FR_EUSAGE, and nothing is written. Both files appear whole or neither
 * (FR_EINTR on a signal).
 */
int fr_demo_export(int64_t users, uint64_t seed, const char *dir, char **err);

#endif
