/* test-scan-rescan.c: change detection on rescans — add, modify, delete, restore,
 * rename, move, unplug and return, deep and forced scans, one-series scans, an
 * EPUB's sidecar .opf added, edited and removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "bindery-scan-job.h"
#include "scan-test-util.h"
#include "test-fixtures.h"

typedef struct {
  ScanFixture  base;
  char        *root;
  gint64       library_id;
} RescanFixture;

static void
rescan_set_up (RescanFixture *fixture,
               gconstpointer  data)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "library", NULL);
  g_autoptr(JsonObject) report = NULL;

  scan_fixture_set_up (&fixture->base, NULL);
  fixture->root = g_build_filename (fixture->base.dir, "library", NULL);
  scan_test_copy (src, fixture->root);
  fixture->library_id = scan_test_add_library (&fixture->base, fixture->root, BINDERY_LIBRARY_PATTERN_SERIES);
  report = scan_test_scan (&fixture->base, fixture->library_id, NULL);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), ==, 10);
}

static void
rescan_tear_down (RescanFixture *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->root, g_free);
  scan_fixture_tear_down (&fixture->base, NULL);
}

static char *
lib_path (RescanFixture *fixture,
          const char    *rel_path)
{
  return g_build_filename (fixture->root, rel_path, NULL);
}

static JsonObject *
rescan (RescanFixture *fixture)
{
  return scan_test_scan (&fixture->base, fixture->library_id, NULL);
}

/* The book at rel_path, as a new reference (NULL if none). */
static JsonObject *
get_book (RescanFixture *fixture,
          const char    *rel_path)
{
  g_autoptr(JsonArray) books = scan_test_books (&fixture->base, fixture->library_id);
  JsonObject *book = scan_test_find_book (books, rel_path);

  return book != NULL ? json_object_ref (book) : NULL;
}

static JsonObject *
get_series (RescanFixture *fixture,
            const char    *folder)
{
  g_autoptr(JsonArray) series = scan_test_series (&fixture->base, fixture->library_id);

  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *object = json_array_get_object_element (series, i);

      if (g_strcmp0 (json_object_get_string_member (object, "folder"), folder) == 0)
        return json_object_ref (object);
    }
  return NULL;
}

static char *
metadata_text (JsonObject *book)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json_object_get_object_member (book, "metadata"));

  return json_to_string (node, FALSE);
}

/* Only the named counters are non-zero, with these values. */
static void
assert_report (JsonObject *report,
               ...)
{
  static const char * const counters[] = {
    "series_created", "series_updated", "series_missing", "series_restored", "books_created",
    "books_updated", "books_unchanged", "books_missing", "books_restored", "books_moved", "errored",
  };
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  const char *key;
  va_list args;

  va_start (args, report);
  while ((key = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (expected, (gpointer) key, GINT_TO_POINTER (va_arg (args, int)));
  va_end (args);

  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    {
      gint64 want = GPOINTER_TO_INT (g_hash_table_lookup (expected, counters[i]));

      g_test_message ("%s = %" G_GINT64_FORMAT, counters[i], scan_test_report_int (report, counters[i]));
      g_assert_cmpint (scan_test_report_int (report, counters[i]), ==, want);
    }
}

static void
test_unchanged (RescanFixture *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonObject) report = rescan (fixture);

  assert_report (report, "books_unchanged", 10, NULL);
  g_assert_cmpint (scan_test_report_int (report, "bytes_read"), ==, 0);
}

static void
test_add (RescanFixture *fixture,
          gconstpointer  data)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "comics", "Harbor Lights 003.cb7", NULL);
  g_autofree char *dest = lib_path (fixture, "Saga/Harbor Lights 003.cb7");
  g_autofree char *folder = lib_path (fixture, "Westerns");
  g_autofree char *src2 = g_build_filename (scan_test_fixtures (), "broken", "actually-zip.cbr", NULL);
  g_autofree char *dest2 = lib_path (fixture, "Westerns/Ride 001.cbr");
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) book = NULL;
  g_autoptr(JsonObject) series = NULL;

  scan_test_copy (src, dest);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  scan_test_copy (src2, dest2);

  report = rescan (fixture);
  assert_report (report, "books_created", 2, "books_unchanged", 10, "series_created", 1, "series_updated", 1, NULL);

  book = get_book (fixture, "Saga/Harbor Lights 003.cb7");
  g_assert_nonnull (book);
  g_assert_cmpstr (json_object_get_string_member (book, "series"), ==, "Saga");
  g_assert_cmpint (json_object_get_int_member (book, "pages"), ==, 5);
  series = get_series (fixture, "Westerns");
  g_assert_nonnull (series);
  g_assert_cmpint (json_object_get_int_member (series, "books"), ==, 1);
}

static void
test_modify (RescanFixture *fixture,
             gconstpointer  data)
{
  g_autofree char *target = lib_path (fixture, "Saga/Saga 002.cbz");
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "comics", "nested-macos-compressed.cbz", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonObject) before = get_book (fixture, "Saga/Saga 002.cbz");
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_cmpint (json_object_get_int_member (before, "pages"), ==, 4);
  g_file_get_contents (src, &contents, &len, &error);
  g_assert_no_error (error);
  scan_test_write_file (target, contents, len);

  report = rescan (fixture);
  assert_report (report, "books_updated", 1, "books_unchanged", 9, "series_updated", 1, NULL);

  after = get_book (fixture, "Saga/Saga 002.cbz");
  g_assert_cmpint (json_object_get_int_member (after, "id"), ==, json_object_get_int_member (before, "id"));
  g_assert_cmpint (json_object_get_int_member (after, "pages"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (after, "cover_entry"), ==, "nested/BookFolder/1.jpeg");
  g_assert_cmpstr (json_object_get_string_member (after, "fingerprint"), !=,
                   json_object_get_string_member (before, "fingerprint"));
}

static void
test_delete_and_restore (RescanFixture *fixture,
                         gconstpointer  data)
{
  g_autofree char *book_path = lib_path (fixture, "Loose One-Shot.cbz");
  g_autofree char *kept = g_build_filename (fixture->base.dir, "Loose One-Shot.cbz", NULL);
  g_autofree char *novels = lib_path (fixture, "Novels");
  g_autofree char *novels_kept = g_build_filename (fixture->base.dir, "Novels", NULL);
  g_autoptr(JsonObject) before = get_book (fixture, "Loose One-Shot.cbz");
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(JsonObject) restored = NULL;
  g_autoptr(JsonObject) series = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *metadata_before = metadata_text (before);
  g_autofree char *metadata_after = NULL;

  g_assert_cmpint (g_rename (book_path, kept), ==, 0);
  g_assert_cmpint (g_rename (novels, novels_kept), ==, 0);

  report = rescan (fixture);
  assert_report (report, "books_missing", 2, "books_unchanged", 8, "series_missing", 1, "series_updated", 1, NULL);

  /* never deleted: marked missing */
  missing = get_book (fixture, "Loose One-Shot.cbz");
  g_assert_nonnull (missing);
  g_assert_cmpstr (json_object_get_string_member (missing, "status"), ==, "missing");
  g_assert_false (json_object_get_null_member (missing, "missing_since"));
  series = get_series (fixture, "Novels");
  g_assert_cmpstr (json_object_get_string_member (series, "status"), ==, "missing");
  g_clear_pointer (&series, json_object_unref);
  series = get_series (fixture, "");
  g_assert_cmpstr (json_object_get_string_member (series, "status"), ==, "ready");
  g_clear_pointer (&series, json_object_unref);

  /* a second scan changes nothing more */
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_unchanged", 8, NULL);

  g_assert_cmpint (g_rename (kept, book_path), ==, 0);
  g_assert_cmpint (g_rename (novels_kept, novels), ==, 0);
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_restored", 2, "books_unchanged", 8, "series_restored", 1, "series_updated", 1, NULL);

  restored = get_book (fixture, "Loose One-Shot.cbz");
  g_assert_cmpint (json_object_get_int_member (restored, "id"), ==, json_object_get_int_member (before, "id"));
  g_assert_cmpstr (json_object_get_string_member (restored, "status"), ==, "ready");
  g_assert_true (json_object_get_null_member (restored, "missing_since"));
  metadata_after = metadata_text (restored);
  g_assert_cmpstr (metadata_after, ==, metadata_before);
  series = get_series (fixture, "Novels");
  g_assert_cmpstr (json_object_get_string_member (series, "status"), ==, "ready");
}

static void
test_rename (RescanFixture *fixture,
             gconstpointer  data)
{
  g_autofree char *from = lib_path (fixture, "Saga/Saga 001.cbz");
  g_autofree char *to = lib_path (fixture, "Saga/Saga - Chapter One.cbz");
  g_autoptr(JsonObject) before = get_book (fixture, "Saga/Saga 001.cbz");
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *metadata_before = metadata_text (before);
  g_autofree char *metadata_after = NULL;

  g_assert_cmpint (g_rename (from, to), ==, 0);
  report = rescan (fixture);
  assert_report (report, "books_moved", 1, "books_unchanged", 9, "series_updated", 1, NULL);

  g_assert_null (get_book (fixture, "Saga/Saga 001.cbz"));
  after = get_book (fixture, "Saga/Saga - Chapter One.cbz");
  g_assert_nonnull (after);
  g_assert_cmpint (json_object_get_int_member (after, "id"), ==, json_object_get_int_member (before, "id"));
  g_assert_cmpstr (json_object_get_string_member (after, "name"), ==, "Saga - Chapter One.cbz");
  g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, "ready");
  metadata_after = metadata_text (after);
  g_assert_cmpstr (metadata_after, ==, metadata_before);
}

static void
test_move (RescanFixture *fixture,
           gconstpointer  data)
{
  g_autofree char *folder = lib_path (fixture, "Moved");
  g_autofree char *from = lib_path (fixture, "Batman (2016)/Batman 001 (2016).cbr");
  g_autofree char *to = lib_path (fixture, "Moved/Batman 001 (2016).cbr");
  g_autofree char *copy_src = lib_path (fixture, "Saga/Saga 002.cbz");
  g_autofree char *copy_dest = lib_path (fixture, "Moved/Saga 002 copy.cbz");
  g_autoptr(JsonObject) before = get_book (fixture, "Batman (2016)/Batman 001 (2016).cbr");
  g_autoptr(JsonObject) saga = get_book (fixture, "Saga/Saga 002.cbz");
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) moved_series = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (g_rename (from, to), ==, 0);
  /* the same content as a book still in place is a new book, not a move */
  scan_test_copy (copy_src, copy_dest);

  report = rescan (fixture);
  assert_report (report, "books_moved", 1, "books_created", 1, "books_unchanged", 9,
                 "series_created", 1, "series_updated", 1, NULL);

  after = get_book (fixture, "Moved/Batman 001 (2016).cbr");
  g_assert_cmpint (json_object_get_int_member (after, "id"), ==, json_object_get_int_member (before, "id"));
  g_assert_cmpstr (json_object_get_string_member (after, "series"), ==, "Moved");
  moved_series = get_series (fixture, "Moved");
  g_assert_cmpint (json_object_get_int_member (after, "series_id"), ==, json_object_get_int_member (moved_series, "id"));
  /* metadata kept */
  g_assert_cmpstr (json_object_get_string_member (after, "number"), ==, "1");

  copy = get_book (fixture, "Moved/Saga 002 copy.cbz");
  g_assert_cmpint (json_object_get_int_member (copy, "id"), !=, json_object_get_int_member (saga, "id"));
  g_assert_cmpstr (json_object_get_string_member (copy, "fingerprint"), ==,
                   json_object_get_string_member (saga, "fingerprint"));
}

static void
check_unplugged (RescanFixture *fixture)
{
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonArray) books = NULL;
  g_autofree char *state = NULL;
  BinderyJobState job_state;

  report = scan_test_run (&fixture->base, fixture->library_id, NULL, NULL, &job_state);
  g_assert_cmpint (job_state, ==, BINDERY_JOB_STATE_FAILED);
  g_assert_nonnull (report);
  g_assert_true (json_object_get_boolean_member (report, "unavailable"));
  g_assert_cmpint (scan_test_report_int (report, "books_missing"), ==, 0);
  state = scan_test_library_state (&fixture->base, fixture->library_id);
  g_assert_cmpstr (state, ==, "unavailable");

  books = scan_test_books (&fixture->base, fixture->library_id);
  g_assert_cmpuint (json_array_get_length (books), ==, 10);
  for (guint i = 0; i < json_array_get_length (books); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (books, i), "status"), ==, "ready");
}

static void
test_unplug (RescanFixture *fixture,
             gconstpointer  data)
{
  g_autofree char *away = g_build_filename (fixture->base.dir, "elsewhere", NULL);
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *state = NULL;

  /* the root renamed away (a drive unplugged) */
  g_assert_cmpint (g_rename (fixture->root, away), ==, 0);
  check_unplugged (fixture);

  /* an empty mount point */
  g_assert_cmpint (g_mkdir (fixture->root, 0755), ==, 0);
  check_unplugged (fixture);
  g_assert_cmpint (g_rmdir (fixture->root), ==, 0);

  /* back */
  g_assert_cmpint (g_rename (away, fixture->root), ==, 0);
  report = rescan (fixture);
  assert_report (report, "books_unchanged", 10, NULL);
  state = scan_test_library_state (&fixture->base, fixture->library_id);
  g_assert_cmpstr (state, ==, "ready");
}

static void
test_deep_and_force (RescanFixture *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = lib_path (fixture, "Saga/Saga 001.cbz");
  g_autofree char *contents = NULL;
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;
  struct timespec times[2];
  gsize len;
  int fd;

  /* same size, same mtime, same inode, other bytes: only a deep scan sees it */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  contents[len / 2] ^= 0x5a;
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, contents, len), ==, (gssize) len);
  g_assert_cmpint (close (fd), ==, 0);
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);

  report = rescan (fixture);
  assert_report (report, "books_unchanged", 10, NULL);

  g_clear_pointer (&report, json_object_unref);
  options = bindery_scan_job_options_new (-1, TRUE, FALSE);
  report = scan_test_run (&fixture->base, fixture->library_id, NULL, options, NULL);
  g_assert_true (json_object_get_boolean_member (report, "deep"));
  g_assert_cmpint (scan_test_report_int (report, "books_updated"), ==, 1);
  g_assert_cmpint (scan_test_report_int (report, "books_unchanged"), ==, 9);

  g_clear_pointer (&report, json_object_unref);
  g_clear_pointer (&options, json_object_unref);
  options = bindery_scan_job_options_new (-1, FALSE, TRUE);
  report = scan_test_run (&fixture->base, fixture->library_id, NULL, options, NULL);
  g_assert_cmpint (scan_test_report_int (report, "books_updated"), ==, 10);
  g_assert_cmpint (scan_test_report_int (report, "books_created"), ==, 0);
}

static void
test_series_scan (RescanFixture *fixture,
                  gconstpointer  data)
{
  g_autofree char *src = lib_path (fixture, "Loose One-Shot.cbz");
  g_autofree char *dest = lib_path (fixture, "Saga/Saga 003.cbz");
  g_autofree char *gone = lib_path (fixture, "Batman (2016)/Batman 002 (2016).cbr");
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) batman = NULL;
  BinderyJobState state;

  scan_test_copy (src, dest);
  g_assert_cmpint (g_unlink (gone), ==, 0);

  /* one series: Saga's new book; Batman's loss is not seen */
  report = scan_test_run (&fixture->base, fixture->library_id, "Saga", NULL, &state);
  g_assert_cmpint (state, ==, BINDERY_JOB_STATE_COMPLETED);
  assert_report (report, "books_created", 1, "books_unchanged", 2, "series_updated", 1, NULL);
  g_assert_cmpstr (json_object_get_string_member (report, "series"), ==, "Saga");
  batman = get_book (fixture, "Batman (2016)/Batman 002 (2016).cbr");
  g_assert_cmpstr (json_object_get_string_member (batman, "status"), ==, "ready");

  /* Batman's own scan sees it */
  g_clear_pointer (&report, json_object_unref);
  g_clear_pointer (&batman, json_object_unref);
  report = scan_test_run (&fixture->base, fixture->library_id, "Batman (2016)", NULL, &state);
  assert_report (report, "books_missing", 1, "books_unchanged", 1, "series_updated", 1, NULL);
  batman = get_book (fixture, "Batman (2016)/Batman 002 (2016).cbr");
  g_assert_cmpstr (json_object_get_string_member (batman, "status"), ==, "missing");
}

static void
test_series_json (RescanFixture *fixture,
                  gconstpointer  data)
{
  static const char mylar[] =
    "{\"version\": \"1.0.2\", \"metadata\": {\"type\": \"comicSeries\", \"publisher\": \"Image\","
    " \"name\": \"Saga\", \"year\": 2012, \"status\": \"Continuing\"}}";
  g_autofree char *path = lib_path (fixture, "Saga/series.json");
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) series = NULL;
  JsonObject *metadata;

  scan_test_write_file (path, mylar, strlen (mylar));
  report = rescan (fixture);
  assert_report (report, "books_unchanged", 10, "series_updated", 1, NULL);

  series = get_series (fixture, "Saga");
  metadata = json_object_get_object_member (series, "metadata");
  g_assert_nonnull (metadata);
  g_assert_cmpstr (json_object_get_string_member (metadata, "publisher"), ==, "Image");
  g_assert_cmpint (json_object_get_int_member (metadata, "year"), ==, 2012);

  /* unchanged: nothing written */
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_unchanged", 10, NULL);

  /* removed: cleared */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_clear_pointer (&report, json_object_unref);
  g_clear_pointer (&series, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_unchanged", 10, "series_updated", 1, NULL);
  series = get_series (fixture, "Saga");
  g_assert_true (json_object_get_null_member (series, "metadata"));
}

#define SIDECAR_TITLE "Alice's Adventures in Wonderland - Test OPF"

static const char *
book_title (RescanFixture *fixture,
            const char    *rel_path,
            JsonObject   **book)
{
  g_clear_pointer (book, json_object_unref);
  *book = get_book (fixture, rel_path);
  g_assert_nonnull (*book);
  return json_object_get_string_member (*book, "title");
}

/* the fixture book.opf with its title replaced */
static void
write_sidecar (const char *path,
               const char *title)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "ebooks", "book.opf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (src, &contents, NULL, &error);
  g_assert_no_error (error);
  text = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (text, SIDECAR_TITLE, title, 0), ==, 1);
  scan_test_write_file (path, text->str, text->len);
}

static void
set_mtime (const char *path,
           time_t      seconds)
{
  struct timespec times[2] = { { seconds, 0 }, { seconds, 0 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static void
test_sidecar (RescanFixture *fixture,
              gconstpointer  data)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "ebooks", "book.epub", NULL);
  g_autofree char *src_opf = g_build_filename (scan_test_fixtures (), "ebooks", "book.opf", NULL);
  g_autofree char *folder = lib_path (fixture, "Ebooks");
  g_autofree char *epub = lib_path (fixture, "Ebooks/book.epub");
  g_autofree char *opf = lib_path (fixture, "Ebooks/book.opf");
  g_autofree char *other = lib_path (fixture, "Ebooks/other.opf");
  g_autofree char *root_opf = lib_path (fixture, "book.opf");
  g_autofree char *upper = lib_path (fixture, "Ebooks/book.OPF");
  g_autofree char *embedded = NULL;
  g_autoptr(JsonObject) book = NULL;
  g_autoptr(JsonObject) report = NULL;
  gint64 id;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  scan_test_copy (src, epub);
  report = rescan (fixture);
  assert_report (report, "books_created", 1, "books_unchanged", 10, "series_created", 1, NULL);
  embedded = g_strdup (book_title (fixture, "Ebooks/book.epub", &book));
  g_assert_nonnull (embedded);
  g_assert_cmpstr (embedded, !=, SIDECAR_TITLE);
  id = json_object_get_int_member (book, "id");

  /* the sidecar appears: the unchanged book is read again, the sidecar's title wins */
  scan_test_copy (src_opf, opf);
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_updated", 1, "books_unchanged", 10, "series_updated", 1, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, SIDECAR_TITLE);
  g_assert_cmpint (json_object_get_int_member (book, "id"), ==, id);

  /* nothing changed: not read */
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_unchanged", 11, NULL);

  /* edited, longer */
  write_sidecar (opf, "A Longer Sidecar Title, Edited");
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_updated", 1, "books_unchanged", 10, "series_updated", 1, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, "A Longer Sidecar Title, Edited");

  /* edited, same size: only the mtime tells */
  write_sidecar (opf, "A Longer Sidecar Title, Again!");
  set_mtime (opf, 1000000000);
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_updated", 1, "books_unchanged", 10, "series_updated", 1, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, "A Longer Sidecar Title, Again!");

  /* .opf files that belong to no book change nothing */
  write_sidecar (other, "Other");
  write_sidecar (root_opf, "Root");
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_unchanged", 11, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, "A Longer Sidecar Title, Again!");

  /* removed: the embedded title is back */
  g_assert_cmpint (g_unlink (opf), ==, 0);
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_updated", 1, "books_unchanged", 10, "series_updated", 1, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, embedded);
  g_assert_cmpint (json_object_get_int_member (book, "id"), ==, id);

  /* the upper-case spelling counts too */
  write_sidecar (upper, "Upper Case");
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_updated", 1, "books_unchanged", 10, "series_updated", 1, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, "Upper Case");
}

static void
set_ignore (RescanFixture      *fixture,
            const char * const *globs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyLibrary) library = bindery_catalog_get_library (fixture->base.catalog, fixture->library_id, &error);

  g_assert_no_error (error);
  bindery_library_set_ignore (library, globs);
  g_assert_true (bindery_library_save (library, fixture->base.catalog, &error));
  g_assert_no_error (error);
}

/* A sidecar that is a symbolic link is followed like the book next to it, and a change to
 * its target is noticed; one excluded by an ignore rule is not applied, until the rule
 * goes. */
static void
test_sidecar_link_and_ignored (RescanFixture *fixture,
                               gconstpointer  data)
{
  g_autofree char *src = g_build_filename (scan_test_fixtures (), "ebooks", "book.epub", NULL);
  g_autofree char *folder = lib_path (fixture, "Ebooks");
  g_autofree char *meta = lib_path (fixture, "Ebooks/meta");
  g_autofree char *epub = lib_path (fixture, "Ebooks/book.epub");
  g_autofree char *link = lib_path (fixture, "Ebooks/book.opf");
  g_autofree char *target = lib_path (fixture, "Ebooks/meta/real.opf");
  const char *ignore_opf[] = { "Ebooks/book.opf", NULL };
  const char *ignore_none[] = { NULL };
  g_autofree char *embedded = NULL;
  g_autoptr(JsonObject) book = NULL;
  g_autoptr(JsonObject) report = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (meta, 0755), ==, 0);
  scan_test_copy (src, epub);
  write_sidecar (target, "Through the Link");
  g_assert_cmpint (symlink ("meta/real.opf", link), ==, 0);

  /* the link is followed: the target's title */
  report = rescan (fixture);
  assert_report (report, "books_created", 1, "books_unchanged", 10, "series_created", 1, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, "Through the Link");

  /* the target edited (same size: only its mtime tells) */
  write_sidecar (target, "Through the Lonk");
  set_mtime (target, 1000000000);
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_updated", 1, "books_unchanged", 10, "series_updated", 1, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, "Through the Lonk");

  /* ignored: not applied, the book's own title is back */
  set_ignore (fixture, ignore_opf);
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_updated", 1, "books_unchanged", 10, "series_updated", 1, NULL);
  embedded = g_strdup (book_title (fixture, "Ebooks/book.epub", &book));
  g_assert_cmpstr (embedded, !=, "Through the Lonk");
  g_assert_cmpstr (embedded, ==, "Alice's Adventures in Wonderland");   /* the EPUB's own OPF */

  /* still ignored, edited: nothing to read */
  write_sidecar (target, "Ignored Edit");
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_unchanged", 11, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, embedded);

  /* the rule goes: applied again */
  set_ignore (fixture, ignore_none);
  g_clear_pointer (&report, json_object_unref);
  report = rescan (fixture);
  assert_report (report, "books_updated", 1, "books_unchanged", 10, "series_updated", 1, NULL);
  g_assert_cmpstr (book_title (fixture, "Ebooks/book.epub", &book), ==, "Ignored Edit");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

#define ADD(path, func) \
  g_test_add ("/scan/rescan/" path, RescanFixture, NULL, rescan_set_up, func, rescan_tear_down)

  ADD ("unchanged", test_unchanged);
  ADD ("add", test_add);
  ADD ("modify", test_modify);
  ADD ("delete-and-restore", test_delete_and_restore);
  ADD ("rename", test_rename);
  ADD ("move", test_move);
  ADD ("unplug-and-return", test_unplug);
  ADD ("deep-and-force", test_deep_and_force);
  ADD ("series-scan", test_series_scan);
  ADD ("series-json", test_series_json);
  ADD ("sidecar-opf", test_sidecar);
  ADD ("sidecar-opf-link-and-ignored", test_sidecar_link_and_ignored);

#undef ADD

  return g_test_run ();
}
