/* test_lake.c: the cube SQL for a cluster (lake.c) run on the warehouse of
 * a demo run, row for row against the cubes the per-user pass counted: in
 * ordered mode with and without a window, and in any order. */
#include "support.h"

#include <sqlite3.h>

#include "engine.h"
#include "warehouse/lake.h"
#include "warehouse/warehouse.h"

/* Runs sql on db and checks its rows against the funnel cube of r. */
static void
check_funnel(sqlite3 *db, const char *sql, const struct fr_result *r)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare: %s\n%s", sqlite3_errmsg(db), sql);
	const struct fr_table *t = &r->cube.tables[FR_FUNNEL];
	size_t i = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(i < t->nrows);
		char **values = fr_table_values(t, i);
		for (size_t d = 0; d < r->cube.ndims; d++) {
			const char *v = (const char *)sqlite3_column_text(st, (int)d);
			assert_string_equal(v ? v : "", values[d]);
		}
		assert_int_equal(sqlite3_column_int64(st, (int)r->cube.ndims), fr_table_keys(t, i)[0]);
		assert_int_equal(sqlite3_column_int64(st, (int)r->cube.ndims + 1), fr_table_counts(t, i)[0]);
		i++;
	}
	assert_int_equal(i, t->nrows);
	sqlite3_finalize(st);
}

static void
check_visits(sqlite3 *db, const char *sql, const struct fr_result *r)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare: %s\n%s", sqlite3_errmsg(db), sql);
	const struct fr_table *t = &r->cube.tables[FR_VISITS];
	size_t i = 0, n = r->cube.nvdims;
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(i < t->nrows);
		char **values = fr_table_values(t, i);
		const int64_t *keys = fr_table_keys(t, i), *counts = fr_table_counts(t, i);
		for (size_t d = 0; d < n; d++) {
			const char *v = (const char *)sqlite3_column_text(st, (int)d);
			assert_string_equal(v ? v : "", values[d]);
		}
		assert_int_equal(sqlite3_column_int64(st, (int)n), keys[0] + 1);
		assert_string_equal((const char *)sqlite3_column_text(st, (int)n + 1), r->cube.steps[keys[0]]);
		assert_string_equal((const char *)sqlite3_column_text(st, (int)n + 2), r->cube.months[keys[1]]);
		assert_int_equal(sqlite3_column_int64(st, (int)n + 3), counts[0]);
		assert_int_equal(sqlite3_column_int64(st, (int)n + 4), counts[1]);
		i++;
	}
	assert_int_equal(i, t->nrows);
	sqlite3_finalize(st);
}

/* Renders the cube SQL for r, runs it on r's warehouse, compares; frees both. */
static void
check_lake(struct fr_result *r, struct fr_wh *wh)
{
	struct fr_templates *t = fr_templates_new(NULL);
	char *funnel, *visits, *err = NULL;
	assert_int_equal(fr_lake_sql(r, t, &funnel, &visits, &err), FR_OK);
	check_funnel(fr_wh_db(wh), funnel, r);
	check_visits(fr_wh_db(wh), visits, r);
	free(funnel);
	free(visits);
	fr_templates_free(t);
	fr_wh_free(wh);
	fr_result_free(r);
}

static void
run_sized(enum fr_order order, int64_t window, uint64_t seed, int64_t users)
{
	struct eng_opts o = {order, window, 3, fr_demo_steps, FR_DEMO_NSTEPS, users, seed};
	char *err = NULL;
	int rc;
	struct fr_wh *wh = NULL;
	struct fr_result *r = engine_run_keep(&o, NULL, 0, NULL, 0, &rc, &err, &wh);
	if (rc != FR_OK)
		fail_msg("engine: %s", err ? err : "?");
	assert_true(r->cube.tables[FR_FUNNEL].nrows > 10 && r->cube.tables[FR_VISITS].nrows > 10);
	check_lake(r, wh);
}

static void
run_case(enum fr_order order, int64_t window, uint64_t seed)
{
	run_sized(order, window, seed, 4000);
}

#define FACTS_SQL                                                                                  \
	"SELECT visit_key, user_key, step_index, event_time FROM fact_page_visit ORDER BY visit_key"

static sqlite3_stmt *
prepared(struct fr_wh *wh, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(fr_wh_db(wh), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare: %s\n%s", sqlite3_errmsg(fr_wh_db(wh)), sql);
	return st;
}

/* Runs the engine on rows given here, keeping its warehouse; fails the test
 * on an error. */
static struct fr_result *
run_kept(const struct eng_opts *o, const struct eng_user *users, size_t nusers,
         const struct eng_event *events, size_t nevents, struct fr_wh **wh)
{
	char *err = NULL;
	int rc;
	struct fr_result *r = engine_run_keep(o, users, nusers, events, nevents, &rc, &err, wh);
	if (rc != FR_OK)
		fail_msg("engine: %s", err ? err : "?");
	return r;
}

/* Hand-made visits for the rules' edges: ties count as in order; a later
 * start may go deeper inside the window; a step before its predecessor
 * does not count; the entry month is the first step-1 visit's. */
static void
run_edges(enum fr_order order, int64_t window)
{
	enum { T0 = 1738367940 }; /* 2025-01-31 23:59:00 UTC */
	static const char *const steps[] = {"a", "b", "c"};
	static const struct eng_user users[] = {
	    {"u1", "x"}, {"u2", "x"}, {"u3", "y"}, {"u4", "y"}, {"u5", "`odd`name"},
	};
	static const struct eng_event events[] = {
	    {"u1", "a", T0}, {"u1", "b", T0}, {"u1", "c", T0},                 /* ties: level 3 */
	    {"u2", "b", T0}, {"u2", "a", T0 + 10}, {"u2", "c", T0 + 20},       /* b too early: 1 */
	    {"u3", "a", T0}, {"u3", "a", T0 + 3 * 86400}, {"u3", "b", T0 + 3 * 86400 + 5},
	    {"u3", "c", T0 + 3 * 86400 + 9},                                   /* late start */
	    {"u4", "a", T0 + 30}, {"u4", "b", T0 + 2 * 86400},                 /* slow b */
	    {"u5", "a", T0 + 90}, {"u5", "c", T0 + 95},
	};
	struct eng_opts o = {order, window, 1, steps, 3, 0, 0};
	struct fr_wh *wh = NULL;
	struct fr_result *r = run_kept(&o, users, 5, events, sizeof events / sizeof events[0], &wh);
	check_lake(r, wh);
}

static void
test_edges(void **state)
{
	(void)state;
	run_edges(FR_ORDER_ORDERED, 0);
	run_edges(FR_ORDER_ORDERED, 1);
	run_edges(FR_ORDER_ANY, 0);
}

static void
test_ordered(void **state)
{
	(void)state;
	run_case(FR_ORDER_ORDERED, 0, 1);
	run_case(FR_ORDER_ORDERED, 0, 7);
}

static void
test_ordered_window(void **state)
{
	(void)state;
	run_case(FR_ORDER_ORDERED, 1, 1);
	run_case(FR_ORDER_ORDERED, 7, 3);
}

static void
test_any_order(void **state)
{
	(void)state;
	run_case(FR_ORDER_ANY, 0, 2);
}

/* Past 200,000 visits the per-user pass runs on two threads, each over
 * half the partitions, and adds the halves up: the cubes still match the
 * SQL over the warehouse row for row (and the time to convert, a sum of
 * histograms, is checked by the golden runs of the demo, which is split). */
static void
test_split_pass(void **state)
{
	(void)state;
	run_sized(FR_ORDER_ORDERED, 0, 5, 80000);
	run_sized(FR_ORDER_ANY, 0, 6, 80000);
}

/* The facts as the per-user pass left them: a visit's key is its place
 * among the staged visits (unknown users and pages are not staged), and of
 * exact repeats the one read first stays. The pass deletes repeats by the
 * keys its partitions hold, so a key that were not the table's would take
 * out another visit. */
static void
test_fact_keys(void **state)
{
	(void)state;
	enum { T0 = 1738367940 };
	static const char *const steps[] = {"a", "b", "c"};
	static const struct eng_user users[] = {{"u1", "x"}, {"u2", "y"}};
	static const struct eng_event events[] = {
	    {"u1", "a", T0},     /* 1 */
	    {"u9", "a", T0},     /* unknown user */
	    {"u1", "zz", T0},    /* not a step */
	    {"u2", "a", T0 + 1}, /* 2 */
	    {"u1", "a", T0},     /* 3: a repeat of 1 */
	    {"u2", "b", T0 + 2}, /* 4 */
	    {"u2", "a", T0 + 1}, /* 5: a repeat of 2 */
	    {"u1", "b", T0 + 3}, /* 6 */
	    {"u1", "a", T0 + 9}, /* 7: same page, another time */
	};
	struct eng_opts o = {FR_ORDER_ORDERED, 0, 1, steps, 3, 0, 0};
	struct fr_wh *wh = NULL;
	struct fr_result *r = run_kept(&o, users, 2, events, sizeof events / sizeof events[0], &wh);
	static const int64_t want[][4] = {
	    {1, 0, 1, T0}, {2, 1, 1, T0 + 1}, {4, 1, 2, T0 + 2}, {6, 0, 2, T0 + 3}, {7, 0, 1, T0 + 9},
	};
	sqlite3_stmt *st = prepared(wh, FACTS_SQL);
	size_t i = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(i < sizeof want / sizeof want[0]);
		for (int c = 0; c < 4; c++)
			assert_int_equal(sqlite3_column_int64(st, c), want[i][c]);
		i++;
	}
	assert_int_equal(i, sizeof want / sizeof want[0]);
	sqlite3_finalize(st);
	/* the lake keeps the repeats' keys */
	st = prepared(wh, "SELECT group_concat(visit_key) FROM "
	                  "(SELECT visit_key FROM stg_visit_repeat ORDER BY 1)");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "3,5");
	sqlite3_finalize(st);
	fr_wh_free(wh);
	fr_result_free(r);
}

/* Events wait a few places for their user's slot (extract.c's look-ahead),
 * and an id too long to wait is placed at once: the facts and the orphans
 * still come out in source order, with their keys and lines, through
 * many more events than wait. */
static void
test_fact_order(void **state)
{
	(void)state;
	enum { T0 = 1738367940, N = 40 };
	static const char *const steps[] = {"a", "b"};
	static const char long_id[] = "a-user-id-of-sixty-bytes-which-is-too-long-to-wait-in-line-x";
	static const struct eng_user users[] = {{"u1", "x"}, {long_id, "y"}, {"u2", "x"}};
	struct eng_event events[N];
	for (int i = 0; i < N; i++) {
		/* u1, long, u2, unknown, in turn; pages a, b, a, ... */
		const char *who = i % 4 == 0 ? "u1" : i % 4 == 1 ? long_id : i % 4 == 2 ? "u2" : "nobody";
		events[i] = (struct eng_event){who, i % 2 ? "b" : "a", T0 + i};
	}
	struct eng_opts o = {FR_ORDER_ORDERED, 0, 1, steps, 2, 0, 0};
	struct fr_wh *wh = NULL;
	struct fr_result *r = run_kept(&o, users, 3, events, N, &wh);
	sqlite3_stmt *st = prepared(wh, FACTS_SQL);
	int64_t key = 0;
	for (int i = 0; i < N; i++) {
		if (i % 4 == 3)
			continue;
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(st, 0), ++key);
		assert_int_equal(sqlite3_column_int64(st, 1), i % 4);
		assert_int_equal(sqlite3_column_int64(st, 2), i % 2 + 1);
		assert_int_equal(sqlite3_column_int64(st, 3), T0 + i);
	}
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	/* the unknown user's events, each with its line (the events' header is line 1) */
	st = prepared(wh, "SELECT line, page, event_time FROM stg_event_orphan ORDER BY rowid");
	for (int i = 3; i < N; i += 4) {
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(st, 0), i + 2);
		assert_string_equal((const char *)sqlite3_column_text(st, 1), i % 2 ? "b" : "a");
		assert_int_equal(sqlite3_column_int64(st, 2), T0 + i);
	}
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(r->log.quality.unknown_user_events, N / 4);
	assert_int_equal(r->log.quality.page_visits, N - N / 4);
	fr_wh_free(wh);
	fr_result_free(r);
}

/* dim_user numbers the users 0, 1, 2, ... in source order, a repeated
 * user_id taking no number (the first row wins), whatever the batches: the
 * loader gives the first key and leaves the rest to SQLite, which counts on.
 * 300 users cross the loader's batches of 64 rows. */
static void
test_user_keys(void **state)
{
	(void)state;
	enum { T0 = 1738367940, N = 300 };
	static const char *const steps[] = {"a"};
	static char ids[N][16];
	struct eng_user users[N + 3];
	size_t n = 0;
	for (int i = 0; i < N; i++) {
		snprintf(ids[i], sizeof ids[i], "u%d", i);
		users[n++] = (struct eng_user){ids[i], i % 2 ? "x" : "y"};
		if (i == 0 || i == 64 || i == 200) /* repeats, with other values */
			users[n++] = (struct eng_user){ids[i / 2], "z"};
	}
	struct eng_event events[N];
	for (int i = 0; i < N; i++)
		events[i] = (struct eng_event){ids[N - 1 - i], "a", T0 + i};
	struct eng_opts o = {FR_ORDER_ORDERED, 0, 1, steps, 1, 0, 0};
	struct fr_wh *wh = NULL;
	struct fr_result *r = run_kept(&o, users, n, events, N, &wh);
	sqlite3_stmt *st =
	    prepared(wh, "SELECT user_key, user_id, a1 FROM dim_user ORDER BY user_key");
	for (int i = 0; i < N; i++) {
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(st, 0), i);
		assert_string_equal((const char *)sqlite3_column_text(st, 1), ids[i]);
		assert_string_equal((const char *)sqlite3_column_text(st, 2), i % 2 ? "x" : "y");
	}
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	/* and each visit's user_key is its user's */
	st = prepared(wh, "SELECT count(*) FROM fact_page_visit AS v JOIN dim_user AS u "
	                  "ON u.user_key = v.user_key WHERE u.user_id = 'u' || ("
	                  "299 - (v.event_time - 1738367940))");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), N);
	sqlite3_finalize(st);
	assert_int_equal(r->log.quality.duplicate_users, 3);
	fr_wh_free(wh);
	fr_result_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ordered),
	    cmocka_unit_test(test_ordered_window),
	    cmocka_unit_test(test_any_order),
	    cmocka_unit_test(test_split_pass),
	    cmocka_unit_test(test_user_keys),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_fact_keys),
	    cmocka_unit_test(test_fact_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
