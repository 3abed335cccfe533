/* test_compare.c: the nightly comparison (compare.c) and the --fail-on
 * checks (gate.c), on results built by hand, against values worked out by
 * hand. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "support.h"

#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/compare.h"
#include "analysis/rates.h"
#include "render/datafiles.h"
#include "analysis/gate.h"
#include "handmade.h"

static const char *const steps[] = {"home", "buy"};

/* Before: A 100 -> 50, B 300 -> 30 (overall 400 -> 80, 20 %).
 * Now:    A 300 -> 150, B 100 -> 20 (overall 400 -> 170, 42.5 %). */
static struct fr_result *
before(void)
{
	struct fr_result *r = hand_result(steps, 2);
	hand_segment(r, hand_breakdown(r, "overall"), "all", (int64_t[]){400, 80});
	struct fr_breakdown *g = hand_breakdown(r, "g");
	hand_segment(r, g, "g=A", (int64_t[]){100, 50});
	hand_segment(r, g, "g=B", (int64_t[]){300, 30});
	fr_rates_compute(r);
	return r;
}

static struct fr_result *
now(void)
{
	struct fr_result *r = hand_result(steps, 2);
	hand_segment(r, hand_breakdown(r, "overall"), "all", (int64_t[]){400, 170});
	struct fr_breakdown *g = hand_breakdown(r, "g");
	hand_segment(r, g, "g=A", (int64_t[]){300, 150});
	hand_segment(r, g, "g=B", (int64_t[]){100, 20});
	fr_rates_compute(r);
	return r;
}

/* Writes r's funnel.csv as DIR/data/funnel.csv of a fresh directory. */
static char *
write_prev(const struct fr_result *r)
{
	char tmpl[] = "/tmp/fr-test-compare.XXXXXX";
	char *dir = fr_xstrdup(mkdtemp(tmpl));
	char *data = fr_xasprintf("%s/data", dir), *path = fr_xasprintf("%s/funnel.csv", data);
	assert_int_equal(mkdir(data, 0755), 0);
	struct fr_buf b = FR_BUF_INIT;
	fr_datafiles_funnel(&(struct fr_report){.result = r}, &b, NULL);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fwrite(b.ptr, 1, b.len, f);
	assert_int_equal(fclose(f), 0);
	fr_buf_free(&b);
	free(data);
	free(path);
	return dir;
}

static void
remove_prev(char *dir)
{
	char *cmd = fr_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/*
 * Shift-share by hand: shares w0 = (.25, .75), w1 = (.75, .25); rates
 * r0 = (.5, .1), r1 = (.5, .2).
 *   mix  = (.75 - .25)(.5 + .5)/2 + (.25 - .75)(.1 + .2)/2 = .25 - .075 = 17.5 pp
 *   rate = (.25 + .75)/2 (0) + (.75 + .25)/2 (.2 - .1)    = 5 pp
 *   total = 42.5 - 20 = 22.5 pp = mix + rate.
 * Tests (two-sided, pooled): overall 170/400 vs 80/400 (z = 6.9); A 150/300
 * vs 50/100, p = 1; B 20/100 vs 30/300: pooled .125, se = .038188,
 * z = 2.6186, p = .00883; Holm over 3: B's 2p = .0177 < .05: rose.
 */
static void
test_compare_by_hand(void **state)
{
	(void)state;
	struct fr_result *r0 = before(), *r1 = now();
	char *dir = write_prev(r0);
	struct fr_prev *p;
	char *err = NULL;
	assert_int_equal(fr_compare_load(dir, false, &p, &err), FR_OK);
	struct fr_comparison *c;
	assert_int_equal(fr_compare_build(p, r1, &c, &err), FR_OK);
	assert_true(fabs(c->change_pp - 22.5) < 1e-9);
	assert_int_equal(c->nshifts, 1);
	assert_true(fabs(c->shifts[0].mix_pp - 17.5) < 1e-9);
	assert_true(fabs(c->shifts[0].rate_pp - 5.0) < 1e-9);
	assert_true(fabs(c->shifts[0].total_pp - 22.5) < 1e-9);
	assert_true(fabs(c->shifts[0].residual_pp) < 1e-9);
	assert_int_equal(c->nchanges, 3); /* overall, A, B at step 2 */
	assert_int_equal(c->ntests, 3);
	assert_int_equal(c->changes[0].verdict, FR_CHANGE_ROSE);
	assert_int_equal(c->changes[1].verdict, FR_CHANGE_SAME);
	assert_true(fabs(c->changes[1].p_adj - 1.0) < 1e-12);
	assert_int_equal(c->changes[2].verdict, FR_CHANGE_ROSE);
	assert_true(fabs(c->changes[2].p_adj - 2 * 0.00883) < 1e-4);
	assert_true(fabs(c->changes[2].diff_pp - 10.0) < 1e-9);
	assert_true(c->changes[2].lo_pp < 10.0 && c->changes[2].hi_pp > 10.0);
	assert_int_equal(c->rises, 2);
	assert_int_equal(c->drops, 0);

	/* the checks read the comparison */
	struct fr_gate g;
	double v;
	r1->analysis.compare = c;
	assert_int_equal(fr_gate_parse("significant_rises >= 2", &g, &err), FR_OK);
	assert_true(fr_gate_eval(&g, r1, &v) && v == 2);
	fr_gate_free(&g);
	assert_int_equal(fr_gate_parse("conversion_change<0", &g, &err), FR_OK);
	assert_false(fr_gate_eval(&g, r1, &v));
	assert_true(fabs(v - 22.5) < 1e-9);
	fr_gate_free(&g);
	assert_int_equal(fr_gate_parse("overall_conversion<=42.5", &g, &err), FR_OK);
	assert_true(fr_gate_eval(&g, r1, &v) && v == 42.5);
	fr_gate_free(&g);

	/* another funnel's steps are refused, naming both */
	static const char *const other[] = {"home", "cart"};
	struct fr_result *r2 = hand_result(other, 2);
	hand_segment(r2, hand_breakdown(r2, "overall"), "all", (int64_t[]){10, 5});
	struct fr_comparison *c2;
	assert_int_equal(fr_compare_build(p, r2, &c2, &err), FR_EDATA);
	assert_non_null(strstr(err, "home,buy"));
	assert_non_null(strstr(err, "home,cart"));
	free(err);
	err = NULL;
	fr_result_free(r2);
	fr_prev_free(p);
	fr_result_free(r0);
	fr_result_free(r1);
	remove_prev(dir);
}

/* A segment new tonight and one gone: all of their share is mix, and the
 * parts still add up to the change. */
static void
test_shift_new_and_gone(void **state)
{
	(void)state;
	struct fr_result *r0 = before();
	struct fr_result *r1 = hand_result(steps, 2);
	hand_segment(r1, hand_breakdown(r1, "overall"), "all", (int64_t[]){500, 190});
	struct fr_breakdown *g = hand_breakdown(r1, "g");
	hand_segment(r1, g, "g=A", (int64_t[]){300, 150});
	hand_segment(r1, g, "g=C", (int64_t[]){200, 40}); /* B is gone, C is new */
	char *dir = write_prev(r0);
	struct fr_prev *p;
	struct fr_comparison *c;
	char *err = NULL;
	assert_int_equal(fr_compare_load(dir, false, &p, &err), FR_OK);
	assert_int_equal(fr_compare_build(p, r1, &c, &err), FR_OK);
	const struct fr_shift *s = &c->shifts[0];
	assert_true(fabs(s->total_pp - (100.0 * 190 / 500 - 20.0)) < 1e-9);
	assert_true(fabs(s->mix_pp + s->rate_pp - s->total_pp) < 1e-9);
	assert_int_equal(c->changes[2].verdict, FR_CHANGE_NEW);
	assert_true(c->changes[2].n0 == -1 && isnan(c->changes[2].diff_pp));
	fr_comparison_free(c);
	fr_prev_free(p);
	fr_result_free(r0);
	fr_result_free(r1);
	remove_prev(dir);
}

/* Files that are not a funnel.csv of ours: one line naming file, line, column. */
static void
test_load_errors(void **state)
{
	(void)state;
	static const struct {
		const char *csv, *want;
	} cases[] = {
	    {"a,b\n1,2\n", ":1: no column breakdown"},
	    {"breakdown,segment,step_index,step,users\n", "no overall funnel"},
	    {"breakdown,segment,step_index,step,users\ng,g=A,1,home,5\n", ":2: the first rows must be overall"},
	    {"breakdown,segment,step_index,step,users\noverall,all,1,home,x\n", ":2: column users: \"x\""},
	    {"breakdown,segment,step_index,step,users\noverall,all,1,home,5\noverall,all,3,buy,1\n",
	     ":3: column step_index: \"3\" is out of order"},
	    {"breakdown,segment,step_index,step,users\noverall,all,1,home,5\noverall,all,2,buy,1\n"
	     "g,g=A,1,home,5\ng,g=A,2,pay,1\n",
	     ":5: column step: \"pay\" differs"},
	    {"breakdown,segment,step_index,step,users\noverall,all,1,home,5\noverall,all,2,buy,1\n"
	     "g,g=A,1,home,5\n",
	     "segment g=A of g has 1 steps, overall has 2"},
	    {"breakdown,segment,step_index,step,users\noverall,all,1,home,5\noverall,all,2,buy,1\n"
	     "g,g=A,1,home,5\ng,g=A,2,buy,1\ng,g=A,1,home,5\n",
	     ":6: segment g=A of g appears twice"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char tmpl[] = "/tmp/fr-test-compare.XXXXXX";
		char *dir = fr_xstrdup(mkdtemp(tmpl));
		char *data = fr_xasprintf("%s/data", dir), *path = fr_xasprintf("%s/funnel.csv", data);
		assert_int_equal(mkdir(data, 0755), 0);
		FILE *f = fopen(path, "w");
		fputs(cases[i].csv, f);
		fclose(f);
		struct fr_prev *p = NULL;
		char *err = NULL;
		assert_int_equal(fr_compare_load(dir, false, &p, &err), FR_EDATA);
		assert_null(p);
		if (strstr(err, cases[i].want) == NULL || strchr(err, '\n') != NULL)
			fail_msg("case %zu: [%s] lacks [%s]", i, err, cases[i].want);
		free(err);
		free(data);
		free(path);
		remove_prev(dir);
	}
	/* a multi-dimension breakdown is skipped, rows and all */
	char tmpl[] = "/tmp/fr-test-compare.XXXXXX";
	char *dir = fr_xstrdup(mkdtemp(tmpl));
	char *data = fr_xasprintf("%s/data", dir), *path = fr_xasprintf("%s/funnel.csv", data);
	assert_int_equal(mkdir(data, 0755), 0);
	FILE *f = fopen(path, "w");
	fputs("breakdown,segment,step_index,step,users\noverall,all,1,home,5\noverall,all,2,buy,1\n"
	      "g+h,g=A;h=X,1,home,5\ng+h,g=A;h=X,2,buy,1\ng,g=A,1,home,5\ng,g=A,2,buy,1\n",
	      f);
	fclose(f);
	struct fr_prev *p;
	char *err = NULL;
	assert_int_equal(fr_compare_load(dir, false, &p, &err), FR_OK);
	fr_prev_free(p);
	free(data);
	free(path);
	remove_prev(dir);
}

static void
test_gate_parse(void **state)
{
	(void)state;
	struct fr_gate g;
	char *err = NULL;
	assert_int_equal(fr_gate_parse(" overall_conversion <= 2.5 ", &g, &err), FR_OK);
	assert_string_equal(g.metric, "overall_conversion");
	assert_true(g.value == 2.5 && !g.needs_compare);
	fr_gate_free(&g);
	assert_int_equal(fr_gate_parse("significant_drops>0", &g, &err), FR_OK);
	assert_true(g.needs_compare);
	fr_gate_free(&g);
	static const char *const bad[] = {"", "overall_conversion", "<3", "nope>1", "entered>", "entered>1x",
	                                  "entered>inf", "entered=>1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(fr_gate_parse(bad[i], &g, &err), FR_EUSAGE);
		assert_null(strchr(err, '\n'));
		free(err);
		err = NULL;
	}
	char buf[32];
	fr_gate_format(6, buf, sizeof buf);
	assert_string_equal(buf, "6");
	fr_gate_format(3.641, buf, sizeof buf);
	assert_string_equal(buf, "3.64");
	fr_gate_format(NAN, buf, sizeof buf);
	assert_string_equal(buf, "n/a");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_compare_by_hand),
	    cmocka_unit_test(test_shift_new_and_gone),
	    cmocka_unit_test(test_load_errors),
	    cmocka_unit_test(test_gate_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
