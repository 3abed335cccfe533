/* loader.h: the warehouse loader, a thread that owns the warehouse's SQLite
 * connection while the data is loaded, so the inserts run on one core while
 * the source is parsed and the funnel computed on the other. Work arrives as
 * batches of rows for an INSERT template, or as templates to run, and is done
 * in order, in one transaction. */
#ifndef FR_LOADER_H
#define FR_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "base/templates.h"
#include "warehouse/warehouse.h"

/* Rows for one INSERT template. The template has {{rows}} where the
 * placeholders of many rows go ("(?1, ?2), (?3, ?4)"): the loader inserts
 * FR_BATCH_ROWS rows a statement. Values are copied into the batch. */
struct fr_batch;

#define FR_BATCH_ROWS 64

/* A batch for template tmpl with ncols values a row; subst (n pairs, copied)
 * fills any other {{keys}} of the template. */
struct fr_batch *fr_batch_new(const char *tmpl, int ncols, const struct fr_subst *subst, size_t n);
void fr_batch_free(struct fr_batch *b);
void fr_batch_int(struct fr_batch *b, int64_t v);
void fr_batch_text(struct fr_batch *b, const char *s);
void fr_batch_null(struct fr_batch *b);
/* Complete rows so far. */
size_t fr_batch_rows(const struct fr_batch *b);

/* Inserts b into wh at once, on this thread (for small databases), and
 * frees it. */
int fr_batch_insert(struct fr_wh *wh, struct fr_batch *b, char **err);

struct fr_loader;

/* Starts the loader on wh, which it uses alone until fr_loader_finish. */
int fr_loader_start(struct fr_wh *wh, struct fr_loader **out, char **err);
/*
 * Queues b (the loader takes it, also on failure); blocks while the queue
 * is full. Returns FR_OK, or the status of the loader's first failure (its
 * message comes with fr_loader_finish).
 */
int fr_loader_send(struct fr_loader *l, struct fr_batch *b);
/* Queues template tmpl to run (its statements, with subst filled in). */
int fr_loader_exec(struct fr_loader *l, const char *tmpl, const struct fr_subst *subst, size_t n);
/*
 * Waits for the queue to drain, commits, stops the thread and frees l; *rows
 * (if not NULL) gets the rows inserted. Returns FR_OK or the first failure.
 * With abort set, drops what is queued and rolls back instead. NULL is fine.
 */
int fr_loader_finish(struct fr_loader *l, int abort, int64_t *rows, char **err);

#endif
