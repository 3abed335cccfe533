/* combos.c: the combinations of k of n items, in order. */
#include "base/combos.h"

int
fr_combos_each(size_t n, size_t k, int (*fn)(void *ctx, const size_t *idx, size_t m),
                        void *ctx)
{
	size_t idx[64];
	if (k > n)
		k = n;
	if (k > 64)
		k = 64;
	for (size_t m = 1; m <= k; m++) {
		for (size_t i = 0; i < m; i++)
			idx[i] = i;
		for (;;) {
			int rc = fn(ctx, idx, m);
			if (rc != 0)
				return rc;
			/* Advance to the next combination in lexicographic order. */
			size_t i = m;
			while (i > 0 && idx[i - 1] == n - m + i - 1)
				i--;
			if (i == 0)
				break;
			idx[i - 1]++;
			for (size_t j = i; j < m; j++)
				idx[j] = idx[j - 1] + 1;
		}
	}
	return 0;
}
