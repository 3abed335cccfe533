/* test_clickhouse.c: the --clickhouse URL (churl.c): where, which database,
 * who, and that no message or shown form ever holds the password or the
 * user; the TabSeparated rows of an answer (chhttp.c); ClickHouse quoting
 * (escape.c); the command line around --clickhouse (cli.c). */
#include "support.h"

#include "base/buf.h"
#include "base/escape.h"
#include "base/util.h"
#include "cli.h"
#include "config.h"
#include "source/chhttp.h"
#include "source/churl.h"
#include "source/clickhouse.h"

static struct fr_churl *
parse_ok(const char *url, const char *env_user, const char *env_password)
{
	struct fr_churl *u = NULL;
	char *err = NULL;
	int rc = fr_churl_parse(url, env_user, env_password, &u, &err);
	if (rc != FR_OK)
		fail_msg("%s: %s", url, err);
	return u;
}

/* Parsing fails with FR_EUSAGE, and the message holds neither secret. */
static void
parse_fails(const char *url, const char *want, const char *secret)
{
	struct fr_churl *u = NULL;
	char *err = NULL;
	assert_int_equal(fr_churl_parse(url, NULL, NULL, &u, &err), FR_EUSAGE);
	assert_null(u);
	assert_non_null(err);
	if (strstr(err, want) == NULL)
		fail_msg("%s: message \"%s\" does not say \"%s\"", url, err, want);
	if (secret != NULL && strstr(err, secret) != NULL)
		fail_msg("%s: message \"%s\" shows the secret", url, err);
	free(err);
}

static void
test_url_parts(void **state)
{
	(void)state;
	struct fr_churl *u = parse_ok("http://127.0.0.1:8123/?database=shop", NULL, NULL);
	assert_string_equal(u->base, "http://127.0.0.1:8123/");
	assert_string_equal(u->display, "http://127.0.0.1:8123/?database=shop");
	assert_string_equal(u->database, "shop");
	assert_string_equal(u->settings, "");
	assert_null(u->user);
	assert_null(u->password);
	assert_false(u->https);
	fr_churl_free(u);

	/* no path, no query: the root, the user's default database */
	u = parse_ok("HTTPS://ch.example.org", NULL, NULL);
	assert_string_equal(u->base, "https://ch.example.org/");
	assert_string_equal(u->display, "https://ch.example.org/");
	assert_null(u->database);
	assert_true(u->https);
	fr_churl_free(u);

	/* a path (a proxy's), IPv6, settings passed on as written */
	u = parse_ok("http://[::1]:8443/ch/?max_threads=2&database=my%20db&priority=1", NULL, NULL);
	assert_string_equal(u->base, "http://[::1]:8443/ch/");
	assert_string_equal(u->database, "my db");
	assert_string_equal(u->settings, "max_threads=2&priority=1");
	assert_string_equal(u->display, "http://[::1]:8443/ch/?database=my%20db&max_threads=2&priority=1");
	fr_churl_free(u);
}

static void
test_url_credentials(void **state)
{
	(void)state;
	/* in the authority, percent-decoded; never in base or display */
	struct fr_churl *u = parse_ok("http://rep%40shop:p%3Ass%2Fw0rd@db1:8123/?database=shop", "env-user", "env-pw");
	assert_string_equal(u->user, "rep@shop");
	assert_string_equal(u->password, "p:ss/w0rd");
	assert_null(strstr(u->base, "rep"));
	assert_null(strstr(u->display, "rep"));
	assert_null(strstr(u->display, "w0rd"));
	fr_churl_free(u);

	/* as the server's own query parameters: taken out of what is passed on */
	u = parse_ok("http://db1:8123/?user=reader&password=s3cret&database=shop&max_threads=4", NULL, NULL);
	assert_string_equal(u->user, "reader");
	assert_string_equal(u->password, "s3cret");
	assert_string_equal(u->settings, "max_threads=4");
	assert_null(strstr(u->display, "s3cret"));
	assert_null(strstr(u->display, "reader"));
	fr_churl_free(u);

	/* from the environment where the URL says nothing; the URL wins */
	u = parse_ok("http://db1:8123/", "env-user", "env-pw");
	assert_string_equal(u->user, "env-user");
	assert_string_equal(u->password, "env-pw");
	fr_churl_free(u);
	u = parse_ok("http://url-user@db1:8123/", "env-user", "env-pw");
	assert_string_equal(u->user, "url-user");
	assert_string_equal(u->password, "env-pw");
	fr_churl_free(u);
	u = parse_ok("http://db1:8123/", "", "");
	assert_null(u->user);
	assert_null(u->password);
	fr_churl_free(u);
}

static void
test_url_scrub(void **state)
{
	(void)state;
	struct fr_churl *u = parse_ok("http://r:pa%24%24@db1/", NULL, NULL);
	char *s = fr_churl_scrub(u, "said pa$$ and pa%24%24 twice: pa$$");
	assert_string_equal(s, "said *** and *** twice: ***");
	free(s);
	fr_churl_free(u);
	u = parse_ok("http://db1/", NULL, "from-env");
	s = fr_churl_scrub(u, "x from-env y");
	assert_string_equal(s, "x *** y");
	free(s);
	fr_churl_free(u);
	/* no password: nothing to scrub */
	u = parse_ok("http://db1/", NULL, NULL);
	s = fr_churl_scrub(u, "as it was");
	assert_string_equal(s, "as it was");
	free(s);
	fr_churl_free(u);
}

static void
test_url_refused(void **state)
{
	(void)state;
	parse_fails("ftp://db1/", "http://host:8123", NULL);
	parse_fails("db1:8123", "http://host:8123", NULL);
	parse_fails("http://:8123/", "the host", NULL);
	parse_fails("http://db1:0/", "the port", NULL);
	parse_fails("http://db1:65536/", "the port", NULL);
	parse_fails("http://db1:12ab/", "the port", NULL);
	parse_fails("http://[::1/", "IPv6", NULL);
	parse_fails("http://db1/?default_format=JSON", "set by funnel-report", NULL);
	parse_fails("http://db1/?query_id=x", "set by funnel-report", NULL);
	parse_fails("http://db1/?database=", "empty", NULL);
	parse_fails("http://db 1/", "space", NULL);
	parse_fails("http://db1/\xc3\xa9", "non-ASCII", NULL);
	/* a password with an unencoded / # or bad escape: refused without a word of it */
	parse_fails("http://u:se/cr3t@db1/", "percent-encode", "cr3t");
	parse_fails("http://u:se#cr3t@db1/", "#", "cr3t");
	parse_fails("http://u:se%zzcr3t@db1/", "%-escape", "cr3t");
	parse_fails("http://db1/?password=se%0acr3t", "user or password", "cr3t");
	/* a control character cannot go into a header */
	struct fr_churl *u = NULL;
	char *err = NULL;
	assert_int_equal(fr_churl_parse("http://db1/", "us\ner", NULL, &u, &err), FR_EUSAGE);
	assert_non_null(strstr(err, "control character"));
	assert_null(strstr(err, "us\ner"));
	free(err);
}

static void
test_encode(void **state)
{
	(void)state;
	char *s = fr_churl_encode("a b/c&d=é~_.-");
	assert_string_equal(s, "a%20b%2Fc%26d%3D%C3%A9~_.-");
	free(s);
}

static void
test_tsv_split(void **state)
{
	(void)state;
	char *f[8];
	size_t lens[8];
	char line[] = "a\\tb\tc\\\\d\t\t\\n\\0x\\'";
	assert_int_equal(fr_chhttp_split(line, strlen(line), f, lens, 8), 4);
	assert_string_equal(f[0], "a\tb");
	assert_string_equal(f[1], "c\\d");
	assert_string_equal(f[2], "");
	assert_int_equal(lens[3], 4);
	assert_memory_equal(f[3], "\n\0x'", 4);
	char empty[] = "";
	assert_int_equal(fr_chhttp_split(empty, 0, f, lens, 8), 1);
	assert_string_equal(f[0], "");
	char nul[] = "a\t\\N";
	assert_int_equal(fr_chhttp_split(nul, strlen(nul), f, lens, 8), -1);
	char end[] = "a\\";
	assert_int_equal(fr_chhttp_split(end, strlen(end), f, lens, 8), -1);
	char wide[] = "1\t2\t3";
	assert_int_equal(fr_chhttp_split(wide, strlen(wide), f, lens, 2), -1);
}

static void
test_quoting(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	fr_escape_ch_string(&b, "it's a \\ and a\ttab\nline`");
	assert_string_equal(fr_buf_cstr(&b), "'it\\'s a \\\\ and a\\x09tab\\x0Aline`'");
	fr_buf_clear(&b);
	fr_escape_ch_ident(&b, "we`ird 'name'\x7f");
	assert_string_equal(fr_buf_cstr(&b), "`we\\`ird 'name'\\x7F`");
	fr_buf_free(&b);
}

/* Parses argv (NULL-terminated) and returns the status, the message in *err. */
static int
cli_run(const char *const *argv, struct fr_config *cfg, char **err)
{
	int argc = 0;
	while (argv[argc] != NULL)
		argc++;
	enum fr_cli_action action;
	return fr_cli_parse(argc, (char **)argv, cfg, &action, err);
}

static void
test_cli(void **state)
{
	(void)state;
	struct fr_config cfg;
	char *err = NULL;
	const char *ok[] = {"funnel-report", "--clickhouse", "http://u:pw@db1:8123/?database=shop", "--steps", "a,b",
	                    "--clickhouse-users", "crm.users", "--clickhouse-timeout", "30", NULL};
	assert_int_equal(cli_run(ok, &cfg, &err), FR_OK);
	assert_int_equal(cfg.input, FR_INPUT_CLICKHOUSE);
	assert_string_equal(cfg.ch_users, "crm.users");
	assert_int_equal(cfg.ch_timeout, 30);
	assert_int_equal(cfg.ch_connect_timeout, FR_CHHTTP_CONNECT_TIMEOUT);
	fr_cli_free(&cfg);

	const char *no_steps[] = {"funnel-report", "--clickhouse", "http://db1/", NULL};
	assert_int_equal(cli_run(no_steps, &cfg, &err), FR_EUSAGE);
	assert_non_null(strstr(err, "--steps"));
	free(err), err = NULL;
	fr_cli_free(&cfg);

	const char *bad_url[] = {"funnel-report", "--clickhouse", "http://u:se/cr3t@db1/", "--steps", "a", NULL};
	assert_int_equal(cli_run(bad_url, &cfg, &err), FR_EUSAGE);
	assert_null(strstr(err, "cr3t"));
	free(err), err = NULL;
	fr_cli_free(&cfg);

	const char *bad_table[] = {"funnel-report", "--clickhouse", "http://db1/", "--steps", "a",
	                           "--clickhouse-events", "a.b.c", NULL};
	assert_int_equal(cli_run(bad_table, &cfg, &err), FR_EUSAGE);
	assert_non_null(strstr(err, "DATABASE.TABLE"));
	free(err), err = NULL;
	fr_cli_free(&cfg);

	const char *mixed[] = {"funnel-report", "--demo", "--clickhouse", "http://db1/", NULL};
	assert_int_equal(cli_run(mixed, &cfg, &err), FR_EUSAGE);
	free(err), err = NULL;
	fr_cli_free(&cfg);

	const char *stray[] = {"funnel-report", "--clickhouse-timeout", "5", NULL};
	assert_int_equal(cli_run(stray, &cfg, &err), FR_EUSAGE);
	assert_non_null(strstr(err, "--clickhouse only"));
	free(err), err = NULL;
	fr_cli_free(&cfg);

	const char *warehouse[] = {"funnel-report", "--clickhouse", "http://db1/", "--steps", "a",
	                           "--keep-warehouse", "w.db", NULL};
	assert_int_equal(cli_run(warehouse, &cfg, &err), FR_EUSAGE);
	free(err), err = NULL;
	fr_cli_free(&cfg);

	/* the report's name for the source: no credentials */
	char *shown = fr_clickhouse_display("http://u:pw@db1:8123/?password=x&database=shop");
	assert_string_equal(shown, "http://db1:8123/?database=shop");
	free(shown);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url_parts),   cmocka_unit_test(test_url_credentials),
	    cmocka_unit_test(test_url_scrub),   cmocka_unit_test(test_url_refused),
	    cmocka_unit_test(test_encode),      cmocka_unit_test(test_tsv_split),
	    cmocka_unit_test(test_quoting),     cmocka_unit_test(test_cli),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
