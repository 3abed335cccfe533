/* tmpl.c: the Mustache-subset template engine of tmpl.h and its values. */
#include "base/tmpl.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/interrupt.h"
#include "base/util.h"

/* Hostile templates must not exhaust the C stack: rendering recurses once per
 * open section and per partial, so both depths are capped. */
#define TMPL_MAX_SECTIONS 64
#define TMPL_MAX_PARTIALS 16
/* Names in messages are cut here, so a runaway tag cannot flood a message. */
#define TMPL_MSG_NAME 60

#define TMPL_NPOS SIZE_MAX

/* ---- values ------------------------------------------------------------ */

enum tv_kind { TV_STR, TV_BOOL, TV_LIST, TV_OBJ };

struct fr_tv {
	enum tv_kind kind;
	bool b;
	char *s;
	struct fr_tv **items; /* list items, or object values */
	char **keys;          /* object keys, parallel to items */
	size_t n, cap;
};

static struct fr_tv *
tv_new(enum tv_kind kind)
{
	struct fr_tv *v = fr_xcalloc(1, sizeof *v);
	v->kind = kind;
	return v;
}

struct fr_tv *
fr_tv_str(const char *s)
{
	return fr_tv_str_take(fr_xstrdup(s != NULL ? s : ""));
}

struct fr_tv *
fr_tv_str_take(char *s)
{
	struct fr_tv *v = tv_new(TV_STR);
	v->s = s != NULL ? s : fr_xstrdup("");
	return v;
}

struct fr_tv *
fr_tv_bool(bool b)
{
	struct fr_tv *v = tv_new(TV_BOOL);
	v->b = b;
	return v;
}

struct fr_tv *
fr_tv_list(void)
{
	return tv_new(TV_LIST);
}

struct fr_tv *
fr_tv_obj(void)
{
	return tv_new(TV_OBJ);
}

void
fr_tv_free(struct fr_tv *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++) {
		fr_tv_free(v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->s);
	free(v);
}

static void
tv_append(struct fr_tv *v, char *key, struct fr_tv *item)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = fr_xreallocarray(v->items, v->cap, sizeof *v->items);
		if (v->kind == TV_OBJ)
			v->keys = fr_xreallocarray(v->keys, v->cap, sizeof *v->keys);
	}
	if (v->kind == TV_OBJ)
		v->keys[v->n] = key;
	v->items[v->n++] = item;
}

struct fr_tv *
fr_tv_push(struct fr_tv *list, struct fr_tv *item)
{
	/* The item was handed over even when the call is a mistake: free it
	 * rather than leak it, and return NULL so a chained set is a no-op. */
	if (list == NULL || list->kind != TV_LIST || item == NULL) {
		fr_tv_free(item);
		return NULL;
	}
	tv_append(list, NULL, item);
	return item;
}

struct fr_tv *
fr_tv_set(struct fr_tv *obj, const char *key, struct fr_tv *value)
{
	if (obj == NULL || obj->kind != TV_OBJ || key == NULL) {
		fr_tv_free(value);
		return NULL;
	}
	for (size_t i = 0; i < obj->n; i++) {
		if (strcmp(obj->keys[i], key) != 0)
			continue;
		fr_tv_free(obj->items[i]);
		if (value != NULL) {
			/* Replacing keeps the key's place, so insertion order holds. */
			obj->items[i] = value;
			return value;
		}
		/* A NULL value unsets the key: a stored NULL would shadow outer contexts. */
		free(obj->keys[i]);
		memmove(obj->keys + i, obj->keys + i + 1, (obj->n - i - 1) * sizeof *obj->keys);
		memmove(obj->items + i, obj->items + i + 1, (obj->n - i - 1) * sizeof *obj->items);
		obj->n--;
		return NULL;
	}
	if (value != NULL)
		tv_append(obj, fr_xstrdup(key), value);
	return value;
}

void
fr_tv_set_str(struct fr_tv *obj, const char *key, const char *s)
{
	fr_tv_set(obj, key, fr_tv_str(s));
}

void
fr_tv_set_bool(struct fr_tv *obj, const char *key, bool b)
{
	fr_tv_set(obj, key, fr_tv_bool(b));
}

/* The value of key (n bytes, not NUL-terminated) in obj, or NULL. */
static const struct fr_tv *
tv_get(const struct fr_tv *obj, const char *key, size_t n)
{
	if (obj == NULL || obj->kind != TV_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++) {
		if (strlen(obj->keys[i]) == n && memcmp(obj->keys[i], key, n) == 0)
			return obj->items[i];
	}
	return NULL;
}

static bool
tv_truthy(const struct fr_tv *v)
{
	if (v == NULL)
		return false;
	switch (v->kind) {
	case TV_STR: return v->s[0] != '\0';
	case TV_BOOL: return v->b;
	case TV_LIST: return v->n > 0;
	case TV_OBJ: return true;
	}
	return false;
}

/* ---- parsing ------------------------------------------------------------- */

/*
 * A parsed template is a flat array of nodes pointing into its text. A
 * section's body is the nodes after it up to its end index, so matching the
 * closing tag is done once, at parse time.
 */
enum node_kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };

struct node {
	enum node_kind kind;
	const char *s; /* the text, or the name */
	size_t len;
	size_t end; /* sections: the index just past the last node of the body */
	int line;
};

struct tmpl_tree {
	const char *name; /* for messages */
	struct node *nodes;
	size_t n, cap;
};

/* Tag kinds seen by the parser; close and comment make no node. */
enum tag_kind { T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_PARTIAL, T_COMMENT };

static int tmpl_error(char **err, const char *name, int line, const char *fmt, ...) FR_PRINTF(4, 5);

static int
tmpl_error(char **err, const char *name, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = fr_xvasprintf(fmt, ap);
	va_end(ap);
	int rc = fr_fail(err, FR_EIO, "template %s:%d: %s", name, line, msg);
	free(msg);
	return rc;
}

static int
msg_len(size_t n)
{
	return (int)(n < TMPL_MSG_NAME ? n : TMPL_MSG_NAME);
}

/* The first occurrence of pat (n bytes) in text[from, len), or TMPL_NPOS. */
static size_t
tmpl_find(const char *text, size_t len, size_t from, const char *pat, size_t n)
{
	for (size_t i = from; i + n <= len; i++) {
		if (memcmp(text + i, pat, n) == 0)
			return i;
	}
	return TMPL_NPOS;
}

static bool
tmpl_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static struct node *
tree_add(struct tmpl_tree *t, enum node_kind kind, const char *s, size_t len, int line)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->nodes = fr_xreallocarray(t->nodes, t->cap, sizeof *t->nodes);
	}
	struct node *nd = &t->nodes[t->n++];
	*nd = (struct node){.kind = kind, .s = s, .len = len, .end = 0, .line = line};
	return nd;
}

static void
tree_text(struct tmpl_tree *t, const char *s, size_t len, int line)
{
	if (len > 0)
		tree_add(t, N_TEXT, s, len, line);
}

/*
 * Checks a name: no white space or braces (a typo such as "{{a b}}" or a
 * stray "{{" inside a tag should fail, not render nothing) and, for a value
 * name, no empty part between dots. Partial names are file-like and may
 * hold dots anywhere.
 */
static int
tmpl_check_name(const struct tmpl_tree *t, int line, enum tag_kind k, const char *tag, size_t tlen,
                const char *s, size_t n, char **err)
{
	if (n == 0)
		return tmpl_error(err, t->name, line, "%.*s has no name", msg_len(tlen), tag);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == '{' || c == '}')
			return tmpl_error(err, t->name, line, "bad name \"%.*s\" in a tag",
			                  msg_len(n), s);
	}
	if (k == T_PARTIAL || (n == 1 && s[0] == '.'))
		return FR_OK;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && (i == 0 || i + 1 == n || s[i + 1] == '.'))
			return tmpl_error(err, t->name, line, "bad dotted name \"%.*s\"",
			                  msg_len(n), s);
	}
	return FR_OK;
}

static int
tmpl_parse(struct tmpl_tree *t, const char *text, size_t len, char **err)
{
	size_t open[TMPL_MAX_SECTIONS]; /* the nodes of the sections not yet closed */
	int nopen = 0;
	size_t pos = 0;     /* start of the text not yet in a node */
	size_t counted = 0; /* newlines before this are counted in line */
	int line = 1;

	for (;;) {
		size_t at = tmpl_find(text, len, pos, "{{", 2);
		if (at == TMPL_NPOS)
			break;
		for (; counted < at; counted++)
			line += text[counted] == '\n';

		/* Find the tag's kind, its name [nb, ne) and its end. */
		enum tag_kind k;
		size_t nb, ne, end;
		size_t p = at + 2;
		if (p < len && text[p] == '{') {
			size_t close = tmpl_find(text, len, p + 1, "}}}", 3);
			if (close == TMPL_NPOS)
				return tmpl_error(err, t->name, line, "unclosed {{{");
			k = T_RAW, nb = p + 1, ne = close, end = close + 3;
		} else {
			size_t close = tmpl_find(text, len, p, "}}", 2);
			if (close == TMPL_NPOS)
				return tmpl_error(err, t->name, line, "unclosed {{");
			end = close + 2;
			while (p < close && tmpl_is_space(text[p]))
				p++;
			k = T_VAR;
			switch (p < close ? text[p] : '\0') {
			case '#': k = T_SECTION; break;
			case '^': k = T_INVERTED; break;
			case '/': k = T_CLOSE; break;
			case '>': k = T_PARTIAL; break;
			case '!': k = T_COMMENT; break;
			case '&': k = T_RAW; break;
			case '=':
				return tmpl_error(err, t->name, line,
				                  "{{= (new delimiters) is not supported");
			default: break;
			}
			if (k != T_VAR)
				p++;
			nb = p, ne = close;
		}
		while (nb < ne && tmpl_is_space(text[nb]))
			nb++;
		while (ne > nb && tmpl_is_space(text[ne - 1]))
			ne--;
		const char *name = text + nb;
		size_t nlen = ne - nb;
		if (k != T_COMMENT) {
			int rc = tmpl_check_name(t, line, k, text + at, end - at, name, nlen, err);
			if (rc != FR_OK)
				return rc;
		}

		/* A standalone tag takes its whole line: the white space before it
		 * and after it and the newline, so block tags leave no blank lines. */
		size_t text_end = at, next = end;
		if (k != T_VAR && k != T_RAW) {
			size_t ls = at;
			while (ls > pos && (text[ls - 1] == ' ' || text[ls - 1] == '\t'))
				ls--;
			/* text[ls - 1] is '}' when another tag ends on this line. */
			if (ls == 0 || text[ls - 1] == '\n') {
				size_t q = end;
				while (q < len && (text[q] == ' ' || text[q] == '\t'))
					q++;
				if (q == len || text[q] == '\n' ||
				    (text[q] == '\r' && q + 1 < len && text[q + 1] == '\n')) {
					text_end = ls;
					next = q == len ? q : text[q] == '\n' ? q + 1 : q + 2;
				}
			}
		}
		tree_text(t, text + pos, text_end - pos, line);
		pos = next;

		switch (k) {
		case T_VAR: tree_add(t, N_VAR, name, nlen, line); break;
		case T_RAW: tree_add(t, N_RAW, name, nlen, line); break;
		case T_PARTIAL: tree_add(t, N_PARTIAL, name, nlen, line); break;
		case T_COMMENT: break;
		case T_SECTION:
		case T_INVERTED:
			if (nopen == TMPL_MAX_SECTIONS)
				return tmpl_error(err, t->name, line,
				                  "sections nested more than %d deep",
				                  TMPL_MAX_SECTIONS);
			open[nopen++] = t->n;
			tree_add(t, k == T_SECTION ? N_SECTION : N_INVERTED, name, nlen, line);
			break;
		case T_CLOSE: {
			if (nopen == 0)
				return tmpl_error(err, t->name, line, "{{/%.*s}} closes nothing",
				                  msg_len(nlen), name);
			struct node *o = &t->nodes[open[nopen - 1]];
			if (o->len != nlen || memcmp(o->s, name, nlen) != 0)
				return tmpl_error(err, t->name, line, "{{/%.*s}} closes {{%c%.*s}}",
				                  msg_len(nlen), name,
				                  o->kind == N_SECTION ? '#' : '^', msg_len(o->len),
				                  o->s);
			o->end = t->n;
			nopen--;
			break;
		}
		}
	}
	for (; counted < len; counted++)
		line += text[counted] == '\n';
	tree_text(t, text + pos, len - pos, line);
	if (nopen > 0) {
		const struct node *o = &t->nodes[open[nopen - 1]];
		return tmpl_error(err, t->name, o->line, "{{%c%.*s}} is never closed",
		                  o->kind == N_SECTION ? '#' : '^', msg_len(o->len), o->s);
	}
	return FR_OK;
}

/* ---- rendering ----------------------------------------------------------- */

/* The context stack lives on the C stack, one link per open section. */
struct tmpl_ctx {
	const struct fr_tv *v;
	const struct tmpl_ctx *up;
};

/* Each partial is parsed once per render, however often it is used. */
struct tmpl_partial {
	char *name;
	struct tmpl_tree tree;
	struct tmpl_partial *next;
};

struct tmpl_render {
	const struct fr_tmpl_env *env;
	struct fr_buf *out;
	struct tmpl_partial *partials;
	int depth; /* partials open now */
	uint64_t steps, max_steps;
	char **err;
};

/*
 * The first part of a dotted name is looked up from the innermost context
 * outwards; the rest only inside what it found (as Mustache does), so a.b
 * never picks up a b from an unrelated outer a.
 */
static const struct fr_tv *
tmpl_lookup(const struct tmpl_ctx *c, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return c->v;
	const char *dot = memchr(name, '.', len);
	size_t seg = dot != NULL ? (size_t)(dot - name) : len;
	const struct fr_tv *v = NULL;
	for (; c != NULL && v == NULL; c = c->up)
		v = tv_get(c->v, name, seg);
	while (v != NULL && seg < len) {
		name += seg + 1, len -= seg + 1;
		dot = memchr(name, '.', len);
		seg = dot != NULL ? (size_t)(dot - name) : len;
		v = tv_get(v, name, seg);
	}
	return v;
}

/* Lists and objects have no text form and render as nothing. */
static void
tmpl_put_value(struct tmpl_render *r, const struct fr_tv *v, bool raw)
{
	if (v == NULL)
		return;
	const char *s;
	switch (v->kind) {
	case TV_STR: s = v->s; break;
	case TV_BOOL: s = v->b ? "true" : "false"; break;
	default: return;
	}
	if (raw)
		fr_buf_puts(r->out, s);
	else
		r->env->escape(r->out, s);
}

static int tmpl_render_nodes(struct tmpl_render *r, const struct tmpl_tree *t, size_t from,
                             size_t to, const struct tmpl_ctx *c);

static void
tmpl_partials_free(struct tmpl_partial *p)
{
	while (p != NULL) {
		struct tmpl_partial *next = p->next;
		free(p->tree.nodes);
		free(p->name);
		free(p);
		p = next;
	}
}

static int
tmpl_render_partial(struct tmpl_render *r, const struct tmpl_tree *t, const struct node *nd,
                    const struct tmpl_ctx *c)
{
	if (r->depth >= TMPL_MAX_PARTIALS)
		return tmpl_error(r->err, t->name, nd->line,
		                  "{{>%.*s}}: partials nested more than %d deep", msg_len(nd->len),
		                  nd->s, TMPL_MAX_PARTIALS);
	struct tmpl_partial *p;
	for (p = r->partials; p != NULL; p = p->next) {
		if (strlen(p->name) == nd->len && memcmp(p->name, nd->s, nd->len) == 0)
			break;
	}
	if (p == NULL) {
		char *pname = fr_xstrndup(nd->s, nd->len);
		const char *ptext = NULL;
		size_t plen = 0;
		if (r->env->partial == NULL ||
		    r->env->partial(r->env->partial_ctx, pname, &ptext, &plen) != 0) {
			free(pname);
			return tmpl_error(r->err, t->name, nd->line, "{{>%.*s}}: no such partial",
			                  msg_len(nd->len), nd->s);
		}
		p = fr_xcalloc(1, sizeof *p);
		p->name = pname;
		p->tree.name = pname;
		int rc = tmpl_parse(&p->tree, ptext != NULL ? ptext : "", ptext != NULL ? plen : 0,
		                    r->err);
		if (rc != FR_OK) {
			tmpl_partials_free(p);
			return rc;
		}
		p->next = r->partials;
		r->partials = p;
	}
	r->depth++;
	int rc = tmpl_render_nodes(r, &p->tree, 0, p->tree.n, c);
	r->depth--;
	return rc;
}

static int
tmpl_render_section(struct tmpl_render *r, const struct tmpl_tree *t, size_t i,
                    const struct tmpl_ctx *c)
{
	const struct node *nd = &t->nodes[i];
	const struct fr_tv *v = tmpl_lookup(c, nd->s, nd->len);
	if (nd->kind == N_INVERTED)
		return tv_truthy(v) ? FR_OK : tmpl_render_nodes(r, t, i + 1, nd->end, c);
	if (!tv_truthy(v))
		return FR_OK;
	if (v->kind == TV_BOOL)
		return tmpl_render_nodes(r, t, i + 1, nd->end, c);
	if (v->kind == TV_LIST) {
		for (size_t j = 0; j < v->n; j++) {
			struct tmpl_ctx item = {v->items[j], c};
			int rc = tmpl_render_nodes(r, t, i + 1, nd->end, &item);
			if (rc != FR_OK)
				return rc;
		}
		return FR_OK;
	}
	struct tmpl_ctx top = {v, c};
	return tmpl_render_nodes(r, t, i + 1, nd->end, &top);
}

static int
tmpl_render_nodes(struct tmpl_render *r, const struct tmpl_tree *t, size_t from, size_t to,
                  const struct tmpl_ctx *c)
{
	for (size_t i = from; i < to; i++) {
		const struct node *nd = &t->nodes[i];
		int rc = FR_OK;
		if (++r->steps > r->max_steps)
			return tmpl_error(r->err, t->name, nd->line,
			                  "rendering takes over %llu steps (sections nested over long lists?)",
			                  (unsigned long long)r->max_steps);
		/* a page of thousands of tables is millions of steps: a signal stops it */
		if ((r->steps & 0xffff) == 0 && fr_interrupt_pending())
			return fr_fail(r->err, FR_EINTR, "interrupted");
		switch (nd->kind) {
		case N_TEXT: fr_buf_put(r->out, nd->s, nd->len); break;
		case N_VAR: tmpl_put_value(r, tmpl_lookup(c, nd->s, nd->len), false); break;
		case N_RAW: tmpl_put_value(r, tmpl_lookup(c, nd->s, nd->len), true); break;
		case N_PARTIAL: rc = tmpl_render_partial(r, t, nd, c); break;
		case N_SECTION:
		case N_INVERTED:
			rc = tmpl_render_section(r, t, i, c);
			i = nd->end - 1;
			break;
		}
		if (rc != FR_OK)
			return rc;
	}
	return FR_OK;
}

int
fr_tmpl_render(const struct fr_tmpl_env *env, const char *name, const char *text, size_t len,
               const struct fr_tv *root, struct fr_buf *out, char **err)
{
	if (name == NULL)
		name = "(unnamed)";
	if (env == NULL || env->escape == NULL)
		return fr_fail(err, FR_EIO, "template %s: no escape function", name);
	if (text == NULL) {
		if (len > 0)
			return fr_fail(err, FR_EIO, "template %s: no text", name);
		text = "";
	}
	struct tmpl_tree t = {.name = name};
	/* On failure the output is cut back, so a half page never looks whole. */
	size_t mark = out->len;
	int rc = tmpl_parse(&t, text, len, err);
	if (rc == FR_OK) {
		struct tmpl_render r = {.env = env, .out = out, .err = err};
		r.max_steps = env->max_steps ? env->max_steps : FR_TMPL_MAX_STEPS;
		struct tmpl_ctx c = {root, NULL};
		rc = tmpl_render_nodes(&r, &t, 0, t.n, &c);
		tmpl_partials_free(r.partials);
	}
	free(t.nodes);
	if (rc != FR_OK && out->ptr != NULL) {
		out->len = mark;
		out->ptr[mark] = '\0';
	}
	return rc;
}
