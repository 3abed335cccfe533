/* docs.c: the system design documents, Markdown -> template -> libcmark. */
#include "render/docs.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "render/html.h"
#include "warehouse/lake.h"
#include "base/tmpl.h"
#include "base/util.h"
#include "base/version.h"

/* The documents, in reading order. */
static const char *const docs_names[] = {
    "index", "events", "storage", "pipeline", "warehouse",
    "analyses", "assumptions", "technology", "scaling",
};
#define DOCS_N (sizeof docs_names / sizeof docs_names[0])

struct fr_docs {
	struct fr_item items[DOCS_N];
	const char *text[DOCS_N]; /* owned by the templates */
	size_t len[DOCS_N];
	struct fr_tv *values;     /* what every document is filled with, built once */
};

/* libcmark allocates through ours: out of memory ends the run as everywhere
 * else (cmark's own allocator aborts), and fault injection reaches it. */
static void *
docs_calloc(size_t n, size_t size)
{
	return fr_xcalloc(n, size);
}

static void *
docs_realloc(void *p, size_t n)
{
	return fr_xrealloc(p, n);
}

static cmark_mem docs_mem = {docs_calloc, docs_realloc, free};

/* Markdown to HTML in libcmark's safe mode (CMARK_OPT_DEFAULT: raw HTML never
 * passes); the result is the caller's to free(). */
static char *
docs_cmark(const char *md, size_t len)
{
	cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &docs_mem);
	cmark_parser_feed(p, md, len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	return html;
}

/* The first "# " heading of a Markdown text, or the file name. */
static char *
docs_title(const char *text, size_t len, const char *name)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 2 && p[0] == '#' && p[1] == ' ')
			return fr_xstrndup(p + 2, n - 2);
		p += n + 1;
	}
	return fr_xstrdup(name);
}

size_t
fr_docs_count(void)
{
	return DOCS_N;
}

int
fr_docs_new(struct fr_templates *t, struct fr_docs **out, char **err)
{
	struct fr_docs *d = fr_xcalloc(1, sizeof *d);
	for (size_t i = 0; i < DOCS_N; i++) {
		char *path = fr_xasprintf("docs/%s.md", docs_names[i]);
		int rc = fr_templates_get(t, path, &d->text[i], &d->len[i], err);
		free(path);
		if (rc != FR_OK) {
			fr_docs_free(d);
			return rc;
		}
		d->items[i].label = docs_title(d->text[i], d->len[i], docs_names[i]);
		d->items[i].value = fr_xasprintf("%s.html", docs_names[i]);
	}
	*out = d;
	return FR_OK;
}

static struct fr_tv *docs_values(const struct fr_result *r);

int
fr_docs_fill(struct fr_docs *d, const struct fr_result *r, struct fr_templates *t, char **err)
{
	fr_tv_free(d->values);
	d->values = docs_values(r);
	/* the cube SQL for a cluster, for the page on scaling */
	char *lake_funnel = NULL, *lake_visits = NULL;
	int rc = fr_lake_sql(r, t, &lake_funnel, &lake_visits, err);
	if (rc != FR_OK)
		return rc;
	fr_tv_set_str(d->values, "lake_funnel_sql", lake_funnel);
	fr_tv_set_str(d->values, "lake_visits_sql", lake_visits);
	free(lake_funnel);
	free(lake_visits);
	return FR_OK;
}

void
fr_docs_free(struct fr_docs *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < DOCS_N; i++) {
		free(d->items[i].label);
		free(d->items[i].value);
	}
	fr_tv_free(d->values);
	free(d);
}

size_t
fr_docs_items(const struct fr_docs *d, const struct fr_item **items)
{
	*items = d->items;
	return DOCS_N;
}

static void
docs_escape(struct fr_buf *out, const char *s)
{
	fr_escape_md(out, s);
}

static struct fr_tv *
docs_num(int64_t v)
{
	return fr_tv_str_take(fr_xasprintf("%lld", (long long)v));
}

/* The values every document may use (see templates/docs/). */
static struct fr_tv *
docs_values(const struct fr_result *r)
{
	struct fr_tv *o = fr_tv_obj();
	fr_tv_set_str(o, "title", r->settings.title);
	fr_tv_set_str(o, "version", FR_VERSION);
	fr_tv_set_str(o, "source", r->settings.source);
	fr_tv_set_bool(o, "from_cube", r->log.from_cube);
	fr_tv_set_str(o, "generated_at", r->settings.generated_at ? r->settings.generated_at : "");
	fr_tv_set_str(o, "order", r->settings.order == FR_ORDER_ORDERED ? "ordered" : "any");
	fr_tv_set(o, "window_days", docs_num(r->settings.window_days));
	fr_tv_set(o, "max_combo", docs_num(r->settings.max_combo));
	struct fr_tv *l = fr_tv_set(o, "steps", fr_tv_list());
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		struct fr_tv *s = fr_tv_push(l, fr_tv_obj());
		fr_tv_set(s, "index", docs_num((int64_t)k + 1));
		fr_tv_set_str(s, "name", r->cube.steps[k]);
	}
	l = fr_tv_set(o, "dimensions", fr_tv_list());
	for (size_t d = 0; d < r->cube.ndims; d++) {
		struct fr_tv *s = fr_tv_push(l, fr_tv_obj());
		fr_tv_set_str(s, "name", r->cube.dims[d].name);
		fr_tv_set_str(s, "kind", r->cube.dims[d].attr >= 0 ? "user attribute" : "entry month (derived)");
	}
	l = fr_tv_set(o, "attributes", fr_tv_list());
	for (size_t a = 0; a < r->cube.nattrs; a++) {
		struct fr_tv *s = fr_tv_push(l, fr_tv_obj());
		fr_tv_set(s, "column", fr_tv_str_take(fr_xasprintf("a%zu", a + 1)));
		fr_tv_set_str(s, "name", r->cube.attrs[a].name);
		fr_tv_set(s, "values", docs_num(r->cube.attrs[a].nvalues));
	}
	l = fr_tv_set(o, "tables", fr_tv_list());
	for (size_t i = 0; i < r->log.ntables; i++) {
		const struct fr_whtable *t = &r->log.tables[i];
		struct fr_tv *s = fr_tv_push(l, fr_tv_obj());
		fr_tv_set_str(s, "name", t->name);
		fr_tv_set_str(s, "kind", t->kind);
		fr_tv_set(s, "rows", docs_num(t->rows));
		fr_tv_set_str(s, "sql", t->sql);
		struct fr_tv *cols = fr_tv_set(s, "columns", fr_tv_list());
		for (size_t c = 0; c < t->ncols; c++) {
			struct fr_tv *col = fr_tv_push(cols, fr_tv_obj());
			fr_tv_set_str(col, "name", t->cols[c]);
			fr_tv_set_str(col, "type", t->types[c]);
		}
	}
	l = fr_tv_set(o, "queries", fr_tv_list());
	for (size_t i = 0; i < r->log.nqueries; i++) {
		struct fr_tv *s = fr_tv_push(l, fr_tv_obj());
		fr_tv_set_str(s, "file", r->log.queries[i].file);
		fr_tv_set(s, "runs", docs_num(r->log.queries[i].runs));
		fr_tv_set_str(s, "sql", r->log.queries[i].sql);
	}
	l = fr_tv_set(o, "stages", fr_tv_list());
	for (size_t i = 0; i < FR_NSTAGES; i++) {
		const struct fr_stage *st = &r->log.stages[i];
		if (st->name == NULL)
			continue;
		struct fr_tv *s = fr_tv_push(l, fr_tv_obj());
		fr_tv_set_str(s, "name", st->name);
		fr_tv_set_str(s, "depends", st->depends);
		fr_tv_set(s, "rows_out", docs_num(st->rows_out));
		fr_tv_set_str(s, "rows_what", st->rows_what ? st->rows_what : "");
	}
	struct fr_quality_item dq[FR_QUALITY_MAX];
	size_t n = fr_quality_items(&r->log, dq);
	l = fr_tv_set(o, "quality", fr_tv_list());
	for (size_t i = 0; i < n; i++) {
		struct fr_tv *s = fr_tv_push(l, fr_tv_obj());
		fr_tv_set_str(s, "name", dq[i].key);
		fr_tv_set(s, "count", docs_num(dq[i].count));
		fr_tv_set_str(s, "meaning", dq[i].meaning);
	}
	return o;
}

int
fr_docs_render(const struct fr_docs *d, size_t i, const struct fr_report *rep, struct fr_buf *out,
               char **err)
{
	char *name = fr_xasprintf("docs/%s.md", docs_names[i]);
	struct fr_tmpl_env env = {docs_escape, NULL, NULL, 0};
	struct fr_buf md = FR_BUF_INIT;
	int rc = d->values != NULL
	             ? fr_tmpl_render(&env, name, d->text[i], d->len[i], d->values, &md, err)
	             : fr_fail(err, FR_EIO, "internal: %s rendered before fr_docs_fill", name);
	free(name);
	if (rc == FR_OK) {
		char *html = docs_cmark(fr_buf_cstr(&md), md.len);
		rc = fr_html_doc(rep, d->items[i].label, html, i, out, err);
		free(html);
	}
	fr_buf_free(&md);
	return rc;
}
