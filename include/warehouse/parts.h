/* parts.h: the staged page visits, partitioned by user into temporary files
 * (the data lake's partitions), so the per-user pass of the model stage sees
 * every visit of a user together while memory stays flat in the number of
 * events. The files are unlinked as soon as they are made: nothing is left
 * behind, even if the process is killed. */
#ifndef FR_PARTS_H
#define FR_PARTS_H

#include <stddef.h>
#include <stdint.h>

/* A page visit at a funnel step, as staged: 24 bytes. */
struct fr_visit {
	int64_t t;      /* seconds since 1970, UTC */
	int64_t key;    /* its visit_key in fact_page_visit */
	uint32_t user;  /* user key, 0-based */
	uint32_t step;  /* 1-based */
};

struct fr_parts;

/* Partitions for nusers users, in TMPDIR (else /tmp). */
int fr_parts_new(size_t nusers, struct fr_parts **out, char **err);
void fr_parts_free(struct fr_parts *p);
int fr_parts_add(struct fr_parts *p, const struct fr_visit *v, char **err);
/* Flushes what is buffered; call once, before loading. */
int fr_parts_finish(struct fr_parts *p, char **err);
size_t fr_parts_count(const struct fr_parts *p);
/* The users of partition i are [first, end). */
void fr_parts_users(const struct fr_parts *p, size_t i, uint32_t *first, uint32_t *end);
/* Reads partition i into the caller's buffer (*buf of *cap visits, grown as
 * needed, so two threads may read two partitions at once): *n visits, in
 * the order they were added. */
int fr_parts_read(const struct fr_parts *p, size_t i, struct fr_visit **buf, size_t *cap, size_t *n,
                  char **err);
/* The visits partition i holds. */
size_t fr_parts_visits(const struct fr_parts *p, size_t i);

#endif
