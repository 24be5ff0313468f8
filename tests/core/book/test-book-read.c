/* test-book-read.c: reading books built at test time, entries, errors, fingerprints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bindery-book.h"
#include "bindery-book-private.h"
#include "bindery-metadata.h"
#include "book-test-util.h"
#include "test-fixtures.h"
#include "test-unprivileged.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define JPEG(tag) "\xff\xd8\xff\xe0" tag "\xff\xd9"

static const char comicinfo_cover1[] =
  "<?xml version=\"1.0\"?>\n<ComicInfo><Title>Shallow</Title><Series>Gen</Series>"
  "<Number>7</Number><Pages><Page Image=\"1\" Type=\"FrontCover\"/></Pages></ComicInfo>\n";
static const char comicinfo_deep[] =
  "<?xml version=\"1.0\"?>\n<ComicInfo><Title>Deep</Title></ComicInfo>\n";

static void
assert_pages (BinderyBookInfo    *info,
              const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_nonnull (info->pages);
  g_assert_cmpuint (info->pages->len, ==, n);
  g_assert_cmpuint (info->page_count, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (info->pages, i), ==, expected[i]);
}

static void
assert_entry (const char        *path,
              BinderyBookFormat  format,
              const char        *name,
              const char        *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bindery_book_read_entry (path, format, name, 0, &error);
  gsize len;
  const char *got;

  g_assert_no_error (error);
  got = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (got, len, data, strlen (data));
}

static void
assert_entry_error (const char        *path,
                    BinderyBookFormat  format,
                    const char        *name,
                    gsize              max_size,
                    BinderyBookError   code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bindery_book_read_entry (path, format, name, max_size, &error);

  g_assert_null (bytes);
  g_assert_error (error, BINDERY_BOOK_ERROR, (int) code);
}

static void
assert_read_error (const char       *path,
                   BinderyBookError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyBookInfo) info = bindery_book_read_info (path, &error);

  g_assert_null (info);
  g_assert_error (error, BINDERY_BOOK_ERROR, (int) code);
}

/* Pages in natural order, '\' read as '/', the shallowest ComicInfo.xml, its FrontCover,
 * and every entry read back byte for byte. */
static void
test_zip_round_trip (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "Gen 007.cbz", NULL);
  const TestEntry entries[] = {
    { "p10.jpg", JPEG ("ten"), 0 },
    { "deep/ComicInfo.xml", comicinfo_deep, 0 },
    { "p2.jpg", JPEG ("two"), 0 },
    { "sub\\p1.jpg", JPEG ("sub one"), 0 },
    { "ComicInfo.xml", comicinfo_cover1, 0 },
    { "__MACOSX/._p2.jpg", "junk", 0 },
    { ".hidden/p0.jpg", JPEG ("hidden"), 0 },
    { "notes.txt", "not a page", 0 },
    { "folder.jpg/", NULL, 0 },
  };
  const char *pages[] = { "p2.jpg", "p10.jpg", "sub/p1.jpg", NULL };
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  book_test_make_zip (path, entries, G_N_ELEMENTS (entries), FALSE);
  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->format, ==, BINDERY_BOOK_FORMAT_ZIP);
  g_assert_cmpstr (info->container, ==, "zip");
  g_assert_false (info->format_mismatch);
  assert_pages (info, pages);
  g_assert_cmpint (info->cover_index, ==, 1);
  g_assert_cmpstr (info->cover_entry, ==, "p10.jpg");
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "Title"), ==, "Shallow");
  g_assert_null (info->metadata_error);

  assert_entry (path, BINDERY_BOOK_FORMAT_ZIP, "p10.jpg", JPEG ("ten"));
  assert_entry (path, BINDERY_BOOK_FORMAT_UNKNOWN, "p2.jpg", JPEG ("two"));
  assert_entry (path, BINDERY_BOOK_FORMAT_ZIP, "sub/p1.jpg", JPEG ("sub one"));
  assert_entry (path, BINDERY_BOOK_FORMAT_ZIP, "sub\\p1.jpg", JPEG ("sub one"));
  assert_entry (path, BINDERY_BOOK_FORMAT_ZIP, "deep/ComicInfo.xml", comicinfo_deep);

  /* Size limit: checked against the header before anything is allocated. */
  assert_entry_error (path, BINDERY_BOOK_FORMAT_ZIP, "p10.jpg", strlen (JPEG ("ten")) - 1,
                      BINDERY_BOOK_ERROR_UNSUPPORTED);
  {
    g_autoptr(GBytes) bytes = bindery_book_read_entry (path, BINDERY_BOOK_FORMAT_ZIP, "p10.jpg",
                                                       strlen (JPEG ("ten")), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (bytes), ==, strlen (JPEG ("ten")));
  }
  assert_entry_error (path, BINDERY_BOOK_FORMAT_ZIP, "p3.jpg", 0, BINDERY_BOOK_ERROR_NOT_FOUND);
  /* Unsafe names are refused before the archive is even opened. */
  assert_entry_error (path, BINDERY_BOOK_FORMAT_ZIP, "../p2.jpg", 0, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME);
  assert_entry_error (path, BINDERY_BOOK_FORMAT_ZIP, "sub/../../p2.jpg", 0, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME);
  assert_entry_error (path, BINDERY_BOOK_FORMAT_ZIP, "/etc/passwd", 0, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME);
  assert_entry_error (path, BINDERY_BOOK_FORMAT_ZIP, "", 0, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME);
  assert_entry_error (path, BINDERY_BOOK_FORMAT_PDF, "p2.jpg", 0, BINDERY_BOOK_ERROR_UNSUPPORTED);

  book_test_rmtree (dir);
}

static void
test_zip_cover_out_of_range (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "b.cbz", NULL);
  const TestEntry entries[] = {
    { "b.jpg", JPEG ("b"), 0 },
    { "a.jpg", JPEG ("a"), 0 },
    { "ComicInfo.xml", "<ComicInfo><Pages><Page Image=\"2\" Type=\"FrontCover\"/></Pages></ComicInfo>", 0 },
  };
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  book_test_make_zip (path, entries, G_N_ELEMENTS (entries), TRUE);
  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->cover_index, ==, 0);
  g_assert_cmpstr (info->cover_entry, ==, "a.jpg");
  book_test_rmtree (dir);
}

/* A broken ComicInfo.xml keeps the book and says why in metadata_error. */
static void
test_zip_malformed_comicinfo (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.cbz", NULL);
  const TestEntry entries[] = {
    { "1.jpg", JPEG ("1"), 0 },
    { "ComicInfo.xml", "<ComicInfo><Title>Open", 0 },
  };
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  book_test_make_zip (path, entries, G_N_ELEMENTS (entries), FALSE);
  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->page_count, ==, 1);
  g_assert_true (g_str_has_prefix (info->metadata_error, "malformed-xml: "));
  g_assert_cmpuint (json_object_get_size (info->metadata), ==, 0);
  book_test_rmtree (dir);
}

/* A fixture's ComicInfo.xml rewritten with Latin-1 bytes under its UTF-8 declaration: the
 * book reads with its metadata kept, the title right, and a warning saying what was done. */
static void
test_zip_comicinfo_latin1 (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *src = book_test_fixture ("library/Saga/Saga 001.cbz");
  g_autofree char *copy = book_test_copy (src, dir, "Saga 001.cbz");
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) xml = NULL;
  zip_source_t *source;
  zip_t *zip;
  zip_int64_t index;
  zip_stat_t st;
  zip_file_t *file;
  char *data;
  gboolean warned = FALSE;
  const char *pages[] = { "001.jpg", "002.jpg", "003.jpg", NULL };

  /* the fixture's own ComicInfo.xml, with a Latin-1 title added */
  zip = zip_open (copy, 0, NULL);
  g_assert_nonnull (zip);
  index = zip_name_locate (zip, "ComicInfo.xml", 0);
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (zip_stat_index (zip, (zip_uint64_t) index, 0, &st), ==, 0);
  data = g_malloc (st.size);
  file = zip_fopen_index (zip, (zip_uint64_t) index, 0);
  g_assert_cmpint (zip_fread (file, data, st.size), ==, (zip_int64_t) st.size);
  zip_fclose (file);
  xml = g_string_new_len (data, (gssize) st.size);
  g_free (data);
  g_assert_nonnull (strstr (xml->str, "encoding=\"utf-8\""));
  g_assert_nonnull (strstr (xml->str, "<Series>Saga</Series>"));
  g_string_replace (xml, "<Series>Saga</Series>",
                    "<Series>Saga</Series><Title>Caf\xe9 Cr\xe8me \x96 L'\xe9t\xe9</Title>", 1);
  source = zip_source_buffer (zip, g_memdup2 (xml->str, xml->len), xml->len, 1);
  g_assert_cmpint (zip_file_replace (zip, (zip_uint64_t) index, source, 0), ==, 0);
  g_assert_cmpint (zip_close (zip), ==, 0);

  info = bindery_book_read_info (copy, &error);
  g_assert_no_error (error);
  g_assert_null (info->metadata_error);
  assert_pages (info, pages);
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "Title"), ==,
                   "Caf\xc3\xa9 Cr\xc3\xa8me \xe2\x80\x93 L'\xc3\xa9t\xc3\xa9");
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "Series"), ==, "Saga");
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "Number"), ==, "1");
  g_assert_cmpint (json_object_get_int_member (info->metadata, "Year"), ==, 2012);
  for (guint i = 0; i < info->warnings->len; i++)
    warned |= strstr (g_ptr_array_index (info->warnings, i), "read as Windows-1252") != NULL;
  g_assert_true (warned);
  book_test_rmtree (dir);
}

/* Non-UTF-8 names, of the file and of its entries, are raw bytes throughout. */
static void
test_non_utf8_names (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *src = book_test_fixture ("broken/Caf\xe9 Stories 001.cbz");
  g_autofree char *copy = book_test_copy (src, dir, "Caf\xe9 Stories 001.cbz");
  g_autofree char *made = g_build_filename (dir, "Entr\xe9" "es.cbz", NULL);
  const TestEntry entries[] = {
    { "Caf\xe9/002.jpg", JPEG ("2"), 0 },
    { "Caf\xe9/001.jpg", JPEG ("1"), 0 },
  };
  const char *made_pages[] = { "Caf\xe9/001.jpg", "Caf\xe9/002.jpg", NULL };
  const char *fixture_pages[] = { "001.jpg", "002.jpg", "003.jpg", NULL };
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(BinderyBookInfo) info2 = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (g_utf8_validate (copy, -1, NULL));
  info = bindery_book_read_info (copy, &error);
  g_assert_no_error (error);
  assert_pages (info, fixture_pages);

  book_test_make_zip (made, entries, G_N_ELEMENTS (entries), FALSE);
  info2 = bindery_book_read_info (made, &error);
  g_assert_no_error (error);
  assert_pages (info2, made_pages);
  assert_entry (made, BINDERY_BOOK_FORMAT_ZIP, "Caf\xe9/002.jpg", JPEG ("2"));
  book_test_rmtree (dir);
}

static void
patch_all (char       *data,
           gsize       len,
           const char *signature,
           gsize       field,
           guint16     value)
{
  for (char *p = memmem (data, len, signature, 4); p != NULL;
       p = memmem (p + 4, len - (p + 4 - data), signature, 4))
    {
      p[field] = value & 0xff;
      p[field + 1] = value >> 8;
    }
}

/* A symbolic link (Unix mode in the external attributes) ending in .jpg is not a page. */
static void
test_zip_link_not_page (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "links.cbz", NULL);
  const TestEntry entries[] = {
    { "a.jpg", JPEG ("a"), 0 },
    { "b.jpg", "a.jpg", 0 },
  };
  const char *pages[] = { "a.jpg", NULL };
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  int ze = 0;
  zip_t *za;

  book_test_make_zip (path, entries, G_N_ELEMENTS (entries), TRUE);
  za = zip_open (path, 0, &ze);
  g_assert_nonnull (za);
  g_assert_cmpint (zip_file_set_external_attributes (za, 1, 0, ZIP_OPSYS_UNIX, 0120777u << 16), ==, 0);
  g_assert_cmpint (zip_close (za), ==, 0);

  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  assert_pages (info, pages);
  book_test_rmtree (dir);
}

/* A compression method libzip cannot decode (Deflate64, method 9) → unsupported. */
static void
test_zip_unsupported_method (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "d64.cbz", NULL);
  const TestEntry entries[] = { { "001.jpg", JPEG ("one"), 0 } };
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  book_test_make_zip (path, entries, G_N_ELEMENTS (entries), TRUE);
  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  patch_all (data, len, "PK\x03\x04", 8, 9);   /* local header: method */
  patch_all (data, len, "PK\x01\x02", 10, 9);  /* central directory: method */
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  assert_read_error (path, BINDERY_BOOK_ERROR_UNSUPPORTED);
  assert_entry_error (path, BINDERY_BOOK_FORMAT_ZIP, "001.jpg", 0, BINDERY_BOOK_ERROR_UNSUPPORTED);
  book_test_rmtree (dir);
}

/* The precedence of MANIFEST.md: encrypted before unsafe names before no-pages. */
static void
test_zip_precedence (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *unsafe = g_build_filename (dir, "unsafe.cbz", NULL);
  g_autofree char *both = g_build_filename (dir, "both.cbz", NULL);
  const TestEntry unsafe_entries[] = { { "../notes.txt", "x", 0 }, { "a.txt", "y", 0 } };
  const TestEntry enc_entries[] = { { "../a.jpg", JPEG ("a"), 0 }, { "b.jpg", JPEG ("b"), 0 } };
  int ze = 0;
  zip_t *za;

  /* Unsafe and no pages: unsafe-entry-name. */
  book_test_make_zip (unsafe, unsafe_entries, G_N_ELEMENTS (unsafe_entries), FALSE);
  assert_read_error (unsafe, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME);

  /* Encrypted and unsafe: encrypted. */
  book_test_make_zip (both, enc_entries, G_N_ELEMENTS (enc_entries), FALSE);
  za = zip_open (both, 0, &ze);
  g_assert_nonnull (za);
  if (zip_file_set_encryption (za, 1, ZIP_EM_AES_256, "secret") != 0)
    {
      zip_discard (za);
      book_test_rmtree (dir);
      g_test_skip ("libzip cannot write AES here");
      return;
    }
  g_assert_cmpint (zip_close (za), ==, 0);
  assert_read_error (both, BINDERY_BOOK_ERROR_ENCRYPTED);
  assert_entry_error (both, BINDERY_BOOK_FORMAT_ZIP, "b.jpg", 0, BINDERY_BOOK_ERROR_ENCRYPTED);
  book_test_rmtree (dir);
}

static void
test_rar_round_trip (gconstpointer data)
{
  const char *format = data;
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "Made 001.cbr", NULL);
  g_autofree char *why_not = NULL;
  const TestEntry entries[] = {
    { "ComicInfo.xml", comicinfo_cover1, 0 },
    { "Made 001", NULL, 0 },
    { "Made 001/page10.jpg", JPEG ("ten"), 0 },
    { "Made 001/page2.JPG", JPEG ("two"), 0 },
    { "Made 001/page1.jpg", JPEG ("one"), 0 },
    { "Made 001/Thumbs.db", "thumbs", 0 },
  };
  const char *pages[] = { "Made 001/page1.jpg", "Made 001/page2.JPG", "Made 001/page10.jpg", NULL };
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (book_test_make_rar (path, format, NULL, entries, G_N_ELEMENTS (entries), &why_not));
  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->format, ==, BINDERY_BOOK_FORMAT_RAR);
  g_assert_cmpstr (info->container, ==, format);
  assert_pages (info, pages);
  g_assert_cmpstr (info->cover_entry, ==, "Made 001/page2.JPG");
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "Series"), ==, "Gen");

  assert_entry (path, BINDERY_BOOK_FORMAT_RAR, "Made 001/page10.jpg", JPEG ("ten"));
  assert_entry (path, BINDERY_BOOK_FORMAT_UNKNOWN, "Made 001/page1.jpg", JPEG ("one"));
  assert_entry_error (path, BINDERY_BOOK_FORMAT_RAR, "Made 001/page10.jpg", 4, BINDERY_BOOK_ERROR_UNSUPPORTED);
  assert_entry_error (path, BINDERY_BOOK_FORMAT_RAR, "Made 001/page3.jpg", 0, BINDERY_BOOK_ERROR_NOT_FOUND);
  book_test_rmtree (dir);
}

/* Encrypted data (names visible): libarchive flags RAR4, not RAR5; both are encrypted. */
static void
test_rar_encrypted (gconstpointer data)
{
  const char *format = data;
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "locked.cbr", NULL);
  g_autofree char *why_not = NULL;
  const TestEntry entries[] = {
    { "001.jpg", JPEG ("one"), 0 },
    { "002.jpg", JPEG ("two"), 0 },
  };

  if (!book_test_make_rar (path, format, "fixture", entries, G_N_ELEMENTS (entries), &why_not))
    {
      book_test_rmtree (dir);
      g_test_skip (why_not);
      return;
    }
  assert_read_error (path, BINDERY_BOOK_ERROR_ENCRYPTED);
  /* Never ciphertext handed out as a page. */
  assert_entry_error (path, BINDERY_BOOK_FORMAT_RAR, "001.jpg", 0, BINDERY_BOOK_ERROR_ENCRYPTED);
  book_test_rmtree (dir);
}

static void
test_rar_unsafe_names (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "climb.cbr", NULL);
  g_autofree char *abs_path = g_build_filename (dir, "abs.cbr", NULL);
  g_autofree char *why_not = NULL;
  const TestEntry entries[] = {
    { "001.jpg", JPEG ("one"), 0 },
    { "../x.jpg", JPEG ("x"), 0 },
  };
  const TestEntry abs_entries[] = {
    { "/tmp/evil.jpg", JPEG ("x"), 0 },
    { "001.jpg", JPEG ("one"), 0 },
  };

  g_assert_true (book_test_make_rar (path, "rar5", NULL, entries, G_N_ELEMENTS (entries), &why_not));
  assert_read_error (path, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME);
  assert_entry_error (path, BINDERY_BOOK_FORMAT_RAR, "../x.jpg", 0, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME);

  g_assert_true (book_test_make_rar (abs_path, "rar4", NULL, abs_entries, G_N_ELEMENTS (abs_entries), &why_not));
  assert_read_error (abs_path, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME);
  book_test_rmtree (dir);
}

static void
test_tar_round_trip (gconstpointer data)
{
  const char *compression = data;
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "t.cbt", NULL);
  const TestEntry entries[] = {
    { "t", NULL, 0 },
    { "t/10.png", "\x89PNG ten", 0 },
    { "t/9.png", "\x89PNG nine", 0 },
    { "t/sub/ComicInfo.xml", comicinfo_deep, 0 },
    { "t/\xff.jpg", JPEG ("raw"), 0 },
  };
  const char *pages[] = { "t/9.png", "t/10.png", "t/\xff.jpg", NULL };
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  book_test_make_tar (path, compression, entries, G_N_ELEMENTS (entries));
  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->format, ==, BINDERY_BOOK_FORMAT_TAR);
  assert_pages (info, pages);
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "Title"), ==, "Deep");
  assert_entry (path, BINDERY_BOOK_FORMAT_TAR, "t/10.png", "\x89PNG ten");
  assert_entry (path, BINDERY_BOOK_FORMAT_UNKNOWN, "t/\xff.jpg", JPEG ("raw"));
  g_assert_cmpint (bindery_book_sniff_format (path, &error), ==, BINDERY_BOOK_FORMAT_TAR);
  g_assert_no_error (error);
  book_test_rmtree (dir);
}

/* Fixture entries read back: 7z (LZMA2) and the RAR5 pages whose SHA-256 the manifest gives. */
static void
test_fixture_entries (void)
{
  g_autofree char *cb7 = book_test_fixture ("comics/Harbor Lights 003.cb7");
  g_autofree char *cbr = book_test_fixture ("library/Batman (2016)/Batman 001 (2016).cbr");
  g_autofree char *enc = book_test_fixture ("broken/encrypted-pages.cbr");
  g_autofree char *zip = book_test_fixture ("broken/truncated.cbz");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) jpg = NULL;
  g_autofree char *sum = NULL;

  png = bindery_book_read_entry (cb7, BINDERY_BOOK_FORMAT_7Z, "p01.png", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);

  jpg = bindery_book_read_entry (cbr, BINDERY_BOOK_FORMAT_RAR, "002.jpg", 0, &error);
  g_assert_no_error (error);
  sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpg);
  g_assert_cmpstr (sum, ==, "81f3e5b717560e474d57d277991ec4f996c1e9ab231b2a05702450137bde2890");

  assert_entry_error (enc, BINDERY_BOOK_FORMAT_RAR, "001.jpg", 0, BINDERY_BOOK_ERROR_ENCRYPTED);
  assert_entry_error (zip, BINDERY_BOOK_FORMAT_ZIP, "001.jpg", 0, BINDERY_BOOK_ERROR_CORRUPT);
}

static void
test_sniff (void)
{
  struct { const char *path; BinderyBookFormat format; } cases[] = {
    { "ebooks/book.epub", BINDERY_BOOK_FORMAT_EPUB },
    { "broken/epub-missing-opf.epub", BINDERY_BOOK_FORMAT_EPUB },
    { "broken/actually-rar.cbz", BINDERY_BOOK_FORMAT_RAR },
    { "broken/actually-zip.cbr", BINDERY_BOOK_FORMAT_ZIP },
    { "comics/Harbor Lights 003.cb7", BINDERY_BOOK_FORMAT_7Z },
    { "comics/Harbor Lights 004.cbt", BINDERY_BOOK_FORMAT_TAR },
    { "ebooks/tall.pdf", BINDERY_BOOK_FORMAT_PDF },
    { "ebooks/book.opf", BINDERY_BOOK_FORMAT_UNKNOWN },
    { "broken/empty.cbz", BINDERY_BOOK_FORMAT_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = book_test_fixture (cases[i].path);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (bindery_book_sniff_format (path, &error), ==, cases[i].format);
      g_assert_no_error (error);
    }
}

static void
test_mismatch (void)
{
  g_autofree char *path = book_test_fixture ("broken/actually-rar.cbz");
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  g_assert_true (info->format_mismatch);
  g_assert_cmpint (info->format, ==, BINDERY_BOOK_FORMAT_RAR);
  g_assert_cmpuint (info->warnings->len, >=, 1);
}

static void
test_bad_files (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *empty = g_build_filename (dir, "empty.cbz", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.cbr", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.cbz", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.cbz", NULL);
  g_autoptr(GError) error = NULL;
  char noise[4096];

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (char) (i * 7919 % 251);
  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);
  g_file_set_contents (garbage, noise, sizeof noise, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  assert_read_error (empty, BINDERY_BOOK_ERROR_CORRUPT);
  assert_read_error (garbage, BINDERY_BOOK_ERROR_CORRUPT);
  assert_read_error (missing, BINDERY_BOOK_ERROR_UNREADABLE);
  assert_read_error (folder, BINDERY_BOOK_ERROR_UNREADABLE);
  assert_entry_error (empty, BINDERY_BOOK_FORMAT_ZIP, "1.jpg", 0, BINDERY_BOOK_ERROR_CORRUPT);

  book_test_rmtree (dir);
}

/* Runs where file permissions apply (as nobody when the tests run as root). */
static void
check_unreadable (gpointer data)
{
  const char *locked = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *fp = NULL;

  if (access (locked, R_OK) == 0)
    {
      test_unprivileged_skip ("file permissions are not enforced here: a mode 0 file stays readable");
      return;
    }
  info = bindery_book_read_info (locked, &error);
  g_assert_null (info);
  g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE);
  g_assert_cmpstr (bindery_book_error_kind_to_string (error->code), ==, "unreadable");
  g_assert_nonnull (strstr (error->message, g_strerror (EACCES)));
  g_clear_error (&error);

  fp = bindery_book_fingerprint (locked, &error);
  g_assert_null (fp);
  g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE);
  g_clear_error (&error);

  bytes = bindery_book_read_entry (locked, BINDERY_BOOK_FORMAT_ZIP, "01.jpg", 0, &error);
  g_assert_null (bytes);
  g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE);
}

/* A book its reader may not open (EACCES) is "unreadable". */
static void
test_unreadable (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *locked = NULL;
  g_autofree char *src = book_test_fixture ("library/Loose One-Shot.cbz");
  g_autofree char *why_not = NULL;

  if (!test_unprivileged_available (&why_not))
    {
      g_test_skip (why_not);
      return;
    }
  dir = book_test_tmpdir ();
  locked = book_test_copy (src, dir, "locked.cbz");
  test_unprivileged_chown (dir);
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);
  test_unprivileged_run (check_unreadable, locked);
  g_assert_cmpint (g_chmod (locked, 0600), ==, 0);
  book_test_rmtree (dir);
}

/* A same-named .opf beside the EPUB overrides the embedded OPF field by field. */
static void
test_epub_sidecar (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *epub_src = book_test_fixture ("ebooks/book.epub");
  g_autofree char *opf_src = book_test_fixture ("ebooks/book.opf");
  g_autofree char *epub = book_test_copy (epub_src, dir, "Alice.epub");
  g_autofree char *opf = NULL;
  g_autoptr(BinderyBookInfo) alone = NULL;
  g_autoptr(BinderyBookInfo) with_sidecar = NULL;
  g_autoptr(GError) error = NULL;

  alone = bindery_book_read_info (epub, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (alone->metadata, "Title"), !=,
                   "Alice's Adventures in Wonderland - Test OPF");

  opf = book_test_copy (opf_src, dir, "Alice.opf");
  with_sidecar = bindery_book_read_info (epub, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (with_sidecar->metadata, "Title"), ==,
                   "Alice's Adventures in Wonderland - Test OPF");
  /* The sidecar has no creator: the embedded one stays. */
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (with_sidecar->metadata, "Writer"), 0),
                   ==, "Lewis Carroll");
  g_assert_cmpuint (with_sidecar->page_count, ==, alone->page_count);
  book_test_rmtree (dir);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *data,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
fingerprint (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *fp = bindery_book_fingerprint (path, &error);

  g_assert_no_error (error);
  return fp;
}

static void
test_fingerprint (void)
{
  const gsize size = 1024 * 1024;
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *data = g_malloc (size);
  g_autofree char *a = NULL, *b = NULL, *fa = NULL, *fb = NULL;
  g_autofree char *expected_prefix = g_strdup_printf ("%" G_GSIZE_FORMAT "-", size);
  /* Offsets in each sampled block (start, 1/3, 2/3, end) and outside all of them. */
  const gsize sampled[] = { 10, size / 3 + 100, size / 3 * 2 + 5, size - 1 };
  const gsize block = BINDERY_FINGERPRINT_BLOCK;
  const gsize unsampled[] = { block + 1, size / 3 - 1, size / 3 + block, size / 2,
                              size / 3 * 2 + block, size - block - 1 };

  for (gsize i = 0; i < size; i++)
    data[i] = (char) ((i * 2654435761u) >> 13);
  a = write_file (dir, "a.cbz", data, size);
  b = write_file (dir, "b.cbz", data, size);
  fa = fingerprint (a);
  fb = fingerprint (b);
  g_assert_cmpstr (fa, ==, fb);  /* equal content, equal fingerprint */
  g_assert_true (g_str_has_prefix (fa, expected_prefix));
  g_assert_cmpuint (strlen (fa), ==, strlen (expected_prefix) + 16);

  for (guint i = 0; i < G_N_ELEMENTS (sampled); i++)
    {
      g_autofree char *path = NULL, *fp = NULL;

      data[sampled[i]] ^= 0x5a;
      path = write_file (dir, "c.cbz", data, size);
      fp = fingerprint (path);
      g_assert_cmpstr (fp, !=, fa);
      data[sampled[i]] ^= 0x5a;
    }
  /* Bytes outside the sampled blocks are never read (no full read). */
  for (guint i = 0; i < G_N_ELEMENTS (unsampled); i++)
    {
      g_autofree char *path = NULL, *fp = NULL;

      data[unsampled[i]] ^= 0x5a;
      path = write_file (dir, "d.cbz", data, size);
      fp = fingerprint (path);
      g_assert_cmpstr (fp, ==, fa);
      data[unsampled[i]] ^= 0x5a;
    }
  /* Another size is another fingerprint; so is any change in a file of four blocks or
   * less, which is read whole. */
  {
    const gsize small = 4 * block;
    g_autofree char *shorter = write_file (dir, "e.cbz", data, size - 1);
    g_autofree char *small1 = write_file (dir, "f.cbz", data, small);
    g_autofree char *fs = NULL, *f1 = NULL;

    fs = fingerprint (shorter);
    g_assert_cmpstr (fs, !=, fa);
    f1 = fingerprint (small1);
    for (gsize offset = 0; offset < small; offset += block / 2 + 1)
      {
        g_autofree char *small2 = NULL, *f2 = NULL;

        data[offset] ^= 1;
        small2 = write_file (dir, "g.cbz", data, small);
        f2 = fingerprint (small2);
        g_assert_cmpstr (f1, !=, f2);
        data[offset] ^= 1;
      }
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *missing = g_build_filename (dir, "missing", NULL);
    g_assert_null (bindery_book_fingerprint (missing, &error));
    g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE);
  }
  book_test_rmtree (dir);
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Every reader closes what it opens, on success and on every error path (poppler takes
 * its descriptor over, libzip reads through ours). */
static void
test_no_fd_leak (void)
{
  const char *books[] = {
    "comics/science_comics_001.cbz", "comics/Ultra Quest 001 (2021).cbr",
    "comics/Moonlit Garden v01.cbr", "comics/Harbor Lights 003.cb7", "comics/Harbor Lights 004.cbt",
    "ebooks/book.epub", "ebooks/tall.pdf", "broken/truncated.pdf", "broken/truncated.cbz",
    "broken/empty.cbz", "broken/encrypted-pages.cbr", "broken/encrypted-zipcrypto.cbz",
    "broken/epub-missing-opf.epub", "broken/path-traversal.cbz", "broken/no-images.cbz",
    "broken/libarchive/test_read_format_rar_encryption_header.rar",
    "broken/libarchive/test_read_format_rar5_truncated_huff.rar", "ebooks/book.opf",
  };
  guint before = count_open_fds ();

  for (guint i = 0; i < G_N_ELEMENTS (books); i++)
    {
      g_autofree char *path = book_test_fixture (books[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) entry_error = NULL;
      g_autoptr(BinderyBookInfo) info = bindery_book_read_info (path, &error);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *fp = bindery_book_fingerprint (path, NULL);

      g_assert_true ((info == NULL) != (error == NULL));
      g_assert_cmpint (bindery_book_sniff_format (path, NULL), >=, BINDERY_BOOK_FORMAT_UNKNOWN);
      if (info != NULL && info->cover_entry != NULL)
        {
          bytes = bindery_book_read_entry (path, info->format, info->cover_entry, 0, &entry_error);
          g_assert_no_error (entry_error);
        }
      g_assert_cmpuint (count_open_fds (), ==, before);
    }
}

typedef struct {
  GPtrArray *paths;
  GPtrArray *expected;  /* "format pages cover fingerprint" or "error: kind" */
} ParallelData;

static char *
summary (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyBookInfo) info = bindery_book_read_info (path, &error);

  if (info == NULL)
    return g_strdup_printf ("error: %s", bindery_book_error_kind_to_string (error->code));
  return g_strdup_printf ("%s %u %s %s %u", bindery_book_format_to_string (info->format),
                          info->page_count, info->cover_entry, info->fingerprint,
                          json_object_get_size (info->metadata));
}

static gpointer
parallel_thread (gpointer user_data)
{
  ParallelData *data = user_data;

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < data->paths->len; i++)
      {
        g_autofree char *got = summary (g_ptr_array_index (data->paths, i));
        g_assert_cmpstr (got, ==, g_ptr_array_index (data->expected, i));
      }
  return NULL;
}

static void
add_books (GPtrArray  *paths,
           const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (bindery_book_is_book_name (name))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
}

/* Readers share no state: four threads reading every fixture agree with one. */
static void
test_parallel (void)
{
  const char *dirs[] = { "comics", "ebooks", "broken", "broken/libarchive", "rar" };
  ParallelData data = {
    g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func (g_free),
  };
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = book_test_fixture (dirs[i]);
      add_books (data.paths, dir);
    }
  g_assert_cmpuint (data.paths->len, >, 30);
  for (guint i = 0; i < data.paths->len; i++)
    g_ptr_array_add (data.expected, summary (g_ptr_array_index (data.paths, i)));

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", parallel_thread, &data);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_ptr_array_unref (data.paths);
  g_ptr_array_unref (data.expected);
}

/* Published XXH64 values (xxhsum -H1). */
static void
test_xxh64 (void)
{
  guint8 data[768];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = i & 0xff;
  g_assert_cmphex (bindery_xxh64 ("", 0, 0), ==, G_GUINT64_CONSTANT (0xef46db3751d8e999));
  g_assert_cmphex (bindery_xxh64 ("abc", 3, 0), ==, G_GUINT64_CONSTANT (0x44bc2cf5ad770999));
  g_assert_cmphex (bindery_xxh64 (data, sizeof data, 0), ==, G_GUINT64_CONSTANT (0x8e03c838c596036f));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");
  test_require_folder ("BINDERY_SHARED_TOOLS");
  bindery_book_init ();
  bindery_metadata_init ();

  g_test_add_func ("/book/zip/round-trip", test_zip_round_trip);
  g_test_add_func ("/book/zip/cover-out-of-range", test_zip_cover_out_of_range);
  g_test_add_func ("/book/zip/malformed-comicinfo", test_zip_malformed_comicinfo);
  g_test_add_func ("/book/zip/comicinfo-latin1", test_zip_comicinfo_latin1);
  g_test_add_func ("/book/zip/unsupported-method", test_zip_unsupported_method);
  g_test_add_func ("/book/zip/link-not-page", test_zip_link_not_page);
  g_test_add_func ("/book/zip/precedence", test_zip_precedence);
  g_test_add_func ("/book/names/non-utf8", test_non_utf8_names);
  g_test_add_data_func ("/book/rar/round-trip/rar4", "rar4", test_rar_round_trip);
  g_test_add_data_func ("/book/rar/round-trip/rar5", "rar5", test_rar_round_trip);
  g_test_add_data_func ("/book/rar/encrypted/rar4", "rar4", test_rar_encrypted);
  g_test_add_data_func ("/book/rar/encrypted/rar5", "rar5", test_rar_encrypted);
  g_test_add_func ("/book/rar/unsafe-names", test_rar_unsafe_names);
  g_test_add_data_func ("/book/tar/round-trip/plain", "", test_tar_round_trip);
  g_test_add_data_func ("/book/tar/round-trip/gzip", "gz", test_tar_round_trip);
  g_test_add_func ("/book/entries/fixtures", test_fixture_entries);
  g_test_add_func ("/book/format/sniff", test_sniff);
  g_test_add_func ("/book/format/mismatch", test_mismatch);
  g_test_add_func ("/book/errors/bad-files", test_bad_files);
  g_test_add_func ("/book/errors/unreadable", test_unreadable);
  g_test_add_func ("/book/epub/sidecar", test_epub_sidecar);
  g_test_add_func ("/book/fingerprint/sampled", test_fingerprint);
  g_test_add_func ("/book/fingerprint/xxh64", test_xxh64);
  g_test_add_func ("/book/errors/no-fd-leak", test_no_fd_leak);
  g_test_add_func ("/book/threads/parallel", test_parallel);

  return g_test_run ();
}
