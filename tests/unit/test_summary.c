/* test_summary.c: the schema of summary.json (core/summary.h) holds for what
 * the writer writes: every field it names is there, of the right kind, in
 * a whole run's summary, and --from-cube reads back what was written. */
#define _GNU_SOURCE
#include "support.h"

#include <sqlite3.h>

#include "core/summary.h"
#include "render/plot.h"
#include "runs.h"

/* Which fields may be null in a run without --timings (the stage times)
 * or without times (the period). */
static int
nullable(enum fr_summary_part part, int field)
{
	if (part == FR_SUMMARY_STAGES)
		return field == FR_SUMMARY_STAGE_START || field == FR_SUMMARY_STAGE_SECONDS;
	if (part == FR_SUMMARY_STEPS) /* only a step defined by page patterns has them */
		return field == FR_SUMMARY_STEP_PAGES;
	return 0;
}

/* Runs every statement of the schema over the summary text: each part has
 * rows (one for the top) and every field has a value. */
static void
check_summary(const char *text, size_t expect_other)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	size_t rows[FR_SUMMARY_NPARTS] = {0};
	for (int part = 0; part < FR_SUMMARY_NPARTS; part++) {
		char *sql = fr_summary_sql((enum fr_summary_part)part);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			rows[part]++;
			for (int c = 0; c < sqlite3_column_count(st); c++)
				if (sqlite3_column_type(st, c) == SQLITE_NULL && !nullable((enum fr_summary_part)part, c))
					fail_msg("summary.json: part %d (%s) field %s is missing", part,
					         fr_summary_array((enum fr_summary_part)part) ? fr_summary_array((enum fr_summary_part)part) : "top",
					         fr_summary_key((enum fr_summary_part)part, (size_t)c));
		}
		sqlite3_finalize(st);
		free(sql);
	}
	sqlite3_close(db);
	assert_int_equal(rows[FR_SUMMARY_TOP], 1);
	assert_int_equal(rows[FR_SUMMARY_STEPS], 3);
	assert_int_equal(rows[FR_SUMMARY_DIMS], 2); /* sex and the entry month */
	assert_int_equal(rows[FR_SUMMARY_INPUTS], 2);
	assert_true(rows[FR_SUMMARY_QUALITY] >= 10);
	assert_int_equal(rows[FR_SUMMARY_STAGES], 6); /* five stages and the load */
	assert_int_equal(rows[FR_SUMMARY_OTHER], expect_other);
	assert_int_equal(rows[FR_SUMMARY_PAGES], 1); /* "about", at no step */
}

static void
write_inputs(void)
{
	WRITE("users.csv", "user_id,sex\nu1,F\nu2,M\nu3,F\n");
	WRITE("events.csv", "user_id,page,event_time\n"
	                    "u1,home,2025-01-01T10:00:00Z\nu1,cart,2025-01-01T10:05:00Z\n"
	                    "u1,buy,2025-01-01T10:09:00Z\nu2,home,2025-02-01T10:00:00Z\n"
	                    "u2,buy,2025-02-01T10:01:00Z\nu3,home,2025-02-03T10:00:00Z\n"
	                    "u3,about,2025-02-03T10:01:00Z\nu3,basket,2025-02-03T10:02:00Z\n");
}

static void
test_every_field_is_written(void **state)
{
	(void)state;
	write_inputs();
	RUN_OK("--users-csv", path("users.csv"), "--events-csv", path("events.csv"), "--steps",
	       "home,cart=cart|basket,buy", "-q", "-o", path("out"));
	char *text = slurp(path("out/data/summary.json"));
	check_summary(text, 3);
	free(text);
}

/* What the reader takes from summary.json comes back into the next run's
 * summary as it was: the schema's fields round-trip through --from-cube. */
static void
test_from_cube_round_trip(void **state)
{
	(void)state;
	write_inputs();
	RUN_OK("--users-csv", path("users.csv"), "--events-csv", path("events.csv"), "--steps",
	       "home,cart=cart|basket,buy", "--title", "Round trip", "-q", "-o", path("a"));
	RUN_OK("--from-cube", path("a"), "-q", "-o", path("b"));
	char *a = slurp(path("a/data/summary.json")), *b = slurp(path("b/data/summary.json"));
	check_summary(b, 3);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	for (int part = 0; part < FR_SUMMARY_NPARTS; part++) {
		if (part == FR_SUMMARY_STAGES)
			continue; /* analyze, plot and publish run again */
		char *sql = fr_summary_sql((enum fr_summary_part)part);
		sqlite3_stmt *sa, *sb;
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &sa, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &sb, NULL), SQLITE_OK);
		sqlite3_bind_text(sa, 1, a, -1, SQLITE_STATIC);
		sqlite3_bind_text(sb, 1, b, -1, SQLITE_STATIC);
		for (;;) {
			int ra = sqlite3_step(sa), rb = sqlite3_step(sb);
			assert_int_equal(ra, rb);
			if (ra != SQLITE_ROW)
				break;
			for (int c = 0; c < sqlite3_column_count(sa); c++) {
				const char *x = (const char *)sqlite3_column_text(sa, c);
				const char *y = (const char *)sqlite3_column_text(sb, c);
				if ((x == NULL) != (y == NULL) || (x != NULL && strcmp(x, y) != 0))
					fail_msg("%s field %s: %s then %s", fr_summary_array((enum fr_summary_part)part) ? fr_summary_array((enum fr_summary_part)part) : "top",
					         fr_summary_key((enum fr_summary_part)part, (size_t)c), x ? x : "null", y ? y : "null");
			}
		}
		sqlite3_finalize(sa);
		sqlite3_finalize(sb);
		free(sql);
	}
	sqlite3_close(db);
	assert_contains(a, "\"title\": \"Round trip\"");
	assert_contains(b, "\"pages\": \"cart|basket\"");
	free(a);
	free(b);
	assert_same_file(path("a/data/funnel.csv"), path("b/data/funnel.csv"));
}

static void
test_sql_from_the_table(void **state)
{
	(void)state;
	char *sql = fr_summary_sql(FR_SUMMARY_DIMS);
	assert_string_equal(sql, "SELECT json_extract(value, '$.name'), json_extract(value, '$.values') "
	                         "FROM json_each(?1, '$.dimensions') ORDER BY key");
	free(sql);
	assert_string_equal(fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_FIRST_EVENT), "first_event");
	assert_string_equal(fr_summary_array(FR_SUMMARY_OTHER), "steps");
	assert_null(fr_summary_array(FR_SUMMARY_TOP));
	assert_null(fr_summary_key(FR_SUMMARY_STEPS, 5));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sql_from_the_table),
	    cmocka_unit_test_setup_teardown(test_every_field_is_written, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_from_cube_round_trip, setup, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fr_plot_shutdown(); /* the runs drew charts: let leak checking see a clean exit */
	return failed;
}
