/* arena.h: NUL-ended copies of strings in 1 MiB blocks, freed all at once,
 * for the string tables (intern.h, idmap.h). */
#ifndef FR_ARENA_H
#define FR_ARENA_H

#include <stddef.h>

struct fr_arena_block;

struct fr_arena {
	struct fr_arena_block *blocks;
	size_t bytes; /* held, blocks and all */
};

#define FR_ARENA_INIT {NULL, 0}

/* A copy of s (len bytes) with a NUL after it, owned by a. */
char *fr_arena_copy(struct fr_arena *a, const char *s, size_t len);
void fr_arena_free(struct fr_arena *a);

#endif
