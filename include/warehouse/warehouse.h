/* warehouse.h: the temporary SQLite file that holds the staging area and the
 * star schema for one run. Only extract, model and analyze use it. */
#ifndef FR_WAREHOUSE_H
#define FR_WAREHOUSE_H

#include <sqlite3.h>
#include <stdbool.h>

#include "base/buf.h"
#include "base/templates.h"

struct fr_wh;

/*
 * Opens a private temporary database: SQLite creates it in SQLITE_TMPDIR or
 * TMPDIR (else /var/tmp or /tmp) and removes it when it is closed, even when
 * the process is killed. The warehouse borrows t, which must outlive it.
 */
int fr_wh_open(struct fr_wh **out, struct fr_templates *t, char **err);
/* The same with a name: ":memory:" for a small database held in memory. */
int fr_wh_open_at(struct fr_wh **out, const char *name, struct fr_templates *t, char **err);
void fr_wh_free(struct fr_wh *wh);
sqlite3 *fr_wh_db(struct fr_wh *wh);

/* Runs every statement of template name, after substituting {{keys}}. */
int fr_wh_exec(struct fr_wh *wh, const char *name, const struct fr_subst *subst, size_t n,
               char **err);
/* Prepares the one statement of template name; the caller finalizes it. */
int fr_wh_prepare(struct fr_wh *wh, const char *name, const struct fr_subst *subst, size_t n,
                  sqlite3_stmt **out, char **err);
/* Steps stmt once: returns FR_OK and sets *row to 1 (a row) or 0 (done). */
int fr_wh_step(struct fr_wh *wh, sqlite3_stmt *stmt, int *row, char **err);
/* Turns a SQLite result code into a status and message about what failed. */
int fr_wh_fail(struct fr_wh *wh, int rc, const char *what, char **err);

/*
 * Builds the generated part of a SQL template: before, i, after for each i
 * in [from, from + n); for example (", a", 1, 2, " TEXT") gives
 * ", a1 TEXT, a2 TEXT". The caller frees the result. Only numbers we chose
 * go into SQL this way, never data.
 */
char *fr_wh_list(const char *before, size_t from, size_t n, const char *after);

/* The SQLite application id of our warehouses ("frep"), so that a later
 * --keep-warehouse knows a file it may replace from one it must not. */
#define FR_WH_APPLICATION_ID 0x66726570u
#define FR_WH_APPLICATION_ID_TEXT "1718773104"

/*
 * Writes a consistent copy of the warehouse to path, atomically: through a
 * file made beside it, put in place only where nothing is, or over a
 * warehouse kept before (fr_wh_is_kept), never through a link.
 */
int fr_wh_keep(struct fr_wh *wh, const char *path, char **err);
/* Whether path is a regular file holding a warehouse this tool kept. */
bool fr_wh_is_kept(const char *path);

/* Each template as it ran the first time, after substitution, in order. */
struct fr_wh_sql {
	char *name;  /* owned by the warehouse */
	char *sql;
	int runs;
};
size_t fr_wh_sql_log(const struct fr_wh *wh, const struct fr_wh_sql **out);

#endif
