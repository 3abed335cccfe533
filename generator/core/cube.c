/* cube.c: the finest grain, owned; the bins of time to convert. */
#include "core/cube.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

const int64_t fr_ttc_bin_lower[FR_TTC_NBINS] = {
    0, 60, 300, 900, 3600, 6 * 3600, 86400, 3 * 86400, 7 * 86400, 30 * 86400,
};
const char *const fr_ttc_bin_label[FR_TTC_NBINS] = {
    "< 1 min", "1-5 min", "5-15 min", "15-60 min", "1-6 h", "6-24 h", "1-3 d", "3-7 d", "7-30 d", "30 d +",
};

void
fr_cube_clear(struct fr_cube *c)
{
	fr_strv_free(c->steps, c->nsteps);
	for (size_t i = 0; i < c->nattrs; i++)
		free(c->attrs[i].name);
	free(c->attrs);
	for (size_t i = 0; i < c->ndims; i++)
		free(c->dims[i].name);
	free(c->dims);
	free(c->vdims);
	fr_strv_free(c->months, c->nmonths);
	free(c->first_event);
	free(c->last_event);
	for (size_t i = 0; i < c->nrows; i++)
		fr_strv_free(c->rows[i].values, c->ndims);
	free(c->rows);
	for (size_t i = 0; i < c->nvrows; i++)
		fr_strv_free(c->vrows[i].values, c->nvdims);
	free(c->vrows);
	free(c->other_users);
	for (size_t i = 0; i < c->nttc; i++)
		free(c->ttc[i].value);
	free(c->ttc);
	memset(c, 0, sizeof *c);
}
