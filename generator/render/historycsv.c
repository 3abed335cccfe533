/* historycsv.c: data/history.csv, through csvw. */
#include "render/historycsv.h"

#include <stdlib.h>

#include "analysis/history.h"
#include "base/csvw.h"
#include "base/util.h"

int
fr_historycsv_render(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	(void)err;
	const struct fr_result *r = rep->result;
	const struct fr_history *h = r->analysis.history;
	if (h == NULL)
		return FR_OK;
	struct fr_csvw w;
	fr_csvw_init(&w, out);
	w.safe = r->settings.csv_safe;
	fr_buf_puts(out, FR_HISTORY_COLUMNS);
	w.ncols = 1; /* the fixed columns are one cell to the writer */
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		/* a step's name is data: escaped (and made safe) like any cell */
		char *users = fr_xasprintf("%s_users", r->cube.steps[k]);
		char *pct = fr_xasprintf("%s_from_prev_pct", r->cube.steps[k]);
		fr_csvw_str(&w, users);
		fr_csvw_str(&w, pct);
		free(users);
		free(pct);
	}
	fr_csvw_end(&w);
	size_t last = r->cube.nsteps > 0 ? r->cube.nsteps - 1 : 0;
	for (size_t i = 0; i < h->nruns; i++) {
		const struct fr_history_run *run = &h->runs[i];
		fr_csvw_i64(&w, run->run);
		fr_csvw_str(&w, run->date);
		fr_csvw_i64(&w, r->cube.nsteps > 0 ? run->users[0] : 0);
		fr_csvw_i64(&w, r->cube.nsteps > 0 ? run->users[last] : 0);
		fr_csvw_pct(&w, run->conversion.pct);
		fr_csvw_i64(&w, (int64_t)run->nheld);
		fr_csvw_str(&w, run->held);
		for (size_t k = 0; k < r->cube.nsteps; k++) {
			fr_csvw_i64(&w, run->users[k]);
			fr_csvw_pct(&w, run->prev[k].pct);
		}
		fr_csvw_end(&w);
	}
	return FR_OK;
}
