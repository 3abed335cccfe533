/* oltp.h: the system design's OLTP store (SPEC 3.3), a SQLite file with
 * tables users and events, read carefully and never modified. */
#ifndef FR_OLTP_H
#define FR_OLTP_H

#include <stddef.h>

#include "source/badrows.h"
#include "source/rows.h"

/*
 * Reads table users (user_id and attributes, as in users.csv) and table
 * events (user_id, page, event_time as ISO 8601 text) of the database at
 * path into x. The file is opened read-only with SQLITE_DBCONFIG_DEFENSIVE
 * on and SQLITE_DBCONFIG_TRUSTED_SCHEMA off; only tables are read, never
 * views. If the database has a table steps with a column page (ordered by
 * a column position if there is one, else by rowid) and x has no steps yet,
 * those pages become the funnel's steps.
 */
int fr_oltp_extract(const char *path, const struct fr_rows *rows, struct fr_badrows *bad, char **err);

#endif
