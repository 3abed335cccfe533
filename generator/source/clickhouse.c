/* clickhouse.c: the cubes, the time to convert and the data quality from a
 * ClickHouse cluster, into the result a local run's model stage fills. */
#include "source/clickhouse.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/text.h"
#include "base/timestamp.h"
#include "base/tmpl.h"
#include "base/util.h"
#include "core/ttc.h"
#include "source/churl.h"

/* A table as the command line named it, and as it is known once the
 * server said which database an unqualified name means. */
struct ch_table {
	const char *option; /* "--clickhouse-users" */
	char *db;           /* NULL: the URL's or the user's default database */
	char *name;
	char *shown;        /* db.name, for messages and the report */
	char *ident;        /* `db`.`name`, for the SQL */
	/* from the schema query */
	bool found;
	char **cols, **types;
	size_t ncols;
	char *engine, *engine_full;
};

struct fr_clickhouse {
	const struct fr_clickhouse_opts *o;
	struct fr_templates *t;
	struct fr_churl *u;
	struct fr_chhttp *h;
	char *database;       /* what unqualified names mean */
	char *version;
	struct ch_table users, events;
	int signup;           /* the attribute read as the signup date, or -1 */
	bool *exact;          /* [attrs] counted exactly (named by --dims) */
	int64_t *nvalues;     /* [attrs] */
	struct fr_runlog *log; /* where the pages at no step go */
};

/* ---- names -------------------------------------------------------------- */

static int
ch_table_parse(struct ch_table *tb, const char *option, const char *given, const char *dflt,
               char **err)
{
	memset(tb, 0, sizeof *tb);
	tb->option = option;
	const char *s = given ? given : dflt;
	const char *dot = strchr(s, '.');
	const char *why;
	if (!fr_text_option_ok(s, &why))
		return fr_fail(err, FR_EUSAGE, "%s: %s", option, why);
	if (dot != NULL && (dot == s || dot[1] == '\0' || strchr(dot + 1, '.') != NULL))
		return fr_fail(err, FR_EUSAGE, "%s %s: expected TABLE or DATABASE.TABLE", option, s);
	if (*s == '\0')
		return fr_fail(err, FR_EUSAGE, "%s: an empty table name", option);
	if (dot != NULL) {
		tb->db = fr_xstrndup(s, (size_t)(dot - s));
		tb->name = fr_xstrdup(dot + 1);
	} else {
		tb->name = fr_xstrdup(s);
	}
	return FR_OK;
}

static void
ch_table_clear(struct ch_table *tb)
{
	free(tb->db);
	free(tb->name);
	free(tb->shown);
	free(tb->ident);
	fr_strv_free(tb->cols, tb->ncols);
	fr_strv_free(tb->types, tb->ncols);
	free(tb->engine);
	free(tb->engine_full);
	memset(tb, 0, sizeof *tb);
}

/* Once the default database is known: the names for messages and SQL. */
static void
ch_table_resolve(struct ch_table *tb, const char *database)
{
	if (tb->db == NULL)
		tb->db = fr_xstrdup(database);
	tb->shown = fr_xasprintf("%s.%s", tb->db, tb->name);
	struct fr_buf b = FR_BUF_INIT;
	fr_escape_ch_ident(&b, tb->db);
	fr_buf_putc(&b, '.');
	fr_escape_ch_ident(&b, tb->name);
	tb->ident = fr_buf_detach(&b);
}

int
fr_clickhouse_check(const char *url, const char *users, const char *events, char **err)
{
	struct fr_churl *u = NULL;
	int rc = fr_churl_parse(url, NULL, NULL, &u, err);
	fr_churl_free(u);
	struct ch_table tb;
	if (rc == FR_OK) {
		rc = ch_table_parse(&tb, "--clickhouse-users", users, "users", err);
		ch_table_clear(&tb);
	}
	if (rc == FR_OK) {
		rc = ch_table_parse(&tb, "--clickhouse-events", events, "events", err);
		ch_table_clear(&tb);
	}
	return rc;
}

char *
fr_clickhouse_display(const char *url)
{
	struct fr_churl *u = NULL;
	char *err = NULL;
	char *s = fr_churl_parse(url, NULL, NULL, &u, &err) == FR_OK ? fr_xstrdup(u->display)
	                                                              : fr_xstrdup("(a URL that does not parse)");
	fr_churl_free(u);
	free(err);
	return s;
}

int
fr_clickhouse_open(const struct fr_clickhouse_opts *o, struct fr_templates *t,
                   struct fr_clickhouse **out, char **err)
{
	*out = NULL;
	struct fr_clickhouse *c = fr_xcalloc(1, sizeof *c);
	c->o = o, c->t = t, c->signup = -1;
	int rc = fr_churl_parse(o->url, getenv("CLICKHOUSE_USER"), getenv("CLICKHOUSE_PASSWORD"), &c->u, err);
	if (rc == FR_OK)
		rc = ch_table_parse(&c->users, "--clickhouse-users", o->users, "users", err);
	if (rc == FR_OK)
		rc = ch_table_parse(&c->events, "--clickhouse-events", o->events, "events", err);
	const char *kill = NULL;
	size_t klen;
	if (rc == FR_OK)
		rc = fr_templates_get(t, "sql/clickhouse_kill.sql", &kill, &klen, err);
	if (rc == FR_OK) {
		struct fr_chhttp_opts ho = {o->connect_timeout, o->timeout, kill};
		rc = fr_chhttp_new(c->u, &ho, &c->h, err);
	}
	if (rc != FR_OK) {
		fr_clickhouse_free(c);
		return rc;
	}
	*out = c;
	return FR_OK;
}

void
fr_clickhouse_free(struct fr_clickhouse *c)
{
	if (c == NULL)
		return;
	fr_chhttp_free(c->h);
	fr_churl_free(c->u);
	free(c->database);
	free(c->version);
	ch_table_clear(&c->users);
	ch_table_clear(&c->events);
	free(c->exact);
	free(c->nvalues);
	free(c);
}

void
fr_clickhouse_stats(const struct fr_clickhouse *c, struct fr_chhttp_stats *out)
{
	fr_chhttp_stats(c->h, out);
}

/* ---- the SQL ------------------------------------------------------------ */

static void
ch_raw(struct fr_buf *out, const char *s)
{
	fr_buf_puts(out, s); /* every value is quoted where it is made (ch_ident, ch_lit) */
}

static int
ch_partial(void *ctx, const char *name, const char **text, size_t *len)
{
	char *err = NULL;
	int rc = fr_templates_get(ctx, name, text, len, &err);
	free(err);
	return rc == FR_OK ? 0 : -1;
}

static struct fr_tv *
ch_ident(const char *s)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_escape_ch_ident(&b, s);
	return fr_tv_str_take(fr_buf_detach(&b));
}

static struct fr_tv *
ch_num(int64_t v)
{
	return fr_tv_str_take(fr_xasprintf("%lld", (long long)v));
}

/* The values the templates use (docs/clickhouse.md lists them). users and
 * events are the tables as identifiers; exact may be NULL. */
static struct fr_tv *
ch_values(const struct fr_result *r, const char *users, const char *events, const bool *exact,
          int signup, const char *tables)
{
	struct fr_tv *o = fr_tv_obj();
	fr_tv_set_str(o, "users", users);
	fr_tv_set_str(o, "events", events);
	fr_tv_set_str(o, "tables", tables ? tables : "");
	fr_tv_set_bool(o, "ordered", r->settings.order == FR_ORDER_ORDERED);
	fr_tv_set_bool(o, "window", r->settings.window_days > 0);
	fr_tv_set(o, "seconds", ch_num(r->settings.window_days * 86400));
	fr_tv_set(o, "nsteps", ch_num((int64_t)r->cube.nsteps));
	struct fr_buf steps = FR_BUF_INIT;
	struct fr_tv *all = fr_tv_set(o, "allsteps", fr_tv_list());
	struct fr_tv *later = fr_tv_set(o, "later", fr_tv_list());
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		if (k > 0)
			fr_buf_puts(&steps, ", ");
		fr_escape_ch_string(&steps, r->cube.steps[k]);
		struct fr_tv *a = fr_tv_push(all, fr_tv_obj());
		fr_tv_set(a, "index", ch_num((int64_t)k + 1));
		fr_tv_set_bool(a, "first", k == 0);
		if (k > 0) {
			struct fr_tv *s = fr_tv_push(later, fr_tv_obj());
			fr_tv_set(s, "index", ch_num((int64_t)k + 1));
			fr_tv_set(s, "prev", ch_num((int64_t)k));
			fr_tv_set_bool(s, "first", k == 1);
		}
	}
	fr_tv_set_str(o, "steps", fr_buf_cstr(&steps));
	fr_buf_free(&steps);
	struct fr_tv *dims = fr_tv_set(o, "dims", fr_tv_list());
	struct fr_tv *vdims = fr_tv_set(o, "vdims", fr_tv_list());
	for (size_t d = 0, v = 0; d < r->cube.ndims; d++) {
		const struct fr_dim *dim = &r->cube.dims[d];
		struct fr_tv *s = fr_tv_push(dims, fr_tv_obj());
		fr_tv_set(s, "index", ch_num((int64_t)d + 1));
		fr_tv_set(s, "name", ch_ident(dim->name));
		fr_tv_set_bool(s, "month", dim->attr < 0);
		if (dim->attr >= 0) {
			fr_tv_set(s, "column", ch_ident(r->cube.attrs[dim->attr].name));
			s = fr_tv_push(vdims, fr_tv_obj());
			fr_tv_set(s, "index", ch_num((int64_t)++v));
			fr_tv_set(s, "name", ch_ident(dim->name));
			fr_tv_set(s, "column", ch_ident(r->cube.attrs[dim->attr].name));
		}
	}
	struct fr_tv *cols = fr_tv_set(o, "columns", fr_tv_list());
	for (size_t a = 0; a < r->cube.nattrs; a++) {
		struct fr_tv *s = fr_tv_push(cols, fr_tv_obj());
		fr_tv_set(s, "index", ch_num((int64_t)a + 1));
		fr_tv_set(s, "column", ch_ident(r->cube.attrs[a].name));
		fr_tv_set_bool(s, "exact", exact != NULL && exact[a]);
	}
	if (signup >= 0)
		fr_tv_set(fr_tv_set(o, "signup", fr_tv_obj()), "column", ch_ident(r->cube.attrs[signup].name));
	else
		fr_tv_set_bool(o, "signup", false);
	fr_tv_set(o, "time_min", ch_num(FR_TIMESTAMP_MIN));
	fr_tv_set(o, "time_max", ch_num(FR_TIMESTAMP_MAX));
	fr_tv_set(o, "max_values", ch_num(FR_CUBE_DIM_MAX_VALUES));
	fr_tv_set(o, "max_pages", ch_num(FR_QUALITY_PAGES));
	fr_tv_set(o, "linear", ch_num(FR_TTC_LINEAR));
	fr_tv_set(o, "log2_linear", ch_num(FR_TTC_LOG2_LINEAR));
	fr_tv_set(o, "sub", ch_num(1 << FR_TTC_LOG2_SUB));
	fr_tv_set(o, "log2_sub", ch_num(FR_TTC_LOG2_SUB));
	struct fr_tv *coarse = fr_tv_set(o, "coarse", fr_tv_list());
	for (size_t b = 1; b < FR_TTC_NBINS; b++)
		fr_tv_set(fr_tv_push(coarse, fr_tv_obj()), "lower", ch_num(fr_ttc_bin_lower[b]));
	return o;
}

static int
ch_render_with(struct fr_templates *t, const char *name, const struct fr_tv *v, char **sql, char **err)
{
	const char *text;
	size_t len;
	*sql = NULL;
	int rc = fr_templates_get(t, name, &text, &len, err);
	struct fr_buf b = FR_BUF_INIT;
	struct fr_tmpl_env env = {ch_raw, ch_partial, t, 0};
	if (rc == FR_OK)
		rc = fr_tmpl_render(&env, name, text, len, v, &b, err);
	if (rc == FR_OK)
		*sql = fr_buf_detach(&b);
	fr_buf_free(&b);
	return rc;
}

int
fr_clickhouse_cube_sql(const struct fr_result *r, struct fr_templates *t, char **funnel,
                       char **visits, char **err)
{
	struct fr_buf u = FR_BUF_INIT, e = FR_BUF_INIT;
	fr_escape_ch_ident(&u, "users");
	fr_escape_ch_ident(&e, "events");
	/* the cube queries use no signup time: every visit counts */
	struct fr_tv *v = ch_values(r, fr_buf_cstr(&u), fr_buf_cstr(&e), NULL, -1, NULL);
	*visits = NULL;
	int rc = ch_render_with(t, "sql/clickhouse_cube_funnel.sql", v, funnel, err);
	if (rc == FR_OK)
		rc = ch_render_with(t, "sql/clickhouse_cube_visits.sql", v, visits, err);
	if (rc != FR_OK) {
		free(*funnel);
		*funnel = NULL;
	}
	fr_tv_free(v);
	fr_buf_free(&u);
	fr_buf_free(&e);
	return rc;
}

/* The query as it ran goes to the run log, for the documents. */
static void
ch_log_query(struct fr_result *r, const char *name, const char *sql)
{
	struct fr_runlog *l = &r->log;
	for (size_t i = 0; i < l->nqueries; i++)
		if (strcmp(l->queries[i].file, name) == 0) {
			l->queries[i].runs++;
			free(l->queries[i].sql);
			l->queries[i].sql = fr_xstrdup(sql);
			return;
		}
	l->queries = fr_xreallocarray(l->queries, l->nqueries + 1, sizeof *l->queries);
	l->queries[l->nqueries++] = (struct fr_query){fr_xstrdup(name), 1, fr_xstrdup(sql)};
}

static int
ch_run(struct fr_clickhouse *c, struct fr_result *r, const char *name, const char *tables,
       fr_chhttp_row_fn fn, void *ctx, char **err)
{
	struct fr_tv *v = ch_values(r, c->users.ident ? c->users.ident : "", c->events.ident ? c->events.ident : "",
	                            c->exact, c->signup, tables);
	char *sql = NULL;
	int rc = ch_render_with(c->t, name, v, &sql, err);
	fr_tv_free(v);
	if (rc == FR_OK && c->o->trace != NULL) {
		char *step = fr_xasprintf("clickhouse %s", name);
		c->o->trace(c->o->trace_ctx, step);
		free(step);
	}
	if (rc == FR_OK) {
		ch_log_query(r, name, sql);
		rc = fr_chhttp_query(c->h, name, sql, fn, ctx, err);
	}
	free(sql);
	return rc;
}

/* ---- answers of one row --------------------------------------------------- */

struct ch_one {
	const char *what;
	char **names, **values;
	size_t n;
	int64_t rows;
};

static int
ch_one_row(void *ctx, int64_t row, char **f, const size_t *lens, size_t n, char **err)
{
	struct ch_one *o = ctx;
	(void)lens;
	if (row == 0) {
		o->names = fr_xcalloc(n + 1, sizeof *o->names);
		for (size_t i = 0; i < n; i++)
			o->names[i] = fr_xstrdup(f[i]);
		o->n = n;
		return FR_OK;
	}
	if (row > 1 || n != o->n)
		return fr_fail(err, FR_EIO, "%s: more than one row, or a row of another width", o->what);
	o->values = fr_xcalloc(n + 1, sizeof *o->values);
	for (size_t i = 0; i < n; i++)
		o->values[i] = fr_xstrdup(f[i]);
	o->rows = row;
	return FR_OK;
}

static void
ch_one_clear(struct ch_one *o)
{
	fr_strv_free(o->names, o->n);
	fr_strv_free(o->values, o->values ? o->n : 0);
	memset(o, 0, sizeof *o);
}

static const char *
ch_one_text(const struct ch_one *o, const char *name)
{
	for (size_t i = 0; o->values != NULL && i < o->n; i++)
		if (strcmp(o->names[i], name) == 0)
			return o->values[i];
	return NULL;
}

/* A count of the answer by name; FR_EIO when missing or not a count. */
static int
ch_one_count(const struct ch_one *o, const char *name, int64_t *out, char **err)
{
	const char *s = ch_one_text(o, name);
	if (s == NULL || fr_parse_i64(s, 0, INT64_MAX, out) != 0)
		return fr_fail(err, FR_EIO, "%s: the answer has no count %s", o->what, name);
	return FR_OK;
}

static int
ch_ask_one(struct fr_clickhouse *c, struct fr_result *r, const char *name, const char *tables,
           struct ch_one *o, char **err)
{
	memset(o, 0, sizeof *o);
	o->what = name;
	int rc = ch_run(c, r, name, tables, ch_one_row, o, err);
	if (rc == FR_OK && o->values == NULL)
		rc = fr_fail(err, FR_EIO, "%s: the answer has no row", name);
	return rc;
}

/* ---- the schema ---------------------------------------------------------- */

static int
ch_schema_row(void *ctx, int64_t row, char **f, const size_t *lens, size_t n, char **err)
{
	struct fr_clickhouse *c = ctx;
	(void)lens;
	static const char *const want[] = {"database", "table", "column", "type", "engine", "engine_full"};
	if (n != 6)
		return fr_fail(err, FR_EIO, "sql/clickhouse_schema.sql: %zu columns, want 6", n);
	if (row == 0) {
		for (size_t i = 0; i < 6; i++)
			if (strcmp(f[i], want[i]) != 0)
				return fr_fail(err, FR_EIO, "sql/clickhouse_schema.sql: column %zu is %s, want %s", i + 1,
				               f[i], want[i]);
		return FR_OK;
	}
	struct ch_table *tabs[2] = {&c->users, &c->events};
	for (int i = 0; i < 2; i++) {
		struct ch_table *tb = tabs[i];
		if (strcmp(f[0], tb->db) != 0 || strcmp(f[1], tb->name) != 0)
			continue;
		tb->found = true;
		tb->cols = fr_xreallocarray(tb->cols, tb->ncols + 1, sizeof *tb->cols);
		tb->types = fr_xreallocarray(tb->types, tb->ncols + 1, sizeof *tb->types);
		tb->cols[tb->ncols] = fr_xstrdup(f[2]);
		tb->types[tb->ncols] = fr_xstrdup(f[3]);
		tb->ncols++;
		if (tb->engine == NULL) {
			tb->engine = fr_xstrdup(f[4]);
			tb->engine_full = fr_xstrdup(f[5]);
		}
	}
	return FR_OK;
}

static int
ch_find_col(const struct ch_table *tb, const char *name)
{
	for (size_t i = 0; i < tb->ncols; i++)
		if (strcmp(tb->cols[i], name) == 0)
			return (int)i;
	return -1;
}

/* A column that must be there with one of the types. */
static int
ch_need_col(const struct fr_clickhouse *c, const struct ch_table *tb, const char *name,
            const char *const *types, const char *want, char **err)
{
	int i = ch_find_col(tb, name);
	if (i < 0)
		return fr_fail(err, FR_EDATA, "ClickHouse %s: table %s has no column %s", c->u->display, tb->shown,
		               name);
	for (const char *const *t = types; *t != NULL; t++) {
		size_t n = strlen(*t);
		if (strcmp(tb->types[i], *t) == 0 || ((*t)[n - 1] == '(' && strncmp(tb->types[i], *t, n) == 0))
			return FR_OK;
	}
	return fr_fail(err, FR_EDATA, "ClickHouse %s: column %s of %s is %s; funnel-report reads %s",
	               c->u->display, name, tb->shown, tb->types[i], want);
}

/* The arguments of "Distributed(a, b, c, key...)": the cluster (first) and
 * the sharding key (fourth onwards), as written; -1 if it has no key. */
static int
ch_distributed(const char *full, char **cluster, char **key)
{
	*cluster = *key = NULL;
	const char *p = strchr(full, '(');
	if (p == NULL)
		return -1;
	p++;
	const char *args[4] = {p, NULL, NULL, NULL};
	int depth = 0, n = 1;
	const char *end = NULL;
	for (const char *q = p; *q && end == NULL; q++) {
		if (*q == '\'' || *q == '`') { /* a quoted name: skip to its end */
			char quote = *q;
			for (q++; *q && *q != quote; q++)
				if (*q == '\\' && q[1])
					q++;
			if (!*q)
				break;
		} else if (*q == '(') {
			depth++;
		} else if (*q == ')') {
			if (depth-- == 0)
				end = q;
		} else if (*q == ',' && depth == 0 && n < 4) {
			args[n++] = q + 1;
		}
	}
	if (end == NULL || n < 4)
		return -1;
	*cluster = fr_xstrndup(args[0], (size_t)(args[1] - 1 - args[0]));
	const char *k = args[3];
	while (*k == ' ')
		k++;
	*key = fr_xstrndup(k, (size_t)(end - k));
	return 0;
}

/* Both tables Distributed over the same cluster with the same sharding
 * key of user_id, or neither: else a shard's users miss their events. */
static int
ch_check_sharding(const struct fr_clickhouse *c, char **err)
{
	bool du = strcmp(c->users.engine, "Distributed") == 0, de = strcmp(c->events.engine, "Distributed") == 0;
	if (!du && !de)
		return FR_OK;
	if (du != de)
		return fr_fail(err, FR_EDATA,
		               "ClickHouse %s: %s is %s but %s is %s; both must be Distributed over the same "
		               "cluster and sharding key (or both tables of one server), or the shards' users "
		               "would not meet their events",
		               c->u->display, c->users.shown, c->users.engine, c->events.shown, c->events.engine);
	char *uc, *uk, *ec, *ek;
	int bad_u = ch_distributed(c->users.engine_full, &uc, &uk);
	int bad_e = ch_distributed(c->events.engine_full, &ec, &ek);
	int rc = FR_OK;
	if (bad_u || bad_e)
		rc = fr_fail(err, FR_EDATA,
		             "ClickHouse %s: %s has no sharding key; both tables must be sharded by the same "
		             "hash of user_id",
		             c->u->display, bad_u ? c->users.shown : c->events.shown);
	else if (strcmp(uc, ec) != 0)
		rc = fr_fail(err, FR_EDATA, "ClickHouse %s: %s is on cluster %s but %s on %s; both must be on one",
		             c->u->display, c->users.shown, uc, c->events.shown, ec);
	else if (strcmp(uk, ek) != 0 || strstr(uk, "user_id") == NULL || strstr(uk, "rand") != NULL)
		rc = fr_fail(err, FR_EDATA,
		             "ClickHouse %s: %s is sharded by %s and %s by %s; both must be sharded by the "
		             "same expression of user_id, so that a user's row and events are on one shard",
		             c->u->display, c->users.shown, uk, c->events.shown, ek);
	free(uc);
	free(uk);
	free(ec);
	free(ek);
	return rc;
}

static int
ch_schema(struct fr_clickhouse *c, struct fr_result *r, char **err)
{
	struct fr_buf tables = FR_BUF_INIT;
	const struct ch_table *tabs[2] = {&c->users, &c->events};
	for (int i = 0; i < 2; i++) {
		fr_buf_puts(&tables, i ? ", (" : "(");
		fr_escape_ch_string(&tables, tabs[i]->db);
		fr_buf_puts(&tables, ", ");
		fr_escape_ch_string(&tables, tabs[i]->name);
		fr_buf_putc(&tables, ')');
	}
	int rc = ch_run(c, r, "sql/clickhouse_schema.sql", fr_buf_cstr(&tables), ch_schema_row, c, err);
	fr_buf_free(&tables);
	for (int i = 0; rc == FR_OK && i < 2; i++)
		if (!tabs[i]->found)
			rc = fr_fail(err, FR_EDATA, "ClickHouse %s: table %s does not exist (%s)", c->u->display,
			             tabs[i]->shown, tabs[i]->option);
	static const char *const string[] = {"String", NULL};
	static const char *const datetime[] = {"DateTime", "DateTime(", NULL};
	if (rc == FR_OK)
		rc = ch_need_col(c, &c->users, "user_id", string, "String", err);
	if (rc == FR_OK)
		rc = ch_need_col(c, &c->events, "user_id", string, "String", err);
	if (rc == FR_OK)
		rc = ch_need_col(c, &c->events, "page", string, "String", err);
	if (rc == FR_OK)
		rc = ch_need_col(c, &c->events, "event_time", datetime, "DateTime (UTC seconds)", err);
	for (size_t i = 0; rc == FR_OK && i < c->users.ncols; i++) {
		if (strcmp(c->users.cols[i], "user_id") == 0)
			continue;
		if (strcmp(c->users.cols[i], "month") == 0)
			rc = fr_fail(err, FR_EDATA,
			             "ClickHouse %s: %s: column \"month\" clashes with the derived entry month; "
			             "rename it",
			             c->u->display, c->users.shown);
		else
			rc = ch_need_col(c, &c->users, c->users.cols[i], string, "String", err);
	}
	if (rc == FR_OK)
		rc = ch_check_sharding(c, err);
	return rc;
}

/* ---- attributes and dimensions ------------------------------------------- */

static void
ch_add_dim(struct fr_result *r, const char *name, int attr)
{
	r->cube.dims = fr_xreallocarray(r->cube.dims, r->cube.ndims + 1, sizeof *r->cube.dims);
	r->cube.dims[r->cube.ndims++] = (struct fr_dim){fr_xstrdup(name), attr};
	if (attr >= 0) {
		r->cube.vdims = fr_xreallocarray(r->cube.vdims, r->cube.nvdims + 1, sizeof *r->cube.vdims);
		r->cube.vdims[r->cube.nvdims++] = r->cube.ndims - 1;
	}
}

/* The dimensions as a local run chooses them (warehouse/model.c). */
static int
ch_dims(struct fr_clickhouse *c, struct fr_result *r, char **err)
{
	const struct fr_clickhouse_opts *o = c->o;
	if (o->dims == NULL) {
		for (size_t i = 0; i < r->cube.nattrs; i++) {
			const char *why;
			if (!fr_cube_default_dim(&r->cube.attrs[i]))
				continue;
			if (!fr_text_dim_name_ok(r->cube.attrs[i].name, &why))
				return fr_fail(err, FR_EDATA,
				               "ClickHouse %s: %s: column %s: %s; rename it, or leave it out with --dims",
				               c->u->display, c->users.shown, r->cube.attrs[i].name, why);
			ch_add_dim(r, r->cube.attrs[i].name, (int)i);
		}
		ch_add_dim(r, "month", -1);
		return FR_OK;
	}
	for (size_t d = 0; d < o->ndims; d++) {
		const char *name = o->dims[d];
		int attr;
		int rc = fr_cube_find_dim(&r->cube, name, &attr, err);
		if (rc != FR_OK)
			return rc;
		if (attr >= 0 && r->cube.attrs[attr].nvalues > FR_CUBE_MAX_DIM_VALUES)
			return fr_fail(err, FR_EUSAGE, "--dims: \"%s\" has more than %d distinct values", name,
			               FR_CUBE_MAX_DIM_VALUES);
		ch_add_dim(r, name, attr);
	}
	return FR_OK;
}

static int
ch_attributes(struct fr_clickhouse *c, struct fr_result *r, char **err)
{
	size_t n = 0;
	r->cube.attrs = fr_xcalloc(c->users.ncols + 1, sizeof *r->cube.attrs);
	c->exact = fr_xcalloc(c->users.ncols + 1, sizeof *c->exact);
	for (size_t i = 0; i < c->users.ncols; i++) {
		const char *name = c->users.cols[i];
		if (strcmp(name, "user_id") == 0)
			continue;
		for (size_t d = 0; c->o->dims != NULL && d < c->o->ndims; d++)
			if (strcmp(c->o->dims[d], name) == 0)
				c->exact[n] = true;
		r->cube.attrs[n++] = (struct fr_attr){fr_xstrdup(name), 0};
	}
	r->cube.nattrs = n;
	/* the signup time: the signup_date attribute, else date (as extract.c) */
	for (size_t a = 0; a < n && c->signup < 0; a++)
		if (strcmp(r->cube.attrs[a].name, "signup_date") == 0)
			c->signup = (int)a;
	for (size_t a = 0; a < n && c->signup < 0; a++)
		if (strcmp(r->cube.attrs[a].name, "date") == 0)
			c->signup = (int)a;
	struct ch_one o;
	int rc = ch_ask_one(c, r, "sql/clickhouse_attributes.sql", NULL, &o, err);
	for (size_t a = 0; rc == FR_OK && a < n; a++) {
		char *col = fr_xasprintf("_fr_a%zu", a + 1);
		rc = ch_one_count(&o, col, &r->cube.attrs[a].nvalues, err);
		free(col);
	}
	ch_one_clear(&o);
	if (rc == FR_OK)
		rc = ch_dims(c, r, err);
	return rc;
}

/* ---- data quality ---------------------------------------------------------- */

static int
ch_longest(const struct fr_clickhouse *c, const struct ch_one *o, const char *col, const char *table,
           const char *column, char **err)
{
	int64_t len;
	int rc = ch_one_count(o, col, &len, err);
	if (rc != FR_OK || len <= FR_TEXT_MAX_VALUE)
		return rc;
	char *where = fr_xasprintf("ClickHouse %s: %s", c->u->display, table);
	rc = fr_text_check_value(where, column, (size_t)len, err);
	free(where);
	return rc;
}

static int
ch_quality(struct fr_clickhouse *c, struct fr_result *r, int64_t *staged, char **err)
{
	struct fr_quality *q = &r->log.quality;
	struct ch_one e, u;
	int64_t first = 0, last = 0, entered = 0, timed = 0, conflicting = 0;
	int rc = ch_ask_one(c, r, "sql/clickhouse_quality_events.sql", NULL, &e, err);
	struct {
		const struct ch_one *o;
		const char *name;
		int64_t *to;
	} counts[] = {
	    {&e, "events_read", &q->events_read},
	    {&e, "unknown_page_events", &q->unknown_page_events},
	    {&e, "unknown_user_events", &q->unknown_user_events},
	    {&e, "duplicate_events", &q->duplicate_events},
	    {&e, "page_visits", &q->page_visits},
	    {&e, "visits_before_signup", &q->visits_before_signup},
	    {&e, "first_event", &first},
	    {&e, "last_event", &last},
	    {&u, "users_read", &q->users_read},
	    {&u, "users", &q->users},
	    {&u, "duplicate_users", &q->duplicate_users},
	    {&u, "conflicting_rows", &conflicting},
	    {&u, "signup_not_date", &q->signup_not_date},
	    {&u, "users_with_events", &q->users_with_events},
	    {&u, "users_timed", &timed},
	    {&u, "users_entered", &entered},
	    {&u, "users_out_of_order", &q->users_out_of_order},
	};
	memset(&u, 0, sizeof u);
	if (rc == FR_OK)
		rc = ch_longest(c, &e, "longest_user_id", c->events.shown, "user_id", err);
	if (rc == FR_OK)
		rc = ch_longest(c, &e, "longest_page", c->events.shown, "page", err);
	if (rc == FR_OK)
		rc = ch_ask_one(c, r, "sql/clickhouse_quality_users.sql", NULL, &u, err);
	for (size_t i = 0; rc == FR_OK && i < sizeof counts / sizeof counts[0]; i++)
		rc = ch_one_count(counts[i].o, counts[i].name, counts[i].to, err);
	if (rc == FR_OK)
		rc = ch_longest(c, &u, "longest_user_id", c->users.shown, "user_id", err);
	for (size_t a = 0; rc == FR_OK && a < r->cube.nattrs; a++) {
		char *col = fr_xasprintf("longest_%zu", a + 1);
		rc = ch_longest(c, &u, col, c->users.shown, r->cube.attrs[a].name, err);
		free(col);
	}
	if (rc == FR_OK && conflicting > 0)
		rc = fr_fail(err, FR_EDATA,
		             "ClickHouse %s: %s: %lld rows repeat a user_id with other attribute values; a "
		             "local run keeps a user's first row, a table has no first, so make them agree",
		             c->u->display, c->users.shown, (long long)conflicting);
	/* the other rule's funnel: users by level, then users who reached each step */
	if (rc == FR_OK) {
		size_t n = r->cube.nsteps;
		r->cube.other_users = fr_xcalloc(n + 1, sizeof *r->cube.other_users);
		for (size_t k = n; rc == FR_OK && k-- > 0;) {
			char *col = fr_xasprintf("other_%zu", k + 1);
			rc = ch_one_count(&u, col, &r->cube.other_users[k], err);
			free(col);
			if (k + 1 < n)
				r->cube.other_users[k] += r->cube.other_users[k + 1];
		}
	}
	ch_one_clear(&e);
	ch_one_clear(&u);
	if (rc != FR_OK)
		return rc;
	q->users_not_entered = q->users - entered;
	q->bad_rows_skipped = 0; /* typed columns: no row fails to parse */
	r->log.quality_known = true;
	r->cube.no_times = q->page_visits > 0 && timed == 0;
	if (q->page_visits > 0) {
		char buf[FR_TIMESTAMP_BUFSZ];
		fr_timestamp_iso(first, buf);
		r->cube.first_event = fr_xstrdup(buf);
		fr_timestamp_iso(last, buf);
		r->cube.last_event = fr_xstrdup(buf);
	}
	r->log.inputs = fr_xcalloc(3, sizeof *r->log.inputs);
	r->log.inputs[0] = (struct fr_input){fr_xstrdup(c->users.shown), fr_xstrdup("users"), q->users_read};
	r->log.inputs[1] = (struct fr_input){fr_xstrdup(c->events.shown), fr_xstrdup("events"), q->events_read};
	r->log.ninputs = 2;
	r->log.quality_note = fr_xstrdup(
	    "Counted on the ClickHouse cluster (sql/clickhouse_quality_events.sql, "
	    "sql/clickhouse_quality_users.sql and sql/clickhouse_pages.sql): every count above but "
	    "bad_rows_skipped, which is 0 because the cluster's columns are typed, so no row fails to "
	    "parse.");
	*staged = q->page_visits + q->duplicate_events;
	return FR_OK;
}

/* The most visited pages at no step, as data quality lists them. */
static int
ch_page_row(void *ctx, int64_t row, char **f, const size_t *lens, size_t n, char **err)
{
	struct fr_clickhouse *c = ctx;
	struct fr_runlog *log = c->log;
	int64_t events;
	if (row == 0)
		return n == 2 && strcmp(f[0], "page") == 0 && strcmp(f[1], "events") == 0
		           ? FR_OK
		           : fr_fail(err, FR_EIO, "sql/clickhouse_pages.sql: the columns are not page, events");
	if (n != 2 || log->nother_pages == FR_QUALITY_PAGES || fr_parse_i64(f[1], 1, INT64_MAX, &events) != 0)
		return fr_fail(err, FR_EIO, "sql/clickhouse_pages.sql: row %lld is not a page and its events",
		               (long long)row);
	if (lens[0] > FR_TEXT_MAX_VALUE) {
		char *where = fr_xasprintf("ClickHouse %s: %s", c->u->display, c->events.shown);
		int rc = fr_text_check_value(where, "page", lens[0], err);
		free(where);
		return rc;
	}
	log->other_pages[log->nother_pages++] = (struct fr_page_count){fr_xstrdup(f[0]), events};
	return FR_OK;
}

int
fr_clickhouse_extract(struct fr_clickhouse *c, struct fr_result *r, int64_t *staged, char **err)
{
	*staged = 0;
	r->log.from_cluster = true;
	struct ch_one s;
	int rc = ch_ask_one(c, r, "sql/clickhouse_server.sql", NULL, &s, err);
	if (rc == FR_OK) {
		const char *db = ch_one_text(&s, "database"), *v = ch_one_text(&s, "version");
		if (db == NULL || v == NULL)
			rc = fr_fail(err, FR_EIO, "ClickHouse %s: sql/clickhouse_server.sql: no database or version",
			             c->u->display);
		else
			c->database = fr_xstrdup(db), c->version = fr_xstrdup(v);
	}
	ch_one_clear(&s);
	if (rc != FR_OK)
		return rc;
	ch_table_resolve(&c->users, c->database);
	ch_table_resolve(&c->events, c->database);
	rc = ch_schema(c, r, err);
	if (rc == FR_OK)
		rc = ch_attributes(c, r, err);
	if (rc == FR_OK)
		rc = ch_quality(c, r, staged, err);
	c->log = &r->log;
	if (rc == FR_OK && r->log.quality.unknown_page_events > 0)
		rc = ch_run(c, r, "sql/clickhouse_pages.sql", NULL, ch_page_row, c, err);
	return rc;
}

/* ---- the cubes --------------------------------------------------------------- */

struct ch_cube {
	struct fr_clickhouse *c;
	struct fr_result *r;
	const char *what;
	struct fr_table *t;
	/* the visits cube's months, distinct, as they come */
	char **months;
	size_t nmonths;
};

static int
ch_cube_fail(const struct ch_cube *k, int64_t row, const char *why, char **err)
{
	return fr_fail(err, FR_EIO, "ClickHouse %s: %s: row %lld: %s", k->c->u->display, k->what,
	               (long long)row, why);
}

/* The header must be the cube file's: the dimensions, then tail. */
static int
ch_cube_header(const struct ch_cube *k, char **f, size_t n, const size_t *dims, size_t ndims,
               const char *const *tail, size_t ntail, char **err)
{
	int ok = n == ndims + ntail;
	for (size_t i = 0; ok && i < ndims; i++)
		ok = strcmp(f[i], k->r->cube.dims[dims ? dims[i] : i].name) == 0;
	for (size_t i = 0; ok && i < ntail; i++)
		ok = strcmp(f[ndims + i], tail[i]) == 0;
	return ok ? FR_OK : ch_cube_fail(k, 0, "the columns are not the cube's", err);
}

/* A dimension value as a local run would accept it. */
static int
ch_cube_value(const struct ch_cube *k, int64_t row, const char *s, size_t len, char **err)
{
	if (len > FR_TEXT_MAX_VALUE || !fr_utf8_valid(s, len))
		return fr_fail(err, FR_EDATA, "ClickHouse %s: %s: a value of %zu bytes or not UTF-8 (row %lld)",
		               k->c->u->display, k->c->users.shown, len, (long long)row);
	return FR_OK;
}

static int
ch_funnel_row(void *ctx, int64_t row, char **f, const size_t *lens, size_t n, char **err)
{
	struct ch_cube *k = ctx;
	const struct fr_cube *cube = &k->r->cube;
	size_t nd = cube->ndims;
	if (row == 0) {
		static const char *const tail[] = {"level", "users"};
		return ch_cube_header(k, f, n, NULL, nd, tail, 2, err);
	}
	int64_t level, users;
	if (n != nd + 2 || fr_parse_i64(f[nd], 1, (int64_t)cube->nsteps, &level) != 0 ||
	    fr_parse_i64(f[nd + 1], 1, INT64_MAX, &users) != 0)
		return ch_cube_fail(k, row, "not dimension values, a level and a count of users", err);
	for (size_t d = 0; d < nd; d++) {
		int rc = ch_cube_value(k, row, f[d], lens[d], err);
		if (rc != FR_OK)
			return rc;
	}
	size_t i = fr_table_add(k->t);
	char **values = fr_table_values(k->t, i);
	for (size_t d = 0; d < nd; d++)
		values[d] = fr_xstrdup(f[d]);
	fr_table_keys(k->t, i)[0] = level;
	fr_table_counts(k->t, i)[0] = users;
	return FR_OK;
}

static int
ch_visits_row(void *ctx, int64_t row, char **f, const size_t *lens, size_t n, char **err)
{
	struct ch_cube *k = ctx;
	const struct fr_cube *cube = &k->r->cube;
	size_t nv = cube->nvdims;
	if (row == 0) {
		static const char *const tail[] = {"step_index", "step", "month", "visits", "visitors"};
		return ch_cube_header(k, f, n, cube->vdims, nv, tail, 5, err);
	}
	int64_t step, visits, visitors;
	if (n != nv + 5 || fr_parse_i64(f[nv], 1, (int64_t)cube->nsteps, &step) != 0 ||
	    strcmp(f[nv + 1], cube->steps[step - 1]) != 0 || !fr_timestamp_month_valid(f[nv + 2], lens[nv + 2]) ||
	    fr_parse_i64(f[nv + 3], 1, INT64_MAX, &visits) != 0 ||
	    fr_parse_i64(f[nv + 4], 1, visits, &visitors) != 0)
		return ch_cube_fail(k, row, "not dimension values, a step, a month and counts of visits", err);
	for (size_t d = 0; d < nv; d++) {
		int rc = ch_cube_value(k, row, f[d], lens[d], err);
		if (rc != FR_OK)
			return rc;
	}
	size_t m;
	for (m = 0; m < k->nmonths && strcmp(k->months[m], f[nv + 2]) != 0; m++)
		;
	if (m == k->nmonths) {
		k->months = fr_xreallocarray(k->months, k->nmonths + 1, sizeof *k->months);
		k->months[k->nmonths++] = fr_xstrdup(f[nv + 2]);
	}
	size_t i = fr_table_add(k->t);
	char **values = fr_table_values(k->t, i);
	for (size_t d = 0; d < nv; d++)
		values[d] = fr_xstrdup(f[d]);
	int64_t *keys = fr_table_keys(k->t, i), *counts = fr_table_counts(k->t, i);
	keys[0] = step - 1;
	keys[1] = (int64_t)m; /* an index into k->months until they are sorted */
	counts[0] = visits;
	counts[1] = visitors;
	return FR_OK;
}

static int
ch_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The months sorted into the cube, and the visits' month keys with them. */
static void
ch_months(struct ch_cube *k)
{
	struct fr_cube *cube = &k->r->cube;
	cube->months = fr_xcalloc(k->nmonths + 1, sizeof *cube->months);
	for (size_t i = 0; i < k->nmonths; i++)
		cube->months[i] = fr_xstrdup(k->months[i]);
	cube->nmonths = k->nmonths;
	qsort(cube->months, cube->nmonths, sizeof *cube->months, ch_cmp_str);
	struct fr_table *t = &cube->tables[FR_VISITS];
	for (size_t i = 0; i < t->nrows; i++) {
		int64_t *keys = fr_table_keys(t, i);
		const char *month = k->months[keys[1]];
		char **hit = bsearch(&month, cube->months, cube->nmonths, sizeof *cube->months, ch_cmp_str);
		keys[1] = hit - cube->months;
	}
}

/* ---- time to convert --------------------------------------------------------- */

struct ch_ttc {
	struct ch_cube k;
	struct fr_ttc *ttc;
	/* the values seen of each dimension; a value's code is its index */
	char ***values;
	size_t *nvalues;
};

static int
ch_ttc_row(void *ctx, int64_t row, char **f, const size_t *lens, size_t n, char **err)
{
	struct ch_ttc *x = ctx;
	const struct fr_cube *cube = &x->k.r->cube;
	if (row == 0) {
		static const char *const cols[] = {"dim", "value", "step_index", "fine", "coarse", "users"};
		return ch_cube_header(&x->k, f, n, NULL, 0, cols, 6, err);
	}
	int64_t dim, step, fine, coarse, users;
	if (n != 6 || fr_parse_i64(f[0], 0, (int64_t)cube->ndims, &dim) != 0 ||
	    fr_parse_i64(f[2], 2, (int64_t)cube->nsteps, &step) != 0 ||
	    fr_parse_i64(f[3], 0, FR_TTC_NFINE - 1, &fine) != 0 ||
	    fr_parse_i64(f[4], 0, FR_TTC_NBINS - 1, &coarse) != 0 || fr_parse_i64(f[5], 1, INT64_MAX, &users) != 0 ||
	    (dim == 0 && lens[1] != 0))
		return ch_cube_fail(&x->k, row, "not a group, a step, two bins and a count of users", err);
	uint64_t group = 0;
	if (dim > 0) {
		size_t d = (size_t)dim - 1, v;
		int rc = ch_cube_value(&x->k, row, f[1], lens[1], err);
		if (rc != FR_OK)
			return rc;
		for (v = 0; v < x->nvalues[d] && strcmp(x->values[d][v], f[1]) != 0; v++)
			;
		if (v == x->nvalues[d]) {
			x->values[d] = fr_xreallocarray(x->values[d], v + 1, sizeof *x->values[d]);
			x->values[d][x->nvalues[d]++] = fr_xstrdup(f[1]);
		}
		group = (uint64_t)dim << 32 | v;
	}
	if (fr_ttc_add_bins(x->ttc, group, (size_t)step - 1, (size_t)fine, (size_t)coarse, users) != 0)
		return ch_cube_fail(&x->k, row, "a fine bin that cannot hold a time of its coarse bin", err);
	return FR_OK;
}

static const char *
ch_ttc_value(void *ctx, int dim, uint32_t code)
{
	const struct ch_ttc *x = ctx;
	return x->values[dim][code];
}

static int
ch_ttc(struct fr_clickhouse *c, struct fr_result *r, char **err)
{
	struct fr_cube *cube = &r->cube;
	cube->ttc_known = r->settings.order == FR_ORDER_ORDERED && !cube->no_times;
	if (!cube->ttc_known || cube->nsteps < 2)
		return FR_OK;
	struct ch_ttc x;
	memset(&x, 0, sizeof x);
	x.k = (struct ch_cube){c, r, "sql/clickhouse_ttc.sql", NULL, NULL, 0};
	x.ttc = fr_ttc_new(cube->nsteps);
	x.values = fr_xcalloc(cube->ndims + 1, sizeof *x.values);
	x.nvalues = fr_xcalloc(cube->ndims + 1, sizeof *x.nvalues);
	int rc = ch_run(c, r, x.k.what, NULL, ch_ttc_row, &x, err);
	if (rc == FR_OK)
		cube->nttc = fr_ttc_rows(x.ttc, ch_ttc_value, &x, &cube->ttc);
	for (size_t d = 0; d < cube->ndims; d++)
		fr_strv_free(x.values[d], x.nvalues[d]);
	free(x.values);
	free(x.nvalues);
	fr_ttc_free(x.ttc);
	return rc;
}

int
fr_clickhouse_model(struct fr_clickhouse *c, struct fr_result *r, char **err)
{
	struct fr_cube *cube = &r->cube;
	fr_table_init(&cube->tables[FR_FUNNEL], FR_FUNNEL, cube->ndims);
	fr_table_init(&cube->tables[FR_VISITS], FR_VISITS, cube->nvdims);
	struct ch_cube k = {c, r, "sql/clickhouse_cube_funnel.sql", &cube->tables[FR_FUNNEL], NULL, 0};
	int rc = ch_run(c, r, k.what, NULL, ch_funnel_row, &k, err);
	if (rc == FR_OK) {
		k.what = "sql/clickhouse_cube_visits.sql";
		k.t = &cube->tables[FR_VISITS];
		rc = ch_run(c, r, k.what, NULL, ch_visits_row, &k, err);
	}
	if (rc == FR_OK) {
		ch_months(&k);
		for (int m = 0; m < FR_NMEASURES; m++)
			fr_table_sort(&cube->tables[m]);
		rc = ch_ttc(c, r, err);
	}
	fr_strv_free(k.months, k.nmonths);
	return rc;
}
