/* csvw.c: CSV writer. */
#include "csvw.h"

#include "escape.h"
#include "pct.h"

void
fr_csvw_init(struct fr_csvw *w, struct fr_buf *out)
{
	w->out = out;
	w->ncols = 0;
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
	fr_escape_csv(w->out, s);
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
