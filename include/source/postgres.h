/* postgres.h: the OLTP store as a live PostgreSQL database (SPEC 3.3): the
 * same tables users and events as the SQLite file, read through libpq in
 * one read-only snapshot, streamed and paced so the shop's database is
 * never overwhelmed. */
#ifndef FR_POSTGRES_H
#define FR_POSTGRES_H

#include <stddef.h>
#include <stdint.h>

#include "source/badrows.h"
#include "source/rows.h"

/* The statement timeout when none is given: ten minutes. */
#define FR_POSTGRES_TIMEOUT 600
/* The connect timeout when neither the connection string nor
 * PGCONNECT_TIMEOUT gives one. */
#define FR_POSTGRES_CONNECT_TIMEOUT 10

struct fr_postgres_opts {
	int64_t max_rate; /* rows per second over the whole extraction; 0 = no pacing */
	int64_t timeout;  /* the server's statement_timeout in seconds; 0 = none */
};

/*
 * Whether the --oltp argument s names a PostgreSQL database rather than a
 * SQLite file: s begins with "postgresql://" or "postgres://", or its first
 * word is a libpq connection keyword followed by '=' ("host=db1
 * dbname=shop", "service=shop"). Anything else is a path ("./host=x" is a
 * file).
 */
int fr_postgres_is_conninfo(const char *s);

/*
 * Parses conninfo as libpq would; a malformed string is FR_EUSAGE with
 * libpq's reason. No message ever holds the password.
 */
int fr_postgres_check(const char *conninfo, char **err);

/*
 * The database as a URI without its password (nor any other secret), for
 * messages and the report: "postgresql://reader@db1:5432/shop". The caller
 * frees it. Only what conninfo itself gives is shown, not libpq's defaults
 * from the environment.
 */
char *fr_postgres_display(const char *conninfo);

/*
 * Reads tables users (user_id and attributes, every other column in column
 * order) and events (user_id, page, event_time) into x, and table steps
 * (column page, ordered by a column position if there is one) for the
 * funnel's steps when x has none yet, all in one REPEATABLE READ READ ONLY
 * transaction, each table streamed with COPY ... TO STDOUT. Column types
 * are checked from the catalog first. Status: FR_EDATA for a missing table
 * or column, a wrong type or a bad row; FR_EIO when the server cannot be
 * reached or logged into, refuses a read (permission denied), cancels it
 * (statement timeout) or goes away; FR_EINTR on a signal. Messages are one
 * line, start with fr_postgres_display's name and never hold the password.
 */
int fr_postgres_extract(const char *conninfo, const struct fr_postgres_opts *o,
                        const struct fr_rows *rows, struct fr_badrows *bad, char **err);

/*
 * Splits one row of COPY's text format (row[0..len), a final newline
 * allowed; row[len] must be writable) in place into n fields: tabs
 * separate, \N alone is NULL (fields[i] = NULL), backslash escapes are
 * decoded and each field is NUL-terminated (lens[i] bytes, which may hold a
 * decoded NUL). Returns 0, or -1 when the row has not exactly n fields or
 * ends inside an escape.
 */
int fr_postgres_copy_row(char *row, size_t len, char **fields, size_t *lens, size_t n);

#endif
