/* cli-jobs.c: bindery-cli jobs,job (placeholder until the feature lands)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bindery-cli.h"

int
cli_cmd_jobs (BinderyCli *cli, int argc, char **argv)
{
  cli_error ("'jobs' is not available in this build yet");
  return CLI_EXIT_USAGE;
}

int
cli_cmd_job (BinderyCli *cli, int argc, char **argv)
{
  cli_error ("'job' is not available in this build yet");
  return CLI_EXIT_USAGE;
}

