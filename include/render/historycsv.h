/* historycsv.h: data/history.csv, a row of the outputs table: every run of
 * the report, oldest first, this run last (analysis/history.h). */
#ifndef FR_HISTORYCSV_H
#define FR_HISTORYCSV_H

#include "base/buf.h"
#include "render/report.h"

/* The columns of FR_HISTORY_COLUMNS, then NAME_users and NAME_from_prev_pct
 * for each step. Nothing without a history (no row in the table then). */
int fr_historycsv_render(const struct fr_report *rep, struct fr_buf *out, char **err);

#endif
