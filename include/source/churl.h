/* churl.h: the --clickhouse URL. Where the server is, which database, who
 * logs in; the credentials are kept apart from everything that is shown or
 * sent in a URL (they travel in request headers), and every message that
 * could hold one can be scrubbed of it. */
#ifndef FR_CHURL_H
#define FR_CHURL_H

#include <stdbool.h>

/* A parsed URL; owns every string in it. */
struct fr_churl {
	char *base;      /* scheme://host[:port]/path: what requests go to, no credentials */
	char *display;   /* base?database=...&settings..., for messages and the report */
	char *database;  /* ?database=, percent-decoded; NULL for the user's default */
	char *settings;  /* the other query parameters as written ("a=1&b=2"), or "" */
	char *user;      /* NULL: the server's default user */
	char *password;  /* NULL: none */
	char *password_raw; /* as the URL wrote it (percent-encoded), for scrubbing; or NULL */
	bool https;
};

/*
 * Parses url: http:// or https://, an optional user[:password]@ (percent-
 * encoded), a host (a name, an IPv4 address or [IPv6]), an optional port,
 * an optional path, and query parameters: database=, user=, password=
 * (the server's own names), and any other setting of the server, passed
 * on as written. The user and password not in the URL come from env_user
 * and env_password (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD; either may be
 * NULL). Parameters funnel-report sets itself (query, default_format,
 * wait_end_of_query, query_id, session_id) and a #fragment are refused.
 * FR_EUSAGE with a message that names the part that is wrong, never a
 * part of the URL itself (a misplaced password must not be echoed).
 */
int fr_churl_parse(const char *url, const char *env_user, const char *env_password,
                   struct fr_churl **out, char **err);
void fr_churl_free(struct fr_churl *u);

/*
 * msg with every appearance of the password (as written in the URL and as
 * meant) replaced by "***"; allocated, the caller frees it. For messages
 * that come from elsewhere (the server, libcurl).
 */
char *fr_churl_scrub(const struct fr_churl *u, const char *msg);

/* s percent-encoded for a query parameter; allocated. */
char *fr_churl_encode(const char *s);

#endif
