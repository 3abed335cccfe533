/* chhttp.c: SQL to a ClickHouse server over HTTP with libcurl, answers read
 * as TabSeparatedWithNames row by row. */
#define _POSIX_C_SOURCE 200809L
#include "source/chhttp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/interrupt.h"
#include "base/templates.h"
#include "base/util.h"

/* The longest row an answer may have, and the most of an error body kept. */
#define CHHTTP_MAX_LINE (16u << 20)
#define CHHTTP_MAX_ERROR 8192
/* The most fields a row may have (dimensions and counts). */
#define CHHTTP_MAX_FIELDS 256
/* Seconds the request that kills a given-up query may take. */
#define CHHTTP_KILL_TIMEOUT 5

struct fr_chhttp {
	const struct fr_churl *u;
	struct fr_chhttp_opts o;
	CURL *curl;
	struct curl_slist *headers;
	char *kill_sql;
	int64_t seq;
	int last_code;
	struct fr_chhttp_stats stats;
};

/* One query's answer as it arrives. */
struct chhttp_answer {
	struct fr_chhttp *h;
	const char *what;
	fr_chhttp_row_fn fn;
	void *ctx;
	long status;          /* HTTP status, once known */
	struct fr_buf line;   /* the row being read */
	struct fr_buf body;   /* an error answer, its start */
	int64_t row;
	int rc;               /* the callback's or the parser's failure */
	char *err;
	int64_t decoded;
	char *fields_store[CHHTTP_MAX_FIELDS];
	size_t lens[CHHTTP_MAX_FIELDS];
};

static int chhttp_curl_ready;

int
fr_chhttp_new(const struct fr_churl *u, const struct fr_chhttp_opts *o, struct fr_chhttp **out,
              char **err)
{
	*out = NULL;
	if (!chhttp_curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return fr_fail(err, FR_EIO, "ClickHouse %s: libcurl cannot start", u->display);
		chhttp_curl_ready = 1;
	}
	struct fr_chhttp *h = fr_xcalloc(1, sizeof *h);
	h->u = u;
	h->o = *o;
	if (h->o.connect_timeout <= 0)
		h->o.connect_timeout = FR_CHHTTP_CONNECT_TIMEOUT;
	h->kill_sql = o->kill_sql ? fr_xstrdup(o->kill_sql) : NULL;
	h->curl = curl_easy_init();
	if (h->curl == NULL) {
		fr_chhttp_free(h);
		return fr_fail(err, FR_EIO, "ClickHouse %s: libcurl cannot make a handle", u->display);
	}
	/* the credentials in headers: never in a URL that a proxy or a log sees */
	struct fr_buf b = FR_BUF_INIT;
	h->headers = curl_slist_append(h->headers, "Content-Type: text/plain; charset=UTF-8");
	h->headers = curl_slist_append(h->headers, "Expect:");
	if (u->user != NULL) {
		fr_buf_printf(&b, "X-ClickHouse-User: %s", u->user);
		h->headers = curl_slist_append(h->headers, fr_buf_cstr(&b));
		fr_buf_clear(&b);
	}
	if (u->password != NULL) {
		fr_buf_printf(&b, "X-ClickHouse-Key: %s", u->password);
		h->headers = curl_slist_append(h->headers, fr_buf_cstr(&b));
		memset(b.ptr, 0, b.len);
	}
	fr_buf_free(&b);
	if (h->headers == NULL) {
		fr_chhttp_free(h);
		return fr_fail(err, FR_EIO, "ClickHouse %s: out of memory for the request headers", u->display);
	}
	*out = h;
	return FR_OK;
}

void
fr_chhttp_free(struct fr_chhttp *h)
{
	if (h == NULL)
		return;
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	for (struct curl_slist *s = h->headers; s != NULL; s = s->next)
		memset(s->data, 0, strlen(s->data)); /* the password is in one */
	curl_slist_free_all(h->headers);
	free(h->kill_sql);
	free(h);
}

int
fr_chhttp_last_code(const struct fr_chhttp *h)
{
	return h->last_code;
}

void
fr_chhttp_stats(const struct fr_chhttp *h, struct fr_chhttp_stats *out)
{
	*out = h->stats;
}

long
fr_chhttp_split(char *line, size_t len, char **fields, size_t *lens, size_t max)
{
	size_t n = 0;
	char *w = line, *start = line;
	for (size_t i = 0;; i++) {
		if (i == len || line[i] == '\t') {
			if (n == max)
				return -1;
			*w = '\0';
			fields[n] = start;
			lens[n] = (size_t)(w - start);
			n++;
			if (i == len)
				return (long)n;
			start = w = line + i + 1;
			continue;
		}
		if (line[i] != '\\') {
			*w++ = line[i];
			continue;
		}
		if (++i == len)
			return -1;
		switch (line[i]) {
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'r': *w++ = '\r'; break;
		case 'n': *w++ = '\n'; break;
		case 't': *w++ = '\t'; break;
		case '0': *w++ = '\0'; break;
		case '\'': *w++ = '\''; break;
		case '\\': *w++ = '\\'; break;
		default: return -1; /* \N (NULL) among them: no column of ours is Nullable */
		}
	}
}

/* The server's error text, one line: "Code: 60, e.displayText() =
 * DB::Exception: Table x doesn't exist., e.what() = DB::Exception" becomes
 * "Code: 60, DB::Exception: Table x doesn't exist."; *code its number. */
static char *
chhttp_server_message(const char *body, int *code)
{
	*code = 0;
	size_t n = strcspn(body, "\r\n");
	char *s = fr_xstrndup(body, n);
	/* "All connection tries failed. Log:" is followed by the tries: the
	 * first says which server and why */
	if (n >= 5 && strncmp(s + n - 5, "Log: ", 5) == 0) {
		const char *p = body + n;
		while (*p == '\r' || *p == '\n' || *p == ' ')
			p++;
		size_t m = strcspn(p, "\r\n");
		char *more = fr_xasprintf("%s%.*s", s, (int)m, p);
		free(s);
		s = more;
		char *inner = strstr(s + 6, ", e.displayText() = ");
		if (inner != NULL)
			memmove(inner + 2, inner + 20, strlen(inner + 20) + 1);
	}
	char *cut = strstr(s, ", e.what() = ");
	if (cut != NULL)
		*cut = '\0';
	char *dt = strstr(s, "e.displayText() = ");
	if (dt != NULL)
		memmove(dt, dt + 18, strlen(dt + 18) + 1);
	if (strncmp(s, "Code: ", 6) == 0)
		*code = atoi(s + 6);
	if (strlen(s) > 400)
		strcpy(s + 397, "...");
	return s;
}

/* Whether a server error means a table, database or column is missing. */
static int
chhttp_missing(int code)
{
	return code == 60 || code == 81 || code == 47 || code == 16;
}

/* Whether it means a server of the cluster could not be reached or went
 * away mid-query (a shard down, killed or frozen). */
static int
chhttp_lost(int code)
{
	return code == 32 || code == 209 || code == 210 || code == 279 || code == 394;
}

static int chhttp_fail(struct fr_chhttp *h, int status, char **err, const char *fmt, ...) FR_PRINTF(4, 5);

/* A message that begins with the server's URL and holds no secret. */
static int
chhttp_fail(struct fr_chhttp *h, int status, char **err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = fr_xvasprintf(fmt, ap);
	va_end(ap);
	char *clean = fr_churl_scrub(h->u, msg);
	int rc = fr_fail(err, status, "ClickHouse %s: %s", h->u->display, clean);
	free(clean);
	free(msg);
	return rc;
}

/* One whole line of a 200 answer. */
static int
chhttp_line(struct chhttp_answer *a, char *line, size_t len)
{
	/* an error after the rows began (without wait_end_of_query; here, a
	 * safeguard: a value that reads like one would need all of it) */
	if (strncmp(line, "Code: ", 6) == 0 && strstr(line, ", e.displayText() = ") != NULL &&
	    memchr(line, '\t', len) == NULL) {
		int code;
		char *msg = chhttp_server_message(line, &code);
		a->h->last_code = code;
		int rc = chhttp_fail(a->h, chhttp_missing(code) ? FR_EDATA : FR_EIO, &a->err, "%s: %s%s",
		                     a->what, chhttp_lost(code) ? "a server of the cluster is down or went away: " : "",
		                     msg);
		free(msg);
		return rc;
	}
	long n = fr_chhttp_split(line, len, a->fields_store, a->lens, CHHTTP_MAX_FIELDS);
	if (n < 0)
		return chhttp_fail(a->h, FR_EIO, &a->err, "%s: row %lld of the answer is not TabSeparated as "
		                                         "expected (a NULL, a bad escape or too many columns)",
		                   a->what, (long long)a->row);
	return a->fn(a->ctx, a->row++, a->fields_store, a->lens, (size_t)n, &a->err);
}

static size_t
chhttp_write(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct chhttp_answer *a = userdata;
	size_t n = size * nmemb;
	a->decoded += (int64_t)n;
	if (a->status == 0)
		curl_easy_getinfo(a->h->curl, CURLINFO_RESPONSE_CODE, &a->status);
	if (a->status != 200) {
		if (a->body.len < CHHTTP_MAX_ERROR)
			fr_buf_put(&a->body, data, n < CHHTTP_MAX_ERROR ? n : CHHTTP_MAX_ERROR);
		return n;
	}
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(data + i, '\n', n - i);
		size_t take = nl ? (size_t)(nl - (data + i)) : n - i;
		if (a->line.len + take > CHHTTP_MAX_LINE) {
			a->rc = chhttp_fail(a->h, FR_EIO, &a->err, "%s: a row of the answer is over %u MiB", a->what,
			                    CHHTTP_MAX_LINE >> 20);
			return 0;
		}
		fr_buf_put(&a->line, data + i, take);
		i += take;
		if (nl == NULL)
			break;
		i++; /* the line break */
		fr_buf_grow(&a->line, 1);
		a->rc = chhttp_line(a, a->line.ptr != NULL ? a->line.ptr : (char[]){""}, a->line.len);
		fr_buf_clear(&a->line);
		if (a->rc != FR_OK)
			return 0;
	}
	return n;
}

/* libcurl calls this while it waits, at least once a second: a signal
 * stops the query. */
static int
chhttp_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                curl_off_t ulnow)
{
	(void)userdata, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return fr_interrupt_pending() ? 1 : 0;
}

/* The URL of a request: the base, the database, the user's settings, ours. */
static char *
chhttp_url(const struct fr_chhttp *h, const char *query_id)
{
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_printf(&b, "%s?", h->u->base);
	if (h->u->database != NULL) {
		char *db = fr_churl_encode(h->u->database);
		fr_buf_printf(&b, "database=%s&", db);
		free(db);
	}
	if (h->u->settings[0] != '\0')
		fr_buf_printf(&b, "%s&", h->u->settings);
	/* wait_end_of_query: the status line waits for the end of the query, so
	 * that 200 means a whole answer */
	fr_buf_printf(&b, "default_format=TabSeparatedWithNames&wait_end_of_query=1"
	                  "&enable_http_compression=1&query_id=%s",
	              query_id);
	return fr_buf_detach(&b);
}

/* Ends query_id on the server, on a connection of its own; best effort. */
static void
chhttp_kill(struct fr_chhttp *h, const char *query_id)
{
	if (h->kill_sql == NULL)
		return;
	struct fr_buf id = FR_BUF_INIT, sql = FR_BUF_INIT;
	fr_escape_ch_string(&id, query_id);
	struct fr_subst s = {"query_id", fr_buf_cstr(&id)};
	char *kill_err = NULL;
	if (fr_templates_subst("sql/clickhouse_kill.sql", h->kill_sql, &s, 1, &sql, &kill_err) == FR_OK) {
		CURL *c = curl_easy_init();
		char *kid = fr_xasprintf("%s-kill", query_id);
		char *url = chhttp_url(h, kid);
		if (c != NULL) {
			curl_easy_setopt(c, CURLOPT_URL, url);
			curl_easy_setopt(c, CURLOPT_HTTPHEADER, h->headers);
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, fr_buf_cstr(&sql));
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)sql.len);
			curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
			curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)CHHTTP_KILL_TIMEOUT);
			curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CHHTTP_KILL_TIMEOUT);
			FILE *null = fopen("/dev/null", "w");
			if (null != NULL)
				curl_easy_setopt(c, CURLOPT_WRITEDATA, null);
			curl_easy_perform(c);
			if (null != NULL)
				fclose(null);
			curl_easy_cleanup(c);
		}
		free(url);
		free(kid);
	}
	free(kill_err);
	fr_buf_free(&id);
	fr_buf_free(&sql);
}

int
fr_chhttp_query(struct fr_chhttp *h, const char *what, const char *sql, fr_chhttp_row_fn fn,
                void *ctx, char **err)
{
	char query_id[64];
	snprintf(query_id, sizeof query_id, "funnel-report-%ld-%lld", (long)getpid(), (long long)++h->seq);
	char *url = chhttp_url(h, query_id);
	struct chhttp_answer a;
	memset(&a, 0, sizeof a);
	a.h = h, a.what = what, a.fn = fn, a.ctx = ctx;
	CURL *c = h->curl;
	char curl_err[CURL_ERROR_SIZE] = "";
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, sql);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(sql));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, chhttp_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)h->o.connect_timeout);
	if (h->o.timeout > 0)
		curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)h->o.timeout);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, chhttp_progress);
	h->last_code = 0;
	double t0 = fr_monotonic_seconds();
	CURLcode cc = curl_easy_perform(c);
	h->stats.seconds += fr_monotonic_seconds() - t0;
	h->stats.queries++;
	curl_off_t up = 0, down = 0;
	long reqsize = 0, hdrsize = 0;
	curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &up);
	curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &down);
	curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &reqsize);
	curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &hdrsize);
	h->stats.sent += (int64_t)up + reqsize;
	h->stats.received += (int64_t)down + hdrsize;
	h->stats.decoded += a.decoded;
	if (a.status == 0)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
	int rc = FR_OK;
	if (a.rc != FR_OK) {
		rc = a.rc; /* a row the callback refused, or an answer that is not one */
		if (err != NULL && *err == NULL)
			*err = a.err, a.err = NULL;
		chhttp_kill(h, query_id);
	} else if (cc == CURLE_ABORTED_BY_CALLBACK) {
		chhttp_kill(h, query_id);
		rc = fr_fail(err, FR_EINTR, "interrupted");
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		/* a reused connection has no connect time: whether the request
		 * went out tells a slow server from one never reached */
		curl_off_t sending = 0;
		curl_easy_getinfo(c, CURLINFO_PRETRANSFER_TIME_T, &sending);
		if (sending == 0) {
			rc = chhttp_fail(h, FR_EIO, err, "cannot connect within %lld s (--clickhouse-connect-timeout)",
			                 (long long)h->o.connect_timeout);
		} else {
			chhttp_kill(h, query_id);
			rc = chhttp_fail(h, FR_EIO, err,
			                 "%s: no whole answer within %lld s (--clickhouse-timeout); the query was "
			                 "killed (a server of the cluster may be frozen or overloaded)",
			                 what, (long long)h->o.timeout);
		}
	} else if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST) {
		rc = chhttp_fail(h, FR_EIO, err, "cannot connect: %s",
		                 curl_err[0] ? curl_err : curl_easy_strerror(cc));
	} else if (cc != CURLE_OK) {
		rc = chhttp_fail(h, FR_EIO, err, "%s: the connection failed: %s", what,
		                 curl_err[0] ? curl_err : curl_easy_strerror(cc));
	} else if (a.status == 401 || a.status == 403) {
		/* the server's own text names the user: not repeated here */
		int code;
		char *msg = chhttp_server_message(fr_buf_cstr(&a.body), &code);
		h->last_code = code;
		free(msg);
		rc = chhttp_fail(h, FR_EIO, err,
		                 "the server refused the login (HTTP %ld, Code %d): check the user and "
		                 "password (in the URL, or CLICKHOUSE_USER and CLICKHOUSE_PASSWORD)",
		                 a.status, code);
	} else if (a.status != 200) {
		int code;
		char *msg = chhttp_server_message(fr_buf_cstr(&a.body), &code);
		h->last_code = code;
		rc = chhttp_fail(h, chhttp_missing(code) ? FR_EDATA : FR_EIO, err, "%s: %s%s (HTTP %ld)", what,
		                 chhttp_lost(code) ? "a server of the cluster is down or went away: " : "",
		                 msg[0] ? msg : "no message", a.status);
		free(msg);
	} else if (a.line.len > 0) {
		rc = chhttp_fail(h, FR_EIO, err, "%s: the answer ends inside a row", what);
	} else if (a.row == 0) {
		rc = chhttp_fail(h, FR_EIO, err, "%s: an empty answer, not even the column names", what);
	}
	free(a.err);
	fr_buf_free(&a.line);
	fr_buf_free(&a.body);
	free(url);
	return rc;
}
