/* fuzz_csv.c: the CSV reader (generator/source/csvin.c) on any bytes: it must end
 * with FR_OK or FR_EDATA and a message naming the file, never crash, hang
 * or hand a row callback a field that is not NUL-terminated UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "source/csvin.h"
#include "base/escape.h"
#include "base/util.h"

static int
fuzz_row(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	int64_t *rows = ctx;
	if (line < 1 || n == 0 || n > FR_CSVIN_MAX_FIELDS)
		abort();
	for (size_t i = 0; i < n; i++)
		if (f[i].s[f[i].len] != '\0' || !fr_utf8_valid(f[i].s, f[i].len) ||
		    f[i].len > FR_CSVIN_MAX_FIELD)
			abort();
	if ((*rows)++ == 0)
		return fr_csvin_check_header("fuzz.csv", f, n, err);
	return FR_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t rows = 0;
	char *err = NULL;
	int rc = fr_csvin_read_mem(data, size, "fuzz.csv", fuzz_row, &rows, &err);
	if (rc != FR_OK && rc != FR_EDATA)
		abort();
	if (rc != FR_OK && (err == NULL || strncmp(err, "fuzz.csv", 8) != 0))
		abort();
	free(err);
	return 0;
}
