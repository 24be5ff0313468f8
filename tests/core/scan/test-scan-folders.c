/* test-scan-folders.c: scopes and the folder-scoped scan ("scan-folders")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "bindery-scan-folders-job.h"
#include "scan-test-util.h"
#include "test-fixtures.h"

static void
test_scope_normalised (void)
{
  g_autoptr(BinderyScanScope) scope = bindery_scan_scope_new ();
  g_autoptr(BinderyScanScope) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *again = NULL;

  bindery_scan_scope_add (scope, "b/c", FALSE);
  bindery_scan_scope_add (scope, "a", FALSE);
  bindery_scan_scope_add (scope, "b", TRUE);      /* covers b/c */
  bindery_scan_scope_add (scope, "a b/", FALSE);  /* trailing '/' dropped */
  bindery_scan_scope_add (scope, "a", FALSE);
  target = bindery_scan_scope_to_target (scope);
  g_assert_cmpstr (target, ==, "folder:a\nfolder:a b\ntree:b");
  g_assert_true (bindery_scan_scope_contains_book (scope, "a/x.cbz"));
  g_assert_false (bindery_scan_scope_contains_book (scope, "a/sub/x.cbz"));
  g_assert_true (bindery_scan_scope_contains_book (scope, "b/c/d/x.cbz"));
  g_assert_false (bindery_scan_scope_contains_book (scope, "bc/x.cbz"));
  g_assert_false (bindery_scan_scope_contains_book (scope, "x.cbz"));
  g_assert_true (bindery_scan_scope_covers_series (scope, BINDERY_LIBRARY_PATTERN_SERIES, "a"));
  g_assert_false (bindery_scan_scope_covers_series (scope, BINDERY_LIBRARY_PATTERN_COLLECTION, "a"));
  g_assert_true (bindery_scan_scope_covers_series (scope, BINDERY_LIBRARY_PATTERN_COLLECTION, "b"));
  g_assert_false (bindery_scan_scope_is_library (scope));

  parsed = bindery_scan_scope_parse (target, &error);
  g_assert_no_error (error);
  again = bindery_scan_scope_to_target (parsed);
  g_assert_cmpstr (again, ==, target);

  g_assert_null (bindery_scan_scope_parse ("folder:a\nbogus", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  bindery_scan_scope_add (scope, "with\nnewline", FALSE);
  g_assert_null (bindery_scan_scope_to_target (scope));
  bindery_scan_scope_add (scope, "", TRUE);
  g_assert_true (bindery_scan_scope_is_library (scope));
  g_assert_cmpuint (bindery_scan_scope_get_n_entries (scope), ==, 1);
}

typedef struct {
  ScanFixture  base;
  char        *root;
  gint64       library_id;
} FoldersFixture;

static void
folders_set_up (FoldersFixture *fixture,
                gconstpointer   data)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "library", NULL);
  g_autoptr(JsonObject) report = NULL;
  const char *argv[] = { "chmod", "-R", "u+w", NULL, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  scan_fixture_set_up (&fixture->base, NULL);
  fixture->root = g_build_filename (fixture->base.dir, "library", NULL);
  scan_test_copy (src, fixture->root);
  argv[3] = fixture->root;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  fixture->library_id = scan_test_add_library (&fixture->base, fixture->root,
                                               GPOINTER_TO_INT (data) ? BINDERY_LIBRARY_PATTERN_COLLECTION
                                                                      : BINDERY_LIBRARY_PATTERN_SERIES);
  report = scan_test_scan (&fixture->base, fixture->library_id, NULL);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), ==, 10);
}

static void
folders_tear_down (FoldersFixture *fixture,
                   gconstpointer   data)
{
  g_clear_pointer (&fixture->root, g_free);
  scan_fixture_tear_down (&fixture->base, NULL);
}

static JsonObject *
scan_folders (FoldersFixture *fixture,
              const char     *target)
{
  g_autoptr(BinderyScanScope) scope = bindery_scan_scope_parse (target, NULL);
  g_autoptr(BinderyJob) job = bindery_scan_folders_job_new (fixture->library_id, scope, NULL);
  g_autoptr(BinderyJob) running = bindery_job_queue_push (fixture->base.queue, job);

  bindery_job_queue_wait (fixture->base.queue, running);
  g_assert_cmpint (bindery_job_get_state (running), ==, BINDERY_JOB_STATE_COMPLETED);
  return bindery_job_dup_report (running);
}

static gint64
book_id (FoldersFixture *fixture,
         const char     *rel_path,
         const char     *status)
{
  g_autoptr(JsonArray) books = scan_test_books (&fixture->base, fixture->library_id);
  JsonObject *book = scan_test_find_book (books, rel_path);

  g_assert_nonnull (book);
  g_assert_cmpstr (json_object_get_string_member (book, "status"), ==, status);
  return json_object_get_int_member (book, "id");
}

static void
rename_rel (FoldersFixture *fixture,
            const char     *from,
            const char     *to)
{
  g_autofree char *a = g_build_filename (fixture->root, from, NULL);
  g_autofree char *b = g_build_filename (fixture->root, to, NULL);

  g_assert_cmpint (g_rename (a, b), ==, 0);
}

/* Only the scope is listed; a move between two scoped folders keeps the id; out of
 * scope nothing becomes missing. */
static void
test_scoped_move (FoldersFixture *fixture,
                  gconstpointer   data)
{
  gint64 saga1 = book_id (fixture, "Saga/Saga 001.cbz", "ready");
  gint64 novel = book_id (fixture, "Novels/Field Notes.pdf", "ready");
  g_autoptr(JsonObject) report = NULL;

  rename_rel (fixture, "Saga/Saga 001.cbz", "Novels/Saga 001.cbz");
  rename_rel (fixture, "Novels/Field Notes.pdf", "Field Notes.pdf");   /* out of scope */

  report = scan_folders (fixture, "folder:Novels\nfolder:Saga");
  g_assert_cmpint (scan_test_report_int (report, "books_moved"), ==, 1);
  g_assert_cmpint (scan_test_report_int (report, "books_missing"), ==, 1);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), ==, 0);
  g_assert_cmpint (scan_test_report_int (report, "files_seen"), ==, 3);   /* Saga 001, 002, folder.jpg */
  g_assert_cmpint (book_id (fixture, "Novels/Saga 001.cbz", "ready"), ==, saga1);
  g_assert_cmpint (book_id (fixture, "Novels/Field Notes.pdf", "missing"), ==, novel);
  g_clear_pointer (&report, json_object_unref);

  /* a missing book that reappears in another scope later keeps its id */
  report = scan_folders (fixture, "folder:");
  g_assert_cmpint (scan_test_report_int (report, "books_moved"), ==, 1);
  g_assert_cmpint (book_id (fixture, "Field Notes.pdf", "ready"), ==, novel);
}

/* With the collection pattern a folder below a top-level folder does not cover its
 * series: the series is not marked missing when that folder alone is empty. */
static void
test_collection_series (FoldersFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *berserk = g_build_filename (fixture->root, "Manga", "Berserk", NULL);

  scan_test_rm_rf (berserk);
  report = scan_folders (fixture, "tree:Manga/Berserk");
  g_assert_cmpint (scan_test_report_int (report, "books_missing"), ==, 2);
  g_assert_cmpint (scan_test_report_int (report, "series_missing"), ==, 0);
  book_id (fixture, "Manga/One Shot Stories.cbt", "ready");
  g_clear_pointer (&report, json_object_unref);

  /* the whole top-level tree: the series is in scope */
  {
    g_autofree char *stories = g_build_filename (fixture->root, "Manga", "One Shot Stories.cbt", NULL);
    g_assert_cmpint (g_unlink (stories), ==, 0);
  }
  report = scan_folders (fixture, "tree:Manga");
  g_assert_cmpint (scan_test_report_int (report, "books_missing"), ==, 1);
  g_assert_cmpint (scan_test_report_int (report, "series_missing"), ==, 1);
}

/* A folder scan of a library whose root was emptied (unmounted under its mount
 * point) makes it unavailable; nothing is marked missing. */
static void
test_emptied_root (FoldersFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(BinderyScanScope) scope = bindery_scan_scope_parse ("folder:Saga", NULL);
  g_autoptr(BinderyJob) job = bindery_scan_folders_job_new (fixture->library_id, scope, NULL);
  g_autoptr(BinderyJob) running = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *state = NULL;

  scan_test_rm_rf (fixture->root);
  g_assert_cmpint (g_mkdir (fixture->root, 0755), ==, 0);
  running = bindery_job_queue_push (fixture->base.queue, job);
  bindery_job_queue_wait (fixture->base.queue, running);
  g_assert_cmpint (bindery_job_get_state (running), ==, BINDERY_JOB_STATE_FAILED);
  report = bindery_job_dup_report (running);
  g_assert_true (json_object_get_boolean_member (report, "unavailable"));
  state = scan_test_library_state (&fixture->base, fixture->library_id);
  g_assert_cmpstr (state, ==, "unavailable");
  book_id (fixture, "Saga/Saga 001.cbz", "ready");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

  g_test_add_func ("/scan/folders/scope", test_scope_normalised);
  g_test_add ("/scan/folders/move", FoldersFixture, GINT_TO_POINTER (FALSE),
              folders_set_up, test_scoped_move, folders_tear_down);
  g_test_add ("/scan/folders/collection-series", FoldersFixture, GINT_TO_POINTER (TRUE),
              folders_set_up, test_collection_series, folders_tear_down);
  g_test_add ("/scan/folders/emptied-root", FoldersFixture, GINT_TO_POINTER (FALSE),
              folders_set_up, test_emptied_root, folders_tear_down);
  return g_test_run ();
}
