/* buf.h: the one growable byte buffer that all text output is built in. */
#ifndef FR_BUF_H
#define FR_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

/*
 * A buffer owns ptr. ptr is always NUL-terminated once anything has been
 * written (len excludes the NUL); a zeroed struct is an empty buffer.
 */
struct fr_buf {
	char *ptr;
	size_t len;
	size_t cap;
};

#define FR_BUF_INIT {NULL, 0, 0}

void fr_buf_free(struct fr_buf *b);
void fr_buf_clear(struct fr_buf *b);
void fr_buf_grow(struct fr_buf *b, size_t extra);
void fr_buf_put(struct fr_buf *b, const void *p, size_t n);
void fr_buf_puts(struct fr_buf *b, const char *s);
void fr_buf_putc(struct fr_buf *b, char c);
void fr_buf_printf(struct fr_buf *b, const char *fmt, ...) FR_PRINTF(2, 3);
void fr_buf_put_i64(struct fr_buf *b, int64_t v);
/* Writes v with a thousands separator: 90,400. */
void fr_buf_put_count(struct fr_buf *b, int64_t v);
/* Returns the contents as a C string ("" when empty); the buffer keeps it. */
const char *fr_buf_cstr(struct fr_buf *b);
/* Hands ptr to the caller (who frees it) and leaves the buffer empty. */
char *fr_buf_detach(struct fr_buf *b);

#endif
