/* test_cli.c: command line parsing (cli.c, SPEC section 2): defaults, options, errors. */
#include "support.h"

#include "cli.h"
#include "config.h"
#include "source/demo.h"
#include "base/util.h"

/*
 * Arguments are string literals in a fresh pointer array: getopt permutes the
 * array but never writes the strings, and literals outlive any pointer
 * getopt keeps into them between calls.
 */
#define ARGV(...) ((char *[]){"funnel-report", __VA_ARGS__, NULL})
#define NOARGS ((char *[]){"funnel-report", NULL})

static int
argv_count(char **argv)
{
	int n = 0;
	while (argv[n] != NULL)
		n++;
	return n;
}

static int
parse(char **argv, struct fr_config *cfg, enum fr_cli_action *action, char **err)
{
	*err = NULL;
	return fr_cli_parse(argv_count(argv), argv, cfg, action, err);
}

/* Parses argv, which must succeed with FR_CLI_RUN and no message. */
static void
parse_ok(char **argv, struct fr_config *cfg)
{
	enum fr_cli_action action = FR_CLI_HELP;
	char *err = NULL;
	int rc = parse(argv, cfg, &action, &err);
	if (rc != FR_OK)
		print_error("unexpected failure: %s\n", err ? err : "(no message)");
	int had_err = err != NULL;
	free(err);
	if (rc != FR_OK)
		fr_cli_free(cfg);
	assert_int_equal(rc, FR_OK);
	assert_false(had_err);
	assert_int_equal(action, FR_CLI_RUN);
}

/* Parses argv, which must fail with FR_EUSAGE and a message containing want. */
static void
check_usage_error(char **argv, const char *want)
{
	struct fr_config cfg;
	enum fr_cli_action action;
	char *err = NULL;
	int rc = parse(argv, &cfg, &action, &err);
	fr_cli_free(&cfg);
	int has_msg = err != NULL && err[0] != '\0';
	int mentions = err != NULL && strstr(err, want) != NULL;
	if (!mentions)
		print_error("message [%s] does not mention [%s]\n", err ? err : "(none)", want);
	free(err);
	assert_int_equal(rc, FR_EUSAGE);
	assert_true(has_msg);
	assert_true(mentions);
}

/* ---- defaults and each option ---------------------------------------------- */

static void
test_defaults(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(NOARGS, &cfg);
	assert_int_equal(cfg.input, FR_INPUT_DEMO);
	assert_string_equal(cfg.out_dir, "out");
	assert_string_equal(cfg.title, "Funnel report");
	assert_int_equal(cfg.max_combo, 3);
	assert_int_equal(cfg.order, FR_ORDER_ORDERED);
	assert_int_equal(cfg.window_days, 0);
	assert_int_equal(cfg.demo_users, 90400);
	assert_int_equal(cfg.demo_users, FR_DEMO_USERS);
	assert_int_equal(cfg.seed, 1);
	assert_int_equal(cfg.verbosity, 0);
	assert_false(cfg.timings);
	assert_null(cfg.steps);
	assert_int_equal(cfg.nsteps, 0);
	assert_null(cfg.dims);
	assert_int_equal(cfg.ndims, 0);
	assert_null(cfg.users_csv);
	assert_null(cfg.events_csv);
	assert_null(cfg.oltp);
	assert_null(cfg.user_table);
	assert_null(cfg.from_cube);
	assert_null(cfg.step_tables);
	assert_int_equal(cfg.nstep_tables, 0);
	assert_null(cfg.keep_warehouse);
	fr_cli_free(&cfg);
	assert_null(cfg.out_dir); /* free leaves a zeroed config */
	assert_null(cfg.title);
}

static void
test_free_twice_is_safe(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("--steps", "a,b", "--title", "T"), &cfg);
	fr_cli_free(&cfg);
	fr_cli_free(&cfg);
	assert_null(cfg.steps);
	assert_int_equal(cfg.nsteps, 0);
}

static void
test_demo_options(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("--demo", "--demo-users", "500", "--seed", "42"), &cfg);
	assert_int_equal(cfg.input, FR_INPUT_DEMO);
	assert_int_equal(cfg.demo_users, 500);
	assert_int_equal(cfg.seed, 42);
	fr_cli_free(&cfg);

	parse_ok(ARGV("--demo-users=1", "--seed=0"), &cfg);
	assert_int_equal(cfg.input, FR_INPUT_DEMO);
	assert_int_equal(cfg.demo_users, 1);
	assert_int_equal(cfg.seed, 0);
	fr_cli_free(&cfg);

	parse_ok(ARGV("--demo-users", "100000000", "--seed", "9223372036854775807"), &cfg);
	assert_int_equal(cfg.demo_users, 100000000);
	assert_int_equal(cfg.seed, (uint64_t)INT64_MAX);
	fr_cli_free(&cfg);
}

static void
test_event_log_input(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("--users-csv", "u.csv", "--events-csv", "e.csv"), &cfg);
	assert_int_equal(cfg.input, FR_INPUT_EVENT_LOG);
	assert_string_equal(cfg.users_csv, "u.csv");
	assert_string_equal(cfg.events_csv, "e.csv");
	fr_cli_free(&cfg);
}

static void
test_oltp_input(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("--oltp", "shop.db"), &cfg);
	assert_int_equal(cfg.input, FR_INPUT_OLTP);
	assert_string_equal(cfg.oltp, "shop.db");
	fr_cli_free(&cfg);
}

static void
test_postgres_input(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("--oltp", "postgresql://reader@db1/shop"), &cfg);
	assert_int_equal(cfg.input, FR_INPUT_POSTGRES);
	assert_int_equal(cfg.oltp_max_rate, 0);
	assert_int_equal(cfg.oltp_timeout, 600);
	fr_cli_free(&cfg);
	parse_ok(ARGV("--oltp", "host=db1 dbname=shop", "--oltp-max-rate", "5000", "--oltp-timeout", "0"),
	         &cfg);
	assert_int_equal(cfg.input, FR_INPUT_POSTGRES);
	assert_int_equal(cfg.oltp_max_rate, 5000);
	assert_int_equal(cfg.oltp_timeout, 0);
	fr_cli_free(&cfg);
	/* a path that merely looks like one stays a SQLite file */
	parse_ok(ARGV("--oltp", "./host=db1"), &cfg);
	assert_int_equal(cfg.input, FR_INPUT_OLTP);
	fr_cli_free(&cfg);
	check_usage_error(ARGV("--oltp", "postgresql://reader:hunter2@[::1/shop"),
	                  "not a valid PostgreSQL connection string");
	check_usage_error(ARGV("--oltp", "host=db1 bogus=1"), "invalid connection option \"bogus\"");
	check_usage_error(ARGV("--oltp", "shop.db", "--oltp-max-rate", "10"), "PostgreSQL --oltp only");
	check_usage_error(ARGV("--oltp-timeout", "10"), "PostgreSQL --oltp only");
	check_usage_error(ARGV("--oltp", "postgres://db1/shop", "--oltp-max-rate", "0"), "--oltp-max-rate 0");
	check_usage_error(ARGV("--oltp", "postgres://db1/shop", "--oltp-timeout", "-1"), "--oltp-timeout -1");
}

static void
test_step_tables_input(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("--user-table", "user.csv", "--step-table", "home=home.csv", "--step-table",
	              "search=dir/search=x.csv", "--step-table", "pay=pay.csv"),
	         &cfg);
	assert_int_equal(cfg.input, FR_INPUT_STEP_TABLES);
	assert_string_equal(cfg.user_table, "user.csv");
	assert_int_equal(cfg.nstep_tables, 3);
	/* In command-line order: the funnel's order. */
	assert_string_equal(cfg.step_tables[0].name, "home");
	assert_string_equal(cfg.step_tables[0].path, "home.csv");
	assert_string_equal(cfg.step_tables[1].name, "search");
	/* Split at the first '=': a path may contain one. */
	assert_string_equal(cfg.step_tables[1].path, "dir/search=x.csv");
	assert_string_equal(cfg.step_tables[2].name, "pay");
	assert_string_equal(cfg.step_tables[2].path, "pay.csv");
	assert_null(cfg.steps);
	fr_cli_free(&cfg);
}

static void
test_from_cube_input(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("--from-cube", "old/out"), &cfg);
	assert_int_equal(cfg.input, FR_INPUT_CUBE);
	assert_string_equal(cfg.from_cube, "old/out");
	fr_cli_free(&cfg);
}

static void
test_steps_and_dims(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("--steps", "home,search,pay", "--dims", "sex,device"), &cfg);
	assert_int_equal(cfg.nsteps, 3);
	assert_string_equal(cfg.steps[0], "home");
	assert_string_equal(cfg.steps[1], "search");
	assert_string_equal(cfg.steps[2], "pay");
	assert_int_equal(cfg.ndims, 2);
	assert_string_equal(cfg.dims[0], "sex");
	assert_string_equal(cfg.dims[1], "device");
	fr_cli_free(&cfg);

	parse_ok(ARGV("--steps=only", "--dims", "month"), &cfg);
	assert_int_equal(cfg.nsteps, 1);
	assert_string_equal(cfg.steps[0], "only");
	assert_int_equal(cfg.ndims, 1);
	assert_string_equal(cfg.dims[0], "month");
	fr_cli_free(&cfg);

	/* Names that share a prefix are different names. */
	parse_ok(ARGV("--steps", "a,ab,abc"), &cfg);
	assert_int_equal(cfg.nsteps, 3);
	assert_string_equal(cfg.steps[1], "ab");
	fr_cli_free(&cfg);
}

static void
test_funnel_numbers_and_order(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("--max-combo", "0", "--order", "any", "--window", "30"), &cfg);
	assert_int_equal(cfg.max_combo, 0);
	assert_int_equal(cfg.order, FR_ORDER_ANY);
	assert_int_equal(cfg.window_days, 30);
	fr_cli_free(&cfg);

	parse_ok(ARGV("--max-combo=8", "--order=ordered", "--window=36500"), &cfg);
	assert_int_equal(cfg.max_combo, 8);
	assert_int_equal(cfg.order, FR_ORDER_ORDERED);
	assert_int_equal(cfg.window_days, 36500);
	fr_cli_free(&cfg);
}

static void
test_output_options(void **state)
{
	(void)state;
	struct fr_config cfg;
	parse_ok(ARGV("-o", "dir1", "--title", "Q3 <funnel>", "--keep-warehouse", "w.db",
	              "--timings", "-q"),
	         &cfg);
	assert_false(cfg.csv_safe); /* values exactly as they came, by default */
	assert_int_equal(cfg.max_segments, 10000);
	assert_string_equal(cfg.out_dir, "dir1");
	assert_string_equal(cfg.title, "Q3 <funnel>");
	assert_string_equal(cfg.keep_warehouse, "w.db");
	assert_true(cfg.timings);
	assert_int_equal(cfg.verbosity, -1);
	fr_cli_free(&cfg);

	parse_ok(ARGV("--output", "dir2", "--verbose", "--csv-safe", "--max-segments", "50000"), &cfg);
	assert_true(cfg.csv_safe);
	assert_int_equal(cfg.max_segments, 50000);
	assert_string_equal(cfg.out_dir, "dir2");
	assert_int_equal(cfg.verbosity, 1);
	fr_cli_free(&cfg);

	parse_ok(ARGV("--output=dir3", "--quiet"), &cfg);
	assert_string_equal(cfg.out_dir, "dir3");
	assert_int_equal(cfg.verbosity, -1);
	fr_cli_free(&cfg);

	parse_ok(ARGV("-odir4", "-v"), &cfg);
	assert_string_equal(cfg.out_dir, "dir4");
	assert_int_equal(cfg.verbosity, 1);
	fr_cli_free(&cfg);

	/* The title may be given again (the last wins) and may be empty. */
	parse_ok(ARGV("--title", "first", "--title", ""), &cfg);
	assert_string_equal(cfg.title, "");
	fr_cli_free(&cfg);
}

static void
test_options_after_input_order(void **state)
{
	(void)state;
	/* Options may come in any order; the input is decided at the end. */
	struct fr_config cfg;
	parse_ok(ARGV("--events-csv", "e.csv", "-o", "x", "--steps", "a,b", "--users-csv", "u.csv"),
	         &cfg);
	assert_int_equal(cfg.input, FR_INPUT_EVENT_LOG);
	assert_string_equal(cfg.out_dir, "x");
	assert_int_equal(cfg.nsteps, 2);
	fr_cli_free(&cfg);
}

/* ---- actions --------------------------------------------------------------- */

static void
test_help_and_version(void **state)
{
	(void)state;
	struct fr_config cfg;
	enum fr_cli_action action = FR_CLI_RUN;
	char *err = NULL;

	int rc = parse(ARGV("--help"), &cfg, &action, &err);
	fr_cli_free(&cfg);
	assert_int_equal(rc, FR_OK);
	assert_int_equal(action, FR_CLI_HELP);
	assert_null(err);

	rc = parse(ARGV("--version"), &cfg, &action, &err);
	fr_cli_free(&cfg);
	assert_int_equal(rc, FR_OK);
	assert_int_equal(action, FR_CLI_VERSION);
	assert_null(err);

	/* Help among other, valid options is still help. */
	rc = parse(ARGV("--oltp", "x.db", "--help"), &cfg, &action, &err);
	fr_cli_free(&cfg);
	assert_int_equal(rc, FR_OK);
	assert_int_equal(action, FR_CLI_HELP);
	assert_null(err);

	/* And a later parse starts again from FR_CLI_RUN. */
	parse_ok(NOARGS, &cfg);
	fr_cli_free(&cfg);
}

static void
test_usage_text(void **state)
{
	(void)state;
	const char *u = fr_cli_usage();
	assert_non_null(u);
	assert_non_null(strstr(u, "Usage: funnel-report"));
	static const char *const opts[] = {
	    "--demo",  "--demo-users",     "--seed",       "--users-csv", "--events-csv",
	    "--oltp",  "--user-table",     "--step-table", "--from-cube", "--steps",
	    "--dims",  "--max-combo",      "--order",      "--window",    "--output",
	    "--title", "--keep-warehouse", "--timings",    "--quiet",     "--verbose",
	    "--help",  "--version",        "--csv-safe",   "--max-segments",
	};
	for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
		if (strstr(u, opts[i]) == NULL)
			print_error("usage lacks %s\n", opts[i]);
		assert_non_null(strstr(u, opts[i]));
	}
	assert_int_equal(u[strlen(u) - 1], '\n');
}

/* ---- errors ------------------------------------------------------------------ */

static void
test_error_unknown_option(void **state)
{
	(void)state;
	check_usage_error(ARGV("--bogus"), "--bogus");
	check_usage_error(ARGV("--demo", "--nope=1"), "--nope");
	check_usage_error(ARGV("-x"), "-x");
	check_usage_error(ARGV("--demo=1"), "--demo"); /* a flag takes no value */
	check_usage_error(ARGV("--de"), "--de");       /* ambiguous: --demo or --demo-users */
}

static void
test_error_missing_value(void **state)
{
	(void)state;
	check_usage_error(ARGV("--title"), "--title");
	check_usage_error(ARGV("--steps"), "--steps");
	check_usage_error(ARGV("--demo", "--window"), "--window");
	check_usage_error(ARGV("-o"), "-o");
}

static void
test_error_bad_numbers(void **state)
{
	(void)state;
	check_usage_error(ARGV("--max-combo", "-1"), "--max-combo");
	check_usage_error(ARGV("--max-combo", "9"), "--max-combo");
	check_usage_error(ARGV("--max-combo", "2.5"), "--max-combo");
	check_usage_error(ARGV("--max-segments", "0"), "--max-segments 0: expected a whole number from 1");
	check_usage_error(ARGV("--max-segments", "many"), "--max-segments");
	check_usage_error(ARGV("--window", "x"), "--window");
	check_usage_error(ARGV("--window", "-1"), "--window");
	check_usage_error(ARGV("--window", "36501"), "--window");
	check_usage_error(ARGV("--window", ""), "--window");
	check_usage_error(ARGV("--demo-users", "0"), "--demo-users");
	check_usage_error(ARGV("--demo-users", "100000001"), "--demo-users");
	check_usage_error(ARGV("--demo-users", "+5"), "--demo-users");
	check_usage_error(ARGV("--demo-users", " 5"), "--demo-users");
	check_usage_error(ARGV("--demo-users", "5x"), "--demo-users");
	check_usage_error(ARGV("--demo-users", "99999999999999999999"), "--demo-users");
	check_usage_error(ARGV("--seed", "-1"), "--seed");
	check_usage_error(ARGV("--seed", "abc"), "--seed");
}

static void
test_error_order(void **state)
{
	(void)state;
	check_usage_error(ARGV("--order", "sideways"), "sideways");
	check_usage_error(ARGV("--order", "Ordered"), "--order");
	check_usage_error(ARGV("--order", ""), "--order");
}

static void
test_error_lists(void **state)
{
	(void)state;
	check_usage_error(ARGV("--steps", "a,,b"), "empty");
	check_usage_error(ARGV("--steps", "a,"), "empty");
	check_usage_error(ARGV("--steps", ",a"), "empty");
	check_usage_error(ARGV("--steps", ""), "empty");
	check_usage_error(ARGV("--dims", "sex,sex"), "\"sex\"");
	check_usage_error(ARGV("--steps", "a,b,c,b"), "\"b\"");
	check_usage_error(ARGV("--steps", "a", "--steps", "b"), "--steps");
	check_usage_error(ARGV("--dims", "a", "--dims", "b"), "--dims");
}

static void
test_error_mixed_inputs(void **state)
{
	(void)state;
	check_usage_error(ARGV("--demo", "--oltp", "x"), "one input");
	check_usage_error(ARGV("--users-csv", "u", "--events-csv", "e", "--oltp", "x"),
	                  "one input");
	check_usage_error(ARGV("--from-cube", "d", "--demo"), "one input");
	check_usage_error(ARGV("--oltp", "x", "--user-table", "u", "--step-table", "a=b"),
	                  "one input");
	check_usage_error(ARGV("--from-cube", "d", "--events-csv", "e", "--users-csv", "u"),
	                  "one input");
}

static void
test_error_incomplete_inputs(void **state)
{
	(void)state;
	check_usage_error(ARGV("--users-csv", "u.csv"), "--events-csv");
	check_usage_error(ARGV("--events-csv", "e.csv"), "--users-csv");
	check_usage_error(ARGV("--user-table", "u.csv"), "--step-table");
	check_usage_error(ARGV("--step-table", "a=a.csv"), "--user-table");
}

static void
test_error_step_tables(void **state)
{
	(void)state;
	check_usage_error(ARGV("--user-table", "u", "--step-table", "home.csv"), "NAME=FILE");
	check_usage_error(ARGV("--user-table", "u", "--step-table", "=x.csv"), "NAME=FILE");
	check_usage_error(ARGV("--user-table", "u", "--step-table", "home="), "NAME=FILE");
	check_usage_error(ARGV("--user-table", "u", "--step-table", "a=1", "--step-table", "a=2"),
	                  "\"a\"");
	check_usage_error(ARGV("--user-table", "u", "--step-table", "a=1", "--steps", "a"),
	                  "--steps");
}

static void
test_error_demo_options_elsewhere(void **state)
{
	(void)state;
	check_usage_error(ARGV("--seed", "5", "--oltp", "x"), "--seed");
	check_usage_error(ARGV("--demo-users", "10", "--users-csv", "u", "--events-csv", "e"),
	                  "--demo-users");
	check_usage_error(ARGV("--from-cube", "d", "--seed", "1"), "--seed");
}

static void
test_error_paths(void **state)
{
	(void)state;
	check_usage_error(ARGV("-o", "a", "-o", "b"), "twice");
	check_usage_error(ARGV("--oltp", "a", "--oltp", "b"), "twice");
	check_usage_error(ARGV("-o", ""), "empty");
	check_usage_error(ARGV("--keep-warehouse", ""), "empty");
	check_usage_error(ARGV("--users-csv", "", "--events-csv", "e"), "empty");
}

static void
test_error_stray_argument(void **state)
{
	(void)state;
	check_usage_error(ARGV("extra"), "extra");
	check_usage_error(ARGV("--demo", "data.csv"), "data.csv");
	check_usage_error(ARGV("stray", "--demo"), "stray"); /* before the options too */
	check_usage_error(ARGV("--title", "T", "--", "--demo"), "--demo");
}

/*
 * Issue 12.17 (docs/BAD_INPUTS.md 47): command-line text reaches every
 * output, so it is checked like data: UTF-8, and no control characters.
 * Issue 12.13 (43): --dims cannot name a dimension that reads like a
 * breakdown. Issue 12.10 (40): names fit the value cap of every source.
 */
static void
test_error_text(void **state)
{
	(void)state;
	check_usage_error(ARGV("--steps", "home,se\xff" "arch"), "--steps: step 2: invalid UTF-8");
	check_usage_error(ARGV("--steps", "home,\x1b[31msearch"), "a control character");
	check_usage_error(ARGV("--steps", "home\tx,search"), "a control character");
	check_usage_error(ARGV("--steps", "home,\xc2\x85"), "a control character"); /* NEL, a C1 control */
	check_usage_error(ARGV("--dims", "sex,ch\xc3"), "--dims: dimension 2: invalid UTF-8");
	check_usage_error(ARGV("--dims", "sex+channel"), "may not hold '+'");
	check_usage_error(ARGV("--dims", "a=b"), "may not hold '+', ';' or '='");
	check_usage_error(ARGV("--dims", "overall"), "overall");
	check_usage_error(ARGV("--title", "Q3\x07"), "--title: a control character");
	check_usage_error(ARGV("--title", "\xe9t\xe9"), "--title: invalid UTF-8");
	check_usage_error(ARGV("--user-table", "u.csv", "--step-table", "ho\x01me=h.csv"),
	                  "--step-table: step name: a control character");
	check_usage_error(ARGV("--users-csv", "u\xff.csv", "--events-csv", "e.csv", "--steps", "a"),
	                  "--users-csv: invalid UTF-8");
	check_usage_error(ARGV("-o", "out\nx"), "--output: a control character");
	char *steps = fr_xcalloc(1100, 1);
	memset(steps, 'a', 1030);
	check_usage_error(ARGV("--steps", steps), "longer than 1024 bytes");
	free(steps);
	/* text that is merely unusual is fine */
	struct fr_config cfg;
	parse_ok(ARGV("--title", "Trichter \xe2\x80\x94 \xe6\xbc\x8f\xe6\x96\x97 \xf0\x9f\x9b\x92", "--steps",
	              "home,caf\xc3\xa9"),
	         &cfg);
	fr_cli_free(&cfg);
}

static void
test_error_first_message_wins(void **state)
{
	(void)state;
	/* Parsing stops at the first error, and its message is the one kept. */
	check_usage_error(ARGV("--window", "x", "--bogus"), "--window");
	check_usage_error(ARGV("--bogus", "--window", "x"), "--bogus");
}

/*
 * Regression (fixed in generator/cli.c, fr_cli_parse): an unknown short option at the start
 * of a cluster, "-zq", is reported as "unknown option funnel-report": the
 * message names argv[optind - 1], but getopt has not advanced optind while
 * the rest of the cluster remains.
 */
static void
test_regression_unknown_short_option_in_cluster(void **state)
{
	(void)state;
	struct fr_config cfg;
	enum fr_cli_action action;
	char *err = NULL;
	int rc = parse(ARGV("-zq"), &cfg, &action, &err);
	fr_cli_free(&cfg);
	char msg[200];
	snprintf(msg, sizeof msg, "%s", err ? err : "");
	free(err);
	/* Let getopt finish the cluster so later tests start clean (see the next bug). */
	parse(ARGV("-v"), &cfg, &action, &err);
	fr_cli_free(&cfg);
	free(err);
	if (strstr(msg, "-z") == NULL)
		print_error("message: %s\n", msg);
	assert_int_equal(rc, FR_EUSAGE);
	assert_non_null(strstr(msg, "-z"));
}

/*
 * Regression (fixed in generator/cli.c, fr_cli_parse): "optind = 1" does not fully reset
 * glibc's getopt_long, which keeps a pointer into the previous argv while a
 * short-option cluster is unfinished (optind = 0 re-initialises it). After a
 * parse that stopped inside "-zq", the next parse of {"-v"} reads the stale
 * "q" from the old argv and never sees "-v" (and, with fewer arguments, reads
 * past the end of the new argv).
 */
static void
test_regression_parse_after_error_in_cluster(void **state)
{
	(void)state;
	struct fr_config cfg;
	enum fr_cli_action action;
	char *err = NULL;
	int rc1 = parse(ARGV("-zq"), &cfg, &action, &err);
	fr_cli_free(&cfg);
	free(err);
	int rc2 = parse(ARGV("-v"), &cfg, &action, &err);
	int verbosity = cfg.verbosity;
	fr_cli_free(&cfg);
	free(err);
	assert_int_equal(rc1, FR_EUSAGE);
	assert_int_equal(rc2, FR_OK);
	assert_int_equal(verbosity, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_free_twice_is_safe),
	    cmocka_unit_test(test_demo_options),
	    cmocka_unit_test(test_event_log_input),
	    cmocka_unit_test(test_oltp_input),
	    cmocka_unit_test(test_postgres_input),
	    cmocka_unit_test(test_step_tables_input),
	    cmocka_unit_test(test_from_cube_input),
	    cmocka_unit_test(test_steps_and_dims),
	    cmocka_unit_test(test_funnel_numbers_and_order),
	    cmocka_unit_test(test_output_options),
	    cmocka_unit_test(test_options_after_input_order),
	    cmocka_unit_test(test_help_and_version),
	    cmocka_unit_test(test_usage_text),
	    cmocka_unit_test(test_error_unknown_option),
	    cmocka_unit_test(test_error_missing_value),
	    cmocka_unit_test(test_error_bad_numbers),
	    cmocka_unit_test(test_error_order),
	    cmocka_unit_test(test_error_lists),
	    cmocka_unit_test(test_error_mixed_inputs),
	    cmocka_unit_test(test_error_incomplete_inputs),
	    cmocka_unit_test(test_error_step_tables),
	    cmocka_unit_test(test_error_demo_options_elsewhere),
	    cmocka_unit_test(test_error_paths),
	    cmocka_unit_test(test_error_stray_argument),
	    cmocka_unit_test(test_error_text),
	    cmocka_unit_test(test_error_first_message_wins),
	    /* Last: they exercise getopt state that outlives a parse. */
	    cmocka_unit_test(test_regression_unknown_short_option_in_cluster),
	    cmocka_unit_test(test_regression_parse_after_error_in_cluster),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
