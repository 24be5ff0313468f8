/* test-thumbnail-follow-up.c: the cover job a scan names, "scan:ID"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real catalog and a copy of the fixture library: each scan stamps the books it reads
 * with its job id, its follow-up is stored as "scan:ID" (a few bytes, whatever the
 * number of books) and makes the covers of exactly those books; bindery-cli job and jobs
 * describe it instead of printing it.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <utime.h>

#include "bindery-catalog-books.h"
#include "bindery-scan-job.h"
#include "bindery-thumbnail-job.h"
#include "scan-test-util.h"
#include "test-fixtures.h"

typedef struct {
  ScanFixture  scan;
  char        *root;
  gint64       library_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "library", NULL);

  scan_fixture_set_up (&fixture->scan, data);
  fixture->root = g_build_filename (fixture->scan.dir, "Comics", NULL);
  scan_test_copy (src, fixture->root);
  fixture->library_id = scan_test_add_library (&fixture->scan, fixture->root, BINDERY_LIBRARY_PATTERN_SERIES);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  scan_fixture_tear_down (&fixture->scan, data);
  g_clear_pointer (&fixture->root, g_free);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql,
           gint64      arg)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->scan.catalog, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gint64
book_id (Fixture    *fixture,
         const char *rel_path)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->scan.catalog,
                                                "SELECT id FROM books WHERE rel_path = CAST (?1 AS BLOB)", &error);
  gint64 id;

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, rel_path, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* A library scan to its end; returns its job id. */
static gint64
scan (Fixture *fixture)
{
  g_autoptr(BinderyJob) job = bindery_scan_job_new (fixture->library_id, NULL);
  g_autoptr(BinderyJob) running = bindery_job_queue_push (fixture->scan.queue, job);

  bindery_job_queue_wait (fixture->scan.queue, running);
  g_assert_cmpint (bindery_job_get_state (running), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpint (bindery_job_get_id (running), >, 0);
  return bindery_job_get_id (running);
}

/* The targets of the cover jobs saved for later, oldest first. */
static GPtrArray *
queued_cover_targets (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->scan.catalog,
                                                "SELECT target FROM jobs WHERE type = 'thumbnails'"
                                                " AND state = 'queued' ORDER BY id", &error);

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (targets, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return targets;
}

static gboolean
set_has (GHashTable *set,
         gint64      id)
{
  return g_hash_table_contains (set, &id);
}

/* Replaces a book's file with another fixture's bytes and an mtime of its own: the next
 * scan sees it changed and reads it again. */
static void
replace_book (Fixture    *fixture,
              const char *rel_path,
              const char *fixture_rel,
              time_t      mtime)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), fixture_rel, NULL);
  g_autofree char *dest = g_build_filename (fixture->root, rel_path, NULL);
  g_autofree char *contents = NULL;
  struct utimbuf times = { mtime, mtime };
  gsize len;

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  scan_test_write_file (dest, contents, len);
  g_assert_cmpint (utime (dest, &times), ==, 0);
}

/* --- the jobs a follow-up runs ------------------------------------------------------ */

typedef struct {
  GHashTable *changed;   /* target → GArray of the book ids its job announced */
} Made;

static void
on_books_changed (BinderyJob *job,
                  GArray     *ids,
                  Made       *made)
{
  GArray *array = g_hash_table_lookup (made->changed, bindery_job_get_target (job));

  if (array == NULL)
    {
      array = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (made->changed, g_strdup (bindery_job_get_target (job)), array);
    }
  g_array_append_vals (array, ids->data, ids->len);
}

static void
on_job_added (BinderyJobQueue *queue,
              BinderyJob      *job,
              Made            *made)
{
  g_signal_connect (job, "books-changed", G_CALLBACK (on_books_changed), made);
}

static gboolean
array_has (GArray *array,
           gint64  id)
{
  for (guint i = 0; array != NULL && i < array->len; i++)
    if (g_array_index (array, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* --- tests -------------------------------------------------------------------------- */

/* Each scan's cover job is "scan:ID" and makes the covers of the books that scan read:
 * all of them at first, then the one added and the one changed. A book read again by a
 * later scan is that scan's: the earlier job leaves it to the later one, which covers it. */
static void
test_scan_target (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GHashTable) first_books = NULL;
  g_autoptr(GHashTable) second_books = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_target = NULL;
  g_autofree char *second_target = NULL;
  Made made = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref) };
  GArray *first_made, *second_made;
  gint64 first, second, third, n_books, added, changed, kept;
  g_autofree char *added_src = g_build_filename (scan_test_fixtures (), "library", "Saga", "Saga 001.cbz", NULL);
  g_autofree char *added_dest = g_build_filename (fixture->root, "Saga", "Saga 003.cbz", NULL);

  /* The first scan reads every book: its follow-up names them all in a few bytes. */
  first = scan (fixture);
  first_target = g_strdup_printf ("scan:%" G_GINT64_FORMAT, first);
  n_books = query_int (fixture, "SELECT count(*) FROM books", 0);
  g_assert_cmpint (n_books, >=, 8);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books WHERE scan_job = ?1", first), ==, n_books);
  targets = queued_cover_targets (fixture);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (targets, 0), ==, first_target);
  g_clear_pointer (&targets, g_ptr_array_unref);

  /* One book added (a copy: same bytes, another path), one changed, the rest untouched. */
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (added_src, &contents, &len, NULL));
    scan_test_write_file (added_dest, contents, len);
  }
  replace_book (fixture, "Saga/Saga 002.cbz", "comics/science_comics_001.cbz", 1000000000);
  second = scan (fixture);
  g_assert_cmpint (second, >, first);
  second_target = g_strdup_printf ("scan:%" G_GINT64_FORMAT, second);
  added = book_id (fixture, "Saga/Saga 003.cbz");
  changed = book_id (fixture, "Saga/Saga 002.cbz");
  kept = book_id (fixture, "Saga/Saga 001.cbz");

  /* Two follow-ups, one per scan: different targets, not merged. */
  targets = queued_cover_targets (fixture);
  g_assert_cmpuint (targets->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (targets, 0), ==, first_target);
  g_assert_cmpstr (g_ptr_array_index (targets, 1), ==, second_target);
  g_clear_pointer (&targets, g_ptr_array_unref);
  g_assert_cmpint (query_int (fixture, "SELECT max (length (target)) FROM jobs WHERE type = 'thumbnails'", 0), <, 16);

  /* The changed book is re-stamped: it left the first scan's books for the second's. */
  first_books = bindery_catalog_scan_book_ids (fixture->scan.catalog, fixture->library_id, first, &error);
  g_assert_no_error (error);
  second_books = bindery_catalog_scan_book_ids (fixture->scan.catalog, fixture->library_id, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (second_books), ==, 2);
  g_assert_true (set_has (second_books, added));
  g_assert_true (set_has (second_books, changed));
  g_assert_cmpuint (g_hash_table_size (first_books), ==, n_books - 1);
  g_assert_false (set_has (first_books, changed));
  g_assert_true (set_has (first_books, kept));

  /* A scan that reads nothing names no cover job; an identical follow-up saved twice
   * is saved once. */
  third = scan (fixture);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books WHERE scan_job = ?1", third), ==, 0);
  targets = queued_cover_targets (fixture);
  g_assert_cmpuint (targets->len, ==, 2);
  g_clear_pointer (&targets, g_ptr_array_unref);
  {
    g_autoptr(BinderyJob) again = bindery_job_new_for_type_name ("thumbnails", fixture->library_id,
                                                                 second_target, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (bindery_job_queue_add_follow_up (fixture->scan.queue, again, &error));
    g_assert_no_error (error);
    targets = queued_cover_targets (fixture);
    g_assert_cmpuint (targets->len, ==, 2);
    g_clear_pointer (&targets, g_ptr_array_unref);
  }

  /* The app runs them: each makes the covers of its own books, and no other. */
  bindery_job_queue_set_max_workers (fixture->scan.queue, 1);
  bindery_job_queue_set_defer_follow_ups (fixture->scan.queue, FALSE);
  g_signal_connect (fixture->scan.queue, "job-added", G_CALLBACK (on_job_added), &made);
  g_assert_cmpuint (bindery_job_queue_resume_pending (fixture->scan.queue), ==, 2);
  while (bindery_job_queue_is_busy (fixture->scan.queue))
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_func (fixture->scan.queue, on_job_added, &made);

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs WHERE type = 'thumbnails' AND state = 'completed'", 0),
                   ==, 2);
  second_made = g_hash_table_lookup (made.changed, second_target);
  first_made = g_hash_table_lookup (made.changed, first_target);
  g_assert_nonnull (second_made);
  g_assert_nonnull (first_made);
  g_assert_cmpuint (second_made->len, ==, 2);
  g_assert_true (array_has (second_made, added));
  g_assert_true (array_has (second_made, changed));
  g_assert_false (array_has (first_made, changed));
  g_assert_false (array_has (first_made, added));
  g_assert_true (array_has (first_made, kept));
  /* Each cover was made once, by one of them. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM thumbnails", 0), ==,
                   first_made->len + second_made->len);

  g_hash_table_unref (made.changed);
}

/* A job id is never given twice, not even once the history is cleared: a new job does not
 * inherit the books stamped with a cleared scan's id. */
static void
test_ids_not_reused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first, second;

  first = scan (fixture);
  g_assert_true (bindery_catalog_exec (fixture->scan.catalog, "DELETE FROM jobs", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs", 0), ==, 0);

  second = scan (fixture);
  g_assert_cmpint (second, >, first);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM books WHERE scan_job = ?1", second), ==, 0);
}

/* --- bindery-cli job and jobs ----------------------------------------------------------- */

static int
run_cli (Fixture     *fixture,
         char       **out,
         const char  *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("BINDERY_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) bindery_context_get_data_dir (fixture->scan.context));
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) != 0)
    g_test_message ("stderr: %s", err);
  return WEXITSTATUS (status);
}

static gint64
queued_cover_job (Fixture *fixture)
{
  return query_int (fixture, "SELECT max (id) FROM jobs WHERE type = 'thumbnails' AND state = 'queued'", 0);
}

/* `job ID` and `jobs` say what a cover job works on, in a few words: "Books found by
 * scan N", or for a job stored by an older version, one id per book, "N books". */
static void
test_cli_describes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) old_target = g_string_new ("books:");
  g_autofree char *id_text = NULL;
  g_autofree char *old_id_text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_line = NULL;
  g_autofree char *scan_target = NULL;
  g_autofree char *scan_description = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *job;
  sqlite3_stmt *stmt;
  gint64 scan_id, cover_id, old_id;

  scan_id = scan (fixture);
  cover_id = queued_cover_job (fixture);
  g_assert_cmpint (cover_id, >, scan_id);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, cover_id);
  scan_target = g_strdup_printf ("scan:%" G_GINT64_FORMAT, scan_id);
  scan_description = g_strdup_printf ("Books found by scan %" G_GINT64_FORMAT, scan_id);
  expected = g_strdup_printf ("  Target:    %s\n", scan_description);

  /* job ID: the description, not the stored text */
  g_assert_cmpint (run_cli (fixture, &out, "job", id_text, NULL), ==, 0);
  g_assert_nonnull (strstr (out, expected));
  g_assert_null (strstr (out, "scan:"));
  g_clear_pointer (&out, g_free);

  /* job ID --json: both */
  g_assert_cmpint (run_cli (fixture, &out, "job", id_text, "--json", NULL), ==, 0);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  job = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (job, "target"), ==, scan_target);
  g_assert_cmpstr (json_object_get_string_member (job, "target_description"), ==, scan_description);
  g_clear_pointer (&out, g_free);

  /* A cover job stored by an older version, every book listed */
  for (guint i = 1; i <= 10000; i++)
    g_string_append_printf (old_target, "%s%u", i > 1 ? "," : "", i);
  stmt = bindery_catalog_prepare (fixture->scan.catalog,
                                  "INSERT INTO jobs (type, library_id, target, title, state, created_at)"
                                  " VALUES ('thumbnails', ?1, ?2, 'Thumbnails', 'completed', 1)", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, fixture->library_id);
  sqlite3_bind_text (stmt, 2, old_target->str, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
  old_id = sqlite3_last_insert_rowid (bindery_catalog_get_db (fixture->scan.catalog));
  old_id_text = g_strdup_printf ("%" G_GINT64_FORMAT, old_id);

  g_assert_cmpint (run_cli (fixture, &out, "job", old_id_text, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "  Target:    10000 books\n"));
  g_assert_cmpuint (strlen (out), <, 1024);
  g_clear_pointer (&out, g_free);

  /* jobs: each cover job's title says what it works on; no stored target is printed */
  g_assert_cmpint (run_cli (fixture, &out, "jobs", NULL), ==, 0);
  expected_line = g_strdup_printf ("Thumbnails (Books found by scan %" G_GINT64_FORMAT ")\n", scan_id);
  g_assert_nonnull (strstr (out, expected_line));
  g_assert_nonnull (strstr (out, "Thumbnails (10000 books)\n"));
  g_assert_null (strstr (out, "books:"));
  g_assert_null (strstr (out, "scan:"));
  g_assert_cmpuint (strlen (out), <, 2048);
  g_clear_pointer (&out, g_free);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/thumbs/follow-up/scan-target", test_scan_target);
  ADD ("/thumbs/follow-up/ids-not-reused", test_ids_not_reused);
  ADD ("/thumbs/follow-up/cli-describes", test_cli_describes);
#undef ADD

  return g_test_run ();
}
