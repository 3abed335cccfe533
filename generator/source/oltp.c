/* oltp.c: read-only, defensive reading of an OLTP SQLite database. */
#include "source/oltp.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "source/csvin.h"
#include "base/escape.h"
#include "base/interrupt.h"
#include "base/text.h"
#include "base/timestamp.h"
#include "source/userscsv.h"

/* How long to wait for a writer's lock before giving up. */
#define OLTP_BUSY_MS 2000

struct oltp {
	const char *path;
	sqlite3 *db;
	const struct fr_rows *rows;
	struct fr_badrows *bad;
	char **err;
};

static int
oltp_fail(struct oltp *o, int rc, const char *what)
{
	int primary = rc & 0xff;
	if (primary == SQLITE_INTERRUPT)
		return fr_fail(o->err, FR_EINTR, "interrupted");
	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		return fr_fail(o->err, FR_EIO, "%s: the database stayed locked for %d ms (%s)", o->path,
		               OLTP_BUSY_MS, what);
	if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
		return fr_fail(o->err, FR_EDATA, "%s: not a SQLite database, or a damaged one (%s)", o->path,
		               sqlite3_errstr(rc));
	if (primary == SQLITE_CANTOPEN)
		return fr_fail(o->err, FR_EIO, "%s: cannot open: %s", o->path,
		               o->db ? sqlite3_errmsg(o->db) : sqlite3_errstr(rc));
	return fr_fail(o->err, FR_EDATA, "%s: %s: %s", o->path, what,
	               o->db ? sqlite3_errmsg(o->db) : sqlite3_errstr(rc));
}

static int
oltp_open(struct oltp *o)
{
	int rc = sqlite3_open_v2(o->path, &o->db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		return oltp_fail(o, rc, "opening");
	sqlite3_extended_result_codes(o->db, 1);
	int off = 0, on = 1;
	sqlite3_db_config(o->db, SQLITE_DBCONFIG_DEFENSIVE, on, NULL);
	sqlite3_db_config(o->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, off, NULL);
	sqlite3_db_config(o->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, off, NULL);
	sqlite3_busy_timeout(o->db, OLTP_BUSY_MS);
	rc = sqlite3_exec(o->db, "PRAGMA query_only = 1", NULL, NULL, NULL);
	return rc == SQLITE_OK ? FR_OK : oltp_fail(o, rc, "opening");
}

/* Whether name is a table (not a view) of the database. */
static int
oltp_has_table(struct oltp *o, const char *name, int *has)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(o->db,
	                            "SELECT type FROM sqlite_schema WHERE name = ?1 COLLATE NOCASE "
	                            "AND type IN ('table', 'view')",
	                            -1, &st, NULL);
	*has = 0;
	if (rc != SQLITE_OK)
		return oltp_fail(o, rc, "reading the schema");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*has = strcmp((const char *)sqlite3_column_text(st, 0), "table") == 0 ? 1 : -1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FR_OK : oltp_fail(o, rc, "reading the schema");
}

static int
oltp_need_table(struct oltp *o, const char *name)
{
	int has, rc = oltp_has_table(o, name, &has);
	if (rc != FR_OK)
		return rc;
	if (has == 0)
		return fr_fail(o->err, FR_EDATA, "%s: no table %s", o->path, name);
	if (has < 0)
		return fr_fail(o->err, FR_EDATA, "%s: %s is a view; only tables are read", o->path, name);
	return FR_OK;
}

/* Prepares sql (our own text; table names are constants) or explains which column is missing. */
static int
oltp_prepare(struct oltp *o, const char *sql, const char *table, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(o->db, sql, -1, st, NULL);
	if (rc == SQLITE_OK)
		return FR_OK;
	const char *msg = sqlite3_errmsg(o->db);
	if (strncmp(msg, "no such column: ", 16) == 0)
		return fr_fail(o->err, FR_EDATA, "%s: table %s has no column %s", o->path, table, msg + 16);
	return oltp_fail(o, rc, table);
}

/* A column value as text for the data: NULL (an empty attribute) is "". */
static int
oltp_text(struct oltp *o, sqlite3_stmt *st, int col, const char *table, int64_t row, int id,
          const char **out)
{
	int type = sqlite3_column_type(st, col);
	const char *name = sqlite3_column_name(st, col);
	if (type == SQLITE_BLOB || (id && (type == SQLITE_NULL || type == SQLITE_FLOAT)))
		return fr_fail(o->err, FR_EDATA, "%s: table %s row %lld: column %s: %s is not allowed here",
		               o->path, table, (long long)row, name,
		               type == SQLITE_BLOB ? "a blob" : type == SQLITE_NULL ? "NULL" : "a real number");
	const char *s = (const char *)sqlite3_column_text(st, col);
	int len = sqlite3_column_bytes(st, col);
	if (s == NULL)
		s = "";
	if (!fr_utf8_valid(s, (size_t)len))
		return fr_fail(o->err, FR_EDATA, "%s: table %s row %lld: column %s: invalid UTF-8 or NUL",
		               o->path, table, (long long)row, name);
	if ((size_t)len > FR_TEXT_MAX_VALUE) {
		/* a database has no field cap of its own: 20 MB values took minutes and gigabytes */
		char *where = fr_xasprintf("%s: table %s row %lld", o->path, table, (long long)row);
		int rc = fr_text_check_value(where, name, (size_t)len, o->err);
		free(where);
		return rc;
	}
	*out = s;
	return FR_OK;
}

/* A time column: ISO 8601 text only (numbers would be guesses). */
static int
oltp_time(struct oltp *o, sqlite3_stmt *st, int col, const char *table, int64_t row, int64_t *out)
{
	const char *name = sqlite3_column_name(st, col);
	if (sqlite3_column_type(st, col) != SQLITE_TEXT)
		return fr_fail(o->err, FR_EDATA,
		               "%s: table %s row %lld: column %s: not text (store ISO 8601 times such as "
		               "2025-01-31 12:00:00)",
		               o->path, table, (long long)row, name);
	const char *s = (const char *)sqlite3_column_text(st, col), *why;
	size_t len = (size_t)sqlite3_column_bytes(st, col);
	if (fr_timestamp_parse(s, len, out, &why) == 0)
		return FR_OK;
	char *where = fr_xasprintf("%s: table %s row %lld", o->path, table, (long long)row);
	int rc = fr_userscsv_time_at(where, name, s, len, out, o->err);
	free(where);
	return rc;
}

static int
oltp_users(struct oltp *o)
{
	sqlite3_stmt *st = NULL;
	int rc = oltp_need_table(o, "users");
	if (rc == FR_OK)
		rc = oltp_prepare(o, "SELECT * FROM main.users", "users", &st);
	if (rc != FR_OK)
		return rc;
	int n = sqlite3_column_count(st), id = -1;
	const char **names = fr_xcalloc((size_t)n + 1, sizeof *names);
	const char **vals = fr_xcalloc((size_t)n + 1, sizeof *vals);
	size_t na = 0;
	for (int i = 0; i < n; i++) {
		const char *c = sqlite3_column_name(st, i);
		if (strcmp(c, "user_id") == 0)
			id = i;
		else
			names[na++] = c;
	}
	if (id < 0)
		rc = fr_fail(o->err, FR_EDATA, "%s: table users has no column user_id", o->path);
	char *source = fr_xasprintf("%s:users", o->path);
	if (rc == FR_OK)
		rc = o->rows->users_begin(o->rows->ctx, source, names, na, o->err);
	int64_t row = 0;
	while (rc == FR_OK) {
		int src = sqlite3_step(st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = oltp_fail(o, src, "reading table users");
			break;
		}
		row++;
		const char *uid = "";
		rc = oltp_text(o, st, id, "users", row, 1, &uid);
		for (int i = 0, a = 0; rc == FR_OK && i < n; i++)
			if (i != id)
				rc = oltp_text(o, st, i, "users", row, 0, &vals[a++]);
		if (rc == FR_OK && *uid == '\0')
			rc = fr_fail(o->err, FR_EDATA, "%s: table users row %lld: column user_id is empty",
			             o->path, (long long)row);
		if (rc == FR_OK)
			rc = o->rows->user(o->rows->ctx, row, uid, vals, o->err);
		rc = fr_badrows_take(o->bad, rc, o->err);
	}
	sqlite3_finalize(st);
	free(names);
	free(vals);
	free(source);
	return rc;
}

static int
oltp_events(struct oltp *o)
{
	sqlite3_stmt *st = NULL;
	int rc = oltp_need_table(o, "events");
	if (rc == FR_OK)
		rc = oltp_prepare(o, "SELECT user_id, page, event_time FROM main.events", "events", &st);
	char *source = fr_xasprintf("%s:events", o->path);
	if (rc == FR_OK)
		rc = o->rows->events_begin(o->rows->ctx, source, o->err);
	int64_t row = 0;
	while (rc == FR_OK) {
		int src = sqlite3_step(st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = oltp_fail(o, src, "reading table events");
			break;
		}
		row++;
		const char *uid = "", *page = "";
		int64_t when = 0;
		rc = oltp_text(o, st, 0, "events", row, 1, &uid);
		if (rc == FR_OK)
			rc = oltp_text(o, st, 1, "events", row, 0, &page);
		if (rc == FR_OK)
			rc = oltp_time(o, st, 2, "events", row, &when);
		if (rc == FR_OK)
			rc = o->rows->event(o->rows->ctx, row, uid, page, when, o->err);
		rc = fr_badrows_take(o->bad, rc, o->err);
	}
	sqlite3_finalize(st);
	free(source);
	return rc;
}

static int
oltp_steps(struct oltp *o)
{
	int has, rc = oltp_has_table(o, "steps", &has);
	if (rc != FR_OK || has <= 0 || (o->rows->wants_steps == NULL || !o->rows->wants_steps(o->rows->ctx)))
		return rc;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(o->db, "SELECT page FROM main.steps ORDER BY position, rowid", -1, &st,
	                       NULL) != SQLITE_OK &&
	    (rc = oltp_prepare(o, "SELECT page FROM main.steps ORDER BY rowid", "steps", &st)) != FR_OK)
		return rc;
	char **v = NULL;
	size_t n = 0;
	int64_t row = 0;
	while (rc == FR_OK) {
		int src = sqlite3_step(st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			rc = oltp_fail(o, src, "reading table steps");
			break;
		}
		const char *page;
		rc = oltp_text(o, st, 0, "steps", ++row, 1, &page);
		for (size_t i = 0; rc == FR_OK && i < n; i++)
			if (strcmp(v[i], page) == 0)
				rc = fr_fail(o->err, FR_EDATA, "%s: table steps names page %s twice", o->path, page);
		if (rc == FR_OK) {
			v = fr_xreallocarray(v, n + 1, sizeof *v);
			v[n++] = fr_xstrdup(page);
		}
	}
	sqlite3_finalize(st);
	if (rc == FR_OK && n > 0)
		o->rows->steps(o->rows->ctx, v, n);
	fr_strv_free(v, n);
	return rc;
}

int
fr_oltp_extract(const char *path, const struct fr_rows *rows, struct fr_badrows *bad, char **err)
{
	struct oltp o = {path, NULL, rows, bad, err};
	int rc = oltp_open(&o);
	if (rc == FR_OK)
		rc = oltp_steps(&o); /* the steps first: the events are sorted by them as they come */
	if (rc == FR_OK)
		rc = oltp_users(&o);
	if (rc == FR_OK)
		rc = oltp_events(&o);
	sqlite3_close_v2(o.db);
	return rc;
}
