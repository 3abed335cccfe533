/* outputs.c: the table of a report's files. One row per output, in the order
 * they are rendered: the data files first (the cheapest, and what a pipeline
 * reads), then the three formats, the documents and the charts. */
#include "render/outputs.h"

#include <stdlib.h>

#include "base/util.h"
#include "render/datafiles.h"
#include "render/docs.h"
#include "render/historycsv.h"
#include "render/html.h"
#include "render/md.h"
#include "render/pdf.h"
#include "render/report.h"

struct outputs_row {
	const char *step;  /* what the trace calls it */
	const char *path;  /* the one file it writes, or NULL: it names its own */
	const char *about; /* what it holds, for the report's list of files; NULL: unlisted */
	/* how many files it writes for r (NULL: one); 0 leaves it out */
	size_t (*count)(const struct fr_result *r, const struct fr_plot *plot);
	/* a row with a path renders into a buffer; one without writes its files */
	int (*render)(const struct fr_report *rep, struct fr_buf *out, char **err);
	int (*render_all)(const struct fr_report *rep, const struct fr_sink *out, char **err);
};

static size_t outputs_if_times(const struct fr_result *r, const struct fr_plot *plot);
static size_t outputs_if_compare(const struct fr_result *r, const struct fr_plot *plot);
static size_t outputs_if_history(const struct fr_result *r, const struct fr_plot *plot);
static size_t outputs_docs_count(const struct fr_result *r, const struct fr_plot *plot);
static size_t outputs_charts_count(const struct fr_result *r, const struct fr_plot *plot);
static int outputs_docs(const struct fr_report *rep, const struct fr_sink *out, char **err);
static int outputs_charts(const struct fr_report *rep, const struct fr_sink *out, char **err);

static const struct outputs_row outputs_rows[] = {
    {"data files", "data/funnel.csv", "every funnel breakdown, every step", NULL,
     fr_datafiles_funnel, NULL},
    {"data files", "data/visits.csv", "visits and visitors per step and month", NULL,
     fr_datafiles_visits, NULL},
    {"data files", "data/cube_funnel.csv", "the funnel cube, the finest grain", NULL,
     fr_datafiles_cube_funnel, NULL},
    {"data files", "data/cube_visits.csv", "the visits cube", NULL, fr_datafiles_cube_visits, NULL},
    {"data files", "data/time_to_convert.csv", "time from entry to each step", outputs_if_times,
     fr_datafiles_ttc, NULL},
    {"data files", "data/summary.json", "totals, data quality, definitions and stages", NULL,
     fr_datafiles_summary, NULL},
    {"data files", "data/compare.csv", "each step against the previous run", outputs_if_compare,
     fr_datafiles_compare, NULL},
    {"data files", "data/history.csv", "every run of this report: entered, converted, each step, "
     "the checks that held", outputs_if_history, fr_historycsv_render, NULL},
    {"html", "index.html", NULL, NULL, fr_html_render, NULL},
    {"markdown", "report.md", "this report as Markdown", NULL, fr_md_render, NULL},
    {"pdf", "report.pdf", "this report as a PDF, for reviews", NULL, fr_pdf_render, NULL},
    {"docs", NULL, NULL, outputs_docs_count, NULL, outputs_docs},
    {"charts", NULL, NULL, outputs_charts_count, NULL, outputs_charts},
};
#define OUTPUTS_N (sizeof outputs_rows / sizeof outputs_rows[0])

/* without times there is nothing to measure */
static size_t
outputs_if_times(const struct fr_result *r, const struct fr_plot *plot)
{
	(void)plot;
	return !r->cube.no_times;
}

static size_t
outputs_if_compare(const struct fr_result *r, const struct fr_plot *plot)
{
	(void)plot;
	return r->analysis.compare != NULL;
}

static size_t
outputs_if_history(const struct fr_result *r, const struct fr_plot *plot)
{
	(void)plot;
	return r->analysis.history != NULL;
}

static size_t
outputs_docs_count(const struct fr_result *r, const struct fr_plot *plot)
{
	(void)r, (void)plot;
	return fr_docs_count();
}

/* each figure as PNG and SVG; the run's own figures are drawn after the count */
static size_t
outputs_charts_count(const struct fr_result *r, const struct fr_plot *plot)
{
	(void)r;
	return 2 * (plot->nfigs + (plot->run_figs ? 0 : FR_PLOT_RUN_FIGS));
}

static size_t
outputs_row_count(const struct outputs_row *row, const struct fr_result *r,
                  const struct fr_plot *plot)
{
	return row->count != NULL ? row->count(r, plot) : 1;
}

size_t
fr_outputs_count(const struct fr_result *r, const struct fr_plot *plot)
{
	size_t n = 0;
	for (size_t i = 0; i < OUTPUTS_N; i++)
		n += outputs_row_count(&outputs_rows[i], r, plot);
	return n;
}

/* The documents: filled once from the result, then a page each. */
static int
outputs_docs(const struct fr_report *rep, const struct fr_sink *out, char **err)
{
	struct fr_docs *docs = NULL;
	int rc = fr_docs_new(rep->templates, &docs, err);
	if (rc == FR_OK)
		rc = fr_docs_fill(docs, rep->result, rep->templates, err);
	const struct fr_item *items = NULL;
	size_t n = rc == FR_OK ? fr_docs_items(docs, &items) : 0;
	for (size_t i = 0; rc == FR_OK && i < n; i++) {
		struct fr_buf page = FR_BUF_INIT;
		rc = out->step(out->ctx, "docs", err);
		if (rc == FR_OK)
			rc = fr_docs_render(docs, i, rep, &page, err);
		char *path = fr_xasprintf("docs/%s", items[i].value);
		if (rc == FR_OK)
			rc = out->write(out->ctx, path, &page, err);
		free(path);
		fr_buf_free(&page);
	}
	fr_docs_free(docs);
	return rc;
}

/* Every figure, as PNG and as SVG. */
static int
outputs_charts(const struct fr_report *rep, const struct fr_sink *out, char **err)
{
	int rc = FR_OK;
	for (size_t i = 0; rc == FR_OK && i < rep->plot->nfigs; i++) {
		const struct fr_figure *f = &rep->plot->figs[i];
		char *png = fr_xasprintf("charts/%s.png", f->slug);
		char *svg = fr_xasprintf("charts/%s.svg", f->slug);
		rc = out->write(out->ctx, png, &f->png, err);
		if (rc == FR_OK)
			rc = out->write(out->ctx, svg, &f->svg, err);
		free(png);
		free(svg);
	}
	return rc;
}

/* The report model: the documents' titles to link to, and the listed files
 * of this run (the ones the table writes, with what they hold). */
static int
outputs_report(const struct fr_result *r, const struct fr_plot *plot, struct fr_templates *t,
               struct fr_report **rep, char **err)
{
	struct fr_docs *docs = NULL;
	int rc = fr_docs_new(t, &docs, err);
	if (rc != FR_OK)
		return rc;
	struct fr_report_in in = {r, plot, t, NULL, 0, NULL, 0};
	in.ndocs = fr_docs_items(docs, &in.docs);
	struct fr_file_note files[OUTPUTS_N];
	for (size_t i = 0; i < OUTPUTS_N; i++) {
		const struct outputs_row *row = &outputs_rows[i];
		if (row->about != NULL && outputs_row_count(row, r, plot) > 0)
			files[in.nfiles++] = (struct fr_file_note){row->path, row->about};
	}
	in.files = files;
	rc = fr_report_build(&in, rep, err);
	fr_docs_free(docs);
	return rc;
}

int
fr_outputs_render(const struct fr_result *r, const struct fr_plot *plot, struct fr_templates *t,
                  const struct fr_sink *out, char **err)
{
	struct fr_report *rep = NULL;
	int rc = out->step(out->ctx, "report", err);
	if (rc == FR_OK)
		rc = outputs_report(r, plot, t, &rep, err);
	for (size_t i = 0; rc == FR_OK && i < OUTPUTS_N; i++) {
		const struct outputs_row *row = &outputs_rows[i];
		if (outputs_row_count(row, r, plot) == 0)
			continue;
		rc = out->step(out->ctx, row->step, err);
		if (rc != FR_OK)
			break;
		if (row->render_all != NULL) {
			rc = row->render_all(rep, out, err);
			continue;
		}
		struct fr_buf file = FR_BUF_INIT;
		rc = row->render(rep, &file, err);
		if (rc == FR_OK)
			rc = out->write(out->ctx, row->path, &file, err);
		fr_buf_free(&file);
	}
	fr_report_free(rep);
	return rc;
}
