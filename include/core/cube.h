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
};

/*
 * The two measures. A measure is what a cube table and every breakdown of
 * it count: the funnel counts users by the level they reached (one cell
 * per step when rolled up), the visits count visits and visitors by step
 * and month (one cell per step and month). Everything that handles a cube
 * table or a breakdown is written once, for both, from this description.
 */
enum fr_measure_id { FR_FUNNEL, FR_VISITS, FR_NMEASURES };

/* A key column of a cube table. */
enum fr_key_kind {
	FR_KEY_LEVEL,  /* "level": the deepest step reached, 1 .. nsteps */
	FR_KEY_STEP,   /* "step_index" and "step": 0 .. nsteps - 1 (step_index is 1-based in files) */
	FR_KEY_MONTH,  /* "month": an index into the cube's months */
};

struct fr_measure {
	const char *name;       /* "funnel", "visits" */
	const char *cube_file;  /* "cube_funnel.csv" */
	const char *rollup_sql; /* "sql/analyze_rollup_funnel.sql" */
	const char *insert_sql; /* "sql/analyze_cube_insert.sql" */
	bool user_dims;         /* over the user dimensions only, not the entry month */
	size_t nkeys;
	enum fr_key_kind keys[2];
	size_t ncounts;
	const char *counts[2];  /* "users"; "visits", "visitors" */
};

extern const struct fr_measure fr_measures[FR_NMEASURES];

/* The rows of a cube table: dimension values, keys and counts, row by row. */
struct fr_table {
	enum fr_measure_id measure;
	size_t width;    /* dimension values per row */
	size_t nrows;
	size_t cap;
	char **values;   /* [nrows * width], owned */
	int64_t *keys;   /* [nrows * nkeys of the measure] */
	int64_t *counts; /* [nrows * ncounts of the measure] */
};

/* An empty table of a measure over width dimensions. */
void fr_table_init(struct fr_table *t, enum fr_measure_id measure, size_t width);
/* Appends a row of NULL values and zero keys and counts; returns its index. */
size_t fr_table_add(struct fr_table *t);
/* Row i's values, keys and counts. */
char **fr_table_values(const struct fr_table *t, size_t i);
int64_t *fr_table_keys(const struct fr_table *t, size_t i);
int64_t *fr_table_counts(const struct fr_table *t, size_t i);
/* Sorts the rows by their values (byte order), then their keys. */
void fr_table_sort(struct fr_table *t);
void fr_table_free(struct fr_table *t);

/* The coarse histogram of time to convert: under 1 min, 1-5 min, 5-15 min,
 * 15-60 min, 1-6 h, 6-24 h, 1-3 d, 3-7 d, 7-30 d, 30 d and more. */
#define FR_TTC_NBINS 10
extern const int64_t fr_ttc_bin_lower[FR_TTC_NBINS]; /* seconds */
extern const char *const fr_ttc_bin_label[FR_TTC_NBINS];

/* The bound on a quantile's error above 256 s (core/ttc.c: a bin's
 * width over its lower end, 1/64), as a percentage of the exact value;
 * below, quantiles are exact to the second. */
#define FR_TTC_ERROR_PCT "1.6"

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
	/* [nsteps]: each step's page patterns as given ("/cart|/basket",
	 * base/pagematch.h), NULL for a step that is the page of its name; the
	 * array is NULL when every step is. */
	char **step_pages;
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
	/* The two cube tables, sorted: funnel over every dimension (keys:
	 * level; counts: users), visits over the user dimensions (keys: step,
	 * month; counts: visits, visitors). */
	struct fr_table tables[FR_NMEASURES];
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

/* A user attribute is a default dimension when it has this many distinct
 * values (and its name is not reserved). */
#define FR_CUBE_DIM_MIN_VALUES 2
#define FR_CUBE_DIM_MAX_VALUES 50
/* The most distinct values a dimension may have (a local run codes them in
 * 16 bits). */
#define FR_CUBE_MAX_DIM_VALUES 65534
/* Names a dimension may not have: they are columns of the cube files. */
int fr_cube_reserved_name(const char *name);
/* Whether an attribute is a dimension when --dims is not given: between
 * FR_CUBE_DIM_MIN_VALUES and FR_CUBE_DIM_MAX_VALUES distinct values, and
 * not a reserved name. */
int fr_cube_default_dim(const struct fr_attr *a);
/* The dimension --dims NAME names in cube: *attr -1 for the entry month,
 * else an index into cube->attrs. FR_EUSAGE for a name the users lack
 * (the message lists theirs) or a reserved one. */
int fr_cube_find_dim(const struct fr_cube *cube, const char *name, int *attr, char **err);
/* The dimensions of a measure's tables and breakdowns: every dimension,
 * or the user dimensions (vdims); *n their number, an index into dims each
 * (NULL for every dimension, in order). */
const size_t *fr_cube_dims_of(const struct fr_cube *c, enum fr_measure_id m, size_t *n);

#endif
