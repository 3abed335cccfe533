/* csvin.c: CSV reading on top of libcsv. */
#include "source/csvin.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/fault.h"
#include "base/instream.h"
#include "base/interrupt.h"
#include "base/readmeter.h"
#include "base/util.h"

#define CSVIN_CHUNK (256u * 1024u)

struct csvin {
	const char *name;
	fr_csvin_row_fn fn;
	void *ctx;
	char **err;
	int rc;                /* first failure; callbacks do nothing after it */
	struct fr_buf row;     /* the current record's fields, NUL-separated */
	size_t *offs;          /* field offsets into row */
	size_t *lens;
	size_t nfields;
	size_t cap;            /* room in offs, lens and fields */
	struct fr_csvin_field *fields;
	int64_t line;          /* physical line the parser is on */
	int64_t row_line;      /* line the current record started on */
	int last_cr;           /* the previous terminator was CR (CRLF is one end) */
	int64_t records;
};

/* Field content lines: embedded LF, CRLF or lone CR each end one line. */
static int64_t
csvin_count_lines(const char *s, size_t len)
{
	int64_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch > '\r') /* the common case: one compare a byte */
			continue;
		if (ch == '\n' || (ch == '\r' && (i + 1 == len || s[i + 1] != '\n')))
			n++;
	}
	return n;
}

/* Room for one more field. */
static void
csvin_room(struct csvin *c)
{
	if (c->nfields == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->offs = fr_xreallocarray(c->offs, c->cap, sizeof *c->offs);
		c->lens = fr_xreallocarray(c->lens, c->cap, sizeof *c->lens);
		c->fields = fr_xreallocarray(c->fields, c->cap, sizeof *c->fields);
	}
}

static void
csvin_field(void *s, size_t len, void *data)
{
	struct csvin *c = data;
	if (c->rc != FR_OK)
		return;
	const char *text = s != NULL ? s : "";
	c->last_cr = 0;
	if (c->nfields == 0)
		c->row_line = c->line;
	if (c->nfields >= FR_CSVIN_MAX_FIELDS) {
		c->rc = fr_fail(c->err, FR_EDATA, "%s:%lld: more than %d fields in a row", c->name,
		                (long long)c->row_line, FR_CSVIN_MAX_FIELDS);
		return;
	}
	if (!fr_utf8_valid(text, len)) {
		c->rc = fr_fail(c->err, FR_EDATA, "%s:%lld: field %zu: %s (the input must be UTF-8)",
		                c->name, (long long)c->row_line, c->nfields + 1,
		                memchr(text, '\0', len) ? "a NUL byte" : "invalid UTF-8");
		return;
	}
	csvin_room(c);
	c->offs[c->nfields] = c->row.len;
	c->lens[c->nfields] = len;
	fr_buf_grow(&c->row, len + 1);
	memcpy(c->row.ptr + c->row.len, text, len);
	c->row.ptr[c->row.len + len] = '\0';
	c->row.len += len + 1;
	c->nfields++;
	c->line += csvin_count_lines(text, len);
}

static void
csvin_row(int term, void *data)
{
	struct csvin *c = data;
	if (c->rc != FR_OK)
		return;
	if (term == '\n' && c->last_cr) {
		c->last_cr = 0; /* the LF of a CRLF */
		return;
	}
	c->last_cr = term == '\r';
	if (c->nfields > 0) {
		for (size_t i = 0; i < c->nfields; i++)
			c->fields[i] = (struct fr_csvin_field){c->row.ptr + c->offs[i], c->lens[i]};
		c->records++;
		c->rc = c->fn(c->ctx, c->row_line, c->fields, c->nfields, c->err);
		if (c->rc == FR_OK && (c->records & 4095) == 0 && fr_interrupt_pending())
			c->rc = fr_fail(c->err, FR_EINTR, "interrupted");
	}
	c->nfields = 0;
	fr_buf_clear(&c->row);
	if (term != -1)
		c->line++;
}

/* libcsv's buffer growth, through the fault injector in test builds. */
static void *
csvin_realloc(void *p, size_t n)
{
	return fr_fault(FR_FAULT_CSV) ? NULL : realloc(p, n);
}

/* libcsv would strip spaces and tabs around unquoted fields; we keep values as they are. */
static int
csvin_no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

/*
 * One line with no quote and no carriage return but at its end, while
 * libcsv is between records: split at commas with memchr and hand the
 * fields on as libcsv would (the terminators too, so line counting and
 * CRLF stay where they are). Everything else goes to libcsv, which owns
 * RFC 4180's hard part.
 */
/*
 * The common case of a plain line, whole: the line valid UTF-8 as one
 * string (a comma never falls inside a character, so then every field is),
 * copied once and cut at its commas. 0, with nothing done, for a line that
 * is not valid or has too many fields: csvin_field then finds the field
 * and says what is wrong with it.
 */
static int
csvin_split_line(struct csvin *c, const unsigned char *s, size_t len)
{
	if (c->nfields != 0 || !fr_utf8_valid((const char *)s, len))
		return 0;
	fr_buf_clear(&c->row);
	fr_buf_grow(&c->row, len + 1);
	char *d = c->row.ptr, *p = d, *end = d + len;
	memcpy(d, s, len);
	*end = '\0';
	for (;;) {
		if (c->nfields >= FR_CSVIN_MAX_FIELDS) {
			c->nfields = 0;
			fr_buf_clear(&c->row);
			return 0;
		}
		char *comma = memchr(p, ',', (size_t)(end - p));
		char *stop = comma != NULL ? comma : end;
		csvin_room(c);
		c->offs[c->nfields] = (size_t)(p - d);
		c->lens[c->nfields] = (size_t)(stop - p);
		c->nfields++;
		if (comma == NULL)
			break;
		*comma = '\0';
		p = comma + 1; /* after a trailing comma: the empty last field at end */
	}
	c->row.len = len + 1;
	c->row_line = c->line;
	c->last_cr = 0;
	return 1;
}

static void
csvin_plain_line(struct csvin *c, const unsigned char *s, size_t len)
{
	int crlf = len > 0 && s[len - 1] == '\r';
	if (crlf)
		len--;
	if (len > 0 && c->rc == FR_OK && csvin_split_line(c, s, len)) {
		if (crlf)
			csvin_row('\r', c);
		csvin_row('\n', c);
		return;
	}
	const unsigned char *p = s, *end = s + len;
	while (len > 0 && c->rc == FR_OK) {
		const unsigned char *comma = memchr(p, ',', (size_t)(end - p));
		const unsigned char *stop = comma != NULL ? comma : end;
		csvin_field((void *)p, (size_t)(stop - p), c);
		if (comma == NULL)
			break;
		p = comma + 1;
		if (p == end) { /* a trailing comma: an empty last field */
			csvin_field((void *)p, 0, c);
			break;
		}
	}
	if (crlf)
		csvin_row('\r', c);
	csvin_row('\n', c);
}

/* Feeds libcsv a piece of the input; a failure goes to c->rc. */
static void
csvin_libcsv(struct csvin *c, struct csv_parser *p, const unsigned char *s, size_t n)
{
	size_t done = csv_parse(p, s, n, csvin_field, csvin_row, c);
	if (c->rc == FR_OK && done != n && csv_error(p) == CSV_ENOMEM) {
		c->rc = fr_fail(c->err, FR_EIO, "%s: out of memory", c->name);
	} else if (c->rc == FR_OK && done != n) {
		/* the line the broken record starts on, plus the lines its fields held */
		int64_t at = c->nfields > 0 ? c->row_line : c->line;
		c->rc = fr_fail(c->err, FR_EDATA, "%s:%lld: malformed CSV: %s", c->name, (long long)at,
		                csv_error(p) == CSV_EPARSE ? "a quote where none may be (fields with "
		                                             "quotes, commas or line breaks must be "
		                                             "quoted, and quotes inside doubled)"
		                                           : csv_strerror(csv_error(p)));
	}
	/* libcsv holds a field until it ends: a stray quote would make it the whole file. */
	if (c->rc == FR_OK && csv_get_buffer_size(p) > FR_CSVIN_MAX_FIELD)
		c->rc = fr_fail(c->err, FR_EDATA,
		                "%s:%lld: a field longer than %u bytes (an unterminated quote?)", c->name,
		                (long long)c->line, FR_CSVIN_MAX_FIELD);
}

/* A chunk of the input, line by line: plain lines by memchr, the rest (a
 * quote, a lone CR, a record libcsv has begun, the chunk's unfinished
 * tail) by libcsv. libcsv's pstate 0 is "no record begun". */
static void
csvin_chunk(struct csvin *c, struct csv_parser *p, const unsigned char *s, size_t n)
{
	size_t pos = 0;
	/* most chunks hold no quote and no CR at all: then no line needs looking at for them */
	int quotes = memchr(s, '"', n) != NULL, crs = memchr(s, '\r', n) != NULL;
	while (pos < n && c->rc == FR_OK) {
		const unsigned char *nl = memchr(s + pos, '\n', n - pos);
		size_t end = nl != NULL ? (size_t)(nl - s) + 1 : n;
		size_t len = end - pos - (nl != NULL);
		if (nl != NULL && p->pstate == 0 && (!quotes || memchr(s + pos, '"', len) == NULL) &&
		    (!crs || len == 0 || memchr(s + pos, '\r', len - 1) == NULL))
			csvin_plain_line(c, s + pos, len);
		else
			csvin_libcsv(c, p, s + pos, end - pos);
		pos = end;
	}
}

static int csvin_stream(struct fr_instream *in, const char *name, fr_csvin_row_fn fn, void *ctx,
                        char **err);

int
fr_csvin_read(const char *path, const char *name, fr_csvin_row_fn fn, void *ctx, char **err)
{
	struct fr_instream *in;
	int rc = fr_instream_open(path, name, &in, err);
	if (rc != FR_OK)
		return rc;
	rc = csvin_stream(in, name, fn, ctx, err);
	fr_instream_free(in);
	return rc;
}

int
fr_csvin_read_mem(const void *data, size_t len, const char *name, fr_csvin_row_fn fn, void *ctx,
                  char **err)
{
	struct fr_instream *in = fr_instream_mem(data, len);
	int rc = csvin_stream(in, name, fn, ctx, err);
	fr_instream_free(in);
	return rc;
}

/* Reads in to its end: plain or gzip bytes alike (base/instream.h). */
static int
csvin_stream(struct fr_instream *in, const char *name, fr_csvin_row_fn fn, void *ctx, char **err)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		return fr_fail(err, FR_EIO, "%s: cannot set up the CSV parser", name);
	csv_set_space_func(&p, csvin_no_space);
	csv_set_realloc_func(&p, csvin_realloc);
	/* libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default: a field of a megabyte was 8,192 reallocations, each a copy
	 * under ASan, which took a minute) */
	csv_set_blk_size(&p, 64u * 1024u);
	struct csvin c = {0};
	c.name = name, c.fn = fn, c.ctx = ctx, c.err = err, c.line = 1;
	unsigned char *chunk = fr_xmalloc(CSVIN_CHUNK);
	int first = 1;
	size_t n;
	char *why = NULL;
	while (c.rc == FR_OK) {
		int rrc = fr_instream_read(in, chunk, CSVIN_CHUNK, &n, &why);
		if (rrc != FR_OK) { /* the line the data had reached: where the damage begins */
			c.rc = fr_fail(err, rrc, "%s:%lld: %s", name, (long long)c.line, why);
			break;
		}
		if (n == 0)
			break;
		/* a long run of blank lines makes no records to poll at */
		if (fr_interrupt_pending()) {
			c.rc = fr_fail(err, FR_EINTR, "interrupted");
			break;
		}
		unsigned char *s = chunk;
		fr_readmeter_add((int64_t)n);
		if (first && n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
			s += 3, n -= 3;
		first = 0;
		csvin_chunk(&c, &p, s, n);
	}
	if (c.rc == FR_OK && csv_fini(&p, csvin_field, csvin_row, &c) != 0 && c.rc == FR_OK)
		c.rc = fr_fail(err, FR_EDATA, "%s:%lld: malformed CSV: a quoted field is not closed before "
		                              "the end of the file",
		               name, (long long)c.row_line);
	csv_free(&p);
	free(why);
	free(chunk);
	fr_buf_free(&c.row);
	free(c.offs);
	free(c.lens);
	free(c.fields);
	return c.rc;
}

int
fr_csvin_find(const struct fr_csvin_field *f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].s, name) == 0)
			return (int)i;
	return -1;
}

int
fr_csvin_check_header(const char *name, const struct fr_csvin_field *f, size_t n, char **err)
{
	for (size_t i = 0; i < n; i++) {
		if (f[i].len == 0)
			return fr_fail(err, FR_EDATA, "%s:1: column %zu has no name in the header", name, i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(f[i].s, f[j].s) == 0) {
				struct fr_buf q = FR_BUF_INIT;
				int rc = fr_fail(err, FR_EDATA, "%s:1: column %s appears twice in the header", name,
				                 fr_csvin_quote(&q, f[i].s, f[i].len));
				fr_buf_free(&q);
				return rc;
			}
	}
	return FR_OK;
}

const char *
fr_csvin_quote(struct fr_buf *out, const char *s, size_t len)
{
	fr_buf_putc(out, '"');
	size_t shown = 0, i = 0;
	while (i < len && shown < 60) {
		unsigned char ch = (unsigned char)s[i];
		size_t n = ch < 0x80 ? 1 : (ch & 0xe0) == 0xc0 ? 2 : (ch & 0xf0) == 0xe0 ? 3 : (ch & 0xf8) == 0xf0 ? 4 : 0;
		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') {
			fr_buf_putc(out, (char)ch);
			i++;
		} else if (n > 1 && i + n <= len && fr_utf8_valid(s + i, n)) {
			fr_buf_put(out, s + i, n);
			i += n;
		} else {
			fr_buf_printf(out, "\\x%02x", ch);
			i++;
		}
		shown++;
	}
	if (i < len)
		fr_buf_puts(out, "...");
	fr_buf_putc(out, '"');
	return fr_buf_cstr(out);
}
