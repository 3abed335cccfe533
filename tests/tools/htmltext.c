/* htmltext.c: the text a reader sees in one of our HTML pages, one block per
 * line, for the golden tests: tags out (style, script and title with their
 * content), an image's alt text in brackets (none for one aria-hidden),
 * character references decoded, runs of blanks as one space, no empty
 * lines. It reads the pages we write, not HTML at large: no comments inside
 * attributes, no CDATA.
 *
 *   htmltext FILE.html > FILE.txt
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *out;
static size_t outlen, outcap;
static int pending_space;

static void
emit(char c)
{
	if (outlen + 8 > outcap) {
		outcap = outcap ? 2 * outcap : 1 << 16;
		out = realloc(out, outcap);
		if (out == NULL) {
			perror("htmltext");
			exit(2);
		}
	}
	out[outlen++] = c;
}

/* Text: blanks collapse, and a line never starts or ends with one. */
static void
text_char(char c)
{
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
		pending_space = 1;
		return;
	}
	if (pending_space && outlen > 0 && out[outlen - 1] != '\n')
		emit(' ');
	pending_space = 0;
	emit(c);
}

static void
text_utf8(unsigned long cp)
{
	if (cp < 0x80) {
		text_char((char)cp);
	} else if (cp < 0x800) {
		text_char((char)(0xc0 | (cp >> 6)));
		emit((char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		text_char((char)(0xe0 | (cp >> 12)));
		emit((char)(0x80 | ((cp >> 6) & 0x3f)));
		emit((char)(0x80 | (cp & 0x3f)));
	} else {
		text_char((char)(0xf0 | (cp >> 18)));
		emit((char)(0x80 | ((cp >> 12) & 0x3f)));
		emit((char)(0x80 | ((cp >> 6) & 0x3f)));
		emit((char)(0x80 | (cp & 0x3f)));
	}
}

static void
newline(void)
{
	pending_space = 0;
	if (outlen > 0 && out[outlen - 1] != '\n')
		emit('\n');
}

/* Decodes the character reference at s (just after '&'); returns its length. */
static size_t
entity(const char *s)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''},
	             {"nbsp;", 0xa0}};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strncmp(s, named[i].name, strlen(named[i].name)) == 0) {
			text_utf8(named[i].cp);
			return strlen(named[i].name);
		}
	if (s[0] == '#') {
		char *end;
		unsigned long cp = s[1] == 'x' || s[1] == 'X' ? strtoul(s + 2, &end, 16)
		                                               : strtoul(s + 1, &end, 10);
		if (*end == ';' && end > s + 1) {
			text_utf8(cp);
			return (size_t)(end - s) + 1;
		}
	}
	text_char('&');
	return 0;
}

static void
text_run(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '&')
			i += entity(s + i + 1);
		else
			text_char(s[i]);
	}
}

static int
is_block(const char *name, size_t n)
{
	static const char *const blocks[] = {
	    "p",       "div",   "li",     "tr",     "h1",    "h2",      "h3",    "h4",  "h5",
	    "h6",      "br",    "td",     "th",     "section", "figcaption", "table", "ul", "ol",
	    "details", "summary", "header", "footer", "nav",   "main",    "article", "dt", "dd",
	    "dl",      "figure", "caption", "blockquote", "pre", "hr",  "aside", "thead", "tbody",
	};
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (strlen(blocks[i]) == n && strncasecmp(name, blocks[i], n) == 0)
			return 1;
	return 0;
}

/* The value of attribute attr in the tag text t (without < and >), or NULL. */
static char *
attribute(const char *t, size_t n, const char *attr)
{
	size_t an = strlen(attr);
	for (size_t i = 0; i + an + 1 < n; i++) {
		if ((i == 0 || isspace((unsigned char)t[i - 1])) && strncasecmp(t + i, attr, an) == 0 &&
		    t[i + an] == '=') {
			char q = t[i + an + 1];
			size_t start = i + an + (q == '"' || q == '\'' ? 2 : 1), end = start;
			while (end < n && (q == '"' || q == '\'' ? t[end] != q : !isspace((unsigned char)t[end])))
				end++;
			char *v = malloc(end - start + 1);
			memcpy(v, t + start, end - start);
			v[end - start] = '\0';
			return v;
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: htmltext FILE.html\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (f == NULL) {
		perror(argv[1]);
		return 2;
	}
	size_t cap = 1 << 20, n = 0;
	char *s = malloc(cap);
	size_t got;
	while (s != NULL && (got = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	fclose(f);
	if (s == NULL) {
		perror("htmltext");
		return 2;
	}
	s[n] = '\0';
	const char *skip_until = NULL; /* the closing tag of style, script, title */
	for (size_t i = 0; i < n;) {
		if (s[i] != '<') {
			size_t j = i;
			while (j < n && s[j] != '<')
				j++;
			if (skip_until == NULL)
				text_run(s + i, j - i);
			i = j;
			continue;
		}
		if (strncmp(s + i, "<!--", 4) == 0) {
			const char *end = strstr(s + i + 4, "-->");
			i = end ? (size_t)(end - s) + 3 : n;
			continue;
		}
		const char *close = strchr(s + i, '>');
		size_t end = close ? (size_t)(close - s) : n;
		const char *t = s + i + 1;
		size_t tn = end - i - 1;
		int closing = tn > 0 && t[0] == '/';
		const char *name = closing ? t + 1 : t;
		size_t nn = 0;
		while (nn < tn - (size_t)closing && (isalnum((unsigned char)name[nn])))
			nn++;
		if (skip_until != NULL) {
			if (closing && strlen(skip_until) == nn && strncasecmp(name, skip_until, nn) == 0)
				skip_until = NULL;
		} else if (!closing && (nn == 5 && strncasecmp(name, "style", 5) == 0)) {
			skip_until = "style";
		} else if (!closing && (nn == 6 && strncasecmp(name, "script", 6) == 0)) {
			skip_until = "script";
		} else if (!closing && (nn == 5 && strncasecmp(name, "title", 5) == 0)) {
			skip_until = "title";
		} else if (!closing && nn == 3 && strncasecmp(name, "img", 3) == 0) {
			char *alt = attribute(t, tn, "alt");
			char *hidden = attribute(t, tn, "aria-hidden");
			if (hidden != NULL && strcmp(hidden, "true") == 0) { /* as a screen reader */
				free(alt);
				alt = NULL;
			}
			free(hidden);
			if (alt != NULL) {
				text_char('[');
				text_run(alt, strlen(alt));
				text_char(']');
				free(alt);
			}
		} else if (is_block(name, nn)) {
			newline();
		}
		i = end + 1;
	}
	newline();
	fwrite(out, 1, outlen, stdout);
	free(out);
	free(s);
	return ferror(stdout) ? 2 : 0;
}
