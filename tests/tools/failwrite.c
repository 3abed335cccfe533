/* failwrite.c: an LD_PRELOAD shim for the tests that makes writes fail like
 * a full disk. FAILWRITE_MATCH is a part of the path (as /proc/self/fd shows
 * it) of the files to fail; FAILWRITE_AFTER how many bytes may be written to
 * them in all before write, pwrite and fsync fail with ENOSPC. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long long budget = -1;
static const char *match;

static int
hit(int fd)
{
	if (match == NULL) {
		match = getenv("FAILWRITE_MATCH");
		const char *after = getenv("FAILWRITE_AFTER");
		budget = after ? atoll(after) : 0;
		if (match == NULL)
			match = "";
	}
	if (*match == '\0')
		return 0;
	char link[64], path[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof path - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	return strstr(path, match) != NULL;
}

static int
spend(int fd, size_t n)
{
	if (!hit(fd))
		return 0;
	if (budget < (long long)n) {
		errno = ENOSPC;
		return -1;
	}
	budget -= (long long)n;
	return 0;
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (fd > 2 && spend(fd, n) != 0)
		return -1;
	return real(fd, buf, n);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	static ssize_t (*real)(int, const void *, size_t, off_t);
	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite64");
	if (spend(fd, n) != 0)
		return -1;
	return real(fd, buf, n, off);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return pwrite64(fd, buf, n, off);
}

int
fsync(int fd)
{
	static int (*real)(int);
	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (hit(fd) && budget <= 0) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}
