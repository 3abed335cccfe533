/* intern.h: a string table that gives each distinct string a small dense
 * code and keeps the string, for pages and attribute values (user ids, which
 * need no string back, are in idmap.h). Strings live in an arena (arena.h);
 * lookups are one hash probe sequence, no allocation. */
#ifndef FR_INTERN_H
#define FR_INTERN_H

#include <stddef.h>
#include <stdint.h>

#define FR_INTERN_NONE UINT32_MAX

struct fr_intern;

struct fr_intern *fr_intern_new(void);
void fr_intern_free(struct fr_intern *t);

/* The code of s (len bytes), adding it if new; *added says which. Codes are
 * 0, 1, 2, ... in order of first appearance. */
uint32_t fr_intern_put(struct fr_intern *t, const char *s, size_t len, int *added);
/* The code of s, or FR_INTERN_NONE. */
uint32_t fr_intern_get(const struct fr_intern *t, const char *s, size_t len);
/* The string of a code (NUL-terminated, owned by t). */
const char *fr_intern_str(const struct fr_intern *t, uint32_t code);
size_t fr_intern_count(const struct fr_intern *t);

#endif
