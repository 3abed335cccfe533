/* run.h: one run of the report as a graph of five stages over one temporary
 * warehouse: extract -> model -> analyze -> plot -> publish. */
#ifndef FR_RUN_H
#define FR_RUN_H

#include "config.h"

/* The exit status of a run that published but whose --fail-on check held. */
#define FR_EXIT_GATE 4

/*
 * Runs cfg. On success the report is published into cfg->out_dir, and
 * *gate (if gate is not NULL) is NULL or an allocated line naming the
 * --fail-on checks that held. On failure nothing is published, the
 * previous report is untouched and no temporary file is left; the status
 * says why (FR_EINTR: *signal tells which signal stopped it).
 */
int fr_run(const struct fr_config *cfg, int *signal, char **gate, char **err);

#endif
