/* analyze.c: funnel levels, the cubes, and the roll-ups. */
#include "analyze.h"

#include <stdlib.h>
#include <string.h>

#include "findings.h"

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
			*seg = (struct fr_segment){0}; /* a run stopped here frees what is set */
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
			*seg = (struct fr_vsegment){0};
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
	struct fr_batch *b = fr_batch_new("sql/analyze_cube_insert.sql", (int)r->ndims + 2, s, ns);
	for (size_t i = 0; i < r->ncube; i++) {
		for (size_t d = 0; d < r->ndims; d++)
			fr_batch_text(b, r->cube[i].values[d]);
		fr_batch_int(b, r->cube[i].level);
		fr_batch_int(b, r->cube[i].users);
	}
	return b;
}

static struct fr_batch *
analyze_vcube_batch(const struct fr_result *r, const struct fr_subst *s, size_t ns)
{
	struct fr_batch *b = fr_batch_new("sql/analyze_vcube_insert.sql", (int)r->nvdims + 4, s, ns);
	for (size_t i = 0; i < r->nvcube; i++) {
		const struct fr_vcube_row *c = &r->vcube[i];
		for (size_t d = 0; d < r->nvdims; d++)
			fr_batch_text(b, c->values[d]);
		fr_batch_int(b, (int64_t)c->step + 1);
		fr_batch_text(b, r->months[c->month]);
		fr_batch_int(b, c->visits);
		fr_batch_int(b, c->visitors);
	}
	return b;
}

static struct fr_batch *
analyze_step_batch(const struct fr_result *r)
{
	struct fr_batch *b = fr_batch_new("sql/analyze_step_insert.sql", 2, NULL, 0);
	for (size_t k = 0; k < r->nsteps; k++) {
		fr_batch_int(b, (int64_t)k + 1);
		fr_batch_text(b, r->steps[k]);
	}
	return b;
}

static void
analyze_log(struct fr_wh *wh, struct fr_result *r)
{
	const struct fr_wh_sql *log;
	size_t n = fr_wh_sql_log(wh, &log);
	r->queries = fr_xreallocarray(r->queries, r->nqueries + n + 1, sizeof *r->queries);
	for (size_t i = 0; i < n; i++)
		r->queries[r->nqueries++] =
		    (struct fr_query){fr_xstrdup(log[i].name), log[i].runs, fr_xstrdup(log[i].sql)};
}

int
fr_analyze_run(struct fr_templates *t, struct fr_loader *ld, struct fr_result *r, char **err)
{
	size_t *all = fr_xcalloc(r->ndims + 1, sizeof *all);
	for (size_t i = 0; i < r->ndims; i++)
		all[i] = i;
	char *defs = analyze_defs(all, r->ndims), *vdefs = analyze_defs(r->vdims, r->nvdims);
	struct fr_subst schema[] = {{"dim_defs", defs}, {"vdim_defs", vdefs}};
	struct fr_wh *db = NULL;
	int rc = fr_wh_open_at(&db, ":memory:", t, err);
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
	size_t k = r->max_combo < 0 ? 0 : (size_t)r->max_combo;
	struct analyze_ctx ctx = {db, r, err, all};
	if (rc == FR_OK)
		rc = analyze_funnel_combo(&ctx, NULL, 0);
	if (rc == FR_OK)
		rc = fr_analyze_combinations(r->ndims, k, analyze_funnel_combo, &ctx);
	ctx.map = r->vdims;
	if (rc == FR_OK)
		rc = analyze_visits_combo(&ctx, NULL, 0);
	if (rc == FR_OK)
		rc = fr_analyze_combinations(r->nvdims, k, analyze_visits_combo, &ctx);
	if (db != NULL)
		analyze_log(db, r);
	if (rc == FR_OK)
		fr_findings_compute(r);
	fr_wh_free(db);
	free(all);
	return rc;
}
