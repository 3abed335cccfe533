/* steptables.h: one table per step (SPEC 3.4), the Kaggle layout. */
#ifndef FR_STEPTABLES_H
#define FR_STEPTABLES_H

#include <stddef.h>

#include "source/badrows.h"
#include "source/rows.h"

/* A step and the file of its users (--step-table NAME=FILE). */
struct fr_step_table {
	char *name;
	char *path;
};

/*
 * Reads the user table (see userscsv.h) and each step's table, in funnel
 * order: a column user_id and, optionally, a time column (the first of
 * event_time, timestamp, time, date). A step without one takes the user's
 * signup_date or date; without that, a user's steps share one time.
 */
int fr_steptables_extract(const char *user_table, const struct fr_step_table *steps, size_t n,
                          const struct fr_rows *rows, struct fr_badrows *bad, char **err);

#endif
