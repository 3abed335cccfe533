/* test_templates.c: embedded templates, overrides and {{key}} substitution (templates.c). */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "support.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/templates.h"
#include "base/util.h"

/* ---- a scratch override directory -------------------------------------------- */

struct scratch {
	char dir[64];
	char *paths[16]; /* created files and subdirectories, removed in reverse */
	int n;
};

static void
scratch_add(struct scratch *s, const char *rel)
{
	assert_true(s->n < 16);
	s->paths[s->n++] = fr_xasprintf("%s/%s", s->dir, rel);
}

static void
scratch_mkdir(struct scratch *s, const char *rel)
{
	scratch_add(s, rel);
	assert_int_equal(mkdir(s->paths[s->n - 1], 0700), 0);
}

static void
scratch_file(struct scratch *s, const char *rel, const char *data, size_t len)
{
	scratch_add(s, rel);
	FILE *f = fopen(s->paths[s->n - 1], "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static int
scratch_setup(void **state)
{
	struct scratch *s = calloc(1, sizeof *s);
	if (s == NULL)
		return -1;
	strcpy(s->dir, "/tmp/fr-test-templates-XXXXXX");
	if (mkdtemp(s->dir) == NULL) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static int
scratch_teardown(void **state)
{
	struct scratch *s = *state;
	int rc = 0;
	for (int i = s->n - 1; i >= 0; i--) {
		if (remove(s->paths[i]) != 0)
			rc = -1;
		free(s->paths[i]);
	}
	if (rmdir(s->dir) != 0)
		rc = -1;
	free(s);
	return rc;
}

/* ---- embedded ---------------------------------------------------------------- */

/* Reads a whole file into an allocated string, or NULL. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct fr_buf b = FR_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fr_buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return fr_buf_detach(&b);
}

static void
check_embedded(struct fr_templates *t, const char *name, const char *needle)
{
	const char *text = NULL;
	size_t len = 0;
	char *err = NULL;
	int rc = fr_templates_get(t, name, &text, &len, &err);
	if (rc != FR_OK)
		print_error("%s: %s\n", name, err ? err : "(no message)");
	free(err);
	assert_int_equal(rc, FR_OK);
	assert_non_null(text);
	assert_true(len > 0);
	assert_int_equal(text[len], '\0');
	assert_int_equal(strlen(text), len);
	assert_non_null(strstr(text, needle));

	/* When run from the source tree (as make does), it is the file's exact bytes. */
	char *path = fr_xasprintf("templates/%s", name);
	size_t disk_len = 0;
	char *disk = slurp(path, &disk_len);
	free(path);
	if (disk != NULL) {
		int same = disk_len == len && memcmp(disk, text, len) == 0;
		free(disk);
		assert_true(same);
	}
}

static void
test_embedded_found(void **state)
{
	(void)state;
	struct fr_templates *t = fr_templates_new(NULL);
	check_embedded(t, "sql/model_schema.sql", "CREATE TABLE");
	check_embedded(t, "html/style.css", "{");
	fr_templates_free(t);
}

static void
test_embedded_table(void **state)
{
	(void)state;
	int schema = 0, css = 0;
	size_t n = 0;
	for (const struct fr_embedded *e = fr_embedded_files; e->name != NULL; e++, n++) {
		assert_non_null(e->data);
		assert_int_equal(e->data[e->len], '\0');
		assert_true(strncmp(e->name, "sql/", 4) == 0 || strncmp(e->name, "html/", 5) == 0 ||
		            strncmp(e->name, "docs/", 5) == 0);
		schema += strcmp(e->name, "sql/model_schema.sql") == 0;
		css += strcmp(e->name, "html/style.css") == 0;
	}
	assert_true(n >= 2);
	assert_int_equal(schema, 1);
	assert_int_equal(css, 1);
}

static void
test_missing_is_error(void **state)
{
	(void)state;
	struct fr_templates *t = fr_templates_new(NULL);
	const char *text = NULL;
	size_t len = 0;
	char *err = NULL;
	int rc = fr_templates_get(t, "sql/no_such_template.sql", &text, &len, &err);
	int named = err != NULL && strstr(err, "sql/no_such_template.sql") != NULL;
	free(err);
	err = NULL;
	/* A prefix of a name is not the name. */
	int rc_partial = fr_templates_get(t, "sql/model_schema", &text, &len, &err);
	free(err);
	err = NULL;
	int rc_empty = fr_templates_get(t, "", &text, &len, &err);
	free(err);
	fr_templates_free(t);
	assert_int_not_equal(rc, FR_OK);
	assert_true(named);
	assert_int_not_equal(rc_partial, FR_OK);
	assert_int_not_equal(rc_empty, FR_OK);
}

static void
test_free_null(void **state)
{
	(void)state;
	fr_templates_free(NULL);
	struct fr_templates *t = fr_templates_new(NULL);
	assert_non_null(t);
	fr_templates_free(t);
}

/* ---- overrides ----------------------------------------------------------------- */

static void
test_override_wins(void **state)
{
	struct scratch *s = *state;
	static const char css[] = "body { color: red; }\n";
	scratch_mkdir(s, "html");
	scratch_file(s, "html/style.css", css, sizeof css - 1);

	struct fr_templates *plain = fr_templates_new(NULL);
	struct fr_templates *t = fr_templates_new(s->dir);
	const char *text = NULL, *embedded = NULL, *schema = NULL, *again = NULL;
	size_t len = 0, elen = 0, slen = 0, alen = 0;
	char *err = NULL;
	int rc1 = fr_templates_get(t, "html/style.css", &text, &len, &err);
	int rc2 = fr_templates_get(plain, "html/style.css", &embedded, &elen, &err);
	/* A template the directory lacks still comes from the binary. */
	int rc3 = fr_templates_get(t, "sql/model_schema.sql", &schema, &slen, &err);
	/* Asking again gives the same text, which lives as long as t. */
	int rc4 = fr_templates_get(t, "html/style.css", &again, &alen, &err);
	assert_null(err);
	assert_int_equal(rc1, FR_OK);
	assert_int_equal(rc2, FR_OK);
	assert_int_equal(rc3, FR_OK);
	assert_int_equal(rc4, FR_OK);
	assert_int_equal(len, sizeof css - 1);
	assert_string_equal(text, css);
	assert_string_not_equal(embedded, css);
	assert_non_null(strstr(schema, "CREATE TABLE"));
	assert_ptr_equal(again, text);
	assert_int_equal(alen, len);
	/* The set without a directory was not affected. */
	const char *e2 = NULL;
	size_t e2len = 0;
	assert_int_equal(fr_templates_get(plain, "html/style.css", &e2, &e2len, &err), FR_OK);
	assert_ptr_equal(e2, embedded);
	fr_templates_free(t);
	fr_templates_free(plain);
}

static void
test_override_exact_bytes(void **state)
{
	struct scratch *s = *state;
	scratch_mkdir(s, "sql");
	scratch_file(s, "sql/model_schema.sql", "", 0);
	scratch_file(s, "sql/extract_schema.sql", "a\0b\n", 4);
	/* A template that exists only in the directory is found too. */
	static const char extra[] = "SELECT {{cols}} FROM t;\n";
	scratch_file(s, "sql/only_on_disk.sql", extra, sizeof extra - 1);

	struct fr_templates *t = fr_templates_new(s->dir);
	const char *text = NULL;
	size_t len = 99;
	char *err = NULL;
	assert_int_equal(fr_templates_get(t, "sql/model_schema.sql", &text, &len, &err), FR_OK);
	assert_int_equal(len, 0); /* an empty override is an empty template */
	assert_string_equal(text, "");
	assert_int_equal(fr_templates_get(t, "sql/extract_schema.sql", &text, &len, &err), FR_OK);
	assert_int_equal(len, 4);
	assert_memory_equal(text, "a\0b\n", 4);
	assert_int_equal(fr_templates_get(t, "sql/only_on_disk.sql", &text, &len, &err), FR_OK);
	assert_int_equal(len, sizeof extra - 1);
	assert_string_equal(text, extra);
	assert_null(err);
	fr_templates_free(t);
}

static void
test_override_unreadable_is_error(void **state)
{
	struct scratch *s = *state;
	/* A directory where the file should be exists but cannot be read as one. */
	scratch_mkdir(s, "html");
	scratch_mkdir(s, "html/style.css");

	struct fr_templates *t = fr_templates_new(s->dir);
	const char *text = NULL;
	size_t len = 0;
	char *err = NULL;
	int rc = fr_templates_get(t, "html/style.css", &text, &len, &err);
	int has_msg = err != NULL && strstr(err, "style.css") != NULL;
	if (err != NULL)
		print_message("message: %s\n", err);
	free(err);
	fr_templates_free(t);
	assert_int_not_equal(rc, FR_OK);
	assert_true(has_msg);
}

static void
test_override_missing_everywhere(void **state)
{
	struct scratch *s = *state;
	struct fr_templates *t = fr_templates_new(s->dir);
	const char *text = NULL;
	size_t len = 0;
	char *err = NULL;
	int rc = fr_templates_get(t, "sql/nowhere.sql", &text, &len, &err);
	int named = err != NULL && strstr(err, "nowhere") != NULL;
	free(err);
	fr_templates_free(t);
	assert_int_not_equal(rc, FR_OK);
	assert_true(named);
}

/* ---- substitution --------------------------------------------------------------- */

static const struct fr_subst subst[] = {
    {"cols", "a, b"},
    {"table", "fact_page_visit"},
    {"empty", ""},
    {"tricky", "{{table}}"},
};
#define NSUBST (sizeof subst / sizeof *subst)

/* Substitutes text into a fresh buffer; on success compares with want. */
static void
check_subst(const char *text, const char *want)
{
	struct fr_buf b = FR_BUF_INIT;
	char *err = NULL;
	int rc = fr_templates_subst("t.sql", text, subst, NSUBST, &b, &err);
	if (rc != FR_OK)
		print_error("%s: %s\n", text, err ? err : "(no message)");
	free(err);
	char *got = fr_buf_detach(&b);
	int same = strcmp(got, want) == 0;
	if (rc == FR_OK && !same)
		print_error("got [%s], want [%s]\n", got, want);
	free(got);
	assert_int_equal(rc, FR_OK);
	assert_true(same);
}

/* Substitutes text, which must fail with a message containing want. */
static void
check_subst_error(const char *text, const char *want)
{
	struct fr_buf b = FR_BUF_INIT;
	char *err = NULL;
	int rc = fr_templates_subst("my_template.sql", text, subst, NSUBST, &b, &err);
	fr_buf_free(&b);
	int mentions = err != NULL && strstr(err, want) != NULL;
	int names_template = err != NULL && strstr(err, "my_template.sql") != NULL;
	if (!mentions)
		print_error("message [%s] does not mention [%s]\n", err ? err : "(none)", want);
	free(err);
	assert_int_equal(rc, FR_EIO);
	assert_true(mentions);
	assert_true(names_template);
}

static void
test_subst(void **state)
{
	(void)state;
	check_subst("", "");
	check_subst("SELECT 1;\n", "SELECT 1;\n");
	check_subst("SELECT {{cols}} FROM {{table}};", "SELECT a, b FROM fact_page_visit;");
	check_subst("{{cols}}", "a, b");
	check_subst("{{cols}}{{table}}", "a, bfact_page_visit");
	check_subst("x{{empty}}y", "xy");
	check_subst("GROUP BY {{cols}} ORDER BY {{cols}}", "GROUP BY a, b ORDER BY a, b");
	/* Replacements are not expanded again. */
	check_subst("{{tricky}}", "{{table}}");
	/* Lone braces are text. */
	check_subst("{ } }} {x} {a}}", "{ } }} {x} {a}}");
}

static void
test_subst_appends(void **state)
{
	(void)state;
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "-- head\n");
	char *err = NULL;
	assert_int_equal(fr_templates_subst("t", "FROM {{table}}\n", subst, NSUBST, &b, &err),
	                 FR_OK);
	assert_null(err);
	assert_string_equal(fr_buf_cstr(&b), "-- head\nFROM fact_page_visit\n");
	fr_buf_free(&b);
}

static void
test_subst_unknown_key(void **state)
{
	(void)state;
	check_subst_error("SELECT {{nope}}", "nope");
	check_subst_error("SELECT {{cols}} FROM {{tables}}", "tables");
	check_subst_error("{{col}}", "{{col}}"); /* a prefix of a key is not the key */
	check_subst_error("{{ cols }}", " cols ");
	check_subst_error("{{}}", "{{}}");
	/* With no substitutions at all, any placeholder is unknown. */
	struct fr_buf b = FR_BUF_INIT;
	char *err = NULL;
	int rc = fr_templates_subst("t", "{{cols}}", NULL, 0, &b, &err);
	int named = err != NULL && strstr(err, "cols") != NULL;
	free(err);
	fr_buf_free(&b);
	assert_int_equal(rc, FR_EIO);
	assert_true(named);
}

static void
test_subst_unclosed(void **state)
{
	(void)state;
	check_subst_error("SELECT {{cols", "unclosed");
	check_subst_error("{{", "unclosed");
	check_subst_error("{{cols}} and {{table", "unclosed");
	check_subst_error("{{cols}", "unclosed");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_embedded_found),
	    cmocka_unit_test(test_embedded_table),
	    cmocka_unit_test(test_missing_is_error),
	    cmocka_unit_test(test_free_null),
	    cmocka_unit_test_setup_teardown(test_override_wins, scratch_setup, scratch_teardown),
	    cmocka_unit_test_setup_teardown(test_override_exact_bytes, scratch_setup,
	                                    scratch_teardown),
	    cmocka_unit_test_setup_teardown(test_override_unreadable_is_error, scratch_setup,
	                                    scratch_teardown),
	    cmocka_unit_test_setup_teardown(test_override_missing_everywhere, scratch_setup,
	                                    scratch_teardown),
	    cmocka_unit_test(test_subst),
	    cmocka_unit_test(test_subst_appends),
	    cmocka_unit_test(test_subst_unknown_key),
	    cmocka_unit_test(test_subst_unclosed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
