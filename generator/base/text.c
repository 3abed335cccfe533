/* text.c: the value cap, command-line text, labels cut for layout. */
#include "base/text.h"

#include <string.h>

#include "base/escape.h"
#include "base/util.h"

int
fr_text_check_value(const char *where, const char *column, size_t len, char **err)
{
	if (len <= FR_TEXT_MAX_VALUE)
		return FR_OK;
	return fr_fail(err, FR_EDATA, "%s: column %s: a value of %zu bytes (values are at most %d bytes)",
	               where, column, len, FR_TEXT_MAX_VALUE);
}

bool
fr_text_option_ok(const char *s, const char **why)
{
	size_t n = strlen(s);
	if (!fr_utf8_valid(s, n)) {
		*why = "invalid UTF-8";
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		/* C1 controls are U+0080..U+009F, encoded as C2 80..C2 9F */
		if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
			*why = "a control character";
			return false;
		}
	}
	return true;
}

bool
fr_text_dim_name_ok(const char *name, const char **why)
{
	if (strpbrk(name, "+;=") != NULL) {
		*why = "a dimension's name may not hold '+', ';' or '=' (breakdowns join names with '+', "
		       "segments join name=value pairs with ';')";
		return false;
	}
	if (strcmp(name, "overall") == 0) {
		*why = "\"overall\" is the name of the breakdown of all users";
		return false;
	}
	return true;
}

const char *
fr_text_clip(const char *s, size_t max, struct fr_buf *tmp)
{
	size_t n = strlen(s);
	if (!fr_utf8_valid(s, n))
		return "?";
	if (n <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	fr_buf_clear(tmp);
	fr_buf_put(tmp, s, n);
	fr_buf_puts(tmp, "\xe2\x80\xa6"); /* … */
	return fr_buf_cstr(tmp);
}
