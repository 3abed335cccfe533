/* definitions.c: the rules the numbers follow, in plain sentences, as this
 * run applied them (its order, window, tests and checks). */
#include "analysis/definitions.h"

#include <stdlib.h>

#include "base/util.h"
#include "core/cube.h"

size_t
fr_definitions(const struct fr_result *r, struct fr_definition **out)
{
	struct fr_definition *d = fr_xcalloc(20, sizeof *d);
	size_t n = 0;
	d[n++] = (struct fr_definition){
	    "Entry", fr_xstrdup("A user enters the funnel with their first visit to the first step.")};
	if (r->cube.step_pages != NULL)
		d[n++] = (struct fr_definition){
		    "Step pages",
		    fr_xstrdup("A step given by page patterns is every page that matches one of them, "
		               "as logged (a query string included): * stands for any run of "
		               "characters, / included, ? for any one byte, [...] for one byte of a "
		               "set, and \\ takes the next character as it is. A step given by its name "
		               "alone is the page of that name. No page may be at two steps; pages at "
		               "none are counted in data quality.")};
	if (r->settings.order == FR_ORDER_ORDERED) {
		d[n++] = (struct fr_definition){
		    "Order",
		    r->settings.window_days > 0
		        ? fr_xasprintf("Ordered: a user reaches step k when they visited steps 1 to k in "
		                       "that order, all within %lld days (x 24 h, inclusive) of the "
		                       "step-1 visit that starts the chain; the deepest chain counts.",
		                       (long long)r->settings.window_days)
		        : fr_xstrdup("Ordered: a user reaches step k when they visited steps 1 to k in "
		                     "that order, with no time limit; the deepest chain counts.")};
		d[n++] = (struct fr_definition){
		    "Ties", fr_xstrdup("Visits with equal timestamps count as in order.")};
	} else {
		d[n++] = (struct fr_definition){
		    "Order", fr_xstrdup("Any order: a user reaches step k when they visited each of steps 1 "
		                        "to k at least once, whatever the times.")};
	}
	d[n++] = (struct fr_definition){
	    "Duplicates",
	    fr_xstrdup("Events with the same user_id, page and event_time count once, everywhere.")};
	d[n++] = (struct fr_definition){
	    "Time zone", fr_xstrdup("All times are converted to UTC; days and months are UTC.")};
	d[n++] = (struct fr_definition){
	    "Month", fr_xstrdup("In funnel breakdowns, month is the calendar month of the user's first "
	                        "step-1 visit; in visit trends, the month of the visit.")};
	d[n++] = (struct fr_definition){
	    "Percentages",
	    fr_xstrdup("% of start = users at the step / users at step 1; % of previous = users at the "
	               "step / users at the step before; drop-off = 100 - % of previous. Rounded to two "
	               "decimals; empty (n/a) when the denominator is 0.")};
	d[n++] = (struct fr_definition){
	    "Interval",
	    fr_xstrdup("Each rate comes with its Wilson score interval at 95 %: the range of true "
	               "rates the data is consistent with. It stays inside 0-100 % and behaves at "
	               "small counts, where the textbook p \xc2\xb1 1.96 se does not. A rate whose "
	               "base (users at the step before) is under 30 is marked too few to read.")};
	d[n++] = (struct fr_definition){
	    "Significance",
	    fr_xasprintf("Each segment's %% of previous is tested against the rest of its breakdown "
	                 "(everyone else who entered) with a two-sided two-proportion z-test. With "
	                 "%zu tests in this report, some would pass by chance, so the p-values are "
	                 "adjusted by Holm's method across all of them: a difference is marked "
	                 "(" FR_MARK_BETTER_WORD ", " FR_MARK_WORSE_WORD ") only when the adjusted p is under 0.05, which "
	                 "keeps the chance of even one false mark in the whole report under 5 %%. "
	                 "Bases under 30, in the segment or the rest, are not tested.",
	                 r->analysis.ntests)};
	d[n++] = (struct fr_definition){
	    "Users lost",
	    fr_xstrdup("For a segment that converts significantly worse than the rest: users at the "
	               "step before x (rate of the rest - rate of the segment), the users it would "
	               "have kept at the rest's rate. What stands out ranks by it.")};
	if (r->settings.order == FR_ORDER_ORDERED && !r->cube.no_times)
		d[n++] = (struct fr_definition){
		    "Time to convert",
		    fr_xstrdup("From a user's entry (the first visit to step 1) to the visit that first "
		               "completed their ordered chain to a step. The median and the 90th "
		               "percentile (nearest rank) are of the users who reached that step. They are "
		               "counted in histograms, so memory does not grow with the users: exact to "
		               "the second below 256 seconds; above, interpolated inside a bin 1/64 of a "
		               "doubling wide that holds the exact value, so within " FR_TTC_ERROR_PCT
		               " % of it.")};
	if (r->analysis.nchecks > 0)
		d[n++] = (struct fr_definition){
		    "Checks",
		    fr_xstrdup("--fail-on METRIC OP NUMBER, checked on the numbers this report shows; the "
		               "report is published either way, and the run exits with status 4 when any "
		               "check holds.")};
	d[n++] = (struct fr_definition){
	    "Entry cohort",
	    fr_xstrdup("The users whose first step-1 visit fell in a calendar month. With --window, a "
	               "cohort is immature until the window of its last possible entrant (the month's "
	               "last second + the window) has closed by the data's last event: its rates can "
	               "still rise.")};
	if (r->analysis.compare != NULL) {
		d[n++] = (struct fr_definition){
		    "Comparison",
		    fr_xstrdup("Each step's % of previous, overall and in every single-dimension segment, "
		               "against the previous run's: the change in percentage points (pp) with its "
		               "95 % interval (Newcombe's hybrid score method, per comparison), tested by a "
		               "two-proportion z-test with Holm's correction across all the comparisons. "
		               "The two runs are treated as independent samples; when tonight's data "
		               "repeats last night's users the samples overlap and the test is "
		               "conservative.")};
		d[n++] = (struct fr_definition){
		    "Mix and rates",
		    fr_xstrdup("The change in overall conversion split along one dimension: from the mix, "
		               "the segments' shares of entered users moving (at their average rate), and "
		               "from the rates, the segments' own conversion moving (at their average "
		               "share). The two add up to the change.")};
	}
	*out = d;
	return n;
}

void
fr_definitions_free(struct fr_definition *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(d[i].text);
	free(d);
}
