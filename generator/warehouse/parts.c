/* parts.c: user-partitioned temporary files of page visits. */
#define _POSIX_C_SOURCE 200809L
#include "warehouse/parts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"

/* About this many users a partition: with a few visits each, a partition
 * is a few megabytes in memory when it is read back. */
#define PARTS_USERS 32768
#define PARTS_MAX 256
#define PARTS_BUF 2048 /* visits buffered per partition (48 KiB) */

struct part {
	int fd;
	struct fr_visit *buf;
	size_t nbuf;
	int64_t count;
};

struct fr_parts {
	size_t nusers;
	size_t n;
	struct part *p;
	int64_t visits;
};

/* Where the partition files go: TMPDIR, as mkstemp(3) users expect. */
static const char *
parts_dir(void)
{
	const char *dir = getenv("TMPDIR");
	return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

static int
parts_fail(int e, char **err)
{
	const char *dir = parts_dir();
	if (e == ENOSPC)
		return fr_fail(err, FR_EIO, "temporary directory %s: no space left (set TMPDIR)", dir);
	return fr_fail(err, FR_EIO, "temporary directory %s (TMPDIR): %s", dir, strerror(e));
}

int
fr_parts_new(size_t nusers, struct fr_parts **out, char **err)
{
	struct fr_parts *p = fr_xcalloc(1, sizeof *p);
	p->nusers = nusers ? nusers : 1;
	p->n = nusers / PARTS_USERS + 1;
	if (p->n > PARTS_MAX)
		p->n = PARTS_MAX;
	p->p = fr_xcalloc(p->n, sizeof *p->p);
	for (size_t i = 0; i < p->n; i++)
		p->p[i].fd = -1;
	const char *dir = parts_dir();
	for (size_t i = 0; i < p->n; i++) {
		char *path = fr_xasprintf("%s/funnel-report-visits-XXXXXX", dir);
		int fd = mkstemp(path);
		int e = errno;
		if (fd >= 0)
			unlink(path); /* gone at once: the open descriptor keeps it */
		free(path);
		if (fd < 0) {
			fr_parts_free(p);
			return parts_fail(e, err);
		}
		p->p[i].fd = fd;
		p->p[i].buf = fr_xmalloc(PARTS_BUF * sizeof(struct fr_visit));
	}
	*out = p;
	return FR_OK;
}

void
fr_parts_free(struct fr_parts *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++) {
		if (p->p[i].fd >= 0)
			close(p->p[i].fd);
		free(p->p[i].buf);
	}
	free(p->p);
	free(p);
}

static int
parts_write(int fd, const void *data, size_t len, char **err)
{
	const char *c = data;
	while (len > 0) {
		ssize_t w = write(fd, c, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return parts_fail(w < 0 ? errno : ENOSPC, err);
		c += w;
		len -= (size_t)w;
	}
	return FR_OK;
}

static int
parts_flush(struct part *q, char **err)
{
	int rc = parts_write(q->fd, q->buf, q->nbuf * sizeof *q->buf, err);
	q->nbuf = 0;
	return rc;
}

int
fr_parts_add(struct fr_parts *p, const struct fr_visit *v, char **err)
{
	struct part *q = &p->p[(uint64_t)v->user * p->n / p->nusers];
	q->buf[q->nbuf++] = *v;
	q->count++;
	p->visits++;
	return q->nbuf == PARTS_BUF ? parts_flush(q, err) : FR_OK;
}

int
fr_parts_finish(struct fr_parts *p, char **err)
{
	for (size_t i = 0; i < p->n; i++) {
		int rc = parts_flush(&p->p[i], err);
		if (rc != FR_OK)
			return rc;
		free(p->p[i].buf);
		p->p[i].buf = NULL;
	}
	return FR_OK;
}

size_t
fr_parts_count(const struct fr_parts *p)
{
	return p->n;
}

void
fr_parts_users(const struct fr_parts *p, size_t i, uint32_t *first, uint32_t *end)
{
	/* the smallest u with u * n / nusers >= i */
	*first = (uint32_t)((i * p->nusers + p->n - 1) / p->n);
	*end = (uint32_t)(((i + 1) * p->nusers + p->n - 1) / p->n);
	if (*end > p->nusers)
		*end = (uint32_t)p->nusers;
}

size_t
fr_parts_visits(const struct fr_parts *p, size_t i)
{
	return (size_t)p->p[i].count;
}

int
fr_parts_read(const struct fr_parts *p, size_t i, struct fr_visit **buf, size_t *cap, size_t *n,
              char **err)
{
	const struct part *q = &p->p[i];
	size_t count = (size_t)q->count;
	*n = 0;
	if (count > *cap) {
		free(*buf);
		*buf = fr_xmalloc(count * sizeof **buf);
		*cap = count;
	}
	size_t want = count * sizeof **buf, got = 0;
	while (got < want) {
		ssize_t r = pread(q->fd, (char *)*buf + got, want - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? parts_fail(errno, err)
			             : fr_fail(err, FR_EIO, "temporary directory %s: a partition file was cut short",
			                      parts_dir());
		got += (size_t)r;
	}
	*n = count;
	return FR_OK;
}

