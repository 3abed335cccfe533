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
#include "run.h"
#include "base/version.h"

static void
main_progress(void *ctx, const struct fr_stage *st)
{
	(void)ctx;
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_printf(&b, "funnel-report: %-8s %7.2f s  ", st->name, st->seconds);
	fr_buf_put_count(&b, st->rows_out);
	fr_buf_printf(&b, " %s\n", st->rows_what != NULL ? st->rows_what : "rows");
	fputs(fr_buf_cstr(&b), stderr);
	fr_buf_free(&b);
}

static void
main_trace(void *ctx, const char *step)
{
	(void)ctx;
	fprintf(stderr, "funnel-report: trace: %s\n", step);
}

static void
main_note(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "funnel-report: %s\n", msg);
}

static void
main_warn(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "funnel-report: skipped a bad row: %s\n", msg);
}

int
main(int argc, char **argv)
{
	struct fr_config cfg;
	enum fr_cli_action action;
	char *err = NULL;
	int rc = fr_cli_parse(argc, argv, &cfg, &action, &err);
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
		if (cfg.verbosity > 0 || (cfg.verbosity == 0 && isatty(STDERR_FILENO))) {
			cfg.progress = main_progress;
			cfg.note = main_note;
		}
		if (cfg.verbosity >= 0)
			cfg.warn = main_warn;
		const char *trace = getenv("FR_TRACE");
		if (trace != NULL && *trace != '\0')
			cfg.trace = main_trace;
		int sig = 0;
		char *gate = NULL;
		rc = fr_run(&cfg, &sig, &gate, &err);
		if (rc == FR_EINTR) {
			fprintf(stderr, "funnel-report: interrupted by signal %d; nothing was published\n", sig);
			fr_cli_free(&cfg);
			free(err);
			fr_plot_shutdown();
			return 128 + (sig ? sig : 2);
		}
		if (rc == FR_OK && cfg.progress != NULL)
			fprintf(stderr, "funnel-report: published %s/index.html\n", cfg.out_dir);
		if (rc == FR_OK && gate != NULL) {
			/* published; the scheduler is told by the status */
			fprintf(stderr, "funnel-report: %s\n", gate);
			rc = FR_EXIT_GATE;
		}
		free(gate);
	}
	if (rc != FR_OK && rc != FR_EXIT_GATE) {
		fprintf(stderr, "funnel-report: %s\n", err != NULL ? err : "failed");
		if (rc == FR_EUSAGE)
			fputs("Try 'funnel-report --help'.\n", stderr);
	}
	fr_cli_free(&cfg);
	free(err);
	fr_plot_shutdown();
	return rc;
}
