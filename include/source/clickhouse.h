/* clickhouse.h: --clickhouse URL, the events in a ClickHouse cluster (SPEC
 * section 7). A users and an events table (usually Distributed tables over
 * per-shard tables sharded by the same hash of user_id) are checked, the
 * data quality is counted and the two cubes and the time to convert are
 * computed on the shards by the SQL of templates/sql/clickhouse_*.sql,
 * each shard for its own users; what comes back fills the result as
 * --from-cube does, so analyze, plot and publish are those of every run. */
#ifndef FR_CLICKHOUSE_H
#define FR_CLICKHOUSE_H

#include <stddef.h>
#include <stdint.h>

#include "base/templates.h"
#include "core/result.h"
#include "source/chhttp.h"

struct fr_clickhouse_opts {
	const char *url;
	const char *users;       /* TABLE or DATABASE.TABLE; NULL: "users" */
	const char *events;      /* likewise; NULL: "events" */
	int64_t connect_timeout; /* seconds; 0: FR_CHHTTP_CONNECT_TIMEOUT */
	int64_t timeout;         /* seconds per query; 0: none */
	char *const *dims;       /* --dims, or NULL for the default dimensions */
	size_t ndims;
	/* Called with "clickhouse sql/NAME.sql" before each query (FR_TRACE);
	 * may be NULL. */
	void (*trace)(void *ctx, const char *step);
	void *trace_ctx;
};

struct fr_clickhouse;

/*
 * Checks the --clickhouse URL and the table names (FR_EUSAGE naming what
 * is wrong, never the URL's credentials), for the command line.
 */
int fr_clickhouse_check(const char *url, const char *users, const char *events, char **err);

/* The URL without its credentials, for the report: allocated. */
char *fr_clickhouse_display(const char *url);

/*
 * A session with the server of o->url (user and password from the URL, or
 * CLICKHOUSE_USER and CLICKHOUSE_PASSWORD); o and t must outlive it.
 * Nothing is sent yet.
 */
int fr_clickhouse_open(const struct fr_clickhouse_opts *o, struct fr_templates *t,
                       struct fr_clickhouse **out, char **err);
void fr_clickhouse_free(struct fr_clickhouse *c);

/*
 * The extract stage on the cluster. r's steps must be set (the funnel's,
 * from --steps). Asks which database is meant, checks the two tables
 * (they exist; user_id, page are String, event_time DateTime, attributes
 * String; both Distributed with the same cluster and sharding key, or
 * neither), counts the attributes' values, chooses the dimensions as a
 * local run does and counts the data quality. Fills r's attrs, dims,
 * vdims, inputs, quality, data period and the other rule's funnel.
 * Status as fr_chhttp_query, and FR_EDATA for a missing table or column, a
 * wrong type, tables that are not sharded alike, user rows that differ for
 * one user_id or a value over FR_TEXT_MAX_VALUE bytes; FR_EUSAGE for a
 * --dims that names no attribute. *staged is the step visits of known users
 * (repeats counted), for the stage's row count.
 */
int fr_clickhouse_extract(struct fr_clickhouse *c, struct fr_result *r, int64_t *staged, char **err);

/*
 * The model stage on the cluster: the funnel cube, the visits cube and (in
 * order, with times) the time to convert, into r's cube, as a local run
 * has them. Every query as it ran goes to r's log.
 */
int fr_clickhouse_model(struct fr_clickhouse *c, struct fr_result *r, char **err);

/* What crossed the network so far. */
void fr_clickhouse_stats(const struct fr_clickhouse *c, struct fr_chhttp_stats *out);

/*
 * The two cube queries for r's steps, dimensions, order and window over
 * tables users and events (as identifiers, for the documents of a run
 * that did not run them); allocated.
 */
int fr_clickhouse_cube_sql(const struct fr_result *r, struct fr_templates *t, char **funnel,
                           char **visits, char **err);

#endif
