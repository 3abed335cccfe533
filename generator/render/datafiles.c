/* datafiles.c: CSV and JSON outputs, all through csvw and json. */
#include "render/datafiles.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cohorts.h"
#include "analysis/compare.h"
#include "analysis/definitions.h"
#include "base/csvw.h"
#include "analysis/findings.h"
#include "base/json.h"
#include "base/pct.h"
#include "base/version.h"
#include "core/summary.h"

/* A p-value to four decimals; empty where not tested. */
static void
datafiles_p(struct fr_csvw *w, double p)
{
	char buf[32];
	if (isnan(p)) {
		fr_csvw_empty(w);
		return;
	}
	snprintf(buf, sizeof buf, "%.4f", p);
	fr_csvw_num(w, buf);
}

int
fr_datafiles_funnel(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	const struct fr_result *r = rep->result;
	(void)err;
	struct fr_csvw w;
	fr_csvw_init(&w, out);
	w.safe = r->settings.csv_safe;
	fr_buf_puts(out, "breakdown,segment,step_index,step,users,conversion_from_start_pct,"
	                 "conversion_from_prev_pct,dropoff_from_prev_pct,ci_low_pct,ci_high_pct,"
	                 "start_ci_low_pct,start_ci_high_pct,vs_rest,p_adjusted\n");
	for (size_t b = 0; b < r->analysis.nfunnel; b++) {
		const struct fr_breakdown *bd = &r->analysis.funnel[b];
		for (size_t s = 0; s < bd->nsegs; s++) {
			const struct fr_segment *seg = &bd->segs[s];
			const int64_t *u = fr_segment_users(seg);
			for (size_t k = 0; k < r->cube.nsteps; k++) {
				const struct fr_step_stats *st = &seg->stats[k];
				fr_csvw_str(&w, bd->name);
				fr_csvw_str(&w, seg->label);
				fr_csvw_i64(&w, (int64_t)k + 1);
				fr_csvw_str(&w, r->cube.steps[k]);
				fr_csvw_i64(&w, u[k]);
				fr_csvw_pct(&w, st->start.pct);
				fr_csvw_pct(&w, st->prev.pct);
				fr_csvw_pct(&w, st->dropoff);
				fr_csvw_pct(&w, st->prev.lo);
				fr_csvw_pct(&w, st->prev.hi);
				fr_csvw_pct(&w, st->start.lo);
				fr_csvw_pct(&w, st->start.hi);
				fr_csvw_str(&w, fr_findings_vs_name(st->vs_rest));
				datafiles_p(&w, st->p_adj);
				fr_csvw_end(&w);
			}
		}
	}
	return FR_OK;
}

int
fr_datafiles_ttc(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	const struct fr_result *r = rep->result;
	(void)err;
	struct fr_csvw w;
	fr_csvw_init(&w, out);
	w.safe = r->settings.csv_safe;
	fr_buf_puts(out, "breakdown,segment,step_index,step,users,median_seconds,p90_seconds");
	for (size_t b = 0; b < FR_TTC_NBINS; b++)
		fr_buf_printf(out, ",from_%llds", (long long)fr_ttc_bin_lower[b]);
	fr_buf_putc(out, '\n');
	for (size_t i = 0; i < r->cube.nttc; i++) {
		const struct fr_ttc_row *t = &r->cube.ttc[i];
		char *label = t->dim >= 0 ? fr_xasprintf("%s=%s", r->cube.dims[t->dim].name, t->value) : NULL;
		fr_csvw_str(&w, t->dim >= 0 ? r->cube.dims[t->dim].name : "overall");
		fr_csvw_str(&w, label ? label : "all");
		fr_csvw_i64(&w, (int64_t)t->step + 1);
		fr_csvw_str(&w, r->cube.steps[t->step]);
		fr_csvw_i64(&w, t->st.users);
		if (t->st.users > 0) {
			fr_csvw_i64(&w, t->st.median);
			fr_csvw_i64(&w, t->st.p90);
		} else {
			fr_csvw_empty(&w);
			fr_csvw_empty(&w);
		}
		for (size_t b = 0; b < FR_TTC_NBINS; b++)
			fr_csvw_i64(&w, t->st.bins[b]);
		fr_csvw_end(&w);
		free(label);
	}
	return FR_OK;
}

/* A change in percentage points to two decimals; empty when undefined. */
static void
datafiles_pp(struct fr_csvw *w, double v)
{
	char buf[32];
	if (isnan(v)) {
		fr_csvw_empty(w);
		return;
	}
	snprintf(buf, sizeof buf, "%.2f", v);
	fr_csvw_num(w, strcmp(buf, "-0.00") == 0 ? "0.00" : buf);
}

int
fr_datafiles_compare(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	const struct fr_result *r = rep->result;
	(void)err;
	const struct fr_comparison *c = r->analysis.compare;
	struct fr_csvw w;
	fr_csvw_init(&w, out);
	w.safe = r->settings.csv_safe;
	fr_buf_puts(out, "breakdown,segment,step_index,step,before_users,before_base,before_pct,"
	                 "now_users,now_base,now_pct,change_pp,change_low_pp,change_high_pp,verdict,"
	                 "p_adjusted\n");
	for (size_t i = 0; c != NULL && i < c->nchanges; i++) {
		const struct fr_change *ch = &c->changes[i];
		const struct fr_breakdown *bd = &r->analysis.funnel[ch->breakdown];
		fr_csvw_str(&w, bd->name);
		fr_csvw_str(&w, bd->segs[ch->seg].label);
		fr_csvw_i64(&w, (int64_t)ch->step + 1);
		fr_csvw_str(&w, r->cube.steps[ch->step]);
		if (ch->n0 >= 0) {
			fr_csvw_i64(&w, ch->x0);
			fr_csvw_i64(&w, ch->n0);
		} else {
			fr_csvw_empty(&w);
			fr_csvw_empty(&w);
		}
		fr_csvw_pct(&w, ch->n0 >= 0 ? fr_pct(ch->x0, ch->n0) : -1);
		fr_csvw_i64(&w, ch->x1);
		fr_csvw_i64(&w, ch->n1);
		fr_csvw_pct(&w, fr_pct(ch->x1, ch->n1));
		datafiles_pp(&w, ch->diff_pp);
		datafiles_pp(&w, ch->lo_pp);
		datafiles_pp(&w, ch->hi_pp);
		fr_csvw_str(&w, fr_compare_verdict_name(ch->verdict));
		datafiles_p(&w, ch->p_adj);
		fr_csvw_end(&w);
	}
	return FR_OK;
}

int
fr_datafiles_visits(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	const struct fr_result *r = rep->result;
	(void)err;
	struct fr_csvw w;
	fr_csvw_init(&w, out);
	w.safe = r->settings.csv_safe;
	fr_buf_puts(out, "breakdown,segment,step_index,step,month,visits,visitors\n");
	for (size_t b = 0; b < r->analysis.nvisits; b++) {
		const struct fr_breakdown *bd = &r->analysis.visits[b];
		for (size_t s = 0; s < bd->nsegs; s++) {
			const struct fr_segment *seg = &bd->segs[s];
			for (size_t k = 0; k < r->cube.nsteps; k++) {
				for (size_t m = 0; m < r->cube.nmonths; m++) {
					fr_csvw_str(&w, bd->name);
					fr_csvw_str(&w, seg->label);
					fr_csvw_i64(&w, (int64_t)k + 1);
					fr_csvw_str(&w, r->cube.steps[k]);
					fr_csvw_str(&w, r->cube.months[m]);
					fr_csvw_i64(&w, fr_segment_visits(seg, r->cube.nmonths, k, m));
					fr_csvw_i64(&w, fr_segment_visitors(seg, r->cube.nmonths, k, m));
					fr_csvw_end(&w);
				}
			}
		}
	}
	return FR_OK;
}

static void
datafiles_cube(const struct fr_result *r, enum fr_measure_id id, struct fr_buf *out)
{
	const struct fr_cube *c = &r->cube;
	const struct fr_measure *m = &fr_measures[id];
	const struct fr_table *t = &c->tables[id];
	struct fr_csvw w;
	fr_csvw_init(&w, out);
	w.safe = r->settings.csv_safe;
	size_t nd;
	const size_t *dims = fr_cube_dims_of(c, id, &nd);
	for (size_t d = 0; d < nd; d++)
		fr_csvw_str(&w, c->dims[dims != NULL ? dims[d] : d].name);
	for (size_t k = 0; k < m->nkeys; k++) {
		switch (m->keys[k]) {
		case FR_KEY_LEVEL: fr_csvw_str(&w, "level"); break;
		case FR_KEY_STEP: fr_csvw_str(&w, "step_index"), fr_csvw_str(&w, "step"); break;
		case FR_KEY_MONTH: fr_csvw_str(&w, "month"); break;
		}
	}
	for (size_t j = 0; j < m->ncounts; j++)
		fr_csvw_str(&w, m->counts[j]);
	fr_csvw_end(&w);
	for (size_t i = 0; i < t->nrows; i++) {
		char **values = fr_table_values(t, i);
		const int64_t *keys = fr_table_keys(t, i), *counts = fr_table_counts(t, i);
		for (size_t d = 0; d < t->width; d++)
			fr_csvw_str(&w, values[d]);
		for (size_t k = 0; k < m->nkeys; k++) {
			switch (m->keys[k]) {
			case FR_KEY_LEVEL: fr_csvw_i64(&w, keys[k]); break;
			case FR_KEY_STEP:
				fr_csvw_i64(&w, keys[k] + 1);
				fr_csvw_str(&w, c->steps[keys[k]]);
				break;
			case FR_KEY_MONTH: fr_csvw_str(&w, c->months[keys[k]]); break;
			}
		}
		for (size_t j = 0; j < m->ncounts; j++)
			fr_csvw_i64(&w, counts[j]);
		fr_csvw_end(&w);
	}
}

int
fr_datafiles_cube_funnel(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	(void)err;
	datafiles_cube(rep->result, FR_FUNNEL, out);
	return FR_OK;
}

int
fr_datafiles_cube_visits(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	(void)err;
	datafiles_cube(rep->result, FR_VISITS, out);
	return FR_OK;
}

static void
datafiles_stages(const struct fr_result *r, struct fr_json *j)
{
	fr_json_key(j, fr_summary_array(FR_SUMMARY_STAGES));
	fr_json_arr_begin(j);
	for (size_t i = 0; i <= FR_NSTAGES; i++) {
		const struct fr_stage *s = fr_result_stage(r, i);
		if (s == NULL)
			continue;
		fr_json_obj_begin(j);
		fr_json_key(j, fr_summary_key(FR_SUMMARY_STAGES, FR_SUMMARY_STAGE_NAME));
		fr_json_str(j, s->name);
		fr_json_key(j, fr_summary_key(FR_SUMMARY_STAGES, FR_SUMMARY_STAGE_DEPENDS));
		fr_json_str(j, s->depends);
		fr_json_key(j, fr_summary_key(FR_SUMMARY_STAGES, FR_SUMMARY_STAGE_ROWS_IN));
		fr_json_i64(j, s->rows_in);
		fr_json_key(j, fr_summary_key(FR_SUMMARY_STAGES, FR_SUMMARY_STAGE_ROWS_OUT));
		fr_json_i64(j, s->rows_out);
		fr_json_key(j, fr_summary_key(FR_SUMMARY_STAGES, FR_SUMMARY_STAGE_ROWS_WHAT));
		fr_json_str(j, s->rows_what != NULL ? s->rows_what : "");
		fr_json_key(j, fr_summary_key(FR_SUMMARY_STAGES, FR_SUMMARY_STAGE_START));
		if (r->settings.timings)
			fr_json_num(j, s->start, 3);
		else
			fr_json_null(j);
		fr_json_key(j, fr_summary_key(FR_SUMMARY_STAGES, FR_SUMMARY_STAGE_SECONDS));
		if (r->settings.timings)
			fr_json_num(j, s->seconds, 3);
		else
			fr_json_null(j);
		fr_json_obj_end(j);
	}
	fr_json_arr_end(j);
}

static void
datafiles_compare_json(const struct fr_result *r, struct fr_json *j)
{
	const struct fr_comparison *c = r->analysis.compare;
	if (c == NULL) {
		fr_json_null(j);
		return;
	}
	fr_json_obj_begin(j);
	fr_json_key(j, "previous");
	fr_json_str(j, c->previous);
	fr_json_key(j, "before_conversion_pct");
	fr_json_pct(j, fr_pct(c->before_converted, c->before_entered));
	fr_json_key(j, "now_conversion_pct");
	fr_json_pct(j, fr_pct(c->now_converted, c->now_entered));
	fr_json_key(j, "change_pp");
	fr_json_num(j, c->change_pp, 2);
	fr_json_key(j, "change_low_pp");
	fr_json_num(j, c->change_lo_pp, 2);
	fr_json_key(j, "change_high_pp");
	fr_json_num(j, c->change_hi_pp, 2);
	fr_json_key(j, "tests");
	fr_json_i64(j, (int64_t)c->ntests);
	fr_json_key(j, "significant_rises");
	fr_json_i64(j, (int64_t)c->rises);
	fr_json_key(j, "significant_drops");
	fr_json_i64(j, (int64_t)c->drops);
	fr_json_key(j, "shift_share");
	fr_json_arr_begin(j);
	for (size_t i = 0; i < c->nshifts; i++) {
		const struct fr_shift *sh = &c->shifts[i];
		fr_json_obj_begin(j);
		fr_json_key(j, "dimension");
		fr_json_str(j, r->analysis.funnel[sh->breakdown].name);
		fr_json_key(j, "total_pp");
		fr_json_num(j, sh->total_pp, 2);
		fr_json_key(j, "mix_pp");
		fr_json_num(j, sh->mix_pp, 2);
		fr_json_key(j, "rate_pp");
		fr_json_num(j, sh->rate_pp, 2);
		fr_json_obj_end(j);
	}
	fr_json_arr_end(j);
	fr_json_obj_end(j);
}

/* The overall funnel under the other rule, counted in the same pass. */
static void
datafiles_other_json(const struct fr_result *r, struct fr_json *j)
{
	if (r->cube.other_users == NULL || r->cube.nsteps == 0) {
		fr_json_null(j);
		return;
	}
	const int64_t *u = r->cube.other_users;
	fr_json_obj_begin(j);
	fr_json_key(j, "order");
	fr_json_str(j, r->settings.order == FR_ORDER_ORDERED ? "any" : "ordered");
	fr_json_key(j, "window_days");
	fr_json_i64(j, r->settings.order == FR_ORDER_ORDERED ? 0 : r->settings.window_days);
	fr_json_key(j, "converted");
	fr_json_i64(j, u[r->cube.nsteps - 1]);
	fr_json_key(j, "conversion_pct");
	fr_json_pct(j, fr_pct(u[r->cube.nsteps - 1], u[0]));
	fr_json_key(j, fr_summary_array(FR_SUMMARY_OTHER));
	fr_json_arr_begin(j);
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		fr_json_obj_begin(j);
		fr_json_key(j, "index");
		fr_json_i64(j, (int64_t)k + 1);
		fr_json_key(j, fr_summary_key(FR_SUMMARY_OTHER, FR_SUMMARY_OTHER_USERS));
		fr_json_i64(j, u[k]);
		fr_json_obj_end(j);
	}
	fr_json_arr_end(j);
	fr_json_obj_end(j);
}

int
fr_datafiles_summary(const struct fr_report *rep, struct fr_buf *out, char **err)
{
	const struct fr_result *r = rep->result;
	(void)err;
	struct fr_json j;
	fr_json_init(&j, out);
	fr_json_obj_begin(&j);
	fr_json_key(&j, "generator");
	fr_json_str(&j, "funnel-report " FR_VERSION);
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_TITLE));
	fr_json_str(&j, r->settings.title);
	fr_json_key(&j, "generated_at");
	if (r->settings.generated_at != NULL)
		fr_json_str(&j, r->settings.generated_at);
	else
		fr_json_null(&j);
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_SOURCE));
	fr_json_str(&j, r->settings.source);
	fr_json_key(&j, "period");
	fr_json_obj_begin(&j);
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_FIRST_EVENT));
	r->cube.first_event ? fr_json_str(&j, r->cube.first_event) : fr_json_null(&j);
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_LAST_EVENT));
	r->cube.last_event ? fr_json_str(&j, r->cube.last_event) : fr_json_null(&j);
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_HAS_TIMES));
	fr_json_bool(&j, !r->cube.no_times);
	fr_json_obj_end(&j);

	fr_json_key(&j, "settings");
	fr_json_obj_begin(&j);
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_ORDER));
	fr_json_str(&j, r->settings.order == FR_ORDER_ORDERED ? "ordered" : "any");
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_WINDOW_DAYS));
	fr_json_i64(&j, r->settings.window_days);
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_MAX_COMBO));
	fr_json_i64(&j, r->settings.max_combo);
	/* the readers of this run's files (--compare, --from-cube) undo it */
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_CSV_SAFE));
	fr_json_bool(&j, r->settings.csv_safe);
	fr_json_obj_end(&j);

	int64_t entered = fr_result_entered(r);
	int64_t converted = r->cube.nsteps ? fr_result_users(r, r->cube.nsteps - 1) : 0;
	fr_json_key(&j, "totals");
	fr_json_obj_begin(&j);
	fr_json_key(&j, fr_summary_key(FR_SUMMARY_TOP, FR_SUMMARY_USERS));
	fr_json_i64(&j, r->log.quality.users);
	fr_json_key(&j, "entered");
	fr_json_i64(&j, entered);
	fr_json_key(&j, "converted");
	fr_json_i64(&j, converted);
	fr_json_key(&j, "conversion_pct");
	fr_json_pct(&j, fr_pct(converted, entered));
	fr_json_key(&j, "page_visits");
	fr_json_i64(&j, r->log.quality.page_visits);
	fr_json_key(&j, "breakdowns");
	fr_json_i64(&j, (int64_t)r->analysis.nfunnel);
	fr_json_key(&j, "significance_tests");
	fr_json_i64(&j, (int64_t)r->analysis.ntests);
	fr_json_key(&j, "significant");
	fr_json_i64(&j, (int64_t)(r->analysis.nhigher + r->analysis.nfindings));
	fr_json_key(&j, "significantly_higher");
	fr_json_i64(&j, (int64_t)r->analysis.nhigher);
	fr_json_key(&j, "significantly_lower");
	fr_json_i64(&j, (int64_t)r->analysis.nfindings); /* every lower verdict is a finding */
	fr_json_obj_end(&j);

	fr_json_key(&j, fr_summary_array(FR_SUMMARY_STEPS));
	fr_json_arr_begin(&j);
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		int64_t u = fr_result_users(r, k);
		const struct fr_step_stats *st = &r->analysis.funnel[0].segs[0].stats[k];
		fr_json_obj_begin(&j);
		fr_json_key(&j, "index");
		fr_json_i64(&j, (int64_t)k + 1);
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_STEPS, FR_SUMMARY_STEP_NAME));
		fr_json_str(&j, r->cube.steps[k]);
		if (r->cube.step_pages != NULL && r->cube.step_pages[k] != NULL) {
			fr_json_key(&j, fr_summary_key(FR_SUMMARY_STEPS, FR_SUMMARY_STEP_PAGES));
			fr_json_str(&j, r->cube.step_pages[k]);
		}
		fr_json_key(&j, "users");
		fr_json_i64(&j, u);
		fr_json_key(&j, "conversion_from_start_pct");
		fr_json_pct(&j, st->start.pct);
		fr_json_key(&j, "conversion_from_prev_pct");
		fr_json_pct(&j, st->prev.pct);
		fr_json_key(&j, "dropoff_from_prev_pct");
		fr_json_pct(&j, st->dropoff);
		fr_json_key(&j, "ci_low_pct");
		fr_json_pct(&j, st->prev.lo);
		fr_json_key(&j, "ci_high_pct");
		fr_json_pct(&j, st->prev.hi);
		fr_json_obj_end(&j);
	}
	fr_json_arr_end(&j);

	fr_json_key(&j, "other_order");
	datafiles_other_json(r, &j);

	fr_json_key(&j, "cohorts");
	fr_json_arr_begin(&j);
	const struct fr_cohort *co = r->analysis.cohorts;
	for (size_t i = 0; i < r->analysis.ncohorts; i++) {
		const struct fr_segment *seg = fr_cohorts_segment(r, i);
		const int64_t *u = fr_segment_users(seg);
		int64_t last = u[r->cube.nsteps - 1];
		fr_json_obj_begin(&j);
		fr_json_key(&j, "entry_month");
		fr_json_str(&j, seg->values[0]);
		fr_json_key(&j, "entered");
		fr_json_i64(&j, u[0]);
		fr_json_key(&j, "converted");
		fr_json_i64(&j, last);
		fr_json_key(&j, "conversion_pct");
		fr_json_pct(&j, fr_pct(last, u[0]));
		fr_json_key(&j, "window_closes");
		*co[i].closes ? fr_json_str(&j, co[i].closes) : fr_json_null(&j);
		fr_json_key(&j, "mature");
		co[i].maturity == FR_COHORT_UNKNOWN ? fr_json_null(&j)
		                                    : fr_json_bool(&j, co[i].maturity == FR_COHORT_MATURE);
		fr_json_obj_end(&j);
	}
	fr_json_arr_end(&j);

	fr_json_key(&j, "compare");
	datafiles_compare_json(r, &j);
	fr_json_key(&j, "fail_on");
	fr_json_arr_begin(&j);
	for (size_t i = 0; i < r->analysis.nchecks; i++) {
		fr_json_obj_begin(&j);
		fr_json_key(&j, "check");
		fr_json_str(&j, r->analysis.checks[i].expr);
		fr_json_key(&j, "value");
		fr_json_num(&j, r->analysis.checks[i].value, 2);
		fr_json_key(&j, "held");
		fr_json_bool(&j, r->analysis.checks[i].held);
		fr_json_obj_end(&j);
	}
	fr_json_arr_end(&j);

	fr_json_key(&j, fr_summary_array(FR_SUMMARY_DIMS));
	fr_json_arr_begin(&j);
	for (size_t d = 0; d < r->cube.ndims; d++) {
		fr_json_obj_begin(&j);
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_DIMS, FR_SUMMARY_DIM_NAME));
		fr_json_str(&j, r->cube.dims[d].name);
		fr_json_key(&j, "column");
		fr_json_str(&j, r->cube.dims[d].attr >= 0 ? "user attribute" : "entry month (derived)");
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_DIMS, FR_SUMMARY_DIM_VALUES));
		fr_json_i64(&j, r->cube.dims[d].attr >= 0 ? r->cube.attrs[r->cube.dims[d].attr].nvalues : -1);
		fr_json_obj_end(&j);
	}
	fr_json_arr_end(&j);

	fr_json_key(&j, fr_summary_array(FR_SUMMARY_INPUTS));
	fr_json_arr_begin(&j);
	for (size_t i = 0; i < r->log.ninputs; i++) {
		fr_json_obj_begin(&j);
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_INPUTS, FR_SUMMARY_INPUT_NAME));
		fr_json_str(&j, r->log.inputs[i].name);
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_INPUTS, FR_SUMMARY_INPUT_KIND));
		fr_json_str(&j, r->log.inputs[i].kind);
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_INPUTS, FR_SUMMARY_INPUT_ROWS));
		fr_json_i64(&j, r->log.inputs[i].rows);
		fr_json_obj_end(&j);
	}
	fr_json_arr_end(&j);

	struct fr_quality_item dq[FR_QUALITY_MAX];
	size_t ndq = fr_quality_items(&r->log, dq);
	fr_json_key(&j, fr_summary_array(FR_SUMMARY_QUALITY));
	fr_json_arr_begin(&j);
	for (size_t i = 0; r->log.quality_known && i < ndq; i++) {
		fr_json_obj_begin(&j);
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_QUALITY, FR_SUMMARY_QUALITY_NAME));
		fr_json_str(&j, dq[i].key);
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_QUALITY, FR_SUMMARY_QUALITY_COUNT));
		fr_json_i64(&j, dq[i].count);
		fr_json_key(&j, "meaning");
		fr_json_str(&j, dq[i].meaning);
		fr_json_obj_end(&j);
	}
	fr_json_arr_end(&j);
	/* the most visited pages that are at no step, as data quality lists them */
	fr_json_key(&j, fr_summary_array(FR_SUMMARY_PAGES));
	fr_json_arr_begin(&j);
	for (size_t i = 0; r->log.quality_known && i < r->log.nother_pages; i++) {
		fr_json_obj_begin(&j);
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_PAGES, FR_SUMMARY_PAGE_PAGE));
		fr_json_str(&j, r->log.other_pages[i].page);
		fr_json_key(&j, fr_summary_key(FR_SUMMARY_PAGES, FR_SUMMARY_PAGE_EVENTS));
		fr_json_i64(&j, r->log.other_pages[i].events);
		fr_json_obj_end(&j);
	}
	fr_json_arr_end(&j);

	struct fr_definition *defs;
	size_t ndefs = fr_definitions(r, &defs);
	fr_json_key(&j, "definitions");
	fr_json_obj_begin(&j);
	for (size_t i = 0; i < ndefs; i++) {
		fr_json_key(&j, defs[i].name);
		fr_json_str(&j, defs[i].text);
	}
	fr_json_obj_end(&j);
	fr_definitions_free(defs, ndefs);

	datafiles_stages(r, &j);
	fr_json_obj_end(&j);
	fr_json_finish(&j);
	return FR_OK;
}
