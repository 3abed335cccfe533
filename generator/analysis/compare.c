/* compare.c: tonight's funnel against the previous run's data/funnel.csv. */
#include "analysis/compare.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "source/csvin.h"
#include "base/csvw.h"
#include "base/stats.h"
#include "base/util.h"

/* Single-dimension segments read at most: far more than 50-value dimensions
 * need, few enough that a hostile file cannot make the lookups slow. */
#define COMPARE_MAX_SEGS 4096
#define COMPARE_MAX_STEPS 1000

struct prev_seg {
	char *breakdown;
	char *label;
	int64_t *users; /* [nsteps] */
};

struct fr_prev {
	char *dir;
	char **steps;
	size_t nsteps;
	struct prev_seg *segs;
	size_t nsegs;
};

/* ---- reading ----------------------------------------------------------- */

struct compare_read {
	struct fr_prev *p;
	const char *path;
	int col[5]; /* breakdown, segment, step_index, step, users */
	size_t ncols;
	int header_done;
	int in_overall;  /* still reading the first segment, which sets the steps */
	size_t have;     /* rows of the current segment so far */
	int skipping;    /* the current segment is a multi-dimension one */
	char *skip_key;  /* breakdown of the segment being skipped */
	char *skip_label;
	int64_t line;    /* of the last record */
	bool safe;       /* the file was written --csv-safe: text cells lose their ' */
};

static const char *const compare_cols[5] = {"breakdown", "segment", "step_index", "step", "users"};

static int
compare_field_fail(const struct compare_read *c, int64_t line, int col, const char *what,
                   const struct fr_csvin_field *f, char **err)
{
	struct fr_buf q = FR_BUF_INIT;
	int rc = fr_fail(err, FR_EDATA, "%s:%lld: column %s: %s %s (is it a funnel.csv of funnel-report?)",
	                 c->path, (long long)line, compare_cols[col], fr_csvin_quote(&q, f->s, f->len),
	                 what);
	fr_buf_free(&q);
	return rc;
}

/* The current segment is complete: it has a row for every step. */
static int
compare_end_segment(struct compare_read *c, int64_t line, char **err)
{
	struct fr_prev *p = c->p;
	if (c->skipping || p->nsegs == 0)
		return FR_OK;
	if (c->in_overall) {
		c->in_overall = 0;
		if (p->nsteps == 0)
			return fr_fail(err, FR_EDATA, "%s:%lld: the overall funnel has no step", c->path,
			               (long long)line);
		return FR_OK;
	}
	if (c->have != p->nsteps)
		return fr_fail(err, FR_EDATA, "%s:%lld: segment %s of %s has %zu steps, overall has %zu",
		               c->path, (long long)line, p->segs[p->nsegs - 1].label,
		               p->segs[p->nsegs - 1].breakdown, c->have, p->nsteps);
	return FR_OK;
}

static int
compare_row(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	struct compare_read *c = ctx;
	struct fr_prev *p = c->p;
	c->line = line;
	if (!c->header_done) {
		c->header_done = 1;
		c->ncols = n;
		int rc = fr_csvin_check_header(c->path, f, n, err);
		for (int i = 0; rc == FR_OK && i < 5; i++)
			if ((c->col[i] = fr_csvin_find(f, n, compare_cols[i])) < 0)
				rc = fr_fail(err, FR_EDATA, "%s:1: no column %s (is it a funnel.csv of funnel-report?)",
				             c->path, compare_cols[i]);
		return rc;
	}
	if (n != c->ncols)
		return fr_fail(err, FR_EDATA, "%s:%lld: %zu fields, but the header has %zu", c->path,
		               (long long)line, n, c->ncols);
	struct fr_csvin_field text[3] = {f[c->col[0]], f[c->col[1]], f[c->col[3]]};
	for (int i = 0; c->safe && i < 3; i++) {
		const char *s = fr_csvw_unsafe(text[i].s);
		text[i].len -= (size_t)(s - text[i].s);
		text[i].s = s;
	}
	const struct fr_csvin_field *bd = &text[0], *sg = &text[1], *si = &f[c->col[2]], *st = &text[2],
	                            *us = &f[c->col[4]];
	int64_t k, users;
	if (fr_parse_i64(si->s, 1, COMPARE_MAX_STEPS, &k) != 0)
		return compare_field_fail(c, line, 2, "is not a step number", si, err);
	if (fr_parse_i64(us->s, 0, INT64_MAX, &users) != 0)
		return compare_field_fail(c, line, 4, "is not a count", us, err);
	int first_row = p->nsegs == 0 && !c->skipping;
	if (first_row && (strcmp(bd->s, "overall") != 0 || strcmp(sg->s, "all") != 0))
		return fr_fail(err, FR_EDATA, "%s:%lld: the first rows must be overall,all", c->path,
		               (long long)line);
	/* a new segment starts at step 1 */
	if (k == 1) {
		int rc = compare_end_segment(c, line, err);
		if (rc != FR_OK)
			return rc;
		c->have = 0;
		free(c->skip_key);
		free(c->skip_label);
		c->skip_key = c->skip_label = NULL;
		c->skipping = strchr(bd->s, '+') != NULL;
		if (c->skipping) {
			c->skip_key = fr_xstrdup(bd->s);
			c->skip_label = fr_xstrdup(sg->s);
		} else {
			for (size_t i = 0; i < p->nsegs; i++)
				if (strcmp(p->segs[i].breakdown, bd->s) == 0 && strcmp(p->segs[i].label, sg->s) == 0)
					return fr_fail(err, FR_EDATA, "%s:%lld: segment %s of %s appears twice", c->path,
					               (long long)line, sg->s, bd->s);
			if (p->nsegs == COMPARE_MAX_SEGS)
				return fr_fail(err, FR_EDATA, "%s:%lld: more than %d single-dimension segments",
				               c->path, (long long)line, COMPARE_MAX_SEGS);
			p->segs = fr_xreallocarray(p->segs, p->nsegs + 1, sizeof *p->segs);
			p->segs[p->nsegs++] = (struct prev_seg){fr_xstrdup(bd->s), fr_xstrdup(sg->s), NULL};
			c->in_overall = first_row;
		}
	} else if (c->skipping ? strcmp(bd->s, c->skip_key) != 0 || strcmp(sg->s, c->skip_label) != 0
	                       : p->nsegs == 0 || strcmp(bd->s, p->segs[p->nsegs - 1].breakdown) != 0 ||
	                             strcmp(sg->s, p->segs[p->nsegs - 1].label) != 0) {
		return fr_fail(err, FR_EDATA, "%s:%lld: step %lld of a segment that did not start at step 1",
		               c->path, (long long)line, (long long)k);
	}
	if ((size_t)k != c->have + 1)
		return compare_field_fail(c, line, 2, "is out of order", si, err);
	c->have++;
	if (c->skipping)
		return FR_OK;
	struct prev_seg *s = &p->segs[p->nsegs - 1];
	if (c->in_overall) {
		p->steps = fr_xreallocarray(p->steps, p->nsteps + 1, sizeof *p->steps);
		p->steps[p->nsteps++] = fr_xstrdup(st->s);
		s->users = fr_xreallocarray(s->users, p->nsteps, sizeof *s->users);
	} else {
		if ((size_t)k > p->nsteps)
			return fr_fail(err, FR_EDATA, "%s:%lld: step %lld, but overall has %zu steps", c->path,
			               (long long)line, (long long)k, p->nsteps);
		if (strcmp(st->s, p->steps[k - 1]) != 0)
			return compare_field_fail(c, line, 3, "differs from overall's step of that number", st,
			                          err);
		if (s->users == NULL)
			s->users = fr_xcalloc(p->nsteps, sizeof *s->users);
	}
	s->users[k - 1] = users;
	return FR_OK;
}

int
fr_compare_load(const char *dir, bool csv_safe, struct fr_prev **out, char **err)
{
	struct fr_prev *p = fr_xcalloc(1, sizeof *p);
	p->dir = fr_xstrdup(dir);
	char *path = fr_xasprintf("%s/data/funnel.csv", dir);
	struct compare_read c = {0};
	c.p = p;
	c.path = path;
	c.safe = csv_safe;
	int rc = fr_csvin_read(path, path, compare_row, &c, err);
	if (rc == FR_OK && !c.header_done)
		rc = fr_fail(err, FR_EDATA, "%s: empty (is it a funnel.csv of funnel-report?)", path);
	if (rc == FR_OK && p->nsegs == 0)
		rc = fr_fail(err, FR_EDATA, "%s: no overall funnel", path);
	if (rc == FR_OK)
		rc = compare_end_segment(&c, c.line, err);
	free(c.skip_key);
	free(c.skip_label);
	free(path);
	if (rc != FR_OK) {
		fr_prev_free(p);
		p = NULL;
	}
	*out = p;
	return rc;
}

bool
fr_compare_first_night(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return errno == ENOENT;
	bool empty = true;
	struct dirent *e;
	while (empty && (e = readdir(d)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

void
fr_prev_free(struct fr_prev *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nsegs; i++) {
		free(p->segs[i].breakdown);
		free(p->segs[i].label);
		free(p->segs[i].users);
	}
	free(p->segs);
	fr_strv_free(p->steps, p->nsteps);
	free(p->dir);
	free(p);
}

/* ---- comparing ---------------------------------------------------------- */

const char *
fr_compare_verdict_name(enum fr_change_verdict v)
{
	switch (v) {
	case FR_CHANGE_NEW: return "new";
	case FR_CHANGE_FEW: return "too few";
	case FR_CHANGE_SAME: return "same";
	case FR_CHANGE_ROSE: return "rose";
	case FR_CHANGE_FELL: return "fell";
	}
	return "";
}

static const struct prev_seg *
compare_find(const struct fr_prev *p, const char *breakdown, const char *label)
{
	for (size_t i = 0; i < p->nsegs; i++)
		if (strcmp(p->segs[i].breakdown, breakdown) == 0 && strcmp(p->segs[i].label, label) == 0)
			return &p->segs[i];
	return NULL;
}

static double
compare_rate(int64_t x, int64_t n)
{
	return n > 0 ? (double)x / (double)n : NAN;
}

/* Shift-share along one breakdown: with shares w and rates r of conversion
 * to the last step, R1 - R0 = sum (w1 - w0)(r0 + r1)/2 + sum (w0 + w1)/2 (r1 - r0)
 * exactly. A segment on one side only has share 0 on the other, and the
 * same rate there, so all of it is mix. */
static void
compare_shift(const struct fr_prev *p, const struct fr_result *r, size_t b, const int64_t *all0,
              struct fr_shift *out)
{
	const struct fr_breakdown *bd = &r->analysis.funnel[b];
	const int64_t *all1 = r->analysis.funnel[0].segs[0].counts;
	size_t last = r->cube.nsteps - 1;
	double e0 = (double)all0[0], e1 = (double)all1[0], mix = 0, rate = 0;
	for (size_t s = 0; s < bd->nsegs; s++) {
		const int64_t *u1 = bd->segs[s].counts;
		const struct prev_seg *ps = compare_find(p, bd->name, bd->segs[s].label);
		double w1 = e1 > 0 ? (double)u1[0] / e1 : 0, r1 = compare_rate(u1[last], u1[0]);
		double w0 = 0, r0 = r1;
		if (ps != NULL && e0 > 0 && ps->users[0] > 0) {
			w0 = (double)ps->users[0] / e0;
			r0 = compare_rate(ps->users[last], ps->users[0]);
		}
		if (isnan(r1))
			r1 = r0;
		if (isnan(r0) || isnan(r1))
			continue;
		mix += (w1 - w0) * (r0 + r1) / 2;
		rate += (w0 + w1) / 2 * (r1 - r0);
	}
	/* segments of the previous run that are gone tonight: all mix */
	for (size_t i = 0; i < p->nsegs; i++) {
		const struct prev_seg *ps = &p->segs[i];
		if (strcmp(ps->breakdown, bd->name) != 0 || e0 <= 0 || ps->users[0] == 0)
			continue;
		int found = 0;
		for (size_t s = 0; s < bd->nsegs && !found; s++)
			found = strcmp(bd->segs[s].label, ps->label) == 0;
		if (!found)
			mix -= (double)ps->users[0] / e0 * compare_rate(ps->users[last], ps->users[0]);
	}
	double total = compare_rate(all1[last], all1[0]) - compare_rate(all0[last], all0[0]);
	*out = (struct fr_shift){b, 100 * total, 100 * mix, 100 * rate, 100 * (total - mix - rate)};
}

int
fr_compare_build(const struct fr_prev *p, const struct fr_result *r, struct fr_comparison **out,
                 char **err)
{
	*out = NULL;
	int same = p->nsteps == r->cube.nsteps;
	for (size_t k = 0; same && k < r->cube.nsteps; k++)
		same = strcmp(p->steps[k], r->cube.steps[k]) == 0;
	if (!same) {
		struct fr_buf a = FR_BUF_INIT, b = FR_BUF_INIT;
		for (size_t k = 0; k < p->nsteps; k++)
			fr_buf_printf(&a, "%s%s", k ? "," : "", p->steps[k]);
		for (size_t k = 0; k < r->cube.nsteps; k++)
			fr_buf_printf(&b, "%s%s", k ? "," : "", r->cube.steps[k]);
		int rc = fr_fail(err, FR_EDATA,
		                 "%s/data/funnel.csv: its steps (%s) differ from this run's (%s); compare "
		                 "runs of the same funnel",
		                 p->dir, fr_buf_cstr(&a), fr_buf_cstr(&b));
		fr_buf_free(&a);
		fr_buf_free(&b);
		return rc;
	}
	struct fr_comparison *c = fr_xcalloc(1, sizeof *c);
	c->previous = fr_xstrdup(p->dir);
	/* the previous run's period, as its funnel.csv tells it: the entry months */
	const char *first = NULL, *lastm = NULL;
	for (size_t i = 0; i < p->nsegs; i++) {
		if (strcmp(p->segs[i].breakdown, "month") != 0)
			continue;
		if (first == NULL || strcmp(p->segs[i].label, first) < 0)
			first = p->segs[i].label;
		if (lastm == NULL || strcmp(p->segs[i].label, lastm) > 0)
			lastm = p->segs[i].label;
	}
	if (first != NULL) {
		c->prev_first_month = fr_xstrdup(first);
		c->prev_last_month = fr_xstrdup(lastm);
	}
	const int64_t *all0 = p->segs[0].users, *all1 = r->analysis.funnel[0].segs[0].counts;
	size_t last = r->cube.nsteps - 1;
	c->before_entered = all0[0];
	c->before_converted = all0[last];
	c->now_entered = all1[0];
	c->now_converted = all1[last];
	double lo, hi;
	fr_stats_diff_ci(all1[last], all1[0], all0[last], all0[0], &lo, &hi);
	c->change_pp = 100 * (compare_rate(all1[last], all1[0]) - compare_rate(all0[last], all0[0]));
	c->change_lo_pp = 100 * lo;
	c->change_hi_pp = 100 * hi;

	/* the changes, step by step, and the tests among them */
	size_t cap = 0, nt = 0;
	double *pv = NULL;
	size_t *ti = NULL;
	for (size_t b = 0; b < r->analysis.nfunnel; b++) {
		const struct fr_breakdown *bd = &r->analysis.funnel[b];
		if (bd->ndims > 1)
			continue;
		for (size_t s = 0; s < bd->nsegs; s++) {
			const int64_t *u1 = bd->segs[s].counts;
			const struct prev_seg *ps = compare_find(p, bd->name, bd->segs[s].label);
			for (size_t k = 1; k < r->cube.nsteps; k++) {
				struct fr_change ch = {b, s, k, -1, -1, u1[k], u1[k - 1], NAN, NAN, NAN, NAN,
				                       FR_CHANGE_NEW};
				if (ps != NULL) {
					ch.x0 = ps->users[k];
					ch.n0 = ps->users[k - 1];
					fr_stats_diff_ci(ch.x1, ch.n1, ch.x0, ch.n0, &lo, &hi);
					ch.lo_pp = 100 * lo;
					ch.hi_pp = 100 * hi;
					ch.diff_pp = 100 * (compare_rate(ch.x1, ch.n1) - compare_rate(ch.x0, ch.n0));
					ch.verdict = FR_CHANGE_FEW;
					if (ch.n0 >= FR_STATS_MIN_BASE && ch.n1 >= FR_STATS_MIN_BASE) {
						ch.verdict = FR_CHANGE_SAME;
						if (nt == cap) {
							cap = cap ? 2 * cap : 64;
							pv = fr_xreallocarray(pv, cap, sizeof *pv);
							ti = fr_xreallocarray(ti, cap, sizeof *ti);
						}
						pv[nt] = fr_stats_two_prop(ch.x1, ch.n1, ch.x0, ch.n0);
						ti[nt++] = c->nchanges;
					}
				}
				c->changes = fr_xreallocarray(c->changes, c->nchanges + 1, sizeof *c->changes);
				c->changes[c->nchanges++] = ch;
			}
		}
	}
	fr_stats_holm(pv, nt, pv);
	for (size_t i = 0; i < nt; i++) {
		struct fr_change *ch = &c->changes[ti[i]];
		ch->p_adj = pv[i];
		__int128 now = (__int128)ch->x1 * ch->n0, before = (__int128)ch->x0 * ch->n1;
		if (pv[i] < FR_STATS_ALPHA && now != before) {
			ch->verdict = now > before ? FR_CHANGE_ROSE : FR_CHANGE_FELL;
			c->rises += now > before;
			c->drops += now < before;
		}
	}
	c->ntests = nt;
	free(pv);
	free(ti);

	/* shift-share along each single dimension */
	for (size_t b = 1; r->cube.nsteps > 0 && b < r->analysis.nfunnel; b++) {
		if (r->analysis.funnel[b].ndims != 1)
			continue;
		c->shifts = fr_xreallocarray(c->shifts, c->nshifts + 1, sizeof *c->shifts);
		compare_shift(p, r, b, all0, &c->shifts[c->nshifts++]);
	}
	*out = c;
	return FR_OK;
}
