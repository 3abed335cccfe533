/* engine.h: runs extract, model and analyze on rows given in the test, so
 * the funnel engine can be checked against hand-computed cases. */
#ifndef FR_TEST_ENGINE_H
#define FR_TEST_ENGINE_H

#include "analysis/analyze.h"
#include "source/demo.h"
#include "warehouse/extract.h"
#include "warehouse/loader.h"
#include "warehouse/model.h"
#include "core/result.h"
#include "base/templates.h"
#include "base/timestamp.h"
#include "warehouse/warehouse.h"

struct eng_user {
	const char *id;
	const char *group; /* the one attribute, "group" */
};

struct eng_event {
	const char *user;
	const char *page;
	int64_t t;
};

struct eng_opts {
	enum fr_order order;
	int64_t window_days;
	int max_combo;
	const char *const *steps;
	size_t nsteps;
	int64_t demo_users; /* > 0: use the demo data instead of the rows */
	uint64_t seed;      /* of the demo data */
};

/* Runs the engine; returns the result (never NULL) and the status in *rc.
 * With keep, the warehouse stays open for the caller (fr_wh_free it). */
static inline struct fr_result *
engine_run_keep(const struct eng_opts *o, const struct eng_user *users, size_t nusers,
                const struct eng_event *events, size_t nevents, int *rc, char **err,
                struct fr_wh **keep)
{
	struct fr_templates *t = fr_templates_new(NULL);
	struct fr_wh *wh = NULL;
	struct fr_loader *ld = NULL;
	struct fr_extract *x = NULL;
	struct fr_result *r = fr_result_new();
	r->settings.order = o->order;
	r->settings.window_days = o->window_days;
	r->settings.max_combo = o->max_combo;
	*rc = fr_wh_open(&wh, t, err);
	if (*rc == FR_OK)
		*rc = fr_loader_start(wh, &ld, err);
	if (*rc == FR_OK)
		*rc = fr_extract_new(ld, &x, err);
	if (*rc == FR_OK)
		fr_extract_steps(x, (char *const *)o->steps, NULL, o->nsteps);
	struct fr_rows rows = {0};
	if (*rc == FR_OK)
		fr_extract_rows(x, &rows);
	if (*rc == FR_OK && o->demo_users > 0) {
		*rc = fr_demo_generate(o->demo_users, o->seed, &rows, err);
	} else if (*rc == FR_OK) {
		const char *attrs[] = {"group"};
		*rc = rows.users_begin(rows.ctx, "users.csv", attrs, 1, err);
		for (size_t i = 0; *rc == FR_OK && i < nusers; i++) {
			const char *vals[] = {users[i].group};
			*rc = rows.user(rows.ctx, (int64_t)i + 2, users[i].id, vals, err);
		}
		if (*rc == FR_OK)
			*rc = rows.events_begin(rows.ctx, "events.csv", err);
		for (size_t i = 0; *rc == FR_OK && i < nevents; i++)
			*rc = rows.event(rows.ctx, (int64_t)i + 2, events[i].user, events[i].page, events[i].t,
			                 err);
	}
	if (*rc == FR_OK)
		*rc = fr_extract_finish(x, err);
	if (*rc == FR_OK) {
		struct fr_model_opts mo = {NULL, 0};
		*rc = fr_model_build(x, ld, &mo, r, err);
	}
	if (*rc == FR_OK)
		*rc = fr_analyze_run(t, ld, NULL, r, err);
	int lrc = fr_loader_finish(ld, *rc != FR_OK, NULL, err);
	if (*rc == FR_OK)
		*rc = lrc;
	fr_extract_free(x);
	if (keep != NULL)
		*keep = wh;
	else
		fr_wh_free(wh);
	fr_templates_free(t);
	return r;
}

static inline struct fr_result *
engine_run(const struct eng_opts *o, const struct eng_user *users, size_t nusers,
           const struct eng_event *events, size_t nevents, int *rc, char **err)
{
	return engine_run_keep(o, users, nusers, events, nevents, rc, err, NULL);
}

#endif
