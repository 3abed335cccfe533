/* test_instream.c: plain and gzip input (instream.c) and the CSV reader on
 * top of it: gzip told by its bytes, every truncation and corruption bad
 * input with the bytes before it handed on first, members in a row, other
 * compressions named, and a bomb read in fixed memory. */
#include "support.h"

#include <zlib.h>

#include "base/buf.h"
#include "base/instream.h"
#include "base/util.h"
#include "source/csvin.h"

/* gzip of len bytes at data, as gzip(1) writes it; *n its length. */
static unsigned char *
gz(const void *data, size_t len, size_t *n)
{
	z_stream z = {0};
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
	                 Z_OK);
	size_t cap = deflateBound(&z, (uLong)len);
	unsigned char *out = malloc(cap);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*n = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

/* Reads all of s in parts of at most part bytes into out; returns the
 * status, *why the reason of a failure. */
static int
drain(struct fr_instream *s, size_t part, struct fr_buf *out, char **why)
{
	unsigned char buf[8192];
	assert_true(part <= sizeof buf);
	for (;;) {
		size_t got;
		int rc = fr_instream_read(s, buf, part, &got, why);
		if (rc != FR_OK)
			return rc;
		if (got == 0)
			return FR_OK;
		assert_true(got <= part);
		fr_buf_put(out, (const char *)buf, got);
	}
}

static const char text[] = "user_id,page,event_time\n"
                           "u1,/,2025-01-05 10:00:00\n"
                           "u1,/search?q=x,2025-01-05 10:01:00\n"
                           "u2,\"/product/1,2\",2025-01-06\n";

static void
test_plain_and_gzip_alike(void **state)
{
	(void)state;
	size_t n;
	unsigned char *z = gz(text, sizeof text - 1, &n);
	static const size_t parts[] = {1, 7, 100, 8192};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		struct fr_buf a = FR_BUF_INIT, b = FR_BUF_INIT;
		char *why = NULL;
		struct fr_instream *s = fr_instream_mem(text, sizeof text - 1);
		assert_int_equal(drain(s, parts[i], &a, &why), FR_OK);
		assert_false(fr_instream_gzip(s));
		fr_instream_free(s);
		s = fr_instream_mem(z, n);
		assert_int_equal(drain(s, parts[i], &b, &why), FR_OK);
		assert_true(fr_instream_gzip(s));
		fr_instream_free(s);
		assert_null(why);
		assert_int_equal(a.len, sizeof text - 1);
		assert_int_equal(b.len, a.len);
		assert_memory_equal(a.ptr, b.ptr, a.len);
		fr_buf_free(&a);
		fr_buf_free(&b);
	}
	free(z);
}

static void
test_short_inputs_are_plain(void **state)
{
	(void)state;
	static const char *const inputs[] = {"", "\x1f", "a", "\x8b\x1f"};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct fr_buf out = FR_BUF_INIT;
		char *why = NULL;
		struct fr_instream *s = fr_instream_mem(inputs[i], strlen(inputs[i]));
		assert_int_equal(drain(s, 10, &out, &why), FR_OK);
		assert_false(fr_instream_gzip(s));
		assert_int_equal(out.len, strlen(inputs[i]));
		fr_instream_free(s);
		fr_buf_free(&out);
	}
}

/* Every cut of a gzip stream, header included, is "truncated", and what
 * came before the cut is handed on, unchanged, before the failure. */
static void
test_every_truncation(void **state)
{
	(void)state;
	size_t n;
	unsigned char *z = gz(text, sizeof text - 1, &n);
	for (size_t cut = 2; cut < n; cut++) {
		struct fr_buf out = FR_BUF_INIT;
		char *why = NULL;
		struct fr_instream *s = fr_instream_mem(z, cut);
		assert_int_equal(drain(s, 8192, &out, &why), FR_EDATA);
		assert_non_null(why);
		assert_non_null(strstr(why, "truncated"));
		assert_true(out.len <= sizeof text - 1);
		assert_memory_equal(out.ptr != NULL ? out.ptr : "", text, out.len);
		/* asked again, the stream says the same */
		char *again = NULL;
		size_t got;
		unsigned char b[8];
		assert_int_equal(fr_instream_read(s, b, sizeof b, &got, &again), FR_EDATA);
		assert_int_equal(got, 0);
		assert_string_equal(again, why);
		free(again);
		free(why);
		fr_instream_free(s);
		fr_buf_free(&out);
	}
	free(z);
}

static void
expect_fail(const void *data, size_t len, int status, const char *reason)
{
	struct fr_buf out = FR_BUF_INIT;
	char *why = NULL;
	struct fr_instream *s = fr_instream_mem(data, len);
	assert_int_equal(drain(s, 8192, &out, &why), status);
	assert_non_null(why);
	if (strstr(why, reason) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", why, reason);
	free(why);
	fr_instream_free(s);
	fr_buf_free(&out);
}

static void
test_corruption(void **state)
{
	(void)state;
	size_t n;
	unsigned char *z = gz(text, sizeof text - 1, &n);
	unsigned char *bad = malloc(n + 8);

	memcpy(bad, z, n);
	bad[n - 8] ^= 0x01; /* the CRC-32 of the trailer */
	expect_fail(bad, n, FR_EDATA, "incorrect data check");
	memcpy(bad, z, n);
	bad[n - 4] ^= 0x01; /* the length of the trailer */
	expect_fail(bad, n, FR_EDATA, "incorrect length check");
	memcpy(bad, z, n);
	bad[2] = 7; /* compression method: not deflate */
	expect_fail(bad, n, FR_EDATA, "unknown compression method");
	memcpy(bad, z, n);
	bad[10] = 0xff; /* the first block's header: a reserved block type */
	expect_fail(bad, n, FR_EDATA, "corrupt gzip data");
	memcpy(bad, z, n);
	memcpy(bad + n, "junk\n", 5); /* not another member */
	expect_fail(bad, n + 5, FR_EDATA, "other bytes follow");
	memcpy(bad + n, "\x1f\x8bxx", 4); /* another member's magic, then nonsense */
	expect_fail(bad, n + 4, FR_EDATA, "corrupt gzip data");

	expect_fail("\xfd"
	            "7zXZ\0\0",
	            7, FR_EDATA, "xz-compressed");
	expect_fail("\x28\xb5\x2f\xfd\0", 5, FR_EDATA, "zstd-compressed");
	expect_fail("PK\x03\x04\x14\0", 6, FR_EDATA, "a zip archive");
	free(bad);
	free(z);
}

static void
test_members_in_a_row(void **state)
{
	(void)state;
	size_t n1, n2;
	size_t half = (sizeof text - 1) / 2;
	unsigned char *a = gz(text, half, &n1);
	unsigned char *b = gz(text + half, sizeof text - 1 - half, &n2);
	unsigned char *both = malloc(n1 + n2);
	memcpy(both, a, n1);
	memcpy(both + n1, b, n2);
	struct fr_buf out = FR_BUF_INIT;
	char *why = NULL;
	struct fr_instream *s = fr_instream_mem(both, n1 + n2);
	assert_int_equal(drain(s, 13, &out, &why), FR_OK);
	assert_int_equal(out.len, sizeof text - 1);
	assert_memory_equal(out.ptr, text, out.len);
	fr_instream_free(s);
	fr_buf_free(&out);
	/* the second member cut short */
	expect_fail(both, n1 + n2 - 3, FR_EDATA, "truncated");
	free(both);
	free(a);
	free(b);
}

static void
test_open_fails_naming_the_file(void **state)
{
	(void)state;
	struct fr_instream *s = NULL;
	char *err = NULL;
	assert_int_equal(fr_instream_open("/nonexistent/e.csv.gz", "e.csv.gz", &s, &err), FR_EIO);
	assert_null(s);
	assert_non_null(strstr(err, "e.csv.gz: "));
	free(err);
}

/* ---- the CSV reader on gzip ------------------------------------------------ */

struct rows {
	int64_t n;
	int64_t last_line;
	struct fr_buf pages;
};

static int
rows_fn(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	(void)err;
	struct rows *r = ctx;
	r->n++;
	r->last_line = line;
	if (n >= 2)
		fr_buf_printf(&r->pages, "%s;", f[1].s);
	return FR_OK;
}

static void
test_csv_from_gzip(void **state)
{
	(void)state;
	size_t n;
	/* a BOM and CRLF inside the gzip data, as a plain file may have them */
	static const char crlf[] =
	    "\xef\xbb\xbfuser_id,page\r\nu1,/\r\nu2,\"/a\r\nb\"\r\nu3,/c\r\n";
	unsigned char *z = gz(crlf, sizeof crlf - 1, &n);
	struct rows plain = {0, 0, FR_BUF_INIT}, zipped = {0, 0, FR_BUF_INIT};
	char *err = NULL;
	assert_int_equal(fr_csvin_read_mem(crlf, sizeof crlf - 1, "e.csv", rows_fn, &plain, &err),
	                 FR_OK);
	assert_int_equal(fr_csvin_read_mem(z, n, "e.csv.gz", rows_fn, &zipped, &err), FR_OK);
	assert_null(err);
	assert_int_equal(zipped.n, 4);
	assert_int_equal(zipped.n, plain.n);
	assert_int_equal(zipped.last_line, 5); /* the quoted line break counts */
	assert_string_equal(fr_buf_cstr(&zipped.pages), fr_buf_cstr(&plain.pages));
	assert_string_equal(fr_buf_cstr(&zipped.pages), "page;/;/a\r\nb;/c;");
	fr_buf_free(&plain.pages);
	fr_buf_free(&zipped.pages);
	free(z);
}

/* A cut gzip log: the rows before the cut are read, then one error naming
 * the file and the line the data reached. */
static void
test_csv_truncated_names_the_line(void **state)
{
	(void)state;
	struct fr_buf log = FR_BUF_INIT;
	fr_buf_puts(&log, "user_id,page,event_time\n");
	for (int i = 0; i < 20000; i++)
		fr_buf_printf(&log, "u%d,/product/%d,2025-01-%02d 10:00:00\n", i % 977,
		              (i * 7919) % 10007, i % 28 + 1);
	size_t n;
	unsigned char *z = gz(log.ptr, log.len, &n);
	struct rows r = {0, 0, FR_BUF_INIT};
	char *err = NULL;
	assert_int_equal(fr_csvin_read_mem(z, n / 2, "events.csv.gz", rows_fn, &r, &err), FR_EDATA);
	assert_non_null(err);
	long line = 0;
	assert_int_equal(sscanf(err, "events.csv.gz:%ld: ", &line), 1);
	assert_non_null(strstr(err, "truncated"));
	assert_true(r.n > 1000 && r.n < 20001); /* about half the rows came through */
	assert_true(line >= r.last_line && line <= r.last_line + 1);
	free(err);
	fr_buf_free(&r.pages);
	fr_buf_free(&log);
	free(z);
}

/* 64 MiB of "a" in about 64 KiB of gzip: the field cap stops it after
 * a megabyte or so, never holding more than that. */
static void
test_csv_bomb_hits_the_field_cap(void **state)
{
	(void)state;
	z_stream zs = {0};
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
	                 Z_OK);
	size_t cap = 1u << 20, used = 0;
	unsigned char *out = malloc(cap);
	static unsigned char as[1u << 16];
	memset(as, 'a', sizeof as);
	static const char head[] = "user_id,page,event_time\nu1,";
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	zs.next_in = (Bytef *)head;
	zs.avail_in = sizeof head - 1;
	assert_int_equal(deflate(&zs, Z_NO_FLUSH), Z_OK);
	for (int i = 0; i < 1024; i++) {
		zs.next_in = as;
		zs.avail_in = sizeof as;
		assert_int_equal(deflate(&zs, Z_NO_FLUSH), Z_OK);
		assert_true(zs.avail_out > 0);
	}
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	used = cap - zs.avail_out;
	deflateEnd(&zs);
	assert_true(used < 200000);
	struct rows r = {0, 0, FR_BUF_INIT};
	char *err = NULL;
	assert_int_equal(fr_csvin_read_mem(out, used, "bomb.csv.gz", rows_fn, &r, &err), FR_EDATA);
	assert_non_null(strstr(err, "bomb.csv.gz:2: a field longer than"));
	assert_int_equal(r.n, 1); /* the header */
	free(err);
	fr_buf_free(&r.pages);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_and_gzip_alike),
	    cmocka_unit_test(test_short_inputs_are_plain),
	    cmocka_unit_test(test_every_truncation),
	    cmocka_unit_test(test_corruption),
	    cmocka_unit_test(test_members_in_a_row),
	    cmocka_unit_test(test_open_fails_naming_the_file),
	    cmocka_unit_test(test_csv_from_gzip),
	    cmocka_unit_test(test_csv_truncated_names_the_line),
	    cmocka_unit_test(test_csv_bomb_hits_the_field_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
