/* eventlog.h: the canonical event log (SPEC 3.2): users.csv and events.csv. */
#ifndef FR_EVENTLOG_H
#define FR_EVENTLOG_H

#include "source/badrows.h"
#include "source/rows.h"

/*
 * Reads users_path (see userscsv.h) and events_path (columns user_id, page,
 * event_time found by name; others ignored) into x. A row with the wrong
 * number of fields or an event_time that is not ISO 8601 is a bad row.
 */
int fr_eventlog_extract(const char *users_path, const char *events_path, const struct fr_rows *rows,
                        struct fr_badrows *bad, char **err);

#endif
