/* test_pagematch.c: steps as page names or glob patterns (pagematch.c):
 * the --steps syntax, what a pattern matches, and overlaps. */
#include "support.h"

#include "base/pagematch.h"
#include "base/util.h"

static void
parse_ok(const char *step, const char *name, const char *pages)
{
	char *n, *p, *err = NULL;
	assert_int_equal(fr_pagematch_parse(step, &n, &p, &err), FR_OK);
	assert_null(err);
	assert_string_equal(n, name);
	if (pages == NULL)
		assert_null(p);
	else
		assert_string_equal(p, pages);
	free(n);
	free(p);
}

static void
parse_bad(const char *step, const char *why)
{
	char *n, *p, *err = NULL;
	assert_int_equal(fr_pagematch_parse(step, &n, &p, &err), FR_EUSAGE);
	assert_non_null(err);
	assert_non_null(strstr(err, why));
	assert_non_null(strstr(err, step)); /* the message names the step as given */
	assert_null(n);
	assert_null(p);
	free(err);
}

static void
test_parse(void **state)
{
	(void)state;
	parse_ok("home", "home", NULL);
	parse_ok("a*b", "a*b", NULL); /* a bare name is a name, globs or not */
	parse_ok("home=/", "home", "/");
	parse_ok("cart=/cart|/basket", "cart", "/cart|/basket");
	parse_ok("pipe=/a\\|b|/c", "pipe", "/a\\|b|/c");
	parse_ok("eq=/x=1", "eq", "/x=1"); /* the first "=" splits */
	parse_bad("=/x", "no name");
	parse_bad("home=", "no page pattern");
	parse_bad("cart=/cart||/basket", "empty page pattern");
	parse_bad("cart=|/basket", "empty page pattern");
	parse_bad("cart=/cart|", "empty page pattern");
}

static void
test_split(void **state)
{
	(void)state;
	char **v;
	size_t n = fr_pagematch_split("/cart|/basket|/a\\|b|x\\", &v);
	assert_int_equal(n, 4);
	assert_string_equal(v[0], "/cart");
	assert_string_equal(v[1], "/basket");
	assert_string_equal(v[2], "/a\\|b"); /* the escape stays for fnmatch */
	assert_string_equal(v[3], "x\\");
	assert_null(v[4]);
	fr_strv_free(v, n);
	n = fr_pagematch_split("/", &v);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "/");
	fr_strv_free(v, n);
}

/* The example, with a bare step among the patterns. */
static char *const names[] = {"home", "search", "product", "cart", "about"};
static char *const pages[] = {"/", "/search*", "/product/*", "/cart|/basket", NULL};

static size_t
step_of(const struct fr_pagematch *m, const char *page)
{
	size_t other;
	size_t k = fr_pagematch_step(m, page, &other);
	assert_int_equal(other, 0);
	return k;
}

static void
test_match(void **state)
{
	(void)state;
	struct fr_pagematch *m = fr_pagematch_new(names, pages, 5);
	assert_int_equal(step_of(m, "/"), 1);
	assert_int_equal(step_of(m, "/?utm=1"), 0); /* the whole page, query string and all */
	assert_int_equal(step_of(m, ""), 0);
	assert_int_equal(step_of(m, "/search"), 2);
	assert_int_equal(step_of(m, "/search?q=x"), 2);
	assert_int_equal(step_of(m, "/search/deep/er"), 2); /* "*" crosses "/" */
	assert_int_equal(step_of(m, "/Search"), 0);         /* case counts */
	assert_int_equal(step_of(m, "/product/123"), 3);
	assert_int_equal(step_of(m, "/product/"), 3);
	assert_int_equal(step_of(m, "/product"), 0);
	assert_int_equal(step_of(m, "/cart"), 4);
	assert_int_equal(step_of(m, "/basket"), 4);
	assert_int_equal(step_of(m, "/basket/1"), 0);
	assert_int_equal(step_of(m, "about"), 5); /* bare: the page of its name */
	assert_int_equal(step_of(m, "/about"), 0);
	fr_pagematch_free(m);
	fr_pagematch_free(NULL);
}

static void
test_glob_syntax(void **state)
{
	(void)state;
	char *const n[] = {"one", "set", "lit", "pipe", "star"};
	char *const p[] = {"/p?", "/id/[0-9][0-9]", "/a\\*", "/x\\|y", "a*"};
	struct fr_pagematch *m = fr_pagematch_new(n, p, 5);
	assert_int_equal(step_of(m, "/p1"), 1);
	assert_int_equal(step_of(m, "/p12"), 0);
	assert_int_equal(step_of(m, "/p\xc3\xa9"), 0); /* "?" is one byte: an e-acute is two */
	assert_int_equal(step_of(m, "/id/42"), 2);
	assert_int_equal(step_of(m, "/id/4x"), 0);
	assert_int_equal(step_of(m, "/a*"), 3);
	assert_int_equal(step_of(m, "/ab"), 0);
	assert_int_equal(step_of(m, "/x|y"), 4);
	assert_int_equal(step_of(m, "/x"), 0);
	fr_pagematch_free(m);
	/* without patterns at all, every step is its name, globs included */
	char *const bare[] = {"a*", "b"};
	m = fr_pagematch_new(bare, NULL, 2);
	assert_int_equal(step_of(m, "a*"), 1);
	assert_int_equal(step_of(m, "ab"), 0);
	assert_int_equal(step_of(m, "b"), 2);
	fr_pagematch_free(m);
}

static void
test_overlap(void **state)
{
	(void)state;
	char *const n[] = {"search", "product", "deals", "sale"};
	char *const p[] = {"/search*", "/product/*|/search/product/*", "/deals*", NULL};
	struct fr_pagematch *m = fr_pagematch_new(n, p, 4);
	size_t other;
	assert_int_equal(fr_pagematch_step(m, "/search/product/1", &other), 1);
	assert_int_equal(other, 2);
	assert_int_equal(fr_pagematch_step(m, "/product/1", &other), 2);
	assert_int_equal(other, 0);
	assert_int_equal(fr_pagematch_step(m, "sale", &other), 4);
	assert_int_equal(other, 0);
	fr_pagematch_free(m);
	/* a bare name and a pattern can overlap too */
	char *const n2[] = {"a", "b"};
	char *const p2[] = {NULL, "a*"};
	m = fr_pagematch_new(n2, p2, 2);
	assert_int_equal(fr_pagematch_step(m, "a", &other), 1);
	assert_int_equal(other, 2);
	assert_int_equal(fr_pagematch_step(m, "ab", &other), 2);
	assert_int_equal(other, 0);
	fr_pagematch_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),   cmocka_unit_test(test_split),
	    cmocka_unit_test(test_match),   cmocka_unit_test(test_glob_syntax),
	    cmocka_unit_test(test_overlap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
