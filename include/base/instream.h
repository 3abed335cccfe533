/* instream.h: the bytes of an input file, plain or gzip-compressed (told by
 * the magic bytes 1f 8b, never by the name), read in bounded memory: one
 * fixed input buffer and zlib's 32 KiB window, whatever the file's size or
 * compression ratio. It knows bytes, not lines: the CSV reader on top of it
 * counts the lines and names them in messages. */
#ifndef FR_INSTREAM_H
#define FR_INSTREAM_H

#include <stdbool.h>
#include <stddef.h>

struct fr_instream;

/*
 * Opens the file at path; *out is the caller's (fr_instream_free). FR_EIO
 * naming name ("events.csv") when it cannot be opened.
 */
int fr_instream_open(const char *path, const char *name, struct fr_instream **out, char **err);

/* The same over len bytes at data, which the stream borrows (len may be 0). */
struct fr_instream *fr_instream_mem(const void *data, size_t len);

/*
 * Reads up to cap bytes into buf: as many as there are, so fewer only at the
 * end, and *got 0 once at the end. A failure is FR_EDATA for a gzip stream
 * that is corrupt, ends early or is followed by other bytes, and for input
 * compressed some other way (xz, zstd, bzip2, zip); FR_EIO for a read error
 * or out of memory. *why then holds an allocated reason that does not name
 * the file: the caller knows the file and the line the data had reached.
 */
int fr_instream_read(struct fr_instream *s, void *buf, size_t cap, size_t *got, char **why);

/* Whether the input is gzip-compressed (known after the first read). */
bool fr_instream_gzip(const struct fr_instream *s);

/* Closes the file; fr_instream_free(NULL) does nothing. */
void fr_instream_free(struct fr_instream *s);

#endif
