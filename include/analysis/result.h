/* result.h: the run's results as plain data. The stages fill it in order
 * (extract, model, analyze, plot); everything downstream of analyze reads
 * only this, never SQLite. A result owns every string and array in it. */
#ifndef FR_RESULT_H
#define FR_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "warehouse/ttc.h"

enum fr_order { FR_ORDER_ORDERED, FR_ORDER_ANY };

struct fr_comparison; /* compare.h */

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

/* One segment of a funnel breakdown. */
struct fr_segment {
	char *label;     /* "sex=Female;channel=Email", or "all" */
	char **values;   /* one per dimension of the breakdown */
	int64_t *users;  /* [nsteps]: users[k] reached step k + 1 */
	/* Against the rest of its breakdown (findings.c), step by step: the
	 * Holm-adjusted p-value of % of previous, or NaN where not tested
	 * (overall, step 1, or a base too small); and the verdict. */
	double *p_adj;   /* [nsteps] */
	signed char *vs_rest; /* [nsteps]: FR_VS_* */
};

enum fr_vs {
	FR_VS_NONE = 0,  /* not tested: overall or step 1 */
	FR_VS_SAME,      /* tested, no significant difference */
	FR_VS_HIGHER,    /* significantly higher than the rest */
	FR_VS_LOWER,     /* significantly lower than the rest */
	FR_VS_FEW,       /* fewer than FR_STATS_MIN_BASE users at the base, or in the rest */
};

/* A segment that converts significantly worse than the rest of its
 * breakdown at one step, and what that costs. */
struct fr_finding {
	size_t breakdown;  /* index into funnel */
	size_t seg;
	size_t step;       /* 1.. nsteps - 1: from step - 1 to step */
	int64_t seg_pct;   /* % of previous in the segment, hundredths */
	int64_t rest_pct;  /* % of previous in the rest of the breakdown */
	int64_t lost;      /* users at step - 1 times the gap, rounded */
	double p_adj;
	bool cohort;       /* the breakdown has a time dimension: ranked after segments */
};

/* A funnel breakdown: "overall" or a combination of dimensions. */
struct fr_breakdown {
	char *name;      /* dimension names joined by '+', or "overall" */
	size_t ndims;
	size_t *dims;    /* indexes into result dims, in --dims order */
	size_t nsegs;
	struct fr_segment *segs;
};

/* One segment of a visits breakdown, dense over steps and months. */
struct fr_vsegment {
	char *label;
	char **values;
	int64_t *visits;   /* [nsteps * nmonths], index step * nmonths + month */
	int64_t *visitors; /* likewise */
};

struct fr_vbreakdown {
	char *name;
	size_t ndims;
	size_t *dims;
	size_t nsegs;
	struct fr_vsegment *segs;
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

/* An input and how many rows were read from it. */
struct fr_input {
	char *name;
	char *kind; /* "users" or "events" */
	int64_t rows;
};

/* What was set aside or looked odd; every count is described in datafiles.c. */
struct fr_quality {
	int64_t users_read;
	int64_t users;               /* distinct user ids kept */
	int64_t duplicate_users;     /* later rows of an id already seen */
	int64_t events_read;
	int64_t unknown_page_events; /* page is not a funnel step */
	int64_t unknown_user_events; /* at a step, but user_id not in the users */
	int64_t duplicate_events;    /* exact repeats of (user_id, page, event_time) */
	int64_t page_visits;         /* events kept in fact_page_visit */
	int64_t visits_before_signup; /* of those, dated before the user's signup date */
	int64_t signup_not_date;     /* users whose signup_date value is not a date */
	int64_t users_with_events;
	int64_t users_not_entered;   /* users without a step-1 event */
	int64_t users_out_of_order;  /* entered, and reached a step before the one preceding it */
	int64_t bad_rows_skipped;    /* under --max-bad-rows */
};

/* Time to convert of one group at one step (ttc.h), ordered mode only. */
struct fr_ttc_row {
	int dim;          /* index into dims, or -1 for overall */
	char *value;      /* the dimension's value; NULL for overall */
	size_t step;      /* 1 .. nsteps - 1 (0-based step index) */
	struct fr_ttc_stats st;
};

/* A --fail-on check and how it came out. */
struct fr_check {
	char *expr;
	char *metric;
	double value;  /* NaN when undefined */
	bool held;
};

/* A table of the warehouse as it was built, for the documents. */
struct fr_whtable {
	char *name;
	char *kind;     /* staging, dimension, fact or cube */
	int64_t rows;
	char *sql;      /* its CREATE statement */
	char **cols;    /* names */
	char **types;   /* declared types */
	size_t ncols;
};

/* A SQL template as it ran, after its generated column lists were filled in. */
struct fr_query {
	char *file;     /* "sql/model_load.sql" */
	int runs;
	char *sql;
};

/* A stage of the run as it happened. */
struct fr_stage {
	const char *name;
	const char *depends;  /* the stages it waited for, comma-separated */
	double start;         /* seconds from the start of the run */
	double seconds;
	int64_t rows_in;
	int64_t rows_out;
	const char *rows_what; /* what rows_out counts */
	bool ran;
};

#define FR_NSTAGES 5

struct fr_result {
	/* The run's settings, as they shape the numbers. */
	char *title;
	char *source;          /* "embedded demo data (90400 users, seed 1)", ... */
	enum fr_order order;
	int64_t window_days;   /* 0 = no limit */
	int max_combo;
	int64_t max_segments;  /* --max-segments: the breakdowns' segments at most (0: none set) */

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

	struct fr_input *inputs;
	size_t ninputs;
	struct fr_quality quality;

	/* funnel[0] is "overall"; then every combination of 1..max_combo dims. */
	struct fr_breakdown *funnel;
	size_t nfunnel;
	struct fr_vbreakdown *visits;
	size_t nvisits;
	/* The overall funnel under the other rule (any order for an ordered
	 * run, ordered with the window for an any-order run), counted in the
	 * same pass: [nsteps], or NULL where not known (bare cube files). */
	int64_t *other_users;
	/* Known to carry no times: every user's visits share one instant (step
	 * tables without a time column), so only the order of the steps counts
	 * and nothing that measures time is shown. */
	bool no_times;
	struct fr_cube_row *cube;
	size_t ncube;
	struct fr_vcube_row *vcube;
	size_t nvcube;
	/* Time to convert: overall rows first, then by dimension and value;
	 * none in any-order mode. */
	struct fr_ttc_row *ttc;
	size_t nttc;
	/* What stands out: findings ranked by users lost, largest first. */
	struct fr_finding *findings;
	size_t nfindings;
	size_t ntests;         /* the tests of the Holm family */
	size_t nhigher;        /* verdicts FR_VS_HIGHER (FR_VS_LOWER: nfindings) */
	/* Against the previous run (--compare), or NULL. */
	struct fr_comparison *compare;
	/* The --fail-on checks, as evaluated on these results. */
	struct fr_check *checks;
	size_t nchecks;

	struct fr_whtable *tables; /* the warehouse as built, in order of creation */
	size_t ntables;
	struct fr_query *queries;  /* the SQL as it ran, in order of first run */
	size_t nqueries;

	/* Rendered from cube files (--from-cube): what was known of the run
	 * that wrote them. */
	bool from_cube;
	bool quality_known;    /* quality and inputs describe the data */
	bool ttc_known;        /* ttc was counted (or read back) */
	char **pool;           /* strings the stages point to, when read back */
	size_t npool;

	struct fr_stage stages[FR_NSTAGES];
	/* The warehouse load, on its own thread from extract until publish
	 * waits for it: not a stage, but shown beside them. */
	struct fr_stage load;
	bool timings;          /* whether stage seconds go into the files */
	bool csv_safe;         /* --csv-safe: formula-like text cells of the data files get a ' */
	char *generated_at;    /* from SOURCE_DATE_EPOCH, or NULL */
};

struct fr_result *fr_result_new(void);
void fr_result_free(struct fr_result *r);

/* Users who entered the funnel (step 1 of overall). */
int64_t fr_result_entered(const struct fr_result *r);
/* The overall breakdown's users at step k (0-based). */
int64_t fr_result_users(const struct fr_result *r, size_t k);
/* The stages to show, in order: i from 0 to FR_NSTAGES - 1 are the stages,
 * FR_NSTAGES the warehouse load. NULL for one to leave out: a stage with no
 * name (nothing known of it), or a load that has not run. */
const struct fr_stage *fr_result_stage(const struct fr_result *r, size_t i);
/* The funnel breakdown named name, or NULL. */
const struct fr_breakdown *fr_result_breakdown(const struct fr_result *r, const char *name);

#endif
