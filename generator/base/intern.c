/* intern.c: open-addressing hash table over an arena of strings. */
#include "base/intern.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/util.h"

/* A slot holds the hash beside the code, so a probe reads one cache line and
 * compares strings only on a full hash match. */
struct intern_slot {
	uint32_t hash;
	uint32_t code; /* code + 1, or 0 for empty */
};

/* Pages and attribute values (the user ids have their own map, idmap.c):
 * no per-code array but the strings themselves (hashes live in the slots,
 * lengths are found by the terminating NUL). */
struct fr_intern {
	struct intern_slot *slots;
	size_t mask;         /* slots - 1 */
	const char **strs;   /* [count] */
	size_t count, cap;
	struct fr_arena strings;
};

static uint32_t
intern_hash(const char *s, size_t len)
{
	/* FNV-1a, folded: enough spread for ids and names. */
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

struct fr_intern *
fr_intern_new(void)
{
	struct fr_intern *t = fr_xcalloc(1, sizeof *t);
	t->mask = 63;
	t->slots = fr_xcalloc(t->mask + 1, sizeof *t->slots);
	return t;
}

void
fr_intern_free(struct fr_intern *t)
{
	if (t == NULL)
		return;
	fr_arena_free(&t->strings);
	free(t->slots);
	free(t->strs);
	free(t);
}


static void
intern_grow(struct fr_intern *t)
{
	size_t n = (t->mask + 1) * 2;
	struct intern_slot *old = t->slots;
	size_t oldn = t->mask + 1;
	t->slots = fr_xcalloc(n, sizeof *t->slots);
	t->mask = n - 1;
	for (size_t j = 0; j < oldn; j++) {
		if (old[j].code == 0)
			continue;
		size_t i = old[j].hash & t->mask;
		while (t->slots[i].code != 0)
			i = (i + 1) & t->mask;
		t->slots[i] = old[j];
	}
	free(old);
}

static size_t
intern_find(const struct fr_intern *t, const char *s, size_t len, uint32_t h)
{
	size_t i = h & t->mask;
	for (;;) {
		const struct intern_slot *slot = &t->slots[i];
		if (slot->code == 0)
			return i;
		if (slot->hash == h) {
			const char *str = t->strs[slot->code - 1];
			if (memcmp(str, s, len) == 0 && str[len] == '\0')
				return i;
		}
		i = (i + 1) & t->mask;
	}
}

uint32_t
fr_intern_put(struct fr_intern *t, const char *s, size_t len, int *added)
{
	uint32_t h = intern_hash(s, len);
	size_t i = intern_find(t, s, len, h);
	if (t->slots[i].code != 0) {
		*added = 0;
		return t->slots[i].code - 1;
	}
	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap + t->cap / 2 : 64;
		t->strs = fr_xreallocarray(t->strs, t->cap, sizeof *t->strs);
	}
	uint32_t c = (uint32_t)t->count++;
	t->strs[c] = fr_arena_copy(&t->strings, s, len);
	t->slots[i] = (struct intern_slot){h, c + 1};
	/* keep the table at most 80 % full: slots are 8 bytes, so a probe
	 * mostly stays in one cache line, and millions of ids fit in half the
	 * memory a half-full table takes */
	if (t->count * 5 > (t->mask + 1) * 4)
		intern_grow(t);
	*added = 1;
	return c;
}

uint32_t
fr_intern_get(const struct fr_intern *t, const char *s, size_t len)
{
	size_t i = intern_find(t, s, len, intern_hash(s, len));
	return t->slots[i].code != 0 ? t->slots[i].code - 1 : FR_INTERN_NONE;
}

const char *
fr_intern_str(const struct fr_intern *t, uint32_t code)
{
	return code < t->count ? t->strs[code] : NULL;
}

size_t
fr_intern_count(const struct fr_intern *t)
{
	return t->count;
}

