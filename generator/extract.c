/* extract.c: bulk load of source rows into the staging tables. */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "timestamp.h"

/* How often the load looks for a pending signal. */
#define EXTRACT_POLL 4096

struct fr_extract {
	struct fr_wh *wh;
	sqlite3_stmt *ins_user, *ins_event, *ins_source, *source_rows;
	char **attrs;
	size_t nattrs;
	int64_t source_key, source_rows_read;
	int64_t users, events;
	int users_declared;
	int in_txn;
};

static int
extract_exec(struct fr_extract *x, const char *sql, char **err)
{
	int rc = sqlite3_exec(fr_wh_db(x->wh), sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? FR_OK : fr_wh_fail(x->wh, rc, sql, err);
}

int
fr_extract_new(struct fr_wh *wh, struct fr_extract **out, char **err)
{
	struct fr_extract *x = fr_xcalloc(1, sizeof *x);
	x->wh = wh;
	int rc = extract_exec(x, "BEGIN", err);
	if (rc == FR_OK)
		x->in_txn = 1;
	if (rc == FR_OK)
		rc = fr_wh_exec(wh, "sql/extract_schema.sql", NULL, 0, err);
	if (rc == FR_OK)
		rc = fr_wh_prepare(wh, "sql/extract_event.sql", NULL, 0, &x->ins_event, err);
	if (rc == FR_OK)
		rc = fr_wh_prepare(wh, "sql/extract_source.sql", NULL, 0, &x->ins_source, err);
	if (rc == FR_OK)
		rc = fr_wh_prepare(wh, "sql/extract_source_rows.sql", NULL, 0, &x->source_rows, err);
	if (rc != FR_OK) {
		fr_extract_free(x);
		return rc;
	}
	*out = x;
	return FR_OK;
}

void
fr_extract_free(struct fr_extract *x)
{
	if (x == NULL)
		return;
	sqlite3_finalize(x->ins_user);
	sqlite3_finalize(x->ins_event);
	sqlite3_finalize(x->ins_source);
	sqlite3_finalize(x->source_rows);
	if (x->in_txn)
		sqlite3_exec(fr_wh_db(x->wh), "ROLLBACK", NULL, NULL, NULL);
	fr_strv_free(x->attrs, x->nattrs);
	free(x);
}

/* Runs a fully bound statement that returns no rows, then resets it. */
static int
extract_run(struct fr_extract *x, sqlite3_stmt *stmt, char **err)
{
	int row, rc = fr_wh_step(x->wh, stmt, &row, err);
	sqlite3_reset(stmt);
	return rc;
}

/* Records the row count of the source being read, if any. */
static int
extract_close_source(struct fr_extract *x, char **err)
{
	if (x->source_key == 0)
		return FR_OK;
	sqlite3_bind_int64(x->source_rows, 1, x->source_key);
	sqlite3_bind_int64(x->source_rows, 2, x->source_rows_read);
	return extract_run(x, x->source_rows, err);
}

static int
extract_open_source(struct fr_extract *x, const char *source, const char *kind, char **err)
{
	int rc = extract_close_source(x, err);
	if (rc != FR_OK)
		return rc;
	sqlite3_bind_text(x->ins_source, 1, source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(x->ins_source, 2, kind, -1, SQLITE_STATIC);
	if ((rc = extract_run(x, x->ins_source, err)) != FR_OK)
		return rc;
	x->source_key = sqlite3_last_insert_rowid(fr_wh_db(x->wh));
	x->source_rows_read = 0;
	return FR_OK;
}

int
fr_extract_users_begin(struct fr_extract *x, const char *source, const char *const *attrs,
                       size_t nattrs, char **err)
{
	if (x->users_declared)
		return fr_fail(err, FR_EIO, "internal: users declared twice");
	x->users_declared = 1;
	x->attrs = fr_xcalloc(nattrs + 1, sizeof *x->attrs);
	for (size_t i = 0; i < nattrs; i++)
		x->attrs[i] = fr_xstrdup(attrs[i]);
	x->nattrs = nattrs;

	char *defs = fr_wh_list(",\n    a", 1, nattrs, " TEXT NOT NULL");
	/* ?1..?4 are source, line, id and signup time; attributes bind from ?5 on. */
	char *params = fr_wh_list(", ?", 5, nattrs, "");
	struct fr_subst s[] = {{"attr_defs", defs}, {"attr_params", params}};
	int rc = fr_wh_exec(x->wh, "sql/extract_users.sql", s, 2, err);
	if (rc == FR_OK)
		rc = fr_wh_prepare(x->wh, "sql/extract_user.sql", s, 2, &x->ins_user, err);
	free(defs);
	free(params);
	if (rc != FR_OK)
		return rc;

	sqlite3_stmt *ins_attr = NULL;
	rc = fr_wh_prepare(x->wh, "sql/extract_attribute.sql", NULL, 0, &ins_attr, err);
	for (size_t i = 0; rc == FR_OK && i < nattrs; i++) {
		sqlite3_bind_int64(ins_attr, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(ins_attr, 2, attrs[i], -1, SQLITE_STATIC);
		rc = extract_run(x, ins_attr, err);
	}
	sqlite3_finalize(ins_attr);
	if (rc == FR_OK)
		rc = extract_open_source(x, source, "users", err);
	return rc;
}

static int
extract_poll(int64_t n, char **err)
{
	if (n % EXTRACT_POLL == 0 && fr_interrupt_pending())
		return fr_fail(err, FR_EINTR, "interrupted");
	return FR_OK;
}

int
fr_extract_user(struct fr_extract *x, int64_t line, const char *user_id, const char *const *vals,
                int64_t signup_time, char **err)
{
	if (x->ins_user == NULL)
		return fr_fail(err, FR_EIO, "internal: user before the users' columns were declared");
	sqlite3_stmt *st = x->ins_user;
	sqlite3_bind_int64(st, 1, x->source_key);
	sqlite3_bind_int64(st, 2, line);
	sqlite3_bind_text(st, 3, user_id, -1, SQLITE_STATIC);
	if (signup_time == FR_NO_TIME)
		sqlite3_bind_null(st, 4);
	else
		sqlite3_bind_int64(st, 4, signup_time);
	for (size_t i = 0; i < x->nattrs; i++)
		sqlite3_bind_text(st, (int)i + 5, vals[i], -1, SQLITE_STATIC);
	int rc = extract_run(x, st, err);
	if (rc == FR_OK) {
		x->users++;
		x->source_rows_read++;
		rc = extract_poll(x->users, err);
	}
	return rc;
}

int
fr_extract_events_begin(struct fr_extract *x, const char *source, char **err)
{
	return extract_open_source(x, source, "events", err);
}

int
fr_extract_event(struct fr_extract *x, int64_t line, const char *user_id, const char *page,
                 int64_t event_time, char **err)
{
	sqlite3_stmt *st = x->ins_event;
	sqlite3_bind_int64(st, 1, x->source_key);
	sqlite3_bind_int64(st, 2, line);
	sqlite3_bind_text(st, 3, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, page, -1, SQLITE_STATIC);
	if (event_time == FR_NO_TIME)
		sqlite3_bind_null(st, 5);
	else
		sqlite3_bind_int64(st, 5, event_time);
	int rc = extract_run(x, st, err);
	if (rc == FR_OK) {
		x->events++;
		x->source_rows_read++;
		rc = extract_poll(x->events, err);
	}
	return rc;
}

int
fr_extract_finish(struct fr_extract *x, char **err)
{
	if (!x->users_declared)
		return fr_fail(err, FR_EIO, "internal: no users source was declared");
	int rc = extract_close_source(x, err);
	if (rc == FR_OK)
		rc = extract_exec(x, "COMMIT", err);
	if (rc == FR_OK)
		x->in_txn = 0;
	return rc;
}

int64_t
fr_extract_users_read(const struct fr_extract *x)
{
	return x->users;
}

int64_t
fr_extract_events_read(const struct fr_extract *x)
{
	return x->events;
}

size_t
fr_extract_attrs(const struct fr_extract *x, char *const **names)
{
	*names = x->attrs;
	return x->nattrs;
}
