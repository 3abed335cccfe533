/* cli.h: the command line of SPEC section 2. */
#ifndef FR_CLI_H
#define FR_CLI_H

#include "config.h"

enum fr_cli_action {
	FR_CLI_RUN,
	FR_CLI_HELP,
	FR_CLI_VERSION,
	FR_CLI_EXPORT_DEMO, /* --export-demo DIR: write the demo as CSV, no report */
};

/*
 * Parses argv into cfg (which the caller frees with fr_cli_free, also on
 * failure). Returns FR_OK or FR_EUSAGE with a message.
 */
int fr_cli_parse(int argc, char **argv, struct fr_config *cfg, enum fr_cli_action *action,
                 char **err);
void fr_cli_free(struct fr_config *cfg);
/* The --help text. */
const char *fr_cli_usage(void);

#endif
