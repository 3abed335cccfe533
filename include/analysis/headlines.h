/* headlines.h: the three headline analyses of the system design (SPEC 5),
 * declared once as data, and found among the run's breakdowns. */
#ifndef FR_HEADLINES_H
#define FR_HEADLINES_H

#include "core/result.h"

/* Fills r->analysis's headlines with those whose dimensions and breakdowns
 * exist, and headline_note with why the others are missing. Needs the
 * breakdowns. */
void fr_headlines_compute(struct fr_result *r);

#endif
