/* pct.c: exact percentage arithmetic. */
#include "base/pct.h"

#include <inttypes.h>

int64_t
fr_pct(int64_t num, int64_t den)
{
	if (den <= 0 || num < 0)
		return -1;
	/* 20000 * num overflows only past 4.6e14 users; __int128 keeps it exact anyway. */
	__int128 n = (__int128)num * 20000 + den;
	return (int64_t)(n / ((__int128)den * 2));
}

int64_t
fr_pct_complement(int64_t hundredths)
{
	return hundredths < 0 ? -1 : 10000 - hundredths;
}

void
fr_pct_put(struct fr_buf *b, int64_t hundredths)
{
	if (hundredths < 0)
		return;
	fr_buf_printf(b, "%" PRId64 ".%02" PRId64, hundredths / 100, hundredths % 100);
}
