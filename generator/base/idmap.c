/* idmap.c: open addressing over 16-byte slots; short ids inline, long ones
 * in an arena. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "base/idmap.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/arena.h"
#include "base/util.h"

#define IDMAP_LONG 0xff

/* k[0] is the id's length (0..FR_IDMAP_INLINE) and k[1..] its bytes, zero
 * padded; for a longer id k[0] is IDMAP_LONG, k[1..4] its hash and k[5..8]
 * its index in longs. A slot is compared as its 12 bytes of k (long: 5). */
struct idmap_slot {
	uint32_t key; /* key + 1, or 0 for empty */
	unsigned char k[FR_IDMAP_INLINE + 1];
};


struct fr_idmap {
	struct idmap_slot *slots;
	int mapped;     /* slots came from idmap_slots_new's mmap */
	size_t mask;    /* slots - 1 */
	size_t count;
	const char **longs; /* the ids longer than FR_IDMAP_INLINE, NUL-ended */
	size_t nlongs, longs_cap;
	struct fr_arena strings;
};

/* An inline id: its 12 bytes as two words, mixed. */
static uint32_t
idmap_hash_inline(const unsigned char *k)
{
	uint64_t a;
	uint32_t b;
	memcpy(&a, k, 8);
	memcpy(&b, k + 8, 4);
	uint64_t h = (a ^ 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 31;
	h = (h ^ b) * 0x94d049bb133111ebULL;
	h ^= h >> 29;
	return (uint32_t)(h ^ (h >> 32));
}

static uint32_t
idmap_hash_long(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

/* The probe key of s, and its hash. */
static uint32_t
idmap_key(const char *s, size_t len, unsigned char *k)
{
	memset(k, 0, FR_IDMAP_INLINE + 1);
	if (len <= FR_IDMAP_INLINE) {
		k[0] = (unsigned char)len;
		memcpy(k + 1, s, len);
		return idmap_hash_inline(k);
	}
	uint32_t h = idmap_hash_long(s, len);
	k[0] = IDMAP_LONG;
	memcpy(k + 1, &h, 4);
	return h;
}

static uint32_t
idmap_slot_hash(const struct idmap_slot *slot)
{
	if (slot->k[0] != IDMAP_LONG)
		return idmap_hash_inline(slot->k);
	uint32_t h;
	memcpy(&h, slot->k + 1, 4);
	return h;
}

/* Zeroed slots. A large table is probed at random, one probe an event: on
 * 4 KiB pages nearly every probe also misses the TLB (dearer still in a
 * VM), so a table of 2 MiB or more asks for huge pages. */
static struct idmap_slot *
idmap_slots_new(size_t n, int *mapped)
{
	size_t bytes = n * sizeof(struct idmap_slot);
	*mapped = 0;
	if (bytes >= (2u << 20)) {
		void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			madvise(p, bytes, MADV_HUGEPAGE); /* a hint: without it, small pages */
			*mapped = 1;
			return p;
		}
	}
	return fr_xcalloc(n, sizeof(struct idmap_slot));
}

static void
idmap_slots_free(struct idmap_slot *slots, size_t n, int mapped)
{
	if (mapped)
		munmap(slots, n * sizeof *slots);
	else
		free(slots);
}

struct fr_idmap *
fr_idmap_new(void)
{
	struct fr_idmap *m = fr_xcalloc(1, sizeof *m);
	m->mask = 63;
	m->slots = idmap_slots_new(m->mask + 1, &m->mapped);
	return m;
}

void
fr_idmap_free(struct fr_idmap *m)
{
	if (m == NULL)
		return;
	fr_arena_free(&m->strings);
	free(m->longs);
	idmap_slots_free(m->slots, m->mask + 1, m->mapped);
	free(m);
}

/* The slot of s: its own, or the empty one where it would go. */
static size_t
idmap_find(const struct fr_idmap *m, const char *s, size_t len, const unsigned char *k, uint32_t h)
{
	size_t i = h & m->mask;
	if (k[0] != IDMAP_LONG) {
		for (;; i = (i + 1) & m->mask) {
			const struct idmap_slot *slot = &m->slots[i];
			if (slot->key == 0 || memcmp(slot->k, k, sizeof slot->k) == 0)
				return i;
		}
	}
	for (;; i = (i + 1) & m->mask) {
		const struct idmap_slot *slot = &m->slots[i];
		if (slot->key == 0)
			return i;
		if (memcmp(slot->k, k, 5) == 0) {
			uint32_t at;
			memcpy(&at, slot->k + 5, 4);
			const char *str = m->longs[at];
			if (memcmp(str, s, len) == 0 && str[len] == '\0')
				return i;
		}
	}
}

static void
idmap_grow(struct fr_idmap *m)
{
	size_t n = (m->mask + 1) * 2, oldn = m->mask + 1;
	struct idmap_slot *old = m->slots;
	int old_mapped = m->mapped;
	m->slots = idmap_slots_new(n, &m->mapped);
	m->mask = n - 1;
	for (size_t j = 0; j < oldn; j++) {
		if (old[j].key == 0)
			continue;
		size_t i = idmap_slot_hash(&old[j]) & m->mask;
		while (m->slots[i].key != 0)
			i = (i + 1) & m->mask;
		m->slots[i] = old[j];
	}
	idmap_slots_free(old, oldn, old_mapped);
}

/* Keeps a long id in the arena; its index in longs. */
static uint32_t
idmap_store(struct fr_idmap *m, const char *s, size_t len)
{
	const char *p = fr_arena_copy(&m->strings, s, len);
	if (m->nlongs == m->longs_cap) {
		m->longs_cap = m->longs_cap ? m->longs_cap + m->longs_cap / 2 : 64;
		m->longs = fr_xreallocarray(m->longs, m->longs_cap, sizeof *m->longs);
	}
	m->longs[m->nlongs] = p;
	return (uint32_t)m->nlongs++;
}

uint32_t
fr_idmap_put(struct fr_idmap *m, const char *s, size_t len, int *added)
{
	struct fr_idmap_probe p;
	p.hash = idmap_key(s, len, p.k);
	return fr_idmap_put_probe(m, &p, s, len, added);
}

uint32_t
fr_idmap_put_probe(struct fr_idmap *m, const struct fr_idmap_probe *p, const char *s, size_t len,
                   int *added)
{
	unsigned char k[FR_IDMAP_INLINE + 1];
	memcpy(k, p->k, sizeof k);
	uint32_t h = p->hash;
	size_t i = idmap_find(m, s, len, k, h);
	struct idmap_slot *slot = &m->slots[i];
	if (slot->key != 0) {
		*added = 0;
		return slot->key - 1;
	}
	if (k[0] == IDMAP_LONG) {
		uint32_t at = idmap_store(m, s, len);
		memcpy(k + 5, &at, 4);
	}
	uint32_t key = (uint32_t)m->count++;
	slot->key = key + 1;
	memcpy(slot->k, k, sizeof slot->k);
	/* at most 80 % full: four slots share a cache line, so a probe mostly
	 * reads one line, and the table stays near 20 bytes an id */
	if (m->count * 5 > (m->mask + 1) * 4)
		idmap_grow(m);
	*added = 1;
	return key;
}

uint32_t
fr_idmap_get(const struct fr_idmap *m, const char *s, size_t len)
{
	unsigned char k[FR_IDMAP_INLINE + 1];
	uint32_t h = idmap_key(s, len, k);
	size_t i = idmap_find(m, s, len, k, h);
	return m->slots[i].key != 0 ? m->slots[i].key - 1 : FR_IDMAP_NONE;
}

void
fr_idmap_probe(const struct fr_idmap *m, const char *s, size_t len, struct fr_idmap_probe *p)
{
	p->hash = idmap_key(s, len, p->k);
	__builtin_prefetch(&m->slots[p->hash & m->mask]);
}

uint32_t
fr_idmap_get_probe(const struct fr_idmap *m, const struct fr_idmap_probe *p, const char *s, size_t len)
{
	size_t i = idmap_find(m, s, len, p->k, p->hash);
	return m->slots[i].key != 0 ? m->slots[i].key - 1 : FR_IDMAP_NONE;
}

size_t
fr_idmap_count(const struct fr_idmap *m)
{
	return m->count;
}

size_t
fr_idmap_bytes(const struct fr_idmap *m)
{
	return (m->mask + 1) * sizeof *m->slots + m->longs_cap * sizeof *m->longs + m->strings.bytes;
}
