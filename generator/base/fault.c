/* fault.c: allocation failures on demand, for the fault-injection tests. */
#include "base/fault.h"

#ifdef FR_FAULT
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* What FR_FAULT_ALLOC asks for, read once; the counts of each kind of
 * allocation so far, from every thread. */
static int fault_kind = -1;
static long fault_at;
static atomic_long fault_count[4];
static pthread_once_t fault_once = PTHREAD_ONCE_INIT;

static void
fault_read_spec(void)
{
	const char *spec = getenv("FR_FAULT_ALLOC");
	if (spec == NULL)
		return;
	static const char *const names[] = {"malloc:", "sqlite:", "csv:", "zlib:"};
	for (int k = 0; k < 4; k++)
		if (strncmp(spec, names[k], strlen(names[k])) == 0) {
			fault_kind = k;
			fault_at = strtol(spec + strlen(names[k]), NULL, 10);
		}
}

static void
fault_init(void)
{
	pthread_once(&fault_once, fault_read_spec);
}

int
fr_fault(enum fr_fault_kind kind)
{
	fault_init();
	if ((int)kind != fault_kind)
		return 0;
	return atomic_fetch_add(&fault_count[kind], 1) + 1 >= fault_at;
}

/* SQLite's default allocator, wrapped. */
static sqlite3_mem_methods fault_default;

static void *
fault_malloc(int n)
{
	return fr_fault(FR_FAULT_SQLITE) ? NULL : fault_default.xMalloc(n);
}

static void *
fault_realloc(void *p, int n)
{
	return fr_fault(FR_FAULT_SQLITE) ? NULL : fault_default.xRealloc(p, n);
}

void
fr_fault_sqlite(void)
{
	fault_init();
	if (fault_kind != FR_FAULT_SQLITE)
		return;
	sqlite3_config(SQLITE_CONFIG_GETMALLOC, &fault_default);
	sqlite3_mem_methods m = fault_default;
	m.xMalloc = fault_malloc;
	m.xRealloc = fault_realloc;
	sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}
#else
int
fr_fault(enum fr_fault_kind kind)
{
	(void)kind;
	return 0;
}

void
fr_fault_sqlite(void)
{
}
#endif
