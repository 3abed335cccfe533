/* datafiles.h: the machine-readable outputs of SPEC section 5, each a row of
 * the outputs table (render/outputs.c): data/funnel.csv, data/visits.csv,
 * data/cube_funnel.csv, data/cube_visits.csv, data/summary.json,
 * data/time_to_convert.csv and, with --compare, data/compare.csv. Each
 * renders from the report's result into out. */
#ifndef FR_DATAFILES_H
#define FR_DATAFILES_H

#include "base/buf.h"
#include "render/report.h"

int fr_datafiles_funnel(const struct fr_report *rep, struct fr_buf *out, char **err);
int fr_datafiles_visits(const struct fr_report *rep, struct fr_buf *out, char **err);
int fr_datafiles_cube_funnel(const struct fr_report *rep, struct fr_buf *out, char **err);
int fr_datafiles_cube_visits(const struct fr_report *rep, struct fr_buf *out, char **err);
int fr_datafiles_summary(const struct fr_report *rep, struct fr_buf *out, char **err);
/* A header only in any-order mode. */
int fr_datafiles_ttc(const struct fr_report *rep, struct fr_buf *out, char **err);
int fr_datafiles_compare(const struct fr_report *rep, struct fr_buf *out, char **err);

#endif
