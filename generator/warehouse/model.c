/* model.c: dimensions, the per-user pass over the staged visits, and the
 * description of the warehouse as built. */
#define _GNU_SOURCE /* pthread_setname_np, for profilers */
#include "warehouse/model.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source/csvin.h"
#include "base/interrupt.h"
#include "warehouse/level.h"
#include "base/text.h"
#include "base/timestamp.h"
#include "core/ttc.h"

/* Rows a batch carries to the loader. */
#define MODEL_BATCH 4096
/* Days from 0001-01-01 to 9999-12-31, and a day or two either side for offsets. */
#define MODEL_DAY0 (-719164)
#define MODEL_NDAYS 3652062

/* ---- a map from a tuple of codes to a few counters ------------------------ */

struct tmap {
	size_t w, v;       /* key width, counters per key */
	uint32_t *keys;    /* [n * w] */
	int64_t *vals;     /* [n * v] */
	uint32_t *slots;   /* index + 1 */
	size_t mask, n, cap;
};

static struct tmap *
tmap_new(size_t w, size_t v)
{
	struct tmap *m = fr_xcalloc(1, sizeof *m);
	m->w = w ? w : 1;
	m->v = v;
	m->mask = 255;
	m->slots = fr_xcalloc(m->mask + 1, sizeof *m->slots);
	return m;
}

static void
tmap_free(struct tmap *m)
{
	if (m == NULL)
		return;
	free(m->keys);
	free(m->vals);
	free(m->slots);
	free(m);
}

static uint32_t
tmap_hash(const uint32_t *k, size_t w)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < w; i++) {
		h ^= k[i];
		h *= 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 29;
	}
	return (uint32_t)h;
}

static void
tmap_grow(struct tmap *m)
{
	size_t n = (m->mask + 1) * 2;
	free(m->slots);
	m->slots = fr_xcalloc(n, sizeof *m->slots);
	m->mask = n - 1;
	for (size_t i = 0; i < m->n; i++) {
		size_t s = tmap_hash(&m->keys[i * m->w], m->w) & m->mask;
		while (m->slots[s] != 0)
			s = (s + 1) & m->mask;
		m->slots[s] = (uint32_t)i + 1;
	}
}

/* The counters of key, added as zeros if new. */
static int64_t *
tmap_at(struct tmap *m, const uint32_t *key)
{
	size_t s = tmap_hash(key, m->w) & m->mask;
	while (m->slots[s] != 0) {
		size_t i = m->slots[s] - 1;
		if (memcmp(&m->keys[i * m->w], key, m->w * sizeof *key) == 0)
			return &m->vals[i * m->v];
		s = (s + 1) & m->mask;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->keys = fr_xreallocarray(m->keys, m->cap * m->w, sizeof *m->keys);
		m->vals = fr_xreallocarray(m->vals, m->cap * m->v, sizeof *m->vals);
	}
	size_t i = m->n++;
	memcpy(&m->keys[i * m->w], key, m->w * sizeof *key);
	memset(&m->vals[i * m->v], 0, m->v * sizeof *m->vals);
	m->slots[s] = (uint32_t)i + 1;
	if (m->n * 2 > m->mask + 1)
		tmap_grow(m);
	return &m->vals[i * m->v];
}

/* ---- dimensions ------------------------------------------------------------ */

static void
model_add_dim(struct fr_result *r, const char *name, int attr)
{
	r->cube.dims = fr_xreallocarray(r->cube.dims, r->cube.ndims + 1, sizeof *r->cube.dims);
	r->cube.dims[r->cube.ndims].name = fr_xstrdup(name);
	r->cube.dims[r->cube.ndims].attr = attr;
	r->cube.ndims++;
	if (attr >= 0) {
		r->cube.vdims = fr_xreallocarray(r->cube.vdims, r->cube.nvdims + 1, sizeof *r->cube.vdims);
		r->cube.vdims[r->cube.nvdims++] = r->cube.ndims - 1;
	}
}

/* A data column that would be a dimension but whose name would make its
 * breakdowns read like others ("sex+channel"): refused, naming it. */
static int
model_dim_name(const struct fr_result *r, const char *name, char **err)
{
	const char *why;
	if (fr_text_dim_name_ok(name, &why))
		return FR_OK;
	const char *users = r->log.ninputs > 0 ? r->log.inputs[0].name : "users";
	struct fr_buf q = FR_BUF_INIT;
	int rc = fr_fail(err, FR_EDATA, "%s:1: column %s: %s; rename it, or leave it out with --dims",
	                 users, fr_csvin_quote(&q, name, strlen(name)), why);
	fr_buf_free(&q);
	return rc;
}

static int
model_dims(const struct fr_model_opts *o, struct fr_result *r, char **err)
{
	if (o->dims == NULL) {
		for (size_t i = 0; i < r->cube.nattrs; i++) {
			if (fr_cube_default_dim(&r->cube.attrs[i])) {
				int rc = model_dim_name(r, r->cube.attrs[i].name, err);
				if (rc != FR_OK)
					return rc;
				model_add_dim(r, r->cube.attrs[i].name, (int)i);
			}
		}
		model_add_dim(r, "month", -1);
		return FR_OK;
	}
	for (size_t d = 0; d < o->ndims; d++) {
		const char *name = o->dims[d];
		int attr;
		int rc = fr_cube_find_dim(&r->cube, name, &attr, err);
		if (rc != FR_OK)
			return rc;
		if (attr >= 0 && r->cube.attrs[attr].nvalues < 0)
			return fr_fail(err, FR_EUSAGE, "--dims: \"%s\" has more than %d distinct values", name,
			               FR_EXTRACT_MAX_VALUES - 1);
		model_add_dim(r, name, attr);
	}
	return FR_OK;
}

/* Pages listed when no steps were given. */
#define MODEL_PAGES_LISTED 30

struct model_page {
	int64_t events;
	const char *name;
};

/* Most visited first, ties by name. */
static int
model_cmp_page(const void *a, const void *b)
{
	const struct model_page *x = a, *y = b;
	if (x->events != y->events)
		return x->events > y->events ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The most visited pages at no step, for data quality: one pass keeping the
 * FR_QUALITY_PAGES best in order (an event log may name a million pages). */
static void
model_other_pages(const struct fr_extract *x, struct fr_runlog *log)
{
	const struct fr_intern *pages;
	const int64_t *events;
	size_t n = fr_extract_pages(x, &pages, &events), kept = 0;
	struct model_page top[FR_QUALITY_PAGES];
	for (size_t i = 0; i < n; i++) {
		if (fr_extract_page_step(x, (uint32_t)i) != 0 || events[i] == 0)
			continue;
		struct model_page p = {events[i], fr_intern_str(pages, (uint32_t)i)};
		size_t at = kept;
		while (at > 0 && model_cmp_page(&p, &top[at - 1]) < 0)
			at--;
		if (at == FR_QUALITY_PAGES)
			continue;
		if (kept < FR_QUALITY_PAGES)
			kept++;
		memmove(&top[at + 1], &top[at], (kept - 1 - at) * sizeof *top);
		top[at] = p;
	}
	for (size_t i = 0; i < kept; i++)
		log->other_pages[i] = (struct fr_page_count){fr_xstrdup(top[i].name), top[i].events};
	log->nother_pages = kept;
}

/* No steps were given: name the most visited pages, so the user can pick.
 * A sort, not an insertion: an event log may name a million pages. */
static int
model_no_steps(const struct fr_extract *x, char **err)
{
	const struct fr_intern *pages;
	const int64_t *events;
	size_t n = fr_extract_pages(x, &pages, &events);
	if (n == 0)
		return fr_fail(err, FR_EUSAGE, "give the funnel's steps with --steps (the events name no "
		                               "page at all)");
	struct model_page *order = fr_xcalloc(n, sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = (struct model_page){events[i], fr_intern_str(pages, (uint32_t)i)};
	qsort(order, n, sizeof *order, model_cmp_page);
	struct fr_buf list = FR_BUF_INIT, q = FR_BUF_INIT;
	for (size_t i = 0; i < n && i < MODEL_PAGES_LISTED; i++) {
		fr_buf_clear(&q);
		/* quoted, cut and with control bytes shown as \xNN: a page is data */
		fr_buf_printf(&list, "%s%s (%lld)", i ? ", " : "",
		              fr_csvin_quote(&q, order[i].name, strlen(order[i].name)),
		              (long long)order[i].events);
	}
	if (n > MODEL_PAGES_LISTED) {
		fr_buf_puts(&list, ", and ");
		fr_buf_put_count(&list, (int64_t)(n - MODEL_PAGES_LISTED));
		fr_buf_puts(&list, " more");
	}
	int rc = fr_fail(err, FR_EUSAGE,
	                 "give the funnel's steps in order with --steps; the events have these pages "
	                 "(events): %s",
	                 fr_buf_cstr(&list));
	fr_buf_free(&list);
	fr_buf_free(&q);
	free(order);
	return rc;
}

/* ---- the per-user pass ---------------------------------------------------- */

struct model_pass {
	struct fr_extract *x;
	struct fr_loader *ld;
	struct fr_result *r;
	char **err;
	struct fr_level *lv;
	struct fr_ttc *ttc;     /* time to convert, ordered mode only */
	struct tmap *cube;      /* (dim codes..., level) -> users */
	struct tmap *vcube;     /* (user dim codes..., step, month) -> visits, visitors */
	struct fr_batch *dups;  /* visit_keys of repeats, staged to be deleted from the facts */
	uint8_t *days;          /* bitmap of days with a visit */
	int64_t first, last;    /* the data period */
	int64_t entered, with_visits, out_of_order, duplicates, kept;
	int64_t before_signup;  /* kept visits dated before the user's signup */
	int64_t timed;          /* users whose visits fall at more than one instant */
	int64_t *other;         /* [nsteps] entered users by level under the other rule */
	uint32_t *key;          /* room for a cube key: max(ndims + 1, nvdims + 2) */
	uint32_t *pairs;        /* a user's (step, month) pairs, for visitors */
	size_t npairs, pairs_cap;
	/* the last day converted, cached: visits of a user are close in time */
	int64_t day;
	int64_t date_key;
	uint32_t month;
};

/* YYYY-MM as a number: months since year 0. */
static uint32_t
model_month_code(int64_t y, unsigned m)
{
	return (uint32_t)(y * 12 + (int64_t)m - 1);
}

static void
model_month_text(uint32_t code, char *buf)
{
	snprintf(buf, FR_TIMESTAMP_BUFSZ, "%04u-%02u", code / 12, code % 12 + 1);
}

static void
model_day(struct model_pass *m, int64_t t)
{
	int64_t day = fr_timestamp_day(t);
	if (day == m->day)
		return;
	int64_t y;
	unsigned mo, d;
	fr_civil_from_days(day, &y, &mo, &d);
	m->day = day;
	m->date_key = y * 10000 + mo * 100 + d;
	m->month = model_month_code(y, mo);
	int64_t i = day - MODEL_DAY0;
	if (i >= 0 && i < MODEL_NDAYS)
		m->days[i / 8] |= (uint8_t)(1u << (i % 8));
}

/* By time, then step (equal times count as in order), then source order:
 * of exact repeats the first read is kept. */
static int
model_cmp_visit(const void *a, const void *b)
{
	const struct fr_visit *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return (x->key > y->key) - (x->key < y->key);
}

static int
model_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int
model_send(struct model_pass *m, struct fr_batch **b, const char *tmpl, int ncols, int force)
{
	if (*b == NULL || (!force && fr_batch_rows(*b) < MODEL_BATCH))
		return FR_OK;
	int rc = fr_loader_send(m->ld, *b);
	*b = force ? NULL : fr_batch_new(tmpl, ncols, NULL, 0);
	return rc; /* the loader has the message */
}

/* One user's visits, sorted by (time, step). */
static int
model_user(struct model_pass *m, uint32_t u, struct fr_visit *v, size_t n)
{
	const struct fr_result *r = m->r;
	if (n > 1) {
		if (n > 16) {
			qsort(v, n, sizeof *v, model_cmp_visit);
		} else {
			for (size_t i = 1; i < n; i++)
				for (size_t j = i; j > 0 && model_cmp_visit(&v[j - 1], &v[j]) > 0; j--) {
					struct fr_visit tmp = v[j];
					v[j] = v[j - 1];
					v[j - 1] = tmp;
				}
		}
	}
	uint32_t *key = m->key;
	size_t nv = r->cube.nvdims;
	for (size_t i = 0; i < nv; i++)
		key[i] = fr_extract_code(m->x, u, (size_t)r->cube.dims[r->cube.vdims[i]].attr);
	fr_level_reset(m->lv);
	m->npairs = 0;
	size_t kept = 0;
	int64_t signup = fr_extract_signup(m->x, u);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && v[i].t == v[i - 1].t && v[i].step == v[i - 1].step) {
			m->duplicates++; /* the same user, page and time: counted once */
			fr_batch_int(m->dups, v[i].key);
			continue;
		}
		kept++;
		if (signup != FR_NO_TIME && v[i].t < signup)
			m->before_signup++;
		fr_level_add(m->lv, v[i].step, v[i].t);
		model_day(m, v[i].t);
		key[nv] = v[i].step;
		key[nv + 1] = m->month;
		tmap_at(m->vcube, key)[0]++;
		if (m->npairs == m->pairs_cap) {
			m->pairs_cap = m->pairs_cap ? m->pairs_cap * 2 : 64;
			m->pairs = fr_xreallocarray(m->pairs, m->pairs_cap * 2, sizeof *m->pairs);
		}
		m->pairs[2 * m->npairs] = v[i].step;
		m->pairs[2 * m->npairs + 1] = m->month;
		m->npairs++;
		if (v[i].t < m->first)
			m->first = v[i].t;
		if (v[i].t > m->last)
			m->last = v[i].t;
	}
	m->kept += (int64_t)kept;
	if (kept == 0)
		return FR_OK;
	m->with_visits++;
	if (v[n - 1].t != v[0].t) /* sorted by time: the ends differ */
		m->timed++;
	/* visitors: each distinct (step, month) of the user once */
	qsort(m->pairs, m->npairs, 2 * sizeof *m->pairs, model_cmp_u32);
	for (size_t i = 0; i < m->npairs; i++) {
		if (i > 0 && memcmp(&m->pairs[2 * i], &m->pairs[2 * (i - 1)], 2 * sizeof *m->pairs) == 0)
			continue;
		key[nv] = m->pairs[2 * i];
		key[nv + 1] = m->pairs[2 * i + 1];
		tmap_at(m->vcube, key)[1]++;
	}
	struct fr_level_user lu;
	fr_level_get(m->lv, &lu);
	if (lu.level > 0) {
		m->out_of_order += lu.out_of_order;
		if (lu.other_level > 0)
			m->other[lu.other_level - 1]++;
		int64_t y;
		unsigned mo, d;
		fr_civil_from_days(fr_timestamp_day(lu.entry_time), &y, &mo, &d);
		for (size_t i = 0; i < r->cube.ndims; i++)
			key[i] = r->cube.dims[i].attr >= 0 ? fr_extract_code(m->x, u, (size_t)r->cube.dims[i].attr)
			                              : model_month_code(y, mo);
		key[r->cube.ndims] = (uint32_t)lu.level;
		tmap_at(m->cube, key)[0]++;
		m->entered++;
		if (m->ttc != NULL && lu.level > 1) {
			/* group 0 is overall; dimension i's value code c is (i + 1) << 32 | c */
			fr_ttc_add(m->ttc, 0, lu.reached_at, lu.level);
			for (size_t i = 0; i < r->cube.ndims; i++)
				fr_ttc_add(m->ttc, (uint64_t)(i + 1) << 32 | key[i], lu.reached_at, lu.level);
		}
	}
	return model_send(m, &m->dups, "sql/model_repeat_insert.sql", 1, 0);
}

/* The users of partitions [from, to), in key order. */
static int
model_range(struct model_pass *m, size_t from, size_t to)
{
	struct fr_parts *parts = fr_extract_parts(m->x);
	struct fr_visit *v = NULL, *sorted = NULL;
	size_t *off = NULL, vcap = 0, sorted_cap = 0, off_cap = 0;
	int rc = FR_OK;
	for (size_t p = from; rc == FR_OK && p < to; p++) {
		size_t n;
		uint32_t first, end;
		if ((rc = fr_parts_read(parts, p, &v, &vcap, &n, m->err)) != FR_OK)
			break;
		if (n == 0)
			continue;
		fr_parts_users(parts, p, &first, &end);
		/* group by user with a counting sort: the partition's users are a range */
		size_t nu = end > first ? end - first : 0;
		if (nu + 1 > off_cap) {
			off_cap = nu + 1;
			off = fr_xreallocarray(off, off_cap, sizeof *off);
		}
		memset(off, 0, (nu + 1) * sizeof *off);
		for (size_t i = 0; i < n; i++)
			off[v[i].user - first + 1]++;
		for (size_t i = 1; i <= nu; i++)
			off[i] += off[i - 1];
		if (n > sorted_cap) {
			sorted_cap = n;
			free(sorted);
			sorted = fr_xmalloc(n * sizeof *sorted);
		}
		for (size_t i = 0; i < n; i++)
			sorted[off[v[i].user - first]++] = v[i];
		/* off[i] is now the end of user i; walk users in key order */
		size_t start = 0;
		for (size_t i = 0; rc == FR_OK && i < nu; i++) {
			size_t stop = off[i];
			if (stop > start)
				rc = model_user(m, first + (uint32_t)i, &sorted[start], stop - start);
			start = stop;
		}
		if (rc == FR_OK && fr_interrupt_pending())
			rc = fr_fail(m->err, FR_EINTR, "interrupted");
	}
	free(v);
	free(sorted);
	free(off);
	if (rc == FR_OK)
		rc = model_send(m, &m->dups, NULL, 1, 1);
	return rc;
}

/* A second pass's own counters, over the same extract, result and loader. */
static void
model_pass_init(struct model_pass *m)
{
	const struct fr_result *r = m->r;
	m->lv = fr_level_new(r->cube.nsteps, r->settings.order, r->settings.window_days);
	if (r->settings.order == FR_ORDER_ORDERED)
		m->ttc = fr_ttc_new(r->cube.nsteps);
	m->cube = tmap_new(r->cube.ndims + 1, 1);
	m->vcube = tmap_new(r->cube.nvdims + 2, 2);
	m->dups = fr_batch_new("sql/model_repeat_insert.sql", 1, NULL, 0);
	m->key = fr_xcalloc(r->cube.ndims + r->cube.nvdims + 3, sizeof *m->key);
	m->days = fr_xcalloc(MODEL_NDAYS / 8 + 1, 1);
	m->other = fr_xcalloc(r->cube.nsteps, sizeof *m->other);
	m->first = INT64_MAX, m->last = INT64_MIN;
	m->day = INT64_MIN;
}

static void
model_pass_free(struct model_pass *m)
{
	fr_batch_free(m->dups);
	fr_level_free(m->lv);
	fr_ttc_free(m->ttc);
	tmap_free(m->cube);
	tmap_free(m->vcube);
	free(m->days);
	free(m->other);
	free(m->pairs);
	free(m->key);
}

/* Adds the counts of b into a. */
static void
model_pass_merge(struct model_pass *a, const struct model_pass *b)
{
	for (size_t i = 0; i < b->cube->n; i++)
		tmap_at(a->cube, &b->cube->keys[i * b->cube->w])[0] += b->cube->vals[i];
	for (size_t i = 0; i < b->vcube->n; i++) {
		int64_t *c = tmap_at(a->vcube, &b->vcube->keys[i * b->vcube->w]);
		c[0] += b->vcube->vals[2 * i];
		c[1] += b->vcube->vals[2 * i + 1];
	}
	if (a->ttc != NULL)
		fr_ttc_merge(a->ttc, b->ttc);
	for (size_t i = 0; i < MODEL_NDAYS / 8 + 1; i++)
		a->days[i] |= b->days[i];
	for (size_t k = 0; k < a->r->cube.nsteps; k++)
		a->other[k] += b->other[k];
	if (b->first < a->first)
		a->first = b->first;
	if (b->last > a->last)
		a->last = b->last;
	a->entered += b->entered;
	a->with_visits += b->with_visits;
	a->out_of_order += b->out_of_order;
	a->duplicates += b->duplicates;
	a->kept += b->kept;
	a->before_signup += b->before_signup;
	a->timed += b->timed;
}

struct model_half {
	struct model_pass m;
	size_t from, to;
	char *err;
	int rc;
};

static void *
model_half_main(void *arg)
{
	struct model_half *h = arg;
	pthread_setname_np(pthread_self(), "fr-model");
	h->rc = model_range(&h->m, h->from, h->to);
	return NULL;
}

/* Visits below which one thread does the whole pass. */
#define MODEL_SPLIT_VISITS 200000

/* The per-user pass, the partitions split in two halves of about as many
 * visits, the later half on a thread of its own (the loader is mostly idle
 * by now, so it has the other core), its counts then added in. The cubes
 * are sorted after, and every count is a sum, so the split changes
 * nothing but the time. */
static int
model_pass(struct model_pass *m)
{
	struct fr_parts *parts = fr_extract_parts(m->x);
	size_t n = fr_parts_count(parts), total = 0, split = n;
	for (size_t p = 0; p < n; p++)
		total += fr_parts_visits(parts, p);
	if (n >= 2 && total >= MODEL_SPLIT_VISITS) {
		size_t acc = 0;
		for (split = 0; split + 1 < n && 2 * acc < total; split++)
			acc += fr_parts_visits(parts, split);
	}
	if (split >= n)
		return model_range(m, 0, n);
	struct model_half *h = fr_xcalloc(1, sizeof *h);
	h->m.x = m->x, h->m.ld = m->ld, h->m.r = m->r, h->m.err = &h->err;
	model_pass_init(&h->m);
	h->from = split, h->to = n;
	/* the helper takes no signals: the main thread's handler stops the run */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_t t;
	int started = pthread_create(&t, NULL, model_half_main, h) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	int rc = model_range(m, 0, started ? split : n);
	if (started) {
		pthread_join(t, NULL);
		if (rc == FR_OK && h->rc != FR_OK) {
			rc = h->rc;
			if (m->err != NULL && *m->err == NULL) {
				*m->err = h->err;
				h->err = NULL;
			}
		}
		if (rc == FR_OK)
			model_pass_merge(m, &h->m);
	}
	free(h->err);
	model_pass_free(&h->m);
	free(h);
	return rc;
}

/* The pass, then the repeats it staged deleted from the facts at once. */
static int
model_pass_all(struct model_pass *m)
{
	int rc = model_pass(m);
	if (rc == FR_OK && m->duplicates > 0)
		rc = fr_loader_exec(m->ld, "sql/model_duplicates_delete.sql", NULL, 0);
	return rc;
}

/* ---- the results ----------------------------------------------------------- */

static const char *model_value(const struct model_pass *m, const struct fr_dim *d, uint32_t code,
                               char *buf);

struct model_ttc_names {
	struct model_pass *m;
	char buf[FR_TIMESTAMP_BUFSZ];
};

static const char *
model_ttc_value(void *ctx, int dim, uint32_t code)
{
	struct model_ttc_names *n = ctx;
	return model_value(n->m, &n->m->r->cube.dims[dim], code, n->buf);
}

/* Time to convert into the result: overall, then each dimension's values
 * in byte order (as the breakdowns), each step after the first. */
static void
model_ttc(struct model_pass *m)
{
	if (m->ttc == NULL)
		return;
	struct model_ttc_names n = {m, {0}};
	m->r->cube.nttc = fr_ttc_rows(m->ttc, model_ttc_value, &n, &m->r->cube.ttc);
}

static const char *
model_value(const struct model_pass *m, const struct fr_dim *d, uint32_t code, char *buf)
{
	if (d->attr >= 0)
		return fr_extract_value(m->x, (size_t)d->attr, (uint16_t)code);
	model_month_text(code, buf);
	return buf;
}

static void
model_cubes(struct model_pass *m)
{
	struct fr_result *r = m->r;
	struct fr_cube *cube = &r->cube;
	char buf[FR_TIMESTAMP_BUFSZ];
	struct fr_table *t = &cube->tables[FR_FUNNEL];
	fr_table_init(t, FR_FUNNEL, cube->ndims);
	for (size_t i = 0; i < m->cube->n; i++) {
		const uint32_t *k = &m->cube->keys[i * m->cube->w];
		size_t row = fr_table_add(t);
		char **values = fr_table_values(t, row);
		for (size_t d = 0; d < cube->ndims; d++)
			values[d] = fr_xstrdup(model_value(m, &cube->dims[d], k[d], buf));
		fr_table_keys(t, row)[0] = k[cube->ndims];
		fr_table_counts(t, row)[0] = m->cube->vals[i];
	}
	fr_table_sort(t);

	/* the months with visits, in order, then the visits cube on them */
	size_t nv = cube->nvdims;
	uint32_t *months = fr_xcalloc(m->vcube->n + 1, sizeof *months);
	size_t nm = 0;
	for (size_t i = 0; i < m->vcube->n; i++)
		months[nm++] = m->vcube->keys[i * m->vcube->w + nv + 1];
	qsort(months, nm, sizeof *months, model_cmp_u32);
	size_t u = 0;
	for (size_t i = 0; i < nm; i++)
		if (i == 0 || months[i] != months[u - 1])
			months[u++] = months[i];
	cube->months = fr_xcalloc(u + 1, sizeof *cube->months);
	for (size_t i = 0; i < u; i++) {
		model_month_text(months[i], buf);
		cube->months[i] = fr_xstrdup(buf);
	}
	cube->nmonths = u;
	t = &cube->tables[FR_VISITS];
	fr_table_init(t, FR_VISITS, nv);
	for (size_t i = 0; i < m->vcube->n; i++) {
		const uint32_t *k = &m->vcube->keys[i * m->vcube->w];
		size_t row = fr_table_add(t);
		char **values = fr_table_values(t, row);
		for (size_t d = 0; d < nv; d++)
			values[d] = fr_xstrdup(model_value(m, &cube->dims[cube->vdims[d]], k[d], buf));
		int64_t *keys = fr_table_keys(t, row), *counts = fr_table_counts(t, row);
		keys[0] = (int64_t)k[nv] - 1;
		uint32_t *hit = bsearch(&k[nv + 1], months, u, sizeof *months, model_cmp_u32);
		keys[1] = hit != NULL ? hit - months : 0;
		counts[0] = m->vcube->vals[i * 2];
		counts[1] = m->vcube->vals[i * 2 + 1];
	}
	fr_table_sort(t);
	free(months);
}

static int
model_dates(struct model_pass *m)
{
	struct fr_batch *b = fr_batch_new("sql/model_date_insert.sql", 7, NULL, 0);
	char date[FR_TIMESTAMP_BUFSZ], month[FR_TIMESTAMP_BUFSZ];
	for (int64_t i = 0; i < MODEL_NDAYS; i++) {
		if (!(m->days[i / 8] & (1u << (i % 8))))
			continue;
		int64_t day = i + MODEL_DAY0, y;
		unsigned mo, d;
		fr_civil_from_days(day, &y, &mo, &d);
		fr_timestamp_date(day * 86400, date);
		fr_timestamp_month(day * 86400, month);
		fr_batch_int(b, y * 10000 + mo * 100 + d);
		fr_batch_text(b, date);
		fr_batch_int(b, y);
		fr_batch_text(b, month);
		fr_batch_int(b, mo);
		fr_batch_int(b, d);
		fr_batch_int(b, ((day % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
	}
	int rc = fr_loader_send(m->ld, b);
	return rc; /* the loader has the message */
}

static int
model_schema(struct fr_extract *x, struct fr_loader *ld, struct fr_result *r, char **err)
{
	(void)err; /* the loader's failures carry their own message */
	int rc = fr_loader_exec(ld, "sql/model_schema.sql", NULL, 0);
	struct fr_batch *b = fr_batch_new("sql/model_step_insert.sql", 2, NULL, 0);
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		fr_batch_int(b, (int64_t)k + 1);
		fr_batch_text(b, r->cube.steps[k]);
	}
	if (rc == FR_OK)
		rc = fr_loader_send(ld, b);
	else
		fr_batch_free(b);
	b = fr_batch_new("sql/model_attribute_insert.sql", 3, NULL, 0);
	for (size_t a = 0; a < r->cube.nattrs; a++) {
		fr_batch_int(b, (int64_t)a + 1);
		fr_batch_text(b, r->cube.attrs[a].name);
		fr_batch_int(b, r->cube.attrs[a].nvalues);
	}
	if (rc == FR_OK)
		rc = fr_loader_send(ld, b);
	else
		fr_batch_free(b);
	(void)x;
	return rc; /* the loader has the message */
}

static void
model_inputs(const struct fr_extract *x, struct fr_result *r)
{
	const char *const *names, *const *kinds;
	const int64_t *rows;
	size_t n = fr_extract_sources(x, &names, &kinds, &rows);
	r->log.inputs = fr_xcalloc(n + 1, sizeof *r->log.inputs);
	for (size_t i = 0; i < n; i++)
		r->log.inputs[i] = (struct fr_input){fr_xstrdup(names[i]), fr_xstrdup(kinds[i]), rows[i]};
	r->log.ninputs = n;
}

int
fr_model_build(struct fr_extract *x, struct fr_loader *ld, const struct fr_model_opts *o,
               struct fr_result *r, char **err)
{
	char *const *steps, *const *pages;
	size_t nsteps = fr_extract_steps_of(x, &steps, &pages);
	if (steps == NULL || nsteps == 0)
		return model_no_steps(x, err);
	char *const *names;
	size_t nattrs = fr_extract_attrs(x, &names);
	for (size_t i = 0; i < nattrs; i++)
		if (strcmp(names[i], "month") == 0)
			return fr_fail(err, FR_EDATA,
			               "users: column \"month\" clashes with the derived entry month; rename it");
	r->cube.steps = fr_xcalloc(nsteps + 1, sizeof *r->cube.steps);
	for (size_t k = 0; k < nsteps; k++)
		r->cube.steps[k] = fr_xstrdup(steps[k]);
	if (pages != NULL) {
		r->cube.step_pages = fr_xcalloc(nsteps + 1, sizeof *r->cube.step_pages);
		for (size_t k = 0; k < nsteps; k++)
			r->cube.step_pages[k] = pages[k] != NULL ? fr_xstrdup(pages[k]) : NULL;
	}
	r->cube.nsteps = nsteps;
	r->cube.attrs = fr_xcalloc(nattrs + 1, sizeof *r->cube.attrs);
	for (size_t i = 0; i < nattrs; i++)
		r->cube.attrs[i] = (struct fr_attr){fr_xstrdup(names[i]), fr_extract_nvalues(x, i)};
	r->cube.nattrs = nattrs;
	model_inputs(x, r);
	int rc = model_dims(o, r, err);
	if (rc == FR_OK)
		rc = model_schema(x, ld, r, err);
	if (rc != FR_OK)
		return rc;

	struct model_pass m = {0};
	m.x = x, m.ld = ld, m.r = r, m.err = err;
	model_pass_init(&m);
	rc = model_pass_all(&m);
	if (rc == FR_OK)
		rc = model_dates(&m);
	if (rc == FR_OK)
		rc = fr_loader_exec(ld, "sql/model_views.sql", NULL, 0);
	if (rc == FR_OK) {
		model_cubes(&m);
		r->cube.no_times = m.kept > 0 && m.timed == 0;
		if (!r->cube.no_times)
			model_ttc(&m);
		r->cube.ttc_known = r->settings.order == FR_ORDER_ORDERED && !r->cube.no_times;
		r->log.quality_known = true;
		struct fr_extract_counts c;
		fr_extract_counts(x, &c);
		struct fr_quality *q = &r->log.quality;
		q->users_read = c.users_read;
		q->users = (int64_t)fr_extract_users(x);
		q->duplicate_users = c.duplicate_users;
		q->events_read = c.events_read;
		q->unknown_page_events = c.unknown_page_events;
		q->unknown_user_events = c.unknown_user_events;
		q->duplicate_events = m.duplicates;
		q->page_visits = m.kept;
		q->visits_before_signup = m.before_signup;
		q->signup_not_date = c.signup_not_date;
		q->users_with_events = m.with_visits;
		q->users_not_entered = q->users - m.entered;
		q->users_out_of_order = m.out_of_order;
		model_other_pages(x, &r->log);
		/* users by level -> users who reached each step, as the roll-up counts */
		r->cube.other_users = fr_xcalloc(nsteps, sizeof *r->cube.other_users);
		for (size_t k = nsteps; k-- > 0;)
			r->cube.other_users[k] = m.other[k] + (k + 1 < nsteps ? r->cube.other_users[k + 1] : 0);
		if (m.kept > 0) {
			char buf[FR_TIMESTAMP_BUFSZ];
			fr_timestamp_iso(m.first, buf);
			r->cube.first_event = fr_xstrdup(buf);
			fr_timestamp_iso(m.last, buf);
			r->cube.last_event = fr_xstrdup(buf);
		}
	}
	model_pass_free(&m);
	return rc;
}

/* ---- the warehouse as built ------------------------------------------------- */

/* The row count of a table we created (the name comes from sqlite_schema
 * and is one of our own identifiers, quoted anyway). */
static int
model_count(struct fr_wh *wh, const char *table, int64_t *rows, char **err)
{
	char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(fr_wh_db(wh), sql, -1, &st, NULL), rc = FR_OK, row = 0;
	sqlite3_free(sql);
	if (src != SQLITE_OK)
		rc = fr_wh_fail(wh, src, table, err);
	if (rc == FR_OK)
		rc = fr_wh_step(wh, st, &row, err);
	*rows = rc == FR_OK && row ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc;
}

static const char *
model_kind(const char *table)
{
	if (strncmp(table, "stg_", 4) == 0)
		return "staging";
	if (strncmp(table, "dim_", 4) == 0)
		return "dimension";
	if (strncmp(table, "fact_", 5) == 0)
		return "fact";
	if (strncmp(table, "cube_", 5) == 0)
		return "cube";
	return "other";
}

int
fr_model_describe(struct fr_wh *wh, struct fr_result *r, char **err)
{
	sqlite3_stmt *st = NULL, *cols = NULL;
	int row = 0, rc = fr_wh_prepare(wh, "sql/model_tables.sql", NULL, 0, &st, err);
	if (rc == FR_OK)
		rc = fr_wh_prepare(wh, "sql/model_columns.sql", NULL, 0, &cols, err);
	while (rc == FR_OK && (rc = fr_wh_step(wh, st, &row, err)) == FR_OK && row) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *sql = (const char *)sqlite3_column_text(st, 1);
		r->log.tables = fr_xreallocarray(r->log.tables, r->log.ntables + 1, sizeof *r->log.tables);
		struct fr_whtable *t = &r->log.tables[r->log.ntables++];
		memset(t, 0, sizeof *t);
		t->name = fr_xstrdup(name ? name : "");
		t->kind = fr_xstrdup(model_kind(t->name));
		t->sql = fr_xstrdup(sql ? sql : "");
		sqlite3_bind_text(cols, 1, t->name, -1, SQLITE_STATIC);
		int crow = 0;
		while (rc == FR_OK && (rc = fr_wh_step(wh, cols, &crow, err)) == FR_OK && crow) {
			t->cols = fr_xreallocarray(t->cols, t->ncols + 1, sizeof *t->cols);
			t->types = fr_xreallocarray(t->types, t->ncols + 1, sizeof *t->types);
			const char *cn = (const char *)sqlite3_column_text(cols, 0);
			const char *ct = (const char *)sqlite3_column_text(cols, 1);
			t->cols[t->ncols] = fr_xstrdup(cn ? cn : "");
			t->types[t->ncols] = fr_xstrdup(ct && *ct ? ct : "(any)");
			t->ncols++;
		}
		sqlite3_reset(cols);
		if (rc == FR_OK)
			rc = model_count(wh, t->name, &t->rows, err);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(cols);
	const struct fr_wh_sql *log;
	size_t n = fr_wh_sql_log(wh, &log);
	r->log.queries = fr_xreallocarray(r->log.queries, r->log.nqueries + n + 1, sizeof *r->log.queries);
	for (size_t i = 0; i < n; i++)
		r->log.queries[r->log.nqueries++] =
		    (struct fr_query){fr_xstrdup(log[i].name), log[i].runs, fr_xstrdup(log[i].sql)};
	return rc;
}
