/* test-book-fixtures.c: every book of fixtures/manifest.json read and compared field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expectations come from the manifest (read at test time from $BINDERY_FIXTURES):
 * expected_error ↔ the error kind, format, pages in natural order, page count and unit,
 * cover, metadata values and lists, metadata_error, and the must-not-contain checks.
 */
#include "bindery-book.h"
#include "bindery-metadata.h"
#include "test-fixtures.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  char       *path;      /* absolute, raw bytes */
  JsonObject *entry;     /* manifest entry */
} FixtureCase;

static void
fixture_case_free (gpointer data)
{
  FixtureCase *fc = data;

  g_free (fc->path);
  json_object_unref (fc->entry);
  g_free (fc);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A metadata member of ours as the manifest writes it (text; lists joined with ", "). */
static char *
value_as_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          if (i > 0)
            g_string_append (s, ", ");
          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_string_append (s, json_node_get_string (item));
        }
      return g_string_free (s, FALSE);
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "Yes" : "No");
    default:
      return NULL;
    }
}

static gboolean
texts_equal (const char *expected,
             const char *actual)
{
  char *end = NULL;
  double e, a;

  if (g_strcmp0 (expected, actual) == 0)
    return TRUE;
  if (expected == NULL || actual == NULL)
    return FALSE;
  /* "2.5" and 2.5, "12" and 12.0 */
  e = g_ascii_strtod (expected, &end);
  if (end == expected || *end != '\0')
    return FALSE;
  a = g_ascii_strtod (actual, &end);
  if (end == actual || *end != '\0')
    return FALSE;
  return e == a;
}

static void
assert_list (JsonObject  *metadata,
             const char  *field,
             JsonArray   *expected,
             const char  *book)
{
  JsonNode *node = json_object_get_member (metadata, field);
  JsonArray *actual;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    g_error ("%s: metadata %s should be a list", book, field);
  actual = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (actual), ==, json_array_get_length (expected));
  for (guint i = 0; i < json_array_get_length (expected); i++)
    g_assert_cmpstr (json_array_get_string_element (actual, i), ==,
                     json_array_get_string_element (expected, i));
}

static void
assert_value (JsonObject  *metadata,
              const char  *field,
              JsonNode    *expected,
              const char  *book)
{
  g_autofree char *actual = NULL;

  if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      assert_list (metadata, field, json_node_get_array (expected), book);
      return;
    }
  if (json_node_get_value_type (expected) == G_TYPE_STRING && json_node_get_string (expected)[0] == '\0')
    return;  /* empty in the file: nothing to keep */
  actual = value_as_text (json_object_get_member (metadata, field));
  if (!texts_equal (json_node_get_string (expected), actual))
    g_error ("%s: metadata %s: expected “%s”, got “%s”", book, field,
             json_node_get_string (expected), actual ? actual : "(absent)");
}

/* "Fri Jan  1 00:00:00 2021 UTC" (pdfinfo) against our ISO 8601 CreationDate. */
static void
assert_pdf_date (JsonObject *metadata,
                 const char *expected,
                 const char *book)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) actual = NULL;
  char month[4] = { 0 };
  int day, hour, min, sec, year, m = 0;
  const char *iso = json_object_get_string_member_with_default (metadata, "CreationDate", NULL);

  g_assert_cmpint (sscanf (expected, "%*s %3s %d %d:%d:%d %d", month, &day, &hour, &min, &sec, &year), ==, 6);
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (strcmp (month, months[i]) == 0)
      m = i + 1;
  if (iso == NULL)
    g_error ("%s: no CreationDate", book);
  actual = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (actual);
  g_assert_cmpint (g_date_time_get_year (actual), ==, year);
  g_assert_cmpint (g_date_time_get_month (actual), ==, m);
  g_assert_cmpint (g_date_time_get_day_of_month (actual), ==, day);
  g_assert_cmpint (g_date_time_get_hour (actual), ==, hour);
}

/* The manifest names EPUB fields as in Dublin Core and PDF fields as in the Info
 * dictionary; our record uses ComicInfo names. NULL: not part of the record. */
static const char *
record_field (const char *format,
              const char *key)
{
  static const char *epub[][2] = {
    { "title", "Title" }, { "creator", "Writer" }, { "language", "LanguageISO" },
    { "date", "Date" }, { "publisher", "Publisher" }, { "description", "Summary" },
    { "subject", "Genre" }, { "identifier", "Identifier" }, { "calibre:series", "Series" },
    { "calibre:series_index", "Number" },
  };
  static const char *pdf[][2] = {
    { "Title", "Title" }, { "Author", "Writer" }, { "Subject", "Summary" },
    { "Keywords", "Keywords" },
  };

  if (g_str_equal (format, "epub"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (epub); i++)
        if (g_str_equal (key, epub[i][0]))
          return epub[i][1];
      return NULL;
    }
  if (g_str_equal (format, "pdf"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (pdf); i++)
        if (g_str_equal (key, pdf[i][0]))
          return pdf[i][1];
      return NULL;  /* Creator, Producer: not kept; CreationDate: below */
    }
  if (g_str_equal (key, "ScanInformation"))
    return NULL;  /* not a field of the record */
  return key;
}

static void
check_metadata (FixtureCase     *fc,
                BinderyBookInfo *info,
                const char      *format,
                const char      *book)
{
  JsonObject *expected = json_object_get_object_member (fc->entry, "metadata");
  JsonNode *lists_node = json_object_get_member (fc->entry, "metadata_lists");
  JsonObject *lists = lists_node && JSON_NODE_HOLDS_OBJECT (lists_node) ? json_node_get_object (lists_node) : NULL;
  const char *must_not = member_string (fc->entry, "metadata_must_not_contain");
  g_autoptr(GList) keys = expected ? json_object_get_members (expected) : NULL;
  guint checked = 0;

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      const char *field = record_field (format, key);

      if (g_str_equal (format, "pdf") && g_str_equal (key, "CreationDate"))
        {
          assert_pdf_date (info->metadata, member_string (expected, key), book);
          checked++;
          continue;
        }
      if (field == NULL)
        continue;
      if (g_str_equal (format, "pdf") && g_str_equal (field, "Writer"))
        {
          /* one Author → a one-item Writer list */
          g_autoptr(JsonArray) one = json_array_new ();
          json_array_add_string_element (one, member_string (expected, key));
          assert_list (info->metadata, field, one, book);
        }
      else if (lists != NULL && json_object_has_member (lists, key))
        assert_list (info->metadata, field, json_object_get_array_member (lists, key), book);
      else
        assert_value (info->metadata, field, json_object_get_member (expected, key), book);
      checked++;
    }

  /* An archive without (readable) ComicInfo.xml has no metadata at all. */
  if (checked == 0 && info->format != BINDERY_BOOK_FORMAT_PDF && info->format != BINDERY_BOOK_FORMAT_EPUB &&
      !json_object_get_boolean_member_with_default (fc->entry, "metadata_series_must_be_empty", FALSE))
    g_assert_cmpuint (json_object_get_size (info->metadata), ==, 0);

  if (must_not != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;

      json_node_set_object (node, info->metadata);
      text = json_to_string (node, FALSE);
      g_assert_null (strstr (text, must_not));
    }
  if (json_object_get_boolean_member_with_default (fc->entry, "metadata_series_must_be_empty", FALSE))
    {
      const char *series = json_object_get_string_member_with_default (info->metadata, "Series", NULL);
      g_assert_true (series == NULL || series[0] == '\0');
    }
}

static void
test_fixture (gconstpointer data)
{
  FixtureCase *fc = (FixtureCase *) data;
  g_autofree char *book = g_utf8_make_valid (member_string (fc->entry, "path"), -1);
  const char *expected_error = member_string (fc->entry, "expected_error");
  const char *format = member_string (fc->entry, "format");
  const char *unit = member_string (fc->entry, "page_unit");
  const char *cover = member_string (fc->entry, "cover");
  const char *metadata_error = member_string (fc->entry, "metadata_error");
  g_autoptr(BinderyBookInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *order;

  info = bindery_book_read_info (fc->path, &error);
  if (expected_error != NULL)
    {
      if (info != NULL)
        g_error ("%s: expected %s, read as a %u-page book", book, expected_error, info->page_count);
      g_assert_error (error, BINDERY_BOOK_ERROR, error->code);
      g_assert_cmpstr (bindery_book_error_kind_to_string (error->code), ==, expected_error);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      return;
    }
  if (info == NULL)
    g_error ("%s: %s", book, error->message);

  /* Format from content. */
  if (g_str_has_prefix (format, "rar"))
    {
      g_assert_cmpint (info->format, ==, BINDERY_BOOK_FORMAT_RAR);
      g_assert_cmpstr (info->container, ==, format);
    }
  else
    g_assert_cmpstr (bindery_book_format_to_string (info->format), ==, format);
  {
    g_autofree char *base = g_path_get_basename (fc->path);
    g_assert_cmpint (info->format_mismatch, ==,
                     bindery_book_format_from_name (base) != info->format);
  }

  /* Pages and their unit. */
  g_assert_cmpint (info->page_count, ==, json_object_get_int_member (fc->entry, "pages"));
  if (g_strcmp0 (unit, "pdf-pages") == 0)
    {
      g_assert_cmpint (info->format, ==, BINDERY_BOOK_FORMAT_PDF);
      g_assert_null (info->pages);
      g_assert_null (info->cover_entry);
      g_assert_cmpint (info->cover_index, ==, 0);
      g_assert_cmpstr (cover, ==, "page 1");
    }
  else
    {
      g_assert_nonnull (info->pages);
      g_assert_cmpuint (info->pages->len, ==, info->page_count);
      g_assert_cmpint (info->format == BINDERY_BOOK_FORMAT_EPUB, ==, g_strcmp0 (unit, "spine-items") == 0);
      g_assert_cmpstr (info->cover_entry, ==, cover);
      if (info->format != BINDERY_BOOK_FORMAT_EPUB)
        g_assert_cmpstr (g_ptr_array_index (info->pages, info->cover_index), ==, cover);
    }

  order = json_object_get_member (fc->entry, "pages_in_order");
  if (order != NULL && JSON_NODE_HOLDS_ARRAY (order))
    {
      JsonArray *pages = json_node_get_array (order);

      g_assert_cmpuint (json_array_get_length (pages), ==, info->pages->len);
      for (guint i = 0; i < info->pages->len; i++)
        g_assert_cmpstr (g_ptr_array_index (info->pages, i), ==, json_array_get_string_element (pages, i));
    }

  if (metadata_error != NULL)
    {
      g_autofree char *prefix = g_strconcat (metadata_error, ": ", NULL);
      g_assert_nonnull (info->metadata_error);
      g_assert_true (g_str_has_prefix (info->metadata_error, prefix));
      g_assert_cmpuint (json_object_get_size (info->metadata), ==, 0);
    }
  else
    g_assert_null (info->metadata_error);

  check_metadata (fc, info, format, book);

  /* The fingerprint from the same open matches the stand-alone one. */
  {
    g_autofree char *fingerprint = bindery_book_fingerprint (fc->path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->fingerprint, ==, fingerprint);
  }
}

static char *
fixture_path (const char *dir,
              JsonObject *entry)
{
  const char *hex = member_string (entry, "path_bytes_hex");
  g_autofree char *relative = NULL;

  if (hex != NULL)
    {
      gsize n = strlen (hex) / 2;
      relative = g_malloc (n + 1);
      for (gsize i = 0; i < n; i++)
        relative[i] = (char) (g_ascii_xdigit_value (hex[2 * i]) * 16 + g_ascii_xdigit_value (hex[2 * i + 1]));
      relative[n] = '\0';
    }
  else
    relative = g_strdup (member_string (entry, "path"));
  return g_build_filename (dir, relative, NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = g_getenv ("BINDERY_FIXTURES");
  g_autofree char *manifest = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (fixture_case_free);
  g_autoptr(GError) error = NULL;
  JsonArray *files;
  guint books = 0;
  int ret;

  g_test_init (&argc, &argv, NULL);
  test_require_folder ("BINDERY_FIXTURES");
  bindery_book_init ();
  bindery_metadata_init ();

  if (dir == NULL)
    g_error ("BINDERY_FIXTURES is not set");
  manifest = g_build_filename (dir, "manifest.json", NULL);
  if (!json_parser_load_from_file (parser, manifest, &error))
    g_error ("%s: %s", manifest, error->message);
  files = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "files");

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *entry = json_array_get_object_element (files, i);
      g_autofree char *name = NULL;
      FixtureCase *fc;

      /* book.opf is a sidecar, not a book (it is read through book.epub). */
      if (g_strcmp0 (member_string (entry, "kind"), "sidecar") == 0)
        continue;

      fc = g_new0 (FixtureCase, 1);
      fc->path = fixture_path (dir, entry);
      fc->entry = json_object_ref (entry);
      g_ptr_array_add (cases, fc);

      name = g_strconcat ("/book/fixtures/", member_string (entry, "path"), NULL);
      g_strdelimit (name + strlen ("/book/fixtures/"), "/ ", '_');
      g_test_add_data_func (name, fc, test_fixture);
      books++;
    }
  g_assert_cmpuint (books, >, 40);

  ret = g_test_run ();
  return ret;
}
