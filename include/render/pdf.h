/* pdf.h: the report as a PDF for reviews, report.pdf: A4 pages with a title
 * page, a contents page, bookmarks, page numbers, real text and vector
 * charts, drawn with Cairo and Pango. */
#ifndef FR_PDF_H
#define FR_PDF_H

#include "base/buf.h"
#include "render/report.h"

/*
 * Renders the report into out. The creation date in the document's metadata
 * is generated_at (from SOURCE_DATE_EPOCH); without it there is none, so the
 * same report always gives the same bytes.
 */
int fr_pdf_render(const struct fr_report *rep, struct fr_buf *out, char **err);

#endif
