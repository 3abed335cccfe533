/* buf.c: growable byte buffer. */
#include "base/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
fr_buf_free(struct fr_buf *b)
{
	if (b == NULL)
		return;
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void
fr_buf_clear(struct fr_buf *b)
{
	b->len = 0;
	if (b->ptr != NULL)
		b->ptr[0] = '\0';
}

void
fr_buf_grow(struct fr_buf *b, size_t extra)
{
	if (extra >= SIZE_MAX - b->len - 1)
		fr_xmalloc(SIZE_MAX); /* reports and aborts */
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->ptr = fr_xrealloc(b->ptr, cap);
	b->cap = cap;
}

void
fr_buf_put(struct fr_buf *b, const void *p, size_t n)
{
	fr_buf_grow(b, n);
	if (n > 0)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void
fr_buf_puts(struct fr_buf *b, const char *s)
{
	fr_buf_put(b, s, strlen(s));
}

void
fr_buf_putc(struct fr_buf *b, char c)
{
	fr_buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void
fr_buf_printf(struct fr_buf *b, const char *fmt, ...)
{
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	/* the analyzer loses track of a copied va_list */
	int n = vsnprintf(NULL, 0, fmt, aq); /* NOLINT(clang-analyzer-valist.Uninitialized) */
	va_end(aq);
	if (n > 0) {
		fr_buf_grow(b, (size_t)n);
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	} else {
		fr_buf_grow(b, 0);
		b->ptr[b->len] = '\0';
	}
	va_end(ap);
}

void
fr_buf_put_i64(struct fr_buf *b, int64_t v)
{
	fr_buf_printf(b, "%" PRId64, v);
}

void
fr_buf_put_count(struct fr_buf *b, int64_t v)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%" PRId64, v);
	int start = digits[0] == '-' ? 1 : 0;
	fr_buf_put(b, digits, (size_t)start);
	for (int i = start; i < n; i++) {
		if (i > start && (n - i) % 3 == 0)
			fr_buf_putc(b, ',');
		fr_buf_putc(b, digits[i]);
	}
}

const char *
fr_buf_cstr(struct fr_buf *b)
{
	fr_buf_grow(b, 0);
	b->ptr[b->len] = '\0';
	return b->ptr;
}

char *
fr_buf_detach(struct fr_buf *b)
{
	fr_buf_cstr(b);
	char *p = b->ptr;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}
