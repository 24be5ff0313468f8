/* test-scan-remove.c: a library removed while a scan works on it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whoever removes it (the app, which cancels first, or another process that did not),
 * no job fails on a foreign key, none reports a write that failed as done, the history
 * keeps the scan as cancelled saying why, and no row of the library is left.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bindery-scan-job.h"
#include "scan-test-util.h"
#include "test-fixtures.h"

#define N_SERIES 6
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
} PauseState;

static void
on_books_added (BinderyJob *job,
                GArray     *ids,
                gpointer    user_data)
{
  PauseState *state = user_data;

  /* at the first announced book: stop the worker where it is, mid-scan */
  if (!state->paused)
    {
      bindery_job_pause (job);
      state->paused = TRUE;
    }
}

/* Pushes a sync scan of library_id and returns it paused after its first book. */
static BinderyJob *
push_paused_scan (ScanFixture *fixture,
                  gint64       library_id,
                  PauseState  *state)
{
  g_autoptr(JsonObject) options = bindery_scan_job_options_new (BINDERY_SCAN_MODE_SYNC, FALSE, FALSE);
  g_autoptr(BinderyJob) job = bindery_scan_job_new (library_id, options);
  BinderyJob *running = bindery_job_queue_push (fixture->queue, job);
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  state->job = running;
  g_signal_connect (running, "books-added", G_CALLBACK (on_books_added), state);
  while (!(state->paused && bindery_job_get_state (running) == BINDERY_JOB_STATE_PAUSED) &&
         !bindery_job_state_is_finished (bindery_job_get_state (running)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (bindery_job_get_state (running), ==, BINDERY_JOB_STATE_PAUSED);
  g_signal_handlers_disconnect_by_data (running, state);
  return running;
}

static gint64
count (BinderyCatalog *catalog,
       const char     *sql,
       gint64          id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (bindery_catalog_get_db (catalog), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* No row of the library, no failed job, no log line about a failed write; the scan's job
 * is in the history, cancelled, its error saying the library was removed. */
static void
assert_removed_cleanly (ScanFixture *fixture,
                        gint64       library_id,
                        BinderyJob  *job)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *logs;

  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_CANCELLED);
  g_assert_nonnull (strstr (bindery_job_get_error_message (job), "was removed"));

  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM libraries WHERE id = ?", library_id), ==, 0);
  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM series WHERE library_id = ?", library_id), ==, 0);
  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM books WHERE library_id = ?", library_id), ==, 0);
  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM books", 0), ==, 0);
  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM jobs WHERE state = 'failed'", 0), ==, 0);
  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM job_logs WHERE level = 'error'", 0), ==, 0);
  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM job_logs WHERE message LIKE '%FOREIGN KEY%'", 0), ==, 0);

  row = bindery_catalog_get_job (fixture->catalog, bindery_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "cancelled");
  g_assert_true (json_object_get_null_member (row, "library_id"));
  g_assert_nonnull (strstr (json_object_get_string_member (row, "error"), "was removed"));
  logs = json_object_get_array_member (row, "logs");
  for (guint i = 0; i < json_array_get_length (logs); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logs, i), "level"), !=, "error");
}

/* Another process removes the library while the scan is paused mid-way (it did not ask
 * the scan to stop): the scan's next write fails, and it ends cancelled, not failed, and
 * not "completed" with its writes lost. */
static void
test_removed_by_another_process (ScanFixture   *fixture,
                                 gconstpointer  data)
{
  g_autofree char *root = g_build_filename (fixture->dir, "big", NULL);
  g_autoptr(BinderyCatalog) other = NULL;
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;
  PauseState state = { 0 };
  gint64 id;

  make_big_tree (root);
  id = scan_test_add_library (fixture, root, BINDERY_LIBRARY_PATTERN_SERIES);
  job = g_object_ref (push_paused_scan (fixture, id, &state));

  other = bindery_catalog_open (bindery_catalog_get_path (fixture->catalog), BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_catalog_remove_library (other, id, NULL, &error));
  g_assert_no_error (error);

  bindery_job_resume (job);
  bindery_job_queue_wait (fixture->queue, job);

  assert_removed_cleanly (fixture, id, job);
  /* it wrote some books before, all of them gone with the library; the report says only
   * what was committed, and that was not all */
  report = bindery_job_dup_report (job);
  g_assert_nonnull (report);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), >, 0);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), <, N_SERIES * N_PER_SERIES);
}

/* The app's way: cancel the library's jobs (saying why), wait, then remove. A queued job of
 * the library is cancelled too, and never runs. */
static void
test_cancelled_then_removed (ScanFixture   *fixture,
                             gconstpointer  data)
{
  g_autofree char *root = g_build_filename (fixture->dir, "big", NULL);
  g_autoptr(JsonObject) force = bindery_scan_job_options_new (BINDERY_SCAN_MODE_SYNC, FALSE, TRUE);
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) queued = NULL;
  g_autoptr(GError) error = NULL;
  PauseState state = { 0 };
  gint64 id;

  make_big_tree (root);
  id = scan_test_add_library (fixture, root, BINDERY_LIBRARY_PATTERN_SERIES);
  job = g_object_ref (push_paused_scan (fixture, id, &state));
  {
    g_autoptr(BinderyJob) second = bindery_scan_job_new (id, force);

    queued = g_object_ref (bindery_job_queue_push (fixture->queue, second));
  }
  g_assert_true (bindery_job_get_state (queued) == BINDERY_JOB_STATE_QUEUED ||
                 bindery_job_get_state (queued) == BINDERY_JOB_STATE_RUNNING);

  bindery_job_set_cancel_reason (queued, "Cancelled: its library “big” was removed");
  bindery_job_cancel (queued);
  bindery_job_set_cancel_reason (job, "Cancelled: its library “big” was removed");
  bindery_job_cancel (job);
  bindery_job_queue_wait (fixture->queue, job);
  bindery_job_queue_wait (fixture->queue, queued);
  g_assert_true (bindery_catalog_remove_library (fixture->catalog, id, NULL, &error));
  g_assert_no_error (error);

  assert_removed_cleanly (fixture, id, job);
  assert_removed_cleanly (fixture, id, queued);
}

/* Jobs left queued or interrupted (by the CLI for the app, or by a process that died) are
 * cancelled by the removal, kept in the history saying why, and never resumed. */
static void
test_pending_rows_cancelled (ScanFixture   *fixture,
                             gconstpointer  data)
{
  g_autofree char *root = g_build_filename (fixture->dir, "lib", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) jobs = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  g_assert_cmpint (g_mkdir (root, 0755), ==, 0);
  id = scan_test_add_library (fixture, root, BINDERY_LIBRARY_PATTERN_SERIES);
  sql = g_strdup_printf ("INSERT INTO jobs (type, library_id, state, title) VALUES"
                         " ('scan', %1$" G_GINT64_FORMAT ", 'queued', 'a'),"
                         " ('thumbnails', %1$" G_GINT64_FORMAT ", 'interrupted', 'b'),"
                         " ('scan', %1$" G_GINT64_FORMAT ", 'completed', 'c')", id);
  g_assert_cmpint (sqlite3_exec (bindery_catalog_get_db (fixture->catalog), sql, NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (bindery_catalog_remove_library (fixture->catalog, id, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM jobs WHERE state = 'cancelled'"
                          " AND library_id IS NULL AND error LIKE 'Cancelled: its library “lib” was removed'", 0), ==, 2);
  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM jobs", 0), ==, 2);
  g_assert_cmpint (count (fixture->catalog, "SELECT count(*) FROM jobs WHERE state IN ('queued', 'interrupted')", 0), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

  g_test_add ("/scan/remove/by-another-process", ScanFixture, NULL,
              scan_fixture_set_up, test_removed_by_another_process, scan_fixture_tear_down);
  g_test_add ("/scan/remove/cancelled-first", ScanFixture, NULL,
              scan_fixture_set_up, test_cancelled_then_removed, scan_fixture_tear_down);
  g_test_add ("/scan/remove/pending-rows", ScanFixture, NULL,
              scan_fixture_set_up, test_pending_rows_cancelled, scan_fixture_tear_down);

  return g_test_run ();
}
