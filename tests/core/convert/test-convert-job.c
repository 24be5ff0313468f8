/* test-convert-job.c: the conversion job over a scanned library (real catalog, real files)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "bindery-convert-books.h"
#include "bindery-convert-job.h"
#include "bindery-converter.h"
#include "bindery-job-queue.h"
#include "bindery-library.h"
#include "bindery-scan-job.h"
#include "bindery-thumbnail-job.h"
#include "book-test-util.h"
#include "convert-test-util.h"
#include "test-fixtures.h"

typedef struct {
  char            *dir;
  char            *root;
  BinderyContext  *context;
  BinderyJobQueue *queue;
  BinderyCatalog  *catalog;
  gint64           library_id;
} Fixture;

static void
copy_fixture (Fixture    *fixture,
              const char *rel,
              const char *dest_rel)
{
  g_autofree char *src = book_test_fixture (rel);
  g_autofree char *dest = g_build_filename (fixture->root, dest_rel, NULL);
  g_autofree char *parent = g_path_get_dirname (dest);
  g_autofree char *base = g_path_get_basename (dest);
  g_autofree char *copy = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  copy = book_test_copy (src, parent, base);
  /* Fixtures are read-only; a user's books are not. */
  g_assert_cmpint (g_chmod (copy, 0644), ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(BinderyLibrary) library = NULL;

  fixture->dir = book_test_tmpdir ();
  fixture->root = g_build_filename (fixture->dir, "Comics", NULL);
  data_dir = g_build_filename (fixture->dir, "data", NULL);

  copy_fixture (fixture, "comics/Moonlit Garden v01.cbr", "Moonlit/Moonlit Garden v01.cbr");
  copy_fixture (fixture, "comics/Ultra Quest 001 (2021).cbr", "Ultra/Ultra Quest 001 (2021).cbr");
  copy_fixture (fixture, "comics/Harbor Lights 003.cb7", "Harbor/Harbor Lights 003.cb7");
  copy_fixture (fixture, "comics/Harbor Lights 004.cbt", "Harbor/Harbor Lights 004.cbt");
  copy_fixture (fixture, "library/Saga/Saga 001.cbz", "Saga/Saga 001.cbz");
  copy_fixture (fixture, "broken/encrypted-pages.cbr", "Broken/encrypted-pages.cbr");
  /* Its CBZ name is taken by another book. */
  copy_fixture (fixture, "library/Batman (2016)/Batman 001 (2016).cbr", "Batman/Batman 001 (2016).cbr");
  copy_fixture (fixture, "library/Saga/Saga 002.cbz", "Batman/Batman 001 (2016).cbz");

  fixture->context = bindery_context_new (data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_context_lock (fixture->context, &error));
  fixture->queue = bindery_job_queue_new (fixture->context, 0, &error);
  g_assert_no_error (error);
  bindery_job_queue_set_defer_follow_ups (fixture->queue, TRUE);
  fixture->catalog = bindery_job_queue_get_catalog (fixture->queue);
  bindery_scan_job_register_types ();
  bindery_thumbnail_job_register_type ();
  bindery_convert_job_register_type ();

  library = bindery_catalog_add_library (fixture->catalog, fixture->root, NULL,
                                         BINDERY_LIBRARY_PATTERN_SERIES, &error);
  g_assert_no_error (error);
  fixture->library_id = bindery_library_get_id (library);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fixture->catalog = NULL;
  g_assert_finalize_object (fixture->queue);
  g_clear_object (&fixture->context);
  book_test_rmtree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->root);
}

static void
on_books_changed (BinderyJob *job,
                  GArray     *ids,
                  GArray     *changed)
{
  g_array_append_vals (changed, ids->data, ids->len);
}

/* Runs job (taken) to its end; its report. */
static JsonObject *
run_job (Fixture         *fixture,
         BinderyJob      *job,
         BinderyJobState  want_state,
         GArray          *changed)
{
  g_autoptr(BinderyJob) owned = job;
  g_autoptr(BinderyJob) running = bindery_job_queue_push (fixture->queue, job);

  if (changed != NULL)
    g_signal_connect (running, "books-changed", G_CALLBACK (on_books_changed), changed);
  bindery_job_queue_wait (fixture->queue, running);
  g_assert_cmpint (bindery_job_get_state (running), ==, want_state);
  return bindery_job_dup_report (running);
}

static JsonObject *
scan (Fixture *fixture)
{
  return run_job (fixture, bindery_scan_job_new (fixture->library_id, NULL),
                  BINDERY_JOB_STATE_COMPLETED, NULL);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
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

static char *
query_text (Fixture    *fixture,
            const char *sql,
            gint64      id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->catalog, sql, &error);
  char *text = NULL;

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

static gint64
book_id (Fixture    *fixture,
         const char *rel_path)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->catalog, "SELECT id FROM books WHERE rel_path = ?1", &error);
  gint64 id = 0;

  g_assert_no_error (error);
  sqlite3_bind_blob (stmt, 1, rel_path, strlen (rel_path), SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static gint64
report_int (JsonObject *report,
            const char *key)
{
  g_assert_true (json_object_has_member (report, key));
  return json_object_get_int_member (report, key);
}

static char *
root_file (Fixture    *fixture,
           const char *rel)
{
  return g_build_filename (fixture->root, rel, NULL);
}

static char *
trash_file (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "Trash", "files", name, NULL);
}

/* Files in the trash (shared by the tests of this program). */
static guint
count_trash (void)
{
  g_autofree char *files = g_build_filename (g_get_user_data_dir (), "Trash", "files", NULL);
  g_autoptr(GDir) dir = g_dir_open (files, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A converted book: same id, the row on the new file (format, size, fingerprint), the
 * pages of the original, the original in the trash byte for byte. */
static void
assert_converted (Fixture    *fixture,
                  gint64      id,
                  const char *old_rel,
                  const char *new_rel,
                  const char *old_sha)
{
  g_autofree char *old_path = root_file (fixture, old_rel);
  g_autofree char *new_path = root_file (fixture, new_rel);
  g_autofree char *base = g_path_get_basename (old_rel);
  g_autofree char *trashed = trash_file (base);
  g_autofree char *rel = query_text (fixture, "SELECT rel_path FROM books WHERE id = ?1", id);
  g_autofree char *format = query_text (fixture, "SELECT format FROM books WHERE id = ?1", id);
  g_autofree char *fingerprint = query_text (fixture, "SELECT fingerprint FROM books WHERE id = ?1", id);
  g_autofree char *expected_fp = bindery_book_fingerprint (new_path, NULL);
  g_autofree char *trashed_sha = NULL;
  g_autoptr(GPtrArray) source = convert_test_read_archive (trashed);
  g_autoptr(GPtrArray) converted = convert_test_read_zip (new_path);

  g_assert_cmpstr (rel, ==, new_rel);
  g_assert_cmpstr (format, ==, "zip");
  g_assert_cmpstr (fingerprint, ==, expected_fp);
  g_assert_false (g_file_test (old_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (trashed, G_FILE_TEST_IS_REGULAR));
  trashed_sha = convert_test_file_sha256 (trashed);
  g_assert_cmpstr (trashed_sha, ==, old_sha);
  convert_test_assert_same_entries (source, converted);
}

static void
test_library (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonObject) scan_report = NULL;
  g_autoptr(JsonObject) thumbs = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) rescan = NULL;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *stale = root_file (fixture, "Ultra/" BINDERY_CONVERT_TEMP_PREFIX "k1LLed" BINDERY_CONVERT_TEMP_SUFFIX);
  g_autofree char *moonlit = root_file (fixture, "Moonlit/Moonlit Garden v01.cbr");
  g_autofree char *ultra = root_file (fixture, "Ultra/Ultra Quest 001 (2021).cbr");
  g_autofree char *harbor = root_file (fixture, "Harbor/Harbor Lights 003.cb7");
  g_autofree char *batman = root_file (fixture, "Batman/Batman 001 (2016).cbr");
  g_autofree char *encrypted = root_file (fixture, "Broken/encrypted-pages.cbr");
  g_autofree char *moonlit_sha = convert_test_file_sha256 (moonlit);
  g_autofree char *ultra_sha = convert_test_file_sha256 (ultra);
  g_autofree char *harbor_sha = convert_test_file_sha256 (harbor);
  g_autofree char *batman_sha = convert_test_file_sha256 (batman);
  g_autofree char *encrypted_sha = convert_test_file_sha256 (encrypted);
  g_autofree char *batman_after = NULL;
  g_autofree char *encrypted_after = NULL;
  g_autofree char *thumb_before = NULL;
  g_autofree char *thumb_after = NULL;
  g_autofree char *thumb_file = NULL;
  gint64 books, id_moonlit, id_ultra, id_harbor;

  /* A temporary file a killed conversion left: hidden, so never a book. */
  g_assert_true (g_file_set_contents (stale, "PK half a zip", -1, NULL));
  scan_report = scan (fixture);
  books = query_int (fixture, "SELECT count(*) FROM books");
  g_assert_cmpint (books, ==, 8);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books WHERE CAST(rel_path AS TEXT) LIKE '%.tmp'"), ==, 0);
  thumbs = run_job (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                    BINDERY_JOB_STATE_COMPLETED, NULL);

  id_moonlit = book_id (fixture, "Moonlit/Moonlit Garden v01.cbr");
  id_ultra = book_id (fixture, "Ultra/Ultra Quest 001 (2021).cbr");
  id_harbor = book_id (fixture, "Harbor/Harbor Lights 003.cb7");
  g_assert_cmpint (id_moonlit, >, 0);
  thumb_before = query_text (fixture, "SELECT cache_key FROM thumbnails WHERE book_id = ?1", id_ultra);
  g_assert_nonnull (thumb_before);

  /* What the app and the dry run see. */
  g_assert_cmpint (bindery_convert_count_convertible (fixture->catalog, fixture->library_id, NULL, NULL), ==, 4);

  report = run_job (fixture, bindery_convert_job_new_for_library (fixture->library_id),
                    BINDERY_JOB_STATE_COMPLETED, changed);
  g_assert_cmpint (report_int (report, "books"), ==, 5);
  g_assert_cmpint (report_int (report, "converted"), ==, 3);
  g_assert_cmpint (report_int (report, "skipped"), ==, 1);   /* encrypted */
  g_assert_cmpint (report_int (report, "failed"), ==, 1);    /* Batman: its .cbz name is taken */
  g_assert_cmpint (report_int (report, "trashed"), ==, 3);
  g_assert_cmpint (report_int (report, "deleted"), ==, 0);
  g_assert_cmpint (report_int (report, "bytes_before"), >, 0);
  g_assert_cmpint (report_int (report, "bytes_after"), >, 0);
  g_assert_cmpuint (changed->len, ==, 3);

  /* Same ids, new files, originals in the trash; the others untouched. */
  assert_converted (fixture, id_moonlit, "Moonlit/Moonlit Garden v01.cbr", "Moonlit/Moonlit Garden v01.cbz", moonlit_sha);
  assert_converted (fixture, id_ultra, "Ultra/Ultra Quest 001 (2021).cbr", "Ultra/Ultra Quest 001 (2021).cbz", ultra_sha);
  assert_converted (fixture, id_harbor, "Harbor/Harbor Lights 003.cb7", "Harbor/Harbor Lights 003.cbz", harbor_sha);
  batman_after = convert_test_file_sha256 (batman);
  encrypted_after = convert_test_file_sha256 (encrypted);
  g_assert_cmpstr (batman_after, ==, batman_sha);
  g_assert_cmpstr (encrypted_after, ==, encrypted_sha);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books"), ==, books);

  /* The cover carried over under the new key: the thumbnail job makes none again. */
  thumb_after = query_text (fixture, "SELECT cache_key FROM thumbnails WHERE book_id = ?1", id_ultra);
  g_assert_nonnull (thumb_after);
  g_assert_cmpstr (thumb_after, !=, thumb_before);
  thumb_file = query_text (fixture, "SELECT path FROM thumbnails WHERE book_id = ?1", id_ultra);
  {
    g_autofree char *abs = g_build_filename (bindery_context_get_thumbnail_dir (fixture->context), thumb_file, NULL);
    g_autoptr(JsonObject) again = NULL;

    g_assert_true (g_file_test (abs, G_FILE_TEST_IS_REGULAR));
    again = run_job (fixture, bindery_thumbnail_job_new_for_library (fixture->library_id, FALSE),
                     BINDERY_JOB_STATE_COMPLETED, NULL);
    g_assert_cmpint (report_int (again, "generated"), ==, 0);
  }

  /* The catalog matches the disk: a rescan finds nothing new, moved or missing. */
  rescan = scan (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books"), ==, books);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books WHERE status = 'missing'"), ==, 0);
  g_assert_cmpint (book_id (fixture, "Ultra/Ultra Quest 001 (2021).cbz"), ==, id_ultra);
  g_assert_cmpint (bindery_convert_count_convertible (fixture->catalog, fixture->library_id, NULL, NULL), ==, 1);
}

static void
test_delete_originals_and_targets (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) report2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moonlit = root_file (fixture, "Moonlit/Moonlit Garden v01.cbr");
  g_autofree char *ultra = root_file (fixture, "Ultra/Ultra Quest 001 (2021).cbr");
  g_autofree char *harbor = root_file (fixture, "Harbor/Harbor Lights 003.cb7");
  gint64 id_moonlit, series_ultra;
  guint in_trash;

  library = bindery_catalog_get_library (fixture->catalog, fixture->library_id, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_library_set_option (library, "delete-converted-originals", "true", &error));
  g_assert_true (bindery_library_save (library, fixture->catalog, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, json_object_unref);
  report = scan (fixture);
  g_clear_pointer (&report, json_object_unref);

  /* One book by id: only it; deleted, not trashed. */
  in_trash = count_trash ();
  id_moonlit = book_id (fixture, "Moonlit/Moonlit Garden v01.cbr");
  report = run_job (fixture, bindery_convert_job_new_for_books (fixture->library_id, &id_moonlit, 1),
                    BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "books"), ==, 1);
  g_assert_cmpint (report_int (report, "converted"), ==, 1);
  g_assert_cmpint (report_int (report, "deleted"), ==, 1);
  g_assert_false (g_file_test (moonlit, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_trash (), ==, in_trash);
  g_assert_true (g_file_test (ultra, G_FILE_TEST_EXISTS));

  /* One series: only its book. */
  series_ultra = query_int (fixture, "SELECT series_id FROM books WHERE CAST(rel_path AS TEXT) LIKE 'Ultra/%'");
  report2 = run_job (fixture, bindery_convert_job_new_for_series (fixture->library_id, series_ultra),
                     BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report2, "books"), ==, 1);
  g_assert_cmpint (report_int (report2, "converted"), ==, 1);
  g_assert_false (g_file_test (ultra, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (harbor, G_FILE_TEST_EXISTS));
}

/* A job recreated from its type name, as the queue does for a follow-up or a resume. */
static void
test_constructible_by_type (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonObject) options = json_object_new ();
  g_autoptr(JsonObject) report = NULL;
  GType type = bindery_job_lookup_type ("convert");
  BinderyJob *job;

  g_assert_true (type == BINDERY_TYPE_CONVERT_JOB);
  report = scan (fixture);
  g_clear_pointer (&report, json_object_unref);
  job = g_object_new (type, "library-id", fixture->library_id, "target", NULL, "options", options, NULL);
  g_assert_cmpstr (bindery_job_get_type_name (job), ==, "convert");
  report = run_job (fixture, job, BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "converted"), ==, 3);
}

/* What a run killed after its rename leaves (the CBZ in place, the catalog on the
 * original) and what one killed after its catalog update leaves (the original beside the
 * CBZ the book points at): the next run completes both, losing nothing. */
static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) report2 = NULL;
  g_autoptr(JsonObject) rescan = NULL;
  g_autofree char *ultra = root_file (fixture, "Ultra/Ultra Quest 001 (2021).cbr");
  g_autofree char *ultra_cbz = root_file (fixture, "Ultra/Ultra Quest 001 (2021).cbz");
  g_autofree char *ultra_sha = convert_test_file_sha256 (ultra);
  g_autofree char *moonlit = root_file (fixture, "Moonlit/Moonlit Garden v01.cbr");
  g_autofree char *moonlit_sha = convert_test_file_sha256 (moonlit);
  g_autofree char *saved = g_build_filename (fixture->dir, "moonlit.cbr", NULL);
  BinderyConvertResult result = { 0 };
  gint64 id_ultra, id_moonlit, books, in_trash;

  report = scan (fixture);
  g_clear_pointer (&report, json_object_unref);
  books = query_int (fixture, "SELECT count(*) FROM books");
  id_ultra = book_id (fixture, "Ultra/Ultra Quest 001 (2021).cbr");
  id_moonlit = book_id (fixture, "Moonlit/Moonlit Garden v01.cbr");

  /* Killed after the rename: the CBZ exists, the catalog and the original as before. */
  g_assert_true (bindery_converter_convert (ultra, BINDERY_BOOK_FORMAT_RAR, NULL, &result, NULL));
  bindery_convert_result_clear (&result);

  /* Killed after the catalog update: Moonlit converted, its original back in place. */
  {
    g_autofree char *contents = NULL;
    gsize len;
    g_assert_true (g_file_get_contents (moonlit, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (saved, contents, len, NULL));
  }
  report = run_job (fixture, bindery_convert_job_new_for_books (fixture->library_id, &id_moonlit, 1),
                    BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "converted"), ==, 1);
  g_assert_cmpint (g_rename (saved, moonlit), ==, 0);
  in_trash = count_trash ();

  report2 = run_job (fixture, bindery_convert_job_new_for_library (fixture->library_id),
                     BINDERY_JOB_STATE_COMPLETED, NULL);
  /* Ultra: the CBZ found was taken as its conversion; Moonlit's original went. */
  g_assert_cmpint (report_int (report2, "converted"), ==, 2);   /* Ultra, Harbor */
  g_assert_cmpint (report_int (report2, "trashed"), ==, 3);     /* and Moonlit's leftover */
  g_assert_cmpint (count_trash (), ==, in_trash + 3);
  g_assert_false (g_file_test (moonlit, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (ultra, G_FILE_TEST_EXISTS));
  g_assert_cmpint (book_id (fixture, "Ultra/Ultra Quest 001 (2021).cbz"), ==, id_ultra);
  g_assert_cmpint (book_id (fixture, "Moonlit/Moonlit Garden v01.cbz"), ==, id_moonlit);
  {
    g_autoptr(GPtrArray) converted = convert_test_read_zip (ultra_cbz);
    g_autofree char *trashed = trash_file ("Ultra Quest 001 (2021).cbr");
    g_autoptr(GPtrArray) source = convert_test_read_archive (trashed);
    g_autofree char *sha = convert_test_file_sha256 (trashed);

    g_assert_cmpstr (sha, ==, ultra_sha);
    convert_test_assert_same_entries (source, converted);
  }
  {
    g_autofree char *trashed = trash_file ("Moonlit Garden v01.cbr");
    g_autofree char *sha = convert_test_file_sha256 (trashed);
    g_assert_cmpstr (sha, ==, moonlit_sha);
  }

  /* The catalog is the disk. */
  rescan = scan (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books"), ==, books);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books WHERE status = 'missing'"), ==, 0);
}

/* convert-after-scan: the scan names a "convert" follow-up, which the queue runs. */
static void
test_after_scan (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(BinderyJob) scan_job = NULL;
  g_autoptr(BinderyJob) running = NULL;
  g_autoptr(GPtrArray) follow_ups = NULL;
  GListModel *active = bindery_job_queue_get_active (fixture->queue);
  g_autofree char *ultra = root_file (fixture, "Ultra/Ultra Quest 001 (2021).cbz");
  gboolean saw_convert = FALSE;

  /* Off (the default): no conversion named. */
  report = scan (fixture);
  g_clear_pointer (&report, json_object_unref);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs WHERE type = 'convert'"), ==, 0);

  library = bindery_catalog_get_library (fixture->catalog, fixture->library_id, &error);
  g_assert_no_error (error);
  bindery_library_set_convert_after_scan (library, TRUE);
  g_assert_true (bindery_library_save (library, fixture->catalog, &error));
  g_assert_no_error (error);

  bindery_job_queue_set_defer_follow_ups (fixture->queue, FALSE);
  scan_job = bindery_scan_job_new (fixture->library_id, NULL);
  running = bindery_job_queue_push (fixture->queue, scan_job);
  bindery_job_queue_wait (fixture->queue, running);
  g_assert_cmpint (bindery_job_get_state (running), ==, BINDERY_JOB_STATE_COMPLETED);
  follow_ups = bindery_job_dup_follow_ups (running);
  for (guint i = 0; i < follow_ups->len; i++)
    {
      BinderyJobFollowUp *f = g_ptr_array_index (follow_ups, i);
      if (g_strcmp0 (f->type_name, "convert") == 0)
        {
          saw_convert = TRUE;
          g_assert_null (f->target);
        }
    }
  g_assert_true (saw_convert);

  /* Every job the scan left (thumbnails, convert) to its end. */
  while (g_list_model_get_n_items (active) > 0)
    {
      g_autoptr(BinderyJob) next = g_list_model_get_item (active, 0);
      bindery_job_queue_wait (fixture->queue, next);
    }
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs WHERE type = 'convert' AND state = 'completed'"), ==, 1);
  g_assert_true (g_file_test (ultra, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books WHERE format IN ('rar', '7z')"), ==, 2);
}

/* A book on a file system without a trash (a tmpfs, which GIO never trashes on): it is
 * converted, the original stays where it was byte for byte, the report counts it as kept
 * and the log says why, naming the book. Needs root and mount(2); skipped otherwise. */
static void
test_no_trash (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *mnt = root_file (fixture, "NoTrash");
  g_autofree char *original = root_file (fixture, "NoTrash/Moonlit Garden v01.cbr");
  g_autofree char *cbz = root_file (fixture, "NoTrash/Moonlit Garden v01.cbz");
  g_autofree char *sha = NULL;
  g_autofree char *sha_after = NULL;
  g_autofree char *rel = NULL;
  g_autofree char *message = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint in_trash = count_trash ();
  gint64 id;

  g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);
  if (geteuid () != 0 || mount ("bindery-test", mnt, "tmpfs", 0, "size=8m") != 0)
    {
      g_test_skip ("cannot mount a tmpfs here (needs root)");
      return;
    }
  copy_fixture (fixture, "comics/Moonlit Garden v01.cbr", "NoTrash/Moonlit Garden v01.cbr");
  sha = convert_test_file_sha256 (original);
  report = scan (fixture);
  g_clear_pointer (&report, json_object_unref);
  id = book_id (fixture, "NoTrash/Moonlit Garden v01.cbr");
  g_assert_cmpint (id, >, 0);

  report = run_job (fixture, bindery_convert_job_new_for_books (fixture->library_id, &id, 1),
                    BINDERY_JOB_STATE_COMPLETED, NULL);
  g_assert_cmpint (report_int (report, "converted"), ==, 1);
  g_assert_cmpint (report_int (report, "trashed"), ==, 0);
  g_assert_cmpint (report_int (report, "deleted"), ==, 0);
  g_assert_cmpint (report_int (report, "kept"), ==, 1);

  /* The original, untouched, beside the new CBZ that the book now is. */
  g_assert_true (g_file_test (original, G_FILE_TEST_IS_REGULAR));
  sha_after = convert_test_file_sha256 (original);
  g_assert_cmpstr (sha_after, ==, sha);
  g_assert_true (g_file_test (cbz, G_FILE_TEST_IS_REGULAR));
  rel = query_text (fixture, "SELECT rel_path FROM books WHERE id = ?1", id);
  g_assert_cmpstr (rel, ==, "NoTrash/Moonlit Garden v01.cbz");
  g_assert_cmpuint (count_trash (), ==, in_trash);

  /* The log line names the book and says why it was kept. */
  stmt = bindery_catalog_prepare (fixture->catalog,
                                  "SELECT path, message FROM job_logs WHERE level = 'warning' AND job_id = "
                                  "(SELECT max(id) FROM jobs WHERE type = 'convert')", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  path = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  message = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
  g_assert_nonnull (strstr (path, "Moonlit Garden v01.cbr"));
  g_assert_nonnull (strstr (message, "no trash"));

  g_assert_cmpint (umount (mnt), ==, 0);
}

/* A conversion of a library waits while a scan of it runs (here held paused before it
 * wrote anything), then converts what the scan found. */
static void
test_waits_for_scan (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BinderyJob) scan_job = bindery_scan_job_new (fixture->library_id, NULL);
  g_autoptr(BinderyJob) convert_job = bindery_convert_job_new_for_library (fixture->library_id);
  g_autoptr(BinderyJob) scanning = NULL;
  g_autoptr(BinderyJob) converting = NULL;
  g_autoptr(JsonObject) report = NULL;

  bindery_job_queue_set_max_workers (fixture->queue, 4);
  scanning = bindery_job_queue_push (fixture->queue, scan_job);
  bindery_job_pause (scanning);   /* its worker stops at its first check */
  converting = bindery_job_queue_push (fixture->queue, convert_job);
  g_assert_cmpint (bindery_job_get_state (converting), ==, BINDERY_JOB_STATE_QUEUED);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (bindery_job_get_state (converting), ==, BINDERY_JOB_STATE_QUEUED);

  bindery_job_resume (scanning);
  bindery_job_queue_wait (fixture->queue, converting);
  g_assert_cmpint (bindery_job_get_state (scanning), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpint (bindery_job_get_state (converting), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpint (g_date_time_compare (bindery_job_get_started_at (converting),
                                        bindery_job_get_finished_at (scanning)), >=, 0);
  report = bindery_job_dup_report (converting);
  g_assert_cmpint (report_int (report, "books"), ==, 5);
  g_assert_cmpint (report_int (report, "converted"), ==, 3);
}

int
main (int argc, char **argv)
{
  g_autofree char *xdg = NULL;
  int ret;

  test_require_folder ("BINDERY_FIXTURES");
  /* The trash lives under XDG_DATA_HOME: a private one, on the temp dir's file system. */
  xdg = g_dir_make_tmp ("bindery-convert-xdg-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", xdg, TRUE);
  bindery_book_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/convert/job/library", Fixture, NULL, fixture_set_up, test_library, fixture_tear_down);
  g_test_add ("/convert/job/delete-originals-and-targets", Fixture, NULL, fixture_set_up,
              test_delete_originals_and_targets, fixture_tear_down);
  g_test_add ("/convert/job/interrupted", Fixture, NULL, fixture_set_up, test_interrupted, fixture_tear_down);
  g_test_add ("/convert/job/after-scan", Fixture, NULL, fixture_set_up, test_after_scan, fixture_tear_down);
  g_test_add ("/convert/job/waits-for-scan", Fixture, NULL, fixture_set_up, test_waits_for_scan,
              fixture_tear_down);
  g_test_add ("/convert/job/no-trash", Fixture, NULL, fixture_set_up, test_no_trash, fixture_tear_down);
  g_test_add ("/convert/job/constructible-by-type", Fixture, NULL, fixture_set_up,
              test_constructible_by_type, fixture_tear_down);
  ret = g_test_run ();
  book_test_rmtree (xdg);
  return ret;
}
