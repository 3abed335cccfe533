/* quality.h: the data-quality counts of a run with their names and meanings,
 * in the order every output lists them. */
#ifndef FR_QUALITY_H
#define FR_QUALITY_H

#include <stddef.h>
#include <stdint.h>

#include "core/result.h"

struct fr_quality_item {
	const char *key;
	int64_t count;
	const char *meaning;
};

/* Fills items (room for FR_QUALITY_MAX) and returns how many there are. */
#define FR_QUALITY_MAX 16
size_t fr_quality_items(const struct fr_result *r, struct fr_quality_item *items);

#endif
