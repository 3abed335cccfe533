/* fuzz_run.c: a whole run (every stage, every output) on a tiny fuzzed event
 * log: the input is users.csv, a line "=====", then events.csv. Exit status
 * 0, 1 or 2 with a message; never a crash; nothing left behind. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/chart.h"
#include "render/plot.h"
#include "cli.h"
#include "run.h"

#include "fuzz_files.h"

/* Pango and Cairo's caches, released at exit so the leak check sees none. */
static void
fuzz_shutdown(void)
{
	fr_plot_shutdown();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *dir;
	if (dir == NULL) {
		atexit(fuzz_shutdown); /* runs after the directory is removed */
		dir = fuzz_scratch("run");
	}
	if (size > 16384)
		return 0;
	const uint8_t *sep = memmem(data, size, "\n=====\n", 7);
	size_t ulen = sep ? (size_t)(sep - data) : size;
	fuzz_write("users.csv", data, ulen);
	if (sep)
		fuzz_write("events.csv", sep + 7, size - ulen - 7);
	else
		fuzz_write("events.csv", (const uint8_t *)"user_id,page,event_time\n", 24);
	char users[128], events[128], out[128];
	snprintf(users, sizeof users, "%s/users.csv", dir);
	snprintf(events, sizeof events, "%s/events.csv", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	char *argv[] = {"funnel-report", "-q",       "--users-csv", users, "--events-csv", events,
	                "--steps",       "home,cart", "--max-combo", "1",   "-o",           out, NULL};
	struct fr_config cfg;
	enum fr_cli_action action;
	char *err = NULL;
	int rc = fr_cli_parse(12, argv, &cfg, &action, &err);
	if (rc == FR_OK) {
		int sig;
		rc = fr_run(&cfg, &sig, NULL, &err);
	}
	if (rc != FR_OK && rc != FR_EDATA && rc != FR_EUSAGE)
		abort();
	if (rc != FR_OK && err == NULL)
		abort();
	/* nothing but the report beside it */
	char lock[160];
	snprintf(lock, sizeof lock, "%s/.out.lock", dir);
	if (access(lock, F_OK) == 0)
		abort();
	fr_cli_free(&cfg);
	free(err);
	return 0;
}
