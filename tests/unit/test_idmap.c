/* test_idmap.c: the user id map against the string table it replaced for ids. */
#include "support.h"

#include "base/idmap.h"
#include "base/intern.h"

/* A pseudo-random id: mostly digits (as the demo's and Kaggle's), some
 * letters, lengths around the inline limit and well past it. */
static size_t
make_id(uint64_t *seed, char *buf)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	uint64_t r = *seed >> 11;
	static const size_t lens[] = {0, 1, 6, 10, 10, 10, 11, 11, 12, 13, 20, 36, 40};
	size_t len = lens[r % (sizeof lens / sizeof lens[0])];
	r /= 13;
	/* a small alphabet, so that ids of one length often repeat */
	for (size_t i = 0; i < len; i++) {
		buf[i] = (char)((r & 1) ? '0' + r % 10 : 'a' + r % 3);
		r = r * 2862933555777941757ULL + 3037000493ULL;
		r ^= r >> 29;
		if (i % 3 == 2 && (*seed & 7) == 0)
			r = 1; /* a run of one character */
	}
	buf[len] = '\0';
	return len;
}

/* The same key as the string table's code, for every id, through several
 * doublings of the table (small slots, then the mapped ones): keys dense
 * in order of first appearance, found again, absent ones absent. */
static void
test_against_intern(void **state)
{
	(void)state;
	struct fr_idmap *m = fr_idmap_new();
	struct fr_intern *ref = fr_intern_new();
	uint64_t seed = 42;
	char id[64];
	for (int i = 0; i < 400000; i++) {
		size_t len = make_id(&seed, id);
		int a1, a2;
		uint32_t want = fr_intern_put(ref, id, len, &a1);
		uint32_t got = fr_idmap_put(m, id, len, &a2);
		assert_int_equal(got, want);
		assert_int_equal(a2, a1);
	}
	assert_int_equal(fr_idmap_count(m), fr_intern_count(ref));
	assert_true(fr_idmap_count(m) > 200000); /* past 2 MiB of slots */
	for (uint32_t c = 0; c < fr_intern_count(ref); c++) {
		const char *s = fr_intern_str(ref, c);
		assert_int_equal(fr_idmap_get(m, s, strlen(s)), c);
	}
	/* near misses: one byte longer, shorter or changed */
	for (uint32_t c = 0; c < 20000; c++) {
		const char *s = fr_intern_str(ref, c);
		size_t len = strlen(s);
		memcpy(id, s, len);
		id[len] = '~';
		assert_int_equal(fr_idmap_get(m, id, len + 1), FR_IDMAP_NONE);
		if (len > 0) {
			id[len - 1] = '~';
			assert_int_equal(fr_idmap_get(m, id, len), FR_IDMAP_NONE);
			if (fr_intern_get(ref, s, len - 1) == FR_INTERN_NONE)
				assert_int_equal(fr_idmap_get(m, s, len - 1), FR_IDMAP_NONE);
		}
	}
	assert_true(fr_idmap_bytes(m) >= fr_idmap_count(m) * 16);
	fr_intern_free(ref);
	fr_idmap_free(m);
}

/* Probes made eight ids ahead, as the extract makes them, the table
 * doubling between a probe and its use: the same keys as plain puts and
 * gets. */
static void
test_probes_ahead(void **state)
{
	(void)state;
	enum { AHEAD = 8, N = 300000 };
	struct fr_idmap *m = fr_idmap_new();
	struct fr_intern *ref = fr_intern_new();
	static char ids[AHEAD][64];
	size_t lens[AHEAD];
	struct fr_idmap_probe probes[AHEAD];
	uint64_t seed = 7;
	for (int i = 0; i < N + AHEAD; i++) {
		int slot = i % AHEAD;
		if (i >= AHEAD) { /* the id probed AHEAD ids ago */
			int a1, a2;
			uint32_t want = fr_intern_put(ref, ids[slot], lens[slot], &a1);
			assert_int_equal(fr_idmap_put_probe(m, &probes[slot], ids[slot], lens[slot], &a2), want);
			assert_int_equal(a2, a1);
		}
		if (i < N) {
			lens[slot] = make_id(&seed, ids[slot]);
			fr_idmap_probe(m, ids[slot], lens[slot], &probes[slot]);
		}
	}
	for (uint32_t c = 0; c < fr_intern_count(ref); c++) {
		const char *s = fr_intern_str(ref, c);
		struct fr_idmap_probe p;
		fr_idmap_probe(m, s, strlen(s), &p);
		assert_int_equal(fr_idmap_get_probe(m, &p, s, strlen(s)), c);
	}
	struct fr_idmap_probe p;
	fr_idmap_probe(m, "not-an-id-at-all", 16, &p);
	assert_int_equal(fr_idmap_get_probe(m, &p, "not-an-id-at-all", 16), FR_IDMAP_NONE);
	fr_intern_free(ref);
	fr_idmap_free(m);
}

/* The edges of the inline form: the empty id, 11 bytes (inline) against
 * 12 (long) with the same start, and ids that differ only in the last byte. */
static void
test_edges(void **state)
{
	(void)state;
	struct fr_idmap *m = fr_idmap_new();
	int added;
	assert_int_equal(fr_idmap_get(m, "", 0), FR_IDMAP_NONE);
	assert_int_equal(fr_idmap_put(m, "", 0, &added), 0);
	assert_int_equal(added, 1);
	assert_int_equal(fr_idmap_put(m, "12345678901", 11, &added), 1);
	assert_int_equal(fr_idmap_put(m, "123456789012", 12, &added), 2);
	assert_int_equal(fr_idmap_put(m, "123456789013", 12, &added), 3);
	assert_int_equal(fr_idmap_put(m, "12345678901", 11, &added), 1);
	assert_int_equal(added, 0);
	assert_int_equal(fr_idmap_put(m, "", 0, &added), 0);
	assert_int_equal(added, 0);
	assert_int_equal(fr_idmap_get(m, "123456789012", 12), 2);
	assert_int_equal(fr_idmap_get(m, "123456789013", 12), 3);
	assert_int_equal(fr_idmap_get(m, "1234567890", 10), FR_IDMAP_NONE);
	assert_int_equal(fr_idmap_get(m, "1234567890123", 13), FR_IDMAP_NONE);
	/* a NUL-padded prefix is not the same id */
	assert_int_equal(fr_idmap_get(m, "12345678901\0", 12), FR_IDMAP_NONE);
	assert_int_equal(fr_idmap_count(m), 4);
	fr_idmap_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_against_intern),
	    cmocka_unit_test(test_probes_ahead),
	    cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
