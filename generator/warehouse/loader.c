/* loader.c: a writer thread for the warehouse. */
#define _GNU_SOURCE /* pthread_setname_np, for profilers */
#include "warehouse/loader.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "base/interrupt.h"
#include "base/util.h"

/* Batches queued at most: back-pressure on the producer, and bounded memory. */
#define LOADER_QUEUE 8

enum cell_kind { CELL_INT, CELL_TEXT, CELL_NULL };

struct cell {
	int64_t i;   /* the value, or the text's offset into text */
	int kind;
};

struct fr_batch {
	char *tmpl;
	int ncols;
	struct fr_subst *subst;  /* pointing into strs */
	char **strs;             /* the keys and values, owned: [2 * nsubst] */
	size_t nsubst;
	struct cell *cells;
	size_t ncells, cap;
	struct fr_buf text;
	/* for exec jobs: no cells, just the template */
	int exec;
	struct fr_batch *next;
};

struct fr_batch *
fr_batch_new(const char *tmpl, int ncols, const struct fr_subst *subst, size_t n)
{
	struct fr_batch *b = fr_xcalloc(1, sizeof *b);
	b->tmpl = fr_xstrdup(tmpl);
	b->ncols = ncols;
	b->subst = fr_xcalloc(n + 1, sizeof *b->subst);
	b->strs = fr_xcalloc(2 * n + 1, sizeof *b->strs);
	for (size_t i = 0; i < n; i++) {
		b->strs[2 * i] = fr_xstrdup(subst[i].key);
		b->strs[2 * i + 1] = fr_xstrdup(subst[i].value);
		b->subst[i] = (struct fr_subst){b->strs[2 * i], b->strs[2 * i + 1]};
	}
	b->nsubst = n;
	return b;
}

void
fr_batch_free(struct fr_batch *b)
{
	if (b == NULL)
		return;
	fr_strv_free(b->strs, 2 * b->nsubst);
	free(b->subst);
	free(b->cells);
	fr_buf_free(&b->text);
	free(b->tmpl);
	free(b);
}

static struct cell *
batch_cell(struct fr_batch *b)
{
	if (b->ncells == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->cells = fr_xreallocarray(b->cells, b->cap, sizeof *b->cells);
	}
	return &b->cells[b->ncells++];
}

void
fr_batch_int(struct fr_batch *b, int64_t v)
{
	*batch_cell(b) = (struct cell){v, CELL_INT};
}

void
fr_batch_text(struct fr_batch *b, const char *s)
{
	int64_t off = (int64_t)b->text.len;
	fr_buf_put(&b->text, s, strlen(s) + 1);
	*batch_cell(b) = (struct cell){off, CELL_TEXT};
}

void
fr_batch_null(struct fr_batch *b)
{
	*batch_cell(b) = (struct cell){0, CELL_NULL};
}

size_t
fr_batch_rows(const struct fr_batch *b)
{
	return b->ncols > 0 ? b->ncells / (size_t)b->ncols : 0;
}

/* "(?, ?, ?), (?, ?, ?)": placeholders we generate, never data. */
static char *
batch_placeholders(const struct fr_batch *b, size_t rows)
{
	struct fr_buf ph = FR_BUF_INIT;
	for (size_t r = 0; r < rows; r++) {
		fr_buf_puts(&ph, r ? ", (" : "(");
		for (int c = 0; c < b->ncols; c++)
			fr_buf_puts(&ph, c ? ", ?" : "?");
		fr_buf_putc(&ph, ')');
	}
	return fr_buf_detach(&ph);
}

static int
batch_prepare(struct fr_wh *wh, const struct fr_batch *b, size_t rows, sqlite3_stmt **out, char **err)
{
	char *ph = batch_placeholders(b, rows);
	struct fr_subst *s = fr_xcalloc(b->nsubst + 1, sizeof *s);
	memcpy(s, b->subst, b->nsubst * sizeof *s);
	s[b->nsubst] = (struct fr_subst){"rows", ph};
	int rc = fr_wh_prepare(wh, b->tmpl, s, b->nsubst + 1, out, err);
	free(s);
	free(ph);
	return rc;
}

/* Binds rows [r, r + rows) of b to st. */
static void
batch_bind(const struct fr_batch *b, sqlite3_stmt *st, size_t r, size_t rows)
{
	const struct cell *cell = &b->cells[r * (size_t)b->ncols];
	for (int p = 1; p <= (int)rows * b->ncols; p++, cell++) {
		if (cell->kind == CELL_INT)
			sqlite3_bind_int64(st, p, cell->i);
		else if (cell->kind == CELL_TEXT)
			sqlite3_bind_text(st, p, b->text.ptr + cell->i, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, p);
	}
}

int
fr_batch_insert(struct fr_wh *wh, struct fr_batch *b, char **err)
{
	sqlite3_stmt *st = NULL;
	size_t n = fr_batch_rows(b);
	int rc = n > 0 ? batch_prepare(wh, b, 1, &st, err) : FR_OK;
	for (size_t r = 0; rc == FR_OK && r < n; r++) {
		int row;
		batch_bind(b, st, r, 1);
		rc = fr_wh_step(wh, st, &row, err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	fr_batch_free(b);
	return rc;
}

/* ---- the thread ---------------------------------------------------------- */

struct stmt_cache {
	char *key;      /* template and shape */
	sqlite3_stmt *stmt;
	struct stmt_cache *next;
};

struct fr_loader {
	struct fr_wh *wh;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t more;   /* work arrived, or stop */
	pthread_cond_t room;   /* the queue has room, or the loader failed */
	struct fr_batch *head, *tail;
	size_t queued;
	int stop;              /* no more work will come */
	int abort;
	int rc;                /* the first failure */
	char *err;
	int64_t rows;
	struct stmt_cache *cache;
};

static int
loader_stmt(struct fr_loader *l, const struct fr_batch *b, size_t rows, sqlite3_stmt **out)
{
	char *key = fr_xasprintf("%s/%zu", b->tmpl, rows);
	for (struct stmt_cache *c = l->cache; c != NULL; c = c->next) {
		if (strcmp(c->key, key) == 0) {
			free(key);
			*out = c->stmt;
			return FR_OK;
		}
	}
	int rc = batch_prepare(l->wh, b, rows, out, &l->err);
	if (rc != FR_OK) {
		free(key);
		return rc;
	}
	struct stmt_cache *c = fr_xcalloc(1, sizeof *c);
	c->key = key;
	c->stmt = *out;
	c->next = l->cache;
	l->cache = c;
	return FR_OK;
}

static int
loader_insert(struct fr_loader *l, const struct fr_batch *b)
{
	size_t nrows = fr_batch_rows(b), r = 0;
	int rc = FR_OK;
	while (rc == FR_OK && r < nrows) {
		size_t rows = nrows - r >= FR_BATCH_ROWS ? FR_BATCH_ROWS : 1;
		sqlite3_stmt *st;
		if ((rc = loader_stmt(l, b, rows, &st)) != FR_OK)
			break;
		batch_bind(b, st, r, rows);
		int row;
		rc = fr_wh_step(l->wh, st, &row, &l->err);
		sqlite3_reset(st);
		r += rows;
	}
	l->rows += (int64_t)r;
	return rc;
}

static void *
loader_main(void *arg)
{
	struct fr_loader *l = arg;
	pthread_setname_np(pthread_self(), "fr-loader");
	for (;;) {
		pthread_mutex_lock(&l->mu);
		while (l->head == NULL && !l->stop)
			pthread_cond_wait(&l->more, &l->mu);
		struct fr_batch *b = l->head;
		if (b != NULL) {
			l->head = b->next;
			if (l->head == NULL)
				l->tail = NULL;
			l->queued--;
			pthread_cond_signal(&l->room);
		}
		int failed = l->rc != FR_OK || l->abort;
		pthread_mutex_unlock(&l->mu);
		if (b == NULL)
			break; /* stopped, and nothing is left */
		int rc = FR_OK;
		if (!failed) {
			if (fr_interrupt_pending())
				rc = fr_fail(&l->err, FR_EINTR, "interrupted");
			else if (b->exec)
				rc = fr_wh_exec(l->wh, b->tmpl, b->subst, b->nsubst, &l->err);
			else
				rc = loader_insert(l, b);
		}
		fr_batch_free(b);
		if (rc != FR_OK) {
			pthread_mutex_lock(&l->mu);
			if (l->rc == FR_OK)
				l->rc = rc;
			pthread_cond_broadcast(&l->room);
			pthread_mutex_unlock(&l->mu);
		}
	}
	return NULL;
}

int
fr_loader_start(struct fr_wh *wh, struct fr_loader **out, char **err)
{
	struct fr_loader *l = fr_xcalloc(1, sizeof *l);
	l->wh = wh;
	int rc = sqlite3_exec(fr_wh_db(wh), "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = fr_wh_fail(wh, rc, "BEGIN", err);
		free(l);
		return rc;
	}
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->more, NULL);
	pthread_cond_init(&l->room, NULL);
	/* the loader takes no signals: the main thread's handler stops the run
	 * (and interrupts the loader's statement), and holds them for the swap */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int started = pthread_create(&l->thread, NULL, loader_main, l) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!started) {
		sqlite3_exec(fr_wh_db(wh), "ROLLBACK", NULL, NULL, NULL);
		pthread_mutex_destroy(&l->mu);
		pthread_cond_destroy(&l->more);
		pthread_cond_destroy(&l->room);
		free(l);
		return fr_fail(err, FR_EIO, "cannot start the warehouse loader thread");
	}
	*out = l;
	return FR_OK;
}

static int
loader_queue(struct fr_loader *l, struct fr_batch *b)
{
	pthread_mutex_lock(&l->mu);
	while (l->queued >= LOADER_QUEUE && l->rc == FR_OK)
		pthread_cond_wait(&l->room, &l->mu);
	int rc = l->rc;
	if (rc == FR_OK) {
		if (l->tail != NULL)
			l->tail->next = b;
		else
			l->head = b;
		l->tail = b;
		l->queued++;
		pthread_cond_signal(&l->more);
	}
	pthread_mutex_unlock(&l->mu);
	if (rc != FR_OK)
		fr_batch_free(b);
	return rc;
}

int
fr_loader_send(struct fr_loader *l, struct fr_batch *b)
{
	if (fr_batch_rows(b) == 0) {
		fr_batch_free(b);
		return FR_OK;
	}
	return loader_queue(l, b);
}

int
fr_loader_exec(struct fr_loader *l, const char *tmpl, const struct fr_subst *subst, size_t n)
{
	struct fr_batch *b = fr_batch_new(tmpl, 0, subst, n);
	b->exec = 1;
	return loader_queue(l, b);
}

int
fr_loader_finish(struct fr_loader *l, int abort, int64_t *rows, char **err)
{
	if (l == NULL)
		return FR_OK;
	pthread_mutex_lock(&l->mu);
	l->stop = 1;
	l->abort |= abort;
	pthread_cond_signal(&l->more);
	pthread_mutex_unlock(&l->mu);
	pthread_join(l->thread, NULL);
	int rc = l->rc;
	for (struct stmt_cache *c = l->cache, *next; c != NULL; c = next) {
		next = c->next;
		sqlite3_finalize(c->stmt);
		free(c->key);
		free(c);
	}
	sqlite3 *db = fr_wh_db(l->wh);
	if (rc == FR_OK && !abort) {
		int src = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if (src != SQLITE_OK)
			rc = fr_wh_fail(l->wh, src, "COMMIT", &l->err);
	}
	if (rc != FR_OK || abort)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if (rc != FR_OK && l->err != NULL && err != NULL && *err == NULL) {
		*err = l->err;
		l->err = NULL;
	}
	free(l->err);
	if (rows != NULL)
		*rows = l->rows;
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->more);
	pthread_cond_destroy(&l->room);
	free(l);
	return rc;
}
