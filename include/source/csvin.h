/* csvin.h: streaming reader of RFC 4180 CSV files (libcsv in strict mode),
 * with physical line numbers, a UTF-8 check and caps that keep memory
 * bounded on hostile files. */
#ifndef FR_CSVIN_H
#define FR_CSVIN_H

#include <stddef.h>
#include <stdint.h>

/* A field is longer than this: a stray quote has swallowed the file. */
#define FR_CSVIN_MAX_FIELD (1u << 20)
/* A row has more fields than this. */
#define FR_CSVIN_MAX_FIELDS 4096

/* One field of a record: NUL-terminated, valid UTF-8 without NUL. */
struct fr_csvin_field {
	const char *s;
	size_t len;
};

/*
 * Called for each record (the header first) with the physical line it
 * starts on. Blank lines are skipped. Return FR_OK to go on; anything else
 * stops the read and is returned by fr_csvin_read. The fields are only
 * valid during the call.
 */
typedef int (*fr_csvin_row_fn)(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n,
                               char **err);

/*
 * Reads the file at path, calling fn per record. name is how errors call
 * the file ("events.csv"). Malformed CSV (an unterminated or stray quote),
 * a field over FR_CSVIN_MAX_FIELD bytes, a row over FR_CSVIN_MAX_FIELDS
 * fields, a NUL byte or invalid UTF-8 are FR_EDATA with the line; a file
 * that cannot be read is FR_EIO. A UTF-8 BOM is skipped; LF, CRLF and lone
 * CR end lines alike.
 */
int fr_csvin_read(const char *path, const char *name, fr_csvin_row_fn fn, void *ctx, char **err);

/* The same over len bytes in memory (for the fuzzer and the tests). */
int fr_csvin_read_mem(const void *data, size_t len, const char *name, fr_csvin_row_fn fn, void *ctx,
                      char **err);

/* Index of the header field equal to name, or -1. */
int fr_csvin_find(const struct fr_csvin_field *f, size_t n, const char *name);

/*
 * Checks a header: no empty and no repeated names. FR_EDATA naming the
 * column otherwise.
 */
int fr_csvin_check_header(const char *name, const struct fr_csvin_field *f, size_t n, char **err);

/* Appends s (len bytes) to out for an error message: quoted, at most 60
 * characters, control and non-UTF-8 bytes shown as \xNN. Returns out. */
struct fr_buf;
const char *fr_csvin_quote(struct fr_buf *out, const char *s, size_t len);

#endif
