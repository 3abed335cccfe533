/* sqlguard.h: SQLite's authoriser over the SQL of templates/sql/, which a
 * team may override with --templates: such SQL may read and write the
 * database it runs in, and nothing beyond it. */
#ifndef FR_SQLGUARD_H
#define FR_SQLGUARD_H

#include <sqlite3.h>

/* What the guard last refused, for the error message. */
struct fr_sqlguard {
	char why[200];
};

/*
 * Installs the guard on db (g must outlive it, or until fr_sqlguard_lift):
 * refused are ATTACH and DETACH (also VACUUM INTO, which attaches), every
 * pragma but the read-only ones (table_info and the like, and settings
 * read without a value), functions that reach outside the database
 * (load_extension, readfile, writefile, edit, fts3_tokenizer) and virtual
 * tables. A refused statement fails with SQLITE_AUTH and g->why set.
 */
void fr_sqlguard_install(sqlite3 *db, struct fr_sqlguard *g);
/* Removes the guard, for a statement of our own that needs more (VACUUM
 * INTO for --keep-warehouse). */
void fr_sqlguard_lift(sqlite3 *db);

#endif
