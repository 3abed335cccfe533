/* main.c: the command line. The only place that prints to the user or exits. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/buf.h"
#include "render/chart.h"
#include "render/plot.h"
#include "cli.h"
#include "source/demo.h"
#include "base/interrupt.h"
#include "outcome.h"
#include "run.h"
#include "base/version.h"

/* Where the run's lines go: progress lines for a person (a terminal, or
 * -v), one summary line for a log without one, JSON objects for --log json
 * (on stderr instead of every other line, or into its FILE beside them). */
struct main_out {
	bool lines;       /* progress lines */
	bool plain;       /* any line for a person on stderr: not -q, not JSON there */
	bool tty;         /* stderr is a terminal: a long stage's progress in place */
	bool ticking;     /* a progress line is showing, to be overwritten */
	FILE *json;       /* --log json: stderr or its FILE; NULL without */
	struct fr_outcome outcome;
	double t0;
};

/* Ends a progress line shown in place, so the next line starts clean. */
static void
main_untick(struct main_out *m)
{
	if (m->ticking)
		fputs("\r\033[K", stderr);
	m->ticking = false;
}

static void
main_json(struct main_out *m, struct fr_buf *b)
{
	if (m->json != NULL) {
		fputs(fr_buf_cstr(b), m->json);
		fflush(m->json);
	}
	fr_buf_free(b);
}

static void
main_progress(void *ctx, const struct fr_stage *st)
{
	struct main_out *m = ctx;
	struct fr_buf b = FR_BUF_INIT;
	if (m->json != NULL) {
		fr_outcome_json_stage(st, &b);
		main_json(m, &b);
	}
	if (!m->lines)
		return;
	main_untick(m);
	fr_buf_printf(&b, "funnel-report: %-8s %7.2f s  ", st->name, st->seconds);
	fr_buf_put_count(&b, st->rows_out);
	fr_buf_printf(&b, " %s\n", st->rows_what != NULL ? st->rows_what : "rows");
	fputs(fr_buf_cstr(&b), stderr);
	fr_buf_free(&b);
}

/* A long stage's progress, in place: at most a few times a second. */
static void
main_tick(void *ctx, const struct fr_tick *t)
{
	struct main_out *m = ctx;
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_printf(&b, "\r\033[Kfunnel-report: %-8s ", t->stage);
	if (t->bytes_total > 0) {
		double share = 100.0 * (double)t->bytes / (double)t->bytes_total;
		fr_buf_printf(&b, "%3.0f %% of the input read, ", share > 100 ? 100 : share);
	}
	fr_buf_put_count(&b, t->rows);
	fr_buf_puts(&b, " rows, ");
	fr_buf_put_count(&b, t->seconds > 0 ? (int64_t)((double)t->rows / t->seconds) : 0);
	fr_buf_puts(&b, " rows/s");
	fputs(fr_buf_cstr(&b), stderr);
	fflush(stderr);
	fr_buf_free(&b);
	m->ticking = true;
}

static void
main_trace(void *ctx, const char *step)
{
	(void)ctx;
	fprintf(stderr, "funnel-report: trace: %s\n", step);
}

/* A line for a person, and the same as a JSON object of event. */
static void
main_say(struct main_out *m, bool plain, const char *event, const char *prefix, const char *msg)
{
	if (plain) {
		main_untick(m);
		fprintf(stderr, "funnel-report: %s%s\n", prefix, msg);
	}
	struct fr_buf b = FR_BUF_INIT;
	if (m->json != NULL) {
		char *text = fr_xasprintf("%s%s", prefix, msg);
		fr_outcome_json_message(event, text, &b);
		free(text);
	}
	main_json(m, &b);
}

static void
main_note(void *ctx, const char *msg)
{
	struct main_out *m = ctx;
	main_say(m, m->lines, "note", "", msg);
}

static void
main_notice(void *ctx, const char *msg)
{
	struct main_out *m = ctx;
	main_say(m, m->plain, "notice", "", msg);
}

static void
main_warn(void *ctx, const char *msg)
{
	struct main_out *m = ctx;
	main_say(m, m->plain, "warning", "skipped a bad row: ", msg);
}

static void
main_done(void *ctx, const struct fr_result *r)
{
	struct main_out *m = ctx;
	fr_outcome_take(&m->outcome, r);
	if (m->outcome.load.name != NULL && m->json != NULL) {
		struct fr_buf b = FR_BUF_INIT;
		fr_outcome_json_stage(&m->outcome.load, &b);
		main_json(m, &b);
	}
}

/* The end of a run in the log: status, counts, checks and exit code. */
static void
main_end(struct main_out *m, const char *status, int rc, const char *out_dir, const char *err)
{
	if (m->json == NULL)
		return;
	struct fr_buf b = FR_BUF_INIT;
	fr_outcome_json_end(&m->outcome, status, rc, out_dir, fr_monotonic_seconds() - m->t0, err,
	                    &b);
	main_json(m, &b);
}

/* Whether argv asks for --log json, and its FILE (or NULL): for a usage
 * error that came before the option was read. */
static bool
main_log_asked(int argc, char **argv, const char **file)
{
	*file = NULL;
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
			v = argv[i + 1];
		else if (strncmp(argv[i], "--log=", 6) == 0)
			v = argv[i] + 6;
		if (v != NULL && strcmp(v, "json") == 0)
			return true;
		if (v != NULL && strncmp(v, "json:", 5) == 0 && v[5] != '\0') {
			*file = v + 5;
			return true;
		}
	}
	return false;
}

int
main(int argc, char **argv)
{
	struct main_out m = {0};
	m.t0 = fr_monotonic_seconds();
	struct fr_config cfg;
	enum fr_cli_action action;
	char *err = NULL;
	int rc = fr_cli_parse(argc, argv, &cfg, &action, &err);
	const char *log_file = cfg.log_file;
	bool log_json = cfg.log_json || (rc == FR_EUSAGE && main_log_asked(argc, argv, &log_file));
	if (log_json && log_file != NULL) {
		m.json = fopen(log_file, "a");
		if (m.json == NULL && rc == FR_OK) {
			free(err);
			rc = fr_fail(&err, FR_EIO, "--log json:%s: %s", log_file, strerror(errno));
		}
	} else if (log_json) {
		m.json = stderr;
	}
	m.tty = isatty(STDERR_FILENO);
	m.plain = cfg.verbosity >= 0 && m.json != stderr;
	m.lines = m.plain && (cfg.verbosity > 0 || m.tty);
	const char *status = "failed";
	if (rc == FR_OK && action == FR_CLI_HELP) {
		fputs(fr_cli_usage(), stdout);
	} else if (rc == FR_OK && action == FR_CLI_VERSION) {
		printf("funnel-report %s\n", FR_VERSION);
	} else if (rc == FR_OK && action == FR_CLI_EXPORT_DEMO) {
		rc = fr_demo_export(cfg.demo_users, cfg.seed, cfg.export_demo, &err);
		if (rc == FR_EINTR) {
			int sig = fr_interrupt_pending();
			fprintf(stderr, "funnel-report: interrupted by signal %d; nothing was written\n", sig);
			fr_cli_free(&cfg);
			free(err);
			return 128 + (sig ? sig : 2);
		}
	} else if (rc == FR_OK) {
		cfg.progress = main_progress;
		cfg.progress_ctx = &m;
		cfg.note = main_note;
		cfg.note_ctx = &m;
		cfg.notice = main_notice;
		cfg.notice_ctx = &m;
		cfg.warn = main_warn;
		cfg.warn_ctx = &m;
		cfg.done = main_done;
		cfg.done_ctx = &m;
		if (m.lines && m.tty) {
			cfg.tick = main_tick;
			cfg.tick_ctx = &m;
		}
		const char *trace = getenv("FR_TRACE");
		if (trace != NULL && *trace != '\0')
			cfg.trace = main_trace;
		int sig = 0;
		char *gate = NULL;
		rc = fr_run(&cfg, &sig, &gate, &err);
		main_untick(&m);
		if (rc == FR_EINTR) {
			rc = 128 + (sig ? sig : 2);
			if (m.json != stderr)
				fprintf(stderr, "funnel-report: interrupted by signal %d; nothing was published\n",
				        sig);
			main_end(&m, "interrupted", rc, cfg.out_dir, "interrupted; nothing was published");
			fr_outcome_free(&m.outcome);
			if (m.json != NULL && m.json != stderr)
				fclose(m.json);
			fr_cli_free(&cfg);
			free(err);
			fr_plot_shutdown();
			return rc;
		}
		if (rc == FR_OK && gate != NULL) {
			/* published; the scheduler is told by the status, and the log
			 * which checks held (even with -q: it is what the run found) */
			if (m.json != stderr)
				fprintf(stderr, "funnel-report: %s\n", gate);
			rc = FR_EXIT_GATE;
		}
		if (rc == FR_OK || rc == FR_EXIT_GATE) {
			status = rc == FR_OK ? "published" : "checks held";
			if (m.plain) { /* the one line a log without a terminal gets */
				struct fr_buf b = FR_BUF_INIT;
				fr_outcome_line(&m.outcome, cfg.out_dir, fr_monotonic_seconds() - m.t0, &b);
				fprintf(stderr, "funnel-report: %s\n", fr_buf_cstr(&b));
				fr_buf_free(&b);
			}
		}
		free(gate);
	}
	if (rc != FR_OK && rc != FR_EXIT_GATE && m.json != stderr) {
		fprintf(stderr, "funnel-report: %s\n", err != NULL ? err : "failed");
		if (rc == FR_EUSAGE)
			fputs("Try 'funnel-report --help'.\n", stderr);
	}
	if (action == FR_CLI_RUN && log_json)
		main_end(&m, rc == FR_EUSAGE ? "usage" : status, rc, cfg.out_dir,
		         rc != FR_OK && rc != FR_EXIT_GATE ? (err != NULL ? err : "failed") : NULL);
	fr_outcome_free(&m.outcome);
	if (m.json != NULL && m.json != stderr && fclose(m.json) != 0 && rc == FR_OK)
		rc = FR_EIO;
	fr_cli_free(&cfg);
	free(err);
	fr_plot_shutdown();
	return rc;
}
