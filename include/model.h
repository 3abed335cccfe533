/* model.h: the model stage. Builds the star schema (dim_step, dim_user,
 * dim_attribute, dim_date, fact_page_visit) from the staged rows, counts what
 * it set aside, and decides the dimensions of the breakdowns. */
#ifndef FR_MODEL_H
#define FR_MODEL_H

#include "extract.h"
#include "result.h"
#include "warehouse.h"

struct fr_model_opts {
	char *const *steps; /* funnel order; at least one */
	size_t nsteps;
	char *const *dims;  /* --dims, or NULL for the default dimensions */
	size_t ndims;
};

/* Names a dimension may not have: they are columns of the cube files. */
int fr_model_reserved_name(const char *name);

/*
 * Builds the model and fills r's steps, attrs, dims, vdims, inputs, data
 * period and quality counts (except the ones the analyze stage finds).
 * An unknown --dims name is FR_EUSAGE; an attribute named month FR_EDATA.
 */
int fr_model_build(struct fr_wh *wh, const struct fr_extract *x, const struct fr_model_opts *o,
                   struct fr_result *r, char **err);

/*
 * Describes the warehouse as it stands into r (tables, their columns, row
 * counts and CREATE statements) and the SQL as it ran, for the documents.
 */
int fr_model_describe(struct fr_wh *wh, struct fr_result *r, char **err);

#endif
