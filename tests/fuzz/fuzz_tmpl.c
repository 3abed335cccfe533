/* fuzz_tmpl.c: the template engine on any template text, with a fixed
 * context and partials (one of them the input itself, so recursion is tried):
 * FR_OK or FR_EIO with a message, never a crash, a hang or unbounded output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/tmpl.h"

struct fuzz_partials {
	const char *self;
	size_t len;
};

static int
fuzz_partial(void *ctx, const char *name, const char **text, size_t *len)
{
	struct fuzz_partials *p = ctx;
	if (strcmp(name, "self") == 0) {
		*text = p->self, *len = p->len;
		return 0;
	}
	if (strcmp(name, "row") == 0) {
		*text = "<td>{{name}}</td>{{#cells}}{{.}}{{/cells}}";
		*len = strlen(*text);
		return 0;
	}
	return -1;
}

static void
fuzz_escape(struct fr_buf *out, const char *s)
{
	fr_escape_html(out, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0; /* templates are small; keep each run fast */
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_str(root, "title", "<script>alert(1)</script>");
	fr_tv_set_bool(root, "yes", true);
	struct fr_tv *rows = fr_tv_set(root, "rows", fr_tv_list());
	for (int i = 0; i < 3; i++) {
		struct fr_tv *r = fr_tv_push(rows, fr_tv_obj());
		fr_tv_set_str(r, "name", i ? "b" : "a&b");
		struct fr_tv *cells = fr_tv_set(r, "cells", fr_tv_list());
		fr_tv_push(cells, fr_tv_str("1"));
		fr_tv_push(cells, fr_tv_str("\"2\""));
	}
	struct fuzz_partials parts = {(const char *)data, size};
	/* a small work cap keeps each run fast; the cap itself is what is tested */
	struct fr_tmpl_env env = {fuzz_escape, fuzz_partial, &parts, 1u << 20};
	struct fr_buf out = FR_BUF_INIT;
	char *err = NULL;
	int rc = fr_tmpl_render(&env, "fuzz.html", (const char *)data, size, root, &out, &err);
	if (rc != FR_OK && (rc != FR_EIO || err == NULL || strncmp(err, "template ", 9) != 0))
		abort();
	/* escaped output is bounded: nesting is capped, so is the input */
	if (out.len > (size_t)64 << 20)
		abort();
	free(err);
	fr_buf_free(&out);
	fr_tv_free(root);
	return 0;
}
