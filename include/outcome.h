/* outcome.h: what a run tells the scheduler that started it. The outcome is
 * copied from the run's result at its end (the result is freed then), and
 * main prints it as one summary line or as JSON log objects (--log json):
 * one per stage, one at the end. */
#ifndef FR_OUTCOME_H
#define FR_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/result.h"

struct fr_outcome_check {
	char *expr;
	double value;         /* NaN when undefined */
	bool held;
	const char *why_not;  /* static, or NULL */
};

/* An outcome owns its strings; zero it before the first take. */
struct fr_outcome {
	bool known;           /* the run got as far as the analysis */
	/* as in summary.json's totals */
	int64_t users, entered, converted, page_visits;
	int64_t conversion_pct; /* hundredths; -1 when nobody entered */
	struct fr_outcome_check *checks;
	size_t nchecks, nheld;
	size_t history_runs;  /* runs in data/history.csv, 0 without */
	char *history_restarted;
	bool first_night;
	struct fr_stage load; /* the warehouse load, when it ran (name NULL otherwise) */
};

/* Copies what the outcome tells from r. */
void fr_outcome_take(struct fr_outcome *o, const struct fr_result *r);
void fr_outcome_free(struct fr_outcome *o);

/* "published out/: 90,400 entered, 4.16 % converted, 2 checks held, 2.1 s" */
void fr_outcome_line(const struct fr_outcome *o, const char *out_dir, double seconds,
                     struct fr_buf *out);

/* JSON log objects, one line each (with the newline). */
void fr_outcome_json_stage(const struct fr_stage *st, struct fr_buf *out);
/* event is "notice", "note" or "warning". */
void fr_outcome_json_message(const char *event, const char *msg, struct fr_buf *out);
/* status: "published", "checks held", "failed", "interrupted" or "usage". */
void fr_outcome_json_end(const struct fr_outcome *o, const char *status, int exit_code,
                         const char *out_dir, double seconds, const char *error,
                         struct fr_buf *out);

#endif
