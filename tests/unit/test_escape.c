/* test_escape.c: HTML, Markdown, CSV and JSON escaping and the UTF-8 check of escape.c. */
#include "support.h"

#include "base/buf.h"
#include "base/escape.h"

typedef void (*escape_fn)(struct fr_buf *, const char *);

/* Escapes in with fn into a fresh buffer and compares with want. */
static void
check(escape_fn fn, const char *in, const char *want)
{
	struct fr_buf b = FR_BUF_INIT;
	fn(&b, in);
	char *got = fr_buf_detach(&b);
	int same = strcmp(got, want) == 0;
	if (!same)
		print_error("input \"%s\": got [%s], want [%s]\n", in, got, want);
	free(got);
	assert_true(same);
}

/* Returns fn(in) as an allocated string. */
static char *
escaped(escape_fn fn, const char *in)
{
	struct fr_buf b = FR_BUF_INIT;
	fn(&b, in);
	return fr_buf_detach(&b);
}

/* ---- HTML ---------------------------------------------------------------- */

static void
test_html_each_special(void **state)
{
	(void)state;
	check(fr_escape_html, "&", "&amp;");
	check(fr_escape_html, "<", "&lt;");
	check(fr_escape_html, ">", "&gt;");
	check(fr_escape_html, "\"", "&quot;");
	check(fr_escape_html, "'", "&#39;");
	check(fr_escape_html, "a & b < c > d \"e\" 'f'",
	      "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;");
}

static void
test_html_plain_untouched(void **state)
{
	(void)state;
	check(fr_escape_html, "", "");
	check(fr_escape_html, "Checkout 2024 (mobile) = 12.5%", "Checkout 2024 (mobile) = 12.5%");
	/* UTF-8 bytes pass through. */
	check(fr_escape_html, "caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac");
}

static void
test_html_entities_are_escaped_again(void **state)
{
	(void)state;
	/* Data that looks like an entity is still data. */
	check(fr_escape_html, "&amp;", "&amp;amp;");
	check(fr_escape_html, "&lt;b&gt;", "&amp;lt;b&amp;gt;");
}

static void
test_html_injection(void **state)
{
	(void)state;
	check(fr_escape_html, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	check(fr_escape_html, "\"><img src=x onerror=alert(1)>",
	      "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	check(fr_escape_html, "' onmouseover='alert(1)", "&#39; onmouseover=&#39;alert(1)");

	/* Whatever the input, no markup-significant character survives. */
	static const char *const nasty[] = {
	    "<script>alert(1)</script>",
	    "\"><img src=x onerror=alert(1)>",
	    "</title><svg/onload=alert(1)>",
	    "<<>>\"\"''&&",
	};
	for (size_t i = 0; i < sizeof nasty / sizeof *nasty; i++) {
		char *out = escaped(fr_escape_html, nasty[i]);
		int clean = strpbrk(out, "<>\"'") == NULL && strstr(out, "<script") == NULL;
		free(out);
		assert_true(clean);
	}
}

/* ---- Markdown ------------------------------------------------------------ */

static void
test_md_specials(void **state)
{
	(void)state;
	check(fr_escape_md, "a|b", "a\\|b");
	check(fr_escape_md, "[link](http://x)", "\\[link\\](http\\://x)");
	check(fr_escape_md, "`code`", "\\`code\\`");
	check(fr_escape_md, "*bold* _it_", "\\*bold\\* \\_it\\_");
	check(fr_escape_md, "<https://x>", "\\<https\\://x>");
	check(fr_escape_md, "# head", "\\# head");
	check(fr_escape_md, "back\\slash", "back\\\\slash");
	check(fr_escape_md, "<b>&", "\\<b>\\&"); /* no tag opens: ">" is text */
	check(fr_escape_md, "1. item", "1\\. item");
	check(fr_escape_md, "~~x~~", "\\~\\~x\\~\\~");
	check(fr_escape_md, "- item", "\\- item");
	check(fr_escape_md, "  + item", "  \\+ item");
	check(fr_escape_md, "===", "\\===");
	check(fr_escape_md, "12) item", "12\\) item");
	check(fr_escape_md, "$x$", "\\$x\\$");
	check(fr_escape_md, "![x](y)", "!\\[x\\](y)");
	/* inside a line, nothing opens a block */
	check(fr_escape_md_span, "1. home", "1. home");
	check(fr_escape_md_span, "> - x", "> - x");
	check(fr_escape_md_span, "a|b *c*", "a\\|b \\*c\\*");
}

static void
test_md_plain_untouched(void **state)
{
	(void)state;
	check(fr_escape_md, "", "");
	check(fr_escape_md, "Product view 2024", "Product view 2024");
	/* what only looks like markup stays as written */
	check(fr_escape_md, "4.16 % (95 % interval 4.0-4.3 %): x = y!", "4.16 % (95 % interval 4.0-4.3 %): x = y!");
	check(fr_escape_md, "drop-off: product -> cart", "drop-off: product -> cart");
	check(fr_escape_md, "p < 0.0001, signup_date", "p < 0.0001, signup_date");
	check(fr_escape_md, "> quote", "\\> quote");
	check(fr_escape_md, "_it_ a_", "\\_it\\_ a\\_");
	check(fr_escape_md, "caf\xc3\xa9", "caf\xc3\xa9");
}

static void
test_md_newlines_become_spaces(void **state)
{
	(void)state;
	check(fr_escape_md, "line1\nline2", "line1 line2");
	check(fr_escape_md, "a\r\nb", "a  b");
	check(fr_escape_md, "a\tb", "a b");
}

static void
test_md_table_row_stays_intact(void **state)
{
	(void)state;
	/* A cell built from hostile data must leave exactly the row's own pipes
	 * unescaped and no line break. */
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "| ");
	fr_escape_md(&b, "a | b\n| c | d |\r\n`x`");
	fr_buf_puts(&b, " | 5 |");
	char *row = fr_buf_detach(&b);

	int bare_pipes = 0, newlines = 0;
	for (size_t i = 0; row[i] != '\0'; i++) {
		if (row[i] == '\n' || row[i] == '\r')
			newlines++;
		if (row[i] == '|' && (i == 0 || row[i - 1] != '\\'))
			bare_pipes++;
	}
	int want = strcmp(row, "| a \\| b \\| c \\| d \\|  \\`x\\` | 5 |") == 0;
	free(row);
	assert_int_equal(newlines, 0);
	assert_int_equal(bare_pipes, 3);
	assert_true(want);
}

/* ---- CSV ----------------------------------------------------------------- */

static void
test_csv_plain_untouched(void **state)
{
	(void)state;
	check(fr_escape_csv, "", "");
	check(fr_escape_csv, "plain", "plain");
	check(fr_escape_csv, "two words", "two words");
	check(fr_escape_csv, "it's", "it's");
	check(fr_escape_csv, "12.34", "12.34");
	check(fr_escape_csv, "caf\xc3\xa9", "caf\xc3\xa9");
}

static void
test_csv_quoting(void **state)
{
	(void)state;
	check(fr_escape_csv, "a,b", "\"a,b\"");
	check(fr_escape_csv, ",", "\",\"");
	check(fr_escape_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	check(fr_escape_csv, "\"", "\"\"\"\"");
	check(fr_escape_csv, "a\rb", "\"a\rb\"");
	check(fr_escape_csv, "a\nb", "\"a\nb\"");
	check(fr_escape_csv, "a\r\nb", "\"a\r\nb\"");
	check(fr_escape_csv, " lead", "\" lead\"");
	check(fr_escape_csv, "trail ", "\"trail \"");
	check(fr_escape_csv, " ", "\" \"");
	check(fr_escape_csv, " \"x\", y ", "\" \"\"x\"\", y \"");
}

/* ---- JSON ---------------------------------------------------------------- */

static void
test_json_basic(void **state)
{
	(void)state;
	check(fr_escape_json, "", "\"\"");
	check(fr_escape_json, "plain text", "\"plain text\"");
	check(fr_escape_json, "caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
	check(fr_escape_json, "it's / ok > fine", "\"it's / ok > fine\"");
}

static void
test_json_quotes_and_backslash(void **state)
{
	(void)state;
	check(fr_escape_json, "a\"b", "\"a\\\"b\"");
	check(fr_escape_json, "a\\b", "\"a\\\\b\"");
	check(fr_escape_json, "\\\"", "\"\\\\\\\"\"");
}

static void
test_json_control_chars(void **state)
{
	(void)state;
	check(fr_escape_json, "a\nb\rc\td", "\"a\\nb\\rc\\td\"");
	check(fr_escape_json, "\x01", "\"\\u0001\"");
	check(fr_escape_json, "\x08\x0c", "\"\\u0008\\u000c\"");
	check(fr_escape_json, "\x1b[0m", "\"\\u001b[0m\"");
	check(fr_escape_json, "\x1f", "\"\\u001f\"");
	check(fr_escape_json, "\x7f", "\"\\u007f\"");
	check(fr_escape_json, " ~", "\" ~\""); /* the printable ends stay */

	/* No raw control byte can reach the output. */
	char all[32];
	for (int i = 1; i < 32; i++)
		all[i - 1] = (char)i;
	all[31] = '\0';
	char *out = escaped(fr_escape_json, all);
	int raw = 0;
	for (const char *p = out; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			raw++;
	free(out);
	assert_int_equal(raw, 0);
}

static void
test_json_lt_cannot_close_script(void **state)
{
	(void)state;
	check(fr_escape_json, "<", "\"\\u003c\"");
	check(fr_escape_json, "</script><script>alert(1)</script>",
	      "\"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>\"");
	char *out = escaped(fr_escape_json, "x</script>y<!--");
	int has_lt = strchr(out, '<') != NULL;
	free(out);
	assert_false(has_lt);
}

/* ---- UTF-8 --------------------------------------------------------------- */

#define VALID(lit) assert_true(fr_utf8_valid(lit, sizeof(lit) - 1))
#define INVALID(lit) assert_false(fr_utf8_valid(lit, sizeof(lit) - 1))

static void
test_utf8_valid(void **state)
{
	(void)state;
	VALID("");
	VALID("plain ASCII ~\x7f");
	VALID("\xc2\x80");         /* U+0080, smallest 2-byte */
	VALID("caf\xc3\xa9");      /* U+00E9 */
	VALID("\xdf\xbf");         /* U+07FF */
	VALID("\xe0\xa0\x80");     /* U+0800, smallest 3-byte */
	VALID("\xe2\x82\xac");     /* U+20AC euro */
	VALID("\xed\x9f\xbf");     /* U+D7FF, just below the surrogates */
	VALID("\xee\x80\x80");     /* U+E000, just above them */
	VALID("\xef\xbf\xbf");     /* U+FFFF */
	VALID("\xf0\x90\x80\x80"); /* U+10000, smallest 4-byte */
	VALID("\xf0\x9f\x98\x80"); /* U+1F600 */
	VALID("\xf4\x8f\xbf\xbf"); /* U+10FFFF, the last code point */
	VALID("a\xc3\xa9"
	      "b\xe2\x82\xac"
	      "c\xf0\x9f\x98\x80"
	      "d");
}

static void
test_utf8_overlong(void **state)
{
	(void)state;
	INVALID("\xc0\x80"); /* NUL in two bytes */
	INVALID("\xc0\xaf"); /* '/' in two bytes */
	INVALID("\xc1\xbf");
	INVALID("\xe0\x80\x80");
	INVALID("\xe0\x9f\xbf"); /* U+07FF in three bytes */
	INVALID("\xf0\x80\x80\x80");
	INVALID("\xf0\x8f\xbf\xbf"); /* U+FFFF in four bytes */
}

static void
test_utf8_surrogates(void **state)
{
	(void)state;
	INVALID("\xed\xa0\x80");             /* U+D800 */
	INVALID("\xed\xaf\xbf");             /* U+DBFF */
	INVALID("\xed\xb0\x80");             /* U+DC00 */
	INVALID("\xed\xbf\xbf");             /* U+DFFF */
	INVALID("\xed\xa0\xbd\xed\xb8\x80"); /* a CESU-8 pair */
}

static void
test_utf8_too_large(void **state)
{
	(void)state;
	INVALID("\xf4\x90\x80\x80"); /* U+110000 */
	INVALID("\xf5\x80\x80\x80");
	INVALID("\xf7\xbf\xbf\xbf");
	INVALID("\xf8\x88\x80\x80\x80");     /* 5-byte form */
	INVALID("\xfc\x84\x80\x80\x80\x80"); /* 6-byte form */
	INVALID("\xfe");
	INVALID("\xff");
}

static void
test_utf8_truncated_and_stray(void **state)
{
	(void)state;
	INVALID("\xc3");
	INVALID("a\xc3");
	INVALID("\xe2\x82");
	INVALID("\xf0\x9f\x98");
	INVALID("\xf0\x9f\x98"
	        "a");
	INVALID("\x80"); /* lone continuation */
	INVALID("a\xbf"
	        "b");
	INVALID("\xc3\x28"); /* second byte not a continuation */
	INVALID("\xe2\x28\xa1");
	INVALID("\xe2\x82\x28");
	INVALID("\xf0\x28\x8c\xbc");
	/* len bounds the check: a sequence cut by len is truncated, and bytes
	 * past len are not looked at. */
	assert_false(fr_utf8_valid("\xc3\xa9", 1));
	assert_false(fr_utf8_valid("\xf0\x9f\x98\x80", 3));
	assert_true(fr_utf8_valid("ab\xff", 2));
}

static void
test_utf8_nul(void **state)
{
	(void)state;
	INVALID("\0");
	INVALID("a\0b");
	INVALID("abc\0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_each_special),
	    cmocka_unit_test(test_html_plain_untouched),
	    cmocka_unit_test(test_html_entities_are_escaped_again),
	    cmocka_unit_test(test_html_injection),
	    cmocka_unit_test(test_md_specials),
	    cmocka_unit_test(test_md_plain_untouched),
	    cmocka_unit_test(test_md_newlines_become_spaces),
	    cmocka_unit_test(test_md_table_row_stays_intact),
	    cmocka_unit_test(test_csv_plain_untouched),
	    cmocka_unit_test(test_csv_quoting),
	    cmocka_unit_test(test_json_basic),
	    cmocka_unit_test(test_json_quotes_and_backslash),
	    cmocka_unit_test(test_json_control_chars),
	    cmocka_unit_test(test_json_lt_cannot_close_script),
	    cmocka_unit_test(test_utf8_valid),
	    cmocka_unit_test(test_utf8_overlong),
	    cmocka_unit_test(test_utf8_surrogates),
	    cmocka_unit_test(test_utf8_too_large),
	    cmocka_unit_test(test_utf8_truncated_and_stray),
	    cmocka_unit_test(test_utf8_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
