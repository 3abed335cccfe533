/* extract.h: the staging area. Source adapters hand it users and events; it
 * indexes the users in memory and loads them into dim_user (through the
 * loader thread), writes each page visit of a known user at a funnel step to
 * fact_page_visit and to user-partitioned files (parts.h), and counts what it
 * sets aside on the way. */
#ifndef FR_EXTRACT_H
#define FR_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "base/intern.h"
#include "warehouse/loader.h"
#include "warehouse/parts.h"
#include "source/badrows.h"
#include "source/rows.h"

/* A user attribute value that was not counted: the attribute has more than
 * FR_EXTRACT_MAX_VALUES distinct values. */
#define FR_EXTRACT_MAX_VALUES 65535
#define FR_EXTRACT_OVERFLOW 65535

/* User attribute columns at most: SQLite's tables hold 2,000 columns, and
 * cube_visits has four besides one per attribute (when all are dimensions).
 * More is bad input (FR_EDATA), said at the header. */
#define FR_EXTRACT_MAX_ATTRS 1996

struct fr_extract;

/* Queues the staging tables on the loader, which x borrows. */
int fr_extract_new(struct fr_loader *ld, struct fr_extract **out, char **err);
void fr_extract_free(struct fr_extract *x);

/* The funnel's steps, before the first event: names, and pages (NULL, or
 * per step NULL or its page patterns, base/pagematch.h); both copied.
 * Without steps every event is at an unknown page, and the model stage
 * lists the pages there are. A page that two steps match is bad input,
 * said at its first event and again by fr_extract_finish. */
void fr_extract_steps(struct fr_extract *x, char *const *steps, char *const *pages, size_t n);
/*
 * The rows interface (source/rows.h) into x, for a source to hand its rows
 * to: x borrowed. The attribute signup_date (else date), if there is one,
 * also gives each user's signup time when its value is an ISO 8601 date or
 * time; an event without a time takes the user's signup time. A source may
 * name the steps only while none are set.
 */
void fr_extract_rows(struct fr_extract *x, struct fr_rows *out);
/* The --max-bad-rows allowance the sources apply (x borrows it): a failure
 * that is not a row's (a page two steps match) withdraws what is left of
 * it, so that it stops the run however many bad rows may be skipped. */
void fr_extract_bad_rows(struct fr_extract *x, struct fr_badrows *bad);
/* Flushes everything to the loader and the partitions. */
int fr_extract_finish(struct fr_extract *x, char **err);

/* What the model stage reads. */
struct fr_extract_counts {
	int64_t users_read;
	int64_t duplicate_users;
	int64_t events_read;
	int64_t unknown_page_events;
	int64_t unknown_user_events;
	int64_t signup_not_date;   /* users whose signup_date is not a date */
	int64_t staged_visits;
};
void fr_extract_counts(const struct fr_extract *x, struct fr_extract_counts *c);
size_t fr_extract_users(const struct fr_extract *x);
size_t fr_extract_attrs(const struct fr_extract *x, char *const **names);
/* Distinct values of attribute a, or -1 when past FR_EXTRACT_MAX_VALUES. */
int64_t fr_extract_nvalues(const struct fr_extract *x, size_t a);
/* The value code of user u's attribute a, and the text of a code. */
/* User u's signup time, or FR_NO_TIME. */
int64_t fr_extract_signup(const struct fr_extract *x, uint32_t u);
uint16_t fr_extract_code(const struct fr_extract *x, uint32_t u, size_t a);
const char *fr_extract_value(const struct fr_extract *x, size_t a, uint16_t code);
/* The steps, and (pages not NULL) their page patterns as given: NULL when
 * every step is named alone. */
size_t fr_extract_steps_of(const struct fr_extract *x, char *const **steps, char *const **pages);
/* The pages the events named, with their event counts (for the error that
 * asks for --steps). */
size_t fr_extract_pages(const struct fr_extract *x, const struct fr_intern **pages,
                        const int64_t **events);
/* The 1-based step of page p (a key of fr_extract_pages), 0 for none. */
uint32_t fr_extract_page_step(const struct fr_extract *x, uint32_t p);
/* The staged visits; the extract keeps ownership. */
struct fr_parts *fr_extract_parts(struct fr_extract *x);
/* The sources read: name, kind and rows, in order. */
size_t fr_extract_sources(const struct fr_extract *x, const char *const **names,
                          const char *const **kinds, const int64_t **rows);

#endif
