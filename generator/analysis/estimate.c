/* estimate.c: the segments of the breakdowns, estimated from the cubes
 * before any roll-up, and the refusal past --max-segments. */
#include "analysis/estimate.h"

#include <stdlib.h>
#include <string.h>

#include "base/combos.h"
#include "base/buf.h"
#include "base/util.h"

struct estimate {
	const int64_t *count; /* distinct values, by dimension */
	const size_t *map;    /* combination index -> dimension */
	int64_t cap;          /* segments one breakdown can have at most */
	int64_t stop;
	int64_t total;
};

static int
estimate_combo(void *vctx, const size_t *idx, size_t m)
{
	struct estimate *e = vctx;
	int64_t n = 1;
	for (size_t i = 0; i < m && n < e->cap; i++) {
		int64_t c = e->count[e->map[idx[i]]];
		n = c > 0 && n > e->cap / c ? e->cap : n * c;
	}
	e->total += n < e->cap ? n : e->cap;
	return e->total > e->stop; /* enough to know the answer */
}

static int
estimate_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Distinct strings among n (sorts v). */
static int64_t
estimate_distinct(const char **v, size_t n)
{
	qsort(v, n, sizeof *v, estimate_cmp_str);
	int64_t d = 0;
	for (size_t i = 0; i < n; i++)
		d += i == 0 || strcmp(v[i], v[i - 1]) != 0;
	return d;
}

/* Segments of the breakdowns of 1..k of the dims listed in use[0..n). */
static int64_t
estimate_part(const int64_t *count, const size_t *use, size_t n, size_t k, int64_t cap,
                      int64_t stop)
{
	if (cap <= 0 || n == 0 || k == 0)
		return 0;
	struct estimate e = {count, use, cap, stop, 0};
	fr_combos_each(n, k, estimate_combo, &e);
	return e.total;
}

/* Each dimension's distinct values: in the funnel cube (fcount, by
 * dimension) and in the visits cube (vcount, by dimension, user ones). */
static void
estimate_counts(const struct fr_result *r, int64_t *fcount, int64_t *vcount)
{
	const struct fr_table *f = &r->cube.tables[FR_FUNNEL], *vt = &r->cube.tables[FR_VISITS];
	const char **v = fr_xcalloc((f->nrows > vt->nrows ? f->nrows : vt->nrows) + 1, sizeof *v);
	for (size_t d = 0; d < r->cube.ndims; d++) {
		for (size_t i = 0; i < f->nrows; i++)
			v[i] = fr_table_values(f, i)[d];
		fcount[d] = estimate_distinct(v, f->nrows);
	}
	for (size_t i = 0; i < r->cube.nvdims; i++) {
		for (size_t j = 0; j < vt->nrows; j++)
			v[j] = fr_table_values(vt, j)[i];
		vcount[r->cube.vdims[i]] = estimate_distinct(v, vt->nrows);
	}
	free(v);
}

static int64_t
estimate_with(const struct fr_result *r, const int64_t *fcount, const int64_t *vcount,
                      size_t k, const bool *off, int64_t stop)
{
	size_t *use = fr_xcalloc(r->cube.ndims + 1, sizeof *use), n = 0;
	const struct fr_table *f = &r->cube.tables[FR_FUNNEL];
	int64_t entered = 0;
	for (size_t i = 0; i < f->nrows; i++)
		entered += fr_table_counts(f, i)[0];
	for (size_t d = 0; d < r->cube.ndims; d++)
		if (off == NULL || !off[d])
			use[n++] = d;
	int64_t cap = entered < (int64_t)f->nrows ? entered : (int64_t)f->nrows;
	int64_t total = 2 + estimate_part(fcount, use, n, k, cap, stop); /* + the overall rows */
	n = 0;
	for (size_t i = 0; i < r->cube.nvdims; i++)
		if (off == NULL || !off[r->cube.vdims[i]])
			use[n++] = r->cube.vdims[i];
	cap = (int64_t)r->cube.tables[FR_VISITS].nrows;
	if (r->log.quality_known && r->log.quality.users_with_events < cap)
		cap = r->log.quality.users_with_events;
	if (total <= stop)
		total += estimate_part(vcount, use, n, k, cap, stop - total);
	free(use);
	return total;
}

int64_t
fr_estimate_segments(const struct fr_result *r, size_t k, const bool *off, int64_t stop)
{
	int64_t *fcount = fr_xcalloc(r->cube.ndims + 1, sizeof *fcount);
	int64_t *vcount = fr_xcalloc(r->cube.ndims + 1, sizeof *vcount);
	estimate_counts(r, fcount, vcount);
	int64_t n = estimate_with(r, fcount, vcount, k, off, stop);
	free(fcount);
	free(vcount);
	return n;
}

/* Whether dimension a has more values than b, for naming the largest first. */
static const int64_t *estimate_sort_counts; /* qsort has no context argument in C11 */

static int
estimate_cmp_count(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int64_t cx = estimate_sort_counts[x], cy = estimate_sort_counts[y];
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
int
fr_estimate_check(const struct fr_result *r, size_t k, char **err)
{
	int64_t limit = r->settings.max_segments;
	if (limit <= 0)
		return FR_OK;
	size_t nd = r->cube.ndims;
	int64_t *count = fr_xcalloc(nd + 1, sizeof *count), *vcount = fr_xcalloc(nd + 1, sizeof *vcount);
	estimate_counts(r, count, vcount);
	if (estimate_with(r, count, vcount, k, NULL, limit) <= limit) {
		free(count);
		free(vcount);
		return FR_OK;
	}
	/* how far over, within reason: the count stops at 100 times the limit */
	int64_t far = limit > INT64_MAX / 100 ? INT64_MAX : limit * 100;
	int64_t est = estimate_with(r, count, vcount, k, NULL, far);
	size_t *order = fr_xcalloc(nd + 1, sizeof *order);
	bool *off = fr_xcalloc(nd + 1, sizeof *off);
	for (size_t d = 0; d < nd; d++)
		order[d] = d;
	estimate_sort_counts = count;
	qsort(order, nd, sizeof *order, estimate_cmp_count);
	size_t nout = 0;
	int64_t left = est;
	while (nout < nd && left > limit) {
		off[order[nout++]] = true;
		left = estimate_with(r, count, vcount, k, off, limit);
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
