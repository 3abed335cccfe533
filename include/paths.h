/* paths.h: the run's files on disk, checked before the heavy work: real
 * paths compared (so a link or ".." cannot hide that two paths are one),
 * files made without following links, and the places the command line
 * names checked against each other, so no run deletes or overwrites a file
 * of the user's. */
#ifndef FR_PATHS_H
#define FR_PATHS_H

#include <stdbool.h>

/*
 * TMPDIR and SQLITE_TMPDIR, when set and not empty, must be writable
 * directories: the warehouse and the partition files go there. FR_EIO
 * naming the variable, the directory and why otherwise.
 */
int fr_paths_check_tmpdirs(char **err);

#endif
