/* progress.c: the rows of a source counted on their way to the extract stage. */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "base/readmeter.h"
#include "base/util.h"

struct fr_progress {
	const struct fr_config *cfg;
	struct fr_rows inner;  /* where the rows go */
	struct fr_tick tick;
	int64_t bytes0;        /* the meter when the stage started */
	double t0, last;
};

/* Rows between looks at the clock: cheap enough for ten million. */
#define PROGRESS_ROWS 4096

static void
progress_count(struct fr_progress *p)
{
	if (++p->tick.rows % PROGRESS_ROWS != 0)
		return;
	double now = fr_monotonic_seconds();
	if (now - p->last < FR_PROGRESS_EVERY)
		return;
	p->last = now;
	p->tick.seconds = now - p->t0;
	p->tick.bytes = fr_readmeter_bytes() - p->bytes0;
	p->cfg->tick(p->cfg->tick_ctx, &p->tick);
}

static int
progress_users_begin(void *ctx, const char *source, const char *const *attrs, size_t n, char **err)
{
	struct fr_progress *p = ctx;
	return p->inner.users_begin(p->inner.ctx, source, attrs, n, err);
}

static int
progress_user(void *ctx, int64_t line, const char *id, const char *const *vals, char **err)
{
	struct fr_progress *p = ctx;
	progress_count(p);
	return p->inner.user(p->inner.ctx, line, id, vals, err);
}

static int
progress_events_begin(void *ctx, const char *source, char **err)
{
	struct fr_progress *p = ctx;
	return p->inner.events_begin(p->inner.ctx, source, err);
}

static int
progress_event(void *ctx, int64_t line, const char *user, const char *page, int64_t t, char **err)
{
	struct fr_progress *p = ctx;
	progress_count(p);
	return p->inner.event(p->inner.ctx, line, user, page, t, err);
}

static int
progress_wants_steps(void *ctx)
{
	struct fr_progress *p = ctx;
	return p->inner.wants_steps(p->inner.ctx);
}

static void
progress_steps(void *ctx, char *const *steps, size_t n)
{
	struct fr_progress *p = ctx;
	p->inner.steps(p->inner.ctx, steps, n);
}

/* The size of a file, or 0 when it cannot be known. */
static int64_t
progress_size(const char *path)
{
	struct stat st;
	return path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : 0;
}

struct fr_progress *
fr_progress_new(const struct fr_config *cfg, struct fr_rows *rows)
{
	if (cfg->tick == NULL)
		return NULL;
	struct fr_progress *p = fr_xcalloc(1, sizeof *p);
	p->cfg = cfg;
	p->inner = *rows;
	p->tick.stage = "extract";
	/* the files a CSV source reads (a database's size says little of its rows) */
	if (cfg->input == FR_INPUT_EVENT_LOG) {
		p->tick.bytes_total = progress_size(cfg->users_csv) + progress_size(cfg->events_csv);
	} else if (cfg->input == FR_INPUT_STEP_TABLES) {
		p->tick.bytes_total = progress_size(cfg->user_table);
		for (size_t i = 0; i < cfg->nstep_tables; i++)
			p->tick.bytes_total += progress_size(cfg->step_tables[i].path);
	}
	p->bytes0 = fr_readmeter_bytes();
	p->t0 = p->last = fr_monotonic_seconds();
	*rows = (struct fr_rows){progress_users_begin,
	                         progress_user,
	                         progress_events_begin,
	                         progress_event,
	                         rows->wants_steps != NULL ? progress_wants_steps : NULL,
	                         rows->steps != NULL ? progress_steps : NULL,
	                         p};
	return p;
}

void
fr_progress_free(struct fr_progress *p)
{
	free(p);
}
