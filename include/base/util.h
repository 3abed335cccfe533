/* util.h: status codes, allocation that cannot fail, and error messages. */
#ifndef FR_UTIL_H
#define FR_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define FR_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

/*
 * Every fallible function returns an enum fr_status: FR_OK on success, or
 * the kind of failure, and on failure stores an allocated message in
 * *err (owned by the caller, freed with free()) when err is not NULL.
 * The kinds are also the process exit codes of SPEC section 2, so main()
 * exits with the status it is handed; FR_EINTR becomes 128 + signal.
 */
enum fr_status {
	FR_OK = 0,
	FR_EDATA = 1,  /* the input data is bad */
	FR_EUSAGE = 2, /* the command line is bad */
	FR_EIO = 3,    /* I/O or internal failure */
	FR_EINTR = 4,  /* a signal asked us to stop */
};

/* Out of memory is fatal here and only here: these print a line, run the
 * hook given to fr_on_oom (the publisher removes its half-built report) and
 * exit with FR_EIO. */
void fr_on_oom(void (*hook)(void));
void *fr_xmalloc(size_t n);
void *fr_xcalloc(size_t n, size_t size);
void *fr_xrealloc(void *p, size_t n);
void *fr_xreallocarray(void *p, size_t n, size_t size);
char *fr_xstrdup(const char *s);
char *fr_xstrndup(const char *s, size_t n);
/* Returns an allocated, formatted string; the caller frees it. */
char *fr_xasprintf(const char *fmt, ...) FR_PRINTF(1, 2);
char *fr_xvasprintf(const char *fmt, va_list ap) FR_PRINTF(1, 0);

/*
 * Stores a formatted message in *err (if err is not NULL and *err is NULL,
 * so the first, innermost message wins) and returns status.
 */
int fr_fail(char **err, int status, const char *fmt, ...) FR_PRINTF(3, 4);

/*
 * Parses a whole decimal integer in [min, max]; returns 0, or -1 when s is
 * empty, has trailing characters or is out of range.
 */
int fr_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Frees a NULL-terminated or counted array of strings and the array. */
void fr_strv_free(char **v, size_t n);

/* Seconds on a monotonic clock, for stage timings. */
double fr_monotonic_seconds(void);

#endif
