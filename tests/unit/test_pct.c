/* test_pct.c: exact percentages in hundredths (pct.c): rounding, overflow, complement, output. */
#include "support.h"

#include "base/buf.h"
#include "base/pct.h"

static void
test_round_half_up(void **state)
{
	(void)state;
	assert_int_equal(fr_pct(1, 3), 3333);  /* 33.333.. */
	assert_int_equal(fr_pct(2, 3), 6667);  /* 66.666.. */
	assert_int_equal(fr_pct(1, 8), 1250);  /* 12.5 exactly */
	assert_int_equal(fr_pct(1, 200), 50);  /* 0.5 */
	assert_int_equal(fr_pct(1, 400), 25);  /* 0.25 */
	assert_int_equal(fr_pct(1, 800), 13);  /* 0.125: half rounds up */
	assert_int_equal(fr_pct(3, 800), 38);  /* 0.375: half rounds up */
	assert_int_equal(fr_pct(1, 1600), 6);  /* 0.0625 */
	assert_int_equal(fr_pct(1, 30000), 0); /* 0.00333.. */
	assert_int_equal(fr_pct(1, 20000), 1); /* 0.005: half rounds up */
	assert_int_equal(fr_pct(1, 20001), 0); /* just under half */
	assert_int_equal(fr_pct(1, 7), 1429);  /* 14.2857.. */
	assert_int_equal(fr_pct(5, 6), 8333);  /* 83.333.. */
	assert_int_equal(fr_pct(1, 6), 1667);  /* 16.666.. */
}

static void
test_ends(void **state)
{
	(void)state;
	assert_int_equal(fr_pct(0, 5), 0);
	assert_int_equal(fr_pct(5, 5), 10000);
	assert_int_equal(fr_pct(1, 1), 10000);
	assert_int_equal(fr_pct(90400, 90400), 10000);
	assert_int_equal(fr_pct(3, 2), 15000); /* more than the whole is still exact */
	assert_int_equal(fr_pct(0, 0), -1);
	assert_int_equal(fr_pct(7, 0), -1);
}

static void
test_huge_counts(void **state)
{
	(void)state;
	int64_t big31 = (INT64_C(1) << 31) + 7;
	int64_t big40 = (INT64_C(1) << 40) + 12345;
	assert_int_equal(fr_pct(big31, big31), 10000);
	assert_int_equal(fr_pct(big40, big40), 10000);
	assert_int_equal(fr_pct(big31 / 2, big31 - 1), 5000);
	assert_int_equal(fr_pct(INT64_C(1) << 40, INT64_C(1) << 42), 2500);
	assert_int_equal(fr_pct(INT64_C(1) << 40, 3 * (INT64_C(1) << 40)), 3333);
	assert_int_equal(fr_pct(2 * (INT64_C(1) << 40), 3 * (INT64_C(1) << 40)), 6667);
	/* Past where 20000 * num would overflow int64. */
	assert_int_equal(fr_pct(INT64_MAX, INT64_MAX), 10000);
	assert_int_equal(fr_pct(INT64_MAX / 3, INT64_MAX), 3333);
	assert_int_equal(fr_pct(INT64_MAX / 8, INT64_MAX), 1250);
	assert_int_equal(fr_pct(1, INT64_MAX), 0);
	assert_int_equal(fr_pct(INT64_C(1) << 50, INT64_C(1) << 50), 10000);
}

static void
test_complement(void **state)
{
	(void)state;
	assert_int_equal(fr_pct_complement(0), 10000);
	assert_int_equal(fr_pct_complement(10000), 0);
	assert_int_equal(fr_pct_complement(1234), 8766);
	assert_int_equal(fr_pct_complement(fr_pct(1, 3)), 6667);
	assert_int_equal(fr_pct_complement(-1), -1);
	assert_int_equal(fr_pct_complement(fr_pct(4, 0)), -1);
}

/* fr_pct_put of h into a buffer that already holds "[", then "]". */
static void
check_put(int64_t h, const char *want)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_putc(&b, '[');
	fr_pct_put(&b, h);
	fr_buf_putc(&b, ']');
	char *got = fr_buf_detach(&b);
	int same = strcmp(got, want) == 0;
	if (!same)
		print_error("put %lld: got %s, want %s\n", (long long)h, got, want);
	free(got);
	assert_true(same);
}

static void
test_put(void **state)
{
	(void)state;
	check_put(0, "[0.00]");
	check_put(5, "[0.05]");
	check_put(10, "[0.10]");
	check_put(99, "[0.99]");
	check_put(1234, "[12.34]");
	check_put(10000, "[100.00]");
	check_put(15000, "[150.00]");
	check_put(-1, "[]");
	check_put(-500, "[]");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_half_up), cmocka_unit_test(test_ends),
	    cmocka_unit_test(test_huge_counts),   cmocka_unit_test(test_complement),
	    cmocka_unit_test(test_put),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
