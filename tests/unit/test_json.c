/* test_json.c: the pretty-printing JSON writer of json.c, checked byte for byte. */
#include "support.h"

#include <math.h>

#include "base/buf.h"
#include "base/json.h"

/* Compares the buffer's text with want, printing both on a mismatch, and frees it. */
static void
check_doc(struct fr_buf *b, const char *want)
{
	char *got = fr_buf_detach(b);
	int same = strcmp(got, want) == 0;
	if (!same)
		print_error("got:\n%s\nwant:\n%s\n", got, want);
	free(got);
	assert_true(same);
}

static void
test_document(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &b);
	fr_json_obj_begin(&j);
	fr_json_key(&j, "name");
	fr_json_str(&j, "a\"b");
	fr_json_key(&j, "n");
	fr_json_i64(&j, 3);
	fr_json_key(&j, "list");
	fr_json_arr_begin(&j);
	fr_json_i64(&j, 1);
	fr_json_str(&j, "x");
	fr_json_null(&j);
	fr_json_bool(&j, true);
	fr_json_bool(&j, false);
	fr_json_arr_end(&j);
	fr_json_key(&j, "empty_obj");
	fr_json_obj_begin(&j);
	fr_json_obj_end(&j);
	fr_json_key(&j, "empty_arr");
	fr_json_arr_begin(&j);
	fr_json_arr_end(&j);
	fr_json_key(&j, "nested");
	fr_json_obj_begin(&j);
	fr_json_key(&j, "k");
	fr_json_arr_begin(&j);
	fr_json_obj_begin(&j);
	fr_json_obj_end(&j);
	fr_json_arr_begin(&j);
	fr_json_i64(&j, -7);
	fr_json_arr_end(&j);
	fr_json_arr_end(&j);
	fr_json_obj_end(&j);
	fr_json_key(&j, "pct");
	fr_json_pct(&j, 1234);
	fr_json_key(&j, "num");
	fr_json_num(&j, 1.5, 2);
	fr_json_obj_end(&j);
	fr_json_finish(&j);
	assert_int_equal(j.depth, 0);
	check_doc(&b, "{\n"
	              "  \"name\": \"a\\\"b\",\n"
	              "  \"n\": 3,\n"
	              "  \"list\": [\n"
	              "    1,\n"
	              "    \"x\",\n"
	              "    null,\n"
	              "    true,\n"
	              "    false\n"
	              "  ],\n"
	              "  \"empty_obj\": {},\n"
	              "  \"empty_arr\": [],\n"
	              "  \"nested\": {\n"
	              "    \"k\": [\n"
	              "      {},\n"
	              "      [\n"
	              "        -7\n"
	              "      ]\n"
	              "    ]\n"
	              "  },\n"
	              "  \"pct\": 12.34,\n"
	              "  \"num\": 1.50\n"
	              "}\n");
}

static void
test_empty_top_level(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &b);
	fr_json_obj_begin(&j);
	fr_json_obj_end(&j);
	fr_json_finish(&j);
	check_doc(&b, "{}\n");

	fr_json_init(&j, &b);
	fr_json_arr_begin(&j);
	fr_json_arr_end(&j);
	fr_json_finish(&j);
	check_doc(&b, "[]\n");
}

static void
test_top_level_array(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &b);
	fr_json_arr_begin(&j);
	fr_json_obj_begin(&j);
	fr_json_key(&j, "a");
	fr_json_i64(&j, INT64_MIN);
	fr_json_obj_end(&j);
	fr_json_obj_begin(&j);
	fr_json_key(&j, "b");
	fr_json_i64(&j, INT64_MAX);
	fr_json_obj_end(&j);
	fr_json_arr_end(&j);
	fr_json_finish(&j);
	check_doc(&b, "[\n"
	              "  {\n"
	              "    \"a\": -9223372036854775808\n"
	              "  },\n"
	              "  {\n"
	              "    \"b\": 9223372036854775807\n"
	              "  }\n"
	              "]\n");
}

static void
test_keys_and_strings_escaped(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &b);
	fr_json_obj_begin(&j);
	fr_json_key(&j, "k\"</script>\n");
	fr_json_str(&j, "v\\\t\x01");
	fr_json_obj_end(&j);
	fr_json_finish(&j);
	check_doc(&b, "{\n"
	              "  \"k\\\"\\u003c/script>\\n\": \"v\\\\\\t\\u0001\"\n"
	              "}\n");
}

static void
test_num(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &b);
	fr_json_arr_begin(&j);
	fr_json_num(&j, 0.25, 2);
	fr_json_num(&j, 3.0, 0);
	fr_json_num(&j, -0.5, 2);
	fr_json_num(&j, 1.0 / 3.0, 4);
	fr_json_num(&j, NAN, 2);
	fr_json_num(&j, INFINITY, 2);
	fr_json_num(&j, -INFINITY, 1);
	fr_json_arr_end(&j);
	fr_json_finish(&j);
	check_doc(&b, "[\n"
	              "  0.25,\n"
	              "  3,\n"
	              "  -0.50,\n"
	              "  0.3333,\n"
	              "  null,\n"
	              "  null,\n"
	              "  null\n"
	              "]\n");
}

static void
test_pct(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &b);
	fr_json_obj_begin(&j);
	fr_json_key(&j, "a");
	fr_json_pct(&j, 1234);
	fr_json_key(&j, "b");
	fr_json_pct(&j, 5);
	fr_json_key(&j, "c");
	fr_json_pct(&j, 10000);
	fr_json_key(&j, "d");
	fr_json_pct(&j, 0);
	fr_json_key(&j, "e");
	fr_json_pct(&j, -1);
	fr_json_key(&j, "f");
	fr_json_pct(&j, -9999);
	fr_json_obj_end(&j);
	fr_json_finish(&j);
	check_doc(&b, "{\n"
	              "  \"a\": 12.34,\n"
	              "  \"b\": 0.05,\n"
	              "  \"c\": 100.00,\n"
	              "  \"d\": 0.00,\n"
	              "  \"e\": null,\n"
	              "  \"f\": null\n"
	              "}\n");
}

static void
test_deepest_allowed_nesting(void **state)
{
	(void)state;
	/* FR_JSON_MAX_DEPTH - 1 open containers are allowed. */
	enum { N = FR_JSON_MAX_DEPTH - 1 };
	struct fr_buf b = FR_BUF_INIT, want = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &b);
	for (int i = 0; i < N; i++)
		fr_json_arr_begin(&j);
	assert_int_equal(j.depth, N);
	fr_json_i64(&j, 1);
	for (int i = 0; i < N; i++)
		fr_json_arr_end(&j);
	fr_json_finish(&j);
	assert_int_equal(j.depth, 0);

	for (int i = 0; i < N; i++) {
		if (i > 0)
			fr_buf_putc(&want, '\n');
		for (int k = 0; k < i; k++)
			fr_buf_puts(&want, "  ");
		fr_buf_putc(&want, '[');
	}
	fr_buf_putc(&want, '\n');
	for (int k = 0; k < N; k++)
		fr_buf_puts(&want, "  ");
	fr_buf_putc(&want, '1');
	for (int i = N - 1; i >= 0; i--) {
		fr_buf_putc(&want, '\n');
		for (int k = 0; k < i; k++)
			fr_buf_puts(&want, "  ");
		fr_buf_putc(&want, ']');
	}
	fr_buf_putc(&want, '\n');
	char *w = fr_buf_detach(&want);
	check_doc(&b, w);
	free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_document),
	    cmocka_unit_test(test_empty_top_level),
	    cmocka_unit_test(test_top_level_array),
	    cmocka_unit_test(test_keys_and_strings_escaped),
	    cmocka_unit_test(test_num),
	    cmocka_unit_test(test_pct),
	    cmocka_unit_test(test_deepest_allowed_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
