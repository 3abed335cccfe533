/* test_cohorts.c: entry cohorts and their maturity (cohorts.c), on results
 * built by hand, against dates worked out by hand. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/cohorts.h"
#include "base/util.h"

/* A result with dims (sex, month) and a month breakdown of the given months. */
static struct fr_result *
make(const char *const *months, size_t n, int64_t window, const char *last)
{
	struct fr_result *r = fr_result_new();
	r->cube.nsteps = 2;
	r->cube.steps = fr_xcalloc(2, sizeof(char *));
	r->cube.steps[0] = fr_xstrdup("home");
	r->cube.steps[1] = fr_xstrdup("buy");
	r->cube.ndims = 2;
	r->cube.dims = fr_xcalloc(2, sizeof *r->cube.dims);
	r->cube.dims[0] = (struct fr_dim){fr_xstrdup("sex"), 0};
	r->cube.dims[1] = (struct fr_dim){fr_xstrdup("month"), -1};
	r->settings.window_days = window;
	r->cube.last_event = last ? fr_xstrdup(last) : NULL;
	r->analysis.nfunnel = 3;
	r->analysis.funnel = fr_xcalloc(3, sizeof *r->analysis.funnel);
	const char *names[] = {"overall", "sex", "month"};
	for (size_t b = 0; b < 3; b++) {
		struct fr_breakdown *bd = &r->analysis.funnel[b];
		bd->name = fr_xstrdup(names[b]);
		bd->ndims = b == 0 ? 0 : 1;
		bd->dims = fr_xcalloc(1, sizeof(size_t));
		bd->dims[0] = b == 2 ? 1 : 0;
		bd->nsegs = b == 2 ? n : 1;
		bd->segs = fr_xcalloc(bd->nsegs, sizeof *bd->segs);
		for (size_t s = 0; s < bd->nsegs; s++) {
			bd->segs[s].label = fr_xstrdup(b == 2 ? months[s] : "x");
			bd->segs[s].values = fr_xcalloc(1, sizeof(char *));
			if (b > 0) /* overall has no dimension, so no value */
				bd->segs[s].values[0] = fr_xstrdup(b == 2 ? months[s] : "x");
			bd->segs[s].counts = fr_xcalloc(2, sizeof(int64_t));
			bd->segs[s].counts[0] = 100;
			bd->segs[s].counts[1] = 10 + (int64_t)s;
		}
	}
	return r;
}

/*
 * Window 30 days. The last entrant of March comes at 2025-03-31 23:59:59;
 * their window closes 30 x 24 h later, 2025-04-30 23:59:59. So with the
 * last event at 23:59:59 March is mature, at 23:58:11 it is not. April
 * closes 2025-05-30. December 2024 with a 1-day window closes 2025-01-01.
 */
static void
test_maturity(void **state)
{
	(void)state;
	const char *m[] = {"2025-03", "2025-04"};
	struct fr_result *r = make(m, 2, 30, "2025-04-30T23:59:59Z");
	fr_cohorts_compute(r);
	const struct fr_cohort *c = r->analysis.cohorts;
	assert_int_equal(r->analysis.ncohorts, 2);
	assert_int_equal(r->analysis.cohort_of, 2);
	assert_string_equal(fr_cohorts_segment(r, 0)->values[0], "2025-03");
	assert_string_equal(c[0].closes, "2025-04-30");
	assert_int_equal(c[0].maturity, FR_COHORT_MATURE);
	assert_string_equal(c[1].closes, "2025-05-30");
	assert_int_equal(c[1].maturity, FR_COHORT_IMMATURE);
	assert_int_equal(fr_segment_users(fr_cohorts_segment(r, 1))[1], 11);
	fr_result_free(r);

	r = make(m, 2, 30, "2025-04-30T23:58:11Z");
	fr_cohorts_compute(r);
	assert_int_equal(r->analysis.cohorts[0].maturity, FR_COHORT_IMMATURE);
	fr_result_free(r);

	const char *dec[] = {"2024-12"};
	r = make(dec, 1, 1, "2025-01-01T00:00:00Z");
	fr_cohorts_compute(r);
	assert_string_equal(r->analysis.cohorts[0].closes, "2025-01-01");
	assert_int_equal(r->analysis.cohorts[0].maturity, FR_COHORT_IMMATURE); /* closes at 23:59:59 */
	fr_result_free(r);
	r = make(dec, 1, 1, "2025-01-01T23:59:59Z");
	fr_cohorts_compute(r);
	assert_int_equal(r->analysis.cohorts[0].maturity, FR_COHORT_MATURE);
	fr_result_free(r);
}

/* Without --window nothing is marked; without a month breakdown, no cohorts. */
static void
test_unknown_and_absent(void **state)
{
	(void)state;
	const char *m[] = {"2025-03"};
	struct fr_result *r = make(m, 1, 0, "2025-09-30T00:00:00Z");
	fr_cohorts_compute(r);
	assert_int_equal(r->analysis.ncohorts, 1);
	assert_int_equal(r->analysis.cohorts[0].maturity, FR_COHORT_UNKNOWN);
	assert_string_equal(r->analysis.cohorts[0].closes, "");
	r->cube.dims[1].attr = 1; /* month is now a user attribute, not the entry month */
	fr_cohorts_compute(r);
	assert_int_equal(r->analysis.ncohorts, 0);
	fr_result_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_maturity),
	    cmocka_unit_test(test_unknown_and_absent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
