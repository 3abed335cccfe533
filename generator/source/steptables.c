/* steptables.c: a user table and one CSV per step. */
#include "source/steptables.h"

#include "base/buf.h"
#include "source/csvin.h"
#include "base/timestamp.h"
#include "source/userscsv.h"

struct steptable {
	const char *path;
	const char *step;
	const struct fr_rows *rows;
	struct fr_badrows *bad;
	int header_done;
	size_t ncols;
	int id_col;
	int time_col; /* -1: none */
	const char *time_name;
};

static int
steptable_header(struct steptable *s, const struct fr_csvin_field *f, size_t n, char **err)
{
	static const char *const times[] = {"event_time", "timestamp", "time", "date"};
	int rc = fr_csvin_check_header(s->path, f, n, err);
	s->header_done = 1;
	s->ncols = n;
	if (rc != FR_OK)
		return rc;
	s->id_col = fr_csvin_find(f, n, "user_id");
	if (s->id_col < 0) {
		struct fr_buf cols = FR_BUF_INIT;
		for (size_t j = 0; j < n; j++)
			fr_buf_printf(&cols, "%s%s", j ? ", " : "", f[j].s);
		rc = fr_fail(err, FR_EDATA, "%s:1: no column user_id (the header has: %s)", s->path,
		             fr_buf_cstr(&cols));
		fr_buf_free(&cols);
		return rc;
	}
	s->time_col = -1;
	for (size_t i = 0; s->time_col < 0 && i < sizeof times / sizeof times[0]; i++) {
		s->time_col = fr_csvin_find(f, n, times[i]);
		s->time_name = times[i];
	}
	return FR_OK;
}

static int
steptable_data(struct steptable *s, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	if (n != s->ncols)
		return fr_fail(err, FR_EDATA, "%s:%lld: %zu fields, but the header has %zu", s->path,
		               (long long)line, n, s->ncols);
	int64_t when = FR_NO_TIME;
	if (s->time_col >= 0) {
		const struct fr_csvin_field *t = &f[s->time_col];
		int rc = fr_userscsv_time(s->path, line, s->time_name, t->s, t->len, &when, err);
		if (rc != FR_OK)
			return rc;
	}
	return s->rows->event(s->rows->ctx, line, f[s->id_col].s, s->step, when, err);
}

static int
steptable_row(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	struct steptable *s = ctx;
	if (!s->header_done)
		return steptable_header(s, f, n, err);
	return fr_badrows_take(s->bad, steptable_data(s, line, f, n, err), err);
}

int
fr_steptables_extract(const char *user_table, const struct fr_step_table *steps, size_t n,
                      const struct fr_rows *rows, struct fr_badrows *bad, char **err)
{
	int rc = fr_userscsv_read(user_table, rows, bad, err);
	for (size_t i = 0; rc == FR_OK && i < n; i++) {
		struct steptable s = {steps[i].path, steps[i].name, rows, bad, 0, 0, -1, -1, NULL};
		rc = rows->events_begin(rows->ctx, steps[i].path, err);
		if (rc == FR_OK)
			rc = fr_csvin_read(steps[i].path, steps[i].path, steptable_row, &s, err);
		if (rc == FR_OK && !s.header_done)
			rc = fr_fail(err, FR_EDATA, "%s:1: empty file: no header row (user_id,...)", steps[i].path);
	}
	return rc;
}
