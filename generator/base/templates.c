/* templates.c: embedded templates with on-disk overrides. */
#include "base/templates.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tmpl_loaded {
	char *name;
	char *text;
	size_t len;
	struct tmpl_loaded *next;
};

struct fr_templates {
	char *dir;
	struct tmpl_loaded *loaded; /* overrides read so far */
	pthread_mutex_t mu;         /* the warehouse loader reads templates too */
};

struct fr_templates *
fr_templates_new(const char *dir)
{
	struct fr_templates *t = fr_xcalloc(1, sizeof *t);
	t->dir = dir != NULL ? fr_xstrdup(dir) : NULL;
	pthread_mutex_init(&t->mu, NULL);
	return t;
}

void
fr_templates_free(struct fr_templates *t)
{
	if (t == NULL)
		return;
	for (struct tmpl_loaded *l = t->loaded, *next; l != NULL; l = next) {
		next = l->next;
		free(l->name);
		free(l->text);
		free(l);
	}
	free(t->dir);
	pthread_mutex_destroy(&t->mu);
	free(t);
}

static int
templates_read_override(struct fr_templates *t, const char *name, struct tmpl_loaded **out, char **err)
{
	*out = NULL;
	char *path = fr_xasprintf("%s/%s", t->dir, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		int e = errno;
		int rc = e == ENOENT ? FR_OK : fr_fail(err, FR_EIO, "%s: %s", path, strerror(e));
		free(path);
		return rc;
	}
	struct fr_buf b = FR_BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fr_buf_put(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		fr_buf_free(&b);
		int rc = fr_fail(err, FR_EIO, "%s: read error", path);
		free(path);
		return rc;
	}
	free(path);
	struct tmpl_loaded *l = fr_xcalloc(1, sizeof *l);
	l->name = fr_xstrdup(name);
	l->len = b.len;
	l->text = fr_buf_detach(&b);
	l->next = t->loaded;
	t->loaded = l;
	*out = l;
	return FR_OK;
}

static int templates_get(struct fr_templates *t, const char *name, const char **text, size_t *len,
                         char **err);

int
fr_templates_get(struct fr_templates *t, const char *name, const char **text, size_t *len, char **err)
{
	pthread_mutex_lock(&t->mu);
	int rc = templates_get(t, name, text, len, err);
	pthread_mutex_unlock(&t->mu);
	return rc;
}

static int
templates_get(struct fr_templates *t, const char *name, const char **text, size_t *len, char **err)
{
	if (t->dir != NULL) {
		for (struct tmpl_loaded *l = t->loaded; l != NULL; l = l->next) {
			if (strcmp(l->name, name) == 0) {
				*text = l->text, *len = l->len;
				return FR_OK;
			}
		}
		struct tmpl_loaded *l;
		int rc = templates_read_override(t, name, &l, err);
		if (rc != FR_OK)
			return rc;
		if (l != NULL) {
			*text = l->text, *len = l->len;
			return FR_OK;
		}
	}
	for (const struct fr_embedded *e = fr_embedded_files; e->name != NULL; e++) {
		if (strcmp(e->name, name) == 0) {
			*text = e->data, *len = e->len;
			return FR_OK;
		}
	}
	return fr_fail(err, FR_EIO, "template %s: not found", name);
}

int
fr_templates_subst(const char *name, const char *text, const struct fr_subst *subst, size_t n,
                   struct fr_buf *out, char **err)
{
	const char *p = text;
	for (;;) {
		const char *open = strstr(p, "{{");
		if (open == NULL) {
			fr_buf_puts(out, p);
			return FR_OK;
		}
		const char *close = strstr(open + 2, "}}");
		if (close == NULL)
			return fr_fail(err, FR_EIO, "template %s: unclosed {{", name);
		fr_buf_put(out, p, (size_t)(open - p));
		size_t klen = (size_t)(close - open - 2);
		size_t i;
		for (i = 0; i < n; i++) {
			if (strlen(subst[i].key) == klen && memcmp(subst[i].key, open + 2, klen) == 0)
				break;
		}
		if (i == n)
			return fr_fail(err, FR_EIO, "template %s: unknown placeholder {{%.*s}}", name, (int)klen,
			               open + 2);
		fr_buf_puts(out, subst[i].value);
		p = close + 2;
	}
}
