/* md.c: report.md, GitHub-flavoured Markdown with pipe tables. */
#include "render/md.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/interrupt.h"

static char *
md_anchor(const char *heading)
{
	struct fr_buf b = FR_BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)heading; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			fr_buf_putc(&b, (char)(*p - 'A' + 'a'));
		else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
			fr_buf_putc(&b, (char)*p);
		else if (*p == ' ')
			fr_buf_putc(&b, '-');
		else if (*p >= 0x80)
			fr_buf_putc(&b, (char)*p); /* GitHub keeps letters of other scripts */
	}
	return fr_buf_detach(&b);
}

/* A table cell: escaped, and never empty (an empty cell reads badly). */
static void
md_cell(struct fr_buf *b, const char *s)
{
	fr_buf_putc(b, ' ');
	fr_escape_md_span(b, s);
	fr_buf_puts(b, " |");
}

static void
md_table(struct fr_buf *b, const struct fr_rtable *t)
{
	fr_buf_puts(b, "*");
	fr_escape_md_span(b, t->caption);
	fr_buf_puts(b, "*\n\n|");
	for (size_t c = 0; c < t->ncols; c++)
		md_cell(b, t->head[c]);
	fr_buf_puts(b, "\n|");
	for (size_t c = 0; c < t->ncols; c++)
		fr_buf_puts(b, t->numeric[c] ? " ---: |" : " --- |");
	fr_buf_putc(b, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		fr_buf_putc(b, '|');
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			/* a group's name stands on its first row only */
			if ((int)c == t->group_col && r > 0 && strcmp(cell, t->cells[(r - 1) * t->ncols + c]) == 0)
				cell = "";
			md_cell(b, cell);
		}
		fr_buf_putc(b, '\n');
	}
	fr_buf_putc(b, '\n');
}

static void
md_block(struct fr_buf *b, const struct fr_rblock *blk)
{
	switch (blk->kind) {
	case FR_RB_TEXT:
		fr_escape_md(b, blk->text);
		fr_buf_puts(b, "\n\n");
		break;
	case FR_RB_NOTE:
		fr_buf_puts(b, "> ");
		fr_escape_md(b, blk->text);
		fr_buf_puts(b, "\n\n");
		break;
	case FR_RB_TILES: {
		bool notes = false;
		for (size_t i = 0; i < blk->nitems; i++)
			notes |= blk->items[i].note != NULL;
		fr_buf_puts(b, notes ? "| Measure | Value | Change |\n| --- | ---: | --- |\n"
		                     : "| Measure | Value |\n| --- | ---: |\n");
		for (size_t i = 0; i < blk->nitems; i++) {
			fr_buf_putc(b, '|');
			md_cell(b, blk->items[i].label);
			md_cell(b, blk->items[i].value);
			if (notes)
				md_cell(b, blk->items[i].note ? blk->items[i].note : "");
			fr_buf_putc(b, '\n');
		}
		fr_buf_putc(b, '\n');
		break;
	}
	case FR_RB_TABLE:
		md_table(b, blk->table);
		break;
	case FR_RB_FIGURE:
		fr_buf_puts(b, "![");
		fr_escape_md_span(b, blk->figure->alt);
		fr_buf_printf(b, "](charts/%s.png)\n\n", blk->figure->slug);
		break;
	case FR_RB_DEFS:
		for (size_t i = 0; i < blk->nitems; i++) {
			fr_buf_puts(b, "- **");
			fr_escape_md_span(b, blk->items[i].label);
			fr_buf_puts(b, "**: ");
			fr_escape_md_span(b, blk->items[i].value);
			fr_buf_putc(b, '\n');
		}
		fr_buf_putc(b, '\n');
		break;
	case FR_RB_LINKS:
		for (size_t i = 0; i < blk->nitems; i++) {
			fr_buf_puts(b, "- [");
			fr_escape_md_span(b, blk->items[i].label);
			fr_buf_printf(b, "](%s): ", blk->items[i].href ? blk->items[i].href : "");
			fr_escape_md_span(b, blk->items[i].value);
			fr_buf_putc(b, '\n');
		}
		fr_buf_putc(b, '\n');
		break;
	}
}

int
fr_md_render(const struct fr_report *rep, struct fr_buf *b, char **err)
{
	fr_buf_puts(b, "# ");
	fr_escape_md(b, rep->title);
	fr_buf_puts(b, "\n\n");
	fr_escape_md(b, rep->lede);
	fr_buf_puts(b, "\n\n*");
	fr_escape_md_span(b, rep->generated);
	fr_buf_puts(b, "*\n\n## Contents\n\n");
	for (size_t i = 0; i < rep->nsecs; i++) {
		const struct fr_rsection *s = &rep->secs[i];
		if (i == rep->nstory)
			fr_buf_puts(b, "- [Appendix](#appendix)\n");
		char *anchor = md_anchor(s->title);
		int depth = s->level + (s->appendix ? 1 : 0);
		fr_buf_puts(b, depth > 2 ? "    - [" : depth > 1 ? "  - [" : "- [");
		fr_escape_md_span(b, s->title);
		fr_buf_printf(b, "](#%s)\n", anchor);
		free(anchor);
	}
	fr_buf_putc(b, '\n');
	for (size_t i = 0; i < rep->nsecs; i++) {
		const struct fr_rsection *s = &rep->secs[i];
		if (fr_interrupt_pending())
			return fr_fail(err, FR_EINTR, "interrupted");
		if (i == rep->nstory)
			fr_buf_puts(b, "## Appendix\n\nThe tables behind the story, and how the report was made.\n\n");
		/* the appendix's parts one level down, under its heading */
		int depth = s->level + (s->appendix ? 1 : 0);
		fr_buf_puts(b, depth > 2 ? "#### " : depth > 1 ? "### " : "## ");
		fr_escape_md(b, s->title);
		fr_buf_puts(b, "\n\n");
		for (size_t j = 0; j < s->nblocks; j++)
			md_block(b, &s->blocks[j]);
	}
	return FR_OK;
}
