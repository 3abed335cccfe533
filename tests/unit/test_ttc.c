/* test_ttc.c: time to convert (ttc.c) and the reach times it is fed
 * (level.c), against values worked out by hand. */
#include "support.h"

#include "level.h"
#include "ttc.h"

/* Users reaching step 2 after 10, 20, ..., 100 s (all in the one-second
 * bins): nearest-rank median is the 5th value, 50 s; p90 the 9th, 90 s. */
static void
test_exact_quantiles(void **state)
{
	(void)state;
	struct fr_ttc *t = fr_ttc_new(3);
	for (int64_t i = 1; i <= 10; i++) {
		int64_t at[3] = {1000, 1000 + 10 * i, 1000 + 10 * i + 500};
		fr_ttc_add(t, 7, at, i <= 4 ? 3 : 2); /* four users go on to step 3 */
	}
	struct fr_ttc_stats st;
	fr_ttc_get(t, 7, 1, &st);
	assert_int_equal(st.users, 10);
	assert_int_equal(st.median, 50);
	assert_int_equal(st.p90, 90);
	assert_int_equal(st.bins[0], 5); /* under a minute: 10..50 s */
	assert_int_equal(st.bins[1], 5); /* 1-5 min: 60..100 s */
	/* step 3: 510, 520, 530, 540 s, above the one-second bins: median rank 2
	 * (520 s) falls in [512, 528), whose middle is 520; p90 rank 4 (540 s) in
	 * [528, 544): 536. */
	fr_ttc_get(t, 7, 2, &st);
	assert_int_equal(st.users, 4);
	assert_int_equal(st.median, 520);
	assert_int_equal(st.p90, 536);
	assert_int_equal(st.bins[2], 4); /* 5-15 min */
	/* a group that never came, and step 1 */
	fr_ttc_get(t, 8, 1, &st);
	assert_int_equal(st.users, 0);
	assert_int_equal(st.median, -1);
	fr_ttc_get(t, 7, 0, &st);
	assert_int_equal(st.users, 0);
	fr_ttc_free(t);
}

/* Far values stay within 1.1 % of the truth; huge ones do not overflow. */
static void
test_wide_range(void **state)
{
	(void)state;
	static const int64_t v[] = {257, 1000, 4000, 86400, 999999, 31536000, INT64_C(1) << 45};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct fr_ttc *t = fr_ttc_new(2);
		int64_t at[2] = {0, v[i]};
		fr_ttc_add(t, 0, at, 2);
		struct fr_ttc_stats st;
		fr_ttc_get(t, 0, 1, &st);
		assert_int_equal(st.users, 1);
		if (v[i] < (INT64_C(1) << 41))
			assert_true(llabs(st.median - v[i]) <= v[i] / 64); /* half a bin: 1/64 */
		assert_int_equal(st.bins[FR_TTC_NBINS - 1], v[i] >= 30 * 86400);
		fr_ttc_free(t);
	}
	/* many groups: the table grows and keeps every one */
	struct fr_ttc *t = fr_ttc_new(2);
	for (uint64_t g = 0; g < 1000; g++) {
		int64_t at[2] = {0, (int64_t)g};
		fr_ttc_add(t, g << 32 | g, at, 2);
	}
	uint64_t *keys;
	assert_int_equal(fr_ttc_groups(t, &keys), 1000);
	for (size_t i = 1; i < 1000; i++)
		assert_true(keys[i] > keys[i - 1]);
	struct fr_ttc_stats st;
	fr_ttc_get(t, UINT64_C(999) << 32 | 999, 1, &st);
	assert_int_equal(st.median, 999 < FR_TTC_LINEAR ? 999 : st.median);
	free(keys);
	fr_ttc_free(t);
}

static void
test_format(void **state)
{
	(void)state;
	char b[48];
	fr_ttc_format(42, b, sizeof b);
	assert_string_equal(b, "42 s");
	fr_ttc_format(200, b, sizeof b);
	assert_string_equal(b, "3 min 20 s");
	fr_ttc_format(7500, b, sizeof b);
	assert_string_equal(b, "2 h 05 min");
	fr_ttc_format(3 * 86400 + 4 * 3600 + 59, b, sizeof b);
	assert_string_equal(b, "3 d 4 h");
	fr_ttc_format(-1, b, sizeof b);
	assert_string_equal(b, "n/a");
}

/* level.c: the reach time of a step is the visit that first completed a
 * chain to it; with a 1-day window a late chain counts from its own start,
 * but the time is still measured from entry. */
static void
test_reach_times(void **state)
{
	(void)state;
	struct fr_level *lv = fr_level_new(3, FR_ORDER_ORDERED, 1);
	struct fr_level_user u;
	fr_level_add(lv, 1, 100);         /* entry */
	fr_level_add(lv, 2, 100 + 90000); /* too late for the window of the entry */
	fr_level_add(lv, 1, 200000);      /* a new start */
	fr_level_add(lv, 2, 200050);      /* step 2 reached here */
	fr_level_add(lv, 2, 200060);
	fr_level_add(lv, 3, 200100);      /* step 3 */
	fr_level_get(lv, &u);
	assert_int_equal(u.level, 3);
	assert_int_equal(u.reached_at[0], 100);
	assert_int_equal(u.reached_at[1], 200050);
	assert_int_equal(u.reached_at[2], 200100);
	fr_level_free(lv);
	lv = fr_level_new(3, FR_ORDER_ANY, 0);
	fr_level_add(lv, 1, 5);
	fr_level_get(lv, &u);
	assert_null(u.reached_at);
	fr_level_free(lv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exact_quantiles),
	    cmocka_unit_test(test_wide_range),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_reach_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
