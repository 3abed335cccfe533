/* fault.h: fault injection for the tests. Only a build with -DFR_FAULT acts
 * on it (build/funnel-report-fault); elsewhere every call says "no fault". */
#ifndef FR_FAULT_H
#define FR_FAULT_H

/* Kinds of allocation that can be made to fail. */
enum fr_fault_kind {
	FR_FAULT_MALLOC, /* our fr_xmalloc family */
	FR_FAULT_SQLITE, /* SQLite's allocator */
	FR_FAULT_CSV,    /* libcsv's buffer growth */
	FR_FAULT_ZLIB,   /* zlib's state and window for a gzip input */
};

/*
 * Whether this allocation of kind should fail. With FR_FAULT_ALLOC set to
 * "malloc:N", "sqlite:N", "csv:N" or "zlib:N", the Nth allocation of that kind and
 * every later one fail.
 */
int fr_fault(enum fr_fault_kind kind);

/* Installs SQLite's failing allocator (before SQLite is first used). */
void fr_fault_sqlite(void);

#endif
