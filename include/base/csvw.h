/* csvw.h: the one writer of RFC 4180 CSV (UTF-8, LF line ends). */
#ifndef FR_CSVW_H
#define FR_CSVW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

/* Writes into a buffer the caller owns; the writer owns nothing. */
struct fr_csvw {
	struct fr_buf *out;
	int ncols; /* fields written on the current row */
	bool safe; /* --csv-safe: text cells a spreadsheet would run get a ' */
};

/* A writer of exact values (safe is false; set it for --csv-safe). */
void fr_csvw_init(struct fr_csvw *w, struct fr_buf *out);
/* A text field, escaped; in safe mode prefixed with ' when it starts with
 * = + - @, a tab, a CR, or ' itself (so that fr_csvw_unsafe undoes it). */
void fr_csvw_str(struct fr_csvw *w, const char *s);
/* A number already formatted ("-0.25"), never prefixed. */
void fr_csvw_num(struct fr_csvw *w, const char *s);
/* A text cell of a file written in safe mode, as it was: s without the
 * one leading ' that safe mode put there (s itself if none). */
const char *fr_csvw_unsafe(const char *s);
void fr_csvw_i64(struct fr_csvw *w, int64_t v);
/* A percentage in hundredths (1234 -> "12.34"); negative means empty. */
void fr_csvw_pct(struct fr_csvw *w, int64_t hundredths);
void fr_csvw_empty(struct fr_csvw *w);
void fr_csvw_end(struct fr_csvw *w);

#endif
