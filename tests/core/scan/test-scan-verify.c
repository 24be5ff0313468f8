/* test-scan-verify.c: verifying book data, from a scan (option "verify") and as a job of its
 * own, over a library of good fixture copies and damaged ones made at test time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <utime.h>
#include <string.h>

#include "bindery-book.h"
#include "bindery-catalog-books.h"
#include "bindery-verify-job.h"
#include "scan-test-util.h"
#include "test-damage.h"
#include "test-fixtures.h"

typedef struct {
  const char *rel_path;
  const char *bad_entry;   /* NULL: a good book */
} LibraryBook;

static const LibraryBook library_books[] = {
  { "Good/Saga 001.cbz", NULL },
  { "Good/Field Notes.pdf", NULL },
  { "Damaged/Cut.cbz", "002.jpg" },
  { "Damaged/Flipped.cbz", "003.jpg" },
  { "Damaged/Batman.cbr", "002.jpg" },
  { "Damaged/Berserk.cb7", "“" },     /* the solid stream fails in whichever entry it is in */
  { "Damaged/Notes.pdf", "2" },
};
#define N_BOOKS G_N_ELEMENTS (library_books)
#define N_DAMAGED 5

static char *
copy (ScanFixture *fixture,
      const char  *fixture_path,
      const char  *rel_path)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), fixture_path, NULL);
  char *dest = g_build_filename (fixture->dir, "lib", rel_path, NULL);
  g_autofree char *parent = g_path_get_dirname (dest);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  scan_test_copy (src, dest);
  return dest;
}

/* Good/ and Damaged/ under fixture->dir/lib; returns the library id. */
static gint64
make_library (ScanFixture *fixture)
{
  g_autofree char *root = g_build_filename (fixture->dir, "lib", NULL);
  g_autofree char *saga = copy (fixture, "library/Saga/Saga 001.cbz", "Good/Saga 001.cbz");
  g_autofree char *pdf = copy (fixture, "library/Novels/Field Notes.pdf", "Good/Field Notes.pdf");
  g_autofree char *cut = copy (fixture, "library/Saga/Saga 002.cbz", "Damaged/Cut.cbz");
  g_autofree char *flipped = copy (fixture, "library/Saga/Saga 002.cbz", "Damaged/Flipped.cbz");
  g_autofree char *rar = copy (fixture, "library/Batman (2016)/Batman 001 (2016).cbr", "Damaged/Batman.cbr");
  g_autofree char *sevenzip = copy (fixture, "library/Manga/Berserk/Vol 01.cb7", "Damaged/Berserk.cb7");
  g_autofree char *notes = copy (fixture, "library/Novels/Field Notes.pdf", "Damaged/Notes.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = NULL;

  test_damage_zip_cut_entry (cut, "002.jpg");
  test_damage_zip_flip_entry (flipped, "003.jpg");
  page = bindery_book_read_entry (rar, BINDERY_BOOK_FORMAT_UNKNOWN, "002.jpg", 0, &error);
  g_assert_no_error (error);
  test_damage_flip_stored (rar, page);
  test_damage_flip_at (sevenzip, 32 + 600);
  {
    const char *page2 = "7 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400]";
    g_autofree char *null_object = g_strdup_printf ("7 0 obj\nnull%*s", (int) (strlen (page2) - strlen ("7 0 obj\nnull")), "");

    test_damage_replace (notes, page2, null_object);
  }
  return scan_test_add_library (fixture, root, BINDERY_LIBRARY_PATTERN_SERIES);
}

static JsonObject *
run_job (ScanFixture *fixture,
         BinderyJob  *job)
{
  g_autoptr(BinderyJob) running = bindery_job_queue_push (fixture->queue, job);

  bindery_job_queue_wait (fixture->queue, running);
  g_assert_cmpint (bindery_job_get_state (running), ==, BINDERY_JOB_STATE_COMPLETED);
  return bindery_job_dup_report (running);
}

static JsonObject *
scan_with (ScanFixture *fixture,
           gint64       library_id,
           const char  *option,
           gboolean     value)
{
  g_autoptr(JsonObject) options = json_object_new ();
  BinderyJobState state;
  JsonObject *report;

  if (option != NULL)
    json_object_set_boolean_member (options, option, value);
  report = scan_test_run (fixture, library_id, NULL, options, &state);
  g_assert_cmpint (state, ==, BINDERY_JOB_STATE_COMPLETED);
  return report;
}

/* Every book's status: damaged ones are corrupt (naming their entry) when damaged_corrupt. */
static void
assert_statuses (ScanFixture *fixture,
                 gint64       library_id,
                 gboolean     damaged_corrupt)
{
  g_autoptr(JsonArray) books = scan_test_books (fixture, library_id);

  g_assert_cmpuint (json_array_get_length (books), ==, N_BOOKS);
  for (guint i = 0; i < N_BOOKS; i++)
    {
      JsonObject *book = scan_test_find_book (books, library_books[i].rel_path);

      g_assert_nonnull (book);
      if (library_books[i].bad_entry != NULL && damaged_corrupt)
        {
          g_assert_cmpstr (json_object_get_string_member (book, "status"), ==, "error");
          g_assert_cmpstr (json_object_get_string_member (book, "error_kind"), ==, "corrupt");
          g_assert_nonnull (strstr (json_object_get_string_member (book, "error_message"),
                                    library_books[i].bad_entry));
          g_assert_false (json_object_get_null_member (book, "verified_at"));
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (book, "status"), ==, "ready");
          g_assert_true (json_object_get_null_member (book, "error_kind"));
        }
    }
}

/* The error lines of the newest job: "path\tmessage". */
static GPtrArray *
last_job_errors (ScanFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = bindery_catalog_prepare (fixture->catalog,
                                                "SELECT path, message FROM job_logs WHERE level = 'error'"
                                                " AND job_id = (SELECT max(id) FROM jobs) ORDER BY id", &error);

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (lines, g_strdup_printf ("%s\t%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  return lines;
}

static void
test_scan_then_verify (ScanFixture   *fixture,
                       gconstpointer  data)
{
  gint64 id = make_library (fixture);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) verified = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) rescan = NULL;
  g_autoptr(JsonObject) forced = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  /* a normal scan lists every copy as a good book */
  first = scan_test_scan (fixture, id, NULL);
  g_assert_cmpint (scan_test_report_int (first, "books_created"), ==, N_BOOKS);
  g_assert_cmpint (scan_test_report_int (first, "errored"), ==, 0);
  g_assert_false (json_object_has_member (first, "verified"));
  assert_statuses (fixture, id, FALSE);

  /* a scan with verify finds every damaged one, naming book and entry in the log */
  verified = scan_with (fixture, id, "verify", TRUE);
  g_assert_true (json_object_get_boolean_member (verified, "verify"));
  g_assert_cmpint (scan_test_report_int (verified, "books_unchanged"), ==, N_BOOKS);
  g_assert_cmpint (scan_test_report_int (verified, "verified"), ==, N_BOOKS - N_DAMAGED);
  g_assert_cmpint (scan_test_report_int (verified, "damaged"), ==, N_DAMAGED);
  g_assert_cmpint (scan_test_report_int (verified, "verify_skipped"), ==, 0);
  g_assert_cmpint (scan_test_report_int (verified, "verify_unreadable"), ==, 0);
  g_assert_cmpint (scan_test_report_int (verified, "verify_bytes_read"), >, 0);
  g_assert_cmpint (scan_test_report_int (verified, "errored"), ==, N_DAMAGED);
  assert_statuses (fixture, id, TRUE);

  errors = last_job_errors (fixture);
  g_assert_cmpuint (errors->len, ==, N_DAMAGED);
  for (guint i = 0; i < N_BOOKS; i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, "lib", library_books[i].rel_path, NULL);
      gboolean found = FALSE;

      for (guint j = 0; j < errors->len; j++)
        {
          const char *line = g_ptr_array_index (errors, j);

          if (g_str_has_prefix (line, path) && line[strlen (path)] == '\t')
            {
              g_assert_nonnull (strstr (line, "corrupt: "));
              g_assert_nonnull (strstr (line, library_books[i].bad_entry));
              found = TRUE;
            }
        }
      g_assert_true (found == (library_books[i].bad_entry != NULL));
    }

  /* verifying again skips what has not changed since */
  again = run_job (fixture, bindery_verify_job_new_for_library (id, FALSE));
  g_assert_cmpint (scan_test_report_int (again, "books"), ==, N_BOOKS);
  g_assert_cmpint (scan_test_report_int (again, "verify_skipped"), ==, N_BOOKS);
  g_assert_cmpint (scan_test_report_int (again, "verified"), ==, 0);
  g_assert_cmpint (scan_test_report_int (again, "damaged"), ==, 0);
  g_assert_cmpint (scan_test_report_int (again, "verify_bytes_read"), ==, 0);

  /* a normal rescan keeps the verdicts */
  rescan = scan_with (fixture, id, NULL, FALSE);
  g_assert_cmpint (scan_test_report_int (rescan, "books_unchanged"), ==, N_BOOKS);
  g_assert_cmpint (scan_test_report_int (rescan, "errored"), ==, N_DAMAGED);
  assert_statuses (fixture, id, TRUE);

  /* forced, every book is read again */
  forced = run_job (fixture, bindery_verify_job_new_for_library (id, TRUE));
  g_assert_cmpint (scan_test_report_int (forced, "verify_skipped"), ==, 0);
  g_assert_cmpint (scan_test_report_int (forced, "verified"), ==, N_BOOKS - N_DAMAGED);
  g_assert_cmpint (scan_test_report_int (forced, "damaged"), ==, N_DAMAGED);
  g_assert_cmpint (scan_test_report_int (forced, "errored"), ==, N_DAMAGED);
  assert_statuses (fixture, id, TRUE);
}

/* A book changed since its verification is verified again; a damaged book replaced by a
 * good file is ready again after the rescan, and verifies clean. The library option turns
 * verification on for every scan. */
static void
test_changed_books (ScanFixture   *fixture,
                    gconstpointer  data)
{
  gint64 id = make_library (fixture);
  g_autofree char *good = g_build_filename (fixture->dir, "lib", "Good", "Saga 001.cbz", NULL);
  g_autofree char *cut = g_build_filename (fixture->dir, "lib", "Damaged", "Cut.cbz", NULL);
  g_autofree char *saga002 = g_build_filename (scan_test_fixtures (), "library", "Saga", "Saga 002.cbz", NULL);
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonArray) books = NULL;
  g_autoptr(GError) error = NULL;
  struct utimbuf times = { 1000000000, 1000000000 };

  library = bindery_catalog_get_library (fixture->catalog, id, &error);
  g_assert_no_error (error);
  bindery_library_set_verify_data (library, TRUE);
  g_assert_true (bindery_library_save (library, fixture->catalog, &error));
  g_assert_no_error (error);

  first = scan_with (fixture, id, NULL, FALSE);
  g_assert_cmpint (scan_test_report_int (first, "books_created"), ==, N_BOOKS);
  g_assert_cmpint (scan_test_report_int (first, "verified"), ==, N_BOOKS - N_DAMAGED);
  g_assert_cmpint (scan_test_report_int (first, "damaged"), ==, N_DAMAGED);

  /* touched and repaired */
  g_assert_cmpint (g_utime (good, &times), ==, 0);
  scan_test_rm_rf (cut);
  scan_test_copy (saga002, cut);

  second = scan_with (fixture, id, NULL, FALSE);
  g_assert_cmpint (scan_test_report_int (second, "books_updated"), ==, 2);
  g_assert_cmpint (scan_test_report_int (second, "verified"), ==, 2);
  g_assert_cmpint (scan_test_report_int (second, "damaged"), ==, 0);
  g_assert_cmpint (scan_test_report_int (second, "verify_skipped"), ==, N_BOOKS - 2);
  g_assert_cmpint (scan_test_report_int (second, "errored"), ==, N_DAMAGED - 1);

  books = scan_test_books (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (scan_test_find_book (books, "Damaged/Cut.cbz"), "status"), ==, "ready");
  g_assert_false (json_object_get_null_member (scan_test_find_book (books, "Damaged/Cut.cbz"), "verified_at"));
}

/* The job's targets: one series, a list of books. */
static void
test_targets (ScanFixture   *fixture,
              gconstpointer  data)
{
  gint64 id = make_library (fixture);
  g_autoptr(JsonObject) first = scan_test_scan (fixture, id, NULL);
  g_autoptr(JsonArray) books = scan_test_books (fixture, id);
  JsonObject *cut = scan_test_find_book (books, "Damaged/Cut.cbz");
  JsonObject *saga = scan_test_find_book (books, "Good/Saga 001.cbz");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonObject) series = NULL;
  g_autoptr(JsonObject) two = NULL;
  gint64 book_id;

  series = run_job (fixture, bindery_verify_job_new_for_series (id, json_object_get_int_member (saga, "series_id"), FALSE));
  g_assert_cmpint (scan_test_report_int (series, "books"), ==, 2);
  g_assert_cmpint (scan_test_report_int (series, "verified"), ==, 2);
  g_assert_cmpint (scan_test_report_int (series, "damaged"), ==, 0);

  book_id = json_object_get_int_member (cut, "id");
  g_array_append_val (ids, book_id);
  book_id = json_object_get_int_member (saga, "id");
  g_array_append_val (ids, book_id);
  two = run_job (fixture, bindery_verify_job_new_for_books (id, ids, TRUE));
  g_assert_cmpint (scan_test_report_int (two, "books"), ==, 2);
  g_assert_cmpint (scan_test_report_int (two, "verified"), ==, 1);
  g_assert_cmpint (scan_test_report_int (two, "damaged"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

  g_test_add ("/scan/verify/scan-then-verify", ScanFixture, NULL,
              scan_fixture_set_up, test_scan_then_verify, scan_fixture_tear_down);
  g_test_add ("/scan/verify/changed-books", ScanFixture, NULL,
              scan_fixture_set_up, test_changed_books, scan_fixture_tear_down);
  g_test_add ("/scan/verify/targets", ScanFixture, NULL,
              scan_fixture_set_up, test_targets, scan_fixture_tear_down);
  return g_test_run ();
}
