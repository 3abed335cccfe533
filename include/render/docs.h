/* docs.h: the system design documents: Markdown templates in templates/docs/,
 * filled with this run's warehouse and SQL, rendered with libcmark (safe
 * mode) into docs/NAME.html in the report's layout. */
#ifndef FR_DOCS_H
#define FR_DOCS_H

#include "base/buf.h"
#include "render/report.h"
#include "core/result.h"
#include "base/templates.h"

/* The documents, in reading order: (title, "NAME.html") pairs. */
struct fr_docs;

/* How many documents there are. */
size_t fr_docs_count(void);
/* Reads the document templates' titles (their first heading). */
int fr_docs_new(struct fr_templates *t, struct fr_docs **out, char **err);
/* Builds what fills every document from r (the warehouse, the SQL as it
 * ran, the stages, the cube SQL for a cluster), once; call it when r is
 * complete, before fr_docs_render. */
int fr_docs_fill(struct fr_docs *d, const struct fr_result *r, struct fr_templates *t, char **err);
void fr_docs_free(struct fr_docs *d);
/* The list of (title, file) items, owned by d. */
size_t fr_docs_items(const struct fr_docs *d, const struct fr_item **items);

/* Renders document i, filled as fr_docs_fill said: its file name is
 * items[i].value. */
int fr_docs_render(const struct fr_docs *d, size_t i, const struct fr_report *rep, struct fr_buf *out,
                   char **err);

#endif
