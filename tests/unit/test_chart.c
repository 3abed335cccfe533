/* test_chart.c: every chart kind, on normal and edge data, renders to PNG,
 * SVG and PDF without a Cairo error; the PNG has the expected size and its
 * bars are where they should be; the SVG parses as XML; the same chart gives
 * the same bytes twice; slugs are safe. */
#include "support.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>

#include "base/buf.h"
#include "render/chart.h"
#include "engine.h"
#include "render/plot.h"

static const unsigned BLUE = 0x0072B2;

struct png_reader {
	const struct fr_buf *b;
	size_t at;
};

static cairo_status_t
png_read(void *closure, unsigned char *data, unsigned int length)
{
	struct png_reader *r = closure;
	if (r->at + length > r->b->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->b->ptr + r->at, length);
	r->at += length;
	return CAIRO_STATUS_SUCCESS;
}

/* Decodes a PNG and counts pixels of one colour (within a small tolerance). */
static long
png_count(const struct fr_buf *png, unsigned rgb, int *width, int *height)
{
	struct png_reader r = {png, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, &r);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	long n = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			const unsigned char *p = d + y * stride + x * 4; /* BGRA on little-endian */
			int dr = p[2] - (int)((rgb >> 16) & 0xff), dg = p[1] - (int)((rgb >> 8) & 0xff),
			    db = p[0] - (int)(rgb & 0xff);
			if (abs(dr) < 8 && abs(dg) < 8 && abs(db) < 8)
				n++;
		}
	*width = w;
	*height = h;
	cairo_surface_destroy(s);
	return n;
}

static void
xml_error(GMarkupParseContext *ctx, GError *error, gpointer data)
{
	(void)ctx, (void)error, (void)data;
}

static void
assert_xml(const struct fr_buf *svg)
{
	GMarkupParser parser = {NULL, NULL, NULL, NULL, xml_error};
	GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, NULL, NULL);
	GError *error = NULL;
	gboolean ok = g_markup_parse_context_parse(ctx, svg->ptr, (gssize)svg->len, &error) &&
	              g_markup_parse_context_end_parse(ctx, &error);
	if (!ok)
		fail_msg("SVG is not well-formed XML: %s", error ? error->message : "?");
	g_markup_parse_context_free(ctx);
	assert_non_null(strstr(svg->ptr, "<svg"));
}

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
	fr_buf_put(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* Renders c to PNG, SVG and a PDF page; checks each; returns the count of
 * pixels in colour rgb of the PNG. */
static long
render_all(const struct fr_chart *c, unsigned rgb)
{
	char *err = NULL;
	struct fr_buf png = FR_BUF_INIT, png2 = FR_BUF_INIT, svg = FR_BUF_INIT, svg2 = FR_BUF_INIT;
	int rc = fr_chart_png(c, 2, &png, &err);
	if (rc != FR_OK)
		fail_msg("PNG: %s", err);
	assert_int_equal(fr_chart_png(c, 2, &png2, &err), FR_OK);
	assert_int_equal(fr_chart_svg(c, &svg, &err), FR_OK);
	assert_int_equal(fr_chart_svg(c, &svg2, &err), FR_OK);
	/* the same chart, the same bytes */
	assert_int_equal(png.len, png2.len);
	assert_memory_equal(png.ptr, png2.ptr, png.len);
	assert_int_equal(svg.len, svg2.len);
	assert_memory_equal(svg.ptr, svg2.ptr, svg.len);
	assert_xml(&svg);
	assert_null(strstr(svg.ptr, "nan"));

	double w, h;
	fr_chart_size(c, &w, &h);
	assert_true(w > 100 && h > 100 && w < 5000 && h < 5000);
	int pw, ph;
	long n = png_count(&png, rgb, &pw, &ph);
	assert_int_equal(pw, (int)ceil(w * 2));
	assert_int_equal(ph, (int)ceil(h * 2));

	struct fr_buf pdf = FR_BUF_INIT;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, &pdf, w, h);
	cairo_t *cr = cairo_create(s);
	assert_int_equal(fr_chart_draw(c, cr, w, h, &err), FR_OK);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	assert_true(pdf.len > 100 && memcmp(pdf.ptr, "%PDF", 4) == 0);

	fr_buf_free(&png);
	fr_buf_free(&png2);
	fr_buf_free(&svg);
	fr_buf_free(&svg2);
	fr_buf_free(&pdf);
	free(err);
	return n;
}

static struct fr_chart *
funnel(const double *users, size_t n)
{
	static const char *const steps[] = {"home", "search", "product", "cart", "payment", "confirmation"};
	struct fr_chart *c = fr_chart_new(FR_CHART_FUNNEL, FR_UNIT_COUNT);
	fr_chart_set_title(c, "The funnel", "users per step");
	for (size_t k = 0; k < n; k++)
		fr_chart_add_category(c, steps[k % 6], NULL);
	fr_chart_add_series(c, "users", 0, NULL);
	for (size_t k = 0; k < n; k++)
		fr_chart_set(c, 0, k, users[k]);
	return c;
}

static void
test_funnel(void **state)
{
	(void)state;
	const double normal[] = {90400, 43201, 23062, 9526, 5168, 3760};
	struct fr_chart *c = funnel(normal, 6);
	long full = render_all(c, BLUE);
	fr_chart_free(c);
	/* the first bar is the whole track: a wide band of blue */
	assert_true(full > 100000);

	const double zeros[] = {0, 0, 0};
	c = funnel(zeros, 3);
	assert_true(render_all(c, BLUE) < 100); /* no bars: the empty message */
	fr_chart_free(c);

	const double one[] = {1};
	c = funnel(one, 1);
	assert_true(render_all(c, BLUE) > 50000);
	fr_chart_free(c);

	const double hundred[] = {7, 7, 7};
	c = funnel(hundred, 3);
	assert_true(render_all(c, BLUE) > 3 * 50000);
	fr_chart_free(c);

	const double bad[] = {NAN, INFINITY, -5};
	c = funnel(bad, 3);
	render_all(c, BLUE);
	fr_chart_free(c);

	/* no categories at all */
	c = fr_chart_new(FR_CHART_FUNNEL, FR_UNIT_COUNT);
	render_all(c, BLUE);
	fr_chart_free(c);
}

static struct fr_chart *
bars(size_t ncats, size_t nseries, double (*value)(size_t s, size_t k))
{
	struct fr_chart *c = fr_chart_new(FR_CHART_BARS, FR_UNIT_PERCENT);
	fr_chart_set_title(c, "Drop-off by channel and sex", "percent");
	char label[32];
	for (size_t k = 0; k < ncats; k++) {
		snprintf(label, sizeof label, "channel %zu", k);
		fr_chart_add_category(c, label, NULL);
	}
	for (size_t s = 0; s < nseries; s++) {
		snprintf(label, sizeof label, "segment %zu", s);
		fr_chart_add_series(c, label, (int)s, NULL);
		for (size_t k = 0; k < ncats; k++)
			fr_chart_set(c, s, k, value(s, k));
	}
	return c;
}

static double v_normal(size_t s, size_t k) { return 20 + 5.0 * (double)s + 3.0 * (double)k; }
static double v_zero(size_t s, size_t k) { (void)s, (void)k; return 0; }
static double v_hundred(size_t s, size_t k) { (void)s, (void)k; return 100; }
static double v_nan(size_t s, size_t k) { return (s + k) % 2 ? NAN : 50; }

static void
test_bars(void **state)
{
	(void)state;
	struct fr_chart *c = bars(6, 2, v_normal);
	long normal = render_all(c, BLUE);
	fr_chart_free(c);
	c = bars(6, 2, v_zero);
	long zero = render_all(c, BLUE);
	fr_chart_free(c);
	/* bars of series 0 are blue; with all zeros only the legend swatch is */
	assert_true(normal > 20000);
	assert_true(zero < 2000);
	c = bars(3, 3, v_hundred);
	render_all(c, BLUE);
	fr_chart_free(c);
	c = bars(4, 2, v_nan);
	render_all(c, BLUE);
	fr_chart_free(c);
	c = bars(1, 1, v_normal);
	assert_true(render_all(c, BLUE) > 20000);
	fr_chart_free(c);
	/* 30+ segments: bars narrow to slivers, labels stand upright */
	c = bars(6, 32, v_normal);
	render_all(c, BLUE);
	fr_chart_free(c);
	c = bars(0, 0, v_normal);
	render_all(c, BLUE);
	fr_chart_free(c);
	/* a hatched (marked) cell */
	c = bars(2, 2, v_normal);
	fr_chart_mark(c, 0, 0);
	render_all(c, BLUE);
	fr_chart_free(c);
}

static void
test_trend(void **state)
{
	(void)state;
	static const char *const months[] = {"2025-01", "2025-02", "2025-03", "2025-04"};
	static const char *const panels[] = {"Email", "Social", "Direct"};
	struct fr_chart *c = fr_chart_new(FR_CHART_TREND, FR_UNIT_COUNT);
	fr_chart_set_title(c, "Visits", "per month");
	for (size_t m = 0; m < 4; m++)
		fr_chart_add_category(c, months[m], NULL);
	for (size_t p = 0; p < 3; p++)
		for (size_t s = 0; s < 2; s++) {
			size_t i = fr_chart_add_series(c, s ? "Male" : "Female", (int)s, panels[p]);
			for (size_t m = 0; m < 4; m++)
				fr_chart_set(c, i, m, 100.0 * (double)(p + 1) + 10.0 * (double)m + 60.0 * (double)s);
		}
	long blue = render_all(c, BLUE);
	if (blue <= 500)
		fail_msg("only %ld blue pixels", blue);
	fr_chart_free(c);

	/* one point, one series, no panel */
	c = fr_chart_new(FR_CHART_TREND, FR_UNIT_COUNT);
	fr_chart_add_category(c, "2025-01", NULL);
	fr_chart_add_series(c, "all", 0, NULL);
	fr_chart_set(c, 0, 0, 5);
	render_all(c, BLUE);
	fr_chart_free(c);

	/* 30+ series without panels become small multiples; gaps in the data */
	c = fr_chart_new(FR_CHART_TREND, FR_UNIT_COUNT);
	for (size_t m = 0; m < 4; m++)
		fr_chart_add_category(c, months[m], NULL);
	for (size_t s = 0; s < 31; s++) {
		char name[32];
		snprintf(name, sizeof name, "segment %zu", s);
		fr_chart_add_series(c, name, (int)s, NULL);
		for (size_t m = 0; m < 4; m++)
			fr_chart_set(c, s, m, m == 2 ? NAN : (double)(s * m));
	}
	render_all(c, BLUE);
	double w, h;
	fr_chart_size(c, &w, &h);
	assert_true(h > 1000); /* a grid of panels */
	fr_chart_free(c);

	/* all zeros, and no data */
	c = fr_chart_new(FR_CHART_TREND, FR_UNIT_COUNT);
	fr_chart_add_category(c, "2025-01", NULL);
	fr_chart_add_series(c, "all", 0, NULL);
	fr_chart_set(c, 0, 0, 0);
	render_all(c, BLUE);
	fr_chart_free(c);
	c = fr_chart_new(FR_CHART_TREND, FR_UNIT_COUNT);
	render_all(c, BLUE);
	fr_chart_free(c);
}

static void
test_heatmap(void **state)
{
	(void)state;
	struct fr_chart *c = fr_chart_new(FR_CHART_HEATMAP, FR_UNIT_PERCENT);
	fr_chart_set_title(c, "Drop-off", "by segment and month");
	for (int m = 0; m < 4; m++) {
		char label[32];
		snprintf(label, sizeof label, "2025-0%d", m + 1);
		fr_chart_add_category(c, label, NULL);
	}
	for (size_t s = 0; s < 35; s++) {
		char name[32];
		snprintf(name, sizeof name, "segment %zu", s);
		fr_chart_add_series(c, name, 0, NULL);
		for (size_t m = 0; m < 4; m++)
			fr_chart_set(c, s, m, s == 3 ? NAN : 30.0 + (double)(s + m));
	}
	fr_chart_mark(c, 1, 1);
	/* without references, by value on the blue half: the darkest at its end */
	assert_true(render_all(c, 0x2166ac) > 500);
	fr_chart_free(c);

	/* one cell, all equal values, 100 % */
	c = fr_chart_new(FR_CHART_HEATMAP, FR_UNIT_PERCENT);
	fr_chart_add_category(c, "2025-01", NULL);
	fr_chart_add_series(c, "all", 0, NULL);
	fr_chart_set(c, 0, 0, 100);
	render_all(c, BLUE);
	fr_chart_free(c);
	c = fr_chart_new(FR_CHART_HEATMAP, FR_UNIT_PERCENT);
	render_all(c, BLUE);
	fr_chart_free(c);
}

static void
test_timeline(void **state)
{
	(void)state;
	static const char *const stages[] = {"extract", "model", "analyze", "plot", "publish"};
	for (int timed = 0; timed < 2; timed++) {
		struct fr_chart *c = fr_chart_new(FR_CHART_TIMELINE, FR_UNIT_SECONDS);
		fr_chart_set_title(c, "The run", "stages");
		for (size_t i = 0; i < 5; i++)
			fr_chart_add_category(c, stages[i], "1,234 rows");
		fr_chart_add_series(c, "seconds", 0, NULL);
		for (size_t i = 0; timed && i < 5; i++)
			fr_chart_set(c, 0, i, 0.25 * (double)(i + 1));
		/* the first stage's bar is blue */
		assert_true(render_all(c, BLUE) > 2000);
		fr_chart_free(c);
	}
}

static void
test_hostile_labels(void **state)
{
	(void)state;
	/* 10,000 characters, right-to-left, combining marks, CJK, emoji, markup */
	char *huge = malloc(10001);
	memset(huge, 'W', 10000);
	huge[10000] = '\0';
	const char *labels[] = {
	    huge,
	    "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9",         /* Arabic */
	    "\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa",                         /* Hebrew */
	    "e\xcc\x81\xcc\x81\xcc\x81",                                         /* combining */
	    "\xe4\xb8\xad\xe6\x96\x87\xe6\xb8\xa0\xe9\x81\x93",                 /* CJK */
	    "\xf0\x9f\x9b\x92 cart",                                             /* emoji */
	    "<script>alert(1)</script> & \"x\"",
	    "bad \xff utf-8",
	};
	size_t n = sizeof labels / sizeof labels[0];
	for (int kind = FR_CHART_FUNNEL; kind <= FR_CHART_TIMELINE; kind++) {
		struct fr_chart *c = fr_chart_new((enum fr_chart_kind)kind, FR_UNIT_PERCENT);
		fr_chart_set_title(c, huge, labels[1]);
		for (size_t k = 0; k < n; k++)
			fr_chart_add_category(c, labels[k], labels[(k + 1) % n]);
		for (size_t s = 0; s < n; s++) {
			fr_chart_add_series(c, labels[s], (int)s, labels[(s + 2) % n]);
			for (size_t k = 0; k < n; k++)
				fr_chart_set(c, s, k, 10.0 * (double)(k + 1));
		}
		render_all(c, BLUE);
		struct fr_buf svg = FR_BUF_INIT;
		char *err = NULL;
		assert_int_equal(fr_chart_svg(c, &svg, &err), FR_OK);
		/* text is drawn as glyphs: the markup never reaches the document */
		assert_null(strstr(svg.ptr, "<script"));
		fr_buf_free(&svg);
		fr_chart_free(c);
	}
	free(huge);
}

static void
test_slugs(void **state)
{
	(void)state;
	struct fr_plot p = {0};
	char *s = fr_plot_slug(&p, "../../x");
	assert_string_equal(s, "x");
	free(s);
	s = fr_plot_slug(&p, "/abs/olute");
	assert_string_equal(s, "abs-olute");
	free(s);
	s = fr_plot_slug(&p, "");
	assert_string_equal(s, "chart");
	free(s);
	s = fr_plot_slug(&p, "\xe4\xb8\xad\xe6\x96\x87");
	assert_string_equal(s, "chart");
	free(s);
	char long_name[301];
	memset(long_name, 'a', 300);
	long_name[300] = '\0';
	s = fr_plot_slug(&p, long_name);
	assert_int_equal(strlen(s), 60);
	free(s);
	/* "A" and "a" are one slug: the second gets a suffix */
	struct fr_figure figs[2] = {{0}};
	figs[0].slug = fr_plot_slug(&p, "Funnel by A");
	p.figs = figs;
	p.nfigs = 1;
	figs[1].slug = fr_plot_slug(&p, "funnel-by-a");
	assert_string_equal(figs[0].slug, "funnel-by-a");
	assert_string_equal(figs[1].slug, "funnel-by-a-2");
	free(figs[0].slug);
	free(figs[1].slug);
}

/* The verdict of better or worse at step k, as a chart flags it. */
static int
vs_flag(const struct fr_segment *seg, size_t k)
{
	return seg->stats[k].vs_rest == FR_VS_HIGHER ? 1 : seg->stats[k].vs_rest == FR_VS_LOWER ? -1 : 0;
}

/*
 * The plotted number is the tested number: every bar or cell of a breakdown
 * chart is its segment's % of previous (the rate funnel.csv holds, to its
 * two decimals), its interval is that rate's, and its mark of better or
 * worse is that rate's verdict against the rest; a drop-off chart draws
 * 100 - the rate, its interval mirrored, and the same verdict (less drop-off
 * is better).
 */
static void
assert_marks_of_value(const struct fr_result *r, const struct fr_plot *p)
{
	size_t checked = 0;
	for (size_t i = 0; i < p->nfigs; i++) {
		const struct fr_figure *f = &p->figs[i];
		if (f->place != FR_FIG_BREAKDOWN)
			continue;
		const struct fr_breakdown *b = &r->analysis.funnel[f->breakdown];
		const struct fr_chart *c = f->chart;
		assert_int_equal(fr_chart_ncategories(c), r->cube.nsteps - 1);
		size_t rows = fr_chart_nseries(c);
		assert_int_equal(rows, b->nsegs);
		for (size_t s = 0; s < rows; s++)
			for (size_t k = 1; k < r->cube.nsteps; k++) {
				const struct fr_rate *prev = &b->segs[s].stats[k].prev;
				double v = fr_chart_get(c, s, k - 1), lo, hi;
				if (prev->pct < 0) {
					assert_true(isnan(v));
					continue;
				}
				assert_true(fabs(v - prev->pct / 100.0) < 1e-9);
				if (prev->lo >= 0) {
					assert_true(fr_chart_interval(c, s, k - 1, &lo, &hi));
					assert_true(fabs(lo - prev->lo / 100.0) < 1e-9);
					assert_true(fabs(hi - prev->hi / 100.0) < 1e-9);
					assert_true(lo <= v + 1e-9 && v <= hi + 1e-9);
				}
				assert_int_equal(fr_chart_flagged(c, s, k - 1), vs_flag(&b->segs[s], k));
				checked++;
			}
	}
	assert_true(checked > 100);
	for (size_t h = 0; h < r->analysis.nheadlines; h++) {
		const struct fr_headline *hl = &r->analysis.headlines[h];
		if (hl->kind != FR_HEADLINE_DROPOFF)
			continue;
		const struct fr_chart *c = NULL;
		for (size_t i = 0; i < p->nfigs; i++)
			if (p->figs[i].place == FR_FIG_HEADLINE && fr_chart_kind(p->figs[i].chart) == FR_CHART_BARS)
				c = p->figs[i].chart;
		assert_non_null(c);
		const struct fr_breakdown *b = &r->analysis.funnel[hl->breakdown];
		size_t flagged = 0;
		for (size_t s = 0; s < b->nsegs; s++) {
			const struct fr_segment *seg = &b->segs[s];
			/* find the bar of this segment by its two values */
			size_t found = 0;
			for (size_t si = 0; si < fr_chart_nseries(c); si++)
				for (size_t ci = 0; ci < fr_chart_ncategories(c); ci++) {
					const char *a = fr_chart_series_name(c, si), *bb = fr_chart_category(c, ci);
					int match = (strcmp(a, seg->values[0]) == 0 && strcmp(bb, seg->values[1]) == 0) ||
					            (strcmp(a, seg->values[1]) == 0 && strcmp(bb, seg->values[0]) == 0);
					if (!match)
						continue;
					found++;
					const int64_t *u = fr_segment_users(seg);
					double want = 100.0 - 100.0 * (double)u[hl->to] / (double)u[hl->from];
					assert_true(fabs(fr_chart_get(c, si, ci) - want) < 1e-9);
					assert_int_equal(fr_chart_flagged(c, si, ci), vs_flag(seg, hl->to));
					flagged += fr_chart_flagged(c, si, ci) != 0;
				}
			assert_int_equal(found, 1);
		}
		(void)flagged;
	}
}

/* Every text of a chart reads at 4.5:1 or better (WCAG AA): the colours of
 * text on the chart's white, and the text a heatmap writes on each fill of
 * its scale; the scale is diverging, its ends apart and its middle neutral. */
static void
test_contrast(void **state)
{
	(void)state;
	assert_true(fabs(fr_chart_contrast(0x000000, 0xffffff) - 21) < 0.01);
	assert_true(fabs(fr_chart_contrast(0x777777, 0x777777) - 1) < 0.01);
	const unsigned *ink;
	size_t n = fr_chart_text_colors(&ink);
	assert_true(n >= 4);
	for (size_t i = 0; i < n; i++) {
		double cr = fr_chart_contrast(ink[i], 0xffffff);
		if (cr < 4.5)
			fail_msg("text colour #%06x on white: %.2f:1", ink[i], cr);
	}
	unsigned worst, best, mid, text;
	for (int i = -100; i <= 100; i++) {
		unsigned fill;
		fr_chart_heat_colors(i / 100.0, &fill, &text);
		double cr = fr_chart_contrast(text, fill);
		if (cr < 4.5)
			fail_msg("heatmap text #%06x on #%06x (t %.2f): %.2f:1", text, fill, i / 100.0, cr);
	}
	fr_chart_heat_colors(-1, &worst, &text);
	fr_chart_heat_colors(1, &best, &text);
	fr_chart_heat_colors(0, &mid, &text);
	/* orange for worse, blue for better, a near white between */
	assert_true(((worst >> 16) & 0xff) > (worst & 0xff));
	assert_true((best & 0xff) > ((best >> 16) & 0xff));
	assert_true(fr_chart_contrast(mid, 0xffffff) < 1.2);
}

/* A heatmap with references: cells against their column's reference. */
static void
test_heatmap_reference(void **state)
{
	(void)state;
	struct fr_chart *c = fr_chart_new(FR_CHART_HEATMAP, FR_UNIT_PERCENT);
	fr_chart_set_title(c, "Step conversion", "against the overall rate");
	fr_chart_add_category(c, "home \xe2\x86\x92 search", NULL);
	fr_chart_add_category(c, "search \xe2\x86\x92 cart", NULL);
	fr_chart_set_reference(c, 0, 50);
	fr_chart_set_reference(c, 1, 10);
	assert_true(fabs(fr_chart_reference(c, 1) - 10) < 1e-9);
	assert_true(isnan(fr_chart_reference(c, 5)));
	for (int s = 0; s < 6; s++) {
		char name[16];
		snprintf(name, sizeof name, "seg %d", s);
		fr_chart_add_series(c, name, s, NULL);
		fr_chart_set(c, (size_t)s, 0, 40 + 4 * s);
		fr_chart_set(c, (size_t)s, 1, 8 + s);
	}
	fr_chart_flag(c, 0, 0, -1);
	fr_chart_flag(c, 5, 0, 1);
	/* seg 0 is 10 points under 50 (the end is 10): the darkest orange;
	 * seg 5 is 10 over, the darkest blue */
	assert_true(render_all(c, 0xb35806) > 500);
	assert_true(render_all(c, 0x2166ac) > 500);
	fr_chart_set_polarity(c, -1); /* a drop-off: over is worse, the same colours swap */
	assert_true(render_all(c, 0xb35806) > 500);
	fr_chart_free(c);
}

static void
test_plot_demo(void **state)
{
	(void)state;
	struct eng_opts o = {FR_ORDER_ORDERED, 0, 3, fr_demo_steps, FR_DEMO_NSTEPS, 2000, 1};
	char *err = NULL;
	int rc;
	struct fr_result *r = engine_run(&o, NULL, 0, NULL, 0, &rc, &err);
	assert_int_equal(rc, FR_OK);
	struct fr_plot *p = NULL;
	assert_int_equal(fr_plot_build(r, &p, &err), FR_OK);
	assert_int_equal(fr_plot_timeline(r, p, &err), FR_OK);
	static const char *const want[] = {
	    "funnel",
	    "trend-confirmation-by-sex-channel",
	    "dropoff-payment-confirmation-by-channel-sex",
	    "dropoff-cart-payment-by-sex-channel-month",
	    "cohorts",
	    "time-to-convert",
	    "funnel-by-sex",
	    "funnel-by-channel",
	    "funnel-by-device",
	    "funnel-by-month",
	    "funnel-by-sex-channel",
	    "funnel-by-sex-device",
	    "funnel-by-sex-month",
	    "funnel-by-channel-device",
	    "funnel-by-channel-month",
	    "funnel-by-device-month",
	    "funnel-by-sex-channel-device",
	    "funnel-by-sex-channel-month",
	    "funnel-by-sex-device-month",
	    "funnel-by-channel-device-month",
	    "run-stages",
	    "pipeline",
	};
	assert_int_equal(p->nfigs, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < p->nfigs; i++) {
		assert_string_equal(p->figs[i].slug, want[i]);
		assert_true(p->figs[i].png.len > 1000);
		assert_true(p->figs[i].svg.len > 1000);
		assert_true(strlen(p->figs[i].alt) > 20);
		/* a phone's variant of every chart, as narrow as a phone and as
		 * legible: PNG, SVG and PDF of it render alike */
		assert_true(p->figs[i].svg_narrow.len > 1000);
		assert_true(fabs(p->figs[i].narrow_w - FR_CHART_NARROW) < 1e-9);
		assert_true(fabs(fr_chart_width(p->figs[i].chart) - FR_CHART_WIDE) < 1e-9);
		fr_chart_set_width(p->figs[i].chart, FR_CHART_NARROW);
		render_all(p->figs[i].chart, BLUE);
		fr_chart_set_width(p->figs[i].chart, FR_CHART_WIDE);
	}
	assert_null(r->analysis.headline_note);
	assert_int_equal(r->analysis.nheadlines, 3);
	assert_marks_of_value(r, p);
	/* the same segment has the same colour in every chart: Female is colour 0 */
	const struct fr_chart *bars = p->figs[2].chart;
	assert_string_equal(fr_chart_series_name(bars, 0), "Female");
	assert_int_equal(fr_chart_series_color(bars, 0), 0);
	assert_int_equal(fr_chart_series_color(p->figs[1].chart, 0), 0);
	fr_plot_free(p);
	fr_result_free(r);

	/* without sex and channel, and with --max-combo 1: notes instead of charts */
	struct eng_opts o1 = {FR_ORDER_ORDERED, 0, 1, fr_demo_steps, FR_DEMO_NSTEPS, 500, 1};
	r = engine_run(&o1, NULL, 0, NULL, 0, &rc, &err);
	assert_int_equal(fr_plot_build(r, &p, &err), FR_OK);
	assert_non_null(r->analysis.headline_note);
	assert_int_equal(r->analysis.nheadlines, 0);
	fr_plot_free(p);
	fr_result_free(r);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_funnel),    cmocka_unit_test(test_bars),
	    cmocka_unit_test(test_trend),     cmocka_unit_test(test_heatmap),
	    cmocka_unit_test(test_timeline),  cmocka_unit_test(test_hostile_labels),
	    cmocka_unit_test(test_slugs),     cmocka_unit_test(test_plot_demo),
	    cmocka_unit_test(test_contrast),  cmocka_unit_test(test_heatmap_reference),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fr_plot_shutdown();
	return failed;
}
