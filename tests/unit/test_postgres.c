/* test_postgres.c: the parts of postgres.c that need no server: COPY's text
 * format, telling a connection string from a path, the name shown for a
 * database, and malformed strings. The reads themselves are tested against a
 * real server by tests/postgres/run.sh. */
#include "support.h"

#include "base/buf.h"
#include "source/postgres.h"
#include "base/util.h"

/* Splits a copy of row into n fields; returns the status, fields in f. */
static int
split(const char *row, char *buf, size_t bufsz, char **f, size_t *lens, size_t n)
{
	size_t len = strlen(row);
	assert_true(len < bufsz);
	memcpy(buf, row, len + 1);
	return fr_postgres_copy_row(buf, len, f, lens, n);
}

static void
test_copy_plain_fields(void **state)
{
	(void)state;
	char buf[64], *f[3];
	size_t lens[3];
	assert_int_equal(split("u1\thome\t2025-01-05 10:00:00+00\n", buf, sizeof buf, f, lens, 3),
	                 0);
	assert_string_equal(f[0], "u1");
	assert_string_equal(f[1], "home");
	assert_string_equal(f[2], "2025-01-05 10:00:00+00");
	assert_int_equal(lens[2], 22);
	/* no final newline is fine too; an empty field is empty, not NULL */
	assert_int_equal(split("a\t\tc", buf, sizeof buf, f, lens, 3), 0);
	assert_string_equal(f[0], "a");
	assert_non_null(f[1]);
	assert_string_equal(f[1], "");
	assert_string_equal(f[2], "c");
	assert_int_equal(split("a\t", buf, sizeof buf, f, lens, 2), 0);
	assert_string_equal(f[1], "");
}

static void
test_copy_null_and_escapes(void **state)
{
	(void)state;
	char buf[96], *f[4];
	size_t lens[4];
	/* \N alone is NULL; \\N is the text \N; escapes decode */
	assert_int_equal(split("\\N\t\\\\N\ttab\\there\\nnl\\rcr\\\\bs\t\\b\\f\\v\n", buf,
	                       sizeof buf, f, lens, 4),
	                 0);
	assert_null(f[0]);
	assert_string_equal(f[1], "\\N");
	assert_string_equal(f[2], "tab\there\nnl\rcr\\bs");
	assert_string_equal(f[3], "\b\f\v");
	/* NULL last, and a field that only starts like \N */
	assert_int_equal(split("x\t\\N", buf, sizeof buf, f, lens, 2), 0);
	assert_string_equal(f[0], "x");
	assert_null(f[1]);
	assert_int_equal(split("\\Nx\t\\N\\N", buf, sizeof buf, f, lens, 2), 0);
	assert_string_equal(f[0], "Nx");
	assert_string_equal(f[1], "NN");
	/* octal and hex, as COPY FROM reads them (a NUL comes back counted) */
	assert_int_equal(split("\\101\\x42\\x4\\0z\t\\q", buf, sizeof buf, f, lens, 2), 0);
	assert_int_equal(lens[0], 5);
	assert_memory_equal(f[0], "AB\x04\0z", 5);
	assert_string_equal(f[1], "q");
}

static void
test_copy_wrong_shape(void **state)
{
	(void)state;
	char buf[32], *f[3];
	size_t lens[3];
	assert_int_equal(split("a\tb\n", buf, sizeof buf, f, lens, 3), -1);       /* too few */
	assert_int_equal(split("a\tb\tc\td\n", buf, sizeof buf, f, lens, 3), -1); /* too many */
	assert_int_equal(split("a\tb\tc\\", buf, sizeof buf, f, lens, 3),
	                 -1); /* ends in an escape */
	assert_int_equal(split("", buf, sizeof buf, f, lens, 1), 0);
	assert_string_equal(f[0], "");
}

/* COPY TO's own escaping of a value, as the server writes it. */
static void
copy_escape(struct fr_buf *b, const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\\': fr_buf_puts(b, "\\\\"); break;
		case '\t': fr_buf_puts(b, "\\t"); break;
		case '\n': fr_buf_puts(b, "\\n"); break;
		case '\r': fr_buf_puts(b, "\\r"); break;
		case '\b': fr_buf_puts(b, "\\b"); break;
		case '\f': fr_buf_puts(b, "\\f"); break;
		case '\v': fr_buf_puts(b, "\\v"); break;
		default: fr_buf_putc(b, (char)s[i]); break;
		}
	}
}

/* Random rows of random bytes (NUL aside, as in PostgreSQL's text), escaped as
 * COPY TO escapes them, split back into exactly what went in. */
static void
test_copy_round_trip(void **state)
{
	(void)state;
	uint64_t seed = 0x9E3779B97F4A7C15u;
	static const unsigned char alphabet[] = "ab\\\t\n\r\b\f\vN0x7\xc3\xa9 ";
	for (int round = 0; round < 20000; round++) {
		size_t n = 1 + (size_t)(round % 6);
		unsigned char vals[6][24];
		size_t vlen[6];
		int isnull[6];
		struct fr_buf row = FR_BUF_INIT;
		for (size_t k = 0; k < n; k++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			isnull[k] = (seed >> 60) == 0;
			vlen[k] = (size_t)((seed >> 32) % 24);
			for (size_t i = 0; i < vlen[k]; i++) {
				seed = seed * 6364136223846793005u + 1442695040888963407u;
				vals[k][i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
			}
			if (k > 0)
				fr_buf_putc(&row, '\t');
			if (isnull[k])
				fr_buf_puts(&row, "\\N");
			else
				copy_escape(&row, vals[k], vlen[k]);
		}
		fr_buf_putc(&row, '\n');
		char *f[6];
		size_t lens[6];
		size_t len = row.len;
		char *buf = fr_buf_detach(&row);
		assert_int_equal(fr_postgres_copy_row(buf, len, f, lens, n), 0);
		for (size_t k = 0; k < n; k++) {
			if (isnull[k]) {
				assert_null(f[k]);
				continue;
			}
			assert_non_null(f[k]);
			assert_int_equal(lens[k], vlen[k]);
			assert_memory_equal(f[k], vals[k], vlen[k]);
			assert_int_equal(f[k][lens[k]], '\0');
		}
		free(buf);
	}
}

static void
test_conninfo_detection(void **state)
{
	(void)state;
	assert_true(fr_postgres_is_conninfo("postgresql://db1/shop"));
	assert_true(fr_postgres_is_conninfo("postgres://u:p@db1:5433/shop?sslmode=require"));
	assert_true(fr_postgres_is_conninfo("postgresql://"));
	assert_true(fr_postgres_is_conninfo("host=db1 dbname=shop"));
	assert_true(fr_postgres_is_conninfo("  dbname = shop"));
	assert_true(fr_postgres_is_conninfo("service=shop"));
	/* paths, even odd ones */
	assert_false(fr_postgres_is_conninfo("shop.db"));
	assert_false(fr_postgres_is_conninfo("/var/lib/shop.db"));
	assert_false(fr_postgres_is_conninfo("./host=x"));
	assert_false(fr_postgres_is_conninfo("a=b.db"));
	assert_false(fr_postgres_is_conninfo("postgresql:/shop.db"));
	assert_false(fr_postgres_is_conninfo("POSTGRESQL://db1/shop"));
	assert_false(fr_postgres_is_conninfo("host"));
	assert_false(fr_postgres_is_conninfo("=x"));
	assert_false(fr_postgres_is_conninfo(""));
}

static void
check_display(const char *conninfo, const char *want)
{
	char *got = fr_postgres_display(conninfo);
	if (strcmp(got, want) != 0)
		print_error("%s: got [%s], want [%s]\n", conninfo, got, want);
	assert_string_equal(got, want);
	free(got);
}

static void
test_display_never_shows_the_password(void **state)
{
	(void)state;
	check_display("postgresql://reader:hunter2@db1:5433/shop",
	              "postgresql://reader@db1:5433/shop");
	check_display("postgresql://reader:hunter2@db1/shop?password=other&sslpassword=x",
	              "postgresql://reader@db1/shop");
	check_display("host=/run/pg user=reader password='hunter 2' dbname=shop",
	              "postgresql://reader@%2Frun%2Fpg/shop");
	check_display("postgresql://%2Ftmp%2Fsock/shop", "postgresql://%2Ftmp%2Fsock/shop");
	check_display("postgresql://[::1]:5432/shop", "postgresql://[%3A%3A1]:5432/shop");
	check_display("host=a,b port=5432,5433 dbname=shop",
	              "postgresql://a,b/shop?port=5432,5433");
	check_display("service=shop", "postgresql://?service=shop");
	check_display("postgresql://", "postgresql://");
	check_display("postgresql://[::1/shop", "postgresql (a malformed connection string)");
}

static void
check_malformed(const char *conninfo, const char *reason)
{
	char *err = NULL;
	assert_int_equal(fr_postgres_check(conninfo, &err), FR_EUSAGE);
	assert_non_null(err);
	if (strstr(err, reason) == NULL || strstr(err, "hunter2") != NULL ||
	    strchr(err, '\n') != NULL)
		print_error("%s: [%s]\n", conninfo, err);
	assert_non_null(strstr(err, reason));
	assert_null(strstr(err, "hunter2"));
	assert_null(strchr(err, '\n'));
	free(err);
}

static void
test_malformed_strings_are_usage_errors(void **state)
{
	(void)state;
	char *err = NULL;
	assert_int_equal(fr_postgres_check("postgresql://reader:hunter2@db1/shop", &err), FR_OK);
	assert_int_equal(fr_postgres_check("host=db1 dbname=shop password='hunter2'", &err), FR_OK);
	assert_null(err);
	/* libpq echoes the whole URI in some of these: the password is scrubbed */
	check_malformed("postgresql://reader:hunter2@[::1/shop",
	                "postgresql://reader:***@[::1/shop");
	check_malformed("postgresql://reader:hunter%32@[::1/shop", "reader:***@");
	check_malformed("postgresql://reader:hunter2@db1/shop?bogus=1",
	                "invalid URI query parameter");
	check_malformed("postgresql://db1/shop?password=hunter2&x", "");
	check_malformed("host=db1 password=hunter2 port", "missing \"=\" after \"port\"");
	check_malformed("host=db1 password='hunter2", "unterminated quoted string");
	check_malformed("host=db1 bogus=1", "invalid connection option \"bogus\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_copy_plain_fields),
	    cmocka_unit_test(test_copy_null_and_escapes),
	    cmocka_unit_test(test_copy_wrong_shape),
	    cmocka_unit_test(test_copy_round_trip),
	    cmocka_unit_test(test_conninfo_detection),
	    cmocka_unit_test(test_display_never_shows_the_password),
	    cmocka_unit_test(test_malformed_strings_are_usage_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
