/* cli-library.c: bindery-cli library add|list|remove|set|move
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These commands change only catalog rows, each in one short transaction, so they do
 * not take the data dir's job lock: they work while the app is open. Only `remove` and
 * `move` look at it, and refuse while a job of the lock's holder works on the library.
 */
#define G_LOG_DOMAIN "bindery-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bindery-cli.h"
#include "bindery-watch-set.h"

static void
library_usage (FILE *out)
{
  guint n_options = 0;
  const BinderyLibraryOptionInfo *options = bindery_library_get_option_info (&n_options);

  fprintf (out,
           _("Usage: bindery-cli [--data-dir DIR] library COMMAND …\n"
           "\n"
           "Commands:\n"
           "  add PATH [--name NAME] [--pattern series|collection] [--json]\n"
           "                           register a folder as a library (nothing is scanned)\n"
           "  list [--json]            the libraries, with their options and counts\n"
           "  remove LIBRARY           forget a library (its files are never touched)\n"
           "  set LIBRARY KEY VALUE    change an option of a library\n"
           "  move LIBRARY NEWPATH     point a library at the folder it now lives in\n"
           "\n"
           "LIBRARY is an id, else a name, else a path.\n"
           "\n"
           "Options (KEY VALUE):\n"));
  for (guint i = 0; i < n_options; i++)
    fprintf (out, "  %-18s %-13s %s\n", options[i].key, options[i].values, _(options[i].summary));
}

/* The catalog for a command that needs existing libraries: never creates one. */
static BinderyCatalog *
open_existing_catalog (BinderyCli *cli,
                       gboolean    read_only,
                       const char *spec)
{
  BinderyContext *context = cli_get_context (cli);
  const char *path;

  if (context == NULL)
    return NULL;

  path = bindery_context_get_catalog_path (context);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (spec != NULL)
        cli_error (_("No library has the id, name or path “%s”: there are no libraries yet"), spec);
      return NULL;
    }
  return cli_open_catalog (cli, read_only);
}

/* For reading: a read-only connection, unless the catalog first needs an upgrade. */
static BinderyCatalog *
open_catalog_for_reading (BinderyCli *cli)
{
  g_autoptr(GError) error = NULL;
  BinderyContext *context = cli_get_context (cli);
  BinderyCatalog *catalog;

  if (context == NULL)
    return NULL;

  catalog = bindery_catalog_open (bindery_context_get_catalog_path (context),
                                  BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  if (catalog == NULL && g_error_matches (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY))
    return cli_open_catalog (cli, FALSE);
  if (catalog == NULL)
    {
      cli_error ("%s", error->message);
      return NULL;
    }

  cli->catalog = catalog;
  return catalog;
}

static JsonObject *
library_to_json (BinderyCatalog *catalog,
                 BinderyLibrary *library,
                 GError        **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  gint64 n_series = 0, n_books = 0;

  if (!bindery_catalog_count_library (catalog, bindery_library_get_id (library),
                                      &n_series, &n_books, error))
    return NULL;

  json_object_set_int_member (object, "id", bindery_library_get_id (library));
  json_object_set_string_member (object, "name", bindery_library_get_name (library));
  json_object_set_string_member (object, "path", bindery_library_get_display_path (library));
  json_object_set_string_member (object, "pattern",
                                 bindery_library_pattern_to_string (bindery_library_get_pattern (library)));
  json_object_set_string_member (object, "state", bindery_library_get_state (library));
  json_object_set_object_member (object, "options", bindery_library_dup_options (library));
  json_object_set_int_member (object, "series_count", n_series);
  json_object_set_int_member (object, "book_count", n_books);

  return g_steal_pointer (&object);
}

static void
print_json_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  cli_print_json (node);
}

static int
library_add (BinderyCli *cli, int argc, char **argv)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pattern_text = NULL;
  BinderyLibraryPattern pattern = BINDERY_LIBRARY_PATTERN_SERIES;
  BinderyCatalog *catalog;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Library name (default: the folder’s name)"), "NAME" },
    { "pattern", 0, 0, G_OPTION_ARG_STRING, &pattern_text, N_("series (default) or collection"), "PATTERN" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the new library as JSON"), NULL },
    { NULL }
  };

  if (!cli_parse_options ("library add", "PATH", entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    {
      cli_error (_("library add takes one folder: library add PATH [--name NAME] [--pattern series|collection]"));
      return CLI_EXIT_USAGE;
    }
  if (pattern_text != NULL && !bindery_library_pattern_from_string (pattern_text, &pattern))
    {
      cli_error (_("Unknown pattern “%s”: use series or collection"), pattern_text);
      return CLI_EXIT_USAGE;
    }

  /* Bad input writes nothing: check the folder before the data dir is touched. */
  if (!bindery_library_check_new (argv[1], name, &error))
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  if ((catalog = cli_open_catalog (cli, FALSE)) == NULL)
    return CLI_EXIT_USAGE;

  library = bindery_catalog_add_library (catalog, argv[1], name, pattern, &error);
  if (library == NULL)
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  if (json)
    {
      JsonObject *object = library_to_json (catalog, library, &error);

      if (object == NULL)
        {
          cli_error ("%s", error->message);
          return CLI_EXIT_USAGE;
        }
      print_json_object (object);
    }
  else
    {
      printf (_("Added library “%s” (id %" PRId64 ", %s pattern): %s\n"
                "Scan it with: bindery-cli scan %" PRId64 "\n"),
              bindery_library_get_name (library), bindery_library_get_id (library),
              bindery_library_pattern_to_string (bindery_library_get_pattern (library)),
              bindery_library_get_display_path (library), bindery_library_get_id (library));
    }
  return CLI_EXIT_OK;
}

/* Columns a string takes on a terminal (wide CJK characters take two). */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
print_padded (const char *text,
              guint       width,
              gboolean    right)
{
  guint len = display_width (text);
  guint pad = len < width ? width - len : 0;

  if (right)
    printf ("%*s%s", pad, "", text);
  else
    printf ("%s%*s", text, pad, "");
}

static void
print_table (GPtrArray *rows)
{
  static const char *headers[] = { "ID", "NAME", "PATTERN", "STATE", "WATCH", "SERIES", "BOOKS", "PATH" };
  static const gboolean right[] = { TRUE, FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, FALSE };
  guint widths[G_N_ELEMENTS (headers)];

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      widths[c] = strlen (headers[c]);
      for (guint r = 0; r < rows->len; r++)
        {
          char **row = rows->pdata[r];
          widths[c] = MAX (widths[c], display_width (row[c]));
        }
    }

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      if (c > 0)
        printf ("  ");
      if (c + 1 == G_N_ELEMENTS (headers))
        printf ("%s", headers[c]);
      else
        print_padded (headers[c], widths[c], right[c]);
    }
  printf ("\n");

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = rows->pdata[r];

      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        {
          if (c > 0)
            printf ("  ");
          if (c + 1 == G_N_ELEMENTS (headers))
            printf ("%s", row[c]);
          else
            print_padded (row[c], widths[c], right[c]);
        }
      printf ("\n");
    }
}

static int
library_list (BinderyCli *cli, int argc, char **argv)
{
  g_autoptr(GPtrArray) libraries = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GError) error = NULL;
  BinderyContext *context;
  BinderyCatalog *catalog;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!cli_parse_options ("library list", NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 1)
    {
      cli_error (_("library list takes no arguments"));
      return CLI_EXIT_USAGE;
    }

  if ((context = cli_get_context (cli)) == NULL)
    return CLI_EXIT_USAGE;

  /* No catalog yet: no libraries, and nothing to create for saying so. */
  if (!g_file_test (bindery_context_get_catalog_path (context), G_FILE_TEST_EXISTS))
    libraries = g_ptr_array_new ();
  else if ((catalog = open_catalog_for_reading (cli)) == NULL)
    return CLI_EXIT_USAGE;
  else if ((libraries = bindery_catalog_list_libraries (catalog, &error)) == NULL)
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < libraries->len; i++)
    {
      BinderyLibrary *library = libraries->pdata[i];
      JsonObject *object = library_to_json (cli->catalog, library, &error);
      char **row;

      if (object == NULL)
        {
          cli_error ("%s", error->message);
          return CLI_EXIT_USAGE;
        }

      {
        g_autofree char *reason = NULL;
        g_autofree char *watch = bindery_watch_status_lookup (context, bindery_library_get_id (library), &reason);
        JsonObject *watch_object = json_object_new ();

        /* what the process running jobs (the app, bindery-cli watch) does with it */
        json_object_set_string_member (watch_object, "state", watch);
        if (reason != NULL)
          json_object_set_string_member (watch_object, "reason", reason);
        else
          json_object_set_null_member (watch_object, "reason");
        json_object_set_object_member (object, "watch", watch_object);
        if (reason != NULL)
          g_ptr_array_add (notes, g_strdup_printf ("%s: %s: %s", bindery_library_get_name (library), watch, reason));

        row = g_new0 (char *, 9);
        row[4] = g_steal_pointer (&watch);
      }
      row[0] = g_strdup_printf ("%" G_GINT64_FORMAT, bindery_library_get_id (library));
      row[1] = g_strdup (bindery_library_get_name (library));
      row[2] = g_strdup (bindery_library_pattern_to_string (bindery_library_get_pattern (library)));
      row[3] = g_strdup (bindery_library_get_state (library));
      row[5] = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "series_count"));
      row[6] = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "book_count"));
      row[7] = g_strdup (bindery_library_get_display_path (library));
      g_ptr_array_add (rows, row);

      json_array_add_object_element (array, object);
    }

  if (json)
    {
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      json_node_take_array (node, g_steal_pointer (&array));
      cli_print_json (node);
    }
  else if (rows->len == 0)
    {
      printf (_("No libraries. Add one with: bindery-cli library add PATH\n"));
    }
  else
    {
      print_table (rows);
      for (guint i = 0; i < notes->len; i++)
        printf ("%s\n", (const char *) g_ptr_array_index (notes, i));
    }
  return CLI_EXIT_OK;
}

/* FALSE (after saying which job and process) while a job of another process works on the
 * library: removing or moving it under that job would make its writes fail. A job row left
 * running by a process that has ended (the data dir is not locked) holds nothing. */
static gboolean
check_not_in_use (BinderyCli     *cli,
                  BinderyCatalog *catalog,
                  BinderyLibrary *library,
                  gboolean        removing)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 job_id;

  job_id = bindery_catalog_find_active_job (catalog, bindery_library_get_id (library), &title, &error);
  if (job_id < 0)
    {
      cli_error ("%s", error->message);
      return FALSE;
    }
  if (job_id == 0)
    return TRUE;

  if (bindery_context_lock (cli->context, &error))
    {
      bindery_context_unlock (cli->context);
      return TRUE;
    }
  if (!g_error_matches (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_LOCKED))
    {
      cli_error ("%s", error->message);
      return FALSE;
    }

  /* the lock's message names the process holding it */
  if (removing)
    cli_error (_("Cannot remove library “%s”: job %" PRId64 " (%s) is working on it. %s. "
                 "Wait for the job to end, or cancel it there, then try again"),
               bindery_library_get_name (library), job_id, title, error->message);
  else
    cli_error (_("Cannot move library “%s”: job %" PRId64 " (%s) is working on it. %s. "
                 "Wait for the job to end, or cancel it there, then try again"),
               bindery_library_get_name (library), job_id, title, error->message);
  return FALSE;
}

static int
library_remove (BinderyCli *cli, int argc, char **argv)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  BinderyCatalog *catalog;
  GOptionEntry entries[] = { { NULL } };

  if (!cli_parse_options ("library remove", "LIBRARY", entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    {
      cli_error (_("library remove takes one library: library remove LIBRARY"));
      return CLI_EXIT_USAGE;
    }

  if ((catalog = open_existing_catalog (cli, FALSE, argv[1])) == NULL)
    return CLI_EXIT_USAGE;
  if ((library = cli_find_library (cli, catalog, argv[1])) == NULL)
    return CLI_EXIT_USAGE;
  if (!check_not_in_use (cli, catalog, library, TRUE))
    return CLI_EXIT_USAGE;

  if (!bindery_catalog_remove_library (catalog, bindery_library_get_id (library),
                                       bindery_context_get_thumbnail_dir (cli->context), &error))
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  printf (_("Removed library “%s” (id %" PRId64 ") from the catalog; "
            "nothing in %s was touched\n"),
          bindery_library_get_name (library), bindery_library_get_id (library),
          bindery_library_get_display_path (library));
  return CLI_EXIT_OK;
}

static int
library_set (BinderyCli *cli, int argc, char **argv)
{
  g_autoptr(BinderyLibrary) scratch = NULL;
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  BinderyCatalog *catalog;
  GOptionEntry entries[] = { { NULL } };

  if (!cli_parse_options ("library set", "LIBRARY KEY VALUE", entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 4)
    {
      cli_error (_("library set takes a library, a key and a value: library set LIBRARY KEY VALUE"));
      library_usage (stderr);
      return CLI_EXIT_USAGE;
    }

  /* Check the key and value before anything is opened. */
  scratch = g_object_new (BINDERY_TYPE_LIBRARY, NULL);
  if (!bindery_library_set_option (scratch, argv[2], argv[3], &error))
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  if ((catalog = open_existing_catalog (cli, FALSE, argv[1])) == NULL)
    return CLI_EXIT_USAGE;
  if ((library = cli_find_library (cli, catalog, argv[1])) == NULL)
    return CLI_EXIT_USAGE;

  if (!bindery_library_set_option (library, argv[2], argv[3], &error) ||
      !bindery_library_save (library, catalog, &error))
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  printf (_("Library “%s”: %s = %s\n"), bindery_library_get_name (library), argv[2], argv[3]);
  return CLI_EXIT_OK;
}

static int
library_move (BinderyCli *cli, int argc, char **argv)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(BinderyLibrary) moved = NULL;
  g_autoptr(GError) error = NULL;
  BinderyCatalog *catalog;
  GOptionEntry entries[] = { { NULL } };

  if (!cli_parse_options ("library move", "LIBRARY NEWPATH", entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 3)
    {
      cli_error (_("library move takes a library and its new folder: library move LIBRARY NEWPATH"));
      return CLI_EXIT_USAGE;
    }

  if (!bindery_library_check_new (argv[2], NULL, &error))
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  if ((catalog = open_existing_catalog (cli, FALSE, argv[1])) == NULL)
    return CLI_EXIT_USAGE;
  if ((library = cli_find_library (cli, catalog, argv[1])) == NULL)
    return CLI_EXIT_USAGE;
  if (!check_not_in_use (cli, catalog, library, FALSE))
    return CLI_EXIT_USAGE;

  if (!bindery_catalog_move_library (catalog, bindery_library_get_id (library), argv[2], &error) ||
      (moved = bindery_catalog_get_library (catalog, bindery_library_get_id (library), &error)) == NULL)
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  printf (_("Library “%s” now lives in %s (was %s); scan it to bring it up to date\n"),
          bindery_library_get_name (moved), bindery_library_get_display_path (moved),
          bindery_library_get_display_path (library));
  return CLI_EXIT_OK;
}

int
cli_cmd_library (BinderyCli *cli, int argc, char **argv)
{
  static const struct {
    const char        *name;
    BinderyCliCommand  func;
  } subcommands[] = {
    { "add",    library_add },
    { "list",   library_list },
    { "remove", library_remove },
    { "set",    library_set },
    { "move",   library_move },
  };

  if (argc < 2)
    {
      cli_error (_("library needs a command: add, list, remove, set or move"));
      library_usage (stderr);
      return CLI_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      library_usage (stdout);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (strcmp (argv[1], subcommands[i].name) == 0)
      return subcommands[i].func (cli, argc - 1, argv + 1);

  cli_error (_("Unknown library command “%s”"), argv[1]);
  library_usage (stderr);
  return CLI_EXIT_USAGE;
}
