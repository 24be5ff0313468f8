/* book-test-util.c: building test archives (libzip, make-rar.py, Python tarfile)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "book-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <zip.h>

char *
book_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bindery-book-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
book_test_rmtree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        book_test_rmtree (path);
      else
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gsize
entry_len (const TestEntry *e)
{
  return e->len > 0 ? e->len : strlen (e->data);
}

void
book_test_make_zip (const char      *path,
                    const TestEntry *entries,
                    guint            n_entries,
                    gboolean         store)
{
  int ze = 0;
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &ze);

  g_assert_nonnull (za);
  for (guint i = 0; i < n_entries; i++)
    {
      zip_int64_t idx;

      if (entries[i].data == NULL)
        idx = zip_dir_add (za, entries[i].name, ZIP_FL_ENC_GUESS);
      else
        {
          zip_source_t *src = zip_source_buffer (za, entries[i].data, entry_len (&entries[i]), 0);
          idx = zip_file_add (za, entries[i].name, src, ZIP_FL_ENC_GUESS);
          if (idx < 0)
            zip_source_free (src);
        }
      if (idx < 0)
        g_error ("zip_add %s: %s", entries[i].name, zip_strerror (za));
      if (entries[i].data != NULL)
        g_assert_cmpint (zip_set_file_compression (za, idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0), ==, 0);
    }
  if (zip_close (za) != 0)
    g_error ("zip_close %s: %s", path, zip_strerror (za));
}

static char *
hex (const char *data,
     gsize       len)
{
  GString *s = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", (guchar) data[i]);
  return g_string_free (s, FALSE);
}

/* {"out": path, "entries": [{"name": hex, "data": hex | null}], ...} */
static char *
spec_json (const char      *path,
           const char      *format,
           const char      *password,
           const TestEntry *entries,
           guint            n_entries)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "out");
  json_builder_add_string_value (b, path);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, format);
  json_builder_set_member_name (b, "password");
  if (password != NULL)
    json_builder_add_string_value (b, password);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *name = hex (entries[i].name, strlen (entries[i].name));

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "data");
      if (entries[i].data != NULL)
        {
          g_autofree char *data = hex (entries[i].data, entry_len (&entries[i]));
          json_builder_add_string_value (b, data);
        }
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
run_python (const char  *script,
            const char  *arg1,
            const char  *arg2,
            char       **why_not)
{
  const char *argv[] = { "python3", "-c", script, arg1, arg2, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    {
      *why_not = g_strdup_printf ("python3 not runnable: %s", error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, &error))
    {
      *why_not = g_strdup_printf ("generator failed: %s", err);
      return FALSE;
    }
  return TRUE;
}

static const char rar_script[] =
  "import importlib.util, json, sys\n"
  "spec = importlib.util.spec_from_file_location('make_rar', sys.argv[1])\n"
  "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
  "c = json.loads(sys.argv[2])\n"
  "es = [m.Entry(bytes.fromhex(e['name']), None if e['data'] is None else bytes.fromhex(e['data']))\n"
  "      for e in c['entries']]\n"
  "(m.write_rar5 if c['format'] == 'rar5' else m.write_rar4)(c['out'], es, password=c['password'])\n";

gboolean
book_test_make_rar (const char       *path,
                    const char       *format,
                    const char       *password,
                    const TestEntry  *entries,
                    guint             n_entries,
                    char            **why_not)
{
  const char *tools = g_getenv ("BINDERY_SHARED_TOOLS");
  g_autofree char *script = NULL;
  g_autofree char *spec = spec_json (path, format, password, entries, n_entries);

  g_assert_nonnull (tools);
  script = g_build_filename (tools, "make-rar.py", NULL);
  g_assert_true (g_file_test (script, G_FILE_TEST_EXISTS));
  if (!run_python (rar_script, script, spec, why_not))
    {
      /* Without encryption make-rar.py needs nothing but Python: that must work. */
      if (password == NULL)
        g_error ("make-rar.py: %s", *why_not);
      return FALSE;
    }
  return TRUE;
}

static const char tar_script[] =
  "import io, json, sys, tarfile\n"
  "c = json.loads(sys.argv[1])\n"
  "with tarfile.open(c['out'], 'w:' + c['format'], format=tarfile.USTAR_FORMAT) as t:\n"
  "    for e in c['entries']:\n"
  "        name = bytes.fromhex(e['name']).decode('utf-8', 'surrogateescape')\n"
  "        i = tarfile.TarInfo(name); i.mtime = 1609459200\n"
  "        if e['data'] is None:\n"
  "            i.type = tarfile.DIRTYPE; t.addfile(i)\n"
  "        else:\n"
  "            d = bytes.fromhex(e['data']); i.size = len(d); t.addfile(i, io.BytesIO(d))\n";

void
book_test_make_tar (const char      *path,
                    const char      *compression,
                    const TestEntry *entries,
                    guint            n_entries)
{
  g_autofree char *spec = spec_json (path, compression, NULL, entries, n_entries);
  g_autofree char *why_not = NULL;

  if (!run_python (tar_script, spec, NULL, &why_not))
    g_error ("tarfile: %s", why_not);
}

char *
book_test_fixture (const char *relative)
{
  const char *dir = g_getenv ("BINDERY_FIXTURES");

  g_assert_nonnull (dir);
  return g_build_filename (dir, relative, NULL);
}

char *
book_test_copy (const char *src,
                const char *dir,
                const char *name)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  char *dest = g_build_filename (dir, name, NULL);
  gsize len;

  g_file_get_contents (src, &data, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (dest, data, len, &error);
  g_assert_no_error (error);
  return dest;
}
