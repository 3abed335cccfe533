/* interrupt.h: SIGINT, SIGTERM and SIGHUP turned into a flag that long work
 * polls (every loop that can run long does, so a run stops within a second
 * at a safe point and cleans up after itself). */
#ifndef FR_INTERRUPT_H
#define FR_INTERRUPT_H

#include <sqlite3.h>

/* Installs the handlers (once per process). */
void fr_interrupt_install(void);
/* The signal received so far, or 0. */
int fr_interrupt_pending(void);
/* A database whose running statement the handler should interrupt, from
 * any thread, and forgetting it again. FR_EIO past sixteen at once (a run
 * has two). */
int fr_interrupt_watch(sqlite3 *db, char **err);
void fr_interrupt_forget(sqlite3 *db);
/* Blocks (1) or unblocks (0) the three signals around a step that must not be
 * cut in half, such as the final swap of the output directory. */
void fr_interrupt_hold(int hold);

#endif
