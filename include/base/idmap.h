/* idmap.h: user ids to dense keys, for millions of ids. Unlike intern.h it
 * keeps no string per key (nothing asks for an id by its key), and an id of
 * up to FR_IDMAP_INLINE bytes lives in its slot, so a lookup reads one cache
 * line instead of three. */
#ifndef FR_IDMAP_H
#define FR_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#define FR_IDMAP_NONE UINT32_MAX
/* Ids this long or shorter are kept in the table's slots themselves. */
#define FR_IDMAP_INLINE 11

struct fr_idmap;

struct fr_idmap *fr_idmap_new(void);
void fr_idmap_free(struct fr_idmap *m);

/* The key of s (len bytes, no NUL among them), adding it if new; *added
 * says which. Keys are 0, 1, 2, ... in order of first appearance. */
uint32_t fr_idmap_put(struct fr_idmap *m, const char *s, size_t len, int *added);
/* The key of s, or FR_IDMAP_NONE. */
uint32_t fr_idmap_get(const struct fr_idmap *m, const char *s, size_t len);
size_t fr_idmap_count(const struct fr_idmap *m);

/* Looking up in two steps, for a caller that knows its next ids ahead:
 * fr_idmap_probe works out where s goes and asks the CPU to fetch that
 * slot; fr_idmap_get_probe, a few ids later, finds it there. s must be the
 * same bytes both times. */
struct fr_idmap_probe {
	uint32_t hash;
	unsigned char k[FR_IDMAP_INLINE + 1];
};
void fr_idmap_probe(const struct fr_idmap *m, const char *s, size_t len, struct fr_idmap_probe *p);
uint32_t fr_idmap_get_probe(const struct fr_idmap *m, const struct fr_idmap_probe *p, const char *s,
                            size_t len);
/* fr_idmap_put, found by a probe made before (the table may have grown since). */
uint32_t fr_idmap_put_probe(struct fr_idmap *m, const struct fr_idmap_probe *p, const char *s,
                            size_t len, int *added);
/* Bytes the table holds, for the memory figures. */
size_t fr_idmap_bytes(const struct fr_idmap *m);

#endif
