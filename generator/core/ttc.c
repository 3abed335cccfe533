/* ttc.c: histograms of time to convert, per group and step. */
#include "core/ttc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Fine bins: FR_TTC_LINEAR one-second bins, then TTC_SUB per octave from
 * there up to 2^TTC_TOP seconds (far beyond any funnel: 2^40 s is 34,000
 * years). 64-bit counts: no overflow past 2^31 users. */
#define TTC_SUB (1 << FR_TTC_LOG2_SUB)
#define TTC_LOG2_SUB FR_TTC_LOG2_SUB
#define TTC_LOG2_LINEAR FR_TTC_LOG2_LINEAR
#define TTC_TOP 41
#define TTC_NFINE FR_TTC_NFINE

struct ttc_group {
	uint64_t key;
	int64_t *fine;   /* [(nsteps - 1) * TTC_NFINE] */
	int64_t *coarse; /* [(nsteps - 1) * FR_TTC_NBINS] */
	int64_t *users;  /* [nsteps - 1] */
};

struct fr_ttc {
	size_t nsteps;
	struct ttc_group *g; /* open addressing on key, with used[] */
	unsigned char *used;
	size_t cap, n;
};

struct fr_ttc *
fr_ttc_new(size_t nsteps)
{
	struct fr_ttc *t = fr_xcalloc(1, sizeof *t);
	t->nsteps = nsteps;
	t->cap = 64;
	t->g = fr_xcalloc(t->cap, sizeof *t->g);
	t->used = fr_xcalloc(t->cap, 1);
	return t;
}

void
fr_ttc_free(struct fr_ttc *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->cap; i++)
		if (t->used[i]) {
			free(t->g[i].fine);
			free(t->g[i].coarse);
			free(t->g[i].users);
		}
	free(t->g);
	free(t->used);
	free(t);
}

static size_t
ttc_hash(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= UINT64_C(0xff51afd7ed558ccd);
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static size_t
ttc_slot(const struct fr_ttc *t, uint64_t key)
{
	size_t i = ttc_hash(key, t->cap);
	while (t->used[i] && t->g[i].key != key)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static struct ttc_group *
ttc_group(struct fr_ttc *t, uint64_t key)
{
	size_t i = ttc_slot(t, key);
	if (t->used[i])
		return &t->g[i];
	if (2 * (t->n + 1) > t->cap) {
		struct ttc_group *old = t->g;
		unsigned char *oldu = t->used;
		size_t oldcap = t->cap;
		t->cap *= 2;
		t->g = fr_xcalloc(t->cap, sizeof *t->g);
		t->used = fr_xcalloc(t->cap, 1);
		for (size_t j = 0; j < oldcap; j++)
			if (oldu[j]) {
				size_t s = ttc_slot(t, old[j].key);
				t->g[s] = old[j];
				t->used[s] = 1;
			}
		free(old);
		free(oldu);
		i = ttc_slot(t, key);
	}
	size_t ns = t->nsteps > 1 ? t->nsteps - 1 : 1;
	t->used[i] = 1;
	t->g[i] = (struct ttc_group){key, fr_xcalloc(ns * TTC_NFINE, sizeof(int64_t)),
	                             fr_xcalloc(ns * FR_TTC_NBINS, sizeof(int64_t)),
	                             fr_xcalloc(ns, sizeof(int64_t))};
	t->n++;
	return &t->g[i];
}

size_t
fr_ttc_fine_bin(int64_t v)
{
	if (v < FR_TTC_LINEAR)
		return (size_t)v;
	int e = 63 - __builtin_clzll((unsigned long long)v); /* 2^e <= v < 2^(e+1), e >= 8 */
	if (e >= TTC_TOP)
		return TTC_NFINE - 1;
	size_t sub = (size_t)((uint64_t)v >> (e - TTC_LOG2_SUB)) & (TTC_SUB - 1);
	return FR_TTC_LINEAR + (size_t)(e - TTC_LOG2_LINEAR) * TTC_SUB + sub;
}

/* The lower end and width of fine bin b: one second below FR_TTC_LINEAR. */
static void
ttc_bin(size_t b, int64_t *lower, int64_t *width)
{
	if (b < FR_TTC_LINEAR) {
		*lower = (int64_t)b;
		*width = 1;
		return;
	}
	size_t e = (b - FR_TTC_LINEAR) / TTC_SUB + TTC_LOG2_LINEAR, sub = (b - FR_TTC_LINEAR) % TTC_SUB;
	*width = INT64_C(1) << (e - TTC_LOG2_SUB);
	*lower = (INT64_C(1) << e) + (int64_t)sub * *width;
}

size_t
fr_ttc_coarse_bin(int64_t v)
{
	size_t c = FR_TTC_NBINS - 1;
	while (c > 0 && v < fr_ttc_bin_lower[c])
		c--;
	return c;
}

void
fr_ttc_merge(struct fr_ttc *into, const struct fr_ttc *from)
{
	size_t nk = from->nsteps > 1 ? from->nsteps - 1 : 0;
	for (size_t i = 0; i < from->cap; i++) {
		if (!from->used[i])
			continue;
		const struct ttc_group *f = &from->g[i];
		struct ttc_group *g = ttc_group(into, f->key);
		for (size_t j = 0; j < nk * TTC_NFINE; j++)
			g->fine[j] += f->fine[j];
		for (size_t j = 0; j < nk * FR_TTC_NBINS; j++)
			g->coarse[j] += f->coarse[j];
		for (size_t j = 0; j < nk; j++)
			g->users[j] += f->users[j];
	}
}

int
fr_ttc_add_bins(struct fr_ttc *t, uint64_t group, size_t k, size_t fine, size_t coarse,
                int64_t users)
{
	if (k < 1 || k >= t->nsteps || fine >= TTC_NFINE || coarse >= FR_TTC_NBINS || users < 0)
		return -1;
	/* the fine bin's times [lower, lower + width) must meet the coarse bin's */
	int64_t lower, width;
	ttc_bin(fine, &lower, &width);
	int64_t clow = fr_ttc_bin_lower[coarse];
	int64_t chigh = coarse + 1 < FR_TTC_NBINS ? fr_ttc_bin_lower[coarse + 1] : INT64_MAX;
	if (fine + 1 < TTC_NFINE && (lower + width <= clow || lower >= chigh))
		return -1;
	struct ttc_group *g = ttc_group(t, group);
	g->fine[(k - 1) * TTC_NFINE + fine] += users;
	g->coarse[(k - 1) * FR_TTC_NBINS + coarse] += users;
	g->users[k - 1] += users;
	return 0;
}

void
fr_ttc_add(struct fr_ttc *t, uint64_t group, const int64_t *reached_at, size_t level)
{
	if (level < 2)
		return;
	struct ttc_group *g = ttc_group(t, group);
	for (size_t k = 1; k < level && k < t->nsteps; k++) {
		int64_t v = reached_at[k] - reached_at[0];
		if (v < 0)
			v = 0; /* cannot happen: visits come in time order */
		g->fine[(k - 1) * TTC_NFINE + fr_ttc_fine_bin(v)]++;
		g->coarse[(k - 1) * FR_TTC_NBINS + fr_ttc_coarse_bin(v)]++;
		g->users[k - 1]++;
	}
}

/* The value at rank (1-based) of the histogram h: the bin that holds it,
 * and inside the bin the rank's place among the bin's values, as if they
 * were spread evenly over it (the c values of a bin at the middles of c
 * equal parts). Exact in one-second bins. */
static int64_t
ttc_rank(const int64_t *h, int64_t rank)
{
	int64_t seen = 0;
	for (size_t b = 0; b < TTC_NFINE; b++) {
		if (seen + h[b] >= rank) {
			int64_t lower, width;
			ttc_bin(b, &lower, &width);
			if (width == 1)
				return lower;
			double at = ((double)(rank - seen) - 0.5) / (double)h[b];
			int64_t v = lower + (int64_t)(at * (double)width);
			return v < lower + width ? v : lower + width - 1;
		}
		seen += h[b];
	}
	return -1;
}

void
fr_ttc_get(const struct fr_ttc *t, uint64_t group, size_t k, struct fr_ttc_stats *out)
{
	memset(out, 0, sizeof *out);
	out->median = out->p90 = -1;
	size_t i = ttc_slot(t, group);
	if (!t->used[i] || k < 1 || k >= t->nsteps)
		return;
	const struct ttc_group *g = &t->g[i];
	int64_t n = g->users[k - 1];
	out->users = n;
	memcpy(out->bins, &g->coarse[(k - 1) * FR_TTC_NBINS], sizeof out->bins);
	if (n == 0)
		return;
	/* nearest rank: the smallest value with at least q of the users at or below it */
	const int64_t *h = &g->fine[(k - 1) * TTC_NFINE];
	out->median = ttc_rank(h, (n + 1) / 2);
	out->p90 = ttc_rank(h, (9 * n + 9) / 10);
}

static int
ttc_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

size_t
fr_ttc_groups(const struct fr_ttc *t, uint64_t **out)
{
	uint64_t *k = fr_xcalloc(t->n + 1, sizeof *k);
	size_t n = 0;
	for (size_t i = 0; i < t->cap; i++)
		if (t->used[i])
			k[n++] = t->g[i].key;
	qsort(k, n, sizeof *k, ttc_cmp);
	*out = k;
	return n;
}

static int
ttc_cmp_rows(const void *a, const void *b)
{
	const struct fr_ttc_row *x = a, *y = b;
	if (x->dim != y->dim)
		return x->dim < y->dim ? -1 : 1;
	int c = x->value && y->value ? strcmp(x->value, y->value) : 0;
	if (c != 0)
		return c;
	return (x->step > y->step) - (x->step < y->step);
}

size_t
fr_ttc_rows(const struct fr_ttc *t, const char *(*value)(void *ctx, int dim, uint32_t code),
            void *ctx, struct fr_ttc_row **out)
{
	*out = NULL;
	if (t->nsteps < 2)
		return 0;
	uint64_t *g;
	size_t ng = fr_ttc_groups(t, &g), n = 0;
	struct fr_ttc_row *rows = fr_xcalloc(ng * (t->nsteps - 1) + 1, sizeof *rows);
	for (size_t i = 0; i < ng; i++) {
		int dim = (int)(g[i] >> 32) - 1;
		const char *v = dim >= 0 ? value(ctx, dim, (uint32_t)g[i]) : NULL;
		for (size_t k = 1; k < t->nsteps; k++) {
			struct fr_ttc_row *row = &rows[n++];
			row->dim = dim;
			row->value = v ? fr_xstrdup(v) : NULL;
			row->step = k;
			fr_ttc_get(t, g[i], k, &row->st);
		}
	}
	qsort(rows, n, sizeof *rows, ttc_cmp_rows);
	free(g);
	*out = rows;
	return n;
}

void
fr_ttc_format(int64_t s, char *buf, size_t n)
{
	if (s < 0)
		snprintf(buf, n, "n/a");
	else if (s < 60)
		snprintf(buf, n, "%lld s", (long long)s);
	else if (s < 3600)
		snprintf(buf, n, "%lld min %02lld s", (long long)(s / 60), (long long)(s % 60));
	else if (s < 86400)
		snprintf(buf, n, "%lld h %02lld min", (long long)(s / 3600), (long long)(s % 3600 / 60));
	else
		snprintf(buf, n, "%lld d %lld h", (long long)(s / 86400), (long long)(s % 86400 / 3600));
}
