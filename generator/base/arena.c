/* arena.c: blocks of strings, each string copied once and never moved. */
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define ARENA_BLOCK (1u << 20)

struct fr_arena_block {
	struct fr_arena_block *next;
	size_t used, cap;
	char data[];
};

char *
fr_arena_copy(struct fr_arena *a, const char *s, size_t len)
{
	struct fr_arena_block *b = a->blocks;
	if (b == NULL || b->cap - b->used < len + 1) {
		size_t cap = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
		b = fr_xmalloc(sizeof *b + cap);
		b->next = a->blocks;
		b->used = 0;
		b->cap = cap;
		a->blocks = b;
		a->bytes += sizeof *b + cap;
	}
	char *p = b->data + b->used;
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

void
fr_arena_free(struct fr_arena *a)
{
	for (struct fr_arena_block *b = a->blocks, *next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->blocks = NULL;
	a->bytes = 0;
}
