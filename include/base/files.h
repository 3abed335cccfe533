/* files.h: real paths compared (so a link or ".." cannot hide that two
 * paths are one), files made without following links and put in place
 * without replacing what is there, and the temporary directories checked. */
#ifndef FR_FILES_H
#define FR_FILES_H

#include <stdbool.h>

/*
 * TMPDIR and SQLITE_TMPDIR, when set and not empty, must be writable
 * directories: the warehouse and the partition files go there. FR_EIO
 * naming the variable, the directory and why otherwise.
 */
int fr_files_check_tmpdirs(char **err);

/*
 * The real path of path: realpath(3) when it exists; else the real path of
 * its directory joined with its last component (which is not "." or "..").
 * NULL when neither resolves. The caller frees it.
 */
char *fr_files_real(const char *path);

/* Whether the real path sub is dir or lies inside it (both real paths). */
bool fr_files_inside(const char *sub, const char *dir);

/*
 * Creates an empty file beside path, named .BASE.tmp-XXXXXX, with O_EXCL
 * (so never over anything, nor through a link); *tmp is its allocated
 * name. FR_EIO naming path otherwise.
 */
int fr_files_temp_beside(const char *path, char **tmp, char **err);

/*
 * Renames tmp to path. Unless replace, only while path does not exist
 * (renameat2 RENAME_NOREPLACE, or link and unlink where that is missing):
 * a file that appeared meanwhile stays, and the rename fails with EEXIST.
 * A symbolic link at path is never followed. Returns 0, or -1 with errno.
 */
int fr_files_place(const char *tmp, const char *path, bool replace);

#endif
