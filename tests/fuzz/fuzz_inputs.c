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

#include "analysis/analyze.h"
#include "source/eventlog.h"
#include "warehouse/extract.h"
#include "warehouse/loader.h"
#include "warehouse/model.h"
#include "source/steptables.h"
#include "base/templates.h"
#include "warehouse/warehouse.h"

#include "fuzz_files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One engine run over the files just written: layout 0 event log, 1 step tables. */
static void
fuzz_engine(int layout)
{
	char users[128], events[128];
	snprintf(users, sizeof users, "%s/users.csv", fuzz_dir);
	snprintf(events, sizeof events, "%s/events.csv", fuzz_dir);
	static char *const steps[] = {"home", "search", "cart"};
	struct fr_templates *t = fr_templates_new(NULL);
	struct fr_wh *wh = NULL;
	struct fr_loader *ld = NULL;
	struct fr_extract *x = NULL;
	struct fr_result *r = fr_result_new();
	struct fr_badrows bad = {layout, 0, NULL, NULL};
	char *err = NULL;
	r->settings.max_combo = 2;
	int rc = fr_wh_open(&wh, t, &err);
	if (rc == FR_OK)
		rc = fr_loader_start(wh, &ld, &err);
	if (rc == FR_OK)
		rc = fr_extract_new(ld, &x, &err);
	struct fr_rows rows = {0};
	if (rc == FR_OK)
		fr_extract_rows(x, &rows);
	if (rc == FR_OK && layout == 0) {
		fr_extract_steps(x, steps, NULL, 3);
		rc = fr_eventlog_extract(users, events, &rows, &bad, &err);
	} else if (rc == FR_OK) {
		struct fr_step_table st[] = {{"home", events}, {"search", events}};
		char *names[] = {"home", "search"};
		fr_extract_steps(x, names, NULL, 2);
		rc = fr_steptables_extract(users, st, 2, &rows, &bad, &err);
	}
	if (rc == FR_OK)
		rc = fr_extract_finish(x, &err);
	if (rc == FR_OK) {
		struct fr_model_opts o = {NULL, 0};
		rc = fr_model_build(x, ld, &o, r, &err);
	}
	if (rc == FR_OK)
		rc = fr_analyze_run(t, ld, NULL, r, &err);
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
	fuzz_scratch("inputs");
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
