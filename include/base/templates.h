/* templates.h: the templates compiled into the binary, and a directory that
 * may override any of them (--templates DIR). */
#ifndef FR_TEMPLATES_H
#define FR_TEMPLATES_H

#include <stddef.h>

#include "base/buf.h"

struct fr_embedded {
	const char *name; /* path below templates/, e.g. "sql/model.sql" */
	const char *data; /* NUL-terminated */
	size_t len;
};

/* Generated at build time; ends with a {NULL, NULL, 0} entry. */
extern const struct fr_embedded fr_embedded_files[];

struct fr_templates;

/* A template set reading overrides from dir first (dir may be NULL). */
struct fr_templates *fr_templates_new(const char *dir);
void fr_templates_free(struct fr_templates *t);

/*
 * Finds template name; *text stays owned by t and lives as long as t.
 * An override file that exists but cannot be read is an error.
 */
int fr_templates_get(struct fr_templates *t, const char *name, const char **text, size_t *len,
                     char **err);

/* One {{key}} of a template and its replacement. */
struct fr_subst {
	const char *key;
	const char *value;
};

/*
 * Replaces each {{key}} in text by its value from subst (n entries) into out.
 * Used for SQL, where every value is an identifier list we generated, never
 * data. An unknown key is an internal error naming it.
 */
int fr_templates_subst(const char *name, const char *text, const struct fr_subst *subst, size_t n,
                       struct fr_buf *out, char **err);

#endif
