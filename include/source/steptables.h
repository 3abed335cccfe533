/* steptables.h: one table per step (SPEC 3.4), the Kaggle layout. */
#ifndef FR_STEPTABLES_H
#define FR_STEPTABLES_H

#include "source/badrows.h"
#include "config.h"
#include "warehouse/extract.h"

/*
 * Reads the user table (see userscsv.h) and each step's table, in funnel
 * order: a column user_id and, optionally, a time column (the first of
 * event_time, timestamp, time, date). A step without one takes the user's
 * signup_date or date; without that, a user's steps share one time.
 */
int fr_steptables_extract(const char *user_table, const struct fr_step_table *steps, size_t n,
                          struct fr_extract *x, struct fr_badrows *bad, char **err);

#endif
