/* churl.c: the --clickhouse URL, split into where, which database and who. */
#include "source/churl.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/util.h"

/* Query parameters of the HTTP interface that funnel-report sets itself. */
static const char *const churl_ours[] = {"query", "default_format", "wait_end_of_query", "query_id",
                                         "session_id", "enable_http_compression", NULL};

static int
churl_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* s[0..n) percent-decoded (and '+' as a space in a query, as the server
 * reads it) into *out; -1 for a bad escape, a NUL or a control character. */
static int
churl_decode(const char *s, size_t n, int query, char **out)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '%') {
			int hi = i + 1 < n ? churl_hex((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < n ? churl_hex((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				fr_buf_free(&b);
				return -1;
			}
			c = hi * 16 + lo;
			i += 2;
		} else if (c == '+' && query) {
			c = ' ';
		}
		if (c < 0x20 || c == 0x7f) {
			fr_buf_free(&b);
			return -1;
		}
		fr_buf_putc(&b, (char)c);
	}
	*out = fr_buf_detach(&b);
	return 0;
}

char *
fr_churl_encode(const char *s)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~')
			fr_buf_putc(&b, (char)*p);
		else
			fr_buf_printf(&b, "%%%02X", *p);
	}
	return fr_buf_detach(&b);
}

static int
churl_host_ok(const char *h, size_t n)
{
	if (n == 0)
		return 0;
	if (h[0] == '[') { /* [IPv6] */
		if (n < 3 || h[n - 1] != ']')
			return 0;
		for (size_t i = 1; i + 1 < n; i++)
			if (churl_hex((unsigned char)h[i]) < 0 && h[i] != ':' && h[i] != '.')
				return 0;
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = h[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

static int
churl_fail(struct fr_churl *u, char **err, const char *why)
{
	fr_churl_free(u);
	return fr_fail(err, FR_EUSAGE, "--clickhouse: %s", why);
}

/* One query parameter k=v (not empty). */
static int
churl_param(struct fr_churl *u, const char *p, size_t n, struct fr_buf *settings, char **err,
            int *failed)
{
	const char *eq = memchr(p, '=', n);
	size_t klen = eq ? (size_t)(eq - p) : n;
	char *key = NULL, *value = NULL;
	*failed = 0;
	if (churl_decode(p, klen, 1, &key) != 0) {
		*failed = 1;
		return churl_fail(u, err, "a query parameter's name has a bad %-escape or a control character");
	}
	const char *raw = eq ? eq + 1 : p + n;
	size_t rawlen = (size_t)(p + n - raw);
	if (churl_decode(raw, rawlen, 1, &value) != 0) {
		int secret = strcmp(key, "password") == 0 || strcmp(key, "user") == 0;
		char *why = fr_xasprintf("the value of query parameter %s has a bad %%-escape or a control "
		                         "character",
		                         secret ? "user or password" : "database or a setting");
		free(key);
		*failed = 1;
		int rc = churl_fail(u, err, why);
		free(why);
		return rc;
	}
	int rc = FR_OK;
	if (strcmp(key, "database") == 0) {
		free(u->database);
		u->database = value;
		value = NULL;
	} else if (strcmp(key, "user") == 0) {
		if (u->user == NULL) {
			u->user = value;
			value = NULL;
		}
	} else if (strcmp(key, "password") == 0) {
		if (u->password == NULL) {
			u->password = value;
			u->password_raw = fr_xstrndup(raw, rawlen);
			value = NULL;
		}
	} else {
		for (const char *const *o = churl_ours; *o != NULL; o++)
			if (strcmp(key, *o) == 0) {
				char *why = fr_xasprintf("query parameter %s is set by funnel-report itself", *o);
				free(key);
				free(value);
				*failed = 1;
				rc = churl_fail(u, err, why);
				free(why);
				return rc;
			}
		fr_buf_printf(settings, "%s%.*s", settings->len ? "&" : "", (int)n, p);
	}
	free(key);
	free(value);
	return rc;
}

int
fr_churl_parse(const char *url, const char *env_user, const char *env_password,
               struct fr_churl **out, char **err)
{
	*out = NULL;
	struct fr_churl *u = fr_xcalloc(1, sizeof *u);
	const char *p;
	if (strncasecmp(url, "http://", 7) == 0) {
		p = url + 7;
	} else if (strncasecmp(url, "https://", 8) == 0) {
		p = url + 8;
		u->https = true;
	} else {
		return churl_fail(u, err, "expected a URL of the server's HTTP interface, "
		                          "http://host:8123/?database=NAME (or https://)");
	}
	if (strchr(p, '#') != NULL)
		return churl_fail(u, err, "a #fragment has no meaning here (in a password, write # as %23)");
	for (const char *q = url; *q; q++)
		if ((unsigned char)*q <= 0x20 || (unsigned char)*q >= 0x7f)
			return churl_fail(u, err, "a space, a control or a non-ASCII character in the URL "
			                          "(percent-encode it)");
	size_t alen = strcspn(p, "/?");
	const char *auth = p, *at = NULL;
	for (const char *q = auth; q < auth + alen; q++)
		if (*q == '@')
			at = q;
	const char *host = auth;
	if (at != NULL) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		size_t ulen = colon ? (size_t)(colon - auth) : (size_t)(at - auth);
		if (churl_decode(auth, ulen, 0, &u->user) != 0)
			return churl_fail(u, err, "the user name or password has a bad %-escape or a control character");
		if (colon != NULL) {
			u->password_raw = fr_xstrndup(colon + 1, (size_t)(at - colon - 1));
			if (churl_decode(colon + 1, (size_t)(at - colon - 1), 0, &u->password) != 0)
				return churl_fail(u, err,
				                  "the user name or password has a bad %-escape or a control character");
		}
		if (u->user[0] == '\0') {
			free(u->user);
			u->user = NULL;
		}
		host = at + 1;
	}
	size_t hplen = (size_t)(auth + alen - host);
	const char *portp = NULL;
	size_t hlen = hplen;
	if (hplen > 0 && host[0] == '[') {
		const char *close = memchr(host, ']', hplen);
		if (close == NULL)
			return churl_fail(u, err, "an IPv6 host needs its closing ]");
		hlen = (size_t)(close - host) + 1;
		if (hlen < hplen) {
			if (host[hlen] != ':')
				return churl_fail(u, err, "after an IPv6 host only :PORT may follow");
			portp = host + hlen + 1;
		}
	} else {
		const char *colon = memchr(host, ':', hplen);
		if (colon != NULL) {
			hlen = (size_t)(colon - host);
			portp = colon + 1;
		}
	}
	if (!churl_host_ok(host, hlen))
		return churl_fail(u, err, "the host is missing or not a host name or address (percent-encode "
		                          "/ ? # @ : in a user name or password)");
	if (portp != NULL) {
		size_t plen = (size_t)(host + hplen - portp);
		int64_t port;
		char *ps = fr_xstrndup(portp, plen);
		int bad = fr_parse_i64(ps, 1, 65535, &port) != 0;
		free(ps);
		if (bad)
			return churl_fail(u, err, "the port is not a number from 1 to 65535 (percent-encode / ? # @ : "
			                          "in a user name or password)");
	}
	p = auth + alen;
	size_t pathlen = strcspn(p, "?");
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_printf(&b, "%s%.*s%.*s", u->https ? "https://" : "http://", (int)hplen, host, (int)pathlen, p);
	if (pathlen == 0)
		fr_buf_putc(&b, '/');
	u->base = fr_buf_detach(&b);
	p += pathlen;
	struct fr_buf settings = FR_BUF_INIT;
	fr_buf_puts(&settings, "");
	if (*p == '?') {
		p++;
		while (*p) {
			size_t n = strcspn(p, "&");
			int failed = 0;
			if (n > 0) {
				int rc = churl_param(u, p, n, &settings, err, &failed);
				if (failed) {
					fr_buf_free(&settings);
					return rc;
				}
			}
			p += n + (p[n] == '&');
		}
	}
	u->settings = fr_buf_detach(&settings);
	if (u->user == NULL && env_user != NULL && *env_user != '\0')
		u->user = fr_xstrdup(env_user);
	if (u->password == NULL && env_password != NULL && *env_password != '\0')
		u->password = fr_xstrdup(env_password);
	const char *cred[2] = {u->user, u->password};
	for (int i = 0; i < 2; i++)
		for (const char *q = cred[i]; q != NULL && *q; q++)
			if ((unsigned char)*q < 0x20 || *q == 0x7f)
				return churl_fail(u, err, "a control character in the user name or password");
	if (u->database != NULL && u->database[0] == '\0')
		return churl_fail(u, err, "database= is empty");
	b = (struct fr_buf)FR_BUF_INIT;
	fr_buf_puts(&b, u->base);
	if (u->database != NULL) {
		char *enc = fr_churl_encode(u->database);
		fr_buf_printf(&b, "?database=%s", enc);
		free(enc);
	}
	if (u->settings[0] != '\0')
		fr_buf_printf(&b, "%c%s", u->database != NULL ? '&' : '?', u->settings);
	u->display = fr_buf_detach(&b);
	*out = u;
	return FR_OK;
}

void
fr_churl_free(struct fr_churl *u)
{
	if (u == NULL)
		return;
	free(u->base);
	free(u->display);
	free(u->database);
	free(u->settings);
	free(u->user);
	if (u->password != NULL)
		memset(u->password, 0, strlen(u->password));
	free(u->password);
	free(u->password_raw);
	free(u);
}

/* msg with every needle replaced by "***". */
static char *
churl_replace(const char *msg, const char *needle)
{
	size_t n = strlen(needle);
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "");
	for (const char *p = msg; *p;) {
		const char *hit = n ? strstr(p, needle) : NULL;
		if (hit == NULL) {
			fr_buf_puts(&b, p);
			break;
		}
		fr_buf_put(&b, p, (size_t)(hit - p));
		fr_buf_puts(&b, "***");
		p = hit + n;
	}
	return fr_buf_detach(&b);
}

char *
fr_churl_scrub(const struct fr_churl *u, const char *msg)
{
	char *s = fr_xstrdup(msg);
	const char *secrets[2] = {u->password, u->password_raw};
	for (int i = 0; i < 2; i++) {
		if (secrets[i] == NULL || secrets[i][0] == '\0')
			continue;
		char *t = churl_replace(s, secrets[i]);
		free(s);
		s = t;
	}
	return s;
}
