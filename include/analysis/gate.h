/* gate.h: --fail-on EXPR, a check for nightly jobs. EXPR is METRIC OP NUMBER
 * (OP one of < <= > >= == !=), such as overall_conversion<2.5; the report
 * is published either way, and the exit status is 4 when any check holds,
 * so a scheduler can alert. */
#ifndef FR_GATE_H
#define FR_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/result.h"

/* A check as parsed; owns its strings. */
struct fr_gate {
	char *expr;   /* as given */
	char *metric;
	int op;       /* enum in gate.c */
	double value;
	bool needs_compare;
};

/* Parses expr into g; FR_EUSAGE naming the problem and the known metrics. */
int fr_gate_parse(const char *expr, struct fr_gate *g, char **err);
void fr_gate_free(struct fr_gate *g);

/* The metric's value for r (NaN when it is undefined, such as a conversion
 * with nobody entered: then the check does not hold), and whether the check
 * holds. */
bool fr_gate_eval(const struct fr_gate *g, const struct fr_result *r, double *value);

/* A metric's value as shown: "6" for a count, "3.64" otherwise, "n/a". */
void fr_gate_format(double v, char *buf, size_t n);

/* The metrics, one per line with their meaning, for --help and errors. */
#define FR_GATE_METRICS                                                                         \
	"  overall_conversion   % of entered users who reached the last step\n"                    \
	"  entered, converted   users at the first and at the last step\n"                         \
	"  dropped_events_pct   % of events read that were set aside (unknown user,\n"             \
	"                       exact repeat)\n"                                                   \
	"  bad_rows             unparseable rows skipped under --max-bad-rows\n"                   \
	"  significantly_lower  segment-steps significantly below the rest\n"                      \
	"  significant_drops    steps whose conversion fell significantly since the\n"             \
	"                       --compare run (significant_rises: rose)\n"                         \
	"  conversion_change    overall conversion now minus then, in points (--compare)\n"

#endif
