/* pct.h: percentages as exact integers in hundredths, so 2-decimal output
 * is rounded once, the same way everywhere, and never NaN. */
#ifndef FR_PCT_H
#define FR_PCT_H

#include <stdint.h>

#include "base/buf.h"

/* 100 * num / den in hundredths of a percent, rounded half up; -1 when
 * den is 0 (no value). num and den must be >= 0. */
int64_t fr_pct(int64_t num, int64_t den);
/* 100 - pct, in hundredths; -1 stays -1. */
int64_t fr_pct_complement(int64_t hundredths);
/* Writes 1234 as "12.34"; nothing for a negative (absent) value. */
void fr_pct_put(struct fr_buf *b, int64_t hundredths);

#endif
