/* cubein.h: --from-cube DIR, the scale-out contract of SPEC section 7. The
 * two cube files (data/cube_funnel.csv, data/cube_visits.csv), as this tool
 * or a Spark job over the data lake writes them, become a result that the
 * analyze stage rolls up like any other; data/summary.json and
 * data/time_to_convert.csv, when they are beside the cubes, bring back
 * what the cubes cannot hold (the steps' order, the settings, the data
 * quality, the stages, the times to convert), so that a run from the cube
 * its own run wrote gives the same report, byte for byte. */
#ifndef FR_CUBEIN_H
#define FR_CUBEIN_H

#include "core/result.h"

/*
 * Reads the cubes in DIR/data (or DIR itself, for a bare export) into r:
 * steps, dimensions, months, cube and vcube, and from summary.json (if
 * there) title (unless keep_title), source, period, settings (max_combo
 * unless keep_max_combo), inputs, data quality and stages, as the schema
 * of core/summary.h names them. FR_EDATA naming the file, line and column
 * for a file that is not a cube of this shape;
 * FR_EIO when a cube cannot be read.
 */
int fr_cubein_load(const char *dir, struct fr_result *r, bool keep_title, bool keep_max_combo,
                   char **err);

/*
 * Whether the report in DIR wrote its data files --csv-safe, as its
 * DIR/data/summary.json says (false when there is none). For --compare,
 * which reads DIR/data/funnel.csv back. FR_EDATA for a broken summary.
 */
int fr_cubein_csv_safe(const char *dir, bool *safe, char **err);

#endif
