/* fuzz_cube.c: the readers of files an earlier run (or a cluster) wrote:
 * --from-cube's cube files and summary.json (cubein.c), then the analyze
 * stage over what they gave; --compare's funnel.csv (compare.c); and a
 * --fail-on expression (gate.c). The input is cut at lines "=====" into
 * cube_funnel.csv, cube_visits.csv, summary.json and the check. Every
 * outcome is FR_OK or an error with a message; never a crash. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/analyze.h"
#include "analysis/compare.h"
#include "source/cubein.h"
#include "analysis/findings.h"
#include "analysis/gate.h"
#include "base/templates.h"

#include "fuzz_files.h"

static const char *const names[3] = {"cube_funnel.csv", "cube_visits.csv", "summary.json"};

static void
fuzz_status(int rc, const char *err)
{
	if (rc != FR_OK && (err == NULL || (rc != FR_EDATA && rc != FR_EUSAGE && rc != FR_EIO)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *dir;
	if (dir == NULL) {
		dir = fuzz_scratch("cube");
		char sub[96];
		snprintf(sub, sizeof sub, "%s/data", dir);
		if (mkdir(sub, 0700) != 0)
			abort();
	}
	if (size > 65536)
		return 0;
	/* the parts, cut at "\n=====\n" */
	const uint8_t *part[4] = {data, NULL, NULL, NULL};
	size_t len[4] = {size, 0, 0, 0};
	int n = 1;
	while (n < 4) {
		const uint8_t *sep = memmem(part[n - 1], len[n - 1], "\n=====\n", 7);
		if (sep == NULL)
			break;
		size_t before = (size_t)(sep - part[n - 1]);
		part[n] = sep + 7;
		len[n] = len[n - 1] - before - 7;
		len[n - 1] = before;
		n++;
	}
	static const char visits[] = "sex,step_index,step,month,visits,visitors\nF,1,home,2025-01,1,1\n";
	fuzz_write(names[0], part[0], len[0]);
	if (n > 1)
		fuzz_write(names[1], part[1], len[1]);
	else
		fuzz_write(names[1], (const uint8_t *)visits, sizeof visits - 1);
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, names[2]);
	if (n > 2)
		fuzz_write(names[2], part[2], len[2]);
	else
		unlink(path);

	/* --from-cube, then the roll-ups and the statistics over what it read */
	struct fr_result *r = fr_result_new();
	r->settings.title = strdup("t");
	r->settings.source = strdup("s");
	r->settings.max_combo = 2;
	char *err = NULL;
	struct fr_templates *t = fr_templates_new(NULL);
	int rc = fr_cubein_load(dir, r, false, true, &err);
	fuzz_status(rc, err);
	if (rc == FR_OK) {
		rc = fr_analyze_run(t, NULL, NULL, r, &err);
		fuzz_status(rc, err);
	}
	fr_templates_free(t);
	free(err);
	err = NULL;

	/* --compare, reading the first part as a previous run's funnel.csv */
	snprintf(path, sizeof path, "data/funnel.csv");
	fuzz_write(path, part[0], len[0]);
	struct fr_prev *p = NULL;
	rc = fr_compare_load(dir, false, &p, &err);
	fuzz_status(rc, err);
	if (rc == FR_OK && r->analysis.nfunnel > 0) {
		struct fr_comparison *c = NULL;
		free(err);
		err = NULL;
		rc = fr_compare_build(p, r, &c, &err);
		fuzz_status(rc, err);
		r->analysis.compare = c;
	}
	fr_prev_free(p);
	free(err);
	err = NULL;

	/* --fail-on, the last part as the expression */
	if (n > 3 && len[3] < 256) {
		char expr[256];
		memcpy(expr, part[3], len[3]);
		expr[len[3]] = '\0';
		struct fr_gate g;
		rc = fr_gate_parse(expr, &g, &err);
		fuzz_status(rc, err);
		if (rc == FR_OK) {
			double v;
			(void)fr_gate_eval(&g, r, &v);
			fr_gate_free(&g);
		}
		free(err);
	}
	fr_result_free(r);
	return 0;
}
