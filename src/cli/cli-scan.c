/* cli-scan.c: bindery-cli scan,books,series (placeholder until the feature lands)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bindery-cli.h"

int
cli_cmd_scan (BinderyCli *cli, int argc, char **argv)
{
  cli_error ("'scan' is not available in this build yet");
  return CLI_EXIT_USAGE;
}

int
cli_cmd_books (BinderyCli *cli, int argc, char **argv)
{
  cli_error ("'books' is not available in this build yet");
  return CLI_EXIT_USAGE;
}

int
cli_cmd_series (BinderyCli *cli, int argc, char **argv)
{
  cli_error ("'series' is not available in this build yet");
  return CLI_EXIT_USAGE;
}

