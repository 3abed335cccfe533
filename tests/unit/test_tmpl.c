/* test_tmpl.c: the Mustache-subset template engine and its values (tmpl.c). */
#include "support.h"

#include "base/tmpl.h"

#include "base/buf.h"
#include "base/escape.h"
#include "base/util.h"

/* ---- helpers ------------------------------------------------------------------- */

/* A small table of named partials, ended by a NULL name. */
struct part {
	const char *name;
	const char *text;
};

static int
serve_partial(void *ctx, const char *name, const char **text, size_t *len)
{
	for (const struct part *p = ctx; p->name != NULL; p++) {
		if (strcmp(p->name, name) == 0) {
			*text = p->text;
			*len = strlen(p->text);
			return 0;
		}
	}
	return -1;
}

/*
 * Renders text as template "t.html". The text is copied to a buffer of
 * exactly its length with no NUL after it, so ASan catches any read past the
 * end; partials is NULL for an environment without partials.
 */
static int
render(const char *text, const struct fr_tv *root, const struct part *partials, struct fr_buf *out,
       char **err)
{
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	struct fr_tmpl_env env = {fr_escape_html, partials != NULL ? serve_partial : NULL,
	                          (void *)partials, 0};
	int rc = fr_tmpl_render(&env, "t.html", copy, len, root, out, err);
	free(copy);
	return rc;
}

static void
check_with(const char *text, const struct fr_tv *root, const struct part *partials,
           const char *want)
{
	struct fr_buf out = FR_BUF_INIT;
	char *err = NULL;
	int rc = render(text, root, partials, &out, &err);
	if (rc != FR_OK)
		print_error("%s\n", err != NULL ? err : "(no message)");
	assert_int_equal(rc, FR_OK);
	assert_null(err);
	const char *got = fr_buf_cstr(&out);
	if (strcmp(got, want) != 0)
		print_error("template: [%s]\nwant: [%s]\ngot:  [%s]\n", text, want, got);
	assert_string_equal(got, want);
	fr_buf_free(&out);
}

static void
check(const char *text, const struct fr_tv *root, const char *want)
{
	check_with(text, root, NULL, want);
}

/* Asserts FR_EIO with a message that starts with prefix and contains needle. */
static void
check_error_with(const char *text, const struct fr_tv *root, const struct part *partials,
                 const char *prefix, const char *needle)
{
	struct fr_buf out = FR_BUF_INIT;
	char *err = NULL;
	int rc = render(text, root, partials, &out, &err);
	assert_int_equal(rc, FR_EIO);
	assert_non_null(err);
	if (strncmp(err, prefix, strlen(prefix)) != 0 || strstr(err, needle) == NULL)
		print_error("template: [%s]\nwant: %s...%s\ngot:  %s\n", text, prefix, needle, err);
	assert_true(strncmp(err, prefix, strlen(prefix)) == 0);
	assert_non_null(strstr(err, needle));
	/* Nothing of a failed render is left in the output. */
	assert_int_equal(out.len, 0);
	free(err);
	fr_buf_free(&out);
}

static void
check_error(const char *text, const char *prefix, const char *needle)
{
	check_error_with(text, NULL, NULL, prefix, needle);
}

/* {"name": name} */
static struct fr_tv *
obj1(const char *key, const char *s)
{
	struct fr_tv *o = fr_tv_obj();
	fr_tv_set_str(o, key, s);
	return o;
}

/* ---- values -------------------------------------------------------------------- */

static void
test_values(void **state)
{
	(void)state;
	fr_tv_free(NULL);

	struct fr_tv *o = fr_tv_obj();
	struct fr_tv *s = fr_tv_str("one");
	assert_ptr_equal(fr_tv_set(o, "a", s), s);
	fr_tv_set_str(o, "a", "two"); /* replaces, freeing "one" */
	fr_tv_set_bool(o, "b", true);
	fr_tv_set_bool(o, "b", false);
	fr_tv_set(o, "c", fr_tv_str_take(fr_xstrdup("taken")));
	fr_tv_set_str(o, "d", NULL); /* NULL is the empty string */
	check("{{a}} {{b}} {{c}} [{{d}}]", o, "two false taken []");

	/* A NULL value unsets the key, so the outer one shows through again. */
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_str(root, "a", "outer");
	fr_tv_set(root, "inner", o);
	check("{{#inner}}{{a}}{{/inner}}", root, "two");
	assert_null(fr_tv_set(o, "a", NULL));
	assert_null(fr_tv_set(o, "never-set", NULL));
	check("{{#inner}}{{a}} {{c}}{{/inner}}", root, "outer taken");

	struct fr_tv *list = fr_tv_list();
	struct fr_tv *item = fr_tv_str("x");
	assert_ptr_equal(fr_tv_push(list, item), item);
	/* Misuse frees what was handed over (the leak checker watches) and returns NULL. */
	assert_null(fr_tv_push(o, fr_tv_str("not a list")));
	assert_null(fr_tv_push(NULL, fr_tv_str("no list")));
	assert_null(fr_tv_set(list, "k", fr_tv_str("not an object")));
	assert_null(fr_tv_set(NULL, "k", fr_tv_str("no object")));
	fr_tv_set_str(fr_tv_push(NULL, fr_tv_obj()), "k", "chained misuse");
	fr_tv_set(root, "list", list);
	check("{{#list}}{{.}}{{/list}}", root, "x");
	fr_tv_free(root);
}

static void
test_many_keys_and_items(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	struct fr_tv *list = fr_tv_set(root, "list", fr_tv_list());
	struct fr_buf want = FR_BUF_INIT;
	for (int i = 0; i < 300; i++) {
		char key[16];
		snprintf(key, sizeof key, "k%d", i);
		fr_tv_set_str(root, key, key);
		fr_tv_push(list, obj1("v", key));
		fr_buf_printf(&want, "%s,", key);
	}
	check("{{k0}} {{k150}} {{k299}}", root, "k0 k150 k299");
	check("{{#list}}{{v}},{{/list}}", root, fr_buf_cstr(&want));
	fr_buf_free(&want);
	fr_tv_free(root);
}

/* ---- variables ----------------------------------------------------------------- */

static void
test_variables_escaped(void **state)
{
	(void)state;
	struct fr_tv *root = obj1("name", "<b>Tom & \"Jerry\" 'x'</b>");
	check("Hi {{name}}!", root,
	      "Hi &lt;b&gt;Tom &amp; &quot;Jerry&quot; &#39;x&#39;&lt;/b&gt;!");
	check("", root, "");
	check("no tags at all\n", root, "no tags at all\n");
	check("{{name}}{{name}}", root,
	      "&lt;b&gt;Tom &amp; &quot;Jerry&quot; &#39;x&#39;&lt;/b&gt;"
	      "&lt;b&gt;Tom &amp; &quot;Jerry&quot; &#39;x&#39;&lt;/b&gt;");
	fr_tv_free(root);
}

static void
test_raw(void **state)
{
	(void)state;
	struct fr_tv *root = obj1("svg", "<svg a=\"1\">&amp;</svg>");
	check("{{{svg}}}", root, "<svg a=\"1\">&amp;</svg>");
	check("{{&svg}}", root, "<svg a=\"1\">&amp;</svg>");
	check("{{{ svg }}}|{{& svg }}|{{ &svg}}", root,
	      "<svg a=\"1\">&amp;</svg>|<svg a=\"1\">&amp;</svg>|<svg a=\"1\">&amp;</svg>");
	/* A brace after a triple tag is text. */
	check("{{{svg}}}}", root, "<svg a=\"1\">&amp;</svg>}");
	fr_tv_free(root);
}

static void
test_missing_is_empty(void **state)
{
	(void)state;
	struct fr_tv *root = obj1("name", "x");
	check("[{{nope}}][{{{nope}}}][{{&nope}}][{{nope.deeper}}]", root, "[][][][]");
	check("[{{name}}]", NULL, "[]"); /* no context at all */
	check("[{{.}}]", NULL, "[]");
	check("[{{.}}]", root, "[]"); /* an object has no text form */
	fr_tv_free(root);
}

static void
test_whitespace_in_tags(void **state)
{
	(void)state;
	struct fr_tv *root = obj1("name", "v");
	struct fr_tv *list = fr_tv_set(root, "list", fr_tv_list());
	fr_tv_push(list, fr_tv_str("a"));
	fr_tv_push(list, fr_tv_str("b"));
	check("{{ name }}|{{\tname\t}}|{{name }}|{{ name}}", root, "v|v|v|v");
	check("{{# list }}<{{ . }}>{{/ list }}", root, "<a><b>");
	check("{{ #list }}<{{.}}>{{ /list }}", root, "<a><b>");
	check("{{^ nope }}none{{/ nope }}", root, "none");
	check("{{\nname\n}}", root, "v");
	fr_tv_free(root);
}

static void
test_booleans(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_bool(root, "yes", true);
	fr_tv_set_bool(root, "no", false);
	fr_tv_set_str(root, "name", "n");
	check("{{#yes}}Y{{name}}{{/yes}}{{#no}}N{{/no}}", root, "Yn");
	check("{{^yes}}Y{{/yes}}{{^no}}N{{/no}}", root, "N");
	/* A boolean as a value: its word (the header leaves this open). */
	check("{{yes}}/{{no}}", root, "true/false");
	/* A true boolean does not change the context: {{.}} is still the root. */
	check("{{#yes}}[{{.}}]{{/yes}}", root, "[]");
	fr_tv_free(root);
}

/* ---- sections ------------------------------------------------------------------ */

static void
test_list_of_objects(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	struct fr_tv *rows = fr_tv_set(root, "rows", fr_tv_list());
	const char *names[] = {"home", "search", "pay<ment>"};
	for (int i = 0; i < 3; i++)
		fr_tv_push(rows, obj1("step", names[i]));
	check("<ul>{{#rows}}<li>{{step}}</li>{{/rows}}</ul>", root,
	      "<ul><li>home</li><li>search</li><li>pay&lt;ment&gt;</li></ul>");
	fr_tv_free(root);
}

static void
test_list_of_strings(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	struct fr_tv *tags = fr_tv_set(root, "tags", fr_tv_list());
	fr_tv_push(tags, fr_tv_str("a&b"));
	fr_tv_push(tags, fr_tv_str("c"));
	fr_tv_push(tags, fr_tv_str("")); /* an empty item still gets its turn */
	check("{{#tags}}[{{.}}]{{/tags}}", root, "[a&amp;b][c][]");
	check("{{#tags}}[{{{.}}}]{{/tags}}", root, "[a&b][c][]");
	check("{{#tags}}[{{&.}}]{{/tags}}", root, "[a&b][c][]");
	fr_tv_free(root);
}

static void
test_nested_lists(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	struct fr_tv *groups = fr_tv_set(root, "groups", fr_tv_list());
	for (int g = 0; g < 2; g++) {
		struct fr_tv *grp = fr_tv_push(groups, fr_tv_obj());
		fr_tv_set_str(grp, "name", g == 0 ? "A" : "B");
		struct fr_tv *items = fr_tv_set(grp, "items", fr_tv_list());
		for (int i = 0; i < g + 2; i++) {
			char s[8];
			snprintf(s, sizeof s, "%d", i);
			fr_tv_push(items, fr_tv_str(s));
		}
	}
	check("{{#groups}}{{name}}:{{#items}}{{.}}{{/items}};{{/groups}}", root, "A:01;B:012;");

	/* A list of lists, walked with {{#.}}. */
	struct fr_tv *matrix = fr_tv_set(root, "matrix", fr_tv_list());
	for (int r = 0; r < 2; r++) {
		struct fr_tv *row = fr_tv_push(matrix, fr_tv_list());
		fr_tv_push(row, fr_tv_str(r == 0 ? "a" : "c"));
		fr_tv_push(row, fr_tv_str(r == 0 ? "b" : "d"));
	}
	check("{{#matrix}}<tr>{{#.}}<td>{{.}}</td>{{/.}}</tr>{{/matrix}}", root,
	      "<tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>");
	fr_tv_free(root);
}

static void
test_inverted(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_bool(root, "f", false);
	fr_tv_set_bool(root, "t", true);
	fr_tv_set(root, "empty", fr_tv_list());
	fr_tv_push(fr_tv_set(root, "full", fr_tv_list()), fr_tv_str("x"));
	fr_tv_set_str(root, "blank", "");
	fr_tv_set_str(root, "word", "w");
	fr_tv_set(root, "obj", fr_tv_obj());
	check("{{^f}}1{{/f}}{{^missing}}2{{/missing}}{{^empty}}3{{/empty}}{{^blank}}4{{/blank}}",
	      root, "1234");
	check("{{^t}}1{{/t}}{{^full}}2{{/full}}{{^word}}3{{/word}}{{^obj}}4{{/obj}}", root, "");
	check("{{#empty}}row{{/empty}}{{^empty}}No rows.{{/empty}}", root, "No rows.");
	fr_tv_free(root);
}

static void
test_string_sections(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_str(root, "note", "a <note>");
	fr_tv_set_str(root, "blank", "");
	check("{{#note}}<p>{{.}}</p>{{/note}}", root, "<p>a &lt;note&gt;</p>");
	check("{{#blank}}<p>{{.}}</p>{{/blank}}", root, "");
	fr_tv_free(root);
}

static void
test_object_sections(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_str(root, "title", "Funnel");
	fr_tv_set_str(root, "name", "outer");
	struct fr_tv *step = fr_tv_set(root, "step", fr_tv_obj());
	fr_tv_set_str(step, "name", "inner");
	fr_tv_set(root, "none", fr_tv_obj());
	/* The object goes on top; what it lacks comes from outside. */
	check("{{#step}}{{name}} of {{title}}{{/step}} {{name}}", root, "inner of Funnel outer");
	/* An empty object is still there: the block renders once. */
	check("{{#none}}[{{name}}]{{/none}}", root, "[outer]");
	fr_tv_free(root);
}

static void
test_same_name_nested(void **state)
{
	(void)state;
	/* {"a": {"a": {"b": "deep"}, "b": "mid"}, "b": "top"} */
	struct fr_tv *root = fr_tv_obj();
	struct fr_tv *a1 = fr_tv_set(root, "a", fr_tv_obj());
	struct fr_tv *a2 = fr_tv_set(a1, "a", fr_tv_obj());
	fr_tv_set_str(a2, "b", "deep");
	fr_tv_set_str(a1, "b", "mid");
	fr_tv_set_str(root, "b", "top");
	check("{{#a}}<{{b}}{{#a}}<{{b}}>{{/a}}{{b}}>{{/a}}{{b}}", root, "<mid<deep>mid>top");
	/* A closing tag ends the innermost open section of its name only. */
	check("{{#a}}1{{#a}}2{{/a}}3{{/a}}4", root, "1234");

	struct fr_tv *flag = fr_tv_obj();
	fr_tv_set_bool(flag, "t", true);
	check("{{#t}}<{{#t}}<{{#t}}x{{/t}}>{{/t}}>{{/t}}", flag, "<<x>>");
	check("{{^t}}<{{^t}}x{{/t}}>{{/t}}|{{#t}}{{^t}}no{{/t}}yes{{/t}}", flag, "|yes");
	fr_tv_free(flag);
	fr_tv_free(root);
}

static void
test_dotted_names(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	struct fr_tv *run = fr_tv_set(root, "run", fr_tv_obj());
	struct fr_tv *input = fr_tv_set(run, "input", fr_tv_obj());
	fr_tv_set_str(input, "file", "events.csv");
	fr_tv_set_bool(input, "ok", true);
	fr_tv_push(fr_tv_set(input, "cols", fr_tv_list()), fr_tv_str("user_id"));
	fr_tv_set_str(root, "file", "outer.csv");
	check("{{run.input.file}}", root, "events.csv");
	check("{{#run.input.ok}}ok{{/run.input.ok}}", root, "ok");
	check("{{#run.input.cols}}{{.}}{{/run.input.cols}}", root, "user_id");
	check("[{{run.nope.file}}][{{run.input.file.more}}][{{nope.file}}]", root, "[][][]");
	/* From inside a section the first part is found in an outer context... */
	check("{{#run.input.cols}}{{run.input.file}}{{/run.input.cols}}", root, "events.csv");
	/* ...but the rest only inside what it found, never in an outer context. */
	check("{{#run}}[{{input.nope}}][{{run.file}}]{{/run}}", root, "[][]");
	fr_tv_free(root);
}

static void
test_outer_fallback(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_str(root, "unit", "users");
	fr_tv_set_str(root, "name", "root");
	struct fr_tv *steps = fr_tv_set(root, "steps", fr_tv_list());
	struct fr_tv *s1 = fr_tv_push(steps, obj1("name", "home"));
	struct fr_tv *subs = fr_tv_set(s1, "subs", fr_tv_list());
	fr_tv_push(subs, obj1("n", "1"));
	fr_tv_push(subs, fr_tv_obj());
	check("{{#steps}}{{#subs}}{{n}}{{name}}{{unit}};{{/subs}}{{/steps}}", root,
	      "1homeusers;homeusers;");
	fr_tv_free(root);
}

/* ---- comments and standalone lines --------------------------------------------- */

static void
test_comments(void **state)
{
	(void)state;
	check("a{{! a comment }}b", NULL, "ab");
	check("a{{!}}b", NULL, "ab");
	check("a{{! <b>{{{ and # ^ / are fine }}b", NULL, "ab");
	check("a {{! two\nlines }} b\n", NULL, "a  b\n");
}

static void
test_standalone(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_bool(root, "t", true);
	fr_tv_set_bool(root, "f", false);
	struct fr_tv *items = fr_tv_set(root, "items", fr_tv_list());
	fr_tv_push(items, fr_tv_str("x"));
	fr_tv_push(items, fr_tv_str("y"));
	static const struct part parts[] = {
	    {"row", "<tr>\n  <td>{{.}}</td>\n</tr>\n"},
	    {"line", "L"},
	    {NULL, NULL},
	};

	check("a\n{{#t}}\nb\n{{/t}}\nc\n", root, "a\nb\nc\n");
	check("a\n  {{#t}}  \nb\n\t{{/t}}\t\nc\n", root, "a\nb\nc\n");
	check("a\n{{#f}}\nb\n{{/f}}\nc\n", root, "a\nc\n");
	check("a\n{{^f}}\nb\n{{/f}}\nc\n", root, "a\nb\nc\n");
	check("<ul>\n{{#items}}\n  <li>{{.}}</li>\n{{/items}}\n</ul>\n", root,
	      "<ul>\n  <li>x</li>\n  <li>y</li>\n</ul>\n");
	/* CRLF lines go whole too. */
	check("a\r\n{{#t}}\r\nb\r\n{{/t}}\r\nc\r\n", root, "a\r\nb\r\nc\r\n");
	/* At the very start and the very end, with no newline after. */
	check("{{#t}}\nb\n{{/t}}", root, "b\n");
	check("b\n  {{! end }}  ", root, "b\n");
	/* Comments, including one over several lines. */
	check("a\n{{! note }}\nb\n", root, "a\nb\n");
	check("a\n  {{! one\n two }}  \nb\n", root, "a\nb\n");
	/* Not standalone: other text, or another tag, on the line. */
	check("a {{#t}}b{{/t}} c\n", root, "a b c\n");
	check("{{#t}}{{/t}}\n", root, "\n");
	check(" {{#t}} x\n{{/t}}", root, "  x\n");
	check("x{{! c }}\n", root, "x\n");
	/* A variable tag never takes its line. */
	check("{{nope}}\n  {{nope}}  \n", root, "\n    \n");
	/* A standalone partial: its content as it is, not indented. */
	check_with("<table>\n  {{#items}}\n    {{>row}}\n  {{/items}}\n</table>\n", root, parts,
	           "<table>\n<tr>\n  <td>x</td>\n</tr>\n<tr>\n  <td>y</td>\n</tr>\n</table>\n");
	check_with("a\n  {{>line}}\nb", root, parts, "a\nLb");
	check_with("a {{>line}} b\n", root, parts, "a L b\n");
	/* Blank lines that hold no tag stay. */
	check("a\n\n{{#t}}\n\nb\n{{/t}}\n", root, "a\n\n\nb\n");
	fr_tv_free(root);
}

/* ---- partials ------------------------------------------------------------------ */

static void
test_partials(void **state)
{
	(void)state;
	static const struct part parts[] = {
	    {"html/head.html", "<title>{{title}}</title>"},
	    {"step", "<li>{{name}} of {{title}}{{>badge}}</li>"},
	    {"badge", "{{#top}}*{{/top}}"},
	    {"empty", ""},
	    {NULL, NULL},
	};
	struct fr_tv *root = obj1("title", "T&C");
	struct fr_tv *steps = fr_tv_set(root, "steps", fr_tv_list());
	fr_tv_push(steps, obj1("name", "home"));
	fr_tv_set_bool(fr_tv_push(steps, obj1("name", "pay")), "top", true);
	check_with("{{>html/head.html}}", root, parts, "<title>T&amp;C</title>");
	check_with("{{> html/head.html }}", root, parts, "<title>T&amp;C</title>");
	check_with("<ul>{{#steps}}{{>step}}{{/steps}}</ul>", root, parts,
	           "<ul><li>home of T&amp;C</li><li>pay of T&amp;C*</li></ul>");
	check_with("[{{>empty}}]", root, parts, "[]");
	/* A partial in a section that does not render is never looked up. */
	check_with("{{#nope}}{{>missing}}{{/nope}}ok", root, parts, "ok");
	check("{{#nope}}{{>missing}}{{/nope}}ok", root, "ok");
	fr_tv_free(root);
}

/* A tree of nodes, depth levels deep: {"name": "1", "kids": [{"name": "2", ...}]} */
static struct fr_tv *
make_chain(int depth)
{
	struct fr_tv *root = fr_tv_obj();
	struct fr_tv *node = root;
	for (int i = 1; i <= depth; i++) {
		char s[8];
		snprintf(s, sizeof s, "%d", i);
		fr_tv_set_str(node, "name", s);
		/* The leaf needs its empty list too: a missing "kids" would be
		 * found in its parent, and the recursion would never end. */
		struct fr_tv *kids = fr_tv_set(node, "kids", fr_tv_list());
		if (i < depth)
			node = fr_tv_push(kids, fr_tv_obj());
	}
	return root;
}

static void
test_partial_recursion(void **state)
{
	(void)state;
	static const struct part parts[] = {
	    {"node", "{{name}}{{#kids}}({{>node}}){{/kids}}"},
	    {"forever", "x{{>forever}}"},
	    {NULL, NULL},
	};
	/* Recursion that the data ends is fine up to 16 partials deep. */
	struct fr_tv *three = make_chain(3);
	check_with("{{>node}}", three, parts, "1(2(3))");
	fr_tv_free(three);
	struct fr_tv *sixteen = make_chain(16);
	check_with("{{>node}}", sixteen, parts,
	           "1(2(3(4(5(6(7(8(9(10(11(12(13(14(15(16)))))))))))))))");
	fr_tv_free(sixteen);
	struct fr_tv *seventeen = make_chain(17);
	check_error_with("{{>node}}", seventeen, parts, "template node:1: ", "more than 16 deep");
	fr_tv_free(seventeen);
	/* Recursion that nothing ends is stopped. */
	check_error_with("a\n{{>forever}}", NULL, parts,
	                 "template forever:1: ", "more than 16 deep");
}

/* ---- errors -------------------------------------------------------------------- */

static void
test_error_unclosed_tags(void **state)
{
	(void)state;
	check_error("{{", "template t.html:1: ", "unclosed {{");
	check_error("a\nb {{name", "template t.html:2: ", "unclosed {{");
	check_error("x\n\n{{#", "template t.html:3: ", "unclosed {{");
	check_error("{{#name}", "template t.html:1: ", "unclosed {{");
	check_error("{{name}", "template t.html:1: ", "unclosed {{");
	check_error("{{{", "template t.html:1: ", "unclosed {{{");
	check_error("a\n{{{x}}", "template t.html:2: ", "unclosed {{{");
	check_error("{{{x}}}\n{{{y}}\n", "template t.html:2: ", "unclosed {{{");
	check_error("{{!", "template t.html:1: ", "unclosed {{");
	check_error("{{! never ends }", "template t.html:1: ", "unclosed {{");
	/* The line counts newlines inside earlier tags too. */
	check_error("{{! a\nb\nc }}\n{{x", "template t.html:4: ", "unclosed {{");
}

static void
test_error_names(void **state)
{
	(void)state;
	check_error("a\n{{}}", "template t.html:2: ", "{{}} has no name");
	check_error("{{  }}", "template t.html:1: ", "has no name");
	check_error("{{#}}x{{/}}", "template t.html:1: ", "{{#}} has no name");
	check_error("{{{}}}", "template t.html:1: ", "has no name");
	check_error("{{&}}", "template t.html:1: ", "has no name");
	check_error("{{>}}", "template t.html:1: ", "has no name");
	check_error("{{a b}}", "template t.html:1: ", "bad name \"a b\"");
	check_error("{{{x}}}}\n{{ {x} }}", "template t.html:2: ", "bad name");
	check_error("{{a {{b}}", "template t.html:1: ", "bad name");
	check_error("{{a..b}}", "template t.html:1: ", "bad dotted name");
	check_error("{{.a}}", "template t.html:1: ", "bad dotted name");
	check_error("{{#a.}}{{/a.}}", "template t.html:1: ", "bad dotted name");
	check_error("{{=<% %>=}}", "template t.html:1: ", "not supported");
}

static void
test_error_sections(void **state)
{
	(void)state;
	check_error("{{#rows}}\n<tr>\n{{/items}}\n",
	            "template t.html:3: ", "{{/items}} closes {{#rows}}");
	/* Exactly the form of the example in tmpl.h. */
	struct fr_buf out = FR_BUF_INIT;
	char *err = NULL;
	assert_int_equal(render("<table>\n{{#rows}}\n{{/items}}\n", NULL, NULL, &out, &err),
	                 FR_EIO);
	assert_string_equal(err, "template t.html:3: {{/items}} closes {{#rows}}");
	free(err);
	fr_buf_free(&out);
	check_error("{{^rows}}{{/items}}", "template t.html:1: ", "{{/items}} closes {{^rows}}");
	check_error("a\n\n{{/x}}", "template t.html:3: ", "{{/x}} closes nothing");
	check_error("{{#x}}{{/x}}{{/x}}", "template t.html:1: ", "{{/x}} closes nothing");
	check_error("a\n{{#x}}\nb\n", "template t.html:2: ", "{{#x}} is never closed");
	check_error("{{^x}}", "template t.html:1: ", "{{^x}} is never closed");
	/* Same name nested: the inner one is closed, the outer never. */
	check_error("{{#a}}\n{{#a}}\n{{/a}}\n", "template t.html:1: ", "{{#a}} is never closed");
	/* Errors inside sections that would not render are still errors. */
	check_error("{{#nope}}{{/nope}}\n{{#nope}}{{a b}}{{/nope}}",
	            "template t.html:2: ", "bad name");
}

static void
test_error_partials(void **state)
{
	(void)state;
	static const struct part parts[] = {
	    {"bad", "fine\n{{#x}}\n"},
	    {NULL, NULL},
	};
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_bool(root, "t", true);
	check_error_with("a\n{{>nope}}", root, parts,
	                 "template t.html:2: ", "{{>nope}}: no such partial");
	check_error_with("{{#t}}\n\n{{>x}}{{/t}}", root, NULL,
	                 "template t.html:3: ", "no such partial");
	check_error_with("ok\n{{>bad}}", root, parts, "template bad:2: ", "{{#x}} is never closed");
	fr_tv_free(root);
}

static void
test_error_nesting_depth(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_bool(root, "a", true);
	struct fr_buf text = FR_BUF_INIT;
	for (int i = 0; i < 64; i++)
		fr_buf_puts(&text, "{{#a}}");
	fr_buf_puts(&text, "x");
	for (int i = 0; i < 64; i++)
		fr_buf_puts(&text, "{{/a}}");
	check(fr_buf_cstr(&text), root, "x");

	fr_buf_clear(&text);
	for (int i = 0; i < 64; i++)
		fr_buf_puts(&text, "{{#a}}\n");
	fr_buf_puts(&text, "{{^a}}\n");
	check_error_with(fr_buf_cstr(&text), root, NULL,
	                 "template t.html:65: ", "more than 64 deep");

	/* Far deeper than any stack would like: an error, not a crash. */
	fr_buf_clear(&text);
	for (int i = 0; i < 100000; i++)
		fr_buf_puts(&text, "{{#a}}");
	check_error_with(fr_buf_cstr(&text), root, NULL,
	                 "template t.html:1: ", "more than 64 deep");
	fr_buf_free(&text);
	fr_tv_free(root);
}

static void
test_error_details(void **state)
{
	(void)state;
	/* A failed render leaves what out held before and nothing more. */
	struct fr_tv *root = obj1("name", "v");
	struct fr_buf out = FR_BUF_INIT;
	fr_buf_puts(&out, "kept");
	char *err = NULL;
	assert_int_equal(render("{{name}} and {{>p}}", root, NULL, &out, &err), FR_EIO);
	assert_string_equal(fr_buf_cstr(&out), "kept");
	assert_non_null(err);
	free(err);
	/* A successful render appends. */
	err = NULL;
	assert_int_equal(render("+{{name}}", root, NULL, &out, &err), FR_OK);
	assert_string_equal(fr_buf_cstr(&out), "kept+v");
	/* err may be NULL; an earlier message is kept (the first one wins). */
	assert_int_equal(render("{{", root, NULL, &out, NULL), FR_EIO);
	err = fr_xstrdup("earlier");
	assert_int_equal(render("{{", root, NULL, &out, &err), FR_EIO);
	assert_string_equal(err, "earlier");
	free(err);
	fr_buf_free(&out);

	/* The environment's contract: no escape function, no text. */
	struct fr_tmpl_env env = {NULL, NULL, NULL, 0};
	err = NULL;
	assert_int_equal(fr_tmpl_render(&env, "x", "a", 1, root, &out, &err), FR_EIO);
	assert_non_null(strstr(err, "template x"));
	free(err);
	env.escape = fr_escape_html;
	assert_int_equal(fr_tmpl_render(&env, "x", NULL, 0, root, &out, NULL), FR_OK);
	assert_int_equal(out.len, 0);
	/* Only len bytes are read: a tag cut off by len is unclosed. */
	err = NULL;
	assert_int_equal(fr_tmpl_render(&env, "x", "{{name}}", 7, root, &out, &err), FR_EIO);
	assert_non_null(strstr(err, "template x:1: unclosed"));
	free(err);
	assert_int_equal(fr_tmpl_render(&env, "x", "{{name}}tail", 8, root, &out, NULL), FR_OK);
	assert_string_equal(fr_buf_cstr(&out), "v");
	fr_buf_free(&out);
	fr_tv_free(root);
}

/* Every prefix of some tricky templates, and random ones, each in a buffer of
 * its exact size: any status is fine, a read out of bounds is not. */
static void
test_hostile_inputs(void **state)
{
	(void)state;
	static const char *const seeds[] = {
	    "{{#a}}{{{b}}}{{&c}}{{^d}}{{! x }}{{>p}}{{/d}}{{.}}{{/a}}\n",
	    "  {{#a}}  \r\n{{ b.c }}\n  {{/a}}\r\n{{{",
	    "{{}}{{{x}}{{#}}{{/}}{{{{}}}}}}{{",
	};
	static const struct part parts[] = {{"p", "{{#a}}{{>p}}{{/a}}"}, {NULL, NULL}};
	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_bool(root, "a", true);
	fr_tv_set_str(root, "b", "<");
	for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
		size_t n = strlen(seeds[s]);
		for (size_t len = 0; len <= n; len++) {
			char *text = malloc(len ? len : 1);
			assert_non_null(text);
			memcpy(text, seeds[s], len);
			struct fr_tmpl_env env = {fr_escape_html, serve_partial, (void *)parts, 0};
			struct fr_buf out = FR_BUF_INIT;
			char *err = NULL;
			int rc = fr_tmpl_render(&env, "h", text, len, root, &out, &err);
			assert_true(rc == FR_OK || rc == FR_EIO);
			assert_true((rc == FR_OK) == (err == NULL));
			free(err);
			fr_buf_free(&out);
			free(text);
		}
	}

	static const char alphabet[] = "{{{}}}#^/>!&.. ab\n";
	uint32_t seed = 12345;
	for (int i = 0; i < 5000; i++) {
		char text[24];
		size_t len = (size_t)(i % 24);
		for (size_t j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			text[j] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		char *exact = malloc(len ? len : 1);
		assert_non_null(exact);
		memcpy(exact, text, len);
		struct fr_tmpl_env env = {fr_escape_html, serve_partial, (void *)parts, 0};
		struct fr_buf out = FR_BUF_INIT;
		char *err = NULL;
		int rc = fr_tmpl_render(&env, "r", exact, len, root, &out, &err);
		assert_true(rc == FR_OK || rc == FR_EIO);
		assert_true((rc == FR_OK) == (err == NULL));
		free(err);
		fr_buf_free(&out);
		free(exact);
	}
	fr_tv_free(root);
}

/* ---- a page -------------------------------------------------------------------- */

static void
test_page(void **state)
{
	(void)state;
	static const struct part parts[] = {
	    {"html/head.html", "<head>\n  <title>{{title}}</title>\n</head>\n"},
	    {"html/step-row.html",
	     "<tr><td>{{name}}</td><td>{{users}}</td><td>{{rate}}</td></tr>\n"},
	    {NULL, NULL},
	};
	static const char page[] = "<!doctype html>\n"
	                           "<html>\n"
	                           "{{>html/head.html}}\n"
	                           "<body>\n"
	                           "{{! the summary comes first }}\n"
	                           "<h1>{{title}}</h1>\n"
	                           "<p>{{run.input.file}}: {{run.input.rows}} rows</p>\n"
	                           "{{#has_warnings}}\n"
	                           "<ul class=\"warn\">\n"
	                           "  {{#warnings}}\n"
	                           "  <li>{{.}}</li>\n"
	                           "  {{/warnings}}\n"
	                           "</ul>\n"
	                           "{{/has_warnings}}\n"
	                           "{{#groups}}\n"
	                           "<h2>{{name}}</h2>\n"
	                           "<table>\n"
	                           "  {{#steps}}\n"
	                           "  {{>html/step-row.html}}\n"
	                           "  {{/steps}}\n"
	                           "  {{^steps}}\n"
	                           "  <tr><td>No users in {{name}}.</td></tr>\n"
	                           "  {{/steps}}\n"
	                           "</table>\n"
	                           "{{/groups}}\n"
	                           "{{#chart}}<figure>{{{chart}}}</figure>{{/chart}}\n"
	                           "</body>\n"
	                           "</html>\n";
	static const char want[] = "<!doctype html>\n"
	                           "<html>\n"
	                           "<head>\n"
	                           "  <title>Funnel &amp; drop-off</title>\n"
	                           "</head>\n"
	                           "<body>\n"
	                           "<h1>Funnel &amp; drop-off</h1>\n"
	                           "<p>events.csv: 90,400 rows</p>\n"
	                           "<ul class=\"warn\">\n"
	                           "  <li>3 rows with &quot;bad&quot; dates</li>\n"
	                           "  <li>1 user &lt;unknown&gt;</li>\n"
	                           "</ul>\n"
	                           "<h2>Desktop</h2>\n"
	                           "<table>\n"
	                           "<tr><td>home</td><td>60,100</td><td>100.00%</td></tr>\n"
	                           "<tr><td>search</td><td>30,100</td><td>50.08%</td></tr>\n"
	                           "</table>\n"
	                           "<h2>Mobile</h2>\n"
	                           "<table>\n"
	                           "  <tr><td>No users in Mobile.</td></tr>\n"
	                           "</table>\n"
	                           "<figure><svg id=\"c1\"/></figure>\n"
	                           "</body>\n"
	                           "</html>\n";

	struct fr_tv *root = fr_tv_obj();
	fr_tv_set_str(root, "title", "Funnel & drop-off");
	struct fr_tv *input = fr_tv_set(fr_tv_set(root, "run", fr_tv_obj()), "input", fr_tv_obj());
	fr_tv_set_str(input, "file", "events.csv");
	fr_tv_set_str(input, "rows", "90,400");
	fr_tv_set_bool(root, "has_warnings", true);
	struct fr_tv *warnings = fr_tv_set(root, "warnings", fr_tv_list());
	fr_tv_push(warnings, fr_tv_str("3 rows with \"bad\" dates"));
	fr_tv_push(warnings, fr_tv_str("1 user <unknown>"));
	struct fr_tv *groups = fr_tv_set(root, "groups", fr_tv_list());
	struct fr_tv *desktop = fr_tv_push(groups, obj1("name", "Desktop"));
	struct fr_tv *steps = fr_tv_set(desktop, "steps", fr_tv_list());
	struct fr_tv *s = fr_tv_push(steps, obj1("name", "home"));
	fr_tv_set_str(s, "users", "60,100");
	fr_tv_set_str(s, "rate", "100.00%");
	s = fr_tv_push(steps, obj1("name", "search"));
	fr_tv_set_str(s, "users", "30,100");
	fr_tv_set_str(s, "rate", "50.08%");
	fr_tv_set(fr_tv_push(groups, obj1("name", "Mobile")), "steps", fr_tv_list());
	fr_tv_set_str(root, "chart", "<svg id=\"c1\"/>");
	check_with(page, root, parts, want);

	/* Without warnings or a chart their blocks go, lines and all. */
	fr_tv_set_bool(root, "has_warnings", false);
	fr_tv_set(root, "warnings", fr_tv_list());
	fr_tv_set_str(root, "chart", "");
	struct fr_buf out = FR_BUF_INIT;
	char *err = NULL;
	assert_int_equal(render(page, root, parts, &out, &err), FR_OK);
	assert_null(strstr(fr_buf_cstr(&out), "warn"));
	assert_null(strstr(fr_buf_cstr(&out), "figure"));
	assert_non_null(strstr(fr_buf_cstr(&out), "rows</p>\n<h2>Desktop</h2>\n"));
	assert_non_null(strstr(fr_buf_cstr(&out), "</table>\n\n</body>\n"));
	fr_buf_free(&out);
	fr_tv_free(root);
}

/* Sections nested over lists multiply: 3 items nested 30 deep would be
 * 3^30 renders. The work cap stops it with a message, and the output is
 * left as it was (found by fuzz_tmpl as a 28-second timeout). */
static void
test_work_cap(void **state)
{
	(void)state;
	struct fr_tv *root = fr_tv_obj();
	struct fr_tv *rows = fr_tv_set(root, "rows", fr_tv_list());
	for (int i = 0; i < 3; i++)
		fr_tv_push(rows, fr_tv_obj());
	struct fr_buf t = FR_BUF_INIT;
	for (int d = 0; d < 30; d++)
		fr_buf_puts(&t, "{{#rows}}x");
	for (int d = 0; d < 30; d++)
		fr_buf_puts(&t, "{{/rows}}");
	struct fr_buf out = FR_BUF_INIT;
	fr_buf_puts(&out, "before");
	char *err = NULL;
	struct fr_tmpl_env env = {fr_escape_html, NULL, NULL, 100000};
	assert_int_equal(fr_tmpl_render(&env, "t.html", t.ptr, t.len, root, &out, &err), FR_EIO);
	assert_non_null(strstr(err, "template t.html:1: rendering takes over 100000 steps"));
	assert_string_equal(fr_buf_cstr(&out), "before");
	free(err);
	fr_buf_free(&out);
	fr_buf_free(&t);
	fr_tv_free(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_many_keys_and_items),
	    cmocka_unit_test(test_variables_escaped),
	    cmocka_unit_test(test_raw),
	    cmocka_unit_test(test_missing_is_empty),
	    cmocka_unit_test(test_whitespace_in_tags),
	    cmocka_unit_test(test_booleans),
	    cmocka_unit_test(test_list_of_objects),
	    cmocka_unit_test(test_list_of_strings),
	    cmocka_unit_test(test_nested_lists),
	    cmocka_unit_test(test_inverted),
	    cmocka_unit_test(test_string_sections),
	    cmocka_unit_test(test_object_sections),
	    cmocka_unit_test(test_same_name_nested),
	    cmocka_unit_test(test_dotted_names),
	    cmocka_unit_test(test_outer_fallback),
	    cmocka_unit_test(test_comments),
	    cmocka_unit_test(test_standalone),
	    cmocka_unit_test(test_partials),
	    cmocka_unit_test(test_partial_recursion),
	    cmocka_unit_test(test_error_unclosed_tags),
	    cmocka_unit_test(test_error_names),
	    cmocka_unit_test(test_error_sections),
	    cmocka_unit_test(test_error_partials),
	    cmocka_unit_test(test_error_nesting_depth),
	    cmocka_unit_test(test_error_details),
	    cmocka_unit_test(test_hostile_inputs),
	    cmocka_unit_test(test_page),
	    cmocka_unit_test(test_work_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
