/* extract.c: staging. Users go into an in-memory index (id -> key, attribute
 * value codes) and, the first row of each id, straight into dim_user through
 * the loader; each event is sorted at once into the bucket it belongs to: an
 * unknown page, an unknown user, or a visit, which goes both to
 * fact_page_visit (through the loader, on the other core) and to the user's
 * partition for the model stage's per-user pass. A visit dated before the
 * user's signup date is a visit like any other (people browse before they
 * sign up, and a date has no time zone); the model stage only counts them. */
#include "warehouse/extract.h"

#include <stdlib.h>
#include <string.h>

#include "source/csvin.h"
#include "base/idmap.h"
#include "base/interrupt.h"
#include "base/pagematch.h"
#include "base/text.h"
#include "base/timestamp.h"
#include "warehouse/warehouse.h"

/* How often the load looks for a pending signal. */
#define EXTRACT_POLL 65536
/* Rows a batch carries to the loader. */
#define EXTRACT_BATCH 4096
/* Events that wait for their user's slot to be fetched (extract_pending),
 * and the longest id that waits (a longer one is placed at once). */
#define EXTRACT_AHEAD 8
#define EXTRACT_AHEAD_ID 47
/* Events of unknown users staged as text at most; the rest are counted. */
#define EXTRACT_MAX_ORPHANS 100000

/* An event at a step waits here, a few events, while the CPU fetches its
 * user's slot of the id map (fr_idmap_probe): by the time it is placed the
 * lookup finds the slot in the cache instead of waiting for memory, and
 * the next events' fetches overlap. Events are placed strictly in arrival
 * order. */
struct extract_pending {
	int64_t line, t;
	uint32_t page, step, src;
	size_t idlen;
	struct fr_idmap_probe probe;
	char id[EXTRACT_AHEAD_ID + 1];
};

/* A user row that waits for its id's slot: the id, then each value, each
 * ended by a NUL. */
struct extract_upending {
	size_t idlen;
	struct fr_idmap_probe probe;
	struct fr_buf text;
};

struct fr_extract {
	struct fr_loader *ld;
	char **attrs;
	size_t nattrs;
	int users_declared;
	size_t users_src;          /* the users' source, in src_rows */
	int signup_attr;           /* the signup_date (else date) attribute, or -1 */

	struct fr_idmap *ids;      /* user_id -> user key */
	int64_t *signup;           /* [users] */
	uint16_t *codes;           /* [users * nattrs] */
	size_t cap;
	struct fr_intern **vals;   /* per attribute: value -> code */
	int *overflow;             /* per attribute: too many values to count */

	char **steps;
	char **step_pages;         /* [nsteps], or NULL: every step named alone */
	size_t nsteps;
	struct fr_pagematch *match;
	char *ambiguous;           /* a page two steps match: the run fails */
	struct fr_badrows *bad;    /* the sources' allowance of bad rows, or NULL */
	struct fr_intern *pages;
	int64_t *page_events;      /* per page key */
	uint32_t *page_step;       /* per page key: 1-based step, 0 = not a step */
	size_t page_cap;

	struct fr_parts *parts;
	struct fr_batch *ubatch;   /* dim_user rows */
	struct fr_batch *fbatch;   /* fact_page_visit rows */
	struct fr_batch *obatch;   /* stg_event_orphan rows */
	struct extract_pending *pending; /* [EXTRACT_AHEAD], a ring */
	size_t first_pending, npending;
	struct extract_upending *upending; /* [EXTRACT_AHEAD], a ring of user rows */
	size_t first_upending, nupending;
	const char **uvals;        /* [nattrs]: a waiting row's values, when placed */
	int64_t visit_key;
	int64_t day, date_key;     /* the last event's UTC day, cached */
	struct fr_buf last_id;     /* the last event's user_id and its key: logs */
	uint32_t last_key;         /* often list a user's events together */

	char **src_names, **src_kinds;
	int64_t *src_rows;
	size_t nsrc;

	struct fr_extract_counts n;
};

int
fr_extract_new(struct fr_loader *ld, struct fr_extract **out, char **err)
{
	(void)err; /* the loader's failures carry their own message */
	struct fr_extract *x = fr_xcalloc(1, sizeof *x);
	x->ld = ld;
	x->ids = fr_idmap_new();
	x->pages = fr_intern_new();
	x->pending = fr_xcalloc(EXTRACT_AHEAD, sizeof *x->pending);
	x->upending = fr_xcalloc(EXTRACT_AHEAD, sizeof *x->upending);
	int rc = fr_loader_exec(ld, "sql/extract_schema.sql", NULL, 0);
	if (rc != FR_OK) {
		fr_extract_free(x);
		return rc; /* the loader has the message */
	}
	*out = x;
	return FR_OK;
}

void
fr_extract_free(struct fr_extract *x)
{
	if (x == NULL)
		return;
	fr_strv_free(x->attrs, x->nattrs);
	fr_idmap_free(x->ids);
	free(x->signup);
	free(x->codes);
	for (size_t a = 0; x->vals != NULL && a < x->nattrs; a++)
		fr_intern_free(x->vals[a]);
	free(x->vals);
	free(x->overflow);
	fr_strv_free(x->step_pages, x->nsteps);
	fr_strv_free(x->steps, x->nsteps);
	fr_pagematch_free(x->match);
	free(x->ambiguous);
	fr_intern_free(x->pages);
	free(x->page_events);
	free(x->page_step);
	fr_parts_free(x->parts);
	fr_batch_free(x->ubatch);
	fr_batch_free(x->fbatch);
	fr_batch_free(x->obatch);
	fr_buf_free(&x->last_id);
	free(x->pending);
	for (size_t i = 0; x->upending != NULL && i < EXTRACT_AHEAD; i++)
		fr_buf_free(&x->upending[i].text);
	free(x->upending);
	free(x->uvals);
	fr_strv_free(x->src_names, x->nsrc);
	fr_strv_free(x->src_kinds, x->nsrc);
	free(x->src_rows);
	free(x);
}

/* The step of a page seen for the first time (line: where, for the
 * message). A page that two steps match is bad input, but not a bad row:
 * FR_EDATA naming both, with the allowance of bad rows withdrawn, and kept
 * for fr_extract_finish. */
static int
extract_match(struct fr_extract *x, uint32_t p, int64_t line, char **err)
{
	size_t other, k = fr_pagematch_step(x->match, fr_intern_str(x->pages, p), &other);
	x->page_step[p] = other == 0 ? (uint32_t)k : 0;
	if (other == 0 || x->ambiguous != NULL)
		return other == 0 ? FR_OK : fr_fail(err, FR_EDATA, "%s", x->ambiguous);
	struct fr_buf m = FR_BUF_INIT;
	const char *page = fr_intern_str(x->pages, p);
	fr_buf_puts(&m, x->nsrc ? x->src_names[x->nsrc - 1] : "events");
	if (line > 0)
		fr_buf_printf(&m, ":%lld", (long long)line);
	fr_buf_puts(&m, ": page ");
	fr_csvin_quote(&m, page, strlen(page));
	fr_buf_puts(&m, " matches two steps, ");
	for (int i = 0; i < 2; i++) {
		size_t s = (i == 0 ? k : other) - 1;
		fr_buf_printf(&m, "%s%s", i ? " and " : "", x->steps[s]);
		if (x->step_pages != NULL && x->step_pages[s] != NULL)
			fr_buf_printf(&m, " (%s)", x->step_pages[s]);
	}
	fr_buf_puts(&m, "; a page may be at one step only");
	if (x->bad != NULL)
		x->bad->max = x->bad->skipped;
	x->ambiguous = fr_xstrdup(fr_buf_cstr(&m));
	fr_buf_free(&m);
	return fr_fail(err, FR_EDATA, "%s", x->ambiguous);
}

void
fr_extract_steps(struct fr_extract *x, char *const *steps, char *const *pages, size_t n)
{
	fr_strv_free(x->step_pages, x->nsteps);
	fr_strv_free(x->steps, x->nsteps);
	fr_pagematch_free(x->match);
	x->steps = fr_xcalloc(n + 1, sizeof *x->steps);
	x->step_pages = NULL;
	for (size_t i = 0; i < n; i++) {
		x->steps[i] = fr_xstrdup(steps[i]);
		if (pages != NULL && pages[i] != NULL) {
			if (x->step_pages == NULL)
				x->step_pages = fr_xcalloc(n + 1, sizeof *x->step_pages);
			x->step_pages[i] = fr_xstrdup(pages[i]);
		}
	}
	x->nsteps = n;
	x->match = fr_pagematch_new(x->steps, x->step_pages, n);
	/* pages seen so far take their steps now (an overlap fails the run at the end) */
	for (uint32_t p = 0; p < fr_intern_count(x->pages); p++) {
		char *err = NULL;
		extract_match(x, p, 0, &err);
		free(err);
	}
}

static void
extract_steps(void *ctx, char *const *steps, size_t n)
{
	fr_extract_steps(ctx, steps, NULL, n);
}

static int
extract_wants_steps(void *ctx)
{
	const struct fr_extract *x = ctx;
	return x->steps == NULL;
}

static void
extract_source(struct fr_extract *x, const char *name, const char *kind)
{
	x->src_names = fr_xreallocarray(x->src_names, x->nsrc + 1, sizeof *x->src_names);
	x->src_kinds = fr_xreallocarray(x->src_kinds, x->nsrc + 1, sizeof *x->src_kinds);
	x->src_rows = fr_xreallocarray(x->src_rows, x->nsrc + 1, sizeof *x->src_rows);
	x->src_names[x->nsrc] = fr_xstrdup(name);
	x->src_kinds[x->nsrc] = fr_xstrdup(kind);
	x->src_rows[x->nsrc] = 0;
	x->nsrc++;
}

/* The cap on a value's length, which every source shares: the message
 * names the source, its line (or row) and the column. Off the fast path. */
static int
extract_too_long(const struct fr_extract *x, int64_t line, const char *column, size_t len,
                 char **err)
{
	char *where = fr_xasprintf("%s:%lld", x->src_names[x->nsrc - 1], (long long)line);
	int rc = fr_text_check_value(where, column, len, err);
	free(where);
	return rc;
}

/* Sends a full batch on and starts a fresh one like it. */
static int
extract_flush(struct fr_extract *x, struct fr_batch **b, const char *tmpl, int ncols,
              const struct fr_subst *s, size_t n, int force, char **err)
{
	(void)err; /* the loader's failures carry their own message */
	if (*b == NULL || (!force && fr_batch_rows(*b) < EXTRACT_BATCH))
		return FR_OK;
	int rc = fr_loader_send(x->ld, *b);
	*b = force ? NULL : fr_batch_new(tmpl, ncols, s, n);
	return rc; /* the loader has the message */
}

static int
extract_poll(int64_t n, char **err)
{
	if (n % EXTRACT_POLL == 0 && fr_interrupt_pending())
		return fr_fail(err, FR_EINTR, "interrupted");
	return FR_OK;
}

static int
extract_users_begin(void *ctx, const char *source, const char *const *attrs, size_t nattrs,
                    char **err)
{
	struct fr_extract *x = ctx;
	if (x->users_declared)
		return fr_fail(err, FR_EIO, "internal: users declared twice");
	if (nattrs > FR_EXTRACT_MAX_ATTRS) {
		struct fr_buf max = FR_BUF_INIT;
		fr_buf_put_count(&max, FR_EXTRACT_MAX_ATTRS);
		int rc = fr_fail(err, FR_EDATA,
		                 "%s:1: %zu attribute columns, but at most %s fit the warehouse (a SQLite "
		                 "table holds at most 2,000 columns)",
		                 source, nattrs, fr_buf_cstr(&max));
		fr_buf_free(&max);
		return rc;
	}
	for (size_t i = 0; i < nattrs; i++) {
		size_t len = strlen(attrs[i]);
		if (len > FR_TEXT_MAX_VALUE) {
			struct fr_buf q = FR_BUF_INIT;
			int rc = fr_fail(err, FR_EDATA, "%s:1: column %s: a name of %zu bytes (names are at most "
			                                "%d bytes)",
			                 source, fr_csvin_quote(&q, attrs[i], len), len, FR_TEXT_MAX_VALUE);
			fr_buf_free(&q);
			return rc;
		}
	}
	x->users_declared = 1;
	x->attrs = fr_xcalloc(nattrs + 1, sizeof *x->attrs);
	x->vals = fr_xcalloc(nattrs + 1, sizeof *x->vals);
	x->overflow = fr_xcalloc(nattrs + 1, sizeof *x->overflow);
	for (size_t i = 0; i < nattrs; i++) {
		x->attrs[i] = fr_xstrdup(attrs[i]);
		x->vals[i] = fr_intern_new();
	}
	x->nattrs = nattrs;
	x->uvals = fr_xcalloc(nattrs + 1, sizeof *x->uvals);
	x->signup_attr = -1;
	for (size_t i = 0; i < nattrs && x->signup_attr < 0; i++)
		if (strcmp(attrs[i], "signup_date") == 0)
			x->signup_attr = (int)i;
	for (size_t i = 0; i < nattrs && x->signup_attr < 0; i++)
		if (strcmp(attrs[i], "date") == 0)
			x->signup_attr = (int)i;
	x->users_src = x->nsrc;
	extract_source(x, source, "users");

	/* the user dimension is loaded as the users are read */
	char *defs = fr_wh_list(",\n    a", 1, nattrs, " TEXT NOT NULL");
	struct fr_subst s = {"attr_defs", defs};
	int rc = fr_loader_exec(x->ld, "sql/model_users.sql", &s, 1);
	free(defs);
	struct fr_batch *b = fr_batch_new("sql/extract_attribute_insert.sql", 2, NULL, 0);
	for (size_t i = 0; i < nattrs; i++) {
		fr_batch_int(b, (int64_t)i + 1);
		fr_batch_text(b, attrs[i]);
	}
	if (rc == FR_OK)
		rc = fr_loader_send(x->ld, b);
	else
		fr_batch_free(b);
	x->ubatch = fr_batch_new("sql/model_user_insert.sql", (int)nattrs + 3, NULL, 0);
	return rc; /* the loader has the message */
}

static uint16_t
extract_intern_value(struct fr_extract *x, size_t a, const char *v)
{
	if (x->overflow[a]) {
		uint32_t c = fr_intern_get(x->vals[a], v, strlen(v));
		return c == FR_INTERN_NONE ? FR_EXTRACT_OVERFLOW : (uint16_t)c;
	}
	int added;
	uint32_t c = fr_intern_put(x->vals[a], v, strlen(v), &added);
	if (c >= FR_EXTRACT_MAX_VALUES - 1)
		x->overflow[a] = 1; /* too many to be a dimension: stop counting */
	return (uint16_t)c;
}

/* The signup time of a user row: its signup_date (or date) attribute as an
 * ISO 8601 date or time; FR_NO_TIME without one, or for a value that is not a
 * date, which stays an attribute value like any other and is only counted. */
static int64_t
extract_signup(struct fr_extract *x, const char *const *vals)
{
	if (x->signup_attr < 0)
		return FR_NO_TIME;
	const char *v = vals[x->signup_attr], *why;
	size_t len = strlen(v);
	int64_t t;
	if (len == 0)
		return FR_NO_TIME;
	if (fr_timestamp_parse(v, len, &t, &why) == 0)
		return t;
	x->n.signup_not_date++;
	return FR_NO_TIME;
}

/* Places one user row, its fields checked: the first of its id goes to
 * the index and to dim_user, a later one is counted. */
static int
extract_user_place(struct fr_extract *x, const char *user_id, size_t idlen,
                   const struct fr_idmap_probe *probe, const char *const *vals, char **err)
{
	x->n.users_read++;
	x->src_rows[x->users_src]++; /* the last rows are placed once the events' source has begun */
	int added;
	uint32_t key = fr_idmap_put_probe(x->ids, probe, user_id, idlen, &added);
	if (!added) {
		x->n.duplicate_users++;
		return extract_poll(x->n.users_read, err);
	}
	struct fr_batch *b = x->ubatch;
	int64_t signup_time = extract_signup(x, vals);
	{
		if (key >= x->cap) {
			x->cap = x->cap ? x->cap + x->cap / 2 : 4096;
			x->signup = fr_xreallocarray(x->signup, x->cap, sizeof *x->signup);
			x->codes = fr_xreallocarray(x->codes, x->cap * (x->nattrs ? x->nattrs : 1),
			                            sizeof *x->codes);
		}
		x->signup[key] = signup_time;
		for (size_t a = 0; a < x->nattrs; a++)
			x->codes[(size_t)key * x->nattrs + a] = extract_intern_value(x, a, vals[a]);
		/* user_key: the first row's 0, then NULL, which SQLite numbers
		 * max + 1 = key (keys are dense, in source order): an append, without
		 * the seek a given key costs each row */
		if (key == 0)
			fr_batch_int(b, key);
		else
			fr_batch_null(b);
	}
	fr_batch_text(b, user_id);
	if (signup_time == FR_NO_TIME)
		fr_batch_null(b);
	else
		fr_batch_int(b, signup_time);
	for (size_t a = 0; a < x->nattrs; a++)
		fr_batch_text(b, vals[a]);
	int rc = extract_flush(x, &x->ubatch, "sql/model_user_insert.sql", (int)x->nattrs + 3, NULL, 0, 0,
	                       err);
	if (rc == FR_OK)
		rc = extract_poll(x->n.users_read, err);
	return rc;
}

/* Places the oldest user row waiting. */
static int
extract_user_next(struct fr_extract *x, char **err)
{
	struct extract_upending *e = &x->upending[x->first_upending];
	const char *id = e->text.ptr, *p = id + e->idlen + 1;
	for (size_t a = 0; a < x->nattrs; a++) {
		x->uvals[a] = p;
		p += strlen(p) + 1;
	}
	int rc = extract_user_place(x, id, e->idlen, &e->probe, x->uvals, err);
	x->first_upending = (x->first_upending + 1) % EXTRACT_AHEAD;
	x->nupending--;
	return rc;
}

/* A user row waits in a ring, as an event at a step does (extract_pending),
 * while its id's slot is fetched: the index is then probed for the id
 * eight rows later, and the fetches overlap. Its fields are checked first
 * and copied in, one string after another. */
static int
extract_user(void *ctx, int64_t line, const char *user_id, const char *const *vals, char **err)
{
	struct fr_extract *x = ctx;
	if (!x->users_declared)
		return fr_fail(err, FR_EIO, "internal: user before the users' columns were declared");
	size_t idlen = strlen(user_id);
	if (idlen > FR_TEXT_MAX_VALUE)
		return extract_too_long(x, line, "user_id", idlen, err);
	for (size_t a = 0; a < x->nattrs; a++) {
		size_t len = strlen(vals[a]);
		if (len > FR_TEXT_MAX_VALUE)
			return extract_too_long(x, line, x->attrs[a], len, err);
	}
	if (x->nupending == EXTRACT_AHEAD) {
		int rc = extract_user_next(x, err);
		if (rc != FR_OK)
			return rc;
	}
	struct extract_upending *e = &x->upending[(x->first_upending + x->nupending) % EXTRACT_AHEAD];
	fr_buf_clear(&e->text);
	fr_buf_put(&e->text, user_id, idlen + 1);
	for (size_t a = 0; a < x->nattrs; a++)
		fr_buf_put(&e->text, vals[a], strlen(vals[a]) + 1);
	e->idlen = idlen;
	fr_idmap_probe(x->ids, e->text.ptr, idlen, &e->probe);
	x->nupending++;
	return FR_OK;
}

/* The users are all in: load the last of them, and partition the visits by user. */
static int
extract_users_done(struct fr_extract *x, char **err)
{
	int rc = FR_OK;
	while (rc == FR_OK && x->nupending > 0) /* the user rows still waiting */
		rc = extract_user_next(x, err);
	if (rc == FR_OK)
		rc = extract_flush(x, &x->ubatch, NULL, 0, NULL, 0, 1, err);
	if (rc == FR_OK)
		rc = fr_loader_exec(x->ld, "sql/model_facts.sql", NULL, 0);
	if (rc == FR_OK)
		rc = fr_parts_new(fr_idmap_count(x->ids), &x->parts, err);
	x->obatch = fr_batch_new("sql/extract_orphan_insert.sql", 5, NULL, 0);
	x->fbatch = fr_batch_new("sql/model_fact_insert.sql", 4, NULL, 0);
	x->day = INT64_MIN;
	return rc;
}

static int
extract_events_begin(void *ctx, const char *source, char **err)
{
	struct fr_extract *x = ctx;
	if (!x->users_declared)
		return fr_fail(err, FR_EIO, "internal: events before the users");
	extract_source(x, source, "events");
	return x->parts != NULL ? FR_OK : extract_users_done(x, err);
}

/* The page's key; a new page is matched against the steps once, here. */
static int
extract_page(struct fr_extract *x, const char *page, size_t len, int64_t line, uint32_t *out,
             char **err)
{
	int added;
	uint32_t p = fr_intern_put(x->pages, page, len, &added);
	*out = p;
	if (!added)
		return FR_OK;
	if (p >= x->page_cap) {
		x->page_cap = x->page_cap ? x->page_cap * 2 : 64;
		x->page_events = fr_xreallocarray(x->page_events, x->page_cap, sizeof *x->page_events);
		x->page_step = fr_xreallocarray(x->page_step, x->page_cap, sizeof *x->page_step);
	}
	x->page_events[p] = 0;
	x->page_step[p] = 0;
	return x->match != NULL ? extract_match(x, p, line, err) : FR_OK;
}

/* Places one event at a step: its user, then the visit (or the orphan). */
static int
extract_place(struct fr_extract *x, int64_t line, uint32_t src, const char *user_id, size_t idlen,
              const struct fr_idmap_probe *probe, uint32_t page, uint32_t step, int64_t event_time,
              char **err)
{
	uint32_t u;
	if (x->last_id.len == idlen && idlen > 0 && memcmp(x->last_id.ptr, user_id, idlen) == 0) {
		u = x->last_key;
	} else {
		u = probe != NULL ? fr_idmap_get_probe(x->ids, probe, user_id, idlen)
		                  : fr_idmap_get(x->ids, user_id, idlen);
		fr_buf_clear(&x->last_id);
		if (u != FR_IDMAP_NONE) {
			fr_buf_put(&x->last_id, user_id, idlen);
			x->last_key = u;
		}
	}
	if (u == FR_IDMAP_NONE) {
		x->n.unknown_user_events++;
		if (x->n.unknown_user_events > EXTRACT_MAX_ORPHANS)
			return FR_OK;
		struct fr_batch *b = x->obatch;
		fr_batch_int(b, (int64_t)src);
		fr_batch_int(b, line);
		fr_batch_text(b, user_id);
		fr_batch_text(b, fr_intern_str(x->pages, page));
		if (event_time == FR_NO_TIME)
			fr_batch_null(b);
		else
			fr_batch_int(b, event_time);
		return extract_flush(x, &x->obatch, "sql/extract_orphan_insert.sql", 5, NULL, 0, 0, err);
	}
	int64_t signup = x->signup[u];
	/* An event without a time takes the signup time; with neither, 0: only
	 * the order of the steps decides. */
	int64_t t = event_time != FR_NO_TIME ? event_time : signup != FR_NO_TIME ? signup : 0;
	/* The visit goes to the warehouse at once, and to the user's partition
	 * for the per-user pass, which will delete it again if it is a repeat. */
	struct fr_visit v = {t, ++x->visit_key, u, step};
	x->n.staged_visits++;
	int64_t day = fr_timestamp_day(t);
	if (day != x->day) {
		x->day = day;
		x->date_key = fr_timestamp_date_key(t);
	}
	struct fr_batch *f = x->fbatch;
	fr_batch_int(f, u);
	fr_batch_int(f, step);
	fr_batch_int(f, t);
	fr_batch_int(f, x->date_key);
	int rc = extract_flush(x, &x->fbatch, "sql/model_fact_insert.sql", 4, NULL, 0, 0, err);
	return rc == FR_OK ? fr_parts_add(x->parts, &v, err) : rc;
}

/* Places the oldest event waiting. */
static int
extract_next(struct fr_extract *x, char **err)
{
	const struct extract_pending *e = &x->pending[x->first_pending];
	int rc = extract_place(x, e->line, e->src, e->id, e->idlen, &e->probe, e->page, e->step, e->t, err);
	x->first_pending = (x->first_pending + 1) % EXTRACT_AHEAD;
	x->npending--;
	return rc;
}

/* Places the events waiting, oldest first. */
static int
extract_drain(struct fr_extract *x, char **err)
{
	int rc = FR_OK;
	while (rc == FR_OK && x->npending > 0)
		rc = extract_next(x, err);
	return rc;
}

static int
extract_event(void *ctx, int64_t line, const char *user_id, const char *page, int64_t event_time,
              char **err)
{
	struct fr_extract *x = ctx;
	if (x->parts == NULL)
		return fr_fail(err, FR_EIO, "internal: an event before its source was declared");
	size_t idlen = strlen(user_id), pagelen = strlen(page);
	if (idlen > FR_TEXT_MAX_VALUE || pagelen > FR_TEXT_MAX_VALUE)
		return extract_too_long(x, line, idlen > FR_TEXT_MAX_VALUE ? "user_id" : "page",
		                        idlen > FR_TEXT_MAX_VALUE ? idlen : pagelen, err);
	x->n.events_read++;
	x->src_rows[x->nsrc - 1]++;
	int rc = extract_poll(x->n.events_read, err);
	if (rc != FR_OK)
		return rc;
	uint32_t p;
	rc = extract_page(x, page, pagelen, line, &p, err);
	x->page_events[p]++;
	if (rc != FR_OK)
		return rc;
	uint32_t step = x->page_step[p];
	if (step == 0) {
		x->n.unknown_page_events++;
		return FR_OK;
	}
	if (idlen > EXTRACT_AHEAD_ID) { /* rare: no copy, placed at once, in its turn */
		rc = extract_drain(x, err);
		return rc == FR_OK ? extract_place(x, line, (uint32_t)x->nsrc, user_id, idlen, NULL, p, step,
		                                   event_time, err)
		                   : rc;
	}
	if (x->npending == EXTRACT_AHEAD && (rc = extract_next(x, err)) != FR_OK)
		return rc;
	struct extract_pending *e = &x->pending[(x->first_pending + x->npending) % EXTRACT_AHEAD];
	*e = (struct extract_pending){line, event_time, p, step, (uint32_t)x->nsrc, idlen, {0}, {0}};
	memcpy(e->id, user_id, idlen);
	e->id[idlen] = '\0';
	fr_idmap_probe(x->ids, e->id, idlen, &e->probe);
	x->npending++;
	return FR_OK;
}

void
fr_extract_bad_rows(struct fr_extract *x, struct fr_badrows *bad)
{
	x->bad = bad;
}

void
fr_extract_rows(struct fr_extract *x, struct fr_rows *out)
{
	*out = (struct fr_rows){extract_users_begin, extract_user, extract_events_begin, extract_event,
	                        extract_wants_steps, extract_steps, x};
}

int
fr_extract_finish(struct fr_extract *x, char **err)
{
	if (!x->users_declared)
		return fr_fail(err, FR_EIO, "internal: no users source was declared");
	if (x->ambiguous != NULL)
		return fr_fail(err, FR_EDATA, "%s", x->ambiguous);
	int rc = extract_drain(x, err);
	if (rc == FR_OK && x->parts == NULL) /* no events at all */
		rc = extract_users_done(x, err);
	if (rc == FR_OK)
		rc = extract_flush(x, &x->ubatch, NULL, 0, NULL, 0, 1, err);
	if (rc == FR_OK)
		rc = extract_flush(x, &x->obatch, NULL, 0, NULL, 0, 1, err);
	if (rc == FR_OK)
		rc = extract_flush(x, &x->fbatch, NULL, 0, NULL, 0, 1, err);
	if (rc == FR_OK)
		rc = fr_parts_finish(x->parts, err);
	struct fr_batch *b = fr_batch_new("sql/extract_page_insert.sql", 4, NULL, 0);
	for (uint32_t p = 0; p < fr_intern_count(x->pages); p++) {
		fr_batch_int(b, p);
		fr_batch_text(b, fr_intern_str(x->pages, p));
		if (x->page_step[p])
			fr_batch_int(b, x->page_step[p]);
		else
			fr_batch_null(b);
		fr_batch_int(b, x->page_events[p]);
	}
	struct fr_batch *s = fr_batch_new("sql/extract_source_insert.sql", 4, NULL, 0);
	for (size_t i = 0; i < x->nsrc; i++) {
		fr_batch_int(s, (int64_t)i + 1);
		fr_batch_text(s, x->src_names[i]);
		fr_batch_text(s, x->src_kinds[i]);
		fr_batch_int(s, x->src_rows[i]);
	}
	if (rc == FR_OK)
		rc = fr_loader_send(x->ld, b);
	else
		fr_batch_free(b);
	if (rc == FR_OK)
		rc = fr_loader_send(x->ld, s);
	else
		fr_batch_free(s);
	return rc;
}

void
fr_extract_counts(const struct fr_extract *x, struct fr_extract_counts *c)
{
	*c = x->n;
}

size_t
fr_extract_users(const struct fr_extract *x)
{
	return fr_idmap_count(x->ids);
}

size_t
fr_extract_attrs(const struct fr_extract *x, char *const **names)
{
	*names = x->attrs;
	return x->nattrs;
}

int64_t
fr_extract_nvalues(const struct fr_extract *x, size_t a)
{
	return x->overflow[a] ? -1 : (int64_t)fr_intern_count(x->vals[a]);
}

int64_t
fr_extract_signup(const struct fr_extract *x, uint32_t u)
{
	return x->signup[u];
}

uint16_t
fr_extract_code(const struct fr_extract *x, uint32_t u, size_t a)
{
	return x->codes[(size_t)u * x->nattrs + a];
}

const char *
fr_extract_value(const struct fr_extract *x, size_t a, uint16_t code)
{
	const char *s = fr_intern_str(x->vals[a], code);
	return s != NULL ? s : "";
}

size_t
fr_extract_steps_of(const struct fr_extract *x, char *const **steps, char *const **pages)
{
	*steps = x->steps;
	if (pages != NULL)
		*pages = x->step_pages;
	return x->nsteps;
}

size_t
fr_extract_pages(const struct fr_extract *x, const struct fr_intern **pages, const int64_t **events)
{
	*pages = x->pages;
	*events = x->page_events;
	return fr_intern_count(x->pages);
}

uint32_t
fr_extract_page_step(const struct fr_extract *x, uint32_t p)
{
	return x->page_step[p];
}

struct fr_parts *
fr_extract_parts(struct fr_extract *x)
{
	return x->parts;
}

size_t
fr_extract_sources(const struct fr_extract *x, const char *const **names, const char *const **kinds,
                   const int64_t **rows)
{
	*names = (const char *const *)x->src_names;
	*kinds = (const char *const *)x->src_kinds;
	*rows = x->src_rows;
	return x->nsrc;
}
