/* config.h: what one run is asked to do, as the command line said it. */
#ifndef FR_CONFIG_H
#define FR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/gate.h"
#include "core/runlog.h"
#include "core/settings.h"
#include "source/steptables.h"

enum fr_input_kind {
	FR_INPUT_DEMO,
	FR_INPUT_EVENT_LOG,   /* --users-csv and --events-csv */
	FR_INPUT_OLTP,        /* --oltp with a SQLite file */
	FR_INPUT_POSTGRES,    /* --oltp with a PostgreSQL connection string */
	FR_INPUT_STEP_TABLES, /* --user-table and --step-table */
	FR_INPUT_CUBE,        /* --from-cube */
};

/* Called by the run after each stage, for progress; may be NULL. */
typedef void (*fr_progress_fn)(void *ctx, const struct fr_stage *stage);

/* How far a long stage is, while it runs (progress.c). */
struct fr_tick {
	const char *stage;
	int64_t rows;        /* rows read so far */
	int64_t bytes;       /* bytes of the input read so far */
	int64_t bytes_total; /* the input's size, or 0 when not known (a database, the demo) */
	double seconds;      /* since the stage started */
};

struct fr_result;

/* A configuration owns every string and array in it. */
struct fr_config {
	enum fr_input_kind input;
	int64_t demo_users;
	uint64_t seed;
	char *users_csv;
	char *events_csv;
	char *oltp;
	int64_t oltp_max_rate; /* --oltp-max-rate: rows per second, 0 = unpaced */
	int64_t oltp_timeout;  /* --oltp-timeout: seconds, 0 = the server's own */
	char *user_table;
	char *from_cube;
	struct fr_step_table *step_tables;
	size_t nstep_tables;
	char **steps; /* NULL: the input's default steps */
	char **step_pages; /* [nsteps]: a step's page patterns ("/cart|/basket"), NULL: its name */
	size_t nsteps;
	char **dims;  /* NULL: the default dimensions */
	size_t ndims;
	int max_combo;
	int64_t max_segments; /* --max-segments */
	enum fr_order order;
	int64_t window_days;
	int64_t max_bad_rows;
	char *out_dir;
	char *title;
	char *keep_warehouse;
	char *templates_dir;
	char *export_demo;  /* --export-demo DIR */
	char *compare;      /* --compare PREV_OUT_DIR */
	int64_t history;    /* --history N: runs kept in data/history.csv */
	bool log_json;      /* --log json[:FILE] */
	char *log_file;     /* the FILE of --log json:FILE, or NULL for stderr */
	struct fr_gate *gates; /* --fail-on, in order */
	size_t ngates;
	/* Which settings the command line gave (a cube brings its own). */
	bool title_given, max_combo_given;
	int verbosity; /* -1 quiet, 0 progress on a terminal, 1 always */
	bool timings;
	bool csv_safe;  /* --csv-safe */
	fr_progress_fn progress;
	void *progress_ctx;
	void (*warn)(void *ctx, const char *msg); /* a skipped bad row; may be NULL */
	void *warn_ctx;
	/* Where the run is: each stage, and each step of publish, as it starts
	 * (FR_TRACE=1, for the tests that stop a run in every stage). May be NULL. */
	void (*trace)(void *ctx, const char *step);
	void *trace_ctx;
	/* Something worth a line with the progress (a stale build folder swept
	 * beside OUT_DIR); may be NULL. */
	void (*note)(void *ctx, const char *msg);
	void *note_ctx;
	/* Something the user must hear even without a terminal, unless -q (the
	 * first night of --compare); may be NULL. */
	void (*notice)(void *ctx, const char *msg);
	void *notice_ctx;
	/* A long stage's progress, at most a few times a second; may be NULL. */
	void (*tick)(void *ctx, const struct fr_tick *t);
	void *tick_ctx;
	/* The run's result at its end, published or not, for the summary line
	 * and the log (it is freed after the call); may be NULL. */
	void (*done)(void *ctx, const struct fr_result *r);
	void *done_ctx;
};

#endif
