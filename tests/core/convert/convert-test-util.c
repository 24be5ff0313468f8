/* convert-test-util.c: what the conversion tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <zip.h>

#include "bindery-book.h"
#include "bindery-converter.h"
#include "convert-test-util.h"

static void
entry_free (ConvertTestEntry *e)
{
  g_free (e->name);
  g_free (e->kind);
  g_clear_pointer (&e->data, g_bytes_unref);
  g_free (e);
}

static GPtrArray *
entries_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
}

GPtrArray *
convert_test_read_archive (const char *path)
{
  GPtrArray *entries = entries_new ();
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  locale_t previous = bindery_book_enter_utf8_locale ();
  int r;

  archive_read_support_format_all (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 64 * 1024), ==, ARCHIVE_OK);
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      ConvertTestEntry *e = g_new0 (ConvertTestEntry, 1);
      mode_t type = archive_entry_filetype (entry);
      const char *name = archive_entry_pathname (entry);

      e->name = g_strdup (name);
      if (type == AE_IFDIR)
        {
          e->kind = g_strdup ("dir");
          if (!g_str_has_suffix (e->name, "/"))
            {
              char *slash = g_strconcat (e->name, "/", NULL);
              g_free (e->name);
              e->name = slash;
            }
        }
      else if (type == AE_IFLNK)
        {
          e->kind = g_strdup ("link");
          e->data = g_bytes_new (archive_entry_symlink (entry), strlen (archive_entry_symlink (entry)));
        }
      else
        {
          g_autoptr(GByteArray) buf = g_byte_array_new ();
          guint8 chunk[8192];
          la_ssize_t n;

          e->kind = g_strdup ("file");
          while ((n = archive_read_data (a, chunk, sizeof chunk)) > 0)
            g_byte_array_append (buf, chunk, n);
          g_assert_cmpint (n, ==, 0);
          e->data = g_byte_array_free_to_bytes (g_steal_pointer (&buf));
        }
      g_ptr_array_add (entries, e);
    }
  g_assert_cmpint (r, ==, ARCHIVE_EOF);
  archive_read_free (a);
  bindery_book_leave_utf8_locale (previous);
  return entries;
}

GPtrArray *
convert_test_read_zip (const char *path)
{
  GPtrArray *entries = entries_new ();
  int zerr = 0;
  zip_t *za = zip_open (path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
  zip_int64_t n;

  g_assert_nonnull (za);
  n = zip_get_num_entries (za, 0);
  for (zip_int64_t i = 0; i < n; i++)
    {
      ConvertTestEntry *e = g_new0 (ConvertTestEntry, 1);
      zip_uint8_t opsys;
      zip_uint32_t attributes;
      zip_stat_t st;
      g_autoptr(GByteArray) buf = g_byte_array_new ();
      zip_file_t *zf;
      guint8 chunk[8192];
      zip_int64_t r;
      guint32 mode;

      g_assert_cmpint (zip_stat_index (za, i, ZIP_FL_ENC_RAW, &st), ==, 0);
      e->name = g_strdup (st.name);
      g_assert_cmpint (zip_file_get_external_attributes (za, i, 0, &opsys, &attributes), ==, 0);
      mode = attributes >> 16;
      if (g_str_has_suffix (e->name, "/"))
        e->kind = g_strdup ("dir");
      else
        e->kind = g_strdup (opsys == ZIP_OPSYS_UNIX && (mode & 0170000) == 0120000 ? "link" : "file");

      zf = zip_fopen_index (za, i, 0);
      g_assert_nonnull (zf);
      while ((r = zip_fread (zf, chunk, sizeof chunk)) > 0)
        g_byte_array_append (buf, chunk, r);
      g_assert_cmpint (r, ==, 0);
      g_assert_cmpint (zip_fclose (zf), ==, 0);
      if (strcmp (e->kind, "dir") != 0)
        e->data = g_byte_array_free_to_bytes (g_steal_pointer (&buf));
      g_ptr_array_add (entries, e);
    }
  zip_discard (za);
  return entries;
}

void
convert_test_assert_same_entries (GPtrArray *source,
                                  GPtrArray *converted)
{
  g_assert_cmpuint (converted->len, ==, source->len);
  g_assert_cmpuint (source->len, >, 0);
  for (guint i = 0; i < source->len; i++)
    {
      ConvertTestEntry *a = g_ptr_array_index (source, i);
      ConvertTestEntry *b = g_ptr_array_index (converted, i);

      g_assert_cmpstr (b->name, ==, a->name);
      g_assert_cmpstr (b->kind, ==, a->kind);
      g_assert_true ((a->data == NULL) == (b->data == NULL));
      if (a->data != NULL)
        g_assert_true (g_bytes_equal (a->data, b->data));
    }
}

char *
convert_test_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

guint
convert_test_count_temp_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, BINDERY_CONVERT_TEMP_PREFIX))
      n++;
  return n;
}

GPtrArray *
convert_test_archive_fixtures (void)
{
  g_autofree char *manifest = g_build_filename (g_getenv ("BINDERY_FIXTURES"), "manifest.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  JsonArray *files;

  g_assert_true (json_parser_load_from_file (parser, manifest, NULL));
  files = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "files");
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *f = json_array_get_object_element (files, i);
      const char *format = json_object_get_string_member_with_default (f, "libarchive_format", "");
      const char *path = json_object_get_string_member (f, "path");
      const char *expected = NULL;

      if (json_object_has_member (f, "expected_error") &&
          !json_object_get_null_member (f, "expected_error"))
        expected = json_object_get_string_member (f, "expected_error");
      if (strcmp (format, "RAR") != 0 && strcmp (format, "RAR5") != 0 && strcmp (format, "7-Zip") != 0)
        continue;
      if (expected != NULL && strcmp (expected, "no-pages") != 0)
        continue;
      if (g_str_has_suffix (path, ".cbz"))
        continue;
      /* Listed fine, but some entry's data cannot be decoded (a fault, tested as such). */
      if (json_object_has_member (f, "entries"))
        {
          JsonArray *entries = json_object_get_array_member (f, "entries");
          gboolean data_error = FALSE;

          for (guint e = 0; e < json_array_get_length (entries); e++)
            data_error |= json_object_has_member (json_array_get_object_element (entries, e), "data_error");
          if (data_error)
            continue;
        }
      g_ptr_array_add (paths, g_strdup (path));
    }
  return paths;
}

gboolean
convert_test_make_big_rar (const char  *path,
                           const char  *format,
                           guint        n_pages,
                           gsize        page_len,
                           char       **why_not)
{
  g_autofree char *script = g_build_filename (g_getenv ("BINDERY_SHARED_TOOLS"), "make-rar.py", NULL);
  g_autofree char *scratch = g_strconcat (path, ".pages", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc (page_len);
  int status = 0;

  g_assert_cmpint (g_mkdir_with_parents (scratch, 0755), ==, 0);
  g_ptr_array_add (argv, g_strdup ("python3"));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup_printf ("--format=%s", format));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup (path));
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *name = g_strdup_printf ("%03u.jpg", i + 1);
      g_autofree char *file = g_build_filename (scratch, name, NULL);

      for (gsize b = 0; b < page_len; b++)
        data[b] = (guint8) g_test_rand_int_range (0, 256);
      g_assert_true (g_file_set_contents (file, (const char *) data, page_len - i, NULL));
      g_ptr_array_add (argv, g_strdup_printf ("%s=%s", file, name));
    }
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      *why_not = g_strdup_printf ("make-rar.py cannot run: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *name = g_strdup_printf ("%03u.jpg", i + 1);
      g_autofree char *file = g_build_filename (scratch, name, NULL);
      g_unlink (file);
    }
  g_rmdir (scratch);
  return TRUE;
}
