/* badrows.c: the allowance of skipped bad rows. */
#include "source/badrows.h"

#include <stdlib.h>

#include "base/util.h"

int
fr_badrows_take(struct fr_badrows *b, int rc, char **err)
{
	if (rc != FR_EDATA || b == NULL || b->skipped >= b->max)
		return rc;
	b->skipped++;
	if (b->warn != NULL && b->skipped <= FR_BADROWS_SHOWN && err != NULL && *err != NULL)
		b->warn(b->warn_ctx, *err);
	if (err != NULL) {
		free(*err);
		*err = NULL;
	}
	return FR_OK;
}
