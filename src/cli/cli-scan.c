/* cli-scan.c: bindery-cli scan, books, series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdio.h>
#include <string.h>

#include "bindery-book.h"
#include "bindery-catalog-books.h"
#include "bindery-cli.h"
#include "bindery-scan-job.h"
#include "bindery-scan-plan.h"
#include "bindery-scan-series-job.h"

/* Reading commands: a read-only connection (upgrading first when needed). */
static BinderyCatalog *
open_catalog_for_reading (BinderyCli *cli)
{
  g_autoptr(GError) error = NULL;
  BinderyContext *context = cli_get_context (cli);
  BinderyCatalog *catalog;

  if (context == NULL)
    return NULL;

  if (!g_file_test (bindery_context_get_catalog_path (context), G_FILE_TEST_EXISTS))
    return cli_open_catalog (cli, FALSE);   /* an empty catalog: empty listings */

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

/* The series folder (raw bytes, relative to the root) that `--series SPEC` names:
 * a series id or name, else a folder relative to the root or absolute under it. */
static char *
resolve_series_path (BinderyCatalog *catalog,
                     BinderyLibrary *library,
                     const char     *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = bindery_catalog_find_series (catalog, bindery_library_get_id (library), spec, &error);
  const char *root = bindery_library_get_path (library);
  g_autofree char *absolute = NULL;
  g_autofree char *rel_path = NULL;

  if (ids != NULL && ids->len == 1)
    {
      char *path = bindery_catalog_dup_series_path (catalog, g_array_index (ids, gint64, 0), &error);

      if (path == NULL)
        cli_error ("%s", error->message);
      return path;
    }
  if (ids != NULL)
    {
      cli_error (_("%u series are named “%s”: give the series id or its folder instead"), ids->len, spec);
      return NULL;
    }
  if (!g_error_matches (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND))
    {
      cli_error ("%s", error->message);
      return NULL;
    }

  /* not in the catalog yet: a folder of the library */
  absolute = g_path_is_absolute (spec) ? g_canonicalize_filename (spec, NULL)
                                       : g_canonicalize_filename (spec, root);
  if (strcmp (absolute, root) == 0)
    rel_path = g_strdup ("");
  else if (g_str_has_prefix (absolute, root) && absolute[strlen (root)] == '/')
    rel_path = g_strdup (absolute + strlen (root) + 1);

  if (rel_path == NULL || !g_file_test (absolute, G_FILE_TEST_IS_DIR))
    {
      cli_error (_("There is no series “%s” in the library “%s”, nor a folder of that name in it"),
                 spec, bindery_library_get_name (library));
      return NULL;
    }

  /* with the collection pattern a series is a top-level folder */
  if (bindery_library_get_pattern (library) == BINDERY_LIBRARY_PATTERN_COLLECTION && *rel_path != '\0')
    {
      g_autofree char *inside = g_strconcat (rel_path, "/x", NULL);
      g_autofree char *series_path = bindery_scan_series_path (BINDERY_LIBRARY_PATTERN_COLLECTION, inside);

      return g_steal_pointer (&series_path);
    }
  return g_steal_pointer (&rel_path);
}

static void
print_report (JsonObject *report)
{
  static const char * const keys[] = {
    "files_seen", "files_ignored", "files_skipped", "folders_unreadable", "files_unreadable",
    "books_unchecked",
    "series_created", "series_updated", "series_missing", "series_restored",
    "books_created", "books_updated", "books_unchanged", "books_missing", "books_restored",
    "books_moved", "errored", "bytes_read",
  };
  static const char * const verify_keys[] = {
    "verified", "damaged", "verify_skipped", "verify_unreadable", "verify_bytes_read",
  };

  if (json_object_get_boolean_member_with_default (report, "unavailable", FALSE))
    printf (_("Library unavailable (folder missing, empty or unreadable): nothing was changed\n"));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    printf ("%-18s %" G_GINT64_FORMAT "\n", keys[i], json_object_get_int_member_with_default (report, keys[i], 0));
  if (json_object_get_boolean_member_with_default (report, "verify", FALSE))
    for (guint i = 0; i < G_N_ELEMENTS (verify_keys); i++)
      printf ("%-18s %" G_GINT64_FORMAT "\n", verify_keys[i],
              json_object_get_int_member_with_default (report, verify_keys[i], 0));
  printf ("%-18s %.2f s\n", "duration", json_object_get_double_member_with_default (report, "duration", 0));
}

int
cli_cmd_scan (BinderyCli *cli,
              int         argc,
              char      **argv)
{
  g_autofree char *mode = NULL;
  g_autofree char *series = NULL;
  g_autofree char *series_path = NULL;
  g_autofree char *title = NULL;
  gboolean deep = FALSE, force = FALSE, verify = FALSE, no_verify = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, N_("batched or sync (default: the library's scan-mode)"), "MODE" },
    { "deep", 0, 0, G_OPTION_ARG_NONE, &deep, N_("Fingerprint every book, not only those whose size or time changed"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Read every book again"), NULL },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      N_("Then read every entry of every book changed since its last verification (all with --force) "
         "and mark damaged books corrupt (default: the library's verify-data)"), NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify, N_("Do not verify, whatever the library's verify-data says"), NULL },
    { "series", 0, 0, G_OPTION_ARG_FILENAME, &series, N_("Scan one series (id, name or folder)"), "SERIES" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    { NULL }
  };
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(BinderyJob) job = NULL;
  BinderyCatalog *catalog;
  int scan_mode = -1;
  int status;

  if (!cli_parse_options ("scan", "LIBRARY", entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 2)
    {
      cli_error (_("scan takes one LIBRARY (an id, a name or a path)"));
      return CLI_EXIT_USAGE;
    }
  if (mode != NULL)
    {
      if (strcmp (mode, "batched") == 0)
        scan_mode = BINDERY_SCAN_MODE_BATCHED;
      else if (strcmp (mode, "sync") == 0)
        scan_mode = BINDERY_SCAN_MODE_SYNC;
      else
        {
          cli_error (_("--mode must be batched or sync, not “%s”"), mode);
          return CLI_EXIT_USAGE;
        }
    }

  if ((catalog = cli_open_catalog (cli, FALSE)) == NULL)
    return CLI_EXIT_USAGE;
  if ((library = cli_find_library (cli, catalog, argv[1])) == NULL)
    return CLI_EXIT_USAGE;

  if (series != NULL && (series_path = resolve_series_path (catalog, library, series)) == NULL)
    return CLI_EXIT_USAGE;

  if (verify && no_verify)
    {
      cli_error (_("--verify and --no-verify cannot be given together"));
      return CLI_EXIT_USAGE;
    }

  options = bindery_scan_job_options_new (scan_mode, deep, force);
  if (verify || no_verify)
    json_object_set_boolean_member (options, "verify", verify);
  if (series_path != NULL)
    {
      g_autofree char *display = g_filename_display_name (*series_path != '\0' ? series_path : ".");

      job = bindery_scan_series_job_new (bindery_library_get_id (library), series_path, options);
      title = g_strdup_printf ("Scan “%s” in “%s”", display, bindery_library_get_name (library));
    }
  else
    {
      job = bindery_scan_job_new (bindery_library_get_id (library), options);
      title = g_strdup_printf ("Scan “%s”", bindery_library_get_name (library));
    }
  bindery_job_set_title (job, title);

  status = cli_run_job (cli, job);

  report = bindery_job_dup_report (job);
  if (report != NULL)
    {
      if (json)
        {
          JsonNode *node = json_node_new (JSON_NODE_OBJECT);

          json_node_take_object (node, g_steal_pointer (&report));
          cli_print_json (node);
        }
      else
        print_report (report);
    }
  return status;
}

static gboolean
status_is_valid (const char *status)
{
  return g_strcmp0 (status, "ready") == 0 || g_strcmp0 (status, "missing") == 0 ||
         g_strcmp0 (status, "error") == 0;
}

/* Sets "thumbnail" on each book of the listing: the absolute path of its thumbnail
 * file, or null when it has none or the file is gone (what
 * bindery_thumbnail_cache_path_for_book() gives, with one query for the whole listing
 * rather than one per book). */
static gboolean
add_thumbnails (BinderyCatalog  *catalog,
                const char      *thumbnail_dir,
                JsonArray       *books,
                GError         **error)
{
  g_autoptr(GHashTable) paths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = bindery_catalog_prepare (catalog, "SELECT book_id, path FROM thumbnails", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *path = (const char *) sqlite3_column_text (stmt, 1);

      if (path != NULL)
        g_hash_table_insert (paths, g_memdup2 (&id, sizeof id), g_strdup (path));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot read the thumbnails");
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (books); i++)
    {
      JsonObject *book = json_array_get_object_element (books, i);
      gint64 id = json_object_get_int_member (book, "id");
      const char *rel_path = g_hash_table_lookup (paths, &id);
      g_autofree char *path = NULL;

      /* a cache path is relative and stays inside the thumbnail dir */
      if (rel_path != NULL && bindery_book_entry_name_is_safe (rel_path))
        path = g_build_filename (thumbnail_dir, rel_path, NULL);
      if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        json_object_set_string_member (book, "thumbnail", path);
      else
        json_object_set_null_member (book, "thumbnail");
    }
  return TRUE;
}

static void
print_json_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  cli_print_json (node);
}

int
cli_cmd_books (BinderyCli *cli,
               int         argc,
               char      **argv)
{
  g_autofree char *library_spec = NULL;
  g_autofree char *series = NULL;
  g_autofree char *status = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "library", 0, 0, G_OPTION_ARG_FILENAME, &library_spec, N_("Only this library (id, name or path)"), "LIBRARY" },
    { "series", 0, 0, G_OPTION_ARG_FILENAME, &series, N_("Only this series (id, name or folder)"), "SERIES" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("ready, missing or error"), "STATUS" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GArray) series_ids = NULL;
  g_autoptr(GError) error = NULL;
  BinderyBookFilter filter = { 0 };
  BinderyCatalog *catalog;
  JsonArray *books;

  if (!cli_parse_options ("books", NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 1)
    {
      cli_error (_("books takes no arguments (use --library, --series, --status)"));
      return CLI_EXIT_USAGE;
    }
  if (status != NULL && !status_is_valid (status))
    {
      cli_error (_("--status must be ready, missing or error, not “%s”"), status);
      return CLI_EXIT_USAGE;
    }

  if ((catalog = open_catalog_for_reading (cli)) == NULL)
    return CLI_EXIT_USAGE;
  if (library_spec != NULL && (library = cli_find_library (cli, catalog, library_spec)) == NULL)
    return CLI_EXIT_USAGE;

  filter.library_id = library != NULL ? bindery_library_get_id (library) : 0;
  filter.status = status;
  if (series != NULL)
    {
      series_ids = bindery_catalog_find_series (catalog, filter.library_id, series, &error);
      if (series_ids == NULL)
        {
          cli_error ("%s", error->message);
          return CLI_EXIT_USAGE;
        }
      filter.series_ids = (const gint64 *) (gpointer) series_ids->data;
      filter.n_series_ids = series_ids->len;
    }

  books = bindery_catalog_list_books (catalog, &filter, &error);
  if (books == NULL)
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  if (json)
    {
      if (!add_thumbnails (catalog, bindery_context_get_thumbnail_dir (cli_get_context (cli)), books, &error))
        {
          cli_error ("%s", error->message);
          json_array_unref (books);
          return CLI_EXIT_USAGE;
        }
      print_json_array (books);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < json_array_get_length (books); i++)
    {
      JsonObject *book = json_array_get_object_element (books, i);
      const char *number = json_object_get_string_member_with_default (book, "number", NULL);
      const char *title = json_object_get_string_member_with_default (book, "title", NULL);

      printf ("%6" G_GINT64_FORMAT "  %-7s  %-24s  %-6s  %s%s%s\n",
              json_object_get_int_member (book, "id"),
              json_object_get_string_member_with_default (book, "status", ""),
              json_object_get_string_member_with_default (book, "series", ""),
              number != NULL ? number : "",
              json_object_get_string_member_with_default (book, "path", ""),
              title != NULL ? " — " : "", title != NULL ? title : "");
    }
  json_array_unref (books);
  return CLI_EXIT_OK;
}

int
cli_cmd_series (BinderyCli *cli,
                int         argc,
                char      **argv)
{
  g_autofree char *library_spec = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "library", 0, 0, G_OPTION_ARG_FILENAME, &library_spec, N_("Only this library (id, name or path)"), "LIBRARY" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  BinderyCatalog *catalog;
  JsonArray *series;

  if (!cli_parse_options ("series", NULL, entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc != 1)
    {
      cli_error (_("series takes no arguments (use --library)"));
      return CLI_EXIT_USAGE;
    }

  if ((catalog = open_catalog_for_reading (cli)) == NULL)
    return CLI_EXIT_USAGE;
  if (library_spec != NULL && (library = cli_find_library (cli, catalog, library_spec)) == NULL)
    return CLI_EXIT_USAGE;

  series = bindery_catalog_list_series (catalog, library != NULL ? bindery_library_get_id (library) : 0, &error);
  if (series == NULL)
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  if (json)
    {
      print_json_array (series);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *object = json_array_get_object_element (series, i);

      gint64 n_books = json_object_get_int_member_with_default (object, "books", 0);

      printf ("%6" G_GINT64_FORMAT "  %-7s  %4" G_GINT64_FORMAT " %-5s  %-28s  %s\n",
              json_object_get_int_member (object, "id"),
              json_object_get_string_member_with_default (object, "status", ""),
              n_books, n_books == 1 ? "book" : "books",
              json_object_get_string_member_with_default (object, "name", ""),
              json_object_get_string_member_with_default (object, "path", ""));
    }
  json_array_unref (series);
  return CLI_EXIT_OK;
}
