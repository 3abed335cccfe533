/* publish.h: the atomic publish of OUT_DIR. The new report is written into a
 * fresh directory beside OUT_DIR and swapped in at the end; until then the
 * previous report is untouched, and a failed run leaves nothing behind. */
#ifndef FR_PUBLISH_H
#define FR_PUBLISH_H

#include <stddef.h>

#include "base/buf.h"

/* The file that marks a directory as ours, so we only ever replace our own. */
#define FR_PUBLISH_MARKER ".funnel-report"

struct fr_publish;

/*
 * Checks that out_dir can be published (its parent exists; it is missing,
 * or an empty or previous-report directory we may write, whose owner the
 * new one can keep), takes a lock beside it so a second run refuses,
 * sweeps the build folders of killed runs (ours only) and creates the new
 * directory. Cheap: done before the heavy work.
 */
int fr_publish_begin(const char *out_dir, struct fr_publish **out, char **err);
/* The stale build folders fr_publish_begin removed, for the progress lines. */
size_t fr_publish_swept(const struct fr_publish *p, const char *const **paths);

/* Writes b as the file at relpath (a '/'-separated path we made, no "..")
 * in the new directory, creating its parent directories, and syncs it. */
int fr_publish_buf(struct fr_publish *p, const char *relpath, const struct fr_buf *b, char **err);

/* Swaps the new directory in place of out_dir (which must still be empty,
 * missing or ours: else FR_EIO and nothing published), giving it out_dir's
 * mode and owner, and removes the old one. */
int fr_publish_commit(struct fr_publish *p, char **err);

/* Removes the new directory unless committed, and the lock. NULL is fine. */
void fr_publish_free(struct fr_publish *p);

#endif
