/* pagematch.c: steps as page names or glob patterns (fnmatch). */
#include "base/pagematch.h"

#include <fnmatch.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct pagematch_step {
	char *name;   /* a step named alone: the page to equal */
	char **globs; /* else its patterns */
	size_t nglobs;
};

struct fr_pagematch {
	struct pagematch_step *steps;
	size_t n;
};

/* The end of the pattern starting at p: the next "|" not after a "\". */
static const char *
pagematch_end(const char *p)
{
	for (; *p != '\0' && *p != '|'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	return p;
}

size_t
fr_pagematch_split(const char *pages, char ***out)
{
	char **v = NULL;
	size_t n = 0;
	for (const char *p = pages;;) {
		const char *end = pagematch_end(p);
		v = fr_xreallocarray(v, n + 2, sizeof *v);
		v[n++] = fr_xstrndup(p, (size_t)(end - p));
		v[n] = NULL;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	*out = v;
	return n;
}

int
fr_pagematch_parse(const char *step, char **name, char **pages, char **err)
{
	*name = NULL, *pages = NULL;
	const char *eq = strchr(step, '=');
	if (eq == NULL) {
		*name = fr_xstrdup(step);
		return FR_OK;
	}
	if (eq == step)
		return fr_fail(err, FR_EUSAGE, "step \"%s\": no name before \"=\"", step);
	if (eq[1] == '\0')
		return fr_fail(err, FR_EUSAGE, "step \"%s\": no page pattern after \"=\"", step);
	char **globs;
	size_t n = fr_pagematch_split(eq + 1, &globs);
	int rc = FR_OK;
	for (size_t i = 0; rc == FR_OK && i < n; i++)
		if (globs[i][0] == '\0')
			rc = fr_fail(
			    err, FR_EUSAGE,
			    "step \"%s\": an empty page pattern (patterns are separated by \"|\")",
			    step);
	fr_strv_free(globs, n);
	if (rc != FR_OK)
		return rc;
	*name = fr_xstrndup(step, (size_t)(eq - step));
	*pages = fr_xstrdup(eq + 1);
	return FR_OK;
}

struct fr_pagematch *
fr_pagematch_new(char *const *names, char *const *pages, size_t n)
{
	struct fr_pagematch *m = fr_xcalloc(1, sizeof *m);
	m->steps = fr_xcalloc(n + 1, sizeof *m->steps);
	m->n = n;
	for (size_t k = 0; k < n; k++) {
		if (pages != NULL && pages[k] != NULL)
			m->steps[k].nglobs = fr_pagematch_split(pages[k], &m->steps[k].globs);
		else
			m->steps[k].name = fr_xstrdup(names[k]);
	}
	return m;
}

void
fr_pagematch_free(struct fr_pagematch *m)
{
	if (m == NULL)
		return;
	for (size_t k = 0; k < m->n; k++) {
		free(m->steps[k].name);
		fr_strv_free(m->steps[k].globs, m->steps[k].nglobs);
	}
	free(m->steps);
	free(m);
}

static bool
pagematch_one(const struct pagematch_step *s, const char *page)
{
	if (s->name != NULL)
		return strcmp(s->name, page) == 0;
	for (size_t i = 0; i < s->nglobs; i++)
		if (fnmatch(s->globs[i], page, 0) == 0)
			return true;
	return false;
}

size_t
fr_pagematch_step(const struct fr_pagematch *m, const char *page, size_t *other)
{
	size_t first = 0;
	*other = 0;
	for (size_t k = 0; k < m->n; k++) {
		if (!pagematch_one(&m->steps[k], page))
			continue;
		if (first != 0) {
			*other = k + 1;
			break;
		}
		first = k + 1;
	}
	return first;
}
