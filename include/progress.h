/* progress.h: how far the extract stage is while it runs, for a terminal:
 * the rows the sources hand on, counted on their way to the stage, and the
 * share of the input files' bytes read. */
#ifndef FR_PROGRESS_H
#define FR_PROGRESS_H

#include "config.h"
#include "source/rows.h"

/* Ticks at most this often, in seconds. */
#define FR_PROGRESS_EVERY 0.25

struct fr_progress;

/*
 * Puts a counter between the source and rows (which it then points at),
 * calling cfg->tick at most every FR_PROGRESS_EVERY seconds. NULL, with
 * rows unchanged, when cfg has no tick. Free it after the last row.
 */
struct fr_progress *fr_progress_new(const struct fr_config *cfg, struct fr_rows *rows);
void fr_progress_free(struct fr_progress *p);

#endif
