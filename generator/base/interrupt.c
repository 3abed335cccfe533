/* interrupt.c: signal flag for a clean stop. */
#define _POSIX_C_SOURCE 200809L
#include "base/interrupt.h"

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

#include "base/util.h"

/* The process's signal state, its one owner: the flag, and the databases
 * whose statements a signal interrupts. The slots are claimed and cleared
 * atomically, so any thread may watch and the handler may read at once. */
#define INTERRUPT_DBS 16

static volatile sig_atomic_t interrupt_signal;
static _Atomic(sqlite3 *) interrupt_dbs[INTERRUPT_DBS];

static void
interrupt_handler(int sig)
{
	interrupt_signal = sig;
	/* The sqlite3 shell does the same from its SIGINT handler: it only sets a flag. */
	for (int i = 0; i < INTERRUPT_DBS; i++) {
		sqlite3 *db = atomic_load(&interrupt_dbs[i]);
		if (db != NULL)
			sqlite3_interrupt(db);
	}
}

void
fr_interrupt_install(void)
{
	struct sigaction sa;
	sa.sa_handler = interrupt_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* a closed terminal or a scheduler's hangup: the same clean stop */
	sigaction(SIGHUP, &sa, NULL);
}

int
fr_interrupt_pending(void)
{
	return interrupt_signal;
}

int
fr_interrupt_watch(sqlite3 *db, char **err)
{
	for (int i = 0; i < INTERRUPT_DBS; i++) {
		sqlite3 *none = NULL;
		if (atomic_compare_exchange_strong(&interrupt_dbs[i], &none, db))
			return FR_OK;
	}
	return fr_fail(err, FR_EIO, "internal: more than %d databases open at once", INTERRUPT_DBS);
}

void
fr_interrupt_forget(sqlite3 *db)
{
	for (int i = 0; i < INTERRUPT_DBS; i++) {
		sqlite3 *was = db;
		atomic_compare_exchange_strong(&interrupt_dbs[i], &was, NULL);
	}
}

void
fr_interrupt_hold(int hold)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}
