/* text.h: text that comes from outside (data values, names, the command
 * line): the one cap on a value's length that every source applies, the
 * check of command-line text, and labels cut short before a layout. */
#ifndef FR_TEXT_H
#define FR_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/*
 * The longest value any source may hold, in bytes: a user id, a page, an
 * attribute's name or value, a cube's dimension or step name. Longer is bad
 * input, never cut: a value is kept exactly or not at all. Every id and
 * label people use fits many times over, and it bounds what a layout of
 * labels can cost.
 */
#define FR_TEXT_MAX_VALUE 1024

/*
 * FR_OK when len bytes at s fit FR_TEXT_MAX_VALUE; else FR_EDATA with
 * "WHERE: column COLUMN: a value of N bytes (values are at most 1,024
 * bytes)". where is a place such as "users.csv:12".
 */
int fr_text_check_value(const char *where, const char *column, size_t len, char **err);

/*
 * Whether s is fit to come from the command line into the report: valid
 * UTF-8 without control characters (C0, DEL, C1). If not, *why says what
 * is wrong ("invalid UTF-8", "a control character").
 */
bool fr_text_option_ok(const char *s, const char **why);

/*
 * Whether name can name a dimension: breakdowns join dimension names with
 * '+' and segments join name=value pairs with ';', so a name holding one of
 * "+;=" (or the name "overall", the breakdown of everyone) would make two
 * breakdowns or segments read alike. If not, *why says so.
 */
bool fr_text_dim_name_ok(const char *name, const char **why);

/*
 * s cut to at most max bytes on a character boundary, with "…" (three
 * more bytes) when cut; text that is not valid UTF-8 becomes "?". The
 * result lives in tmp (cleared first) or is s itself. For labels about to
 * be laid out: a layout's cost grows faster than its text.
 */
const char *fr_text_clip(const char *s, size_t max, struct fr_buf *tmp);

#endif
