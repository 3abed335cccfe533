/* handmade.h: results built by hand for the unit tests of the modules that
 * read a result (findings, compare): two steps unless said otherwise, a
 * breakdown per call, a segment per call. */
#ifndef FR_TEST_HANDMADE_H
#define FR_TEST_HANDMADE_H

#include "core/result.h"
#include "base/util.h"

/* A result with the given steps and no breakdown yet. */
static inline struct fr_result *
hand_result(const char *const *steps, size_t n)
{
	struct fr_result *r = fr_result_new();
	r->cube.nsteps = n;
	r->cube.steps = fr_xcalloc(n, sizeof(char *));
	for (size_t k = 0; k < n; k++)
		r->cube.steps[k] = fr_xstrdup(steps[k]);
	return r;
}

/* Adds a breakdown of one dimension (none for "overall"), and the dimension,
 * a user attribute named name ("month": the entry month). */
static inline struct fr_breakdown *
hand_breakdown(struct fr_result *r, const char *name)
{
	r->analysis.funnel = fr_xreallocarray(r->analysis.funnel, r->analysis.nfunnel + 1, sizeof *r->analysis.funnel);
	struct fr_breakdown *b = &r->analysis.funnel[r->analysis.nfunnel++];
	*b = (struct fr_breakdown){0};
	b->name = fr_xstrdup(name);
	b->ndims = strcmp(name, "overall") == 0 ? 0 : 1;
	b->dims = fr_xcalloc(1, sizeof(size_t));
	if (b->ndims > 0) {
		r->cube.dims = fr_xreallocarray(r->cube.dims, r->cube.ndims + 1, sizeof *r->cube.dims);
		r->cube.dims[r->cube.ndims] =
		    (struct fr_dim){fr_xstrdup(name), strcmp(name, "month") == 0 ? -1 : (int)r->cube.ndims};
		b->dims[0] = r->cube.ndims++;
	}
	return b;
}

/* Adds a segment with users[0..nsteps-1] = u; label "g=A" has value "A". */
static inline void
hand_segment(struct fr_result *r, struct fr_breakdown *b, const char *label, const int64_t *u)
{
	b->segs = fr_xreallocarray(b->segs, b->nsegs + 1, sizeof *b->segs);
	struct fr_segment *s = &b->segs[b->nsegs++];
	*s = (struct fr_segment){0};
	s->label = fr_xstrdup(label);
	s->values = fr_xcalloc(1, sizeof(char *));
	if (b->ndims > 0) {
		const char *eq = strchr(label, '=');
		s->values[0] = fr_xstrdup(eq ? eq + 1 : label);
	}
	s->counts = fr_xcalloc(r->cube.nsteps, sizeof(int64_t));
	memcpy(s->counts, u, r->cube.nsteps * sizeof(int64_t));
}

#endif
