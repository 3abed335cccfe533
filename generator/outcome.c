/* outcome.c: the summary line and the JSON log of a run. */
#include "outcome.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/pct.h"
#include "base/util.h"

void
fr_outcome_take(struct fr_outcome *o, const struct fr_result *r)
{
	fr_outcome_free(o);
	const struct fr_analysis *a = &r->analysis;
	o->known = a->nfunnel > 0 && r->cube.nsteps > 0;
	if (o->known) {
		o->users = r->log.quality.users;
		o->page_visits = r->log.quality.page_visits;
		o->entered = fr_result_entered(r);
		o->converted = fr_result_users(r, r->cube.nsteps - 1);
		o->conversion_pct = fr_pct(o->converted, o->entered);
	}
	o->checks = fr_xcalloc(a->nchecks + 1, sizeof *o->checks);
	for (size_t i = 0; i < a->nchecks; i++) {
		const struct fr_check *c = &a->checks[i];
		o->checks[i] = (struct fr_outcome_check){fr_xstrdup(c->expr), c->value, c->held, c->why_not};
		o->nheld += c->held;
	}
	o->nchecks = a->nchecks;
	if (a->history != NULL) {
		o->history_runs = a->history->nruns;
		if (a->history->restarted != NULL)
			o->history_restarted = fr_xstrdup(a->history->restarted);
	}
	o->first_night = a->first_night != NULL;
	if (r->log.load.ran)
		o->load = r->log.load;
}

void
fr_outcome_free(struct fr_outcome *o)
{
	for (size_t i = 0; i < o->nchecks; i++)
		free(o->checks[i].expr);
	free(o->checks);
	free(o->history_restarted);
	memset(o, 0, sizeof *o);
}

void
fr_outcome_line(const struct fr_outcome *o, const char *out_dir, double seconds,
                struct fr_buf *out)
{
	size_t n = strlen(out_dir);
	fr_buf_printf(out, "published %s%s", out_dir, n > 0 && out_dir[n - 1] == '/' ? "" : "/");
	if (o->known) {
		fr_buf_puts(out, ": ");
		fr_buf_put_count(out, o->entered);
		fr_buf_puts(out, " entered, ");
		if (o->conversion_pct >= 0) {
			fr_pct_put(out, o->conversion_pct);
			fr_buf_puts(out, " % converted");
		} else {
			fr_buf_puts(out, "no conversion (nobody entered)");
		}
	}
	if (o->nchecks > 0)
		fr_buf_printf(out, ", %zu check%s held", o->nheld, o->nheld == 1 ? "" : "s");
	fr_buf_printf(out, ", %.1f s", seconds);
}

/* The writer's document on one line: it indents with a newline and spaces
 * outside strings only (a string's newlines are escaped). */
static void
outcome_line_of(struct fr_buf *doc, struct fr_buf *out)
{
	const char *s = fr_buf_cstr(doc);
	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\n') {
			while (s[i + 1] == ' ')
				i++;
			continue;
		}
		fr_buf_putc(out, s[i]);
	}
	fr_buf_putc(out, '\n');
}

static void
outcome_stage_fields(struct fr_json *j, const struct fr_stage *st)
{
	fr_json_key(j, "stage");
	fr_json_str(j, st->name);
	fr_json_key(j, "depends");
	fr_json_str(j, st->depends != NULL ? st->depends : "");
	fr_json_key(j, "start");
	fr_json_num(j, st->start, 3);
	fr_json_key(j, "seconds");
	fr_json_num(j, st->seconds, 3);
	fr_json_key(j, "rows_in");
	fr_json_i64(j, st->rows_in);
	fr_json_key(j, "rows_out");
	fr_json_i64(j, st->rows_out);
	fr_json_key(j, "rows_what");
	fr_json_str(j, st->rows_what != NULL ? st->rows_what : "rows");
}

void
fr_outcome_json_stage(const struct fr_stage *st, struct fr_buf *out)
{
	struct fr_buf doc = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &doc);
	fr_json_obj_begin(&j);
	fr_json_key(&j, "event");
	fr_json_str(&j, "stage");
	outcome_stage_fields(&j, st);
	fr_json_obj_end(&j);
	outcome_line_of(&doc, out);
	fr_buf_free(&doc);
}

void
fr_outcome_json_message(const char *event, const char *msg, struct fr_buf *out)
{
	struct fr_buf doc = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &doc);
	fr_json_obj_begin(&j);
	fr_json_key(&j, "event");
	fr_json_str(&j, event);
	fr_json_key(&j, "message");
	fr_json_str(&j, msg);
	fr_json_obj_end(&j);
	outcome_line_of(&doc, out);
	fr_buf_free(&doc);
}

void
fr_outcome_json_end(const struct fr_outcome *o, const char *status, int exit_code,
                    const char *out_dir, double seconds, const char *error, struct fr_buf *out)
{
	struct fr_buf doc = FR_BUF_INIT;
	struct fr_json j;
	fr_json_init(&j, &doc);
	fr_json_obj_begin(&j);
	fr_json_key(&j, "event");
	fr_json_str(&j, "end");
	fr_json_key(&j, "status");
	fr_json_str(&j, status);
	fr_json_key(&j, "exit");
	fr_json_i64(&j, exit_code);
	fr_json_key(&j, "out_dir");
	out_dir != NULL ? fr_json_str(&j, out_dir) : fr_json_null(&j);
	fr_json_key(&j, "seconds");
	fr_json_num(&j, seconds, 3);
	fr_json_key(&j, "error");
	error != NULL ? fr_json_str(&j, error) : fr_json_null(&j);
	/* the counts of summary.json's totals, when the run got that far */
	fr_json_key(&j, "totals");
	if (o->known) {
		fr_json_obj_begin(&j);
		fr_json_key(&j, "users");
		fr_json_i64(&j, o->users);
		fr_json_key(&j, "entered");
		fr_json_i64(&j, o->entered);
		fr_json_key(&j, "converted");
		fr_json_i64(&j, o->converted);
		fr_json_key(&j, "conversion_pct");
		fr_json_pct(&j, o->conversion_pct);
		fr_json_key(&j, "page_visits");
		fr_json_i64(&j, o->page_visits);
		fr_json_obj_end(&j);
	} else {
		fr_json_null(&j);
	}
	fr_json_key(&j, "checks");
	fr_json_arr_begin(&j);
	for (size_t i = 0; i < o->nchecks; i++) {
		fr_json_obj_begin(&j);
		fr_json_key(&j, "check");
		fr_json_str(&j, o->checks[i].expr);
		fr_json_key(&j, "value");
		fr_json_num(&j, o->checks[i].value, 2);
		fr_json_key(&j, "held");
		fr_json_bool(&j, o->checks[i].held);
		fr_json_key(&j, "why_not");
		o->checks[i].why_not != NULL ? fr_json_str(&j, o->checks[i].why_not) : fr_json_null(&j);
		fr_json_obj_end(&j);
	}
	fr_json_arr_end(&j);
	fr_json_key(&j, "checks_held");
	fr_json_i64(&j, (int64_t)o->nheld);
	fr_json_key(&j, "first_night");
	fr_json_bool(&j, o->first_night);
	fr_json_key(&j, "history");
	fr_json_obj_begin(&j);
	fr_json_key(&j, "runs");
	fr_json_i64(&j, (int64_t)o->history_runs);
	fr_json_key(&j, "restarted");
	o->history_restarted != NULL ? fr_json_str(&j, o->history_restarted) : fr_json_null(&j);
	fr_json_obj_end(&j);
	fr_json_obj_end(&j);
	outcome_line_of(&doc, out);
	fr_buf_free(&doc);
}
