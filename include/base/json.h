/* json.h: the one JSON writer; pretty-printed, keys in the order written. */
#ifndef FR_JSON_H
#define FR_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

#define FR_JSON_MAX_DEPTH 32

/* Writes into a buffer the caller owns. Nesting deeper than
 * FR_JSON_MAX_DEPTH is a programming error and aborts. */
struct fr_json {
	struct fr_buf *out;
	int depth;
	bool first[FR_JSON_MAX_DEPTH];
	bool after_key;
};

void fr_json_init(struct fr_json *j, struct fr_buf *out);
void fr_json_obj_begin(struct fr_json *j);
void fr_json_obj_end(struct fr_json *j);
void fr_json_arr_begin(struct fr_json *j);
void fr_json_arr_end(struct fr_json *j);
void fr_json_key(struct fr_json *j, const char *key);
void fr_json_str(struct fr_json *j, const char *s);
void fr_json_i64(struct fr_json *j, int64_t v);
/* A number with a fixed number of decimals; NaN or inf becomes null. */
void fr_json_num(struct fr_json *j, double v, int decimals);
/* A percentage in hundredths as a number (12.34), or null when negative. */
void fr_json_pct(struct fr_json *j, int64_t hundredths);
void fr_json_bool(struct fr_json *j, bool v);
void fr_json_null(struct fr_json *j);
/* Ends the document with a newline. */
void fr_json_finish(struct fr_json *j);

#endif
