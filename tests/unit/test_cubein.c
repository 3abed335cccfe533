/* test_cubein.c: reading cube files back (cubein.c): what a bare export
 * gives, and one clear message naming file, line and column for each kind
 * of broken cube or summary. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "support.h"

#include <sys/stat.h>

#include "source/cubein.h"
#include "base/templates.h"
#include "base/util.h"

static char *
put(const char *dir, const char *name, const char *text)
{
	char *p = fr_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return p;
}

static const char good_funnel[] = "sex,month,level,users\nF,2025-01,1,5\nF,2025-01,2,3\nM,2025-02,1,4\n";
static const char good_visits[] = "sex,step_index,step,month,visits,visitors\n"
                                  "F,1,home,2025-01,9,8\nF,2,cart,2025-01,3,3\nM,1,home,2025-02,4,4\n";

/* Loads DIR with the two cubes (and summary.json when given); returns the status. */
static int
load(const char *funnel, const char *visits, const char *summary, struct fr_result **out, char **err)
{
	char tmpl[] = "/tmp/fr-test-cubein.XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	free(put(dir, "cube_funnel.csv", funnel));
	free(put(dir, "cube_visits.csv", visits));
	if (summary != NULL)
		free(put(dir, "summary.json", summary));
	struct fr_result *r = fr_result_new();
	r->settings.title = fr_xstrdup("t");
	r->settings.source = fr_xstrdup("s");
	int rc = fr_cubein_load(dir, r, false, false, err);
	char *cmd = fr_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	*out = r;
	return rc;
}

static void
test_bare_cubes(void **state)
{
	(void)state;
	struct fr_result *r;
	char *err = NULL;
	assert_int_equal(load(good_funnel, good_visits, NULL, &r, &err), FR_OK);
	assert_int_equal(r->cube.nsteps, 2);
	assert_string_equal(r->cube.steps[1], "cart");
	assert_int_equal(r->cube.ndims, 2);
	assert_int_equal(r->cube.dims[0].attr, 0);  /* sex: a user attribute */
	assert_int_equal(r->cube.dims[1].attr, -1); /* month: derived */
	assert_int_equal(r->cube.nvdims, 1);
	assert_int_equal(r->cube.tables[FR_FUNNEL].nrows, 3);
	assert_int_equal(r->cube.tables[FR_VISITS].nrows, 3);
	assert_int_equal(r->cube.nmonths, 2);
	assert_int_equal(r->cube.attrs[0].nvalues, 2);
	assert_false(r->log.quality_known);
	assert_true(r->log.from_cube);
	fr_result_free(r);
}

static void
test_broken(void **state)
{
	(void)state;
	static const struct {
		const char *funnel, *visits, *summary, *want;
	} cases[] = {
	    {"sex,users\nF,1\n", good_visits, NULL, "cube_funnel.csv:1: the last columns must be level,users"},
	    {"sex,level,users\nF,1,-3\n", good_visits, NULL, "cube_funnel.csv:2: column users: \"-3\""},
	    {"sex,level,users\nF,0,3\n", good_visits, NULL, "cube_funnel.csv:2: column level: 0"},
	    {"sex,level,users\nF,1\n", good_visits, NULL, "cube_funnel.csv:2: 2 fields, but the header has 3"},
	    {good_funnel, "sex,step,month,visits,visitors\n", NULL, "cube_visits.csv:1: the last columns"},
	    {good_funnel, "age,step_index,step,month,visits,visitors\n", NULL,
	     "cube_visits.csv:1: a dimension not in cube_funnel.csv: \"age\""},
	    {good_funnel,
	     "sex,step_index,step,month,visits,visitors\nF,1,home,2025-01,1,1\nF,1,shop,2025-01,1,1\n",
	     NULL, "cube_visits.csv:3: column step: another name for the same step_index: \"shop\""},
	    {"sex,month,level,users\nF,2025-01,3,5\n", good_visits, NULL,
	     "users reach level 3, but the funnel has 2 steps"},
	    {good_funnel, "sex,step_index,step,month,visits,visitors\nF,2,cart,2025-01,1,1\n", NULL,
	     "step 1 has no visit, so no name"},
	    {"age,level,users\nF,1,1\n", "step_index,step,month,visits,visitors\n1,home,2025-01,1,1\n", NULL,
	     "dimension age is not in cube_visits.csv"},
	    {good_funnel, good_visits, "{not json", "summary.json: not valid JSON"},
	    {good_funnel, good_visits, "{\"title\": 3}", "summary.json: no title, source or settings.order"},
	    {good_funnel, good_visits,
	     "{\"title\":\"t\",\"source\":\"s\",\"settings\":{\"order\":\"ordered\",\"window_days\":0,"
	     "\"max_combo\":2},\"steps\":[{\"name\":\"home\"},{\"name\":\"pay\"}]}",
	     "summary.json: step 2 is pay, but the visits cube calls it cart"},
	    /* issue 12.14 (docs/BAD_INPUTS.md 44): months outside 0001-01 to 9999-12 */
	    {"sex,month,level,users\nF,0000-12,1,5\n", good_visits, NULL,
	     "cube_funnel.csv:2: column month: \"0000-12\" is not a month"},
	    {good_funnel, "sex,step_index,step,month,visits,visitors\nF,1,home,10000-01,1,1\n", NULL,
	     "cube_visits.csv:2: column month: \"10000-01\" is not a month"},
	    /* issue 12.10 (docs/BAD_INPUTS.md 40): the value cap of every source */
	    {NULL, good_visits, NULL, "cube_funnel.csv:2: column sex: a value of 1025 bytes"},
	    /* issue 12.13 (docs/BAD_INPUTS.md 43): names that would make breakdowns ambiguous */
	    {"sex+channel,level,users\nF,1,5\n", good_visits, NULL,
	     "cube_funnel.csv:1: column \"sex+channel\": a dimension's name may not hold"},
	};
	char *longrow = fr_xcalloc(2000, 1);
	memcpy(longrow, "sex,month,level,users\n", 22);
	memset(longrow + 22, 'x', 1025);
	memcpy(longrow + 22 + 1025, ",2025-01,1,5\n", 14);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fr_result *r;
		char *err = NULL;
		int rc = load(cases[i].funnel != NULL ? cases[i].funnel : longrow, cases[i].visits,
		              cases[i].summary, &r, &err);
		if (rc != FR_EDATA || err == NULL || strstr(err, cases[i].want) == NULL ||
		    strchr(err, '\n') != NULL)
			fail_msg("case %zu: rc %d, [%s] lacks [%s]", i, rc, err ? err : "", cases[i].want);
		free(err);
		fr_result_free(r);
	}
	free(longrow);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bare_cubes),
	    cmocka_unit_test(test_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
