/* test_findings.c: segments against the rest of their breakdown
 * (findings.c), on a result built by hand, against values computed by hand. */
#include "support.h"

#include <math.h>
#include <stdlib.h>

#include "analysis/findings.h"
#include "analysis/rates.h"
#include "handmade.h"

/*
 * Two steps. g: A 1000 -> 500, B 1000 -> 400, C 20 -> 10 (base too small);
 * h: D and E 1010 -> 455 each (equal: no difference). Overall 2020 -> 910.
 * By hand (pooled z-test, two-sided):
 *   A 500/1000 vs rest 410/1020: p = 9.5175e-6
 *   B 400/1000 vs rest 510/1020: p = 6.2896e-6
 *   D, E: p = 1.
 * Holm over the 4 tests: B 4 p = 2.5158e-5, A 3 p = 2.8552e-5, D, E 1.
 * B loses 1000 x (510/1020 - 400/1000) = 100 users.
 */
static void
test_segments_against_the_rest(void **state)
{
	(void)state;
	static const char *const steps[] = {"home", "cart"};
	struct fr_result *r = hand_result(steps, 2);
	hand_segment(r, hand_breakdown(r, "overall"), "all", (int64_t[]){2020, 910});
	struct fr_breakdown *g = hand_breakdown(r, "g");
	hand_segment(r, g, "g=A", (int64_t[]){1000, 500});
	hand_segment(r, g, "g=B", (int64_t[]){1000, 400});
	hand_segment(r, g, "g=C", (int64_t[]){20, 10});
	struct fr_breakdown *h = hand_breakdown(r, "h");
	hand_segment(r, h, "h=D", (int64_t[]){1010, 455});
	hand_segment(r, h, "h=E", (int64_t[]){1010, 455});

	fr_rates_compute(r);
	fr_findings_compute(r);
	assert_int_equal(r->analysis.ntests, 4);
	const struct fr_segment *a = &r->analysis.funnel[1].segs[0], *b = &r->analysis.funnel[1].segs[1],
	                        *c = &r->analysis.funnel[1].segs[2], *d = &r->analysis.funnel[2].segs[0];
	assert_int_equal(a->stats[1].vs_rest, FR_VS_HIGHER);
	assert_int_equal(b->stats[1].vs_rest, FR_VS_LOWER);
	assert_int_equal(c->stats[1].vs_rest, FR_VS_FEW);
	assert_int_equal(d->stats[1].vs_rest, FR_VS_SAME);
	assert_int_equal(a->stats[0].vs_rest, FR_VS_NONE);
	assert_int_equal(r->analysis.funnel[0].segs[0].stats[1].vs_rest, FR_VS_NONE);
	assert_true(fabs(b->stats[1].p_adj - 2.5158e-5) < 1e-8);
	assert_true(fabs(a->stats[1].p_adj - 2.8552e-5) < 1e-8);
	assert_true(d->stats[1].p_adj == 1.0);
	assert_true(isnan(c->stats[1].p_adj) && isnan(a->stats[0].p_adj));

	assert_int_equal(r->analysis.nfindings, 1);
	assert_int_equal(r->analysis.findings[0].breakdown, 1);
	assert_int_equal(r->analysis.findings[0].seg, 1);
	assert_int_equal(r->analysis.findings[0].step, 1);
	assert_int_equal(r->analysis.findings[0].seg_pct, 4000);
	assert_int_equal(r->analysis.findings[0].rest_pct, 5000);
	assert_int_equal(r->analysis.findings[0].lost, 100);
	assert_string_equal(fr_findings_vs_name(FR_VS_LOWER), "lower");
	assert_string_equal(fr_findings_vs_name(FR_VS_NONE), "");
	fr_result_free(r);
}

/* The rates of a funnel row: no interval at step 1 (100 % of start is a
 * definition, and there is no previous step), none over a zero base. */
static void
test_rates(void **state)
{
	(void)state;
	int64_t u[] = {263, 81, 0, 0};
	struct fr_step_stats st;
	fr_rates_step(u, 0, &st);
	assert_true(st.start.pct == 10000 && st.start.lo == -1 && st.start.hi == -1);
	assert_true(st.prev.pct == -1 && st.prev.lo == -1 && st.prev.hi == -1 && st.dropoff == -1);
	fr_rates_step(u, 1, &st); /* Newcombe's 81/263 */
	assert_true(st.prev.lo == 2553 && st.prev.hi == 3662);
	assert_int_equal(st.prev.pct, 3080);
	assert_int_equal(st.dropoff, 6920);
	fr_rates_step(u, 2, &st);
	assert_true(st.start.lo == 0 && st.start.hi > 0);
	fr_rates_step(u, 3, &st); /* 0 of 0 */
	assert_true(st.prev.pct == -1 && st.prev.lo == -1 && st.prev.hi == -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_segments_against_the_rest),
	    cmocka_unit_test(test_rates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
