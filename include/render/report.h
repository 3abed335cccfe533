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
	char *note;              /* a tile's change since the previous run, or NULL */
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
	/* In the appendix: the tables behind the story, after it in every
	 * format (collapsed in HTML, after the story's pages in the PDF). The
	 * story's sections come first. */
	bool appendix;
	char *summary;           /* what a collapsed section holds, in a line, or NULL */
	struct fr_rblock *blocks;
	size_t nblocks;
};

struct fr_templates;

struct fr_report {
	char *title;
	char *lede;              /* source and data period, one sentence */
	char *generated;         /* "funnel-report 0.1.0" and the time, if known */
	char *generated_at;      /* ISO time from SOURCE_DATE_EPOCH, or NULL */
	char *period;            /* "2025-01-01 to 2025-04-30", or NULL */
	struct fr_rsection *secs;
	size_t nsecs;
	size_t nstory;           /* secs[0 .. nstory) are the story, the rest the appendix */
	/* the system design documents: (title, file name in docs/, link from
	 * OUT_DIR: "docs/NAME.html") */
	struct fr_item *docs;
	size_t ndocs;
	/* what the renderers read beside the model, borrowed: the run's result
	 * (the data files), the figures and the templates (HTML, documents) */
	const struct fr_result *result;
	const struct fr_plot *plot;
	struct fr_templates *templates;
};

/* A file of the report, for its list of files. */
struct fr_file_note {
	const char *path;  /* relative to OUT_DIR */
	const char *about; /* what it holds */
};

/* What a report is built from, borrowed: they must outlive it. */
struct fr_report_in {
	const struct fr_result *result;
	const struct fr_plot *plot;
	struct fr_templates *templates;
	const struct fr_item *docs;  /* the documents to link to: (title, "NAME.html") */
	size_t ndocs;
	const struct fr_file_note *files; /* the other files of the report */
	size_t nfiles;
};

/*
 * Builds the report model from in into *out, which the caller frees.
 * FR_EINTR (and *out NULL) when a signal came while it was built.
 */
int fr_report_build(const struct fr_report_in *in, struct fr_report **out, char **err);
void fr_report_free(struct fr_report *rep);

#endif
