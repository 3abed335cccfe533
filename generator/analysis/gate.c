/* gate.c: --fail-on checks over the results. */
#include "analysis/gate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "base/pct.h"
#include "base/util.h"

enum { GATE_LT, GATE_LE, GATE_GT, GATE_GE, GATE_EQ, GATE_NE };

static const struct {
	const char *text;
	int op;
} gate_ops[] = {
    /* two-character operators first, so "<=" is not read as "<" */
    {"<=", GATE_LE}, {">=", GATE_GE}, {"==", GATE_EQ}, {"!=", GATE_NE}, {"<", GATE_LT}, {">", GATE_GT},
};

static const struct {
	const char *name;
	bool needs_compare;
} gate_names[] = {
    {"overall_conversion", false}, {"entered", false},          {"converted", false},
    {"dropped_events_pct", false}, {"bad_rows", false},         {"significantly_lower", false},
    {"significant_drops", true},   {"significant_rises", true}, {"conversion_change", true},
};

void
fr_gate_format(double v, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "n/a");
	else if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "%.2f", v);
}

int
fr_gate_parse(const char *expr, struct fr_gate *g, char **err)
{
	memset(g, 0, sizeof *g);
	size_t at = strcspn(expr, "<>=!");
	const char *rest = expr + at;
	int op = -1;
	size_t oplen = 0;
	for (size_t i = 0; op < 0 && i < sizeof gate_ops / sizeof gate_ops[0]; i++)
		if (strncmp(rest, gate_ops[i].text, strlen(gate_ops[i].text)) == 0) {
			op = gate_ops[i].op;
			oplen = strlen(gate_ops[i].text);
		}
	/* the name, without spaces around it */
	size_t a = 0, b = at;
	while (a < b && expr[a] == ' ')
		a++;
	while (b > a && expr[b - 1] == ' ')
		b--;
	if (op < 0 || a == b)
		return fr_fail(err, FR_EUSAGE,
		               "--fail-on %s: expected METRIC OP NUMBER, such as overall_conversion<2.5 "
		               "(OP: < <= > >= == !=)",
		               expr);
	char *name = fr_xstrndup(expr + a, b - a);
	int known = -1;
	for (size_t i = 0; known < 0 && i < sizeof gate_names / sizeof gate_names[0]; i++)
		if (strcmp(name, gate_names[i].name) == 0)
			known = (int)i;
	if (known < 0) {
		int rc = fr_fail(err, FR_EUSAGE, "--fail-on %s: unknown metric %s (--help lists them)",
		                 expr, name);
		free(name);
		return rc;
	}
	const char *num = rest + oplen;
	while (*num == ' ')
		num++;
	char *end;
	double v = strtod(num, &end);
	while (*end == ' ')
		end++;
	if (end == num || *end != '\0' || !isfinite(v)) {
		free(name);
		return fr_fail(err, FR_EUSAGE, "--fail-on %s: \"%s\" is not a number", expr, num);
	}
	*g = (struct fr_gate){fr_xstrdup(expr), name, op, v, gate_names[known].needs_compare};
	return FR_OK;
}

void
fr_gate_free(struct fr_gate *g)
{
	free(g->expr);
	free(g->metric);
	memset(g, 0, sizeof *g);
}

/* A percentage as the report shows it (two decimals), so a check agrees
 * with what the reader sees; NaN without a base. */
static double
gate_pct(int64_t num, int64_t den)
{
	int64_t h = fr_pct(num, den);
	return h < 0 ? NAN : (double)h / 100.0;
}

static double
gate_value(const char *m, const struct fr_result *r)
{
	const struct fr_quality *q = &r->log.quality;
	int64_t entered = r->cube.nsteps ? fr_result_entered(r) : 0;
	int64_t converted = r->cube.nsteps ? fr_result_users(r, r->cube.nsteps - 1) : 0;
	const struct fr_comparison *c = r->analysis.compare;
	if (strcmp(m, "overall_conversion") == 0)
		return gate_pct(converted, entered);
	if (strcmp(m, "entered") == 0)
		return (double)entered;
	if (strcmp(m, "converted") == 0)
		return (double)converted;
	if (strcmp(m, "dropped_events_pct") == 0) {
		int64_t dropped = q->unknown_user_events + q->duplicate_events;
		return gate_pct(dropped, q->events_read);
	}
	if (strcmp(m, "bad_rows") == 0)
		return (double)q->bad_rows_skipped;
	if (strcmp(m, "significantly_lower") == 0)
		return (double)r->analysis.nfindings; /* every lower verdict is a finding */
	if (c == NULL)
		return NAN;
	if (strcmp(m, "significant_drops") == 0)
		return (double)c->drops;
	if (strcmp(m, "significant_rises") == 0)
		return (double)c->rises;
	if (strcmp(m, "conversion_change") == 0)
		return round(c->change_pp * 100) / 100; /* as the report shows it */
	return NAN;
}

bool
fr_gate_eval(const struct fr_gate *g, const struct fr_result *r, double *value)
{
	double v = gate_value(g->metric, r);
	*value = v;
	if (isnan(v))
		return false;
	switch (g->op) {
	case GATE_LT: return v < g->value;
	case GATE_LE: return v <= g->value;
	case GATE_GT: return v > g->value;
	case GATE_GE: return v >= g->value;
	case GATE_EQ: return v == g->value;
	default: return v != g->value;
	}
}
