/* analyze.c: funnel levels, the cubes, and the roll-ups. */
#include "analyze.h"

#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "level.h"
#include "timestamp.h"

#define ANALYZE_POLL 65536

static const char *
analyze_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s != NULL ? (const char *)s : "";
}

static int
analyze_exec(struct fr_wh *wh, const char *sql, char **err)
{
	int rc = sqlite3_exec(fr_wh_db(wh), sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? FR_OK : fr_wh_fail(wh, rc, sql, err);
}

static int
analyze_flush_user(struct fr_wh *wh, sqlite3_stmt *ins, int64_t user_key, const struct fr_level *lv,
                   char **err)
{
	struct fr_level_user u;
	fr_level_get(lv, &u);
	sqlite3_bind_int64(ins, 1, user_key);
	if (u.level > 0) {
		char month[FR_TIMESTAMP_BUFSZ];
		fr_timestamp_month(u.entry_time, month);
		sqlite3_bind_int64(ins, 2, u.entry_time);
		sqlite3_bind_text(ins, 3, month, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(ins, 2);
		sqlite3_bind_null(ins, 3);
	}
	sqlite3_bind_int64(ins, 4, (sqlite3_int64)u.level);
	sqlite3_bind_int(ins, 5, u.out_of_order);
	int row, rc = fr_wh_step(wh, ins, &row, err);
	sqlite3_reset(ins);
	return rc;
}

/* The per-user pass: reads visits in (user, time, step) order once. */
static int
analyze_levels(struct fr_wh *wh, struct fr_result *r, char **err)
{
	sqlite3_stmt *rd = NULL, *ins = NULL;
	struct fr_level *lv = fr_level_new(r->nsteps, r->order, r->window_days);
	int row = 0, rc = analyze_exec(wh, "BEGIN", err);
	if (rc == FR_OK)
		rc = fr_wh_prepare(wh, "sql/analyze_visits_read.sql", NULL, 0, &rd, err);
	if (rc == FR_OK)
		rc = fr_wh_prepare(wh, "sql/analyze_user_funnel.sql", NULL, 0, &ins, err);
	int64_t cur = -1, n = 0;
	while (rc == FR_OK && (rc = fr_wh_step(wh, rd, &row, err)) == FR_OK && row) {
		int64_t uk = sqlite3_column_int64(rd, 0);
		if (uk != cur) {
			if (cur >= 0 && (rc = analyze_flush_user(wh, ins, cur, lv, err)) != FR_OK)
				break;
			fr_level_reset(lv);
			cur = uk;
		}
		fr_level_add(lv, (size_t)sqlite3_column_int64(rd, 1), sqlite3_column_int64(rd, 2));
		if (++n % ANALYZE_POLL == 0 && fr_interrupt_pending())
			rc = fr_fail(err, FR_EINTR, "interrupted");
	}
	if (rc == FR_OK && cur >= 0)
		rc = analyze_flush_user(wh, ins, cur, lv, err);
	sqlite3_finalize(rd);
	sqlite3_finalize(ins);
	fr_level_free(lv);
	if (rc == FR_OK)
		rc = analyze_exec(wh, "COMMIT", err);
	else
		sqlite3_exec(fr_wh_db(wh), "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static int
analyze_quality(struct fr_wh *wh, struct fr_result *r, char **err)
{
	sqlite3_stmt *st;
	int row = 0, rc = fr_wh_prepare(wh, "sql/analyze_quality.sql", NULL, 0, &st, err);
	if (rc == FR_OK)
		rc = fr_wh_step(wh, st, &row, err);
	if (rc == FR_OK && row) {
		struct fr_quality *q = &r->quality;
		q->users_with_events = sqlite3_column_int64(st, 0);
		int64_t not_entered_with_events = sqlite3_column_int64(st, 1);
		q->users_not_entered = q->users - q->users_with_events + not_entered_with_events;
		q->users_out_of_order = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
analyze_cubes(struct fr_wh *wh, struct fr_result *r, char **err)
{
	struct fr_buf de = FR_BUF_INIT, dg = FR_BUF_INIT, ve = FR_BUF_INIT, vg = FR_BUF_INIT;
	for (size_t i = 0; i < r->ndims; i++) {
		char *expr = r->dims[i].attr >= 0 ? fr_xasprintf("u.a%d", r->dims[i].attr + 1)
		                                  : fr_xstrdup("f.entry_month");
		fr_buf_printf(&de, "%s AS d%zu, ", expr, i + 1);
		fr_buf_printf(&dg, "%s, ", expr);
		if (r->dims[i].attr >= 0) {
			fr_buf_printf(&ve, "%s AS d%zu, ", expr, i + 1);
			fr_buf_printf(&vg, "%s, ", expr);
		}
		free(expr);
	}
	struct fr_subst s[] = {
	    {"dim_exprs", fr_buf_cstr(&de)},
	    {"dim_group", fr_buf_cstr(&dg)},
	    {"vdim_exprs", fr_buf_cstr(&ve)},
	    {"vdim_group", fr_buf_cstr(&vg)},
	};
	int rc = fr_wh_exec(wh, "sql/analyze_cubes.sql", s, 4, err);
	fr_buf_free(&de);
	fr_buf_free(&dg);
	fr_buf_free(&ve);
	fr_buf_free(&vg);
	return rc;
}

static int
analyze_months(struct fr_wh *wh, struct fr_result *r, char **err)
{
	sqlite3_stmt *st;
	int row = 0, rc = fr_wh_prepare(wh, "sql/analyze_months.sql", NULL, 0, &st, err);
	while (rc == FR_OK && (rc = fr_wh_step(wh, st, &row, err)) == FR_OK && row) {
		r->months = fr_xreallocarray(r->months, r->nmonths + 1, sizeof *r->months);
		r->months[r->nmonths++] = fr_xstrdup(analyze_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc;
}

static int
analyze_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t
analyze_month_index(const struct fr_result *r, const char *month)
{
	char *const *hit = bsearch(&month, r->months, r->nmonths, sizeof *r->months, analyze_cmp_str);
	return hit != NULL ? (size_t)(hit - r->months) : 0;
}

/* "c.d1, c.d3, " for the dimensions idx of a combination. */
static char *
analyze_cols(const char *alias, const size_t *idx, size_t m)
{
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < m; i++)
		fr_buf_printf(&b, "%s%sd%zu, ", alias, *alias ? "." : "", idx[i] + 1);
	return fr_buf_detach(&b);
}

static char **
analyze_values(sqlite3_stmt *st, size_t m)
{
	char **v = fr_xcalloc(m + 1, sizeof *v);
	for (size_t i = 0; i < m; i++)
		v[i] = fr_xstrdup(analyze_text(st, (int)i));
	return v;
}

static int
analyze_read_cubes(struct fr_wh *wh, struct fr_result *r, char **err)
{
	size_t *all = fr_xcalloc(r->ndims + 1, sizeof *all);
	for (size_t i = 0; i < r->ndims; i++)
		all[i] = i;
	char *cols = analyze_cols("", all, r->ndims);
	char *vcols = analyze_cols("", r->vdims, r->nvdims);
	free(all);
	struct fr_subst s = {"cols", cols};
	sqlite3_stmt *st;
	int row = 0, rc = fr_wh_prepare(wh, "sql/analyze_cube_funnel_read.sql", &s, 1, &st, err);
	while (rc == FR_OK && (rc = fr_wh_step(wh, st, &row, err)) == FR_OK && row) {
		r->cube = fr_xreallocarray(r->cube, r->ncube + 1, sizeof *r->cube);
		struct fr_cube_row *c = &r->cube[r->ncube++];
		c->values = analyze_values(st, r->ndims);
		c->level = sqlite3_column_int64(st, (int)r->ndims);
		c->users = sqlite3_column_int64(st, (int)r->ndims + 1);
	}
	sqlite3_finalize(st);
	s.value = vcols;
	if (rc == FR_OK)
		rc = fr_wh_prepare(wh, "sql/analyze_cube_visits_read.sql", &s, 1, &st, err);
	else
		st = NULL;
	int nv = (int)r->nvdims;
	while (rc == FR_OK && (rc = fr_wh_step(wh, st, &row, err)) == FR_OK && row) {
		r->vcube = fr_xreallocarray(r->vcube, r->nvcube + 1, sizeof *r->vcube);
		struct fr_vcube_row *c = &r->vcube[r->nvcube++];
		c->values = analyze_values(st, r->nvdims);
		c->step = (size_t)sqlite3_column_int64(st, nv) - 1;
		c->month = analyze_month_index(r, analyze_text(st, nv + 1));
		c->visits = sqlite3_column_int64(st, nv + 2);
		c->visitors = sqlite3_column_int64(st, nv + 3);
	}
	sqlite3_finalize(st);
	free(cols);
	free(vcols);
	return rc;
}

static int
analyze_same_values(sqlite3_stmt *st, char *const *values, size_t m)
{
	for (size_t i = 0; i < m; i++)
		if (strcmp(values[i], analyze_text(st, (int)i)) != 0)
			return 0;
	return 1;
}

static char *
analyze_label(const struct fr_result *r, const size_t *dims, char *const *values, size_t m)
{
	if (m == 0)
		return fr_xstrdup("all");
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < m; i++)
		fr_buf_printf(&b, "%s%s=%s", i ? ";" : "", r->dims[dims[i]].name, values[i]);
	return fr_buf_detach(&b);
}

static char *
analyze_name(const struct fr_result *r, const size_t *dims, size_t m)
{
	if (m == 0)
		return fr_xstrdup("overall");
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < m; i++)
		fr_buf_printf(&b, "%s%s", i ? "+" : "", r->dims[dims[i]].name);
	return fr_buf_detach(&b);
}

struct analyze_ctx {
	struct fr_wh *wh;
	struct fr_result *r;
	char **err;
	const size_t *map; /* combination index -> dimension index */
};

static int
analyze_funnel_combo(void *vctx, const size_t *idx, size_t m)
{
	struct analyze_ctx *ctx = vctx;
	struct fr_result *r = ctx->r;
	size_t *dims = fr_xcalloc(m + 1, sizeof *dims);
	for (size_t i = 0; i < m; i++)
		dims[i] = ctx->map[idx[i]];
	r->funnel = fr_xreallocarray(r->funnel, r->nfunnel + 1, sizeof *r->funnel);
	struct fr_breakdown *b = &r->funnel[r->nfunnel++];
	memset(b, 0, sizeof *b);
	b->name = analyze_name(r, dims, m);
	b->ndims = m;
	b->dims = dims;

	char *cols = analyze_cols("c", dims, m);
	struct fr_subst s = {"cols", cols};
	sqlite3_stmt *st;
	int row = 0, rc = fr_wh_prepare(ctx->wh, "sql/analyze_rollup_funnel.sql", &s, 1, &st, ctx->err);
	free(cols);
	struct fr_segment *seg = NULL;
	while (rc == FR_OK && (rc = fr_wh_step(ctx->wh, st, &row, ctx->err)) == FR_OK && row) {
		if (seg == NULL || !analyze_same_values(st, seg->values, m)) {
			b->segs = fr_xreallocarray(b->segs, b->nsegs + 1, sizeof *b->segs);
			seg = &b->segs[b->nsegs++];
			seg->values = analyze_values(st, m);
			seg->label = analyze_label(r, dims, seg->values, m);
			seg->users = fr_xcalloc(r->nsteps, sizeof *seg->users);
		}
		int64_t k = sqlite3_column_int64(st, (int)m);
		if (k >= 1 && (size_t)k <= r->nsteps)
			seg->users[k - 1] = sqlite3_column_int64(st, (int)m + 1);
	}
	sqlite3_finalize(st);
	if (rc == FR_OK && m == 0 && b->nsegs == 0) {
		/* Nobody entered: overall still has its row of zeros. */
		b->segs = fr_xcalloc(1, sizeof *b->segs);
		b->nsegs = 1;
		b->segs[0].values = fr_xcalloc(1, sizeof(char *));
		b->segs[0].label = fr_xstrdup("all");
		b->segs[0].users = fr_xcalloc(r->nsteps, sizeof(int64_t));
	}
	return rc;
}

static int
analyze_visits_combo(void *vctx, const size_t *idx, size_t m)
{
	struct analyze_ctx *ctx = vctx;
	struct fr_result *r = ctx->r;
	size_t *dims = fr_xcalloc(m + 1, sizeof *dims);
	for (size_t i = 0; i < m; i++)
		dims[i] = ctx->map[idx[i]];
	r->visits = fr_xreallocarray(r->visits, r->nvisits + 1, sizeof *r->visits);
	struct fr_vbreakdown *b = &r->visits[r->nvisits++];
	memset(b, 0, sizeof *b);
	b->name = analyze_name(r, dims, m);
	b->ndims = m;
	b->dims = dims;

	char *cols = analyze_cols("v", dims, m);
	struct fr_subst s = {"cols", cols};
	sqlite3_stmt *st;
	int row = 0, rc = fr_wh_prepare(ctx->wh, "sql/analyze_rollup_visits.sql", &s, 1, &st, ctx->err);
	free(cols);
	struct fr_vsegment *seg = NULL;
	size_t cells = r->nsteps * r->nmonths;
	while (rc == FR_OK && (rc = fr_wh_step(ctx->wh, st, &row, ctx->err)) == FR_OK && row) {
		if (seg == NULL || !analyze_same_values(st, seg->values, m)) {
			b->segs = fr_xreallocarray(b->segs, b->nsegs + 1, sizeof *b->segs);
			seg = &b->segs[b->nsegs++];
			seg->values = analyze_values(st, m);
			seg->label = analyze_label(r, dims, seg->values, m);
			seg->visits = fr_xcalloc(cells, sizeof *seg->visits);
			seg->visitors = fr_xcalloc(cells, sizeof *seg->visitors);
		}
		int64_t k = sqlite3_column_int64(st, (int)m);
		size_t mo = analyze_month_index(r, analyze_text(st, (int)m + 1));
		if (k >= 1 && (size_t)k <= r->nsteps) {
			seg->visits[(size_t)(k - 1) * r->nmonths + mo] = sqlite3_column_int64(st, (int)m + 2);
			seg->visitors[(size_t)(k - 1) * r->nmonths + mo] = sqlite3_column_int64(st, (int)m + 3);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int
fr_analyze_combinations(size_t n, size_t k, int (*fn)(void *ctx, const size_t *idx, size_t m),
                        void *ctx)
{
	size_t idx[64];
	if (k > n)
		k = n;
	if (k > 64)
		k = 64;
	for (size_t m = 1; m <= k; m++) {
		for (size_t i = 0; i < m; i++)
			idx[i] = i;
		for (;;) {
			int rc = fn(ctx, idx, m);
			if (rc != 0)
				return rc;
			/* Advance to the next combination in lexicographic order. */
			size_t i = m;
			while (i > 0 && idx[i - 1] == n - m + i - 1)
				i--;
			if (i == 0)
				break;
			idx[i - 1]++;
			for (size_t j = i; j < m; j++)
				idx[j] = idx[j - 1] + 1;
		}
	}
	return 0;
}

int
fr_analyze_run(struct fr_wh *wh, struct fr_result *r, char **err)
{
	int rc = analyze_levels(wh, r, err);
	if (rc == FR_OK)
		rc = analyze_quality(wh, r, err);
	if (rc == FR_OK)
		rc = analyze_cubes(wh, r, err);
	if (rc == FR_OK)
		rc = analyze_months(wh, r, err);
	if (rc == FR_OK)
		rc = analyze_read_cubes(wh, r, err);
	if (rc != FR_OK)
		return rc;

	size_t *all = fr_xcalloc(r->ndims + 1, sizeof *all);
	for (size_t i = 0; i < r->ndims; i++)
		all[i] = i;
	size_t k = r->max_combo < 0 ? 0 : (size_t)r->max_combo;
	struct analyze_ctx ctx = {wh, r, err, all};
	rc = analyze_funnel_combo(&ctx, NULL, 0);
	if (rc == FR_OK)
		rc = fr_analyze_combinations(r->ndims, k, analyze_funnel_combo, &ctx);
	ctx.map = r->vdims;
	if (rc == FR_OK)
		rc = analyze_visits_combo(&ctx, NULL, 0);
	if (rc == FR_OK)
		rc = fr_analyze_combinations(r->nvdims, k, analyze_visits_combo, &ctx);
	free(all);
	return rc;
}
