/* readmeter.c: the one counter of input bytes read, for progress. */
#include "base/readmeter.h"

#include <stdatomic.h>

static _Atomic int64_t readmeter_bytes;

void
fr_readmeter_add(int64_t n)
{
	atomic_fetch_add_explicit(&readmeter_bytes, n, memory_order_relaxed);
}

int64_t
fr_readmeter_bytes(void)
{
	return atomic_load_explicit(&readmeter_bytes, memory_order_relaxed);
}
