/* files.c: real paths, and files made without following links and put in
 * place without replacing what is there. */
#define _GNU_SOURCE /* renameat2 */
#include "base/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

int
fr_files_check_tmpdirs(char **err)
{
	/* SQLite looks at SQLITE_TMPDIR first and quietly falls back to /tmp
	 * when it is missing: a set variable that points nowhere is a mistake
	 * worth saying, not a reason to fill another disk. */
	static const char *const vars[] = {"SQLITE_TMPDIR", "TMPDIR"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *dir = getenv(vars[i]);
		if (dir == NULL || *dir == '\0')
			continue;
		struct stat st;
		int e = 0;
		if (stat(dir, &st) != 0)
			e = errno;
		else if (!S_ISDIR(st.st_mode))
			e = ENOTDIR;
		else if (access(dir, W_OK | X_OK) != 0)
			e = errno;
		if (e != 0)
			return fr_fail(err, FR_EIO,
			               "%s=%s: %s (the run's temporary files go there: point it at a writable "
			               "directory, or unset it)",
			               vars[i], dir, strerror(e));
	}
	return FR_OK;
}

char *
fr_files_real(const char *path)
{
	char *real = realpath(path, NULL);
	if (real != NULL) {
		/* realpath allocates with malloc; hand back one of ours */
		char *copy = fr_xstrdup(real);
		free(real);
		return copy;
	}
	/* a path that does not exist yet: its directory's real path and its name */
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	char *p = fr_xstrndup(path, n);
	char *slash = strrchr(p, '/');
	const char *base = slash != NULL ? slash + 1 : p;
	char *dir = slash == NULL ? fr_xstrdup(".") : slash == p ? fr_xstrdup("/") : fr_xstrndup(p, (size_t)(slash - p));
	char *out = NULL;
	if (*base != '\0' && strcmp(base, ".") != 0 && strcmp(base, "..") != 0) {
		char *rdir = realpath(dir, NULL);
		if (rdir != NULL)
			out = fr_xasprintf("%s%s%s", rdir, strcmp(rdir, "/") == 0 ? "" : "/", base);
		free(rdir);
	}
	free(dir);
	free(p);
	return out;
}

bool
fr_files_inside(const char *sub, const char *dir)
{
	size_t n = strlen(dir);
	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(sub, dir, n) == 0 && (sub[n] == '\0' || sub[n] == '/');
}

int
fr_files_temp_beside(const char *path, char **tmp, char **err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	char *name = slash != NULL ? fr_xasprintf("%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path, base)
	                           : fr_xasprintf(".%s.tmp-XXXXXX", base);
	int fd = mkstemp(name); /* O_CREAT | O_EXCL: never an existing file, never through a link */
	if (fd < 0) {
		int rc = fr_fail(err, FR_EIO, "%s: cannot create a file beside it: %s", path, strerror(errno));
		free(name);
		return rc;
	}
	close(fd);
	*tmp = name;
	return FR_OK;
}

int
fr_files_place(const char *tmp, const char *path, bool replace)
{
	if (replace)
		return rename(tmp, path); /* a link at path is replaced, not followed */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* no RENAME_NOREPLACE on this file system: link fails on an existing name */
	if (link(tmp, path) != 0)
		return -1;
	unlink(tmp);
	return 0;
}
