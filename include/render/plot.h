/* plot.h: the plot stage. Decides what to draw from the results (the overall
 * funnel, the three headline analyses of the system design, a chart per
 * single-dimension breakdown, the run's stages) and renders each chart to
 * PNG and SVG; the PDF renderer draws the same charts again on its pages. */
#ifndef FR_PLOT_H
#define FR_PLOT_H

#include <stdbool.h>

#include "base/buf.h"
#include "render/chart.h"
#include "core/result.h"

/* Where a figure belongs in the report. */
enum fr_figure_place {
	FR_FIG_OVERALL,   /* the overall funnel */
	FR_FIG_HEADLINE,  /* one of the three headline analyses */
	FR_FIG_COHORTS,   /* conversion by entry month */
	FR_FIG_TTC,       /* time to convert */
	FR_FIG_HISTORY,   /* conversion over the runs of the report */
	FR_FIG_BREAKDOWN, /* a single-dimension breakdown */
	FR_FIG_RUN,       /* the run's stages */
	FR_FIG_DOCS,      /* a figure of the system design documents */
	FR_FIG_COMPARE,   /* the largest changes since the previous run */
};

struct fr_figure {
	char *slug;        /* file name in charts/, without extension: safe and unique */
	char *title;
	char *alt;         /* a text alternative: what the chart shows, in words */
	enum fr_figure_place place;
	size_t breakdown;  /* for FR_FIG_BREAKDOWN: index into the result's funnel */
	struct fr_chart *chart;
	struct fr_buf png; /* at 2x */
	struct fr_buf svg;
	struct fr_buf svg_narrow; /* drawn FR_CHART_NARROW wide, for a phone */
	double narrow_w, narrow_h; /* its size */
};

struct fr_plot {
	struct fr_figure *figs;
	size_t nfigs;
	bool run_figs;     /* the run's own figures are drawn (fr_plot_timeline) */
};

/* How many figures fr_plot_timeline adds: the stage timeline and the pipeline. */
#define FR_PLOT_RUN_FIGS 2

/* Builds and renders the figures for r. The plot owns them. */
int fr_plot_build(const struct fr_result *r, struct fr_plot **out, char **err);
/* Adds the stage timeline, drawn last because it shows every stage, and the
 * pipeline diagram of the documents, with this run's row counts. */
int fr_plot_timeline(const struct fr_result *r, struct fr_plot *p, char **err);
void fr_plot_free(struct fr_plot *p);

/*
 * The changes of r's comparison in the order a reader wants them: the
 * significant ones first (rose or fell), then by the size of the change,
 * largest first; those not tested last. Returns how many; *order (indexes
 * into the comparison's changes) is the caller's to free.
 */
size_t fr_plot_change_order(const struct fr_comparison *c, size_t **order);
/* The changes the story shows and draws: the significant ones, and at
 * least this many of the largest. */
#define FR_PLOT_CHANGES_SHOWN 12

/* The end of drawing, once, at the end of the process: stops the thread
 * that helps draw charts (it lives from the first render to this call; the
 * one piece of process state of the render stage) and frees the font
 * caches (fr_chart_shutdown). */
void fr_plot_shutdown(void);

/*
 * A file-name slug of s: lower-case ASCII letters, digits and '-', at most
 * 60 bytes, never empty; unique among the plot's figures (a suffix -2, -3
 * is added). The caller frees it.
 */
char *fr_plot_slug(const struct fr_plot *p, const char *s);

/*
 * The run's source as a reader is shown it: a file by its name, not the
 * path it was given by ("/srv/x/users.csv" as "users.csv"; a URL stays as
 * it is), and a count of users with thousands separators. The caller frees
 * it.
 */
char *fr_plot_source_words(const char *source);

#endif
