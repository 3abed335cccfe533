/* util.c: the one place where running out of memory ends the process. */
#define _GNU_SOURCE /* PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP */
#include "base/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/fault.h"

/* The hook is set and read from any thread; the first thread out of memory
 * runs it while any other that runs out waits here for the exit (an
 * error-checking mutex: the hook itself running out exits at once). */
static void (*_Atomic util_oom_hook)(void);
static pthread_mutex_t util_oom_mu = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;

void
fr_on_oom(void (*hook)(void))
{
	atomic_store(&util_oom_hook, hook);
}

/* Out of memory: say so, let the publisher remove its half-built report,
 * and leave at once with the I/O status (no stack to unwind safely). */
static _Noreturn void
util_oom(size_t n)
{
	static const char msg[] = "funnel-report: out of memory; nothing was published\n";
	(void)n;
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more to do */
	}
	if (pthread_mutex_lock(&util_oom_mu) == 0) {
		void (*hook)(void) = atomic_load(&util_oom_hook);
		if (hook != NULL)
			hook();
	}
	_exit(FR_EIO);
}

void *
fr_xmalloc(size_t n)
{
	void *p = fr_fault(FR_FAULT_MALLOC) ? NULL : malloc(n ? n : 1);
	if (p == NULL)
		util_oom(n);
	return p;
}

void *
fr_xcalloc(size_t n, size_t size)
{
	void *p = fr_fault(FR_FAULT_MALLOC) ? NULL : calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		util_oom(n * size);
	return p;
}

void *
fr_xrealloc(void *p, size_t n)
{
	void *q = fr_fault(FR_FAULT_MALLOC) ? NULL : realloc(p, n ? n : 1);
	if (q == NULL)
		util_oom(n);
	return q;
}

void *
fr_xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		util_oom(SIZE_MAX);
	return fr_xrealloc(p, n * size);
}

char *
fr_xstrdup(const char *s)
{
	return fr_xstrndup(s, strlen(s));
}

char *
fr_xstrndup(const char *s, size_t n)
{
	char *p = fr_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
fr_xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	/* the analyzer loses track of a va_list copied from a parameter */
	int n = vsnprintf(NULL, 0, fmt, aq); /* NOLINT(clang-analyzer-valist.Uninitialized) */
	va_end(aq);
	if (n < 0)
		util_oom(0);
	char *p = fr_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
fr_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = fr_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int
fr_fail(char **err, int status, const char *fmt, ...)
{
	if (err != NULL && *err == NULL) {
		va_list ap;
		va_start(ap, fmt);
		*err = fr_xvasprintf(fmt, ap);
		va_end(ap);
	}
	return status;
}

int
fr_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (s == NULL || *s == '\0')
		return -1;
	/* strtoll accepts leading space and '+'; a count on a command line should not. */
	if (!(*s == '-' || (*s >= '0' && *s <= '9')))
		return -1;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = (int64_t)v;
	return 0;
}

void
fr_strv_free(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

double
fr_monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
