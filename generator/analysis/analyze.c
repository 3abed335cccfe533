/* analyze.c: funnel levels, the cubes, and the roll-ups. */
#include "analysis/analyze.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/findings.h"

static const char *
analyze_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s != NULL ? (const char *)s : "";
}

static int
analyze_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t
analyze_month_index(const struct fr_result *r, const char *month)
{
	char *const *hit = bsearch(&month, r->cube.months, r->cube.nmonths, sizeof *r->cube.months, analyze_cmp_str);
	return hit != NULL ? (size_t)(hit - r->cube.months) : 0;
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
		fr_buf_printf(&b, "%s%s=%s", i ? ";" : "", r->cube.dims[dims[i]].name, values[i]);
	return fr_buf_detach(&b);
}

static char *
analyze_name(const struct fr_result *r, const size_t *dims, size_t m)
{
	if (m == 0)
		return fr_xstrdup("overall");
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < m; i++)
		fr_buf_printf(&b, "%s%s", i ? "+" : "", r->cube.dims[dims[i]].name);
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
	r->analysis.funnel = fr_xreallocarray(r->analysis.funnel, r->analysis.nfunnel + 1, sizeof *r->analysis.funnel);
	struct fr_breakdown *b = &r->analysis.funnel[r->analysis.nfunnel++];
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
			*seg = (struct fr_segment){0}; /* a run stopped here frees what is set */
			seg->values = analyze_values(st, m);
			seg->label = analyze_label(r, dims, seg->values, m);
			seg->users = fr_xcalloc(r->cube.nsteps, sizeof *seg->users);
		}
		int64_t k = sqlite3_column_int64(st, (int)m);
		if (k >= 1 && (size_t)k <= r->cube.nsteps)
			seg->users[k - 1] = sqlite3_column_int64(st, (int)m + 1);
	}
	sqlite3_finalize(st);
	if (rc == FR_OK && m == 0 && b->nsegs == 0) {
		/* Nobody entered: overall still has its row of zeros. */
		b->segs = fr_xcalloc(1, sizeof *b->segs);
		b->nsegs = 1;
		b->segs[0].values = fr_xcalloc(1, sizeof(char *));
		b->segs[0].label = fr_xstrdup("all");
		b->segs[0].users = fr_xcalloc(r->cube.nsteps, sizeof(int64_t));
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
	r->analysis.visits = fr_xreallocarray(r->analysis.visits, r->analysis.nvisits + 1, sizeof *r->analysis.visits);
	struct fr_vbreakdown *b = &r->analysis.visits[r->analysis.nvisits++];
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
	size_t cells = r->cube.nsteps * r->cube.nmonths;
	while (rc == FR_OK && (rc = fr_wh_step(ctx->wh, st, &row, ctx->err)) == FR_OK && row) {
		if (seg == NULL || !analyze_same_values(st, seg->values, m)) {
			b->segs = fr_xreallocarray(b->segs, b->nsegs + 1, sizeof *b->segs);
			seg = &b->segs[b->nsegs++];
			*seg = (struct fr_vsegment){0};
			seg->values = analyze_values(st, m);
			seg->label = analyze_label(r, dims, seg->values, m);
			seg->visits = fr_xcalloc(cells, sizeof *seg->visits);
			seg->visitors = fr_xcalloc(cells, sizeof *seg->visitors);
		}
		int64_t k = sqlite3_column_int64(st, (int)m);
		size_t mo = analyze_month_index(r, analyze_text(st, (int)m + 1));
		if (k >= 1 && (size_t)k <= r->cube.nsteps) {
			seg->visits[(size_t)(k - 1) * r->cube.nmonths + mo] = sqlite3_column_int64(st, (int)m + 2);
			seg->visitors[(size_t)(k - 1) * r->cube.nmonths + mo] = sqlite3_column_int64(st, (int)m + 3);
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

/* ---- the segments, estimated before the roll-up ---------------------------- */

struct analyze_estimate {
	const int64_t *count; /* distinct values, by dimension */
	const size_t *map;    /* combination index -> dimension */
	int64_t cap;          /* segments one breakdown can have at most */
	int64_t stop;
	int64_t total;
};

static int
analyze_estimate_combo(void *vctx, const size_t *idx, size_t m)
{
	struct analyze_estimate *e = vctx;
	int64_t n = 1;
	for (size_t i = 0; i < m && n < e->cap; i++) {
		int64_t c = e->count[e->map[idx[i]]];
		n = c > 0 && n > e->cap / c ? e->cap : n * c;
	}
	e->total += n < e->cap ? n : e->cap;
	return e->total > e->stop; /* enough to know the answer */
}

/* Distinct strings among n (sorts v). */
static int64_t
analyze_distinct(const char **v, size_t n)
{
	qsort(v, n, sizeof *v, analyze_cmp_str);
	int64_t d = 0;
	for (size_t i = 0; i < n; i++)
		d += i == 0 || strcmp(v[i], v[i - 1]) != 0;
	return d;
}

/* Segments of the breakdowns of 1..k of the dims listed in use[0..n). */
static int64_t
analyze_estimate_part(const int64_t *count, const size_t *use, size_t n, size_t k, int64_t cap,
                      int64_t stop)
{
	if (cap <= 0 || n == 0 || k == 0)
		return 0;
	struct analyze_estimate e = {count, use, cap, stop, 0};
	fr_analyze_combinations(n, k, analyze_estimate_combo, &e);
	return e.total;
}

/* Each dimension's distinct values: in the funnel cube (fcount, by
 * dimension) and in the visits cube (vcount, by dimension, user ones). */
static void
analyze_counts(const struct fr_result *r, int64_t *fcount, int64_t *vcount)
{
	const char **v = fr_xcalloc((r->cube.nrows > r->cube.nvrows ? r->cube.nrows : r->cube.nvrows) + 1, sizeof *v);
	for (size_t d = 0; d < r->cube.ndims; d++) {
		for (size_t i = 0; i < r->cube.nrows; i++)
			v[i] = r->cube.rows[i].values[d];
		fcount[d] = analyze_distinct(v, r->cube.nrows);
	}
	for (size_t i = 0; i < r->cube.nvdims; i++) {
		for (size_t j = 0; j < r->cube.nvrows; j++)
			v[j] = r->cube.vrows[j].values[i];
		vcount[r->cube.vdims[i]] = analyze_distinct(v, r->cube.nvrows);
	}
	free(v);
}

static int64_t
analyze_estimate_with(const struct fr_result *r, const int64_t *fcount, const int64_t *vcount,
                      size_t k, const bool *off, int64_t stop)
{
	size_t *use = fr_xcalloc(r->cube.ndims + 1, sizeof *use), n = 0;
	int64_t entered = 0;
	for (size_t i = 0; i < r->cube.nrows; i++)
		entered += r->cube.rows[i].users;
	for (size_t d = 0; d < r->cube.ndims; d++)
		if (off == NULL || !off[d])
			use[n++] = d;
	int64_t cap = entered < (int64_t)r->cube.nrows ? entered : (int64_t)r->cube.nrows;
	int64_t total = 2 + analyze_estimate_part(fcount, use, n, k, cap, stop); /* + the overall rows */
	n = 0;
	for (size_t i = 0; i < r->cube.nvdims; i++)
		if (off == NULL || !off[r->cube.vdims[i]])
			use[n++] = r->cube.vdims[i];
	cap = (int64_t)r->cube.nvrows;
	if (r->log.quality_known && r->log.quality.users_with_events < cap)
		cap = r->log.quality.users_with_events;
	if (total <= stop)
		total += analyze_estimate_part(vcount, use, n, k, cap, stop - total);
	free(use);
	return total;
}

int64_t
fr_analyze_estimate(const struct fr_result *r, size_t k, const bool *off, int64_t stop)
{
	int64_t *fcount = fr_xcalloc(r->cube.ndims + 1, sizeof *fcount);
	int64_t *vcount = fr_xcalloc(r->cube.ndims + 1, sizeof *vcount);
	analyze_counts(r, fcount, vcount);
	int64_t n = analyze_estimate_with(r, fcount, vcount, k, off, stop);
	free(fcount);
	free(vcount);
	return n;
}

/* Whether dimension a has more values than b, for naming the largest first. */
static const int64_t *analyze_sort_counts; /* qsort has no context argument in C11 */

static int
analyze_cmp_count(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int64_t cx = analyze_sort_counts[x], cy = analyze_sort_counts[y];
	if (cx != cy)
		return cx > cy ? -1 : 1;
	return (x > y) - (x < y);
}

/*
 * Refuses, before any roll-up, breakdowns estimated to have more segments
 * than --max-segments, naming the dimensions with the most values that,
 * left out, would bring the estimate under it: a clear error beats an
 * hour and gigabytes (1,000 users with 8 attributes of 50 values took
 * 154 s, 4.7 GB and wrote a 235 MB index.html).
 */
static int
analyze_check_segments(const struct fr_result *r, size_t k, char **err)
{
	int64_t limit = r->settings.max_segments;
	if (limit <= 0)
		return FR_OK;
	size_t nd = r->cube.ndims;
	int64_t *count = fr_xcalloc(nd + 1, sizeof *count), *vcount = fr_xcalloc(nd + 1, sizeof *vcount);
	analyze_counts(r, count, vcount);
	if (analyze_estimate_with(r, count, vcount, k, NULL, limit) <= limit) {
		free(count);
		free(vcount);
		return FR_OK;
	}
	/* how far over, within reason: the count stops at 100 times the limit */
	int64_t far = limit > INT64_MAX / 100 ? INT64_MAX : limit * 100;
	int64_t est = analyze_estimate_with(r, count, vcount, k, NULL, far);
	size_t *order = fr_xcalloc(nd + 1, sizeof *order);
	bool *off = fr_xcalloc(nd + 1, sizeof *off);
	for (size_t d = 0; d < nd; d++)
		order[d] = d;
	analyze_sort_counts = count;
	qsort(order, nd, sizeof *order, analyze_cmp_count);
	size_t nout = 0;
	int64_t left = est;
	while (nout < nd && left > limit) {
		off[order[nout++]] = true;
		left = analyze_estimate_with(r, count, vcount, k, off, limit);
	}
	struct fr_buf names = FR_BUF_INIT, n1 = FR_BUF_INIT, n2 = FR_BUF_INIT, n3 = FR_BUF_INIT;
	for (size_t i = 0; i < nout && i < 6; i++)
		fr_buf_printf(&names, "%s%s (%lld value%s)", i == 0 ? "" : i + 1 == nout ? " and " : ", ",
		              r->cube.dims[order[i]].name, (long long)count[order[i]],
		              count[order[i]] == 1 ? "" : "s");
	if (nout > 6)
		fr_buf_printf(&names, " and %zu more", nout - 6);
	fr_buf_put_count(&n1, limit);
	fr_buf_puts(&n2, est > far ? "more than " : "about ");
	fr_buf_put_count(&n2, est > far ? far : est);
	fr_buf_put_count(&n3, left);
	int rc;
	if (left > limit)
		rc = fr_fail(err, FR_EDATA,
		             "even without any breakdown the report has %s segments, more than "
		             "--max-segments %s; raise --max-segments",
		             fr_buf_cstr(&n3), fr_buf_cstr(&n1));
	else
		rc = fr_fail(err, FR_EDATA,
		             "the breakdowns would have %s segments (--max-combo %zu over %zu "
		             "dimensions), more than --max-segments %s; the most come from %s: without "
		             "them about %s. Choose dimensions with --dims, lower --max-combo, or raise "
		             "--max-segments",
		             fr_buf_cstr(&n2), k, nd, fr_buf_cstr(&n1), fr_buf_cstr(&names), fr_buf_cstr(&n3));
	fr_buf_free(&names);
	fr_buf_free(&n1);
	fr_buf_free(&n2);
	fr_buf_free(&n3);
	free(count);
	free(vcount);
	free(order);
	free(off);
	return rc;
}

/* The cube tables' dimension columns: "d1 TEXT NOT NULL,\n    d3 ...". */
static char *
analyze_defs(const size_t *dims, size_t m)
{
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < m; i++)
		fr_buf_printf(&b, "d%zu TEXT NOT NULL,\n    ", dims[i] + 1);
	return fr_buf_detach(&b);
}

/* The cubes and the steps as batches, for the loader or for our own database. */
static struct fr_batch *
analyze_cube_batch(const struct fr_result *r, const struct fr_subst *s, size_t ns)
{
	struct fr_batch *b = fr_batch_new("sql/analyze_cube_insert.sql", (int)r->cube.ndims + 2, s, ns);
	for (size_t i = 0; i < r->cube.nrows; i++) {
		for (size_t d = 0; d < r->cube.ndims; d++)
			fr_batch_text(b, r->cube.rows[i].values[d]);
		fr_batch_int(b, r->cube.rows[i].level);
		fr_batch_int(b, r->cube.rows[i].users);
	}
	return b;
}

static struct fr_batch *
analyze_vcube_batch(const struct fr_result *r, const struct fr_subst *s, size_t ns)
{
	struct fr_batch *b = fr_batch_new("sql/analyze_vcube_insert.sql", (int)r->cube.nvdims + 4, s, ns);
	for (size_t i = 0; i < r->cube.nvrows; i++) {
		const struct fr_vcube_row *c = &r->cube.vrows[i];
		for (size_t d = 0; d < r->cube.nvdims; d++)
			fr_batch_text(b, c->values[d]);
		fr_batch_int(b, (int64_t)c->step + 1);
		fr_batch_text(b, r->cube.months[c->month]);
		fr_batch_int(b, c->visits);
		fr_batch_int(b, c->visitors);
	}
	return b;
}

static struct fr_batch *
analyze_step_batch(const struct fr_result *r)
{
	struct fr_batch *b = fr_batch_new("sql/analyze_step_insert.sql", 2, NULL, 0);
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		fr_batch_int(b, (int64_t)k + 1);
		fr_batch_text(b, r->cube.steps[k]);
	}
	return b;
}

static void
analyze_log(struct fr_wh *wh, struct fr_result *r)
{
	const struct fr_wh_sql *log;
	size_t n = fr_wh_sql_log(wh, &log);
	r->log.queries = fr_xreallocarray(r->log.queries, r->log.nqueries + n + 1, sizeof *r->log.queries);
	for (size_t i = 0; i < n; i++)
		r->log.queries[r->log.nqueries++] =
		    (struct fr_query){fr_xstrdup(log[i].name), log[i].runs, fr_xstrdup(log[i].sql)};
}

int
fr_analyze_run(struct fr_templates *t, struct fr_loader *ld, struct fr_result *r, char **err)
{
	size_t k = r->settings.max_combo < 0 ? 0 : (size_t)r->settings.max_combo;
	int rc = analyze_check_segments(r, k, err);
	if (rc != FR_OK)
		return rc;
	size_t *all = fr_xcalloc(r->cube.ndims + 1, sizeof *all);
	for (size_t i = 0; i < r->cube.ndims; i++)
		all[i] = i;
	char *defs = analyze_defs(all, r->cube.ndims), *vdefs = analyze_defs(r->cube.vdims, r->cube.nvdims);
	struct fr_subst schema[] = {{"dim_defs", defs}, {"vdim_defs", vdefs}};
	struct fr_wh *db = NULL;
	rc = fr_wh_open_at(&db, ":memory:", t, err);
	if (rc == FR_OK)
		rc = fr_wh_exec(db, "sql/analyze_steps.sql", NULL, 0, err);
	if (rc == FR_OK)
		rc = fr_wh_exec(db, "sql/analyze_cube_schema.sql", schema, 2, err);
	if (rc == FR_OK)
		rc = fr_batch_insert(db, analyze_step_batch(r), err);
	if (rc == FR_OK)
		rc = fr_batch_insert(db, analyze_cube_batch(r, NULL, 0), err);
	if (rc == FR_OK)
		rc = fr_batch_insert(db, analyze_vcube_batch(r, NULL, 0), err);
	/* the warehouse keeps the cubes too */
	if (rc == FR_OK && ld != NULL) {
		int lrc = fr_loader_exec(ld, "sql/analyze_cube_schema.sql", schema, 2);
		if (lrc == FR_OK)
			lrc = fr_loader_send(ld, analyze_cube_batch(r, NULL, 0));
		if (lrc == FR_OK)
			lrc = fr_loader_send(ld, analyze_vcube_batch(r, NULL, 0));
		if (lrc != FR_OK)
			rc = lrc; /* the loader has the message */
	}
	free(defs);
	free(vdefs);
	struct analyze_ctx ctx = {db, r, err, all};
	if (rc == FR_OK)
		rc = analyze_funnel_combo(&ctx, NULL, 0);
	if (rc == FR_OK)
		rc = fr_analyze_combinations(r->cube.ndims, k, analyze_funnel_combo, &ctx);
	ctx.map = r->cube.vdims;
	if (rc == FR_OK)
		rc = analyze_visits_combo(&ctx, NULL, 0);
	if (rc == FR_OK)
		rc = fr_analyze_combinations(r->cube.nvdims, k, analyze_visits_combo, &ctx);
	if (db != NULL)
		analyze_log(db, r);
	if (rc == FR_OK)
		fr_findings_compute(r);
	fr_wh_free(db);
	free(all);
	return rc;
}
