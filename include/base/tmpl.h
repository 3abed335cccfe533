/* tmpl.h: a small logic-less template engine (a subset of Mustache) for the
 * report's HTML layout and the system design documents.
 *
 * Syntax:
 *   {{name}}        the value, escaped by the renderer's escape function
 *   {{{name}}}      the value as it is (raw): only for markup we made
 *   {{&name}}       the same as {{{name}}}
 *   {{#name}}...{{/name}}  a list: the block once per item, the item on top
 *                   of the context; a true boolean, a non-empty string or an
 *                   object: the block once (an object goes on top);
 *                   false, missing, empty string, empty list: not at all
 *   {{^name}}...{{/name}}  the block only where {{#name}} would not render
 *   {{>name}}       the partial template called name, in the current context
 *   {{! comment }}  nothing
 *   {{.}}           the current value (a string item of a list)
 *   a.b             a dotted name looks up a, then b inside it
 * Names are looked up from the innermost context outwards. A missing name
 * renders as nothing. Standalone section, partial and comment tags (alone on
 * their line apart from white space) take their line with them.
 */
#ifndef FR_TMPL_H
#define FR_TMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* ---- values ------------------------------------------------------------ */

/* A template value: a string, a boolean, a list or an object. A value owns
 * everything it holds; adding a value to a list or an object hands it over. */
struct fr_tv;

struct fr_tv *fr_tv_str(const char *s);
/* Takes ownership of s (allocated), to avoid a copy of large texts. */
struct fr_tv *fr_tv_str_take(char *s);
struct fr_tv *fr_tv_bool(bool b);
struct fr_tv *fr_tv_list(void);
struct fr_tv *fr_tv_obj(void);
void fr_tv_free(struct fr_tv *v);

/* Appends item to list (which takes it); returns item. */
struct fr_tv *fr_tv_push(struct fr_tv *list, struct fr_tv *item);
/* Sets key of obj to value (obj takes value, replacing an earlier one);
 * returns value. */
struct fr_tv *fr_tv_set(struct fr_tv *obj, const char *key, struct fr_tv *value);
/* Shorthands for fr_tv_set with a string or a boolean. */
void fr_tv_set_str(struct fr_tv *obj, const char *key, const char *s);
void fr_tv_set_bool(struct fr_tv *obj, const char *key, bool b);

/* ---- templates ----------------------------------------------------------- */

/* Finds the text of a partial by name; returns 0 and sets *text and *len
 * (owned by the callee, alive during the render), or -1 if there is none. */
typedef int (*fr_tmpl_partial_fn)(void *ctx, const char *name, const char **text, size_t *len);
/* Appends s, escaped for the output format, to out. */
typedef void (*fr_tmpl_escape_fn)(struct fr_buf *out, const char *s);

struct fr_tmpl_env {
	fr_tmpl_escape_fn escape;  /* required */
	fr_tmpl_partial_fn partial; /* may be NULL: then {{>name}} is an error */
	void *partial_ctx;
	/* At most this many template nodes rendered (0: FR_TMPL_MAX_STEPS), so
	 * sections nested over long lists cannot run for ever. */
	uint64_t max_steps;
};

/* The default work cap: far above any report (the demo's page takes about
 * 80,000 steps), far below a hang. */
#define FR_TMPL_MAX_STEPS (UINT64_C(1) << 26)

/*
 * Renders the template text (len bytes; name is used in messages) with the
 * context root into out. A syntax error (an unclosed tag, a section closed
 * by another name or never closed, an unknown partial, partials nested
 * more than 16 deep) is FR_EIO with a message naming the template and line,
 * e.g. "template html/page.html:12: {{/items}} closes {{#rows}}"; so is a
 * render over the work cap. On failure out is as it was before the call.
 */
int fr_tmpl_render(const struct fr_tmpl_env *env, const char *name, const char *text, size_t len,
                   const struct fr_tv *root, struct fr_buf *out, char **err);

#endif
