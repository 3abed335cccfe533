/* userscsv.h: a users CSV (users.csv of an event log, or the user table of
 * the step-table layout) into the staging area. */
#ifndef FR_USERSCSV_H
#define FR_USERSCSV_H

#include "source/badrows.h"
#include "source/rows.h"

/*
 * Reads path: column user_id (required), every other column a user
 * attribute, in order (a signup_date or date column is an attribute too; see
 * extract.h for the signup time it may give). Rows with the wrong
 * number of fields, an empty user_id or a bad date are bad rows.
 */
int fr_userscsv_read(const char *path, const struct fr_rows *rows, struct fr_badrows *bad, char **err);

/* Parses a time field for an error-reporting reader: FR_EDATA names the
 * file, line, column and value. */
int fr_userscsv_time(const char *path, int64_t line, const char *column, const char *s, size_t len,
                     int64_t *out, char **err);
/* The same where the place is not a file and line: where is, for example,
 * "shop.db: table events row 12". */
int fr_userscsv_time_at(const char *where, const char *column, const char *s, size_t len,
                        int64_t *out, char **err);

#endif
