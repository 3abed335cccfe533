/* pdf.c: report.pdf on Cairo's PDF surface, text set with Pango.
 *
 * The story comes first, from the first page: the title, the headline
 * numbers and the charts; then the appendix, from a page of its own, with
 * the tables and a contents of its own. The layout runs twice: a first pass
 * only measures, to learn on which page every section starts and how many
 * pages there are; the second draws, with the appendix's contents and the
 * "page N of M" footers filled in.
 *
 * Navigation is the outline (bookmarks) and page numbers, not links: the
 * link annotations of Cairo 1.16 refer to an object it never writes (qpdf
 * --check: "expected 17 0 obj"), and a relative link leads nowhere in a
 * file attached on its own.
 */
#include "render/pdf.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart.h"
#include "base/escape.h"
#include "base/interrupt.h"
#include "base/text.h"
#include "base/version.h"

#define PAGE_W 595.2756 /* A4 in points */
#define PAGE_H 841.8898
#define MARGIN_X 56.0
#define MARGIN_TOP 56.0
#define MARGIN_BOTTOM 64.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define BOTTOM (PAGE_H - MARGIN_BOTTOM)
#define FONT "DejaVu Sans"
#define TOC_LINE 15.0
/* The most of a text laid out, in bytes: about twenty lines of a
 * paragraph, a few lines of a table cell; the rest ends in "…". */
#define PDF_MAX_TEXT 2048
#define PDF_MAX_CELL 256
/* The room a figure leaves on a page for the headings above it, so that a
 * heading never stands alone at the foot of a page. */
#define PDF_HEADING_ROOM 70.0

#define INK 0x1d2330
#define MUTED 0x5b6475
#define LINE 0xd9dee7
#define PANEL 0xf2f4f8
#define ACCENT 0x0072b2

struct pdf_font {
	double size;
	int bold;
	int italic;
	unsigned color;
	int cell;       /* a table's: cut shorter */
};

/* A table's layout, measured once in the first pass and reused in the second. */
struct pdf_tlayout {
	double *w;       /* column widths */
	double *rowh;    /* row heights */
	double headh, caph;
	double conth;    /* the caption with "(continued)", over a page break */
	struct pdf_font cell, head; /* smaller than F_CELL when the table is wide */
};

struct pdf {
	const struct fr_report *rep;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;   /* one layout, set up again for every text: creating
	                        * one (and its context) per text was the cost */
	PangoAttrList *attrs;  /* every text's: no hyphens ("confirmati-on") */
	struct fr_buf clip;    /* the text of the layout, when cut */
	struct pdf_tlayout *tl;
	size_t ntl, itl;
	int draw;          /* 0: measure only; 1: draw */
	int page;          /* current page, 1-based */
	double y;
	int *sec_page;     /* [nsecs] page each section starts on (from the first pass) */
	int pages;         /* pages in all (from the first pass) */
	int outline_top;   /* outline id of the current level-1 section */
	int appendix_outline; /* outline id of the appendix */
	char **err;
	int rc;
};

static const struct pdf_font F_BODY = {9.5, 0, 0, INK, 0};
static const struct pdf_font F_SMALL = {8, 0, 0, MUTED, 0};
static const struct pdf_font F_CELL = {7.5, 0, 0, INK, 1};
static const struct pdf_font F_HEAD = {7.5, 1, 0, INK, 1};
/* The smallest a table's text gets to fit the page's width. */
#define PDF_MIN_CELL 5.5

static void
pdf_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
	                     (rgb & 0xff) / 255.0);
}

/* The layout of text in font f, wrapped at width (0: not wrapped); owned by p. */
static PangoLayout *
pdf_layout(struct pdf *p, const char *text, const struct pdf_font *f, double width)
{
	size_t max = f->cell ? PDF_MAX_CELL : PDF_MAX_TEXT;
	PangoLayout *l = p->layout;
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(fd, f->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, f->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	if (f->italic)
		pango_font_description_set_style(fd, PANGO_STYLE_OBLIQUE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	/* Long texts are cut to their room first: Pango's wrapping of a long
	 * text costs far more than its length (two 50 KB names took minutes),
	 * and a cell or a paragraph shows a few lines at most. Not valid UTF-8
	 * (never, the inputs are checked) becomes "?". */
	pango_layout_set_text(l, fr_text_clip(text, max, &p->clip), -1);
	pango_layout_set_attributes(l, p->attrs);
	pango_layout_set_width(l, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_single_paragraph_mode(l, FALSE);
	pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
	return l;
}

static double
pdf_text_height(struct pdf *p, const char *text, const struct pdf_font *f, double width)
{
	PangoLayout *l = pdf_layout(p, text, f, width);
	PangoRectangle ink, logical;
	pango_layout_get_extents(l, &ink, &logical);
	return (double)logical.height / PANGO_SCALE;
}

static double
pdf_text_width(struct pdf *p, const char *text, const struct pdf_font *f)
{
	PangoLayout *l = pdf_layout(p, text, f, 0);
	PangoRectangle ink, logical;
	pango_layout_get_extents(l, &ink, &logical);
	return (double)logical.width / PANGO_SCALE;
}

/* The width of the widest word of text, up to PDF_MAX_CELL bytes. */
static double
pdf_longest_word(struct pdf *p, const char *text, const struct pdf_font *f)
{
	double m = 0;
	char word[PDF_MAX_CELL + 1];
	for (const char *s = text; *s != '\0';) {
		size_t n = strcspn(s, " ");
		if (n > 0) {
			size_t k = n < PDF_MAX_CELL ? n : PDF_MAX_CELL;
			memcpy(word, s, k);
			word[k] = '\0';
			double w = pdf_text_width(p, word, f);
			m = w > m ? w : m;
		}
		s += n;
		while (*s == ' ')
			s++;
	}
	return m;
}

/* Draws text at (x, y) (top left); right-aligned within width when right.
 * Returns the height. Measures only in the first pass. */
static double
pdf_text(struct pdf *p, double x, double y, const char *text, const struct pdf_font *f, double width,
         int right)
{
	PangoLayout *l = pdf_layout(p, text, f, width);
	if (right && width > 0)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	PangoRectangle ink, logical;
	pango_layout_get_extents(l, &ink, &logical);
	if (p->draw) {
		pdf_rgb(p->cr, f->color);
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, l);
	}
	return (double)logical.height / PANGO_SCALE;
}

/* Draws text on one line at (x, y), ellipsized to width: for the running
 * title and the contents, where a second line would run into the next. */
static void
pdf_text_line(struct pdf *p, double x, double y, const char *text, const struct pdf_font *f,
              double width)
{
	PangoLayout *l = pdf_layout(p, text, f, width);
	pango_layout_set_single_paragraph_mode(l, TRUE);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	if (p->draw) {
		pdf_rgb(p->cr, f->color);
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, l);
	}
}

/* ---- pages -------------------------------------------------------------- */

static void
pdf_footer(struct pdf *p)
{
	if (!p->draw)
		return;
	char buf[64];
	snprintf(buf, sizeof buf, "page %d of %d", p->page, p->pages);
	pdf_text_line(p, MARGIN_X, PAGE_H - 40, p->rep->title, &F_SMALL, CONTENT_W * 0.7);
	pdf_text(p, MARGIN_X, PAGE_H - 40, buf, &F_SMALL, CONTENT_W, 1);
	pdf_rgb(p->cr, LINE);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN_X, PAGE_H - 46);
	cairo_line_to(p->cr, PAGE_W - MARGIN_X, PAGE_H - 46);
	cairo_stroke(p->cr);
}

static void
pdf_new_page(struct pdf *p)
{
	pdf_footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN_TOP;
}

/* Makes room for h points, starting a new page when they do not fit. */
static void
pdf_need(struct pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > MARGIN_TOP)
		pdf_new_page(p);
}

/* A named destination at the current point, for links and bookmarks. */
static void
pdf_dest(struct pdf *p, const char *id)
{
	if (!p->draw)
		return;
	char *attrs = fr_xasprintf("name='%s' x=%.1f y=%.1f", id, MARGIN_X, p->y);
	cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attrs);
	cairo_tag_end(p->cr, CAIRO_TAG_DEST);
	free(attrs);
}

/* ---- blocks ------------------------------------------------------------- */

static void
pdf_paragraph(struct pdf *p, const char *text, const struct pdf_font *f)
{
	double h = pdf_text_height(p, text, f, CONTENT_W);
	pdf_need(p, h);
	pdf_text(p, MARGIN_X, p->y, text, f, CONTENT_W, 0);
	p->y += h + 8;
}

static void
pdf_tiles(struct pdf *p, const struct fr_rblock *b)
{
	size_t n = b->nitems;
	if (n == 0)
		return;
	double gap = 8, w = (CONTENT_W - gap * (double)(n - 1)) / (double)n, h = 56;
	for (size_t i = 0; i < n; i++)
		if (b->items[i].note != NULL)
			h = 76; /* a change since the previous run under the label */
	pdf_need(p, h);
	static const struct pdf_font value = {15, 1, 0, INK, 0};
	for (size_t i = 0; i < n; i++) {
		double x = MARGIN_X + (double)i * (w + gap);
		if (p->draw) {
			pdf_rgb(p->cr, PANEL);
			cairo_rectangle(p->cr, x, p->y, w, h);
			cairo_fill(p->cr);
		}
		pdf_text(p, x + 8, p->y + 7, b->items[i].value, &value, w - 16, 0);
		double lh = pdf_text(p, x + 8, p->y + 30, b->items[i].label, &F_SMALL, w - 16, 0);
		if (b->items[i].note != NULL)
			pdf_text(p, x + 8, p->y + 32 + lh, b->items[i].note, &(struct pdf_font){7, 0, 0, INK, 0}, w - 16, 0);
	}
	p->y += h + 12;
}

/* Whether row r of t only repeats the group of the row before (its group
 * cell is drawn blank). */
static bool
pdf_group_repeat(const struct fr_rtable *t, size_t r)
{
	size_t g = (size_t)t->group_col;
	return t->group_col >= 0 && r > 0 && strcmp(t->cells[r * t->ncols + g], t->cells[(r - 1) * t->ncols + g]) == 0;
}

/*
 * Column widths: natural widths, with text columns narrowed (and wrapped)
 * when the table is wider than the page; and each row's height, its own:
 * measuring a wrapped cell only where its text is wider than its column. A
 * group's name stands on its first row only, so it is measured there, and
 * when it wraps taller than its rows, the group's last row takes the rest.
 */
static double
pdf_measure(struct pdf *p, const struct fr_rtable *t, struct pdf_tlayout *tl)
{
	const double pad = 10;
	double total = 0, text = 0;
	double *nat = fr_xcalloc(t->nrows * t->ncols + 1, sizeof *nat);
	free(tl->w);
	free(tl->rowh);
	tl->w = fr_xcalloc(t->ncols + 1, sizeof *tl->w);
	tl->rowh = fr_xcalloc(t->nrows + 1, sizeof *tl->rowh);
	double *w = tl->w;
	double *least = fr_xcalloc(t->ncols + 1, sizeof *least);
	for (size_t c = 0; c < t->ncols; c++) {
		/* a header wraps at its spaces: its longest word is all it needs */
		double m = pdf_longest_word(p, t->head[c], &tl->head);
		least[c] = m;
		for (size_t r = 0; r < t->nrows; r++) {
			/* a table of thousands of rows is seconds of measuring */
			if ((r & 255) == 255 && p->rc == FR_OK && fr_interrupt_pending())
				p->rc = fr_fail(p->err, FR_EINTR, "interrupted");
			if (p->rc != FR_OK)
				break;
			if ((int)c == t->group_col && pdf_group_repeat(t, r))
				continue;
			const char *cell = t->cells[r * t->ncols + c];
			double cw = pdf_text_width(p, cell, &tl->cell);
			nat[r * t->ncols + c] = cw;
			m = cw > m ? cw : m;
			if (!t->numeric[c] && r < 64) { /* a word is never broken inside */
				double lw = pdf_longest_word(p, cell, &tl->cell);
				least[c] = lw > least[c] ? lw : least[c];
			}
		}
		w[c] = m + pad;
		total += w[c];
		if (!t->numeric[c])
			text += w[c];
	}
	/* the least the table needs: numbers whole, text at its longest word */
	double need = 0;
	for (size_t c = 0; c < t->ncols; c++)
		need += t->numeric[c] ? w[c] : least[c] + pad;
	if (total > CONTENT_W) {
		/* narrow the text columns (they wrap), never below their longest
		 * word; then, if still too wide, every column alike */
		double fixed = total - text, room = CONTENT_W - fixed;
		total = 0;
		for (size_t c = 0; c < t->ncols; c++) {
			if (!t->numeric[c] && text > 0 && room > 0)
				w[c] = w[c] * room / text;
			if (!t->numeric[c] && w[c] < least[c] + pad)
				w[c] = least[c] + pad;
			total += w[c];
		}
		for (size_t c = 0; total > CONTENT_W && c < t->ncols; c++)
			w[c] = w[c] * CONTENT_W / total;
	}
	free(least);
	double line = pdf_text_height(p, "Ag", &tl->cell, 0);
	for (size_t r = 0; r < t->nrows && p->rc == FR_OK; r++) {
		double h = line;
		for (size_t c = 0; c < t->ncols; c++)
			if ((int)c != t->group_col && nat[r * t->ncols + c] > w[c] - 8) {
				double ch = pdf_text_height(p, t->cells[r * t->ncols + c], &tl->cell, w[c] - 8);
				h = ch > h ? ch : h;
			}
		tl->rowh[r] = h + 5;
	}
	for (size_t r = 0; t->group_col >= 0 && r < t->nrows && p->rc == FR_OK; r++) {
		size_t g = (size_t)t->group_col, end = r;
		while (end + 1 < t->nrows && pdf_group_repeat(t, end + 1))
			end++;
		double gh = line, rows = 0;
		if (nat[r * t->ncols + g] > w[g] - 8)
			gh = pdf_text_height(p, t->cells[r * t->ncols + g], &tl->cell, w[g] - 8);
		for (size_t i = r; i <= end; i++)
			rows += tl->rowh[i];
		if (gh + 5 > rows)
			tl->rowh[end] += gh + 5 - rows;
		r = end;
	}
	double hh = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		double ch = pdf_text_height(p, t->head[c], &tl->head, w[c] - 8);
		hh = ch > hh ? ch : hh;
	}
	tl->headh = hh + 5;
	tl->caph = pdf_text_height(p, t->caption, &F_SMALL, CONTENT_W);
	char *cont = fr_xasprintf("%s (continued)", t->caption);
	tl->conth = pdf_text_height(p, cont, &F_SMALL, CONTENT_W);
	free(cont);
	free(nat);
	return need;
}

/* Measures a table at the cell size that fits the page: one that would
 * have to break its numbers is set smaller, down to PDF_MIN_CELL. */
static void
pdf_measure_fit(struct pdf *p, const struct fr_rtable *t, struct pdf_tlayout *tl)
{
	tl->cell = F_CELL;
	tl->head = F_HEAD;
	double need = pdf_measure(p, t, tl);
	if (need > CONTENT_W && p->rc == FR_OK) {
		double size = F_CELL.size * CONTENT_W / need * 0.98;
		tl->cell.size = tl->head.size = size > PDF_MIN_CELL ? size : PDF_MIN_CELL;
		pdf_measure(p, t, tl);
	}
}

/* The layout of the next table: measured in the first pass, reused after. */
static const struct pdf_tlayout *
pdf_table_layout(struct pdf *p, const struct fr_rtable *t)
{
	if (!p->draw) {
		p->tl = fr_xreallocarray(p->tl, p->ntl + 1, sizeof *p->tl);
		memset(&p->tl[p->ntl], 0, sizeof p->tl[p->ntl]);
		pdf_measure_fit(p, t, &p->tl[p->ntl]);
		return &p->tl[p->ntl++];
	}
	return &p->tl[p->itl++];
}

/* A row of cells; the line under it starts at line_x (past a group's name
 * when the group goes on below). */
static void
pdf_row(struct pdf *p, const struct fr_rtable *t, const char *const *cells, const double *w, double h,
        const struct pdf_font *f, int head, double line_x)
{
	double x = MARGIN_X, tw = 0;
	for (size_t c = 0; c < t->ncols; c++)
		tw += w[c];
	if (p->draw && head) {
		pdf_rgb(p->cr, PANEL);
		cairo_rectangle(p->cr, MARGIN_X, p->y, tw, h);
		cairo_fill(p->cr);
	}
	for (size_t c = 0; c < t->ncols; c++) {
		pdf_text(p, x + 4, p->y + 2.5, cells[c], f, w[c] - 8, t->numeric[c]);
		x += w[c];
	}
	if (p->draw) {
		pdf_rgb(p->cr, LINE);
		cairo_set_line_width(p->cr, 0.4);
		cairo_move_to(p->cr, line_x, p->y + h);
		cairo_line_to(p->cr, x, p->y + h);
		cairo_stroke(p->cr);
	}
	p->y += h;
}

/* The caption (with "(continued)" after a page break) and the header. */
static void
pdf_table_head(struct pdf *p, const struct fr_rtable *t, const struct pdf_tlayout *tl, int continued)
{
	if (continued) {
		char *cont = fr_xasprintf("%s (continued)", t->caption);
		pdf_text(p, MARGIN_X, p->y, cont, &F_SMALL, CONTENT_W, 0);
		free(cont);
		p->y += tl->conth + 3;
	} else {
		pdf_text(p, MARGIN_X, p->y, t->caption, &F_SMALL, CONTENT_W, 0);
		p->y += tl->caph + 3;
	}
	pdf_row(p, t, (const char *const *)t->head, tl->w, tl->headh, &tl->head, 1, MARGIN_X);
}

static void
pdf_table(struct pdf *p, const struct fr_rtable *t)
{
	const struct pdf_tlayout *tl = pdf_table_layout(p, t);
	const double *w = tl->w;
	/* a table starts where its caption, header and first rows fit */
	double first = 0;
	for (size_t r = 0; r < t->nrows && r < 3; r++)
		first += tl->rowh[r];
	pdf_need(p, tl->caph + tl->headh + first + 4);
	pdf_table_head(p, t, tl, 0);
	double group_w = t->group_col >= 0 ? w[t->group_col] : 0, group_x = MARGIN_X;
	for (int c = 0; c < t->group_col; c++)
		group_x += w[c];
	const char **cells = fr_xcalloc(t->ncols + 1, sizeof *cells);
	for (size_t r = 0; r < t->nrows && p->rc == FR_OK; r++) {
		/* a table can run to thousands of rows: look for a signal now and then */
		if ((r & 255) == 255 && fr_interrupt_pending())
			p->rc = fr_fail(p->err, FR_EINTR, "interrupted");
		for (size_t c = 0; c < t->ncols; c++)
			cells[c] = t->cells[r * t->ncols + c];
		int fresh = 0;
		double h = tl->rowh[r];
		if (p->y + h > BOTTOM) {
			/* the table goes on: a new page, the caption and the header again */
			pdf_new_page(p);
			pdf_table_head(p, t, tl, 1);
			fresh = 1;
		}
		if (!fresh && pdf_group_repeat(t, r))
			cells[t->group_col] = "";
		/* inside a group, the line under a row leaves the group's name alone */
		double line_x = t->group_col == 0 && r + 1 < t->nrows && pdf_group_repeat(t, r + 1)
		                    ? group_x + group_w
		                    : MARGIN_X;
		if (p->draw)
			pdf_row(p, t, cells, w, h, &tl->cell, 0, line_x);
		else
			p->y += h; /* the first pass only needs to know where rows fall */
	}
	p->y += 12;
	free(cells);
}

static void
pdf_figure(struct pdf *p, const struct fr_figure *f)
{
	double cw, ch;
	fr_chart_size(f->chart, &cw, &ch);
	double scale = CONTENT_W / cw, full = BOTTOM - MARGIN_TOP - PDF_HEADING_ROOM;
	if (ch * scale > full)
		scale = full / ch;
	double h = ch * scale;
	pdf_need(p, h + 14);
	if (p->draw) {
		cairo_save(p->cr);
		cairo_translate(p->cr, MARGIN_X, p->y);
		cairo_scale(p->cr, scale, scale);
		int rc = fr_chart_draw(f->chart, p->cr, cw, ch, p->err);
		cairo_restore(p->cr);
		if (rc != FR_OK && p->rc == FR_OK)
			p->rc = rc;
		pdf_rgb(p->cr, LINE);
		cairo_set_line_width(p->cr, 0.5);
		cairo_rectangle(p->cr, MARGIN_X, p->y, cw * scale, h);
		cairo_stroke(p->cr);
	}
	p->y += h + 12;
}

/*
 * A definition list, or a list of the report's files. A PDF is attached
 * and mailed on its own, so a relative link would lead nowhere: a file is
 * named (in the label) with where it lives, and never linked.
 */
static void
pdf_items(struct pdf *p, const struct fr_rblock *b, int links)
{
	static const struct pdf_font term = {9.5, 1, 0, INK, 0};
	if (links && b->nitems > 0 && b->items[0].href != NULL) {
		const char *where = "These files are not inside this PDF: they sit beside report.pdf in the "
		                    "directory the report was published to.";
		double h = pdf_text_height(p, where, &F_SMALL, CONTENT_W);
		pdf_need(p, h + 20);
		pdf_text(p, MARGIN_X, p->y, where, &F_SMALL, CONTENT_W, 0);
		p->y += h + 4;
	}
	for (size_t i = 0; i < b->nitems; i++) {
		const struct fr_item *it = &b->items[i];
		char *label = links && it->href != NULL && strcmp(it->href, it->label) != 0
		                  ? fr_xasprintf("%s (%s)", it->label, it->href)
		                  : fr_xstrdup(it->label);
		double h1 = pdf_text_height(p, label, &term, CONTENT_W);
		double h2 = pdf_text_height(p, it->value, &F_BODY, CONTENT_W - 16);
		pdf_need(p, h1 + h2 + 4);
		pdf_text(p, MARGIN_X, p->y, label, &term, CONTENT_W, 0);
		free(label);
		p->y += h1;
		pdf_text(p, MARGIN_X + 16, p->y, it->value, &F_BODY, CONTENT_W - 16, 0);
		p->y += h2 + 5;
	}
	p->y += 6;
}

/* About how tall a block's start is, so a heading stays with it. */
static double
pdf_block_start(struct pdf *p, const struct fr_rblock *b)
{
	if (b->kind == FR_RB_FIGURE) {
		double cw, ch;
		fr_chart_size(b->figure->chart, &cw, &ch);
		double h = ch * CONTENT_W / cw, full = BOTTOM - MARGIN_TOP - PDF_HEADING_ROOM;
		return (h > full ? full : h) + 14;
	}
	if (b->kind == FR_RB_TABLE)
		return 60;
	if (b->text != NULL)
		return pdf_text_height(p, b->text, &F_BODY, CONTENT_W);
	return 40;
}

static void
pdf_block(struct pdf *p, const struct fr_rblock *b)
{
	switch (b->kind) {
	case FR_RB_TEXT: pdf_paragraph(p, b->text, &F_BODY); break;
	case FR_RB_NOTE: pdf_paragraph(p, b->text, &(struct pdf_font){8.5, 0, 1, MUTED, 0}); break;
	case FR_RB_TILES: pdf_tiles(p, b); break;
	case FR_RB_TABLE: pdf_table(p, b->table); break;
	case FR_RB_FIGURE: pdf_figure(p, b->figure); break;
	case FR_RB_DEFS: pdf_items(p, b, 0); break;
	case FR_RB_LINKS: pdf_items(p, b, 1); break;
	}
}

/* ---- the document ------------------------------------------------------- */

/* The title block at the top of the first page: the story starts under it. */
static void
pdf_title(struct pdf *p)
{
	const struct fr_report *rep = p->rep;
	static const struct pdf_font big = {22, 1, 0, INK, 0}, lede = {10, 0, 0, MUTED, 0};
	p->y = MARGIN_TOP + 8;
	if (p->draw) {
		pdf_rgb(p->cr, ACCENT);
		cairo_rectangle(p->cr, MARGIN_X, p->y - 14, 60, 4);
		cairo_fill(p->cr);
	}
	p->y += pdf_text(p, MARGIN_X, p->y, rep->title, &big, CONTENT_W, 0) + 6;
	p->y += pdf_text(p, MARGIN_X, p->y, rep->lede, &lede, CONTENT_W, 0) + 2;
	p->y += pdf_text(p, MARGIN_X, p->y, rep->generated, &F_SMALL, CONTENT_W, 0) + 14;
}

/* The appendix's first page: what it holds, on which page, and where the
 * rest of the report lives. */
static void
pdf_appendix_contents(struct pdf *p)
{
	static const struct pdf_font head = {16, 1, 0, INK, 0}, bold = {9.5, 1, 0, INK, 0};
	pdf_dest(p, "appendix");
	if (p->draw)
		p->appendix_outline = cairo_pdf_surface_add_outline(p->surface, CAIRO_PDF_OUTLINE_ROOT,
		                                                    "Appendix", "dest='appendix'", 0);
	p->y += pdf_text(p, MARGIN_X, p->y, "Appendix", &head, CONTENT_W, 0) + 6;
	pdf_paragraph(p,
	              "The tables behind the story, and how the report was made. Every number is also "
	              "in the data files (data/funnel.csv, data/visits.csv, data/summary.json) published "
	              "beside this PDF, with the HTML report (index.html) and the system design "
	              "documents (docs/).",
	              &F_BODY);
	for (size_t i = p->rep->nstory; i < p->rep->nsecs; i++) {
		const struct fr_rsection *s = &p->rep->secs[i];
		if (s->level > 1)
			continue;
		if (p->y + TOC_LINE > BOTTOM)
			pdf_new_page(p);
		char num[16];
		snprintf(num, sizeof num, "%d", p->sec_page[i]);
		pdf_text_line(p, MARGIN_X, p->y, s->title, &bold, CONTENT_W - 40);
		pdf_text(p, MARGIN_X, p->y, num, &bold, CONTENT_W, 1);
		p->y += TOC_LINE;
	}
	p->y += 10;
}

static void
pdf_sections(struct pdf *p)
{
	static const struct pdf_font h1 = {15, 1, 0, INK, 0}, h2 = {11.5, 1, 0, INK, 0};
	for (size_t i = 0; i < p->rep->nsecs && p->rc == FR_OK; i++) {
		const struct fr_rsection *s = &p->rep->secs[i];
		if (fr_interrupt_pending()) {
			p->rc = fr_fail(p->err, FR_EINTR, "interrupted");
			break;
		}
		if (i == p->rep->nstory) {
			pdf_new_page(p);
			pdf_appendix_contents(p);
		}
		/* a part starts where its heading and first block fit; an appendix
		 * part, on a page of its own unless the page is still mostly empty */
		double first = s->nblocks ? pdf_block_start(p, &s->blocks[0]) : 0;
		if (s->appendix && s->level == 1 && i > p->rep->nstory &&
		    p->y > MARGIN_TOP + (BOTTOM - MARGIN_TOP) * 0.5)
			pdf_new_page(p);
		else if (s->level == 1 && i > 0)
			p->y += 14;
		pdf_need(p, 30 + first);
		if (!p->draw)
			p->sec_page[i] = p->page;
		pdf_dest(p, s->id);
		if (p->draw) {
			char *link = fr_xasprintf("dest='%s'", s->id);
			int parent = s->level == 1 ? (s->appendix ? p->appendix_outline : CAIRO_PDF_OUTLINE_ROOT)
			                           : p->outline_top;
			int id = cairo_pdf_surface_add_outline(p->surface, parent, s->title, link,
			                                       s->level == 1 && !s->appendix ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
			free(link);
			if (s->level == 1)
				p->outline_top = id;
		}
		p->y += pdf_text(p, MARGIN_X, p->y, s->title, s->level == 1 ? &h1 : &h2, CONTENT_W, 0) + 8;
		for (size_t j = 0; j < s->nblocks; j++)
			pdf_block(p, &s->blocks[j]);
	}
	pdf_footer(p);
}

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
	if (closure != NULL)
		fr_buf_put(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* One pass over the whole document; out NULL measures only. */
static int
pdf_pass(struct pdf *p, struct fr_buf *out)
{
	p->surface = cairo_pdf_surface_create_for_stream(pdf_write, out, PAGE_W, PAGE_H);
	p->draw = out != NULL;
	p->page = 1;
	p->y = MARGIN_TOP;
	if (p->draw) {
		const struct fr_report *rep = p->rep;
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, rep->title);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT, rep->lede);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
		                               "funnel-report " FR_VERSION);
		/* Cairo stamps the current time unless told a date; "" means none. */
		const char *date = rep->generated_at ? rep->generated_at : "";
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	}
	p->cr = cairo_create(p->surface);
	p->layout = pango_cairo_create_layout(p->cr);
	p->attrs = pango_attr_list_new();
	pango_attr_list_insert(p->attrs, pango_attr_insert_hyphens_new(FALSE));
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(p->layout), fo);
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(p->layout);
	p->itl = 0;
	pdf_title(p);
	pdf_sections(p);
	cairo_status_t st = cairo_status(p->cr);
	g_object_unref(p->layout);
	p->layout = NULL;
	pango_attr_list_unref(p->attrs);
	p->attrs = NULL;
	cairo_destroy(p->cr);
	p->cr = NULL;
	cairo_surface_finish(p->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	p->surface = NULL;
	if (st != CAIRO_STATUS_SUCCESS && p->rc == FR_OK)
		p->rc = fr_fail(p->err, FR_EIO, "report.pdf: %s", cairo_status_to_string(st));
	return p->rc;
}

int
fr_pdf_render(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	struct pdf p = {0};
	p.rep = rep;
	p.err = err;
	p.sec_page = fr_xcalloc(rep->nsecs + 1, sizeof *p.sec_page);
	int rc = pdf_pass(&p, NULL);
	if (rc == FR_OK) {
		p.pages = p.page;
		rc = pdf_pass(&p, out);
	}
	free(p.sec_page);
	fr_buf_free(&p.clip);
	for (size_t i = 0; i < p.ntl; i++) {
		free(p.tl[i].w);
		free(p.tl[i].rowh);
	}
	free(p.tl);
	return rc;
}
