/* test_oltp.c: the OLTP SQLite reader of oltp.c on small databases built
 * here (SPEC 3.3: tables users and events, optionally steps): what it hands
 * on row by row, that the file is left as it was, and each error of a
 * missing table or column, a view, a wrong type or a damaged file. */
#define _GNU_SOURCE /* mkdtemp, lstat, symlink */
#include "support.h"

#include <sqlite3.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/timestamp.h"
#include "base/util.h"
#include "source/oltp.h"

static char scratch[64];
static char db_path[128];

static int
setup(void **state)
{
	(void)state;
	strcpy(scratch, "/tmp/fr-oltp.XXXXXX");
	assert_non_null(mkdtemp(scratch));
	snprintf(db_path, sizeof db_path, "%s/shop.db", scratch);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", scratch);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* Makes the database at db_path from sql. */
static void
make_db(const char *sql)
{
	unlink(db_path);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("building the test database: %s", msg);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* Everything the reader handed on, as text: one line per call. */
struct record {
	struct fr_buf log;
	int want_steps;
};

static int
rec_users_begin(void *ctx, const char *source, const char *const *attrs, size_t n, char **err)
{
	(void)err;
	struct record *r = ctx;
	fr_buf_printf(&r->log, "users %s:", strstr(source, ":users") ? "PATH:users" : source);
	for (size_t i = 0; i < n; i++)
		fr_buf_printf(&r->log, " %s", attrs[i]);
	fr_buf_putc(&r->log, '\n');
	return FR_OK;
}

static int
rec_user(void *ctx, int64_t line, const char *id, const char *const *vals, char **err)
{
	(void)err;
	struct record *r = ctx;
	fr_buf_printf(&r->log, "user %lld %s", (long long)line, id);
	/* the test's users tables have three attributes */
	for (size_t i = 0; i < 3; i++)
		fr_buf_printf(&r->log, " [%s]", vals[i]);
	fr_buf_putc(&r->log, '\n');
	return FR_OK;
}

static int
rec_events_begin(void *ctx, const char *source, char **err)
{
	(void)err;
	struct record *r = ctx;
	fr_buf_printf(&r->log, "events %s\n", strstr(source, ":events") ? "PATH:events" : source);
	return FR_OK;
}

static int
rec_event(void *ctx, int64_t line, const char *user, const char *page, int64_t t, char **err)
{
	(void)err;
	struct record *r = ctx;
	fr_buf_printf(&r->log, "event %lld %s %s %lld\n", (long long)line, user, page, (long long)t);
	return FR_OK;
}

static int
rec_wants_steps(void *ctx)
{
	return ((struct record *)ctx)->want_steps;
}

static void
rec_steps(void *ctx, char *const *steps, size_t n)
{
	struct record *r = ctx;
	fr_buf_puts(&r->log, "steps");
	for (size_t i = 0; i < n; i++)
		fr_buf_printf(&r->log, " %s", steps[i]);
	fr_buf_putc(&r->log, '\n');
}

/* Reads db_path; *log is what was handed on (the caller frees it). */
static int
read_db(int want_steps, struct fr_badrows *bad, char **log, char **err)
{
	struct record r = {FR_BUF_INIT, want_steps};
	struct fr_rows rows = {rec_users_begin, rec_user, rec_events_begin, rec_event,
	                       rec_wants_steps, rec_steps, &r};
	int rc = fr_oltp_extract(db_path, &rows, bad, err);
	*log = fr_xstrdup(fr_buf_cstr(&r.log));
	fr_buf_free(&r.log);
	return rc;
}

static const char shop_sql[] =
    "CREATE TABLE users(signup_date TEXT, user_id, sex TEXT, channel TEXT);"
    "INSERT INTO users VALUES ('2025-01-30', 7, 'F', 'Email'), (NULL, 8, 'M', 'Social'),"
    "  ('2025-02-01', '007', 'F', 3);"
    "CREATE TABLE events(event_time TEXT, page TEXT, user_id TEXT, referrer TEXT);"
    "INSERT INTO events VALUES ('2025-02-01T03:00+05:30', 'home', '7', 'x'),"
    "  ('2025-03-01 09:12:00', 'cart', '007', NULL), ('2025-03-02', NULL, 8, 'y');"
    "CREATE TABLE steps(page TEXT, position INTEGER);"
    "INSERT INTO steps VALUES ('cart', 2), ('home', 1);";

static void
test_reads_rows(void **state)
{
	(void)state;
	make_db(shop_sql);
	struct fr_badrows bad = {0};
	char *log = NULL, *err = NULL;
	assert_int_equal(read_db(1, &bad, &log, &err), FR_OK);
	assert_null(err);
	/* the steps first, by position; the users' attributes in column order
	 * without user_id; integer ids as text, NULL as empty; every time in
	 * UTC (+05:30 makes it a January visit); extra columns ignored */
	assert_string_equal(log, "steps home cart\n"
	                         "users PATH:users: signup_date sex channel\n"
	                         "user 1 7 [2025-01-30] [F] [Email]\n"
	                         "user 2 8 [] [M] [Social]\n"
	                         "user 3 007 [2025-02-01] [F] [3]\n"
	                         "events PATH:events\n"
	                         "event 1 7 home 1738359000\n"
	                         "event 2 007 cart 1740820320\n"
	                         "event 3 8  1740873600\n");
	assert_int_equal(bad.skipped, 0);
	free(log);
}

static void
test_steps_only_when_wanted(void **state)
{
	(void)state;
	make_db(shop_sql);
	char *log = NULL, *err = NULL;
	assert_int_equal(read_db(0, NULL, &log, &err), FR_OK);
	assert_null(strstr(log, "steps"));
	free(log);
	/* without a position column, the steps come in rowid order */
	make_db("CREATE TABLE users(user_id, a, b, c); CREATE TABLE events(user_id, page, event_time);"
	        "CREATE TABLE steps(page TEXT); INSERT INTO steps VALUES ('search'), ('home');");
	assert_int_equal(read_db(1, NULL, &log, &err), FR_OK);
	assert_non_null(strstr(log, "steps search home\n"));
	free(log);
}

/* Read-only: the file's bytes are the same afterwards. */
static void
test_leaves_the_file_alone(void **state)
{
	(void)state;
	make_db(shop_sql);
	FILE *f = fopen(db_path, "rb");
	assert_non_null(f);
	struct fr_buf before = FR_BUF_INIT, after = FR_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fr_buf_put(&before, chunk, n);
	fclose(f);
	char *log = NULL, *err = NULL;
	assert_int_equal(read_db(1, NULL, &log, &err), FR_OK);
	free(log);
	f = fopen(db_path, "rb");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fr_buf_put(&after, chunk, n);
	fclose(f);
	assert_true(before.len > 0);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.ptr, after.ptr, before.len);
	fr_buf_free(&before);
	fr_buf_free(&after);
}

/* Each broken database: the status and a message naming the file and what
 * is wrong. */
static void
test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *sql;
		int rc;
		const char *msg;
	} cases[] = {
	    {"CREATE TABLE events(user_id, page, event_time);", FR_EDATA, "no table users"},
	    {"CREATE TABLE users(user_id, a, b, c);", FR_EDATA, "no table events"},
	    {"CREATE TABLE users(id, a, b, c); CREATE TABLE events(user_id, page, event_time);",
	     FR_EDATA, "table users has no column user_id"},
	    {"CREATE TABLE users(user_id, a, b, c); CREATE TABLE events(user_id, url, event_time);",
	     FR_EDATA, "table events has no column page"},
	    {"CREATE TABLE users(user_id, a, b, c); CREATE TABLE events(user_id, page, ts);", FR_EDATA,
	     "table events has no column event_time"},
	    {"CREATE TABLE users(user_id, a, b, c); CREATE TABLE ev(user_id, page, event_time);"
	     "CREATE VIEW events AS SELECT * FROM ev;",
	     FR_EDATA, "events is a view; only tables are read"},
	    {"CREATE TABLE users(user_id, a, b, c); CREATE TABLE events(user_id, page, event_time);"
	     "INSERT INTO events VALUES ('1', 'home', 1738359000);",
	     FR_EDATA, "table events row 1: column event_time: not text"},
	    {"CREATE TABLE users(user_id, a, b, c); CREATE TABLE events(user_id, page, event_time);"
	     "INSERT INTO events VALUES ('1', 'home', '2025-01-01'), ('2', 'home', '03/10/2024');",
	     FR_EDATA, "table events row 2"},
	    {"CREATE TABLE users(user_id, a, b, c); INSERT INTO users VALUES (NULL, 1, 2, 3);"
	     "CREATE TABLE events(user_id, page, event_time);",
	     FR_EDATA, "table users row 1: column user_id: NULL is not allowed here"},
	    {"CREATE TABLE users(user_id, a, b, c); INSERT INTO users VALUES ('u', x'00ff', 2, 3);"
	     "CREATE TABLE events(user_id, page, event_time);",
	     FR_EDATA, "table users row 1: column a: a blob is not allowed here"},
	    {"CREATE TABLE users(user_id, a, b, c); CREATE TABLE events(user_id, page, event_time);"
	     "CREATE TABLE steps(page); INSERT INTO steps VALUES ('home'), ('home');",
	     FR_EDATA, "table steps names page home twice"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		make_db(cases[i].sql);
		char *log = NULL, *err = NULL;
		int rc = read_db(1, NULL, &log, &err);
		if (rc != cases[i].rc || err == NULL || strstr(err, cases[i].msg) == NULL ||
		    strstr(err, db_path) == NULL)
			fail_msg("case %zu: rc %d, err \"%s\"; want %d and \"%s\"", i, rc, err ? err : "(none)",
			         cases[i].rc, cases[i].msg);
		free(err);
		free(log);
	}
}

static void
test_not_a_database(void **state)
{
	(void)state;
	FILE *f = fopen(db_path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 200; i++)
		fputs("user_id,page,event_time\n", f);
	assert_int_equal(fclose(f), 0);
	char *log = NULL, *err = NULL;
	assert_int_equal(read_db(1, NULL, &log, &err), FR_EDATA);
	assert_non_null(strstr(err, "not a SQLite database"));
	free(err);
	free(log);
	err = NULL;
	/* a missing file is not created (read-only) and is an I/O error */
	unlink(db_path);
	assert_int_equal(read_db(1, NULL, &log, &err), FR_EIO);
	assert_non_null(strstr(err, "cannot open"));
	assert_int_equal(access(db_path, F_OK), -1);
	free(err);
	free(log);
}

/* --max-bad-rows: a bad row within the allowance is skipped and counted,
 * the rows after it are read; past the allowance the run fails on it. */
static void
test_bad_rows_skipped(void **state)
{
	(void)state;
	make_db("CREATE TABLE users(user_id, a, b, c); INSERT INTO users VALUES ('u', 1, 2, 3);"
	        "CREATE TABLE events(user_id, page, event_time);"
	        "INSERT INTO events VALUES ('u', 'home', 'yesterday'), ('u', 'cart', '2025-03-02'),"
	        "  (NULL, 'cart', '2025-03-02'), ('u', 'pay', '2025-03-02');");
	struct fr_badrows bad = {.max = 2};
	char *log = NULL, *err = NULL;
	assert_int_equal(read_db(1, &bad, &log, &err), FR_OK);
	assert_int_equal(bad.skipped, 2);
	assert_non_null(strstr(log, "event 2 u cart 1740873600\nevent 4 u pay 1740873600\n"));
	assert_null(strstr(log, "event 1 "));
	free(log);
	bad = (struct fr_badrows){.max = 1};
	assert_int_equal(read_db(1, &bad, &log, &err), FR_EDATA);
	assert_non_null(strstr(err, "table events row 3"));
	free(err);
	free(log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_reads_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_steps_only_when_wanted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_leaves_the_file_alone, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_rows_skipped, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
