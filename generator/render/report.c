/* report.c: the report model, built once for every renderer. */
#include "render/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cohorts.h"
#include "analysis/compare.h"
#include "analysis/definitions.h"
#include "analysis/findings.h"
#include "analysis/gate.h"
#include "base/interrupt.h"
#include "base/pagematch.h"
#include "core/ttc.h"
#include "base/pct.h"
#include "base/version.h"

/* The findings listed under What stands out, and under Entry cohorts. */
#define REPORT_FINDINGS 5
/* Above this share of entered users out of order (in %), the report says
 * what ordered counting hides. */
#define REPORT_OUT_OF_ORDER_PCT 5
/* The one line a report without times carries in place of what needs them. */
#define REPORT_NO_TIMES                                                                            \
	"The data carries no times: every user's visits share one instant, so only the order of "  \
	"the steps decides, and time to convert is left out."

/* ---- building blocks ------------------------------------------------------ */

static struct fr_rsection *
report_section(struct fr_report *rep, const char *id, const char *title, int level, bool fold)
{
	rep->secs = fr_xreallocarray(rep->secs, rep->nsecs + 1, sizeof *rep->secs);
	struct fr_rsection *s = &rep->secs[rep->nsecs++];
	memset(s, 0, sizeof *s);
	s->id = fr_xstrdup(id);
	s->title = fr_xstrdup(title);
	s->level = level;
	s->fold = fold;
	return s;
}

static struct fr_rblock *
report_block(struct fr_rsection *s, enum fr_rblock_kind kind)
{
	s->blocks = fr_xreallocarray(s->blocks, s->nblocks + 1, sizeof *s->blocks);
	struct fr_rblock *b = &s->blocks[s->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static void
report_text(struct fr_rsection *s, enum fr_rblock_kind kind, const char *text)
{
	report_block(s, kind)->text = fr_xstrdup(text);
}

static void
report_item(struct fr_rblock *b, const char *label, const char *value, const char *href)
{
	b->items = fr_xreallocarray(b->items, b->nitems + 1, sizeof *b->items);
	b->items[b->nitems++] = (struct fr_item){fr_xstrdup(label), fr_xstrdup(value ? value : ""),
	                                         href ? fr_xstrdup(href) : NULL, NULL};
}

static struct fr_rtable *
report_table(struct fr_rsection *s, const char *caption, size_t ncols)
{
	struct fr_rtable *t = fr_xcalloc(1, sizeof *t);
	t->caption = fr_xstrdup(caption);
	t->ncols = ncols;
	t->head = fr_xcalloc(ncols, sizeof *t->head);
	t->numeric = fr_xcalloc(ncols, sizeof *t->numeric);
	t->group_col = -1;
	report_block(s, FR_RB_TABLE)->table = t;
	return t;
}

/* A column of a table: its head, and whether it holds numbers (aligned right). */
struct report_col {
	const char *name;
	bool numeric;
};

/* The columns of a table as an array and its length, for report_table_cols. */
#define REPORT_COLS(...)                                                                           \
	(const struct report_col[]){__VA_ARGS__},                                                  \
	    sizeof((const struct report_col[]){__VA_ARGS__}) / sizeof(struct report_col)

static void
report_head(struct fr_rtable *t, size_t col, const char *name, bool numeric)
{
	free(t->head[col]);
	t->head[col] = fr_xstrdup(name);
	t->numeric[col] = numeric;
}

/* A table whose heads are known in advance. */
static struct fr_rtable *
report_table_cols(struct fr_rsection *s, const char *caption, const struct report_col *cols,
                  size_t n)
{
	struct fr_rtable *t = report_table(s, caption, n);
	for (size_t i = 0; i < n; i++)
		report_head(t, i, cols[i].name, cols[i].numeric);
	return t;
}

/* Starts a new row; returns its cells to fill (all "" until set). */
static char **
report_row(struct fr_rtable *t)
{
	t->cells = fr_xreallocarray(t->cells, (t->nrows + 1) * t->ncols, sizeof *t->cells);
	char **row = &t->cells[t->nrows * t->ncols];
	for (size_t i = 0; i < t->ncols; i++)
		row[i] = fr_xstrdup("");
	t->nrows++;
	return row;
}

static void
report_cell(char **row, size_t col, char *value /* taken */)
{
	free(row[col]);
	row[col] = value;
}

static char *
report_count(int64_t v)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_put_count(&b, v);
	return fr_buf_detach(&b);
}

/* A percentage in hundredths as "47.79 %", or "n/a". */
static char *
report_pct(int64_t hundredths)
{
	struct fr_buf b = FR_BUF_INIT;
	if (hundredths < 0) {
		fr_buf_puts(&b, "n/a");
	} else {
		fr_pct_put(&b, hundredths);
		fr_buf_puts(&b, " %");
	}
	return fr_buf_detach(&b);
}

/* A Wilson interval in hundredths as "47.46–48.11 %", or "" without one. */
static char *
report_ci(int64_t lo, int64_t hi)
{
	struct fr_buf b = FR_BUF_INIT;
	if (lo >= 0 && hi >= 0) {
		fr_pct_put(&b, lo);
		fr_buf_puts(&b, "\xe2\x80\x93");
		fr_pct_put(&b, hi);
		fr_buf_puts(&b, " %");
	}
	fr_buf_putc(&b, '\0');
	return fr_buf_detach(&b);
}

static void
report_figure(struct fr_rsection *s, const struct fr_figure *f)
{
	if (f != NULL)
		report_block(s, FR_RB_FIGURE)->figure = f;
}

static const struct fr_figure *
report_find_figure(const struct fr_plot *plot, enum fr_figure_place place, size_t breakdown)
{
	for (size_t i = 0; plot != NULL && i < plot->nfigs; i++)
		if (plot->figs[i].place == place &&
		    (place != FR_FIG_BREAKDOWN || plot->figs[i].breakdown == breakdown))
			return &plot->figs[i];
	return NULL;
}

/* A chart's numbers as a table: a row per series, a column per category. */
static void
report_chart_table(struct fr_rsection *s, const struct fr_chart *c)
{
	size_t nc = fr_chart_ncategories(c), ns = fr_chart_nseries(c);
	int marks = 0;
	for (size_t i = 0; i < ns; i++)
		for (size_t k = 0; k < nc; k++)
			marks |= fr_chart_marked(c, i, k);
	char *caption = fr_xasprintf("The numbers of the chart: %s%s", fr_chart_title(c),
	                             marks ? " (* fewer than 30 users at the base of the rate)" : "");
	struct fr_rtable *t = report_table(s, caption, nc + 1);
	free(caption);
	report_head(t, 0, "", false);
	for (size_t k = 0; k < nc; k++)
		report_head(t, k + 1, fr_chart_category(c, k), true);
	for (size_t i = 0; i < ns; i++) {
		char **row = report_row(t);
		const char *panel = fr_chart_series_panel(c, i);
		report_cell(row, 0, panel ? fr_xasprintf("%s \xc2\xb7 %s", panel, fr_chart_series_name(c, i))
		                          : fr_xstrdup(fr_chart_series_name(c, i)));
		for (size_t k = 0; k < nc; k++) {
			char v[64];
			fr_chart_format(c, fr_chart_get(c, i, k), v, sizeof v);
			int f = fr_chart_flagged(c, i, k);
			report_cell(row, k + 1,
			            fr_xasprintf("%s%s%s",
			                         f > 0   ? FR_MARK_BETTER " "
			                         : f < 0 ? FR_MARK_WORSE " "
			                                 : "",
			                         v, fr_chart_marked(c, i, k) ? " *" : ""));
		}
	}
}

/* ---- the sections ---------------------------------------------------------- */

static char *report_order_caveat(const struct fr_result *r);

/* The story in a paragraph of plain words, from the run's own steps and
 * segments: how many came and went through, where the funnel leaks most,
 * the segment that costs most, and what changed since the previous run. */
static void report_story(struct fr_rsection *s, const struct fr_result *r);

/* A change of a count since the previous run: "+1,234 since the previous
 * run", or NULL without one. */
static char *
report_count_change(int64_t now, int64_t before)
{
	if (before < 0)
		return NULL;
	struct fr_buf b = FR_BUF_INIT;
	if (now == before) {
		fr_buf_puts(&b, "no change since the previous run");
	} else {
		fr_buf_puts(&b, now > before ? "+" : "\xe2\x88\x92");
		fr_buf_put_count(&b, now > before ? now - before : before - now);
		fr_buf_puts(&b, " since the previous run");
	}
	return fr_buf_detach(&b);
}

static char *report_pp(double v);

static void
report_summary(struct fr_report *rep, const struct fr_result *r)
{
	struct fr_rsection *s = report_section(rep, "summary", "Headline numbers", 1, false);
	const struct fr_comparison *c = r->analysis.compare;
	int64_t entered = fr_result_entered(r);
	int64_t last = r->cube.nsteps ? fr_result_users(r, r->cube.nsteps - 1) : 0;
	struct fr_rblock *b = report_block(s, FR_RB_TILES);
	char *v = report_count(entered);
	report_item(b, "users entered the funnel", v, NULL);
	if (c != NULL)
		b->items[b->nitems - 1].note = report_count_change(c->now_entered, c->before_entered);
	free(v);
	v = report_count(last);
	char *label = fr_xasprintf("reached %s", r->cube.nsteps ? r->cube.steps[r->cube.nsteps - 1] : "the last step");
	report_item(b, label, v, NULL);
	if (c != NULL)
		b->items[b->nitems - 1].note = report_count_change(c->now_converted, c->before_converted);
	free(v);
	free(label);
	v = report_pct(fr_pct(last, entered));
	report_item(b, "overall conversion", v, NULL);
	if (c != NULL && !isnan(c->change_pp)) {
		/* significant when its interval leaves out no change */
		char *pp = report_pp(c->change_pp);
		int sig = !isnan(c->change_lo_pp) && (c->change_lo_pp > 0 || c->change_hi_pp < 0);
		b->items[b->nitems - 1].note =
		    fr_xasprintf("%s%s since the previous run%s",
		                 sig ? (c->change_pp > 0 ? FR_MARK_BETTER " " : FR_MARK_WORSE " ") : "", pp,
		                 sig ? "" : " (not significant)");
		free(pp);
	}
	free(v);
	/* the largest drop-off, as a share of the step before */
	int64_t worst = -1;
	size_t at = 0;
	for (size_t k = 1; k < r->cube.nsteps; k++) {
		int64_t d = fr_pct_complement(fr_pct(fr_result_users(r, k), fr_result_users(r, k - 1)));
		if (d > worst) {
			worst = d;
			at = k;
		}
	}
	if (worst >= 0) {
		v = report_pct(worst);
		label = fr_xasprintf("largest drop-off: %s \xe2\x86\x92 %s", r->cube.steps[at - 1], r->cube.steps[at]);
		report_item(b, label, v, NULL);
		free(v);
		free(label);
	}
	if (entered == 0)
		report_text(s, FR_RB_TEXT, "No data: no user visited the first step, so every rate is n/a.");
	else
		report_story(s, r);
	char *caveat = report_order_caveat(r);
	if (caveat != NULL)
		report_text(s, FR_RB_TEXT, caveat);
	free(caveat);
	if (r->cube.no_times)
		report_text(s, FR_RB_NOTE, REPORT_NO_TIMES);
}

/* "channel=Email;device=Mobile" as "channel Email, device Mobile". */
static char *
report_segment_words(const struct fr_result *r, const struct fr_breakdown *bd,
                     const struct fr_segment *seg)
{
	struct fr_buf b = FR_BUF_INIT;
	for (size_t d = 0; d < bd->ndims; d++) {
		const struct fr_dim *dim = &r->cube.dims[bd->dims[d]];
		fr_buf_printf(&b, "%s%s %s", d ? ", " : "", dim->attr < 0 ? "entry month" : dim->name,
		              seg->values[d]);
	}
	return fr_buf_detach(&b);
}

/* Whether finding g's segment contains f's: every (dimension, value) of g is
 * one of f's, at the same step. Then f says less than g. */
static bool
report_finding_within(const struct fr_result *r, const struct fr_finding *f,
                      const struct fr_finding *g)
{
	if (f->step != g->step)
		return false;
	const struct fr_breakdown *fb = &r->analysis.funnel[f->breakdown], *gb = &r->analysis.funnel[g->breakdown];
	const struct fr_segment *fs = &fb->segs[f->seg], *gs = &gb->segs[g->seg];
	for (size_t i = 0; i < gb->ndims; i++) {
		bool found = false;
		for (size_t j = 0; j < fb->ndims && !found; j++)
			found = gb->dims[i] == fb->dims[j] && strcmp(gs->values[i], fs->values[j]) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* The findings of one kind (segments, or cohorts) to list: the largest
 * first, leaving out one inside a finding already picked (Desktop in April,
 * after Desktop): the coarser segment already explains it. Cohorts are
 * picked after the segments, so a cohort inside a listed segment is left
 * out too. Returns how many of the kind asked for. */
static size_t
report_pick_findings(const struct fr_result *r, bool cohort, const struct fr_finding **pick)
{
	const struct fr_finding *all[2 * REPORT_FINDINGS];
	size_t n = 0, first = 0;
	for (int kind = 0; kind <= (int)cohort; kind++) {
		first = n;
		for (size_t i = 0; i < r->analysis.nfindings && n - first < REPORT_FINDINGS; i++) {
			if (r->analysis.findings[i].cohort != (kind == 1))
				continue;
			bool within = false;
			for (size_t j = 0; j < n && !within; j++)
				within = report_finding_within(r, &r->analysis.findings[i], all[j]);
			if (!within)
				all[n++] = &r->analysis.findings[i];
		}
	}
	memcpy(pick, all + first, (n - first) * sizeof *pick);
	return n - first;
}

/* The findings picked, in sentences; note(i) adds to the i-th (or NULL). */
static void
report_finding_items(struct fr_rsection *s, const struct fr_result *r,
                     const struct fr_finding *const *pick, size_t n, char *const *notes)
{
	struct fr_rblock *b = report_block(s, FR_RB_DEFS);
	for (size_t i = 0; i < n; i++) {
		const struct fr_finding *f = pick[i];
		const struct fr_breakdown *bd = &r->analysis.funnel[f->breakdown];
		const struct fr_segment *seg = &bd->segs[f->seg];
		char *who = report_segment_words(r, bd, seg);
		char *label = fr_xasprintf("%zu. %s: %s \xe2\x86\x92 %s", i + 1, who, r->cube.steps[f->step - 1],
		                           r->cube.steps[f->step]);
		struct fr_buf v = FR_BUF_INIT;
		const struct fr_rate *prev = &seg->stats[f->step].prev;
		fr_buf_put_count(&v, fr_segment_users(seg)[f->step - 1]);
		fr_buf_printf(&v, " users with %s reached %s; ", who, r->cube.steps[f->step - 1]);
		fr_pct_put(&v, f->seg_pct);
		fr_buf_printf(&v, " %% of them went on to %s (95 %% interval ", r->cube.steps[f->step]);
		char *ci = report_ci(prev->lo, prev->hi);
		fr_buf_puts(&v, ci);
		free(ci);
		fr_buf_puts(&v, "), against ");
		fr_pct_put(&v, f->rest_pct);
		fr_buf_puts(&v, " % for everyone else. At that rate about ");
		fr_buf_put_count(&v, f->lost);
		char pv[32];
		if (f->p_adj < 0.0001)
			snprintf(pv, sizeof pv, "< 0.0001");
		else
			snprintf(pv, sizeof pv, "= %.4f", f->p_adj);
		fr_buf_printf(&v, " more would have reached %s (adjusted p %s).", r->cube.steps[f->step], pv);
		if (notes != NULL && notes[i] != NULL)
			fr_buf_printf(&v, " %s", notes[i]);
		report_item(b, label, fr_buf_cstr(&v), NULL);
		fr_buf_free(&v);
		free(label);
		free(who);
	}
}

static void
report_story(struct fr_rsection *s, const struct fr_result *r)
{
	size_t nk = r->cube.nsteps;
	int64_t entered = fr_result_entered(r), last = fr_result_users(r, nk - 1);
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_put_count(&b, entered);
	fr_buf_printf(&b, " users entered the funnel at %s", r->cube.steps[0]);
	if (nk < 2) {
		fr_buf_puts(&b, ", its only step.");
		report_text(s, FR_RB_TEXT, fr_buf_cstr(&b));
		fr_buf_free(&b);
		return;
	}
	fr_buf_puts(&b, "; ");
	fr_buf_put_count(&b, last);
	fr_buf_puts(&b, " of them (");
	fr_pct_put(&b, fr_pct(last, entered));
	fr_buf_printf(&b, " %%) reached %s.", r->cube.steps[nk - 1]);
	/* where it leaks most: the step that loses the largest share */
	const struct fr_segment *all = &r->analysis.funnel[0].segs[0];
	size_t at = 0;
	for (size_t k = 1; k < nk; k++)
		if (all->stats[k].dropoff >= 0 && (at == 0 || all->stats[k].dropoff > all->stats[at].dropoff))
			at = k;
	if (at > 0) {
		int64_t lost = fr_result_users(r, at - 1) - fr_result_users(r, at);
		fr_buf_printf(&b, " The funnel leaks most from %s to %s: ", r->cube.steps[at - 1], r->cube.steps[at]);
		fr_pct_put(&b, all->stats[at].dropoff);
		fr_buf_printf(&b, " %% of the users at %s went no further (", r->cube.steps[at - 1]);
		fr_buf_put_count(&b, lost);
		fr_buf_puts(&b, " users).");
	}
	/* the segment that costs most, and how many do better or worse */
	const struct fr_finding *pick[REPORT_FINDINGS] = {0};
	size_t n = report_pick_findings(r, false, pick);
	if (n > 0) {
		const struct fr_finding *f = pick[0];
		const struct fr_breakdown *bd = &r->analysis.funnel[f->breakdown];
		char *who = report_segment_words(r, bd, &bd->segs[f->seg]);
		fr_buf_printf(&b, " The segment that costs most is %s at %s \xe2\x86\x92 %s: ", who,
		              r->cube.steps[f->step - 1], r->cube.steps[f->step]);
		fr_pct_put(&b, f->seg_pct);
		fr_buf_puts(&b, " % went on, against ");
		fr_pct_put(&b, f->rest_pct);
		fr_buf_puts(&b, " % of everyone else, about ");
		fr_buf_put_count(&b, f->lost);
		fr_buf_puts(&b, " users.");
		free(who);
	}
	if (r->analysis.ntests > 0) {
		fr_buf_puts(&b, " Across every breakdown, ");
		fr_buf_put_count(&b, (int64_t)r->analysis.nhigher);
		fr_buf_puts(&b, " step conversions of segments are significantly better than the rest of "
		                "their breakdown and ");
		fr_buf_put_count(&b, (int64_t)r->analysis.nfindings);
		fr_buf_puts(&b, " worse, of ");
		fr_buf_put_count(&b, (int64_t)r->analysis.ntests);
		fr_buf_puts(&b, " tested.");
	}
	const struct fr_comparison *c = r->analysis.compare;
	if (c != NULL && !isnan(c->change_pp)) {
		int sig = !isnan(c->change_lo_pp) && (c->change_lo_pp > 0 || c->change_hi_pp < 0);
		fr_buf_printf(&b, " Since the previous run, overall conversion %s from ",
		              !sig ? "moved, not significantly," : c->change_pp > 0 ? "rose" : "fell");
		fr_pct_put(&b, fr_pct(c->before_converted, c->before_entered));
		fr_buf_puts(&b, " % to ");
		fr_pct_put(&b, fr_pct(c->now_converted, c->now_entered));
		fr_buf_puts(&b, " %");
		fr_buf_printf(&b, "; %zu step conversions rose and %zu fell significantly.", c->rises, c->drops);
	}
	report_text(s, FR_RB_TEXT, fr_buf_cstr(&b));
	fr_buf_free(&b);
}

/* When many entered users reached steps out of order, ordered counting
 * hides them: a sentence with the share and what any order gives (counted
 * in the same pass), or NULL when the share is small or not known. */
static char *
report_order_caveat(const struct fr_result *r)
{
	int64_t entered = fr_result_entered(r), ooo = r->log.quality.users_out_of_order;
	if (r->settings.order != FR_ORDER_ORDERED || r->cube.other_users == NULL || !r->log.quality_known ||
	    r->cube.nsteps < 2 || entered <= 0 || ooo * 100 <= entered * REPORT_OUT_OF_ORDER_PCT)
		return NULL;
	int64_t last = fr_result_users(r, r->cube.nsteps - 1), other = r->cube.other_users[r->cube.nsteps - 1];
	struct fr_buf b = FR_BUF_INIT;
	fr_pct_put(&b, fr_pct(ooo, entered));
	fr_buf_puts(&b, " % of the users who entered (");
	fr_buf_put_count(&b, ooo);
	fr_buf_puts(&b, " of ");
	fr_buf_put_count(&b, entered);
	fr_buf_printf(&b, ") reached a step before the step that precedes it. Counted in order, "
	                  "such a step does not count, so ");
	fr_pct_put(&b, fr_pct(last, entered));
	fr_buf_printf(&b, " %% reach %s (", r->cube.steps[r->cube.nsteps - 1]);
	fr_buf_put_count(&b, last);
	fr_buf_puts(&b, " users); counted in any order (--order any), ");
	fr_pct_put(&b, fr_pct(other, entered));
	fr_buf_puts(&b, " % would (");
	fr_buf_put_count(&b, other);
	fr_buf_puts(&b, " users).");
	return fr_buf_detach(&b);
}

/* What stands out: the caveat that shapes the numbers most, then the
 * significant shortfalls of segments, largest cost first, in sentences.
 * Differences between time cohorts (entry months) go with the cohorts. */
static void
report_standout(struct fr_report *rep, const struct fr_result *r)
{
	struct fr_rsection *s = report_section(rep, "standout", "What stands out", 1, false);
	char *caveat = report_order_caveat(r);
	if (caveat != NULL)
		report_text(s, FR_RB_TEXT, caveat);
	free(caveat);
	const struct fr_finding *pick[REPORT_FINDINGS] = {0};
	size_t n = report_pick_findings(r, false, pick), ncohort = 0;
	for (size_t i = 0; i < r->analysis.nfindings; i++)
		ncohort += r->analysis.findings[i].cohort;
	char *nt = report_count((int64_t)r->analysis.ntests);
	char *nsig = report_count((int64_t)(r->analysis.nfindings + r->analysis.nhigher));
	char *nlo = report_count((int64_t)r->analysis.nfindings), *nhi = report_count((int64_t)r->analysis.nhigher);
	struct fr_buf t = FR_BUF_INIT;
	if (r->analysis.ntests == 0)
		fr_buf_puts(&t, "No segment could be tested against the rest of its breakdown (too few "
		                "users, or no breakdown).");
	else if (r->analysis.nfindings + r->analysis.nhigher == 0)
		fr_buf_printf(&t, "Of %s tests (each segment against the rest of its breakdown, step by "
		                  "step), none is significant after Holm's correction.",
		              nt);
	else
		fr_buf_printf(&t, "Of %s tests (each segment against the rest of its breakdown, step by "
		                  "step), %s differences are significant after Holm's correction: %s lower "
		                  "and %s higher.",
		              nt, nsig, nlo, nhi);
	if (n == 0 && r->analysis.ntests > 0)
		fr_buf_puts(&t, " No segment converts significantly worse than the rest of its "
		                "breakdown at any step.");
	else if (n > 0)
		fr_buf_printf(&t, " The %zu largest shortfalls of segments are below, ranked by the users "
		                  "they cost, leaving out those inside a segment already listed.",
		              n);
	if (ncohort > 0)
		fr_buf_puts(&t, " Differences between entry months (and other dates) are under Entry "
		                "cohorts: a recent cohort has had less time to convert.");
	if (r->analysis.nfindings + r->analysis.nhigher > 0)
		fr_buf_puts(&t, " The tables under Breakdowns mark every significant difference "
		                "(" FR_MARK_BETTER_WORD ", " FR_MARK_WORSE_WORD " than the rest).");
	report_text(s, FR_RB_TEXT, fr_buf_cstr(&t));
	fr_buf_free(&t);
	free(nt);
	free(nsig);
	free(nlo);
	free(nhi);
	if (n > 0)
		report_finding_items(s, r, pick, n, NULL);
}

/* Five cells of a funnel table from column from, for step k of users:
 * users, % of start, % of previous, its 95 % interval and the drop-off. */
static void
report_funnel_cells(char **row, size_t from, const struct fr_segment *seg, size_t k)
{
	const struct fr_step_stats *st = &seg->stats[k];
	report_cell(row, from, report_count(fr_segment_users(seg)[k]));
	report_cell(row, from + 1, report_pct(st->start.pct));
	report_cell(row, from + 2, report_pct(st->prev.pct));
	report_cell(row, from + 3, report_ci(st->prev.lo, st->prev.hi));
	report_cell(row, from + 4, report_pct(st->dropoff));
}

static void
report_steps_table(struct fr_rsection *s, const struct fr_result *r)
{
	struct fr_rtable *t = report_table_cols(
	    s, "The funnel: users who reached each step",
	    REPORT_COLS({"Step", false}, {"Users", true}, {"% of start", true},
	                {"% of previous", true}, {"95 % interval", true}, {"Drop-off", true}));
	const struct fr_segment *all = &r->analysis.funnel[0].segs[0];
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		char **row = report_row(t);
		report_cell(row, 0, fr_xasprintf("%zu. %s", k + 1, r->cube.steps[k]));
		report_funnel_cells(row, 1, all, k);
	}
}

static void
report_funnel(struct fr_report *rep, const struct fr_result *r, const struct fr_plot *plot)
{
	struct fr_rsection *s = report_section(rep, "funnel", "The funnel", 1, false);
	report_figure(s, report_find_figure(plot, FR_FIG_OVERALL, 0));
	report_steps_table(s, r);
}

/* What the run's headline analyses show, in a sentence built from them. */
static char *
report_headline_words(const struct fr_result *r)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "The analyses the system design asks for: ");
	for (size_t i = 0; i < r->analysis.nheadlines; i++) {
		const struct fr_headline *h = &r->analysis.headlines[i];
		const char *sep = i == 0 ? "" : i + 1 == r->analysis.nheadlines ? " and " : ", ";
		const char *a = r->cube.dims[h->dims[0]].name, *d2 = r->cube.dims[h->dims[1]].name;
		if (h->kind == FR_HEADLINE_TREND)
			fr_buf_printf(&b, "%sthe monthly visits to %s by %s and %s", sep, r->cube.steps[h->to], a, d2);
		else
			fr_buf_printf(&b, "%sthe drop-off from %s to %s by %s and %s%s", sep, r->cube.steps[h->from],
			              r->cube.steps[h->to], a, d2,
			              h->kind == FR_HEADLINE_DROPOFF_MONTH ? ", per month of entry" : "");
	}
	fr_buf_puts(&b, ".");
	return fr_buf_detach(&b);
}

static void
report_headline(struct fr_report *rep, const struct fr_result *r, const struct fr_plot *plot)
{
	struct fr_rsection *s = report_section(rep, "headline", "Headline analyses", 1, false);
	if (r->analysis.nheadlines > 0) {
		char *words = report_headline_words(r);
		report_text(s, FR_RB_TEXT, words);
		free(words);
	}
	int any = 0;
	for (size_t i = 0; plot != NULL && i < plot->nfigs; i++) {
		if (plot->figs[i].place != FR_FIG_HEADLINE)
			continue;
		report_figure(s, &plot->figs[i]);
		any = 1;
	}
	if (any)
		report_text(s, FR_RB_NOTE, "The numbers of these charts are in the appendix.");
	if (r->analysis.headline_note != NULL)
		report_text(s, FR_RB_NOTE, r->analysis.headline_note);
	else if (!any)
		report_text(s, FR_RB_NOTE, "No headline analysis could be drawn for this data.");
}

/* The appendix: the numbers of the headline charts, a table each. */
static void
report_headline_numbers(struct fr_report *rep, const struct fr_plot *plot)
{
	struct fr_rsection *s = NULL;
	for (size_t i = 0; plot != NULL && i < plot->nfigs; i++) {
		if (plot->figs[i].place != FR_FIG_HEADLINE)
			continue;
		if (s == NULL)
			s = report_section(rep, "headline-numbers", "The numbers of the headline charts", 1, false);
		report_chart_table(s, plot->figs[i].chart);
	}
	if (s != NULL)
		s->summary = fr_xasprintf("a table per headline chart");
}

/* A change in percentage points: "+1.23 pp", "-0.40 pp", or "n/a". */
static char *
report_pp(double v)
{
	if (isnan(v))
		return fr_xstrdup("n/a");
	char buf[40];
	snprintf(buf, sizeof buf, "%+.2f", v);
	if (strcmp(buf, "-0.00") == 0 || strcmp(buf, "+0.00") == 0)
		return fr_xstrdup("0.00 pp");
	return fr_xasprintf("%s pp", buf);
}

static char *
report_pp_range(double lo, double hi)
{
	if (isnan(lo) || isnan(hi))
		return fr_xstrdup("");
	char *a = report_pp(lo), *b = report_pp(hi);
	a[strlen(a) - 3] = '\0'; /* one unit for the pair */
	char *v = fr_xasprintf("%s to %s", a, b);
	free(a);
	free(b);
	return v;
}

static const char *
report_change_verdict(enum fr_change_verdict v)
{
	switch (v) {
	case FR_CHANGE_ROSE: return FR_MARK_BETTER " rose";
	case FR_CHANGE_FELL: return FR_MARK_WORSE " fell";
	case FR_CHANGE_NEW: return "new segment";
	default: return fr_compare_verdict_name(v);
	}
}

/* Against the previous run: overall, where the change comes from, and each
 * step of overall and of every single-dimension segment. */
static void
report_compare(struct fr_report *rep, const struct fr_result *r)
{
	const struct fr_comparison *c = r->analysis.compare;
	if (c == NULL || r->cube.nsteps < 2)
		return;
	struct fr_rsection *s =
	    report_section(rep, "compare", "Compared with the previous run", 1, false);
	struct fr_buf t = FR_BUF_INIT;
	char *pp = report_pp(c->change_pp), *range = report_pp_range(c->change_lo_pp, c->change_hi_pp);
	char *previous = fr_plot_source_words(c->previous);
	if (c->prev_first_month == NULL)
		fr_buf_printf(&t, "Against the report in %s: ", previous);
	else if (strcmp(c->prev_first_month, c->prev_last_month) == 0)
		fr_buf_printf(&t, "Against the report in %s (users who entered in %s): ", previous,
		              c->prev_first_month);
	else
		fr_buf_printf(&t, "Against the report in %s (users who entered from %s to %s): ", previous,
		              c->prev_first_month, c->prev_last_month);
	fr_buf_printf(&t, "overall conversion to %s went from ", r->cube.steps[r->cube.nsteps - 1]);
	free(previous);
	char *a = report_pct(fr_pct(c->before_converted, c->before_entered));
	char *b = report_pct(fr_pct(c->now_converted, c->now_entered));
	fr_buf_printf(&t, "%s to %s (%s; 95 %% interval %s). ", a, b, pp, *range ? range : "n/a");
	fr_buf_printf(&t, "Of %zu step conversions tested, %zu rose and %zu fell significantly after "
	                  "Holm's correction.",
	              c->ntests, c->rises, c->drops);
	report_text(s, FR_RB_TEXT, fr_buf_cstr(&t));
	fr_buf_free(&t);
	free(a);
	free(b);
	free(pp);
	free(range);
	if (c->nshifts > 0) {
		struct fr_rtable *st = report_table_cols(
		    s,
		    "Where the change in overall conversion comes from: the segment mix (who came) "
		    "and the segments' own rates (how they converted)",
		    REPORT_COLS({"Dimension", false}, {"Change", true}, {"From the mix", true},
		                {"From the rates", true}));
		for (size_t i = 0; i < c->nshifts; i++) {
			char **row = report_row(st);
			report_cell(row, 0, fr_xstrdup(r->analysis.funnel[c->shifts[i].breakdown].name));
			report_cell(row, 1, report_pp(c->shifts[i].total_pp));
			report_cell(row, 2, report_pp(c->shifts[i].mix_pp));
			report_cell(row, 3, report_pp(c->shifts[i].rate_pp));
		}
	}
	report_figure(s, report_find_figure(rep->plot, FR_FIG_COMPARE, 0));
	if (c->nchanges > 0)
		report_text(s, FR_RB_NOTE, "Every step conversion, then and now, is in the appendix.");
}

/* The appendix: every step conversion then and now, significant changes
 * first, then by size. */
static void
report_compare_table(struct fr_report *rep, const struct fr_result *r)
{
	const struct fr_comparison *c = r->analysis.compare;
	if (c == NULL || r->cube.nsteps < 2 || c->nchanges == 0)
		return;
	struct fr_rsection *s = report_section(rep, "compare-steps", "Every step against the previous run", 1, false);
	s->summary = fr_xasprintf("%zu step conversions; %zu rose, %zu fell significantly", c->nchanges, c->rises,
	                          c->drops);
	struct fr_rtable *ct = report_table_cols(
	    s, "Each step's % of previous, then and now: significant changes first, then the largest",
	    REPORT_COLS({"Segment", false}, {"Step", false}, {"Before", true}, {"Now", true},
	                {"Change", true}, {"95 % interval", true}, {"Verdict", false}));
	size_t *order, n = fr_plot_change_order(c, &order);
	for (size_t i = 0; i < n; i++) {
		const struct fr_change *ch = &c->changes[order[i]];
		const struct fr_breakdown *bd = &r->analysis.funnel[ch->breakdown];
		char **row = report_row(ct);
		report_cell(row, 0, ch->breakdown == 0 ? fr_xstrdup("overall")
		                                       : report_segment_words(r, bd, &bd->segs[ch->seg]));
		report_cell(row, 1, fr_xasprintf("%s \xe2\x86\x92 %s", r->cube.steps[ch->step - 1],
		                                 r->cube.steps[ch->step]));
		report_cell(row, 2, report_pct(ch->n0 >= 0 ? fr_pct(ch->x0, ch->n0) : -1));
		report_cell(row, 3, report_pct(fr_pct(ch->x1, ch->n1)));
		report_cell(row, 4, report_pp(ch->diff_pp));
		report_cell(row, 5, report_pp_range(ch->lo_pp, ch->hi_pp));
		report_cell(row, 6, fr_xstrdup(report_change_verdict(ch->verdict)));
	}
	free(order);
}

/* The entry month of finding f's segment, or NULL without one. */
static const char *
report_finding_month(const struct fr_result *r, const struct fr_finding *f)
{
	const struct fr_breakdown *bd = &r->analysis.funnel[f->breakdown];
	for (size_t i = 0; i < bd->ndims; i++)
		if (r->cube.dims[bd->dims[i]].attr < 0)
			return bd->segs[f->seg].values[i];
	return NULL;
}

/* The significant shortfalls of time cohorts (entry months, dates), with
 * the months whose window is still open marked. */
static void
report_cohort_findings(struct fr_rsection *s, const struct fr_result *r)
{
	const struct fr_cohort *co = r->analysis.cohorts;
	size_t nco = r->analysis.ncohorts;
	const struct fr_finding *pick[REPORT_FINDINGS] = {0};
	size_t n = report_pick_findings(r, true, pick);
	if (n == 0)
		return;
	report_text(s, FR_RB_TEXT,
	            "Cohorts that convert significantly worse than the rest at a step (Holm-corrected, "
	            "as under What stands out), largest cost first. A cohort is a group by date, "
	            "not a kind of user: a recent one may simply have had less time to convert.");
	char *notes[REPORT_FINDINGS] = {0};
	for (size_t i = 0; i < n; i++) {
		const char *month = report_finding_month(r, pick[i]);
		for (size_t c = 0; month != NULL && c < nco; c++)
			if (strcmp(fr_cohorts_segment(r, c)->values[0], month) == 0 &&
			    co[c].maturity == FR_COHORT_IMMATURE)
				notes[i] = fr_xasprintf("Immature: the window of %s is open until %s, so this "
				                        "can still change.",
				                        month, co[c].closes);
	}
	report_finding_items(s, r, pick, n, notes);
	for (size_t i = 0; i < n; i++)
		free(notes[i]);
}

/* Conversion by month of entry, each step as % of start, with maturity. */
static void
report_cohorts(struct fr_report *rep, const struct fr_result *r, const struct fr_plot *plot)
{
	const struct fr_cohort *co = r->analysis.cohorts;
	size_t n = r->analysis.ncohorts;
	struct fr_rsection *s = report_section(rep, "cohorts", "Entry cohorts", 1, false);
	if (n == 0) {
		report_text(s, FR_RB_NOTE, "Entry cohorts need the month dimension (it is left out of "
		                           "--dims) and at least one entered user.");
		report_cohort_findings(s, r);
		return;
	}
	report_text(s, FR_RB_TEXT,
	            r->settings.window_days > 0
	                ? "Users grouped by the month of their first visit to the first step, and how far "
	                  "each group got. A month is immature while the conversion window of its last "
	                  "entrants is still open at the data's last event: its rates can still rise, so "
	                  "do not compare it with mature months yet."
	                : "Users grouped by the month of their first visit to the first step, and how far "
	                  "each group got. Without --window a user may convert at any later time, so "
	                  "recent months have had less time to convert than older ones; run with "
	                  "--window DAYS to mark the months whose window has not closed.");
	report_figure(s, report_find_figure(plot, FR_FIG_COHORTS, 0));
	size_t ncols = 2 + (r->cube.nsteps - 1) + 1;
	struct fr_rtable *t = report_table(s, "Entry cohorts: % of each month's entered users who "
	                                      "reached each step", ncols);
	report_head(t, 0, "Entry month", false);
	report_head(t, 1, "Entered", true);
	for (size_t k = 1; k < r->cube.nsteps; k++)
		report_head(t, k + 1, r->cube.steps[k], true);
	report_head(t, ncols - 1, "Window", false);
	for (size_t i = 0; i < n; i++) {
		char **row = report_row(t);
		const struct fr_segment *seg = fr_cohorts_segment(r, i);
		report_cell(row, 0, fr_xstrdup(seg->values[0]));
		report_cell(row, 1, report_count(fr_segment_users(seg)[0]));
		for (size_t k = 1; k < r->cube.nsteps; k++)
			report_cell(row, k + 1, report_pct(seg->stats[k].start.pct));
		report_cell(row, ncols - 1,
		            co[i].maturity == FR_COHORT_MATURE ? fr_xasprintf("closed %s", co[i].closes)
		            : co[i].maturity == FR_COHORT_IMMATURE
		                ? fr_xasprintf("immature: open until %s", co[i].closes)
		                : fr_xstrdup("no limit"));
	}
	report_cohort_findings(s, r);
}

/* Whether the run measured time to convert, and if not, why not (a note
 * for the story), or NULL when it did. */
static const char *
report_ttc_missing(const struct fr_result *r)
{
	if (r->settings.order != FR_ORDER_ORDERED || r->cube.nsteps < 2)
		return "Time to convert is measured along ordered chains; this run counts steps in any "
		       "order.";
	if (!r->cube.ttc_known)
		return "Time to convert needs each user's visit times, which cube files do not hold; put "
		       "the time_to_convert.csv of the run that wrote them beside them.";
	return NULL;
}

/* Time to convert in the story: what it is, and the chart. */
static void
report_ttc(struct fr_report *rep, const struct fr_result *r, const struct fr_plot *plot)
{
	if (r->cube.no_times)
		return; /* said once, under the headline numbers */
	struct fr_rsection *s = report_section(rep, "ttc", "Time to convert", 1, false);
	const char *missing = report_ttc_missing(r);
	if (missing != NULL) {
		report_text(s, FR_RB_NOTE, missing);
		return;
	}
	report_text(s, FR_RB_TEXT,
	            "How long users took from entering the funnel (their first visit to the first step) "
	            "to reaching each step (the visit that completed their chain to it). The median "
	            "and the 90th percentile are exact to the second below 4 minutes and within "
	            FR_TTC_ERROR_PCT " % of the exact value above; every segment's are in the appendix.");
	report_figure(s, report_find_figure(plot, FR_FIG_TTC, 0));
}

/* The appendix: each segment's median and 90th percentile, a row per
 * segment and a column per step. */
static void
report_ttc_tables(struct fr_report *rep, const struct fr_result *r)
{
	if (r->cube.no_times || report_ttc_missing(r) != NULL || r->cube.nttc == 0)
		return;
	struct fr_rsection *s = report_section(rep, "ttc-numbers", "Time to convert by segment", 1, false);
	size_t ncols = 1 + (r->cube.nsteps - 1);
	struct fr_rtable *t = report_table(s, "Time from entry to each step: median (90th percentile)", ncols);
	report_head(t, 0, "Segment", false);
	for (size_t k = 1; k < r->cube.nsteps; k++)
		report_head(t, k, r->cube.steps[k], true);
	char **cells = NULL;
	int prev_dim = -2;
	const char *prev_value = NULL;
	for (size_t i = 0; i < r->cube.nttc; i++) {
		const struct fr_ttc_row *row = &r->cube.ttc[i];
		if (cells == NULL || row->dim != prev_dim || strcmp(row->value ? row->value : "", prev_value) != 0) {
			cells = report_row(t);
			report_cell(cells, 0,
			            row->dim < 0 ? fr_xstrdup("overall")
			                         : fr_xasprintf("%s %s", r->cube.dims[row->dim].attr < 0 ? "entry month"
			                                                                            : r->cube.dims[row->dim].name,
			                                        row->value));
			prev_dim = row->dim;
			prev_value = row->value ? row->value : "";
		}
		if (row->step < 1 || row->step >= r->cube.nsteps)
			continue;
		char med[48], p90[48];
		fr_ttc_format(row->st.users ? row->st.median : -1, med, sizeof med);
		fr_ttc_format(row->st.users ? row->st.p90 : -1, p90, sizeof p90);
		report_cell(cells, row->step, row->st.users ? fr_xasprintf("%s (%s)", med, p90) : fr_xstrdup("n/a"));
	}
	s->summary = fr_xasprintf("%zu rows: overall and every segment of one dimension", t->nrows);
}

/* A fragment id from a name: "sex+channel" as "by-sex-channel", unique
 * among the report's sections (a suffix -2, -3 when taken). */
static char *
report_id(const struct fr_report *rep, const char *prefix, const char *name)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, prefix);
	int dash = 1;
	for (const unsigned char *c = (const unsigned char *)name; *c != '\0' && b.len < 64; c++) {
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
	while (b.len > strlen(prefix) && b.ptr[b.len - 1] == '-')
		b.ptr[--b.len] = '\0';
	char *base = fr_buf_detach(&b), *id = fr_xstrdup(base);
	for (int n = 2;; n++) {
		bool taken = false;
		for (size_t i = 0; i < rep->nsecs && !taken; i++)
			taken = strcmp(rep->secs[i].id, id) == 0;
		if (!taken)
			break;
		free(id);
		id = fr_xasprintf("%s-%d", base, n);
	}
	free(base);
	return id;
}

/* The story's charts of the segments: a chart per single dimension. */
static void
report_segments(struct fr_report *rep, const struct fr_result *r, const struct fr_plot *plot)
{
	size_t n = 0;
	for (size_t i = 1; i < r->analysis.nfunnel; i++)
		n += r->analysis.funnel[i].ndims == 1 && report_find_figure(plot, FR_FIG_BREAKDOWN, i) != NULL;
	if (n == 0)
		return;
	struct fr_rsection *s = report_section(rep, "segments", "Step conversion by segment", 1, false);
	report_text(s, FR_RB_TEXT,
	            "Each step's conversion, segment by segment, for each dimension on its own. Every "
	            "combination of dimensions is in the appendix, as a table and, for two or more "
	            "dimensions, as a heatmap.");
	for (size_t i = 1; i < r->analysis.nfunnel; i++)
		if (r->analysis.funnel[i].ndims == 1)
			report_figure(s, report_find_figure(plot, FR_FIG_BREAKDOWN, i));
}

/* The verdicts of a breakdown's segments at every step: better, worse. */
static void
report_verdicts(const struct fr_breakdown *bd, size_t nsteps, size_t *better, size_t *worse)
{
	*better = *worse = 0;
	for (size_t g = 0; g < bd->nsegs; g++)
		for (size_t k = 1; k < nsteps && bd->segs[g].stats != NULL; k++) {
			*better += bd->segs[g].stats[k].vs_rest == FR_VS_HIGHER;
			*worse += bd->segs[g].stats[k].vs_rest == FR_VS_LOWER;
		}
}

/* A rate's cell: its value, after the glyph of its verdict. */
static char *
report_rate_cell(const struct fr_segment *seg, size_t k)
{
	const struct fr_step_stats *st = &seg->stats[k];
	char *v = report_pct(st->prev.pct);
	const char *mark = st->vs_rest == FR_VS_HIGHER ? FR_MARK_BETTER " "
	                   : st->vs_rest == FR_VS_LOWER ? FR_MARK_WORSE " "
	                                                : "";
	char *cell = fr_xasprintf("%s%s", mark, v);
	free(v);
	return cell;
}

/* The appendix: every breakdown as a table, a row per segment and a column
 * per step (its % of previous), with the heatmap of those of two or more
 * dimensions; each folds, with its size and marks in its summary. */
static void
report_breakdowns(struct fr_report *rep, const struct fr_result *r, const struct fr_plot *plot)
{
	struct fr_rsection *s = report_section(rep, "breakdowns", "Breakdowns", 1, false);
	const char *last = r->cube.nsteps ? r->cube.steps[r->cube.nsteps - 1] : "the last step";
	char *intro = fr_xasprintf(
	    "Every combination of up to %d of the dimensions (%zu breakdowns), a row per segment with "
	    "at least one entered user. A step's column is its %% of previous: of the segment's users "
	    "at the step before, the share who reached it; " FR_MARK_BETTER_WORD " and " FR_MARK_WORSE_WORD
	    " mark a significant difference from the rest of the breakdown. The last columns are the "
	    "users who reached %s and their %% of start. Users at every step, drop-offs and intervals "
	    "are in data/funnel.csv.",
	    r->settings.max_combo, r->analysis.nfunnel > 0 ? r->analysis.nfunnel - 1 : 0, last);
	report_text(s, FR_RB_TEXT, intro);
	free(intro);
	size_t nk = r->cube.nsteps, nsegs = 0, all_better = 0, all_worse = 0;
	for (size_t i = 1; i < r->analysis.nfunnel; i++) {
		size_t better, worse;
		report_verdicts(&r->analysis.funnel[i], nk, &better, &worse);
		nsegs += r->analysis.funnel[i].nsegs;
		all_better += better;
		all_worse += worse;
	}
	s->summary = fr_xasprintf("%zu breakdowns, %zu segments; %zu " FR_MARK_BETTER_WORD ", %zu " FR_MARK_WORSE_WORD,
	                          r->analysis.nfunnel > 0 ? r->analysis.nfunnel - 1 : 0, nsegs, all_better, all_worse);
	/* thousands of breakdowns are possible: a signal stops the build here,
	 * and fr_report_build says so */
	for (size_t i = 1; i < r->analysis.nfunnel && !fr_interrupt_pending(); i++) {
		const struct fr_breakdown *bd = &r->analysis.funnel[i];
		char *id = report_id(rep, "by-", bd->name);
		struct fr_buf title = FR_BUF_INIT;
		fr_buf_puts(&title, "By ");
		for (size_t d = 0; d < bd->ndims; d++)
			fr_buf_printf(&title, "%s%s", d == 0 ? "" : d + 1 == bd->ndims ? " and " : ", ",
			              r->cube.dims[bd->dims[d]].name);
		struct fr_rsection *b = report_section(rep, id, fr_buf_cstr(&title), 2, true);
		free(id);
		size_t better, worse;
		report_verdicts(bd, nk, &better, &worse);
		b->summary = fr_xasprintf("%zu segment%s; %zu " FR_MARK_BETTER_WORD ", %zu " FR_MARK_WORSE_WORD,
		                          bd->nsegs, bd->nsegs == 1 ? "" : "s", better, worse);
		if (bd->ndims > 1)
			report_figure(b, report_find_figure(plot, FR_FIG_BREAKDOWN, i));
		char *caption = fr_xasprintf("The funnel by %s: %% of previous at each step",
		                             fr_buf_cstr(&title) + strlen("By "));
		fr_buf_free(&title);
		size_t ncols = bd->ndims + 1 + (nk > 1 ? nk - 1 : 0) + 2;
		struct fr_rtable *t = report_table(b, caption, ncols);
		free(caption);
		size_t c = 0;
		for (size_t d = 0; d < bd->ndims; d++) {
			const struct fr_dim *dim = &r->cube.dims[bd->dims[d]];
			report_head(t, c++, dim->attr < 0 ? "entry month" : dim->name, false);
		}
		report_head(t, c++, "Entered", true);
		for (size_t k = 1; k < nk; k++)
			report_head(t, c++, r->cube.steps[k], true);
		char *reached = fr_xasprintf("Reached %s", last);
		report_head(t, c++, reached, true);
		free(reached);
		report_head(t, c++, "% of start", true);
		t->group_col = bd->ndims > 1 ? 0 : -1;
		for (size_t g = 0; g < bd->nsegs; g++) {
			const struct fr_segment *seg = &bd->segs[g];
			const int64_t *u = fr_segment_users(seg);
			char **row = report_row(t);
			c = 0;
			for (size_t d = 0; d < bd->ndims; d++)
				report_cell(row, c++, fr_xstrdup(seg->values[d]));
			report_cell(row, c++, report_count(nk ? u[0] : 0));
			for (size_t k = 1; k < nk; k++)
				report_cell(row, c++, report_rate_cell(seg, k));
			report_cell(row, c++, report_count(nk ? u[nk - 1] : 0));
			report_cell(row, c++, report_pct(nk ? seg->stats[nk - 1].start.pct : -1));
		}
	}
}

static void
report_visits(struct fr_report *rep, const struct fr_result *r)
{
	struct fr_rsection *s = report_section(rep, "visits", "Visits by month", 1, false);
	if (r->analysis.nvisits == 0 || r->analysis.visits[0].nsegs == 0 || r->cube.nmonths == 0) {
		report_text(s, FR_RB_NOTE, "No page visits.");
		return;
	}
	report_text(s, FR_RB_TEXT,
	            "Page visits (events, duplicates removed) and distinct visitors at each step, by "
	            "calendar month of the visit, whether or not the visitor entered the funnel. "
	            "Every visits breakdown is in data/visits.csv.");
	s->summary = fr_xasprintf("%zu steps by %zu months", r->cube.nsteps, r->cube.nmonths);
	struct fr_rtable *t = report_table(s, "Visits (visitors) per step and month", r->cube.nmonths + 1);
	report_head(t, 0, "Step", false);
	for (size_t m = 0; m < r->cube.nmonths; m++)
		report_head(t, m + 1, r->cube.months[m], true);
	const struct fr_segment *all = &r->analysis.visits[0].segs[0];
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		char **row = report_row(t);
		report_cell(row, 0, fr_xstrdup(r->cube.steps[k]));
		for (size_t m = 0; m < r->cube.nmonths; m++) {
			char *v = report_count(fr_segment_visits(all, r->cube.nmonths, k, m));
			char *u = report_count(fr_segment_visitors(all, r->cube.nmonths, k, m));
			report_cell(row, m + 1, fr_xasprintf("%s (%s)", v, u));
			free(v);
			free(u);
		}
	}
}

static void
report_quality(struct fr_report *rep, const struct fr_result *r)
{
	struct fr_rsection *s = report_section(rep, "quality", "Data quality", 1, false);
	const struct fr_history *h = r->analysis.history;
	if (h != NULL && h->restarted != NULL) { /* never a failed run: said here */
		char *t = fr_xasprintf("The history of the report replaced was set aside and starts "
		                       "again with this run: %s.",
		                       h->restarted);
		report_text(s, FR_RB_NOTE, t);
		free(t);
	}
	if (!r->log.quality_known) {
		report_text(s, FR_RB_NOTE,
		            "This report was rendered from cube files alone (--from-cube, without the "
		            "summary.json of the run that wrote them): what was read, kept and set aside "
		            "is not known here.");
		return;
	}
	struct fr_quality_item dq[FR_QUALITY_MAX];
	size_t n = fr_quality_items(&r->log, dq);
	s->summary = fr_xasprintf("%zu counts of what was read, kept and set aside; %zu input%s", n,
	                          r->log.ninputs, r->log.ninputs == 1 ? "" : "s");
	struct fr_rtable *t =
	    report_table_cols(s, "What was read, kept and set aside",
	                      REPORT_COLS({"Count", false}, {"Rows", true}, {"Meaning", false}));
	for (size_t i = 0; i < n; i++) {
		char **row = report_row(t);
		report_cell(row, 0, fr_xstrdup(dq[i].key));
		report_cell(row, 1, report_count(dq[i].count));
		report_cell(row, 2, fr_xstrdup(dq[i].meaning));
	}
	if (r->log.nother_pages > 0) {
		t = report_table_cols(s, "The most visited pages at no funnel step (not counted)",
		                      REPORT_COLS({"Page", false}, {"Events", true}));
		for (size_t i = 0; i < r->log.nother_pages; i++) {
			char **row = report_row(t);
			report_cell(row, 0, fr_xstrdup(r->log.other_pages[i].page));
			report_cell(row, 1, report_count(r->log.other_pages[i].events));
		}
	}
	if (r->log.quality_note != NULL)
		report_text(s, FR_RB_NOTE, r->log.quality_note);
	t = report_table_cols(s, "Rows read per input",
	                      REPORT_COLS({"Input", false}, {"Kind", false}, {"Rows", true}));
	for (size_t i = 0; i < r->log.ninputs; i++) {
		char **row = report_row(t);
		report_cell(row, 0, fr_plot_source_words(r->log.inputs[i].name)); /* by file name */
		report_cell(row, 1, fr_xstrdup(r->log.inputs[i].kind));
		report_cell(row, 2, report_count(r->log.inputs[i].rows));
	}
}

/* A step defined by page patterns shows them: "(pages /cart or /basket)". */
static void
report_step_pages(struct fr_buf *out, const struct fr_result *r, size_t k)
{
	if (r->cube.step_pages == NULL || r->cube.step_pages[k] == NULL)
		return;
	char **v;
	size_t n = fr_pagematch_split(r->cube.step_pages[k], &v);
	fr_buf_puts(out, " (pages ");
	for (size_t i = 0; i < n; i++)
		fr_buf_printf(out, "%s%s", i == 0 ? "" : i + 1 < n ? ", " : " or ", v[i]);
	fr_buf_putc(out, ')');
	fr_strv_free(v, n);
}

static void
report_definitions(struct fr_report *rep, const struct fr_result *r)
{
	struct fr_rsection *s = report_section(rep, "definitions", "Definitions", 1, false);
	struct fr_definition *defs;
	size_t n = fr_definitions(r, &defs);
	s->summary = fr_xasprintf("%zu terms, the dimensions and the steps", n);
	struct fr_rblock *b = report_block(s, FR_RB_DEFS);
	for (size_t i = 0; i < n; i++)
		report_item(b, defs[i].name, defs[i].text, NULL);
	fr_definitions_free(defs, n);
	struct fr_buf dims = FR_BUF_INIT;
	for (size_t d = 0; d < r->cube.ndims; d++)
		fr_buf_printf(&dims, "%s%s", d ? ", " : "", r->cube.dims[d].name);
	report_item(b, "Dimensions", r->cube.ndims ? fr_buf_cstr(&dims) : "none", NULL);
	fr_buf_free(&dims);
	struct fr_buf steps = FR_BUF_INIT;
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		fr_buf_printf(&steps, "%s%zu. %s", k ? ", " : "", k + 1, r->cube.steps[k]);
		report_step_pages(&steps, r, k);
	}
	report_item(b, "Steps", fr_buf_cstr(&steps), NULL);
	fr_buf_free(&steps);
}

static void
report_run(struct fr_report *rep, const struct fr_result *r, const struct fr_plot *plot)
{
	struct fr_rsection *s = report_section(rep, "run", "The run", 1, false);
	s->summary = fr_xstrdup(r->settings.timings ? "each stage's rows and seconds"
	                                            : "each stage's rows (no times: run with --timings)");
	struct fr_rtable *t = report_table_cols(
	    s,
	    "The stages as a dependency graph: each starts when the "
	    "stages it depends on have finished",
	    REPORT_COLS({"Stage", false}, {"Depends on", false}, {"Rows in", true},
	                {"Rows out", true}, {"Rows out are", false}, {"Seconds", true}));
	for (size_t i = 0; i <= FR_NSTAGES; i++) {
		const struct fr_stage *st = fr_result_stage(r, i);
		if (st == NULL)
			continue;
		char **row = report_row(t);
		report_cell(row, 0, i < FR_NSTAGES ? fr_xstrdup(st->name)
		                                   : fr_xstrdup("load (a thread beside the stages)"));
		report_cell(row, 1, fr_xstrdup(*st->depends ? st->depends : "-"));
		report_cell(row, 2, report_count(st->rows_in));
		report_cell(row, 3, report_count(st->rows_out));
		report_cell(row, 4, fr_xstrdup(st->rows_what ? st->rows_what : ""));
		report_cell(row, 5, r->settings.timings ? fr_xasprintf("%.3f (from %.3f)", st->seconds, st->start)
		                               : fr_xstrdup("not recorded"));
	}
	if (r->analysis.nchecks > 0) {
		struct fr_rtable *ck = report_table_cols(
		    s,
		    "The --fail-on checks: any that holds makes the "
		    "run exit with status 4 after publishing",
		    REPORT_COLS({"Check", false}, {"Value", true}, {"Holds", false}));
		for (size_t i = 0; i < r->analysis.nchecks; i++) {
			char **row = report_row(ck);
			report_cell(row, 0, fr_xstrdup(r->analysis.checks[i].expr));
			char v[48];
			fr_gate_format(r->analysis.checks[i].value, v, sizeof v);
			report_cell(row, 1, r->analysis.checks[i].why_not != NULL
			                        ? fr_xasprintf("%s (%s)", v, r->analysis.checks[i].why_not)
			                        : fr_xstrdup(v));
			report_cell(row, 2, fr_xstrdup(r->analysis.checks[i].held ? "yes" : "no"));
		}
	}
	report_figure(s, report_find_figure(plot, FR_FIG_RUN, 0));
	if (!r->settings.timings)
		report_text(s, FR_RB_NOTE,
		            "Stage times are left out so that the same input gives the same bytes; run "
		            "with --timings to record them.");
}

static void
report_files(struct fr_report *rep, const struct fr_report_in *in)
{
	struct fr_rsection *s = report_section(rep, "files", "Documents and data", 1, false);
	s->summary = fr_xasprintf("%zu system design documents, %zu files", rep->ndocs, in->nfiles);
	if (rep->ndocs > 0) {
		struct fr_rblock *b = report_block(s, FR_RB_LINKS);
		for (size_t i = 0; i < rep->ndocs; i++)
			report_item(b, rep->docs[i].label, "system design", rep->docs[i].href);
	}
	struct fr_rblock *b = report_block(s, FR_RB_LINKS);
	for (size_t i = 0; i < in->nfiles; i++)
		report_item(b, in->files[i].path, in->files[i].about, in->files[i].path);
}

/* The runs shown in the report's table, the latest; data/history.csv has all. */
#define REPORT_HISTORY_ROWS 30

/* --compare DIR with nothing in DIR yet: said once, where the comparison
 * would be. */
static void
report_first_night(struct fr_report *rep, const struct fr_result *r)
{
	if (r->analysis.first_night == NULL)
		return;
	struct fr_rsection *s =
	    report_section(rep, "compare", "Compared with the previous run", 1, false);
	char *t = fr_xasprintf("There is no report in %s yet: this is the first night, so there is "
	                       "nothing to compare with. The next run with --compare %s compares "
	                       "with this one; the checks of the comparison do not hold tonight (no "
	                       "previous run).",
	                       r->analysis.first_night, r->analysis.first_night);
	report_text(s, FR_RB_TEXT, t);
	free(t);
}

/* The runs of this report, in the story: the chart and the change since the
 * run before. A history of one run has no story yet; its table is in the
 * appendix. */
static void
report_history(struct fr_report *rep, const struct fr_result *r, const struct fr_plot *plot)
{
	const struct fr_history *h = r->analysis.history;
	size_t n = r->cube.nsteps;
	if (h == NULL || h->nruns < 2 || n < 2)
		return;
	struct fr_rsection *s = report_section(rep, "history", "Run by run", 1, false);
	struct fr_buf t = FR_BUF_INIT;
	if (!isnan(h->change_pp)) {
		const struct fr_history_run *a = &h->runs[h->nruns - 2], *b = &h->runs[h->nruns - 1];
		char *pa = report_pct(a->conversion.pct), *pb = report_pct(b->conversion.pct);
		char *pp = report_pp(h->change_pp), *range = report_pp_range(h->change_lo_pp, h->change_hi_pp);
		fr_buf_printf(&t, "Against the run before (run %lld%s%s): overall conversion to %s went "
		                  "from %s to %s (%s; 95 %% interval %s). ",
		              (long long)a->run, *a->date ? ", " : "", a->date, r->cube.steps[n - 1], pa, pb,
		              pp, *range ? range : "n/a");
		free(pa);
		free(pb);
		free(pp);
		free(range);
	}
	fr_buf_printf(&t, "The chart shows the last %zu runs; every run is in data/history.csv and its "
	                  "table in the appendix.",
	              h->nruns);
	report_text(s, FR_RB_TEXT, fr_buf_cstr(&t));
	fr_buf_free(&t);
	report_figure(s, report_find_figure(plot, FR_FIG_HISTORY, 0));
}

/* The runs of this report, in the appendix: what the history keeps, and a
 * table of the latest runs. */
static void
report_history_table(struct fr_report *rep, const struct fr_result *r, const struct fr_plot *plot)
{
	const struct fr_history *h = r->analysis.history;
	size_t n = r->cube.nsteps;
	if (h == NULL || h->nruns == 0 || n < 2)
		return;
	struct fr_rsection *s = report_section(rep, "runs", "The runs of this report", 1, false);
	s->summary = fr_xasprintf("%zu run%s, this one last", h->nruns, h->nruns == 1 ? "" : "s");
	struct fr_buf t = FR_BUF_INIT;
	fr_buf_printf(&t, "Each report published into this directory keeps the runs before it in "
	                  "data/history.csv (the last %zu at most, --history). ",
	              h->limit);
	if (h->restarted != NULL)
		fr_buf_puts(&t, "The history of the report this one replaced could not be carried on "
		                "(see Data quality), so it starts again with this run.");
	else if (h->nruns == 1)
		fr_buf_puts(&t, "This is the first run of the history: its chart joins the story from the "
		                "second run.");
	else
		fr_buf_printf(&t, "It holds %zu runs, this one last.", h->nruns);
	report_text(s, FR_RB_TEXT, fr_buf_cstr(&t));
	fr_buf_free(&t);
	if (h->nruns == 1)
		report_figure(s, report_find_figure(plot, FR_FIG_HISTORY, 0));
	size_t from = h->nruns > REPORT_HISTORY_ROWS ? h->nruns - REPORT_HISTORY_ROWS : 0;
	char *caption = from > 0 ? fr_xasprintf("The last %d runs (every run is in data/history.csv)",
	                                        REPORT_HISTORY_ROWS)
	                         : fr_xstrdup("The runs, this one last");
	size_t ncols = 5 + (n - 1) + 1;
	struct fr_rtable *tb = report_table(s, caption, ncols);
	free(caption);
	report_head(tb, 0, "Run", true);
	report_head(tb, 1, "Date", false);
	report_head(tb, 2, "Entered", true);
	report_head(tb, 3, "Conversion", true);
	report_head(tb, 4, "95 % interval", true);
	for (size_t k = 1; k < n; k++) {
		char *head = fr_xasprintf("%s, %% of previous", r->cube.steps[k]);
		report_head(tb, 4 + k, head, true);
		free(head);
	}
	report_head(tb, ncols - 1, "Checks that held", false);
	for (size_t i = from; i < h->nruns; i++) {
		const struct fr_history_run *run = &h->runs[i];
		char **row = report_row(tb);
		report_cell(row, 0, fr_xasprintf("%lld", (long long)run->run));
		report_cell(row, 1, fr_xstrdup(run->date));
		report_cell(row, 2, report_count(run->users[0]));
		report_cell(row, 3, report_pct(run->conversion.pct));
		report_cell(row, 4, report_ci(run->conversion.lo, run->conversion.hi));
		for (size_t k = 1; k < n; k++)
			report_cell(row, 4 + k, report_pct(run->prev[k].pct));
		struct fr_buf held = FR_BUF_INIT;
		for (const char *c = run->held; *c != '\0'; c++) /* "a;b" reads "a; b" */
			*c == ';' ? fr_buf_puts(&held, "; ") : fr_buf_putc(&held, *c);
		report_cell(row, ncols - 1, run->nheld > 0 ? fr_buf_detach(&held) : fr_xstrdup("none"));
		fr_buf_free(&held);
	}
}

int
fr_report_build(const struct fr_report_in *in, struct fr_report **out, char **err)
{
	const struct fr_result *r = in->result;
	const struct fr_plot *plot = in->plot;
	struct fr_report *rep = fr_xcalloc(1, sizeof *rep);
	rep->result = r;
	rep->plot = plot;
	rep->templates = in->templates;
	rep->title = fr_xstrdup(r->settings.title);
	if (r->cube.first_event != NULL)
		rep->period = fr_xasprintf("%.10s to %.10s", r->cube.first_event, r->cube.last_event);
	char *source = fr_plot_source_words(r->settings.source);
	if (rep->period != NULL)
		rep->lede = fr_xasprintf("%s; visits from %s.", source, rep->period);
	else if (r->cube.nmonths > 0) /* from bare cubes: the months are all that is known */
		rep->lede = fr_xasprintf("%s; visits in the months %s to %s.", source, r->cube.months[0],
		                         r->cube.months[r->cube.nmonths - 1]);
	else
		rep->lede = fr_xasprintf("%s; no visits.", source);
	free(source);
	rep->generated_at = r->settings.generated_at ? fr_xstrdup(r->settings.generated_at) : NULL;
	rep->generated = r->settings.generated_at ? fr_xasprintf("funnel-report %s, %s", FR_VERSION, r->settings.generated_at)
	                                 : fr_xstrdup("funnel-report " FR_VERSION);
	rep->docs = fr_xcalloc(in->ndocs + 1, sizeof *rep->docs);
	for (size_t i = 0; i < in->ndocs; i++)
		rep->docs[i] = (struct fr_item){fr_xstrdup(in->docs[i].label), fr_xstrdup(in->docs[i].value),
		                                fr_xasprintf("docs/%s", in->docs[i].value), NULL};
	rep->ndocs = in->ndocs;
	/* the story: what a reader retells after a minute, with its charts */
	report_summary(rep, r);
	report_standout(rep, r);
	report_compare(rep, r);
	report_first_night(rep, r);
	report_funnel(rep, r, plot);
	report_history(rep, r, plot);
	report_headline(rep, r, plot);
	report_segments(rep, r, plot);
	report_cohorts(rep, r, plot);
	report_ttc(rep, r, plot);
	rep->nstory = rep->nsecs;
	/* the appendix: the tables behind it, how it was made, where it lives */
	report_breakdowns(rep, r, plot);
	report_compare_table(rep, r);
	report_history_table(rep, r, plot);
	report_headline_numbers(rep, plot);
	report_ttc_tables(rep, r);
	report_visits(rep, r);
	report_quality(rep, r);
	report_definitions(rep, r);
	report_run(rep, r, plot);
	report_files(rep, in);
	for (size_t i = rep->nstory; i < rep->nsecs; i++)
		rep->secs[i].appendix = true;
	if (fr_interrupt_pending()) {
		fr_report_free(rep);
		*out = NULL;
		return fr_fail(err, FR_EINTR, "interrupted");
	}
	*out = rep;
	return FR_OK;
}

static void
report_free_table(struct fr_rtable *t)
{
	if (t == NULL)
		return;
	free(t->caption);
	fr_strv_free(t->head, t->ncols);
	free(t->numeric);
	fr_strv_free(t->cells, t->nrows * t->ncols);
	free(t);
}

static void
report_free_items(struct fr_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].label);
		free(items[i].value);
		free(items[i].href);
		free(items[i].note);
	}
	free(items);
}

void
fr_report_free(struct fr_report *rep)
{
	if (rep == NULL)
		return;
	for (size_t i = 0; i < rep->nsecs; i++) {
		struct fr_rsection *s = &rep->secs[i];
		for (size_t j = 0; j < s->nblocks; j++) {
			free(s->blocks[j].text);
			report_free_table(s->blocks[j].table);
			report_free_items(s->blocks[j].items, s->blocks[j].nitems);
		}
		free(s->blocks);
		free(s->id);
		free(s->title);
		free(s->summary);
	}
	free(rep->secs);
	report_free_items(rep->docs, rep->ndocs);
	free(rep->title);
	free(rep->lede);
	free(rep->generated);
	free(rep->generated_at);
	free(rep->period);
	free(rep);
}
