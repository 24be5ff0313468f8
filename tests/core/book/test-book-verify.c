/* test-book-verify.c: bindery_book_verify() over good fixtures and damaged copies of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every damaged copy still reads as a good book (bindery_book_read_info lists it), and only
 * verifying finds the damage, naming the entry.
 */
#include "bindery-book.h"
#include "bindery-book-verify.h"
#include "bindery-metadata.h"
#include "book-test-util.h"
#include "test-damage.h"
#include "test-fixtures.h"

#include <gio/gio.h>
#include <string.h>

typedef void (*DamageFunc) (const char *path);

/* The copy reads as a book with pages, and verifying it fails naming bad_entry (or any
 * entry when bad_entry is NULL). */
static void
assert_damaged (const char *path,
                const char *bad_entry)
{
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *display = NULL;
  guint64 bytes = 0;

  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->page_count, >, 0);

  g_assert_false (bindery_book_verify (path, NULL, NULL, &bytes, &entry, &error));
  g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT);
  g_assert_nonnull (entry);
  if (bad_entry != NULL)
    g_assert_cmpstr (entry, ==, bad_entry);
  display = g_strdup_printf ("“%s”", entry);
  g_assert_nonnull (strstr (error->message, g_str_has_prefix (entry, "page ") ? entry + 5 : display));
  g_test_message ("%s: %s", path, error->message);
}

static void
assert_clean (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;
  guint64 bytes = 0;

  g_assert_true (bindery_book_verify (path, NULL, NULL, &bytes, &entry, &error));
  g_assert_no_error (error);
  g_assert_null (entry);
  g_assert_cmpuint (bytes, >, 0);
}

static void
test_good_fixtures (void)
{
  const char *books[] = {
    "library/Saga/Saga 001.cbz", "library/Batman (2016)/Batman 001 (2016).cbr",
    "library/Batman (2016)/Batman 002 (2016).cbr", "library/Manga/Berserk/Vol 01.cb7",
    "library/Manga/One Shot Stories.cbt", "library/Novels/Field Notes.pdf",
    "library/Short Story.epub",
  };

  for (guint i = 0; i < G_N_ELEMENTS (books); i++)
    {
      g_autofree char *path = book_test_fixture (books[i]);

      assert_clean (path);
    }
}

static char *
copy_fixture (const char *dir,
              const char *relative)
{
  g_autofree char *src = book_test_fixture (relative);
  g_autofree char *name = g_path_get_basename (relative);

  return book_test_copy (src, dir, name);
}

static void
test_zip_cut_entry (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = copy_fixture (dir, "library/Saga/Saga 002.cbz");

  test_damage_zip_cut_entry (path, "002.jpg");
  assert_damaged (path, "002.jpg");
  book_test_rmtree (dir);
}

static void
test_zip_flipped_byte (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = copy_fixture (dir, "library/Saga/Saga 002.cbz");

  test_damage_zip_flip_entry (path, "003.jpg");
  assert_damaged (path, "003.jpg");
  book_test_rmtree (dir);
}

/* Stored RAR4 and RAR5 entries: a byte of the page inverted, found by its content. */
static void
test_rar_flipped_byte (gconstpointer data)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = copy_fixture (dir, data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = bindery_book_read_entry (path, BINDERY_BOOK_FORMAT_UNKNOWN, "002.jpg", 0, &error);

  g_assert_no_error (error);
  test_damage_flip_stored (path, page);
  assert_damaged (path, "002.jpg");
  book_test_rmtree (dir);
}

/* 7z (LZMA2, one solid stream): a byte of the packed stream inverted, early in it (the
 * headers at its end stay good). */
static void
test_7z_damaged (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = copy_fixture (dir, "library/Manga/Berserk/Vol 01.cb7");

  test_damage_flip_at (path, 32 + 600);
  assert_damaged (path, NULL);
  book_test_rmtree (dir);
}

/* PDF: page 2's object replaced by null (same length, the xref table still right). */
static void
test_pdf_broken_page (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = copy_fixture (dir, "library/Novels/Field Notes.pdf");
  const char *page2 = "7 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 6 0 R "
                      "/Resources << /Font << /F1 3 0 R >> >> >>";
  g_autofree char *broken = g_strdup_printf ("7 0 obj\nnull%*s", (int) (strlen (page2) - strlen ("7 0 obj\nnull")), "");

  test_damage_replace (path, page2, broken);
  assert_damaged (path, "page 2");
  book_test_rmtree (dir);
}

/* A ZIP entry with a compression method libzip cannot decode: listed as unsupported by
 * the scan already; verifying says the same, naming it. The unreadable file is no verdict. */
static void
test_unreadable (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "gone.cbz", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (bindery_book_verify (path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE);
  book_test_rmtree (dir);
}

static gboolean
cancel_check (gpointer   user_data,
              GError   **error)
{
  guint *calls = user_data;

  if (++*calls < 3)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  return FALSE;
}

/* The check runs between entries and its error ends the work. */
static void
test_check_stops (void)
{
  g_autofree char *path = book_test_fixture ("library/Saga/Saga 002.cbz");
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  g_assert_false (bindery_book_verify (path, cancel_check, &calls, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (calls, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");
  bindery_book_init ();
  bindery_metadata_init ();

  g_test_add_func ("/book/verify/good-fixtures", test_good_fixtures);
  g_test_add_func ("/book/verify/zip-cut-entry", test_zip_cut_entry);
  g_test_add_func ("/book/verify/zip-flipped-byte", test_zip_flipped_byte);
  g_test_add_data_func ("/book/verify/rar5-flipped-byte", "library/Batman (2016)/Batman 001 (2016).cbr",
                        test_rar_flipped_byte);
  g_test_add_data_func ("/book/verify/rar4-flipped-byte", "library/Batman (2016)/Batman 002 (2016).cbr",
                        test_rar_flipped_byte);
  g_test_add_func ("/book/verify/7z-damaged", test_7z_damaged);
  g_test_add_func ("/book/verify/pdf-broken-page", test_pdf_broken_page);
  g_test_add_func ("/book/verify/unreadable", test_unreadable);
  g_test_add_func ("/book/verify/check-stops", test_check_stops);
  return g_test_run ();
}
