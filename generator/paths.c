/* paths.c: the checks of the command line's paths against each other. */
#define _GNU_SOURCE /* renameat2 */
#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/util.h"
#include "warehouse/warehouse.h"

/* An input of the run, for the checks: the option that named it, and its path. */
struct paths_input {
	const char *opt;
	const char *path;
};

static size_t
paths_inputs(const struct fr_config *cfg, struct paths_input **out)
{
	struct paths_input *v = fr_xcalloc(cfg->nstep_tables + 8, sizeof *v);
	size_t n = 0;
	const struct paths_input fixed[] = {
	    {"--users-csv", cfg->users_csv}, {"--events-csv", cfg->events_csv}, {"--oltp", cfg->oltp},
	    {"--user-table", cfg->user_table}, {"--templates", cfg->templates_dir},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (fixed[i].path != NULL)
			v[n++] = fixed[i];
	for (size_t i = 0; i < cfg->nstep_tables; i++)
		v[n++] = (struct paths_input){"--step-table", cfg->step_tables[i].path};
	*out = v;
	return n;
}

/* Whether two paths name one file (also through links and hard links). */
static bool
paths_same_file(const char *a, const char *b)
{
	struct stat x, y;
	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* --keep-warehouse: a new file, or a warehouse an earlier run kept. */
static int
paths_check_keep(const struct fr_config *cfg, const char *real_out, const struct paths_input *in,
                 size_t nin, char **err)
{
	const char *keep = cfg->keep_warehouse;
	char *real = fr_files_real(keep);
	int rc = FR_OK;
	struct stat st;
	if (real == NULL)
		return fr_fail(err, FR_EIO, "--keep-warehouse %s: its directory does not exist", keep);
	if (real_out != NULL && fr_files_inside(real, real_out))
		rc = fr_fail(err, FR_EUSAGE,
		             "--keep-warehouse %s: lies inside the output directory %s, which the run "
		             "replaces as a whole; keep it elsewhere",
		             keep, cfg->out_dir);
	for (size_t i = 0; rc == FR_OK && i < nin; i++) {
		char *r = fr_files_real(in[i].path);
		if ((r != NULL && strcmp(r, real) == 0) || paths_same_file(keep, in[i].path))
			rc = fr_fail(err, FR_EUSAGE, "--keep-warehouse %s: is this run's input (%s %s)", keep,
			             in[i].opt, in[i].path);
		free(r);
	}
	if (rc == FR_OK && lstat(keep, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			rc = fr_fail(err, FR_EUSAGE, "--keep-warehouse %s: is a symbolic link; give the real path",
			             keep);
		else if (!S_ISREG(st.st_mode))
			rc = fr_fail(err, FR_EUSAGE, "--keep-warehouse %s: exists and is not a file", keep);
		else if (!fr_wh_is_kept(keep))
			rc = fr_fail(err, FR_EUSAGE,
			             "--keep-warehouse %s: exists and is not a warehouse that funnel-report "
			             "kept; refusing to replace it (remove it, or name a new file)",
			             keep);
	}
	free(real);
	return rc;
}

int
fr_paths_check(const struct fr_config *cfg, char **err)
{
	struct paths_input *in;
	size_t nin = paths_inputs(cfg, &in);
	/* OUT_DIR itself is never a link (fr_publish_begin refuses one), so
	 * the real path of its directory and its name is where it is */
	char *out = cfg->out_dir != NULL ? fr_files_real(cfg->out_dir) : NULL;
	int rc = FR_OK;
	for (size_t i = 0; rc == FR_OK && out != NULL && i < nin; i++) {
		char *r = fr_files_real(in[i].path);
		if (r != NULL && fr_files_inside(r, out))
			rc = fr_fail(err, FR_EUSAGE,
			             "%s %s: lies inside the output directory %s, which the run replaces as a "
			             "whole (the input would be deleted with the old report); move it out first",
			             in[i].opt, in[i].path, cfg->out_dir);
		free(r);
	}
	if (rc == FR_OK && cfg->keep_warehouse != NULL)
		rc = paths_check_keep(cfg, out, in, nin, err);
	free(out);
	free(in);
	return rc;
}

