/* runs.h: whole runs from a unit test, in a scratch directory: write input
 * files, run funnel-report as main would (parse, run), read what it wrote. */
#ifndef FR_TEST_RUNS_H
#define FR_TEST_RUNS_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli.h"
#include "run.h"

static char scratch[64];

static int
setup(void **state)
{
	(void)state;
	strcpy(scratch, "/tmp/fr-inputs.XXXXXX");
	assert_non_null(mkdtemp(scratch));
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

static char *
path(const char *name)
{
	static char buf[8][512];
	static int i;
	i = (i + 1) % 8;
	snprintf(buf[i], sizeof buf[i], "%s/%s", scratch, name);
	return buf[i];
}

static void
write_file(const char *name, const char *text, size_t len)
{
	FILE *f = fopen(path(name), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

#define WRITE(name, lit) write_file(name, lit, sizeof(lit) - 1)

/* The file at p, NUL-terminated; *len (if not NULL) its length. */
static char *
slurp_len(const char *p, size_t *len)
{
	FILE *f = fopen(p, "rb");
	if (f == NULL)
		fail_msg("cannot read %s", p);
	struct fr_buf b = FR_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fr_buf_put(&b, chunk, n);
	fclose(f);
	if (len != NULL)
		*len = b.len;
	return fr_buf_detach(&b);
}

static char *
slurp(const char *p)
{
	return slurp_len(p, NULL);
}

/* Runs funnel-report with argv (NULL-terminated, without the program name). */
static int
run_args(const char *const *args, char **err)
{
	char *argv[64];
	int argc = 0;
	argv[argc++] = "funnel-report";
	for (; *args != NULL; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	struct fr_config cfg;
	enum fr_cli_action action;
	int rc = fr_cli_parse(argc, argv, &cfg, &action, err);
	if (rc == FR_OK) {
		int sig;
		rc = fr_run(&cfg, &sig, NULL, err);
	}
	fr_cli_free(&cfg);
	return rc;
}

#define RUN_OK(...)                                                                                \
	do {                                                                                       \
		char *err_ = NULL;                                                                 \
		int rc_ = run_args((const char *const[]){__VA_ARGS__, NULL}, &err_);               \
		if (rc_ != FR_OK)                                                                  \
			fail_msg("run failed (%d): %s", rc_, err_ ? err_ : "?");                   \
		free(err_);                                                                        \
	} while (0)

static void
assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("expected to find [%s] in:\n%.2000s", needle, hay);
}

static void
assert_same_file(const char *a, const char *b)
{
	size_t nx, ny;
	char *x = slurp_len(a, &nx), *y = slurp_len(b, &ny);
	if (nx != ny || memcmp(x, y, nx) != 0) /* byte for byte: PDF and PNG hold NULs */
		fail_msg("%s and %s differ", a, b);
	free(x);
	free(y);
}

#endif
