/* cohorts.c: entry-month cohorts and their maturity. */
#include "analysis/cohorts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timestamp.h"
#include "base/util.h"

/* The month breakdown: the single-dimension one over the entry month; 0
 * (overall) when there is none. */
static size_t
cohorts_breakdown(const struct fr_result *r)
{
	for (size_t b = 1; b < r->analysis.nfunnel; b++) {
		const struct fr_breakdown *bd = &r->analysis.funnel[b];
		if (bd->ndims == 1 && r->cube.dims[bd->dims[0]].attr < 0)
			return b;
	}
	return 0;
}

/* The first second after "YYYY-MM", or FR_NO_TIME for anything else. */
static int64_t
cohorts_month_end(const char *month)
{
	int64_t y, m;
	char ybuf[5] = {0}, mbuf[3] = {0};
	if (strlen(month) != 7 || month[4] != '-')
		return FR_NO_TIME;
	memcpy(ybuf, month, 4);
	memcpy(mbuf, month + 5, 2);
	if (fr_parse_i64(ybuf, 0, 9999, &y) != 0 || fr_parse_i64(mbuf, 1, 12, &m) != 0)
		return FR_NO_TIME;
	if (m == 12) {
		y++;
		m = 0;
	}
	return fr_days_from_civil(y, (unsigned)m + 1, 1) * 86400;
}

void
fr_cohorts_compute(struct fr_result *r)
{
	struct fr_analysis *a = &r->analysis;
	a->cohort_of = cohorts_breakdown(r);
	a->ncohorts = 0;
	if (a->cohort_of == 0 || r->cube.nsteps == 0)
		return;
	const struct fr_breakdown *bd = &a->funnel[a->cohort_of];
	int64_t last = FR_NO_TIME;
	const char *why;
	if (r->cube.last_event != NULL &&
	    fr_timestamp_parse(r->cube.last_event, strlen(r->cube.last_event), &last, &why) != 0)
		last = FR_NO_TIME;
	struct fr_cohort *c = fr_xcalloc(bd->nsegs + 1, sizeof *c);
	for (size_t s = 0; s < bd->nsegs; s++) {
		c[s].seg = s;
		c[s].maturity = FR_COHORT_UNKNOWN;
		int64_t end = cohorts_month_end(bd->segs[s].values[0]);
		if (r->settings.window_days <= 0 || end == FR_NO_TIME || last == FR_NO_TIME)
			continue;
		/* the last entrant came in the month's last second; their chain
		 * may finish up to window x 24 h later, inclusive */
		int64_t closes = end - 1 + r->settings.window_days * 86400;
		char buf[FR_TIMESTAMP_BUFSZ];
		fr_timestamp_date(closes, buf);
		snprintf(c[s].closes, sizeof c[s].closes, "%s", buf);
		c[s].maturity = last >= closes ? FR_COHORT_MATURE : FR_COHORT_IMMATURE;
	}
	free(a->cohorts);
	a->cohorts = c;
	a->ncohorts = bd->nsegs;
}

const struct fr_segment *
fr_cohorts_segment(const struct fr_result *r, size_t i)
{
	return &r->analysis.funnel[r->analysis.cohort_of].segs[r->analysis.cohorts[i].seg];
}
