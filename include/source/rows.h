/* rows.h: what every source hands on, row by row: the users (their columns
 * once, then each user), then one or more streams of events, and the
 * funnel's steps where the source itself names them (an OLTP store's steps
 * table). A source knows its input format and nothing else; the extract
 * stage is the usual consumer (fr_extract_rows), and the demo's export
 * writes CSV files through the same interface. */
#ifndef FR_ROWS_H
#define FR_ROWS_H

#include <stddef.h>
#include <stdint.h>

struct fr_rows {
	/* The users' source and its attribute columns (every column but
	 * user_id, in source order); once, before any user or event. */
	int (*users_begin)(void *ctx, const char *source, const char *const *attrs, size_t n,
	                   char **err);
	/* One user row: vals holds one value per attribute; line is the
	 * source's row number, for messages. */
	int (*user)(void *ctx, int64_t line, const char *id, const char *const *vals, char **err);
	/* A source of events; several may follow each other. */
	int (*events_begin)(void *ctx, const char *source, char **err);
	/* One event; t may be FR_NO_TIME (base/timestamp.h). */
	int (*event)(void *ctx, int64_t line, const char *user, const char *page, int64_t t,
	             char **err);
	/* Whether the funnel's steps are still unnamed, and naming them (may
	 * be NULL: the consumer takes no steps from a source). */
	int (*wants_steps)(void *ctx);
	void (*steps)(void *ctx, char *const *steps, size_t n);
	void *ctx;
};

#endif
