/* md.h: the report as GitHub-flavoured Markdown, report.md. */
#ifndef FR_MD_H
#define FR_MD_H

#include "base/buf.h"
#include "render/report.h"

/* Renders the report into out; charts link to charts/NAME.png. Every data
 * string is escaped for Markdown, so tables stay intact. FR_EINTR when a
 * signal came (checked at every section). */
int fr_md_render(const struct fr_report *rep, struct fr_buf *out, char **err);


#endif
