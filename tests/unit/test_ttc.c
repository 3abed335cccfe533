/* test_ttc.c: time to convert (ttc.c) and the reach times it is fed
 * (level.c), against values worked out by hand. */
#include "support.h"

#include "warehouse/level.h"
#include "core/ttc.h"

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
	/* step 3: 510, 520, 530, 540 s, above the one-second bins (8 s wide from
	 * 512 s): median rank 2 (520 s) is the one value of [520, 528), placed
	 * at its middle, 524; p90 rank 4 (540 s) the one of [536, 544): 540. */
	fr_ttc_get(t, 7, 2, &st);
	assert_int_equal(st.users, 4);
	assert_int_equal(st.median, 524);
	assert_int_equal(st.p90, 540);
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

/* The nearest-rank quantile q (in tenths: 5 = median) of n sorted values. */
static int64_t
exact_rank(const int64_t *v, int64_t n, int tenths)
{
	int64_t rank = (tenths * n + 9) / 10;
	if (tenths == 5)
		rank = (n + 1) / 2;
	return v[rank - 1];
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Against a brute-force computation over every value: the quantiles are
 * exact below FR_TTC_LINEAR s and within 1/64 (FR_TTC_ERROR_PCT %) of the
 * exact value above, for groups of every size and spread; and two groups
 * whose values differ a little no longer share one figure (they did when a
 * quantile was its bin's fixed value). */
static void
test_against_brute_force(void **state)
{
	(void)state;
	uint64_t x = 12345;
	static const int64_t sizes[] = {1, 2, 3, 10, 99, 1000, 25000};
	static const int64_t spreads[] = {60, 600, 7200, 30 * 86400};
	for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
		for (size_t pi = 0; pi < sizeof spreads / sizeof spreads[0]; pi++) {
			int64_t n = sizes[si];
			int64_t *v = calloc((size_t)n, sizeof *v);
			struct fr_ttc *t = fr_ttc_new(2);
			for (int64_t i = 0; i < n; i++) {
				x = x * 6364136223846793005ULL + 1442695040888963407ULL;
				/* a skewed spread: the square of a uniform, like real waits */
				double u = (double)(x >> 11) / 9007199254740992.0;
				v[i] = (int64_t)(u * u * (double)spreads[pi]);
				int64_t at[2] = {1000, 1000 + v[i]};
				fr_ttc_add(t, 1, at, 2);
			}
			qsort(v, (size_t)n, sizeof *v, cmp_i64);
			struct fr_ttc_stats st;
			fr_ttc_get(t, 1, 1, &st);
			assert_int_equal(st.users, n);
			int64_t med = exact_rank(v, n, 5), p90 = exact_rank(v, n, 9);
			if (med < FR_TTC_LINEAR)
				assert_int_equal(st.median, med);
			if (p90 < FR_TTC_LINEAR)
				assert_int_equal(st.p90, p90);
			if (llabs(st.median - med) * 64 > med || llabs(st.p90 - p90) * 64 > p90)
				fail_msg("n %lld spread %lld: median %lld (exact %lld), p90 %lld (exact %lld)",
				         (long long)n, (long long)spreads[pi], (long long)st.median,
				         (long long)med, (long long)st.p90, (long long)p90);
			free(v);
			fr_ttc_free(t);
		}
	/* 1000 users at 600..700 s and 1000 at 602..702 s: one bin holds both
	 * medians, which must still differ */
	struct fr_ttc *t = fr_ttc_new(2);
	for (int64_t i = 0; i < 1000; i++) {
		int64_t a[2] = {0, 600 + i / 10}, b[2] = {0, 602 + i / 10};
		fr_ttc_add(t, 1, a, 2);
		fr_ttc_add(t, 2, b, 2);
	}
	struct fr_ttc_stats s1, s2;
	fr_ttc_get(t, 1, 1, &s1);
	fr_ttc_get(t, 2, 1, &s2);
	assert_true(s2.median > s1.median);
	assert_true(llabs(s1.median - 650) * 64 <= 650 && llabs(s2.median - 652) * 64 <= 652);
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
	    cmocka_unit_test(test_against_brute_force),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_reach_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
