/* extract.h: the staging area. Source adapters hand it users and events; it
 * writes them, as given, into the warehouse's stg_* tables. */
#ifndef FR_EXTRACT_H
#define FR_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "warehouse.h"

struct fr_extract;

/* Starts a transaction and creates the staging tables; borrows wh. */
int fr_extract_new(struct fr_wh *wh, struct fr_extract **out, char **err);
void fr_extract_free(struct fr_extract *x);

/*
 * Declares the users' source and its attribute columns (every column but
 * user_id, in source order). Called once, before any user or event.
 */
int fr_extract_users_begin(struct fr_extract *x, const char *source, const char *const *attrs,
                           size_t nattrs, char **err);
/*
 * One user row: vals holds nattrs values; line is the source's row number;
 * signup_time is when the user signed up, or FR_NO_TIME.
 */
int fr_extract_user(struct fr_extract *x, int64_t line, const char *user_id, const char *const *vals,
                    int64_t signup_time, char **err);
/* Declares a source of events; several may follow each other. */
int fr_extract_events_begin(struct fr_extract *x, const char *source, char **err);
/* One event; event_time may be FR_NO_TIME (the user's signup time is used). */
int fr_extract_event(struct fr_extract *x, int64_t line, const char *user_id, const char *page,
                     int64_t event_time, char **err);
/* Commits. The staged rows stay in the warehouse for the model stage. */
int fr_extract_finish(struct fr_extract *x, char **err);

/* Rows staged so far. */
int64_t fr_extract_users_read(const struct fr_extract *x);
int64_t fr_extract_events_read(const struct fr_extract *x);
/* The attribute names declared; owned by x. */
size_t fr_extract_attrs(const struct fr_extract *x, char *const **names);

#endif
