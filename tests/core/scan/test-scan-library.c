/* test-scan-library.c: scanning the fixture trees: both patterns, every fixture book,
 * sync = batched, cancelled and resumed = uninterrupted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bindery-catalog-books.h"
#include "bindery-scan-job.h"

#include "scan-test-util.h"
#include "test-fixtures.h"

static JsonObject *
load_manifest (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (scan_test_fixtures (), "manifest.json", NULL);

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Series of the manifest's "library" section vs the catalog's. */
static void
check_library_pattern (BinderyLibraryPattern  pattern,
                       const char            *section)
{
  ScanFixture fixture = { 0 };
  g_autoptr(JsonObject) manifest = load_manifest ();
  JsonArray *expected = json_object_get_array_member (json_object_get_object_member (manifest, "library"), section);
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "library", NULL);
  g_autofree char *root = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonArray) series = NULL;
  g_autoptr(JsonArray) books = NULL;
  guint n_books = 0;
  gint64 library_id;

  scan_fixture_set_up (&fixture, NULL);
  root = g_build_filename (fixture.dir, "library", NULL);
  scan_test_copy (src, root);
  library_id = scan_test_add_library (&fixture, root, pattern);

  report = scan_test_scan (&fixture, library_id, NULL);
  series = scan_test_series (&fixture, library_id);
  books = scan_test_books (&fixture, library_id);

  g_assert_cmpuint (json_array_get_length (series), ==, json_array_get_length (expected));
  for (guint i = 0; i < json_array_get_length (expected); i++)
    {
      JsonObject *want = json_array_get_object_element (expected, i);
      const char *name = json_object_get_string_member (want, "series");
      const char *folder = json_object_get_string_member (want, "folder");
      JsonArray *want_books = json_object_get_array_member (want, "books");
      JsonObject *got = NULL;

      for (guint j = 0; j < json_array_get_length (series); j++)
        {
          JsonObject *candidate = json_array_get_object_element (series, j);
          const char *got_folder = json_object_get_string_member (candidate, "folder");

          if (g_strcmp0 (got_folder, strcmp (folder, ".") == 0 ? "" : folder) == 0)
            got = candidate;
        }
      g_assert_nonnull (got);
      g_assert_cmpstr (json_object_get_string_member (got, "name"), ==, name);
      g_assert_cmpstr (json_object_get_string_member (got, "status"), ==, "ready");
      g_assert_cmpint (json_object_get_int_member (got, "books"), ==, json_array_get_length (want_books));

      for (guint j = 0; j < json_array_get_length (want_books); j++)
        {
          JsonObject *book = scan_test_find_book (books, json_array_get_string_element (want_books, j));

          g_assert_nonnull (book);
          g_assert_cmpstr (json_object_get_string_member (book, "series"), ==, name);
          g_assert_cmpint (json_object_get_int_member (book, "series_id"), ==, json_object_get_int_member (got, "id"));
          g_assert_cmpstr (json_object_get_string_member (book, "status"), ==, "ready");
          n_books++;
        }
    }

  /* nothing else: .hidden-book.cbz and __MACOSX are ignored */
  g_assert_cmpuint (json_array_get_length (books), ==, n_books);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), ==, n_books);
  g_assert_cmpint (scan_test_report_int (report, "series_created"), ==, json_array_get_length (expected));
  g_assert_cmpint (scan_test_report_int (report, "files_ignored"), >=, 2);
  g_assert_cmpint (scan_test_report_int (report, "errored"), ==, 0);
  g_assert_cmpint (scan_test_report_int (report, "books_missing"), ==, 0);

  scan_fixture_tear_down (&fixture, NULL);
}

static void
test_library_series_pattern (void)
{
  check_library_pattern (BINDERY_LIBRARY_PATTERN_SERIES, "series_based");
}

static void
test_library_collection_pattern (void)
{
  check_library_pattern (BINDERY_LIBRARY_PATTERN_COLLECTION, "collection_based");
}

/* Every fixture file, scanned in a copy of the whole fixture tree. */
static void
test_every_fixture (ScanFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) manifest = load_manifest ();
  JsonArray *files = json_object_get_array_member (manifest, "files");
  g_autofree char *root = g_build_filename (fixture->dir, "fixtures", NULL);
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonArray) books = NULL;
  g_autoptr(GError) error = NULL;
  guint n_books = 0, n_errors = 0;
  gint64 library_id;

  scan_test_copy (scan_test_fixtures (), root);
  library_id = scan_test_add_library (fixture, root, BINDERY_LIBRARY_PATTERN_SERIES);
  report = scan_test_scan (fixture, library_id, "batched");
  books = scan_test_books (fixture, library_id);

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      const char *path = json_object_get_string_member (file, "path");
      const char *format = json_object_get_string_member (file, "format");
      const char *expected_error = json_object_get_string_member_with_default (file, "expected_error", NULL);
      const char *scanner = json_object_get_string_member_with_default (file, "scanner", NULL);
      const char *metadata_error = json_object_get_string_member_with_default (file, "metadata_error", NULL);
      JsonObject *book = scan_test_find_book (books, path);

      g_test_message ("%s", path);

      if (g_strcmp0 (scanner, "ignored") == 0 || g_strcmp0 (format, "opf") == 0 ||
          strstr (path, "/__MACOSX/") != NULL || strstr (path, "/.") != NULL)
        {
          /* ignored files and the sidecar .opf are not books */
          g_assert_null (book);
          continue;
        }

      g_assert_nonnull (book);
      n_books++;

      if (expected_error != NULL)
        {
          g_assert_cmpstr (json_object_get_string_member (book, "status"), ==, "error");
          g_assert_cmpstr (json_object_get_string_member (book, "error_kind"), ==, expected_error);
          g_assert_nonnull (json_object_get_string_member (book, "error_message"));
          n_errors++;
          continue;
        }

      g_assert_cmpstr (json_object_get_string_member (book, "status"), ==, "ready");
      g_assert_null (json_object_get_string_member (book, "error_kind"));
      g_assert_cmpint (json_object_get_int_member (book, "pages"), ==, json_object_get_int_member (file, "pages"));
      if (g_strcmp0 (format, "pdf") == 0)
        g_assert_null (json_object_get_string_member (book, "cover_entry"));
      else
        g_assert_cmpstr (json_object_get_string_member (book, "cover_entry"), ==,
                         json_object_get_string_member_with_default (file, "cover", NULL));
      g_assert_nonnull (json_object_get_string_member (book, "fingerprint"));

      if (metadata_error != NULL)
        g_assert_true (g_str_has_prefix (json_object_get_string_member (book, "metadata_error"), metadata_error));
      else
        g_assert_null (json_object_get_string_member (book, "metadata_error"));

      /* ComicInfo facts kept as text where the manifest has them */
      if (json_object_has_member (file, "comicinfo_entry") && metadata_error == NULL)
        {
          JsonObject *want = json_object_get_object_member (file, "metadata");
          JsonObject *got = json_object_get_object_member (book, "metadata");

          if (json_object_has_member (want, "Number"))
            g_assert_cmpstr (json_object_get_string_member (got, "Number"), ==,
                             json_object_get_string_member (want, "Number"));
          if (json_object_has_member (want, "Series") &&
              !json_object_get_boolean_member_with_default (file, "metadata_series_must_be_empty", FALSE))
            g_assert_cmpstr (json_object_get_string_member (got, "Series"), ==,
                             json_object_get_string_member (want, "Series"));
          if (json_object_has_member (want, "Title"))
            g_assert_cmpstr (json_object_get_string_member (book, "title"), ==,
                             json_object_get_string_member (want, "Title"));
        }
    }

  /* the Latin-1 name: kept as bytes, shown with U+FFFD */
  {
    JsonObject *cafe = scan_test_find_book (books, "broken/Caf\xef\xbf\xbd Stories 001.cbz");
    g_autofree char *expected = g_build_filename (root, "broken", "Caf\xef\xbf\xbd Stories 001.cbz", NULL);

    g_assert_nonnull (cafe);
    g_assert_cmpstr (json_object_get_string_member (cafe, "path"), ==, expected);
    g_assert_cmpint (json_object_get_int_member (cafe, "pages"), ==, 3);
  }

  /* "Annual": the text is kept, no sort key */
  {
    JsonObject *annual = scan_test_find_book (books, "broken/comicinfo-number-annual.cbz");

    g_assert_cmpstr (json_object_get_string_member (annual, "number"), ==, "Annual");
    g_assert_true (json_object_get_null_member (annual, "number_sort"));
  }

  g_assert_cmpuint (json_array_get_length (books), ==, n_books);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), ==, n_books);
  g_assert_cmpint (scan_test_report_int (report, "errored"), ==, n_errors);
}

/* Sync and batched modes give the same catalog (two data dirs, one tree). */
static void
test_modes_equal (ScanFixture   *fixture,
                  gconstpointer  data)
{
  ScanFixture other = { 0 };
  g_autofree char *root = g_build_filename (fixture->dir, "tree", NULL);
  g_autofree char *library = g_build_filename (scan_test_fixtures (), "library", NULL);
  g_autofree char *broken = g_build_filename (scan_test_fixtures (), "broken", NULL);
  g_autofree char *broken_copy = g_build_filename (root, "broken", NULL);
  g_autofree char *dump_batched = NULL;
  g_autofree char *dump_sync = NULL;
  g_autoptr(JsonObject) report_batched = NULL;
  g_autoptr(JsonObject) report_sync = NULL;
  gint64 id_batched, id_sync;

  scan_test_copy (library, root);
  scan_test_copy (broken, broken_copy);

  id_batched = scan_test_add_library (fixture, root, BINDERY_LIBRARY_PATTERN_SERIES);
  report_batched = scan_test_scan (fixture, id_batched, "batched");
  dump_batched = scan_test_dump (fixture->catalog, id_batched);

  scan_fixture_init_data (&other, fixture->dir, "data-sync");
  id_sync = scan_test_add_library (&other, root, BINDERY_LIBRARY_PATTERN_SERIES);
  report_sync = scan_test_scan (&other, id_sync, "sync");
  dump_sync = scan_test_dump (other.catalog, id_sync);
  scan_fixture_clear_data (&other);

  g_assert_cmpstr (json_object_get_string_member (report_batched, "mode"), ==, "batched");
  g_assert_cmpstr (json_object_get_string_member (report_sync, "mode"), ==, "sync");
  g_assert_cmpint (scan_test_report_int (report_batched, "books_created"), >, 10);
  g_assert_cmpint (scan_test_report_int (report_batched, "books_created"), ==,
                   scan_test_report_int (report_sync, "books_created"));
  g_assert_cmpstr (dump_batched, ==, dump_sync);
}

/* --- cancelled halfway, then scanned again -------------------------------------- */

#define N_SERIES 8
#define N_PER_SERIES 150

static void
make_big_tree (const char *root)
{
  g_autofree char *book = g_build_filename (scan_test_fixtures (), "library", "Saga", "Saga 001.cbz", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (book, &contents, &len, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_mkdir (root, 0755), ==, 0);
  for (guint s = 0; s < N_SERIES; s++)
    {
      g_autofree char *folder = g_strdup_printf ("%s/Series %02u", root, s);

      g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
      for (guint b = 0; b < N_PER_SERIES; b++)
        {
          g_autofree char *path = g_strdup_printf ("%s/Series %02u %03u.cbz", folder, s, b + 1);

          scan_test_write_file (path, contents, len);
        }
    }
}

typedef struct {
  BinderyJob *job;
  gboolean    paused;
} CancelState;

static void
on_books_added (BinderyJob *job,
                GArray     *ids,
                gpointer    user_data)
{
  CancelState *state = user_data;

  /* at the first announced book: stop the worker where it is */
  if (!state->paused)
    {
      bindery_job_pause (job);
      state->paused = TRUE;
    }
}

static gboolean
job_is_paused (gpointer data)
{
  CancelState *state = data;

  return state->paused && bindery_job_get_state (state->job) == BINDERY_JOB_STATE_PAUSED;
}

/* Iterates the main context until the scan is paused (it must not finish first). */
static void
wait_paused (CancelState *state)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!job_is_paused (state) && !bindery_job_state_is_finished (bindery_job_get_state (state->job)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (job_is_paused (state));
}

static void
test_cancel_resume (ScanFixture   *fixture,
                    gconstpointer  data)
{
  ScanFixture other = { 0 };
  g_autofree char *root = g_build_filename (fixture->dir, "big", NULL);
  g_autofree char *dump_whole = NULL;
  g_autofree char *dump_resumed = NULL;
  g_autoptr(JsonObject) options = bindery_scan_job_options_new (BINDERY_SCAN_MODE_SYNC, FALSE, FALSE);
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) cancelled_report = NULL;
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) running = NULL;
  g_autoptr(JsonArray) books = NULL;
  CancelState state = { 0 };
  gint64 id_whole, id_resumed;

  make_big_tree (root);

  /* one uninterrupted scan */
  id_whole = scan_test_add_library (fixture, root, BINDERY_LIBRARY_PATTERN_SERIES);
  report = scan_test_scan (fixture, id_whole, "batched");
  g_assert_cmpint (scan_test_report_int (report, "books_created"), ==, N_SERIES * N_PER_SERIES);
  dump_whole = scan_test_dump (fixture->catalog, id_whole);

  /* the same tree in another data dir: paused at the first books, cancelled, scanned again */
  scan_fixture_init_data (&other, fixture->dir, "data-cancel");
  id_resumed = scan_test_add_library (&other, root, BINDERY_LIBRARY_PATTERN_SERIES);
  job = bindery_scan_job_new (id_resumed, options);
  running = bindery_job_queue_push (other.queue, job);
  state.job = running;
  g_signal_connect (running, "books-added", G_CALLBACK (on_books_added), &state);

  wait_paused (&state);
  bindery_job_cancel (running);
  bindery_job_queue_wait (other.queue, running);
  g_assert_cmpint (bindery_job_get_state (running), ==, BINDERY_JOB_STATE_CANCELLED);

  /* some books, not all; none marked missing */
  books = scan_test_books (&other, id_resumed);
  g_assert_cmpuint (json_array_get_length (books), >, 0);
  g_assert_cmpuint (json_array_get_length (books), <, N_SERIES * N_PER_SERIES);
  cancelled_report = bindery_job_dup_report (running);
  g_assert_nonnull (cancelled_report);
  g_assert_cmpint (scan_test_report_int (cancelled_report, "books_missing"), ==, 0);

  g_clear_pointer (&report, json_object_unref);
  report = scan_test_scan (&other, id_resumed, "batched");
  g_assert_cmpint (scan_test_report_int (report, "books_created") +
                   scan_test_report_int (report, "books_unchanged"), ==, N_SERIES * N_PER_SERIES);
  g_assert_cmpint (scan_test_report_int (report, "books_unchanged"), ==, json_array_get_length (books));
  dump_resumed = scan_test_dump (other.catalog, id_resumed);
  scan_fixture_clear_data (&other);

  g_assert_cmpstr (dump_whole, ==, dump_resumed);
}

/* --- a paused batched scan leaves the catalog to others ----------------------------- */

static void
on_items_done (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  CancelState *state = user_data;

  if (!state->paused && bindery_job_get_items_done (state->job) > 0)
    {
      bindery_job_pause (state->job);
      state->paused = TRUE;
    }
}

static void
test_pause_releases_catalog (ScanFixture   *fixture,
                             gconstpointer  data)
{
  g_autofree char *root = g_build_filename (fixture->dir, "big", NULL);
  g_autoptr(JsonObject) options = bindery_scan_job_options_new (BINDERY_SCAN_MODE_BATCHED, FALSE, FALSE);
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) running = NULL;
  CancelState state = { 0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 deadline;
  gint64 id;
  int rc = SQLITE_BUSY;

  make_big_tree (root);
  id = scan_test_add_library (fixture, root, BINDERY_LIBRARY_PATTERN_SERIES);
  job = bindery_scan_job_new (id, options);
  running = bindery_job_queue_push (fixture->queue, job);
  state.job = running;
  g_signal_connect (running, "notify::items-done", G_CALLBACK (on_items_done), &state);

  wait_paused (&state);

  /* While it waits for resume, another connection can write (the scan committed its
   * open batch before blocking) and sees the books read so far. */
  g_assert_cmpint (sqlite3_open (bindery_catalog_get_path (fixture->catalog), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 100);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_BUSY)
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpint (rc, ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM books", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), >, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  bindery_job_resume (running);
  bindery_job_queue_wait (fixture->queue, running);
  g_assert_cmpint (bindery_job_get_state (running), ==, BINDERY_JOB_STATE_COMPLETED);
  report = bindery_job_dup_report (running);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), ==, N_SERIES * N_PER_SERIES);
}

/* --- one job at a time writes a library ------------------------------------------- */

static BinderyJob *
push_scan (ScanFixture *fixture,
           gint64       library_id,
           JsonObject  *options)
{
  g_autoptr(BinderyJob) job = bindery_scan_job_new (library_id, options);

  return bindery_job_queue_push (fixture->queue, job);
}

/* A second scan of a library waits for the one that runs (two at once failed on the
 * series the first had added: "UNIQUE constraint failed"), while a scan of another
 * library starts at once; the second then finds every book the first read. */
static void
test_one_writer_per_library (ScanFixture   *fixture,
                             gconstpointer  data)
{
  g_autofree char *root = g_build_filename (fixture->dir, "big", NULL);
  g_autofree char *other_src = g_build_filename (scan_test_fixtures (), "library", NULL);
  g_autofree char *other_root = g_build_filename (fixture->dir, "other", NULL);
  g_autoptr(JsonObject) sync = bindery_scan_job_options_new (BINDERY_SCAN_MODE_SYNC, FALSE, FALSE);
  g_autoptr(JsonObject) batched = bindery_scan_job_options_new (BINDERY_SCAN_MODE_BATCHED, FALSE, FALSE);
  g_autoptr(BinderyJob) first = NULL;
  g_autoptr(BinderyJob) second = NULL;
  g_autoptr(BinderyJob) elsewhere = NULL;
  g_autoptr(JsonObject) first_report = NULL;
  g_autoptr(JsonObject) second_report = NULL;
  CancelState state = { 0 };
  gint64 id, other_id;

  make_big_tree (root);
  scan_test_copy (other_src, other_root);
  id = scan_test_add_library (fixture, root, BINDERY_LIBRARY_PATTERN_SERIES);
  other_id = scan_test_add_library (fixture, other_root, BINDERY_LIBRARY_PATTERN_SERIES);
  /* workers to spare: only the library can hold the second scan back */
  bindery_job_queue_set_max_workers (fixture->queue, 4);

  first = push_scan (fixture, id, sync);
  state.job = first;
  g_signal_connect (first, "books-added", G_CALLBACK (on_books_added), &state);
  wait_paused (&state);

  second = push_scan (fixture, id, batched);
  elsewhere = push_scan (fixture, other_id, batched);
  g_assert_cmpint (bindery_job_get_state (second), ==, BINDERY_JOB_STATE_QUEUED);
  g_assert_cmpint (bindery_job_get_state (elsewhere), ==, BINDERY_JOB_STATE_RUNNING);
  bindery_job_queue_wait (fixture->queue, elsewhere);
  g_assert_cmpint (bindery_job_get_state (elsewhere), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpint (bindery_job_get_state (second), ==, BINDERY_JOB_STATE_QUEUED);

  bindery_job_resume (first);
  bindery_job_queue_wait (fixture->queue, second);
  g_assert_cmpint (bindery_job_get_state (first), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpint (bindery_job_get_state (second), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpint (g_date_time_compare (bindery_job_get_started_at (second), bindery_job_get_finished_at (first)), >=, 0);

  first_report = bindery_job_dup_report (first);
  second_report = bindery_job_dup_report (second);
  g_assert_cmpint (scan_test_report_int (first_report, "books_created"), ==, N_SERIES * N_PER_SERIES);
  g_assert_cmpint (scan_test_report_int (second_report, "books_created"), ==, 0);
  g_assert_cmpint (scan_test_report_int (second_report, "books_unchanged"), ==, N_SERIES * N_PER_SERIES);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

  g_test_add_func ("/scan/library/series-pattern", test_library_series_pattern);
  g_test_add_func ("/scan/library/collection-pattern", test_library_collection_pattern);
  g_test_add ("/scan/fixtures/every-file", ScanFixture, NULL,
              scan_fixture_set_up, test_every_fixture, scan_fixture_tear_down);
  g_test_add ("/scan/modes/sync-equals-batched", ScanFixture, NULL,
              scan_fixture_set_up, test_modes_equal, scan_fixture_tear_down);
  g_test_add ("/scan/cancel/resume-equals-uninterrupted", ScanFixture, NULL,
              scan_fixture_set_up, test_cancel_resume, scan_fixture_tear_down);
  g_test_add ("/scan/pause/releases-catalog", ScanFixture, NULL,
              scan_fixture_set_up, test_pause_releases_catalog, scan_fixture_tear_down);
  g_test_add ("/scan/queue/one-writer-per-library", ScanFixture, NULL,
              scan_fixture_set_up, test_one_writer_per_library, scan_fixture_tear_down);

  return g_test_run ();
}
