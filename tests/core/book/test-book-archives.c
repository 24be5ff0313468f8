/* test-book-archives.c: ZIP central directory search, "./" entry names (tar -cf book.cbt .)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bindery-book.h"
#include "bindery-book-private.h"
#include "bindery-metadata.h"
#include "book-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <zip.h>

static const char comicinfo[] =
  "<?xml version=\"1.0\"?>\n<ComicInfo><Title>Found</Title>"
  "<Pages><Page Image=\"1\" Type=\"FrontCover\"/></Pages></ComicInfo>\n";

/* Page data that libzip's search for the end of central directory would trip over:
 * pseudo-random bytes sprinkled with the EOCD signature. */
static char *
page_data (gsize len,
           guint seed)
{
  char *data = g_malloc (len);
  guint32 x = seed * 2654435761u + 1;

  for (gsize i = 0; i < len; i++)
    {
      x = x * 1664525u + 1013904223u;
      data[i] = (char) (x >> 24);
    }
  for (gsize i = 64; i + 22 < len; i += 997)
    memcpy (data + i, "PK\5\6\0\0\0\0\1\0\1\0", 12);
  return data;
}

typedef struct {
  const char *name;
  guint       n_pages;
  gsize       page_size;
  gboolean    long_names;   /* a central directory larger than the tail read at once */
  gboolean    comment;      /* an archive comment: the EOCD is not the file's last bytes */
  gsize       prefix;       /* bytes before the archive (self-extractor style) */
} ZipCase;

static char *
page_name (const ZipCase *c,
           guint          i)
{
  if (c->long_names)
    return g_strdup_printf ("chapter one/page %04u of a book with rather long entry names.jpg", i + 1);
  return g_strdup_printf ("p%u.jpg", i + 1);
}

static void
make_book (const char    *path,
           const ZipCase *c)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  int ze = 0;
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &ze);

  g_assert_nonnull (za);
  /* pages in reverse order: the listing, not the archive order, decides */
  for (guint i = c->n_pages; i-- > 0;)
    {
      char *name = page_name (c, i);
      char *data = page_data (c->page_size, i);
      zip_source_t *src = zip_source_buffer (za, data, c->page_size, 0);
      zip_int64_t idx = zip_file_add (za, name, src, ZIP_FL_ENC_GUESS);

      g_assert_cmpint (idx, >=, 0);
      g_assert_cmpint (zip_set_file_compression (za, idx, ZIP_CM_STORE, 0), ==, 0);
      g_ptr_array_add (keep, name);
      g_ptr_array_add (keep, data);
    }
  {
    zip_source_t *src = zip_source_buffer (za, comicinfo, strlen (comicinfo), 0);
    g_assert_cmpint (zip_file_add (za, "ComicInfo.xml", src, ZIP_FL_ENC_GUESS), >=, 0);
  }
  if (c->comment)
    g_assert_cmpint (zip_set_archive_comment (za, "a comment", 9), ==, 0);
  if (zip_close (za) != 0)
    g_error ("zip_close %s: %s", path, zip_strerror (za));

  if (c->prefix > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *prefixed = NULL;
      gsize len;

      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      prefixed = g_malloc (c->prefix + len);
      memset (prefixed, 'x', c->prefix);
      memcpy (prefixed + c->prefix, contents, len);
      g_file_set_contents (path, prefixed, c->prefix + len, &error);
      g_assert_no_error (error);
    }
}

/* What libzip itself lists, opening the file by name (its own stdio source, every byte
 * read): the reference for the pread source and its central directory search. */
static GPtrArray *
libzip_pages (const char *path)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);
  int ze = 0;
  zip_t *za = zip_open (path, ZIP_RDONLY, &ze);

  if (za == NULL)
    return pages;
  for (zip_int64_t i = 0; i < zip_get_num_entries (za, 0); i++)
    {
      const char *name = zip_get_name (za, i, ZIP_FL_ENC_RAW);

      if (bindery_entry_is_page (name))
        g_ptr_array_add (pages, g_strdup (name));
    }
  zip_discard (za);
  return pages;
}

/* Books whose central directory lies anywhere relative to the bytes read at once from the
 * end: read as libzip reads them on its own, pages, ComicInfo.xml and page data alike. */
static void
test_central_directory (void)
{
  const ZipCase cases[] = {
    { "small.cbz", 3, 500, FALSE, FALSE, 0 },           /* the whole file in one read */
    { "large-pages.cbz", 4, 40000, FALSE, FALSE, 0 },   /* EOCD search over page data */
    { "long-cd.cbz", 400, 150, TRUE, FALSE, 0 },        /* central directory > the tail */
    { "long-cd-big.cbz", 300, 2000, TRUE, FALSE, 0 },
    { "comment.cbz", 4, 40000, FALSE, TRUE, 0 },        /* not a plain EOCD: read in full */
    { "prefix.cbz", 4, 40000, FALSE, FALSE, 4096 },     /* offsets that do not add up */
  };
  g_autofree char *dir = book_test_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ZipCase *c = &cases[i];
      g_autofree char *path = g_build_filename (dir, c->name, NULL);
      g_autoptr(GPtrArray) expected = NULL;
      g_autoptr(BinderyBookInfo) info = NULL;
      g_autoptr(GError) error = NULL;

      make_book (path, c);
      expected = libzip_pages (path);
      g_test_message ("%s: libzip lists %u pages", c->name, expected->len);
      info = bindery_book_read_info (path, &error);
      if (expected->len == 0)
        {
          /* libzip does not read it either: the same error as for any broken ZIP */
          g_assert_null (info);
          g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (expected->len, ==, c->n_pages);
      g_assert_cmpuint (info->page_count, ==, c->n_pages);
      for (guint p = 0; p < c->n_pages; p++)
        {
          g_autofree char *name = page_name (c, p);

          g_assert_cmpstr (g_ptr_array_index (info->pages, p), ==, name);
          g_assert_true (g_ptr_array_find_with_equal_func (expected, name, g_str_equal, NULL));
        }
      g_assert_cmpstr (json_object_get_string_member (info->metadata, "Title"), ==, "Found");
      g_assert_cmpint (info->cover_index, ==, 1);

      /* page data comes back byte for byte (the bytes before the central directory are
       * read for what they are, not as the search saw them) */
      for (guint p = 0; p < c->n_pages; p += MAX (1, c->n_pages / 3))
        {
          g_autofree char *name = page_name (c, p);
          g_autofree char *data = page_data (c->page_size, p);
          g_autoptr(GBytes) bytes = bindery_book_read_entry (path, BINDERY_BOOK_FORMAT_ZIP, name, 0, &error);

          g_assert_no_error (error);
          g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, c->page_size);
        }
      g_assert_cmpint (bindery_book_sniff_format (path, &error), ==, BINDERY_BOOK_FORMAT_ZIP);
      g_assert_no_error (error);
    }
  book_test_rmtree (dir);
}

/* A ZIP cut short inside its central directory, or with an EOCD whose offsets point past
 * the file, is corrupt, as before. */
static void
test_central_directory_damaged (void)
{
  const ZipCase c = { "x.cbz", 20, 3000, TRUE, FALSE, 0 };
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "whole.cbz", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  make_book (path, &c);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  {
    /* the EOCD kept, the central directory's first bytes zeroed */
    g_autofree char *broken = g_memdup2 (contents, len);
    g_autofree char *cut = g_build_filename (dir, "damaged-cd.cbz", NULL);
    g_autoptr(BinderyBookInfo) info = NULL;
    guint32 cd_offset;

    memcpy (&cd_offset, broken + len - 22 + 16, 4);
    cd_offset = GUINT32_FROM_LE (cd_offset);
    memset (broken + cd_offset, 0, 64);
    g_file_set_contents (cut, broken, len, &error);
    g_assert_no_error (error);
    info = bindery_book_read_info (cut, &error);
    g_assert_null (info);
    g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT);
    g_clear_error (&error);
  }
  {
    /* the last third of the file gone */
    g_autofree char *cut = g_build_filename (dir, "truncated.cbz", NULL);
    g_autoptr(BinderyBookInfo) info = NULL;

    g_file_set_contents (cut, contents, len / 3 * 2, &error);
    g_assert_no_error (error);
    info = bindery_book_read_info (cut, &error);
    g_assert_null (info);
    g_assert_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT);
  }
  book_test_rmtree (dir);
}

static void
write_page (const char *dir,
            const char *name,
            const char *data)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_file_set_contents (path, data, -1, &error);
  g_assert_no_error (error);
}

/* `tar -cf book.cbt .` names every entry "./…": "." is the folder itself, so these are
 * pages in natural order of the names without it, read by their names as stored. */
static void
test_tar_dot_names (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *src = g_build_filename (dir, "pages", NULL);
  g_autofree char *path = g_build_filename (dir, "book.cbt", NULL);
  const char *argv[] = { "tar", "-cf", path, ".", NULL };
  const char *pages[] = { "./001.jpg", "./2.jpg", "./010.jpg", "./extra/001.jpg" };
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  write_page (src, "010.jpg", "ten");
  write_page (src, "2.jpg", "two");
  write_page (src, "001.jpg", "one");
  write_page (src, "extra/001.jpg", "extra one");
  write_page (src, ".hidden/000.jpg", "hidden");
  write_page (src, "__MACOSX/._001.jpg", "junk");
  write_page (src, "ComicInfo.xml", comicinfo);

  if (!g_spawn_sync (src, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error))
    {
      g_test_skip_printf ("tar not runnable: %s", error->message);
      book_test_rmtree (dir);
      return;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->format, ==, BINDERY_BOOK_FORMAT_TAR);
  g_assert_cmpuint (info->page_count, ==, G_N_ELEMENTS (pages));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    g_assert_cmpstr (g_ptr_array_index (info->pages, i), ==, pages[i]);
  /* ./ComicInfo.xml is the book's (top level) ComicInfo.xml: its cover is the second page */
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "Title"), ==, "Found");
  g_assert_cmpstr (info->cover_entry, ==, "./2.jpg");
  {
    g_autoptr(GBytes) bytes = bindery_book_read_entry (path, info->format, info->cover_entry, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "two", 3);
  }
  book_test_rmtree (dir);
}

/* The same rule in a ZIP, where "./" and "." components can be written too. */
static void
test_zip_dot_names (void)
{
  g_autofree char *dir = book_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "book.cbz", NULL);
  const TestEntry entries[] = {
    { "./p10.jpg", "ten", 0 },
    { "p9.jpg", "nine", 0 },
    { "./a/./p1.jpg", "a one", 0 },
    { "./.hidden/p0.jpg", "hidden", 0 },
    { "./ComicInfo.xml", comicinfo, 0 },
  };
  const char *pages[] = { "./a/./p1.jpg", "p9.jpg", "./p10.jpg" };
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  book_test_make_zip (path, entries, G_N_ELEMENTS (entries), TRUE);
  info = bindery_book_read_info (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->page_count, ==, G_N_ELEMENTS (pages));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    g_assert_cmpstr (g_ptr_array_index (info->pages, i), ==, pages[i]);
  g_assert_cmpstr (json_object_get_string_member (info->metadata, "Title"), ==, "Found");
  g_assert_cmpstr (info->cover_entry, ==, "p9.jpg");
  {
    g_autoptr(GBytes) bytes = bindery_book_read_entry (path, info->format, "./a/./p1.jpg", 0, &error);

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "a one", 5);
  }
  book_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  bindery_book_init ();
  bindery_metadata_init ();

  g_test_add_func ("/book/zip/central-directory", test_central_directory);
  g_test_add_func ("/book/zip/central-directory-damaged", test_central_directory_damaged);
  g_test_add_func ("/book/names/tar-dot-names", test_tar_dot_names);
  g_test_add_func ("/book/names/zip-dot-names", test_zip_dot_names);

  return g_test_run ();
}
