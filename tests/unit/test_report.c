/* test_report.c: the report model and the renderers that read it. The model
 * is built once from a run's result and figures; HTML and Markdown render
 * the same sections, every data string escaped for their format; the
 * outputs table writes each file it counts, and nothing else. */
#include "support.h"

#include <string.h>

#include "engine.h"
#include "render/html.h"
#include "render/md.h"
#include "render/outputs.h"
#include "render/plot.h"
#include "render/report.h"

/* Two groups, one with a name that HTML and Markdown must escape. */
static const struct eng_user users[] = {
    {"u1", "<b>x</b>|y"}, {"u2", "<b>x</b>|y"}, {"u3", "plain"}, {"u4", "plain"},
};
static const struct eng_event events[] = {
    {"u1", "a", 100}, {"u1", "b", 200}, {"u1", "c", 300}, {"u2", "a", 100},
    {"u3", "a", 100}, {"u3", "b", 150}, {"u4", "a", 100}, {"u4", "b", 400},
};
static const char *const steps[] = {"a", "b", "c"};

struct fixture {
	struct fr_result *r;
	struct fr_plot *plot;
	struct fr_templates *t;
	struct fr_report *rep;
};

static struct fixture
build(void)
{
	struct fixture f = {0};
	struct eng_opts o = {FR_ORDER_ORDERED, 0, 2, steps, 3, 0, 0};
	char *err = NULL;
	int rc;
	f.r = engine_run(&o, users, 4, events, 8, &rc, &err);
	assert_int_equal(rc, FR_OK);
	f.r->settings.title = fr_xstrdup("A & B <report>");
	f.r->settings.source = fr_xstrdup("test rows");
	assert_int_equal(fr_plot_build(f.r, &f.plot, &err), FR_OK);
	assert_int_equal(fr_plot_timeline(f.r, f.plot, &err), FR_OK);
	f.t = fr_templates_new(NULL);
	static const struct fr_file_note files[] = {{"data/funnel.csv", "every breakdown"}};
	static const struct fr_item docs[] = {{(char *)"Overview", (char *)"index.html", NULL, NULL}};
	struct fr_report_in in = {f.r, f.plot, f.t, docs, 1, files, 1};
	assert_int_equal(fr_report_build(&in, &f.rep, &err), FR_OK);
	return f;
}

static void
release(struct fixture *f)
{
	fr_report_free(f->rep);
	fr_templates_free(f->t);
	fr_plot_free(f->plot);
	fr_result_free(f->r);
}

static const struct fr_rsection *
find_section(const struct fr_report *rep, const char *id)
{
	for (size_t i = 0; i < rep->nsecs; i++)
		if (strcmp(rep->secs[i].id, id) == 0)
			return &rep->secs[i];
	return NULL;
}

/* The model: title and period as given, the parts in reading order, section
 * ids unique, the files listed as handed in, the sources borrowed. */
static void
test_model(void **state)
{
	(void)state;
	struct fixture f = build();
	assert_string_equal(f.rep->title, "A & B <report>");
	assert_ptr_equal(f.rep->result, f.r);
	assert_ptr_equal(f.rep->plot, f.plot);
	assert_true(f.rep->nsecs >= 5);
	for (size_t i = 0; i < f.rep->nsecs; i++)
		for (size_t j = i + 1; j < f.rep->nsecs; j++)
			assert_string_not_equal(f.rep->secs[i].id, f.rep->secs[j].id);
	const struct fr_rsection *files = find_section(f.rep, "files");
	assert_non_null(files);
	int listed = 0;
	for (size_t b = 0; b < files->nblocks; b++)
		for (size_t k = 0; k < files->blocks[b].nitems; k++)
			if (strcmp(files->blocks[b].items[k].label, "data/funnel.csv") == 0 &&
			    strcmp(files->blocks[b].items[k].value, "every breakdown") == 0)
				listed = 1;
	assert_true(listed);
	/* the segment's raw name is in the model: escaping is the renderer's */
	int raw = 0;
	for (size_t i = 0; i < f.rep->nsecs; i++)
		for (size_t b = 0; b < f.rep->secs[i].nblocks; b++) {
			const struct fr_rtable *t = f.rep->secs[i].blocks[b].table;
			for (size_t c = 0; t != NULL && c < t->nrows * t->ncols; c++)
				raw |= strstr(t->cells[c], "<b>x</b>|y") != NULL;
		}
	assert_true(raw);
	release(&f);
}

static void
test_html_escapes(void **state)
{
	(void)state;
	struct fixture f = build();
	struct fr_buf out = FR_BUF_INIT;
	char *err = NULL;
	assert_int_equal(fr_html_render(f.rep, &out, &err), FR_OK);
	const char *h = fr_buf_cstr(&out);
	assert_non_null(strstr(h, "A &amp; B &lt;report&gt;"));
	assert_null(strstr(h, "<b>x</b>"));
	assert_non_null(strstr(h, "&lt;b&gt;x&lt;/b&gt;|y"));
	assert_non_null(strstr(h, "<!DOCTYPE html>") ? strstr(h, "<!DOCTYPE html>") : strstr(h, "<!doctype html>"));
	fr_buf_free(&out);
	release(&f);
}

static void
test_markdown_escapes(void **state)
{
	(void)state;
	struct fixture f = build();
	struct fr_buf out = FR_BUF_INIT;
	char *err = NULL;
	assert_int_equal(fr_md_render(f.rep, &out, &err), FR_OK);
	const char *m = fr_buf_cstr(&out);
	assert_true(strncmp(m, "# ", 2) == 0);
	/* a | inside a table cell would split it: escaped */
	assert_null(strstr(m, "<b>x</b>|y"));
	assert_non_null(strstr(m, "\\|y"));
	fr_buf_free(&out);
	release(&f);
}

/* The outputs table: every file it counts is written once, and the paths
 * are the report's. */
struct seen {
	char *paths[256];
	size_t n;
	size_t steps;
};

static int
seen_write(void *ctx, const char *path, const struct fr_buf *data, char **err)
{
	(void)err;
	struct seen *s = ctx;
	assert_true(s->n < 256);
	for (size_t i = 0; i < s->n; i++)
		assert_string_not_equal(s->paths[i], path);
	assert_true(data->len > 0 || strcmp(path, "data/compare.csv") == 0);
	s->paths[s->n++] = fr_xstrdup(path);
	return FR_OK;
}

static int
seen_step(void *ctx, const char *name, char **err)
{
	(void)err, (void)name;
	((struct seen *)ctx)->steps++;
	return FR_OK;
}

static void
test_outputs_table(void **state)
{
	(void)state;
	struct fixture f = build();
	struct seen s = {{0}, 0, 0};
	struct fr_sink sink = {seen_write, seen_step, &s};
	char *err = NULL;
	/* counted before the run's own figures, as the publish stage does */
	struct fr_plot counted = *f.plot;
	counted.nfigs -= FR_PLOT_RUN_FIGS;
	counted.run_figs = false;
	size_t want = fr_outputs_count(f.r, &counted);
	assert_int_equal(fr_outputs_count(f.r, f.plot), want);
	assert_int_equal(fr_outputs_render(f.r, f.plot, f.t, &sink, &err), FR_OK);
	assert_int_equal(s.n, want);
	const char *must[] = {"data/funnel.csv", "data/summary.json", "index.html", "report.md",
	                      "report.pdf", "docs/index.html", "charts/funnel.png"};
	for (size_t k = 0; k < sizeof must / sizeof must[0]; k++) {
		int found = 0;
		for (size_t i = 0; i < s.n; i++)
			found |= strcmp(s.paths[i], must[k]) == 0;
		if (!found)
			fail_msg("%s was not written", must[k]);
	}
	for (size_t i = 0; i < s.n; i++) {
		assert_string_not_equal(s.paths[i], "data/compare.csv"); /* no --compare */
		free(s.paths[i]);
	}
	assert_true(s.steps > 5);
	release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_model),
	    cmocka_unit_test(test_html_escapes),
	    cmocka_unit_test(test_markdown_escapes),
	    cmocka_unit_test(test_outputs_table),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fr_plot_shutdown();
	return failed;
}
