/* lake.c: the cube SQL for a cluster, from templates. */
#include "warehouse/lake.h"

#include <stdlib.h>

#include "base/buf.h"
#include "base/tmpl.h"
#include "base/util.h"

/* SQL text is ours: identifiers are quoted here, numbers are numbers, and
 * no data value ever reaches the template. */
static void
lake_raw(struct fr_buf *out, const char *s)
{
	fr_buf_puts(out, s);
}

/* A backtick-quoted identifier, as SQLite (and most engines) read it. A
 * control character (a line break in a CSV header) becomes '_': the SQL is
 * shown in the documents, where a line break could end its code block. */
static char *
lake_ident(const char *name)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_putc(&b, '`');
	for (const char *p = name; *p; p++) {
		if (*p == '`')
			fr_buf_putc(&b, '`');
		fr_buf_putc(&b, (unsigned char)*p < 0x20 || *p == 0x7f ? '_' : *p);
	}
	fr_buf_putc(&b, '`');
	return fr_buf_detach(&b);
}

static struct fr_tv *
lake_num(int64_t v)
{
	return fr_tv_str_take(fr_xasprintf("%lld", (long long)v));
}

static struct fr_tv *
lake_values(const struct fr_result *r)
{
	struct fr_tv *o = fr_tv_obj();
	fr_tv_set_bool(o, "ordered", r->settings.order == FR_ORDER_ORDERED);
	fr_tv_set_bool(o, "window", r->settings.window_days > 0);
	fr_tv_set(o, "seconds", lake_num(r->settings.window_days * 86400));
	fr_tv_set(o, "nsteps", lake_num((int64_t)r->cube.nsteps));
	struct fr_tv *steps = fr_tv_set(o, "steps", fr_tv_list());
	struct fr_tv *later = fr_tv_set(o, "later", fr_tv_list());
	struct fr_tv *desc = fr_tv_set(o, "later_desc", fr_tv_list());
	for (size_t k = 0; k < r->cube.nsteps; k++) {
		struct fr_tv *s = fr_tv_push(steps, fr_tv_obj());
		fr_tv_set(s, "index", lake_num((int64_t)k + 1));
		fr_tv_set(s, "prev", lake_num((int64_t)k));
		if (k > 0) {
			s = fr_tv_push(later, fr_tv_obj());
			fr_tv_set(s, "index", lake_num((int64_t)k + 1));
			fr_tv_set(s, "prev", lake_num((int64_t)k));
		}
	}
	for (size_t k = r->cube.nsteps; k > 1; k--)
		fr_tv_set(fr_tv_push(desc, fr_tv_obj()), "index", lake_num((int64_t)k));
	struct fr_tv *dims = fr_tv_set(o, "dims", fr_tv_list());
	struct fr_tv *vdims = fr_tv_set(o, "vdims", fr_tv_list());
	for (size_t d = 0; d < r->cube.ndims; d++) {
		int attr = r->cube.dims[d].attr;
		char *expr = attr >= 0 ? fr_xasprintf("u.a%d", attr + 1) : fr_xstrdup("d.month");
		char *alias = lake_ident(r->cube.dims[d].name);
		struct fr_tv *s = fr_tv_push(dims, fr_tv_obj());
		fr_tv_set_str(s, "expr", expr);
		fr_tv_set_str(s, "alias", alias);
		if (attr >= 0) {
			s = fr_tv_push(vdims, fr_tv_obj());
			fr_tv_set_str(s, "expr", expr);
			fr_tv_set_str(s, "alias", alias);
		}
		free(expr);
		free(alias);
	}
	return o;
}

static int
lake_render(struct fr_templates *t, const char *name, const struct fr_tv *v, char **out, char **err)
{
	const char *text;
	size_t len;
	int rc = fr_templates_get(t, name, &text, &len, err);
	struct fr_buf b = FR_BUF_INIT;
	struct fr_tmpl_env env = {lake_raw, NULL, NULL, 0};
	if (rc == FR_OK)
		rc = fr_tmpl_render(&env, name, text, len, v, &b, err);
	*out = rc == FR_OK ? fr_buf_detach(&b) : (fr_buf_free(&b), NULL);
	return rc;
}

int
fr_lake_sql(const struct fr_result *r, struct fr_templates *t, char **funnel, char **visits,
            char **err)
{
	*funnel = *visits = NULL;
	struct fr_tv *v = lake_values(r);
	int rc = lake_render(t, "sql/lake_cube_funnel.sql", v, funnel, err);
	if (rc == FR_OK)
		rc = lake_render(t, "sql/lake_cube_visits.sql", v, visits, err);
	fr_tv_free(v);
	if (rc != FR_OK) {
		free(*funnel);
		free(*visits);
		*funnel = *visits = NULL;
	}
	return rc;
}
