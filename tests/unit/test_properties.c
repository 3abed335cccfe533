/* test_properties.c: properties of SPEC sections 4 and 5 over the demo data,
 * for several seeds: monotone funnels, segments that sum to overall,
 * breakdowns equal to the roll-up of the cubes, any order >= ordered. */
#include "support.h"

#include "engine.h"
#include "analysis/estimate.h"
#include "analysis/findings.h"
#include "base/pct.h"
#include "base/stats.h"

#define USERS 3000

static struct fr_result *
demo(uint64_t seed, enum fr_order order, int64_t window, int max_combo)
{
	struct eng_opts o = {order, window, max_combo, fr_demo_steps, FR_DEMO_NSTEPS, USERS, seed};
	char *err = NULL;
	int rc;
	struct fr_result *r = engine_run(&o, NULL, 0, NULL, 0, &rc, &err);
	if (rc != FR_OK)
		fail_msg("engine: %s", err ? err : "?");
	free(err);
	return r;
}

static const struct fr_segment *
find(const struct fr_breakdown *b, const char *label)
{
	for (size_t i = 0; i < b->nsegs; i++)
		if (strcmp(b->segs[i].label, label) == 0)
			return &b->segs[i];
	return NULL;
}

static void
check_monotone(const struct fr_result *r)
{
	for (size_t b = 0; b < r->analysis.nfunnel; b++)
		for (size_t s = 0; s < r->analysis.funnel[b].nsegs; s++) {
			const int64_t *u = r->analysis.funnel[b].segs[s].counts;
			assert_true(u[0] > 0 || b == 0); /* only entered segments have rows */
			for (size_t k = 1; k < r->cube.nsteps; k++)
				assert_true(u[k] <= u[k - 1]);
		}
}

static void
check_sums(const struct fr_result *r)
{
	const int64_t *all = r->analysis.funnel[0].segs[0].counts;
	for (size_t b = 1; b < r->analysis.nfunnel; b++)
		for (size_t k = 0; k < r->cube.nsteps; k++) {
			int64_t sum = 0;
			for (size_t s = 0; s < r->analysis.funnel[b].nsegs; s++)
				sum += r->analysis.funnel[b].segs[s].counts[k];
			assert_int_equal(sum, all[k]);
		}
	const struct fr_segment *vall = &r->analysis.visits[0].segs[0];
	for (size_t b = 1; b < r->analysis.nvisits; b++)
		for (size_t i = 0; i < r->cube.nsteps * r->cube.nmonths; i++) {
			int64_t visits = 0, visitors = 0;
			for (size_t s = 0; s < r->analysis.visits[b].nsegs; s++) {
				visits += r->analysis.visits[b].segs[s].counts[2 * (i)];
				visitors += r->analysis.visits[b].segs[s].counts[2 * (i) + 1];
			}
			assert_int_equal(visits, vall->counts[2 * (i)]);
			assert_int_equal(visitors, vall->counts[2 * (i) + 1]);
		}
}

/* The label a cube row has in breakdown b, built here independently. */
static void
label_of(const struct fr_result *r, const size_t *dims, size_t m, char *const *values,
         const size_t *value_index, struct fr_buf *out)
{
	fr_buf_clear(out);
	if (m == 0)
		fr_buf_puts(out, "all");
	for (size_t i = 0; i < m; i++)
		fr_buf_printf(out, "%s%s=%s", i ? ";" : "", r->cube.dims[dims[i]].name,
		              values[value_index[dims[i]]]);
}

static void
check_rollup(const struct fr_result *r)
{
	struct fr_buf label = FR_BUF_INIT;
	size_t *ident = calloc(r->cube.ndims + 1, sizeof *ident);
	for (size_t d = 0; d < r->cube.ndims; d++)
		ident[d] = d;
	for (size_t b = 0; b < r->analysis.nfunnel; b++) {
		const struct fr_breakdown *bd = &r->analysis.funnel[b];
		int64_t *want = calloc(bd->nsegs * r->cube.nsteps + 1, sizeof *want);
		const struct fr_table *t = &r->cube.tables[FR_FUNNEL];
		for (size_t c = 0; c < t->nrows; c++) {
			label_of(r, bd->dims, bd->ndims, fr_table_values(t, c), ident, &label);
			const struct fr_segment *seg = find(bd, fr_buf_cstr(&label));
			assert_non_null(seg);
			size_t s = (size_t)(seg - bd->segs);
			for (int64_t k = 0; k < fr_table_keys(t, c)[0]; k++)
				want[s * r->cube.nsteps + (size_t)k] += fr_table_counts(t, c)[0];
		}
		for (size_t s = 0; s < bd->nsegs; s++)
			for (size_t k = 0; k < r->cube.nsteps; k++)
				assert_int_equal(bd->segs[s].counts[k], want[s * r->cube.nsteps + k]);
		free(want);
	}
	/* visits: the vcube's values are indexed by position among vdims */
	size_t *vpos = calloc(r->cube.ndims + 1, sizeof *vpos);
	for (size_t i = 0; i < r->cube.nvdims; i++)
		vpos[r->cube.vdims[i]] = i;
	for (size_t b = 0; b < r->analysis.nvisits; b++) {
		const struct fr_breakdown *bd = &r->analysis.visits[b];
		size_t cells = r->cube.nsteps * r->cube.nmonths;
		int64_t *want = calloc(bd->nsegs * cells + 1, sizeof *want);
		int64_t *wantv = calloc(bd->nsegs * cells + 1, sizeof *wantv);
		const struct fr_table *t = &r->cube.tables[FR_VISITS];
		for (size_t c = 0; c < t->nrows; c++) {
			const int64_t *keys = fr_table_keys(t, c), *counts = fr_table_counts(t, c);
			label_of(r, bd->dims, bd->ndims, fr_table_values(t, c), vpos, &label);
			size_t s;
			for (s = 0; s < bd->nsegs; s++)
				if (strcmp(bd->segs[s].label, fr_buf_cstr(&label)) == 0)
					break;
			assert_true(s < bd->nsegs);
			size_t cell = (size_t)keys[0] * r->cube.nmonths + (size_t)keys[1];
			want[s * cells + cell] += counts[0];
			wantv[s * cells + cell] += counts[1];
		}
		for (size_t s = 0; s < bd->nsegs; s++)
			for (size_t i = 0; i < cells; i++) {
				assert_int_equal(bd->segs[s].counts[2 * (i)], want[s * cells + i]);
				assert_int_equal(bd->segs[s].counts[2 * (i) + 1], wantv[s * cells + i]);
			}
		free(want);
		free(wantv);
	}
	free(vpos);
	free(ident);
	fr_buf_free(&label);
}

static void
check_all_combinations(const struct fr_result *r, int max_combo)
{
	size_t n = r->cube.ndims, expect = 1, c = 1;
	for (size_t m = 1; m <= (size_t)max_combo && m <= n; m++) {
		c = c * (n - m + 1) / m; /* C(n, m) */
		expect += c;
	}
	assert_int_equal(r->analysis.nfunnel, expect);
	assert_string_equal(r->analysis.funnel[0].name, "overall");
}

/* Every rate lies inside its interval; every verdict agrees with its
 * adjusted p and the direction of the rates; the findings are the lower
 * verdicts, ranked by users lost. */
static void
check_intervals_and_verdicts(const struct fr_result *r)
{
	size_t lower = 0;
	const int64_t *all = r->analysis.funnel[0].segs[0].counts;
	for (size_t b = 0; b < r->analysis.nfunnel; b++)
		for (size_t s = 0; s < r->analysis.funnel[b].nsegs; s++) {
			const struct fr_segment *seg = &r->analysis.funnel[b].segs[s];
			for (size_t k = 1; k < r->cube.nsteps; k++) {
				const struct fr_step_stats *st = &seg->stats[k];
				int64_t rate = fr_pct(seg->counts[k], seg->counts[k - 1]);
				assert_int_equal(st->prev.pct, rate);
				if (rate >= 0)
					assert_true(st->prev.lo <= rate && rate <= st->prev.hi && st->prev.lo >= 0 &&
					            st->prev.hi <= 10000);
				rate = fr_pct(seg->counts[k], seg->counts[0]);
				assert_int_equal(st->start.pct, rate);
				assert_true(st->start.lo <= rate && rate <= st->start.hi);
				int vs = st->vs_rest;
				if (b == 0) {
					assert_int_equal(vs, FR_VS_NONE);
					continue;
				}
				int64_t m = seg->counts[k - 1], rm = all[k - 1] - m;
				if (m < FR_STATS_MIN_BASE || rm < FR_STATS_MIN_BASE) {
					assert_int_equal(vs, FR_VS_FEW);
					continue;
				}
				assert_true(st->p_adj >= 0 && st->p_adj <= 1);
				if (vs == FR_VS_SAME)
					continue;
				assert_true(st->p_adj < FR_STATS_ALPHA);
				double mine = (double)seg->counts[k] / (double)m;
				double rest = (double)(all[k] - seg->counts[k]) / (double)rm;
				assert_true(vs == FR_VS_HIGHER ? mine > rest : mine < rest);
				lower += vs == FR_VS_LOWER;
			}
		}
	assert_int_equal(r->analysis.nfindings, lower);
	/* segments before cohorts (no entry-month finding outranks a segment),
	 * each by users lost; a cohort finding is one with a time dimension */
	for (size_t i = 0; i < r->analysis.nfindings; i++) {
		const struct fr_breakdown *bd = &r->analysis.funnel[r->analysis.findings[i].breakdown];
		bool timed = false;
		for (size_t d = 0; d < bd->ndims; d++)
			timed |= r->analysis.time_dims[bd->dims[d]];
		assert_int_equal(r->analysis.findings[i].cohort, timed);
		if (i == 0)
			continue;
		assert_true(r->analysis.findings[i].cohort >= r->analysis.findings[i - 1].cohort);
		if (r->analysis.findings[i].cohort == r->analysis.findings[i - 1].cohort)
			assert_true(r->analysis.findings[i].lost <= r->analysis.findings[i - 1].lost);
	}
	for (size_t d = 0; d < r->cube.ndims; d++)
		assert_int_equal(r->analysis.time_dims[d], strcmp(r->cube.dims[d].name, "month") == 0);
}

/* Time to convert counts exactly the users of the funnel at each step, in
 * every group, and its histogram bins add up to them; medians lie at or
 * below the 90th percentile. */
static void
check_ttc(const struct fr_result *r)
{
	assert_true(r->cube.nttc > 0);
	for (size_t i = 0; i < r->cube.nttc; i++) {
		const struct fr_ttc_row *t = &r->cube.ttc[i];
		const struct fr_segment *seg;
		if (t->dim < 0) {
			seg = &r->analysis.funnel[0].segs[0];
		} else {
			char *label = fr_xasprintf("%s=%s", r->cube.dims[t->dim].name, t->value);
			seg = find(fr_result_breakdown(r, r->cube.dims[t->dim].name), label);
			free(label);
		}
		assert_non_null(seg);
		assert_int_equal(t->st.users, seg->counts[t->step]);
		int64_t sum = 0;
		for (size_t b = 0; b < FR_TTC_NBINS; b++)
			sum += t->st.bins[b];
		assert_int_equal(sum, t->st.users);
		if (t->st.users > 0)
			assert_true(0 <= t->st.median && t->st.median <= t->st.p90);
	}
}

static void
test_properties_ordered(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct fr_result *r = demo(seed, FR_ORDER_ORDERED, 0, 3);
		assert_int_equal(fr_result_entered(r), USERS);
		assert_int_equal(r->cube.ndims, 4); /* sex, channel, device, month */
		check_monotone(r);
		check_sums(r);
		check_rollup(r);
		check_all_combinations(r, 3);
		check_intervals_and_verdicts(r);
		check_ttc(r);
		fr_result_free(r);
	}
}

/* Issue 12.9 (docs/BAD_INPUTS.md 39): the estimate of the segments made
 * before the roll-up is never below what the roll-up makes, for any
 * --max-combo; and counting stops once past where it was asked to. */
static void
check_estimate(const struct fr_result *r, int k)
{
	int64_t segs = 0;
	for (size_t i = 0; i < r->analysis.nfunnel; i++)
		segs += (int64_t)r->analysis.funnel[i].nsegs;
	for (size_t i = 0; i < r->analysis.nvisits; i++)
		segs += (int64_t)r->analysis.visits[i].nsegs;
	int64_t est = fr_estimate_segments(r, (size_t)k, NULL, INT64_MAX);
	if (est < segs)
		fail_msg("--max-combo %d: estimated %lld segments, the roll-up made %lld", k, (long long)est,
		         (long long)segs);
	if (est > 10)
		assert_true(fr_estimate_segments(r, (size_t)k, NULL, 10) > 10);
	/* leaving every dimension out leaves the two overall rows */
	bool off[8] = {true, true, true, true, true, true, true, true};
	assert_int_equal(fr_estimate_segments(r, (size_t)k, off, INT64_MAX), 2);
}

static void
test_properties_every_max_combo(void **state)
{
	(void)state;
	for (int k = 0; k <= 4; k++) {
		struct fr_result *r = demo(5, FR_ORDER_ORDERED, 3, k);
		check_estimate(r, k);
		check_all_combinations(r, k);
		check_monotone(r);
		check_sums(r);
		check_rollup(r);
		fr_result_free(r);
	}
}

static void
test_any_not_below_ordered(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 2; seed++) {
		struct fr_result *o = demo(seed, FR_ORDER_ORDERED, 0, 2);
		struct fr_result *a = demo(seed, FR_ORDER_ANY, 0, 2);
		struct fr_result *w = demo(seed, FR_ORDER_ORDERED, 2, 2);
		check_monotone(a);
		check_sums(a);
		check_rollup(a);
		assert_int_equal(o->analysis.nfunnel, a->analysis.nfunnel);
		int strictly = 0;
		for (size_t b = 0; b < o->analysis.nfunnel; b++)
			for (size_t s = 0; s < o->analysis.funnel[b].nsegs; s++) {
				const struct fr_segment *so = &o->analysis.funnel[b].segs[s];
				const struct fr_segment *sa = find(&a->analysis.funnel[b], so->label);
				const struct fr_segment *sw = find(&w->analysis.funnel[b], so->label);
				assert_non_null(sa);
				for (size_t k = 0; k < o->cube.nsteps; k++) {
					assert_true(sa->counts[k] >= so->counts[k]);
					strictly |= sa->counts[k] > so->counts[k];
					/* a window only ever removes chains */
					if (sw != NULL)
						assert_true(sw->counts[k] <= so->counts[k]);
				}
			}
		/* The demo has out-of-order visitors, so the two modes differ somewhere. */
		assert_true(strictly);
		fr_result_free(o);
		fr_result_free(a);
		fr_result_free(w);
	}
}

static void
test_demo_deterministic_and_varied(void **state)
{
	(void)state;
	struct fr_result *a = demo(9, FR_ORDER_ORDERED, 0, 1);
	struct fr_result *b = demo(9, FR_ORDER_ORDERED, 0, 1);
	for (size_t k = 0; k < a->cube.nsteps; k++)
		assert_int_equal(fr_result_users(a, k), fr_result_users(b, k));
	assert_int_equal(a->log.quality.events_read, b->log.quality.events_read);
	/* segments convert differently, so breakdowns show something */
	const struct fr_breakdown *ch = fr_result_breakdown(a, "channel");
	assert_non_null(ch);
	assert_int_equal(ch->nsegs, 6);
	int64_t lo = 10001, hi = -1;
	for (size_t s = 0; s < ch->nsegs; s++) {
		int64_t p = ch->segs[s].counts[5] * 10000 / ch->segs[s].counts[0];
		lo = p < lo ? p : lo;
		hi = p > hi ? p : hi;
	}
	assert_true(hi - lo >= 100); /* at least a point apart */
	fr_result_free(a);
	fr_result_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_properties_ordered),
	    cmocka_unit_test(test_properties_every_max_combo),
	    cmocka_unit_test(test_any_not_below_ordered),
	    cmocka_unit_test(test_demo_deterministic_and_varied),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
