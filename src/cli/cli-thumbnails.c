/* cli-thumbnails.c: bindery-cli thumbnails (placeholder until the feature lands)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bindery-cli.h"

int
cli_cmd_thumbnails (BinderyCli *cli, int argc, char **argv)
{
  cli_error ("'thumbnails' is not available in this build yet");
  return CLI_EXIT_USAGE;
}

