/* test_publish.c: the atomic publish of publish.c in a scratch directory:
 * the new report appears whole at commit and not before, only an empty
 * directory or a report of ours (its marker, exactly) is replaced, the
 * replaced directory's mode is kept, and nothing is left beside OUT_DIR. */
#define _GNU_SOURCE /* mkdtemp, lstat, symlink */
#include "support.h"

#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/util.h"
#include "publish.h"

static char scratch[64];
static char out[128];

static const char marker_text[] =
    "This directory is a funnel-report output. Each run replaces it as a whole.\n";

static int
setup(void **state)
{
	(void)state;
	strcpy(scratch, "/tmp/fr-publish.XXXXXX");
	assert_non_null(mkdtemp(scratch));
	snprintf(out, sizeof out, "%s/out", scratch);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "chmod -R u+w %s; rm -rf %s", scratch, scratch);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static char *
at(const char *rel)
{
	static char buf[4][256];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", scratch, rel);
	return buf[i];
}

static void
put(const char *rel, const char *text)
{
	FILE *f = fopen(at(rel), "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The file's text, or NULL when it cannot be read; the caller frees it. */
static char *
get(const char *rel)
{
	FILE *f = fopen(at(rel), "r");
	if (f == NULL)
		return NULL;
	struct fr_buf b = FR_BUF_INIT;
	char chunk[512];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fr_buf_put(&b, chunk, n);
	fclose(f);
	fr_buf_putc(&b, '\0');
	return fr_buf_detach(&b);
}

static void
assert_text(const char *rel, const char *want)
{
	char *got = get(rel);
	if (got == NULL)
		fail_msg("%s is missing", rel);
	assert_string_equal(got, want);
	free(got);
}

static bool
exists(const char *rel)
{
	struct stat st;
	return lstat(at(rel), &st) == 0;
}

/* The entries of the scratch directory other than out, joined by spaces:
 * what a run left beside OUT_DIR. */
static char *
beside(void)
{
	DIR *d = opendir(scratch);
	assert_non_null(d);
	struct fr_buf b = FR_BUF_INIT;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, "out") == 0)
			continue;
		fr_buf_printf(&b, "%s%s", b.len ? " " : "", e->d_name);
	}
	closedir(d);
	fr_buf_putc(&b, '\0');
	return fr_buf_detach(&b);
}

static void
assert_nothing_beside(void)
{
	char *left = beside();
	assert_string_equal(left, "");
	free(left);
}

/* Writes text at rel in the new report, as the renderers' buffers are. */
static int
pub(struct fr_publish *p, const char *rel, const char *text, char **err)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, text);
	int rc = fr_publish_buf(p, rel, &b, err);
	fr_buf_free(&b);
	return rc;
}

/* A whole publish of one file (and the marker) into out. */
static void
publish_one(const char *rel, const char *text)
{
	struct fr_publish *p = NULL;
	char *err = NULL;
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_OK);
	assert_null(err);
	assert_int_equal(pub(p, rel, text, &err), FR_OK);
	assert_int_equal(fr_publish_commit(p, &err), FR_OK);
	fr_publish_free(p);
}

static void
test_first_publish(void **state)
{
	(void)state;
	struct fr_publish *p = NULL;
	char *err = NULL;
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_OK);
	/* the lock and the new directory sit beside OUT_DIR while the run works */
	assert_true(exists(".out.lock"));
	char *left = beside();
	assert_non_null(strstr(left, ".out.new-"));
	free(left);
	assert_false(exists("out"));

	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "step,users\nhome,3\n");
	assert_int_equal(fr_publish_buf(p, "data/funnel.csv", &b, &err), FR_OK);
	assert_int_equal(pub(p, "index.html", "<p>hi</p>", &err), FR_OK);
	fr_buf_free(&b);
	assert_false(exists("out")); /* nothing shows before the commit */
	assert_int_equal(fr_publish_commit(p, &err), FR_OK);
	assert_null(err);
	fr_publish_free(p);

	assert_text("out/data/funnel.csv", "step,users\nhome,3\n");
	assert_text("out/index.html", "<p>hi</p>");
	assert_text("out/" FR_PUBLISH_MARKER, marker_text);
	assert_nothing_beside(); /* no lock, no build folder */
}

static void
test_replaces_a_report_atomically(void **state)
{
	(void)state;
	publish_one("index.html", "old");
	publish_one("old-only.txt", "gone soon");
	assert_false(exists("out/index.html")); /* replaced as a whole, not merged */
	assert_text("out/old-only.txt", "gone soon");

	struct fr_publish *p = NULL;
	char *err = NULL;
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_OK);
	assert_int_equal(pub(p, "index.html", "new", &err), FR_OK);
	/* until the swap, the previous report is whole and untouched */
	assert_text("out/old-only.txt", "gone soon");
	assert_false(exists("out/index.html"));
	assert_int_equal(fr_publish_commit(p, &err), FR_OK);
	fr_publish_free(p);
	assert_text("out/index.html", "new");
	assert_false(exists("out/old-only.txt"));
	assert_nothing_beside(); /* the previous report was removed after the swap */
}

static void
test_failed_run_keeps_the_previous_report(void **state)
{
	(void)state;
	publish_one("index.html", "good");
	struct fr_publish *p = NULL;
	char *err = NULL;
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_OK);
	assert_int_equal(pub(p, "index.html", "half", &err), FR_OK);
	fr_publish_free(p); /* the run failed before its commit */
	assert_text("out/index.html", "good");
	assert_nothing_beside();
	fr_publish_free(NULL);
}

static void
test_empty_directory_is_replaced(void **state)
{
	(void)state;
	assert_int_equal(mkdir(out, 0755), 0);
	publish_one("index.html", "x");
	assert_text("out/index.html", "x");
}

/* A directory that is not empty and not ours is refused before anything
 * is made, and so is one whose marker is not our file with our text. */
static void
test_refuses_what_is_not_ours(void **state)
{
	(void)state;
	assert_int_equal(mkdir(out, 0755), 0);
	put("out/notes.txt", "my notes");
	static const char *const markers[] = {NULL, "dir", "This directory is mine.\n", "link"};
	for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
		if (markers[i] == NULL) {
			/* no marker at all */
		} else if (strcmp(markers[i], "dir") == 0) {
			assert_int_equal(mkdir(at("out/" FR_PUBLISH_MARKER), 0755), 0);
		} else if (strcmp(markers[i], "link") == 0) {
			/* a link to a file with our very text is not our marker either */
			put("real-marker", marker_text);
			assert_int_equal(symlink(at("real-marker"), at("out/" FR_PUBLISH_MARKER)), 0);
		} else {
			put("out/" FR_PUBLISH_MARKER, markers[i]);
		}
		struct fr_publish *p = NULL;
		char *err = NULL;
		assert_int_equal(fr_publish_begin(out, &p, &err), FR_EIO);
		assert_null(p);
		assert_non_null(err);
		assert_non_null(strstr(err, "is not a funnel-report output"));
		assert_non_null(strstr(err, out));
		free(err);
		assert_text("out/notes.txt", "my notes");
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf %s/" FR_PUBLISH_MARKER " %s/real-marker", out, scratch);
		assert_int_equal(system(cmd), 0);
		assert_nothing_beside();
	}
}

static void
test_refuses_files_links_and_bad_names(void **state)
{
	(void)state;
	struct fr_publish *p = NULL;
	char *err = NULL;
	put("out", "a file");
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_EIO);
	assert_non_null(strstr(err, "exists and is not a directory"));
	free(err);
	err = NULL;
	assert_text("out", "a file");
	assert_int_equal(unlink(out), 0);

	assert_int_equal(mkdir(at("elsewhere"), 0755), 0);
	assert_int_equal(symlink(at("elsewhere"), out), 0);
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_EIO);
	assert_non_null(strstr(err, "is a symbolic link"));
	free(err);
	err = NULL;
	assert_int_equal(unlink(out), 0);
	assert_int_equal(rmdir(at("elsewhere")), 0);

	assert_int_equal(fr_publish_begin(at("no/such/parent/out"), &p, &err), FR_EIO);
	assert_non_null(strstr(err, "is not an existing directory"));
	free(err);
	err = NULL;
	assert_int_equal(fr_publish_begin(at("."), &p, &err), FR_EUSAGE);
	free(err);
	assert_null(p);
	assert_nothing_beside();
}

static void
test_keeps_the_mode(void **state)
{
	(void)state;
	publish_one("index.html", "1");
	assert_int_equal(chmod(out, 02750), 0);
	publish_one("index.html", "2");
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 07777, 02750);
	assert_text("out/index.html", "2");

	/* a report its owner made read-only is left alone, even by root */
	assert_int_equal(chmod(out, 0555), 0);
	struct fr_publish *p = NULL;
	char *err = NULL;
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_EIO);
	assert_non_null(strstr(err, "is read-only (mode 555)"));
	free(err);
	assert_int_equal(chmod(out, 0755), 0);
	assert_text("out/index.html", "2");
	assert_nothing_beside();
}

static void
test_one_run_at_a_time(void **state)
{
	(void)state;
	struct fr_publish *p = NULL, *q = NULL;
	char *err = NULL;
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_OK);
	assert_int_equal(fr_publish_begin(out, &q, &err), FR_EIO);
	assert_null(q);
	assert_non_null(strstr(err, "another funnel-report run is publishing there"));
	free(err);
	assert_true(exists(".out.lock")); /* the other run's lock stays */
	fr_publish_free(p);
	assert_nothing_beside();
}

/* A file saved into an empty OUT_DIR while the run worked is the user's:
 * the commit refuses, the file stays, nothing is published. */
static void
test_file_saved_meanwhile(void **state)
{
	(void)state;
	assert_int_equal(mkdir(out, 0755), 0);
	struct fr_publish *p = NULL;
	char *err = NULL;
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_OK);
	assert_int_equal(pub(p, "index.html", "new", &err), FR_OK);
	put("out/saved.txt", "keep me");
	assert_int_equal(fr_publish_commit(p, &err), FR_EIO);
	assert_non_null(strstr(err, "a file was saved there while the run worked"));
	free(err);
	fr_publish_free(p);
	assert_text("out/saved.txt", "keep me");
	assert_false(exists("out/index.html"));
	assert_nothing_beside();
}

static void
test_unsafe_paths_and_existing_files(void **state)
{
	(void)state;
	struct fr_publish *p = NULL;
	char *err = NULL;
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_OK);
	assert_int_equal(pub(p, "../escape.txt", "x", &err), FR_EIO);
	assert_non_null(strstr(err, "unsafe output path"));
	free(err);
	err = NULL;
	assert_int_equal(pub(p, "/etc/x", "x", &err), FR_EIO);
	free(err);
	err = NULL;
	assert_false(exists("escape.txt"));
	/* a file is written once: a second write of the same path is a bug */
	assert_int_equal(pub(p, "a.txt", "1", &err), FR_OK);
	assert_int_equal(pub(p, "a.txt", "2", &err), FR_EIO);
	free(err);
	err = NULL;
	assert_int_equal(fr_publish_commit(p, &err), FR_OK);
	fr_publish_free(p);
	assert_text("out/a.txt", "1");
}

/* Build folders a killed run left beside OUT_DIR are swept when they are
 * ours (our name and marker, or empty); a user's folder stays. */
static void
test_sweeps_only_our_leftovers(void **state)
{
	(void)state;
	assert_int_equal(mkdir(at(".out.new-Ab12Cd"), 0755), 0);
	put(".out.new-Ab12Cd/" FR_PUBLISH_MARKER, marker_text);
	put(".out.new-Ab12Cd/index.html", "half");
	assert_int_equal(mkdir(at(".out.old-4242"), 0755), 0);
	assert_int_equal(mkdir(at(".out.old-backup"), 0755), 0);
	put(".out.old-backup/mine.txt", "mine");
	assert_int_equal(mkdir(at(".out.new-Zz99Yy"), 0755), 0);
	put(".out.new-Zz99Yy/mine.txt", "not ours: no marker");

	struct fr_publish *p = NULL;
	char *err = NULL;
	assert_int_equal(fr_publish_begin(out, &p, &err), FR_OK);
	const char *const *swept;
	size_t n = fr_publish_swept(p, &swept);
	assert_int_equal(n, 2);
	char *a = fr_xasprintf("%s/.out.new-Ab12Cd", scratch), *b = fr_xasprintf("%s/.out.old-4242", scratch);
	assert_true((strcmp(swept[0], a) == 0 && strcmp(swept[1], b) == 0) ||
	            (strcmp(swept[0], b) == 0 && strcmp(swept[1], a) == 0));
	free(a);
	free(b);
	fr_publish_free(p);
	assert_false(exists(".out.new-Ab12Cd"));
	assert_false(exists(".out.old-4242"));
	assert_text(".out.old-backup/mine.txt", "mine");
	assert_text(".out.new-Zz99Yy/mine.txt", "not ours: no marker");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_first_publish, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replaces_a_report_atomically, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_run_keeps_the_previous_report, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_directory_is_replaced, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_what_is_not_ours, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_files_links_and_bad_names, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keeps_the_mode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_run_at_a_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_saved_meanwhile, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unsafe_paths_and_existing_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sweeps_only_our_leftovers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
