/* sqlguard.c: the authoriser of template SQL. */
#define _POSIX_C_SOURCE 200809L /* strcasecmp */
#include "base/sqlguard.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Pragmas that only look, whatever their argument (a table's name). */
static const char *const sqlguard_inspect[] = {
    "table_info",  "table_xinfo",      "table_list",    "index_list",       "index_info",
    "index_xinfo", "foreign_key_list", "database_list", "collation_list",   "function_list",
    "module_list", "pragma_list",      "compile_options", "integrity_check", "quick_check",
    NULL,
};

/* Pragmas that set something with a value and only read without one. */
static const char *const sqlguard_settings[] = {
    "page_size",   "page_count",   "freelist_count", "cache_size",  "user_version",
    "application_id", "schema_version", "data_version", "encoding", "journal_mode",
    "synchronous", "foreign_keys", "auto_vacuum",    "max_page_count", "busy_timeout",
    "query_only",  "temp_store",   NULL,
};

/* Functions that reach files or code outside the database. */
static const char *const sqlguard_functions[] = {
    "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", NULL,
};

static int
sqlguard_in(const char *const *list, const char *name)
{
	for (; name != NULL && *list != NULL; list++)
		if (strcasecmp(*list, name) == 0)
			return 1;
	return 0;
}

static int
sqlguard_auth(void *ctx, int action, const char *a, const char *b, const char *db, const char *trigger)
{
	struct fr_sqlguard *g = ctx;
	(void)db, (void)trigger;
	switch (action) {
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		snprintf(g->why, sizeof g->why,
		         "ATTACH or DETACH (also VACUUM INTO): template SQL works in its own database only");
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		if (sqlguard_in(sqlguard_inspect, a) || (b == NULL && sqlguard_in(sqlguard_settings, a)))
			return SQLITE_OK;
		snprintf(g->why, sizeof g->why, "PRAGMA %.40s%s%.40s: template SQL may only read pragmas",
		         a != NULL ? a : "?", b != NULL ? " = " : "", b != NULL ? b : "");
		return SQLITE_DENY;
	case SQLITE_FUNCTION:
		if (!sqlguard_in(sqlguard_functions, b))
			return SQLITE_OK;
		snprintf(g->why, sizeof g->why, "%s(): template SQL may not call functions that reach "
		                                "outside the database",
		         b);
		return SQLITE_DENY;
	case SQLITE_CREATE_VTABLE:
	case SQLITE_DROP_VTABLE:
		snprintf(g->why, sizeof g->why, "a virtual table (%.40s): template SQL uses plain tables",
		         b != NULL ? b : "?");
		return SQLITE_DENY;
	default:
		return SQLITE_OK;
	}
}

void
fr_sqlguard_install(sqlite3 *db, struct fr_sqlguard *g)
{
	g->why[0] = '\0';
	sqlite3_set_authorizer(db, sqlguard_auth, g);
}

void
fr_sqlguard_lift(sqlite3 *db)
{
	sqlite3_set_authorizer(db, NULL, NULL);
}
