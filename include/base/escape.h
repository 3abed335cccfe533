/* escape.h: one escaping function per output target; no data string reaches
 * an output file without going through one of these. */
#ifndef FR_ESCAPE_H
#define FR_ESCAPE_H

#include <stdbool.h>

#include "base/buf.h"

/* HTML text and attribute values: & < > " ' become entities. */
void fr_escape_html(struct fr_buf *b, const char *s);
/*
 * Markdown text (including table cells): backslash-escapes only what
 * Markdown or GFM would read as markup: \ ` * [ ] | ~ & $ # anywhere, '<'
 * before a tag or autolink, '_' outside a word, a URL's "://", and what
 * would open a block at the start of a line (> - + = or the "." of "1.");
 * "4.16 %", "p < 0.05" and "signup_date" stay as they are. Newlines become
 * spaces so a table row stays one line.
 */
void fr_escape_md(struct fr_buf *b, const char *s);
/* The same for text inside a line (a table cell, a caption, a link's
 * label), where nothing opens a block: "1. home" stays. */
void fr_escape_md_span(struct fr_buf *b, const char *s);
/* One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or
 * leading/trailing space), with quotes doubled; otherwise as is. */
void fr_escape_csv(struct fr_buf *b, const char *s);
/* A JSON string literal, quotes included; control characters as \uXXXX. */
void fr_escape_json(struct fr_buf *b, const char *s);
/* ClickHouse SQL (the cluster queries): a string literal in quotes, or a
 * name in backticks, with \ and the quote backslash-escaped and control
 * bytes as \xHH. Values are bound this way because the 18.16 server has no
 * query parameters. */
void fr_escape_ch_string(struct fr_buf *b, const char *s);
void fr_escape_ch_ident(struct fr_buf *b, const char *s);
/* Whether s is well-formed UTF-8 without NUL (len bytes). */
bool fr_utf8_valid(const char *s, size_t len);

#endif
