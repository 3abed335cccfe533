/* report.h: the report as one model of sections, tables, figures and numbers,
 * built once from the results and the figures; the HTML, Markdown and PDF
 * renderers each turn it into their format. Every string in the model is
 * plain text: escaping is the renderer's job. */
#ifndef FR_REPORT_H
#define FR_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "render/plot.h"
#include "core/result.h"

/* A table: a header row and text cells; numeric columns align right. */
struct fr_rtable {
	char *caption;
	size_t ncols;
	char **head;             /* [ncols] */
	bool *numeric;           /* [ncols] */
	size_t nrows;
	char **cells;            /* [nrows * ncols]; "" for an empty cell */
	int group_col;           /* a column whose runs of equal values form groups, or -1 */
};

/* A label with a value, and an optional link. */
struct fr_item {
	char *label;
	char *value;
	char *href;              /* relative link, or NULL */
};

enum fr_rblock_kind {
	FR_RB_TEXT,   /* a paragraph */
	FR_RB_NOTE,   /* a quieter paragraph */
	FR_RB_TILES,  /* headline numbers: items as (label, value) */
	FR_RB_TABLE,
	FR_RB_FIGURE, /* a chart, with its text alternative */
	FR_RB_DEFS,   /* a definition list: items as (term, text) */
	FR_RB_LINKS,  /* a list of links: items as (label, description, href) */
};

struct fr_rblock {
	enum fr_rblock_kind kind;
	char *text;
	struct fr_rtable *table;
	const struct fr_figure *figure; /* borrowed from the plot */
	struct fr_item *items;
	size_t nitems;
};

struct fr_rsection {
	char *id;                /* a fragment id, unique and safe */
	char *title;
	int level;               /* 1: a part of the report; 2: inside the part before */
	bool fold;               /* may be collapsed (a breakdown) */
	struct fr_rblock *blocks;
	size_t nblocks;
};

struct fr_report {
	char *title;
	char *lede;              /* source and data period, one sentence */
	char *generated;         /* "funnel-report 0.1.0" and the time, if known */
	char *generated_at;      /* ISO time from SOURCE_DATE_EPOCH, or NULL */
	char *period;            /* "2025-01-01 to 2025-04-30", or NULL */
	struct fr_rsection *secs;
	size_t nsecs;
	struct fr_item *docs;    /* the system design documents: (title, file) */
	size_t ndocs;
};

/*
 * Builds the report model from the results and figures (which it borrows:
 * they must outlive it) into *out, which the caller frees. docs lists the
 * documents (titles and their .html names) to link to. FR_EINTR (and *out
 * NULL) when a signal came while it was built.
 */
int fr_report_build(const struct fr_result *r, const struct fr_plot *plot,
                    const struct fr_item *docs, size_t ndocs, struct fr_report **out, char **err);
void fr_report_free(struct fr_report *rep);

#endif
