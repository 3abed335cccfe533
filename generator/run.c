/* run.c: the stage graph, its timings and row counts, and the clean-up. */
#include "run.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include "analysis/analyze.h"
#include "source/badrows.h"
#include "analysis/compare.h"
#include "analysis/history.h"
#include "source/cubein.h"
#include "core/runlog.h"
#include "warehouse/loader.h"
#include "source/demo.h"
#include "source/eventlog.h"
#include "source/oltp.h"
#include "paths.h"
#include "source/postgres.h"
#include "render/outputs.h"
#include "render/plot.h"
#include "source/steptables.h"
#include "warehouse/extract.h"
#include "base/files.h"
#include "base/interrupt.h"
#include "warehouse/model.h"
#include "progress.h"
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
	bool first_night;      /* --compare DIR has no report yet */
	struct fr_history_prev *history; /* of the report replaced */
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
	struct fr_progress *pg = fr_progress_new(cfg, &rows); /* a terminal's progress, or NULL */
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
		rc = fr_fail(run->err, FR_EUSAGE, "this input is not yet supported");
		break;
	}
	fr_progress_free(pg);
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
	const struct fr_config *cfg = run->cfg;
	struct fr_analyze_opts o = {run->prev,
	                            cfg->gates,
	                            cfg->ngates,
	                            run->first_night ? cfg->compare : NULL,
	                            run->history,
	                            cfg->history > 0 ? (size_t)cfg->history : 0};
	int rc = fr_analyze_run(run->t, run->ld, &o, r, run->err);
	if (rc == FR_OK && r->analysis.history != NULL && r->analysis.history->restarted != NULL &&
	    cfg->notice != NULL) {
		char *msg = fr_xasprintf("the history starts again (see Data quality): %s",
		                         r->analysis.history->restarted);
		cfg->notice(cfg->notice_ctx, msg);
		free(msg);
	}
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

/* The sink of the outputs: the files go to the publish folder, and each
 * part is a step of the trace. */
static int
run_sink_write(void *ctx, const char *path, const struct fr_buf *data, char **err)
{
	struct run *run = ctx;
	return fr_publish_buf(run->pub, path, data, err);
}

static int
run_sink_step(void *ctx, const char *name, char **err)
{
	struct run *run = ctx;
	(void)err; /* run_step fails into run->err, which is err */
	return run_step(run, name);
}

static int
run_publish(struct run *run, struct fr_stage *st)
{
	struct fr_result *r = run->r;
	/* from a cube there is no warehouse, and the load is the earlier run's */
	int rc = run->cfg->input == FR_INPUT_CUBE ? FR_OK : run_load_done(run);
	st->rows_in = (int64_t)(r->analysis.nfunnel + r->analysis.nvisits);
	st->rows_out = (int64_t)fr_outputs_count(r, run->plot);
	st->rows_what = "files";
	/* The timeline, the summary and the reports show this stage too: they
	 * show its time so far (rendering, writing and the swap follow). */
	st->seconds = fr_monotonic_seconds() - run->t0 - st->start;
	st->ran = true;
	if (rc == FR_OK)
		rc = fr_plot_timeline(r, run->plot, run->err);
	struct fr_sink sink = {run_sink_write, run_sink_step, run};
	if (rc == FR_OK)
		rc = fr_outputs_render(r, run->plot, run->t, &sink, run->err);
	if (rc == FR_OK)
		rc = run_step(run, "swap");
	if (rc == FR_OK)
		rc = fr_publish_commit(run->pub, run->err);
	return rc;
}

/* The stage graph: each stage with the stages it needs finished first. */
enum run_stage_id { RUN_EXTRACT, RUN_MODEL, RUN_ANALYZE, RUN_PLOT, RUN_PUBLISH };
#define RUN_NEEDS(id) (1u << (id))

struct run_stage_def {
	const char *name;
	unsigned needs; /* RUN_NEEDS of each stage it waits for */
	int (*fn)(struct run *run, struct fr_stage *st);
};

static const struct run_stage_def run_stages[FR_NSTAGES] = {
    [RUN_EXTRACT] = {"extract", 0, run_extract},
    [RUN_MODEL] = {"model", RUN_NEEDS(RUN_EXTRACT), run_model},
    [RUN_ANALYZE] = {"analyze", RUN_NEEDS(RUN_MODEL), run_analyze},
    [RUN_PLOT] = {"plot", RUN_NEEDS(RUN_ANALYZE), run_plot},
    [RUN_PUBLISH] = {"publish", RUN_NEEDS(RUN_ANALYZE) | RUN_NEEDS(RUN_PLOT), run_publish},
};

/* The names of the stages def needs, comma-separated, kept by the log. */
static const char *
run_depends_text(struct fr_runlog *log, const struct run_stage_def *def)
{
	struct fr_buf b = FR_BUF_INIT;
	for (size_t i = 0; i < FR_NSTAGES; i++)
		if (def->needs & RUN_NEEDS(i))
			fr_buf_printf(&b, "%s%s", b.len > 0 ? "," : "", run_stages[i].name);
	const char *kept = fr_runlog_keep(log, fr_buf_cstr(&b));
	fr_buf_free(&b);
	return kept;
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
		r->log.stages[i].depends = run_depends_text(&r->log, &run_stages[i]);
	}
	for (;;) {
		unsigned done = 0;
		size_t i;
		for (i = 0; i < FR_NSTAGES; i++) /* a cube has done extract and model already */
			done |= r->log.stages[i].ran ? RUN_NEEDS(i) : 0;
		if (done == RUN_NEEDS(FR_NSTAGES) - 1)
			break;
		for (i = 0; i < FR_NSTAGES; i++)
			if (!(done & RUN_NEEDS(i)) && (run_stages[i].needs & ~done) == 0)
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

/* Said once on the first night (--compare DIR with no report yet), or when
 * a check of the comparison has no --compare: what will not be compared. */
static void
run_first_night(const struct fr_config *cfg, bool first)
{
	struct fr_buf b = FR_BUF_INIT;
	if (first)
		fr_buf_printf(&b, "--compare %s: no report there yet, so this is the first night: "
		                  "nothing to compare with",
		              cfg->compare);
	for (size_t i = 0; i < cfg->ngates; i++) {
		if (!cfg->gates[i].needs_compare || (cfg->compare != NULL && !first))
			continue;
		if (b.len == 0)
			fr_buf_puts(&b, "no --compare: nothing to compare with");
		fr_buf_printf(&b, "; --fail-on %s does not hold (no previous run)", cfg->gates[i].expr);
	}
	if (b.len > 0 && cfg->notice != NULL)
		cfg->notice(cfg->notice_ctx, fr_buf_cstr(&b));
	fr_buf_free(&b);
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
	run.first_night = cfg->compare != NULL && fr_compare_first_night(cfg->compare);
	if (rc == FR_OK && cfg->compare != NULL && !run.first_night)
		rc = fr_cubein_csv_safe(cfg->compare, &prev_safe, err);
	if (rc == FR_OK && cfg->compare != NULL && !run.first_night)
		rc = fr_compare_load(cfg->compare, prev_safe, &run.prev, err);
	if (rc == FR_OK)
		run_first_night(cfg, run.first_night);
	/* the history of the report this run replaces, carried across the swap */
	if (rc == FR_OK && cfg->history > 0)
		run.history = fr_history_load(cfg->out_dir, (size_t)cfg->history);
	if (rc == FR_OK && cfg->input == FR_INPUT_CUBE) {
		/* the cube stands for extract and model (and the load): what they
		 * did, if the cube's summary.json says, is shown as they did it */
		rc = fr_cubein_load(cfg->from_cube, run.r, cfg->title_given, cfg->max_combo_given, err);
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
	if (cfg->done != NULL)
		cfg->done(cfg->done_ctx, run.r);
	fr_extract_free(run.x);
	fr_wh_free(run.wh);
	fr_publish_free(run.pub);
	fr_templates_free(run.t);
	fr_plot_free(run.plot);
	fr_prev_free(run.prev);
	fr_history_prev_free(run.history);
	fr_result_free(run.r);
	return rc;
}
