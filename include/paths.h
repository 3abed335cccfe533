/* paths.h: the run's files on disk, checked before the heavy work: real
 * paths compared (so a link or ".." cannot hide that two paths are one),
 * files made without following links and put in place without replacing
 * what is there, and the places the command line names checked against
 * each other, so no run deletes or overwrites a file of the user's. */
#ifndef FR_PATHS_H
#define FR_PATHS_H

#include <stdbool.h>

#include "config.h"

/*
 * TMPDIR and SQLITE_TMPDIR, when set and not empty, must be writable
 * directories: the warehouse and the partition files go there. FR_EIO
 * naming the variable, the directory and why otherwise.
 */
int fr_paths_check_tmpdirs(char **err);

/*
 * The real path of path: realpath(3) when it exists; else the real path of
 * its directory joined with its last component (which is not "." or "..").
 * NULL when neither resolves. The caller frees it.
 */
char *fr_paths_real(const char *path);

/* Whether the real path sub is dir or lies inside it (both real paths). */
bool fr_paths_inside(const char *sub, const char *dir);

/*
 * The checks of cfg's paths against each other (docs/BAD_INPUTS.md 31, 32,
 * 34): no input (CSV, database, step table, --templates) inside OUT_DIR,
 * which the run replaces as a whole; --keep-warehouse neither inside OUT_DIR
 * nor an input nor a symbolic link, and if it exists, a warehouse this tool
 * kept (FR_EUSAGE naming the option and why). An OUT_DIR whose directory
 * does not exist is left for fr_publish_begin to report.
 */
int fr_paths_check(const struct fr_config *cfg, char **err);

/*
 * Creates an empty file beside path, named .BASE.tmp-XXXXXX, with O_EXCL
 * (so never over anything, nor through a link); *tmp is its allocated
 * name. FR_EIO naming path otherwise.
 */
int fr_paths_temp_beside(const char *path, char **tmp, char **err);

/*
 * Renames tmp to path. Unless replace, only while path does not exist
 * (renameat2 RENAME_NOREPLACE, or link and unlink where that is missing):
 * a file that appeared meanwhile stays, and the rename fails with EEXIST.
 * A symbolic link at path is never followed. Returns 0, or -1 with errno.
 */
int fr_paths_place(const char *tmp, const char *path, bool replace);

#endif
