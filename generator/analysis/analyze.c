/* analyze.c: the analyze stage. The two cube tables go into a small SQLite
 * database of its own, every breakdown of each measure is rolled up from
 * them in SQL, and then every derived number is computed, once: the rates
 * and their intervals, the tests against the rest and the findings, the
 * cohorts, the headline analyses, the comparison and the checks. */
#include "analysis/analyze.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/cohorts.h"
#include "analysis/compare.h"
#include "analysis/estimate.h"
#include "analysis/findings.h"
#include "analysis/headlines.h"
#include "analysis/rates.h"
#include "base/buf.h"
#include "base/combos.h"
#include "base/util.h"

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
analyze_month_index(const struct fr_cube *c, const char *month)
{
	char *const *hit = bsearch(&month, c->months, c->nmonths, sizeof *c->months, analyze_cmp_str);
	return hit != NULL ? (size_t)(hit - c->months) : 0;
}

/* "c.d1, c.d3, " for the dimensions of a combination. */
static char *
analyze_cols(const size_t *dims, size_t m)
{
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < m; i++)
		fr_buf_printf(&b, "c.d%zu, ", dims[i] + 1);
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
analyze_label(const struct fr_cube *c, const size_t *dims, char *const *values, size_t m)
{
	if (m == 0)
		return fr_xstrdup("all");
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < m; i++)
		fr_buf_printf(&b, "%s%s=%s", i ? ";" : "", c->dims[dims[i]].name, values[i]);
	return fr_buf_detach(&b);
}

static char *
analyze_name(const struct fr_cube *c, const size_t *dims, size_t m)
{
	if (m == 0)
		return fr_xstrdup("overall");
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < m; i++)
		fr_buf_printf(&b, "%s%s", i ? "+" : "", c->dims[dims[i]].name);
	return fr_buf_detach(&b);
}

struct analyze_ctx {
	struct fr_wh *wh;
	struct fr_result *r;
	char **err;
	enum fr_measure_id measure;
	const size_t *map; /* combination index -> dimension index; NULL: the same */
};

/* One breakdown of ctx's measure over the dimensions idx (m of them), rolled
 * up in SQL: rows come sorted by the dimensions' values, then the keys of a
 * cell (step_index; for visits also month), then the counts. */
static int
analyze_combo(void *vctx, const size_t *idx, size_t m)
{
	struct analyze_ctx *ctx = vctx;
	struct fr_result *r = ctx->r;
	const struct fr_cube *c = &r->cube;
	const struct fr_measure *me = &fr_measures[ctx->measure];
	size_t *dims = fr_xcalloc(m + 1, sizeof *dims);
	for (size_t i = 0; i < m; i++)
		dims[i] = ctx->map != NULL ? ctx->map[idx[i]] : idx[i];
	struct fr_analysis *a = &r->analysis;
	struct fr_breakdown **list = ctx->measure == FR_FUNNEL ? &a->funnel : &a->visits;
	size_t *n = ctx->measure == FR_FUNNEL ? &a->nfunnel : &a->nvisits;
	*list = fr_xreallocarray(*list, *n + 1, sizeof **list);
	struct fr_breakdown *b = &(*list)[(*n)++];
	memset(b, 0, sizeof *b);
	b->measure = ctx->measure;
	b->name = analyze_name(c, dims, m);
	b->ndims = m;
	b->dims = dims;

	size_t cells = fr_breakdown_cells(c, ctx->measure), nc = me->ncounts;
	int by_month = ctx->measure == FR_VISITS;
	char *cols = analyze_cols(dims, m);
	struct fr_subst s = {"cols", cols};
	sqlite3_stmt *st;
	int row = 0, rc = fr_wh_prepare(ctx->wh, me->rollup_sql, &s, 1, &st, ctx->err);
	free(cols);
	struct fr_segment *seg = NULL;
	while (rc == FR_OK && (rc = fr_wh_step(ctx->wh, st, &row, ctx->err)) == FR_OK && row) {
		if (seg == NULL || !analyze_same_values(st, seg->values, m)) {
			b->segs = fr_xreallocarray(b->segs, b->nsegs + 1, sizeof *b->segs);
			seg = &b->segs[b->nsegs++];
			*seg = (struct fr_segment){0}; /* a run stopped here frees what is set */
			seg->values = analyze_values(st, m);
			seg->label = analyze_label(c, dims, seg->values, m);
			seg->counts = fr_xcalloc(cells * nc + 1, sizeof *seg->counts);
		}
		int64_t k = sqlite3_column_int64(st, (int)m);
		if (k < 1 || (size_t)k > c->nsteps)
			continue;
		size_t cell = (size_t)k - 1;
		if (by_month)
			cell = cell * c->nmonths + analyze_month_index(c, analyze_text(st, (int)m + 1));
		for (size_t j = 0; j < nc; j++)
			seg->counts[cell * nc + j] = sqlite3_column_int64(st, (int)m + 1 + by_month + (int)j);
	}
	sqlite3_finalize(st);
	if (rc == FR_OK && m == 0 && b->nsegs == 0 && ctx->measure == FR_FUNNEL) {
		/* Nobody entered: overall still has its row of zeros. */
		b->segs = fr_xcalloc(1, sizeof *b->segs);
		b->nsegs = 1;
		b->segs[0].values = fr_xcalloc(1, sizeof(char *));
		b->segs[0].label = fr_xstrdup("all");
		b->segs[0].counts = fr_xcalloc(cells + 1, sizeof(int64_t));
	}
	return rc;
}

/* The cube tables' dimension columns: "d1 TEXT NOT NULL,\n    d3 ...". */
static char *
analyze_defs(const struct fr_cube *c, enum fr_measure_id m)
{
	size_t n;
	const size_t *dims = fr_cube_dims_of(c, m, &n);
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		fr_buf_printf(&b, "d%zu TEXT NOT NULL,\n    ", (dims != NULL ? dims[i] : i) + 1);
	return fr_buf_detach(&b);
}

/* A cube table as a batch, for the loader or for our own database: the
 * values, the keys as the SQL has them (a level, a 1-based step_index, a
 * month's text), the counts. */
static struct fr_batch *
analyze_table_batch(const struct fr_cube *c, enum fr_measure_id id)
{
	const struct fr_measure *m = &fr_measures[id];
	const struct fr_table *t = &c->tables[id];
	struct fr_batch *b =
	    fr_batch_new(m->insert_sql, (int)(t->width + m->nkeys + m->ncounts), NULL, 0);
	for (size_t i = 0; i < t->nrows; i++) {
		char **values = fr_table_values(t, i);
		const int64_t *keys = fr_table_keys(t, i), *counts = fr_table_counts(t, i);
		for (size_t d = 0; d < t->width; d++)
			fr_batch_text(b, values[d]);
		for (size_t k = 0; k < m->nkeys; k++) {
			switch (m->keys[k]) {
			case FR_KEY_LEVEL: fr_batch_int(b, keys[k]); break;
			case FR_KEY_STEP: fr_batch_int(b, keys[k] + 1); break;
			case FR_KEY_MONTH: fr_batch_text(b, c->months[keys[k]]); break;
			}
		}
		for (size_t j = 0; j < m->ncounts; j++)
			fr_batch_int(b, counts[j]);
	}
	return b;
}

static struct fr_batch *
analyze_step_batch(const struct fr_cube *c)
{
	struct fr_batch *b = fr_batch_new("sql/analyze_step_insert.sql", 2, NULL, 0);
	for (size_t k = 0; k < c->nsteps; k++) {
		fr_batch_int(b, (int64_t)k + 1);
		fr_batch_text(b, c->steps[k]);
	}
	return b;
}

static void
analyze_log(struct fr_wh *wh, struct fr_result *r)
{
	const struct fr_wh_sql *log;
	size_t n = fr_wh_sql_log(wh, &log);
	struct fr_runlog *l = &r->log;
	l->queries = fr_xreallocarray(l->queries, l->nqueries + n + 1, sizeof *l->queries);
	for (size_t i = 0; i < n; i++)
		l->queries[l->nqueries++] =
		    (struct fr_query){fr_xstrdup(log[i].name), log[i].runs, fr_xstrdup(log[i].sql)};
}

/* Every breakdown of both measures, rolled up in a database of our own. */
static int
analyze_rollup(struct fr_templates *t, struct fr_loader *ld, struct fr_result *r, size_t k,
               char **err)
{
	const struct fr_cube *c = &r->cube;
	char *defs = analyze_defs(c, FR_FUNNEL), *vdefs = analyze_defs(c, FR_VISITS);
	struct fr_subst schema[] = {{"dim_defs", defs}, {"vdim_defs", vdefs}};
	struct fr_wh *db = NULL;
	int rc = fr_wh_open_at(&db, ":memory:", t, err);
	if (rc == FR_OK)
		rc = fr_wh_exec(db, "sql/analyze_steps.sql", NULL, 0, err);
	if (rc == FR_OK)
		rc = fr_wh_exec(db, "sql/analyze_cube_schema.sql", schema, 2, err);
	if (rc == FR_OK)
		rc = fr_batch_insert(db, analyze_step_batch(c), err);
	for (int m = 0; rc == FR_OK && m < FR_NMEASURES; m++)
		rc = fr_batch_insert(db, analyze_table_batch(c, (enum fr_measure_id)m), err);
	/* the warehouse keeps the cubes too */
	if (rc == FR_OK && ld != NULL) {
		int lrc = fr_loader_exec(ld, "sql/analyze_cube_schema.sql", schema, 2);
		for (int m = 0; lrc == FR_OK && m < FR_NMEASURES; m++)
			lrc = fr_loader_send(ld, analyze_table_batch(c, (enum fr_measure_id)m));
		if (lrc != FR_OK)
			rc = lrc; /* the loader has the message */
	}
	free(defs);
	free(vdefs);
	for (int m = 0; rc == FR_OK && m < FR_NMEASURES; m++) {
		size_t n;
		const size_t *dims = fr_cube_dims_of(c, (enum fr_measure_id)m, &n);
		struct analyze_ctx ctx = {db, r, err, (enum fr_measure_id)m, dims};
		rc = analyze_combo(&ctx, NULL, 0);
		if (rc == FR_OK)
			rc = fr_combos_each(n, k, analyze_combo, &ctx);
	}
	if (db != NULL)
		analyze_log(db, r);
	fr_wh_free(db);
	return rc;
}

int
fr_analyze_run(struct fr_templates *t, struct fr_loader *ld, const struct fr_analyze_opts *o,
               struct fr_result *r, char **err)
{
	size_t k = r->settings.max_combo < 0 ? 0 : (size_t)r->settings.max_combo;
	int rc = fr_estimate_check(r, k, err);
	if (rc == FR_OK)
		rc = analyze_rollup(t, ld, r, k, err);
	if (rc != FR_OK)
		return rc;
	fr_rates_compute(r);
	fr_findings_compute(r);
	fr_cohorts_compute(r);
	fr_headlines_compute(r);
	if (o != NULL && o->prev != NULL)
		rc = fr_compare_build(o->prev, r, &r->analysis.compare, err);
	if (o != NULL && o->first_night != NULL)
		r->analysis.first_night = fr_xstrdup(o->first_night);
	/* the --fail-on checks, on the numbers the report will show */
	if (rc == FR_OK && o != NULL && o->ngates > 0) {
		struct fr_analysis *a = &r->analysis;
		a->checks = fr_xcalloc(o->ngates, sizeof *a->checks);
		for (size_t i = 0; i < o->ngates; i++) {
			const struct fr_gate *g = &o->gates[i];
			struct fr_check *ck = &a->checks[a->nchecks++];
			ck->expr = fr_xstrdup(g->expr);
			ck->metric = fr_xstrdup(g->metric);
			ck->held = fr_gate_eval(g, r, &ck->value);
			if (g->needs_compare && a->compare == NULL)
				ck->why_not = "no previous run";
		}
	}
	/* after the checks: the history remembers which held */
	if (rc == FR_OK && o != NULL && o->history_limit > 0)
		fr_history_build(o->history, o->history_limit, r);
	return rc;
}
