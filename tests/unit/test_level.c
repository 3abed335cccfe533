/* test_level.c: the per-user funnel level rules of SPEC section 4, on level.c alone. */
#include "support.h"

#include "warehouse/level.h"

#define H 3600
#define D 86400

struct visit {
	size_t step;
	int64_t t;
};

/* Feeds visits (already in (t, step) order) and returns the result. */
static struct fr_level_user
level_of(size_t nsteps, enum fr_order order, int64_t window, const struct visit *v, size_t n)
{
	struct fr_level *lv = fr_level_new(nsteps, order, window);
	struct fr_level_user u;
	fr_level_reset(lv);
	for (size_t i = 0; i < n; i++)
		fr_level_add(lv, v[i].step, v[i].t);
	fr_level_get(lv, &u);
	fr_level_free(lv);
	return u;
}

#define LEVEL(order, window, ...)                                                                  \
	level_of(4, order, window, (const struct visit[]){__VA_ARGS__},                            \
	         sizeof((const struct visit[]){__VA_ARGS__}) / sizeof(struct visit))

static void
test_in_order(void **state)
{
	(void)state;
	struct fr_level_user u = LEVEL(FR_ORDER_ORDERED, 0, {1, 0}, {2, 10}, {3, 20}, {4, 30});
	assert_int_equal(u.level, 4);
	assert_int_equal(u.entry_time, 0);
	assert_false(u.out_of_order);
}

static void
test_out_of_order(void **state)
{
	(void)state;
	/* step 2 before step 1: the ordered chain stops at 1; any order reaches 3. */
	struct fr_level_user o = LEVEL(FR_ORDER_ORDERED, 0, {2, 0}, {1, 10}, {3, 20});
	struct fr_level_user a = LEVEL(FR_ORDER_ANY, 0, {2, 0}, {1, 10}, {3, 20});
	assert_int_equal(o.level, 1);
	assert_int_equal(a.level, 3);
	assert_true(o.out_of_order);
	assert_int_equal(o.entry_time, 10);
}

static void
test_skipped_step(void **state)
{
	(void)state;
	/* Step 3 without step 2 at all: level 1, and out of order. */
	struct fr_level_user u = LEVEL(FR_ORDER_ORDERED, 0, {1, 0}, {3, 10});
	assert_int_equal(u.level, 1);
	assert_true(u.out_of_order);
	struct fr_level_user a = LEVEL(FR_ORDER_ANY, 0, {1, 0}, {3, 10});
	assert_int_equal(a.level, 1);
}

static void
test_window_cuts_chain(void **state)
{
	(void)state;
	/* 7-day window: step 3 at 8 days is too late. */
	struct fr_level_user u = LEVEL(FR_ORDER_ORDERED, 7, {1, 0}, {2, 1 * D}, {3, 8 * D});
	assert_int_equal(u.level, 2);
	/* No window: the same visits reach step 3. */
	u = LEVEL(FR_ORDER_ORDERED, 0, {1, 0}, {2, 1 * D}, {3, 8 * D});
	assert_int_equal(u.level, 3);
	/* The window does not apply to any order. */
	u = LEVEL(FR_ORDER_ANY, 7, {1, 0}, {2, 1 * D}, {3, 8 * D});
	assert_int_equal(u.level, 3);
}

static void
test_window_inclusive(void **state)
{
	(void)state;
	/* Exactly DAYS x 24 h counts; one second more does not. */
	struct fr_level_user u = LEVEL(FR_ORDER_ORDERED, 7, {1, 100}, {2, 100 + 7 * D});
	assert_int_equal(u.level, 2);
	u = LEVEL(FR_ORDER_ORDERED, 7, {1, 100}, {2, 100 + 7 * D + 1});
	assert_int_equal(u.level, 1);
}

static void
test_later_start_deeper(void **state)
{
	(void)state;
	/* The first step-1 visit cannot reach step 3 in the window; a later one can. */
	struct fr_level_user u =
	    LEVEL(FR_ORDER_ORDERED, 7, {1, 0}, {2, 2 * D}, {1, 10 * D}, {2, 11 * D}, {3, 12 * D});
	assert_int_equal(u.level, 3);
	/* Entry (and so the month) stays the first step-1 visit. */
	assert_int_equal(u.entry_time, 0);
}

static void
test_deepest_chain_keeps_earlier_level(void **state)
{
	(void)state;
	/* A later chain that goes less deep does not lower the level. */
	struct fr_level_user u =
	    LEVEL(FR_ORDER_ORDERED, 2, {1, 0}, {2, H}, {3, 2 * H}, {1, 5 * D}, {2, 5 * D + H});
	assert_int_equal(u.level, 3);
}

static void
test_equal_times(void **state)
{
	(void)state;
	/* Equal timestamps count as in order (visits come sorted by (t, step)). */
	struct fr_level_user u = LEVEL(FR_ORDER_ORDERED, 0, {1, 50}, {2, 50}, {3, 50}, {4, 50});
	assert_int_equal(u.level, 4);
	assert_false(u.out_of_order);
}

static void
test_not_entered(void **state)
{
	(void)state;
	struct fr_level_user u = LEVEL(FR_ORDER_ORDERED, 0, {2, 0}, {3, 10});
	assert_int_equal(u.level, 0);
	u = LEVEL(FR_ORDER_ANY, 0, {2, 0}, {3, 10});
	assert_int_equal(u.level, 0);
}

static void
test_reset_between_users(void **state)
{
	(void)state;
	struct fr_level *lv = fr_level_new(3, FR_ORDER_ORDERED, 0);
	struct fr_level_user u;
	fr_level_reset(lv);
	fr_level_add(lv, 1, 0);
	fr_level_add(lv, 2, 1);
	fr_level_add(lv, 3, 2);
	fr_level_get(lv, &u);
	assert_int_equal(u.level, 3);
	fr_level_reset(lv);
	fr_level_add(lv, 2, 5);
	fr_level_get(lv, &u);
	assert_int_equal(u.level, 0);
	fr_level_free(lv);
	fr_level_free(NULL);
}

static void
test_any_never_below_ordered(void **state)
{
	(void)state;
	/* A small exhaustive property: every sequence of 4 visits over 3 steps
	 * and 3 times, any order >= ordered, and ordered <= distinct steps. */
	for (int code = 0; code < 9 * 9 * 9 * 9; code++) {
		struct visit v[4];
		int c = code;
		for (int i = 0; i < 4; i++, c /= 9)
			v[i] = (struct visit){(size_t)(c % 3) + 1, (c / 3) % 3};
		/* sort by (t, step) */
		for (int i = 1; i < 4; i++)
			for (int j = i; j > 0 && (v[j].t < v[j - 1].t ||
			                          (v[j].t == v[j - 1].t && v[j].step < v[j - 1].step));
			     j--) {
				struct visit tmp = v[j];
				v[j] = v[j - 1];
				v[j - 1] = tmp;
			}
		struct fr_level_user o = level_of(3, FR_ORDER_ORDERED, 0, v, 4);
		struct fr_level_user a = level_of(3, FR_ORDER_ANY, 0, v, 4);
		assert_true(a.level >= o.level);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_in_order),
	    cmocka_unit_test(test_out_of_order),
	    cmocka_unit_test(test_skipped_step),
	    cmocka_unit_test(test_window_cuts_chain),
	    cmocka_unit_test(test_window_inclusive),
	    cmocka_unit_test(test_later_start_deeper),
	    cmocka_unit_test(test_deepest_chain_keeps_earlier_level),
	    cmocka_unit_test(test_equal_times),
	    cmocka_unit_test(test_not_entered),
	    cmocka_unit_test(test_reset_between_users),
	    cmocka_unit_test(test_any_never_below_ordered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
