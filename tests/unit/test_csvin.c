/* test_csvin.c: the CSV reader's plain-line scanner against libcsv alone. */
#include "support.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "source/csvin.h"

/* The records as one string: fields split by 0x1f, records ended by 0x1e,
 * and for ours each record's line number before it. */
struct seen {
	struct fr_buf out;
	int lines;
};

static int
seen_row(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	(void)err;
	struct seen *s = ctx;
	if (s->lines)
		fr_buf_printf(&s->out, "%lld:", (long long)line);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fr_buf_putc(&s->out, 0x1f);
		fr_buf_put(&s->out, f[i].s, f[i].len);
	}
	fr_buf_putc(&s->out, 0x1e);
	return FR_OK;
}

/* libcsv alone, with the reader's options: the reference. */
struct ref {
	struct fr_buf out;
	size_t nfields;
	int last_cr;
};

static void
ref_field(void *s, size_t len, void *data)
{
	struct ref *r = data;
	if (r->nfields++ > 0)
		fr_buf_putc(&r->out, 0x1f);
	fr_buf_put(&r->out, s != NULL ? s : "", len);
	r->last_cr = 0;
}

static void
ref_row(int term, void *data)
{
	struct ref *r = data;
	if (term == '\n' && r->last_cr) {
		r->last_cr = 0;
		return;
	}
	r->last_cr = term == '\r';
	if (r->nfields > 0)
		fr_buf_putc(&r->out, 0x1e);
	r->nfields = 0;
}

static int
ref_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
reference(const char *data, size_t len, struct fr_buf *out)
{
	struct csv_parser p;
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL), 0);
	csv_set_space_func(&p, ref_space);
	struct ref r = {FR_BUF_INIT, 0, 0};
	int ok = csv_parse(&p, data, len, ref_field, ref_row, &r) == len &&
	         csv_fini(&p, ref_field, ref_row, &r) == 0;
	csv_free(&p);
	*out = r.out;
	return ok;
}

static int
ours(const char *data, size_t len, int lines, struct fr_buf *out)
{
	struct seen s = {FR_BUF_INIT, lines};
	char *err = NULL;
	int rc = fr_csvin_read_mem(data, len, "t.csv", seen_row, &s, &err);
	free(err);
	*out = s.out;
	return rc == FR_OK;
}

/* Every way a line can end, blank lines, empty and trailing fields, quoted
 * fields (with commas, quotes and line breaks) between plain lines: the
 * records and the line each starts on. */
static void
test_hand_cases(void **state)
{
	(void)state;
	static const char in[] = "a,b,c\n"
	                         "d,,f\r\n"
	                         "\n"
	                         "\r\n"
	                         "g,h,\n"
	                         ",\n"
	                         "\"q,1\",\"two\nlines\",x\n"
	                         "plain after,\"\"\"quoted\"\"\"\r\n"
	                         "lone,cr\r"
	                         "after cr,  spaced  \n"
	                         "last,no end";
	struct fr_buf b;
	assert_true(ours(in, sizeof in - 1, 1, &b));
	const char want[] = "1:a\x1f"
	                    "b\x1f"
	                    "c\x1e"
	                    "2:d\x1f\x1f"
	                    "f\x1e"
	                    "5:g\x1fh\x1f\x1e"
	                    "6:\x1f\x1e"
	                    "7:q,1\x1ftwo\nlines\x1fx\x1e"
	                    "9:plain after\x1f\"quoted\"\x1e"
	                    "10:lone\x1f"
	                    "cr\x1e"
	                    "11:after cr\x1f  spaced  \x1e"
	                    "12:last\x1fno end\x1e";
	assert_int_equal(b.len, sizeof want - 1);
	assert_memory_equal(b.ptr, want, sizeof want - 1);
	fr_buf_free(&b);
}

static void
check_fails(const char *data, size_t len, const char *want)
{
	struct seen s = {FR_BUF_INIT, 1};
	char *err = NULL;
	assert_int_equal(fr_csvin_read_mem(data, len, "t.csv", seen_row, &s, &err), FR_EDATA);
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
	fr_buf_free(&s.out);
}

/* A plain line is checked as a whole: valid UTF-8 beyond ASCII passes
 * field by field as it is; a bad byte, a NUL or too many fields is named
 * by its line and field as libcsv's path names it. */
static void
test_plain_line_checks(void **state)
{
	(void)state;
	static const char ok[] = "id,name\n7,Zo\xc3\xab,\xe2\x82\xac\n";
	struct fr_buf b;
	assert_true(ours(ok, sizeof ok - 1, 1, &b));
	const char want[] = "1:id\x1fname\x1e"
	                    "2:7\x1fZo\xc3\xab\x1f\xe2\x82\xac\x1e";
	assert_int_equal(b.len, sizeof want - 1);
	assert_memory_equal(b.ptr, want, sizeof want - 1);
	fr_buf_free(&b);

	static const char bad[] = "a,b\n1,2\n3,x\xc3,y\n";
	check_fails(bad, sizeof bad - 1, "t.csv:3: field 2: invalid UTF-8 (the input must be UTF-8)");
	static const char nul[] = "a,b\n1,2\n3,4\n5,x\0y\n";
	check_fails(nul, sizeof nul - 1, "t.csv:4: field 2: a NUL byte (the input must be UTF-8)");

	struct fr_buf wide = FR_BUF_INIT;
	fr_buf_puts(&wide, "a\n");
	for (int i = 0; i <= FR_CSVIN_MAX_FIELDS; i++)
		fr_buf_puts(&wide, i ? ",x" : "x");
	fr_buf_putc(&wide, '\n');
	char *msg = fr_xasprintf("t.csv:2: more than %d fields in a row", FR_CSVIN_MAX_FIELDS);
	check_fails(wide.ptr, wide.len, msg);
	free(msg);
	/* exactly the most fields is a row */
	fr_buf_clear(&wide);
	for (int i = 0; i < FR_CSVIN_MAX_FIELDS; i++)
		fr_buf_puts(&wide, i ? ",x" : "x");
	fr_buf_putc(&wide, '\n');
	assert_true(ours(wide.ptr, wide.len, 0, &b));
	assert_int_equal(b.len, 2 * FR_CSVIN_MAX_FIELDS);
	fr_buf_free(&b);
	fr_buf_free(&wide);
}

/* Random inputs of every character that matters, some past the reader's
 * 256 KiB chunk (so records straddle it): the same records as libcsv, and
 * a failure exactly where libcsv fails. */
static void
test_random_against_libcsv(void **state)
{
	(void)state;
	static const char *const pieces[] = {"a", "bc", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ",
	                                     "\xc3\xa9", "x,y,z\n", "\"q\nq\"", "\"p,p\",", "12345"};
	size_t npieces = sizeof pieces / sizeof *pieces;
	unsigned seed = 20261202;
	for (int round = 0; round < 400; round++) {
		struct fr_buf in = FR_BUF_INIT;
		size_t target = round % 40 == 0 ? 600000 : (size_t)(rand_r(&seed) % 200);
		int quoted_ok = round % 2; /* half the inputs keep quotes balanced per field */
		while (in.len < target) {
			size_t k = (size_t)rand_r(&seed) % npieces;
			if (quoted_ok && (k == 4 || k == 5))
				continue;
			fr_buf_puts(&in, pieces[k]);
		}
		struct fr_buf a, b;
		int ra = reference(in.ptr != NULL ? in.ptr : "", in.len, &a);
		int rb = ours(in.ptr != NULL ? in.ptr : "", in.len, 0, &b);
		assert_int_equal(ra, rb);
		if (ra) {
			assert_int_equal(a.len, b.len);
			if (a.len > 0)
				assert_memory_equal(a.ptr, b.ptr, a.len);
		}
		fr_buf_free(&a);
		fr_buf_free(&b);
		fr_buf_free(&in);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hand_cases),
	    cmocka_unit_test(test_plain_line_checks),
	    cmocka_unit_test(test_random_against_libcsv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
