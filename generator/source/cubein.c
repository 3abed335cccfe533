/* cubein.c: a result from the cube files of an earlier run (or of Spark). */
#include "source/cubein.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "source/csvin.h"
#include "base/csvw.h"
#include "base/escape.h"
#include "base/text.h"
#include "base/timestamp.h"
#include "base/util.h"
#include "core/summary.h"

/* Caps that keep a hostile cube from exhausting memory in odd ways. */
#define CUBEIN_MAX_DIMS 64
#define CUBEIN_MAX_STEPS 1000
#define CUBEIN_MAX_SUMMARY (64u << 20)

struct cubein {
	struct fr_result *r;
	const char *path;      /* of the file being read, for messages */
	int header_done;
	size_t ncols;
	/* cube_funnel.csv */
	char **dims;
	size_t ndims;
	int64_t max_level;
	/* cube_visits.csv */
	size_t *vmap;          /* vdim column i is dims[vmap[i]] */
	size_t nv;
	char **steps;          /* by index, from the visits; NULL where unseen */
	size_t nsteps;
	char **months;         /* distinct, unsorted while reading */
	size_t nmonths;
	/* the two tables as read; the visits' month keys index months, until
	 * they are sorted */
	struct fr_table tables[FR_NMEASURES];
	/* time_to_convert.csv */
	int ttc_cols[7];
	/* written with --csv-safe (summary.json says so): text cells lose the
	 * leading ' it put there, into this copy of the fields */
	bool safe;
	struct fr_csvin_field *plain;
	size_t plain_cap;
};

/* The fields of a record as the run that wrote them had them. */
static const struct fr_csvin_field *
cubein_unquote(struct cubein *c, const struct fr_csvin_field *f, size_t n)
{
	if (!c->safe)
		return f;
	if (n > c->plain_cap) {
		c->plain_cap = n;
		c->plain = fr_xreallocarray(c->plain, n, sizeof *c->plain);
	}
	for (size_t i = 0; i < n; i++) {
		const char *s = fr_csvw_unsafe(f[i].s);
		c->plain[i] = (struct fr_csvin_field){s, f[i].len - (size_t)(s - f[i].s)};
	}
	return c->plain;
}

static int
cubein_fail(const struct cubein *c, int64_t line, const char *fmt, const char *arg, char **err)
{
	struct fr_buf q = FR_BUF_INIT;
	int rc = fr_fail(err, FR_EDATA, "%s:%lld: %s %s", c->path, (long long)line, fmt,
	                 fr_csvin_quote(&q, arg, strlen(arg)));
	fr_buf_free(&q);
	return rc;
}

static int
cubein_count(const struct cubein *c, int64_t line, const char *col, const struct fr_csvin_field *f,
             int64_t max, int64_t *out, char **err)
{
	if (fr_parse_i64(f->s, 0, max, out) == 0)
		return FR_OK;
	struct fr_buf q = FR_BUF_INIT;
	int rc = fr_fail(err, FR_EDATA, "%s:%lld: column %s: %s is not a count", c->path,
	                 (long long)line, col, fr_csvin_quote(&q, f->s, f->len));
	fr_buf_free(&q);
	return rc;
}

static int
cubein_width(const struct cubein *c, int64_t line, size_t n, char **err)
{
	if (n == c->ncols)
		return FR_OK;
	return fr_fail(err, FR_EDATA, "%s:%lld: %zu fields, but the header has %zu", c->path,
	               (long long)line, n, c->ncols);
}

/* A dimension's name from a header: one that would make breakdowns read
 * alike, or longer than any source may hold, is refused. */
static int
cubein_dim_name(const struct cubein *c, const struct fr_csvin_field *f, char **err)
{
	const char *why;
	struct fr_buf q = FR_BUF_INIT;
	int rc = FR_OK;
	if (f->len > FR_TEXT_MAX_VALUE)
		rc = fr_fail(err, FR_EDATA, "%s:1: a column name of %zu bytes (names are at most %d bytes)",
		             c->path, f->len, FR_TEXT_MAX_VALUE);
	else if (!fr_text_dim_name_ok(f->s, &why))
		rc = fr_fail(err, FR_EDATA, "%s:1: column %s: %s", c->path, fr_csvin_quote(&q, f->s, f->len),
		             why);
	fr_buf_free(&q);
	return rc;
}

/* A text cell: no longer than any source may hold, and in a month column a
 * month (YYYY-MM, 0001-01 to 9999-12, as the run that wrote it formats them). */
static int
cubein_cell(const struct cubein *c, int64_t line, const char *col, const struct fr_csvin_field *f,
            bool month, char **err)
{
	if (f->len > FR_TEXT_MAX_VALUE) {
		char *where = fr_xasprintf("%s:%lld", c->path, (long long)line);
		int rc = fr_text_check_value(where, col, f->len, err);
		free(where);
		return rc;
	}
	if (!month || fr_timestamp_month_valid(f->s, f->len))
		return FR_OK;
	struct fr_buf q = FR_BUF_INIT;
	int rc = fr_fail(err, FR_EDATA, "%s:%lld: column %s: %s is not a month (YYYY-MM, 0001-01 to "
	                                "9999-12)",
	                 c->path, (long long)line, col, fr_csvin_quote(&q, f->s, f->len));
	fr_buf_free(&q);
	return rc;
}

/* ---- cube_funnel.csv: dim1..dimN,level,users ----------------------------- */

static int
cubein_funnel_row(void *ctx, int64_t line, const struct fr_csvin_field *raw, size_t n, char **err)
{
	struct cubein *c = ctx;
	const struct fr_csvin_field *f = cubein_unquote(c, raw, n);
	if (!c->header_done) {
		c->header_done = 1;
		c->ncols = n;
		int rc = fr_csvin_check_header(c->path, f, n, err);
		if (rc != FR_OK)
			return rc;
		if (n < 2 || strcmp(f[n - 2].s, "level") != 0 || strcmp(f[n - 1].s, "users") != 0)
			return fr_fail(err, FR_EDATA, "%s:1: the last columns must be level,users", c->path);
		if (n - 2 > CUBEIN_MAX_DIMS)
			return fr_fail(err, FR_EDATA, "%s:1: more than %d dimensions", c->path,
			               CUBEIN_MAX_DIMS);
		c->ndims = n - 2;
		fr_table_init(&c->tables[FR_FUNNEL], FR_FUNNEL, c->ndims);
		c->dims = fr_xcalloc(c->ndims + 1, sizeof *c->dims);
		for (size_t i = 0; i < c->ndims; i++)
			c->dims[i] = fr_xstrdup(f[i].s);
		for (size_t i = 0; rc == FR_OK && i < c->ndims; i++)
			rc = cubein_dim_name(c, &f[i], err);
		return rc;
	}
	int rc = cubein_width(c, line, n, err);
	for (size_t i = 0; rc == FR_OK && i < c->ndims; i++)
		rc = cubein_cell(c, line, c->dims[i], &f[i], strcmp(c->dims[i], "month") == 0, err);
	int64_t level = 0, users = 0;
	if (rc == FR_OK)
		rc = cubein_count(c, line, "level", &f[n - 2], CUBEIN_MAX_STEPS, &level, err);
	if (rc == FR_OK)
		rc = cubein_count(c, line, "users", &f[n - 1], INT64_MAX, &users, err);
	if (rc == FR_OK && level < 1)
		rc = fr_fail(err, FR_EDATA, "%s:%lld: column level: 0 (only entered users are in the cube)",
		             c->path, (long long)line);
	if (rc != FR_OK)
		return rc;
	if (level > c->max_level)
		c->max_level = level;
	struct fr_table *t = &c->tables[FR_FUNNEL];
	size_t row = fr_table_add(t);
	char **values = fr_table_values(t, row);
	for (size_t i = 0; i < c->ndims; i++)
		values[i] = fr_xstrdup(f[i].s);
	fr_table_keys(t, row)[0] = level;
	fr_table_counts(t, row)[0] = users;
	return FR_OK;
}

/* ---- cube_visits.csv: vdim1..vdimM,step_index,step,month,visits,visitors --- */

static const char *const cubein_vtail[5] = {"step_index", "step", "month", "visits", "visitors"};

static int
cubein_visits_row(void *ctx, int64_t line, const struct fr_csvin_field *raw, size_t n, char **err)
{
	struct cubein *c = ctx;
	const struct fr_csvin_field *f = cubein_unquote(c, raw, n);
	if (!c->header_done) {
		c->header_done = 1;
		c->ncols = n;
		int rc = fr_csvin_check_header(c->path, f, n, err);
		if (rc != FR_OK)
			return rc;
		if (n < 5)
			return fr_fail(err, FR_EDATA,
			               "%s:1: the last columns must be step_index,step,month,visits,visitors",
			               c->path);
		for (size_t i = 0; i < 5; i++)
			if (strcmp(f[n - 5 + i].s, cubein_vtail[i]) != 0)
				return fr_fail(err, FR_EDATA,
				               "%s:1: the last columns must be step_index,step,month,visits,visitors",
				               c->path);
		c->nv = n - 5;
		fr_table_init(&c->tables[FR_VISITS], FR_VISITS, c->nv);
		c->vmap = fr_xcalloc(c->nv + 1, sizeof *c->vmap);
		for (size_t i = 0; i < c->nv; i++) {
			size_t d;
			for (d = 0; d < c->ndims && strcmp(c->dims[d], f[i].s) != 0; d++)
				;
			if (d == c->ndims)
				return cubein_fail(c, 1, "a dimension not in cube_funnel.csv:", f[i].s, err);
			c->vmap[i] = d;
		}
		return FR_OK;
	}
	int rc = cubein_width(c, line, n, err);
	for (size_t i = 0; rc == FR_OK && i < c->nv; i++)
		rc = cubein_cell(c, line, c->dims[c->vmap[i]], &f[i], false, err);
	if (rc == FR_OK)
		rc = cubein_cell(c, line, "step", &f[c->nv + 1], false, err);
	if (rc == FR_OK)
		rc = cubein_cell(c, line, "month", &f[c->nv + 2], true, err);
	int64_t k = 0, visits = 0, visitors = 0;
	if (rc == FR_OK)
		rc = cubein_count(c, line, "step_index", &f[c->nv], CUBEIN_MAX_STEPS, &k, err);
	if (rc == FR_OK)
		rc = cubein_count(c, line, "visits", &f[c->nv + 3], INT64_MAX, &visits, err);
	if (rc == FR_OK)
		rc = cubein_count(c, line, "visitors", &f[c->nv + 4], INT64_MAX, &visitors, err);
	if (rc == FR_OK && k < 1)
		rc = cubein_fail(c, line, "column step_index:", f[c->nv].s, err);
	if (rc != FR_OK)
		return rc;
	const char *step = f[c->nv + 1].s, *month = f[c->nv + 2].s;
	size_t ki = (size_t)k - 1;
	if (ki >= c->nsteps) {
		c->steps = fr_xreallocarray(c->steps, ki + 1, sizeof *c->steps);
		memset(c->steps + c->nsteps, 0, (ki + 1 - c->nsteps) * sizeof *c->steps);
		c->nsteps = ki + 1;
	}
	if (c->steps[ki] == NULL)
		c->steps[ki] = fr_xstrdup(step);
	else if (strcmp(c->steps[ki], step) != 0)
		return cubein_fail(c, line, "column step: another name for the same step_index:", step, err);
	size_t m;
	for (m = c->nmonths; m > 0 && strcmp(c->months[m - 1], month) != 0; m--)
		;
	if (m == 0) {
		c->months = fr_xreallocarray(c->months, c->nmonths + 1, sizeof *c->months);
		c->months[c->nmonths++] = fr_xstrdup(month);
		m = c->nmonths;
	}
	struct fr_table *t = &c->tables[FR_VISITS];
	size_t row = fr_table_add(t);
	char **values = fr_table_values(t, row);
	for (size_t i = 0; i < c->nv; i++)
		values[i] = fr_xstrdup(f[i].s);
	int64_t *keys = fr_table_keys(t, row), *counts = fr_table_counts(t, row);
	keys[0] = (int64_t)ki;
	keys[1] = (int64_t)m - 1;
	counts[0] = visits;
	counts[1] = visitors;
	return FR_OK;
}

/* ---- time_to_convert.csv -------------------------------------------------- */

static int
cubein_ttc_row(void *ctx, int64_t line, const struct fr_csvin_field *raw, size_t n, char **err)
{
	struct cubein *c = ctx;
	const struct fr_csvin_field *f = cubein_unquote(c, raw, n);
	struct fr_result *r = c->r;
	static const char *const cols[7] = {"breakdown", "segment", "step_index", "step",
	                                    "users",     "median_seconds", "p90_seconds"};
	if (!c->header_done) {
		c->header_done = 1;
		c->ncols = n;
		int rc = fr_csvin_check_header(c->path, f, n, err);
		for (int i = 0; rc == FR_OK && i < 7; i++)
			if ((c->ttc_cols[i] = fr_csvin_find(f, n, cols[i])) < 0)
				rc = fr_fail(err, FR_EDATA, "%s:1: no column %s", c->path, cols[i]);
		if (rc == FR_OK && n != 7 + FR_TTC_NBINS)
			rc = fr_fail(err, FR_EDATA, "%s:1: %zu columns, want %d", c->path, n, 7 + FR_TTC_NBINS);
		return rc;
	}
	int rc = cubein_width(c, line, n, err);
	if (rc != FR_OK)
		return rc;
	const char *bd = f[c->ttc_cols[0]].s, *seg = f[c->ttc_cols[1]].s;
	struct fr_ttc_row row = {-1, NULL, 0, {0}};
	if (strcmp(bd, "overall") != 0) {
		size_t d;
		for (d = 0; d < r->cube.ndims && strcmp(r->cube.dims[d].name, bd) != 0; d++)
			;
		size_t len = strlen(bd);
		if (d == r->cube.ndims || strncmp(seg, bd, len) != 0 || seg[len] != '=')
			return cubein_fail(c, line, "column segment: not a segment of a dimension:", seg, err);
		row.dim = (int)d;
	}
	int64_t k;
	if (fr_parse_i64(f[c->ttc_cols[2]].s, 2, (int64_t)r->cube.nsteps, &k) != 0 ||
	    strcmp(f[c->ttc_cols[3]].s, r->cube.steps[k - 1]) != 0)
		return cubein_fail(c, line, "column step_index: not a step after the first:",
		                   f[c->ttc_cols[2]].s, err);
	row.step = (size_t)k - 1;
	rc = cubein_count(c, line, "users", &f[c->ttc_cols[4]], INT64_MAX, &row.st.users, err);
	row.st.median = row.st.p90 = -1;
	if (rc == FR_OK && row.st.users > 0)
		rc = cubein_count(c, line, "median_seconds", &f[c->ttc_cols[5]], INT64_MAX, &row.st.median,
		                  err);
	if (rc == FR_OK && row.st.users > 0)
		rc = cubein_count(c, line, "p90_seconds", &f[c->ttc_cols[6]], INT64_MAX, &row.st.p90, err);
	for (size_t b = 0; rc == FR_OK && b < FR_TTC_NBINS; b++)
		rc = cubein_count(c, line, "(a histogram bin)", &f[7 + b], INT64_MAX, &row.st.bins[b], err);
	if (rc != FR_OK)
		return rc;
	if (row.dim >= 0)
		row.value = fr_xstrdup(seg + strlen(bd) + 1);
	r->cube.ttc = fr_xreallocarray(r->cube.ttc, r->cube.nttc + 1, sizeof *r->cube.ttc);
	r->cube.ttc[r->cube.nttc++] = row;
	return FR_OK;
}

/* ---- summary.json, read with SQLite's JSON functions ----------------------- */

struct cubein_json {
	sqlite3 *db;
	const char *text;
	size_t len;
	const char *path;
};

/* Runs sql (?1 is the JSON text) and calls fn per row. */
static int
cubein_json_rows(struct cubein_json *j, const char *sql,
                 int (*fn)(void *ctx, sqlite3_stmt *st, char **err), void *ctx, char **err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(j->db, sql, -1, &st, NULL) != SQLITE_OK || st == NULL) {
		sqlite3_finalize(st);
		return fr_fail(err, FR_EIO, "internal: the summary.json reader: %s", sqlite3_errmsg(j->db));
	}
	sqlite3_bind_text(st, 1, j->text, (int)j->len, SQLITE_STATIC);
	int rc = FR_OK, s = SQLITE_DONE;
	while (rc == FR_OK && (s = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, st, err);
	if (rc == FR_OK && s != SQLITE_DONE)
		rc = fr_fail(err, FR_EDATA, "%s: %s", j->path, sqlite3_errmsg(j->db));
	sqlite3_finalize(st);
	return rc;
}

static const char *
cubein_text(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_TEXT ? (const char *)sqlite3_column_text(st, col)
	                                                    : NULL;
}

struct cubein_meta {
	struct fr_result *r;
	const char *path;
	bool keep_title, keep_max_combo;
	bool csv_safe;
	char **steps;
	size_t nsteps;
	struct {
		char *name;
		int64_t values;
	} *dims;
	size_t ndims;
	int64_t *other; /* other_order.steps[].users */
	size_t nother;
	char **step_pages; /* [nsteps]: steps[].pages, each NULL where absent */
	bool any_pages;
};

static int
cubein_meta_top(void *ctx, sqlite3_stmt *st, char **err)
{
	struct cubein_meta *m = ctx;
	struct fr_result *r = m->r;
	const char *title = cubein_text(st, FR_SUMMARY_TITLE), *source = cubein_text(st, FR_SUMMARY_SOURCE),
	           *order = cubein_text(st, FR_SUMMARY_ORDER);
	if (title == NULL || source == NULL || order == NULL ||
	    (strcmp(order, "ordered") != 0 && strcmp(order, "any") != 0))
		return fr_fail(err, FR_EDATA, "%s: no title, source or settings.order (not a summary.json "
		                              "of funnel-report?)",
		               m->path);
	if (!m->keep_title) {
		free(r->settings.title);
		r->settings.title = fr_xstrdup(title);
	}
	free(r->settings.source);
	r->settings.source = fr_xstrdup(source);
	const char *first = cubein_text(st, FR_SUMMARY_FIRST_EVENT);
	const char *last = cubein_text(st, FR_SUMMARY_LAST_EVENT);
	if (first != NULL && last != NULL) {
		r->cube.first_event = fr_xstrdup(first);
		r->cube.last_event = fr_xstrdup(last);
	}
	r->settings.order = strcmp(order, "ordered") == 0 ? FR_ORDER_ORDERED : FR_ORDER_ANY;
	r->settings.window_days = sqlite3_column_int64(st, FR_SUMMARY_WINDOW_DAYS);
	if (!m->keep_max_combo)
		r->settings.max_combo = (int)sqlite3_column_int64(st, FR_SUMMARY_MAX_COMBO);
	if (r->settings.window_days < 0 || r->settings.max_combo < 0 || r->settings.max_combo > 8)
		return fr_fail(err, FR_EDATA, "%s: settings out of range", m->path);
	r->log.quality.users = sqlite3_column_int64(st, FR_SUMMARY_USERS);
	m->csv_safe = sqlite3_column_int(st, FR_SUMMARY_CSV_SAFE) == 1;
	/* false only where the run knew its data carried no times */
	r->cube.no_times = sqlite3_column_type(st, FR_SUMMARY_HAS_TIMES) == SQLITE_INTEGER &&
	                   sqlite3_column_int64(st, FR_SUMMARY_HAS_TIMES) == 0;
	return FR_OK;
}

static int
cubein_meta_other(void *ctx, sqlite3_stmt *st, char **err)
{
	struct cubein_meta *m = ctx;
	if (m->nother == CUBEIN_MAX_STEPS ||
	    sqlite3_column_type(st, FR_SUMMARY_OTHER_USERS) != SQLITE_INTEGER ||
	    sqlite3_column_int64(st, FR_SUMMARY_OTHER_USERS) < 0)
		return fr_fail(err, FR_EDATA, "%s: other_order.steps[%zu]: no count of users", m->path,
		               m->nother);
	m->other = fr_xreallocarray(m->other, m->nother + 1, sizeof *m->other);
	m->other[m->nother++] = sqlite3_column_int64(st, FR_SUMMARY_OTHER_USERS);
	return FR_OK;
}

/* unknown_pages[]: data quality's most visited pages at no step. */
static int
cubein_meta_page(void *ctx, sqlite3_stmt *st, char **err)
{
	struct cubein_meta *m = ctx;
	struct fr_runlog *log = &m->r->log;
	const char *page = cubein_text(st, FR_SUMMARY_PAGE_PAGE);
	size_t i = log->nother_pages;
	if (i == FR_QUALITY_PAGES)
		return fr_fail(err, FR_EDATA, "%s: unknown_pages: more than %d", m->path,
		               FR_QUALITY_PAGES);
	if (page == NULL || strlen(page) > FR_TEXT_MAX_VALUE ||
	    sqlite3_column_type(st, FR_SUMMARY_PAGE_EVENTS) != SQLITE_INTEGER ||
	    sqlite3_column_int64(st, FR_SUMMARY_PAGE_EVENTS) < 0)
		return fr_fail(err, FR_EDATA, "%s: unknown_pages[%zu]: no page (of at most %d bytes) "
		                              "with a count of events",
		               m->path, i, FR_TEXT_MAX_VALUE);
	log->other_pages[i] =
	    (struct fr_page_count){fr_xstrdup(page), sqlite3_column_int64(st, FR_SUMMARY_PAGE_EVENTS)};
	log->nother_pages++;
	return FR_OK;
}

static int
cubein_meta_step(void *ctx, sqlite3_stmt *st, char **err)
{
	struct cubein_meta *m = ctx;
	const char *name = cubein_text(st, FR_SUMMARY_STEP_NAME);
	if (name == NULL || m->nsteps == CUBEIN_MAX_STEPS)
		return fr_fail(err, FR_EDATA, "%s: steps[%zu] has no name", m->path, m->nsteps);
	m->steps = fr_xreallocarray(m->steps, m->nsteps + 1, sizeof *m->steps);
	m->step_pages = fr_xreallocarray(m->step_pages, m->nsteps + 1, sizeof *m->step_pages);
	const char *pages = cubein_text(st, FR_SUMMARY_STEP_PAGES); /* "/cart|/basket" */
	if (pages != NULL && strlen(pages) > FR_TEXT_MAX_VALUE)
		return fr_fail(err, FR_EDATA, "%s: steps[%zu].pages: over %d bytes", m->path, m->nsteps,
		               FR_TEXT_MAX_VALUE);
	m->step_pages[m->nsteps] = pages != NULL ? fr_xstrdup(pages) : NULL;
	m->any_pages = m->any_pages || pages != NULL;
	m->steps[m->nsteps++] = fr_xstrdup(name);
	return FR_OK;
}

static int
cubein_meta_dim(void *ctx, sqlite3_stmt *st, char **err)
{
	struct cubein_meta *m = ctx;
	const char *name = cubein_text(st, FR_SUMMARY_DIM_NAME);
	if (name == NULL || m->ndims == CUBEIN_MAX_DIMS)
		return fr_fail(err, FR_EDATA, "%s: dimensions[%zu] has no name", m->path, m->ndims);
	m->dims = fr_xreallocarray(m->dims, m->ndims + 1, sizeof *m->dims);
	m->dims[m->ndims].name = fr_xstrdup(name);
	m->dims[m->ndims++].values = sqlite3_column_int64(st, FR_SUMMARY_DIM_VALUES);
	return FR_OK;
}

static int
cubein_meta_input(void *ctx, sqlite3_stmt *st, char **err)
{
	struct cubein_meta *m = ctx;
	struct fr_result *r = m->r;
	const char *name = cubein_text(st, FR_SUMMARY_INPUT_NAME);
	const char *kind = cubein_text(st, FR_SUMMARY_INPUT_KIND);
	if (name == NULL || kind == NULL)
		return fr_fail(err, FR_EDATA, "%s: an input without name or kind", m->path);
	r->log.inputs = fr_xreallocarray(r->log.inputs, r->log.ninputs + 1, sizeof *r->log.inputs);
	r->log.inputs[r->log.ninputs++] = (struct fr_input){
	    fr_xstrdup(name), fr_xstrdup(kind), sqlite3_column_int64(st, FR_SUMMARY_INPUT_ROWS)};
	return FR_OK;
}

static int
cubein_meta_quality(void *ctx, sqlite3_stmt *st, char **err)
{
	struct cubein_meta *m = ctx;
	struct fr_quality *q = &m->r->log.quality;
	const struct fr_quality_field *fields;
	size_t n = fr_quality_fields(&fields);
	const char *name = cubein_text(st, FR_SUMMARY_QUALITY_NAME);
	for (size_t i = 0; name != NULL && i < n; i++)
		if (strcmp(name, fields[i].key) == 0) {
			*(int64_t *)(void *)((char *)q + fields[i].offset) =
			    sqlite3_column_int64(st, FR_SUMMARY_QUALITY_COUNT);
			return FR_OK;
		}
	return fr_fail(err, FR_EDATA, "%s: data_quality: unknown item %s", m->path,
	               name ? name : "(no name)");
}

static int
cubein_meta_stage(void *ctx, sqlite3_stmt *st, char **err)
{
	struct cubein_meta *m = ctx;
	struct fr_result *r = m->r;
	static const char *const names[FR_NSTAGES] = {"extract", "model", "analyze", "plot", "publish"};
	const char *name = cubein_text(st, FR_SUMMARY_STAGE_NAME);
	struct fr_stage *s = NULL;
	for (size_t i = 0; name != NULL && i < FR_NSTAGES; i++)
		if (strcmp(name, names[i]) == 0)
			s = &r->log.stages[i];
	if (name != NULL && strcmp(name, "load") == 0)
		s = &r->log.load;
	if (s == NULL)
		return fr_fail(err, FR_EDATA, "%s: stages: unknown stage %s", m->path,
		               name ? name : "(no name)");
	s->name = fr_runlog_keep(&r->log, name);
	s->depends = fr_runlog_keep(&r->log, cubein_text(st, FR_SUMMARY_STAGE_DEPENDS));
	s->rows_in = sqlite3_column_int64(st, FR_SUMMARY_STAGE_ROWS_IN);
	s->rows_out = sqlite3_column_int64(st, FR_SUMMARY_STAGE_ROWS_OUT);
	s->rows_what = fr_runlog_keep(&r->log, cubein_text(st, FR_SUMMARY_STAGE_ROWS_WHAT));
	s->start = sqlite3_column_double(st, FR_SUMMARY_STAGE_START);
	s->seconds = sqlite3_column_double(st, FR_SUMMARY_STAGE_SECONDS);
	/* extract, model and the load happened in the run that wrote the cube;
	 * analyze, plot and publish happen again now */
	s->ran = s == &r->log.stages[0] || s == &r->log.stages[1] || s == &r->log.load;
	return FR_OK;
}

/* Reads summary.json at path if it is there; *present says whether it was. */
static int
cubein_summary(const char *path, struct cubein_meta *m, bool *present, char **err)
{
	*present = false;
	struct fr_buf text = FR_BUF_INIT;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return FR_OK; /* a bare export: the cubes alone */
	char chunk[65536];
	size_t got;
	int rc = FR_OK;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && rc == FR_OK) {
		fr_buf_put(&text, chunk, got);
		if (text.len > CUBEIN_MAX_SUMMARY)
			rc = fr_fail(err, FR_EDATA, "%s: over %u MiB", path, CUBEIN_MAX_SUMMARY >> 20);
	}
	if (rc == FR_OK && ferror(f))
		rc = fr_fail(err, FR_EIO, "%s: cannot be read", path);
	fclose(f);
	struct cubein_json j = {NULL, fr_buf_cstr(&text), text.len, path};
	if (rc == FR_OK && sqlite3_open_v2(":memory:", &j.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		rc = fr_fail(err, FR_EIO, "%s: cannot open SQLite to read it", path);
	if (rc == FR_OK && !fr_utf8_valid(j.text, j.len))
		rc = fr_fail(err, FR_EDATA, "%s: invalid UTF-8 or NUL", path);
	if (rc == FR_OK) {
		sqlite3_stmt *st;
		int valid = 0;
		if (sqlite3_prepare_v2(j.db, "SELECT json_valid(?1)", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, j.text, (int)j.len, SQLITE_STATIC);
			valid = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
			sqlite3_finalize(st);
		}
		if (!valid)
			rc = fr_fail(err, FR_EDATA, "%s: not valid JSON", path);
	}
	/* one reader for each part of the schema (core/summary.h) */
	static int (*const readers[FR_SUMMARY_NPARTS])(void *, sqlite3_stmt *, char **) = {
	    [FR_SUMMARY_TOP] = cubein_meta_top,         [FR_SUMMARY_STEPS] = cubein_meta_step,
	    [FR_SUMMARY_DIMS] = cubein_meta_dim,        [FR_SUMMARY_INPUTS] = cubein_meta_input,
	    [FR_SUMMARY_QUALITY] = cubein_meta_quality, [FR_SUMMARY_STAGES] = cubein_meta_stage,
	    [FR_SUMMARY_OTHER] = cubein_meta_other,     [FR_SUMMARY_PAGES] = cubein_meta_page,
	};
	for (size_t i = 0; rc == FR_OK && i < FR_SUMMARY_NPARTS; i++) {
		char *sql = fr_summary_sql((enum fr_summary_part)i);
		rc = cubein_json_rows(&j, sql, readers[i], m, err);
		free(sql);
	}
	sqlite3_close(j.db);
	fr_buf_free(&text);
	*present = rc == FR_OK;
	return rc;
}

int
fr_cubein_csv_safe(const char *dir, bool *safe, char **err)
{
	char *summary = fr_xasprintf("%s/data/summary.json", dir);
	struct fr_result *r = fr_result_new();
	struct cubein_meta m = {r, summary, false, false, false, NULL, 0, NULL, 0, NULL, 0, NULL, false};
	bool present;
	int rc = cubein_summary(summary, &m, &present, err);
	*safe = rc == FR_OK && present && m.csv_safe;
	fr_strv_free(m.step_pages, m.nsteps);
	fr_strv_free(m.steps, m.nsteps);
	free(m.other);
	for (size_t i = 0; i < m.ndims; i++)
		free(m.dims[i].name);
	free(m.dims);
	fr_result_free(r);
	free(summary);
	return rc;
}

/* ---- putting it together --------------------------------------------------- */

static int
cubein_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cubein_read(struct cubein *c, const char *path, fr_csvin_row_fn fn, char **err)
{
	c->path = path;
	c->header_done = 0;
	int rc = fr_csvin_read(path, path, fn, c, err);
	if (rc == FR_OK && !c->header_done)
		rc = fr_fail(err, FR_EDATA, "%s: empty: no header", path);
	return rc;
}

/* dir/name, or dir/name.gz where only that is there (gzip is told by its
 * bytes either way: base/instream.h). */
static char *
cubein_file(const char *dir, const char *name)
{
	struct stat sb;
	char *path = fr_xasprintf("%s/%s", dir, name);
	char *gz = fr_xasprintf("%s.gz", path);
	if (stat(path, &sb) != 0 && stat(gz, &sb) == 0) {
		free(path);
		return gz;
	}
	free(gz);
	return path;
}

int
fr_cubein_load(const char *dir, struct fr_result *r, bool keep_title, bool keep_max_combo,
               char **err)
{
	struct stat sb;
	char *base = fr_xasprintf("%s/data", dir);
	char *funnel = cubein_file(base, "cube_funnel.csv");
	if (stat(funnel, &sb) != 0) { /* a bare export: the cubes in DIR itself */
		free(base);
		free(funnel);
		base = fr_xstrdup(dir);
		funnel = cubein_file(base, "cube_funnel.csv");
	}
	char *visits = cubein_file(base, "cube_visits.csv");
	char *summary = fr_xasprintf("%s/summary.json", base);
	char *ttc = cubein_file(base, "time_to_convert.csv");
	struct cubein c = {0};
	c.r = r;
	struct cubein_meta m = {r, summary, keep_title, keep_max_combo, false, NULL, 0, NULL, 0, NULL, 0, NULL, false};
	bool have_summary = false;
	/* the summary first: it says whether the cubes were written --csv-safe */
	int rc = cubein_summary(summary, &m, &have_summary, err);
	c.safe = m.csv_safe;
	if (rc == FR_OK)
		rc = cubein_read(&c, funnel, cubein_funnel_row, err);
	if (rc == FR_OK)
		rc = cubein_read(&c, visits, cubein_visits_row, err);

	/* the steps: summary.json's, which must agree with the visits; or the visits' */
	if (rc == FR_OK && have_summary) {
		for (size_t k = 0; rc == FR_OK && k < c.nsteps; k++)
			if (c.steps[k] != NULL && (k >= m.nsteps || strcmp(c.steps[k], m.steps[k]) != 0))
				rc = fr_fail(err, FR_EDATA, "%s: step %zu is %s, but the visits cube calls it %s",
				             summary, k + 1, k < m.nsteps ? m.steps[k] : "missing", c.steps[k]);
		if (rc == FR_OK && m.nother != 0 && m.nother != m.nsteps)
			rc = fr_fail(err, FR_EDATA, "%s: other_order has %zu steps, the funnel %zu", summary,
			             m.nother, m.nsteps);
		if (rc == FR_OK && m.nother != 0) {
			r->cube.other_users = m.other;
			m.other = NULL;
		}
		if (rc == FR_OK) {
			r->cube.steps = m.steps, r->cube.nsteps = m.nsteps;
			if (m.any_pages) {
				r->cube.step_pages = m.step_pages;
				m.step_pages = NULL;
			}
			m.steps = NULL;
		}
	} else if (rc == FR_OK) {
		for (size_t k = 0; rc == FR_OK && k < c.nsteps; k++)
			if (c.steps[k] == NULL)
				rc = fr_fail(err, FR_EDATA,
				             "%s: step %zu has no visit, so no name; put the run's summary.json "
				             "beside the cubes",
				             visits, k + 1);
		if (rc == FR_OK) {
			r->cube.steps = c.steps, r->cube.nsteps = c.nsteps;
			c.steps = NULL, c.nsteps = 0;
		}
	}
	if (rc == FR_OK && (r->cube.nsteps == 0 || (int64_t)r->cube.nsteps < c.max_level))
		rc = fr_fail(err, FR_EDATA, "%s: users reach level %lld, but the funnel has %zu steps",
		             funnel, (long long)c.max_level, r->cube.nsteps);

	/* the dimensions, in the cube's order; those missing from the visits
	 * cube must be the derived entry month */
	if (rc == FR_OK) {
		r->cube.dims = fr_xcalloc(c.ndims + 1, sizeof *r->cube.dims);
		r->cube.attrs = fr_xcalloc(c.nv + 1, sizeof *r->cube.attrs);
		r->cube.vdims = fr_xcalloc(c.nv + 1, sizeof *r->cube.vdims);
		for (size_t d = 0; d < c.ndims; d++) {
			size_t v;
			for (v = 0; v < c.nv && c.vmap[v] != d; v++)
				;
			r->cube.dims[r->cube.ndims++] = (struct fr_dim){fr_xstrdup(c.dims[d]), v < c.nv ? (int)v : -1};
			if (v == c.nv && strcmp(c.dims[d], "month") != 0)
				rc = fr_fail(err, FR_EDATA,
				             "%s: dimension %s is not in cube_visits.csv (only the entry month "
				             "may be missing there)",
				             funnel, c.dims[d]);
		}
		for (size_t v = 0; v < c.nv; v++) {
			if (v > 0 && c.vmap[v] <= c.vmap[v - 1])
				rc = fr_fail(err, FR_EDATA, "%s: the dimensions are not in cube_funnel.csv's order",
				             visits);
			r->cube.vdims[r->cube.nvdims++] = c.vmap[v];
			int64_t nvalues = -1;
			for (size_t i = 0; i < m.ndims; i++)
				if (strcmp(m.dims[i].name, c.dims[c.vmap[v]]) == 0)
					nvalues = m.dims[i].values;
			if (nvalues < 0) { /* no summary: the distinct values seen */
				const struct fr_table *vt = &c.tables[FR_VISITS];
				char **vals = fr_xcalloc(vt->nrows + 1, sizeof *vals);
				for (size_t i = 0; i < vt->nrows; i++)
					vals[i] = fr_table_values(vt, i)[v];
				qsort(vals, vt->nrows, sizeof *vals, cubein_cmp_str);
				nvalues = 0;
				for (size_t i = 0; i < vt->nrows; i++)
					nvalues += i == 0 || strcmp(vals[i], vals[i - 1]) != 0;
				free(vals);
			}
			r->cube.attrs[r->cube.nattrs++] = (struct fr_attr){fr_xstrdup(c.dims[c.vmap[v]]), nvalues};
		}
	}

	/* months, sorted; the visits' month keys follow; both tables to the
	 * result, sorted as the model stage sorts them */
	if (rc == FR_OK) {
		r->cube.months = fr_xcalloc(c.nmonths + 1, sizeof *r->cube.months);
		for (size_t i = 0; i < c.nmonths; i++)
			r->cube.months[r->cube.nmonths++] = fr_xstrdup(c.months[i]);
		qsort(r->cube.months, r->cube.nmonths, sizeof *r->cube.months, cubein_cmp_str);
		struct fr_table *vt = &c.tables[FR_VISITS];
		for (size_t i = 0; i < vt->nrows; i++) {
			int64_t *keys = fr_table_keys(vt, i);
			const char *month = c.months[keys[1]];
			char **hit = bsearch(&month, r->cube.months, r->cube.nmonths, sizeof *r->cube.months,
			                     cubein_cmp_str);
			keys[1] = hit - r->cube.months;
		}
		for (int i = 0; i < FR_NMEASURES; i++) {
			fr_table_sort(&c.tables[i]);
			r->cube.tables[i] = c.tables[i];
			memset(&c.tables[i], 0, sizeof c.tables[i]);
		}
	}

	/* time to convert, when the run that wrote the cubes counted it */
	if (rc == FR_OK && stat(ttc, &sb) == 0) {
		rc = cubein_read(&c, ttc, cubein_ttc_row, err);
		r->cube.ttc_known = rc == FR_OK && r->settings.order == FR_ORDER_ORDERED && !r->cube.no_times;
	}
	r->log.from_cube = true;
	r->log.quality_known = have_summary;
	for (int i = 0; i < FR_NMEASURES; i++)
		fr_table_free(&c.tables[i]);
	fr_strv_free(c.months, c.nmonths);
	fr_strv_free(c.steps, c.nsteps);
	fr_strv_free(c.dims, c.ndims);
	free(c.vmap);
	free(c.plain);
	fr_strv_free(m.step_pages, m.nsteps);
	fr_strv_free(m.steps, m.nsteps);
	free(m.other);
	for (size_t i = 0; i < m.ndims; i++)
		free(m.dims[i].name);
	free(m.dims);
	free(base);
	free(funnel);
	free(visits);
	free(summary);
	free(ttc);
	return rc;
}
