/* metadata-test-util.c: fixture access for the metadata tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>

#include "metadata-test-util.h"

char *
metadata_test_fixture_path (const char *relative_path)
{
  const char *root = g_getenv ("BINDERY_FIXTURES");
  g_autofree char *path = NULL;

  if (root == NULL)
    {
      g_test_skip ("BINDERY_FIXTURES is not set");
      return NULL;
    }
  path = g_build_filename (root, relative_path, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("fixture missing");
      return NULL;
    }
  return g_steal_pointer (&path);
}

GBytes *
metadata_test_read_entry (const char *archive_path,
                          const char *entry_name)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  GBytes *result = NULL;

  archive_read_support_format_all (archive);
  archive_read_support_filter_all (archive);
  g_assert_cmpint (archive_read_open_filename (archive, archive_path, 16384), ==, ARCHIVE_OK);

  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      g_autoptr(GByteArray) data = NULL;
      char buffer[8192];
      la_ssize_t n;

      if (g_strcmp0 (archive_entry_pathname (entry), entry_name) != 0)
        continue;

      data = g_byte_array_new ();
      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        g_byte_array_append (data, (const guint8 *) buffer, n);
      g_assert_cmpint (n, ==, 0);
      result = g_byte_array_free_to_bytes (g_steal_pointer (&data));
      break;
    }

  archive_read_free (archive);
  g_assert_nonnull (result);
  return result;
}

JsonParser *
metadata_test_load_manifest (void)
{
  g_autofree char *path = metadata_test_fixture_path ("manifest.json");
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return NULL;
  parser = json_parser_new ();
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&parser);
}

JsonArray *
metadata_test_manifest_files (JsonParser *manifest)
{
  JsonObject *root = json_node_get_object (json_parser_get_root (manifest));

  return json_object_get_array_member (root, "files");
}

JsonObject *
metadata_test_manifest_entry (JsonParser *manifest,
                              const char *path)
{
  JsonArray *files = metadata_test_manifest_files (manifest);

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *entry = json_array_get_object_element (files, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "path"), path) == 0)
        return entry;
    }
  return NULL;
}

char *
metadata_test_to_string (JsonObject *record)
{
  g_autoptr(JsonNode) node = json_node_alloc ();

  json_node_init_object (node, record);
  return json_to_string (node, FALSE);
}

void
metadata_assert_list (JsonObject *record,
                      const char *member,
                      ...)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  JsonArray *array;
  const char *item;
  va_list args;

  va_start (args, member);
  while ((item = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (expected, (gpointer) item);
  va_end (args);

  if (expected->len == 0)
    {
      g_assert_false (json_object_has_member (record, member));
      return;
    }

  g_assert_true (json_object_has_member (record, member));
  array = json_object_get_array_member (record, member);
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, expected->pdata[i]);
}
