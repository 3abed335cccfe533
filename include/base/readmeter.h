/* readmeter.h: the bytes the sources have read from their input files so
 * far, for the progress a terminal shows (share of the input read). One
 * counter for the process, atomic; reading it never changes a result. */
#ifndef FR_READMETER_H
#define FR_READMETER_H

#include <stdint.h>

/* Counts n more bytes read (csvin.c, per chunk). */
void fr_readmeter_add(int64_t n);
/* The bytes counted since the process started. */
int64_t fr_readmeter_bytes(void);

#endif
