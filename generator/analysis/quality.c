/* quality.c: the data-quality counts of a run, each with its name and what
 * it means: the one list the report, the documents and summary.json show. */
#include "analysis/quality.h"

size_t
fr_quality_items(const struct fr_result *r, struct fr_quality_item *it)
{
	const struct fr_quality *q = &r->log.quality;
	size_t n = 0;
	it[n++] = (struct fr_quality_item){"users_read", q->users_read, "user rows read from the input"};
	it[n++] = (struct fr_quality_item){"duplicate_users", q->duplicate_users,
	                              "user rows whose user_id was already read; the first row wins"};
	it[n++] = (struct fr_quality_item){"signup_not_date", q->signup_not_date,
	                              "users whose signup_date (or date) value is not an ISO 8601 "
	                              "date: an attribute value like any other, with no signup time"};
	it[n++] = (struct fr_quality_item){"events_read", q->events_read, "event rows read from the input"};
	it[n++] = (struct fr_quality_item){"unknown_page_events", q->unknown_page_events,
	                              "events at a page that is not a funnel step (not counted)"};
	it[n++] = (struct fr_quality_item){"unknown_user_events", q->unknown_user_events,
	                              "events at a funnel step whose user_id is not in the users "
	                              "(not counted)"};
	it[n++] = (struct fr_quality_item){"duplicate_events", q->duplicate_events,
	                              "repeats of an event with the same user_id, page and "
	                              "event_time (counted once)"};
	it[n++] = (struct fr_quality_item){"page_visits", q->page_visits,
	                              "events kept: known user, funnel step, duplicates removed"};
	it[n++] = (struct fr_quality_item){"visits_before_signup", q->visits_before_signup,
	                              "page visits dated before the user's signup_date (UTC "
	                              "midnight of a bare date); counted like every other visit"};
	it[n++] = (struct fr_quality_item){"users_not_entered", q->users_not_entered,
	                              "users without a step-1 event (not in the funnel)"};
	it[n++] = (struct fr_quality_item){"users_out_of_order", q->users_out_of_order,
	                              "entered users whose first visit at some step came before "
	                              "their first visit at the step preceding it, or without it"};
	it[n++] = (struct fr_quality_item){"bad_rows_skipped", q->bad_rows_skipped,
	                              "unparseable input rows skipped under --max-bad-rows"};
	return n;
}
