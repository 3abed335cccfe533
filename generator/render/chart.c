/* chart.c: the report's charts drawn with Cairo, text set with Pango.
 *
 * Every number passes through chart_ok() before it becomes a coordinate,
 * so NaN or inf never reaches Cairo; every text goes through Pango with a
 * width and ellipsis, so no label can overflow or overlap its neighbours.
 * Font metrics are unhinted so the layout is the same on PNG, SVG and PDF.
 */
#define _GNU_SOURCE /* memmem */
#include "render/chart.h"

#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "core/analysis.h"
#include "base/interrupt.h"
#include "base/text.h"
#include "base/util.h"

#define CHART_W FR_CHART_WIDE
/* Narrower than this, a chart takes its phone layout. */
#define CHART_NARROW_BELOW 640.0
#define MARGIN 24.0
#define FONT "DejaVu Sans"
/* Longest label handed to Pango, in bytes; longer ones are cut first. */
#define CHART_MAX_LABEL 256
/* Rows drawn at most in a heatmap or bars per funnel; the data files have all. */
#define CHART_MAX_ROWS 60

struct chart_series {
	char *name;
	char *panel;
	int color;
};

enum { CHART_UP = 1, CHART_DOWN = 2 }; /* a value's flag */

struct fr_chart {
	enum fr_chart_kind kind;
	enum fr_chart_unit unit;
	char *title;
	char *subtitle;
	char *empty;
	char **cats;
	char **notes;
	size_t ncats;
	struct chart_series *series;
	size_t nseries;
	double *values;         /* [nseries * ncats] */
	unsigned char *marks;   /* [nseries * ncats] */
	unsigned char *flags;   /* [nseries * ncats]: CHART_UP, CHART_DOWN or 0 */
	double *lo, *hi;        /* [nseries * ncats]: an interval, or NaN */
	double *ref;            /* [ncats]: a heatmap column's reference value, or NaN */
	int polarity;           /* +1: higher is better; -1: higher is worse */
	double width;           /* CSS pixels: FR_CHART_WIDE, or narrow for a phone */
	double *cat_x;          /* [ncats]: curves, where each category stands; NaN */
	char *axis_label;       /* what the values are ("visits per month"), or "" */
	double *mark_x, *mark_y; /* [nseries]: curves, a marker each; NaN */
	size_t beside, beside_after, beside_before; /* timeline: a category beside, or SIZE_MAX */
	bool own_scales;        /* trend: each panel its own value axis */
};

static int
chart_narrow(const struct fr_chart *c)
{
	return c->width < CHART_NARROW_BELOW;
}

/* ---- palette ----------------------------------------------------------- */

/* Okabe-Ito, ordered so neighbours contrast; yellow (weak on white) last. */
static const unsigned chart_palette[] = {
    0x0072B2, /* blue */
    0xE69F00, /* orange */
    0x009E73, /* bluish green */
    0xD55E00, /* vermillion */
    0xCC79A7, /* reddish purple */
    0x56B4E9, /* sky blue */
    0x000000, /* black */
    0xF0E442, /* yellow */
};
#define CHART_NCOLORS (sizeof chart_palette / sizeof chart_palette[0])

#define INK 0x1d2330
#define MUTED 0x5b6475
#define GRID 0xe3e7ee
#define AXIS 0x9aa3b2
#define HIGHLIGHT 0xD55E00
#define HIGHLIGHT_INK 0xB34700 /* the highlight as text: 4.5:1 on white */
/* The text of better and worse: blue and a dark vermillion, both at least
 * 4.5:1 on white (chart_contrast). */
#define BETTER_INK 0x0062A0
#define WORSE_INK 0xB34700

static void
chart_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
	                     (rgb & 0xff) / 255.0);
}

static void
chart_color(int i, double *r, double *g, double *b)
{
	unsigned rgb = chart_palette[(size_t)(i < 0 ? 0 : i) % CHART_NCOLORS];
	*r = ((rgb >> 16) & 0xff) / 255.0;
	*g = ((rgb >> 8) & 0xff) / 255.0;
	*b = (rgb & 0xff) / 255.0;
}


static void
chart_series_rgb(cairo_t *cr, int color)
{
	double r, g, b;
	chart_color(color, &r, &g, &b);
	cairo_set_source_rgb(cr, r, g, b);
}

/* Beyond the palette, series cycle through dash patterns as well. */
static void
chart_series_dash(cairo_t *cr, int color)
{
	static const double dash[] = {6.0, 3.0};
	if (color >= 0 && (size_t)color >= CHART_NCOLORS)
		cairo_set_dash(cr, dash, 2, 0);
	else
		cairo_set_dash(cr, NULL, 0, 0);
}

int
fr_chart_check_fonts(char **err)
{
	/* Without a single font Pango lays text out at size zero, and Cairo
	 * fails much later with "invalid value (typically too big)". Pango
	 * lists its generic families (Sans, Serif) even then: ask fontconfig. */
	FcPattern *pat = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcFontSet *fs = pat != NULL && os != NULL ? FcFontList(NULL, pat, os) : NULL;
	int n = fs != NULL ? fs->nfont : 0;
	if (fs != NULL)
		FcFontSetDestroy(fs);
	if (os != NULL)
		FcObjectSetDestroy(os);
	if (pat != NULL)
		FcPatternDestroy(pat);
	if (n > 0)
		return FR_OK;
	return fr_fail(err, FR_EIO,
	               "no font found (fontconfig lists none), and the charts and the PDF need one: "
	               "install " FONT " (on Debian: sudo apt-get install fonts-dejavu-core)");
}

void
fr_chart_shutdown(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

/* ---- data -------------------------------------------------------------- */

struct fr_chart *
fr_chart_new(enum fr_chart_kind kind, enum fr_chart_unit unit)
{
	struct fr_chart *c = fr_xcalloc(1, sizeof *c);
	c->kind = kind;
	c->unit = unit;
	c->title = fr_xstrdup("");
	c->subtitle = fr_xstrdup("");
	c->empty = fr_xstrdup("No data to show");
	c->axis_label = fr_xstrdup("");
	c->polarity = 1;
	c->width = CHART_W;
	c->beside = SIZE_MAX;
	return c;
}

void
fr_chart_free(struct fr_chart *c)
{
	if (c == NULL)
		return;
	free(c->title);
	free(c->subtitle);
	free(c->empty);
	fr_strv_free(c->cats, c->ncats);
	fr_strv_free(c->notes, c->ncats);
	for (size_t i = 0; i < c->nseries; i++) {
		free(c->series[i].name);
		free(c->series[i].panel);
	}
	free(c->series);
	free(c->values);
	free(c->marks);
	free(c->flags);
	free(c->lo);
	free(c->hi);
	free(c->ref);
	free(c->cat_x);
	free(c->axis_label);
	free(c->mark_x);
	free(c->mark_y);
	free(c);
}

void
fr_chart_set_title(struct fr_chart *c, const char *title, const char *subtitle)
{
	free(c->title);
	free(c->subtitle);
	c->title = fr_xstrdup(title ? title : "");
	c->subtitle = fr_xstrdup(subtitle ? subtitle : "");
}

void
fr_chart_set_empty_text(struct fr_chart *c, const char *text)
{
	free(c->empty);
	c->empty = fr_xstrdup(text);
}

size_t
fr_chart_add_category(struct fr_chart *c, const char *label, const char *note)
{
	if (c->nseries > 0)
		abort(); /* categories first: the value matrix is laid out by them */
	c->cats = fr_xreallocarray(c->cats, c->ncats + 1, sizeof *c->cats);
	c->notes = fr_xreallocarray(c->notes, c->ncats + 1, sizeof *c->notes);
	c->ref = fr_xreallocarray(c->ref, c->ncats + 1, sizeof *c->ref);
	c->cat_x = fr_xreallocarray(c->cat_x, c->ncats + 1, sizeof *c->cat_x);
	c->cat_x[c->ncats] = NAN;
	c->cats[c->ncats] = fr_xstrdup(label);
	c->notes[c->ncats] = fr_xstrdup(note ? note : "");
	c->ref[c->ncats] = NAN;
	return c->ncats++;
}

size_t
fr_chart_add_series(struct fr_chart *c, const char *name, int color, const char *panel)
{
	c->series = fr_xreallocarray(c->series, c->nseries + 1, sizeof *c->series);
	c->series[c->nseries] = (struct chart_series){fr_xstrdup(name), panel ? fr_xstrdup(panel) : NULL,
	                                              color};
	c->values = fr_xreallocarray(c->values, (c->nseries + 1) * c->ncats + 1, sizeof *c->values);
	c->marks = fr_xreallocarray(c->marks, (c->nseries + 1) * c->ncats + 1, 1);
	c->flags = fr_xreallocarray(c->flags, (c->nseries + 1) * c->ncats + 1, 1);
	c->lo = fr_xreallocarray(c->lo, (c->nseries + 1) * c->ncats + 1, sizeof *c->lo);
	c->hi = fr_xreallocarray(c->hi, (c->nseries + 1) * c->ncats + 1, sizeof *c->hi);
	c->mark_x = fr_xreallocarray(c->mark_x, c->nseries + 1, sizeof *c->mark_x);
	c->mark_y = fr_xreallocarray(c->mark_y, c->nseries + 1, sizeof *c->mark_y);
	c->mark_x[c->nseries] = c->mark_y[c->nseries] = NAN;
	for (size_t k = 0; k < c->ncats; k++) {
		size_t i = c->nseries * c->ncats + k;
		c->values[i] = c->lo[i] = c->hi[i] = NAN;
		c->marks[i] = 0;
		c->flags[i] = 0;
	}
	return c->nseries++;
}

void
fr_chart_set(struct fr_chart *c, size_t series, size_t category, double value)
{
	if (series < c->nseries && category < c->ncats)
		c->values[series * c->ncats + category] = isfinite(value) ? value : NAN;
}

void
fr_chart_mark(struct fr_chart *c, size_t series, size_t category)
{
	if (series < c->nseries && category < c->ncats)
		c->marks[series * c->ncats + category] = 1;
}

void
fr_chart_set_interval(struct fr_chart *c, size_t series, size_t category, double lo, double hi)
{
	if (series >= c->nseries || category >= c->ncats)
		return;
	size_t i = series * c->ncats + category;
	int ok = isfinite(lo) && isfinite(hi) && lo <= hi;
	c->lo[i] = ok ? lo : NAN;
	c->hi[i] = ok ? hi : NAN;
}

void
fr_chart_set_width(struct fr_chart *c, double width)
{
	c->width = width >= 240 && width <= 4000 ? width : CHART_W;
}

double
fr_chart_width(const struct fr_chart *c)
{
	return c->width;
}

void
fr_chart_set_axis_label(struct fr_chart *c, const char *label)
{
	free(c->axis_label);
	c->axis_label = fr_xstrdup(label != NULL ? label : "");
}

void
fr_chart_set_beside(struct fr_chart *c, size_t category, size_t after, size_t before)
{
	if (category >= c->ncats || after >= c->ncats || before >= c->ncats || after >= before ||
	    category == after || category == before)
		return;
	c->beside = category;
	c->beside_after = after;
	c->beside_before = before;
}

void
fr_chart_set_category_x(struct fr_chart *c, size_t category, double x)
{
	if (category < c->ncats)
		c->cat_x[category] = isfinite(x) && x > 0 ? x : NAN;
}

void
fr_chart_set_marker(struct fr_chart *c, size_t series, double x, double y)
{
	if (series >= c->nseries)
		return;
	int ok = isfinite(x) && isfinite(y);
	c->mark_x[series] = ok ? x : NAN;
	c->mark_y[series] = ok ? y : NAN;
}

void
fr_chart_set_reference(struct fr_chart *c, size_t category, double value)
{
	if (category < c->ncats)
		c->ref[category] = isfinite(value) ? value : NAN;
}

double
fr_chart_reference(const struct fr_chart *c, size_t category)
{
	return category < c->ncats ? c->ref[category] : NAN;
}

void
fr_chart_set_polarity(struct fr_chart *c, int polarity)
{
	c->polarity = polarity < 0 ? -1 : 1;
}

void
fr_chart_set_own_scales(struct fr_chart *c)
{
	c->own_scales = true;
}

void
fr_chart_flag(struct fr_chart *c, size_t series, size_t category, int flag)
{
	if (series < c->nseries && category < c->ncats)
		c->flags[series * c->ncats + category] = flag > 0 ? CHART_UP : flag < 0 ? CHART_DOWN : 0;
}

int
fr_chart_interval(const struct fr_chart *c, size_t s, size_t k, double *lo, double *hi)
{
	if (s >= c->nseries || k >= c->ncats || !isfinite(c->lo[s * c->ncats + k]))
		return 0;
	*lo = c->lo[s * c->ncats + k];
	*hi = c->hi[s * c->ncats + k];
	return 1;
}

int
fr_chart_flagged(const struct fr_chart *c, size_t s, size_t k)
{
	int f = s < c->nseries && k < c->ncats ? c->flags[s * c->ncats + k] : 0;
	return f == CHART_UP ? 1 : f == CHART_DOWN ? -1 : 0;
}

/* The prefix of a flagged value's label: the glyph of better or worse. */
static const char *
chart_flag_text(const struct fr_chart *c, size_t s, size_t k)
{
	int f = fr_chart_flagged(c, s, k);
	return f > 0 ? FR_MARK_BETTER " " : f < 0 ? FR_MARK_WORSE " " : "";
}

static double
chart_value(const struct fr_chart *c, size_t s, size_t k)
{
	return c->values[s * c->ncats + k];
}

static int
chart_ok(double v)
{
	return isfinite(v);
}

/* The largest finite value of the chart, or 0. */
static double
chart_max(const struct fr_chart *c)
{
	double m = 0;
	for (size_t i = 0; i < c->nseries * c->ncats; i++) {
		if (chart_ok(c->values[i]) && c->values[i] > m)
			m = c->values[i];
		if (chart_ok(c->hi[i]) && c->hi[i] > m)
			m = c->hi[i]; /* error bars fit too */
	}
	return m;
}

/* The largest finite value (or interval end) of a trend panel's series, or 0. */
static double
chart_panel_max(const struct fr_chart *c, const size_t *series, size_t n)
{
	double m = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < c->ncats; k++) {
			size_t at = series[i] * c->ncats + k;
			if (chart_ok(c->values[at]) && c->values[at] > m)
				m = c->values[at];
			if (chart_ok(c->hi[at]) && c->hi[at] > m)
				m = c->hi[at];
		}
	return m;
}

static int
chart_has_data(const struct fr_chart *c)
{
	for (size_t i = 0; i < c->nseries * c->ncats; i++)
		if (chart_ok(c->values[i]))
			return 1;
	return 0;
}

const char *fr_chart_title(const struct fr_chart *c) { return c->title; }
const char *fr_chart_subtitle(const struct fr_chart *c) { return c->subtitle; }
enum fr_chart_kind fr_chart_kind(const struct fr_chart *c) { return c->kind; }
size_t fr_chart_ncategories(const struct fr_chart *c) { return c->ncats; }
const char *fr_chart_category(const struct fr_chart *c, size_t k) { return c->cats[k]; }
const char *fr_chart_note(const struct fr_chart *c, size_t k) { return c->notes[k]; }
size_t fr_chart_nseries(const struct fr_chart *c) { return c->nseries; }
const char *fr_chart_series_name(const struct fr_chart *c, size_t s) { return c->series[s].name; }
const char *fr_chart_series_panel(const struct fr_chart *c, size_t s) { return c->series[s].panel; }
int fr_chart_series_color(const struct fr_chart *c, size_t s) { return c->series[s].color; }

double
fr_chart_get(const struct fr_chart *c, size_t s, size_t k)
{
	return s < c->nseries && k < c->ncats ? c->values[s * c->ncats + k] : NAN;
}

int
fr_chart_marked(const struct fr_chart *c, size_t s, size_t k)
{
	return s < c->nseries && k < c->ncats && c->marks[s * c->ncats + k];
}

/* ---- numbers ------------------------------------------------------------ */

static void
chart_count(char *buf, size_t n, double v)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_put_count(&b, (int64_t)llround(v));
	snprintf(buf, n, "%s", fr_buf_cstr(&b));
	fr_buf_free(&b);
}

/* A value as the chart's unit says; decimals for percentages and seconds. */
static void
chart_format(const struct fr_chart *c, double v, int decimals, char *buf, size_t n)
{
	if (!chart_ok(v)) {
		snprintf(buf, n, "n/a");
		return;
	}
	switch (c->unit) {
	case FR_UNIT_PERCENT: snprintf(buf, n, "%.*f %%", decimals, v); break;
	case FR_UNIT_SECONDS: snprintf(buf, n, "%.*f s", decimals < 2 ? 2 : decimals, v); break;
	case FR_UNIT_POINTS:
		if (fabs(v) < 0.5 * pow(10, -(decimals < 1 ? 1 : decimals)))
			snprintf(buf, n, "0 pp");
		else
			snprintf(buf, n, "%s%.*f pp", v > 0 ? "+" : "\xe2\x88\x92", decimals < 1 ? 1 : decimals, fabs(v));
		break;
	default: chart_count(buf, n, v); break;
	}
}

void
fr_chart_format(const struct fr_chart *c, double v, char *buf, size_t n)
{
	chart_format(c, v, c->unit == FR_UNIT_COUNT ? 0 : c->unit == FR_UNIT_SECONDS ? 2 : 1, buf, n);
}

/* A round step for about target ticks up to max: 1, 2, 2.5 or 5 times a power of ten. */
static double
chart_tick_step(double max, int target)
{
	if (!(max > 0))
		return 1;
	double raw = max / target, mag = pow(10, floor(log10(raw))), r = raw / mag;
	double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10;
	return nice * mag;
}

/*
 * A tight round axis: of the steps 1, 2, 2.5 and 5 times a power of ten,
 * the one whose multiple just above max is smallest, with 2 to maxticks
 * intervals (202 tops at 250 in steps of 50, not 400); counts step by
 * whole numbers.
 */
static double
chart_nice_top(const struct fr_chart *c, double max, int maxticks, double *step)
{
	if (!(max > 0))
		max = c->unit == FR_UNIT_PERCENT ? 100 : 1;
	static const double ladder[] = {1, 2, 2.5, 5};
	double mag = pow(10, floor(log10(max))) / 100, best = INFINITY;
	*step = 1;
	for (int e = 0; e < 5; e++, mag *= 10)
		for (size_t i = 0; i < sizeof ladder / sizeof ladder[0]; i++) {
			double st = ladder[i] * mag;
			if (c->unit == FR_UNIT_COUNT && st < 1)
				continue;
			double n = ceil(max / st - 1e-9);
			if (n < 2 || n > maxticks)
				continue;
			if (n * st < best - 1e-9) {
				best = n * st;
				*step = st;
			}
		}
	if (!isfinite(best)) { /* max under 2 of the smallest step: two of them */
		*step = c->unit == FR_UNIT_COUNT ? 1 : chart_tick_step(max, 2);
		best = ceil(max / *step - 1e-9) * *step;
	}
	return best > 0 ? best : *step;
}

/* The axis top: max rounded up to a step; counts tick at whole numbers. */
static double
chart_axis_top(const struct fr_chart *c, double max, double *step)
{
	if (!(max > 0))
		max = c->unit == FR_UNIT_PERCENT ? 100 : 1;
	*step = chart_tick_step(max, 5);
	if (c->unit == FR_UNIT_COUNT && *step < 1)
		*step = 1;
	double top = ceil(max / *step - 1e-9) * *step;
	return top > 0 ? top : *step;
}

/* ---- text --------------------------------------------------------------- */

enum { LEFT, CENTER, RIGHT };

struct chart_text {
	double px;
	int bold;
	unsigned color;
	double width;  /* > 0: ellipsize (or wrap) at this width */
	int align;     /* LEFT, CENTER, RIGHT of x */
	int lines;     /* > 1: wrap into at most this many lines */
};

static PangoLayout *
chart_layout(cairo_t *cr, const char *text, const struct chart_text *t)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(l);

	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(fd, t->px * PANGO_SCALE);
	pango_font_description_set_weight(fd, t->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);

	/* cut before the layout: its cost grows faster than the text */
	struct fr_buf clip = FR_BUF_INIT;
	if (t->lines <= 1)
		pango_layout_set_single_paragraph_mode(l, TRUE);
	pango_layout_set_text(l, fr_text_clip(text, CHART_MAX_LABEL, &clip), -1);
	fr_buf_free(&clip);
	if (t->width > 0) {
		pango_layout_set_width(l, (int)(t->width * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		if (t->lines > 1) {
			pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
			pango_layout_set_height(l, -t->lines);
		}
		pango_layout_set_alignment(l, t->align == CENTER  ? PANGO_ALIGN_CENTER
		                              : t->align == RIGHT ? PANGO_ALIGN_RIGHT
		                                                  : PANGO_ALIGN_LEFT);
	}
	return l;
}

/* Width and height of text as it would be drawn. */
static void
chart_measure(cairo_t *cr, const char *text, const struct chart_text *t, double *w, double *h)
{
	PangoLayout *l = chart_layout(cr, text, t);
	PangoRectangle ink, logical;
	pango_layout_get_pixel_extents(l, &ink, &logical);
	*w = logical.width;
	*h = logical.height;
	g_object_unref(l);
}

/*
 * Draws text with its top at y. Without a width, align places it left of,
 * centred on or right of x; with one, the box [x, x + width] (LEFT),
 * centred on x (CENTER) or ending at x (RIGHT). Returns the height used.
 */
static double
chart_text(cairo_t *cr, double x, double y, const char *text, const struct chart_text *t)
{
	PangoLayout *l = chart_layout(cr, text, t);
	PangoRectangle ink, logical;
	pango_layout_get_pixel_extents(l, &ink, &logical);
	double w = t->width > 0 ? t->width : logical.width;
	double left = t->align == CENTER ? x - w / 2 : t->align == RIGHT ? x - w : x;
	chart_rgb(cr, t->color);
	cairo_move_to(cr, left, y);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	return logical.height;
}

static const struct chart_text T_TITLE = {19, 1, INK, 0, LEFT, 1};
static const struct chart_text T_SUB = {13, 0, MUTED, 0, LEFT, 1};
static const struct chart_text T_LABEL = {12, 0, INK, 0, LEFT, 1};
static const struct chart_text T_SMALL = {11, 0, MUTED, 0, LEFT, 1};

static struct chart_text
chart_t(struct chart_text base, double width, int align)
{
	base.width = width;
	base.align = align;
	return base;
}

/* ---- frame, legend, axes ------------------------------------------------ */

/* How many lines a subtitle may take: a phone's chart is narrow. */
static int
chart_sub_lines(const struct fr_chart *c)
{
	return chart_narrow(c) ? 6 : 2;
}

/* Background, title and subtitle; returns the y where the body starts. */
static double
chart_frame(const struct fr_chart *c, cairo_t *cr, double w, double h)
{
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, 0, 0, w, h);
	cairo_fill(cr);
	double y = 18;
	struct chart_text t = chart_t(T_TITLE, w - 2 * MARGIN, LEFT);
	if (chart_narrow(c)) {
		t.px = 16;
		t.lines = 2;
	}
	y += chart_text(cr, MARGIN, y, c->title, &t);
	if (*c->subtitle) {
		t = chart_t(T_SUB, w - 2 * MARGIN, LEFT);
		t.lines = chart_sub_lines(c);
		if (chart_narrow(c))
			t.px = 12;
		y += 2 + chart_text(cr, MARGIN, y + 2, c->subtitle, &t);
	}
	return y + 14;
}

/* The height a subtitle (and, narrow, a title) takes beyond one line, so
 * the chart grows by it. Measured as drawn: metrics are unhinted, so the same
 * on every surface. */
static double
chart_sub_extra(const struct fr_chart *c)
{
	cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	cairo_t *cr = cairo_create(sf);
	double extra = 0, w1, h1, w2, h2;
	if (*c->subtitle != '\0') {
		struct chart_text t = chart_t(T_SUB, c->width - 2 * MARGIN, LEFT);
		if (chart_narrow(c))
			t.px = 12;
		chart_measure(cr, c->subtitle, &t, &w1, &h1);
		t.lines = chart_sub_lines(c);
		chart_measure(cr, c->subtitle, &t, &w2, &h2);
		extra += h2 > h1 ? h2 - h1 : 0;
	}
	if (chart_narrow(c)) { /* the title may take two lines too */
		struct chart_text t = chart_t(T_TITLE, c->width - 2 * MARGIN, LEFT);
		t.px = 16;
		chart_measure(cr, c->title, &t, &w1, &h1);
		t.lines = 2;
		chart_measure(cr, c->title, &t, &w2, &h2);
		extra += h2 > h1 ? h2 - h1 : 0;
	}
	cairo_destroy(cr);
	cairo_surface_destroy(sf);
	return extra;
}

/* Distinct (name, colour) pairs of the series, in order. */
static size_t
chart_legend_items(const struct fr_chart *c, size_t *items)
{
	size_t n = 0;
	for (size_t s = 0; s < c->nseries; s++) {
		size_t i;
		for (i = 0; i < n; i++)
			if (c->series[items[i]].color == c->series[s].color &&
			    strcmp(c->series[items[i]].name, c->series[s].name) == 0)
				break;
		if (i == n)
			items[n++] = s;
	}
	return n;
}

/* A legend in rows above the plot, so it never covers data; returns its height. */
static double
chart_legend(const struct fr_chart *c, cairo_t *cr, double x0, double y0, double w, int lines)
{
	size_t *items = fr_xcalloc(c->nseries + 1, sizeof *items);
	size_t n = chart_legend_items(c, items);
	double x = x0, y = y0, row = 18, maxw = w < 400 ? w - 30 : 280;
	for (size_t i = 0; i < n; i++) {
		const struct chart_series *s = &c->series[items[i]];
		struct chart_text t = T_LABEL;
		double tw, th;
		chart_measure(cr, s->name, &t, &tw, &th);
		if (tw > maxw)
			tw = maxw;
		double need = 22 + tw + 18;
		if (x > x0 && x + need > x0 + w) {
			x = x0;
			y += row;
		}
		chart_series_rgb(cr, s->color);
		if (lines) {
			cairo_set_line_width(cr, 2.5);
			chart_series_dash(cr, s->color);
			cairo_move_to(cr, x, y + 8);
			cairo_line_to(cr, x + 16, y + 8);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
		} else {
			cairo_rectangle(cr, x + 2, y + 2, 12, 12);
			cairo_fill(cr);
		}
		t = chart_t(T_LABEL, tw + 1, LEFT);
		chart_text(cr, x + 22, y, s->name, &t);
		x += need;
	}
	free(items);
	return n ? y - y0 + row + 8 : 0;
}

/* Horizontal gridlines and left tick labels for a value axis from 0 to top. */
static void
chart_value_axis(const struct fr_chart *c, cairo_t *cr, double x0, double x1, double ytop, double ybot,
                 double top, double step)
{
	cairo_set_line_width(cr, 1);
	int ticks = (int)floor(top / step + 0.5);
	for (int k = 0; k <= ticks; k++) {
		double v = k * step;
		double y = ybot - (ybot - ytop) * v / top;
		chart_rgb(cr, k == 0 ? AXIS : GRID);
		cairo_move_to(cr, x0, floor(y) + 0.5);
		cairo_line_to(cr, x1, floor(y) + 0.5);
		cairo_stroke(cr);
		char label[48];
		chart_format(c, v, step < 1 || step != floor(step) ? 1 : 0, label, sizeof label); /* 2.5 */
		struct chart_text t = chart_t(T_SMALL, 0, RIGHT);
		chart_text(cr, x0 - 6, y - 7, label, &t);
	}
}

static void
chart_hatch(cairo_t *cr, double x, double y, double w, double h)
{
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgba(cr, 1, 1, 1, 0.55);
	cairo_set_line_width(cr, 2);
	for (int k = 0; -h + 7.0 * k < w; k++) {
		double d = -h + 7.0 * k;
		cairo_move_to(cr, x + d, y + h);
		cairo_line_to(cr, x + d + h, y);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void
chart_empty(const struct fr_chart *c, cairo_t *cr, double y, double w, double h)
{
	chart_rgb(cr, GRID);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, MARGIN + 0.5, y + 0.5, w - 2 * MARGIN - 1, h - y - MARGIN - 1);
	cairo_stroke(cr);
	struct chart_text t = chart_t(T_SUB, w - 4 * MARGIN, CENTER);
	chart_text(cr, w / 2, y + (h - y - MARGIN) / 2 - 9, c->empty, &t);
}

/* ---- funnel ------------------------------------------------------------- */

#define FUNNEL_BAR 34.0
#define FUNNEL_GAP 24.0

static void
chart_funnel(const struct fr_chart *c, cairo_t *cr, double w, double y0)
{
	size_t n = c->ncats < CHART_MAX_ROWS ? c->ncats : CHART_MAX_ROWS;
	double first = c->nseries ? chart_value(c, 0, 0) : NAN;
	if (!chart_ok(first) || first <= 0) {
		chart_empty(c, cr, y0, w, y0 + 120 + MARGIN);
		return;
	}
	/* The largest drop-off, in users lost as a share of the step before. */
	size_t worst = 0;
	double worst_pct = -1;
	for (size_t k = 1; k < n; k++) {
		double a = chart_value(c, 0, k - 1), b = chart_value(c, 0, k);
		if (chart_ok(a) && chart_ok(b) && a > 0 && 100 * (a - b) / a > worst_pct) {
			worst_pct = 100 * (a - b) / a;
			worst = k;
		}
	}
	double label_w = chart_narrow(c) ? 92 : 150, x0 = MARGIN + label_w + 12, x1 = w - MARGIN, bar_w = x1 - x0;
	for (size_t k = 0; k < n; k++) {
		double y = y0 + k * (FUNNEL_BAR + FUNNEL_GAP);
		double v = chart_value(c, 0, k);
		double frac = chart_ok(v) && v > 0 ? v / first : 0;
		if (frac > 1)
			frac = 1;
		struct chart_text t = chart_t(T_LABEL, label_w, RIGHT);
		t.bold = 1;
		chart_text(cr, MARGIN + label_w, y + FUNNEL_BAR / 2 - 8, c->cats[k], &t);
		/* the track, then the bar */
		chart_rgb(cr, 0xeef1f6);
		cairo_rectangle(cr, x0, y, bar_w, FUNNEL_BAR);
		cairo_fill(cr);
		chart_series_rgb(cr, 0);
		double bw = bar_w * frac;
		if (bw > 0 && bw < 1)
			bw = 1;
		cairo_rectangle(cr, x0, y, bw, FUNNEL_BAR);
		cairo_fill(cr);
		char count[48], pct[48], label[112];
		chart_count(count, sizeof count, chart_ok(v) ? v : 0);
		snprintf(pct, sizeof pct, "%.1f %%", 100 * frac);
		snprintf(label, sizeof label, "%s  ·  %s%s", count, pct, chart_narrow(c) ? "" : " of start");
		/* inside the bar if it fits, else after it; on a narrow chart a
		 * smaller face before anything is cut */
		double tw, th, after = x1 - (x0 + bw + 8);
		t = T_LABEL;
		t.bold = 1;
		chart_measure(cr, label, &t, &tw, &th);
		if (tw + 16 >= bw && tw > after && chart_narrow(c)) {
			t = T_SMALL;
			t.bold = 1;
			chart_measure(cr, label, &t, &tw, &th);
		}
		double ty = y + FUNNEL_BAR / 2 - th / 2;
		if (tw + 16 < bw) {
			t.color = 0xffffff;
			chart_text(cr, x0 + 8, ty, label, &t);
		} else if (tw <= after) {
			chart_text(cr, x0 + bw + 8, ty, label, &t);
		} else {
			/* fits neither side: it starts in the bar, white over the bar
			 * and ink over the track, so nothing is cut */
			t.width = bar_w - 16;
			cairo_save(cr);
			cairo_rectangle(cr, x0, y, bw, FUNNEL_BAR);
			cairo_clip(cr);
			struct chart_text white = t;
			white.color = 0xffffff;
			chart_text(cr, x0 + 8, ty, label, &white);
			cairo_restore(cr);
			cairo_save(cr);
			cairo_rectangle(cr, x0 + bw, y, bar_w - bw, FUNNEL_BAR);
			cairo_clip(cr);
			chart_text(cr, x0 + 8, ty, label, &t);
			cairo_restore(cr);
		}
		if (k > 0) {
			double a = chart_value(c, 0, k - 1);
			char note[160], lost[48];
			t = chart_t(T_SMALL, bar_w, LEFT);
			if (chart_ok(a) && a > 0 && chart_ok(v)) {
				/* the longest form that fits: ": the largest" goes first (the
				 * highlight says it), then the word users */
				chart_count(lost, sizeof lost, a - v);
				double nw, nh;
				for (int form = 0; form < 3; form++) {
					snprintf(note, sizeof note, "\xe2\x86\x93 %.1f %% drop-off (%s%s)%s",
					         100 * (a - v) / a, lost, form < 2 ? " users" : "",
					         k == worst && form == 0 ? ": the largest" : "");
					struct chart_text m = t;
					m.width = 0;
					m.bold = k == worst;
					chart_measure(cr, note, &m, &nw, &nh);
					if (nw <= bar_w)
						break;
				}
			} else {
				snprintf(note, sizeof note, "\xe2\x86\x93 drop-off n/a");
			}
			if (k == worst) {
				t.color = HIGHLIGHT_INK;
				t.bold = 1;
				chart_rgb(cr, HIGHLIGHT);
				cairo_rectangle(cr, x0 - 6, y - FUNNEL_GAP + 4, 3, FUNNEL_GAP + FUNNEL_BAR - 4);
				cairo_fill(cr);
			}
			chart_text(cr, x0 + 2, y - FUNNEL_GAP + 4, note, &t);
		}
	}
}

/* ---- grouped bars ------------------------------------------------------- */

/* Draws text turned a quarter left, reading upwards, its start at (x, y). */
static void
chart_text_up(cairo_t *cr, double x, double y, const char *text, const struct chart_text *t)
{
	PangoLayout *l = chart_layout(cr, text, t);
	PangoRectangle ink, logical;
	pango_layout_get_pixel_extents(l, &ink, &logical);
	cairo_save(cr);
	cairo_translate(cr, x - logical.height / 2.0, y);
	cairo_rotate(cr, -G_PI / 2);
	chart_rgb(cr, t->color);
	cairo_move_to(cr, 0, 0);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	g_object_unref(l);
}

/* A bar's label: its value, after the glyph of better or worse when flagged. */
static void
chart_bar_label(const struct fr_chart *c, size_t s, size_t k, char *buf, size_t n)
{
	char v[48];
	chart_format(c, chart_value(c, s, k), c->unit == FR_UNIT_COUNT ? 0 : 1, v, sizeof v);
	snprintf(buf, n, "%s%s", chart_ok(chart_value(c, s, k)) ? chart_flag_text(c, s, k) : "", v);
}

/* The colour of a value's label: better and worse in theirs. */
static unsigned
chart_flag_ink(const struct fr_chart *c, size_t s, size_t k, unsigned plain)
{
	int f = fr_chart_flagged(c, s, k);
	return f > 0 ? BETTER_INK : f < 0 ? WORSE_INK : plain;
}

#define BARS_ROW 20.0
#define BARS_GROUP_HEAD 22.0
#define BARS_GROUP_GAP 10.0

/* The height of bars laid across for a phone: a row per bar, under a line
 * naming each group (a row per group when there is one series). */
static double
chart_bars_narrow_height(const struct fr_chart *c)
{
	size_t nc = c->ncats < CHART_MAX_ROWS ? c->ncats : CHART_MAX_ROWS;
	if (c->nseries <= 1)
		return (double)nc * BARS_ROW + 8;
	return (double)nc * (BARS_GROUP_HEAD + (double)c->nseries * BARS_ROW + BARS_GROUP_GAP);
}

/* Bars for a phone: across the screen, a row each, the label at the left
 * and the value after the bar, so every text is as large as on a page. */
static void
chart_bars_narrow(const struct fr_chart *c, cairo_t *cr, double w, double h, double y0)
{
	size_t nc = c->ncats < CHART_MAX_ROWS ? c->ncats : CHART_MAX_ROWS;
	double step, top = chart_axis_top(c, chart_max(c), &step);
	double label_w = c->nseries <= 1 ? 120 : 104, x0 = MARGIN + label_w + 6, x1 = w - MARGIN - 62;
	double y = y0;
	chart_rgb(cr, AXIS);
	cairo_set_line_width(cr, 1);
	for (size_t k = 0; k < nc && !fr_interrupt_pending(); k++) {
		if (c->nseries > 1) {
			struct chart_text t = chart_t(T_LABEL, w - 2 * MARGIN, LEFT);
			t.bold = 1;
			chart_text(cr, MARGIN, y + 3, c->cats[k], &t);
			y += BARS_GROUP_HEAD;
		}
		/* the zero line of the group */
		chart_rgb(cr, AXIS);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, floor(x0) + 0.5, y);
		cairo_line_to(cr, floor(x0) + 0.5, y + (double)c->nseries * BARS_ROW);
		cairo_stroke(cr);
		for (size_t s = 0; s < c->nseries; s++) {
			double v = chart_value(c, s, k), by = y + 3, bh = BARS_ROW - 6;
			struct chart_text t = chart_t(T_SMALL, label_w, RIGHT);
			t.color = INK;
			chart_text(cr, MARGIN + label_w, y + 3, c->nseries <= 1 ? c->cats[k] : c->series[s].name, &t);
			char label[64];
			chart_bar_label(c, s, k, label, sizeof label);
			double end = x0;
			if (chart_ok(v)) {
				double bw = (x1 - x0) * (v < 0 ? 0 : v > top ? top : v) / top;
				chart_series_rgb(cr, c->series[s].color);
				cairo_rectangle(cr, x0, by, bw, bh);
				cairo_fill(cr);
				if (c->marks[s * c->ncats + k])
					chart_hatch(cr, x0, by, bw, bh);
				end = x0 + bw;
				double lo, hi;
				if (fr_chart_interval(c, s, k, &lo, &hi)) {
					double xl = x0 + (x1 - x0) * (lo < 0 ? 0 : lo > top ? top : lo) / top;
					double xh = x0 + (x1 - x0) * (hi < 0 ? 0 : hi > top ? top : hi) / top;
					double cy = floor(by + bh / 2) + 0.5;
					chart_rgb(cr, INK);
					cairo_set_line_width(cr, 1.25);
					cairo_move_to(cr, xl, cy);
					cairo_line_to(cr, xh, cy);
					cairo_move_to(cr, xl, cy - 3);
					cairo_line_to(cr, xl, cy + 3);
					cairo_move_to(cr, xh, cy - 3);
					cairo_line_to(cr, xh, cy + 3);
					cairo_stroke(cr);
					end = xh > end ? xh : end;
				}
			}
			struct chart_text vt = chart_t(T_SMALL, 0, LEFT);
			vt.color = chart_flag_ink(c, s, k, INK);
			vt.bold = fr_chart_flagged(c, s, k) != 0;
			chart_text(cr, end + 4, y + 3, label, &vt);
			y += BARS_ROW;
		}
		if (c->nseries > 1)
			y += BARS_GROUP_GAP;
	}
	(void)h;
}

static void
chart_bars(const struct fr_chart *c, cairo_t *cr, double w, double h, double y0)
{
	if (!chart_has_data(c)) {
		chart_empty(c, cr, y0, w, h);
		return;
	}
	if (chart_narrow(c)) {
		chart_bars_narrow(c, cr, w, h, y0);
		return;
	}
	y0 += chart_legend(c, cr, MARGIN, y0, w - 2 * MARGIN, 0);
	double step, top = chart_axis_top(c, chart_max(c), &step);
	double x0 = MARGIN + 56, x1 = w - MARGIN, ybot = h - MARGIN - 40, ytop = y0 + 16;
	double gw = (x1 - x0) / (double)c->ncats;
	double inner = gw * 0.78, bw = inner / (double)(c->nseries ? c->nseries : 1);
	/* Labels wider than a bar stand upright above it; make room for them. */
	struct chart_text lt = chart_t(T_SMALL, 0, LEFT);
	lt.px = 10.5;
	lt.color = INK;
	double widest = 0;
	/* thousands of bars are most of a second: look for a signal now and then */
	for (size_t i = 0; i < c->nseries * c->ncats; i++) {
		char label[64];
		double tw, th;
		if ((i & 63) == 63 && fr_interrupt_pending())
			break;
		chart_bar_label(c, i / c->ncats, i % c->ncats, label, sizeof label);
		struct chart_text mt = lt;
		mt.bold = fr_chart_flagged(c, i / c->ncats, i % c->ncats) != 0;
		chart_measure(cr, label, &mt, &tw, &th);
		widest = tw > widest ? tw : widest;
	}
	int upright = widest + 4 > bw;
	if (upright)
		ytop += widest - 10;
	chart_value_axis(c, cr, x0, x1, ytop, ybot, top, step);
	for (size_t k = 0; k < c->ncats && !fr_interrupt_pending(); k++) {
		double gx = x0 + k * gw + (gw - inner) / 2;
		for (size_t s = 0; s < c->nseries; s++) {
			double v = chart_value(c, s, k), bx = gx + s * bw;
			if (!chart_ok(v)) {
				struct chart_text t = chart_t(T_SMALL, 0, LEFT);
				chart_text_up(cr, bx + bw / 2, ybot - 4, "n/a", &t);
				continue;
			}
			double bh = (ybot - ytop) * (v < 0 ? 0 : v > top ? top : v) / top;
			chart_series_rgb(cr, c->series[s].color);
			cairo_rectangle(cr, bx + 1, ybot - bh, bw - 2, bh);
			cairo_fill(cr);
			if (c->marks[s * c->ncats + k])
				chart_hatch(cr, bx + 1, ybot - bh, bw - 2, bh);
			/* the 95 % interval as an error bar; the label clears it */
			double lo, hi, above = bh;
			if (fr_chart_interval(c, s, k, &lo, &hi)) {
				double ylo = ybot - (ybot - ytop) * (lo < 0 ? 0 : lo > top ? top : lo) / top;
				double yhi = ybot - (ybot - ytop) * (hi < 0 ? 0 : hi > top ? top : hi) / top;
				double cx = floor(bx + bw / 2) + 0.5, cap = bw / 6 < 4 ? bw / 6 : 4;
				chart_rgb(cr, INK);
				cairo_set_line_width(cr, 1.25);
				cairo_move_to(cr, cx, ylo);
				cairo_line_to(cr, cx, yhi);
				cairo_move_to(cr, cx - cap, yhi);
				cairo_line_to(cr, cx + cap, yhi);
				cairo_move_to(cr, cx - cap, ylo);
				cairo_line_to(cr, cx + cap, ylo);
				cairo_stroke(cr);
				if (ybot - yhi > above)
					above = ybot - yhi;
			}
			char label[64];
			chart_bar_label(c, s, k, label, sizeof label);
			struct chart_text vt = lt;
			vt.color = chart_flag_ink(c, s, k, lt.color);
			vt.bold = fr_chart_flagged(c, s, k) != 0;
			if (upright) {
				chart_text_up(cr, bx + bw / 2, ybot - above - 4, label, &vt);
			} else {
				struct chart_text t = vt;
				t.width = bw + 4;
				t.align = CENTER;
				chart_text(cr, bx + bw / 2, ybot - above - 15, label, &t);
			}
		}
		struct chart_text t = chart_t(T_LABEL, gw - 4, CENTER);
		t.lines = 2;
		chart_text(cr, x0 + k * gw + gw / 2, ybot + 6, c->cats[k], &t);
	}
}

/* ---- trend -------------------------------------------------------------- */

struct chart_panel {
	const char *name;
	size_t *series;
	size_t n;
};

/* The panels of a trend: by panel name, or a series each when there are
 * too many lines to tell apart and no panel was named. */
static size_t
chart_panels(const struct fr_chart *c, struct chart_panel **out)
{
	struct chart_panel *p = NULL;
	size_t np = 0;
	int any = 0;
	for (size_t s = 0; s < c->nseries; s++)
		any |= c->series[s].panel != NULL;
	for (size_t s = 0; s < c->nseries; s++) {
		const char *name = any ? (c->series[s].panel ? c->series[s].panel : "")
		                   : c->nseries > 8 ? c->series[s].name : "";
		size_t i;
		for (i = 0; i < np; i++)
			if (strcmp(p[i].name, name) == 0)
				break;
		if (i == np) {
			p = fr_xreallocarray(p, np + 1, sizeof *p);
			p[np++] = (struct chart_panel){name, fr_xcalloc(c->nseries, sizeof(size_t)), 0};
		}
		p[i].series[p[i].n++] = s;
	}
	*out = p;
	return np;
}

/* Whether a category is a month, "YYYY-MM". */
static int
chart_is_month(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (i == 4 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return 0;
	return s[7] == '\0';
}

static void
chart_trend_panel(const struct fr_chart *c, cairo_t *cr, const struct chart_panel *p, double x0,
                  double y0, double x1, double y1, double top, double step)
{
	double ytop = y0, ybot = y1 - 34;
	if (*p->name) {
		struct chart_text t = chart_t(T_LABEL, x1 - x0 + 50, LEFT);
		t.bold = 1;
		chart_text(cr, x0 - 50, y0, p->name, &t);
		ytop += 22;
	}
	chart_value_axis(c, cr, x0, x1, ytop + 6, ybot, top, step);
	double dx = c->ncats > 1 ? (x1 - x0 - 24) / (double)(c->ncats - 1) : 0;
	double xs = c->ncats > 1 ? x0 + 12 : (x0 + x1) / 2;
	/* every month labelled: "Jan" with its year under it at the first
	 * month and every January; thinned only when even that collides */
	int months = 1;
	for (size_t k = 0; k < c->ncats && months; k++)
		months = chart_is_month(c->cats[k]);
	double lw = months ? 30 : 64;
	size_t every = 1;
	while (c->ncats > 1 && dx * every < lw)
		every++;
	for (size_t k = 0; k < c->ncats; k += every) {
		struct chart_text t = chart_t(T_SMALL, months ? dx * every + 8 : lw, CENTER);
		if (months) {
			static const char *const names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
			                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
			int m = atoi(c->cats[k] + 5);
			char label[16];
			snprintf(label, sizeof label, "%s", names[(m >= 1 && m <= 12 ? m : 1) - 1]);
			chart_text(cr, xs + k * dx, ybot + 6, label, &t);
			if (k == 0 || m == 1) {
				snprintf(label, sizeof label, "%.4s", c->cats[k]);
				chart_text(cr, xs + k * dx, ybot + 19, label, &t);
			}
		} else {
			chart_text(cr, xs + k * dx, ybot + 6, c->cats[k], &t);
		}
	}
	double span = ybot - ytop - 6;
#define TREND_Y(v) (ybot - span * ((v) > top ? top : (v) < 0 ? 0 : (v)) / top)
	/* a marked category (a night a check held): a line across the panel */
	for (size_t k = 0; k < c->ncats; k++) {
		int marked = 0;
		for (size_t i = 0; i < p->n; i++)
			marked |= c->marks[p->series[i] * c->ncats + k];
		if (!marked)
			continue;
		static const double dash[] = {4.0, 3.0};
		chart_rgb(cr, HIGHLIGHT);
		cairo_set_line_width(cr, 1.5);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, floor(xs + k * dx) + 0.5, ytop + 6);
		cairo_line_to(cr, floor(xs + k * dx) + 0.5, ybot);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
	}
	/* intervals: a band where they run on, a bar where one stands alone */
	for (size_t i = 0; i < p->n; i++) {
		size_t s = p->series[i];
		double r, g, b;
		chart_color(c->series[s].color, &r, &g, &b);
		for (size_t k = 0; k < c->ncats;) {
			size_t at = s * c->ncats + k;
			if (!chart_ok(c->lo[at]) || !chart_ok(chart_value(c, s, k))) {
				k++;
				continue;
			}
			size_t end = k;
			while (end + 1 < c->ncats && chart_ok(c->lo[at + end + 1 - k]) &&
			       chart_ok(chart_value(c, s, end + 1)))
				end++;
			if (end == k) {
				cairo_set_source_rgba(cr, r, g, b, 0.55);
				cairo_set_line_width(cr, 2);
				cairo_move_to(cr, xs + k * dx, TREND_Y(c->lo[at]));
				cairo_line_to(cr, xs + k * dx, TREND_Y(c->hi[at]));
				cairo_stroke(cr);
			} else {
				cairo_set_source_rgba(cr, r, g, b, 0.18);
				for (size_t j = k; j <= end; j++)
					(j == k ? cairo_move_to : cairo_line_to)(cr, xs + j * dx,
					                                         TREND_Y(c->hi[s * c->ncats + j]));
				for (size_t j = end + 1; j-- > k;)
					cairo_line_to(cr, xs + j * dx, TREND_Y(c->lo[s * c->ncats + j]));
				cairo_close_path(cr);
				cairo_fill(cr);
			}
			k = end + 1;
		}
	}
	for (size_t i = 0; i < p->n; i++) {
		size_t s = p->series[i];
		chart_series_rgb(cr, c->series[s].color);
		chart_series_dash(cr, c->series[s].color);
		cairo_set_line_width(cr, 2.5);
		int pen = 0;
		for (size_t k = 0; k < c->ncats; k++) {
			double v = chart_value(c, s, k);
			if (!chart_ok(v)) {
				pen = 0;
				continue;
			}
			double x = xs + k * dx, y = ybot - (ybot - ytop - 6) * (v > top ? top : v < 0 ? 0 : v) / top;
			if (pen)
				cairo_line_to(cr, x, y);
			else
				cairo_move_to(cr, x, y);
			pen = 1;
		}
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		for (size_t k = 0; k < c->ncats; k++) {
			double v = chart_value(c, s, k);
			if (!chart_ok(v))
				continue;
			double x = xs + k * dx, y = ybot - (ybot - ytop - 6) * (v > top ? top : v < 0 ? 0 : v) / top;
			cairo_arc(cr, x, y, 3.2, 0, 2 * G_PI);
			cairo_fill(cr);
			if (c->marks[s * c->ncats + k]) { /* and a ring round it */
				cairo_save(cr);
				chart_rgb(cr, HIGHLIGHT);
				cairo_set_line_width(cr, 2);
				cairo_new_sub_path(cr);
				cairo_arc(cr, x, y, 6.5, 0, 2 * G_PI);
				cairo_stroke(cr);
				cairo_restore(cr);
				chart_series_rgb(cr, c->series[s].color);
			}
		}
	}
#undef TREND_Y
}

static void
chart_trend_layout(const struct fr_chart *c, size_t np, size_t *cols, size_t *rows)
{
	*cols = np <= 1 ? 1 : np <= 4 || chart_narrow(c) ? 2 : 3;
	*rows = (np + *cols - 1) / *cols;
}

static void
chart_trend(const struct fr_chart *c, cairo_t *cr, double w, double h, double y0)
{
	if (!chart_has_data(c)) {
		chart_empty(c, cr, y0, w, h);
		return;
	}
	y0 += chart_legend(c, cr, MARGIN, y0, w - 2 * MARGIN, 1);
	struct chart_panel *p;
	size_t np = chart_panels(c, &p), cols, rows;
	chart_trend_layout(c, np, &cols, &rows);
	/* small panels share one scale; its top is the nearest round number
	 * above the largest value, not a power of two of it */
	double step, top = chart_nice_top(c, chart_max(c), np > 1 ? 4 : 6, &step);
	if (*c->axis_label) {
		struct chart_text t = chart_t(T_SMALL, w - 2 * MARGIN, LEFT);
		y0 += chart_text(cr, MARGIN, y0, c->axis_label, &t) + 4;
	}
	double pw = (w - 2 * MARGIN) / (double)cols, ph = (h - MARGIN - y0) / (double)rows;
	for (size_t i = 0; i < np; i++) {
		double px = MARGIN + (double)(i % cols) * pw, py = y0 + floor((double)i / (double)cols) * ph;
		double ptop = top, pstep = step;
		if (c->own_scales) { /* panels of different magnitudes: an axis each */
			double pmax = chart_panel_max(c, p[i].series, p[i].n);
			pstep = chart_tick_step(pmax > 0 ? pmax : 1, np > 1 ? 2 : 5);
			if (c->unit == FR_UNIT_COUNT && pstep < 1)
				pstep = 1;
			ptop = ceil((pmax > 0 ? pmax : 1) / pstep - 1e-9) * pstep;
		}
		if (!fr_interrupt_pending()) /* dozens of panels: most of a second */
			chart_trend_panel(c, cr, &p[i], px + (chart_narrow(c) ? 40 : 64), py,
			                  px + pw - (chart_narrow(c) ? 10 : 28), py + ph - 8, ptop, pstep);
		free(p[i].series);
	}
	free(p);
}

/* ---- heatmap ------------------------------------------------------------ */

#define HEAT_ROW 28.0

/*
 * A diverging scale for a difference from a reference, t in [-1, 1]: -1
 * the worst, 0 the reference, +1 the best; orange for worse and blue for
 * better, as the marks of better and worse (ColorBrewer PuOr's orange half,
 * RdBu's blue half: apart for every kind of colour blindness, and in grey
 * by lightness). In classes, not a continuum: a continuous scale passes
 * through fills on which neither dark nor white text reaches 4.5:1, and a
 * class is read at a glance. Within a fifth of the end is the reference's
 * near white; then three steps a side, the darkest from 0.8 of the end.
 */
static unsigned
chart_heat_fill(double t)
{
	static const unsigned worse[] = {0xfee0b6, 0xf1a340, 0xb35806};
	static const unsigned better[] = {0xd1e5f0, 0x92c5de, 0x2166ac};
	double a = fabs(t);
	if (!(a >= 0.2))
		return 0xf4f4f4; /* NaN too */
	int i = a < 0.5 ? 0 : a < 0.8 ? 1 : 2;
	return t > 0 ? better[i] : worse[i];
}

/* The relative luminance of an sRGB colour (WCAG 2). */
static double
chart_luminance(unsigned rgb)
{
	double l[3];
	for (int i = 0; i < 3; i++) {
		double c = ((rgb >> (16 - 8 * i)) & 0xff) / 255.0;
		l[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

double
fr_chart_contrast(unsigned a, unsigned b)
{
	double la = chart_luminance(a), lb = chart_luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* The text on a fill: ink or white, whichever contrasts more. */
static unsigned
chart_text_on(unsigned fill)
{
	return fr_chart_contrast(INK, fill) >= fr_chart_contrast(0xffffff, fill) ? INK : 0xffffff;
}

void
fr_chart_heat_colors(double t, unsigned *fill, unsigned *text)
{
	*fill = chart_heat_fill(t);
	*text = chart_text_on(*fill);
}

size_t
fr_chart_text_colors(const unsigned **colors)
{
	static const unsigned all[] = {INK, MUTED, BETTER_INK, WORSE_INK, HIGHLIGHT_INK};
	*colors = all;
	return sizeof all / sizeof all[0];
}

/* The end of a symmetric scale: the largest difference, rounded up to a
 * number a reader takes in at a glance. */
static double
chart_heat_end(double m)
{
	static const double ends[] = {1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100};
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
		if (m <= ends[i] + 1e-9)
			return ends[i];
	return ceil(m / 100) * 100;
}

/* "+3 pp", "-12.5 pp", "0 pp" */
static void
chart_pp(double v, char *buf, size_t n)
{
	if (fabs(v) < 0.05)
		snprintf(buf, n, "0 pp");
	else if (fabs(v - round(v)) < 0.05)
		snprintf(buf, n, "%s%.0f pp", v > 0 ? "+" : "\xe2\x88\x92", fabs(v));
	else
		snprintf(buf, n, "%s%.1f pp", v > 0 ? "+" : "\xe2\x88\x92", fabs(v));
}

static int
chart_heat_has_ref(const struct fr_chart *c)
{
	for (size_t k = 0; k < c->ncats; k++)
		if (chart_ok(c->ref[k]))
			return 1;
	return 0;
}

/* How tall a heatmap's row is: on a phone, its label above its cells. */
static double
chart_heat_row(const struct fr_chart *c)
{
	return chart_narrow(c) ? HEAT_ROW + 18 : HEAT_ROW;
}

/* The colour scale under a phone's heatmap: worse at the left, better at
 * the right, the reference in the middle. */
static void
chart_heat_scale_across(const struct fr_chart *c, cairo_t *cr, double x0, double x1, double y, int refs,
                        double end, double lo, double hi)
{
	for (int i = 0; i < 64; i++) {
		double t = refs ? -1 + 2 * (i + 0.5) / 64.0 : 0.2 + 0.8 * (i + 0.5) / 64.0;
		chart_rgb(cr, chart_heat_fill(t));
		cairo_rectangle(cr, x0 + (x1 - x0) * i / 64.0, y, (x1 - x0) / 64.0 + 0.5, 10);
		cairo_fill(cr);
	}
	char label[48], a[32];
	struct chart_text t = chart_t(T_SMALL, (x1 - x0) / 3, LEFT);
	if (refs) {
		chart_pp(-c->polarity * end, a, sizeof a);
		snprintf(label, sizeof label, "%s worse", a);
		chart_text(cr, x0, y + 13, label, &t);
		t.align = CENTER;
		chart_text(cr, (x0 + x1) / 2, y + 13, "overall", &t);
		chart_pp(c->polarity * end, a, sizeof a);
		snprintf(label, sizeof label, "%s better", a);
		t.align = RIGHT;
		chart_text(cr, x1, y + 13, label, &t);
	} else {
		chart_format(c, lo, 1, label, sizeof label);
		chart_text(cr, x0, y + 13, label, &t);
		chart_format(c, hi, 1, label, sizeof label);
		t.align = RIGHT;
		chart_text(cr, x1, y + 13, label, &t);
	}
}

/* How tall a heatmap's column heads are: two lines, and the reference. */
static double
chart_heat_head(const struct fr_chart *c)
{
	return chart_heat_has_ref(c) ? 44 : 30;
}

/*
 * A cell per (row, column) with its value written in it. With references,
 * each cell is coloured by its difference from its column's reference, on
 * a diverging scale whose ends are symmetric and round and labelled in
 * percentage points, better blue and worse orange (polarity says which
 * way is better); without, by the value itself, on the blue half.
 */
static void
chart_heatmap(const struct fr_chart *c, cairo_t *cr, double w, double y0)
{
	if (!chart_has_data(c)) {
		chart_empty(c, cr, y0, w, y0 + 120 + MARGIN);
		return;
	}
	int refs = chart_heat_has_ref(c);
	double lo = INFINITY, hi = -INFINITY, m = 0;
	for (size_t i = 0; i < c->nseries * c->ncats; i++) {
		double v = c->values[i], r = c->ref[i % c->ncats];
		if (!chart_ok(v))
			continue;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
		if (refs && chart_ok(r) && fabs(v - r) > m)
			m = fabs(v - r);
	}
	if (hi - lo < 1e-9)
		lo = hi - 1;
	double end = chart_heat_end(m);
	size_t rows = c->nseries < CHART_MAX_ROWS ? c->nseries : CHART_MAX_ROWS;
	/* on a phone, a row's label stands above its cells, and the scale
	 * lies under the rows */
	int narrow = chart_narrow(c);
	double label_w = narrow ? 0 : 230, scale_w = narrow ? 0 : 90;
	double x0 = narrow ? MARGIN : MARGIN + label_w + 8, x1 = w - MARGIN - scale_w;
	double row_h = chart_heat_row(c), cell_y = narrow ? row_h - HEAT_ROW : 0;
	double cw = (x1 - x0) / (double)c->ncats, yh = y0 + chart_heat_head(c);
	for (size_t k = 0; k < c->ncats; k++) {
		struct chart_text t = chart_t(T_SMALL, cw - 4, CENTER);
		t.color = INK;
		t.lines = 2;
		chart_text(cr, x0 + k * cw + cw / 2, y0, c->cats[k], &t);
		if (refs && chart_ok(c->ref[k])) {
			char v[48], label[64];
			chart_format(c, c->ref[k], 1, v, sizeof v);
			snprintf(label, sizeof label, "%s %s", narrow ? "all" : "overall", v);
			t = chart_t(T_SMALL, cw - 4, CENTER);
			t.bold = !narrow;
			chart_text(cr, x0 + k * cw + cw / 2, y0 + 28, label, &t);
		}
	}
	for (size_t s = 0; s < rows; s++) {
		/* a tall heatmap is most of a second: a signal need not wait for it
		 * (fr_chart_draw says so, and the chart is not used) */
		if ((s & 15) == 15 && fr_interrupt_pending())
			break;
		double y = yh + s * row_h;
		if (narrow) {
			struct chart_text t = chart_t(T_LABEL, w - 2 * MARGIN, LEFT);
			t.bold = 1;
			chart_text(cr, MARGIN, y + 1, c->series[s].name, &t);
			y += cell_y;
		} else {
			struct chart_text t = chart_t(T_LABEL, label_w, RIGHT);
			chart_text(cr, MARGIN + label_w, y + HEAT_ROW / 2 - 8, c->series[s].name, &t);
		}
		struct chart_text t;
		for (size_t k = 0; k < c->ncats; k++) {
			double v = chart_value(c, s, k), x = x0 + k * cw;
			unsigned fill = 0xededed;
			if (chart_ok(v) && refs && chart_ok(c->ref[k]))
				fill = chart_heat_fill(c->polarity * (v - c->ref[k]) / end);
			else if (chart_ok(v) && !refs)
				fill = chart_heat_fill(0.2 + 0.8 * (v - lo) / (hi - lo));
			chart_rgb(cr, fill);
			cairo_rectangle(cr, x + 1, y + 1, cw - 2, HEAT_ROW - 2);
			cairo_fill(cr);
			if (c->marks[s * c->ncats + k])
				chart_hatch(cr, x + 1, y + 1, cw - 2, HEAT_ROW - 2);
			char value[40], label[48];
			chart_format(c, v, 1, value, sizeof value);
			snprintf(label, sizeof label, "%s%s", chart_ok(v) ? chart_flag_text(c, s, k) : "", value);
			t = chart_t(T_SMALL, cw - 4, CENTER);
			t.color = chart_text_on(fill);
			t.bold = fr_chart_flagged(c, s, k) != 0;
			chart_text(cr, x + cw / 2, y + HEAT_ROW / 2 - 7, label, &t);
		}
	}
	if (c->nseries > rows) {
		char more[96];
		snprintf(more, sizeof more, "and %zu more rows (see the data files)", c->nseries - rows);
		struct chart_text t = chart_t(T_SMALL, narrow ? w - 2 * MARGIN : label_w, narrow ? LEFT : RIGHT);
		chart_text(cr, narrow ? MARGIN : MARGIN + label_w, yh + rows * row_h + 4, more, &t);
	}
	if (narrow) {
		chart_heat_scale_across(c, cr, x0, x1, yh + rows * row_h + (c->nseries > rows ? 28 : 8), refs, end, lo, hi);
		return;
	}
	/* the colour scale: better at the top */
	double sx = x1 + 16, sy = yh + 8, sh = rows * HEAT_ROW > 120 ? rows * HEAT_ROW - 16 : 120;
	for (int i = 0; i < 64; i++) {
		double t = refs ? 1 - 2 * (i + 0.5) / 64.0 : 1 - 0.8 * (i + 0.5) / 64.0;
		chart_rgb(cr, chart_heat_fill(t));
		cairo_rectangle(cr, sx, sy + sh * i / 64.0, 12, sh / 64.0 + 0.5);
		cairo_fill(cr);
	}
	struct chart_text t = chart_t(T_SMALL, scale_w - 24, LEFT);
	t.lines = 2;
	char label[48], a[32];
	if (refs) {
		/* the top is the better end: above the reference for a conversion,
		 * below it for a drop-off */
		chart_pp(c->polarity * end, a, sizeof a);
		snprintf(label, sizeof label, "%s better", a);
		chart_text(cr, sx + 16, sy - 6, label, &t);
		chart_text(cr, sx + 16, sy + sh / 2 - 7, "overall", &t);
		chart_pp(-c->polarity * end, a, sizeof a);
		snprintf(label, sizeof label, "%s worse", a);
		chart_text(cr, sx + 16, sy + sh - 24, label, &t);
	} else {
		chart_format(c, hi, 1, label, sizeof label);
		chart_text(cr, sx + 16, sy - 6, label, &t);
		chart_format(c, lo, 1, label, sizeof label);
		chart_text(cr, sx + 16, sy + sh - 10, label, &t);
	}
}

/* ---- cumulative curves ---------------------------------------------------- */

/* The span of a curves chart's log axis: its first and last category. */
static int
chart_curves_span(const struct fr_chart *c, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t k = 0; k < c->ncats; k++)
		if (chart_ok(c->cat_x[k])) {
			*lo = c->cat_x[k] < *lo ? c->cat_x[k] : *lo;
			*hi = c->cat_x[k] > *hi ? c->cat_x[k] : *hi;
		}
	return *hi > *lo;
}

/*
 * Curves of a cumulative share over a log axis: from 0 to 100 % up the
 * left, the categories along the bottom where their x puts them, a dashed
 * line at 50 % and each series' marker (its median) on it, so how long it
 * takes half the users to reach a step reads at a glance.
 */
static void
chart_curves(const struct fr_chart *c, cairo_t *cr, double w, double h, double y0)
{
	double xlo, xhi;
	if (!chart_has_data(c) || !chart_curves_span(c, &xlo, &xhi)) {
		chart_empty(c, cr, y0, w, h);
		return;
	}
	y0 += chart_legend(c, cr, MARGIN, y0, w - 2 * MARGIN, 1);
	int narrow = chart_narrow(c);
	double x0 = MARGIN + (narrow ? 40 : 56), x1 = w - MARGIN - 8, ytop = y0 + 10, ybot = h - MARGIN - 28;
	double lx0 = log(xlo), lspan = log(xhi) - lx0;
	chart_value_axis(c, cr, x0, x1, ytop, ybot, 100, 25);
	/* half of them */
	double y50 = ybot - (ybot - ytop) * 0.5;
	static const double dash[] = {4.0, 3.0};
	chart_rgb(cr, MUTED);
	cairo_set_line_width(cr, 1);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, x0, floor(y50) + 0.5);
	cairo_line_to(cr, x1, floor(y50) + 0.5);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	struct chart_text ht = chart_t(T_SMALL, 0, RIGHT);
	chart_text(cr, x1, y50 - 16, "half of them", &ht);
	/* the axis: a tick per category, labels thinned so they never collide */
	double last_right = -INFINITY;
	for (size_t k = 0; k < c->ncats; k++) {
		if (!chart_ok(c->cat_x[k]))
			continue;
		double x = x0 + (x1 - x0) * (log(c->cat_x[k]) - lx0) / lspan;
		chart_rgb(cr, GRID);
		cairo_move_to(cr, floor(x) + 0.5, ytop);
		cairo_line_to(cr, floor(x) + 0.5, ybot);
		cairo_stroke(cr);
		double tw, th;
		struct chart_text t = chart_t(T_SMALL, 0, LEFT);
		chart_measure(cr, c->cats[k], &t, &tw, &th);
		if (x - tw / 2 < last_right + 6 && k + 1 < c->ncats)
			continue;
		t = chart_t(T_SMALL, 0, CENTER);
		chart_text(cr, x, ybot + 6, c->cats[k], &t);
		last_right = x + tw / 2;
	}
	for (size_t s = 0; s < c->nseries; s++) {
		chart_series_rgb(cr, c->series[s].color);
		chart_series_dash(cr, c->series[s].color);
		cairo_set_line_width(cr, 2.5);
		int pen = 0;
		for (size_t k = 0; k < c->ncats; k++) {
			double v = chart_value(c, s, k);
			if (!chart_ok(v) || !chart_ok(c->cat_x[k])) {
				pen = 0;
				continue;
			}
			double x = x0 + (x1 - x0) * (log(c->cat_x[k]) - lx0) / lspan;
			double y = ybot - (ybot - ytop) * (v < 0 ? 0 : v > 100 ? 100 : v) / 100;
			if (pen)
				cairo_line_to(cr, x, y);
			else
				cairo_move_to(cr, x, y);
			pen = 1;
		}
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		double mx = c->mark_x[s], my = c->mark_y[s];
		if (chart_ok(mx) && chart_ok(my)) {
			double lm = log(mx < xlo ? xlo : mx > xhi ? xhi : mx);
			double x = x0 + (x1 - x0) * (lm - lx0) / lspan, y = ybot - (ybot - ytop) * my / 100;
			cairo_arc(cr, x, y, 5, 0, 2 * G_PI);
			cairo_fill_preserve(cr);
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_set_line_width(cr, 1.5);
			cairo_stroke(cr);
		}
	}
}

/* ---- diverging bars ---------------------------------------------------- */

#define DIV_ROW 24.0

/* The height of a diverging chart's rows; on a phone, each label stands
 * above its bar. */
static double
chart_div_row(const struct fr_chart *c)
{
	return chart_narrow(c) ? DIV_ROW + 16 : DIV_ROW;
}

/*
 * A row per category: a bar from zero to the value, right when positive and
 * left when negative, its interval as a line with caps, the value after it
 * in the colour of its mark; the axis symmetric and round, labelled under
 * the rows.
 */
static void
chart_diverging(const struct fr_chart *c, cairo_t *cr, double w, double h, double y0)
{
	if (!chart_has_data(c)) {
		chart_empty(c, cr, y0, w, h);
		return;
	}
	size_t n = c->ncats < CHART_MAX_ROWS ? c->ncats : CHART_MAX_ROWS;
	int narrow = chart_narrow(c);
	double m = 0;
	for (size_t k = 0; k < n; k++) {
		double v = chart_value(c, 0, k), lo, hi;
		if (chart_ok(v) && fabs(v) > m)
			m = fabs(v);
		if (fr_chart_interval(c, 0, k, &lo, &hi)) {
			m = fabs(lo) > m ? fabs(lo) : m;
			m = fabs(hi) > m ? fabs(hi) : m;
		}
	}
	double step, top = chart_nice_top(c, m, 4, &step);
	double label_w = narrow ? 0 : 300, x0 = MARGIN + label_w + (narrow ? 0 : 12) + 30, x1 = w - MARGIN - 30;
	double xz = (x0 + x1) / 2, half = (x1 - x0) / 2, row = chart_div_row(c);
	/* the gridlines and the axis under the rows */
	double yb = y0 + (double)n * row;
	cairo_set_line_width(cr, 1);
	for (int i = -4; i <= 4; i++) {
		double v = i * step;
		if (fabs(v) > top + 1e-9)
			continue;
		double x = floor(xz + half * v / top) + 0.5;
		chart_rgb(cr, i == 0 ? AXIS : GRID);
		cairo_move_to(cr, x, y0);
		cairo_line_to(cr, x, yb);
		cairo_stroke(cr);
		char label[48];
		chart_format(c, v, step < 1 ? 1 : 0, label, sizeof label);
		struct chart_text t = chart_t(T_SMALL, 0, CENTER);
		chart_text(cr, x, yb + 4, label, &t);
	}
	for (size_t k = 0; k < n && !fr_interrupt_pending(); k++) {
		double y = y0 + (double)k * row, v = chart_value(c, 0, k);
		if (narrow) {
			struct chart_text t = chart_t(T_SMALL, w - 2 * MARGIN, LEFT);
			t.color = INK;
			chart_text(cr, MARGIN, y + 1, c->cats[k], &t);
			y += row - DIV_ROW;
		} else {
			struct chart_text t = chart_t(T_LABEL, label_w, RIGHT);
			chart_text(cr, MARGIN + label_w, y + 4, c->cats[k], &t);
		}
		if (!chart_ok(v))
			continue;
		double vc = v > top ? top : v < -top ? -top : v, xv = xz + half * vc / top;
		int f = fr_chart_flagged(c, 0, k);
		chart_rgb(cr, f < 0 ? HIGHLIGHT : f > 0 ? 0x0072B2 : AXIS);
		cairo_rectangle(cr, vc < 0 ? xv : xz, y + 6, fabs(xv - xz), DIV_ROW - 12);
		cairo_fill(cr);
		double lo, hi, right = vc < 0 ? xz : xv, left = vc < 0 ? xv : xz;
		if (fr_chart_interval(c, 0, k, &lo, &hi)) {
			double xl = xz + half * (lo < -top ? -top : lo > top ? top : lo) / top;
			double xh = xz + half * (hi < -top ? -top : hi > top ? top : hi) / top, cy = floor(y + DIV_ROW / 2) + 0.5;
			chart_rgb(cr, INK);
			cairo_set_line_width(cr, 1.25);
			cairo_move_to(cr, xl, cy);
			cairo_line_to(cr, xh, cy);
			cairo_move_to(cr, xl, cy - 3);
			cairo_line_to(cr, xl, cy + 3);
			cairo_move_to(cr, xh, cy - 3);
			cairo_line_to(cr, xh, cy + 3);
			cairo_stroke(cr);
			right = xh > right ? xh : right;
			left = xl < left ? xl : left;
		}
		char label[64], value[48];
		chart_format(c, v, 2, value, sizeof value);
		snprintf(label, sizeof label, "%s%s", chart_flag_text(c, 0, k), value);
		struct chart_text t = chart_t(T_SMALL, 0, vc < 0 ? RIGHT : LEFT);
		t.color = chart_flag_ink(c, 0, k, INK);
		t.bold = fr_chart_flagged(c, 0, k) != 0;
		/* the label goes on the side with room: outside the bar */
		chart_text(cr, vc < 0 ? left - 4 : right + 4, y + 5, label, &t);
	}
}

/* ---- stage timeline ----------------------------------------------------- */

#define TIME_ROW 34.0

/* A stage's row: on a phone, its note goes under its bar. */
static double
chart_time_row(const struct fr_chart *c)
{
	return chart_narrow(c) ? TIME_ROW + 16 : TIME_ROW;
}

/* Whether a timeline has every stage's start and seconds. */
static int
chart_timed(const struct fr_chart *c)
{
	if (c->nseries < 2 || c->ncats == 0)
		return 0;
	for (size_t k = 0; k < c->ncats; k++)
		if (!chart_ok(chart_value(c, 0, k)) || !chart_ok(chart_value(c, 1, k)))
			return 0;
	return 1;
}

#define GRAPH_BOX_H 72.0
#define GRAPH_GAP 28.0
#define GRAPH_LANE_GAP 36.0

/* A stage's box: a colour bar, the name in bold, the note under it. */
static void
chart_graph_box(const struct fr_chart *c, cairo_t *cr, size_t k, double x, double y, double bw, double bh)
{
	chart_series_rgb(cr, (int)k);
	cairo_rectangle(cr, x, y, bw, 5);
	cairo_fill(cr);
	chart_rgb(cr, 0xf5f7fa);
	cairo_rectangle(cr, x, y + 5, bw, bh - 5);
	cairo_fill(cr);
	struct chart_text t = chart_t(T_LABEL, bw - 14, LEFT);
	t.bold = 1;
	double th = chart_text(cr, x + 7, y + 10, c->cats[k], &t);
	t = chart_t(T_SMALL, bw - 14, LEFT);
	t.lines = 3;
	t.color = INK;
	chart_text(cr, x + 7, y + 12 + th, c->notes[k], &t);
}

static void
chart_arrow(cairo_t *cr, double xa, double ya, double xb, double yb)
{
	double len = hypot(xb - xa, yb - ya);
	if (len < 8)
		return;
	double ux = (xb - xa) / len, uy = (yb - ya) / len;
	chart_rgb(cr, AXIS);
	cairo_set_line_width(cr, 2);
	cairo_move_to(cr, xa, ya);
	cairo_line_to(cr, xb - 6 * ux, yb - 6 * uy);
	cairo_stroke(cr);
	cairo_move_to(cr, xb, yb);
	cairo_line_to(cr, xb - 8 * ux - 4.5 * uy, yb - 8 * uy + 4.5 * ux);
	cairo_line_to(cr, xb - 8 * ux + 4.5 * uy, yb - 8 * uy - 4.5 * ux);
	cairo_close_path(cr);
	cairo_fill(cr);
}

/* The height of the stages' graph below the title. */
static double
chart_graph_height(const struct fr_chart *c)
{
	size_t n = c->ncats ? c->ncats : 1;
	if (chart_narrow(c))
		return (double)n * (GRAPH_BOX_H + GRAPH_GAP) + 20;
	return GRAPH_BOX_H + (c->beside != SIZE_MAX ? GRAPH_LANE_GAP + GRAPH_BOX_H : 0) + 34;
}

/*
 * Without times: the stages as their graph, each box with what it
 * counted, in dependency order left to right, joined by arrows; the stage
 * beside them (the loader) in a lane of its own under the stages it runs
 * beside, from the one it waits for to the one that waits for it. On a
 * phone, the boxes stack, the one beside indented after the one it waits
 * for.
 */
static void
chart_stage_graph(const struct fr_chart *c, cairo_t *cr, double w, double y0)
{
	size_t n = c->ncats, nmain = n - (c->beside != SIZE_MAX);
	struct chart_text nt = chart_t(T_SMALL, w - 2 * MARGIN, LEFT);
	nt.lines = 2;
	if (chart_narrow(c)) {
		double y = y0;
		for (size_t k = 0; k < n; k++) {
			if (k == c->beside)
				continue;
			chart_graph_box(c, cr, k, MARGIN, y, w - 2 * MARGIN, GRAPH_BOX_H);
			double next = y + GRAPH_BOX_H + GRAPH_GAP;
			if (k == c->beside_after && c->beside != SIZE_MAX) {
				chart_arrow(cr, MARGIN + 30, y + GRAPH_BOX_H, MARGIN + 30, next);
				chart_graph_box(c, cr, c->beside, MARGIN + 30, next, w - 2 * MARGIN - 30, GRAPH_BOX_H);
				next += GRAPH_BOX_H + GRAPH_GAP;
			}
			if (next < y0 + (double)n * (GRAPH_BOX_H + GRAPH_GAP) - 1)
				chart_arrow(cr, MARGIN + 14, y + GRAPH_BOX_H, MARGIN + 14, next);
			y = next;
		}
		chart_text(cr, MARGIN, y, "Times not recorded: run with --timings for a timeline.", &nt);
		return;
	}
	double bw = (w - 2 * MARGIN - GRAPH_GAP * (double)(nmain - 1)) / (double)(nmain ? nmain : 1);
	double *bx = fr_xcalloc(n + 1, sizeof *bx);
	size_t i = 0;
	for (size_t k = 0; k < n; k++) {
		if (k == c->beside)
			continue;
		bx[k] = MARGIN + (double)i * (bw + GRAPH_GAP);
		chart_graph_box(c, cr, k, bx[k], y0, bw, GRAPH_BOX_H);
		if (i > 0)
			chart_arrow(cr, bx[k] - GRAPH_GAP + 3, y0 + GRAPH_BOX_H / 2, bx[k] - 3, y0 + GRAPH_BOX_H / 2);
		i++;
	}
	double yb = y0 + GRAPH_BOX_H;
	if (c->beside != SIZE_MAX) {
		double ly = y0 + GRAPH_BOX_H + GRAPH_LANE_GAP;
		double lx0 = bx[c->beside_after] + bw / 2, lx1 = bx[c->beside_before] + bw / 2;
		chart_graph_box(c, cr, c->beside, lx0 + 20, ly, lx1 - lx0 - 40, GRAPH_BOX_H);
		chart_arrow(cr, lx0, y0 + GRAPH_BOX_H + 2, lx0 + 20, ly + GRAPH_BOX_H / 2);
		chart_arrow(cr, lx1 - 20, ly + GRAPH_BOX_H / 2, lx1, y0 + GRAPH_BOX_H + 2);
		yb = ly + GRAPH_BOX_H;
	}
	free(bx);
	chart_text(cr, MARGIN, yb + 10, "Times not recorded: run with --timings for a timeline.", &nt);
}

static void
chart_timeline(const struct fr_chart *c, cairo_t *cr, double w, double y0)
{
	if (!chart_timed(c)) {
		chart_stage_graph(c, cr, w, y0);
		return;
	}
	/* Timed: each bar from its start to its end (so work on two threads
	 * shows side by side); not timed: the stages one after the other. */
	int timed = c->nseries > 1;
	double end = 0;
	for (size_t k = 0; timed && k < c->ncats; k++) {
		double s = chart_value(c, 1, k), v = chart_value(c, 0, k);
		if (!chart_ok(v) || !chart_ok(s))
			timed = 0;
		else if (s + v > end)
			end = s + v;
	}
	int narrow = chart_narrow(c);
	double label_w = narrow ? 80 : 110, note_w = narrow ? 0 : 250, x0 = MARGIN + label_w + 10,
	       x1 = w - MARGIN - note_w, row = chart_time_row(c);
	double step = 1, top = timed ? chart_axis_top(c, end, &step) : (double)c->ncats;
	double yb = y0 + c->ncats * row;
	if (timed) {
		/* a time axis along the bottom, with vertical gridlines */
		cairo_set_line_width(cr, 1);
		int ticks = (int)floor(top / step + 0.5);
		for (int k = 0; k <= ticks; k++) {
			double v = k * step;
			double x = floor(x0 + (x1 - x0) * v / top) + 0.5;
			chart_rgb(cr, k == 0 ? AXIS : GRID);
			cairo_move_to(cr, x, y0);
			cairo_line_to(cr, x, yb);
			cairo_stroke(cr);
			char label[48];
			chart_format(c, v, step < 1 ? 2 : 0, label, sizeof label);
			struct chart_text t = chart_t(T_SMALL, 0, CENTER);
			chart_text(cr, x, yb + 4, label, &t);
		}
		yb += 20;
	}
	for (size_t k = 0; k < c->ncats; k++) {
		double y = y0 + k * row;
		double start = timed ? chart_value(c, 1, k) : (double)k, v = timed ? chart_value(c, 0, k) : 1;
		if (v < 0)
			v = 0;
		if (start < 0)
			start = 0;
		struct chart_text t = chart_t(T_LABEL, label_w, RIGHT);
		t.bold = 1;
		chart_text(cr, MARGIN + label_w, y + TIME_ROW / 2 - 8, c->cats[k], &t);
		double bx = x0 + (x1 - x0) * start / top, bw = (x1 - x0) * v / top;
		if (bw < 2)
			bw = 2;
		if (bx + bw > x1)
			bw = x1 - bx > 2 ? x1 - bx : 2;
		chart_series_rgb(cr, (int)k);
		cairo_rectangle(cr, bx, y + 6, bw, TIME_ROW - 12);
		cairo_fill(cr);
		char note[200], secs[48];
		if (timed) {
			chart_format(c, v, 2, secs, sizeof secs);
			snprintf(note, sizeof note, "%s  ·  %s", secs, c->notes[k]);
		} else {
			snprintf(note, sizeof note, "%s", c->notes[k]);
		}
		t = chart_t(T_SMALL, narrow ? x1 - x0 : note_w - 10, LEFT);
		t.color = INK;
		if (narrow)
			chart_text(cr, x0, y + TIME_ROW - 4, note, &t);
		else
			chart_text(cr, x1 + 10, y + TIME_ROW / 2 - 7, note, &t);
	}
	struct chart_text t = chart_t(T_SMALL, x1 - x0, LEFT);
	if (timed) {
		char label[64], all[96];
		chart_format(c, end, 2, label, sizeof label);
		snprintf(all, sizeof all, "wall time: %s in all", label);
		chart_text(cr, x0, yb + 6, all, &t);
	} else {
		chart_text(cr, x0, yb + 6, "stages in order; times not recorded (run with --timings)", &t);
	}
}

/* ---- diagram ------------------------------------------------------------ */

#define DIAGRAM_BOX_H 104.0
#define DIAGRAM_NARROW_H 74.0
#define DIAGRAM_NARROW_GAP 20.0

/* The diagram for a phone: the boxes one under the other, arrows down. */
static void
chart_diagram_narrow(const struct fr_chart *c, cairo_t *cr, double w, double y0)
{
	double bw = w - 2 * MARGIN;
	for (size_t k = 0; k < c->ncats; k++) {
		double x = MARGIN, y = y0 + (double)k * (DIAGRAM_NARROW_H + DIAGRAM_NARROW_GAP);
		chart_series_rgb(cr, (int)k);
		cairo_rectangle(cr, x, y, 6, DIAGRAM_NARROW_H);
		cairo_fill(cr);
		chart_rgb(cr, 0xf5f7fa);
		cairo_rectangle(cr, x + 6, y, bw - 6, DIAGRAM_NARROW_H);
		cairo_fill(cr);
		struct chart_text t = chart_t(T_LABEL, bw - 22, LEFT);
		t.bold = 1;
		double th = chart_text(cr, x + 14, y + 6, c->cats[k], &t);
		t = chart_t(T_SMALL, bw - 22, LEFT);
		t.lines = 3;
		t.color = INK;
		chart_text(cr, x + 14, y + 8 + th, c->notes[k], &t);
		if (k + 1 < c->ncats) {
			double ax = MARGIN + 40, ay = y + DIAGRAM_NARROW_H + 2;
			chart_rgb(cr, AXIS);
			cairo_set_line_width(cr, 2);
			cairo_move_to(cr, ax, ay);
			cairo_line_to(cr, ax, ay + DIAGRAM_NARROW_GAP - 8);
			cairo_stroke(cr);
			cairo_move_to(cr, ax, ay + DIAGRAM_NARROW_GAP - 3);
			cairo_line_to(cr, ax - 5, ay + DIAGRAM_NARROW_GAP - 10);
			cairo_line_to(cr, ax + 5, ay + DIAGRAM_NARROW_GAP - 10);
			cairo_close_path(cr);
			cairo_fill(cr);
		}
	}
}

static void
chart_diagram(const struct fr_chart *c, cairo_t *cr, double w, double y0)
{
	size_t n = c->ncats;
	if (n == 0)
		return;
	if (chart_narrow(c)) {
		chart_diagram_narrow(c, cr, w, y0);
		return;
	}
	double gap = 26, bw = (w - 2 * MARGIN - gap * (double)(n - 1)) / (double)n;
	for (size_t k = 0; k < n; k++) {
		double x = MARGIN + k * (bw + gap), y = y0 + 4;
		chart_series_rgb(cr, (int)k);
		cairo_rectangle(cr, x, y, bw, 6);
		cairo_fill(cr);
		chart_rgb(cr, 0xf5f7fa);
		cairo_rectangle(cr, x, y + 6, bw, DIAGRAM_BOX_H - 6);
		cairo_fill(cr);
		chart_rgb(cr, GRID);
		cairo_set_line_width(cr, 1);
		cairo_rectangle(cr, x + 0.5, y + 0.5, bw - 1, DIAGRAM_BOX_H - 1);
		cairo_stroke(cr);
		struct chart_text t = chart_t(T_LABEL, bw - 16, LEFT);
		t.bold = 1;
		double th = chart_text(cr, x + 8, y + 14, c->cats[k], &t);
		t = chart_t(T_SMALL, bw - 16, LEFT);
		t.lines = 6;
		t.color = INK;
		chart_text(cr, x + 8, y + 20 + th, c->notes[k], &t);
		if (k + 1 < n) {
			double ax = x + bw + 4, ay = y + DIAGRAM_BOX_H / 2;
			chart_rgb(cr, AXIS);
			cairo_set_line_width(cr, 2);
			cairo_move_to(cr, ax, ay);
			cairo_line_to(cr, ax + gap - 12, ay);
			cairo_stroke(cr);
			cairo_move_to(cr, ax + gap - 8, ay);
			cairo_line_to(cr, ax + gap - 15, ay - 5);
			cairo_line_to(cr, ax + gap - 15, ay + 5);
			cairo_close_path(cr);
			cairo_fill(cr);
		}
	}
}

/* ---- the chart ---------------------------------------------------------- */

void
fr_chart_size(const struct fr_chart *c, double *width, double *height)
{
	*width = c->width;
	size_t rows = c->nseries < CHART_MAX_ROWS ? c->nseries : CHART_MAX_ROWS;
	size_t n = c->ncats < CHART_MAX_ROWS ? c->ncats : CHART_MAX_ROWS;
	double head = 80 + chart_sub_extra(c); /* title and subtitle */
	switch (c->kind) {
	case FR_CHART_FUNNEL:
		*height = head + (n ? n : 3) * (FUNNEL_BAR + FUNNEL_GAP) - FUNNEL_GAP + MARGIN;
		break;
	case FR_CHART_HEATMAP:
		*height = head + chart_heat_head(c) + (rows > 4 ? rows : 4) * chart_heat_row(c) +
		          (c->nseries > rows ? 24 : 0) + (chart_narrow(c) ? 36 : 0) + MARGIN;
		break;
	case FR_CHART_TIMELINE:
		*height = chart_timed(c) ? head + (n ? n : 3) * chart_time_row(c) + 30 + MARGIN
		                         : head + chart_graph_height(c) + MARGIN;
		break;
	case FR_CHART_DIAGRAM:
		*height = chart_narrow(c) ? head + (double)n * (DIAGRAM_NARROW_H + DIAGRAM_NARROW_GAP) + MARGIN
		                          : head + DIAGRAM_BOX_H + 8 + MARGIN;
		break;
	case FR_CHART_DIVERGING:
		*height = head + (double)(n ? n : 3) * chart_div_row(c) + 24 + MARGIN;
		break;
	case FR_CHART_CURVES:
		*height = head + 40 + (chart_narrow(c) ? 300.0 : 360.0) + MARGIN +
		          (chart_narrow(c) ? 18.0 * (double)(c->nseries > 1 ? c->nseries - 1 : 0) : 0);
		break;
	case FR_CHART_BARS:
		*height = chart_narrow(c) && chart_has_data(c) ? head + chart_bars_narrow_height(c) + MARGIN
		                                               : head + 40 + 380 + MARGIN;
		break;
	case FR_CHART_TREND: {
		struct chart_panel *p;
		size_t np = chart_panels(c, &p), cols, rows2;
		for (size_t i = 0; i < np; i++)
			free(p[i].series);
		free(p);
		chart_trend_layout(c, np, &cols, &rows2);
		*height = head + 40 + (*c->axis_label ? 18 : 0) + (np > 1 ? rows2 * (chart_narrow(c) ? 180.0 : 200.0)
		                              : chart_narrow(c) ? 260.0 : 380.0) + MARGIN;
		break;
	}
	default:
		*height = head + 40 + 380 + MARGIN;
		break;
	}
}

int
fr_chart_draw(const struct fr_chart *c, cairo_t *cr, double width, double height, char **err)
{
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, width, height);
	cairo_clip(cr);
	double y = chart_frame(c, cr, width, height);
	switch (c->kind) {
	case FR_CHART_FUNNEL: chart_funnel(c, cr, width, y); break;
	case FR_CHART_BARS: chart_bars(c, cr, width, height, y); break;
	case FR_CHART_TREND: chart_trend(c, cr, width, height, y); break;
	case FR_CHART_HEATMAP: chart_heatmap(c, cr, width, y); break;
	case FR_CHART_TIMELINE: chart_timeline(c, cr, width, y); break;
	case FR_CHART_DIAGRAM: chart_diagram(c, cr, width, y); break;
	case FR_CHART_CURVES: chart_curves(c, cr, width, height, y); break;
	case FR_CHART_DIVERGING: chart_diverging(c, cr, width, height, y); break;
	}
	cairo_restore(cr);
	cairo_status_t st = cairo_status(cr);
	if (st != CAIRO_STATUS_SUCCESS)
		return fr_fail(err, FR_EIO, "chart \"%s\": %s", c->title, cairo_status_to_string(st));
	if (fr_interrupt_pending())
		return fr_fail(err, FR_EINTR, "interrupted");
	return FR_OK;
}

static cairo_status_t
chart_write(void *closure, const unsigned char *data, unsigned int length)
{
	fr_buf_put(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static int
chart_surface_done(const struct fr_chart *c, cairo_surface_t *s, const char *what, char **err)
{
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return fr_fail(err, FR_EIO, "chart \"%s\" as %s: %s", c->title, what,
		               cairo_status_to_string(st));
	return FR_OK;
}

static void
chart_png_write(png_structp png, png_bytep data, png_size_t length)
{
	fr_buf_put(png_get_io_ptr(png), data, length);
}

static void
chart_png_flush(png_structp png)
{
	(void)png;
}

/*
 * Encodes an RGB24 image surface as PNG with libpng: Cairo's own writer
 * compresses at zlib's default level with every filter tried, which took
 * half of a demo run; charts are mostly flat colour, so level 1 is several
 * times faster for files a little larger. No filter: on the demo's 22 charts
 * (make report) the Sub filter took 0.82 s to encode 5.4 MB, none 0.60 s for
 * 4.5 MB (a row of flat colour and antialiased text repeats earlier rows
 * byte for byte, which deflate finds; Sub turns it into other bytes).
 */
static int
chart_png_encode(cairo_surface_t *s, struct fr_buf *out)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	cairo_surface_flush(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
	unsigned char *row = fr_xmalloc((size_t)w * 3 + 1);
	if (info == NULL || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(row);
		return -1;
	}
	png_set_write_fn(png, out, chart_png_write, chart_png_flush);
	png_set_compression_level(png, 1);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		const uint32_t *px = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) {
			row[3 * x] = (unsigned char)(px[x] >> 16);
			row[3 * x + 1] = (unsigned char)(px[x] >> 8);
			row[3 * x + 2] = (unsigned char)px[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return 0;
}

int
fr_chart_png(const struct fr_chart *c, double scale, struct fr_buf *out, char **err)
{
	double w, h;
	fr_chart_size(c, &w, &h);
	if (!(scale > 0) || scale > 4)
		scale = 1;
	cairo_surface_t *s =
	    cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * scale), (int)ceil(h * scale));
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	int rc = fr_chart_draw(c, cr, w, h, err);
	cairo_destroy(cr);
	if (rc == FR_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = fr_fail(err, FR_EIO, "chart \"%s\" as PNG: %s", c->title,
		             cairo_status_to_string(cairo_surface_status(s)));
	if (rc == FR_OK && chart_png_encode(s, out) != 0)
		rc = fr_fail(err, FR_EIO, "chart \"%s\": the PNG encoder failed", c->title);
	int rc2 = chart_surface_done(c, s, "PNG", err);
	return rc != FR_OK ? rc : rc2;
}

/*
 * Cairo names SVG surfaces "surface<N>" from a counter shared by the whole
 * process, so the same chart drawn twice differs. Renumbering them in order
 * of appearance makes the document a function of the chart alone.
 */
static void
chart_svg_renumber(const char *in, size_t len, struct fr_buf *out)
{
	unsigned long seen[64];
	size_t nseen = 0;
	const char *p = in, *end = in + len;
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), "surface", 7);
		if (hit == NULL) {
			fr_buf_put(out, p, (size_t)(end - p));
			break;
		}
		const char *d = hit + 7;
		fr_buf_put(out, p, (size_t)(d - p));
		if (d < end && *d >= '0' && *d <= '9') {
			unsigned long n = 0;
			while (d < end && *d >= '0' && *d <= '9')
				n = n * 10 + (unsigned long)(*d++ - '0');
			size_t i;
			for (i = 0; i < nseen && seen[i] != n; i++)
				;
			if (i == nseen && nseen < 64)
				seen[nseen++] = n;
			fr_buf_printf(out, "%zu", i + 1);
		}
		p = d;
	}
}

int
fr_chart_svg(const struct fr_chart *c, struct fr_buf *out, char **err)
{
	double w, h;
	fr_chart_size(c, &w, &h);
	struct fr_buf raw = FR_BUF_INIT;
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(chart_write, &raw, w, h);
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
	cairo_t *cr = cairo_create(s);
	int rc = fr_chart_draw(c, cr, w, h, err);
	cairo_destroy(cr);
	int rc2 = chart_surface_done(c, s, "SVG", err);
	if (rc == FR_OK && rc2 == FR_OK)
		chart_svg_renumber(raw.ptr != NULL ? raw.ptr : "", raw.len, out);
	fr_buf_free(&raw);
	return rc != FR_OK ? rc : rc2;
}
