/* escape.c: escaping for HTML, Markdown, CSV, JSON and ClickHouse SQL output. */
#include "base/escape.h"

#include <stdint.h>
#include <string.h>

void
fr_escape_html(struct fr_buf *b, const char *s)
{
	for (const char *p = s; *p != '\0'; p++) {
		switch (*p) {
		case '&': fr_buf_puts(b, "&amp;"); break;
		case '<': fr_buf_puts(b, "&lt;"); break;
		case '>': fr_buf_puts(b, "&gt;"); break;
		case '"': fr_buf_puts(b, "&quot;"); break;
		case '\'': fr_buf_puts(b, "&#39;"); break;
		default: fr_buf_putc(b, *p); break;
		}
	}
}

void
fr_escape_md(struct fr_buf *b, const char *s)
{
	static const char special[] = "\\`*_{}[]()<>#+-.!|~\"'&:=$%^@";
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			fr_buf_putc(b, ' ');
		else if (strchr(special, *p) != NULL) {
			fr_buf_putc(b, '\\');
			fr_buf_putc(b, *p);
		} else
			fr_buf_putc(b, *p);
	}
}

void
fr_escape_csv(struct fr_buf *b, const char *s)
{
	size_t n = strlen(s);
	int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	if (!quote && strpbrk(s, ",\"\r\n") != NULL)
		quote = 1;
	if (!quote) {
		fr_buf_put(b, s, n);
		return;
	}
	fr_buf_putc(b, '"');
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			fr_buf_putc(b, '"');
		fr_buf_putc(b, *p);
	}
	fr_buf_putc(b, '"');
}

void
fr_escape_json(struct fr_buf *b, const char *s)
{
	fr_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"': fr_buf_puts(b, "\\\""); break;
		case '\\': fr_buf_puts(b, "\\\\"); break;
		case '\n': fr_buf_puts(b, "\\n"); break;
		case '\r': fr_buf_puts(b, "\\r"); break;
		case '\t': fr_buf_puts(b, "\\t"); break;
		default:
			/* '<' too, so a JSON blob inlined in HTML cannot close a script. */
			if (*p < 0x20 || *p == 0x7f || *p == '<')
				fr_buf_printf(b, "\\u%04x", *p);
			else
				fr_buf_putc(b, (char)*p);
		}
	}
	fr_buf_putc(b, '"');
}

/* A ClickHouse quoted name or string: the quote and the backslash escaped,
 * control bytes as \xHH so that no value can end a line of the SQL. */
static void
escape_ch(struct fr_buf *b, const char *s, char quote)
{
	fr_buf_putc(b, quote);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\\' || *p == (unsigned char)quote) {
			fr_buf_putc(b, '\\');
			fr_buf_putc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			fr_buf_printf(b, "\\x%02X", *p);
		} else {
			fr_buf_putc(b, (char)*p);
		}
	}
	fr_buf_putc(b, quote);
}

void
fr_escape_ch_string(struct fr_buf *b, const char *s)
{
	escape_ch(b, s, '\'');
}

void
fr_escape_ch_ident(struct fr_buf *b, const char *s)
{
	escape_ch(b, s, '`');
}

bool
fr_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	/* Most fields are ASCII: check eight bytes at a time for a high bit or a NUL. */
	while ((size_t)(end - p) >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		if ((w & 0x8080808080808080ULL) != 0 ||
		    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0)
			break;
		p += 8;
	}
	while (p < end) {
		unsigned c = *p;
		size_t n;
		unsigned min;
		if (c == 0)
			return false;
		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1, min = 0x80, c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, min = 0x800, c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, min = 0x10000, c &= 0x07;
		} else {
			return false;
		}
		if ((size_t)(end - p) <= n)
			return false;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}
