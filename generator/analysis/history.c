/* history.c: the runs of a report, read from the report it replaces and
 * carried on with this run's row. */
#include "analysis/history.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/pct.h"
#include "base/stats.h"
#include "base/timestamp.h"
#include "base/util.h"
#include "source/csvin.h"

/* Steps of a history at most: as many as a funnel.csv may have (compare.c). */
#define HISTORY_MAX_STEPS 1000
/* The fixed columns before the steps'. */
enum { H_RUN, H_DATE, H_ENTERED, H_CONVERTED, H_CONV_PCT, H_NHELD, H_HELD, H_FIXED };

struct history_row {
	int64_t run;
	char date[11];
	int64_t *users; /* [nsteps] */
	int64_t nheld;
	char *held;
};

struct fr_history_prev {
	bool found;            /* there was a history.csv */
	char *why;             /* it could not be read: why (and no rows) */
	char **steps;          /* from its header */
	size_t nsteps;
	struct history_row *rows; /* the last keep rows read, oldest first once read */
	size_t nrows, keep, head;  /* a ring of keep rows while reading; head: the oldest */
	int64_t last_run;      /* the last row's run, kept or not */
};

struct history_read {
	struct fr_history_prev *p;
	const char *path;
	size_t ncols;
	bool header_done;
};

static void
history_row_free(struct history_row *row)
{
	free(row->users);
	free(row->held);
	memset(row, 0, sizeof *row);
}

void
fr_history_prev_free(struct fr_history_prev *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nrows; i++)
		history_row_free(&p->rows[i]);
	free(p->rows);
	fr_strv_free(p->steps, p->nsteps);
	free(p->why);
	free(p);
}

/* A header cell as written: --csv-safe put a ' before a name that starts
 * with = + - @, a tab, a CR or ' (csvw.c); this takes it off again. */
static const char *
history_name(const struct fr_csvin_field *f)
{
	if (f->s[0] == '\'' && f->s[1] != '\0' && strchr("=+-@\t\r'", f->s[1]) != NULL)
		return f->s + 1;
	return f->s;
}

/* Whether s ends with suffix; *len is the length before it. */
static bool
history_suffix(const char *s, const char *suffix, size_t *len)
{
	size_t n = strlen(s), m = strlen(suffix);
	if (n <= m || strcmp(s + n - m, suffix) != 0)
		return false;
	*len = n - m;
	return true;
}

static int
history_header(struct history_read *c, const struct fr_csvin_field *f, size_t n, char **err)
{
	struct fr_history_prev *p = c->p;
	static const char *const fixed[H_FIXED] = {"run",           "date",        "entered",
	                                           "converted",     "conversion_pct", "checks_held",
	                                           "held_checks"};
	c->header_done = true;
	c->ncols = n;
	for (size_t i = 0; i < H_FIXED; i++)
		if (i >= n || strcmp(f[i].s, fixed[i]) != 0)
			return fr_fail(err, FR_EDATA, "%s:1: column %zu is not %s (is it a history.csv of "
			                              "funnel-report?)",
			               c->path, i + 1, fixed[i]);
	if ((n - H_FIXED) % 2 != 0 || n == H_FIXED || (n - H_FIXED) / 2 > HISTORY_MAX_STEPS)
		return fr_fail(err, FR_EDATA, "%s:1: expected two columns per step after %s", c->path,
		               FR_HISTORY_COLUMNS);
	for (size_t i = H_FIXED; i < n; i += 2) {
		const char *a = history_name(&f[i]), *b = history_name(&f[i + 1]);
		size_t la, lb;
		if (!history_suffix(a, "_users", &la) || !history_suffix(b, "_from_prev_pct", &lb) ||
		    la != lb || memcmp(a, b, la) != 0)
			return fr_fail(err, FR_EDATA, "%s:1: columns %zu and %zu are not STEP_users and "
			                              "STEP_from_prev_pct",
			               c->path, i + 1, i + 2);
		p->steps = fr_xreallocarray(p->steps, p->nsteps + 1, sizeof *p->steps);
		p->steps[p->nsteps++] = fr_xstrndup(a, la);
	}
	return FR_OK;
}

static int
history_cell_fail(const struct history_read *c, int64_t line, size_t col,
                  const struct fr_csvin_field *f, const char *what, char **err)
{
	struct fr_buf q = FR_BUF_INIT;
	int rc = fr_fail(err, FR_EDATA, "%s:%lld: column %zu: %s %s", c->path, (long long)line,
	                 col + 1, fr_csvin_quote(&q, f->s, f->len), what);
	fr_buf_free(&q);
	return rc;
}

/* A percentage cell: empty, or digits with at most one point. */
static bool
history_pct_ok(const char *s)
{
	int dots = 0, digits = 0;
	for (; *s != '\0'; s++) {
		if (*s == '.')
			dots++;
		else if (*s >= '0' && *s <= '9')
			digits++;
		else
			return false;
	}
	return dots <= 1 && (digits > 0 || dots == 0);
}

static int
history_data(struct history_read *c, int64_t line, const struct fr_csvin_field *f, size_t n,
             char **err)
{
	struct fr_history_prev *p = c->p;
	if (n != c->ncols)
		return fr_fail(err, FR_EDATA, "%s:%lld: %zu fields, but the header has %zu", c->path,
		               (long long)line, n, c->ncols);
	struct history_row row = {0};
	int64_t entered, converted;
	if (fr_parse_i64(f[H_RUN].s, 1, INT64_MAX, &row.run) != 0)
		return history_cell_fail(c, line, H_RUN, &f[H_RUN], "is not a run number", err);
	if (row.run <= p->last_run)
		return history_cell_fail(c, line, H_RUN, &f[H_RUN], "does not follow the run before", err);
	int64_t t;
	const char *why;
	if (f[H_DATE].len != 0 &&
	    (f[H_DATE].len != 10 || fr_timestamp_parse(f[H_DATE].s, 10, &t, &why) != 0))
		return history_cell_fail(c, line, H_DATE, &f[H_DATE], "is not a date (YYYY-MM-DD)", err);
	memcpy(row.date, f[H_DATE].s, f[H_DATE].len);
	if (fr_parse_i64(f[H_ENTERED].s, 0, INT64_MAX, &entered) != 0)
		return history_cell_fail(c, line, H_ENTERED, &f[H_ENTERED], "is not a count", err);
	if (fr_parse_i64(f[H_CONVERTED].s, 0, INT64_MAX, &converted) != 0)
		return history_cell_fail(c, line, H_CONVERTED, &f[H_CONVERTED], "is not a count", err);
	if (!history_pct_ok(f[H_CONV_PCT].s))
		return history_cell_fail(c, line, H_CONV_PCT, &f[H_CONV_PCT], "is not a percentage", err);
	if (fr_parse_i64(f[H_NHELD].s, 0, INT64_MAX, &row.nheld) != 0)
		return history_cell_fail(c, line, H_NHELD, &f[H_NHELD], "is not a count", err);
	size_t items = f[H_HELD].len > 0;
	for (const char *s = f[H_HELD].s; *s != '\0'; s++)
		items += *s == ';';
	if ((int64_t)items != row.nheld)
		return history_cell_fail(c, line, H_HELD, &f[H_HELD], "does not list checks_held checks",
		                         err);
	row.users = fr_xcalloc(p->nsteps + 1, sizeof *row.users);
	int rc = FR_OK;
	for (size_t k = 0; rc == FR_OK && k < p->nsteps; k++) {
		size_t cu = H_FIXED + 2 * k, cp = cu + 1;
		if (fr_parse_i64(f[cu].s, 0, k == 0 ? INT64_MAX : row.users[k - 1], &row.users[k]) != 0)
			rc = history_cell_fail(c, line, cu, &f[cu],
			                       k == 0 ? "is not a count" : "is not a count up to the step before",
			                       err);
		else if (!history_pct_ok(f[cp].s))
			rc = history_cell_fail(c, line, cp, &f[cp], "is not a percentage", err);
	}
	if (rc == FR_OK && (row.users[0] != entered || row.users[p->nsteps - 1] != converted))
		rc = fr_fail(err, FR_EDATA, "%s:%lld: entered and converted differ from the first and the "
		                            "last step's users",
		             c->path, (long long)line);
	if (rc != FR_OK) {
		history_row_free(&row);
		return rc;
	}
	row.held = fr_xstrdup(f[H_HELD].s);
	p->last_run = row.run;
	if (p->keep == 0) {
		history_row_free(&row);
		return FR_OK;
	}
	/* a ring of the last keep rows, so a long file takes no more memory */
	if (p->nrows < p->keep) {
		p->rows[p->nrows++] = row;
	} else {
		history_row_free(&p->rows[p->head]);
		p->rows[p->head] = row;
		p->head = (p->head + 1) % p->keep;
	}
	return FR_OK;
}

static int
history_row(void *ctx, int64_t line, const struct fr_csvin_field *f, size_t n, char **err)
{
	struct history_read *c = ctx;
	if (!c->header_done)
		return history_header(c, f, n, err);
	return history_data(c, line, f, n, err);
}

/* Drops what was read, keeping why. */
static void
history_forget(struct fr_history_prev *p, char *why)
{
	for (size_t i = 0; i < p->nrows; i++)
		history_row_free(&p->rows[i]);
	p->nrows = p->head = 0;
	p->last_run = 0;
	fr_strv_free(p->steps, p->nsteps);
	p->steps = NULL;
	p->nsteps = 0;
	p->why = why;
}

struct fr_history_prev *
fr_history_load(const char *out_dir, size_t limit)
{
	struct fr_history_prev *p = fr_xcalloc(1, sizeof *p);
	p->keep = limit > 0 ? limit - 1 : 0;
	char *path = fr_xasprintf("%s/data/history.csv", out_dir);
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT) {
		free(path);
		return p; /* no history yet */
	}
	p->found = true;
	p->rows = fr_xcalloc(p->keep + 1, sizeof *p->rows);
	struct history_read c = {p, "data/history.csv", 0, false};
	char *err = NULL;
	int rc = fr_csvin_read(path, c.path, history_row, &c, &err);
	if (rc == FR_OK && !c.header_done)
		rc = fr_fail(&err, FR_EDATA, "%s: empty", c.path);
	if (rc != FR_OK) {
		history_forget(p, err != NULL ? err : fr_xstrdup("data/history.csv: cannot be read"));
		err = NULL;
	}
	free(err);
	/* the ring, oldest first */
	if (p->head > 0) {
		struct history_row *ordered = fr_xcalloc(p->keep + 1, sizeof *ordered);
		for (size_t i = 0; i < p->nrows; i++)
			ordered[i] = p->rows[(p->head + i) % p->nrows];
		free(p->rows);
		p->rows = ordered;
		p->head = 0;
	}
	free(path);
	return p;
}

/* ---- the analysis's history --------------------------------------------- */

static void
history_rates(struct fr_history_run *run, size_t nsteps)
{
	run->prev = fr_xcalloc(nsteps + 1, sizeof *run->prev);
	for (size_t k = 0; k < nsteps; k++) {
		struct fr_rate *rt = &run->prev[k];
		rt->pct = rt->lo = rt->hi = -1;
		if (k > 0) {
			rt->pct = fr_pct(run->users[k], run->users[k - 1]);
			fr_stats_wilson(run->users[k], run->users[k - 1], &rt->lo, &rt->hi);
		}
	}
	struct fr_rate *cv = &run->conversion;
	cv->pct = cv->lo = cv->hi = -1;
	if (nsteps > 0) {
		cv->pct = fr_pct(run->users[nsteps - 1], run->users[0]);
		fr_stats_wilson(run->users[nsteps - 1], run->users[0], &cv->lo, &cv->hi);
	}
}

/* Whether p's steps are r's. */
static bool
history_same_steps(const struct fr_history_prev *p, const struct fr_cube *c)
{
	if (p->nsteps != c->nsteps)
		return false;
	for (size_t k = 0; k < c->nsteps; k++)
		if (strcmp(p->steps[k], c->steps[k]) != 0)
			return false;
	return true;
}

static char *
history_steps_text(char *const *steps, size_t n)
{
	struct fr_buf b = FR_BUF_INIT;
	for (size_t k = 0; k < n; k++)
		fr_buf_printf(&b, "%s%s", k ? "," : "", steps[k]);
	return fr_buf_detach(&b);
}

void
fr_history_build(const struct fr_history_prev *p, size_t limit, struct fr_result *r)
{
	const struct fr_cube *c = &r->cube;
	struct fr_history *h = fr_xcalloc(1, sizeof *h);
	h->limit = limit > 0 ? limit : 1;
	h->change_pp = h->change_lo_pp = h->change_hi_pp = NAN;
	bool carry = false;
	if (p == NULL || !p->found) {
		h->is_new = true;
	} else if (p->why != NULL) {
		h->restarted = fr_xstrdup(p->why);
	} else if (!history_same_steps(p, c)) {
		char *a = history_steps_text(p->steps, p->nsteps), *b = history_steps_text(c->steps, c->nsteps);
		h->restarted = fr_xasprintf("data/history.csv counts another funnel (steps %s; this run's "
		                            "are %s)",
		                            a, b);
		free(a);
		free(b);
	} else {
		carry = true;
	}
	size_t nprev = carry ? p->nrows : 0;
	if (nprev + 1 > h->limit)
		nprev = h->limit - 1;
	size_t skip = carry ? p->nrows - nprev : 0;
	h->runs = fr_xcalloc(nprev + 1, sizeof *h->runs);
	for (size_t i = 0; i < nprev; i++) {
		const struct history_row *row = &p->rows[skip + i];
		struct fr_history_run *run = &h->runs[h->nruns++];
		run->run = row->run;
		memcpy(run->date, row->date, sizeof run->date);
		run->users = fr_xcalloc(c->nsteps + 1, sizeof *run->users);
		memcpy(run->users, row->users, c->nsteps * sizeof *run->users);
		run->nheld = (size_t)row->nheld;
		run->held = fr_xstrdup(row->held);
		history_rates(run, c->nsteps);
	}

	/* this run */
	struct fr_history_run *now = &h->runs[h->nruns++];
	now->run = carry ? p->last_run + 1 : 1;
	const char *day = r->settings.generated_at != NULL ? r->settings.generated_at : c->last_event;
	if (day != NULL && strlen(day) >= 10)
		memcpy(now->date, day, 10);
	now->users = fr_xcalloc(c->nsteps + 1, sizeof *now->users);
	for (size_t k = 0; k < c->nsteps && r->analysis.nfunnel > 0; k++)
		now->users[k] = fr_result_users(r, k);
	struct fr_buf held = FR_BUF_INIT;
	for (size_t i = 0; i < r->analysis.nchecks; i++) {
		if (!r->analysis.checks[i].held)
			continue;
		fr_buf_printf(&held, "%s%s", now->nheld ? ";" : "", r->analysis.checks[i].expr);
		now->nheld++;
	}
	now->held = fr_buf_detach(&held);
	if (now->held == NULL)
		now->held = fr_xstrdup("");
	history_rates(now, c->nsteps);

	/* against the previous row */
	if (h->nruns >= 2 && c->nsteps > 0) {
		const int64_t *u0 = h->runs[h->nruns - 2].users, *u1 = now->users;
		size_t last = c->nsteps - 1;
		if (u0[0] > 0 && u1[0] > 0) {
			double lo, hi;
			fr_stats_diff_ci(u1[last], u1[0], u0[last], u0[0], &lo, &hi);
			h->change_pp = 100 * ((double)u1[last] / (double)u1[0] - (double)u0[last] / (double)u0[0]);
			h->change_lo_pp = 100 * lo;
			h->change_hi_pp = 100 * hi;
		}
	}
	fr_history_free(r->analysis.history);
	r->analysis.history = h;
}
