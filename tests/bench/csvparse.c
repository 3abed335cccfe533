/* csvparse.c: benchmark helper. Reads a CSV file, plain or gzipped, with the
 * report's own reader (libcsv in strict mode, with the UTF-8 check) and
 * prints MB/s of the file as stored and rows/s. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "source/csvin.h"
#include "base/util.h"

static int64_t rows;

static int
count(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	(void)ctx, (void)line, (void)f, (void)n, (void)err;
	rows++;
	return FR_OK;
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: csvparse FILE.csv\n");
		return 2;
	}
	struct stat st;
	if (stat(argv[1], &st) != 0) {
		perror(argv[1]);
		return 1;
	}
	char *err = NULL;
	double t0 = fr_monotonic_seconds();
	int rc = fr_csvin_read(argv[1], argv[1], count, NULL, &err);
	double dt = fr_monotonic_seconds() - t0;
	if (rc != FR_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("%.0f MB in %.2f s: %.0f MB/s, %lld rows, %.0f rows/s\n", st.st_size / 1e6, dt,
	       st.st_size / 1e6 / dt, (long long)rows, rows / dt);
	return 0;
}
