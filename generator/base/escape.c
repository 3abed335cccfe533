/* escape.c: escaping for HTML, Markdown, CSV, JSON and ClickHouse SQL output. */
#include "base/escape.h"

#include <stdbool.h>
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

/* Whether p is made of c and spaces only (a thematic break, a setext
 * underline). */
static int
escape_md_rule(const char *p, char c)
{
	for (; *p != '\0'; p++)
		if (*p != c && *p != ' ')
			return 0;
	return 1;
}

/* Where the text at p would open a block at the start of a line (a list
 * item "- x", "+ x", "1. x", "2) x"; a rule or underline "---", "==="):
 * the offset of the character to escape, or SIZE_MAX. Headings need '#',
 * escaped everywhere. */
static size_t
escape_md_block_start(const char *p)
{
	if ((*p == '-' || *p == '+') && (p[1] == ' ' || p[1] == '\0'))
		return 0;
	if ((*p == '-' || *p == '=') && escape_md_rule(p, *p))
		return 0;
	size_t n = 0;
	while (p[n] >= '0' && p[n] <= '9' && n < 10)
		n++;
	if (n > 0 && (p[n] == '.' || p[n] == ')') && (p[n + 1] == ' ' || p[n + 1] == '\0'))
		return n; /* the '.' or ')' after the number */
	return SIZE_MAX;
}

static int
escape_md_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (unsigned char)c >= 0x80;
}

/* What is markup only where it stands: '<' before a tag or an autolink,
 * '>' opening a quote, '_' not inside a word (snake_case stays), and a
 * URL's "://", which GFM would make a link of. */
static int
escape_md_contextual(const char *s, const char *p, bool line_start)
{
	switch (*p) {
	case '<': return (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '/' ||
		         p[1] == '!' || p[1] == '?';
	case '>': {
		/* a quote opens only at a line's start; in a span, never */
		const char *q = s;
		while (*q == ' ')
			q++;
		return q == p && line_start;
	}
	case '_': return p == s || !escape_md_alnum(p[-1]) || !escape_md_alnum(p[1]);
	case ':': return p[1] == '/' && p[2] == '/';
	default: return 0;
	}
}

static void
escape_md(struct fr_buf *b, const char *s, bool line_start)
{
	/* what is markup anywhere in a line of text or a table cell */
	static const char special[] = "\\`*[]|~&$#";
	size_t lead = 0;
	while (s[lead] == ' ')
		lead++;
	size_t block = line_start ? escape_md_block_start(s + lead) : SIZE_MAX;
	for (const char *p = s; *p != '\0'; p++) {
		size_t at = (size_t)(p - s);
		if (*p == '\n' || *p == '\r' || *p == '\t')
			fr_buf_putc(b, ' ');
		else if (strchr(special, *p) != NULL || (block != SIZE_MAX && at == lead + block) ||
		         escape_md_contextual(s, p, line_start)) {
			fr_buf_putc(b, '\\');
			fr_buf_putc(b, *p);
		} else
			fr_buf_putc(b, *p);
	}
}

void
fr_escape_md(struct fr_buf *b, const char *s)
{
	escape_md(b, s, true);
}

void
fr_escape_md_span(struct fr_buf *b, const char *s)
{
	escape_md(b, s, false);
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
