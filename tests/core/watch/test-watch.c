/* test-watch.c: a temporary library under watch converges with scoped jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every wait is a bounded main-loop wait for a state (a book in the catalog, a job
 * finished, a watch state); what is asserted is counted: the jobs the watch queued
 * and their targets, books and their ids.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bindery-library-watch.h"
#include "bindery-scan-folders-job.h"
#include "scan-test-util.h"
#include "test-fixtures.h"

#define WAIT_SECONDS 60
#define TEST_QUIET_MS 1000

typedef struct {
  ScanFixture          base;
  char                *root;
  gint64               library_id;
  BinderyLibraryWatch *watch;
  GPtrArray           *jobs;        /* BinderyJob queued by the watch, in order */
} WatchFixture;

/* --- log capture: the watch announces polling and unavailability with a message ------ */

static GPtrArray *watch_messages;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (strcmp (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }
  if (g_strcmp0 (domain, "bindery-watch") == 0 && (level & G_LOG_LEVEL_MESSAGE) && message != NULL)
    {
      g_ptr_array_add (watch_messages, g_strdup (message));
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
messages_contain (const char *text)
{
  for (guint i = 0; i < watch_messages->len; i++)
    if (strstr (g_ptr_array_index (watch_messages, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* --- helpers --------------------------------------------------------------------------- */

typedef gboolean (*Predicate) (WatchFixture *fixture, gconstpointer data);

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until predicate holds; fails the test after WAIT_SECONDS. */
static void
wait_for (WatchFixture  *fixture,
          Predicate      predicate,
          gconstpointer  data,
          const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint ticker = g_timeout_add (50, wake, NULL);

  while (!predicate (fixture, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (ticker);
}

static void
job_queued (BinderyLibraryWatch *watch,
            BinderyJob          *job,
            WatchFixture        *fixture)
{
  g_test_message ("queued: %s [%s] %s", bindery_job_get_type_name (job),
                  bindery_job_get_target (job) != NULL ? bindery_job_get_target (job) : "",
                  bindery_job_get_title (job));
  /* a job merged into one already queued comes again: count it once */
  if (!g_ptr_array_find (fixture->jobs, job, NULL))
    g_ptr_array_add (fixture->jobs, g_object_ref (job));
}

static gboolean
jobs_done (WatchFixture  *fixture,
           gconstpointer  data)
{
  for (guint i = 0; i < fixture->jobs->len; i++)
    if (!bindery_job_state_is_finished (bindery_job_get_state (g_ptr_array_index (fixture->jobs, i))))
      return FALSE;
  return TRUE;
}

static gboolean
n_jobs_done (WatchFixture  *fixture,
             gconstpointer  data)
{
  return fixture->jobs->len >= GPOINTER_TO_UINT (data) && jobs_done (fixture, NULL);
}

static void
wait_jobs (WatchFixture *fixture,
           guint         n)
{
  g_autofree char *what = g_strdup_printf ("%u finished jobs", n);

  wait_for (fixture, n_jobs_done, GUINT_TO_POINTER (n), what);
  g_assert_cmpuint (fixture->jobs->len, ==, n);
}

static gboolean
is_state (WatchFixture  *fixture,
          gconstpointer  data)
{
  return bindery_library_watch_get_state (fixture->watch) == (BinderyWatchState) GPOINTER_TO_INT (data);
}

static void
wait_state (WatchFixture      *fixture,
            BinderyWatchState  state)
{
  wait_for (fixture, is_state, GINT_TO_POINTER (state), bindery_watch_state_to_string (state));
}

static BinderyJob *
job_at (WatchFixture *fixture,
        guint         i)
{
  g_assert_cmpuint (i, <, fixture->jobs->len);
  return g_ptr_array_index (fixture->jobs, i);
}

static void
assert_job (WatchFixture *fixture,
            guint         i,
            const char   *type_name,
            const char   *target)
{
  BinderyJob *job = job_at (fixture, i);

  g_assert_cmpstr (bindery_job_get_type_name (job), ==, type_name);
  g_assert_cmpstr (bindery_job_get_target (job), ==, target);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_COMPLETED);
}

static gint64
job_report_int (WatchFixture *fixture,
                guint         i,
                const char   *key)
{
  g_autoptr(JsonObject) report = bindery_job_dup_report (job_at (fixture, i));

  g_assert_nonnull (report);
  return scan_test_report_int (report, key);
}

static char *
lib_path (WatchFixture *fixture,
          const char   *rel_path)
{
  return g_build_filename (fixture->root, rel_path, NULL);
}

static char *
fixture_file (const char *rel_path)
{
  return g_build_filename (scan_test_fixtures (), rel_path, NULL);
}

/* The book at rel_path (new reference) or NULL. */
static JsonObject *
get_book (WatchFixture *fixture,
          const char   *rel_path)
{
  g_autoptr(JsonArray) books = scan_test_books (&fixture->base, fixture->library_id);
  JsonObject *book = scan_test_find_book (books, rel_path);

  return book != NULL ? json_object_ref (book) : NULL;
}

static gint64
book_id (WatchFixture *fixture,
         const char   *rel_path)
{
  g_autoptr(JsonObject) book = get_book (fixture, rel_path);

  g_assert_nonnull (book);
  return json_object_get_int_member (book, "id");
}

static const char *
status_of (JsonObject *book)
{
  return json_object_get_string_member (book, "status");
}

static guint
count_status (WatchFixture *fixture,
              const char   *status)
{
  g_autoptr(JsonArray) books = scan_test_books (&fixture->base, fixture->library_id);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (books); i++)
    if (g_strcmp0 (status_of (json_array_get_object_element (books, i)), status) == 0)
      n++;
  return n;
}

static void
copy_file (const char *src,
           const char *dest)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  FILE *out;

  g_file_get_contents (src, &contents, &len, &error);
  g_assert_no_error (error);
  /* plain open/write/close, as a file manager copies: CREATED, CHANGED, CHANGES_DONE_HINT */
  out = fopen (dest, "wb");
  g_assert_nonnull (out);
  g_assert_cmpuint (fwrite (contents, 1, len, out), ==, len);
  g_assert_cmpint (fclose (out), ==, 0);
}

static void
rename_in_library (WatchFixture *fixture,
                   const char   *from,
                   const char   *to)
{
  g_autofree char *a = lib_path (fixture, from);
  g_autofree char *b = lib_path (fixture, to);

  g_assert_cmpint (g_rename (a, b), ==, 0);
}

/* --- set-up ---------------------------------------------------------------------------- */

static void
watch_start (WatchFixture *fixture,
             gboolean      reconcile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyLibrary) library = bindery_catalog_get_library (fixture->base.catalog, fixture->library_id, &error);

  g_assert_no_error (error);
  fixture->watch = bindery_library_watch_new (fixture->base.queue, library);
  g_object_set (fixture->watch,
                "quiet-ms", TEST_QUIET_MS,
                "max-delay-ms", 20000,
                "poll-interval", 3600,
                "recheck-interval", 1,
                NULL);
  g_signal_connect (fixture->watch, "job-queued", G_CALLBACK (job_queued), fixture);
}

static void
watch_set_up (WatchFixture  *fixture,
              gconstpointer  data)
{
  g_autofree char *src = fixture_file ("library");
  g_autoptr(JsonObject) report = NULL;

  scan_fixture_set_up (&fixture->base, NULL);
  fixture->root = g_build_filename (fixture->base.dir, "library", NULL);
  scan_test_copy (src, fixture->root);
  {
    /* the fixtures are read-only; the tests write into the copy */
    const char *argv[] = { "chmod", "-R", "u+w", fixture->root, NULL };
    g_autoptr(GError) error = NULL;
    int status;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
  }
  fixture->library_id = scan_test_add_library (&fixture->base, fixture->root, BINDERY_LIBRARY_PATTERN_SERIES);
  report = scan_test_scan (&fixture->base, fixture->library_id, NULL);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), ==, 10);
  fixture->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_set_size (watch_messages, 0);
  watch_start (fixture, FALSE);
}

static void
watch_tear_down (WatchFixture  *fixture,
                 gconstpointer  data)
{
  bindery_library_watch_stop (fixture->watch);
  wait_for (fixture, jobs_done, NULL, "the last jobs");
  g_assert_finalize_object (fixture->watch);
  g_clear_pointer (&fixture->jobs, g_ptr_array_unref);
  g_clear_pointer (&fixture->root, g_free);
  scan_fixture_tear_down (&fixture->base, NULL);
}

static void
start_watching (WatchFixture *fixture)
{
  bindery_library_watch_start (fixture->watch, FALSE);
  wait_state (fixture, BINDERY_WATCH_STATE_WATCHING);
}

/* --- tests ----------------------------------------------------------------------------- */

static void
test_set_up_monitors (WatchFixture  *fixture,
                      gconstpointer  data)
{
  bindery_library_watch_start (fixture->watch, TRUE);
  g_assert_cmpint (bindery_library_watch_get_state (fixture->watch), ==, BINDERY_WATCH_STATE_STARTING);
  wait_state (fixture, BINDERY_WATCH_STATE_WATCHING);

  /* root, Batman (2016), Manga, Manga/Berserk, Novels, Saga; not __MACOSX (ignored) */
  g_assert_cmpuint (bindery_library_watch_get_n_monitors (fixture->watch), ==, 6);
  g_assert_true (bindery_library_watch_is_monitoring (fixture->watch, ""));
  g_assert_true (bindery_library_watch_is_monitoring (fixture->watch, "Manga/Berserk"));
  g_assert_false (bindery_library_watch_is_monitoring (fixture->watch, "__MACOSX"));

  /* start-up: one reconcile scan of the library, nothing changed */
  wait_jobs (fixture, 1);
  assert_job (fixture, 0, "scan", NULL);
  g_assert_cmpint (job_report_int (fixture, 0, "books_unchanged"), ==, 10);
}

static void
test_add_modify_delete (WatchFixture  *fixture,
                        gconstpointer  data)
{
  g_autofree char *harbor = fixture_file ("comics/Harbor Lights 003.cb7");
  g_autofree char *quest = fixture_file ("comics/Ultra Quest 001 (2021).cbr");
  g_autofree char *dest = lib_path (fixture, "Saga/Saga 003.cb7");
  g_autofree char *ignored = lib_path (fixture, "Saga/notes.txt");
  g_autofree char *hidden = lib_path (fixture, "Saga/.partial.cbz");
  g_autoptr(JsonObject) book = NULL;
  gint64 id;

  start_watching (fixture);

  /* add: one scan of that folder; files that are not books make no work */
  scan_test_write_file (ignored, "not a book", 10);
  copy_file (harbor, hidden);
  copy_file (harbor, dest);
  wait_jobs (fixture, 1);
  assert_job (fixture, 0, "scan-folders", "folder:Saga");
  g_assert_cmpint (job_report_int (fixture, 0, "books_created"), ==, 1);
  /* Saga 001, 002, 003, folder.jpg, notes.txt; not the hidden one */
  g_assert_cmpint (job_report_int (fixture, 0, "files_seen"), ==, 5);
  id = book_id (fixture, "Saga/Saga 003.cb7");
  g_assert_null (get_book (fixture, "Saga/.partial.cbz"));

  /* modify: the same book re-read */
  copy_file (quest, dest);
  wait_jobs (fixture, 2);
  assert_job (fixture, 1, "scan-folders", "folder:Saga");
  g_assert_cmpint (job_report_int (fixture, 1, "books_updated"), ==, 1);
  book = get_book (fixture, "Saga/Saga 003.cb7");
  g_assert_cmpint (json_object_get_int_member (book, "id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (book, "pages"), ==, 10);
  g_clear_pointer (&book, json_object_unref);

  /* delete: missing, kept */
  g_assert_cmpint (g_unlink (dest), ==, 0);
  wait_jobs (fixture, 3);
  assert_job (fixture, 2, "scan-folders", "folder:Saga");
  g_assert_cmpint (job_report_int (fixture, 2, "books_missing"), ==, 1);
  book = get_book (fixture, "Saga/Saga 003.cb7");
  g_assert_cmpstr (status_of (book), ==, "missing");
  g_clear_pointer (&book, json_object_unref);

  /* re-created: restored, same id */
  copy_file (quest, dest);
  wait_jobs (fixture, 4);
  assert_job (fixture, 3, "scan-folders", "folder:Saga");
  book = get_book (fixture, "Saga/Saga 003.cb7");
  g_assert_cmpstr (status_of (book), ==, "ready");
  g_assert_cmpint (json_object_get_int_member (book, "id"), ==, id);
  g_assert_cmpint (job_report_int (fixture, 3, "books_restored"), ==, 1);
}

static gboolean
monitors_folder (WatchFixture  *fixture,
                 gconstpointer  data)
{
  return bindery_library_watch_is_monitoring (fixture->watch, data);
}

static void
test_rename_and_move (WatchFixture  *fixture,
                      gconstpointer  data)
{
  gint64 saga1 = book_id (fixture, "Saga/Saga 001.cbz");
  gint64 saga2 = book_id (fixture, "Saga/Saga 002.cbz");
  gint64 batman1 = book_id (fixture, "Batman (2016)/Batman 001 (2016).cbr");
  gint64 batman2 = book_id (fixture, "Batman (2016)/Batman 002 (2016).cbr");

  start_watching (fixture);

  /* rename in a folder */
  rename_in_library (fixture, "Saga/Saga 001.cbz", "Saga/Saga 1.cbz");
  wait_jobs (fixture, 1);
  assert_job (fixture, 0, "scan-folders", "folder:Saga");
  g_assert_cmpint (job_report_int (fixture, 0, "books_moved"), ==, 1);
  g_assert_cmpint (book_id (fixture, "Saga/Saga 1.cbz"), ==, saga1);

  /* move to another folder: both folders in one job */
  rename_in_library (fixture, "Saga/Saga 002.cbz", "Novels/Saga 002.cbz");
  wait_jobs (fixture, 2);
  assert_job (fixture, 1, "scan-folders", "folder:Novels\nfolder:Saga");
  g_assert_cmpint (job_report_int (fixture, 1, "books_moved"), ==, 1);
  g_assert_cmpint (job_report_int (fixture, 1, "books_missing"), ==, 0);
  g_assert_cmpint (book_id (fixture, "Novels/Saga 002.cbz"), ==, saga2);

  /* move a folder into another: its whole tree, at both ends; monitors follow */
  rename_in_library (fixture, "Batman (2016)", "Manga/Batman (2016)");
  wait_jobs (fixture, 3);
  assert_job (fixture, 2, "scan-folders", "tree:Batman (2016)\ntree:Manga/Batman (2016)");
  g_assert_cmpint (job_report_int (fixture, 2, "books_moved"), ==, 2);
  g_assert_cmpint (book_id (fixture, "Manga/Batman (2016)/Batman 001 (2016).cbr"), ==, batman1);
  g_assert_cmpint (book_id (fixture, "Manga/Batman (2016)/Batman 002 (2016).cbr"), ==, batman2);
  g_assert_cmpuint (count_status (fixture, "missing"), ==, 0);
  g_assert_false (bindery_library_watch_is_monitoring (fixture->watch, "Batman (2016)"));
  wait_for (fixture, monitors_folder, "Manga/Batman (2016)", "a monitor on the moved folder");
}

static void
test_new_folder (WatchFixture  *fixture,
                 gconstpointer  data)
{
  g_autofree char *harbor = fixture_file ("comics/Harbor Lights 003.cb7");
  g_autofree char *folder = lib_path (fixture, "Harbor Lights");
  g_autofree char *first = lib_path (fixture, "Harbor Lights/Harbor Lights 003.cb7");
  g_autofree char *second = lib_path (fixture, "Harbor Lights/Harbor Lights 004.cbt");
  g_autofree char *cbt = fixture_file ("comics/Harbor Lights 004.cbt");

  start_watching (fixture);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  copy_file (harbor, first);
  wait_jobs (fixture, 1);
  assert_job (fixture, 0, "scan-folders", "tree:Harbor Lights");
  g_assert_cmpint (job_report_int (fixture, 0, "books_created"), ==, 1);
  g_assert_cmpint (job_report_int (fixture, 0, "series_created"), ==, 1);

  /* the new folder is watched in turn */
  wait_for (fixture, monitors_folder, "Harbor Lights", "a monitor on the new folder");
  copy_file (cbt, second);
  wait_jobs (fixture, 2);
  assert_job (fixture, 1, "scan-folders", "folder:Harbor Lights");
  g_assert_cmpint (job_report_int (fixture, 1, "books_created"), ==, 1);

  /* the folder deleted: its books missing, the rest untouched */
  scan_test_rm_rf (folder);
  wait_jobs (fixture, 3);
  assert_job (fixture, 2, "scan-folders", "tree:Harbor Lights");
  g_assert_cmpint (job_report_int (fixture, 2, "books_missing"), ==, 2);
  g_assert_cmpuint (count_status (fixture, "missing"), ==, 2);
  g_assert_false (bindery_library_watch_is_monitoring (fixture->watch, "Harbor Lights"));
}

static void
test_burst (WatchFixture  *fixture,
            gconstpointer  data)
{
  g_autofree char *src = fixture_file ("library/Loose One-Shot.cbz");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  start_watching (fixture);

  g_file_get_contents (src, &contents, &len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Saga/Burst %04u.cbz", i);
      g_autofree char *path = lib_path (fixture, name);
      FILE *out = fopen (path, "wb");

      g_assert_nonnull (out);
      g_assert_cmpuint (fwrite (contents, 1, len, out), ==, len);
      g_assert_cmpint (fclose (out), ==, 0);
    }

  wait_jobs (fixture, 1);
  assert_job (fixture, 0, "scan-folders", "folder:Saga");
  g_assert_cmpint (job_report_int (fixture, 0, "books_created"), ==, 1000);
  g_assert_cmpint (book_id (fixture, "Saga/Burst 0999.cbz"), >, 0);
}

static gboolean
has_pending (WatchFixture  *fixture,
             gconstpointer  data)
{
  return bindery_library_watch_get_n_pending (fixture->watch) > 0;
}

static gboolean
time_passed (WatchFixture  *fixture,
             gconstpointer  data)
{
  return g_get_monotonic_time () >= *(const gint64 *) data;
}

static void
test_slow_write (WatchFixture  *fixture,
                 gconstpointer  data)
{
  g_autofree char *src = fixture_file ("comics/Ultra Quest 001 (2021).cbr");
  g_autofree char *dest = lib_path (fixture, "Saga/Ultra Quest 001 (2021).cbr");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) book = NULL;
  gsize len, done = 0;
  int fd;

  /* a short quiet period: the pauses between chunks are longer than it */
  g_object_set (fixture->watch, "quiet-ms", 200, NULL);
  start_watching (fixture);

  g_file_get_contents (src, &contents, &len, &error);
  g_assert_no_error (error);
  fd = open (dest, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  for (guint chunk = 0; chunk < 4; chunk++)
    {
      gsize n = chunk < 3 ? len / 4 : len - done;
      gint64 until;

      g_assert_cmpint (write (fd, contents + done, n), ==, (gssize) n);
      done += n;
      if (chunk == 0)
        wait_for (fixture, has_pending, NULL, "the first chunk seen");
      /* three quiet periods with the file open and incomplete */
      until = g_get_monotonic_time () + 3 * 200 * 1000;
      wait_for (fixture, time_passed, &until, "a pause");
    }
  g_assert_cmpint (close (fd), ==, 0);

  wait_jobs (fixture, 1);
  assert_job (fixture, 0, "scan-folders", "folder:Saga");
  g_assert_cmpint (job_report_int (fixture, 0, "books_created"), ==, 1);
  g_assert_cmpint (job_report_int (fixture, 0, "errored"), ==, 0);
  book = get_book (fixture, "Saga/Ultra Quest 001 (2021).cbr");
  g_assert_cmpstr (status_of (book), ==, "ready");
  g_assert_cmpint (json_object_get_int_member (book, "pages"), ==, 10);
}

static void
test_watch_limit (WatchFixture  *fixture,
                  gconstpointer  data)
{
  g_object_set (fixture->watch, "max-monitors", 2, "poll-interval", 1, NULL);
  bindery_library_watch_start (fixture->watch, TRUE);
  wait_state (fixture, BINDERY_WATCH_STATE_POLLING);

  g_assert_cmpuint (bindery_library_watch_get_n_monitors (fixture->watch), ==, 0);
  g_assert_nonnull (strstr (bindery_library_watch_get_reason (fixture->watch), "watch limit"));
  g_assert_true (messages_contain ("polled every 1 s instead of watched"));

  /* a library scan at once, then one per interval, which sees what changed */
  wait_jobs (fixture, 1);
  assert_job (fixture, 0, "scan", NULL);
  {
    g_autofree char *harbor = fixture_file ("comics/Harbor Lights 003.cb7");
    g_autofree char *dest = lib_path (fixture, "Saga/Saga 003.cb7");

    copy_file (harbor, dest);
  }
  wait_jobs (fixture, 2);
  assert_job (fixture, 1, "scan", NULL);
  g_assert_cmpint (job_report_int (fixture, 1, "books_created"), ==, 1);
  g_assert_cmpint (bindery_library_watch_get_state (fixture->watch), ==, BINDERY_WATCH_STATE_POLLING);
}

static void
test_overflow (WatchFixture  *fixture,
               gconstpointer  data)
{
  g_autofree char *src = fixture_file ("library/Loose One-Shot.cbz");

  g_object_set (fixture->watch, "max-pending", 20, "poll-interval", 1, NULL);
  start_watching (fixture);

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *name = g_strdup_printf ("Saga/Flood %02u.cbz", i);
      g_autofree char *path = lib_path (fixture, name);

      copy_file (src, path);
    }

  wait_state (fixture, BINDERY_WATCH_STATE_POLLING);
  g_assert_nonnull (strstr (bindery_library_watch_get_reason (fixture->watch), "overflow"));
  g_assert_true (messages_contain ("instead of watched"));
  g_assert_cmpuint (bindery_library_watch_get_n_monitors (fixture->watch), ==, 0);

  /* the library scan queued at once picks up everything */
  wait_jobs (fixture, 1);
  assert_job (fixture, 0, "scan", NULL);
  g_assert_cmpint (job_report_int (fixture, 0, "books_created"), ==, 50);

  /* after an overflow the next poll watches again */
  wait_state (fixture, BINDERY_WATCH_STATE_WATCHING);
  g_assert_cmpuint (bindery_library_watch_get_n_monitors (fixture->watch), ==, 6);
}

static void
test_root_removed (WatchFixture  *fixture,
                   gconstpointer  data)
{
  g_autofree char *away = g_build_filename (fixture->base.dir, "library.away", NULL);
  g_autofree char *state = NULL;
  guint n_jobs;

  start_watching (fixture);

  g_assert_cmpint (g_rename (fixture->root, away), ==, 0);
  wait_state (fixture, BINDERY_WATCH_STATE_UNAVAILABLE);
  g_assert_cmpuint (bindery_library_watch_get_n_monitors (fixture->watch), ==, 0);
  g_assert_true (messages_contain ("is unavailable"));
  state = scan_test_library_state (&fixture->base, fixture->library_id);
  g_assert_cmpstr (state, ==, "unavailable");
  g_clear_pointer (&state, g_free);
  wait_for (fixture, jobs_done, NULL, "jobs");
  g_assert_cmpuint (count_status (fixture, "missing"), ==, 0);
  g_assert_cmpuint (count_status (fixture, "ready") + count_status (fixture, "error"), ==, 10);
  n_jobs = fixture->jobs->len;

  /* back: a library scan, watched again */
  g_assert_cmpint (g_rename (away, fixture->root), ==, 0);
  wait_state (fixture, BINDERY_WATCH_STATE_WATCHING);
  wait_jobs (fixture, n_jobs + 1);
  assert_job (fixture, n_jobs, "scan", NULL);
  g_assert_cmpint (job_report_int (fixture, n_jobs, "books_unchanged"), ==, 10);
  state = scan_test_library_state (&fixture->base, fixture->library_id);
  g_assert_cmpstr (state, ==, "ready");
  g_assert_cmpuint (count_status (fixture, "missing"), ==, 0);
}

static void
test_own_writes (WatchFixture  *fixture,
                 gconstpointer  data)
{
  g_autofree char *harbor = fixture_file ("comics/Harbor Lights 003.cb7");
  g_autofree char *dest = lib_path (fixture, "Saga/Saga 003.cb7");

  /* the data dir (catalog, cache) inside the library folder */
  bindery_library_watch_stop (fixture->watch);
  g_clear_object (&fixture->watch);
  scan_fixture_clear_data (&fixture->base);
  scan_fixture_init_data (&fixture->base, fixture->root, "bindery-data");
  fixture->library_id = scan_test_add_library (&fixture->base, fixture->root, BINDERY_LIBRARY_PATTERN_SERIES);
  watch_start (fixture, FALSE);
  start_watching (fixture);
  g_assert_false (bindery_library_watch_is_monitoring (fixture->watch, "bindery-data"));

  /* a whole scan writes the catalog (and saves thumbnails for later): no work from it */
  json_object_unref (scan_test_scan (&fixture->base, fixture->library_id, NULL));
  copy_file (harbor, dest);
  wait_jobs (fixture, 1);
  assert_job (fixture, 0, "scan-folders", "folder:Saga");
  g_assert_cmpint (job_report_int (fixture, 0, "books_created"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");
  watch_messages = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (log_writer, NULL, NULL);

#define ADD(path, func) \
  g_test_add ("/watch/" path, WatchFixture, NULL, watch_set_up, func, watch_tear_down)
  ADD ("set-up", test_set_up_monitors);
  ADD ("add-modify-delete", test_add_modify_delete);
  ADD ("rename-and-move", test_rename_and_move);
  ADD ("new-folder", test_new_folder);
  ADD ("burst", test_burst);
  ADD ("slow-write", test_slow_write);
  ADD ("watch-limit", test_watch_limit);
  ADD ("overflow", test_overflow);
  ADD ("root-removed", test_root_removed);
  ADD ("own-writes", test_own_writes);
#undef ADD

  return g_test_run ();
}
