/* settings.h: the run's settings as they shape the numbers and the files.
 * The run fills them once, before the first stage (from the command line,
 * or from the summary.json of the cubes it renders), and every stage then
 * only reads them. */
#ifndef FR_SETTINGS_H
#define FR_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

enum fr_order { FR_ORDER_ORDERED, FR_ORDER_ANY };

struct fr_settings {
	char *title;
	char *source;          /* "Embedded demo data (90400 users, seed 1)", ... */
	enum fr_order order;
	int64_t window_days;   /* 0 = no limit */
	int max_combo;
	int64_t max_segments;  /* --max-segments: the breakdowns' segments at most (0: none set) */
	bool timings;          /* whether stage seconds go into the files */
	bool csv_safe;         /* --csv-safe: formula-like text cells of the data files get a ' */
	char *generated_at;    /* from SOURCE_DATE_EPOCH, or NULL */
};

/* Frees what s owns and zeroes it. */
void fr_settings_clear(struct fr_settings *s);

#endif
