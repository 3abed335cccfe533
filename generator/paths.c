/* paths.c: real paths, files made without following links, and the checks
 * of the command line's paths against each other. */
#define _POSIX_C_SOURCE 200809L
#include "paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int
fr_paths_check_tmpdirs(char **err)
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
