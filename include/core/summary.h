/* summary.h: the schema of data/summary.json, once. Every value a later run
 * reads back (--from-cube) is a field of one part of the file, named here
 * by its JSON path: render/datafiles.c writes each under these keys and
 * source/cubein.c reads each with the SQL built from the same table. What
 * is only ever written (rates, cohorts, definitions) needs no entry. */
#ifndef FR_SUMMARY_H
#define FR_SUMMARY_H

#include <stddef.h>

enum fr_summary_part {
	FR_SUMMARY_TOP,     /* the top-level object */
	FR_SUMMARY_STEPS,   /* steps[] */
	FR_SUMMARY_DIMS,    /* dimensions[] */
	FR_SUMMARY_INPUTS,  /* inputs[] */
	FR_SUMMARY_QUALITY, /* data_quality[] */
	FR_SUMMARY_STAGES,  /* stages[] */
	FR_SUMMARY_OTHER,   /* other_order.steps[] */
	FR_SUMMARY_PAGES,   /* unknown_pages[]: the most visited pages at no step */
	FR_SUMMARY_NPARTS
};

/* The fields of each part, in the order of the table (and of the columns
 * of its SQL). */
enum {
	FR_SUMMARY_TITLE, FR_SUMMARY_SOURCE, FR_SUMMARY_FIRST_EVENT, FR_SUMMARY_LAST_EVENT,
	FR_SUMMARY_ORDER, FR_SUMMARY_WINDOW_DAYS, FR_SUMMARY_MAX_COMBO, FR_SUMMARY_USERS,
	FR_SUMMARY_CSV_SAFE, FR_SUMMARY_HAS_TIMES,
};
/* pages: a step's page patterns as --steps takes them ("/cart|/basket"),
 * only for a step that has them. */
enum { FR_SUMMARY_STEP_NAME, FR_SUMMARY_STEP_PAGES };
enum { FR_SUMMARY_DIM_NAME, FR_SUMMARY_DIM_VALUES };
enum { FR_SUMMARY_INPUT_NAME, FR_SUMMARY_INPUT_KIND, FR_SUMMARY_INPUT_ROWS };
enum { FR_SUMMARY_QUALITY_NAME, FR_SUMMARY_QUALITY_COUNT };
enum {
	FR_SUMMARY_STAGE_NAME, FR_SUMMARY_STAGE_DEPENDS, FR_SUMMARY_STAGE_ROWS_IN,
	FR_SUMMARY_STAGE_ROWS_OUT, FR_SUMMARY_STAGE_ROWS_WHAT, FR_SUMMARY_STAGE_START,
	FR_SUMMARY_STAGE_SECONDS,
};
enum { FR_SUMMARY_OTHER_USERS };
enum { FR_SUMMARY_PAGE_PAGE, FR_SUMMARY_PAGE_EVENTS };

/* The key a field is written under: the last name of its path. */
const char *fr_summary_key(enum fr_summary_part part, size_t field);
/* The key of a part's array ("steps"), or NULL for the top. */
const char *fr_summary_array(enum fr_summary_part part);
/* The SELECT that reads a part from the summary's text bound as ?1: one row
 * per element (one for the top), one column per field. The caller frees it. */
char *fr_summary_sql(enum fr_summary_part part);

#endif
