/* eventlog.c: users.csv + events.csv. */
#include "source/eventlog.h"

#include <string.h>

#include "base/buf.h"
#include "source/csvin.h"
#include "base/timestamp.h"
#include "source/userscsv.h"

struct eventlog {
	const char *path;
	const struct fr_rows *rows;
	struct fr_badrows *bad;
	int header_done;
	size_t ncols;
	int col[3]; /* user_id, page, event_time */
};

static const char *const eventlog_cols[3] = {"user_id", "page", "event_time"};

static int
eventlog_header(struct eventlog *e, const struct fr_csvin_field *f, size_t n, char **err)
{
	int rc = fr_csvin_check_header(e->path, f, n, err);
	for (int i = 0; rc == FR_OK && i < 3; i++) {
		e->col[i] = fr_csvin_find(f, n, eventlog_cols[i]);
		if (e->col[i] < 0) {
			struct fr_buf cols = FR_BUF_INIT;
			for (size_t j = 0; j < n; j++)
				fr_buf_printf(&cols, "%s%s", j ? ", " : "", f[j].s);
			rc = fr_fail(err, FR_EDATA, "%s:1: no column %s (the header has: %s)", e->path,
			             eventlog_cols[i], fr_buf_cstr(&cols));
			fr_buf_free(&cols);
		}
	}
	e->ncols = n;
	e->header_done = 1;
	return rc;
}

static int
eventlog_data(struct eventlog *e, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	if (n != e->ncols)
		return fr_fail(err, FR_EDATA, "%s:%lld: %zu fields, but the header has %zu", e->path,
		               (long long)line, n, e->ncols);
	const struct fr_csvin_field *t = &f[e->col[2]];
	int64_t when;
	int rc = fr_userscsv_time(e->path, line, "event_time", t->s, t->len, &when, err);
	if (rc != FR_OK)
		return rc;
	return e->rows->event(e->rows->ctx, line, f[e->col[0]].s, f[e->col[1]].s, when, err);
}

static int
eventlog_row(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	struct eventlog *e = ctx;
	if (!e->header_done)
		return eventlog_header(e, f, n, err);
	return fr_badrows_take(e->bad, eventlog_data(e, line, f, n, err), err);
}

int
fr_eventlog_extract(const char *users_path, const char *events_path, const struct fr_rows *rows,
                    struct fr_badrows *bad, char **err)
{
	int rc = fr_userscsv_read(users_path, rows, bad, err);
	if (rc == FR_OK)
		rc = rows->events_begin(rows->ctx, events_path, err);
	struct eventlog e = {events_path, rows, bad, 0, 0, {-1, -1, -1}};
	if (rc == FR_OK)
		rc = fr_csvin_read(events_path, events_path, eventlog_row, &e, err);
	if (rc == FR_OK && !e.header_done)
		rc = fr_fail(err, FR_EDATA, "%s:1: empty file: no header row (user_id,page,event_time)",
		             events_path);
	return rc;
}
