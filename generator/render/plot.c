/* plot.c: what to draw. Turns the results into charts (chart.c draws them)
 * and renders each to PNG and SVG. */
#define _GNU_SOURCE /* memmem */
#include "render/plot.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cohorts.h"
#include "analysis/findings.h"
#include "base/interrupt.h"
#include "base/pct.h"
#include "core/ttc.h"

/* Segments with fewer users than this at the base of a rate are hatched. */
#define PLOT_SMALL 30
/* A single-dimension breakdown with more segments is a heatmap, not bars. */
#define PLOT_MAX_BARS 10

void
fr_plot_free(struct fr_plot *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nfigs; i++) {
		struct fr_figure *f = &p->figs[i];
		free(f->slug);
		free(f->title);
		free(f->alt);
		fr_chart_free(f->chart);
		fr_buf_free(&f->png);
		fr_buf_free(&f->svg);
		fr_buf_free(&f->svg_narrow);
	}
	free(p->figs);
	free(p);
}

char *
fr_plot_slug(const struct fr_plot *p, const char *s)
{
	struct fr_buf b = FR_BUF_INIT;
	int dash = 1;
	for (const unsigned char *c = (const unsigned char *)s; *c != '\0' && b.len < 60; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) {
			fr_buf_putc(&b, (char)*c);
			dash = 0;
		} else if (*c >= 'A' && *c <= 'Z') {
			fr_buf_putc(&b, (char)(*c - 'A' + 'a'));
			dash = 0;
		} else if (!dash) {
			fr_buf_putc(&b, '-');
			dash = 1;
		}
	}
	while (b.len > 0 && b.ptr[b.len - 1] == '-')
		b.ptr[--b.len] = '\0';
	if (b.len == 0)
		fr_buf_puts(&b, "chart");
	char *base = fr_buf_detach(&b);
	char *slug = fr_xstrdup(base);
	for (int n = 2;; n++) {
		int taken = 0;
		for (size_t i = 0; p != NULL && i < p->nfigs; i++)
			if (strcmp(p->figs[i].slug, slug) == 0)
				taken = 1;
		if (!taken)
			break;
		free(slug);
		slug = fr_xasprintf("%s-%d", base, n);
	}
	free(base);
	return slug;
}

char *
fr_plot_source_words(const char *source)
{
	struct fr_buf b = FR_BUF_INIT;
	const char *p = source != NULL ? source : "";
	while (*p != '\0') {
		size_t n = strcspn(p, " ");
		const char *word = p, *end = p + n;
		const char *slash = NULL;
		for (const char *q = word; q < end; q++)
			if (*q == '/')
				slash = q;
		int url = n > 3 && memmem(word, n, "://", 3) != NULL;
		size_t lead = 0, digits = 0;
		while (lead < n && word[lead] == '(')
			lead++;
		while (lead + digits < n && word[lead + digits] >= '0' && word[lead + digits] <= '9')
			digits++;
		if (slash != NULL && !url && slash + 1 < end) {
			fr_buf_put(&b, slash + 1, (size_t)(end - slash - 1));
		} else if (digits > 3 && lead + digits == n && strncmp(end, " users", 6) == 0) {
			fr_buf_put(&b, word, lead);
			fr_buf_put_count(&b, strtoll(word + lead, NULL, 10));
		} else {
			fr_buf_put(&b, word, n);
		}
		p = end;
		while (*p == ' ')
			fr_buf_putc(&b, *p++);
	}
	return fr_buf_detach(&b);
}

/* ---- finding things in the results ---------------------------------------- */

static int
plot_cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* Whether a breakdown over have (n dimensions, in index order, as analyze
 * makes them) is over exactly the dimensions dims (m of them, any order). */
static int
plot_same_dims(const size_t *have, size_t n, const size_t *dims, size_t m)
{
	size_t want[8];
	if (n != m || m > 8)
		return 0;
	memcpy(want, dims, m * sizeof *dims);
	qsort(want, m, sizeof *want, plot_cmp_size);
	return memcmp(have, want, m * sizeof *want) == 0;
}

/* The funnel breakdown over exactly the dimensions dims (any order), or NULL. */
static const struct fr_breakdown *
plot_funnel(const struct fr_result *r, const size_t *dims, size_t m)
{
	for (size_t i = 0; i < r->analysis.nfunnel; i++)
		if (plot_same_dims(r->analysis.funnel[i].dims, r->analysis.funnel[i].ndims, dims, m))
			return &r->analysis.funnel[i];
	return NULL;
}

static const struct fr_breakdown *
plot_visits(const struct fr_result *r, const size_t *dims, size_t m)
{
	for (size_t i = 0; i < r->analysis.nvisits; i++)
		if (plot_same_dims(r->analysis.visits[i].dims, r->analysis.visits[i].ndims, dims, m))
			return &r->analysis.visits[i];
	return NULL;
}

/* Position of dimension dim within breakdown dims. */
static size_t
plot_pos(const size_t *dims, size_t m, size_t dim)
{
	for (size_t i = 0; i < m; i++)
		if (dims[i] == dim)
			return i;
	return 0;
}

/*
 * The colour of a segment value: its place among the values of its
 * dimension, so a segment has one colour in every chart.
 */
static int
plot_color(const struct fr_result *r, size_t dim, const char *value)
{
	const struct fr_breakdown *b = plot_funnel(r, &dim, 1);
	for (size_t i = 0; b != NULL && i < b->nsegs; i++)
		if (strcmp(b->segs[i].values[0], value) == 0)
			return (int)i;
	const struct fr_breakdown *v = plot_visits(r, &dim, 1);
	size_t base = b != NULL ? b->nsegs : 0;
	for (size_t i = 0; v != NULL && i < v->nsegs; i++)
		if (strcmp(v->segs[i].values[0], value) == 0)
			return (int)(base + i);
	return 0;
}

/* Distinct values of position pos among segments, in their (sorted) order. */
static size_t
plot_values(char *const *const *segvalues, size_t nsegs, size_t pos, const char ***out)
{
	const char **v = fr_xcalloc(nsegs + 1, sizeof *v);
	size_t n = 0;
	for (size_t s = 0; s < nsegs; s++) {
		const char *x = segvalues[s][pos];
		size_t i;
		for (i = 0; i < n; i++)
			if (strcmp(v[i], x) == 0)
				break;
		if (i == n)
			v[n++] = x;
	}
	*out = v;
	return n;
}

static int
plot_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t
plot_index(const char **v, size_t n, const char *x)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], x) == 0)
			return i;
	return 0;
}

/* +1 when the segment's % of previous at step k is significantly better
 * (higher) than the rest's, -1 worse, 0 otherwise: the flag of a chart that
 * draws that % of previous, or the drop-off from it. */
static int
plot_vs(const struct fr_segment *seg, size_t k)
{
	int vs = seg->stats != NULL ? seg->stats[k].vs_rest : FR_VS_NONE;
	return vs == FR_VS_HIGHER ? 1 : vs == FR_VS_LOWER ? -1 : 0;
}

static double
plot_pct(int64_t num, int64_t den)
{
	return den > 0 ? 100.0 * (double)num / (double)den : NAN;
}

/* ---- figures --------------------------------------------------------------- */

/* The longest text alternative: a sentence or two. The numbers of a chart
 * are in the tables beside it and in the data files, not in its alt. */
#define PLOT_ALT_MAX 240

/*
 * A short text alternative: the kind of chart, its title and what its
 * subtitle says first; the funnel's counts, step by step (six numbers
 * read out are shorter than a table); the diagram's boxes.
 */
static char *
plot_alt(const struct fr_chart *c)
{
	struct fr_buf b = FR_BUF_INIT;
	static const char *const kinds[] = {"Funnel chart", "Bar chart", "Line chart", "Heatmap",
	                                    "Timeline",     "Diagram",   "Cumulative curves",
	                                    "Bar chart"};
	fr_buf_printf(&b, "%s: %s.", kinds[fr_chart_kind(c)], fr_chart_title(c));
	size_t nc = fr_chart_ncategories(c);
	if (fr_chart_kind(c) == FR_CHART_FUNNEL && fr_chart_nseries(c) == 1 && nc <= 12) {
		for (size_t k = 0; k < nc; k++) {
			char v[48];
			fr_chart_format(c, fr_chart_get(c, 0, k), v, sizeof v);
			fr_buf_printf(&b, "%s%s %s", k ? ", " : " ", fr_chart_category(c, k), v);
		}
		fr_buf_putc(&b, '.');
		return fr_buf_detach(&b);
	}
	if (fr_chart_kind(c) == FR_CHART_DIAGRAM) {
		for (size_t k = 0; k < nc; k++)
			fr_buf_printf(&b, "%s%s", k ? " then " : " ", fr_chart_category(c, k));
		fr_buf_putc(&b, '.');
		return fr_buf_detach(&b);
	}
	/* the subtitle up to its first ';' (what the values are) */
	const char *sub = fr_chart_subtitle(c);
	size_t n = strcspn(sub, ";");
	if (n > 0 && b.len + n < PLOT_ALT_MAX) {
		fr_buf_putc(&b, ' ');
		fr_buf_put(&b, sub, n);
		fr_buf_putc(&b, '.');
	}
	return fr_buf_detach(&b);
}

static int
plot_add(struct fr_plot *p, struct fr_chart *c, const char *slug_from, enum fr_figure_place place,
         size_t breakdown, char **err)
{
	p->figs = fr_xreallocarray(p->figs, p->nfigs + 1, sizeof *p->figs);
	struct fr_figure *f = &p->figs[p->nfigs];
	memset(f, 0, sizeof *f);
	f->slug = fr_plot_slug(p, slug_from);
	f->title = fr_xstrdup(fr_chart_title(c));
	f->alt = plot_alt(c);
	f->place = place;
	f->breakdown = breakdown;
	f->chart = c;
	p->nfigs++;
	(void)err;
	return FR_OK; /* drawn by plot_render, on two cores */
}

/* ---- rendering, on two threads ---------------------------------------------- */

struct plot_work {
	struct fr_plot *p;
	size_t from;           /* figures [from, nfigs) are to draw */
	pthread_mutex_t mu;
	size_t next;
	int rc;
	char *err;
};

static void *
plot_worker(void *arg)
{
	struct plot_work *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->mu);
		size_t i = w->next++;
		int stop = w->rc != FR_OK;
		pthread_mutex_unlock(&w->mu);
		if (stop || i >= w->p->nfigs)
			break;
		struct fr_figure *f = &w->p->figs[i];
		char *err = NULL;
		/* one figure is a fraction of a second: a signal waits no longer */
		int rc = fr_interrupt_pending() ? fr_fail(&err, FR_EINTR, "interrupted")
		                                : fr_chart_png(f->chart, 2, &f->png, &err);
		if (rc == FR_OK && fr_interrupt_pending())
			rc = fr_fail(&err, FR_EINTR, "interrupted");
		if (rc == FR_OK)
			rc = fr_chart_svg(f->chart, &f->svg, &err);
		if (rc == FR_OK) {
			/* the phone's layout; the chart goes back to the page's, which
			 * the PDF draws again later */
			fr_chart_set_width(f->chart, FR_CHART_NARROW);
			rc = fr_chart_svg(f->chart, &f->svg_narrow, &err);
			fr_chart_size(f->chart, &f->narrow_w, &f->narrow_h);
			fr_chart_set_width(f->chart, FR_CHART_WIDE);
		}
		pthread_mutex_lock(&w->mu);
		if (rc != FR_OK && w->rc == FR_OK) {
			w->rc = rc;
			w->err = err;
			err = NULL;
		}
		pthread_mutex_unlock(&w->mu);
		free(err);
	}
	return NULL;
}

/*
 * The helper thread lives as long as the process: PangoCairo keeps a font
 * map per thread, and making and dropping one for every render leaks
 * fontconfig patterns (seen by the fuzzer, which renders thousands of times).
 */
static struct {
	pthread_once_t once;     /* started at the first render of two figures or more */
	pthread_mutex_t mu;
	pthread_cond_t wake;     /* a job, or quit */
	pthread_cond_t done;     /* the job is finished */
	struct plot_work *job;   /* work for the helper, or NULL */
	int busy;                /* the helper is on a job */
	int quit;                /* fr_plot_shutdown asks the helper to go */
	int running;
	pthread_t thread;
} plot_helper_state = {PTHREAD_ONCE_INIT, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                       PTHREAD_COND_INITIALIZER, NULL, 0, 0, 0, 0};

static void *
plot_helper(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&plot_helper_state.mu);
	for (;;) {
		while (plot_helper_state.job == NULL && !plot_helper_state.quit)
			pthread_cond_wait(&plot_helper_state.wake, &plot_helper_state.mu);
		if (plot_helper_state.quit)
			break;
		struct plot_work *w = plot_helper_state.job;
		plot_helper_state.job = NULL;
		plot_helper_state.busy = 1;
		pthread_mutex_unlock(&plot_helper_state.mu);
		plot_worker(w);
		pthread_mutex_lock(&plot_helper_state.mu);
		plot_helper_state.busy = 0;
		pthread_cond_signal(&plot_helper_state.done);
	}
	pthread_mutex_unlock(&plot_helper_state.mu);
	pango_cairo_font_map_set_default(NULL); /* this thread's font map */
	return NULL;
}

void
fr_plot_shutdown(void)
{
	if (!plot_helper_state.running) {
		fr_chart_shutdown();
		return;
	}
	pthread_mutex_lock(&plot_helper_state.mu);
	plot_helper_state.quit = 1;
	pthread_cond_signal(&plot_helper_state.wake);
	pthread_mutex_unlock(&plot_helper_state.mu);
	pthread_join(plot_helper_state.thread, NULL);
	plot_helper_state.running = 0;
	fr_chart_shutdown();
}

static void
plot_start_helper(void)
{
	sigset_t all, old;
	/* the helper takes no signals: they are the main thread's to handle */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (pthread_create(&plot_helper_state.thread, NULL, plot_helper, NULL) == 0)
		plot_helper_state.running = 1;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/*
 * Draws figures [from, nfigs) as PNG and SVG, on this thread and the helper.
 * Each figure's bytes depend on its chart alone (the SVG ids are renumbered
 * per document), so the order the threads take them in does not matter.
 */
static int
plot_render(struct fr_plot *p, size_t from, char **err)
{
	struct plot_work w = {p, from, PTHREAD_MUTEX_INITIALIZER, from, FR_OK, NULL};
	int two = p->nfigs - from > 1;
	if (two) {
		pthread_once(&plot_helper_state.once, plot_start_helper);
		two = plot_helper_state.running;
	}
	if (two) {
		pthread_mutex_lock(&plot_helper_state.mu);
		plot_helper_state.job = &w;
		pthread_cond_signal(&plot_helper_state.wake);
		pthread_mutex_unlock(&plot_helper_state.mu);
	}
	plot_worker(&w);
	if (two) {
		/* wait until the helper has taken the job and finished it */
		pthread_mutex_lock(&plot_helper_state.mu);
		while (plot_helper_state.job == &w || plot_helper_state.busy)
			pthread_cond_wait(&plot_helper_state.done, &plot_helper_state.mu);
		pthread_mutex_unlock(&plot_helper_state.mu);
	}
	pthread_mutex_destroy(&w.mu);
	if (w.rc != FR_OK) {
		int rc = fr_fail(err, w.rc, "%s", w.err != NULL ? w.err : "a chart failed");
		free(w.err);
		return rc;
	}
	return FR_OK;
}

static const char *
plot_order_words(const struct fr_result *r, struct fr_buf *b)
{
	fr_buf_clear(b);
	if (r->settings.order == FR_ORDER_ANY)
		fr_buf_puts(b, "any order");
	else if (r->settings.window_days > 0)
		fr_buf_printf(b, "ordered, within %lld days", (long long)r->settings.window_days);
	else
		fr_buf_puts(b, "ordered");
	return fr_buf_cstr(b);
}

static int
plot_overall(const struct fr_result *r, struct fr_plot *p, char **err)
{
	struct fr_chart *c = fr_chart_new(FR_CHART_FUNNEL, FR_UNIT_COUNT);
	struct fr_buf sub = FR_BUF_INIT, w = FR_BUF_INIT;
	fr_buf_puts(&sub, "Users who reached each step (");
	fr_buf_puts(&sub, plot_order_words(r, &w));
	fr_buf_puts(&sub, "); ");
	fr_buf_put_count(&sub, fr_result_entered(r));
	fr_buf_puts(&sub, " entered");
	if (r->cube.first_event != NULL)
		fr_buf_printf(&sub, ", visits %.10s to %.10s", r->cube.first_event, r->cube.last_event);
	fr_chart_set_title(c, "The funnel", fr_buf_cstr(&sub));
	fr_chart_set_empty_text(c, "No data: no user visited the first step.");
	for (size_t k = 0; k < r->cube.nsteps; k++)
		fr_chart_add_category(c, r->cube.steps[k], NULL);
	fr_chart_add_series(c, "users", 0, NULL);
	for (size_t k = 0; k < r->cube.nsteps; k++)
		fr_chart_set(c, 0, k, (double)fr_result_users(r, k));
	fr_buf_free(&sub);
	fr_buf_free(&w);
	return plot_add(p, c, "funnel", FR_FIG_OVERALL, 0, err);
}

/* Entry cohorts: conversion to the last step by month of entry, immature
 * months (window still open at the last event) hatched and labelled. */
static int
plot_cohorts(const struct fr_result *r, struct fr_plot *p, char **err)
{
	const struct fr_cohort *co = r->analysis.cohorts;
	size_t n = r->analysis.ncohorts;
	if (n == 0 || r->cube.nsteps < 2)
		return FR_OK;
	size_t k = r->cube.nsteps - 1;
	struct fr_chart *c = fr_chart_new(FR_CHART_BARS, FR_UNIT_PERCENT);
	char *title = fr_xasprintf("Conversion to %s by month of entry", r->cube.steps[k]);
	char *sub = r->settings.window_days > 0
	                ? fr_xasprintf("%% of each month's entered users who reached %s within %lld days, "
	                               "with 95 %% intervals; hatched: immature (the window of its "
	                               "last entrants had not closed by the last event) or fewer "
	                               "than 30 users",
	                               r->cube.steps[k], (long long)r->settings.window_days)
	                : fr_xasprintf("%% of each month's entered users who reached %s, with 95 %% "
	                               "intervals; no --window, so later months have had less time "
	                               "to convert; hatched: fewer than 30 users",
	                               r->cube.steps[k]);
	fr_chart_set_title(c, title, sub);
	for (size_t i = 0; i < n; i++) {
		const char *month = fr_cohorts_segment(r, i)->values[0];
		char *label = co[i].maturity == FR_COHORT_IMMATURE ? fr_xasprintf("%s (immature)", month)
		                                                   : fr_xstrdup(month);
		fr_chart_add_category(c, label, NULL);
		free(label);
	}
	fr_chart_add_series(c, r->cube.steps[k], 0, NULL);
	for (size_t i = 0; i < n; i++) {
		const struct fr_segment *seg = fr_cohorts_segment(r, i);
		const int64_t *u = fr_segment_users(seg);
		const struct fr_rate *start = &seg->stats[k].start;
		fr_chart_set(c, 0, i, plot_pct(u[k], u[0]));
		if (start->lo >= 0)
			fr_chart_set_interval(c, 0, i, start->lo / 100.0, start->hi / 100.0);
		if (co[i].maturity == FR_COHORT_IMMATURE || u[0] < PLOT_SMALL)
			fr_chart_mark(c, 0, i);
	}
	int rc = plot_add(p, c, "cohorts", FR_FIG_COHORTS, 0, err);
	free(title);
	free(sub);
	return rc;
}

/* The axis of time to convert: the upper ends of the histogram's bins (its
 * last bin has none), as labels. */
static const char *const plot_ttc_ticks[FR_TTC_NBINS - 1] = {
    "1 min", "5 min", "15 min", "1 h", "6 h", "1 d", "3 d", "7 d", "30 d",
};

/* Time to convert: for each step, the share of the users who reached it
 * who had reached it by each time since entry, a curve on a log axis with
 * its median marked. The running sums of the histogram are the curve. */
static int
plot_ttc(const struct fr_result *r, struct fr_plot *p, char **err)
{
	if (r->cube.nttc == 0)
		return FR_OK;
	struct fr_chart *c = fr_chart_new(FR_CHART_CURVES, FR_UNIT_PERCENT);
	fr_chart_set_title(c, "Time to convert",
	                   "% of the users who reached each step who had reached it by then, by time "
	                   "since entry (log scale); dots: the median, half of them by then");
	fr_chart_set_empty_text(c, "No user reached the second step.");
	for (size_t b = 0; b + 1 < FR_TTC_NBINS; b++) {
		fr_chart_add_category(c, plot_ttc_ticks[b], NULL);
		fr_chart_set_category_x(c, b, (double)fr_ttc_bin_lower[b + 1]);
	}
	for (size_t i = 0; i < r->cube.nttc && r->cube.ttc[i].dim < 0; i++) {
		const struct fr_ttc_row *t = &r->cube.ttc[i];
		char med[48];
		fr_ttc_format(t->st.users ? t->st.median : -1, med, sizeof med);
		char *name = fr_xasprintf("%s: median %s", r->cube.steps[t->step], med);
		size_t s = fr_chart_add_series(c, name, (int)t->step - 1, NULL);
		free(name);
		int64_t sum = 0;
		for (size_t b = 0; t->st.users > 0 && b + 1 < FR_TTC_NBINS; b++) {
			sum += t->st.bins[b];
			fr_chart_set(c, s, b, plot_pct(sum, t->st.users));
		}
		if (t->st.users > 0 && t->st.median >= 0)
			fr_chart_set_marker(c, s, t->st.median > 0 ? (double)t->st.median : 1.0, 50);
	}
	return plot_add(p, c, "time-to-convert", FR_FIG_TTC, 0, err);
}

/* "home → search": the step from k - 1 to k. */
static char *
plot_step_pair(const struct fr_result *r, size_t k)
{
	return fr_xasprintf("%s \xe2\x86\x92 %s", r->cube.steps[k - 1], r->cube.steps[k]);
}

/* The runs of the report (its history): overall conversion and each step's
 * % of previous, a panel each with its own axis, the Wilson intervals as
 * bands, and the nights a check held ringed. */
static int
plot_history(const struct fr_result *r, struct fr_plot *p, char **err)
{
	const struct fr_history *h = r->analysis.history;
	size_t n = r->cube.nsteps;
	if (h == NULL || h->nruns == 0 || n < 2)
		return FR_OK;
	struct fr_chart *c = fr_chart_new(FR_CHART_TREND, FR_UNIT_PERCENT);
	char *title = fr_xasprintf("Conversion over the last %zu run%s", h->nruns, h->nruns == 1 ? "" : "s");
	fr_chart_set_title(c, title, "Overall conversion and each step's % of previous, run by run "
	                             "(data/history.csv), with 95 % intervals; ringed, with a dashed "
	                             "line: a run where a --fail-on check held");
	fr_chart_set_own_scales(c);
	for (size_t i = 0; i < h->nruns; i++) {
		const struct fr_history_run *run = &h->runs[i];
		bool twice = false; /* two runs of one day are told apart by number */
		for (size_t j = 0; j < h->nruns && !twice; j++)
			twice = j != i && strcmp(h->runs[j].date, run->date) == 0;
		char *label = !*run->date ? fr_xasprintf("run %lld", (long long)run->run)
		              : twice     ? fr_xasprintf("%s #%lld", run->date, (long long)run->run)
		                          : fr_xstrdup(run->date);
		fr_chart_add_category(c, label, NULL);
		free(label);
	}
	char *panel = fr_xasprintf("Overall: %s of %s", r->cube.steps[n - 1], r->cube.steps[0]);
	fr_chart_add_series(c, "overall conversion", 0, panel);
	free(panel);
	for (size_t k = 1; k < n; k++) {
		panel = fr_xasprintf("%s of %s", r->cube.steps[k], r->cube.steps[k - 1]);
		fr_chart_add_series(c, r->cube.steps[k], (int)k, panel);
		free(panel);
	}
	for (size_t i = 0; i < h->nruns; i++) {
		const struct fr_history_run *run = &h->runs[i];
		for (size_t s = 0; s < n; s++) {
			const struct fr_rate *rt = s == 0 ? &run->conversion : &run->prev[s];
			if (rt->pct >= 0)
				fr_chart_set(c, s, i, rt->pct / 100.0);
			if (rt->lo >= 0)
				fr_chart_set_interval(c, s, i, rt->lo / 100.0, rt->hi / 100.0);
			if (run->nheld > 0)
				fr_chart_mark(c, s, i);
		}
	}
	int rc = plot_add(p, c, "history", FR_FIG_HISTORY, 0, err);
	free(title);
	return rc;
}

/*
 * The funnel of each segment of a breakdown, step by step: the % of
 * previous of each step after the first, the rate the analysis tests, so
 * the intervals drawn and the marks of better and worse are of the value
 * drawn. Bars for one dimension with few segments, a heatmap (a row per
 * segment, each cell against the overall rate of its step) otherwise.
 */
static int
plot_breakdown(const struct fr_result *r, size_t bi, struct fr_plot *p, char **err)
{
	const struct fr_breakdown *b = &r->analysis.funnel[bi];
	int heat = b->ndims > 1 || b->nsegs > PLOT_MAX_BARS;
	if (r->cube.nsteps < 2)
		return FR_OK; /* one step: no rate to draw */
	struct fr_chart *c = fr_chart_new(heat ? FR_CHART_HEATMAP : FR_CHART_BARS, FR_UNIT_PERCENT);
	struct fr_buf dims = FR_BUF_INIT;
	for (size_t d = 0; d < b->ndims; d++)
		fr_buf_printf(&dims, "%s%s", d == 0 ? "" : d + 1 == b->ndims ? " and " : ", ",
		              r->cube.dims[b->dims[d]].name);
	const char *dim = fr_buf_cstr(&dims);
	char *title = fr_xasprintf("Step conversion by %s", dim);
	char *sub = heat ? fr_xasprintf("Of each segment's users at a step, %% who went on to the next; "
	                                "colour: points above (blue) or below (orange) the overall rate "
	                                "of the step; " FR_MARK_BETTER "/" FR_MARK_WORSE ": significantly "
	                                "better/worse than the rest; hatched: fewer than %d users at the "
	                                "step before",
	                                PLOT_SMALL)
	                 : fr_xasprintf("Of each segment's users at a step, %% who went on to the next, "
	                                "with 95 %% intervals; " FR_MARK_BETTER "/" FR_MARK_WORSE
	                                ": significantly better/worse than the rest; hatched: fewer "
	                                "than %d users at the step before",
	                                PLOT_SMALL);
	fr_chart_set_title(c, title, sub);
	for (size_t k = 1; k < r->cube.nsteps; k++) {
		char *pair = plot_step_pair(r, k);
		fr_chart_add_category(c, pair, NULL);
		free(pair);
	}
	/* a heatmap's cells against the overall rate of their step */
	const struct fr_segment *all = &r->analysis.funnel[0].segs[0];
	for (size_t k = 1; heat && all->stats != NULL && k < r->cube.nsteps; k++)
		if (all->stats[k].prev.pct >= 0)
			fr_chart_set_reference(c, k - 1, all->stats[k].prev.pct / 100.0);
	for (size_t s = 0; s < b->nsegs; s++) {
		const struct fr_segment *seg = &b->segs[s];
		struct fr_buf name = FR_BUF_INIT;
		for (size_t d = 0; d < b->ndims; d++)
			fr_buf_printf(&name, "%s%s", d ? " \xc2\xb7 " : "", seg->values[d]);
		size_t i = fr_chart_add_series(c, fr_buf_cstr(&name),
		                               plot_color(r, b->dims[0], seg->values[0]), NULL);
		fr_buf_free(&name);
		const int64_t *u = fr_segment_users(seg);
		for (size_t k = 1; k < r->cube.nsteps; k++) {
			const struct fr_rate *prev = &seg->stats[k].prev;
			if (prev->pct >= 0)
				fr_chart_set(c, i, k - 1, prev->pct / 100.0);
			if (prev->lo >= 0)
				fr_chart_set_interval(c, i, k - 1, prev->lo / 100.0, prev->hi / 100.0);
			fr_chart_flag(c, i, k - 1, plot_vs(seg, k));
			if (u[k - 1] < PLOT_SMALL)
				fr_chart_mark(c, i, k - 1);
		}
	}
	char *slug = fr_xasprintf("funnel-by-%s", b->name);
	int rc = plot_add(p, c, slug, FR_FIG_BREAKDOWN, bi, err);
	free(slug);
	free(title);
	free(sub);
	fr_buf_free(&dims);
	return rc;
}

/* Headline 1: visits of the headline's step per month, by its two
 * dimensions A and B (a panel per B). */
static int
plot_trend(const struct fr_result *r, const struct fr_headline *h, struct fr_plot *p, char **err)
{
	const struct fr_breakdown *v = &r->analysis.visits[h->breakdown];
	size_t a = h->dims[0], b = h->dims[1], k = h->to;
	const char *last = r->cube.steps[k];
	size_t pa = plot_pos(v->dims, 2, a), pb = plot_pos(v->dims, 2, b);
	struct fr_chart *c = fr_chart_new(FR_CHART_TREND, FR_UNIT_COUNT);
	char *title = fr_xasprintf("Visits to %s by %s and %s, per month", last, r->cube.dims[a].name,
	                           r->cube.dims[b].name);
	char *sub = fr_xasprintf("Page visits (events) at the last step, by calendar month of the visit; "
	                         "a panel per %s",
	                         r->cube.dims[b].name);
	fr_chart_set_title(c, title, sub);
	fr_chart_set_empty_text(c, "No visits to the last step.");
	char *axis = fr_xasprintf("visits to %s per month", last);
	fr_chart_set_axis_label(c, axis);
	free(axis);
	for (size_t m = 0; m < r->cube.nmonths; m++)
		fr_chart_add_category(c, r->cube.months[m], NULL);
	for (size_t s = 0; s < v->nsegs; s++) {
		const struct fr_segment *seg = &v->segs[s];
		size_t i = fr_chart_add_series(c, seg->values[pa], plot_color(r, a, seg->values[pa]),
		                               seg->values[pb]);
		for (size_t m = 0; m < r->cube.nmonths; m++)
			fr_chart_set(c, i, m, (double)fr_segment_visits(seg, r->cube.nmonths, k, m));
	}
	char *slug = fr_xasprintf("trend-%s-by-%s-%s", last, r->cube.dims[a].name, r->cube.dims[b].name);
	int rc = plot_add(p, c, slug, FR_FIG_HEADLINE, 0, err);
	free(slug);
	free(title);
	free(sub);
	return rc;
}

/* Headline 2: drop-off between the headline's two steps by A and B. */
static int
plot_dropoff_bars(const struct fr_result *r, const struct fr_headline *h, struct fr_plot *p,
                  char **err)
{
	const struct fr_breakdown *f = &r->analysis.funnel[h->breakdown];
	size_t a = h->dims[0], b = h->dims[1], k = h->to, k0 = h->from;
	size_t pa = plot_pos(f->dims, 2, a), pb = plot_pos(f->dims, 2, b);
	char *const **vals = fr_xcalloc(f->nsegs + 1, sizeof *vals);
	for (size_t s = 0; s < f->nsegs; s++)
		vals[s] = f->segs[s].values;
	const char **bv, **av;
	size_t nb = plot_values(vals, f->nsegs, pb, &bv), na = plot_values(vals, f->nsegs, pa, &av);
	struct fr_chart *c = fr_chart_new(FR_CHART_BARS, FR_UNIT_PERCENT);
	char *title = fr_xasprintf("Drop-off from %s to %s by %s and %s", r->cube.steps[k0],
	                           r->cube.steps[k], r->cube.dims[b].name, r->cube.dims[a].name);
	char *sub = fr_xasprintf("%% of users at %s who did not reach %s, with 95 %% intervals; "
	                         FR_MARK_BETTER "/" FR_MARK_WORSE ": significantly better (less drop-off)/"
	                         "worse than the rest; hatched: fewer than 30 users at %s",
	                         r->cube.steps[k0], r->cube.steps[k], r->cube.steps[k0]);
	fr_chart_set_title(c, title, sub);
	for (size_t i = 0; i < nb; i++)
		fr_chart_add_category(c, bv[i], NULL);
	for (size_t i = 0; i < na; i++)
		fr_chart_add_series(c, av[i], plot_color(r, a, av[i]), NULL);
	for (size_t s = 0; s < f->nsegs; s++) {
		const struct fr_segment *seg = &f->segs[s];
		const int64_t *u = fr_segment_users(seg);
		const struct fr_rate *prev = &seg->stats[k].prev;
		size_t si = plot_index(av, na, seg->values[pa]), ci = plot_index(bv, nb, seg->values[pb]);
		fr_chart_set(c, si, ci, 100.0 - plot_pct(u[k], u[k0]));
		if (prev->lo >= 0) /* the drop-off's interval mirrors the conversion's */
			fr_chart_set_interval(c, si, ci, 100.0 - prev->hi / 100.0, 100.0 - prev->lo / 100.0);
		fr_chart_flag(c, si, ci, plot_vs(seg, k)); /* better: converts more, drops off less */
		if (u[k0] < PLOT_SMALL)
			fr_chart_mark(c, si, ci);
	}
	char *slug = fr_xasprintf("dropoff-%s-%s-by-%s-%s", r->cube.steps[k0], r->cube.steps[k],
	                          r->cube.dims[b].name, r->cube.dims[a].name);
	int rc = plot_add(p, c, slug, FR_FIG_HEADLINE, 0, err);
	free(slug);
	free(title);
	free(sub);
	free(vals);
	free(bv);
	free(av);
	return rc;
}

/* Headline 3: drop-off between the headline's two steps by A, B and entry month. */
static int
plot_dropoff_heat(const struct fr_result *r, const struct fr_headline *h, struct fr_plot *p,
                  char **err)
{
	const struct fr_breakdown *f = &r->analysis.funnel[h->breakdown];
	size_t a = h->dims[0], b = h->dims[1], mi = h->dims[2], k = h->to, k0 = h->from;
	size_t pa = plot_pos(f->dims, 3, a), pb = plot_pos(f->dims, 3, b), pm = plot_pos(f->dims, 3, mi);
	char *const **vals = fr_xcalloc(f->nsegs + 1, sizeof *vals);
	for (size_t s = 0; s < f->nsegs; s++)
		vals[s] = f->segs[s].values;
	const char **mv;
	size_t nm = plot_values(vals, f->nsegs, pm, &mv);
	qsort(mv, nm, sizeof *mv, plot_cmp_str);
	struct fr_chart *c = fr_chart_new(FR_CHART_HEATMAP, FR_UNIT_PERCENT);
	char *title = fr_xasprintf("Drop-off from %s to %s by %s, %s and month", r->cube.steps[k0],
	                           r->cube.steps[k], r->cube.dims[a].name, r->cube.dims[b].name);
	char *sub = fr_xasprintf("%% of users at %s who did not reach %s, by month of funnel entry; "
	                         "colour: points below (blue) or above (orange) the overall drop-off; "
	                         FR_MARK_BETTER "/" FR_MARK_WORSE ": significantly better (less drop-off)/"
	                         "worse than the rest; hatched: fewer than 30 users at %s",
	                         r->cube.steps[k0], r->cube.steps[k], r->cube.steps[k0]);
	fr_chart_set_title(c, title, sub);
	for (size_t m = 0; m < nm; m++)
		fr_chart_add_category(c, mv[m], NULL);
	/* every cell against the overall drop-off between the two steps; more
	 * drop-off is worse */
	const struct fr_segment *all = &r->analysis.funnel[0].segs[0];
	if (all->stats != NULL && all->stats[k].dropoff >= 0 && k0 + 1 == k)
		for (size_t m = 0; m < nm; m++)
			fr_chart_set_reference(c, m, all->stats[k].dropoff / 100.0);
	fr_chart_set_polarity(c, -1);
	/* a row per (A, B) pair, in the breakdown's order */
	struct fr_buf row = FR_BUF_INIT, prev = FR_BUF_INIT;
	size_t ri = 0;
	for (size_t s = 0; s < f->nsegs; s++) {
		const struct fr_segment *seg = &f->segs[s];
		const int64_t *u = fr_segment_users(seg);
		fr_buf_clear(&row);
		fr_buf_printf(&row, "%s \xc2\xb7 %s", seg->values[pa], seg->values[pb]);
		if (s == 0 || strcmp(fr_buf_cstr(&row), fr_buf_cstr(&prev)) != 0) {
			ri = fr_chart_add_series(c, fr_buf_cstr(&row), plot_color(r, a, seg->values[pa]), NULL);
			fr_buf_clear(&prev);
			fr_buf_puts(&prev, fr_buf_cstr(&row));
		}
		size_t m = plot_index(mv, nm, seg->values[pm]);
		fr_chart_set(c, ri, m, 100.0 - plot_pct(u[k], u[k0]));
		fr_chart_flag(c, ri, m, plot_vs(seg, k)); /* better: drops off less */
		if (u[k0] < PLOT_SMALL)
			fr_chart_mark(c, ri, m);
	}
	char *slug = fr_xasprintf("dropoff-%s-%s-by-%s-%s-month", r->cube.steps[k0], r->cube.steps[k],
	                          r->cube.dims[a].name, r->cube.dims[b].name);
	int rc = plot_add(p, c, slug, FR_FIG_HEADLINE, 0, err);
	free(slug);
	free(title);
	free(sub);
	free(vals);
	free(mv);
	fr_buf_free(&row);
	fr_buf_free(&prev);
	return rc;
}

/* ---- the changes since the previous run ---------------------------------- */

static int
plot_cmp_change(const void *a, const void *b, void *arg)
{
	const struct fr_comparison *cmp = arg;
	const struct fr_change *x = &cmp->changes[*(const size_t *)a];
	const struct fr_change *y = &cmp->changes[*(const size_t *)b];
	int sx = x->verdict == FR_CHANGE_ROSE || x->verdict == FR_CHANGE_FELL;
	int sy = y->verdict == FR_CHANGE_ROSE || y->verdict == FR_CHANGE_FELL;
	if (sx != sy)
		return sy - sx;
	double dx = isnan(x->diff_pp) ? -1 : fabs(x->diff_pp), dy = isnan(y->diff_pp) ? -1 : fabs(y->diff_pp);
	if (dx != dy)
		return dx < dy ? 1 : -1;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	return (ia > ib) - (ia < ib); /* the analysis's order: stable */
}

size_t
fr_plot_change_order(const struct fr_comparison *c, size_t **order)
{
	size_t *o = fr_xcalloc(c->nchanges + 1, sizeof *o);
	for (size_t i = 0; i < c->nchanges; i++)
		o[i] = i;
	qsort_r(o, c->nchanges, sizeof *o, plot_cmp_change, (void *)c);
	*order = o;
	return c->nchanges;
}

/* The largest changes in % of previous since the previous run, in points
 * with their intervals, marked where significant. */
static int
plot_compare(const struct fr_result *r, struct fr_plot *p, char **err)
{
	const struct fr_comparison *cmp = r->analysis.compare;
	if (cmp == NULL || cmp->nchanges == 0 || r->cube.nsteps < 2)
		return FR_OK;
	size_t *order, n = fr_plot_change_order(cmp, &order), shown = 0;
	while (shown < n && (shown < FR_PLOT_CHANGES_SHOWN ||
	                     cmp->changes[order[shown]].verdict == FR_CHANGE_ROSE ||
	                     cmp->changes[order[shown]].verdict == FR_CHANGE_FELL) &&
	       !isnan(cmp->changes[order[shown]].diff_pp))
		shown++;
	struct fr_chart *c = fr_chart_new(FR_CHART_DIVERGING, FR_UNIT_POINTS);
	char *sub = fr_xasprintf("Change in %% of previous, in points, with 95 %% intervals; the "
	                         "%zu largest of %zu step conversions, significant ones first; "
	                         FR_MARK_BETTER " rose, " FR_MARK_WORSE " fell significantly",
	                         shown, n);
	fr_chart_set_title(c, "What changed since the previous run", sub);
	free(sub);
	fr_chart_set_empty_text(c, "No step conversion to compare.");
	for (size_t i = 0; i < shown; i++) {
		const struct fr_change *ch = &cmp->changes[order[i]];
		const struct fr_breakdown *bd = &r->analysis.funnel[ch->breakdown];
		struct fr_buf label = FR_BUF_INIT;
		if (ch->breakdown == 0)
			fr_buf_puts(&label, "overall");
		for (size_t d = 0; ch->breakdown != 0 && d < bd->ndims; d++) {
			const struct fr_dim *dim = &r->cube.dims[bd->dims[d]];
			fr_buf_printf(&label, "%s%s %s", d ? ", " : "", dim->attr < 0 ? "entry month" : dim->name,
			              bd->segs[ch->seg].values[d]);
		}
		fr_buf_printf(&label, ": %s \xe2\x86\x92 %s", r->cube.steps[ch->step - 1], r->cube.steps[ch->step]);
		fr_chart_add_category(c, fr_buf_cstr(&label), NULL);
		fr_buf_free(&label);
	}
	fr_chart_add_series(c, "change", 0, NULL);
	for (size_t i = 0; i < shown; i++) {
		const struct fr_change *ch = &cmp->changes[order[i]];
		fr_chart_set(c, 0, i, ch->diff_pp);
		fr_chart_set_interval(c, 0, i, ch->lo_pp, ch->hi_pp);
		fr_chart_flag(c, 0, i, ch->verdict == FR_CHANGE_ROSE ? 1 : ch->verdict == FR_CHANGE_FELL ? -1 : 0);
	}
	free(order);
	return plot_add(p, c, "changes", FR_FIG_COMPARE, 0, err);
}

/* How each kind of headline analysis is drawn. */
static int (*const plot_headline[])(const struct fr_result *, const struct fr_headline *,
                                    struct fr_plot *, char **) = {
    [FR_HEADLINE_TREND] = plot_trend,
    [FR_HEADLINE_DROPOFF] = plot_dropoff_bars,
    [FR_HEADLINE_DROPOFF_MONTH] = plot_dropoff_heat,
};

int
fr_plot_build(const struct fr_result *r, struct fr_plot **out, char **err)
{
	struct fr_plot *p = fr_xcalloc(1, sizeof *p);
	int rc = r->cube.nsteps > 0 ? plot_overall(r, p, err) : FR_OK;
	for (size_t i = 0; rc == FR_OK && i < r->analysis.nheadlines; i++) {
		const struct fr_headline *h = &r->analysis.headlines[i];
		rc = plot_headline[h->kind](r, h, p, err);
	}
	if (rc == FR_OK)
		rc = plot_compare(r, p, err);
	if (rc == FR_OK)
		rc = plot_cohorts(r, p, err);
	if (rc == FR_OK)
		rc = plot_ttc(r, p, err);
	if (rc == FR_OK)
		rc = plot_history(r, p, err);
	for (size_t i = 1; rc == FR_OK && i < r->analysis.nfunnel; i++)
		rc = fr_interrupt_pending() ? fr_fail(err, FR_EINTR, "interrupted") : plot_breakdown(r, i, p, err);
	if (rc == FR_OK)
		rc = plot_render(p, 0, err);
	if (rc != FR_OK) {
		fr_plot_free(p);
		return rc;
	}
	*out = p;
	return FR_OK;
}

int
fr_plot_timeline(const struct fr_result *r, struct fr_plot *p, char **err)
{
	struct fr_chart *c = fr_chart_new(FR_CHART_TIMELINE, FR_UNIT_SECONDS);
	fr_chart_set_title(c, "The run, stage by stage",
	                   r->settings.timings
	                       ? "Each stage from its start to its end, in seconds since the run began; "
	                         "the warehouse load runs beside the stages on the second core"
	                       : "Each stage starts when the stages it depends on have finished; the "
	                         "warehouse load runs beside them on the second core, and publish waits "
	                         "for it");
	const struct fr_stage *rows[FR_NSTAGES + 1];
	size_t n = 0;
	for (size_t i = 0; i <= FR_NSTAGES; i++)
		if (fr_result_stage(r, i) != NULL)
			rows[n++] = fr_result_stage(r, i);
	for (size_t i = 0; i < n; i++) {
		struct fr_buf note = FR_BUF_INIT;
		fr_buf_put_count(&note, rows[i]->rows_out);
		fr_buf_printf(&note, " %s", rows[i]->rows_what != NULL ? rows[i]->rows_what : "rows");
		fr_chart_add_category(c, rows[i] == &r->log.load ? "load (thread)" : rows[i]->name,
		                      fr_buf_cstr(&note));
		fr_buf_free(&note);
	}
	/* the loader runs beside the stages: from extract, which feeds it, to
	 * publish, which waits for it */
	for (size_t i = 0; i < n; i++)
		if (rows[i] == &r->log.load && n > 2)
			fr_chart_set_beside(c, i, 0, n - 2);
	fr_chart_add_series(c, "seconds", 0, NULL);
	fr_chart_add_series(c, "start", 0, NULL);
	for (size_t i = 0; r->settings.timings && i < n; i++) {
		fr_chart_set(c, 0, i, rows[i]->seconds);
		fr_chart_set(c, 1, i, rows[i]->start);
	}
	size_t from = p->nfigs;
	int rc = plot_add(p, c, "run-stages", FR_FIG_RUN, 0, err);
	if (rc != FR_OK)
		return rc;

	c = fr_chart_new(FR_CHART_DIAGRAM, FR_UNIT_COUNT);
	fr_chart_set_title(c, "The pipeline",
	                   "From the OLTP store to the published report, one stage after the other; "
	                   "the numbers are this run's");
	struct fr_buf note = FR_BUF_INIT;
	char *source = fr_plot_source_words(r->settings.source != NULL ? r->settings.source : "the input");
	fr_buf_puts(&note, source);
	free(source);
	fr_chart_add_category(c, "Source", fr_buf_cstr(&note));
	static const char *const what[FR_NSTAGES] = {
	    "users indexed, visits to the warehouse and to partitions by user:",
	    "one pass per user: repeats out, levels and cubes in C:",
	    "every breakdown rolled up from the cubes in SQL:",
	    "charts drawn with Cairo, on two threads:",
	    "HTML, Markdown, PDF, data, swapped in at once:",
	};
	for (size_t i = 0; i < FR_NSTAGES; i++) {
		const struct fr_stage *st = &r->log.stages[i];
		if (st->name == NULL)
			continue;
		fr_buf_clear(&note);
		fr_buf_printf(&note, "%s ", what[i]);
		fr_buf_put_count(&note, st->rows_out);
		fr_buf_printf(&note, " %s", st->rows_what ? st->rows_what : "rows");
		fr_chart_add_category(c, st->name, fr_buf_cstr(&note));
	}
	fr_buf_free(&note);
	rc = plot_add(p, c, "pipeline", FR_FIG_DOCS, 0, err);
	if (rc == FR_OK)
		p->run_figs = true;
	return rc == FR_OK ? plot_render(p, from, err) : rc;
}
