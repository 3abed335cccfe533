/* test_pdf.c: the PDF renderer (pdf.c) on hand-made report models: long
 * labels are cut before Pango lays them out, so their cost stays bounded. */
#include "support.h"

#include "render/chart.h"
#include "render/pdf.h"
#include "render/report.h"
#include "base/util.h"

/* A report of one section: a paragraph, and a table whose cells are the
 * given labels, each in a row with its step and a number. */
static struct fr_report *
hand_report(const char *const *labels, size_t n, const char *paragraph)
{
	struct fr_report *rep = fr_xcalloc(1, sizeof *rep);
	rep->title = fr_xstrdup(labels[0]);
	rep->lede = fr_xstrdup(paragraph);
	rep->generated = fr_xstrdup("funnel-report test");
	rep->secs = fr_xcalloc(1, sizeof *rep->secs);
	rep->nsecs = 1;
	struct fr_rsection *s = &rep->secs[0];
	s->id = fr_xstrdup("breakdowns");
	s->title = fr_xstrdup(labels[n - 1]);
	s->level = 1;
	s->blocks = fr_xcalloc(2, sizeof *s->blocks);
	s->nblocks = 2;
	s->blocks[0].kind = FR_RB_TEXT;
	s->blocks[0].text = fr_xstrdup(paragraph);
	s->blocks[1].kind = FR_RB_TABLE;
	struct fr_rtable *t = fr_xcalloc(1, sizeof *t);
	s->blocks[1].table = t;
	t->caption = fr_xstrdup(labels[0]);
	t->ncols = 3;
	t->head = fr_xcalloc(3, sizeof *t->head);
	t->numeric = fr_xcalloc(3, sizeof *t->numeric);
	t->head[0] = fr_xstrdup(labels[n - 1]);
	t->head[1] = fr_xstrdup("Step");
	t->head[2] = fr_xstrdup("Users");
	t->numeric[2] = true;
	t->group_col = 0;
	t->nrows = 6 * n;
	t->cells = fr_xcalloc(t->nrows * 3, sizeof *t->cells);
	for (size_t r = 0; r < t->nrows; r++) {
		t->cells[r * 3] = fr_xstrdup(labels[r / 6]);
		t->cells[r * 3 + 1] = fr_xstrdup(labels[(r + 1) % n]);
		t->cells[r * 3 + 2] = fr_xasprintf("%zu", r * 1000);
	}
	return rep;
}

/*
 * Issue 12.10 (docs/BAD_INPUTS.md 40): two distinct 50 KB values made the
 * PDF layout take 35 to 82 s (Pango's wrapping grows faster than the
 * text). Every text is cut before the layout, so the same report is as
 * quick as one of short names, and still a PDF.
 */
static void
test_long_labels_are_cut(void **state)
{
	(void)state;
	size_t len = 50 * 1024;
	char *a = fr_xmalloc(len + 1), *b = fr_xmalloc(len + 1), *p = fr_xmalloc(4 * len + 1);
	for (size_t i = 0; i < len; i++) {
		a[i] = (char)('a' + i % 26);
		b[i] = (char)('A' + i % 26);
	}
	a[len] = b[len] = '\0';
	for (size_t i = 0; i < 4 * len; i++)
		p[i] = i % 7 == 6 ? ' ' : 'w';
	p[4 * len] = '\0';
	const char *labels[] = {a, b, a, b};
	struct fr_report *rep = hand_report(labels, 4, p);
	struct fr_buf pdf = FR_BUF_INIT;
	char *err = NULL;
	double t0 = fr_monotonic_seconds();
	int rc = fr_pdf_render(rep, &pdf, &err);
	double took = fr_monotonic_seconds() - t0;
	if (rc != FR_OK)
		print_error("%s\n", err ? err : "(no message)");
	assert_int_equal(rc, FR_OK);
	assert_true(pdf.len > 1000);
	assert_memory_equal(pdf.ptr, "%PDF-", 5);
	if (took > 10)
		print_error("the PDF took %.1f s\n", took);
	assert_true(took < 10); /* measured: 0.1 s; before the cut, minutes */
	fr_buf_free(&pdf);
	fr_report_free(rep);
	free(a);
	free(b);
	free(p);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_long_labels_are_cut),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fr_chart_shutdown(); /* Pango's font caches, so leak checking sees a clean exit */
	return failed;
}
