/* summary.c: the schema of data/summary.json, and the SQL that reads it. */
#include "core/summary.h"

#include <string.h>

#include "base/buf.h"
#include "base/util.h"

#define SUMMARY_MAX_FIELDS 10

struct summary_part {
	const char *array; /* the JSON path of the array under the top, or NULL */
	size_t nfields;
	const char *fields[SUMMARY_MAX_FIELDS]; /* paths inside an element (or the top) */
};

static const struct summary_part summary_parts[FR_SUMMARY_NPARTS] = {
    [FR_SUMMARY_TOP] = {NULL, 10,
                        {"title", "source", "period.first_event", "period.last_event",
                         "settings.order", "settings.window_days", "settings.max_combo",
                         "totals.users", "settings.csv_safe", "period.has_times"}},
    [FR_SUMMARY_STEPS] = {"steps", 2, {"name", "pages"}},
    [FR_SUMMARY_DIMS] = {"dimensions", 2, {"name", "values"}},
    [FR_SUMMARY_INPUTS] = {"inputs", 3, {"name", "kind", "rows"}},
    [FR_SUMMARY_QUALITY] = {"data_quality", 2, {"name", "count"}},
    [FR_SUMMARY_STAGES] = {"stages", 7,
                           {"name", "depends_on", "rows_in", "rows_out", "rows_out_are",
                            "start_seconds", "seconds"}},
    [FR_SUMMARY_OTHER] = {"other_order.steps", 1, {"users"}},
    [FR_SUMMARY_PAGES] = {"unknown_pages", 2, {"page", "events"}},
};

static const char *
summary_last(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot != NULL ? dot + 1 : path;
}

const char *
fr_summary_key(enum fr_summary_part part, size_t field)
{
	return field < summary_parts[part].nfields ? summary_last(summary_parts[part].fields[field])
	                                          : NULL;
}

const char *
fr_summary_array(enum fr_summary_part part)
{
	return summary_parts[part].array != NULL ? summary_last(summary_parts[part].array) : NULL;
}

char *
fr_summary_sql(enum fr_summary_part part)
{
	const struct summary_part *p = &summary_parts[part];
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "SELECT ");
	for (size_t i = 0; i < p->nfields; i++)
		fr_buf_printf(&b, "%sjson_extract(%s, '$.%s')", i > 0 ? ", " : "",
		              p->array != NULL ? "value" : "?1", p->fields[i]);
	if (p->array != NULL)
		fr_buf_printf(&b, " FROM json_each(?1, '$.%s') ORDER BY key", p->array);
	char *sql = fr_xstrdup(fr_buf_cstr(&b));
	fr_buf_free(&b);
	return sql;
}
