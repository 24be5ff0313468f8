/* test-thumbnailer.c: one book → its WebP thumbnail, for every fixture, and the
 * bindery-thumbnailer executable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expectations come from fixtures/manifest.json and the thumbnail rule of MANIFEST.md;
 * the source sizes from gdk-pixbuf / libwebp reading the page independently.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <webp/decode.h>
#include <zip.h>

#include "bindery-thumbnail-cache.h"
#include "bindery-thumbnail-pool.h"
#include "bindery-thumbnailer.h"
#include "test-fixtures.h"
#include "thumbs-test-images.h"

#define HEIGHT 400

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif

static const char *
fixtures_dir (void)
{
  const char *dir = g_getenv ("BINDERY_FIXTURES");
  g_assert_nonnull (dir);
  return dir;
}

static JsonArray *
manifest_files (void)
{
  static JsonParser *parser = NULL;
  g_autoptr(GError) error = NULL;

  if (parser == NULL)
    {
      g_autofree char *path = g_build_filename (fixtures_dir (), "manifest.json", NULL);
      parser = json_parser_new ();
      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
    }
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "files");
}

/* Source size of one page, read independently of the code under test: WebP by
 * libwebp, the rest by gdk-pixbuf (refusing > 100 MP from the loader's header). */
static gboolean
oracle_page_size (const char *book, BinderyBookFormat format, const char *entry, int *w, int *h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bindery_book_read_entry (book, format, entry, 0, &error);
  g_autoptr(GdkPixbuf) full = NULL;
  g_autofree char *tmp = NULL;
  const guint8 *bytes;
  gsize len;
  int fw = 0, fh = 0;
  int fd;

  if (data == NULL)
    return FALSE;
  bytes = g_bytes_get_data (data, &len);
  if (len >= 12 && memcmp (bytes, "RIFF", 4) == 0 && memcmp (bytes + 8, "WEBP", 4) == 0)
    return WebPGetInfo (bytes, len, w, h);

  fd = g_file_open_tmp ("thumbs-oracle-XXXXXX", &tmp, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (tmp, (const char *) bytes, len, &error));
  /* header first: a page above 100 MP does not count as decodable */
  if (gdk_pixbuf_get_file_info (tmp, &fw, &fh) != NULL && (gint64) fw * fh <= 100 * 1000 * 1000)
    full = gdk_pixbuf_new_from_file (tmp, NULL);
  g_unlink (tmp);
  if (full == NULL)
    return FALSE;
  *w = gdk_pixbuf_get_width (full);
  *h = gdk_pixbuf_get_height (full);
  return TRUE;
}

static void
assert_webp_file (const char *path, int src_w, int src_h, gboolean pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  WebPBitstreamFeatures features;
  int want_h = pdf ? HEIGHT : MIN (HEIGHT, src_h);
  double want_w = (double) src_w * want_h / src_h;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (WebPGetFeatures ((const guint8 *) contents, len, &features), ==, VP8_STATUS_OK);
  g_assert_cmpint (features.format, ==, 1);   /* lossy */
  g_assert_false (features.has_animation);
  g_assert_cmpint (features.height, ==, want_h);
  g_assert_cmpfloat (ABS (features.width - want_w), <=, 1.0);
  /* and libwebp decodes it whole */
  {
    int w, h;
    guint8 *rgba = WebPDecodeRGBA ((const guint8 *) contents, len, &w, &h);
    g_assert_nonnull (rgba);
    WebPFree (rgba);
  }
}

static BinderyThumbnailTask *
run_task (const char *book, const char *out_dir)
{
  BinderyThumbnailTask *task = bindery_thumbnail_task_new ();

  task->path = g_strdup (book);
  task->height = HEIGHT;
  task->quality = 80;
  task->thumbnail_dir = g_strdup (out_dir);
  task->rel_path = bindery_thumbnail_cache_rel_path ("0123456789abcdef0123456789abcdef");
  bindery_thumbnail_task_run (task, NULL);
  return task;
}

static gboolean
warnings_mention (GPtrArray *warnings, const char *entry)
{
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    if (strstr (g_ptr_array_index (warnings, i), entry) != NULL)
      return TRUE;
  return FALSE;
}

/* Every book of the manifest that opens: the thumbnail of its cover, or of the next
 * page that decodes, with a warning naming the cover; PDF page 1; EPUB's declared
 * cover or none. */
static void
test_every_fixture (void)
{
  JsonArray *files = manifest_files ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out_dir = g_dir_make_tmp ("bindery-thumbs-XXXXXX", &error);
  guint checked = 0, fallbacks = 0;
  GHashTable *kinds = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      const char *rel = json_object_get_string_member (file, "path");
      const char *format = json_object_get_string_member (file, "format");
      const char *cover = json_object_get_string_member_with_default (file, "cover", NULL);
      g_autofree char *book = g_build_filename (fixtures_dir (), rel, NULL);
      g_autoptr(BinderyThumbnailTask) task = NULL;
      g_autofree char *out = NULL;
      BinderyBookFormat book_format;

      if (!json_object_get_null_member (file, "expected_error")
          || g_str_equal (format, "opf") || g_str_equal (format, "unknown") || g_str_equal (format, "empty"))
        continue;

      /* names kept as raw bytes appear in the manifest in display form */
      if (!g_file_test (book, G_FILE_TEST_IS_REGULAR))
        continue;
      g_test_message ("%s", rel);
      task = run_task (book, out_dir);
      out = g_build_filename (out_dir, task->rel_path, NULL);
      book_format = bindery_book_sniff_format (book, NULL);

      if (g_str_equal (format, "pdf"))
        {
          double pw, ph;
          g_assert_no_error (task->error);
          g_assert_true (sscanf (json_object_get_string_member (file, "page_size_pts"), "%lf x %lf", &pw, &ph) == 2);
          assert_webp_file (out, (int) (pw * 1000), (int) (ph * 1000), TRUE);
          g_assert_null (task->source_entry);
        }
      else if (cover == NULL)
        {
          /* an EPUB that declares no cover */
          g_assert_cmpstr (format, ==, "epub");
          g_assert_error (task->error, BINDERY_THUMBNAILER_ERROR, BINDERY_THUMBNAILER_ERROR_NO_COVER);
          continue;
        }
      else
        {
          const char *expected = NULL;
          int w = 0, h = 0;

          if (g_str_equal (format, "epub"))
            {
              g_assert_true (oracle_page_size (book, book_format, cover, &w, &h));
              expected = cover;
            }
          else
            {
              JsonArray *pages = json_object_get_array_member (file, "pages_in_order");
              guint n = json_array_get_length (pages), start = 0;

              for (guint p = 0; p < n; p++)
                if (g_str_equal (json_array_get_string_element (pages, p), cover))
                  start = p;
              for (guint p = 0; p < n && expected == NULL; p++)
                {
                  const char *entry = json_array_get_string_element (pages, (start + p) % n);
                  if (oracle_page_size (book, book_format, entry, &w, &h))
                    expected = entry;
                }
              if (json_object_has_member (file, "thumbnail_fallback_page"))
                g_assert_cmpstr (expected, ==, json_object_get_string_member (file, "thumbnail_fallback_page"));
            }
          g_assert_nonnull (expected);
          g_assert_no_error (task->error);
          g_assert_true (task->done);
          g_assert_cmpstr (task->source_entry, ==, expected);
          assert_webp_file (out, w, h, FALSE);
          if (!g_str_equal (expected, cover))
            {
              g_assert_true (warnings_mention (task->warnings, cover));
              fallbacks++;
            }
          else
            {
              g_assert_cmpuint (task->warnings->len, ==, 0);
            }
        }
      g_hash_table_add (kinds, (gpointer) json_object_get_string_member (file, "format"));
      checked++;
    }

  /* every kind of book was covered, and the fallbacks happened */
  g_assert_true (g_hash_table_contains (kinds, "zip"));
  g_assert_true (g_hash_table_contains (kinds, "rar4"));
  g_assert_true (g_hash_table_contains (kinds, "rar5"));
  g_assert_true (g_hash_table_contains (kinds, "7z"));
  g_assert_true (g_hash_table_contains (kinds, "tar"));
  g_assert_true (g_hash_table_contains (kinds, "epub"));
  g_assert_true (g_hash_table_contains (kinds, "pdf"));
  g_assert_cmpuint (fallbacks, >=, 3);   /* corrupt, huge, AVIF covers */
  g_assert_cmpuint (checked, >=, 20);
  g_hash_table_unref (kinds);

  {
    g_autofree char *shard = g_build_filename (out_dir, "01/23/0123456789abcdef0123456789abcdef.webp", NULL);
    g_autofree char *d1 = g_build_filename (out_dir, "01/23", NULL);
    g_autofree char *d0 = g_build_filename (out_dir, "01", NULL);
    g_unlink (shard);
    g_rmdir (d1);
    g_rmdir (d0);
    g_assert_cmpint (g_rmdir (out_dir), ==, 0);
  }
}

/* The 60000 × 60000 cover is refused from its header: under a 1.5 GiB address-space
 * limit a full decode (10.8 GB) could not even be tried, and the thumbnail still
 * comes from 002.jpg. */
static void
test_huge_cover_bounded (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *book = g_build_filename (fixtures_dir (), "broken", "huge-dimensions-cover.cbz", NULL);
      g_autofree char *out_dir = g_dir_make_tmp ("bindery-thumbs-XXXXXX", &error);
      g_autoptr(BinderyThumbnailTask) task = NULL;
#ifndef UNDER_ASAN
      struct rlimit limit = { (rlim_t) 1536 * 1024 * 1024, (rlim_t) 1536 * 1024 * 1024 };
      g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);
#endif
      task = run_task (book, out_dir);
      g_assert_no_error (task->error);
      g_assert_cmpstr (task->source_entry, ==, "002.jpg");
      g_assert_true (warnings_mention (task->warnings, "001.png"));
      g_assert_true (warnings_mention (task->warnings, "60000"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
add_zip_entry (zip_t *zip, const char *name, GBytes *data)
{
  gsize len;
  const void *bytes = g_bytes_get_data (data, &len);
  zip_source_t *source = zip_source_buffer (zip, bytes, len, 0);

  g_assert_nonnull (source);
  g_assert_cmpint (zip_file_add (zip, name, source, ZIP_FL_ENC_UTF_8), >=, 0);
}

/* A cover JPEG cut short (a copy that stopped halfway) is not shown half grey: the
 * thumbnail comes from the next page and the warning names the cover and the reason. */
static void
test_truncated_cover (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-thumbs-XXXXXX", &error);
  g_autofree char *book = g_build_filename (dir, "Cut Short 001.cbz", NULL);
  g_autoptr(GBytes) jpeg = test_make_jpeg (600, 900, TEST_JPEG_RGB, TRUE, 0, 0xFF0000, 0x0000FF);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autoptr(GBytes) page = test_make_jpeg (300, 450, TEST_JPEG_RGB, FALSE, 0, 0x00FF00, 0x00FF00);
  g_autoptr(BinderyThumbnailTask) task = NULL;
  g_autofree char *thumb = NULL;
  zip_t *zip;
  int zerr = 0;

  g_assert_no_error (error);
  zip = zip_open (book, ZIP_CREATE | ZIP_EXCL, &zerr);
  g_assert_nonnull (zip);
  add_zip_entry (zip, "001.jpg", cut);
  add_zip_entry (zip, "002.jpg", page);
  g_assert_cmpint (zip_close (zip), ==, 0);

  task = run_task (book, dir);
  g_assert_no_error (task->error);
  g_assert_true (task->done);
  g_assert_cmpstr (task->source_entry, ==, "002.jpg");
  g_assert_true (warnings_mention (task->warnings, "001.jpg"));
  g_assert_true (warnings_mention (task->warnings, "truncated"));

  thumb = g_build_filename (dir, task->rel_path, NULL);
  assert_webp_file (thumb, 300, 450, FALSE);
  g_assert_cmpint (g_unlink (thumb), ==, 0);
  {
    g_autofree char *d1 = g_path_get_dirname (thumb);
    g_autofree char *d0 = g_path_get_dirname (d1);
    g_assert_cmpint (g_rmdir (d1), ==, 0);
    g_assert_cmpint (g_rmdir (d0), ==, 0);
  }
  g_assert_cmpint (g_unlink (book), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A book none of whose pages decodes is an error that says why; nothing crashes. */
static void
test_no_decodable_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-thumbs-XXXXXX", &error);
  g_autofree char *book = g_build_filename (dir, "Nothing Decodes 001.cbz", NULL);
  g_autoptr(GBytes) jpeg = test_make_jpeg (300, 400, TEST_JPEG_RGB, FALSE, 0, 0xFF0000, 0x0000FF);
  g_autoptr(GBytes) broken = g_bytes_new_from_bytes (jpeg, 0, 300);
  g_autoptr(GBytes) huge = test_make_png_header (20000, 20000);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not an image at all", 19);
  g_autoptr(BinderyThumbnailTask) task = NULL;
  zip_t *zip;
  int zerr = 0;

  g_assert_no_error (error);
  zip = zip_open (book, ZIP_CREATE | ZIP_EXCL, &zerr);
  g_assert_nonnull (zip);
  add_zip_entry (zip, "001.jpg", broken);
  add_zip_entry (zip, "002.png", huge);
  add_zip_entry (zip, "003.webp", garbage);
  g_assert_cmpint (zip_close (zip), ==, 0);

  task = run_task (book, dir);
  g_assert_false (task->done);
  g_assert_error (task->error, BINDERY_THUMBNAILER_ERROR, BINDERY_THUMBNAILER_ERROR_UNDECODABLE);
  g_assert_nonnull (strstr (task->error->message, "001.jpg"));

  g_assert_cmpint (g_unlink (book), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static char *
thumbnailer_path (void)
{
  const char *build = g_getenv ("G_TEST_BUILDDIR");
  g_assert_nonnull (build);
  return g_build_filename (build, "..", "src", "thumbnailer", "bindery-thumbnailer", NULL);
}

static void
run_thumbnailer (const char *size, const char *input, const char *output, int *status, char **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exe = thumbnailer_path ();
  const char *argv[] = { exe, "-s", size, input, output, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, err, status, &error);
  g_assert_no_error (error);
}

/* bindery-thumbnailer writes a PNG whose larger side is SIZE (or the cover's own size
 * when smaller); input as a path or a file:// URI. */
static void
test_thumbnailer_executable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-thumbs-XXXXXX", &error);
  g_autofree char *out = g_build_filename (dir, "out.png", NULL);
  g_autofree char *big = g_build_filename (fixtures_dir (), "comics", "science_comics_001.cbz", NULL);
  g_autofree char *small = g_build_filename (fixtures_dir (), "comics", "Harbor Lights 004.cbt", NULL);
  g_autofree char *no_cover = g_build_filename (fixtures_dir (), "library", "Short Story.epub", NULL);
  g_autofree char *big_uri = g_filename_to_uri (big, NULL, NULL);
  g_autofree char *err = NULL;
  GdkPixbufFormat *format;
  int status, w, h;

  run_thumbnailer ("128", big_uri, out, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  format = gdk_pixbuf_get_file_info (out, &w, &h);
  g_assert_nonnull (format);
  {
    g_autofree char *name = gdk_pixbuf_format_get_name (format);
    g_assert_cmpstr (name, ==, "png");
  }
  g_assert_cmpint (MAX (w, h), ==, 128);          /* 480 × 726 → 85 × 128 */
  g_assert_cmpint (ABS (w - 480 * 128 / 726), <=, 1);
  {
    g_autoptr(GdkPixbuf) png = gdk_pixbuf_new_from_file (out, &error);
    g_assert_no_error (error);
  }
  g_unlink (out);
  g_clear_pointer (&err, g_free);

  run_thumbnailer ("256", small, out, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  format = gdk_pixbuf_get_file_info (out, &w, &h);
  g_assert_nonnull (format);
  g_assert_cmpint (w, ==, 160);                   /* not scaled up */
  g_assert_cmpint (h, ==, 240);
  g_unlink (out);
  g_clear_pointer (&err, g_free);

  run_thumbnailer ("256", no_cover, out, &status, &err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "Short Story.epub"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  run_thumbnailer ("0", small, out, &status, &err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");

  g_test_add_func ("/thumbs/thumbnailer/every-fixture", test_every_fixture);
  g_test_add_func ("/thumbs/thumbnailer/huge-cover-bounded-memory", test_huge_cover_bounded);
  g_test_add_func ("/thumbs/thumbnailer/no-decodable-page", test_no_decodable_page);
  g_test_add_func ("/thumbs/thumbnailer/truncated-cover", test_truncated_cover);
  g_test_add_func ("/thumbs/thumbnailer/executable", test_thumbnailer_executable);

  return g_test_run ();
}
