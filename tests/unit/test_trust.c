/* test_trust.c: numbers a reader can trust (issue 11). Visits before a
 * user's signup date count like any other, east and west of UTC, from CSV and
 * from SQLite; the name of the signup column changes no number; the report
 * says when ordered counting hides many users, with the numbers of an
 * --order any run; entry months never outrank segments in What stands out,
 * and its count of significant tests is the lower plus the higher; time to
 * convert agrees with a brute-force computation over the demo's visits. */
#define _GNU_SOURCE
#include "support.h"

#include <sqlite3.h>

#include "render/chart.h"
#include "source/demo.h"
#include "engine.h"
#include "warehouse/level.h"
#include "render/plot.h"
#include "runs.h"
#include "warehouse/ttc.h"

/* ---- visits before signup ------------------------------------------------ */

/*
 * e1 signs up on 2024-01-01 and visits at 00:30 and 00:45 +01:00, which is
 * 2023-12-31 23:30 and 23:45 UTC: before the signup date, east of UTC. w1
 * signs up the same day and visits on 2023-12-31 at 20:00 and 21:00 -05:00,
 * which is 01:00 and 02:00 UTC on the signup day: west of UTC. b1 browses
 * weeks before signing up. n1's signup_date is not a date: an attribute
 * value like any other. z1 has none.
 *
 * By hand, steps home, cart, pay: every visit counts, so home 5 (e1 w1 b1 n1
 * z1), cart 4 (e1 w1 b1 z1), pay 2 (e1 b1). Entry months (UTC): e1 2023-12,
 * w1 and b1 2024-01, n1 and z1 2024-02. Visits by month of the visit: home
 * 2023-12 1, 2024-01 2, 2024-02 2; cart 2023-12 1, 2024-01 2, 2024-02 1; pay
 * 2024-01 1, 2024-02 1. Four visits before signup (e1's two, b1's two).
 */
static const char signup_users[] = "user_id,signup_date,tier\n"
                                   "e1,2024-01-01,gold\n"
                                   "w1,2024-01-01,gold\n"
                                   "b1,2024-02-10,basic\n"
                                   "n1,soon,basic\n"
                                   "z1,,basic\n";
static const char signup_events[] = "user_id,page,event_time\n"
                                    "e1,home,2024-01-01T00:30:00+01:00\n"
                                    "e1,cart,2024-01-01T00:45:00+01:00\n"
                                    "e1,pay,2024-01-02 10:00:00Z\n"
                                    "w1,home,2023-12-31T20:00:00-05:00\n"
                                    "w1,cart,2023-12-31T21:00:00-05:00\n"
                                    "b1,home,2024-01-20\n"
                                    "b1,cart,2024-01-21\n"
                                    "b1,pay,2024-02-11\n"
                                    "n1,home,2024-02-01\n"
                                    "z1,home,2024-02-02\n"
                                    "z1,cart,2024-02-03\n";

static void
check_signup_out(const char *out)
{
	char p[400];
	snprintf(p, sizeof p, "%s/data/funnel.csv", out);
	char *funnel = slurp(path(p));
	assert_contains(funnel, "overall,all,1,home,5,100.00,,,");
	assert_contains(funnel, "overall,all,2,cart,4,80.00,80.00,20.00,");
	assert_contains(funnel, "overall,all,3,pay,2,40.00,50.00,50.00,");
	assert_contains(funnel, "month,month=2023-12,1,home,1,");
	assert_contains(funnel, "month,month=2024-01,1,home,2,");
	assert_contains(funnel, "month,month=2024-02,1,home,2,");
	/* the value that is not a date is a segment like any other */
	assert_contains(funnel, "signup_date,signup_date=soon,1,home,1,");
	free(funnel);
	snprintf(p, sizeof p, "%s/data/visits.csv", out);
	char *visits = slurp(path(p));
	static const char *const want[] = {
	    "overall,all,1,home,2023-12,1,1\n", "overall,all,1,home,2024-01,2,2\n",
	    "overall,all,1,home,2024-02,2,2\n", "overall,all,2,cart,2023-12,1,1\n",
	    "overall,all,2,cart,2024-01,2,2\n", "overall,all,2,cart,2024-02,1,1\n",
	    "overall,all,3,pay,2023-12,0,0\n",  "overall,all,3,pay,2024-01,1,1\n",
	    "overall,all,3,pay,2024-02,1,1\n",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_contains(visits, want[i]);
	free(visits);
	snprintf(p, sizeof p, "%s/data/summary.json", out);
	char *summary = slurp(path(p));
	assert_contains(summary, "\"name\": \"visits_before_signup\",\n      \"count\": 4,");
	assert_contains(summary, "\"name\": \"signup_not_date\",\n      \"count\": 1,");
	assert_contains(summary, "\"name\": \"page_visits\",\n      \"count\": 11,");
	free(summary);
}

static void
test_visits_before_signup_count(void **state)
{
	(void)state;
	WRITE("users.csv", signup_users);
	WRITE("events.csv", signup_events);
	RUN_OK("-q", "--users-csv", path("users.csv"), "--events-csv", path("events.csv"), "--steps",
	       "home,cart,pay", "-o", path("csv"));
	check_signup_out("csv");

	/* the same rows in an OLTP database give the same data files */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path("shop.db"), &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db,
	                 "CREATE TABLE users (user_id TEXT, signup_date TEXT, tier TEXT);"
	                 "CREATE TABLE events (user_id TEXT, page TEXT, event_time TEXT);"
	                 "INSERT INTO users VALUES ('e1', '2024-01-01', 'gold'),"
	                 "  ('w1', '2024-01-01', 'gold'), ('b1', '2024-02-10', 'basic'),"
	                 "  ('n1', 'soon', 'basic'), ('z1', NULL, 'basic');"
	                 "INSERT INTO events VALUES ('e1', 'home', '2024-01-01T00:30:00+01:00'),"
	                 "  ('e1', 'cart', '2024-01-01T00:45:00+01:00'),"
	                 "  ('e1', 'pay', '2024-01-02 10:00:00Z'),"
	                 "  ('w1', 'home', '2023-12-31T20:00:00-05:00'),"
	                 "  ('w1', 'cart', '2023-12-31T21:00:00-05:00'),"
	                 "  ('b1', 'home', '2024-01-20'), ('b1', 'cart', '2024-01-21'),"
	                 "  ('b1', 'pay', '2024-02-11'), ('n1', 'home', '2024-02-01'),"
	                 "  ('z1', 'home', '2024-02-02'), ('z1', 'cart', '2024-02-03');",
	                 NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("fixture: %s", msg);
	sqlite3_close(db);
	RUN_OK("-q", "--oltp", path("shop.db"), "--steps", "home,cart,pay", "-o", path("db"));
	check_signup_out("db");
	static const char *const files[] = {"funnel.csv", "visits.csv", "cube_funnel.csv",
	                                    "cube_visits.csv"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char a[300], b[300];
		snprintf(a, sizeof a, "csv/data/%s", files[i]);
		snprintf(b, sizeof b, "db/data/%s", files[i]);
		assert_same_file(path(a), path(b));
	}
}

/* ---- the signup column's name changes no number ---------------------------- */

static uint64_t
rnd(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 33;
}

/* Writes a random event log: users with a signup date among five (so it is
 * a dimension) and visits on days around it, many before, in four time
 * zones, with repeats and pages outside the funnel. */
static void
write_random_log(uint64_t seed, const char *signup_column, const char *users, const char *events)
{
	static const char *const zones[] = {"Z", "+01:00", "-05:00", "+13:45"};
	static const char *const pages[] = {"home", "search", "cart", "pay", "help"};
	uint64_t x = seed;
	FILE *u = fopen(path(users), "w"), *e = fopen(path(events), "w");
	assert_true(u != NULL && e != NULL);
	fprintf(u, "user_id,%s,plan\n", signup_column);
	fprintf(e, "user_id,page,event_time\n");
	for (int i = 0; i < 300; i++) {
		int signup = 10 + (int)(rnd(&x) % 5);
		fprintf(u, "u%d,2024-03-%02d,%s\n", i, signup, rnd(&x) % 3 ? "free" : "paid");
		int nvisits = (int)(rnd(&x) % 7);
		for (int v = 0; v < nvisits; v++) {
			int day = signup - 4 + (int)(rnd(&x) % 8);
			fprintf(e, "u%d,%s,2024-03-%02dT%02d:%02d:00%s\n", i, pages[rnd(&x) % 5], day,
			        (int)(rnd(&x) % 24), (int)(rnd(&x) % 60), zones[rnd(&x) % 4]);
		}
	}
	assert_int_equal(fclose(u), 0);
	assert_int_equal(fclose(e), 0);
}

/* text with every "from" replaced by "to" */
static char *
replace_all(const char *text, const char *from, const char *to)
{
	struct fr_buf b = FR_BUF_INIT;
	size_t n = strlen(from);
	for (const char *p = text, *hit; *p != '\0'; p = hit + n) {
		hit = strstr(p, from);
		if (hit == NULL) {
			fr_buf_puts(&b, p);
			break;
		}
		fr_buf_put(&b, p, (size_t)(hit - p));
		fr_buf_puts(&b, to);
	}
	return fr_buf_detach(&b);
}

static void
test_signup_column_name_changes_nothing(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		write_random_log(seed, "signup_date", "u1.csv", "e1.csv");
		write_random_log(seed, "joined", "u2.csv", "e2.csv");
		RUN_OK("-q", "--users-csv", path("u1.csv"), "--events-csv", path("e1.csv"), "--steps",
		       "home,search,cart,pay", "-o", path("a"));
		RUN_OK("-q", "--users-csv", path("u2.csv"), "--events-csv", path("e2.csv"), "--steps",
		       "home,search,cart,pay", "-o", path("b"));
		static const char *const files[] = {"data/funnel.csv", "data/visits.csv"};
		for (size_t i = 0; i < 2; i++) {
			char pa[300], pb[300];
			snprintf(pa, sizeof pa, "a/%s", files[i]);
			snprintf(pb, sizeof pb, "b/%s", files[i]);
			char *a = slurp(path(pa)), *b = slurp(path(pb));
			char *renamed = replace_all(a, "signup_date", "joined");
			assert_true(strstr(a, "signup_date") != NULL); /* it is a dimension */
			if (strcmp(renamed, b) != 0)
				fail_msg("seed %llu: %s differs when signup_date is called joined",
				         (unsigned long long)seed, files[i]);
			free(a);
			free(b);
			free(renamed);
		}
		/* and some of those visits came before the signup date */
		char *summary = slurp(path("a/data/summary.json"));
		char *at = strstr(summary, "\"visits_before_signup\",\n      \"count\": ");
		assert_non_null(at);
		assert_true(atoll(at + strlen("\"visits_before_signup\",\n      \"count\": ")) > 100);
		free(summary);
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf %s %s", path("a"), path("b"));
		assert_int_equal(system(cmd), 0);
	}
}

/* ---- out of order: the sentence and its numbers ----------------------------- */

/* 100 users: in_order go home, search, cart; out go home, cart, search
 * (cart before search: out of order); the rest only visit home. */
static void
write_order_log(int in_order, int out)
{
	FILE *u = fopen(path("ou.csv"), "w"), *e = fopen(path("oe.csv"), "w");
	assert_true(u != NULL && e != NULL);
	fprintf(u, "user_id,plan\n");
	fprintf(e, "user_id,page,event_time\n");
	for (int i = 0; i < 100; i++) {
		fprintf(u, "u%d,%s\n", i, i % 2 ? "free" : "paid");
		fprintf(e, "u%d,home,2024-05-01 10:%02d:00\n", i, i % 60);
		if (i < in_order)
			fprintf(e, "u%d,search,2024-05-01 11:00:00\nu%d,cart,2024-05-01 12:00:00\n", i, i);
		else if (i < in_order + out)
			fprintf(e, "u%d,cart,2024-05-01 11:00:00\nu%d,search,2024-05-01 12:00:00\n", i, i);
	}
	assert_int_equal(fclose(u), 0);
	assert_int_equal(fclose(e), 0);
}

/* report.md as plain text: without the backslashes of Markdown's escapes. */
static char *
md_text(const char *file)
{
	char *md = slurp(path(file));
	char *plain = replace_all(md, "\\", "");
	free(md);
	return plain;
}

/* The section of a report.md text that starts at heading, up to the next "## ". */
static char *
md_section(const char *md, const char *heading)
{
	const char *at = strstr(md, heading);
	if (at == NULL)
		return NULL;
	const char *end = strstr(at + strlen(heading), "\n## ");
	size_t n = end ? (size_t)(end - at) : strlen(at);
	char *s = malloc(n + 1);
	memcpy(s, at, n);
	s[n] = '\0';
	return s;
}

/* The integer JSON value after "key": in text (the first one). */
static long long
json_int(const char *text, const char *key)
{
	char k[100];
	snprintf(k, sizeof k, "\"%s\": ", key);
	const char *at = strstr(text, k);
	if (at == NULL)
		fail_msg("no %s in summary.json", key);
	return atoll(at + strlen(k));
}

static void
test_out_of_order_sentence(void **state)
{
	(void)state;
	write_order_log(40, 30); /* 30 % out of order */
	RUN_OK("-q", "--users-csv", path("ou.csv"), "--events-csv", path("oe.csv"), "--steps",
	       "home,search,cart", "-o", path("ord"));
	RUN_OK("-q", "--users-csv", path("ou.csv"), "--events-csv", path("oe.csv"), "--steps",
	       "home,search,cart", "--order", "any", "-o", path("any"));
	char *md = md_text("ord/report.md");
	char *any = slurp(path("any/data/summary.json"));
	long long any_converted = json_int(any, "converted"), entered = json_int(any, "entered");
	/* the sentence, in the headline numbers and first in What stands out */
	char *head = md_section(md, "## Headline numbers"), *stand = md_section(md, "## What stands out");
	assert_true(head != NULL && stand != NULL);
	const char *s = strstr(head, "of the users who entered (");
	assert_non_null(s);
	const char *t = strstr(stand, "of the users who entered (");
	assert_non_null(t);
	assert_true(t - stand < 40); /* it opens the section */
	long long ooo, ent, any_users;
	assert_int_equal(sscanf(s, "of the users who entered (%lld of %lld)", &ooo, &ent), 2);
	assert_int_equal(ooo, 30);
	assert_int_equal(ent, entered);
	const char *w = strstr(s, "--order any), ");
	assert_non_null(w);
	char pct[32], want[32];
	assert_int_equal(sscanf(w, "--order any), %31[0-9.] %% would (%lld users", pct, &any_users), 2);
	assert_int_equal(any_users, any_converted);
	/* the percentage is the any-order run's conversion, as summary.json has it */
	const char *c = strstr(any, "\"conversion_pct\": ");
	assert_non_null(c);
	snprintf(want, sizeof want, "%.2f", atof(c + strlen("\"conversion_pct\": ")));
	assert_string_equal(pct, want);
	/* the same numbers in the HTML and in summary.json's other_order */
	char *html = slurp(path("ord/index.html"));
	assert_contains(html, "30.00 % of the users who entered (30 of 100)");
	free(html);
	char *ord = slurp(path("ord/data/summary.json"));
	assert_contains(ord, "\"other_order\": {\n    \"order\": \"any\",");
	char conv[128];
	snprintf(conv, sizeof conv, "\"converted\": %lld,\n    \"conversion_pct\": %s", any_converted,
	         want);
	assert_contains(ord, conv);
	free(ord);
	free(head);
	free(stand);
	free(md);
	free(any);

	/* 5 % is not more than a small share: no sentence; 6 % is */
	write_order_log(40, 5);
	RUN_OK("-q", "--users-csv", path("ou.csv"), "--events-csv", path("oe.csv"), "--steps",
	       "home,search,cart", "-o", path("few"));
	md = md_text("few/report.md");
	assert_null(strstr(md, "of the users who entered ("));
	free(md);
	write_order_log(40, 6);
	RUN_OK("-q", "--users-csv", path("ou.csv"), "--events-csv", path("oe.csv"), "--steps",
	       "home,search,cart", "-o", path("six"));
	md = md_text("six/report.md");
	assert_non_null(strstr(md, "6.00 % of the users who entered (6 of 100)"));
	free(md);
	/* an any-order run does not say it */
	md = md_text("any/report.md");
	assert_null(strstr(md, "of the users who entered ("));
	free(md);
	/* and a report rendered from the cubes says what the run said */
	RUN_OK("-q", "--from-cube", path("ord"), "-o", path("cube"));
	assert_same_file(path("ord/report.md"), path("cube/report.md"));
}

/* ---- What stands out on the demo ------------------------------------------- */

static void
test_findings_on_the_demo(void **state)
{
	(void)state;
	RUN_OK("-q", "-o", path("demo"));
	char *md = md_text("demo/report.md");
	char *summary = slurp(path("demo/data/summary.json"));
	char *stand = md_section(md, "## What stands out");
	assert_non_null(stand);
	/* no entry-month finding among the segment findings... */
	assert_non_null(strstr(stand, "\n- **1. "));
	for (const char *l = strstr(stand, "\n- **"); l != NULL; l = strstr(l + 1, "\n- **")) {
		const char *end = strchr(l + 1, '\n');
		size_t n = end ? (size_t)(end - l) : strlen(l);
		if (memmem(l, n, "entry month", 11) != NULL)
			fail_msg("an entry-month finding in What stands out: %.*s", (int)n, l);
	}
	/* ...they are with the cohorts */
	char *cohorts = md_section(md, "## Entry cohorts");
	assert_non_null(cohorts);
	assert_non_null(strstr(cohorts, "**1. entry month "));
	/* the count: significant = lower + higher, as summary.json has them */
	long long tests, sig, lower, higher;
	const char *s = strstr(stand, "Of ");
	assert_non_null(s);
	char t1[32], t2[32], t3[32], t4[32];
	assert_int_equal(sscanf(s, "Of %31[0-9,] tests %*[^)]), %31[0-9,] differences are significant "
	                           "after Holm's correction: %31[0-9,] lower and %31[0-9,] higher",
	                        t1, t2, t3, t4),
	                 4);
	char *n1 = replace_all(t1, ",", ""), *n2 = replace_all(t2, ",", ""),
	     *n3 = replace_all(t3, ",", ""), *n4 = replace_all(t4, ",", "");
	tests = atoll(n1), sig = atoll(n2), lower = atoll(n3), higher = atoll(n4);
	free(n1), free(n2), free(n3), free(n4);
	assert_int_equal(tests, json_int(summary, "significance_tests"));
	assert_int_equal(sig, json_int(summary, "significant"));
	assert_int_equal(lower, json_int(summary, "significantly_lower"));
	assert_int_equal(higher, json_int(summary, "significantly_higher"));
	assert_int_equal(sig, lower + higher);
	assert_true(lower > 0 && higher > 0);
	free(cohorts);
	free(stand);
	free(summary);
	free(md);
}

/* ---- time to convert against brute force, on the demo ----------------------- */

struct bf_visit {
	int64_t t;
	uint32_t user;
	uint8_t step;
};

struct bf {
	char **ids;          /* sorted user ids, for lookup */
	uint32_t *id_user;   /* user number of ids[i] */
	uint8_t (*attr)[3];  /* per user: sex, channel, device codes */
	size_t nusers;
	struct bf_visit *v;
	size_t nv, cap;
};

static const char *const bf_values[3][6] = {
    {"Female", "Male"},
    {"Direct", "Email", "Organic search", "Paid search", "Referral", "Social"},
    {"Desktop", "Mobile"},
};

static int
bf_users_begin(void *ctx, const char *source, const char *const *attrs, size_t n, char **err)
{
	(void)ctx, (void)source, (void)attrs, (void)err;
	assert_int_equal(n, 4); /* signup_date, sex, channel, device */
	return 0;
}

static int
bf_user(void *ctx, int64_t line, const char *id, const char *const *vals, char **err)
{
	(void)line, (void)err;
	struct bf *b = ctx;
	if ((b->nusers & (b->nusers - 1)) == 0) { /* grow at powers of two */
		b->ids = realloc(b->ids, 2 * (b->nusers + 1) * sizeof *b->ids);
		b->attr = realloc(b->attr, 2 * (b->nusers + 1) * sizeof *b->attr);
	}
	b->ids[b->nusers] = strdup(id);
	for (int a = 0; a < 3; a++) {
		int code = -1;
		for (int c = 0; c < 6 && bf_values[a][c] != NULL; c++)
			if (strcmp(vals[a + 1], bf_values[a][c]) == 0)
				code = c;
		assert_true(code >= 0);
		b->attr[b->nusers][a] = (uint8_t)code;
	}
	b->nusers++;
	return 0;
}

static int
bf_events_begin(void *ctx, const char *source, char **err)
{
	(void)ctx, (void)source, (void)err;
	return 0;
}

static int
bf_cmp_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
bf_event(void *ctx, int64_t line, const char *user_id, const char *page, int64_t t, char **err)
{
	(void)line, (void)err;
	struct bf *b = ctx;
	int step = 0;
	for (int k = 0; k < FR_DEMO_NSTEPS; k++)
		if (strcmp(page, fr_demo_steps[k]) == 0)
			step = k + 1;
	if (step == 0)
		return 0;
	if (b->id_user == NULL) { /* the users are all in: index them */
		uint32_t *order = malloc(b->nusers * sizeof *order);
		char **sorted = malloc(b->nusers * sizeof *sorted);
		memcpy(sorted, b->ids, b->nusers * sizeof *sorted);
		qsort(sorted, b->nusers, sizeof *sorted, bf_cmp_id);
		for (size_t i = 0; i < b->nusers; i++) {
			char **hit = bsearch(&b->ids[i], sorted, b->nusers, sizeof *sorted, bf_cmp_id);
			order[hit - sorted] = (uint32_t)i;
		}
		b->id_user = order;
		free(b->ids);
		b->ids = sorted;
	}
	char **hit = bsearch(&user_id, b->ids, b->nusers, sizeof *b->ids, bf_cmp_id);
	if (hit == NULL)
		return 0; /* an unknown user */
	if (b->nv == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1 << 16;
		b->v = realloc(b->v, b->cap * sizeof *b->v);
	}
	b->v[b->nv++] = (struct bf_visit){t, b->id_user[hit - b->ids], (uint8_t)step};
	return 0;
}

static int
bf_cmp_visit(const void *a, const void *b)
{
	const struct bf_visit *x = a, *y = b;
	if (x->user != y->user)
		return x->user < y->user ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->step > y->step) - (x->step < y->step);
}

/* Groups of the brute force: 0 overall, then sex 1-2, channel 3-8, device
 * 9-10, entry month 11-14 (2025-01 .. 2025-04); a list of times per group
 * and step. */
#define BF_GROUPS 15
struct bf_times {
	int64_t *v;
	size_t n, cap;
};

static void
bf_push(struct bf_times *t, int64_t v)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->v = realloc(t->v, t->cap * sizeof *t->v);
	}
	t->v[t->n++] = v;
}

static int
bf_cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The brute-force group of a ttc row of r. */
static int
bf_group(const struct fr_result *r, const struct fr_ttc_row *row)
{
	if (row->dim < 0)
		return 0;
	const char *dim = r->cube.dims[row->dim].name;
	if (strcmp(dim, "month") == 0)
		return 11 + atoi(row->value + 5) - 1;
	int a = strcmp(dim, "sex") == 0 ? 0 : strcmp(dim, "channel") == 0 ? 1 : 2;
	static const int base[3] = {1, 3, 9};
	for (int c = 0; c < 6 && bf_values[a][c] != NULL; c++)
		if (strcmp(row->value, bf_values[a][c]) == 0)
			return base[a] + c;
	fail_msg("no group for %s=%s", dim, row->value);
	return -1;
}

static void
test_ttc_against_brute_force_on_the_demo(void **state)
{
	(void)state;
	/* the demo's visits, every one, straight from the generator */
	struct bf b = {0};
	struct fr_rows sink = {bf_users_begin, bf_user, bf_events_begin, bf_event, NULL, NULL, &b};
	char *err = NULL;
	assert_int_equal(fr_demo_generate(FR_DEMO_USERS, FR_DEMO_SEED, &sink, &err), 0);
	qsort(b.v, b.nv, sizeof *b.v, bf_cmp_visit);
	/* each user's reach times by the one implementation of the rule (level.c),
	 * with exact repeats counted once */
	struct bf_times times[BF_GROUPS][FR_DEMO_NSTEPS] = {{{0}}};
	struct fr_level *lv = fr_level_new(FR_DEMO_NSTEPS, FR_ORDER_ORDERED, 0);
	for (size_t i = 0; i < b.nv;) {
		size_t j = i;
		fr_level_reset(lv);
		for (; j < b.nv && b.v[j].user == b.v[i].user; j++)
			if (j == i || b.v[j].t != b.v[j - 1].t || b.v[j].step != b.v[j - 1].step)
				fr_level_add(lv, b.v[j].step, b.v[j].t);
		struct fr_level_user lu;
		fr_level_get(lv, &lu);
		const uint8_t *a = b.attr[b.v[i].user];
		int64_t y;
		unsigned mo, d;
		fr_civil_from_days(fr_timestamp_day(lu.entry_time), &y, &mo, &d);
		int groups[] = {0, 1 + a[0], 3 + a[1], 9 + a[2], 11 + (int)mo - 1};
		for (size_t k = 1; k < lu.level; k++)
			for (size_t g = 0; g < 5; g++)
				bf_push(&times[groups[g]][k], lu.reached_at[k] - lu.reached_at[0]);
		i = j;
	}
	fr_level_free(lv);

	struct eng_opts o = {FR_ORDER_ORDERED, 0, 3, fr_demo_steps, FR_DEMO_NSTEPS, FR_DEMO_USERS,
	                     FR_DEMO_SEED};
	int rc;
	struct fr_result *r = engine_run(&o, NULL, 0, NULL, 0, &rc, &err);
	assert_int_equal(rc, FR_OK);
	assert_int_equal(r->cube.nttc, BF_GROUPS * (FR_DEMO_NSTEPS - 1));
	for (size_t i = 0; i < r->cube.nttc; i++) {
		const struct fr_ttc_row *row = &r->cube.ttc[i];
		struct bf_times *t = &times[bf_group(r, row)][row->step];
		qsort(t->v, t->n, sizeof *t->v, bf_cmp_i64);
		assert_int_equal(row->st.users, (int64_t)t->n);
		if (t->n == 0)
			continue;
		int64_t med = t->v[(t->n + 1) / 2 - 1], p90 = t->v[(9 * t->n + 9) / 10 - 1];
		if (llabs(row->st.median - med) * 64 > med || llabs(row->st.p90 - p90) * 64 > p90 ||
		    (med < FR_TTC_LINEAR && row->st.median != med))
			fail_msg("%s step %zu: median %lld (exact %lld), p90 %lld (exact %lld)",
			         row->value ? row->value : "overall", row->step, (long long)row->st.median,
			         (long long)med, (long long)row->st.p90, (long long)p90);
	}
	/* the segments of a breakdown no longer share one value per step */
	for (size_t d = 0; d < r->cube.ndims; d++)
		for (size_t k = 1; k < FR_DEMO_NSTEPS; k++) {
			int64_t first = -2;
			bool differ = false;
			for (size_t i = 0; i < r->cube.nttc; i++)
				if (r->cube.ttc[i].dim == (int)d && r->cube.ttc[i].step == k) {
					if (first == -2)
						first = r->cube.ttc[i].st.median;
					differ |= r->cube.ttc[i].st.median != first;
				}
			if (!differ)
				fail_msg("every %s segment has one median at step %zu", r->cube.dims[d].name, k + 1);
		}
	fr_result_free(r);
	for (size_t g = 0; g < BF_GROUPS; g++)
		for (size_t k = 0; k < FR_DEMO_NSTEPS; k++)
			free(times[g][k].v);
	for (size_t i = 0; i < b.nusers; i++)
		free(b.ids[i]);
	free(b.ids);
	free(b.id_user);
	free(b.attr);
	free(b.v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_visits_before_signup_count, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_signup_column_name_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_out_of_order_sentence, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_findings_on_the_demo, setup, teardown),
	    cmocka_unit_test(test_ttc_against_brute_force_on_the_demo),
	};
	if (getenv("TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fr_plot_shutdown();
	return failed;
}
