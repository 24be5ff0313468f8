/* test-thumbnail-job.c: the thumbnail job over a scanned library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>
#include <glib/gstdio.h>
#include <webp/decode.h>
#include <zip.h>

#include "bindery-job-queue.h"
#include "bindery-library.h"
#include "bindery-scan-job.h"
#include "bindery-thumbnail-cache.h"
#include "bindery-thumbnail-job.h"
#include "test-fixtures.h"
#include "thumbs-test-images.h"

typedef struct {
  char            *dir;
  char            *root;
  BinderyContext  *context;
  BinderyJobQueue *queue;
  BinderyCatalog  *catalog;
  gint64           library_id;
} Fixture;

/* --- files -------------------------------------------------------------------------- */

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static void
copy_fixture (Fixture *fixture, const char *rel, const char *dest_rel)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = g_build_filename (g_getenv ("BINDERY_FIXTURES"), rel, NULL);
  g_autofree char *dest = g_build_filename (fixture->root, dest_rel, NULL);
  g_autofree char *parent = g_path_get_dirname (dest);
  g_autoptr(GFile) from = g_file_new_for_path (src);
  g_autoptr(GFile) to = g_file_new_for_path (dest);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
add_zip_entry (zip_t *zip, const char *name, GBytes *data)
{
  gsize len;
  const void *bytes = g_bytes_get_data (data, &len);
  zip_source_t *source = zip_source_buffer (zip, bytes, len, 0);

  g_assert_nonnull (source);
  g_assert_cmpint (zip_file_add (zip, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE), >=, 0);
}

/* A cbz at root/rel with pages 001.jpg (cover_w × cover_h, or broken) and 002.jpg. */
static void
write_cbz (Fixture *fixture, const char *rel, guint cover_w, guint cover_h, gboolean broken_pages)
{
  g_autofree char *path = g_build_filename (fixture->root, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GBytes) cover = test_make_jpeg (cover_w, cover_h, TEST_JPEG_RGB, FALSE, 0, 0x20C020, 0xC02020);
  g_autoptr(GBytes) page = test_make_jpeg (120, 180, TEST_JPEG_RGB, FALSE, 0, 0xFFFFFF, 0x000000);
  int zerr = 0;
  zip_t *zip;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_unlink (path);
  zip = zip_open (path, ZIP_CREATE | ZIP_EXCL, &zerr);
  g_assert_nonnull (zip);
  if (broken_pages)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (cover, 0, 150);
      g_autoptr(GBytes) cut2 = g_bytes_new_from_bytes (page, 0, 100);
      add_zip_entry (zip, "001.jpg", cut);
      add_zip_entry (zip, "002.jpg", cut2);
    }
  else
    {
      add_zip_entry (zip, "001.jpg", cover);
      add_zip_entry (zip, "002.jpg", page);
    }
  g_assert_cmpint (zip_close (zip), ==, 0);
}

/* --- fixture -------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(BinderyLibrary) library = NULL;

  fixture->dir = g_dir_make_tmp ("bindery-thumbjob-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->root = g_build_filename (fixture->dir, "Comics", NULL);
  data_dir = g_build_filename (fixture->dir, "data", NULL);

  copy_fixture (fixture, "library/Saga/Saga 001.cbz", "Saga/Saga 001.cbz");
  copy_fixture (fixture, "library/Saga/Saga 002.cbz", "Saga/Saga 002.cbz");
  copy_fixture (fixture, "comics/science_comics_001.cbz", "Science/science_comics_001.cbz");
  copy_fixture (fixture, "comics/Moonlit Garden v01.cbr", "Moonlit/Moonlit Garden v01.cbr");
  copy_fixture (fixture, "comics/Ultra Quest 001 (2021).cbr", "Ultra/Ultra Quest 001 (2021).cbr");
  copy_fixture (fixture, "comics/Harbor Lights 003.cb7", "Harbor/Harbor Lights 003.cb7");
  copy_fixture (fixture, "comics/Harbor Lights 004.cbt", "Harbor/Harbor Lights 004.cbt");
  copy_fixture (fixture, "comics/book-image-format-test.zip", "Formats/book-image-format-test.zip");
  copy_fixture (fixture, "broken/corrupt-cover.cbz", "Broken/corrupt-cover.cbz");
  copy_fixture (fixture, "broken/huge-dimensions-cover.cbz", "Broken/huge-dimensions-cover.cbz");
  copy_fixture (fixture, "ebooks/book.epub", "Books/book.epub");
  copy_fixture (fixture, "ebooks/tall.pdf", "Books/tall.pdf");
  copy_fixture (fixture, "library/Short Story.epub", "Books/Short Story.epub");
  write_cbz (fixture, "Broken/Nothing Decodes.cbz", 300, 400, TRUE);

  fixture->context = bindery_context_new (data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_context_lock (fixture->context, &error));
  fixture->queue = bindery_job_queue_new (fixture->context, 0, &error);
  g_assert_no_error (error);
  bindery_job_queue_set_defer_follow_ups (fixture->queue, TRUE);
  fixture->catalog = bindery_job_queue_get_catalog (fixture->queue);
  bindery_scan_job_register_types ();
  bindery_thumbnail_job_register_type ();

  library = bindery_catalog_add_library (fixture->catalog, fixture->root, NULL,
                                         BINDERY_LIBRARY_PATTERN_SERIES, &error);
  g_assert_no_error (error);
  fixture->library_id = bindery_library_get_id (library);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  fixture->catalog = NULL;
  g_assert_finalize_object (fixture->queue);
  g_clear_object (&fixture->context);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->root);
}

static BinderyJobState
run_job (Fixture *fixture, BinderyJob *job, JsonObject **report)
{
  g_autoptr(BinderyJob) running = bindery_job_queue_push (fixture->queue, job);

  bindery_job_queue_wait (fixture->queue, running);
  if (report != NULL)
    *report = bindery_job_dup_report (running);
  return bindery_job_get_state (running);
}

static void
scan (Fixture *fixture)
{
  g_autoptr(BinderyJob) job = bindery_scan_job_new (fixture->library_id, NULL);
  g_assert_cmpint (run_job (fixture, job, NULL), ==, BINDERY_JOB_STATE_COMPLETED);
}

static gint64
report_int (JsonObject *report, const char *key)
{
  g_assert_true (json_object_has_member (report, key));
  return json_object_get_int_member (report, key);
}

static void
on_books_changed (BinderyJob *job, GArray *ids, GArray *changed)
{
  g_array_append_vals (changed, ids->data, ids->len);
}

static JsonObject *
thumbnails (Fixture *fixture, BinderyJob *job, BinderyJobState want_state, GArray *changed_out)
{
  g_autoptr(BinderyJob) owned = job;
  g_autoptr(BinderyJob) running = bindery_job_queue_push (fixture->queue, job);
  JsonObject *report;

  if (changed_out != NULL)
    g_signal_connect (running, "books-changed", G_CALLBACK (on_books_changed), changed_out);
  bindery_job_queue_wait (fixture->queue, running);
  g_assert_cmpint (bindery_job_get_state (running), ==, want_state);
  report = bindery_job_dup_report (running);
  g_assert_nonnull (report);
  return report;
}

static gint64
count (Fixture *fixture, const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->catalog, sql, &error);
  gint64 n;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gint64
book_id (Fixture *fixture, const char *rel_path)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->catalog, "SELECT id FROM books WHERE rel_path = ?1", &error);
  gint64 id;

  g_assert_no_error (error);
  sqlite3_bind_blob (stmt, 1, rel_path, strlen (rel_path), SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* The book's thumbnail row: key and relative path (NULL when it has none). */
static char *
thumb_path (Fixture *fixture, gint64 id, char **key)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->catalog,
                                                "SELECT cache_key, path FROM thumbnails WHERE book_id = ?1", &error);
  char *path = NULL;

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      path = g_build_filename (bindery_context_get_thumbnail_dir (fixture->context),
                               (const char *) sqlite3_column_text (stmt, 1), NULL);
      if (key != NULL)
        *key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  return path;
}

static void
webp_size (const char *path, int *w, int *h)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (WebPGetInfo ((const guint8 *) contents, len, w, h));
}

/* Every thumbnail row names an existing WebP file, and nothing else is in the cache. */
static void
assert_cache_consistent (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->catalog, "SELECT path FROM thumbnails", &error);
  const char *dir = bindery_context_get_thumbnail_dir (fixture->context);
  guint files = 0;

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *abs = g_build_filename (dir, (const char *) sqlite3_column_text (stmt, 0), NULL);
      int w, h;
      webp_size (abs, &w, &h);
      g_hash_table_add (named, abs);
    }
  sqlite3_reset (stmt);

  g_ptr_array_add (stack, g_strdup (dir));
  while (stack->len > 0)
    {
      g_autofree char *d = g_ptr_array_steal_index (stack, stack->len - 1);
      g_autoptr(GDir) handle = g_dir_open (d, 0, NULL);
      const char *name;

      while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
        {
          char *child = g_build_filename (d, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (stack, child);
          else
            {
              if (!g_hash_table_contains (named, child))
                g_error ("%s is in the cache but no thumbnail row names it", child);
              files++;
              g_free (child);
            }
        }
    }
  g_assert_cmpuint (files, ==, g_hash_table_size (named));
}

static gboolean
logs_have (Fixture *fixture, gint64 job_id, const char *level, const char *path_part, const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) job = bindery_catalog_get_job (fixture->catalog, job_id, &error);
  JsonArray *logs;

  g_assert_no_error (error);
  logs = json_object_get_array_member (job, "logs");
  for (guint i = 0; i < json_array_get_length (logs); i++)
    {
      JsonObject *line = json_array_get_object_element (logs, i);
      const char *path = json_object_get_string_member_with_default (line, "path", NULL);

      if (g_str_equal (json_object_get_string_member (line, "level"), level)
          && path != NULL && strstr (path, path_part) != NULL
          && strstr (json_object_get_string_member (line, "message"), message_part) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gint64
last_job_id (Fixture *fixture)
{
  return count (fixture, "SELECT MAX(id) FROM jobs WHERE type = 'thumbnails'");
}

/* --- tests ----------------------------------------------------------------------------- */

static void
test_library (Fixture *fixture, gconstpointer data)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *book_path = NULL;
  g_autofree char *series_cover = NULL;
  g_autofree char *library_cover = NULL;
  gint64 ready, job_id;
  int w, h;

  scan (fixture);
  ready = count (fixture, "SELECT COUNT(*) FROM books WHERE status = 'ready'");
  g_assert_cmpint (ready, ==, 14);

  first = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                      BINDERY_JOB_STATE_COMPLETED, changed);
  job_id = last_job_id (fixture);
  g_assert_cmpint (report_int (first, "books"), ==, ready);
  g_assert_cmpint (report_int (first, "failed"), ==, 1);      /* Nothing Decodes */
  g_assert_cmpint (report_int (first, "no_cover"), ==, 1);    /* Short Story.epub */
  g_assert_cmpint (report_int (first, "generated"), ==, ready - 2);
  g_assert_cmpint (report_int (first, "skipped"), ==, 0);
  g_assert_cmpint (report_int (first, "bytes_written"), >, 0);
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM thumbnails"), ==, ready - 2);
  g_assert_cmpint (count (fixture, "SELECT SUM(bytes) FROM thumbnails"), ==, report_int (first, "bytes_written"));
  g_assert_cmpuint (changed->len, ==, ready - 2);
  assert_cache_consistent (fixture);

  /* the fallbacks are warnings naming the bad cover; the book with no page, an error */
  g_assert_true (logs_have (fixture, job_id, "warning", "corrupt-cover.cbz", "001.jpg"));
  g_assert_true (logs_have (fixture, job_id, "warning", "huge-dimensions-cover.cbz", "001.png"));
  g_assert_true (logs_have (fixture, job_id, "warning", "book-image-format-test.zip", "book/1.avif"));
  g_assert_true (logs_have (fixture, job_id, "error", "Nothing Decodes.cbz", "001.jpg"));
  g_assert_null (thumb_path (fixture, book_id (fixture, "Broken/Nothing Decodes.cbz"), NULL));

  /* sizes: 480 × 726 → 264 × 400; a 160 × 240 cover is not scaled up */
  book_path = thumb_path (fixture, book_id (fixture, "Science/science_comics_001.cbz"), NULL);
  webp_size (book_path, &w, &h);
  g_assert_cmpint (h, ==, 400);
  g_assert_cmpint (ABS (w - 480 * 400 / 726), <=, 1);
  g_clear_pointer (&book_path, g_free);
  book_path = thumb_path (fixture, book_id (fixture, "Ultra/Ultra Quest 001 (2021).cbr"), NULL);
  webp_size (book_path, &w, &h);
  g_assert_cmpint (w, ==, 160);
  g_assert_cmpint (h, ==, 240);

  /* the lookups the UI and `books --json` use */
  g_clear_pointer (&book_path, g_free);
  book_path = bindery_thumbnail_cache_path_for_book (fixture->catalog,
                                                     bindery_context_get_thumbnail_dir (fixture->context),
                                                     book_id (fixture, "Saga/Saga 002.cbz"));
  g_assert_nonnull (book_path);
  g_assert_true (g_path_is_absolute (book_path));
  g_assert_true (g_file_test (book_path, G_FILE_TEST_IS_REGULAR));
  g_assert_null (bindery_thumbnail_cache_path_for_book (fixture->catalog,
                                                        bindery_context_get_thumbnail_dir (fixture->context),
                                                        book_id (fixture, "Books/Short Story.epub")));
  series_cover = bindery_thumbnail_cache_path_for_series (fixture->catalog,
                                                          bindery_context_get_thumbnail_dir (fixture->context),
                                                          count (fixture, "SELECT series_id FROM books WHERE rel_path = CAST('Saga/Saga 002.cbz' AS BLOB)"));
  {
    g_autofree char *saga1 = thumb_path (fixture, book_id (fixture, "Saga/Saga 001.cbz"), NULL);
    g_assert_cmpstr (series_cover, ==, saga1);   /* the first book by number */
  }
  library_cover = bindery_thumbnail_cache_path_for_library (fixture->catalog,
                                                            bindery_context_get_thumbnail_dir (fixture->context),
                                                            fixture->library_id);
  g_assert_nonnull (library_cover);

  /* again, missing-only: everything fresh is skipped; only the failure is tried again */
  g_array_set_size (changed, 0);
  second = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, changed);
  g_assert_cmpint (report_int (second, "generated"), ==, 0);
  g_assert_cmpint (report_int (second, "skipped"), ==, ready - 2);
  g_assert_cmpint (report_int (second, "failed"), ==, 1);
  g_assert_cmpint (report_int (second, "bytes_written"), ==, 0);
  g_assert_cmpuint (changed->len, ==, 0);
  assert_cache_consistent (fixture);
}

/* A replaced cover, rescanned: new key, new file, the old file gone. */
static void
test_stale_cover (Fixture *fixture, gconstpointer data)
{
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *old_key = NULL, *new_key = NULL;
  g_autofree char *old_path = NULL, *new_path = NULL;
  g_autofree char *book = g_build_filename (fixture->root, "Saga", "Saga 001.cbz", NULL);
  struct utimbuf times = { 2000000000, 2000000000 };
  gint64 id;
  int w, h;

  scan (fixture);
  g_clear_pointer (&report, json_object_unref);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  id = book_id (fixture, "Saga/Saga 001.cbz");
  old_path = thumb_path (fixture, id, &old_key);
  g_assert_nonnull (old_path);
  g_assert_true (g_file_test (old_path, G_FILE_TEST_IS_REGULAR));

  write_cbz (fixture, "Saga/Saga 001.cbz", 600, 900, FALSE);
  g_assert_cmpint (utime (book, &times), ==, 0);
  scan (fixture);
  g_assert_cmpint (book_id (fixture, "Saga/Saga 001.cbz"), ==, id);

  g_clear_pointer (&report, json_object_unref);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "generated"), ==, 1);
  new_path = thumb_path (fixture, id, &new_key);
  g_assert_cmpstr (new_key, !=, old_key);
  g_assert_cmpstr (new_path, !=, old_path);
  g_assert_true (g_file_test (new_path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (old_path, G_FILE_TEST_EXISTS));
  webp_size (new_path, &w, &h);
  g_assert_cmpint (h, ==, 400);
  g_assert_cmpint (w, ==, 267);   /* 600 × 400 / 900 = 266.7 */
  assert_cache_consistent (fixture);
}

static void
set_option (Fixture *fixture, const char *key, const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyLibrary) library = bindery_catalog_get_library (fixture->catalog, fixture->library_id, &error);

  g_assert_no_error (error);
  g_assert_true (bindery_library_set_option (library, key, value, &error));
  g_assert_true (bindery_library_save (library, fixture->catalog, &error));
  g_assert_no_error (error);
}

/* A new quality or height makes every thumbnail again and drops the old files;
 * force makes them again under the same names. */
static void
test_options_and_force (Fixture *fixture, gconstpointer data)
{
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *path_q80 = NULL, *path_q50 = NULL, *path_h200 = NULL, *path_forced = NULL;
  gint64 id, made;
  int w, h;

  scan (fixture);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  made = report_int (report, "generated");
  id = book_id (fixture, "Science/science_comics_001.cbz");
  path_q80 = thumb_path (fixture, id, NULL);

  set_option (fixture, "thumbnail-quality", "50");
  g_clear_pointer (&report, json_object_unref);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "generated"), ==, made);
  g_assert_cmpint (report_int (report, "quality"), ==, 50);
  path_q50 = thumb_path (fixture, id, NULL);
  g_assert_cmpstr (path_q50, !=, path_q80);
  g_assert_false (g_file_test (path_q80, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM thumbnails WHERE quality != 50"), ==, 0);
  assert_cache_consistent (fixture);

  set_option (fixture, "thumbnail-height", "200");
  g_clear_pointer (&report, json_object_unref);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "generated"), ==, made);
  path_h200 = thumb_path (fixture, id, NULL);
  g_assert_false (g_file_test (path_q50, G_FILE_TEST_EXISTS));
  webp_size (path_h200, &w, &h);
  g_assert_cmpint (h, ==, 200);
  g_assert_cmpint (count (fixture, "SELECT MAX(height) FROM thumbnails"), ==, 200);
  assert_cache_consistent (fixture);

  g_clear_pointer (&report, json_object_unref);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, TRUE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "generated"), ==, made);
  g_assert_cmpint (report_int (report, "skipped"), ==, 0);
  g_assert_true (json_object_get_boolean_member (report, "force"));
  path_forced = thumb_path (fixture, id, NULL);
  g_assert_cmpstr (path_forced, ==, path_h200);
  g_assert_true (g_file_test (path_forced, G_FILE_TEST_IS_REGULAR));
  assert_cache_consistent (fixture);

  /* a deleted file is missing again */
  g_assert_cmpint (g_unlink (path_forced), ==, 0);
  g_clear_pointer (&report, json_object_unref);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "generated"), ==, 1);
  g_assert_true (g_file_test (path_forced, G_FILE_TEST_IS_REGULAR));

  /* so is an empty one (what a crash can leave: cache files are written without fsync) */
  g_assert_true (g_file_set_contents (path_forced, "", 0, NULL));
  g_clear_pointer (&report, json_object_unref);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "generated"), ==, 1);
  webp_size (path_forced, &w, &h);
  g_assert_cmpint (h, ==, 200);
  assert_cache_consistent (fixture);
}

/* Targets: a list of books, one series. */
static void
test_targets (Fixture *fixture, gconstpointer data)
{
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 saga1, saga_series;

  scan (fixture);
  saga1 = book_id (fixture, "Saga/Saga 001.cbz");
  g_array_append_val (ids, saga1);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_books (fixture->library_id, ids, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "books"), ==, 1);
  g_assert_cmpint (report_int (report, "generated"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM thumbnails"), ==, 1);

  saga_series = count (fixture, "SELECT series_id FROM books WHERE rel_path = CAST('Saga/Saga 001.cbz' AS BLOB)");
  g_clear_pointer (&report, json_object_unref);
  report = thumbnails (fixture, bindery_thumbnail_job_new_for_series (fixture->library_id, saga_series, FALSE),
                       BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "books"), ==, 2);
  g_assert_cmpint (report_int (report, "generated"), ==, 1);
  g_assert_cmpint (report_int (report, "skipped"), ==, 1);
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM thumbnails"), ==, 2);
}

static gboolean
queue_busy (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (bindery_job_queue_is_busy (fixture->queue) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return bindery_job_queue_is_busy (fixture->queue);
}

/* After a scan that created books, the thumbnail job follows when the library's
 * option is on, and not when it is off. */
static void
test_after_scan (Fixture *fixture, gconstpointer data)
{
  gint64 ready;

  bindery_job_queue_set_defer_follow_ups (fixture->queue, FALSE);

  set_option (fixture, "thumbnails", "false");
  scan (fixture);
  g_assert_false (queue_busy (fixture));
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM jobs WHERE type = 'thumbnails'"), ==, 0);
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM thumbnails"), ==, 0);

  set_option (fixture, "thumbnails", "true");
  write_cbz (fixture, "Saga/Saga 003.cbz", 300, 450, FALSE);
  scan (fixture);
  g_assert_false (queue_busy (fixture));
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM jobs WHERE type = 'thumbnails' AND state = 'completed'"), ==, 1);
  ready = count (fixture, "SELECT COUNT(*) FROM thumbnails t JOIN books b ON b.id = t.book_id"
                          " WHERE b.rel_path = CAST('Saga/Saga 003.cbz' AS BLOB)");
  g_assert_cmpint (ready, ==, 1);
}

/* bindery-cli thumbnails LIBRARY --json: runs, reports, exits 1 when a book failed. */
static void
test_cli (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *data_dir = g_strdup (bindery_context_get_data_dir (fixture->context));
  g_autofree char *library = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->library_id);
  const char *cli = g_getenv ("BINDERY_CLI");
  JsonObject *report;
  int status;

  scan (fixture);
  /* the CLI takes the data dir's lock: give it up */
  fixture->catalog = NULL;
  g_assert_finalize_object (g_steal_pointer (&fixture->queue));
  bindery_context_unlock (fixture->context);

  {
    const char *argv[] = { cli, "--data-dir", data_dir, "thumbnails", library, "--json", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
  }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);   /* Nothing Decodes failed */
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (report_int (report, "failed"), ==, 1);
  g_assert_cmpint (report_int (report, "generated"), ==, 12);

  {
    const char *argv[] = { cli, "--data-dir", data_dir, "thumbnails", NULL };
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  }

  g_assert_true (bindery_context_lock (fixture->context, &error));
  fixture->queue = bindery_job_queue_new (fixture->context, 0, &error);
  g_assert_no_error (error);
  fixture->catalog = bindery_job_queue_get_catalog (fixture->queue);
}

/* --- many books: progress in the catalog, the wanted books first ----------------------- */

#define N_MANY 300

/* N_MANY small books in 10 series, scanned. */
static void
many_books (Fixture *fixture)
{
  for (guint i = 0; i < N_MANY; i++)
    {
      g_autofree char *rel = g_strdup_printf ("Many %02u/Many %02u %03u.cbz", i / 30, i / 30, i);

      write_cbz (fixture, rel, 200, 300, FALSE);
    }
  scan (fixture);
  g_assert_cmpint (count (fixture, "SELECT COUNT(*) FROM books WHERE status = 'ready'"), >=, 14 + N_MANY);
}

static BinderyJob *
thumbnail_job_with_threads (Fixture *fixture, guint threads)
{
  g_autoptr(JsonObject) options = json_object_new ();

  json_object_set_boolean_member (options, "force", FALSE);
  json_object_set_int_member (options, "threads", threads);
  return g_object_new (BINDERY_TYPE_THUMBNAIL_JOB, "library-id", fixture->library_id, "options", options,
                       "title", "Thumbnails", NULL);
}

/* The job's row as another connection sees it. */
static void
read_job_row (BinderyCatalog *reader, gint64 id, gint64 *done, gint64 *total, char **state)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (reader,
                                                "SELECT items_done, items_total, state FROM jobs WHERE id = ?1",
                                                &error);

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *done = sqlite3_column_int64 (stmt, 0);
  *total = sqlite3_column_int64 (stmt, 1);
  *state = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  sqlite3_reset (stmt);
}

typedef struct {
  BinderyCatalog *reader;     /* another connection: sees only what was committed */
  BinderyJob     *job;
  guint64         announced;
  gint64          done;
  gint64          total;
} ProgressWatch;

static void
on_progress_books_changed (BinderyJob *job, GArray *ids, ProgressWatch *watch)
{
  g_autofree char *state = NULL;
  gint64 done, total;

  watch->announced += ids->len;
  read_job_row (watch->reader, bindery_job_get_id (job), &done, &total, &state);
  /* The row counts at least the thumbnails announced so far: they were committed with it. */
  g_assert_cmpint (done, >=, (gint64) watch->announced);
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The row, read again, shows some progress. */
static gboolean
row_shows_progress (ProgressWatch *watch)
{
  g_autofree char *state = NULL;

  read_job_row (watch->reader, bindery_job_get_id (watch->job), &watch->done, &watch->total, &state);
  return watch->done > 0 && g_str_equal (state, "running");
}

/* A running job's row keeps its items done as it goes, for other processes
 * (`bindery-cli jobs`), although the job holds the catalog's write lock most of the time;
 * paused, it holds no lock. The job's last book is a named pipe: the job waits on it,
 * running, until the test opens it too. */
static void
test_progress_persisted (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *fifo = g_build_filename (fixture->root, "Zzz", "Zzz 001.cbz", NULL);
  ProgressWatch watch = { 0, };
  gint64 deadline;
  guint wake;
  int fd;

  write_cbz (fixture, "Zzz/Zzz 001.cbz", 200, 300, FALSE);
  many_books (fixture);
  g_assert_cmpint (g_unlink (fifo), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  watch.reader = bindery_catalog_open (bindery_context_get_catalog_path (fixture->context),
                                       BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  job = bindery_job_queue_push (fixture->queue, thumbnail_job_with_threads (fixture, 2));
  g_object_unref (job);   /* the queue's reference, returned */
  watch.job = job;
  g_signal_connect (job, "books-changed", G_CALLBACK (on_progress_books_changed), &watch);

  /* Looks again at each flush of the job, and every 100 ms besides. */
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  wake = g_timeout_add (100, keep_waking, NULL);
  while (!row_shows_progress (&watch) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  g_assert_cmpint (watch.done, >, 0);                  /* one batch at least */
  g_assert_cmpint (watch.done, <, watch.total);        /* the pipe is not done */
  g_assert_cmpint (watch.total, ==, 15 + N_MANY);
  g_assert_false (bindery_job_state_is_finished (bindery_job_get_state (job)));

  /* Not a book after all: while the test holds the pipe open for writing, the job's
   * opens of it do not wait; then a junk file takes its place (the job opens a book
   * again when its cover fails). The job is paused as it finishes it, and holds
   * no write transaction while paused: a write goes through (or fails after the
   * catalog's busy timeout). */
  fd = g_open (fifo, O_WRONLY, 0);    /* returns once the job opens it too */
  g_assert_cmpint (fd, >=, 0);
  bindery_job_pause (job);
  {
    g_autofree char *junk = g_build_filename (fixture->root, "Zzz", "junk", NULL);

    g_assert_true (g_file_set_contents (junk, "not a zip", -1, NULL));
    g_assert_cmpint (g_rename (junk, fifo), ==, 0);
  }
  g_assert_true (g_close (fd, NULL));
  g_assert_true (bindery_catalog_exec (fixture->catalog, "BEGIN IMMEDIATE; COMMIT;", &error));
  g_assert_no_error (error);

  bindery_job_resume (job);
  bindery_job_queue_wait (fixture->queue, job);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_COMPLETED);
  report = bindery_job_dup_report (job);
  g_assert_cmpint (report_int (report, "generated"), ==, 12 + N_MANY);
  g_assert_cmpint (report_int (report, "failed"), ==, 2);
  g_assert_cmpuint (watch.announced, ==, 12 + N_MANY);
  g_assert_cmpint (count (fixture, "SELECT items_done FROM jobs WHERE id = (SELECT MAX(id) FROM jobs)"), ==, 15 + N_MANY);
  g_clear_object (&watch.reader);
}

static guint
index_of (GArray *ids, gint64 id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        return i;
    }
  g_error ("book %" G_GINT64_FORMAT " was not announced", id);
}

/* The books a gallery shows are made before the rest, even the job's last ones; ids the
 * job has nothing to make for are ignored. */
static void
test_prioritize (Fixture *fixture, gconstpointer data)
{
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint threads = 2;
  gint64 nothing = G_MAXINT32;

  many_books (fixture);
  /* Made already: nothing to do for it in the job. */
  {
    g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (gint64));
    gint64 saga1 = book_id (fixture, "Saga/Saga 001.cbz");
    g_autoptr(JsonObject) report = NULL;

    g_array_append_val (one, saga1);
    report = thumbnails (fixture, bindery_thumbnail_job_new_for_books (fixture->library_id, one, FALSE),
                         BINDERY_JOB_STATE_COMPLETED, NULL);
    g_array_append_val (wanted, saga1);
  }
  g_array_append_val (wanted, nothing);
  /* The last five books of the last series, in the job's order (series, then path). */
  for (guint i = N_MANY - 5; i < N_MANY; i++)
    {
      g_autofree char *rel = g_strdup_printf ("Many %02u/Many %02u %03u.cbz", i / 30, i / 30, i);
      gint64 id = book_id (fixture, rel);

      g_array_append_val (wanted, id);
    }

  job = thumbnail_job_with_threads (fixture, threads);
  bindery_thumbnail_job_prioritize (BINDERY_THUMBNAIL_JOB (job), (const gint64 *) (gpointer) wanted->data,
                                    wanted->len);
  {
    g_autoptr(JsonObject) report = thumbnails (fixture, g_object_ref (job), BINDERY_JOB_STATE_COMPLETED, order);

    g_assert_cmpint (report_int (report, "skipped"), ==, 1);
  }
  g_assert_cmpuint (order->len, ==, 12 + N_MANY - 1);

  /* The five come first; at most the pool's books in flight (2 per thread) beside them. */
  for (guint i = 2; i < wanted->len; i++)
    g_assert_cmpuint (index_of (order, g_array_index (wanted, gint64, i)), <, 5 + 2 * 2 * threads);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);
  test_require_folder ("BINDERY_FIXTURES");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/thumbs/job/library", test_library);
  ADD ("/thumbs/job/stale-cover", test_stale_cover);
  ADD ("/thumbs/job/options-and-force", test_options_and_force);
  ADD ("/thumbs/job/targets", test_targets);
  ADD ("/thumbs/job/after-scan", test_after_scan);
  ADD ("/thumbs/job/cli", test_cli);
  ADD ("/thumbs/job/progress-persisted", test_progress_persisted);
  ADD ("/thumbs/job/prioritize", test_prioritize);
#undef ADD

  return g_test_run ();
}
