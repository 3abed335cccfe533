/* fuzz_inputs.c: the CSV adapters (users, events, a step table) and the
 * engine behind them on a fuzzed pair of files: the input is the users file,
 * then a line "=====", then the events file (also read as one step's table).
 * Every outcome is FR_OK, FR_EDATA or FR_EUSAGE with a message; never a crash. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "eventlog.h"
#include "extract.h"
#include "loader.h"
#include "model.h"
#include "steptables.h"
#include "templates.h"
#include "warehouse.h"

static char dir[64];

static void
fuzz_write(const char *name, const uint8_t *data, size_t len)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		abort();
}

static void
fuzz_cleanup(void)
{
	char path[128];
	snprintf(path, sizeof path, "%s/users.csv", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/events.csv", dir);
	unlink(path);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One engine run over the files just written: layout 0 event log, 1 step tables. */
static void
fuzz_engine(int layout)
{
	char users[128], events[128];
	snprintf(users, sizeof users, "%s/users.csv", dir);
	snprintf(events, sizeof events, "%s/events.csv", dir);
	static char *const steps[] = {"home", "search", "cart"};
	struct fr_templates *t = fr_templates_new(NULL);
	struct fr_wh *wh = NULL;
	struct fr_loader *ld = NULL;
	struct fr_extract *x = NULL;
	struct fr_result *r = fr_result_new();
	struct fr_badrows bad = {layout, 0, NULL, NULL};
	char *err = NULL;
	r->max_combo = 2;
	int rc = fr_wh_open(&wh, t, &err);
	if (rc == FR_OK)
		rc = fr_loader_start(wh, &ld, &err);
	if (rc == FR_OK)
		rc = fr_extract_new(ld, &x, &err);
	if (rc == FR_OK && layout == 0) {
		fr_extract_steps(x, steps, 3);
		rc = fr_eventlog_extract(users, events, x, &bad, &err);
	} else if (rc == FR_OK) {
		struct fr_step_table st[] = {{"home", events}, {"search", events}};
		char *names[] = {"home", "search"};
		fr_extract_steps(x, names, 2);
		rc = fr_steptables_extract(users, st, 2, x, &bad, &err);
	}
	if (rc == FR_OK)
		rc = fr_extract_finish(x, &err);
	if (rc == FR_OK) {
		struct fr_model_opts o = {NULL, 0};
		rc = fr_model_build(x, ld, &o, r, &err);
	}
	if (rc == FR_OK)
		rc = fr_analyze_run(t, ld, r, &err);
	int lrc = fr_loader_finish(ld, rc != FR_OK, NULL, &err);
	if (rc == FR_OK)
		rc = lrc;
	if (rc != FR_OK && rc != FR_EDATA && rc != FR_EUSAGE)
		abort();
	if (rc != FR_OK && err == NULL)
		abort();
	free(err);
	fr_extract_free(x);
	fr_wh_free(wh);
	fr_result_free(r);
	fr_templates_free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (dir[0] == '\0') {
		strcpy(dir, "/tmp/fr-fuzz-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(fuzz_cleanup);
	}
	if (size > 65536)
		return 0;
	const uint8_t *sep = memmem(data, size, "\n=====\n", 7);
	size_t ulen = sep ? (size_t)(sep - data) : size;
	fuzz_write("users.csv", data, ulen);
	if (sep)
		fuzz_write("events.csv", sep + 7, size - ulen - 7);
	else
		fuzz_write("events.csv", (const uint8_t *)"user_id,page,event_time\n", 24);
	fuzz_engine(0);
	fuzz_engine(1);
	return 0;
}
