/* test-converter.c: one book RAR/7z → CBZ, and every fault that must lose nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bindery-book.h"
#include "bindery-converter.h"
#include "book-test-util.h"
#include "convert-test-util.h"
#include "test-fixtures.h"
#include "test-unprivileged.h"

static const TestEntry book_entries[] = {
  { "ComicInfo.xml", "<?xml version=\"1.0\"?><ComicInfo><Title>T</Title><Number>2</Number></ComicInfo>", 0 },
  { "pages", NULL, 0 },
  { "pages/002.jpg", "\xff\xd8\xff\xe0 second page", 0 },
  { "pages/001.jpg", "\xff\xd8\xff\xe0 first page", 0 },
  { "notes.txt", "some notes, deflated", 0 },
};

/* A RAR made by make-rar.py in dir; NULL (test skipped) when the tool cannot run. */
static char *
make_rar (const char      *dir,
          const char      *name,
          const char      *format,
          const char      *password,
          const TestEntry *entries,
          guint            n_entries)
{
  g_autofree char *why_not = NULL;
  char *path = g_build_filename (dir, name, NULL);

  if (!book_test_make_rar (path, format, password, entries, n_entries, &why_not))
    {
      g_test_skip (why_not);
      g_free (path);
      return NULL;
    }
  return path;
}

/* Converts and checks the result entry by entry against the source. */
static void
assert_round_trip (const char        *path,
                   BinderyBookFormat  format)
{
  g_autoptr(GPtrArray) source = convert_test_read_archive (path);
  g_autoptr(GPtrArray) converted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha_before = convert_test_file_sha256 (path);
  g_autofree char *sha_after = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *dest = bindery_converter_destination_path (path);
  BinderyConvertResult result = { 0 };
  struct stat st;

  bindery_converter_convert (path, format, NULL, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result.path, ==, dest);
  g_assert_cmpuint (result.entries, ==, source->len);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (result.bytes_before, ==, st.st_size);
  g_assert_cmpint (g_stat (dest, &st), ==, 0);
  g_assert_cmpuint (result.bytes_after, ==, st.st_size);

  /* The original is untouched: the caller disposes of it. */
  sha_after = convert_test_file_sha256 (path);
  g_assert_cmpstr (sha_after, ==, sha_before);
  g_assert_cmpuint (convert_test_count_temp_files (dir), ==, 0);

  converted = convert_test_read_zip (dest);
  convert_test_assert_same_entries (source, converted);
  bindery_convert_result_clear (&result);
}

static void
test_round_trip_fixtures (void)
{
  g_autoptr(GPtrArray) fixtures = convert_test_archive_fixtures ();
  g_autofree char *tmp = book_test_tmpdir ();
  guint rar4 = 0, rar5 = 0, sevenz = 0;

  /* manifest.json: two RAR5 and one RAR4 comic, the libarchive RAR samples, two 7z. */
  g_assert_cmpuint (fixtures->len, >=, 10);
  for (guint i = 0; i < fixtures->len; i++)
    {
      const char *rel = g_ptr_array_index (fixtures, i);
      g_autofree char *src = book_test_fixture (rel);
      g_autofree char *base = g_path_get_basename (rel);
      g_autofree char *sub = g_strdup_printf ("%s/%u", tmp, i);
      g_autofree char *copy = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(BinderyBookInfo) before = NULL;
      g_autoptr(BinderyBookInfo) after = NULL;
      g_autofree char *dest = NULL;
      BinderyBookFormat format;

      g_test_message ("%s", rel);
      g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
      copy = book_test_copy (src, sub, base);
      format = bindery_book_sniff_format (copy, &error);
      g_assert_no_error (error);
      g_assert_true (bindery_converter_can_convert (format));
      before = bindery_book_read_info (copy, NULL);
      if (before != NULL && g_strcmp0 (before->container, "rar4") == 0)
        rar4++;
      else if (before != NULL && g_strcmp0 (before->container, "rar5") == 0)
        rar5++;
      else if (format == BINDERY_BOOK_FORMAT_7Z)
        sevenz++;

      assert_round_trip (copy, format);

      /* The book reads the same: pages in the same order, the same cover and metadata. */
      dest = bindery_converter_destination_path (copy);
      g_assert_cmpint (bindery_book_sniff_format (dest, NULL), ==, BINDERY_BOOK_FORMAT_ZIP);
      after = bindery_book_read_info (dest, NULL);
      g_assert_true ((before == NULL) == (after == NULL));
      if (before != NULL)
        {
          g_autofree char *m1 = json_to_string (json_node_init_object (json_node_alloc (), before->metadata), FALSE);
          g_autofree char *m2 = json_to_string (json_node_init_object (json_node_alloc (), after->metadata), FALSE);

          g_assert_cmpuint (after->page_count, ==, before->page_count);
          for (guint p = 0; p < before->pages->len; p++)
            g_assert_cmpstr (g_ptr_array_index (after->pages, p), ==, g_ptr_array_index (before->pages, p));
          g_assert_cmpstr (after->cover_entry, ==, before->cover_entry);
          g_assert_cmpstr (m2, ==, m1);
        }
    }
  g_assert_cmpuint (rar4, >=, 1);
  g_assert_cmpuint (rar5, >=, 1);
  g_assert_cmpuint (sevenz, >=, 1);
  book_test_rmtree (tmp);
}

static void
test_round_trip_generated (void)
{
  const char *formats[] = { "rar4", "rar5" };
  g_autofree char *tmp = book_test_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("Book %s.cbr", formats[i]);
      g_autofree char *path = make_rar (tmp, name, formats[i], NULL, book_entries,
                                        G_N_ELEMENTS (book_entries));
      g_autoptr(GPtrArray) converted = NULL;
      g_autofree char *dest = NULL;

      if (path == NULL)
        return;
      assert_round_trip (path, BINDERY_BOOK_FORMAT_RAR);
      dest = bindery_converter_destination_path (path);
      converted = convert_test_read_zip (dest);
      /* Entry order kept (002 before 001, as in the source), the folder with its slash. */
      g_assert_cmpstr (((ConvertTestEntry *) converted->pdata[1])->name, ==, "pages/");
      g_assert_cmpstr (((ConvertTestEntry *) converted->pdata[2])->name, ==, "pages/002.jpg");
    }
  book_test_rmtree (tmp);
}

/* A failed conversion: the error, the original byte-identical, no temporary file, no
 * new file. */
static void
assert_fails_cleanly (const char                  *path,
                      BinderyBookFormat            format,
                      const BinderyConvertOptions *options,
                      GQuark                       domain,
                      int                          code)
{
  g_autofree char *sha_before = convert_test_file_sha256 (path);
  g_autofree char *sha_after = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *dest = bindery_converter_destination_path (path);
  gboolean dest_existed = g_file_test (dest, G_FILE_TEST_EXISTS);
  g_autoptr(GError) error = NULL;
  BinderyConvertResult result = { 0 };

  g_assert_false (bindery_converter_convert (path, format, options, &result, &error));
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_null (result.path);
  sha_after = convert_test_file_sha256 (path);
  g_assert_cmpstr (sha_after, ==, sha_before);
  g_assert_cmpuint (convert_test_count_temp_files (dir), ==, 0);
  g_assert_true (g_file_test (dest, G_FILE_TEST_EXISTS) == dest_existed);
}

static void
test_fault_source (void)
{
  static const TestEntry unsafe[] = {
    { "001.jpg", "\xff\xd8 page", 0 },
    { "../escape.jpg", "\xff\xd8 out", 0 },
  };
  static const struct { const char *fixture; int code; } broken[] = {
    { "broken/encrypted-pages.cbr", BINDERY_BOOK_ERROR_ENCRYPTED },
    { "broken/libarchive/test_read_format_rar4_encrypted.rar", BINDERY_BOOK_ERROR_ENCRYPTED },
    { "broken/libarchive/test_read_format_rar_encryption_header.rar", BINDERY_BOOK_ERROR_ENCRYPTED },
    { "broken/libarchive/test_read_format_rar_invalid1.rar", BINDERY_BOOK_ERROR_CORRUPT },
    { "broken/libarchive/test_read_format_rar5_truncated_huff.rar", BINDERY_BOOK_ERROR_CORRUPT },
  };
  g_autofree char *tmp = book_test_tmpdir ();
  g_autofree char *path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *src = book_test_fixture (broken[i].fixture);
      g_autofree char *base = g_path_get_basename (src);
      g_autofree char *copy = book_test_copy (src, tmp, base);

      g_test_message ("%s", broken[i].fixture);
      assert_fails_cleanly (copy, BINDERY_BOOK_FORMAT_RAR, NULL, BINDERY_BOOK_ERROR, broken[i].code);
    }

  /* A bad-tables RAR5: listed fine, its data cannot be decoded. */
  {
    g_autofree char *src = book_test_fixture ("broken/libarchive/test_read_format_rar5_bad_tables.rar");
    g_autofree char *copy = book_test_copy (src, tmp, "bad_tables.rar");
    assert_fails_cleanly (copy, BINDERY_BOOK_FORMAT_RAR, NULL, BINDERY_BOOK_ERROR,
                          BINDERY_BOOK_ERROR_CORRUPT);
  }

  path = make_rar (tmp, "unsafe.cbr", "rar5", NULL, unsafe, G_N_ELEMENTS (unsafe));
  if (path == NULL)
    return;
  assert_fails_cleanly (path, BINDERY_BOOK_FORMAT_RAR, NULL, BINDERY_BOOK_ERROR,
                        BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME);
  g_clear_pointer (&path, g_free);

  path = make_rar (tmp, "secret.cbr", "rar5", "password", book_entries, G_N_ELEMENTS (book_entries));
  if (path == NULL)
    return;
  assert_fails_cleanly (path, BINDERY_BOOK_FORMAT_RAR, NULL, BINDERY_BOOK_ERROR,
                        BINDERY_BOOK_ERROR_ENCRYPTED);
  book_test_rmtree (tmp);
}

static void
test_fault_destination_taken (void)
{
  g_autofree char *tmp = book_test_tmpdir ();
  g_autofree char *path = make_rar (tmp, "Taken 001.cbr", "rar5", NULL, book_entries,
                                    G_N_ELEMENTS (book_entries));
  g_autofree char *dest = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *src = NULL;
  g_autofree char *self_named = NULL;
  g_autofree char *expected = NULL;

  if (path == NULL)
    return;
  dest = bindery_converter_destination_path (path);
  g_assert_true (g_str_has_suffix (dest, "/Taken 001.cbz"));
  g_assert_true (g_file_set_contents (dest, "someone else's book", -1, NULL));
  assert_fails_cleanly (path, BINDERY_BOOK_FORMAT_RAR, NULL, G_IO_ERROR, G_IO_ERROR_EXISTS);
  sha = convert_test_file_sha256 (dest);
  expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "someone else's book", -1);
  g_assert_cmpstr (sha, ==, expected);

  /* The CBZ a run killed after its rename left: taken as the conversion. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *sha_before = convert_test_file_sha256 (path);
    g_autofree char *sha_after = NULL;
    BinderyConvertResult result = { 0 };

    g_assert_cmpint (g_unlink (dest), ==, 0);
    g_assert_true (bindery_converter_convert (path, BINDERY_BOOK_FORMAT_RAR, NULL, &result, &error));
    g_assert_false (result.adopted);
    bindery_convert_result_clear (&result);
    sha_after = convert_test_file_sha256 (dest);
    g_assert_true (bindery_converter_convert (path, BINDERY_BOOK_FORMAT_RAR, NULL, &result, &error));
    g_assert_no_error (error);
    g_assert_true (result.adopted);
    g_assert_cmpstr (result.path, ==, dest);
    bindery_convert_result_clear (&result);
    g_free (sha);
    sha = convert_test_file_sha256 (dest);
    g_assert_cmpstr (sha, ==, sha_after);
    g_free (sha);
    sha = convert_test_file_sha256 (path);
    g_assert_cmpstr (sha, ==, sha_before);
  }

  /* A RAR named .cbz: the new file would take its own name. */
  src = book_test_fixture ("broken/actually-rar.cbz");
  self_named = book_test_copy (src, tmp, "actually-rar.cbz");
  assert_fails_cleanly (self_named, BINDERY_BOOK_FORMAT_RAR, NULL, G_IO_ERROR, G_IO_ERROR_EXISTS);
  book_test_rmtree (tmp);
}

/* The writer fails with ENOSPC part-way (an injected fault, at several points). */
static void
test_fault_write_failure (void)
{
  g_autofree char *tmp = book_test_tmpdir ();
  g_autofree char *path = make_rar (tmp, "Full.cbr", "rar4", NULL, book_entries,
                                    G_N_ELEMENTS (book_entries));
  const guint64 points[] = { 1, 30, 100, 200, 300 };

  if (path == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      BinderyConvertOptions options = { 0 };
      options.fail_after_bytes = points[i];
      options.fail_errno = ENOSPC;
      assert_fails_cleanly (path, BINDERY_BOOK_FORMAT_RAR, &options, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    }
  book_test_rmtree (tmp);
}

/* A real full file system: a 256 KiB tmpfs (needs root and mount(2); skipped otherwise). */
static void
test_fault_disk_full (void)
{
  g_autofree char *tmp = book_test_tmpdir ();
  g_autofree char *mnt = g_build_filename (tmp, "small", NULL);
  g_autofree char *path = NULL;
  g_autofree char *why_not = NULL;

  g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);
  if (geteuid () != 0 || mount ("bindery-test", mnt, "tmpfs", 0, "size=256k") != 0)
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root); the injected fault test covers it");
      book_test_rmtree (tmp);
      return;
    }

  /* A 150 KB book on a 256 KiB file system: its copy cannot fit. */
  path = g_build_filename (tmp, "Big.cbr", NULL);
  if (!convert_test_make_big_rar (path, "rar5", 3, 48 * 1024, &why_not))
    {
      g_test_skip (why_not);
      g_clear_pointer (&path, g_free);
    }
  if (path != NULL)
    {
      g_autofree char *inside = book_test_copy (path, mnt, "Big.cbr");
      assert_fails_cleanly (inside, BINDERY_BOOK_FORMAT_RAR, NULL, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    }
  g_assert_cmpint (umount (mnt), ==, 0);
  book_test_rmtree (tmp);
}

typedef struct {
  const char *folder;
  const char *book;
} PermissionCase;

static void
check_read_only_folder (gpointer data)
{
  PermissionCase *c = data;

  if (test_unprivileged_access (c->folder, W_OK))
    {
      test_unprivileged_skip ("the folder is writable here");
      return;
    }
  assert_fails_cleanly (c->book, BINDERY_BOOK_FORMAT_RAR, NULL, G_IO_ERROR,
                        G_IO_ERROR_PERMISSION_DENIED);
}

static void
check_unreadable_book (gpointer data)
{
  PermissionCase *c = data;
  g_autoptr(GError) error = NULL;
  BinderyConvertResult result = { 0 };

  if (test_unprivileged_access (c->book, R_OK))
    {
      test_unprivileged_skip ("the book is readable here");
      return;
    }
  g_assert_false (bindery_converter_convert (c->book, BINDERY_BOOK_FORMAT_RAR, NULL, &result, &error));
  g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE);
  g_assert_cmpuint (convert_test_count_temp_files (c->folder), ==, 0);
}

static void
test_fault_permissions (void)
{
  g_autofree char *why_not = NULL;
  g_autofree char *tmp = book_test_tmpdir ();
  g_autofree char *ro = g_build_filename (tmp, "read-only", NULL);
  g_autofree char *rw = g_build_filename (tmp, "locked-book", NULL);
  g_autofree char *book_ro = NULL;
  g_autofree char *book_locked = NULL;
  PermissionCase c;

  if (!test_unprivileged_available (&why_not))
    {
      g_test_skip (why_not);
      return;
    }
  g_assert_cmpint (g_mkdir (ro, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (rw, 0755), ==, 0);
  book_ro = make_rar (ro, "Book.cbr", "rar5", NULL, book_entries, G_N_ELEMENTS (book_entries));
  if (book_ro == NULL)
    return;
  book_locked = make_rar (rw, "Book.cbr", "rar5", NULL, book_entries, G_N_ELEMENTS (book_entries));
  test_unprivileged_chown (tmp);
  g_assert_cmpint (g_chmod (tmp, 0755), ==, 0);

  g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
  c.folder = ro;
  c.book = book_ro;
  test_unprivileged_run (check_read_only_folder, &c);

  g_assert_cmpint (g_chmod (book_locked, 0000), ==, 0);
  c.folder = rw;
  c.book = book_locked;
  test_unprivileged_run (check_unreadable_book, &c);

  g_chmod (ro, 0755);
  g_chmod (book_locked, 0644);
  book_test_rmtree (tmp);
}

typedef struct {
  guint checks;
  guint cancel_at;
} CancelState;

static gboolean
cancel_check (gpointer  user_data,
              GError  **error)
{
  CancelState *state = user_data;

  if (++state->checks >= state->cancel_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return FALSE;
    }
  return TRUE;
}

static void
test_cancel_between_entries (void)
{
  g_autofree char *tmp = book_test_tmpdir ();
  g_autofree char *path = make_rar (tmp, "Cancel.cbr", "rar5", NULL, book_entries,
                                    G_N_ELEMENTS (book_entries));

  if (path == NULL)
    return;
  /* The first check comes before the first entry; the last after the last one. */
  for (guint at = 1; at <= G_N_ELEMENTS (book_entries) + 1; at++)
    {
      CancelState state = { 0, at };
      BinderyConvertOptions options = { 0 };

      options.check = cancel_check;
      options.user_data = &state;
      assert_fails_cleanly (path, BINDERY_BOOK_FORMAT_RAR, &options, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpuint (state.checks, ==, at);
    }
  book_test_rmtree (tmp);
}

static void
test_temp_names (void)
{
  static const char * const ours[] = {
    ".bindery-convert-a1B2c3.cbz.tmp",
    ".bindery-convert-XXXXXX.cbz.tmp",
  };
  static const char * const theirs[] = {
    "bindery-convert-a1B2c3.cbz.tmp",
    ".bindery-convert-a1B2c.cbz.tmp",
    ".bindery-convert-a1B2c34.cbz.tmp",
    ".bindery-convert-a1B-c3.cbz.tmp",
    ".bindery-convert-a1B2c3.cbz",
    ".bindery-convert-a1B2c3.cbz.tmp~",
    "Book.cbz.tmp",
    ".hidden.cbz",
  };
  g_autofree char *tmp = book_test_tmpdir ();
  g_autofree char *sub = g_build_filename (tmp, "Series", "Deeper", NULL);
  g_autofree char *hidden = g_build_filename (tmp, ".git", NULL);
  g_autofree char *folder_named = g_build_filename (tmp, ours[0], NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ours); i++)
    g_assert_true (bindery_converter_is_temp_name (ours[i]));
  for (guint i = 0; i < G_N_ELEMENTS (theirs); i++)
    g_assert_false (bindery_converter_is_temp_name (theirs[i]));

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (hidden, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (folder_named, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (theirs); i++)
    {
      g_autofree char *a = g_build_filename (tmp, theirs[i], NULL);
      g_autofree char *b = g_build_filename (sub, theirs[i], NULL);
      g_assert_true (g_file_set_contents (a, "user", -1, NULL));
      g_assert_true (g_file_set_contents (b, "user", -1, NULL));
    }
  {
    g_autofree char *a = g_build_filename (tmp, ours[1], NULL);
    g_autofree char *b = g_build_filename (sub, ours[0], NULL);
    g_autofree char *c = g_build_filename (hidden, ours[0], NULL);
    g_assert_true (g_file_set_contents (a, "left by a killed run", -1, NULL));
    g_assert_true (g_file_set_contents (b, "left by a killed run", -1, NULL));
    g_assert_true (g_file_set_contents (c, "in a hidden folder: not ours to visit", -1, NULL));

    g_assert_cmpuint (bindery_converter_remove_temp_files (sub, FALSE), ==, 1);
    g_assert_true (g_file_set_contents (b, "again", -1, NULL));
    g_assert_cmpuint (bindery_converter_remove_temp_files (tmp, TRUE), ==, 2);
    g_assert_false (g_file_test (a, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (b, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (c, G_FILE_TEST_EXISTS));
  }
  /* Every user file and the folder with our name are still there. */
  g_assert_true (g_file_test (folder_named, G_FILE_TEST_IS_DIR));
  for (guint i = 0; i < G_N_ELEMENTS (theirs); i++)
    {
      g_autofree char *a = g_build_filename (tmp, theirs[i], NULL);
      g_autofree char *b = g_build_filename (sub, theirs[i], NULL);
      g_assert_true (g_file_test (a, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (b, G_FILE_TEST_IS_REGULAR));
    }
  book_test_rmtree (tmp);
}

/* SIGKILL at random moments of a conversion, ≥ 50 times: the original is byte-identical
 * every time, the final name is either absent or a complete, verified CBZ, and the next
 * start's clean-up leaves no temporary file. The moment is drawn from [0, 1.5 × the time a
 * whole conversion takes here]. */
static void
test_killed (void)
{
  g_autofree char *tmp = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (tmp, "Killed.cbr", NULL);
  g_autofree char *dest = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *why_not = NULL;
  g_autoptr(GPtrArray) source = NULL;
  gint64 full_us;
  guint complete = 0, absent = 0, temp_left = 0;
  const guint runs = 60;

  if (!convert_test_make_big_rar (path, "rar5", 24, 96 * 1024, &why_not))
    {
      g_test_skip (why_not);
      return;
    }
  dest = bindery_converter_destination_path (path);
  sha = convert_test_file_sha256 (path);
  source = convert_test_read_archive (path);

  {
    BinderyConvertResult result = { 0 };
    gint64 start = g_get_monotonic_time ();
    g_assert_true (bindery_converter_convert (path, BINDERY_BOOK_FORMAT_RAR, NULL, &result, NULL));
    full_us = MAX (g_get_monotonic_time () - start, 1000);
    bindery_convert_result_clear (&result);
    g_assert_cmpint (g_unlink (dest), ==, 0);
  }

  for (guint run = 0; run < runs; run++)
    {
      g_autofree char *sha_now = NULL;
      int status = 0;
      pid_t pid;

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          BinderyConvertResult result = { 0 };
          _exit (bindery_converter_convert (path, BINDERY_BOOK_FORMAT_RAR, NULL, &result, NULL) ? 0 : 1);
        }
      g_usleep (g_test_rand_int_range (0, (gint32) (full_us * 3 / 2)));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      sha_now = convert_test_file_sha256 (path);
      g_assert_cmpstr (sha_now, ==, sha);
      temp_left += convert_test_count_temp_files (tmp);
      /* The next start. */
      bindery_converter_remove_temp_files (tmp, TRUE);
      g_assert_cmpuint (convert_test_count_temp_files (tmp), ==, 0);
      if (g_file_test (dest, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GPtrArray) converted = convert_test_read_zip (dest);
          convert_test_assert_same_entries (source, converted);
          g_assert_cmpint (g_unlink (dest), ==, 0);
          complete++;
        }
      else
        absent++;
    }
  g_test_message ("%u runs: %u killed before the rename (%u left a temporary file), %u after",
                  runs, absent, temp_left, complete);
  g_assert_cmpuint (complete + absent, ==, runs);
  book_test_rmtree (tmp);
}

int
main (int argc, char **argv)
{
  test_require_folder ("BINDERY_FIXTURES");
  bindery_book_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/convert/engine/round-trip/fixtures", test_round_trip_fixtures);
  g_test_add_func ("/convert/engine/round-trip/generated", test_round_trip_generated);
  g_test_add_func ("/convert/engine/fault/source", test_fault_source);
  g_test_add_func ("/convert/engine/fault/destination-taken", test_fault_destination_taken);
  g_test_add_func ("/convert/engine/fault/write-failure", test_fault_write_failure);
  g_test_add_func ("/convert/engine/fault/disk-full", test_fault_disk_full);
  g_test_add_func ("/convert/engine/fault/permissions", test_fault_permissions);
  g_test_add_func ("/convert/engine/fault/killed", test_killed);
  g_test_add_func ("/convert/engine/cancel", test_cancel_between_entries);
  g_test_add_func ("/convert/engine/temp-names", test_temp_names);
  return g_test_run ();
}
