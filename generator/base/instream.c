/* instream.c: plain and gzip input behind one read function (zlib). */
#include "base/instream.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/fault.h"
#include "base/util.h"

/* Raw bytes read ahead from a file at a time. */
#define INSTREAM_CHUNK (64u * 1024u)

struct fr_instream {
	FILE *f;                   /* NULL: the bytes are in memory */
	unsigned char *in;         /* INSTREAM_CHUNK bytes read ahead from f */
	const unsigned char *next; /* unread raw bytes: in f's read-ahead or in memory */
	size_t avail;
	bool eof;     /* nothing more to read from f (or memory) */
	bool started; /* the first bytes have been looked at */
	bool gzip;
	bool zlive;       /* z is initialised */
	bool member_done; /* the last gzip member has ended: another may follow */
	int failed;       /* a failure held back until the bytes before it are read */
	char *failed_why;
	z_stream z;
};

/* Compressed some other way: said plainly, not as "invalid UTF-8". */
static const struct {
	const char *magic;
	size_t len;
	const char *what, *tool;
} instream_others[] = {
    {"\xfd\x37\x7a\x58\x5a", 5, "xz", "unxz"}, /* \xfd "7zXZ" */
    {"\x28\xb5\x2f\xfd", 4, "zstd", "unzstd"},
    {"PK\x03\x04", 4, "a zip archive", "unzip"},
};

int
fr_instream_open(const char *path, const char *name, struct fr_instream **out, char **err)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return fr_fail(err, FR_EIO, "%s: %s", name, strerror(errno));
	struct fr_instream *s = fr_xcalloc(1, sizeof *s);
	s->f = f;
	s->in = fr_xmalloc(INSTREAM_CHUNK);
	s->next = s->in;
	*out = s;
	return FR_OK;
}

struct fr_instream *
fr_instream_mem(const void *data, size_t len)
{
	struct fr_instream *s = fr_xcalloc(1, sizeof *s);
	s->next = data;
	s->avail = data != NULL ? len : 0;
	s->eof = true;
	return s;
}

void
fr_instream_free(struct fr_instream *s)
{
	if (s == NULL)
		return;
	if (s->zlive)
		inflateEnd(&s->z);
	if (s->f != NULL)
		fclose(s->f); /* read-only: nothing to lose */
	free(s->failed_why);
	free(s->in);
	free(s);
}

bool
fr_instream_gzip(const struct fr_instream *s)
{
	return s->gzip;
}

static int instream_fail(char **why, int status, const char *fmt, ...) FR_PRINTF(3, 4);

static int
instream_fail(char **why, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = fr_xvasprintf(fmt, ap);
	va_end(ap);
	if (why != NULL && *why == NULL)
		*why = msg;
	else
		free(msg);
	return status;
}

/* Reads ahead from the file when every raw byte so far is used. */
static int
instream_refill(struct fr_instream *s, char **why)
{
	if (s->avail > 0 || s->eof)
		return FR_OK;
	size_t n = fread(s->in, 1, INSTREAM_CHUNK, s->f);
	if (n == 0 && ferror(s->f))
		return instream_fail(why, FR_EIO, "read error: %s", strerror(errno));
	s->next = s->in;
	s->avail = n;
	s->eof = n == 0;
	return FR_OK;
}

/* zlib's allocations, through the fault injector in test builds. */
static voidpf
instream_zalloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return fr_fault(FR_FAULT_ZLIB) ? Z_NULL : calloc(items, size);
}

static void
instream_zfree(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/* Looks at the first bytes: gzip, another compression, or plain. */
static int
instream_start(struct fr_instream *s, char **why)
{
	s->started = true;
	int rc = instream_refill(s, why);
	if (rc != FR_OK)
		return rc;
	for (size_t i = 0; i < sizeof instream_others / sizeof instream_others[0]; i++)
		if (s->avail >= instream_others[i].len &&
		    memcmp(s->next, instream_others[i].magic, instream_others[i].len) == 0)
			return instream_fail(
			    why, FR_EDATA,
			    "the file is %s%s, but only plain and gzip CSV are read "
			    "(%s it first)",
			    instream_others[i].what, i < 2 ? "-compressed" : "",
			    instream_others[i].tool);
	if (s->avail < 2 || s->next[0] != 0x1f || s->next[1] != 0x8b)
		return FR_OK;
	s->gzip = true;
	s->z.zalloc = instream_zalloc;
	s->z.zfree = instream_zfree;
	switch (inflateInit2(&s->z, 16 + MAX_WBITS)) { /* 16: a gzip wrapper, not zlib's */
	case Z_OK: s->zlive = true; return FR_OK;
	case Z_MEM_ERROR: return instream_fail(why, FR_EIO, "out of memory");
	default: return instream_fail(why, FR_EIO, "cannot set up zlib");
	}
}

static int
instream_plain(struct fr_instream *s, unsigned char *buf, size_t cap, size_t *got, char **why)
{
	size_t n = 0;
	while (n < cap) {
		if (s->avail > 0) {
			size_t k = s->avail < cap - n ? s->avail : cap - n;
			memcpy(buf + n, s->next, k);
			s->next += k, s->avail -= k, n += k;
		} else if (s->eof) {
			break;
		} else { /* straight into the caller's buffer */
			size_t k = fread(buf + n, 1, cap - n, s->f);
			n += k;
			if (k == 0 && ferror(s->f)) {
				*got = n;
				return instream_fail(why, FR_EIO, "read error: %s",
				                     strerror(errno));
			}
			s->eof = k == 0;
		}
	}
	*got = n;
	return FR_OK;
}

static int
instream_inflate(struct fr_instream *s, unsigned char *buf, uInt room, size_t *got, char **why)
{
	z_stream *z = &s->z;
	z->next_out = buf;
	z->avail_out = room;
	int rc = FR_OK;
	while (rc == FR_OK && z->avail_out > 0) {
		rc = instream_refill(s, why);
		if (rc != FR_OK)
			break;
		if (s->member_done) { /* the end, or another member (cat a.gz b.gz) */
			if (s->avail == 0)
				break;
			if (s->next[0] != 0x1f) {
				rc = instream_fail(why, FR_EDATA,
				                   "other bytes follow the end of the gzip data");
				break;
			}
			inflateReset(z);
			s->member_done = false;
		}
		uInt in = s->avail < UINT_MAX ? (uInt)s->avail : UINT_MAX;
		z->next_in = (Bytef *)s->next;
		z->avail_in = in;
		int zr = inflate(z, Z_NO_FLUSH);
		size_t used = in - z->avail_in;
		s->next += used, s->avail -= used;
		if (zr == Z_STREAM_END)
			s->member_done = true; /* the CRC and length of the member checked */
		else if (zr == Z_BUF_ERROR && s->avail == 0 && s->eof)
			rc = instream_fail(why, FR_EDATA,
			                   "the gzip data ends early (the file is truncated)");
		else if (zr == Z_MEM_ERROR)
			rc = instream_fail(why, FR_EIO, "out of memory");
		else if (zr != Z_OK)
			rc = instream_fail(why, FR_EDATA, "corrupt gzip data (%s)",
			                   z->msg != NULL ? z->msg : "no progress");
	}
	*got = room - z->avail_out;
	return rc;
}

/* Fills buf from the gzip data, in parts of what zlib can count (uInt). */
static int
instream_gunzip(struct fr_instream *s, unsigned char *buf, size_t cap, size_t *got, char **why)
{
	int rc = FR_OK;
	while (rc == FR_OK && *got < cap) {
		size_t part = cap - *got < UINT_MAX ? cap - *got : UINT_MAX, n;
		rc = instream_inflate(s, buf + *got, (uInt)part, &n, why);
		*got += n;
		if (n < part)
			break; /* the end */
	}
	return rc;
}

int
fr_instream_read(struct fr_instream *s, void *buf, size_t cap, size_t *got, char **why)
{
	*got = 0;
	char *msg = NULL;
	int rc = s->failed;
	if (rc != FR_OK) /* the bytes before the failure went out last time */
		msg = fr_xstrdup(s->failed_why);
	else if (!s->started) {
		rc = instream_start(s, &msg);
	}
	if (rc == FR_OK)
		rc = s->gzip ? instream_gunzip(s, buf, cap, got, &msg)
		             : instream_plain(s, buf, cap, got, &msg);
	if (rc != FR_OK && *got > 0) {
		/* hand on what came before the damage first, so that the reader's
		 * line number says how far the data got */
		s->failed = rc;
		s->failed_why = msg;
		return FR_OK;
	}
	if (rc != FR_OK && why != NULL && *why == NULL)
		*why = msg;
	else
		free(msg);
	return rc;
}
