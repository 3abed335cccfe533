/* cube.h: the finest grain. What the model stage's one pass over the users
 * counts (or a cube source brings): the funnel's steps, its dimensions and
 * months, the funnel cube (users by every dimension and the level they
 * reached) and the visits cube (visits and visitors by the user dimensions,
 * step and month), and what only that pass can see (the other rule's
 * funnel, time to convert, whether the data has times). Every breakdown of
 * the analysis rolls up from it. A cube owns every string and array in it. */
#ifndef FR_CUBE_H
#define FR_CUBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A user attribute as the source named it. */
struct fr_attr {
	char *name;
	int64_t nvalues; /* distinct values over all users */
};

/* A dimension of the breakdowns: a user attribute or the entry month. */
struct fr_dim {
	char *name;
	int attr; /* index into attrs, or -1 for the entry month */
	/* A time dimension: the entry month, or an attribute whose every value
	 * is a date, a time or a month (findings.c). Its values are cohorts,
	 * which differ by how long they have had to convert, not segments. */
	bool time;
};

/* A row of the funnel cube: users of one cell who stopped at level. */
struct fr_cube_row {
	char **values; /* [ndims] */
	int64_t level;
	int64_t users;
};

/* A row of the visits cube, over the user dimensions (vdims) only. */
struct fr_vcube_row {
	char **values; /* [nvdims] */
	size_t step;   /* 0-based */
	size_t month;  /* index into months */
	int64_t visits;
	int64_t visitors;
};

/* The coarse histogram of time to convert: under 1 min, 1-5 min, 5-15 min,
 * 15-60 min, 1-6 h, 6-24 h, 1-3 d, 3-7 d, 7-30 d, 30 d and more. */
#define FR_TTC_NBINS 10
extern const int64_t fr_ttc_bin_lower[FR_TTC_NBINS]; /* seconds */
extern const char *const fr_ttc_bin_label[FR_TTC_NBINS];

/* Time to convert of one group at one step. */
struct fr_ttc_stats {
	int64_t users;    /* who reached the step */
	int64_t median;   /* seconds; -1 without users */
	int64_t p90;
	int64_t bins[FR_TTC_NBINS];
};

/* Time to convert of one group at one step (ttc.h), ordered mode only. */
struct fr_ttc_row {
	int dim;          /* index into dims, or -1 for overall */
	char *value;      /* the dimension's value; NULL for overall */
	size_t step;      /* 1 .. nsteps - 1 (0-based step index) */
	struct fr_ttc_stats st;
};

struct fr_cube {
	char **steps;
	size_t nsteps;
	struct fr_attr *attrs;
	size_t nattrs;
	struct fr_dim *dims;
	size_t ndims;
	size_t *vdims;         /* the user dimensions (not month), as indexes into dims */
	size_t nvdims;
	char **months;         /* calendar months with visits, sorted */
	size_t nmonths;
	char *first_event;     /* the data period, ISO dates; NULL without events */
	char *last_event;
	/* Known to carry no times: every user's visits share one instant (step
	 * tables without a time column), so only the order of the steps counts
	 * and nothing that measures time is shown. */
	bool no_times;
	struct fr_cube_row *rows;   /* the funnel cube, sorted by values and level */
	size_t nrows;
	struct fr_vcube_row *vrows; /* the visits cube, sorted by values, step and month */
	size_t nvrows;
	/* The overall funnel under the other rule (any order for an ordered
	 * run, ordered with the window for an any-order run), counted in the
	 * same pass: [nsteps], or NULL where not known (bare cube files). */
	int64_t *other_users;
	/* Time to convert: overall rows first, then by dimension and value;
	 * none in any-order mode. */
	struct fr_ttc_row *ttc;
	size_t nttc;
	bool ttc_known;        /* ttc was counted (or read back) */
};

void fr_cube_clear(struct fr_cube *c);

#endif
