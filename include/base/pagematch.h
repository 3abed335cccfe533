/* pagematch.h: which funnel step a page is. A step is named alone, and is
 * then the page of that name exactly, or defined by patterns over the page,
 * "NAME=P1|P2": shell globs as fnmatch(3) reads them without flags ("*" any
 * run of characters, "/" included; "?" any one character; "[...]" one of a
 * set; "\" takes the next character literally, so "\|" is a "|" in a
 * pattern). The extract stage asks once per distinct page, never per event. */
#ifndef FR_PAGEMATCH_H
#define FR_PAGEMATCH_H

#include <stddef.h>

/*
 * Splits a step as the command line gives it, "NAME" or "NAME=PATTERNS",
 * into *name and *pages (both allocated; *pages NULL for a bare name).
 * FR_EUSAGE naming the step for an empty name, no patterns after "=" or an
 * empty pattern ("a||b").
 */
int fr_pagematch_parse(const char *step, char **name, char **pages, char **err);

/* The patterns of pages ("P1|P2", split at each "|" not after a "\"), as
 * an allocated array of n allocated strings (fr_strv_free). */
size_t fr_pagematch_split(const char *pages, char ***out);

struct fr_pagematch;

/*
 * The matcher of n steps: names[k] and pages[k] (NULL, or pages NULL as a
 * whole: the step named alone). Copies what it needs.
 */
struct fr_pagematch *fr_pagematch_new(char *const *names, char *const *pages, size_t n);
void fr_pagematch_free(struct fr_pagematch *m);

/*
 * The 1-based step page belongs to, 0 for none. Where more than one step
 * matches, the first two: the return value and *other (else *other is 0).
 */
size_t fr_pagematch_step(const struct fr_pagematch *m, const char *page, size_t *other);

#endif
