/* chart.h: how to draw each kind of chart of the report on any Cairo surface,
 * from plain numbers and labels. A chart never sees SQL, options or paths:
 * plot.c decides what to draw, this module only how. */
#ifndef FR_CHART_H
#define FR_CHART_H

#include <cairo.h>
#include <stddef.h>

#include "base/buf.h"

enum fr_chart_kind {
	/* One horizontal bar per category (step): series 0 holds users. The
	 * drop-off between bars is annotated and the largest one highlighted. */
	FR_CHART_FUNNEL,
	/* Grouped vertical bars: a group per category, a bar per series. */
	FR_CHART_BARS,
	/* Lines over the categories (months), a line per series; series with
	 * a panel name are drawn as small multiples, a panel each. */
	FR_CHART_TREND,
	/* A cell per (series = row, category = column), coloured by value,
	 * with the value written in it and a colour scale. */
	FR_CHART_HEATMAP,
	/* One bar per category (stage) from its start to its end on a time
	 * axis, like Airflow's Gantt view: series 0 holds seconds, series 1
	 * the start, and each category's note says what it counted. Without
	 * times, the stages' graph: boxes joined by arrows in dependency
	 * order, with what each counted, a stage beside them in its lane. */
	FR_CHART_TIMELINE,
	/* Boxes left to right joined by arrows, a box per category with its
	 * note under its label: a diagram of the pipeline. No series. */
	FR_CHART_DIAGRAM,
	/* Cumulative curves over a log axis: each category is a point of the
	 * axis (fr_chart_set_category_x, > 0), each series a curve of the % of
	 * its whole reached by then, with a marker (its median, say). */
	FR_CHART_CURVES,
	/* A row per category, a bar from zero to its value (series 0), left
	 * when negative, with its interval and mark: changes, in points. */
	FR_CHART_DIVERGING,
};

/* What the values are, for axes and labels. */
enum fr_chart_unit {
	FR_UNIT_COUNT,   /* 90,400 */
	FR_UNIT_PERCENT, /* 47.8 % */
	FR_UNIT_SECONDS, /* 1.25 s */
	FR_UNIT_POINTS,  /* +1.2 pp */
};

struct fr_chart;

/* A new empty chart; the chart owns copies of every string and number. */
struct fr_chart *fr_chart_new(enum fr_chart_kind kind, enum fr_chart_unit unit);
void fr_chart_free(struct fr_chart *c);

void fr_chart_set_title(struct fr_chart *c, const char *title, const char *subtitle);
/* The sentence drawn in place of the data when there is none to draw. */
void fr_chart_set_empty_text(struct fr_chart *c, const char *text);
/* Adds a category (a step, a month, a stage); returns its index. All
 * categories come before the first series. note may be NULL. */
size_t fr_chart_add_category(struct fr_chart *c, const char *label, const char *note);
/*
 * Adds a series; returns its index. color is an index into the palette
 * (the same segment gets the same colour in every chart); panel is the
 * small-multiple panel of a trend, or NULL. Its values start as NaN
 * (missing).
 */
size_t fr_chart_add_series(struct fr_chart *c, const char *name, int color, const char *panel);
/* Sets a value; NaN or inf means missing and is never drawn as a number. */
void fr_chart_set(struct fr_chart *c, size_t series, size_t category, double value);
/* Heatmap and bars: the value of each series' cell is marked (say, too few
 * users to read); marked cells are drawn hatched. Trend: the point is
 * ringed and its category crossed by a dashed line (a night a check held). */
void fr_chart_mark(struct fr_chart *c, size_t series, size_t category);

/* The value's 95 % interval (ignored unless lo <= hi, both finite): an
 * error bar on bars; a band along a trend's line (a bar where a point has
 * no neighbour with one). */
void fr_chart_set_interval(struct fr_chart *c, size_t series, size_t category, double lo, double hi);
/* Trend: each panel gets its own value axis, for panels of different
 * magnitudes (the panels share one by default). */
void fr_chart_set_own_scales(struct fr_chart *c);
/* Bars and heatmap: the segment does significantly better (flag > 0) or
 * worse (flag < 0) than the rest, in the value drawn: its label gets the
 * glyph and colour of FR_MARK_BETTER or FR_MARK_WORSE (core/analysis.h). */
void fr_chart_flag(struct fr_chart *c, size_t series, size_t category, int flag);

/* Heatmap: the reference of a column (the overall rate of its step, say):
 * each cell is then coloured by its difference from it, on a diverging
 * scale with symmetric round ends labelled in percentage points. */
void fr_chart_set_reference(struct fr_chart *c, size_t category, double value);
/* Heatmap: +1 (the default) when a higher value is better, -1 when worse
 * (a drop-off): better is blue and worse orange either way. */
void fr_chart_set_polarity(struct fr_chart *c, int polarity);
/* The reference of column k, or NaN. */
double fr_chart_reference(const struct fr_chart *c, size_t category);

/* The WCAG contrast ratio of two sRGB colours (1 to 21). */
double fr_chart_contrast(unsigned a, unsigned b);
/* The heatmap's fill at t in [-1 (worst), 1 (best)], and the text drawn on it. */
void fr_chart_heat_colors(double t, unsigned *fill, unsigned *text);
/* Every colour text is drawn in on the white of a chart. */
size_t fr_chart_text_colors(const unsigned **colors);

/* What the values are, written over the value axis ("visits per month"). */
void fr_chart_set_axis_label(struct fr_chart *c, const char *label);

/* Timeline: category k runs beside the others (a thread), from the end of
 * category after to the start of category before: without times, the
 * stages are drawn as their graph, k in a lane of its own. */
void fr_chart_set_beside(struct fr_chart *c, size_t category, size_t after, size_t before);

/* Curves: where category k stands on the log axis (seconds, say). */
void fr_chart_set_category_x(struct fr_chart *c, size_t category, double x);
/* Curves: a marker on series s at (x, y) (its median: x at 50 %). */
void fr_chart_set_marker(struct fr_chart *c, size_t series, double x, double y);

/* Reading a chart back, for text alternatives and data tables. */
const char *fr_chart_title(const struct fr_chart *c);
const char *fr_chart_subtitle(const struct fr_chart *c);
enum fr_chart_kind fr_chart_kind(const struct fr_chart *c);
size_t fr_chart_ncategories(const struct fr_chart *c);
const char *fr_chart_category(const struct fr_chart *c, size_t k);
const char *fr_chart_note(const struct fr_chart *c, size_t k);
size_t fr_chart_nseries(const struct fr_chart *c);
const char *fr_chart_series_name(const struct fr_chart *c, size_t s);
const char *fr_chart_series_panel(const struct fr_chart *c, size_t s); /* or NULL */
int fr_chart_series_color(const struct fr_chart *c, size_t s);
/* The value, or NaN when missing. */
double fr_chart_get(const struct fr_chart *c, size_t s, size_t k);
int fr_chart_marked(const struct fr_chart *c, size_t s, size_t k);
/* 1 and the interval when the value has one, else 0. */
int fr_chart_interval(const struct fr_chart *c, size_t s, size_t k, double *lo, double *hi);
/* +1, -1 or 0, as set by fr_chart_flag. */
int fr_chart_flagged(const struct fr_chart *c, size_t s, size_t k);
/* Formats v in the chart's unit ("47.8 %", "90,400", "1.25 s", "n/a"). */
void fr_chart_format(const struct fr_chart *c, double v, char *buf, size_t n);

/* The widths a chart is drawn at: for a page, and for a phone (about 390
 * CSS pixels), where each kind lays itself out anew (bars run across, a
 * heatmap's labels stand above its rows, panels go two a row, boxes stack)
 * so that its text stays as large as the page's. */
#define FR_CHART_WIDE 960.0
#define FR_CHART_NARROW 360.0
void fr_chart_set_width(struct fr_chart *c, double width);
double fr_chart_width(const struct fr_chart *c);

/* The size the chart wants, in CSS pixels. */
void fr_chart_size(const struct fr_chart *c, double *width, double *height);

/*
 * Draws the chart into the rectangle (0, 0, width, height) of cr's user
 * space. Returns FR_OK, or FR_EIO if Cairo reports an error.
 */
int fr_chart_draw(const struct fr_chart *c, cairo_t *cr, double width, double height, char **err);

/* A PNG of the chart at scale device pixels per CSS pixel (2 for sharp
 * screens), appended to out. */
int fr_chart_png(const struct fr_chart *c, double scale, struct fr_buf *out, char **err);
/* An SVG document of the chart, appended to out. */
int fr_chart_svg(const struct fr_chart *c, struct fr_buf *out, char **err);

/* FR_OK when at least one font is installed; FR_EIO saying which package
 * to install otherwise. Cheap: for the checks before the heavy work. */
int fr_chart_check_fonts(char **err);

/* Releases the font caches of Pango, Cairo and fontconfig, so leak checkers
 * see a clean exit. Call once, at the end of the process. */
void fr_chart_shutdown(void);


#endif
