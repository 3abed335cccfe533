/* paths.h: the places the command line names, checked against each other
 * before the heavy work (with base/files.h), so no run deletes or
 * overwrites a file of the user's. */
#ifndef FR_PATHS_H
#define FR_PATHS_H

#include "config.h"

/*
 * The checks of cfg's paths against each other (docs/BAD_INPUTS.md 31, 32,
 * 34): no input (CSV, database, step table, --templates) inside OUT_DIR,
 * which the run replaces as a whole; --keep-warehouse neither inside OUT_DIR
 * nor an input nor a symbolic link, and if it exists, a warehouse this tool
 * kept (FR_EUSAGE naming the option and why). An OUT_DIR whose directory
 * does not exist is left for fr_publish_begin to report.
 */
int fr_paths_check(const struct fr_config *cfg, char **err);

#endif
