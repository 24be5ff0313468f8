/* cli-common.c: shared pieces of the bindery-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdio.h>

#include "bindery-cli.h"

void
cli_error (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "bindery-cli: %s\n", message);
}

gboolean
cli_parse_options (const char   *command,
                   const char   *parameter_string,
                   GOptionEntry *entries,
                   int          *argc,
                   char       ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *params = g_strdup_printf ("%s %s", command, parameter_string ? parameter_string : "");

  context = g_option_context_new (params);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      cli_error ("%s", error->message);
      fprintf (stderr, "%s", help);
      return FALSE;
    }
  return TRUE;
}

BinderyContext *
cli_get_context (BinderyCli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->context == NULL)
    {
      cli->context = bindery_context_new (cli->data_dir, &error);
      if (cli->context == NULL)
        cli_error ("%s", error->message);
    }
  return cli->context;
}

BinderyCatalog *
cli_open_catalog (BinderyCli *cli,
                  gboolean    read_only)
{
  g_autoptr(GError) error = NULL;
  BinderyContext *context;

  if (cli->catalog != NULL)
    return cli->catalog;

  if ((context = cli_get_context (cli)) == NULL)
    return NULL;

  cli->catalog = bindery_catalog_open (bindery_context_get_catalog_path (context),
                                       read_only ? BINDERY_CATALOG_OPEN_READ_ONLY
                                                 : BINDERY_CATALOG_OPEN_READ_WRITE,
                                       &error);
  if (cli->catalog == NULL)
    cli_error ("%s", error->message);
  return cli->catalog;
}

BinderyLibrary *
cli_find_library (BinderyCli     *cli,
                  BinderyCatalog *catalog,
                  const char     *spec)
{
  g_autoptr(GError) error = NULL;
  BinderyLibrary *library = bindery_catalog_find_library (catalog, spec, &error);

  if (library == NULL)
    cli_error ("%s", error->message);
  return library;
}

void
cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
  json_node_unref (node);
}
