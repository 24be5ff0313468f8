/* cli-library.c: bindery-cli library (placeholder until the feature lands)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bindery-cli.h"

int
cli_cmd_library (BinderyCli *cli, int argc, char **argv)
{
  cli_error ("'library' is not available in this build yet");
  return CLI_EXIT_USAGE;
}

