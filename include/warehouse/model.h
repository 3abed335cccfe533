/* model.h: the model stage. Decides the dimensions, then makes one pass over
 * the staged visits, user by user: duplicates out, each user's funnel level
 * (level.c), the fact rows for the warehouse (handed to the loader), and the
 * two cubes at the finest grain (into the result, for the analyze stage). */
#ifndef FR_MODEL_H
#define FR_MODEL_H

#include "warehouse/extract.h"
#include "warehouse/loader.h"
#include "core/result.h"
#include "warehouse/warehouse.h"

struct fr_model_opts {
	char *const *dims;  /* --dims, or NULL for the default dimensions */
	size_t ndims;
};


/*
 * Builds the model from x (whose steps must be set: without, FR_EUSAGE
 * listing the pages the events have) and fills r's steps, attrs, dims,
 * vdims, inputs, data period, quality counts, months and both cubes (sorted
 * by their values). Reads r->settings.order and r->settings.window_days. An unknown --dims
 * name is FR_EUSAGE; an attribute named month FR_EDATA.
 */
int fr_model_build(struct fr_extract *x, struct fr_loader *ld, const struct fr_model_opts *o,
                   struct fr_result *r, char **err);

/*
 * Describes the warehouse as it stands into r (tables, their columns, row
 * counts and CREATE statements) and appends the SQL of wh as it ran, for the
 * documents. Only once the loader has finished.
 */
int fr_model_describe(struct fr_wh *wh, struct fr_result *r, char **err);

#endif
