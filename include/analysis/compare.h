/* compare.h: the nightly comparison (--compare PREV_OUT_DIR). The previous
 * run's data/funnel.csv is read; for overall and every single-dimension
 * segment, each step's % of previous is compared with tonight's (Newcombe
 * interval of the change, two-proportion test, Holm across the comparison),
 * and the change in overall conversion is split, per dimension, into what
 * the segment mix and what the segments' rates contributed (shift-share). */
#ifndef FR_COMPARE_H
#define FR_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/result.h" /* the comparison's types are in core/analysis.h */

/* The previous run's funnel, as read. */
struct fr_prev;

/*
 * Reads DIR/data/funnel.csv (the overall and single-dimension rows; the
 * rest is skipped); csv_safe: it was written --csv-safe, and its text
 * cells lose the leading ' that put there. FR_EDATA naming the file, line
 * and column when it is not a funnel.csv of this tool; FR_EIO when it
 * cannot be read.
 */
int fr_compare_load(const char *dir, bool csv_safe, struct fr_prev **out, char **err);
void fr_prev_free(struct fr_prev *p);
/* Whether dir holds no report to compare with yet: it is missing, or an
 * empty directory. That is the first night, not an error. */
bool fr_compare_first_night(const char *dir);


/*
 * Compares r with the previous run. The steps must be the same, in the same
 * order (FR_EDATA otherwise). *out is the caller's, freed with
 * fr_comparison_free.
 */
int fr_compare_build(const struct fr_prev *p, const struct fr_result *r, struct fr_comparison **out,
                     char **err);

/* "new", "too few", "same", "rose", "fell". */
const char *fr_compare_verdict_name(enum fr_change_verdict v);

#endif
