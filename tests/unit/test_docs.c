/* test_docs.c: the system design documents of docs.c: a small document of
 * our own (through --templates' override directory) filled from a
 * hand-made result, rendered by libcmark into the report's layout; its
 * links as written, raw HTML and unsafe links dropped, every value from the
 * data escaped; the embedded documents filled with the run's warehouse; and
 * the errors of a broken template. */
#define _GNU_SOURCE /* mkdtemp */
#include "support.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/templates.h"
#include "base/util.h"
#include "core/result.h"
#include "render/docs.h"
#include "render/report.h"

static char scratch[64];

static int
setup(void **state)
{
	(void)state;
	strcpy(scratch, "/tmp/fr-docs.XXXXXX");
	assert_non_null(mkdtemp(scratch));
	char dir[128];
	snprintf(dir, sizeof dir, "%s/docs", scratch);
	assert_int_equal(mkdir(dir, 0755), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", scratch);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* Writes an override of templates/docs/NAME.md. */
static void
override(const char *name, const char *text)
{
	char path[192];
	snprintf(path, sizeof path, "%s/docs/%s.md", scratch, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* A result with hostile names: three steps (one HTML, one Markdown), an
 * attribute, and one warehouse table as publish would describe it. */
static struct fr_result *
docs_result(void)
{
	static const char *const steps[] = {"home", "<b>cart</b>", "pay*ment*"};
	struct fr_result *r = fr_result_new();
	r->settings.title = fr_xstrdup("Shop <&> report");
	r->settings.source = fr_xstrdup("users.csv + events.csv");
	r->settings.order = FR_ORDER_ORDERED;
	r->settings.max_combo = 2;
	r->cube.nsteps = 3;
	r->cube.steps = fr_xcalloc(3, sizeof(char *));
	for (size_t k = 0; k < 3; k++)
		r->cube.steps[k] = fr_xstrdup(steps[k]);
	r->cube.nattrs = 1;
	r->cube.attrs = fr_xcalloc(1, sizeof *r->cube.attrs);
	r->cube.attrs[0].name = fr_xstrdup("channel");
	r->cube.attrs[0].nvalues = 6;
	r->cube.ndims = 1;
	r->cube.dims = fr_xcalloc(1, sizeof *r->cube.dims);
	r->cube.dims[0] = (struct fr_dim){fr_xstrdup("channel"), 0};
	r->log.ntables = 1;
	r->log.tables = fr_xcalloc(1, sizeof *r->log.tables);
	struct fr_whtable *t = &r->log.tables[0];
	t->name = fr_xstrdup("dim_user");
	t->kind = fr_xstrdup("dimension");
	t->rows = 4242;
	t->sql = fr_xstrdup("CREATE TABLE dim_user(user_key INTEGER PRIMARY KEY, a1 TEXT)");
	t->ncols = 2;
	t->cols = fr_xcalloc(2, sizeof(char *));
	t->types = fr_xcalloc(2, sizeof(char *));
	t->cols[0] = fr_xstrdup("user_key");
	t->types[0] = fr_xstrdup("INTEGER");
	t->cols[1] = fr_xstrdup("a1");
	t->types[1] = fr_xstrdup("TEXT");
	return r;
}

/* What a renderer needs of the report around a document. */
struct page {
	struct fr_templates *t;
	struct fr_result *r;
	struct fr_docs *d;
	struct fr_report rep;
};

static void
page_open(struct page *p, int fill)
{
	p->t = fr_templates_new(scratch);
	p->r = docs_result();
	char *err = NULL;
	assert_int_equal(fr_docs_new(p->t, &p->d, &err), FR_OK);
	if (fill) {
		if (fr_docs_fill(p->d, p->r, p->t, &err) != FR_OK)
			fail_msg("fr_docs_fill: %s", err);
	}
	p->rep = (struct fr_report){0};
	p->rep.title = p->r->settings.title;
	p->rep.lede = "A test.";
	p->rep.generated = "funnel-report test";
	p->rep.ndocs = fr_docs_items(p->d, (const struct fr_item **)&p->rep.docs);
	p->rep.result = p->r;
	p->rep.templates = p->t;
}

static void
page_close(struct page *p)
{
	fr_docs_free(p->d);
	fr_result_free(p->r);
	fr_templates_free(p->t);
}

/* Document i as HTML; the caller frees it. */
static char *
render(struct page *p, size_t i)
{
	struct fr_buf out = FR_BUF_INIT;
	char *err = NULL;
	if (fr_docs_render(p->d, i, &p->rep, &out, &err) != FR_OK)
		fail_msg("fr_docs_render %zu: %s", i, err);
	return fr_buf_detach(&out);
}

#define assert_has(hay, needle)                                                                     \
	do {                                                                                            \
		if (strstr((hay), (needle)) == NULL)                                                        \
			fail_msg("missing: %s", (needle));                                                      \
	} while (0)
#define assert_lacks(hay, needle)                                                                   \
	do {                                                                                            \
		if (strstr((hay), (needle)) != NULL)                                                        \
			fail_msg("should not be there: %s", (needle));                                          \
	} while (0)

static const char small_doc[] =
    "# Overview\n"
    "\n"
    "The run {{title}} has the steps {{#steps}}{{index}}={{name}} {{/steps}}in {{order}} order.\n"
    "\n"
    "Read [the warehouse](warehouse.html), or go [back to the report](../index.html#funnel).\n"
    "\n"
    "<script>alert(1)</script>\n"
    "\n"
    "A [bad link](javascript:alert(1)) and **bold** text.\n"
    "\n"
    "{{#dimensions}}- {{name}}: {{kind}}\n{{/dimensions}}";

static void
test_items(void **state)
{
	(void)state;
	override("index", small_doc);
	struct page p;
	page_open(&p, 0);
	const struct fr_item *items;
	size_t n = fr_docs_items(p.d, &items);
	assert_int_equal(n, fr_docs_count());
	assert_int_equal(n, 9);
	/* the title is the first heading of each template: ours for index */
	assert_string_equal(items[0].label, "Overview");
	assert_string_equal(items[0].value, "index.html");
	assert_string_equal(items[1].label, "How events are collected");
	assert_string_equal(items[1].value, "events.html");
	assert_string_equal(items[8].label, "Scaling beyond one machine");
	assert_string_equal(items[8].value, "scaling.html");
	page_close(&p);
}

static void
test_small_document(void **state)
{
	(void)state;
	override("index", small_doc);
	struct page p;
	page_open(&p, 1);
	char *html = render(&p, 0);
	/* the Markdown rendered, in the report's layout */
	assert_has(html, "<title>Overview - Shop &lt;&amp;&gt; report</title>");
	assert_has(html, "<h1>Overview</h1>");
	assert_has(html, "<strong>bold</strong>");
	assert_has(html, "<li>channel: user attribute</li>");
	/* values from the data are text: HTML shown, Markdown not applied */
	assert_has(html, "<p>The run Shop &lt;&amp;&gt; report has the steps 1=home 2=&lt;b&gt;cart&lt;/b&gt; "
	                 "3=pay*ment* in ordered order.</p>");
	assert_lacks(html, "<b>cart</b>");
	assert_lacks(html, "<em>ment</em>");
	/* links as the template wrote them, relative to docs/ */
	assert_has(html, "<a href=\"warehouse.html\">the warehouse</a>");
	assert_has(html, "<a href=\"../index.html#funnel\">back to the report</a>");
	/* libcmark's safe mode: raw HTML and javascript: links never pass */
	assert_lacks(html, "<script>");
	assert_has(html, "<!-- raw HTML omitted -->");
	assert_has(html, "<a href=\"\">bad link</a>");
	assert_lacks(html, "javascript:");
	/* the navigation: every document, this one marked, the report's index above */
	assert_has(html, "<a href=\"index.html\" aria-current=\"page\">Overview</a>");
	assert_has(html, "<a href=\"events.html\">How events are collected</a>");
	assert_has(html, "<a href=\"scaling.html\">Scaling beyond one machine</a>");
	assert_has(html, "<a href=\"../index.html\">Shop &lt;&amp;&gt; report</a>");
	free(html);

	/* another page marks itself, not the overview */
	html = render(&p, 1);
	assert_has(html, "<a href=\"index.html\">Overview</a>");
	assert_has(html, "<a href=\"events.html\" aria-current=\"page\">How events are collected</a>");
	free(html);
	page_close(&p);
}

/* The embedded documents fill in the run: the warehouse page lists the
 * table as built, the steps as text; every page renders. */
static void
test_embedded_documents(void **state)
{
	(void)state;
	struct page p;
	page_open(&p, 1);
	for (size_t i = 0; i < fr_docs_count(); i++) {
		char *html = render(&p, i);
		assert_has(html, "<!DOCTYPE html>");
		assert_has(html, "aria-current=\"page\"");
		assert_lacks(html, "<b>cart</b>");
		assert_lacks(html, "<script");
		assert_lacks(html, "{{"); /* nothing left unfilled */
		free(html);
	}
	char *html = render(&p, 4); /* warehouse.html */
	assert_has(html, "<title>The warehouse model - Shop &lt;&amp;&gt; report</title>");
	assert_has(html, "<h3>dim_user</h3>");
	assert_has(html, "<p>Kind: dimension. Rows in this run: 4242.</p>");
	assert_has(html, "<li><strong>user_key</strong> INTEGER</li>");
	/* the SQL as it ran, in a code block: shown, not interpreted */
	assert_has(html, "<pre><code class=\"language-sql\">CREATE TABLE dim_user(user_key INTEGER PRIMARY KEY, a1 TEXT)\n</code></pre>");
	free(html);
	page_close(&p);
}

static void
test_errors(void **state)
{
	(void)state;
	/* rendered before it was filled: an internal error, not a crash */
	struct page p;
	page_open(&p, 0);
	struct fr_buf out = FR_BUF_INIT;
	char *err = NULL;
	assert_int_equal(fr_docs_render(p.d, 0, &p.rep, &out, &err), FR_EIO);
	assert_non_null(strstr(err, "before fr_docs_fill"));
	free(err);
	err = NULL;
	page_close(&p);

	/* a broken override names the template and the line */
	override("events", "# Events\n\nfine\n\n{{#steps}}{{name}}\n");
	page_open(&p, 1);
	int rc = fr_docs_render(p.d, 1, &p.rep, &out, &err);
	assert_int_not_equal(rc, FR_OK);
	assert_non_null(err);
	assert_non_null(strstr(err, "docs/events.md"));
	assert_non_null(strstr(err, ":5"));
	free(err);
	fr_buf_free(&out);
	page_close(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_items, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_small_document, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_embedded_documents, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
