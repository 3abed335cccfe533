/* fuzz_chwire.c: what funnel-report reads from the --clickhouse side on any
 * bytes: the first line as a URL (churl.c), the rest as the rows of an
 * answer (chhttp.c's TabSeparated splitter). A URL that parses has a base
 * of its own scheme and a display free of the password; one that does not
 * has a message; a row splits into fields that fit in it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "source/chhttp.h"
#include "source/churl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t ulen = nl ? (size_t)(nl - (const char *)data) : size;
	char *url = malloc(ulen + 1);
	memcpy(url, data, ulen);
	url[ulen] = '\0';
	struct fr_churl *u = NULL;
	char *err = NULL;
	if (fr_churl_parse(url, "env-user", "env-password", &u, &err) == 0) {
		if (strncmp(u->base, u->https ? "https://" : "http://", u->https ? 8 : 7) != 0)
			abort();
		char *s = fr_churl_scrub(u, u->password);
		if (strcmp(s, "***") != 0)
			abort();
		free(s);
		/* a password that the display holds must be one the URL shows outside its user info */
		if (u->password_raw != NULL && strlen(u->password) > 4 && strstr(u->display, u->password) != NULL &&
		    strstr(strchr(url, '@') ? strchr(url, '@') : url, u->password) == NULL)
			abort();
	} else if (err == NULL) {
		abort();
	}
	fr_churl_free(u);
	free(err);
	free(url);
	/* the rest, line by line, as rows */
	const char *p = nl ? nl + 1 : (const char *)data + size, *end = (const char *)data + size;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
		char *line = malloc(n + 1);
		memcpy(line, p, n);
		char *fields[8];
		size_t lens[8];
		long got = fr_chhttp_split(line, n, fields, lens, 8);
		for (long i = 0; i < got; i++)
			if (lens[i] > n || fields[i] < line || fields[i] + lens[i] > line + n)
				abort();
		free(line);
		p += n + 1;
	}
	return 0;
}
