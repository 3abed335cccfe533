/* html.h: the HTML pages: index.html from the report model, and the pages of
 * the system design documents, through the templates in templates/html/. */
#ifndef FR_HTML_H
#define FR_HTML_H

#include "base/buf.h"
#include "render/report.h"
#include "base/templates.h"

/* Renders index.html: self-contained (CSS inline, charts as SVG data URIs),
 * every data string escaped; the templates are the report's. */
int fr_html_render(const struct fr_report *rep, struct fr_buf *out, char **err);

/*
 * Renders a system design page around body (HTML from cmark, inserted as it
 * is): doc_title is its title, current its index among the report's docs.
 */
int fr_html_doc(const struct fr_report *rep, const char *doc_title, const char *body, size_t current,
                struct fr_buf *out, char **err);

#endif
