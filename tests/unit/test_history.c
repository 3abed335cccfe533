/* test_history.c: the runs of a report (analysis/history.c) written as
 * data/history.csv (render/historycsv.c) and read back by the next run:
 * numbering, the --history bound, the first night of --compare, and every
 * kind of file that is set aside instead of failing the run. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "support.h"

#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/compare.h"
#include "analysis/history.h"
#include "render/historycsv.h"
#include "handmade.h"

static const char *const steps[] = {"home", "cart", "buy"};

/* A run: overall users at the three steps, one check that held or none. */
static struct fr_result *
night(int64_t home, int64_t cart, int64_t buy, bool held, const char *date)
{
	struct fr_result *r = hand_result(steps, 3);
	hand_segment(r, hand_breakdown(r, "overall"), "all", (int64_t[]){home, cart, buy});
	r->settings.generated_at = fr_xasprintf("%sT00:00:00Z", date);
	if (held) {
		r->analysis.checks = fr_xcalloc(2, sizeof *r->analysis.checks);
		r->analysis.checks[0] = (struct fr_check){fr_xstrdup("entered>1"), fr_xstrdup("entered"), 5, true, NULL};
		r->analysis.checks[1] = (struct fr_check){fr_xstrdup("converted<0"), fr_xstrdup("converted"), 1, false, NULL};
		r->analysis.nchecks = 2;
	}
	return r;
}

static char *
scratch(void)
{
	char tmpl[] = "/tmp/fr-test-history.XXXXXX";
	char *dir = fr_xstrdup(mkdtemp(tmpl));
	char *data = fr_xasprintf("%s/data", dir);
	assert_int_equal(mkdir(data, 0755), 0);
	free(data);
	return dir;
}

static void
put(const char *dir, const char *text)
{
	char *path = fr_xasprintf("%s/data/history.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static char *
csv_of(const struct fr_result *r)
{
	struct fr_buf b = FR_BUF_INIT;
	assert_int_equal(fr_historycsv_render(&(struct fr_report){.result = r}, &b, NULL), FR_OK);
	return fr_buf_detach(&b);
}

/* One night in dir with --history limit: reads what is there, adds r, writes. */
static void
publish(const char *dir, struct fr_result *r, size_t limit)
{
	struct fr_history_prev *p = fr_history_load(dir, limit);
	fr_history_build(p, limit, r);
	fr_history_prev_free(p);
	char *text = csv_of(r);
	put(dir, text);
	free(text);
}

static void
cleanup(char *dir)
{
	char *cmd = fr_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

static void
test_history_carried_and_bounded(void **state)
{
	(void)state;
	char *dir = scratch();
	struct fr_result *r = night(1000, 400, 100, false, "2026-01-01");
	publish(dir, r, 3);
	const struct fr_history *h = r->analysis.history;
	assert_true(h->is_new && h->restarted == NULL && h->nruns == 1 && h->runs[0].run == 1);
	assert_true(isnan(h->change_pp));
	char *text = csv_of(r);
	assert_string_equal(text, FR_HISTORY_COLUMNS ",home_users,home_from_prev_pct,cart_users,"
	                                             "cart_from_prev_pct,buy_users,buy_from_prev_pct\n"
	                                             "1,2026-01-01,1000,100,10.00,0,,1000,,400,40.00,100,25.00\n");
	free(text);
	fr_result_free(r);

	r = night(1000, 400, 50, true, "2026-01-02");
	publish(dir, r, 3);
	h = r->analysis.history;
	assert_true(!h->is_new && h->nruns == 2 && h->runs[1].run == 2 && h->runs[1].nheld == 1);
	assert_string_equal(h->runs[1].held, "entered>1");
	/* 5 % now, 10 % before: -5 points, the interval around it */
	assert_true(fabs(h->change_pp + 5) < 1e-9 && h->change_lo_pp < -5 && h->change_hi_pp > -5 &&
	            h->change_hi_pp < 0);
	/* Wilson of 100 / 1000 for the first run, read back */
	assert_int_equal(h->runs[0].conversion.pct, 1000);
	assert_true(h->runs[0].conversion.lo > 800 && h->runs[0].conversion.hi < 1220);
	assert_int_equal(h->runs[0].prev[2].pct, 2500);
	fr_result_free(r);

	for (int i = 3; i <= 5; i++) {
		r = night(1000, 400, 100 + i, false, "2026-01-03");
		publish(dir, r, 3);
		if (i < 5)
			fr_result_free(r);
	}
	h = r->analysis.history;
	assert_int_equal(h->nruns, 3);
	assert_true(h->runs[0].run == 3 && h->runs[1].run == 4 && h->runs[2].run == 5);
	fr_result_free(r);

	/* --history 1: only this run, but the numbering goes on */
	r = night(10, 5, 1, false, "2026-01-04");
	publish(dir, r, 1);
	assert_true(r->analysis.history->nruns == 1 && r->analysis.history->runs[0].run == 6);
	fr_result_free(r);
	cleanup(dir);
}

/* Each corrupt file is set aside with where and why; the run goes on. */
static void
test_history_set_aside(void **state)
{
	(void)state;
	static const char head[] = FR_HISTORY_COLUMNS ",home_users,home_from_prev_pct,cart_users,"
	                                              "cart_from_prev_pct,buy_users,buy_from_prev_pct\n";
	static const struct {
		const char *rows; /* after the header, or the whole file when it starts with '!' */
		const char *why;
	} cases[] = {
	    {"!", "data/history.csv: empty"},
	    {"!run,date\n", "data/history.csv:1: column 3 is not entered"},
	    {"!" FR_HISTORY_COLUMNS ",home_users\n", "expected two columns per step"},
	    {"!" FR_HISTORY_COLUMNS ",home_users,cart_from_prev_pct\n", "are not STEP_users and STEP_from_prev_pct"},
	    {"x,2026-01-01,10,1,10.00,0,,10,,5,50.00,1,20.00\n", "data/history.csv:2: column 1: \"x\" is not a run number"},
	    {"1,2026-02-30,10,1,10.00,0,,10,,5,50.00,1,20.00\n", "column 2: \"2026-02-30\" is not a date"},
	    {"1,,10,1,10.00,0,,10,,11,110.00,1,9.09\n", "column 10: \"11\" is not a count up to the step before"},
	    {"1,,10,2,10.00,0,,10,,5,50.00,1,20.00\n", "entered and converted differ"},
	    {"1,,10,1,ten,0,,10,,5,50.00,1,20.00\n", "column 5: \"ten\" is not a percentage"},
	    {"1,,10,1,10.00,2,a<1,10,,5,50.00,1,20.00\n", "column 7: \"a<1\" does not list checks_held checks"},
	    {"2,,10,1,10.00,0,,10,,5,50.00,1,20.00\n1,,10,1,10.00,0,,10,,5,50.00,1,20.00\n",
	     "data/history.csv:3: column 1: \"1\" does not follow the run before"},
	    {"1,,10,1,10.00,0,,10,,5\n", "data/history.csv:2: 10 fields, but the header has 13"},
	    {"1,,10,1,10.00,0,\"unterminated\n", "malformed CSV"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *dir = scratch();
		char *text = cases[i].rows[0] == '!' ? fr_xstrdup(cases[i].rows + 1)
		                                     : fr_xasprintf("%s%s", head, cases[i].rows);
		put(dir, text);
		free(text);
		struct fr_result *r = night(100, 50, 10, false, "2026-01-01");
		struct fr_history_prev *p = fr_history_load(dir, 90);
		fr_history_build(p, 90, r);
		fr_history_prev_free(p);
		const struct fr_history *h = r->analysis.history;
		if (h->restarted == NULL || strstr(h->restarted, cases[i].why) == NULL)
			fail_msg("case %zu: restarted = %s, want ...%s...", i, h->restarted ? h->restarted : "NULL",
			         cases[i].why);
		assert_true(!h->is_new && h->nruns == 1 && h->runs[0].run == 1);
		fr_result_free(r);
		cleanup(dir);
	}

	/* another funnel: readable, but of other steps */
	char *dir = scratch();
	struct fr_result *r = night(100, 50, 10, false, "2026-01-01");
	publish(dir, r, 90);
	fr_result_free(r);
	static const char *const other[] = {"home", "buy"};
	r = hand_result(other, 2);
	hand_segment(r, hand_breakdown(r, "overall"), "all", (int64_t[]){100, 10});
	struct fr_history_prev *p = fr_history_load(dir, 90);
	fr_history_build(p, 90, r);
	fr_history_prev_free(p);
	assert_non_null(strstr(r->analysis.history->restarted, "counts another funnel (steps home,cart,buy; "
	                                                       "this run's are home,buy)"));
	fr_result_free(r);
	cleanup(dir);
}

/* --csv-safe quotes a formula-like step name in the header; it reads back. */
static void
test_history_csv_safe(void **state)
{
	(void)state;
	static const char *const odd[] = {"=home", "buy, now"};
	char *dir = scratch();
	for (int i = 0; i < 2; i++) {
		struct fr_result *r = hand_result(odd, 2);
		hand_segment(r, hand_breakdown(r, "overall"), "all", (int64_t[]){10, 3});
		r->settings.csv_safe = true;
		publish(dir, r, 90);
		if (i == 1) {
			assert_null(r->analysis.history->restarted);
			assert_int_equal(r->analysis.history->nruns, 2);
			char *text = csv_of(r);
			assert_non_null(strstr(text, ",'=home_users,'=home_from_prev_pct,\"buy, now_users\","));
			free(text);
		}
		fr_result_free(r);
	}
	cleanup(dir);
}

/* No history: no file, no OUT_DIR at all. */
static void
test_history_none(void **state)
{
	(void)state;
	struct fr_result *r = night(5, 0, 0, false, "2026-01-01");
	struct fr_history_prev *p = fr_history_load("/nonexistent/out", 90);
	fr_history_build(p, 90, r);
	fr_history_prev_free(p);
	assert_true(r->analysis.history->is_new && r->analysis.history->restarted == NULL);
	assert_int_equal(r->analysis.history->runs[0].conversion.pct, 0);
	assert_int_equal(r->analysis.history->runs[0].prev[2].pct, -1); /* 0 of 0 */
	fr_result_free(r);
}

static void
test_first_night(void **state)
{
	(void)state;
	char *dir = scratch(); /* holds data/ */
	assert_false(fr_compare_first_night(dir));
	char *data = fr_xasprintf("%s/data", dir);
	assert_true(fr_compare_first_night(data)); /* empty */
	char *missing = fr_xasprintf("%s/nosuch", dir);
	assert_true(fr_compare_first_night(missing));
	free(data);
	free(missing);
	cleanup(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_history_carried_and_bounded),
	    cmocka_unit_test(test_history_set_aside),
	    cmocka_unit_test(test_history_csv_safe),
	    cmocka_unit_test(test_history_none),
	    cmocka_unit_test(test_first_night),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
