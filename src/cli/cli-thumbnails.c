/* cli-thumbnails.c: bindery-cli thumbnails LIBRARY [--force] [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Always runs, whatever the library's "thumbnails" option says: that option only
 * governs the thumbnail job queued automatically after a scan.
 */
#define G_LOG_DOMAIN "bindery-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdio.h>

#include "bindery-cli.h"
#include "bindery-thumbnail-job.h"

int
cli_cmd_thumbnails (BinderyCli *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(JsonObject) report = NULL;
  BinderyCatalog *catalog;
  gboolean force = FALSE;
  gboolean json = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Make every thumbnail again, not only missing or outdated ones"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the job's report as JSON"), NULL },
    { NULL }
  };

  if (!cli_parse_options ("thumbnails", "LIBRARY", entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    {
      cli_error (_("thumbnails takes one library: thumbnails LIBRARY [--force] [--json]"));
      return CLI_EXIT_USAGE;
    }

  if ((catalog = cli_open_catalog (cli, FALSE)) == NULL)
    return CLI_EXIT_USAGE;
  if ((library = cli_find_library (cli, catalog, argv[1])) == NULL)
    return CLI_EXIT_USAGE;

  job = bindery_thumbnail_job_new_for_library (bindery_library_get_id (library), force);
  status = cli_run_job (cli, job);

  report = bindery_job_dup_report (job);
  if (json)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (node, report != NULL ? g_steal_pointer (&report) : json_object_new ());
      cli_print_json (node);
    }
  else if (report != NULL)
    {
      g_autofree char *size = g_format_size (json_object_get_int_member_with_default (report, "bytes_written", 0));

      printf ("%s: %" G_GINT64_FORMAT " thumbnails made, %" G_GINT64_FORMAT " fresh, %"
              G_GINT64_FORMAT " failed, %" G_GINT64_FORMAT " without a cover, %s written\n",
              bindery_library_get_name (library),
              json_object_get_int_member_with_default (report, "generated", 0),
              json_object_get_int_member_with_default (report, "skipped", 0),
              json_object_get_int_member_with_default (report, "failed", 0),
              json_object_get_int_member_with_default (report, "no_cover", 0),
              size);
    }

  return status;
}
