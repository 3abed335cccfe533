/* csvw.c: CSV writer. */
#include "base/csvw.h"

#include <string.h>

#include "base/escape.h"
#include "base/pct.h"

void
fr_csvw_init(struct fr_csvw *w, struct fr_buf *out)
{
	w->out = out;
	w->ncols = 0;
	w->safe = false;
}

static void
csvw_sep(struct fr_csvw *w)
{
	if (w->ncols++ > 0)
		fr_buf_putc(w->out, ',');
}

void
fr_csvw_str(struct fr_csvw *w, const char *s)
{
	csvw_sep(w);
	/* Spreadsheets run a cell that starts with one of these as a formula;
	 * a leading ' makes it text, and is not shown. */
	if (w->safe && *s != '\0' && strchr("=+-@\t\r'", *s) != NULL) {
		struct fr_buf tmp = FR_BUF_INIT;
		fr_buf_putc(&tmp, '\'');
		fr_buf_puts(&tmp, s);
		fr_escape_csv(w->out, fr_buf_cstr(&tmp));
		fr_buf_free(&tmp);
		return;
	}
	fr_escape_csv(w->out, s);
}

void
fr_csvw_num(struct fr_csvw *w, const char *s)
{
	csvw_sep(w);
	fr_escape_csv(w->out, s);
}

const char *
fr_csvw_unsafe(const char *s)
{
	return *s == '\'' ? s + 1 : s;
}

void
fr_csvw_i64(struct fr_csvw *w, int64_t v)
{
	csvw_sep(w);
	fr_buf_put_i64(w->out, v);
}

void
fr_csvw_pct(struct fr_csvw *w, int64_t hundredths)
{
	csvw_sep(w);
	if (hundredths >= 0)
		fr_pct_put(w->out, hundredths);
}

void
fr_csvw_empty(struct fr_csvw *w)
{
	csvw_sep(w);
}

void
fr_csvw_end(struct fr_csvw *w)
{
	fr_buf_putc(w->out, '\n');
	w->ncols = 0;
}
