/* postgres.c: the OLTP store read from a live PostgreSQL database with libpq. */
#define _POSIX_C_SOURCE 200809L
#include "source/postgres.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/interrupt.h"
#include "base/timestamp.h"
#include "source/userscsv.h"
#include "base/util.h"

/* How often a wait looks at the signal flag, in milliseconds. */
#define PG_POLL_MS 100
/* How many times a second the pacing looks at the clock, at most. */
#define PG_PACE_CHECKS 50

/* Built-in type OIDs (PostgreSQL's pg_type.dat); they never change. */
#define PG_BYTEA 17U
#define PG_INT8 20U
#define PG_INT2 21U
#define PG_INT4 23U
#define PG_DATE 1082U
#define PG_TIMESTAMP 1114U
#define PG_TIMESTAMPTZ 1184U
#define PG_UUID 2950U

/* What a column must hold. */
enum pg_kind { PG_ID, PG_TIME, PG_TEXT, PG_ANY };

static const char *const pg_kind_want[] = {
    [PG_ID] = "text, varchar, smallint, integer, bigint or uuid",
    [PG_TIME] = "timestamp, timestamptz, date or ISO 8601 text",
    [PG_TEXT] = "text or varchar",
    [PG_ANY] = "any type but bytea",
};

struct pg_col {
	char *name;
	char *type;    /* as format_type names it, for messages */
	unsigned oid;  /* the base type, domains resolved */
	char category; /* pg_type.typcategory of the base type: 'S' for strings */
};

struct pg_table {
	const char *name; /* users, events or steps, as looked up on the search_path */
	char *qualified;  /* "schema"."table", quoted */
	char relkind;
	struct pg_col *cols;
	size_t ncols;
};

/* Strings that must never reach a message: the password as written and as meant. */
struct pg_secrets {
	char **v;
	size_t n;
};

struct pg {
	const char *conninfo;
	const struct fr_postgres_opts *o;
	char *name; /* fr_postgres_display: the prefix of every message */
	struct pg_secrets secrets;
	PGconn *conn;
	const struct fr_rows *out; /* where the rows go */
	struct fr_badrows *bad;
	char **err;
	int64_t rows;      /* rows handed over so far, for the pacing */
	int64_t pace_next; /* the row count at which the pacing next looks at the clock */
	double t0;         /* when the first row was asked for */
};

/* ---- secrets and messages ------------------------------------------------ */

static int
pg_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
pg_secrets_add(struct pg_secrets *s, const char *p, size_t len)
{
	if (len == 0)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == len && memcmp(s->v[i], p, len) == 0)
			return;
	/* longest first, so a secret inside another is not replaced first */
	size_t at = 0;
	while (at < s->n && strlen(s->v[at]) >= len)
		at++;
	s->v = fr_xreallocarray(s->v, s->n + 1, sizeof *s->v);
	memmove(&s->v[at + 1], &s->v[at], (s->n - at) * sizeof *s->v);
	s->v[at] = fr_xstrndup(p, len);
	s->n++;
}

/* A raw value and its %XX-decoded form (URIs) or \-unescaped form (keyword values). */
static void
pg_secrets_add_decoded(struct pg_secrets *s, const char *p, size_t len, int uri)
{
	pg_secrets_add(s, p, len);
	char *d = fr_xmalloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (uri && p[i] == '%' && i + 2 < len && pg_hex((unsigned char)p[i + 1]) >= 0 &&
		    pg_hex((unsigned char)p[i + 2]) >= 0) {
			d[n++] = (char)(pg_hex((unsigned char)p[i + 1]) * 16 +
			                pg_hex((unsigned char)p[i + 2]));
			i += 2;
		} else if (!uri && p[i] == '\\' && i + 1 < len) {
			d[n++] = p[++i];
		} else {
			d[n++] = p[i];
		}
	}
	pg_secrets_add(s, d, n);
	free(d);
}

/*
 * Collects the password as the connection string writes it, found by its
 * syntax alone (so even a string libpq rejects, and echoes in its message,
 * can be scrubbed), as libpq reads it, and from PGPASSWORD.
 */
static void
pg_secrets_collect(struct pg_secrets *s, const char *ci)
{
	size_t pre = 0;
	if (strncmp(ci, "postgresql://", 13) == 0)
		pre = 13;
	else if (strncmp(ci, "postgres://", 11) == 0)
		pre = 11;
	if (pre > 0) {
		/* userinfo: up to the first '@' before any '/', as libpq reads it */
		const char *a = ci + pre, *e = a + strcspn(a, "@/");
		if (*e == '@') {
			const char *colon = memchr(a, ':', (size_t)(e - a));
			if (colon != NULL)
				pg_secrets_add_decoded(s, colon + 1, (size_t)(e - colon - 1), 1);
		}
		const char *q = strchr(ci + pre, '?');
		while (q != NULL) {
			q++;
			size_t len = strcspn(q, "&");
			if (len > 9 && strncmp(q, "password=", 9) == 0)
				pg_secrets_add_decoded(s, q + 9, len - 9, 1);
			q = q[len] == '&' ? q + len : NULL;
		}
	} else {
		/* keyword = value pairs; values quoted with '' or bare, \ escaping */
		const char *p = ci;
		for (;;) {
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
			       *p == '\v')
				p++;
			if (*p == '\0')
				break;
			const char *k = p;
			while (*p != '\0' && *p != '=' && *p != ' ' && *p != '\t' && *p != '\n')
				p++;
			size_t klen = (size_t)(p - k);
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			if (*p != '=')
				continue;
			p++;
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			const char *v = p;
			if (*p == '\'') {
				v = ++p;
				while (*p != '\0' && *p != '\'')
					p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
			} else {
				while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
					p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
			}
			if (klen == 8 && strncmp(k, "password", 8) == 0)
				pg_secrets_add_decoded(s, v, (size_t)(p - v), 0);
			if (*p == '\'')
				p++;
		}
	}
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(ci, &msg);
	for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
		if (o->val != NULL &&
		    (strcmp(o->keyword, "password") == 0 || strcmp(o->keyword, "sslpassword") == 0))
			pg_secrets_add(s, o->val, strlen(o->val));
	PQconninfoFree(opts);
	PQfreemem(msg);
	const char *env = getenv("PGPASSWORD");
	if (env != NULL)
		pg_secrets_add(s, env, strlen(env));
}

static void
pg_secrets_free(struct pg_secrets *s)
{
	fr_strv_free(s->v, s->n);
	s->v = NULL;
	s->n = 0;
}

/* msg with every secret replaced by "***". */
static char *
pg_redact(const struct pg_secrets *s, const char *msg)
{
	char *cur = fr_xstrdup(msg);
	for (size_t i = 0; i < s->n; i++) {
		const char *sec = s->v[i];
		size_t slen = strlen(sec);
		if (strstr(cur, sec) == NULL)
			continue;
		struct fr_buf b = FR_BUF_INIT;
		const char *p = cur, *hit;
		while ((hit = strstr(p, sec)) != NULL) {
			fr_buf_put(&b, p, (size_t)(hit - p));
			fr_buf_puts(&b, "***");
			p = hit + slen;
		}
		fr_buf_puts(&b, p);
		free(cur);
		cur = fr_buf_detach(&b);
	}
	return cur;
}

/*
 * One line: libpq's and the server's lines joined with "; " (or a space
 * where a line goes on with a lower-case word), runs of blanks as one space.
 */
static char *
pg_one_line(const char *msg)
{
	struct fr_buf b = FR_BUF_INIT;
	int line_start = 1, blank = 0;
	for (const char *p = msg; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n' || c == '\r') {
			line_start = 1;
			continue;
		}
		if (c == ' ' || c == '\t' || c < 0x20) {
			blank = 1;
			continue;
		}
		if (line_start && b.len > 0)
			fr_buf_puts(&b, c >= 'a' && c <= 'z' ? " " : "; ");
		else if (blank && b.len > 0)
			fr_buf_putc(&b, ' ');
		line_start = blank = 0;
		fr_buf_putc(&b, (char)c);
	}
	return fr_buf_detach(&b);
}

/* Fails with "NAME: message", on one line and without secrets. */
static int pg_fail(struct pg *pg, int status, const char *fmt, ...) FR_PRINTF(3, 4);
static int
pg_fail(struct pg *pg, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = fr_xvasprintf(fmt, ap);
	va_end(ap);
	char *red = pg_redact(&pg->secrets, msg);
	char *line = pg_one_line(red);
	char *clean = pg_redact(&pg->secrets, line);
	int rc = fr_fail(pg->err, status, "%s: %s", pg->name, clean);
	free(msg);
	free(red);
	free(line);
	free(clean);
	return rc;
}

/* The connection's own error (lost, refused, out of memory): an I/O error. */
static int
pg_fail_conn(struct pg *pg, const char *what)
{
	const char *m = pg->conn != NULL ? PQerrorMessage(pg->conn) : "";
	return pg_fail(pg, FR_EIO, "%s: %s", what, *m != '\0' ? m : "the connection failed");
}

/*
 * The status of a server error by its SQLSTATE: the data or the schema
 * (class 22, data exception; class 42, a missing table or column, but not
 * 42501, permission denied) is bad input; everything else (permissions, a
 * cancelled statement, the server shutting down, a lost connection) is I/O.
 */
static int
pg_status_of(const char *state)
{
	if (state == NULL || strlen(state) != 5)
		return FR_EIO;
	if (strncmp(state, "22", 2) == 0)
		return FR_EDATA;
	if (strncmp(state, "42", 2) == 0 && strcmp(state, "42501") != 0)
		return FR_EDATA;
	return FR_EIO;
}

static int
pg_fail_result(struct pg *pg, const PGresult *res, const char *what)
{
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (msg == NULL && res != NULL && *PQresultErrorMessage(res) != '\0')
		msg = PQresultErrorMessage(res);
	if (msg == NULL)
		msg = PQerrorMessage(pg->conn);
	if (*msg == '\0')
		msg = "the server gave no reason";
	char hint[96] = "";
	if (state != NULL && strcmp(state, "57014") == 0 && pg->o->timeout > 0)
		snprintf(hint, sizeof hint,
		         " (the statement timeout is %lld s; see --oltp-timeout)",
		         (long long)pg->o->timeout);
	return pg_fail(pg, pg_status_of(state), "%s: %s%s", what, msg, hint);
}

/* libpq prints notices to stderr; a module never prints. */
static void
pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* ---- connection strings ------------------------------------------------------ */

int
fr_postgres_is_conninfo(const char *s)
{
	if (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0)
		return 1;
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	const char *k = p;
	while ((*p >= 'a' && *p <= 'z') || *p == '_')
		p++;
	size_t klen = (size_t)(p - k);
	while (*p == ' ' || *p == '\t')
		p++;
	if (klen == 0 || klen > 64 || *p != '=')
		return 0;
	/* a keyword is whatever libpq takes as one */
	char probe[80];
	snprintf(probe, sizeof probe, "%.*s=''", (int)klen, k);
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(probe, &msg);
	PQfreemem(msg);
	PQconninfoFree(opts);
	return opts != NULL;
}

int
fr_postgres_check(const char *conninfo, char **err)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &msg);
	if (opts != NULL) {
		PQconninfoFree(opts);
		return FR_OK;
	}
	struct pg_secrets s = {NULL, 0};
	pg_secrets_collect(&s, conninfo);
	char *red = pg_redact(&s, msg != NULL ? msg : "out of memory");
	char *line = pg_one_line(red);
	int rc =
	    fr_fail(err, FR_EUSAGE, "--oltp: not a valid PostgreSQL connection string: %s", line);
	free(red);
	free(line);
	pg_secrets_free(&s);
	PQfreemem(msg);
	return rc;
}

/* Percent-encodes s for a URI; ',' stays (it separates hosts). */
static void
pg_uri_put(struct fr_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~,", *p) != NULL)
			fr_buf_putc(b, (char)*p);
		else
			fr_buf_printf(b, "%%%02X", *p);
	}
}

char *
fr_postgres_display(const char *conninfo)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &msg);
	PQfreemem(msg);
	if (opts == NULL)
		return fr_xstrdup("postgresql (a malformed connection string)");
	const char *user = NULL, *host = NULL, *hostaddr = NULL, *port = NULL, *db = NULL,
	           *service = NULL;
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++) {
		const char *v = o->val != NULL && *o->val != '\0' ? o->val : NULL;
		if (strcmp(o->keyword, "user") == 0)
			user = v;
		else if (strcmp(o->keyword, "host") == 0)
			host = v;
		else if (strcmp(o->keyword, "hostaddr") == 0)
			hostaddr = v;
		else if (strcmp(o->keyword, "port") == 0)
			port = v;
		else if (strcmp(o->keyword, "dbname") == 0)
			db = v;
		else if (strcmp(o->keyword, "service") == 0)
			service = v;
	}
	struct fr_buf b = FR_BUF_INIT;
	fr_buf_puts(&b, "postgresql://");
	if (user != NULL) {
		pg_uri_put(&b, user);
		fr_buf_putc(&b, '@');
	}
	const char *h = host != NULL ? host : hostaddr;
	if (h != NULL) {
		int v6 = strchr(h, ':') != NULL && strchr(h, '/') == NULL && strchr(h, ',') == NULL;
		if (v6)
			fr_buf_putc(&b, '[');
		pg_uri_put(&b, h);
		if (v6)
			fr_buf_putc(&b, ']');
	}
	int port_list = port != NULL && strchr(port, ',') != NULL;
	if (port != NULL && !port_list) {
		fr_buf_putc(&b, ':');
		pg_uri_put(&b, port);
	}
	if (db != NULL) {
		fr_buf_putc(&b, '/');
		pg_uri_put(&b, db);
	}
	const char *sep = "?";
	if (port_list) {
		fr_buf_printf(&b, "%sport=", sep);
		pg_uri_put(&b, port);
		sep = "&";
	}
	if (service != NULL) {
		fr_buf_printf(&b, "%sservice=", sep);
		pg_uri_put(&b, service);
	}
	PQconninfoFree(opts);
	return fr_buf_detach(&b);
}

/* ---- waiting, interruptibly -------------------------------------------------- */

/* Waits until the socket is readable (or writable), a signal came, or deadline (0: none). */
static int
pg_wait(struct pg *pg, int for_write, double deadline, const char *what)
{
	for (;;) {
		if (fr_interrupt_pending())
			return fr_fail(pg->err, FR_EINTR, "interrupted");
		int ms = PG_POLL_MS;
		if (deadline > 0) {
			double left = deadline - fr_monotonic_seconds();
			if (left <= 0)
				return pg_fail(
				    pg, FR_EIO,
				    "%s: no answer from the server in time (connect_timeout)",
				    what);
			if (left * 1000 < ms)
				ms = (int)(left * 1000) + 1;
		}
		struct pollfd p = {PQsocket(pg->conn), (short)(for_write ? POLLOUT : POLLIN), 0};
		if (p.fd < 0)
			return pg_fail_conn(pg, what);
		int n = poll(&p, 1, ms);
		if (n > 0)
			return FR_OK;
		if (n < 0 && errno != EINTR)
			return pg_fail(pg, FR_EIO, "%s: %s", what, strerror(errno));
	}
}

/* The next result of the query in flight (NULL after the last), waiting interruptibly. */
static int
pg_next_result(struct pg *pg, const char *what, PGresult **out)
{
	*out = NULL;
	while (PQisBusy(pg->conn)) {
		int rc = pg_wait(pg, 0, 0, what);
		if (rc != FR_OK)
			return rc;
		/* a connection that failed still yields its result: the error, and
		 * the server's own reason if it said one before it went */
		if (!PQconsumeInput(pg->conn))
			break;
	}
	*out = PQgetResult(pg->conn);
	return FR_OK;
}

/*
 * Runs sql (params: n text values, or none) and checks that every result
 * has status want; *out (if not NULL) gets the last result, which the
 * caller clears.
 */
static int
pg_query(struct pg *pg, const char *sql, int n, const char *const *params, ExecStatusType want,
         const char *what, PGresult **out)
{
	int sent = n > 0 ? PQsendQueryParams(pg->conn, sql, n, NULL, params, NULL, NULL, 0)
	                 : PQsendQuery(pg->conn, sql);
	if (!sent)
		return pg_fail_conn(pg, what);
	int rc = FR_OK;
	PGresult *last = NULL;
	for (;;) {
		PGresult *res;
		int wr = pg_next_result(pg, what, &res);
		if (wr != FR_OK)
			rc = wr;
		if (res == NULL)
			break;
		if (rc == FR_OK && PQresultStatus(res) != want)
			rc = pg_fail_result(pg, res, what);
		PQclear(last);
		last = res;
		/* in COPY, libpq hands the COPY result out again and again: the rows come next */
		if (wr != FR_OK || PQresultStatus(res) == PGRES_COPY_OUT)
			break;
	}
	if (rc == FR_OK && out != NULL)
		*out = last;
	else
		PQclear(last);
	return rc;
}

/* ---- connecting ---------------------------------------------------------------- */

static int
pg_connect(struct pg *pg)
{
	const char *keys[10], *vals[10];
	size_t k = 0;
	char ct[24];
	snprintf(ct, sizeof ct, "%d", FR_POSTGRES_CONNECT_TIMEOUT);
	const char *pairs[][2] = {
	    /* ours first: what the connection string gives wins over them */
	    {"application_name", "funnel-report"},
	    {"connect_timeout", getenv("PGCONNECT_TIMEOUT") == NULL ? ct : NULL},
	    {"keepalives_idle", "60"},
	    {"keepalives_interval", "10"},
	    {"dbname", pg->conninfo}, /* expanded as a connection string */
	    /* then what we cannot do without: rows in UTF-8 */
	    {"client_encoding", "UTF8"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		if (pairs[i][1] == NULL)
			continue;
		keys[k] = pairs[i][0];
		vals[k++] = pairs[i][1];
	}
	keys[k] = NULL;
	vals[k] = NULL;
	pg->conn = PQconnectStartParams(keys, vals, 1);
	if (pg->conn == NULL)
		return pg_fail(pg, FR_EIO, "cannot connect: out of memory");
	PQsetNoticeProcessor(pg->conn, pg_notice, NULL);
	if (PQstatus(pg->conn) == CONNECTION_BAD)
		return pg_fail_conn(pg, "cannot connect");

	/* PQconnectPoll leaves connect_timeout to us: per host, as libpq counts it */
	double deadline = 0;
	int64_t secs = 0, hosts = 1;
	PQconninfoOption *eff = PQconninfo(pg->conn);
	for (PQconninfoOption *o = eff; o != NULL && o->keyword != NULL; o++) {
		if (o->val == NULL)
			continue;
		if (strcmp(o->keyword, "connect_timeout") == 0 &&
		    fr_parse_i64(o->val, INT32_MIN, INT32_MAX, &secs) != 0)
			secs = 0;
		if (strcmp(o->keyword, "host") == 0)
			for (const char *c = o->val; *c != '\0'; c++)
				hosts += *c == ',';
	}
	PQconninfoFree(eff);
	if (secs > 0)
		deadline = fr_monotonic_seconds() + (double)(secs < 2 ? 2 : secs) * (double)hosts;

	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	for (;;) {
		if (st == PGRES_POLLING_OK)
			break;
		if (st == PGRES_POLLING_FAILED)
			return pg_fail_conn(pg, "cannot connect");
		int rc = pg_wait(pg, st == PGRES_POLLING_WRITING, deadline, "cannot connect");
		if (rc != FR_OK)
			return rc;
		st = PQconnectPoll(pg->conn);
	}
	return FR_OK;
}

/*
 * Session settings that make the rows' text ours to read (UTC, ISO dates)
 * and the read gentle (no parallel workers, a scan from the table's start,
 * a statement timeout), then the snapshot.
 */
static int
pg_begin(struct pg *pg)
{
	struct fr_buf sql = FR_BUF_INIT;
	fr_buf_puts(&sql, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; "
	                  "SET IntervalStyle = 'postgres'; SET extra_float_digits = 1; "
	                  "SET bytea_output = 'hex'; SET synchronize_seqscans = off; "
	                  "SET max_parallel_workers_per_gather = 0; ");
	if (pg->o->timeout > 0)
		fr_buf_printf(&sql, "SET statement_timeout = %lld; ",
		              (long long)pg->o->timeout * 1000);
	fr_buf_puts(&sql, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	int rc = pg_query(pg, fr_buf_cstr(&sql), 0, NULL, PGRES_COMMAND_OK, "starting the snapshot",
	                  NULL);
	fr_buf_free(&sql);
	return rc;
}

/* ---- the catalog --------------------------------------------------------------- */

static const char pg_sql_table[] =
    "SELECT c.relkind, pg_catalog.quote_ident(n.nspname) || '.' || "
    "pg_catalog.quote_ident(c.relname), "
    "c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.oid = pg_catalog.to_regclass($1)";

/* Each column in order, with its base type (through any domains) and that type's category. */
static const char pg_sql_columns[] =
    "WITH RECURSIVE base(attnum, typ) AS ("
    " SELECT a.attnum, a.atttypid FROM pg_catalog.pg_attribute a"
    " WHERE a.attrelid = $1::pg_catalog.oid AND a.attnum > 0 AND NOT a.attisdropped"
    " UNION ALL"
    " SELECT b.attnum, t.typbasetype FROM base b JOIN pg_catalog.pg_type t ON t.oid = b.typ"
    " WHERE t.typtype = 'd')"
    "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), t.oid, t.typcategory"
    " FROM pg_catalog.pg_attribute a JOIN base b ON b.attnum = a.attnum"
    " JOIN pg_catalog.pg_type t ON t.oid = b.typ"
    " WHERE a.attrelid = $1::pg_catalog.oid AND t.typtype <> 'd' ORDER BY a.attnum";

static void
pg_table_free(struct pg_table *t)
{
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].type);
	}
	free(t->cols);
	free(t->qualified);
	t->cols = NULL;
	t->ncols = 0;
	t->qualified = NULL;
}

/* Looks t->name up on the search_path; *found is 0 when there is none. */
static int
pg_table_find(struct pg *pg, struct pg_table *t, int *found)
{
	PGresult *res = NULL;
	const char *what = "reading the catalog";
	int rc = pg_query(pg, pg_sql_table, 1, &t->name, PGRES_TUPLES_OK, what, &res);
	*found = 0;
	if (rc != FR_OK)
		return rc;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return FR_OK;
	}
	t->relkind = *PQgetvalue(res, 0, 0);
	t->qualified = fr_xstrdup(PQgetvalue(res, 0, 1));
	char *oid = fr_xstrdup(PQgetvalue(res, 0, 2));
	PQclear(res);
	res = NULL;
	/* tables, partitioned tables, views, materialized views and foreign tables hold rows */
	if (strchr("rpvmf", t->relkind) == NULL) {
		free(oid);
		return pg_fail(pg, FR_EDATA, "%s is not a table or a view", t->name);
	}
	const char *param = oid;
	rc = pg_query(pg, pg_sql_columns, 1, &param, PGRES_TUPLES_OK, what, &res);
	free(oid);
	if (rc != FR_OK)
		return rc;
	t->ncols = (size_t)PQntuples(res);
	t->cols = fr_xcalloc(t->ncols + 1, sizeof *t->cols);
	for (size_t i = 0; i < t->ncols; i++) {
		int r = (int)i;
		int64_t o = 0;
		t->cols[i].name = fr_xstrdup(PQgetvalue(res, r, 0));
		t->cols[i].type = fr_xstrdup(PQgetvalue(res, r, 1));
		if (fr_parse_i64(PQgetvalue(res, r, 2), 0, UINT32_MAX, &o) != 0)
			o = 0;
		t->cols[i].oid = (unsigned)o;
		t->cols[i].category = *PQgetvalue(res, r, 3);
	}
	PQclear(res);
	*found = 1;
	return FR_OK;
}

static int
pg_table_need(struct pg *pg, struct pg_table *t)
{
	int found, rc = pg_table_find(pg, t, &found);
	if (rc == FR_OK && !found)
		rc = pg_fail(pg, FR_EDATA, "no table %s", t->name);
	return rc;
}

static int
pg_col_find(const struct pg_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
pg_kind_ok(const struct pg_col *c, enum pg_kind k)
{
	switch (k) {
	case PG_ID:
		return c->category == 'S' || c->oid == PG_INT2 || c->oid == PG_INT4 ||
		       c->oid == PG_INT8 || c->oid == PG_UUID;
	case PG_TIME:
		return c->category == 'S' || c->oid == PG_DATE || c->oid == PG_TIMESTAMP ||
		       c->oid == PG_TIMESTAMPTZ;
	case PG_TEXT: return c->category == 'S';
	case PG_ANY: return c->oid != PG_BYTEA;
	}
	return 0;
}

/* The column named name of t, which must hold kind; its index in *col. */
static int
pg_col_need(struct pg *pg, const struct pg_table *t, const char *name, enum pg_kind kind, int *col)
{
	*col = pg_col_find(t, name);
	if (*col < 0)
		return pg_fail(pg, FR_EDATA, "table %s has no column %s", t->name, name);
	const struct pg_col *c = &t->cols[*col];
	if (!pg_kind_ok(c, kind))
		return pg_fail(pg, FR_EDATA, "table %s: column %s is %s; it must be %s", t->name,
		               name, c->type, pg_kind_want[kind]);
	return FR_OK;
}

/* ---- streaming ------------------------------------------------------------------- */

int
fr_postgres_copy_row(char *row, size_t len, char **fields, size_t *lens, size_t n)
{
	if (len > 0 && row[len - 1] == '\n')
		len--;
	size_t i = 0, f = 0;
	char *w = row; /* decoding only shrinks, so w never passes row + i */
	for (;;) {
		if (f == n)
			return -1; /* a field too many */
		if (i + 2 <= len && row[i] == '\\' && row[i + 1] == 'N' &&
		    (i + 2 == len || row[i + 2] == '\t')) {
			fields[f] = NULL;
			lens[f] = 0;
			i += 2;
		} else {
			char *start = w;
			while (i < len && row[i] != '\t') {
				char c = row[i++];
				if (c == '\\') {
					if (i == len)
						return -1;
					c = row[i++];
					switch (c) {
					case 'b': c = '\b'; break;
					case 'f': c = '\f'; break;
					case 'n': c = '\n'; break;
					case 'r': c = '\r'; break;
					case 't': c = '\t'; break;
					case 'v': c = '\v'; break;
					case 'x':
						if (i < len && pg_hex((unsigned char)row[i]) >= 0) {
							int v = pg_hex((unsigned char)row[i++]);
							if (i < len &&
							    pg_hex((unsigned char)row[i]) >= 0)
								v = v * 16 +
								    pg_hex((unsigned char)row[i++]);
							c = (char)v;
						}
						break;
					default:
						if (c >= '0' && c <= '7') {
							int v = c - '0';
							for (int d = 1;
							     d < 3 && i < len && row[i] >= '0' &&
							     row[i] <= '7';
							     d++)
								v = v * 8 + (row[i++] - '0');
							c = (char)(v & 0xff);
						}
						break; /* \\ and any other character stand for
						          themselves */
					}
				}
				*w++ = c;
			}
			fields[f] = start;
			lens[f] = (size_t)(w - start);
			*w++ = '\0'; /* over the tab just read, or at row[len] */
		}
		f++;
		if (i == len)
			break;
		i++; /* the tab */
	}
	return f == n ? 0 : -1;
}

/* Sleeps as long as the pacing asks, interruptibly. */
static int
pg_pace(struct pg *pg)
{
	int64_t rate = pg->o->max_rate;
	pg->rows++;
	if (rate <= 0 || pg->rows < pg->pace_next)
		return FR_OK;
	int64_t step = rate / PG_PACE_CHECKS;
	pg->pace_next = pg->rows + (step > 0 ? step : 1);
	double due = pg->t0 + (double)pg->rows / (double)rate;
	for (;;) {
		if (fr_interrupt_pending())
			return fr_fail(pg->err, FR_EINTR, "interrupted");
		double left = due - fr_monotonic_seconds();
		if (left <= 0)
			return FR_OK;
		if (left > PG_POLL_MS / 1000.0)
			left = PG_POLL_MS / 1000.0;
		struct timespec ts = {0, (long)(left * 1e9)};
		nanosleep(&ts, NULL); /* a signal ends it early: the loop looks */
	}
}

/*
 * The connection failed during COPY. A server that ends a session (an
 * administrator's pg_terminate_backend, a shutdown) says why just before it
 * closes the socket, and that reason may still sit unparsed in libpq's
 * buffer: it is the better message.
 */
static int
pg_lost(struct pg *pg, const char *what)
{
	char *buf = NULL;
	int len;
	while ((len = PQgetCopyData(pg->conn, &buf, 1)) > 0)
		PQfreemem(buf);
	PGresult *res = len == -1 ? PQgetResult(pg->conn) : NULL;
	int rc = res != NULL && PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) != NULL
	             ? pg_fail_result(pg, res, what)
	             : pg_fail_conn(pg, what);
	PQclear(res);
	return rc;
}

typedef int (*pg_row_fn)(struct pg *pg, void *ctx, int64_t row, char **f, size_t *lens);

/* COPY (SELECT cols FROM t) TO STDOUT, each row to fn, paced. */
static int
pg_copy(struct pg *pg, const struct pg_table *t, const int *cols, size_t n, pg_row_fn fn, void *ctx)
{
	char *what = fr_xasprintf("reading table %s", t->name);
	struct fr_buf sql = FR_BUF_INIT;
	fr_buf_puts(&sql, "COPY (SELECT ");
	for (size_t i = 0; i < n; i++) {
		const char *name = t->cols[cols[i]].name;
		char *q = PQescapeIdentifier(pg->conn, name, strlen(name));
		if (q == NULL) {
			fr_buf_free(&sql);
			int rc = pg_fail_conn(pg, what);
			free(what);
			return rc;
		}
		fr_buf_printf(&sql, "%s%s", i ? ", " : "", q);
		PQfreemem(q);
	}
	fr_buf_printf(&sql, " FROM %s) TO STDOUT", t->qualified);
	int rc = pg_query(pg, fr_buf_cstr(&sql), 0, NULL, PGRES_COPY_OUT, what, NULL);
	fr_buf_free(&sql);
	if (pg->t0 == 0)
		pg->t0 = fr_monotonic_seconds();
	char **fields = fr_xcalloc(n, sizeof *fields);
	size_t *lens = fr_xcalloc(n, sizeof *lens);
	int64_t row = 0;
	while (rc == FR_OK) {
		char *buf = NULL;
		int len = PQgetCopyData(pg->conn, &buf, 1);
		if (len > 0) {
			row++;
			if (fr_postgres_copy_row(buf, (size_t)len, fields, lens, n) != 0)
				rc = pg_fail(pg, FR_EIO,
				             "%s: row %lld: not %zu fields in COPY's text format",
				             what, (long long)row, n);
			else
				rc = fn(pg, ctx, row, fields, lens);
			PQfreemem(buf);
			if (rc == FR_OK)
				rc = pg_pace(pg);
		} else if (len == 0) {
			rc = pg_wait(pg, 0, 0, what);
			if (rc == FR_OK && !PQconsumeInput(pg->conn))
				rc = pg_lost(pg, what);
		} else if (len == -1) {
			/* the end, or the server's error: the result says which */
			PGresult *res;
			while (rc == FR_OK && (rc = pg_next_result(pg, what, &res)) == FR_OK &&
			       res != NULL) {
				if (PQresultStatus(res) != PGRES_COMMAND_OK)
					rc = pg_fail_result(pg, res, what);
				PQclear(res);
			}
			break;
		} else {
			rc = pg_fail_conn(pg, what);
		}
	}
	free(fields);
	free(lens);
	free(what);
	return rc;
}

/* A text value of a row: NULL is "" unless the column must have one. */
static int
pg_text(struct pg *pg, const char *table, int64_t row, const struct pg_col *c, const char *s,
        size_t len, int required, const char **out)
{
	if (s == NULL) {
		if (required)
			return pg_fail(pg, FR_EDATA,
			               "table %s row %lld: column %s: NULL is not allowed here",
			               table, (long long)row, c->name);
		*out = "";
		return FR_OK;
	}
	if (!fr_utf8_valid(s, len))
		return pg_fail(pg, FR_EDATA, "table %s row %lld: column %s: invalid UTF-8 or NUL",
		               table, (long long)row, c->name);
	*out = s;
	return FR_OK;
}

/* A time value: the ISO 8601 text of any time type (the session is in UTC,
 * and timestamptz carries its offset anyway), or ISO 8601 text. */
static int
pg_time(struct pg *pg, const char *table, int64_t row, const struct pg_col *c, const char *s,
        size_t len, int64_t *out)
{
	const char *why;
	if (s == NULL)
		return pg_fail(pg, FR_EDATA,
		               "table %s row %lld: column %s: NULL is not allowed here", table,
		               (long long)row, c->name);
	if (fr_timestamp_parse(s, len, out, &why) == 0)
		return FR_OK;
	char *where = fr_xasprintf("%s: table %s row %lld", pg->name, table, (long long)row);
	int rc = fr_userscsv_time_at(where, c->name, s, len, out, pg->err);
	free(where);
	return rc;
}

/* ---- the tables -------------------------------------------------------------------- */

struct pg_users {
	const struct pg_table *t;
	int id; /* position in the COPY's columns (= the table's) */
	const char **vals;
};

static int
pg_user_row(struct pg *pg, void *ctx, int64_t row, char **f, size_t *lens)
{
	struct pg_users *u = ctx;
	const struct pg_table *t = u->t;
	const char *uid = "";
	int rc = pg_text(pg, "users", row, &t->cols[u->id], f[u->id], lens[u->id], 1, &uid);
	for (size_t i = 0, a = 0; rc == FR_OK && i < t->ncols; i++)
		if ((int)i != u->id)
			rc =
			    pg_text(pg, "users", row, &t->cols[i], f[i], lens[i], 0, &u->vals[a++]);
	if (rc == FR_OK && *uid == '\0')
		rc = pg_fail(pg, FR_EDATA, "table users row %lld: column user_id is empty",
		             (long long)row);
	if (rc == FR_OK)
		rc = pg->out->user(pg->out->ctx, row, uid, u->vals, pg->err);
	return fr_badrows_take(pg->bad, rc, pg->err);
}

static int
pg_users(struct pg *pg, const struct pg_table *t)
{
	struct pg_users u = {t, -1, NULL};
	int rc = pg_col_need(pg, t, "user_id", PG_ID, &u.id);
	if (rc != FR_OK)
		return rc;
	const char **names = fr_xcalloc(t->ncols + 1, sizeof *names);
	int *cols = fr_xcalloc(t->ncols + 1, sizeof *cols);
	size_t na = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		cols[i] = (int)i;
		if ((int)i == u.id)
			continue;
		names[na++] = t->cols[i].name;
		/* signup_date is an attribute like any other (extract.h) */
		if (rc == FR_OK && !pg_kind_ok(&t->cols[i], PG_ANY))
			rc = pg_fail(pg, FR_EDATA, "table users: column %s is %s; it must be %s",
			             t->cols[i].name, t->cols[i].type, pg_kind_want[PG_ANY]);
	}
	u.vals = fr_xcalloc(t->ncols + 1, sizeof *u.vals);
	char *source = fr_xasprintf("%s:users", pg->name);
	if (rc == FR_OK)
		rc = pg->out->users_begin(pg->out->ctx, source, names, na, pg->err);
	if (rc == FR_OK)
		rc = pg_copy(pg, t, cols, t->ncols, pg_user_row, &u);
	free(source);
	free(names);
	free(cols);
	free(u.vals);
	return rc;
}

struct pg_events {
	const struct pg_table *t;
	int cols[3]; /* user_id, page, event_time in the table */
};

static int
pg_event_row(struct pg *pg, void *ctx, int64_t row, char **f, size_t *lens)
{
	struct pg_events *e = ctx;
	const struct pg_col *c = e->t->cols;
	const char *uid = "", *page = "";
	int64_t when = 0;
	int rc = pg_text(pg, "events", row, &c[e->cols[0]], f[0], lens[0], 1, &uid);
	if (rc == FR_OK)
		rc = pg_text(pg, "events", row, &c[e->cols[1]], f[1], lens[1], 0, &page);
	if (rc == FR_OK)
		rc = pg_time(pg, "events", row, &c[e->cols[2]], f[2], lens[2], &when);
	if (rc == FR_OK)
		rc = pg->out->event(pg->out->ctx, row, uid, page, when, pg->err);
	return fr_badrows_take(pg->bad, rc, pg->err);
}

static int
pg_events_check(struct pg *pg, struct pg_events *e)
{
	int rc = pg_col_need(pg, e->t, "user_id", PG_ID, &e->cols[0]);
	if (rc == FR_OK)
		rc = pg_col_need(pg, e->t, "page", PG_TEXT, &e->cols[1]);
	if (rc == FR_OK)
		rc = pg_col_need(pg, e->t, "event_time", PG_TIME, &e->cols[2]);
	return rc;
}

static int
pg_events(struct pg *pg, struct pg_events *e)
{
	char *source = fr_xasprintf("%s:events", pg->name);
	int rc = pg->out->events_begin(pg->out->ctx, source, pg->err);
	if (rc == FR_OK)
		rc = pg_copy(pg, e->t, e->cols, 3, pg_event_row, e);
	free(source);
	return rc;
}

/* Table steps (page, ordered by position, else as stored), when x has no steps yet. */
static int
pg_steps(struct pg *pg)
{
	if (pg->out->wants_steps == NULL || !pg->out->wants_steps(pg->out->ctx))
		return FR_OK;
	struct pg_table t = {"steps", NULL, 0, NULL, 0};
	int found, page, rc = pg_table_find(pg, &t, &found);
	if (rc != FR_OK || !found) {
		pg_table_free(&t);
		return rc;
	}
	rc = pg_col_need(pg, &t, "page", PG_TEXT, &page);
	struct fr_buf sql = FR_BUF_INIT;
	PGresult *res = NULL;
	if (rc == FR_OK) {
		fr_buf_printf(&sql, "SELECT page FROM %s", t.qualified);
		if (pg_col_find(&t, "position") >= 0)
			fr_buf_puts(&sql, " ORDER BY position");
		else if (t.relkind == 'r' || t.relkind == 'm')
			fr_buf_puts(&sql, " ORDER BY ctid");
		rc = pg_query(pg, fr_buf_cstr(&sql), 0, NULL, PGRES_TUPLES_OK,
		              "reading table steps", &res);
	}
	char **v = NULL;
	size_t n = 0;
	int rows = rc == FR_OK ? PQntuples(res) : 0;
	for (int r = 0; rc == FR_OK && r < rows; r++) {
		const char *s = PQgetisnull(res, r, 0) ? NULL : PQgetvalue(res, r, 0), *p = "";
		rc = pg_text(pg, "steps", r + 1, &t.cols[page], s,
		             s ? (size_t)PQgetlength(res, r, 0) : 0, 1, &p);
		for (size_t i = 0; rc == FR_OK && i < n; i++)
			if (strcmp(v[i], p) == 0)
				rc = pg_fail(pg, FR_EDATA, "table steps names page %s twice", p);
		if (rc == FR_OK) {
			v = fr_xreallocarray(v, n + 1, sizeof *v);
			v[n++] = fr_xstrdup(p);
		}
	}
	if (rc == FR_OK && n > 0)
		pg->out->steps(pg->out->ctx, v, n);
	fr_strv_free(v, n);
	PQclear(res);
	fr_buf_free(&sql);
	pg_table_free(&t);
	return rc;
}

int
fr_postgres_extract(const char *conninfo, const struct fr_postgres_opts *o, const struct fr_rows *rows,
                    struct fr_badrows *bad, char **err)
{
	struct pg pg = {0};
	pg.conninfo = conninfo;
	pg.o = o;
	pg.out = rows;
	pg.bad = bad;
	pg.err = err;
	pg.name = fr_postgres_display(conninfo);
	pg_secrets_collect(&pg.secrets, conninfo);
	struct pg_table users = {"users", NULL, 0, NULL, 0}, events = {"events", NULL, 0, NULL, 0};
	struct pg_events ev = {&events, {-1, -1, -1}};
	int rc = pg_connect(&pg);
	if (rc == FR_OK)
		rc = pg_begin(&pg);
	/* both tables' columns are checked before the first row is read */
	if (rc == FR_OK)
		rc = pg_table_need(&pg, &users);
	if (rc == FR_OK)
		rc = pg_table_need(&pg, &events);
	if (rc == FR_OK)
		rc = pg_events_check(&pg, &ev);
	if (rc == FR_OK)
		rc =
		    pg_steps(&pg); /* the steps first: the events are sorted by them as they come */
	if (rc == FR_OK)
		rc = pg_users(&pg, &users);
	if (rc == FR_OK)
		rc = pg_events(&pg, &ev);
	if (rc == FR_OK)
		rc =
		    pg_query(&pg, "COMMIT", 0, NULL, PGRES_COMMAND_OK, "ending the snapshot", NULL);
	PQfinish(pg.conn);
	pg_table_free(&users);
	pg_table_free(&events);
	pg_secrets_free(&pg.secrets);
	free(pg.name);
	return rc;
}
