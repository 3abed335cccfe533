/* model.c: star schema, data-quality counts and dimension choice. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "timestamp.h"

/* A user attribute is a default dimension when it has this many values. */
#define MODEL_DIM_MIN_VALUES 2
#define MODEL_DIM_MAX_VALUES 50

int
fr_model_reserved_name(const char *name)
{
	static const char *const reserved[] = {"level", "users", "step_index", "step",
	                                       "visits", "visitors", "user_id", NULL};
	for (const char *const *p = reserved; *p != NULL; p++)
		if (strcmp(*p, name) == 0)
			return 1;
	return 0;
}

static int
model_steps(struct fr_wh *wh, const struct fr_model_opts *o, struct fr_result *r, char **err)
{
	sqlite3_stmt *st;
	int rc = fr_wh_prepare(wh, "sql/model_step.sql", NULL, 0, &st, err);
	for (size_t i = 0; rc == FR_OK && i < o->nsteps; i++) {
		int row;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(st, 2, o->steps[i], -1, SQLITE_STATIC);
		rc = fr_wh_step(wh, st, &row, err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != FR_OK)
		return rc;
	r->steps = fr_xcalloc(o->nsteps, sizeof *r->steps);
	for (size_t i = 0; i < o->nsteps; i++)
		r->steps[i] = fr_xstrdup(o->steps[i]);
	r->nsteps = o->nsteps;
	return FR_OK;
}

/* Counts distinct values per attribute into r->attrs and dim_attribute. */
static int
model_attrs(struct fr_wh *wh, const struct fr_extract *x, struct fr_result *r, char **err)
{
	char *const *names;
	size_t n = fr_extract_attrs(x, &names);
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], "month") == 0)
			return fr_fail(err, FR_EDATA,
			               "users: column \"month\" clashes with the derived entry month; rename it");
	r->attrs = fr_xcalloc(n, sizeof *r->attrs);
	r->nattrs = n;
	for (size_t i = 0; i < n; i++)
		r->attrs[i].name = fr_xstrdup(names[i]);

	char *counts = fr_wh_list(", count(DISTINCT a", 1, n, ")");
	struct fr_subst s[] = {{"distinct_counts", counts}};
	sqlite3_stmt *st = NULL, *ins = NULL;
	int row = 0;
	int rc = fr_wh_prepare(wh, "sql/model_distinct.sql", s, 1, &st, err);
	free(counts);
	if (rc == FR_OK)
		rc = fr_wh_step(wh, st, &row, err);
	for (size_t i = 0; rc == FR_OK && row && i < n; i++)
		r->attrs[i].nvalues = sqlite3_column_int64(st, (int)i + 1);
	sqlite3_finalize(st);
	if (rc == FR_OK)
		rc = fr_wh_prepare(wh, "sql/model_attribute.sql", NULL, 0, &ins, err);
	for (size_t i = 0; rc == FR_OK && i < n; i++) {
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(ins, 2, r->attrs[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, r->attrs[i].nvalues);
		rc = fr_wh_step(wh, ins, &row, err);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	return rc;
}

static void
model_add_dim(struct fr_result *r, const char *name, int attr)
{
	r->dims = fr_xreallocarray(r->dims, r->ndims + 1, sizeof *r->dims);
	r->dims[r->ndims].name = fr_xstrdup(name);
	r->dims[r->ndims].attr = attr;
	r->ndims++;
	if (attr >= 0) {
		r->vdims = fr_xreallocarray(r->vdims, r->nvdims + 1, sizeof *r->vdims);
		r->vdims[r->nvdims++] = r->ndims - 1;
	}
}

static int
model_dims(const struct fr_model_opts *o, struct fr_result *r, char **err)
{
	if (o->dims == NULL) {
		for (size_t i = 0; i < r->nattrs; i++) {
			int64_t n = r->attrs[i].nvalues;
			if (n >= MODEL_DIM_MIN_VALUES && n <= MODEL_DIM_MAX_VALUES &&
			    !fr_model_reserved_name(r->attrs[i].name))
				model_add_dim(r, r->attrs[i].name, (int)i);
		}
		model_add_dim(r, "month", -1);
		return FR_OK;
	}
	for (size_t d = 0; d < o->ndims; d++) {
		const char *name = o->dims[d];
		int attr = -2;
		if (strcmp(name, "month") == 0)
			attr = -1;
		for (size_t i = 0; attr == -2 && i < r->nattrs; i++)
			if (strcmp(r->attrs[i].name, name) == 0)
				attr = (int)i;
		if (attr == -2) {
			struct fr_buf known = FR_BUF_INIT;
			for (size_t i = 0; i < r->nattrs; i++)
				fr_buf_printf(&known, "%s, ", r->attrs[i].name);
			fr_buf_puts(&known, "month");
			int rc = fr_fail(err, FR_EUSAGE, "--dims: no dimension \"%s\" (the users have: %s)", name,
			                 fr_buf_cstr(&known));
			fr_buf_free(&known);
			return rc;
		}
		if (fr_model_reserved_name(name))
			return fr_fail(err, FR_EUSAGE,
			               "--dims: \"%s\" cannot be a dimension: it is a column of the cube files",
			               name);
		model_add_dim(r, name, attr);
	}
	return FR_OK;
}

static int
model_inputs(struct fr_wh *wh, struct fr_result *r, char **err)
{
	sqlite3_stmt *st;
	int row = 0, rc = fr_wh_prepare(wh, "sql/model_inputs.sql", NULL, 0, &st, err);
	while (rc == FR_OK && (rc = fr_wh_step(wh, st, &row, err)) == FR_OK && row) {
		r->inputs = fr_xreallocarray(r->inputs, r->ninputs + 1, sizeof *r->inputs);
		struct fr_input *in = &r->inputs[r->ninputs++];
		in->name = fr_xstrdup((const char *)sqlite3_column_text(st, 0));
		in->kind = fr_xstrdup((const char *)sqlite3_column_text(st, 1));
		in->rows = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
model_quality(struct fr_wh *wh, struct fr_result *r, char **err)
{
	sqlite3_stmt *st;
	int row = 0, rc = fr_wh_prepare(wh, "sql/model_quality.sql", NULL, 0, &st, err);
	if (rc == FR_OK)
		rc = fr_wh_step(wh, st, &row, err);
	if (rc == FR_OK && row) {
		struct fr_quality *q = &r->quality;
		q->users_read = sqlite3_column_int64(st, 0);
		q->users = sqlite3_column_int64(st, 1);
		q->duplicate_users = q->users_read - q->users;
		q->events_read = sqlite3_column_int64(st, 2);
		q->unknown_page_events = sqlite3_column_int64(st, 3);
		q->unknown_user_events = sqlite3_column_int64(st, 4);
		q->events_before_signup = sqlite3_column_int64(st, 5);
		q->page_visits = sqlite3_column_int64(st, 6);
		q->duplicate_events = q->events_read - q->unknown_page_events - q->unknown_user_events -
		                      q->events_before_signup - q->page_visits;
		if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
			char buf[FR_TIMESTAMP_BUFSZ];
			fr_timestamp_iso(sqlite3_column_int64(st, 7), buf);
			r->first_event = fr_xstrdup(buf);
			fr_timestamp_iso(sqlite3_column_int64(st, 8), buf);
			r->last_event = fr_xstrdup(buf);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* No steps were given: name the pages there are, so the user can pick. */
static int
model_no_steps(struct fr_wh *wh, char **err)
{
	sqlite3_stmt *st;
	struct fr_buf pages = FR_BUF_INIT;
	int row = 0, n = 0, rc = fr_wh_prepare(wh, "sql/model_pages.sql", NULL, 0, &st, err);
	while (rc == FR_OK && (rc = fr_wh_step(wh, st, &row, err)) == FR_OK && row) {
		fr_buf_printf(&pages, "%s%s (%lld)", n++ ? ", " : "",
		              (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1));
	}
	sqlite3_finalize(st);
	if (rc == FR_OK)
		rc = n == 0 ? fr_fail(err, FR_EUSAGE, "give the funnel's steps with --steps (the events "
		                                      "name no page at all)")
		            : fr_fail(err, FR_EUSAGE, "give the funnel's steps in order with --steps; the "
		                                      "events have these pages (events): %s%s",
		                      fr_buf_cstr(&pages), n == 30 ? ", ..." : "");
	fr_buf_free(&pages);
	return rc;
}

int
fr_model_build(struct fr_wh *wh, const struct fr_extract *x, const struct fr_model_opts *o,
               struct fr_result *r, char **err)
{
	if (o->steps == NULL || o->nsteps == 0)
		return model_no_steps(wh, err);
	char *const *names;
	size_t nattrs = fr_extract_attrs(x, &names);
	char *defs = fr_wh_list(",\n    a", 1, nattrs, " TEXT NOT NULL");
	char *cols = fr_wh_list(", a", 1, nattrs, "");
	struct fr_subst s[] = {{"attr_defs", defs}, {"attr_cols", cols}};
	int rc = sqlite3_exec(fr_wh_db(wh), "BEGIN", NULL, NULL, NULL) == SQLITE_OK
	             ? FR_OK
	             : fr_wh_fail(wh, SQLITE_ERROR, "BEGIN", err);
	if (rc == FR_OK)
		rc = fr_wh_exec(wh, "sql/model_schema.sql", s, 2, err);
	if (rc == FR_OK)
		rc = model_steps(wh, o, r, err);
	if (rc == FR_OK)
		rc = fr_wh_exec(wh, "sql/model_load.sql", s, 2, err);
	free(defs);
	free(cols);
	if (rc == FR_OK)
		rc = model_attrs(wh, x, r, err);
	if (rc == FR_OK)
		rc = model_dims(o, r, err);
	if (rc == FR_OK)
		rc = model_inputs(wh, r, err);
	if (rc == FR_OK)
		rc = model_quality(wh, r, err);
	if (rc == FR_OK && sqlite3_exec(fr_wh_db(wh), "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = fr_wh_fail(wh, SQLITE_ERROR, "COMMIT", err);
	if (rc != FR_OK)
		sqlite3_exec(fr_wh_db(wh), "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* The row count of a table we created (the name comes from sqlite_schema
 * and is one of our own identifiers, quoted anyway). */
static int
model_count(struct fr_wh *wh, const char *table, int64_t *rows, char **err)
{
	char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(fr_wh_db(wh), sql, -1, &st, NULL), rc = FR_OK, row = 0;
	sqlite3_free(sql);
	if (src != SQLITE_OK)
		rc = fr_wh_fail(wh, src, table, err);
	if (rc == FR_OK)
		rc = fr_wh_step(wh, st, &row, err);
	*rows = rc == FR_OK && row ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc;
}

static const char *
model_kind(const char *table)
{
	if (strncmp(table, "stg_", 4) == 0)
		return "staging";
	if (strncmp(table, "dim_", 4) == 0)
		return "dimension";
	if (strncmp(table, "fact_", 5) == 0)
		return "fact";
	if (strncmp(table, "cube_", 5) == 0)
		return "cube";
	return "other";
}

int
fr_model_describe(struct fr_wh *wh, struct fr_result *r, char **err)
{
	sqlite3_stmt *st = NULL, *cols = NULL;
	int row = 0, rc = fr_wh_prepare(wh, "sql/model_tables.sql", NULL, 0, &st, err);
	if (rc == FR_OK)
		rc = fr_wh_prepare(wh, "sql/model_columns.sql", NULL, 0, &cols, err);
	while (rc == FR_OK && (rc = fr_wh_step(wh, st, &row, err)) == FR_OK && row) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *sql = (const char *)sqlite3_column_text(st, 1);
		r->tables = fr_xreallocarray(r->tables, r->ntables + 1, sizeof *r->tables);
		struct fr_whtable *t = &r->tables[r->ntables++];
		memset(t, 0, sizeof *t);
		t->name = fr_xstrdup(name ? name : "");
		t->kind = fr_xstrdup(model_kind(t->name));
		t->sql = fr_xstrdup(sql ? sql : "");
		sqlite3_bind_text(cols, 1, t->name, -1, SQLITE_STATIC);
		int crow = 0;
		while (rc == FR_OK && (rc = fr_wh_step(wh, cols, &crow, err)) == FR_OK && crow) {
			t->cols = fr_xreallocarray(t->cols, t->ncols + 1, sizeof *t->cols);
			t->types = fr_xreallocarray(t->types, t->ncols + 1, sizeof *t->types);
			const char *cn = (const char *)sqlite3_column_text(cols, 0);
			const char *ct = (const char *)sqlite3_column_text(cols, 1);
			t->cols[t->ncols] = fr_xstrdup(cn ? cn : "");
			t->types[t->ncols] = fr_xstrdup(ct && *ct ? ct : "(any)");
			t->ncols++;
		}
		sqlite3_reset(cols);
		if (rc == FR_OK)
			rc = model_count(wh, t->name, &t->rows, err);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(cols);
	const struct fr_wh_sql *log;
	size_t n = fr_wh_sql_log(wh, &log);
	r->queries = fr_xcalloc(n + 1, sizeof *r->queries);
	for (size_t i = 0; i < n; i++)
		r->queries[i] = (struct fr_query){fr_xstrdup(log[i].name), log[i].runs, fr_xstrdup(log[i].sql)};
	r->nqueries = n;
	return rc;
}
