/* test_inputs.c: the three input layouts of SPEC 3 on small fixtures (quoting,
 * BOM, CRLF, time zones, unknown columns), the CSV and SQLite forms of the
 * same data giving identical data files, and the Kaggle data through the
 * step tables against counts computed here independently. */
#define _GNU_SOURCE
#include "support.h"

#include <ctype.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/chart.h"
#include "render/plot.h"
#include "runs.h"

/* The event log, messy but valid: BOM, CRLF, quoted commas, quotes and line
 * breaks, extra columns in another order, time zones, blank lines, no final
 * newline. */
static const char messy_users[] =
    "\xef\xbb\xbfuser_id,signup_date,segment,note\r\n"
    "u1,2025-01-01,\"Retail, EU\",\"says \"\"hi\"\"\"\r\n"
    "\r\n"
    "u2,2025-01-31,\"Retail, EU\",\"two\r\nlines\"\r\n"
    "u3,2025-02-01,Wholesale,\r\n"
    "u4,2025-02-01,Wholesale,x";
static const char messy_events[] =
    "ignored,event_time,page,user_id\n"
    "a,2025-01-01 10:00,home,u1\n"
    "b,2025-01-01T10:05:00Z,cart,u1\n"
    /* 2025-02-01 03:00 +05:30 is 2025-01-31 21:30 UTC: entry month January */
    "c,2025-02-01T03:00:00+05:30,home,u2\n"
    "d,2025-02-01 10:00:00-08:00,cart,u2\n"
    "e,2025-02-02,home,u3\n"
    "f,2025-02-02 00:00:01,help,u3\n"
    "g,2025-02-02,home,nobody\n"
    "h,2025-01-15,home,u4\n"
    "\n";

static void
test_event_log_messy(void **state)
{
	(void)state;
	WRITE("users.csv", messy_users);
	WRITE("events.csv", messy_events);
	RUN_OK("-q", "--users-csv", path("users.csv"), "--events-csv", path("events.csv"), "--steps",
	       "home,cart", "-o", path("out"));
	char *funnel = slurp(path("out/data/funnel.csv"));
	/* u4 visited before signing up: a visit like any other */
	assert_contains(funnel, "overall,all,1,home,4,100.00,,,");
	assert_contains(funnel, "overall,all,2,cart,2,50.00,50.00,50.00,");
	/* the quoted value with a comma is one value, written back quoted */
	assert_contains(funnel, "segment,\"segment=Retail, EU\",2,cart,2,100.00,100.00,0.00,");
	assert_contains(funnel, "month,month=2025-01,1,home,3,");
	assert_contains(funnel, "month,month=2025-02,1,home,1,");
	free(funnel);
	char *summary = slurp(path("out/data/summary.json"));
	assert_contains(summary, "\"name\": \"unknown_page_events\",\n      \"count\": 1,");
	assert_contains(summary, "\"name\": \"unknown_user_events\",\n      \"count\": 1,");
	/* u4 signed up on Feb 1 but visited on Jan 15: counted, and said */
	assert_contains(summary, "\"name\": \"visits_before_signup\",\n      \"count\": 1,");
	assert_contains(summary, "\"name\": \"page_visits\",\n      \"count\": 6,");
	assert_contains(summary, "\"users\": 4,");
	free(summary);
	/* note has 4 distinct values (one empty): a dimension, whose values stay as they were */
	char *cube = slurp(path("out/data/cube_funnel.csv"));
	assert_contains(cube, "segment,note,month,level,users\n");
	assert_contains(cube, "\"Retail, EU\",\"two\r\nlines\",2025-01,2,1\n");
	assert_contains(cube, "\"Retail, EU\",\"says \"\"hi\"\"\",2025-01,2,1\n");
	free(cube);
}

/* The clean LF form of the same data gives the same bytes. */
static void
test_event_log_clean_equals_messy(void **state)
{
	(void)state;
	WRITE("users.csv", messy_users);
	WRITE("events.csv", messy_events);
	WRITE("users2.csv", "user_id,signup_date,segment,note\n"
	                    "u1,2025-01-01,\"Retail, EU\",\"says \"\"hi\"\"\"\n"
	                    "u2,2025-01-31,\"Retail, EU\",\"two\r\nlines\"\n"
	                    "u3,2025-02-01,Wholesale,\n"
	                    "u4,2025-02-01,Wholesale,x\n");
	WRITE("events2.csv", "user_id,page,event_time\n"
	                     "u1,home,2025-01-01 10:00:00\n"
	                     "u1,cart,2025-01-01 10:05:00\n"
	                     "u2,home,2025-01-31 21:30:00\n"
	                     "u2,cart,2025-02-01 18:00:00\n"
	                     "u3,home,2025-02-02\n"
	                     "u3,help,2025-02-02 00:00:01\n"
	                     "nobody,home,2025-02-02\n"
	                     "u4,home,2025-01-15\n");
	RUN_OK("-q", "--users-csv", path("users.csv"), "--events-csv", path("events.csv"), "--steps",
	       "home,cart", "-o", path("a"));
	RUN_OK("-q", "--users-csv", path("users2.csv"), "--events-csv", path("events2.csv"), "--steps",
	       "home,cart", "-o", path("b"));
	const char *files[] = {"funnel.csv", "visits.csv", "cube_funnel.csv", "cube_visits.csv"};
	for (size_t i = 0; i < 4; i++) {
		char a[300], b[300];
		snprintf(a, sizeof a, "%s/a/data/%s", scratch, files[i]);
		snprintf(b, sizeof b, "%s/b/data/%s", scratch, files[i]);
		assert_same_file(a, b);
	}
}

static void
test_event_log_without_steps_lists_pages(void **state)
{
	(void)state;
	WRITE("users.csv", messy_users);
	WRITE("events.csv", messy_events);
	char *err = NULL;
	int rc = run_args((const char *const[]){"-q", "--users-csv", path("users.csv"), "--events-csv",
	                                        path("events.csv"), "-o", path("out"), NULL},
	                  &err);
	assert_int_equal(rc, FR_EUSAGE);
	assert_contains(err, "--steps");
	assert_contains(err, "\"home\" (5), \"cart\" (2), \"help\" (1)"); /* most visited first */
	free(err);
	assert_int_equal(access(path("out"), F_OK), -1);
}

/* Builds an OLTP database holding exactly the rows of the clean event log. */
static void
make_oltp(const char *file, const char *extra_sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(file, &db), SQLITE_OK);
	const char *sql =
	    "CREATE TABLE users (user_id INTEGER PRIMARY KEY, signup_date TEXT, segment TEXT, note TEXT);"
	    "CREATE TABLE events (event_id INTEGER PRIMARY KEY, user_id INTEGER, page TEXT,"
	    "                     event_time TEXT);"
	    "INSERT INTO users VALUES (1, '2025-01-01', 'Retail, EU', 'says \"hi\"'),"
	    "  (2, '2025-01-31', 'Retail, EU', 'two' || char(13, 10) || 'lines'),"
	    "  (3, '2025-02-01', 'Wholesale', NULL), (4, '2025-02-01', 'Wholesale', 'x');"
	    "INSERT INTO events (user_id, page, event_time) VALUES"
	    "  (1, 'home', '2025-01-01 10:00'), (1, 'cart', '2025-01-01T10:05:00Z'),"
	    "  (2, 'home', '2025-02-01T03:00:00+05:30'), (2, 'cart', '2025-02-01 10:00:00-08:00'),"
	    "  (3, 'home', '2025-02-02'), (3, 'help', '2025-02-02 00:00:01'),"
	    "  (99, 'home', '2025-02-02'), (4, 'home', '2025-01-15');";
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK ||
	    (extra_sql && sqlite3_exec(db, extra_sql, NULL, NULL, &msg) != SQLITE_OK))
		fail_msg("fixture: %s", msg);
	sqlite3_close(db);
}

static void
test_oltp_equals_csv(void **state)
{
	(void)state;
	WRITE("users.csv", "user_id,signup_date,segment,note\n"
	                   "1,2025-01-01,\"Retail, EU\",\"says \"\"hi\"\"\"\n"
	                   "2,2025-01-31,\"Retail, EU\",\"two\r\nlines\"\n"
	                   "3,2025-02-01,Wholesale,\n"
	                   "4,2025-02-01,Wholesale,x\n");
	WRITE("events.csv", "user_id,page,event_time\n"
	                    "1,home,2025-01-01 10:00\n"
	                    "1,cart,2025-01-01T10:05:00Z\n"
	                    "2,home,2025-02-01T03:00:00+05:30\n"
	                    "2,cart,2025-02-01 10:00:00-08:00\n"
	                    "3,home,2025-02-02\n"
	                    "3,help,2025-02-02 00:00:01\n"
	                    "99,home,2025-02-02\n"
	                    "4,home,2025-01-15\n");
	make_oltp(path("shop.db"), NULL);
	char *before = slurp(path("shop.db"));
	struct stat st0, st1;
	assert_int_equal(stat(path("shop.db"), &st0), 0);
	RUN_OK("-q", "--users-csv", path("users.csv"), "--events-csv", path("events.csv"), "--steps",
	       "home,cart", "-o", path("csv"));
	RUN_OK("-q", "--oltp", path("shop.db"), "--steps", "home,cart", "-o", path("db"));
	const char *files[] = {"funnel.csv", "visits.csv", "cube_funnel.csv", "cube_visits.csv"};
	for (size_t i = 0; i < 4; i++) {
		char a[300], b[300];
		snprintf(a, sizeof a, "%s/csv/data/%s", scratch, files[i]);
		snprintf(b, sizeof b, "%s/db/data/%s", scratch, files[i]);
		assert_same_file(a, b);
	}
	/* summary.json differs only where it names the source and its inputs */
	char *a = slurp(path("csv/data/summary.json")), *b = slurp(path("db/data/summary.json"));
	char *a1 = strstr(a, "\"settings\""), *b1 = strstr(b, "\"settings\"");
	char *a2 = strstr(a, "\"inputs\""), *b2 = strstr(b, "\"inputs\"");
	assert_true(a1 && b1 && a2 && b2);
	assert_int_equal(a2 - a1, b2 - b1);
	assert_memory_equal(a1, b1, (size_t)(a2 - a1));
	assert_string_equal(strstr(a, "\"data_quality\""), strstr(b, "\"data_quality\""));
	free(a);
	free(b);
	/* the database's bytes and modification time are unchanged */
	char *after = slurp(path("shop.db"));
	assert_int_equal(stat(path("shop.db"), &st1), 0);
	assert_int_equal(st0.st_size, st1.st_size);
	assert_memory_equal(before, after, (size_t)st0.st_size);
	assert_int_equal(st0.st_mtime, st1.st_mtime);
	free(before);
	free(after);
}

static void
test_oltp_steps_table_and_hostile_schema(void **state)
{
	(void)state;
	/* a steps table gives the funnel; a trigger and a view never fire or matter */
	make_oltp(path("shop2.db"),
	          "CREATE TABLE steps (position INTEGER, page TEXT);"
	          "INSERT INTO steps VALUES (2, 'cart'), (1, 'home');"
	          "CREATE TABLE log (x);"
	          "CREATE TRIGGER t AFTER INSERT ON events BEGIN INSERT INTO log VALUES (1); END;"
	          "CREATE VIEW v AS SELECT * FROM users;");
	char *before = slurp(path("shop2.db"));
	RUN_OK("-q", "--oltp", path("shop2.db"), "-o", path("db2"));
	char *funnel = slurp(path("db2/data/funnel.csv"));
	assert_contains(funnel, "overall,all,1,home,4,100.00,,,");
	assert_contains(funnel, "overall,all,2,cart,2,50.00,50.00,50.00,");
	free(funnel);
	char *after = slurp(path("shop2.db"));
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
test_oltp_errors_name_table_and_column(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path("bad.db"), &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE TABLE users (user_id TEXT, sex TEXT);"
	                              "INSERT INTO users VALUES ('a', 'F');"
	                              "CREATE TABLE events (user_id TEXT, page TEXT);",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	char *err = NULL;
	int rc = run_args((const char *const[]){"-q", "--oltp", path("bad.db"), "--steps", "home", "-o",
	                                        path("o"), NULL},
	                  &err);
	assert_int_equal(rc, FR_EDATA);
	assert_contains(err, "bad.db");
	assert_contains(err, "events");
	assert_contains(err, "event_time");
	free(err);

	/* epoch numbers are not times */
	assert_int_equal(sqlite3_open(path("bad2.db"), &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE TABLE users (user_id TEXT, sex TEXT);"
	                              "INSERT INTO users VALUES ('a', 'F');"
	                              "CREATE TABLE events (user_id TEXT, page TEXT, event_time);"
	                              "INSERT INTO events VALUES ('a', 'home', 1700000000);",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	err = NULL;
	rc = run_args((const char *const[]){"-q", "--oltp", path("bad2.db"), "--steps", "home", "-o",
	                                    path("o"), NULL},
	              &err);
	assert_int_equal(rc, FR_EDATA);
	assert_contains(err, "table events row 1: column event_time");
	free(err);

	/* a locked database: a clear error after a short wait */
	assert_int_equal(sqlite3_open(path("bad.db"), &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE; INSERT INTO users VALUES ('b', 'M');", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	err = NULL;
	rc = run_args((const char *const[]){"-q", "--oltp", path("bad.db"), "--steps", "home", "-o",
	                                    path("o"), NULL},
	              &err);
	assert_int_equal(rc, FR_EIO);
	assert_contains(err, "locked");
	free(err);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
}

static void
test_step_tables_time_columns(void **state)
{
	(void)state;
	/* home has no time column (it takes the user's date); cart has its own
	 * timestamp column; u2's cart came before its signup day, so before its
	 * home visit: out of order, it counts as a visit but not as reaching
	 * cart; u3 never reached cart. */
	WRITE("ut.csv", "user_id,date,device\nu1,2025-03-01,Desktop\nu2,2025-03-05,Mobile\n"
	                "u3,2025-04-09,Mobile\n");
	WRITE("home.csv", "user_id,home_page\nu1,home_page\nu2,home_page\nu3,home_page\n");
	WRITE("cart.csv", "timestamp,user_id\n2025-03-02 12:00,u1\n2025-03-04 12:00,u2\n");
	char home[300], cart[300];
	snprintf(home, sizeof home, "home=%s", path("home.csv"));
	snprintf(cart, sizeof cart, "cart=%s", path("cart.csv"));
	RUN_OK("-q", "--user-table", path("ut.csv"), "--step-table", home, "--step-table", cart, "-o",
	       path("x"));
	char *funnel = slurp(path("x/data/funnel.csv"));
	assert_contains(funnel, "overall,all,1,home,3,100.00,,,");
	assert_contains(funnel, "overall,all,2,cart,1,33.33,33.33,66.67,");
	assert_contains(funnel, "month,month=2025-04,1,home,1,");
	free(funnel);
	char *summary = slurp(path("x/data/summary.json"));
	assert_contains(summary, "\"name\": \"visits_before_signup\",\n      \"count\": 1,");
	assert_contains(summary, "\"name\": \"users_out_of_order\",\n      \"count\": 1,");
	free(summary);
	char *visits = slurp(path("x/data/visits.csv"));
	assert_contains(visits, "overall,all,2,cart,2025-03,2,2\n");
	free(visits);

	/* No time anywhere: a user's steps share one time, so only their order decides. */
	WRITE("ut2.csv", "user_id,sex\nu1,F\nu2,M\n");
	WRITE("cart2.csv", "user_id\nu1\n");
	snprintf(cart, sizeof cart, "cart=%s", path("cart2.csv"));
	RUN_OK("-q", "--user-table", path("ut2.csv"), "--step-table", home, "--step-table", cart, "-o",
	       path("y"));
	funnel = slurp(path("y/data/funnel.csv"));
	assert_contains(funnel, "overall,all,1,home,2,100.00,,,");
	assert_contains(funnel, "overall,all,2,cart,1,50.00,50.00,50.00,");
	free(funnel);
}

/* The Kaggle data set, read here with plain C, user by user. */
struct kaggle_user {
	long id;
	int mobile, male;
	unsigned steps; /* bit k: present in step table k */
};

static int
kaggle_cmp(const void *a, const void *b)
{
	long x = ((const struct kaggle_user *)a)->id, y = ((const struct kaggle_user *)b)->id;
	return (x > y) - (x < y);
}

static FILE *
kaggle_open(const char *name)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "gzip -dc tests/data/kaggle-funnel/%s.gz > %s", name, path(name));
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(path(name), "r");
	assert_non_null(f);
	return f;
}

static void
test_kaggle_step_tables(void **state)
{
	(void)state;
	static const char *const tables[] = {"home_page_table.csv", "search_page_table.csv",
	                                     "payment_page_table.csv",
	                                     "payment_confirmation_table.csv"};
	static const char *const names[] = {"home", "search", "payment", "confirmation"};
	size_t cap = 100000, n = 0;
	struct kaggle_user *u = calloc(cap, sizeof *u);
	char line[256];
	FILE *f = kaggle_open("user_table.csv");
	assert_non_null(fgets(line, sizeof line, f));
	while (fgets(line, sizeof line, f) != NULL) {
		/* 450007,"2015-02-28","Desktop","Female" */
		assert_true(n < cap);
		u[n].id = strtol(line, NULL, 10);
		u[n].mobile = strstr(line, "\"Mobile\"") != NULL;
		u[n].male = strstr(line, "\"Male\"") != NULL;
		n++;
	}
	fclose(f);
	qsort(u, n, sizeof *u, kaggle_cmp);
	for (unsigned k = 0; k < 4; k++) {
		f = kaggle_open(tables[k]);
		assert_non_null(fgets(line, sizeof line, f));
		while (fgets(line, sizeof line, f) != NULL) {
			struct kaggle_user key = {strtol(line, NULL, 10), 0, 0, 0};
			struct kaggle_user *hit = bsearch(&key, u, n, sizeof *u, kaggle_cmp);
			if (hit != NULL)
				hit->steps |= 1u << k;
		}
		fclose(f);
	}
	/* reached step k: present in tables 1..k (all at the user's date) */
	long overall[4] = {0}, mobile[4] = {0}, male[4] = {0};
	for (size_t i = 0; i < n; i++)
		for (unsigned k = 0; k < 4 && (u[i].steps & (1u << k)); k++) {
			overall[k]++;
			mobile[k] += u[i].mobile;
			male[k] += u[i].male;
		}
	free(u);
	assert_int_equal(overall[0], 90400);
	assert_int_equal(overall[1], 45200);
	assert_int_equal(overall[2], 6030);
	assert_int_equal(overall[3], 452);

	char args[4][300];
	for (int k = 0; k < 4; k++)
		snprintf(args[k], sizeof args[k], "%s=%s", names[k], path(tables[k]));
	RUN_OK("-q", "--user-table", path("user_table.csv"), "--step-table", args[0], "--step-table",
	       args[1], "--step-table", args[2], "--step-table", args[3], "-o", path("kaggle"));
	char *funnel = slurp(path("kaggle/data/funnel.csv"));
	char want[200];
	for (int k = 0; k < 4; k++) {
		snprintf(want, sizeof want, "overall,all,%d,%s,%ld,", k + 1, names[k], overall[k]);
		assert_contains(funnel, want);
		snprintf(want, sizeof want, "device,device=Mobile,%d,%s,%ld,", k + 1, names[k], mobile[k]);
		assert_contains(funnel, want);
		snprintf(want, sizeof want, "device,device=Desktop,%d,%s,%ld,", k + 1, names[k],
		         overall[k] - mobile[k]);
		assert_contains(funnel, want);
		snprintf(want, sizeof want, "sex,sex=Male,%d,%s,%ld,", k + 1, names[k], male[k]);
		assert_contains(funnel, want);
		snprintf(want, sizeof want, "sex,sex=Female,%d,%s,%ld,", k + 1, names[k],
		         overall[k] - male[k]);
		assert_contains(funnel, want);
	}
	free(funnel);

	/* the step tables have no time column: every user's steps share the
	 * user's date, so the report says the data has no times, once, and
	 * shows no time to convert (it would be 0 s everywhere) */
	static const char *const texts[] = {"kaggle/report.md", "kaggle/index.html"};
	for (size_t i = 0; i < 2; i++) {
		char *text = slurp(path(texts[i]));
		const char *said = strstr(text, "The data carries no times");
		assert_non_null(said);
		assert_null(strstr(said + 1, "The data carries no times"));
		for (const char *z = strstr(text, "0 s"); z != NULL; z = strstr(z + 1, "0 s"))
			if ((z == text || !isdigit((unsigned char)z[-1])) && !isalnum((unsigned char)z[3]))
				fail_msg("%s shows a time of 0 s: ...%.60s", texts[i], z > text + 30 ? z - 30 : text);
		assert_null(strstr(text, "Time to convert"));
		free(text);
	}
	assert_int_equal(access(path("kaggle/data/time_to_convert.csv"), F_OK), -1);
	char *ksum = slurp(path("kaggle/data/summary.json"));
	assert_contains(ksum, "\"has_times\": false");
	free(ksum);

	/* the cube round trip on the Kaggle data: the same report, byte for byte */
	RUN_OK("-q", "--from-cube", path("kaggle"), "-o", path("kaggle-cube"));
	static const char *const same[] = {
	    "index.html", "report.md", "report.pdf", "data/funnel.csv", "data/visits.csv",
	    "data/cube_funnel.csv", "data/cube_visits.csv", "data/summary.json",
	    "charts/funnel.png", "charts/cohorts.svg",
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char a[300], b[300];
		snprintf(a, sizeof a, "kaggle/%s", same[i]);
		snprintf(b, sizeof b, "kaggle-cube/%s", same[i]);
		assert_same_file(path(a), path(b));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_event_log_messy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_event_log_clean_equals_messy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_event_log_without_steps_lists_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_oltp_equals_csv, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_oltp_steps_table_and_hostile_schema, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_oltp_errors_name_table_and_column, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_step_tables_time_columns, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kaggle_step_tables, setup, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fr_plot_shutdown();
	return failed;
}
