/* test_csvw.c: the CSV writer of csvw.c, with percentages from pct.h. */
#include "support.h"

#include "base/buf.h"
#include "base/csvw.h"
#include "base/pct.h"

static void
test_rows(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	struct fr_csvw w;
	fr_csvw_init(&w, &b);
	fr_csvw_str(&w, "step");
	fr_csvw_str(&w, "users");
	fr_csvw_str(&w, "pct");
	fr_csvw_end(&w);
	fr_csvw_str(&w, "visit");
	fr_csvw_i64(&w, 90400);
	fr_csvw_pct(&w, 10000);
	fr_csvw_end(&w);
	fr_csvw_str(&w, "buy");
	fr_csvw_i64(&w, -3);
	fr_csvw_pct(&w, 1234);
	fr_csvw_end(&w);
	assert_string_equal(fr_buf_cstr(&b), "step,users,pct\n"
	                                     "visit,90400,100.00\n"
	                                     "buy,-3,12.34\n");
	assert_int_equal(w.ncols, 0);
	fr_buf_free(&b);
}

/*
 * Issue 12.15 (docs/BAD_INPUTS.md 45): by default a value is written as it
 * came, formula or not; in safe mode a text cell that a spreadsheet would
 * take for a formula (= + - @, a tab, a CR), or that starts with the quote
 * itself (so the prefix can be undone exactly), gets a leading '. Numbers
 * are never prefixed, negative or not.
 */
static void
test_safe_mode(void **state)
{
	(void)state;
	static const char *const cells[] = {"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx",
	                                    "'quoted", "plain", "", "a=b"};
	struct fr_buf exact = FR_BUF_INIT, safe = FR_BUF_INIT;
	struct fr_csvw w, v;
	fr_csvw_init(&w, &exact);
	fr_csvw_init(&v, &safe);
	v.safe = true;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		fr_csvw_str(&w, cells[i]);
		fr_csvw_str(&v, cells[i]);
	}
	fr_csvw_num(&w, "-0.25");
	fr_csvw_num(&v, "-0.25");
	fr_csvw_i64(&v, -3);
	fr_csvw_end(&w);
	fr_csvw_end(&v);
	assert_string_equal(fr_buf_cstr(&exact),
	                    "\"=HYPERLINK(\"\"x\"\")\",+1,-2,@SUM(A1),\tx,\"\rx\",'quoted,plain,,a=b,-0.25\n");
	assert_string_equal(fr_buf_cstr(&safe), "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1),'\tx,\"'\rx\",''quoted,"
	                                         "plain,,a=b,-0.25,-3\n");
	/* and back: one leading quote comes off, so every value is as it came */
	assert_string_equal(fr_csvw_unsafe("'=x"), "=x");
	assert_string_equal(fr_csvw_unsafe("''quoted"), "'quoted");
	assert_string_equal(fr_csvw_unsafe("plain"), "plain");
	fr_buf_free(&exact);
	fr_buf_free(&safe);
}

static void
test_writer_owns_nothing(void **state)
{
	(void)state;
	/* The writer appends to what the buffer already holds. */
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "# header\n");
	struct fr_csvw w;
	fr_csvw_init(&w, &b);
	assert_ptr_equal(w.out, &b);
	assert_int_equal(w.ncols, 0);
	fr_csvw_i64(&w, 1);
	fr_csvw_i64(&w, 2);
	assert_int_equal(w.ncols, 2);
	fr_csvw_end(&w);
	assert_string_equal(fr_buf_cstr(&b), "# header\n1,2\n");
	fr_buf_free(&b);
}

static void
test_quoting_through_writer(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	struct fr_csvw w;
	fr_csvw_init(&w, &b);
	fr_csvw_str(&w, "a,b");
	fr_csvw_str(&w, "say \"hi\"");
	fr_csvw_str(&w, "two\nlines");
	fr_csvw_str(&w, " padded ");
	fr_csvw_str(&w, "plain");
	fr_csvw_str(&w, "");
	fr_csvw_end(&w);
	assert_string_equal(fr_buf_cstr(&b),
	                    "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",plain,\n");
	fr_buf_free(&b);
}

static void
test_empty_fields(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	struct fr_csvw w;
	fr_csvw_init(&w, &b);
	fr_csvw_empty(&w);
	fr_csvw_empty(&w);
	fr_csvw_empty(&w);
	fr_csvw_end(&w);
	fr_csvw_empty(&w); /* one empty field: an empty line */
	fr_csvw_end(&w);
	fr_csvw_end(&w); /* no field at all */
	fr_csvw_i64(&w, 0);
	fr_csvw_empty(&w);
	fr_csvw_end(&w);
	assert_string_equal(fr_buf_cstr(&b), ",,\n\n\n0,\n");
	fr_buf_free(&b);
}

/* One fr_csvw_pct field between two markers, so its exact text shows. */
static void
check_pct(int64_t hundredths, const char *want)
{
	struct fr_buf b = FR_BUF_INIT;
	struct fr_csvw w;
	fr_csvw_init(&w, &b);
	fr_csvw_str(&w, "x");
	fr_csvw_pct(&w, hundredths);
	fr_csvw_str(&w, "y");
	fr_csvw_end(&w);
	char *got = fr_buf_detach(&b);
	int same = strcmp(got, want) == 0;
	if (!same)
		print_error("pct %lld: got [%s], want [%s]\n", (long long)hundredths, got, want);
	free(got);
	assert_true(same);
}

static void
test_pct(void **state)
{
	(void)state;
	check_pct(1234, "x,12.34,y\n");
	check_pct(5, "x,0.05,y\n");
	check_pct(50, "x,0.50,y\n");
	check_pct(0, "x,0.00,y\n");
	check_pct(100, "x,1.00,y\n");
	check_pct(9999, "x,99.99,y\n");
	check_pct(10000, "x,100.00,y\n");
	check_pct(-1, "x,,y\n");
	check_pct(-1234, "x,,y\n");
	check_pct(INT64_MIN, "x,,y\n");
}

static void
test_pct_from_counts(void **state)
{
	(void)state;
	/* The usual use: a count and its share, computed once by fr_pct. */
	struct fr_buf b = FR_BUF_INIT;
	struct fr_csvw w;
	fr_csvw_init(&w, &b);
	fr_csvw_pct(&w, fr_pct(1, 3));
	fr_csvw_pct(&w, fr_pct(2, 3));
	fr_csvw_pct(&w, fr_pct(1, 0));
	fr_csvw_pct(&w, fr_pct_complement(fr_pct(1, 8)));
	fr_csvw_end(&w);
	assert_string_equal(fr_buf_cstr(&b), "33.33,66.67,,87.50\n");
	fr_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_safe_mode),
	    cmocka_unit_test(test_writer_owns_nothing),
	    cmocka_unit_test(test_quoting_through_writer),
	    cmocka_unit_test(test_empty_fields),
	    cmocka_unit_test(test_pct),
	    cmocka_unit_test(test_pct_from_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
