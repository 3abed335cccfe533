/* demo.c: a synthetic shop shaped like the Kaggle funnel data set, extended
 * to six steps, six acquisition channels and repeat visits with times.
 *
 * Every user draws from a generator seeded by (seed, user number) alone, so
 * users do not depend on each other. Probabilities are integers in parts
 * per million so the data is the same on every platform.
 */
#define _POSIX_C_SOURCE 200809L /* lstat */
#include "source/demo.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csvw.h"
#include "base/interrupt.h"
#include "base/files.h"
#include "base/timestamp.h"

const char *const fr_demo_steps[FR_DEMO_NSTEPS] = {
    "home", "search", "product", "cart", "payment", "confirmation",
};

enum { HOME, SEARCH, PRODUCT, CART, PAYMENT, CONFIRM };

#define PPM 1000000
#define DAY 86400

/* The data period: four months of 2025, as the Kaggle set had four. */
#define DEMO_DAYS 120

static const char *const demo_sex[] = {"Female", "Male"};
static const char *const demo_device[] = {"Desktop", "Mobile"};
static const char *const demo_channel[] = {
    "Organic search", "Paid search", "Social", "Email", "Referral", "Direct",
};
/* Share of new users per channel, per mille. */
static const int demo_channel_share[] = {300, 200, 150, 120, 100, 130};

/* Chance (ppm) to go on from step k-1 to step k, for k = 1..5. */
static const int demo_base[FR_DEMO_NSTEPS] = {PPM, 500000, 620000, 400000, 520000, 720000};

/* Multipliers per mille, per step k = 1..5; index 0 unused. */
static const int demo_by_device[2][FR_DEMO_NSTEPS] = {
    {0, 1000, 980, 950, 850, 1000},   /* Desktop */
    {0, 1000, 1050, 1100, 1300, 1000}, /* Mobile converts better at payment */
};
static const int demo_by_sex[2][FR_DEMO_NSTEPS] = {
    {0, 1010, 1030, 1040, 1030, 1040}, /* Female */
    {0, 990, 970, 960, 970, 960},
};
static const int demo_by_channel[6][FR_DEMO_NSTEPS] = {
    {0, 1000, 1000, 1000, 1000, 1000}, /* Organic search */
    {0, 1150, 1050, 1000, 950, 1000},  /* Paid search */
    {0, 800, 900, 850, 900, 930},      /* Social */
    {0, 1100, 1100, 1250, 1150, 1060}, /* Email */
    {0, 1050, 1000, 1100, 1050, 1000}, /* Referral */
    {0, 1050, 1000, 1000, 1100, 1080}, /* Direct */
};
/* By month of entry: search dropped in March and April, as in the Kaggle set. */
static const int demo_by_month[4][FR_DEMO_NSTEPS] = {
    {0, 1000, 1000, 1000, 1000, 1000},
    {0, 1000, 1020, 1000, 1050, 1000},
    {0, 600, 1000, 980, 950, 990},
    {0, 600, 990, 960, 900, 970},
};

struct demo_rng {
	uint64_t s[4];
};

static uint64_t
demo_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
demo_seed(struct demo_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
	for (int i = 0; i < 4; i++)
		r->s[i] = demo_splitmix(&x);
}

static uint64_t
demo_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t
demo_next(struct demo_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = demo_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = demo_rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n). */
static int64_t
demo_below(struct demo_rng *r, int64_t n)
{
	return (int64_t)(demo_next(r) % (uint64_t)n);
}

/* Uniform in [lo, hi]. */
static int64_t
demo_range(struct demo_rng *r, int64_t lo, int64_t hi)
{
	return lo + demo_below(r, hi - lo + 1);
}

static int
demo_chance(struct demo_rng *r, int64_t ppm)
{
	return demo_below(r, PPM) < ppm;
}

/* A user's id: a bijection of the user number, so ids look like an OLTP's. */
static void
demo_user_id(int64_t i, char *buf, size_t n)
{
	uint64_t id = ((uint64_t)i * 2654435761ULL) % 4294967291ULL;
	snprintf(buf, n, "%" PRIu64, id);
}

struct demo_user {
	int sex, device, channel, month;
	int64_t entry; /* time of the first home visit */
	int level;     /* steps reached, 1..6 */
};

static int
demo_pick_channel(struct demo_rng *r)
{
	int64_t x = demo_below(r, 1000);
	for (int c = 0; c < 6; c++) {
		if (x < demo_channel_share[c])
			return c;
		x -= demo_channel_share[c];
	}
	return 5;
}

static void
demo_draw_user(struct demo_rng *r, int64_t period_start, struct demo_user *u)
{
	int64_t day = demo_below(r, DEMO_DAYS);
	u->entry = period_start + day * DAY + demo_range(r, 6 * 3600, 23 * 3600 + 59 * 60);
	int64_t y;
	unsigned m, d;
	fr_civil_from_days(fr_timestamp_day(u->entry), &y, &m, &d);
	u->month = (int)m - 1;
	u->sex = (int)demo_below(r, 2);
	/* Two thirds on desktop, like the Kaggle set's 60,200 of 90,400. */
	u->device = demo_below(r, 1000) < 666 ? 0 : 1;
	u->channel = demo_pick_channel(r);
	u->level = 1;
	for (int k = 1; k < FR_DEMO_NSTEPS; k++) {
		int64_t p = demo_base[k];
		p = p * demo_by_device[u->device][k] / 1000;
		p = p * demo_by_sex[u->sex][k] / 1000;
		p = p * demo_by_channel[u->channel][k] / 1000;
		p = p * demo_by_month[u->month][k] / 1000;
		/* Men from social media abandon payment more often. */
		if (k == CONFIRM && u->sex == 1 && u->channel == 2)
			p = p * 850 / 1000;
		if (p > 980000)
			p = 980000;
		if (!demo_chance(r, p))
			break;
		u->level++;
	}
}

struct demo_out {
	const struct fr_rows *sink;
	int64_t line;
	int64_t period_end; /* events after the period are not in the extract */
	char **err;
};

/* Emits one event (now and then twice, as double-firing trackers do). */
static int
demo_event(struct demo_out *o, struct demo_rng *r, const char *id, const char *page, int64_t t)
{
	if (t >= o->period_end)
		return FR_OK;
	int rc = o->sink->event(o->sink->ctx, ++o->line, id, page, t, o->err);
	if (rc == FR_OK && demo_chance(r, 3000))
		rc = o->sink->event(o->sink->ctx, ++o->line, id, page, t, o->err);
	return rc;
}

/* One session from step from down to step last, from time *t on. */
static int
demo_session(struct demo_out *o, struct demo_rng *r, const char *id, int from, int last, int64_t *t)
{
	int rc = FR_OK;
	for (int k = from; rc == FR_OK && k <= last; k++) {
		/* Shoppers search and look at products more than once. */
		int repeat = k == PRODUCT ? (int)demo_range(r, 1, 3) : k == SEARCH ? (int)demo_range(r, 1, 2) : 1;
		for (int i = 0; rc == FR_OK && i < repeat; i++) {
			rc = demo_event(o, r, id, fr_demo_steps[k], *t);
			*t += demo_range(r, 15, 420);
		}
	}
	return rc;
}

static int
demo_user_events(struct demo_out *o, struct demo_rng *r, const char *id, const struct demo_user *u)
{
	int64_t t = u->entry;
	int rc;
	/* Some users stop part-way and come back hours or days later to
	 * finish: half from the home page, half straight back where they left
	 * (a saved cart, a reminder e-mail), which --window can cut off. */
	if (u->level >= 2 && demo_chance(r, 300000)) {
		int first = (int)demo_range(r, 1, u->level - 1);
		rc = demo_session(o, r, id, HOME, first - 1, &t);
		t += demo_range(r, 3600, 14 * DAY);
		if (rc == FR_OK)
			rc = demo_session(o, r, id, demo_chance(r, 500000) ? HOME : first, u->level - 1, &t);
	} else if (u->level == 2 && demo_chance(r, 20000)) {
		/* A product page seen before searching: out of order, so the
		 * any-order funnel counts it and the ordered one does not. */
		rc = demo_event(o, r, id, fr_demo_steps[HOME], t);
		t += demo_range(r, 30, 300);
		if (rc == FR_OK)
			rc = demo_event(o, r, id, fr_demo_steps[PRODUCT], t);
		t += demo_range(r, 30, 300);
		if (rc == FR_OK)
			rc = demo_event(o, r, id, fr_demo_steps[SEARCH], t);
	} else {
		rc = demo_session(o, r, id, HOME, u->level - 1, &t);
	}
	/* Repeat visitors come back to browse. */
	if (rc == FR_OK && demo_chance(r, 250000)) {
		int visits = (int)demo_range(r, 1, 2);
		for (int i = 0; rc == FR_OK && i < visits; i++) {
			t += demo_range(r, DAY, 30 * DAY);
			rc = demo_session(o, r, id, HOME, (int)demo_range(r, HOME, SEARCH), &t);
		}
	}
	/* Pages outside the funnel. */
	if (rc == FR_OK && demo_chance(r, 30000))
		rc = demo_event(o, r, id, demo_chance(r, 500000) ? "account" : "help",
		                u->entry + demo_range(r, 60, 3 * DAY));
	return rc;
}

int
fr_demo_generate(int64_t users, uint64_t seed, const struct fr_rows *sink, char **err)
{
	static const char *const attrs[] = {"signup_date", "sex", "channel", "device"};
	int64_t period_start = fr_days_from_civil(2025, 1, 1) * DAY;
	struct demo_out o = {sink, 0, period_start + DEMO_DAYS * DAY, err};
	int rc = sink->users_begin(sink->ctx, "demo:users", attrs, 4, err);
	for (int64_t i = 1; rc == FR_OK && i <= users; i++) {
		struct demo_rng r;
		struct demo_user u;
		char id[24], date[FR_TIMESTAMP_BUFSZ];
		demo_seed(&r, seed, (uint64_t)i);
		demo_draw_user(&r, period_start, &u);
		demo_user_id(i, id, sizeof id);
		fr_timestamp_date(u.entry, date);
		const char *vals[] = {date, demo_sex[u.sex], demo_channel[u.channel], demo_device[u.device]};
		/* signed up on the day of the first visit */
		rc = sink->user(sink->ctx, i + 1, id, vals, err);
	}
	if (rc == FR_OK)
		rc = sink->events_begin(sink->ctx, "demo:events", err);
	for (int64_t i = 1; rc == FR_OK && i <= users; i++) {
		struct demo_rng r;
		struct demo_user u;
		char id[24];
		demo_seed(&r, seed, (uint64_t)i);
		demo_draw_user(&r, period_start, &u);
		demo_user_id(i, id, sizeof id);
		rc = demo_user_events(&o, &r, id, &u);
	}
	/* Events of accounts deleted before the extract: unknown users. */
	for (int64_t i = 1; rc == FR_OK && i <= users / 500; i++) {
		struct demo_rng r;
		char id[32];
		demo_seed(&r, seed ^ 0x5eed, (uint64_t)i);
		snprintf(id, sizeof id, "deleted-%" PRId64, i);
		rc = demo_event(&o, &r, id, fr_demo_steps[demo_below(&r, 2)],
		                period_start + demo_below(&r, DEMO_DAYS * DAY));
	}
	return rc;
}

/* The CSV sink: rows through csvw into a buffer, flushed to the file in
 * blocks. Each file is written as a temporary beside its name and put in
 * place at the end, only where nothing is (never over a file, never
 * through a link): both files appear whole, or neither does. */
struct demo_csv {
	const char *dir;
	char *final[2];  /* DIR/users.csv, DIR/events.csv */
	char *tmp[2];    /* their temporaries, until put in place */
	int nfile;       /* files opened so far */
	char *path;      /* the file being written, for messages */
	FILE *f;
	struct fr_buf buf;
	struct fr_csvw w;
};

static const char *const demo_csv_names[2] = {"users.csv", "events.csv"};

static int
demo_csv_flush(struct demo_csv *c, size_t above, char **err)
{
	if (c->buf.len <= above)
		return FR_OK;
	if (fwrite(c->buf.ptr, 1, c->buf.len, c->f) != c->buf.len)
		return fr_fail(err, FR_EIO, "%s: write error", c->path);
	fr_buf_clear(&c->buf);
	/* a million users is a few seconds: a signal stops it, and nothing stays */
	if (fr_interrupt_pending())
		return fr_fail(err, FR_EINTR, "interrupted");
	return FR_OK;
}

static int
demo_csv_close(struct demo_csv *c, char **err)
{
	int rc = FR_OK;
	if (c->f != NULL) {
		rc = demo_csv_flush(c, 0, err);
		if (fclose(c->f) != 0 && rc == FR_OK)
			rc = fr_fail(err, FR_EIO, "%s: write error", c->path);
		c->f = NULL;
	}
	return rc;
}

static int
demo_csv_open(struct demo_csv *c, const char *name, char **err)
{
	(void)name;
	int rc = demo_csv_close(c, err);
	if (rc != FR_OK)
		return rc;
	int i = c->nfile++;
	if ((rc = fr_files_temp_beside(c->final[i], &c->tmp[i], err)) != FR_OK)
		return rc;
	c->path = c->final[i];
	c->f = fopen(c->tmp[i], "wb");
	if (c->f == NULL)
		return fr_fail(err, FR_EIO, "%s: cannot create: %s", c->tmp[i], strerror(errno));
	fr_csvw_init(&c->w, &c->buf);
	return FR_OK;
}

static int
demo_csv_users_begin(void *ctx, const char *source, const char *const *attrs, size_t n, char **err)
{
	struct demo_csv *c = ctx;
	(void)source;
	int rc = demo_csv_open(c, "users.csv", err);
	fr_csvw_str(&c->w, "user_id");
	for (size_t i = 0; i < n; i++)
		fr_csvw_str(&c->w, attrs[i]);
	fr_csvw_end(&c->w);
	return rc;
}

static int
demo_csv_user(void *ctx, int64_t line, const char *id, const char *const *vals, char **err)
{
	struct demo_csv *c = ctx;
	(void)line;
	fr_csvw_str(&c->w, id);
	for (size_t i = 0; i < 4; i++)
		fr_csvw_str(&c->w, vals[i]);
	fr_csvw_end(&c->w);
	return demo_csv_flush(c, 1 << 16, err);
}

static int
demo_csv_events_begin(void *ctx, const char *source, char **err)
{
	struct demo_csv *c = ctx;
	(void)source;
	int rc = demo_csv_open(c, "events.csv", err);
	fr_buf_puts(&c->buf, "user_id,page,event_time\n");
	return rc;
}

static int
demo_csv_event(void *ctx, int64_t line, const char *user_id, const char *page, int64_t t,
               char **err)
{
	struct demo_csv *c = ctx;
	char when[FR_TIMESTAMP_BUFSZ];
	(void)line;
	fr_timestamp_iso(t, when);
	fr_csvw_str(&c->w, user_id);
	fr_csvw_str(&c->w, page);
	fr_csvw_str(&c->w, when);
	fr_csvw_end(&c->w);
	return demo_csv_flush(c, 1 << 16, err);
}

int
fr_demo_export(int64_t users, uint64_t seed, const char *dir, char **err)
{
	struct stat st;
	if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
		return fr_fail(err, FR_EUSAGE, "--export-demo %s: is a symbolic link; give the real path", dir);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return fr_fail(err, FR_EIO, "--export-demo %s: %s", dir, strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return fr_fail(err, FR_EUSAGE, "--export-demo %s: not a directory", dir);
	struct demo_csv c = {0};
	c.dir = dir;
	int rc = FR_OK;
	for (int i = 0; i < 2; i++) {
		c.final[i] = fr_xasprintf("%s/%s", dir, demo_csv_names[i]);
		if (rc == FR_OK && lstat(c.final[i], &st) == 0)
			rc = fr_fail(err, FR_EUSAGE, "--export-demo %s: %s exists%s; refusing to overwrite it",
			             dir, demo_csv_names[i], S_ISLNK(st.st_mode) ? " (a symbolic link)" : "");
	}
	struct fr_rows sink = {demo_csv_users_begin, demo_csv_user, demo_csv_events_begin,
	                       demo_csv_event, NULL, NULL, &c};
	fr_interrupt_install();
	if (rc == FR_OK)
		rc = fr_demo_generate(users, seed, &sink, err);
	int crc = demo_csv_close(&c, err);
	if (rc == FR_OK)
		rc = crc;
	/* in place only where nothing is; whole, or not at all */
	int placed = 0; /* files put in place: ours to take back if a later one fails */
	while (rc == FR_OK && placed < c.nfile) {
		if (fr_files_place(c.tmp[placed], c.final[placed], false) == 0)
			placed++;
		else
			rc = fr_fail(err, FR_EIO, "%s: %s", c.final[placed],
			             errno == EEXIST ? "appeared while the export ran; left as it is"
			                             : strerror(errno));
	}
	for (int i = 0; i < c.nfile; i++) {
		if (rc != FR_OK && i < placed)
			unlink(c.final[i]);
		else if (rc != FR_OK)
			unlink(c.tmp[i]);
		free(c.tmp[i]);
	}
	free(c.final[0]);
	free(c.final[1]);
	fr_buf_free(&c.buf);
	return rc;
}
