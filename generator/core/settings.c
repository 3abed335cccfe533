/* settings.c: the run's settings, owned. */
#include "core/settings.h"

#include <stdlib.h>
#include <string.h>

void
fr_settings_clear(struct fr_settings *s)
{
	free(s->title);
	free(s->source);
	free(s->generated_at);
	memset(s, 0, sizeof *s);
}
