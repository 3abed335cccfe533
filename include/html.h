/* html.h: the HTML report, index.html. */
#ifndef FR_HTML_H
#define FR_HTML_H

#include "buf.h"
#include "result.h"
#include "templates.h"

/* Renders index.html for r into out; every data string is escaped. */
int fr_html_render(const struct fr_result *r, struct fr_templates *t, struct fr_buf *out, char **err);

#endif
