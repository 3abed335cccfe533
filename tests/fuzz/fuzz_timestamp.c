/* fuzz_timestamp.c: the ISO 8601 parser on any bytes: a time it accepts
 * prints back (as UTC) to a text that parses to the same time; anything it
 * rejects has a reason. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/timestamp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t t = 0, back = 0;
	const char *why = NULL;
	if (fr_timestamp_parse((const char *)data, size, &t, &why) != 0) {
		if (why == NULL)
			abort();
		return 0;
	}
	char iso[FR_TIMESTAMP_BUFSZ];
	fr_timestamp_iso(t, iso);
	/* years 0 and 10000 can come out of an offset at the ends of the range */
	if (iso[0] == '0' && iso[1] == '0' && iso[2] == '0' && iso[3] == '0')
		return 0;
	if (strlen(iso) != 20)
		return 0;
	if (fr_timestamp_parse(iso, strlen(iso), &back, &why) != 0 || back != t)
		abort();
	return 0;
}
