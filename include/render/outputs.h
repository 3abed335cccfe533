/* outputs.h: every file of a report, as one table (render/outputs.c): the
 * data files, index.html, report.md, report.pdf, the system design
 * documents and the charts. Each row renders from the one report model into
 * a sink the caller provides; the run names no format. Adding a format is
 * one file with its render function and one row. */
#ifndef FR_OUTPUTS_H
#define FR_OUTPUTS_H

#include <stddef.h>

#include "base/buf.h"
#include "base/templates.h"
#include "core/result.h"
#include "render/plot.h"

/* Where the files go: write puts one file at a path relative to OUT_DIR;
 * step is told the name of each part before it runs (the run's trace, and a
 * place to stop at a signal). Either returns an FR_E* code to stop. */
struct fr_sink {
	int (*write)(void *ctx, const char *path, const struct fr_buf *data, char **err);
	int (*step)(void *ctx, const char *name, char **err);
	void *ctx;
};

/* How many files fr_outputs_render writes for r and plot, known before the
 * run's own figures are drawn (they are counted: FR_PLOT_RUN_FIGS). */
size_t fr_outputs_count(const struct fr_result *r, const struct fr_plot *plot);

/* Fills the documents from r, builds the report model and renders every row
 * of the table into out, in order. r must be complete. */
int fr_outputs_render(const struct fr_result *r, const struct fr_plot *plot,
                      struct fr_templates *t, const struct fr_sink *out, char **err);

#endif
