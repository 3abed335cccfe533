/* fuzz_files.h: the scratch directory of the harnesses that turn their
 * input into files: made once, removed at exit, and one writer that aborts
 * (a harness bug, not a finding) when a file cannot be written. */
#ifndef FR_FUZZ_FILES_H
#define FR_FUZZ_FILES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char fuzz_dir[64];

static void
fuzz_dir_remove(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
	if (system(cmd) != 0)
		return;
}

/* The scratch directory, made on the first call ("/tmp/fr-fuzz-NAME-XXXXXX"). */
static const char *
fuzz_scratch(const char *name)
{
	if (fuzz_dir[0] == '\0') {
		snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/fr-fuzz-%s-XXXXXX", name);
		if (mkdtemp(fuzz_dir) == NULL)
			abort();
		atexit(fuzz_dir_remove);
	}
	return fuzz_dir;
}

/* Writes len bytes of data as the file name below the scratch directory. */
static void
fuzz_write(const char *name, const uint8_t *data, size_t len)
{
	char path[160];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		abort();
}

#endif
