/* datafiles.h: the machine-readable outputs of SPEC section 5: data/funnel.csv,
 * data/visits.csv, data/cube_funnel.csv, data/cube_visits.csv and
 * data/summary.json; data/time_to_convert.csv; data/compare.csv with
 * --compare. */
#ifndef FR_DATAFILES_H
#define FR_DATAFILES_H

#include "base/buf.h"
#include "core/result.h"

void fr_datafiles_funnel(const struct fr_result *r, struct fr_buf *out);
void fr_datafiles_visits(const struct fr_result *r, struct fr_buf *out);
/* data/cube_funnel.csv or data/cube_visits.csv: the cube table of a measure. */
void fr_datafiles_cube(const struct fr_result *r, enum fr_measure_id m, struct fr_buf *out);
void fr_datafiles_summary(const struct fr_result *r, struct fr_buf *out);
/* data/time_to_convert.csv: a header only in any-order mode. */
void fr_datafiles_ttc(const struct fr_result *r, struct fr_buf *out);
/* data/compare.csv, when the run has a comparison (--compare). */
void fr_datafiles_compare(const struct fr_result *r, struct fr_buf *out);

/* One data-quality count with its name and what it means. */
struct fr_dq_item {
	const char *key;
	int64_t count;
	const char *meaning;
};
/* Fills items (at least FR_DQ_MAX) and returns how many there are. */
#define FR_DQ_MAX 16
size_t fr_datafiles_quality(const struct fr_result *r, struct fr_dq_item *items);

/* The definitions the numbers follow, as (name, plain sentence) pairs. */
struct fr_definition {
	const char *name;
	char *text; /* allocated */
};
size_t fr_datafiles_definitions(const struct fr_result *r, struct fr_definition **out);
void fr_datafiles_definitions_free(struct fr_definition *d, size_t n);

#endif
