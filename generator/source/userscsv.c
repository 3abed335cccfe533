/* userscsv.c: users CSV reader. */
#include "source/userscsv.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "source/csvin.h"
#include "base/timestamp.h"

struct userscsv {
	const char *path;
	const struct fr_rows *rows;
	struct fr_badrows *bad;
	size_t ncols;
	int id_col;
	const char **vals; /* attribute values of the current row */
};

int
fr_userscsv_time_at(const char *where, const char *column, const char *s, size_t len, int64_t *out,
                    char **err)
{
	const char *why;
	if (fr_timestamp_parse(s, len, out, &why) == 0)
		return FR_OK;
	struct fr_buf q = FR_BUF_INIT;
	int rc = fr_fail(err, FR_EDATA, "%s: column %s: %s %s", where, column,
	                 fr_csvin_quote(&q, s, len), why);
	fr_buf_free(&q);
	return rc;
}

int
fr_userscsv_time(const char *path, int64_t line, const char *column, const char *s, size_t len,
                 int64_t *out, char **err)
{
	const char *why;
	if (fr_timestamp_parse(s, len, out, &why) == 0)
		return FR_OK;
	/* The place is only built for the message, off the fast path. */
	char *where = fr_xasprintf("%s:%lld", path, (long long)line);
	int rc = fr_userscsv_time_at(where, column, s, len, out, err);
	free(where);
	return rc;
}

static int
userscsv_header(struct userscsv *u, const struct fr_csvin_field *f, size_t n, char **err)
{
	int rc = fr_csvin_check_header(u->path, f, n, err);
	if (rc != FR_OK)
		return rc;
	u->id_col = fr_csvin_find(f, n, "user_id");
	if (u->id_col < 0) {
		struct fr_buf cols = FR_BUF_INIT;
		for (size_t i = 0; i < n; i++)
			fr_buf_printf(&cols, "%s%s", i ? ", " : "", f[i].s);
		rc = fr_fail(err, FR_EDATA, "%s:1: no column user_id (the header has: %s)", u->path,
		             fr_buf_cstr(&cols));
		fr_buf_free(&cols);
		return rc;
	}
	u->ncols = n;
	const char **names = fr_xcalloc(n, sizeof *names);
	size_t na = 0;
	for (size_t i = 0; i < n; i++)
		if ((int)i != u->id_col)
			names[na++] = f[i].s;
	u->vals = fr_xcalloc(n, sizeof *u->vals);
	rc = u->rows->users_begin(u->rows->ctx, u->path, names, na, err);
	free(names);
	return rc;
}

static int
userscsv_data(struct userscsv *u, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	if (n != u->ncols)
		return fr_fail(err, FR_EDATA, "%s:%lld: %zu fields, but the header has %zu", u->path,
		               (long long)line, n, u->ncols);
	if (f[u->id_col].len == 0)
		return fr_fail(err, FR_EDATA, "%s:%lld: column user_id is empty", u->path, (long long)line);
	size_t na = 0;
	for (size_t i = 0; i < n; i++)
		if ((int)i != u->id_col)
			u->vals[na++] = f[i].s;
	return u->rows->user(u->rows->ctx, line, f[u->id_col].s, u->vals, err);
}

static int
userscsv_row(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	struct userscsv *u = ctx;
	if (u->vals == NULL)
		return userscsv_header(u, f, n, err);
	return fr_badrows_take(u->bad, userscsv_data(u, line, f, n, err), err);
}

int
fr_userscsv_read(const char *path, const struct fr_rows *rows, struct fr_badrows *bad, char **err)
{
	struct userscsv u = {path, rows, bad, 0, -1, NULL};
	int rc = fr_csvin_read(path, path, userscsv_row, &u, err);
	if (rc == FR_OK && u.vals == NULL)
		rc = fr_fail(err, FR_EDATA, "%s:1: empty file: no header row (user_id,...)", path);
	free(u.vals);
	return rc;
}
