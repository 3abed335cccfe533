/* runlog.c: the run log, owned. */
#include "core/runlog.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

const char *
fr_runlog_keep(struct fr_runlog *l, const char *s)
{
	l->pool = fr_xreallocarray(l->pool, l->npool + 1, sizeof *l->pool);
	return l->pool[l->npool++] = fr_xstrdup(s ? s : "");
}

void
fr_runlog_clear(struct fr_runlog *l)
{
	for (size_t i = 0; i < l->ninputs; i++) {
		free(l->inputs[i].name);
		free(l->inputs[i].kind);
	}
	free(l->inputs);
	for (size_t i = 0; i < l->ntables; i++) {
		struct fr_whtable *t = &l->tables[i];
		free(t->name);
		free(t->kind);
		free(t->sql);
		fr_strv_free(t->cols, t->ncols);
		fr_strv_free(t->types, t->ncols);
	}
	free(l->tables);
	for (size_t i = 0; i < l->nqueries; i++) {
		free(l->queries[i].file);
		free(l->queries[i].sql);
	}
	free(l->queries);
	for (size_t i = 0; i < l->nother_pages; i++)
		free(l->other_pages[i].page);
	fr_strv_free(l->pool, l->npool);
	memset(l, 0, sizeof *l);
}

/* The data-quality counts, in the order every output lists them. */
static const struct fr_quality_field runlog_quality[] = {
    {"users_read", offsetof(struct fr_quality, users_read),
     "user rows read from the input"},
    {"duplicate_users", offsetof(struct fr_quality, duplicate_users),
     "user rows whose user_id was already read; the first row wins"},
    {"signup_not_date", offsetof(struct fr_quality, signup_not_date),
     "users whose signup_date (or date) value is not an ISO 8601 date: an attribute value like any other, with no signup time"},
    {"events_read", offsetof(struct fr_quality, events_read),
     "event rows read from the input"},
    {"unknown_page_events", offsetof(struct fr_quality, unknown_page_events),
     "events at a page that is not a funnel step (not counted)"},
    {"unknown_user_events", offsetof(struct fr_quality, unknown_user_events),
     "events at a funnel step whose user_id is not in the users (not counted)"},
    {"duplicate_events", offsetof(struct fr_quality, duplicate_events),
     "repeats of an event with the same user_id, page and event_time (counted once)"},
    {"page_visits", offsetof(struct fr_quality, page_visits),
     "events kept: known user, funnel step, duplicates removed"},
    {"visits_before_signup", offsetof(struct fr_quality, visits_before_signup),
     "page visits dated before the user's signup_date (UTC midnight of a bare date); counted like every other visit"},
    {"users_not_entered", offsetof(struct fr_quality, users_not_entered),
     "users without a step-1 event (not in the funnel)"},
    {"users_out_of_order", offsetof(struct fr_quality, users_out_of_order),
     "entered users whose first visit at some step came before their first visit at the step preceding it, or without it"},
    {"bad_rows_skipped", offsetof(struct fr_quality, bad_rows_skipped),
     "unparseable input rows skipped under --max-bad-rows"},
};

size_t
fr_quality_fields(const struct fr_quality_field **fields)
{
	*fields = runlog_quality;
	return sizeof runlog_quality / sizeof runlog_quality[0];
}

size_t
fr_quality_items(const struct fr_runlog *l, struct fr_quality_item *items)
{
	size_t n = sizeof runlog_quality / sizeof runlog_quality[0];
	for (size_t i = 0; i < n; i++)
		items[i] = (struct fr_quality_item){
		    runlog_quality[i].key,
		    *(const int64_t *)(const void *)((const char *)&l->quality + runlog_quality[i].offset),
		    runlog_quality[i].meaning};
	return n;
}
