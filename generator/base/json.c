/* json.c: JSON writer with two-space indentation. */
#include "base/json.h"

#include <math.h>
#include <stdlib.h>

#include "base/escape.h"
#include "base/pct.h"

void
fr_json_init(struct fr_json *j, struct fr_buf *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

static void
json_indent(struct fr_json *j)
{
	fr_buf_putc(j->out, '\n');
	for (int i = 0; i < j->depth; i++)
		fr_buf_puts(j->out, "  ");
}

/* Puts what must come before a value: a comma and newline inside arrays. */
static void
json_value(struct fr_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (!j->first[j->depth])
			fr_buf_putc(j->out, ',');
		j->first[j->depth] = false;
		json_indent(j);
	}
}

static void
json_open(struct fr_json *j, char c)
{
	json_value(j);
	fr_buf_putc(j->out, c);
	if (++j->depth >= FR_JSON_MAX_DEPTH)
		abort();
	j->first[j->depth] = true;
}

static void
json_close(struct fr_json *j, char c)
{
	bool empty = j->first[j->depth];
	j->depth--;
	if (!empty)
		json_indent(j);
	fr_buf_putc(j->out, c);
}

void fr_json_obj_begin(struct fr_json *j) { json_open(j, '{'); }
void fr_json_obj_end(struct fr_json *j) { json_close(j, '}'); }
void fr_json_arr_begin(struct fr_json *j) { json_open(j, '['); }
void fr_json_arr_end(struct fr_json *j) { json_close(j, ']'); }

void
fr_json_key(struct fr_json *j, const char *key)
{
	json_value(j);
	fr_escape_json(j->out, key);
	fr_buf_puts(j->out, ": ");
	j->after_key = true;
}

void
fr_json_str(struct fr_json *j, const char *s)
{
	json_value(j);
	fr_escape_json(j->out, s);
}

void
fr_json_i64(struct fr_json *j, int64_t v)
{
	json_value(j);
	fr_buf_put_i64(j->out, v);
}

void
fr_json_num(struct fr_json *j, double v, int decimals)
{
	json_value(j);
	if (!isfinite(v))
		fr_buf_puts(j->out, "null");
	else
		fr_buf_printf(j->out, "%.*f", decimals, v);
}

void
fr_json_pct(struct fr_json *j, int64_t hundredths)
{
	json_value(j);
	if (hundredths < 0)
		fr_buf_puts(j->out, "null");
	else
		fr_pct_put(j->out, hundredths);
}

void
fr_json_bool(struct fr_json *j, bool v)
{
	json_value(j);
	fr_buf_puts(j->out, v ? "true" : "false");
}

void
fr_json_null(struct fr_json *j)
{
	json_value(j);
	fr_buf_puts(j->out, "null");
}

void
fr_json_finish(struct fr_json *j)
{
	fr_buf_putc(j->out, '\n');
}
