/* test_engine.c: the funnel engine (extract, model, analyze) on small
 * hand-computed cases, one per rule of SPEC section 4. */
#include "support.h"

#include "base/buf.h"
#include "core/cube.h"
#include "render/datafiles.h"
#include "engine.h"

#define D 86400
/* 2025-01-15T00:00:00Z */
#define T0 1736899200

static const char *const steps3[] = {"a", "b", "c"};

static const struct eng_user two_users[] = {{"u1", "x"}, {"u2", "y"}};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct fr_result *
run3(enum fr_order order, int64_t window, const struct eng_user *u, size_t nu,
     const struct eng_event *e, size_t ne)
{
	struct eng_opts o = {order, window, 3, steps3, 3, 0, 0};
	char *err = NULL;
	int rc;
	struct fr_result *r = engine_run(&o, u, nu, e, ne, &rc, &err);
	if (rc != FR_OK)
		fail_msg("engine: %s", err ? err : "?");
	free(err);
	return r;
}

/* users at step k (1-based) of the overall funnel */
static int64_t
at(const struct fr_result *r, size_t k)
{
	return fr_result_users(r, k - 1);
}

static const struct fr_segment *
segment(const struct fr_result *r, const char *breakdown, const char *label)
{
	const struct fr_breakdown *b = fr_result_breakdown(r, breakdown);
	assert_non_null(b);
	for (size_t i = 0; i < b->nsegs; i++)
		if (strcmp(b->segs[i].label, label) == 0)
			return &b->segs[i];
	return NULL;
}

static void
test_basic_ordered(void **state)
{
	(void)state;
	const struct eng_event e[] = {
	    {"u1", "a", T0}, {"u1", "b", T0 + 60}, {"u1", "c", T0 + 120},
	    {"u2", "a", T0}, {"u2", "b", T0 + 60},
	};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 0, two_users, 2, e, N(e));
	assert_int_equal(at(r, 1), 2);
	assert_int_equal(at(r, 2), 2);
	assert_int_equal(at(r, 3), 1);
	assert_int_equal(segment(r, "group", "group=x")->counts[2], 1);
	assert_int_equal(segment(r, "group", "group=y")->counts[2], 0);
	assert_int_equal(r->log.quality.page_visits, 5);
	fr_result_free(r);
}

static void
test_out_of_order_events(void **state)
{
	(void)state;
	/* u1 visits b before a: ordered stops at a, any order reaches b. */
	const struct eng_event e[] = {{"u1", "b", T0}, {"u1", "a", T0 + 60}, {"u1", "c", T0 + 120}};
	struct fr_result *o = run3(FR_ORDER_ORDERED, 0, two_users, 1, e, N(e));
	struct fr_result *a = run3(FR_ORDER_ANY, 0, two_users, 1, e, N(e));
	assert_int_equal(at(o, 1), 1);
	assert_int_equal(at(o, 2), 0);
	assert_int_equal(at(a, 3), 1);
	assert_int_equal(o->log.quality.users_out_of_order, 1);
	fr_result_free(o);
	fr_result_free(a);
}

static void
test_window(void **state)
{
	(void)state;
	const struct eng_event e[] = {{"u1", "a", T0}, {"u1", "b", T0 + 2 * D}, {"u1", "c", T0 + 7 * D}};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 7, two_users, 1, e, N(e));
	assert_int_equal(at(r, 3), 1); /* exactly 7 x 24 h counts */
	fr_result_free(r);
	r = run3(FR_ORDER_ORDERED, 6, two_users, 1, e, N(e));
	assert_int_equal(at(r, 2), 1);
	assert_int_equal(at(r, 3), 0);
	fr_result_free(r);
}

static void
test_later_step1_deeper_and_month(void **state)
{
	(void)state;
	/* First a on Jan 31, a later a on Feb 20 starts the chain that reaches c
	 * within 3 days; month stays January, the month of the first a. */
	int64_t jan31 = 1738281600; /* 2025-01-31T00:00:00Z */
	const struct eng_event e[] = {
	    {"u1", "a", jan31 + 3600}, {"u1", "a", jan31 + 20 * D},
	    {"u1", "b", jan31 + 21 * D}, {"u1", "c", jan31 + 22 * D},
	};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 3, two_users, 1, e, N(e));
	assert_int_equal(at(r, 3), 1);
	assert_non_null(segment(r, "month", "month=2025-01"));
	assert_null(segment(r, "month", "month=2025-02"));
	/* Visits are by the month of the visit: January has 1, February 3. */
	assert_int_equal(r->cube.nmonths, 2);
	assert_string_equal(r->cube.months[1], "2025-02");
	int64_t feb = 0;
	for (size_t k = 0; k < r->cube.nsteps; k++)
		feb += r->analysis.visits[0].segs[0].counts[2 * (k * r->cube.nmonths + 1)];
	assert_int_equal(feb, 3);
	fr_result_free(r);
}

static void
test_equal_timestamps(void **state)
{
	(void)state;
	/* Given in reverse file order, equal times still count as in order. */
	const struct eng_event e[] = {{"u1", "c", T0}, {"u1", "b", T0}, {"u1", "a", T0}};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 0, two_users, 1, e, N(e));
	assert_int_equal(at(r, 3), 1);
	assert_int_equal(r->log.quality.users_out_of_order, 0);
	fr_result_free(r);
}

static void
test_duplicates_once(void **state)
{
	(void)state;
	const struct eng_event e[] = {
	    {"u1", "a", T0}, {"u1", "a", T0}, {"u1", "a", T0}, {"u1", "b", T0 + 5}, {"u1", "b", T0 + 6},
	};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 0, two_users, 1, e, N(e));
	assert_int_equal(r->log.quality.events_read, 5);
	assert_int_equal(r->log.quality.duplicate_events, 2);
	assert_int_equal(r->log.quality.page_visits, 3);
	/* visits: a once, b twice (different times are not duplicates) */
	const struct fr_segment *all = &r->analysis.visits[0].segs[0];
	assert_int_equal(all->counts[2 * (0 * r->cube.nmonths)], 1);
	assert_int_equal(all->counts[2 * (1 * r->cube.nmonths)], 2);
	assert_int_equal(all->counts[2 * (1 * r->cube.nmonths) + 1], 1);
	fr_result_free(r);
}

static void
test_unknown_pages_and_users(void **state)
{
	(void)state;
	const struct eng_event e[] = {
	    {"u1", "a", T0}, {"u1", "help", T0 + 1}, {"ghost", "a", T0}, {"ghost", "zzz", T0},
	};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 0, two_users, 2, e, N(e));
	assert_int_equal(r->log.quality.unknown_page_events, 2);
	assert_int_equal(r->log.quality.unknown_user_events, 1);
	assert_int_equal(r->log.quality.page_visits, 1);
	assert_int_equal(at(r, 1), 1);
	fr_result_free(r);
}

static void
test_user_without_step1(void **state)
{
	(void)state;
	/* u2 visits b only: not entered, but the visit counts as a visit. */
	const struct eng_event e[] = {{"u1", "a", T0}, {"u2", "b", T0}};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 0, two_users, 2, e, N(e));
	assert_int_equal(at(r, 1), 1);
	assert_int_equal(r->log.quality.users_not_entered, 1);
	assert_null(segment(r, "group", "group=y")); /* no entered user: no row */
	const struct fr_segment *all = &r->analysis.visits[0].segs[0];
	assert_int_equal(all->counts[2 * (1 * r->cube.nmonths)], 1);
	fr_result_free(r);
}

static void
test_zero_users_no_nan(void **state)
{
	(void)state;
	/* group y enters but nobody reaches b: the percentages after a zero are
	 * empty, never NaN; with nobody at all, overall is a row of zeros. */
	const struct eng_event e[] = {{"u1", "a", T0}, {"u2", "a", T0}, {"u1", "b", T0 + 1}};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 0, two_users, 2, e, N(e));
	struct fr_buf b = FR_BUF_INIT;
	fr_datafiles_funnel(&(struct fr_report){.result = r}, &b, NULL);
	assert_non_null(strstr(fr_buf_cstr(&b), "group,group=y,2,b,0,0.00,0.00,100.00,0.00,79.35,0.00,79.35,too few,\n"));
	assert_non_null(strstr(fr_buf_cstr(&b), "group,group=y,3,c,0,0.00,,,,,0.00,79.35,too few,\n"));
	assert_null(strstr(fr_buf_cstr(&b), "nan"));
	assert_null(strstr(fr_buf_cstr(&b), "inf"));
	fr_buf_free(&b);
	fr_result_free(r);

	r = run3(FR_ORDER_ORDERED, 0, two_users, 2, NULL, 0);
	fr_datafiles_funnel(&(struct fr_report){.result = r}, &b, NULL);
	assert_non_null(strstr(fr_buf_cstr(&b), "overall,all,1,a,0,,,,,,,,,\n"));
	assert_int_equal(r->analysis.nfunnel, 4); /* overall, group, month, group+month */
	fr_buf_free(&b);
	fr_result_free(r);
}

static void
test_any_vs_ordered(void **state)
{
	(void)state;
	const struct eng_event e[] = {
	    {"u1", "a", T0}, {"u1", "c", T0 + 1}, {"u1", "b", T0 + 2},
	    {"u2", "a", T0}, {"u2", "b", T0 + 1}, {"u2", "c", T0 + 2},
	};
	struct fr_result *o = run3(FR_ORDER_ORDERED, 0, two_users, 2, e, N(e));
	struct fr_result *a = run3(FR_ORDER_ANY, 0, two_users, 2, e, N(e));
	assert_int_equal(at(o, 3), 1);
	assert_int_equal(at(a, 3), 2);
	fr_result_free(o);
	fr_result_free(a);
}

static void
test_duplicate_user_first_wins(void **state)
{
	(void)state;
	const struct eng_user u[] = {{"u1", "x"}, {"u1", "y"}, {"u2", "y"}};
	const struct eng_event e[] = {{"u1", "a", T0}};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 0, u, 3, e, N(e));
	assert_int_equal(r->log.quality.duplicate_users, 1);
	assert_int_equal(r->log.quality.users, 2);
	assert_non_null(segment(r, "group", "group=x"));
	assert_null(segment(r, "group", "group=y"));
	fr_result_free(r);
}

static void
test_ids_match_as_text(void **state)
{
	(void)state;
	/* "007" and "7" are different users. */
	const struct eng_user u[] = {{"007", "x"}};
	const struct eng_event e[] = {{"7", "a", T0}, {"007", "a", T0}};
	struct fr_result *r = run3(FR_ORDER_ORDERED, 0, u, 1, e, N(e));
	assert_int_equal(at(r, 1), 1);
	assert_int_equal(r->log.quality.unknown_user_events, 1);
	fr_result_free(r);
}

/* --dims NAME as every cube source resolves it: the month, an attribute, or
 * a usage error naming the attributes there are or the reserved column. */
static void
test_find_dim(void **state)
{
	(void)state;
	struct fr_attr attrs[] = {{(char *)"sex", 2}, {(char *)"level", 3}};
	struct fr_cube cube = {0};
	cube.attrs = attrs;
	cube.nattrs = 2;
	int attr = 99;
	char *err = NULL;
	assert_int_equal(fr_cube_find_dim(&cube, "month", &attr, &err), FR_OK);
	assert_int_equal(attr, -1);
	assert_int_equal(fr_cube_find_dim(&cube, "sex", &attr, &err), FR_OK);
	assert_int_equal(attr, 0);
	assert_int_equal(fr_cube_find_dim(&cube, "device", &attr, &err), FR_EUSAGE);
	assert_string_equal(err, "--dims: no dimension \"device\" (the users have: sex, level, month)");
	free(err);
	err = NULL;
	assert_int_equal(fr_cube_find_dim(&cube, "level", &attr, &err), FR_EUSAGE);
	assert_non_null(strstr(err, "it is a column of the cube files"));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic_ordered),
	    cmocka_unit_test(test_find_dim),
	    cmocka_unit_test(test_out_of_order_events),
	    cmocka_unit_test(test_window),
	    cmocka_unit_test(test_later_step1_deeper_and_month),
	    cmocka_unit_test(test_equal_timestamps),
	    cmocka_unit_test(test_duplicates_once),
	    cmocka_unit_test(test_unknown_pages_and_users),
	    cmocka_unit_test(test_user_without_step1),
	    cmocka_unit_test(test_zero_users_no_nan),
	    cmocka_unit_test(test_any_vs_ordered),
	    cmocka_unit_test(test_duplicate_user_first_wins),
	    cmocka_unit_test(test_ids_match_as_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
