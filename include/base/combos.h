/* combos.h: every combination of 1..k of n items. */
#ifndef FR_COMBOS_H
#define FR_COMBOS_H

#include <stddef.h>

/*
 * The combinations of 1..k of n items (k at most 64) in the order of
 * Python's itertools.combinations, by size: calls fn for each with its
 * indexes. Returns the first non-zero value of fn, or 0.
 */
int fr_combos_each(size_t n, size_t k, int (*fn)(void *ctx, const size_t *idx, size_t m), void *ctx);

#endif
