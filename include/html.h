/* html.h: the HTML report, index.html. */
#ifndef FR_HTML_H
#define FR_HTML_H

#include "buf.h"
#include "plot.h"
#include "result.h"
#include "templates.h"

/* Renders index.html for r and its figures into out; every data string is
 * escaped, and the charts are inlined as SVG data URIs. */
int fr_html_render(const struct fr_result *r, const struct fr_plot *plot, struct fr_templates *t,
                   struct fr_buf *out, char **err);

#endif
