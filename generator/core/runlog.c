/* runlog.c: the run log, owned. */
#include "core/runlog.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

const char *
fr_runlog_keep(struct fr_runlog *l, const char *s)
{
	l->pool = fr_xreallocarray(l->pool, l->npool + 1, sizeof *l->pool);
	return l->pool[l->npool++] = fr_xstrdup(s ? s : "");
}

void
fr_runlog_clear(struct fr_runlog *l)
{
	for (size_t i = 0; i < l->ninputs; i++) {
		free(l->inputs[i].name);
		free(l->inputs[i].kind);
	}
	free(l->inputs);
	for (size_t i = 0; i < l->ntables; i++) {
		struct fr_whtable *t = &l->tables[i];
		free(t->name);
		free(t->kind);
		free(t->sql);
		fr_strv_free(t->cols, t->ncols);
		fr_strv_free(t->types, t->ncols);
	}
	free(l->tables);
	for (size_t i = 0; i < l->nqueries; i++) {
		free(l->queries[i].file);
		free(l->queries[i].sql);
	}
	free(l->queries);
	fr_strv_free(l->pool, l->npool);
	memset(l, 0, sizeof *l);
}
