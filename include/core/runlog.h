/* runlog.h: the run log. What the run read, kept and set aside (inputs,
 * data quality), how the warehouse was built (its tables, the SQL as it
 * ran) and the stages as they happened (times, row counts). The stages
 * append to it as they go; the report shows it. A run log owns every
 * string and array in it. */
#ifndef FR_RUNLOG_H
#define FR_RUNLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* The pages at no funnel step that data quality lists, most visited first. */
#define FR_QUALITY_PAGES 10
struct fr_page_count {
	char *page;
	int64_t events;
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

struct fr_runlog {
	struct fr_input *inputs;
	size_t ninputs;
	struct fr_quality quality;
	bool quality_known;    /* quality and inputs describe the data */
	/* The most visited pages at no step (ties by name), at most FR_QUALITY_PAGES. */
	struct fr_page_count other_pages[FR_QUALITY_PAGES];
	size_t nother_pages;
	struct fr_whtable *tables; /* the warehouse as built, in order of creation */
	size_t ntables;
	struct fr_query *queries;  /* the SQL as it ran, in order of first run */
	size_t nqueries;
	/* Rendered from cube files (--from-cube): what was known of the run
	 * that wrote them. */
	bool from_cube;
	char **pool;           /* strings the stages point to, when read back */
	size_t npool;
	struct fr_stage stages[FR_NSTAGES];
	/* The warehouse load, on its own thread from extract until publish
	 * waits for it: not a stage, but shown beside them. */
	struct fr_stage load;
};

void fr_runlog_clear(struct fr_runlog *l);

/* A data-quality count: its name, where it is in struct fr_quality, and
 * what it means. One table for every output and for the reader of
 * summary.json. */
struct fr_quality_field {
	const char *key;
	size_t offset;
	const char *meaning;
};
size_t fr_quality_fields(const struct fr_quality_field **fields);

/* The counts of a log, named, in order. */
struct fr_quality_item {
	const char *key;
	int64_t count;
	const char *meaning;
};
#define FR_QUALITY_MAX 16
/* Fills items (room for FR_QUALITY_MAX) and returns how many there are. */
size_t fr_quality_items(const struct fr_runlog *l, struct fr_quality_item *items);
/* A copy of s (NULL as "") that the log owns, for what its stages point to. */
const char *fr_runlog_keep(struct fr_runlog *l, const char *s);

#endif
