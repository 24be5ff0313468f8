/* scan-test-util.c: helpers shared by the scan tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bindery-catalog-books.h"
#include "bindery-scan-job.h"
#include "bindery-scan-series-job.h"
#include "bindery-thumbnail-job.h"
#include "scan-test-util.h"

const char *
scan_test_fixtures (void)
{
  const char *dir = g_getenv ("BINDERY_FIXTURES");

  g_assert_nonnull (dir);
  return dir;
}

void
scan_test_copy (const char *src,
                const char *dest)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "cp", "-a", "--", src, dest, NULL };
  int status = 0;

  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

void
scan_test_rm_rf (const char *path)
{
  struct stat st;

  if (lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0755);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          scan_test_rm_rf (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

void
scan_test_write_file (const char *path,
                      const char *contents,
                      gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, (gssize) len, &error);
  g_assert_no_error (error);
}

void
scan_fixture_init_data (ScanFixture *fixture,
                        const char  *parent,
                        const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_build_filename (parent, name, NULL);

  fixture->context = bindery_context_new (data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_context_lock (fixture->context, &error));
  g_assert_no_error (error);
  fixture->queue = bindery_job_queue_new (fixture->context, 0, &error);
  g_assert_no_error (error);
  /* follow-up thumbnails are saved, not run: the scan tests look at scans only */
  bindery_job_queue_set_defer_follow_ups (fixture->queue, TRUE);
  fixture->catalog = bindery_job_queue_get_catalog (fixture->queue);
  bindery_scan_job_register_types ();
  /* the type of the follow-up a scan names */
  bindery_thumbnail_job_register_type ();
}

void
scan_fixture_clear_data (ScanFixture *fixture)
{
  fixture->catalog = NULL;
  if (fixture->queue != NULL)
    g_assert_finalize_object (fixture->queue);
  fixture->queue = NULL;
  g_clear_object (&fixture->context);
}

void
scan_fixture_set_up (ScanFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bindery-scan-XXXXXX", &error);
  g_assert_no_error (error);
  scan_fixture_init_data (fixture, fixture->dir, "data");
}

void
scan_fixture_tear_down (ScanFixture   *fixture,
                        gconstpointer  data)
{
  scan_fixture_clear_data (fixture);
  scan_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

gint64
scan_test_add_library (ScanFixture           *fixture,
                       const char            *path,
                       BinderyLibraryPattern  pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyLibrary) library = bindery_catalog_add_library (fixture->catalog, path, NULL, pattern, &error);

  g_assert_no_error (error);
  g_assert_nonnull (library);
  return bindery_library_get_id (library);
}

JsonObject *
scan_test_run (ScanFixture     *fixture,
               gint64           library_id,
               const char      *series_path,
               JsonObject      *options,
               BinderyJobState *state)
{
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) running = NULL;

  if (series_path != NULL)
    job = bindery_scan_series_job_new (library_id, series_path, options);
  else
    job = bindery_scan_job_new (library_id, options);

  running = bindery_job_queue_push (fixture->queue, job);
  bindery_job_queue_wait (fixture->queue, running);
  if (state != NULL)
    *state = bindery_job_get_state (running);
  return bindery_job_dup_report (running);
}

JsonObject *
scan_test_scan (ScanFixture *fixture,
                gint64       library_id,
                const char  *mode)
{
  g_autoptr(JsonObject) options = json_object_new ();
  BinderyJobState state;
  JsonObject *report;

  if (mode != NULL)
    json_object_set_string_member (options, "mode", mode);
  report = scan_test_run (fixture, library_id, NULL, options, &state);
  g_assert_cmpint (state, ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_nonnull (report);
  return report;
}

gint64
scan_test_report_int (JsonObject *report,
                      const char *key)
{
  g_assert_true (json_object_has_member (report, key));
  return json_object_get_int_member (report, key);
}

JsonArray *
scan_test_books (ScanFixture *fixture,
                 gint64       library_id)
{
  g_autoptr(GError) error = NULL;
  BinderyBookFilter filter = { .library_id = library_id };
  JsonArray *books = bindery_catalog_list_books (fixture->catalog, &filter, &error);

  g_assert_no_error (error);
  return books;
}

JsonObject *
scan_test_find_book (JsonArray  *books,
                     const char *rel_path)
{
  for (guint i = 0; i < json_array_get_length (books); i++)
    {
      JsonObject *book = json_array_get_object_element (books, i);

      if (g_strcmp0 (json_object_get_string_member (book, "rel_path"), rel_path) == 0)
        return book;
    }
  return NULL;
}

JsonArray *
scan_test_series (ScanFixture *fixture,
                  gint64       library_id)
{
  g_autoptr(GError) error = NULL;
  JsonArray *series = bindery_catalog_list_series (fixture->catalog, library_id, &error);

  g_assert_no_error (error);
  return series;
}

char *
scan_test_library_state (ScanFixture *fixture,
                         gint64       library_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyLibrary) library = bindery_catalog_get_library (fixture->catalog, library_id, &error);

  g_assert_no_error (error);
  return g_strdup (bindery_library_get_state (library));
}

static void
dump_query (BinderyCatalog *catalog,
            GString        *out,
            const char     *title,
            const char     *sql,
            gint64          library_id)
{
  sqlite3 *db = bindery_catalog_get_db (catalog);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, library_id);

  g_string_append_printf (out, "== %s\n", title);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          if (i > 0)
            g_string_append_c (out, '|');
          switch (sqlite3_column_type (stmt, i))
            {
            case SQLITE_NULL:
              g_string_append (out, "NULL");
              break;
            case SQLITE_INTEGER:
              g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, i));
              break;
            case SQLITE_FLOAT:
              g_string_append_printf (out, "%.6g", sqlite3_column_double (stmt, i));
              break;
            case SQLITE_BLOB:
              {
                const guchar *blob = sqlite3_column_blob (stmt, i);

                g_string_append (out, "x'");
                for (int b = 0; b < sqlite3_column_bytes (stmt, i); b++)
                  g_string_append_printf (out, "%02x", blob[b]);
                g_string_append_c (out, '\'');
              }
              break;
            case SQLITE_TEXT:
            default:
              g_string_append (out, (const char *) sqlite3_column_text (stmt, i));
              break;
            }
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
}

char *
scan_test_dump (BinderyCatalog *catalog,
                gint64          library_id)
{
  GString *out = g_string_new (NULL);

  dump_query (catalog, out, "series",
              "SELECT id, rel_path, name, status, metadata FROM series WHERE library_id = ?1 ORDER BY id",
              library_id);
  dump_query (catalog, out, "books",
              "SELECT id, series_id, rel_path, name, size, mtime, inode, fingerprint, format, page_count,"
              " cover_entry, status, error_kind, error_message, metadata_error, title, number, number_sort,"
              " volume, year, missing_since IS NULL FROM books WHERE library_id = ?1 ORDER BY id",
              library_id);
  dump_query (catalog, out, "book_metadata",
              "SELECT m.* FROM book_metadata m JOIN books b ON b.id = m.book_id WHERE b.library_id = ?1"
              " ORDER BY m.book_id",
              library_id);
  dump_query (catalog, out, "book_metadata_lists",
              "SELECT l.* FROM book_metadata_lists l JOIN books b ON b.id = l.book_id WHERE b.library_id = ?1"
              " ORDER BY l.book_id, l.field, l.position",
              library_id);
  return g_string_free (out, FALSE);
}
