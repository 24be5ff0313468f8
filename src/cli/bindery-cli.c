/* bindery-cli.c: entry point and command dispatch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "bindery-core.h"
#include "bindery-cli.h"

static const struct {
  const char        *name;
  BinderyCliCommand  func;
  const char        *summary;
} commands[] = {
  { "library",    cli_cmd_library,    N_("add | list | remove | set | move — manage libraries") },
  { "scan",       cli_cmd_scan,       N_("LIBRARY — scan a library into the catalog") },
  { "books",      cli_cmd_books,      N_("list books") },
  { "series",     cli_cmd_series,     N_("list series") },
  { "thumbnails", cli_cmd_thumbnails, N_("LIBRARY — make cover thumbnails") },
  { "convert",    cli_cmd_convert,    N_("LIBRARY | --series S | --book ID — convert RAR and 7z books to CBZ") },
  { "jobs",       cli_cmd_jobs,       N_("list jobs (--clear removes finished ones)") },
  { "watch",      cli_cmd_watch,      N_("LIBRARY… — watch libraries and scan what changes (Ctrl+C stops)") },
  { "job",        cli_cmd_job,        N_("ID — a job's report and log") },
};

static void
usage (FILE *out)
{
  fprintf (out, _("Usage: bindery-cli [--data-dir DIR] COMMAND [ARGS…]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-11s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, _("\n'bindery-cli COMMAND --help' describes a command. Listings take --json.\n"
                "The data dir defaults to $XDG_DATA_HOME/bindery; BINDERY_DATA_DIR overrides it.\n"));
}

int
main (int argc, char **argv)
{
  BinderyCli cli = { 0 };
  int status = CLI_EXIT_USAGE;
  int i = 1;

  bindery_core_init ();
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("bindery-cli");

  while (i < argc && argv[i][0] == '-')
    {
      if (strcmp (argv[i], "--data-dir") == 0 && i + 1 < argc)
        {
          cli.data_dir = argv[i + 1];
          i += 2;
        }
      else if (g_str_has_prefix (argv[i], "--data-dir="))
        {
          cli.data_dir = argv[i] + strlen ("--data-dir=");
          i++;
        }
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          usage (stdout);
          return CLI_EXIT_OK;
        }
      else if (strcmp (argv[i], "--version") == 0)
        {
          printf ("bindery-cli %s\n", PACKAGE_VERSION);
          return CLI_EXIT_OK;
        }
      else
        {
          cli_error (_("unknown option %s"), argv[i]);
          usage (stderr);
          return CLI_EXIT_USAGE;
        }
    }

  if (i >= argc)
    {
      usage (stderr);
      return CLI_EXIT_USAGE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      if (strcmp (argv[i], commands[c].name) == 0)
        {
          status = commands[c].func (&cli, argc - i, argv + i);
          goto out;
        }
    }

  cli_error (_("unknown command '%s'"), argv[i]);
  usage (stderr);

out:
  g_clear_object (&cli.catalog);
  g_clear_object (&cli.context);
  return status;
}
