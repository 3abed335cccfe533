/* chhttp.h: queries to a ClickHouse server over its HTTP interface
 * (libcurl): the SQL goes as the body of a POST, the answer comes back as
 * TabSeparatedWithNames and is read row by row as it arrives, never held
 * whole. The credentials go in request headers, never in the URL. Every
 * query has a connect timeout and a deadline of its own, and one that is
 * given up (its deadline, a signal) is killed on the server too, so the
 * cluster stops working for nobody. */
#ifndef FR_CHHTTP_H
#define FR_CHHTTP_H

#include <stddef.h>
#include <stdint.h>

#include "source/churl.h"

/* The timeouts when none are given, in seconds. */
#define FR_CHHTTP_CONNECT_TIMEOUT 10
#define FR_CHHTTP_TIMEOUT 600

struct fr_chhttp_opts {
	int64_t connect_timeout; /* seconds to connect (0: FR_CHHTTP_CONNECT_TIMEOUT) */
	int64_t timeout;         /* seconds for a whole query, answer included; 0: none */
	/* The SQL that ends a query on the server, with {{query_id}} where the
	 * query's id goes (as a string literal); NULL: nothing is killed. */
	const char *kill_sql;
};

/* What crossed the network so far, as libcurl counts it. */
struct fr_chhttp_stats {
	int64_t queries;
	int64_t sent;      /* request bytes: headers and SQL */
	int64_t received;  /* response bytes as they came (compressed), headers included */
	int64_t decoded;   /* the answers' bytes after decompression */
	double seconds;    /* wall time inside queries */
};

struct fr_chhttp;

/* A client for the server of u (which it borrows: u must outlive it). */
int fr_chhttp_new(const struct fr_churl *u, const struct fr_chhttp_opts *o, struct fr_chhttp **out,
                  char **err);
void fr_chhttp_free(struct fr_chhttp *h);

/*
 * Called for each row of an answer: row 0 is the header (column names),
 * then the data rows from 1. The fields are unescaped, NUL-terminated and
 * writable; they live until the call returns. A status other than FR_OK
 * stops the query (the message is the callback's).
 */
typedef int (*fr_chhttp_row_fn)(void *ctx, int64_t row, char **fields, const size_t *lens, size_t n,
                                char **err);

/*
 * Runs sql and hands every row to fn. what names the query in messages
 * ("sql/clickhouse_cube_funnel.sql"). Status: FR_EDATA when the server
 * says a table, database or column does not exist; FR_EIO when it cannot
 * be reached, refuses the login, times out, fails the query (a shard down
 * or gone, a limit) or answers something that is not a whole answer;
 * FR_EINTR on a signal. Messages are one line, begin with the URL as
 * fr_churl shows it and never hold the password or the user name.
 */
int fr_chhttp_query(struct fr_chhttp *h, const char *what, const char *sql, fr_chhttp_row_fn fn,
                    void *ctx, char **err);

/* The ClickHouse error code of the last failed query (0 if none or not
 * from the server). */
int fr_chhttp_last_code(const struct fr_chhttp *h);

void fr_chhttp_stats(const struct fr_chhttp *h, struct fr_chhttp_stats *out);

/*
 * Splits one TabSeparated line (line[0..len), no line break; line[len]
 * must be writable) in place into at most max fields: tabs separate, the
 * escapes \b \f \r \n \t \0 \' \\ are decoded, each field NUL-terminated.
 * Returns the number of fields, or -1 for more than max fields, an unknown
 * escape, a NULL (\N) or a line that ends inside an escape.
 */
long fr_chhttp_split(char *line, size_t len, char **fields, size_t *lens, size_t max);

#endif
