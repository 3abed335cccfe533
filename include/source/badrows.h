/* badrows.h: --max-bad-rows. Up to max unparseable rows are skipped instead
 * of failing the run; each is counted, and the first few are reported. */
#ifndef FR_BADROWS_H
#define FR_BADROWS_H

#include <stdint.h>

/* Receives the message of a skipped row (the first FR_BADROWS_SHOWN only). */
typedef void (*fr_warn_fn)(void *ctx, const char *msg);

#define FR_BADROWS_SHOWN 5

struct fr_badrows {
	int64_t max;      /* rows that may be skipped; 0 = none */
	int64_t skipped;
	fr_warn_fn warn;  /* may be NULL */
	void *warn_ctx;
};

/*
 * Decides the fate of a row whose reading returned rc. A bad row (FR_EDATA)
 * within the allowance is skipped: counted, its message passed to warn and
 * freed, and FR_OK returned. Anything else is returned unchanged.
 */
int fr_badrows_take(struct fr_badrows *b, int rc, char **err);

#endif
