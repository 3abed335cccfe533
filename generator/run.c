/* run.c: the stage graph, its timings and row counts, and the clean-up. */
#include "run.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include "analysis/analyze.h"
#include "source/badrows.h"
#include "render/chart.h"
#include "analysis/compare.h"
#include "source/cubein.h"
#include "warehouse/loader.h"
#include "render/datafiles.h"
#include "source/demo.h"
#include "render/docs.h"
#include "source/eventlog.h"
#include "render/md.h"
#include "source/oltp.h"
#include "paths.h"
#include "render/pdf.h"
#include "source/postgres.h"
#include "render/report.h"
#include "render/plot.h"
#include "source/steptables.h"
#include "warehouse/extract.h"
#include "render/html.h"
#include "base/files.h"
#include "base/interrupt.h"
#include "warehouse/model.h"
#include "publish.h"
#include "base/timestamp.h"
#include "warehouse/warehouse.h"

struct run {
	const struct fr_config *cfg;
	struct fr_badrows bad;
	struct fr_templates *t;
	struct fr_wh *wh;
	struct fr_loader *ld;
	struct fr_extract *x;
	struct fr_publish *pub;
	struct fr_result *r;
	struct fr_plot *plot;
	struct fr_prev *prev;  /* --compare: the previous run's funnel */
	double t0;             /* the start of the run */
	char **err;
};

/* Tells the trace (FR_TRACE, for the tests of signals) where the run is:
 * a stage, or a step inside publish. Also a place to stop at a signal. */
static int
run_step(struct run *run, const char *step)
{
	if (run->cfg->trace != NULL)
		run->cfg->trace(run->cfg->trace_ctx, step);
	return fr_interrupt_pending() ? fr_fail(run->err, FR_EINTR, "interrupted") : FR_OK;
}

static int
run_extract(struct run *run, struct fr_stage *st)
{
	const struct fr_config *cfg = run->cfg;
	struct fr_stage *load = &run->r->log.load;
	load->name = "load";
	load->depends = "extract";
	load->start = fr_monotonic_seconds() - run->t0;
	load->rows_what = "warehouse rows written or deleted";
	int rc = fr_loader_start(run->wh, &run->ld, run->err);
	if (rc == FR_OK)
		rc = fr_extract_new(run->ld, &run->x, run->err);
	if (rc != FR_OK)
		return rc;
	if (cfg->steps != NULL) {
		fr_extract_steps(run->x, cfg->steps, cfg->step_pages, cfg->nsteps);
	} else if (cfg->input == FR_INPUT_DEMO) {
		fr_extract_steps(run->x, (char *const *)fr_demo_steps, NULL, FR_DEMO_NSTEPS);
	} else if (cfg->input == FR_INPUT_STEP_TABLES) {
		char **steps = fr_xcalloc(cfg->nstep_tables + 1, sizeof *steps);
		for (size_t i = 0; i < cfg->nstep_tables; i++)
			steps[i] = cfg->step_tables[i].name;
		fr_extract_steps(run->x, steps, NULL, cfg->nstep_tables);
		free(steps);
	}
	struct fr_rows rows;
	fr_extract_rows(run->x, &rows);
	fr_extract_bad_rows(run->x, &run->bad);
	switch (cfg->input) {
	case FR_INPUT_DEMO:
		rc = fr_demo_generate(cfg->demo_users, cfg->seed, &rows, run->err);
		break;
	case FR_INPUT_EVENT_LOG:
		rc = fr_eventlog_extract(cfg->users_csv, cfg->events_csv, &rows, &run->bad, run->err);
		break;
	case FR_INPUT_OLTP:
		rc = fr_oltp_extract(cfg->oltp, &rows, &run->bad, run->err);
		break;
	case FR_INPUT_POSTGRES: {
		struct fr_postgres_opts po = {cfg->oltp_max_rate, cfg->oltp_timeout};
		rc = fr_postgres_extract(cfg->oltp, &po, &rows, &run->bad, run->err);
		break;
	}
	case FR_INPUT_STEP_TABLES:
		rc = fr_steptables_extract(cfg->user_table, cfg->step_tables, cfg->nstep_tables, &rows,
		                           &run->bad, run->err);
		break;
	default:
		return fr_fail(run->err, FR_EUSAGE, "this input is not yet supported");
	}
	run->r->log.quality.bad_rows_skipped = run->bad.skipped;
	if (rc == FR_OK)
		rc = fr_extract_finish(run->x, run->err);
	struct fr_extract_counts c;
	fr_extract_counts(run->x, &c);
	st->rows_in = c.users_read + c.events_read;
	st->rows_out = c.staged_visits;
	st->rows_what = "visits staged by user";
	return rc;
}

static int
run_model(struct run *run, struct fr_stage *st)
{
	const struct fr_config *cfg = run->cfg;
	struct fr_model_opts o = {cfg->dims, cfg->ndims};
	int rc = fr_model_build(run->x, run->ld, &o, run->r, run->err);
	struct fr_extract_counts c;
	fr_extract_counts(run->x, &c);
	st->rows_in = c.staged_visits;
	st->rows_out = run->r->log.quality.page_visits;
	st->rows_what = "visits kept (repeats out)";
	return rc;
}

static int
run_analyze(struct run *run, struct fr_stage *st)
{
	struct fr_result *r = run->r;
	struct fr_analyze_opts o = {run->prev, run->cfg->gates, run->cfg->ngates};
	int rc = fr_analyze_run(run->t, run->ld, &o, r, run->err);
	int64_t rows = 0;
	for (size_t i = 0; i < r->analysis.nfunnel; i++)
		rows += (int64_t)(r->analysis.funnel[i].nsegs * r->cube.nsteps);
	st->rows_in = (int64_t)(r->cube.tables[FR_FUNNEL].nrows + r->cube.tables[FR_VISITS].nrows);
	st->rows_out = rows;
	st->rows_what = "funnel rows rolled up";
	return rc;
}

static int
run_plot(struct run *run, struct fr_stage *st)
{
	int rc = fr_plot_build(run->r, &run->plot, run->err);
	st->rows_in = (int64_t)(run->r->analysis.nfunnel + run->r->analysis.nvisits);
	st->rows_out = rc == FR_OK ? (int64_t)run->plot->nfigs : 0;
	st->rows_what = "charts (PNG and SVG each)";
	return rc;
}

/* Waits for the warehouse load, then describes it and keeps a copy if asked. */
static int
run_load_done(struct run *run)
{
	struct fr_stage *load = &run->r->log.load;
	int rc = run_step(run, "load");
	if (rc != FR_OK)
		return rc;
	rc = fr_loader_finish(run->ld, 0, &load->rows_out, run->err);
	run->ld = NULL;
	load->seconds = fr_monotonic_seconds() - run->t0 - load->start;
	load->ran = true;
	if (rc == FR_OK)
		rc = fr_model_describe(run->wh, run->r, run->err);
	if (rc == FR_OK && run->cfg->keep_warehouse != NULL)
		rc = fr_wh_keep(run->wh, run->cfg->keep_warehouse, run->err);
	return rc;
}

static int
run_publish(struct run *run, struct fr_stage *st)
{
	struct fr_result *r = run->r;
	enum { FUNNEL, VISITS, CUBE, VCUBE, SUMMARY, HTML, MD, PDF, NFIXED };
	static const char *const paths[NFIXED] = {
	    "data/funnel.csv", "data/visits.csv", "data/cube_funnel.csv", "data/cube_visits.csv",
	    "data/summary.json", "index.html", "report.md", "report.pdf",
	};
	struct fr_buf files[NFIXED];
	memset(files, 0, sizeof files);
	struct fr_docs *docs = NULL;
	const struct fr_item *items = NULL;
	/* from a cube there is no warehouse, and the load is the earlier run's */
	int rc = run->cfg->input == FR_INPUT_CUBE ? FR_OK : run_load_done(run);
	if (rc == FR_OK)
		rc = run_step(run, "data files");
	if (rc == FR_OK)
		rc = fr_docs_new(run->t, &docs, run->err);
	size_t ndocs = rc == FR_OK ? fr_docs_items(docs, &items) : 0;
	st->rows_in = (int64_t)(r->analysis.nfunnel + r->analysis.nvisits);
	st->rows_out = NFIXED + (int64_t)ndocs + 2 * (int64_t)(run->plot->nfigs + 2);
	st->rows_what = "files";
	fr_datafiles_funnel(r, &files[FUNNEL]);
	fr_datafiles_visits(r, &files[VISITS]);
	fr_datafiles_cube(r, FR_FUNNEL, &files[CUBE]);
	fr_datafiles_cube(r, FR_VISITS, &files[VCUBE]);
	/* The timeline, the summary and the reports show this stage too, so
	 * they come last and show its time so far (the data files; rendering,
	 * writing and the swap follow). */
	st->seconds = fr_monotonic_seconds() - run->t0 - st->start;
	st->ran = true;
	if (rc == FR_OK)
		rc = fr_plot_timeline(r, run->plot, run->err);
	fr_datafiles_summary(r, &files[SUMMARY]);
	struct fr_report *rep = NULL;
	if (rc == FR_OK)
		rc = run_step(run, "report");
	if (rc == FR_OK)
		rc = fr_report_build(r, run->plot, items, ndocs, &rep, run->err);
	if (rc == FR_OK)
		rc = run_step(run, "html");
	if (rc == FR_OK)
		rc = fr_html_render(rep, run->t, &files[HTML], run->err);
	if (rc == FR_OK)
		rc = run_step(run, "markdown");
	if (rc == FR_OK)
		rc = fr_md_render(rep, &files[MD], run->err);
	if (rc == FR_OK)
		rc = run_step(run, "pdf");
	if (rc == FR_OK)
		rc = fr_pdf_render(rep, &files[PDF], run->err);
	if (rc == FR_OK)
		rc = run_step(run, "write");
	for (size_t i = 0; rc == FR_OK && i < NFIXED; i++)
		rc = fr_publish_buf(run->pub, paths[i], &files[i], run->err);
	if (rc == FR_OK && !r->cube.no_times) { /* without times there is nothing to measure */
		struct fr_buf ttc = FR_BUF_INIT;
		fr_datafiles_ttc(r, &ttc);
		rc = fr_publish_buf(run->pub, "data/time_to_convert.csv", &ttc, run->err);
		fr_buf_free(&ttc);
	}
	if (rc == FR_OK && r->analysis.compare != NULL) {
		struct fr_buf cmp = FR_BUF_INIT;
		fr_datafiles_compare(r, &cmp);
		rc = fr_publish_buf(run->pub, "data/compare.csv", &cmp, run->err);
		fr_buf_free(&cmp);
	}
	if (rc == FR_OK)
		rc = run_step(run, "docs");
	if (rc == FR_OK)
		rc = fr_docs_fill(docs, r, run->t, run->err);
	for (size_t i = 0; rc == FR_OK && i < ndocs; i++) {
		struct fr_buf page = FR_BUF_INIT;
		rc = fr_interrupt_pending() ? fr_fail(run->err, FR_EINTR, "interrupted")
		                            : fr_docs_render(docs, i, rep, run->t, &page, run->err);
		char *path = fr_xasprintf("docs/%s", items[i].value);
		if (rc == FR_OK)
			rc = fr_publish_buf(run->pub, path, &page, run->err);
		free(path);
		fr_buf_free(&page);
	}
	for (size_t i = 0; rc == FR_OK && i < run->plot->nfigs; i++) {
		const struct fr_figure *f = &run->plot->figs[i];
		char *png = fr_xasprintf("charts/%s.png", f->slug);
		char *svg = fr_xasprintf("charts/%s.svg", f->slug);
		rc = fr_publish_buf(run->pub, png, &f->png, run->err);
		if (rc == FR_OK)
			rc = fr_publish_buf(run->pub, svg, &f->svg, run->err);
		free(png);
		free(svg);
	}
	fr_report_free(rep);
	fr_docs_free(docs);
	for (size_t i = 0; i < NFIXED; i++)
		fr_buf_free(&files[i]);
	if (rc == FR_OK)
		rc = run_step(run, "swap");
	if (rc == FR_OK)
		rc = fr_publish_commit(run->pub, run->err);
	return rc;
}

struct run_stage_def {
	const char *name;
	const char *depends; /* comma-separated names of earlier stages */
	int (*fn)(struct run *run, struct fr_stage *st);
};

static const struct run_stage_def run_stages[FR_NSTAGES] = {
    {"extract", "", run_extract},
    {"model", "extract", run_model},
    {"analyze", "model", run_analyze},
    {"plot", "analyze", run_plot},
    {"publish", "analyze,plot", run_publish},
};

/* Whether every stage that def depends on has finished. */
static int
run_ready(const struct run_stage_def *def, const struct fr_stage *done)
{
	const char *p = def->depends;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		int found = 0;
		for (size_t i = 0; i < FR_NSTAGES; i++)
			if (done[i].ran && strlen(run_stages[i].name) == len &&
			    strncmp(run_stages[i].name, p, len) == 0)
				found = 1;
		if (!found)
			return 0;
		p += len + (p[len] == ',');
	}
	return 1;
}

/* Runs the stages in an order their dependencies allow, one at a time. */
static int
run_graph(struct run *run)
{
	struct fr_result *r = run->r;
	/* stages done before (a cube's extract and model) keep what is known of
	 * them: their record, or no name when nothing is known */
	for (size_t i = 0; i < FR_NSTAGES; i++) {
		if (r->log.stages[i].ran)
			continue;
		r->log.stages[i].name = run_stages[i].name;
		r->log.stages[i].depends = run_stages[i].depends;
	}
	for (;;) {
		size_t i, left = 0;
		for (i = 0; i < FR_NSTAGES; i++)
			left += !r->log.stages[i].ran; /* a cube has done extract and model already */
		if (left == 0)
			break;
		for (i = 0; i < FR_NSTAGES; i++)
			if (!r->log.stages[i].ran && run_ready(&run_stages[i], r->log.stages))
				break;
		if (i == FR_NSTAGES)
			return fr_fail(run->err, FR_EIO, "internal: the stage graph has a cycle");
		int rc = run_step(run, run_stages[i].name);
		if (rc != FR_OK)
			return rc;
		struct fr_stage *st = &r->log.stages[i];
		st->start = fr_monotonic_seconds() - run->t0; /* a stage may read its own start */
		rc = run_stages[i].fn(run, st);
		st->seconds = fr_monotonic_seconds() - run->t0 - st->start;
		st->ran = true;
		if (rc != FR_OK)
			return rc;
		if (run->cfg->progress != NULL)
			run->cfg->progress(run->cfg->progress_ctx, st);
	}
	return FR_OK;
}

static int
run_setup_result(const struct fr_config *cfg, struct fr_result *r, char **err)
{
	r->settings.title = fr_xstrdup(cfg->title);
	r->settings.order = cfg->order;
	r->settings.window_days = cfg->window_days;
	r->settings.max_combo = cfg->max_combo;
	r->settings.max_segments = cfg->max_segments;
	r->settings.timings = cfg->timings;
	r->settings.csv_safe = cfg->csv_safe;
	switch (cfg->input) {
	case FR_INPUT_DEMO:
		r->settings.source = fr_xasprintf("Embedded demo data (%lld users, seed %llu)",
		                         (long long)cfg->demo_users, (unsigned long long)cfg->seed);
		break;
	case FR_INPUT_EVENT_LOG:
		r->settings.source = fr_xasprintf("Event log %s and %s", cfg->users_csv, cfg->events_csv);
		break;
	case FR_INPUT_OLTP:
		r->settings.source = fr_xasprintf("OLTP database %s", cfg->oltp);
		break;
	case FR_INPUT_POSTGRES: {
		char *name = fr_postgres_display(cfg->oltp); /* never the password */
		r->settings.source = fr_xasprintf("OLTP database %s", name);
		free(name);
		break;
	}
	case FR_INPUT_STEP_TABLES:
		r->settings.source = fr_xasprintf("User table %s and %zu step tables", cfg->user_table,
		                         cfg->nstep_tables);
		break;
	case FR_INPUT_CUBE:
		r->settings.source = fr_xasprintf("Cube files in %s", cfg->from_cube);
		break;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde != NULL && *sde != '\0') {
		int64_t t;
		if (fr_parse_i64(sde, 0, 253402300799, &t) != 0)
			return fr_fail(err, FR_EUSAGE, "SOURCE_DATE_EPOCH=%s: expected seconds since 1970", sde);
		char buf[FR_TIMESTAMP_BUFSZ];
		fr_timestamp_iso(t, buf);
		r->settings.generated_at = fr_xstrdup(buf);
	}
	return FR_OK;
}

/* The checks that held, as one line for main to print; NULL if none. */
static char *
run_gate_message(const struct fr_result *r)
{
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < r->analysis.nchecks; i++) {
		if (!r->analysis.checks[i].held)
			continue;
		char v[48];
		fr_gate_format(r->analysis.checks[i].value, v, sizeof v);
		fr_buf_printf(&b, "%s--fail-on %s held (%s is %s)", b.len ? "; " : "", r->analysis.checks[i].expr,
		              r->analysis.checks[i].metric, v);
	}
	return b.len ? fr_buf_detach(&b) : (fr_buf_free(&b), NULL);
}

int
fr_run(const struct fr_config *cfg, int *signal, char **gate, char **err)
{
	struct run run = {0};
	run.cfg = cfg;
	run.t0 = fr_monotonic_seconds();
	run.err = err;
	run.bad.max = cfg->max_bad_rows;
	run.bad.warn = cfg->warn;
	run.bad.warn_ctx = cfg->warn_ctx;
	*signal = 0;
	fr_interrupt_install();
	run.r = fr_result_new();
	int rc = run_setup_result(cfg, run.r, err);
	if (rc == FR_OK && cfg->templates_dir != NULL) {
		struct stat st;
		if (stat(cfg->templates_dir, &st) != 0 || !S_ISDIR(st.st_mode))
			rc = fr_fail(err, FR_EUSAGE, "--templates %s: not a directory", cfg->templates_dir);
	}
	/* Cheap checks first, so a bad -o or environment fails before the heavy work. */
	if (rc == FR_OK)
		rc = fr_paths_check(cfg, err);
	if (rc == FR_OK)
		rc = fr_files_check_tmpdirs(err);
	if (rc == FR_OK)
		rc = fr_chart_check_fonts(err);
	if (rc == FR_OK)
		rc = fr_publish_begin(cfg->out_dir, &run.pub, err);
	if (rc == FR_OK && cfg->note != NULL) {
		const char *const *swept;
		size_t n = fr_publish_swept(run.pub, &swept);
		for (size_t i = 0; i < n; i++) {
			char *msg = fr_xasprintf("removed %s, the build folder of a run that was killed", swept[i]);
			cfg->note(cfg->note_ctx, msg);
			free(msg);
		}
	}
	if (rc == FR_OK)
		run.t = fr_templates_new(cfg->templates_dir);
	/* read under the lock: --compare may name OUT_DIR itself; a report
	 * written --csv-safe says so in its summary.json */
	bool prev_safe = false;
	if (rc == FR_OK && cfg->compare != NULL)
		rc = fr_cubein_csv_safe(cfg->compare, run.t, &prev_safe, err);
	if (rc == FR_OK && cfg->compare != NULL)
		rc = fr_compare_load(cfg->compare, prev_safe, &run.prev, err);
	if (rc == FR_OK && cfg->input == FR_INPUT_CUBE) {
		/* the cube stands for extract and model (and the load): what they
		 * did, if the cube's summary.json says, is shown as they did it */
		rc = fr_cubein_load(cfg->from_cube, run.r, cfg->title_given, cfg->max_combo_given, run.t,
		                    err);
		run.r->log.stages[0].ran = run.r->log.stages[1].ran = true;
	} else if (rc == FR_OK) {
		rc = fr_wh_open(&run.wh, run.t, err);
	}
	if (rc == FR_OK)
		rc = run_graph(&run);
	if (gate != NULL)
		*gate = rc == FR_OK ? run_gate_message(run.r) : NULL;
	if (rc == FR_EINTR || fr_interrupt_pending())
		*signal = fr_interrupt_pending();
	/* A failed run drops the load; if the loader failed first, its message
	 * (a full disk, say) is the one to show. */
	fr_loader_finish(run.ld, 1, NULL, err);
	if (rc != FR_OK && err != NULL && *err == NULL)
		*err = fr_xstrdup("the warehouse loader failed");
	fr_extract_free(run.x);
	fr_wh_free(run.wh);
	fr_publish_free(run.pub);
	fr_templates_free(run.t);
	fr_plot_free(run.plot);
	fr_prev_free(run.prev);
	fr_result_free(run.r);
	return rc;
}
