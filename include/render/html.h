/* html.h: the HTML pages: index.html from the report model, and the pages of
 * the system design documents, through the templates in templates/html/. */
#ifndef FR_HTML_H
#define FR_HTML_H

#include "base/buf.h"
#include "render/report.h"
#include "base/templates.h"

/* Renders index.html: self-contained (CSS inline, charts as SVG data URIs),
 * every data string escaped. */
int fr_html_render(const struct fr_report *rep, struct fr_templates *t, struct fr_buf *out,
                   char **err);

/*
 * Renders a system design page around body (HTML from cmark, inserted as it
 * is); docs are the pages to link to, current the one this is.
 */
int fr_html_doc(const struct fr_report *rep, const char *doc_title, const char *body,
                const struct fr_item *docs, size_t ndocs, size_t current, struct fr_templates *t,
                struct fr_buf *out, char **err);

#endif
