/* html.c: HTML through the templates: the report model becomes template
 * values, the layout lives in templates/html/. */
#include "render/html.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/analysis.h"
#include "render/chart.h"
#include "base/escape.h"
#include "base/interrupt.h"
#include "base/tmpl.h"
#include "base/version.h"

struct html_partials {
	struct fr_templates *t;
	char **err;
};

static int
html_partial(void *ctx, const char *name, const char **text, size_t *len)
{
	struct html_partials *p = ctx;
	char *path = fr_xasprintf("html/%s.html", name);
	int rc = fr_templates_get(p->t, path, text, len, p->err);
	free(path);
	return rc == FR_OK ? 0 : -1;
}

static void
html_escape(struct fr_buf *out, const char *s)
{
	fr_escape_html(out, s);
}

/* A cell's class: n/a quieter, numbers right, better and worse in their
 * colours (the glyph says it too, for print and for colour blindness). */
static const char *
html_cell_class(const char *text, bool numeric)
{
	if (strcmp(text, "n/a") == 0)
		return "na";
	if (strncmp(text, FR_MARK_BETTER, strlen(FR_MARK_BETTER)) == 0)
		return numeric ? "n better" : "better";
	if (strncmp(text, FR_MARK_WORSE, strlen(FR_MARK_WORSE)) == 0)
		return numeric ? "n worse" : "worse";
	return numeric ? "n" : "";
}

/* Every block carries every key, so a lookup never falls through to an
 * outer context by accident. */
static struct fr_tv *
html_block(const struct fr_rblock *b)
{
	struct fr_tv *o = fr_tv_obj();
	fr_tv_set_bool(o, "is_text", b->kind == FR_RB_TEXT);
	fr_tv_set_bool(o, "is_note", b->kind == FR_RB_NOTE);
	fr_tv_set_bool(o, "is_tiles", b->kind == FR_RB_TILES);
	fr_tv_set_bool(o, "is_defs", b->kind == FR_RB_DEFS);
	fr_tv_set_bool(o, "is_links", b->kind == FR_RB_LINKS);
	fr_tv_set_str(o, "text", b->text ? b->text : "");
	struct fr_tv *items = fr_tv_set(o, "items", fr_tv_list());
	for (size_t i = 0; i < b->nitems; i++) {
		struct fr_tv *it = fr_tv_push(items, fr_tv_obj());
		fr_tv_set_str(it, "label", b->items[i].label);
		fr_tv_set_str(it, "value", b->items[i].value);
		fr_tv_set_str(it, "href", b->items[i].href ? b->items[i].href : "");
		fr_tv_set(it, "note", b->items[i].note ? fr_tv_str_take(fr_xstrdup(b->items[i].note)) : fr_tv_bool(false));
	}
	if (b->kind == FR_RB_FIGURE) {
		const struct fr_figure *f = b->figure;
		struct fr_tv *fig = fr_tv_set(o, "figure", fr_tv_obj());
		double w, h;
		fr_chart_size(f->chart, &w, &h);
		gchar *b64 = g_base64_encode((const guchar *)(f->svg.ptr ? f->svg.ptr : ""), f->svg.len);
		fr_tv_set(fig, "svg64", fr_tv_str_take(fr_xstrdup(b64)));
		g_free(b64);
		fr_tv_set(fig, "width", fr_tv_str_take(fr_xasprintf("%.0f", w)));
		fr_tv_set(fig, "height", fr_tv_str_take(fr_xasprintf("%.0f", h)));
		/* a phone's variant, when drawn: the same chart laid out narrow */
		if (f->svg_narrow.len > 0) {
			double nw = f->narrow_w, nh = f->narrow_h;
			gchar *n64 = g_base64_encode((const guchar *)f->svg_narrow.ptr, f->svg_narrow.len);
			struct fr_tv *narrow = fr_tv_set(fig, "narrow", fr_tv_obj());
			fr_tv_set(narrow, "svg64", fr_tv_str_take(fr_xstrdup(n64)));
			fr_tv_set(narrow, "width", fr_tv_str_take(fr_xasprintf("%.0f", nw)));
			fr_tv_set(narrow, "height", fr_tv_str_take(fr_xasprintf("%.0f", nh)));
			g_free(n64);
		} else {
			fr_tv_set_bool(fig, "narrow", false);
		}
		fr_tv_set_str(fig, "slug", f->slug);
		fr_tv_set_str(fig, "title", f->title);
		fr_tv_set_str(fig, "alt", f->alt);
	} else {
		fr_tv_set_bool(o, "figure", false);
	}
	if (b->kind == FR_RB_TABLE) {
		const struct fr_rtable *t = b->table;
		struct fr_tv *tab = fr_tv_set(o, "table", fr_tv_obj());
		fr_tv_set_str(tab, "caption", t->caption);
		struct fr_tv *head = fr_tv_set(tab, "head", fr_tv_list());
		for (size_t c = 0; c < t->ncols; c++) {
			struct fr_tv *h = fr_tv_push(head, fr_tv_obj());
			fr_tv_set_str(h, "text", t->head[c]);
			fr_tv_set_bool(h, "numeric", t->numeric[c]);
		}
		struct fr_tv *rows = fr_tv_set(tab, "rows", fr_tv_list());
		size_t header_col = t->group_col >= 0 ? (size_t)t->group_col : 0;
		/* thousands of rows are a while: a signal cuts the table short, and
		 * fr_html_render says so */
		for (size_t r = 0; r < t->nrows && ((r & 255) != 255 || !fr_interrupt_pending()); r++) {
			struct fr_tv *cells = fr_tv_set(fr_tv_push(rows, fr_tv_obj()), "cells", fr_tv_list());
			for (size_t c = 0; c < t->ncols; c++) {
				const char *text = t->cells[r * t->ncols + c];
				size_t span = 0;
				if ((int)c == t->group_col) {
					/* a group's name is one cell spanning its rows */
					if (r > 0 && strcmp(text, t->cells[(r - 1) * t->ncols + c]) == 0)
						continue;
					span = 1;
					while (r + span < t->nrows &&
					       strcmp(text, t->cells[(r + span) * t->ncols + c]) == 0)
						span++;
				}
				struct fr_tv *cell = fr_tv_push(cells, fr_tv_obj());
				fr_tv_set_str(cell, "text", text);
				fr_tv_set_bool(cell, "header", c == header_col);
				fr_tv_set(cell, "span", span > 1 ? fr_tv_str_take(fr_xasprintf("%zu", span))
				                                 : fr_tv_bool(false));
				fr_tv_set_str(cell, "class", html_cell_class(text, t->numeric[c]));
			}
		}
	} else {
		fr_tv_set_bool(o, "table", false);
	}
	return o;
}

static struct fr_tv *
html_section(const struct fr_rsection *s, bool first_appendix)
{
	struct fr_tv *o = fr_tv_obj();
	fr_tv_set_str(o, "id", s->id);
	fr_tv_set_str(o, "title", s->title);
	fr_tv_set_bool(o, "appendix", s->appendix);
	fr_tv_set_bool(o, "first_appendix", first_appendix);
	fr_tv_set(o, "summary", s->summary ? fr_tv_str_take(fr_xstrdup(s->summary)) : fr_tv_bool(false));
	struct fr_tv *blocks = fr_tv_set(o, "blocks", fr_tv_list());
	for (size_t i = 0; i < s->nblocks; i++)
		fr_tv_push(blocks, html_block(&s->blocks[i]));
	fr_tv_set(o, "children", fr_tv_list());
	fr_tv_set_bool(o, "has_children", false);
	return o;
}

/* The documents' links: from the report (in OUT_DIR) through docs/, from a
 * document (current, in docs/) to its siblings by name. */
static struct fr_tv *
html_docs(const struct fr_item *docs, size_t n, size_t current, bool from_doc)
{
	struct fr_tv *l = fr_tv_list();
	for (size_t i = 0; i < n; i++) {
		struct fr_tv *d = fr_tv_push(l, fr_tv_obj());
		fr_tv_set_str(d, "label", docs[i].label);
		fr_tv_set_str(d, "value", from_doc ? docs[i].value : docs[i].href);
		fr_tv_set_bool(d, "current", i == current);
	}
	return l;
}

/* The page's common values: title, generator, the stylesheet. */
static int
html_root(const struct fr_report *rep, struct fr_templates *t, struct fr_tv **out, char **err)
{
	const char *css;
	size_t csslen;
	int rc = fr_templates_get(t, "html/style.css", &css, &csslen, err);
	if (rc != FR_OK)
		return rc;
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_str(root, "title", rep->title);
	fr_tv_set_str(root, "lede", rep->lede);
	fr_tv_set_str(root, "generated", rep->generated);
	fr_tv_set_str(root, "generator", "funnel-report " FR_VERSION);
	fr_tv_set(root, "css", fr_tv_str_take(fr_xstrndup(css, csslen)));
	*out = root;
	return FR_OK;
}

static int
html_render(struct fr_templates *t, const char *name, const struct fr_tv *root, struct fr_buf *out,
            char **err)
{
	const char *text;
	size_t len;
	int rc = fr_templates_get(t, name, &text, &len, err);
	if (rc != FR_OK)
		return rc;
	struct html_partials parts = {t, err};
	struct fr_tmpl_env env = {html_escape, html_partial, &parts, 0};
	return fr_tmpl_render(&env, name, text, len, root, out, err);
}

int
fr_html_render(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	struct fr_templates *t = rep->templates;
	struct fr_tv *root;
	int rc = html_root(rep, t, &root, err);
	if (rc != FR_OK)
		return rc;
	struct fr_tv *secs = fr_tv_set(root, "sections", fr_tv_list());
	struct fr_tv *part = NULL;
	for (size_t i = 0; i < rep->nsecs && !fr_interrupt_pending(); i++) {
		const struct fr_rsection *s = &rep->secs[i];
		if (s->level > 1 && part != NULL) {
			/* a breakdown folds inside the part before it */
			struct fr_tv *kids = fr_tv_set(part, "children", fr_tv_list());
			fr_tv_set_bool(part, "has_children", true);
			for (; i < rep->nsecs && rep->secs[i].level > 1; i++) {
				if (fr_interrupt_pending())
					break; /* and the loop above ends too */
				fr_tv_push(kids, html_section(&rep->secs[i], false));
			}
			i--;
			continue;
		}
		part = fr_tv_push(secs, html_section(s, i == rep->nstory));
	}
	fr_tv_set(root, "docs", html_docs(rep->docs, rep->ndocs, SIZE_MAX, false));
	fr_tv_set_bool(root, "has_docs", rep->ndocs > 0);
	if (fr_interrupt_pending()) /* the template engine looks again while it renders */
		rc = fr_fail(err, FR_EINTR, "interrupted");
	else
		rc = html_render(t, "html/page.html", root, out, err);
	fr_tv_free(root);
	return rc;
}

int
fr_html_doc(const struct fr_report *rep, const char *doc_title, const char *body, size_t current,
            struct fr_buf *out, char **err)
{
	struct fr_templates *t = rep->templates;
	struct fr_tv *root;
	int rc = html_root(rep, t, &root, err);
	if (rc != FR_OK)
		return rc;
	fr_tv_set_str(root, "doc_title", doc_title);
	fr_tv_set_str(root, "body", body);
	fr_tv_set(root, "docs", html_docs(rep->docs, rep->ndocs, current, true));
	rc = html_render(t, "html/doc.html", root, out, err);
	fr_tv_free(root);
	return rc;
}
