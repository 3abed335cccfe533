/* interrupt.c: signal flag for a clean stop. */
#define _POSIX_C_SOURCE 200809L
#include "base/interrupt.h"

#include <signal.h>
#include <stddef.h>

#define INTERRUPT_DBS 4

static volatile sig_atomic_t interrupt_signal;
static sqlite3 *volatile interrupt_dbs[INTERRUPT_DBS];

static void
interrupt_handler(int sig)
{
	interrupt_signal = sig;
	/* The sqlite3 shell does the same from its SIGINT handler: it only sets a flag. */
	for (int i = 0; i < INTERRUPT_DBS; i++)
		if (interrupt_dbs[i] != NULL)
			sqlite3_interrupt(interrupt_dbs[i]);
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

void
fr_interrupt_watch(sqlite3 *db)
{
	for (int i = 0; i < INTERRUPT_DBS; i++)
		if (interrupt_dbs[i] == NULL) {
			interrupt_dbs[i] = db;
			return;
		}
}

void
fr_interrupt_forget(sqlite3 *db)
{
	for (int i = 0; i < INTERRUPT_DBS; i++)
		if (interrupt_dbs[i] == db)
			interrupt_dbs[i] = NULL;
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
