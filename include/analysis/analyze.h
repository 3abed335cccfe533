/* analyze.h: the analyze stage. Loads the two cube tables (made by the model
 * stage, or read from cube files) into a small SQLite database of its own,
 * rolls every breakdown up from them with the SQL of
 * templates/sql/analyze_*.sql (handing the tables to the warehouse too), and
 * computes everything derived from the breakdowns, once. */
#ifndef FR_ANALYZE_H
#define FR_ANALYZE_H

#include <stddef.h>

#include "analysis/compare.h"
#include "analysis/gate.h"
#include "analysis/history.h"
#include "base/templates.h"
#include "core/result.h"
#include "warehouse/loader.h"

/* What the analysis compares with and checks, beside the cube. */
struct fr_analyze_opts {
	const struct fr_prev *prev;  /* --compare: the previous run, or NULL */
	const struct fr_gate *gates; /* --fail-on, in order */
	size_t ngates;
	const char *first_night;     /* --compare DIR with no report in it yet, or NULL */
	/* The history of the report replaced (NULL: none), and --history N:
	 * with a limit, the analysis builds the history, this run last. */
	const struct fr_history_prev *history;
	size_t history_limit;
};

/*
 * Needs r's settings and cube; fills r->analysis: every breakdown of both
 * measures with each funnel step's rates, intervals and test against the
 * rest, the findings, the cohorts, the headline analyses, the comparison
 * with o->prev, the checks of o->gates and the history; appends the SQL it ran to
 * r->log.queries. With ld set, the cube tables are also queued for the
 * warehouse. First, the segments are estimated against --max-segments
 * (estimate.h): more is FR_EDATA, before any roll-up. o may be NULL.
 */
int fr_analyze_run(struct fr_templates *t, struct fr_loader *ld, const struct fr_analyze_opts *o,
                   struct fr_result *r, char **err);

#endif
