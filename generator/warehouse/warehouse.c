/* warehouse.c: the run's temporary SQLite database. */
#define _POSIX_C_SOURCE 200809L
#include "warehouse/warehouse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fault.h"
#include "base/interrupt.h"
#include "base/files.h"
#include "base/sqlguard.h"

struct fr_wh {
	sqlite3 *db;
	struct fr_sqlguard guard; /* the authoriser of template SQL, and what it refused */
	struct fr_templates *t;
	struct fr_wh_sql *log;
	size_t nlog;
};

int
fr_wh_fail(struct fr_wh *wh, int rc, const char *what, char **err)
{
	int primary = rc & 0xff;
	if (primary == SQLITE_INTERRUPT)
		return fr_fail(err, FR_EINTR, "interrupted");
	if (primary == SQLITE_FULL)
		return fr_fail(err, FR_EIO, "warehouse: %s: the temporary directory is full (set TMPDIR)", what);
	if (primary == SQLITE_NOMEM)
		return fr_fail(err, FR_EIO, "warehouse: %s: out of memory", what);
	/* the guard refused (SQLite says "not authorized to use function" for
	 * a function, with SQLITE_ERROR): say what and why */
	if (wh != NULL && wh->guard.why[0] != '\0' &&
	    (primary == SQLITE_AUTH || strstr(sqlite3_errmsg(wh->db), "not authorized") != NULL))
		return fr_fail(err, FR_EIO, "warehouse: %s: refused %s", what, wh->guard.why);
	return fr_fail(err, FR_EIO, "warehouse: %s: %s", what,
	               wh != NULL && wh->db != NULL ? sqlite3_errmsg(wh->db) : sqlite3_errstr(rc));
}

static int
wh_pragmas(struct fr_wh *wh, char **err)
{
	/* The file is private and thrown away: durability buys nothing here.
	 * 16 MiB of page cache keeps peak memory flat in the size of the input
	 * (measured: a larger cache bought no speed). */
	static const char sql[] = "PRAGMA page_size = 65536;"
	                          "PRAGMA application_id = " FR_WH_APPLICATION_ID_TEXT ";"
	                          "PRAGMA journal_mode = OFF;"
	                          "PRAGMA synchronous = OFF;"
	                          "PRAGMA cache_size = -16384;"
	                          "PRAGMA foreign_keys = OFF;";
	int rc = sqlite3_exec(wh->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? FR_OK : fr_wh_fail(wh, rc, "setting up", err);
}

int
fr_wh_open(struct fr_wh **out, struct fr_templates *t, char **err)
{
	return fr_wh_open_at(out, "", t, err);
}

int
fr_wh_open_at(struct fr_wh **out, const char *name, struct fr_templates *t, char **err)
{
	/* SQLite counts every allocation under a global mutex unless told not
	 * to; the loader's millions of inserts notice. Once, before first use. */
	static int configured;
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		fr_fault_sqlite();
		configured = 1;
	}
	struct fr_wh *wh = fr_xcalloc(1, sizeof *wh);
	wh->t = t;
	/* One thread at a time uses a connection (the loader, then the main
	 * thread), so SQLite's own locking per call is not needed. */
	int rc = sqlite3_open_v2(name, &wh->db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = fr_wh_fail(wh, rc, "opening the temporary database", err);
		fr_wh_free(wh);
		return rc;
	}
	sqlite3_extended_result_codes(wh->db, 1);
	if ((rc = wh_pragmas(wh, err)) != FR_OK) {
		fr_wh_free(wh);
		return rc;
	}
	/* our settings are made; from here every statement is a template's */
	fr_sqlguard_install(wh->db, &wh->guard);
	if ((rc = fr_interrupt_watch(wh->db, err)) != FR_OK) {
		fr_wh_free(wh);
		return rc;
	}
	*out = wh;
	return FR_OK;
}

void
fr_wh_free(struct fr_wh *wh)
{
	if (wh == NULL)
		return;
	fr_interrupt_forget(wh->db);
	sqlite3_close_v2(wh->db);
	for (size_t i = 0; i < wh->nlog; i++) {
		free(wh->log[i].name);
		free(wh->log[i].sql);
	}
	free(wh->log);
	free(wh);
}

sqlite3 *
fr_wh_db(struct fr_wh *wh)
{
	return wh->db;
}

/* Loads and expands template name into out, and notes it in the log. */
static int
wh_sql(struct fr_wh *wh, const char *name, const struct fr_subst *subst, size_t n, struct fr_buf *out,
       char **err)
{
	const char *text;
	size_t len;
	int rc = fr_templates_get(wh->t, name, &text, &len, err);
	if (rc != FR_OK)
		return rc;
	if ((rc = fr_templates_subst(name, text, subst, n, out, err)) != FR_OK)
		return rc;
	for (size_t i = 0; i < wh->nlog; i++) {
		if (strcmp(wh->log[i].name, name) == 0) {
			wh->log[i].runs++;
			return FR_OK;
		}
	}
	wh->log = fr_xreallocarray(wh->log, wh->nlog + 1, sizeof *wh->log);
	wh->log[wh->nlog++] = (struct fr_wh_sql){fr_xstrdup(name), fr_xstrdup(fr_buf_cstr(out)), 1};
	return FR_OK;
}

int
fr_wh_exec(struct fr_wh *wh, const char *name, const struct fr_subst *subst, size_t n, char **err)
{
	struct fr_buf sql = FR_BUF_INIT;
	int rc = wh_sql(wh, name, subst, n, &sql, err);
	const char *p = fr_buf_cstr(&sql);
	while (rc == FR_OK && *p != '\0') {
		sqlite3_stmt *stmt = NULL;
		const char *tail;
		int src = sqlite3_prepare_v2(wh->db, p, -1, &stmt, &tail);
		if (src != SQLITE_OK) {
			rc = fr_wh_fail(wh, src, name, err);
			break;
		}
		p = tail;
		if (stmt == NULL) /* only comments or space were left */
			break;
		while ((src = sqlite3_step(stmt)) == SQLITE_ROW)
			;
		if (src != SQLITE_DONE)
			rc = fr_wh_fail(wh, src, name, err);
		sqlite3_finalize(stmt);
	}
	fr_buf_free(&sql);
	return rc;
}

int
fr_wh_prepare(struct fr_wh *wh, const char *name, const struct fr_subst *subst, size_t n,
              sqlite3_stmt **out, char **err)
{
	struct fr_buf sql = FR_BUF_INIT;
	*out = NULL;
	int rc = wh_sql(wh, name, subst, n, &sql, err);
	if (rc == FR_OK) {
		int src = sqlite3_prepare_v2(wh->db, fr_buf_cstr(&sql), -1, out, NULL);
		if (src != SQLITE_OK)
			rc = fr_wh_fail(wh, src, name, err);
		else if (*out == NULL)
			rc = fr_fail(err, FR_EIO, "template %s: holds no statement", name);
	}
	fr_buf_free(&sql);
	return rc;
}

int
fr_wh_step(struct fr_wh *wh, sqlite3_stmt *stmt, int *row, char **err)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*row = 1;
		return FR_OK;
	}
	*row = 0;
	if (rc == SQLITE_DONE)
		return FR_OK;
	const char *sql = sqlite3_sql(stmt);
	char what[64];
	snprintf(what, sizeof what, "%.60s", sql != NULL ? sql : "statement");
	return fr_wh_fail(wh, rc, what, err);
}

char *
fr_wh_list(const char *before, size_t from, size_t n, const char *after)
{
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = from; i < from + n; i++)
		fr_buf_printf(&b, "%s%zu%s", before, i, after);
	return fr_buf_detach(&b);
}

bool
fr_wh_is_kept(const char *path)
{
	/* the SQLite header, and the application id at its byte 68, big-endian */
	unsigned char h[72];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read(fd, h, sizeof h) == (ssize_t)sizeof h &&
	          memcmp(h, "SQLite format 3", 16) == 0 &&
	          ((uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 | (uint32_t)h[70] << 8 | h[71]) ==
	              FR_WH_APPLICATION_ID;
	close(fd);
	return ok;
}

int
fr_wh_keep(struct fr_wh *wh, const char *path, char **err)
{
	/* VACUUM INTO writes an empty file made for it with O_EXCL beside path
	 * (never an existing file, never through a link); it goes into place
	 * only over nothing, or over a warehouse we kept before */
	struct stat st;
	bool replace = lstat(path, &st) == 0;
	/* checked before the heavy work (paths.c); this is a file that came since */
	if (replace && (!S_ISREG(st.st_mode) || !fr_wh_is_kept(path)))
		return fr_fail(err, FR_EIO,
		               "--keep-warehouse %s: appeared while the run worked and is not a warehouse "
		               "that funnel-report kept; left as it is",
		               path);
	char *tmp = NULL;
	int rc = fr_files_temp_beside(path, &tmp, err);
	if (rc != FR_OK)
		return rc;
	sqlite3_stmt *stmt = NULL;
	/* our own statement, and VACUUM INTO attaches the copy */
	fr_sqlguard_lift(wh->db);
	int src = sqlite3_prepare_v2(wh->db, "VACUUM INTO ?1", -1, &stmt, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_bind_text(stmt, 1, tmp, -1, SQLITE_STATIC);
	if (src == SQLITE_OK) {
		src = sqlite3_step(stmt);
		if (src == SQLITE_DONE)
			src = SQLITE_OK;
	}
	if (src != SQLITE_OK)
		rc = fr_fail(err, (src & 0xff) == SQLITE_INTERRUPT ? FR_EINTR : FR_EIO,
		             "--keep-warehouse %s: %s", path, sqlite3_errmsg(wh->db));
	sqlite3_finalize(stmt);
	fr_sqlguard_install(wh->db, &wh->guard);
	/* look again right before: what is there now must still be ours */
	if (rc == FR_OK && replace && !fr_wh_is_kept(path))
		rc = fr_fail(err, FR_EIO, "--keep-warehouse %s: changed while the run worked; left as it is",
		             path);
	if (rc == FR_OK && fr_files_place(tmp, path, replace) != 0)
		rc = fr_fail(err, FR_EIO, "--keep-warehouse %s: %s", path,
		             errno == EEXIST ? "appeared while the run worked; left as it is" : strerror(errno));
	if (rc != FR_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}

size_t
fr_wh_sql_log(const struct fr_wh *wh, const struct fr_wh_sql **out)
{
	*out = wh->log;
	return wh->nlog;
}
