/* cube.c: the finest grain, owned; the bins of time to convert. */
#include "core/cube.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"

const int64_t fr_ttc_bin_lower[FR_TTC_NBINS] = {
    0, 60, 300, 900, 3600, 6 * 3600, 86400, 3 * 86400, 7 * 86400, 30 * 86400,
};
const char *const fr_ttc_bin_label[FR_TTC_NBINS] = {
    "< 1 min", "1-5 min", "5-15 min", "15-60 min", "1-6 h", "6-24 h", "1-3 d", "3-7 d", "7-30 d", "30 d +",
};

const struct fr_measure fr_measures[FR_NMEASURES] = {
    [FR_FUNNEL] = {"funnel", "cube_funnel.csv", "sql/analyze_rollup_funnel.sql",
                   "sql/analyze_cube_insert.sql", false, 1, {FR_KEY_LEVEL}, 1, {"users"}},
    [FR_VISITS] = {"visits", "cube_visits.csv", "sql/analyze_rollup_visits.sql",
                   "sql/analyze_vcube_insert.sql", true, 2, {FR_KEY_STEP, FR_KEY_MONTH}, 2,
                   {"visits", "visitors"}},
};

void
fr_table_init(struct fr_table *t, enum fr_measure_id measure, size_t width)
{
	memset(t, 0, sizeof *t);
	t->measure = measure;
	t->width = width;
}

size_t
fr_table_add(struct fr_table *t)
{
	const struct fr_measure *m = &fr_measures[t->measure];
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->values = fr_xreallocarray(t->values, t->cap * (t->width ? t->width : 1), sizeof *t->values);
		t->keys = fr_xreallocarray(t->keys, t->cap * m->nkeys, sizeof *t->keys);
		t->counts = fr_xreallocarray(t->counts, t->cap * m->ncounts, sizeof *t->counts);
	}
	size_t i = t->nrows++;
	memset(&t->values[i * t->width], 0, t->width * sizeof *t->values);
	memset(&t->keys[i * m->nkeys], 0, m->nkeys * sizeof *t->keys);
	memset(&t->counts[i * m->ncounts], 0, m->ncounts * sizeof *t->counts);
	return i;
}

char **
fr_table_values(const struct fr_table *t, size_t i)
{
	return &t->values[i * t->width];
}

int64_t *
fr_table_keys(const struct fr_table *t, size_t i)
{
	return &t->keys[i * fr_measures[t->measure].nkeys];
}

int64_t *
fr_table_counts(const struct fr_table *t, size_t i)
{
	return &t->counts[i * fr_measures[t->measure].ncounts];
}

static const struct fr_table *cube_sorting; /* qsort has no context argument in C11 */

static int
cube_cmp_rows(const void *a, const void *b)
{
	const struct fr_table *t = cube_sorting;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	char **vx = fr_table_values(t, x), **vy = fr_table_values(t, y);
	for (size_t d = 0; d < t->width; d++) {
		int c = strcmp(vx[d], vy[d]);
		if (c != 0)
			return c;
	}
	const int64_t *kx = fr_table_keys(t, x), *ky = fr_table_keys(t, y);
	for (size_t k = 0; k < fr_measures[t->measure].nkeys; k++)
		if (kx[k] != ky[k])
			return kx[k] < ky[k] ? -1 : 1;
	return 0;
}

void
fr_table_sort(struct fr_table *t)
{
	const struct fr_measure *m = &fr_measures[t->measure];
	size_t *order = fr_xcalloc(t->nrows + 1, sizeof *order);
	for (size_t i = 0; i < t->nrows; i++)
		order[i] = i;
	cube_sorting = t;
	qsort(order, t->nrows, sizeof *order, cube_cmp_rows);
	cube_sorting = NULL;
	/* put the rows in that order */
	char **values = fr_xcalloc(t->nrows * t->width + 1, sizeof *values);
	int64_t *keys = fr_xcalloc(t->nrows * m->nkeys + 1, sizeof *keys);
	int64_t *counts = fr_xcalloc(t->nrows * m->ncounts + 1, sizeof *counts);
	for (size_t i = 0; i < t->nrows; i++) {
		memcpy(&values[i * t->width], fr_table_values(t, order[i]), t->width * sizeof *values);
		memcpy(&keys[i * m->nkeys], fr_table_keys(t, order[i]), m->nkeys * sizeof *keys);
		memcpy(&counts[i * m->ncounts], fr_table_counts(t, order[i]), m->ncounts * sizeof *counts);
	}
	free(t->values);
	free(t->keys);
	free(t->counts);
	t->values = values, t->keys = keys, t->counts = counts;
	t->cap = t->nrows;
	free(order);
}

void
fr_table_free(struct fr_table *t)
{
	for (size_t i = 0; i < t->nrows * t->width; i++)
		free(t->values[i]);
	free(t->values);
	free(t->keys);
	free(t->counts);
	memset(t, 0, sizeof *t);
}

const size_t *
fr_cube_dims_of(const struct fr_cube *c, enum fr_measure_id m, size_t *n)
{
	if (fr_measures[m].user_dims) {
		*n = c->nvdims;
		return c->vdims;
	}
	*n = c->ndims;
	return NULL;
}

void
fr_cube_clear(struct fr_cube *c)
{
	fr_strv_free(c->step_pages, c->nsteps);
	fr_strv_free(c->steps, c->nsteps);
	for (size_t i = 0; i < c->nattrs; i++)
		free(c->attrs[i].name);
	free(c->attrs);
	for (size_t i = 0; i < c->ndims; i++)
		free(c->dims[i].name);
	free(c->dims);
	free(c->vdims);
	fr_strv_free(c->months, c->nmonths);
	free(c->first_event);
	free(c->last_event);
	for (size_t m = 0; m < FR_NMEASURES; m++)
		fr_table_free(&c->tables[m]);
	free(c->other_users);
	for (size_t i = 0; i < c->nttc; i++)
		free(c->ttc[i].value);
	free(c->ttc);
	memset(c, 0, sizeof *c);
}

int
fr_cube_find_dim(const struct fr_cube *cube, const char *name, int *attr, char **err)
{
	*attr = strcmp(name, "month") == 0 ? -1 : -2;
	for (size_t i = 0; *attr == -2 && i < cube->nattrs; i++)
		if (strcmp(cube->attrs[i].name, name) == 0)
			*attr = (int)i;
	if (*attr == -2) {
		struct fr_buf known = FR_BUF_INIT;
		for (size_t i = 0; i < cube->nattrs; i++)
			fr_buf_printf(&known, "%s, ", cube->attrs[i].name);
		fr_buf_puts(&known, "month");
		int rc = fr_fail(err, FR_EUSAGE, "--dims: no dimension \"%s\" (the users have: %s)", name,
		                 fr_buf_cstr(&known));
		fr_buf_free(&known);
		return rc;
	}
	if (fr_cube_reserved_name(name))
		return fr_fail(err, FR_EUSAGE,
		               "--dims: \"%s\" cannot be a dimension: it is a column of the cube files", name);
	return FR_OK;
}

int
fr_cube_default_dim(const struct fr_attr *a)
{
	return a->nvalues >= FR_CUBE_DIM_MIN_VALUES && a->nvalues <= FR_CUBE_DIM_MAX_VALUES &&
	       !fr_cube_reserved_name(a->name);
}

int
fr_cube_reserved_name(const char *name)
{
	static const char *const reserved[] = {"level", "users", "step_index", "step",
	                                       "visits", "visitors", "user_id", NULL};
	for (const char *const *p = reserved; *p != NULL; p++)
		if (strcmp(*p, name) == 0)
			return 1;
	return 0;
}
