/* definitions.h: the rules the numbers follow, as (name, plain sentence)
 * pairs built from the run's settings and analysis. */
#ifndef FR_DEFINITIONS_H
#define FR_DEFINITIONS_H

#include <stddef.h>

#include "core/result.h"

struct fr_definition {
	const char *name;
	char *text; /* allocated */
};

/* The definitions of r into *out (the caller frees with fr_definitions_free). */
size_t fr_definitions(const struct fr_result *r, struct fr_definition **out);
void fr_definitions_free(struct fr_definition *d, size_t n);

#endif
