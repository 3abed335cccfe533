/* run.h: one run of the report as a graph of five stages over one temporary
 * warehouse: extract -> model -> analyze -> plot -> publish. */
#ifndef FR_RUN_H
#define FR_RUN_H

#include "config.h"

/*
 * Runs cfg. On success the report is published into cfg->out_dir. On
 * failure nothing is published, the previous report is untouched and no
 * temporary file is left; the status says why (FR_EINTR: *signal tells
 * which signal stopped it).
 */
int fr_run(const struct fr_config *cfg, int *signal, char **err);

#endif
