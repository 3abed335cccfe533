/* html.c: index.html, self-contained (CSS inline, no external requests). */
#include "html.h"

#include <glib.h>
#include <stdlib.h>

#include "datafiles.h"
#include "escape.h"
#include "pct.h"
#include "version.h"

static void
html_pct(struct fr_buf *b, int64_t hundredths)
{
	if (hundredths < 0) {
		fr_buf_puts(b, "<td class=\"n na\">n/a</td>");
		return;
	}
	fr_buf_puts(b, "<td class=\"n\">");
	fr_pct_put(b, hundredths);
	fr_buf_puts(b, " %</td>");
}

static void
html_count_td(struct fr_buf *b, int64_t v)
{
	fr_buf_puts(b, "<td class=\"n\">");
	fr_buf_put_count(b, v);
	fr_buf_puts(b, "</td>");
}

static void
html_tile(struct fr_buf *b, const char *key, const char *value_html)
{
	fr_buf_printf(b, "<div class=\"tile\"><div class=\"v\">%s</div><div class=\"k\">%s</div></div>\n",
	              value_html, key);
}

/* A funnel table for one segment: users, % of start, % of previous, drop-off. */
static void
html_funnel_table(struct fr_buf *b, const struct fr_result *r, const struct fr_segment *seg,
                  const char *caption)
{
	fr_buf_puts(b, "<div class=\"scroll\"><table>\n<caption>");
	fr_escape_html(b, caption);
	fr_buf_puts(b, "</caption>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Step</th>"
	               "<th scope=\"col\" class=\"n\">Users</th><th scope=\"col\" class=\"n\">% of start</th>"
	               "<th scope=\"col\" class=\"n\">% of previous</th>"
	               "<th scope=\"col\" class=\"n\">Drop-off</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < r->nsteps; k++) {
		int64_t prev = k > 0 ? fr_pct(seg->users[k], seg->users[k - 1]) : -1;
		fr_buf_printf(b, "<tr><td>%zu</td><th scope=\"row\">", k + 1);
		fr_escape_html(b, r->steps[k]);
		fr_buf_puts(b, "</th>");
		html_count_td(b, seg->users[k]);
		html_pct(b, fr_pct(seg->users[k], seg->users[0]));
		html_pct(b, prev);
		html_pct(b, fr_pct_complement(prev));
		fr_buf_puts(b, "</tr>\n");
	}
	fr_buf_puts(b, "</tbody></table></div>\n");
}

/* A breakdown as one table: a row per segment, a column per step. */
static void
html_breakdown_table(struct fr_buf *b, const struct fr_result *r, const struct fr_breakdown *bd)
{
	fr_buf_puts(b, "<div class=\"scroll\"><table>\n<caption>Users reaching each step, and % of "
	               "start, by ");
	fr_escape_html(b, bd->name);
	fr_buf_puts(b, "</caption>\n<thead><tr>");
	for (size_t d = 0; d < bd->ndims; d++) {
		fr_buf_puts(b, "<th scope=\"col\">");
		fr_escape_html(b, r->dims[bd->dims[d]].name);
		fr_buf_puts(b, "</th>");
	}
	for (size_t k = 0; k < r->nsteps; k++) {
		fr_buf_puts(b, "<th scope=\"col\" class=\"n\">");
		fr_escape_html(b, r->steps[k]);
		fr_buf_puts(b, "</th>");
	}
	fr_buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t s = 0; s < bd->nsegs; s++) {
		const struct fr_segment *seg = &bd->segs[s];
		fr_buf_puts(b, "<tr>");
		for (size_t d = 0; d < bd->ndims; d++) {
			fr_buf_puts(b, d == 0 ? "<th scope=\"row\">" : "<td>");
			fr_escape_html(b, seg->values[d]);
			fr_buf_puts(b, d == 0 ? "</th>" : "</td>");
		}
		for (size_t k = 0; k < r->nsteps; k++) {
			fr_buf_puts(b, "<td class=\"n\">");
			fr_buf_put_count(b, seg->users[k]);
			int64_t p = fr_pct(seg->users[k], seg->users[0]);
			if (k > 0 && p >= 0) {
				fr_buf_puts(b, "<br><small>");
				fr_pct_put(b, p);
				fr_buf_puts(b, " %</small>");
			}
			fr_buf_puts(b, "</td>");
		}
		fr_buf_puts(b, "</tr>\n");
	}
	fr_buf_puts(b, "</tbody></table></div>\n");
}

/* A figure: the SVG inlined as a data URI (each keeps its own ids), a text
 * alternative, and links to the files. */
static void
html_figure(struct fr_buf *b, const struct fr_figure *f)
{
	double w, h;
	fr_chart_size(f->chart, &w, &h);
	gchar *b64 = g_base64_encode((const guchar *)f->svg.ptr, f->svg.len);
	fr_buf_puts(b, "<figure class=\"chart\">\n<img src=\"data:image/svg+xml;base64,");
	fr_buf_puts(b, b64);
	g_free(b64);
	fr_buf_printf(b, "\" width=\"%.0f\" height=\"%.0f\" alt=\"", w, h);
	fr_escape_html(b, f->alt);
	fr_buf_puts(b, "\">\n<figcaption>");
	fr_escape_html(b, f->title);
	fr_buf_printf(b, " (<a href=\"charts/%s.png\">PNG</a>, <a href=\"charts/%s.svg\">SVG</a>)"
	                 "</figcaption>\n</figure>\n",
	              f->slug, f->slug);
}

static void
html_figures(struct fr_buf *b, const struct fr_plot *plot, enum fr_figure_place place, size_t breakdown)
{
	for (size_t i = 0; plot != NULL && i < plot->nfigs; i++)
		if (plot->figs[i].place == place &&
		    (place != FR_FIG_BREAKDOWN || plot->figs[i].breakdown == breakdown))
			html_figure(b, &plot->figs[i]);
}

static void
html_quality(struct fr_buf *b, const struct fr_result *r)
{
	struct fr_dq_item dq[FR_DQ_MAX];
	size_t n = fr_datafiles_quality(r, dq);
	fr_buf_puts(b, "<h2 id=\"quality\">Data quality</h2>\n<div class=\"scroll\"><table>\n"
	               "<caption>What was read, kept and set aside</caption>\n"
	               "<thead><tr><th scope=\"col\">Count</th><th scope=\"col\" class=\"n\">Rows</th>"
	               "<th scope=\"col\">Meaning</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		fr_buf_puts(b, "<tr><th scope=\"row\">");
		fr_escape_html(b, dq[i].key);
		fr_buf_puts(b, "</th>");
		html_count_td(b, dq[i].count);
		fr_buf_puts(b, "<td>");
		fr_escape_html(b, dq[i].meaning);
		fr_buf_puts(b, "</td></tr>\n");
	}
	fr_buf_puts(b, "</tbody></table></div>\n<p>Rows read per input:</p>\n<ul>\n");
	for (size_t i = 0; i < r->ninputs; i++) {
		fr_buf_puts(b, "<li>");
		fr_escape_html(b, r->inputs[i].name);
		fr_buf_puts(b, " (");
		fr_escape_html(b, r->inputs[i].kind);
		fr_buf_puts(b, "): ");
		fr_buf_put_count(b, r->inputs[i].rows);
		fr_buf_puts(b, "</li>\n");
	}
	fr_buf_puts(b, "</ul>\n");
}

static void
html_definitions(struct fr_buf *b, const struct fr_result *r)
{
	struct fr_definition *defs;
	size_t n = fr_datafiles_definitions(r, &defs);
	fr_buf_puts(b, "<h2 id=\"definitions\">Definitions</h2>\n<dl class=\"defs\">\n");
	for (size_t i = 0; i < n; i++) {
		fr_buf_puts(b, "<dt>");
		fr_escape_html(b, defs[i].name);
		fr_buf_puts(b, "</dt><dd>");
		fr_escape_html(b, defs[i].text);
		fr_buf_puts(b, "</dd>\n");
	}
	fr_buf_puts(b, "</dl>\n");
	fr_datafiles_definitions_free(defs, n);
}

static void
html_stages(struct fr_buf *b, const struct fr_result *r)
{
	fr_buf_puts(b, "<h2 id=\"stages\">Run stages</h2>\n<div class=\"scroll\"><table>\n"
	               "<caption>The run as a dependency graph: each stage starts when the stages it "
	               "depends on have finished</caption>\n<thead><tr><th scope=\"col\">Stage</th>"
	               "<th scope=\"col\">Depends on</th><th scope=\"col\" class=\"n\">Rows in</th>"
	               "<th scope=\"col\" class=\"n\">Rows out</th><th scope=\"col\">Rows out are</th>"
	               "<th scope=\"col\" class=\"n\">Seconds</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < FR_NSTAGES; i++) {
		const struct fr_stage *s = &r->stages[i];
		if (s->name == NULL)
			continue;
		fr_buf_puts(b, "<tr><th scope=\"row\">");
		fr_escape_html(b, s->name);
		fr_buf_puts(b, "</th><td>");
		fr_escape_html(b, *s->depends ? s->depends : "-");
		fr_buf_puts(b, "</td>");
		html_count_td(b, s->rows_in);
		html_count_td(b, s->rows_out);
		fr_buf_puts(b, "<td>");
		fr_escape_html(b, s->rows_what != NULL ? s->rows_what : "");
		fr_buf_puts(b, "</td>");
		if (r->timings)
			fr_buf_printf(b, "<td class=\"n\">%.3f</td>", s->seconds);
		else
			fr_buf_puts(b, "<td class=\"n na\">not recorded</td>");
		fr_buf_puts(b, "</tr>\n");
	}
	fr_buf_puts(b, "</tbody></table></div>\n");
	if (!r->timings)
		fr_buf_puts(b, "<p class=\"na\">Stage times are left out so that the same input gives the "
		               "same bytes; run with <code>--timings</code> to record them.</p>\n");
}

int
fr_html_render(const struct fr_result *r, const struct fr_plot *plot, struct fr_templates *t,
               struct fr_buf *b, char **err)
{
	const char *css;
	size_t csslen;
	int rc = fr_templates_get(t, "html/style.css", &css, &csslen, err);
	if (rc != FR_OK)
		return rc;
	fr_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	               "style-src 'unsafe-inline'; img-src data:\">\n<title>");
	fr_escape_html(b, r->title);
	fr_buf_puts(b, "</title>\n<style>\n");
	fr_buf_put(b, css, csslen);
	fr_buf_puts(b, "</style>\n</head>\n<body>\n<main>\n<h1>");
	fr_escape_html(b, r->title);
	fr_buf_puts(b, "</h1>\n<p class=\"lede\">");
	fr_escape_html(b, r->source);
	if (r->first_event != NULL) {
		fr_buf_puts(b, "; visits from ");
		fr_escape_html(b, r->first_event);
		fr_buf_puts(b, " to ");
		fr_escape_html(b, r->last_event);
	}
	fr_buf_puts(b, ".</p>\n");

	int64_t entered = fr_result_entered(r);
	int64_t converted = r->nsteps ? fr_result_users(r, r->nsteps - 1) : 0;
	struct fr_buf v = FR_BUF_INIT;
	fr_buf_puts(b, "<div class=\"tiles\">\n");
	fr_buf_put_count(&v, entered);
	html_tile(b, "users entered the funnel", fr_buf_cstr(&v));
	fr_buf_clear(&v);
	fr_buf_put_count(&v, converted);
	struct fr_buf k = FR_BUF_INIT;
	fr_buf_puts(&k, "reached ");
	if (r->nsteps)
		fr_escape_html(&k, r->steps[r->nsteps - 1]);
	html_tile(b, fr_buf_cstr(&k), fr_buf_cstr(&v));
	fr_buf_clear(&v);
	int64_t conv = fr_pct(converted, entered);
	if (conv >= 0) {
		fr_pct_put(&v, conv);
		fr_buf_puts(&v, " %");
	} else {
		fr_buf_puts(&v, "n/a");
	}
	html_tile(b, "overall conversion", fr_buf_cstr(&v));
	fr_buf_puts(b, "</div>\n");
	fr_buf_free(&v);
	fr_buf_free(&k);

	fr_buf_puts(b, "<h2 id=\"funnel\">Overall funnel</h2>\n");
	if (entered == 0)
		fr_buf_puts(b, "<p><strong>No data:</strong> no user visited the first step.</p>\n");
	html_figures(b, plot, FR_FIG_OVERALL, 0);
	html_funnel_table(b, r, &r->funnel[0].segs[0], "Overall funnel: users reaching each step");

	fr_buf_puts(b, "<h2 id=\"headline\">Headline analyses</h2>\n");
	html_figures(b, plot, FR_FIG_HEADLINE, 0);
	if (plot != NULL && plot->notes != NULL) {
		fr_buf_puts(b, "<p class=\"na\">");
		fr_escape_html(b, plot->notes);
		fr_buf_puts(b, "</p>\n");
	}

	fr_buf_puts(b, "<h2 id=\"breakdowns\">Breakdowns</h2>\n");
	for (size_t i = 1; i < r->nfunnel; i++) {
		fr_buf_puts(b, "<details><summary>");
		fr_escape_html(b, r->funnel[i].name);
		fr_buf_printf(b, " (%zu segments)</summary>\n", r->funnel[i].nsegs);
		html_figures(b, plot, FR_FIG_BREAKDOWN, i);
		html_breakdown_table(b, r, &r->funnel[i]);
		fr_buf_puts(b, "</details>\n");
	}
	html_quality(b, r);
	html_definitions(b, r);
	html_stages(b, r);
	html_figures(b, plot, FR_FIG_RUN, 0);
	fr_buf_puts(b, "<h2 id=\"data\">Data files</h2>\n<ul>\n"
	               "<li><a href=\"data/funnel.csv\">data/funnel.csv</a>: every breakdown, every step</li>\n"
	               "<li><a href=\"data/visits.csv\">data/visits.csv</a>: visits and visitors per step and month</li>\n"
	               "<li><a href=\"data/cube_funnel.csv\">data/cube_funnel.csv</a>: the funnel cube</li>\n"
	               "<li><a href=\"data/cube_visits.csv\">data/cube_visits.csv</a>: the visits cube</li>\n"
	               "<li><a href=\"data/summary.json\">data/summary.json</a>: totals, data quality, stages</li>\n"
	               "</ul>\n<footer>Made by funnel-report " FR_VERSION);
	if (r->generated_at != NULL) {
		fr_buf_puts(b, " on ");
		fr_escape_html(b, r->generated_at);
	}
	fr_buf_puts(b, ".</footer>\n</main>\n</body>\n</html>\n");
	return FR_OK;
}
