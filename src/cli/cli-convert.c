/* cli-convert.c: bindery-cli convert LIBRARY|--series S|--book ID [--dry-run] [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Converts the RAR and 7z books of a library, a series (id, or name within LIBRARY) or
 * books (--book, repeatable) to CBZ with the conversion job. --dry-run changes nothing:
 * it lists what would be converted and what skipped (and why), and the space the new
 * files need (their sum when the originals go to the trash, which keeps their space; the
 * largest one when the library deletes converted originals).
 */
#define G_LOG_DOMAIN "bindery-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <inttypes.h>
#include <stdio.h>

#include "bindery-catalog-books.h"
#include "bindery-cli.h"
#include "bindery-convert-books.h"
#include "bindery-convert-job.h"
#include "bindery-converter.h"
#include "bindery-job-target.h"

/* The library a series or a book belongs to (0 when there is none). */
static gint64
owner_library (BinderyCatalog *catalog,
               const char     *sql,
               gint64          id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, sql, &error);
  gint64 library_id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    library_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return library_id;
}

static int
dry_run (BinderyCatalog *catalog,
         BinderyLibrary *library,
         const char     *target,
         gboolean        json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) books = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean delete = bindery_library_get_delete_converted_originals (library);
  guint64 needed = 0;
  guint n_convert = 0, n_skip = 0;

  books = bindery_convert_list_candidates (catalog, bindery_library_get_id (library),
                                           bindery_library_get_path (library), target, &error);
  if (books == NULL)
    {
      cli_error ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < books->len; i++)
    {
      BinderyConvertCandidate *book = g_ptr_array_index (books, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *dest = bindery_converter_destination_path (book->path);
      g_autofree char *dest_display = g_filename_display_name (dest);
      JsonObject *row = json_object_new ();
      const char *reason = NULL;
      g_autofree char *owned_reason = NULL;
      guint64 estimate = 0;

      if (bindery_convert_candidate_is_convertible (book, &reason))
        {
          if (g_file_test (dest, G_FILE_TEST_EXISTS))
            reason = owned_reason = g_strdup_printf (_("“%s” already exists"), dest_display);
          else if (!bindery_converter_estimate_size (book->path, book->format, &estimate, &local_error))
            reason = local_error->message;
        }

      json_object_set_int_member (row, "id", book->book_id);
      json_object_set_string_member (row, "path", book->display_path);
      json_object_set_string_member (row, "format", bindery_book_format_to_string (book->format));
      json_object_set_int_member (row, "size", book->size);
      json_object_set_string_member (row, "destination", dest_display);
      json_object_set_boolean_member (row, "convert", reason == NULL);
      if (reason != NULL)
        {
          json_object_set_string_member (row, "reason", reason);
          n_skip++;
          if (!json)
            printf (_("skip     %s: %s\n"), book->display_path, reason);
        }
      else
        {
          g_autofree char *size = g_format_size (estimate);

          json_object_set_int_member (row, "estimated_size", estimate);
          needed = delete ? MAX (needed, estimate) : needed + estimate;
          n_convert++;
          if (!json)
            printf (_("convert  %s → %s (about %s)\n"), book->display_path, dest_display, size);
        }
      json_array_add_object_element (array, row);
    }

  if (json)
    {
      JsonObject *object = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_int_member (object, "library_id", bindery_library_get_id (library));
      json_object_set_string_member (object, "library", bindery_library_get_name (library));
      json_object_set_int_member (object, "convert", n_convert);
      json_object_set_int_member (object, "skip", n_skip);
      json_object_set_int_member (object, "bytes_needed", needed);
      json_object_set_string_member (object, "originals", delete ? "delete" : "trash");
      json_object_set_array_member (object, "books", json_array_ref (array));
      json_node_take_object (node, object);
      cli_print_json (node);
    }
  else
    {
      g_autofree char *size = g_format_size (needed);

      printf (g_dngettext (GETTEXT_PACKAGE,
                           "%u book would be converted, %u skipped; space needed: %s (%s)\n",
                           "%u books would be converted, %u skipped; space needed: %s (%s)\n",
                           n_convert),
              n_convert, n_skip, size,
              delete ? _("the originals are deleted one by one")
                     : _("the originals go to the trash, which keeps their space"));
    }
  return CLI_EXIT_OK;
}

int
cli_cmd_convert (BinderyCli *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GArray) book_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *series = NULL;
  g_auto(GStrv) books = NULL;
  g_autofree char *target = NULL;
  BinderyCatalog *catalog;
  gboolean json = FALSE;
  gboolean dry = FALSE;
  gint64 library_id = 0;
  gint64 series_id = 0;
  int status;
  GOptionEntry entries[] = {
    { "series", 0, 0, G_OPTION_ARG_STRING, &series, N_("Convert one series (id, or name within LIBRARY)"), "SERIES" },
    { "book", 0, 0, G_OPTION_ARG_STRING_ARRAY, &books, N_("Convert one book (repeatable)"), "ID" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry, N_("List what would be converted and the space needed; change nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the job's report (or the dry run) as JSON"), NULL },
    { NULL }
  };

  if (!cli_parse_options ("convert", "[LIBRARY]", entries, &argc, &argv))
    return CLI_EXIT_USAGE;
  if (argc > 2 || (argc < 2 && series == NULL && books == NULL) || (series != NULL && books != NULL))
    {
      cli_error (_("convert takes a library, a series or books: "
                   "convert LIBRARY|--series S|--book ID [--dry-run] [--json]"));
      return CLI_EXIT_USAGE;
    }

  if ((catalog = cli_open_catalog (cli, FALSE)) == NULL)
    return CLI_EXIT_USAGE;
  if (argc == 2 && (library = cli_find_library (cli, catalog, argv[1])) == NULL)
    return CLI_EXIT_USAGE;
  if (library != NULL)
    library_id = bindery_library_get_id (library);

  if (series != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = bindery_catalog_find_series (catalog, library_id, series, &error);

      if (ids == NULL)
        {
          cli_error ("%s", error->message);
          return CLI_EXIT_USAGE;
        }
      if (ids->len > 1)
        {
          cli_error (_("%u series are named “%s”: give the series id instead"), ids->len, series);
          return CLI_EXIT_USAGE;
        }
      series_id = g_array_index (ids, gint64, 0);
      library_id = owner_library (catalog, "SELECT library_id FROM series WHERE id = ?1", series_id);
      target = bindery_job_target_for_series (series_id);
    }
  else if (books != NULL)
    {
      for (guint i = 0; books[i] != NULL; i++)
        {
          guint64 id = 0;
          gint64 owner;

          if (!g_ascii_string_to_unsigned (books[i], 10, 1, G_MAXINT64, &id, NULL) ||
              (owner = owner_library (catalog, "SELECT library_id FROM books WHERE id = ?1", (gint64) id)) == 0)
            {
              cli_error (_("There is no book with the id “%s”"), books[i]);
              return CLI_EXIT_USAGE;
            }
          if (library_id != 0 && owner != library_id)
            {
              cli_error (_("The books given belong to different libraries; convert them one library at a time"));
              return CLI_EXIT_USAGE;
            }
          library_id = owner;
          owner = (gint64) id;
          g_array_append_val (book_ids, owner);
        }
      target = bindery_job_target_for_books ((const gint64 *) (gpointer) book_ids->data, book_ids->len);
    }

  if (library == NULL || bindery_library_get_id (library) != library_id)
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&library);
      library = bindery_catalog_get_library (catalog, library_id, &error);
      if (library == NULL)
        {
          cli_error ("%s", error->message);
          return CLI_EXIT_USAGE;
        }
    }

  if (dry)
    return dry_run (catalog, library, target, json);

  if (book_ids->len > 0)
    job = bindery_convert_job_new_for_books (library_id, (const gint64 *) (gpointer) book_ids->data,
                                             book_ids->len);
  else if (series_id > 0)
    job = bindery_convert_job_new_for_series (library_id, series_id);
  else
    job = bindery_convert_job_new_for_library (library_id);
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
      g_autofree char *before = g_format_size (json_object_get_int_member_with_default (report, "bytes_before", 0));
      g_autofree char *after = g_format_size (json_object_get_int_member_with_default (report, "bytes_after", 0));

      printf (_("%s: %" PRId64 " converted, %" PRId64 " skipped, %" PRId64
                " failed; %s before, %s after\n"),
              bindery_library_get_name (library),
              json_object_get_int_member_with_default (report, "converted", 0),
              json_object_get_int_member_with_default (report, "skipped", 0),
              json_object_get_int_member_with_default (report, "failed", 0),
              before, after);
    }
  return status;
}
