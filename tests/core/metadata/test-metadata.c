/* test-metadata.c: number sort keys, merge and fill, PDF Info, parsing from several threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bindery-metadata.h"
#include "bindery-metadata-private.h"
#include "metadata-test-util.h"

static void
test_number_sort_key (void)
{
  const struct {
    const char *number;
    gboolean    numeric;
    double      key;
  } cases[] = {
    { "12", TRUE, 12 }, { "012", TRUE, 12 }, { " 7 ", TRUE, 7 }, { "0", TRUE, 0 },
    { "12.5", TRUE, 12.5 }, { ".5", TRUE, 0.5 }, { "-1", TRUE, -1 }, { "+3", TRUE, 3 },
    { "-0.5", TRUE, -0.5 }, { "1/2", TRUE, 0.5 }, { "3/4", TRUE, 0.75 }, { "-1/2", TRUE, -0.5 },
    { "3 1/2", TRUE, 3.5 }, { "\u00bd", TRUE, 0.5 }, { "1\u00bd", TRUE, 1.5 },
    { "1 \u00bc", TRUE, 1.25 }, { "\u00be", TRUE, 0.75 },
    { "Annual", FALSE, 0 }, { "", FALSE, 0 }, { "   ", FALSE, 0 }, { "12a", FALSE, 0 },
    { "1e3", FALSE, 0 }, { "0x10", FALSE, 0 }, { "1/0", FALSE, 0 }, { "1.2.3", FALSE, 0 },
    { "1,5", FALSE, 0 }, { "inf", FALSE, 0 }, { "nan", FALSE, 0 }, { "12.", FALSE, 0 },
    { "-", FALSE, 0 }, { "1/2/3", FALSE, 0 }, { "3 5/4", FALSE, 0 }, { "#12", FALSE, 0 },
    { "1.5/2", FALSE, 0 },
  };
  double key;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean numeric;

      key = -999;
      numeric = bindery_number_sort_key (cases[i].number, &key);
      g_test_message ("'%s'", cases[i].number);
      g_assert_cmpint (numeric, ==, cases[i].numeric);
      if (numeric)
        g_assert_cmpfloat_with_epsilon (key, cases[i].key, 1e-12);
    }
  g_assert_false (bindery_number_sort_key (NULL, &key));
  g_assert_true (bindery_number_sort_key ("4", NULL));
}

static JsonObject *
record_from_json (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
assert_record (JsonObject *record,
               const char *expected_json)
{
  g_autoptr(JsonObject) expected = record_from_json (expected_json);
  g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), record);
  g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), expected);

  if (!json_node_equal (a, b))
    {
      g_autofree char *got = metadata_test_to_string (record);

      g_error ("record %s, expected %s", got, expected_json);
    }
}

static void
test_merge (void)
{
  g_autoptr(JsonObject) embedded = record_from_json (
    "{\"Title\": \"Embedded\", \"Writer\": [\"Lewis Carroll\"], \"Number\": \"2\", \"NumberSort\": 2.0,"
    " \"Date\": \"2008-06-27\", \"Year\": 2008, \"Month\": 6, \"Day\": 27, \"LanguageISO\": \"en\"}");
  g_autoptr(JsonObject) sidecar = record_from_json (
    "{\"Title\": \"Sidecar\", \"Number\": \"Annual\", \"Date\": \"2010\", \"Year\": 2010,"
    " \"Genre\": [\"Fantasy\"]}");

  bindery_metadata_merge (embedded, sidecar);
  /* the sidecar wins field by field; what it lacks keeps the embedded value; values derived from
   * a field it brings (NumberSort from Number, Month/Day from Date) go with that field */
  assert_record (embedded,
                 "{\"Title\": \"Sidecar\", \"Writer\": [\"Lewis Carroll\"], \"Number\": \"Annual\","
                 " \"Date\": \"2010\", \"Year\": 2010, \"LanguageISO\": \"en\", \"Genre\": [\"Fantasy\"]}");

  /* deep copies: changing the source afterwards changes nothing */
  json_array_add_string_element (json_object_get_array_member (sidecar, "Genre"), "Horror");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (embedded, "Genre")), ==, 1);

  /* merging nothing, or a record into itself, changes nothing */
  bindery_metadata_merge (embedded, NULL);
  bindery_metadata_merge (embedded, embedded);
  g_assert_cmpuint (json_object_get_size (embedded), ==, 7);
}

static void
test_fill (void)
{
  g_autoptr(JsonObject) comicinfo = record_from_json (
    "{\"Series\": \"Ultra Quest\", \"Number\": \"Annual\", \"Year\": 2021}");
  g_autoptr(JsonObject) from_name = record_from_json (
    "{\"Series\": \"Ultra Quest Annual\", \"Number\": \"1\", \"NumberSort\": 1.0, \"Year\": 2020,"
    " \"Volume\": 3}");
  g_autoptr(JsonObject) empty = json_object_new ();

  bindery_metadata_fill (comicinfo, from_name);
  /* only missing members come from the fallback, and never a sort key for a Number it did not
   * provide */
  assert_record (comicinfo,
                 "{\"Series\": \"Ultra Quest\", \"Number\": \"Annual\", \"Year\": 2021, \"Volume\": 3}");

  bindery_metadata_fill (empty, from_name);
  assert_record (empty, "{\"Series\": \"Ultra Quest Annual\", \"Number\": \"1\", \"NumberSort\": 1.0,"
                        " \"Year\": 2020, \"Volume\": 3}");
  bindery_metadata_fill (empty, NULL);
}

static void
test_pdf_authors (void)
{
  const struct {
    const char *author;
    const char *writers[4];
  } cases[] = {
    { "Rosa Marin", { "Rosa Marin" } },
    { "Ana Ruiz, Ben Okafor", { "Ana Ruiz", "Ben Okafor" } },
    { "Carroll, Lewis", { "Carroll, Lewis" } },
    { "Ana Ruiz; Carroll, Lewis", { "Ana Ruiz", "Carroll, Lewis" } },
    { "Ana Ruiz & Ben Okafor", { "Ana Ruiz", "Ben Okafor" } },
    { " ; ", { NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) record = json_object_new ();

      bindery_pdf_set_authors (record, cases[i].author);
      metadata_assert_list (record, "Writer", cases[i].writers[0], cases[i].writers[1],
                            cases[i].writers[2], NULL);
    }
}

static int
month_from_name (const char *name)
{
  const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                           "Nov", "Dec" };

  for (int i = 0; i < 12; i++)
    if (strcmp (months[i], name) == 0)
      return i + 1;
  return 0;
}

static void
test_pdf_fixtures (void)
{
  g_autoptr(JsonParser) manifest = metadata_test_load_manifest ();
  JsonArray *files;
  guint checked = 0;

  if (manifest == NULL)
    return;
  files = metadata_test_manifest_files (manifest);

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *entry = json_array_get_object_element (files, i);
      JsonObject *expected;
      g_autofree char *path = NULL;
      g_autofree char *uri = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GObject) document = NULL;
      g_autoptr(JsonObject) record = NULL;
      const char *value;

      if (g_strcmp0 (json_object_get_string_member (entry, "format"), "pdf") != 0 ||
          json_object_get_string_member_with_default (entry, "expected_error", NULL) != NULL)
        continue;
      path = metadata_test_fixture_path (json_object_get_string_member (entry, "path"));
      if (path == NULL)
        return;
      g_test_message ("%s", path);

      uri = g_filename_to_uri (path, NULL, &error);
      g_assert_no_error (error);
      document = G_OBJECT (poppler_document_new_from_file (uri, NULL, &error));
      g_assert_no_error (error);
      record = bindery_pdf_metadata (POPPLER_DOCUMENT (document));
      expected = json_object_get_object_member (entry, "metadata");

      metadata_assert_string (record, "Title",
                              json_object_get_string_member_with_default (expected, "Title", NULL));
      metadata_assert_string (record, "Summary",
                              json_object_get_string_member_with_default (expected, "Subject", NULL));
      metadata_assert_string (record, "Keywords",
                              json_object_get_string_member_with_default (expected, "Keywords", NULL));
      value = json_object_get_string_member_with_default (expected, "Author", NULL);
      if (value != NULL)
        metadata_assert_list (record, "Writer", value, NULL);
      else
        g_assert_false (json_object_has_member (record, "Writer"));

      value = json_object_get_string_member_with_default (expected, "Keywords", NULL);
      if (value != NULL)
        {
          g_auto(GStrv) tags = g_strsplit (value, ",", -1);
          JsonArray *have = json_object_get_array_member (record, "Tags");

          g_assert_cmpuint (json_array_get_length (have), ==, g_strv_length (tags));
          for (guint j = 0; tags[j] != NULL; j++)
            g_assert_cmpstr (json_array_get_string_element (have, j), ==, g_strstrip (tags[j]));
        }

      /* "Fri Jan  1 00:00:00 2021 UTC" */
      value = json_object_get_string_member_with_default (expected, "CreationDate", NULL);
      if (value != NULL)
        {
          char weekday[4], month[4];
          int day, hour, minute, second, year;
          g_autofree char *iso_prefix = NULL;

          g_assert_cmpint (sscanf (value, "%3s %3s %d %d:%d:%d %d", weekday, month, &day, &hour,
                                   &minute, &second, &year), ==, 7);
          g_assert_cmpint (json_object_get_int_member (record, "Year"), ==, year);
          g_assert_cmpint (json_object_get_int_member (record, "Month"), ==, month_from_name (month));
          g_assert_cmpint (json_object_get_int_member (record, "Day"), ==, day);
          iso_prefix = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", year, month_from_name (month),
                                        day, hour, minute, second);
          g_assert_true (g_str_has_prefix (json_object_get_string_member (record, "CreationDate"),
                                           iso_prefix));
        }
      else
        {
          g_assert_false (json_object_has_member (record, "CreationDate"));
        }
      checked++;
    }
  g_assert_cmpuint (checked, >=, 3);
}

/* ---- threads ------------------------------------------------------------------------------- */

typedef struct {
  GPtrArray *documents;   /* GBytes */
  GPtrArray *expected;    /* char* */
  gint       mismatches;
  gint       parses;
} ThreadData;

#define N_THREADS 4
#define ROUNDS 20

static char *
describe (GBytes *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *text = NULL;
  gsize len;
  const char *xml = g_bytes_get_data (data, &len);
  int front_cover = -1;

  if (g_strstr_len (xml, len, "<package") != NULL)
    {
      g_autoptr(BinderyOpf) opf = bindery_opf_parse (xml, len, "OEBPS/content.opf", warnings, &error);

      if (opf != NULL)
        {
          text = metadata_test_to_string (opf->metadata);
          return g_strdup_printf ("%s spine=%u cover=%s warnings=%u", text, opf->spine->len,
                                  opf->cover_href, warnings->len);
        }
    }
  else
    {
      record = bindery_comicinfo_parse (xml, len, &front_cover, warnings, &error);
      if (record != NULL)
        {
          text = metadata_test_to_string (record);
          return g_strdup_printf ("%s cover=%d warnings=%u", text, front_cover, warnings->len);
        }
    }
  return g_strdup_printf ("error %s: %s", bindery_metadata_error_kind_to_string (error->code),
                          error->message);
}

static gpointer
parse_all (gpointer user_data)
{
  ThreadData *data = user_data;

  for (int round = 0; round < ROUNDS; round++)
    for (guint i = 0; i < data->documents->len; i++)
      {
        g_autofree char *got = describe (data->documents->pdata[i]);

        if (g_strcmp0 (got, data->expected->pdata[i]) != 0)
          g_atomic_int_inc (&data->mismatches);
        g_atomic_int_inc (&data->parses);
      }
  return NULL;
}

static void
test_threads (void)
{
  const char *inline_documents[] = {
    "<ComicInfo><Series>Broken</Title></ComicInfo>",
    "<!DOCTYPE ComicInfo [ <!ENTITY a \"b\"> ]><ComicInfo/>",
    "<!DOCTYPE ComicInfo [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>"
    "<ComicInfo><Series>&x;</Series><Number>1/2</Number><Year>20xx</Year></ComicInfo>",
  };
  const char *archives[][2] = {
    { "comics/Ultra Quest 001 (2021).cbr", "ComicInfo.xml" },
    { "comics/Moonlit Garden v01.cbr", "ComicInfo.xml" },
    { "comics/book-image-format-test.zip", "book/ComicInfo.xml" },
    { "broken/comicinfo-billion-laughs.cbz", "ComicInfo.xml" },
    { "broken/comicinfo-xxe.cbz", "ComicInfo.xml" },
    { "broken/comicinfo-malformed.cbz", "ComicInfo.xml" },
    { "ebooks/The Glass Orchard.epub", "OEBPS/content.opf" },
    { "ebooks/book.epub", "OEBPS/content.opf" },
  };
  ThreadData data = { NULL, NULL, 0, 0 };
  GThread *threads[N_THREADS];

  data.documents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  data.expected = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; i < G_N_ELEMENTS (inline_documents); i++)
    g_ptr_array_add (data.documents, g_bytes_new_static (inline_documents[i], strlen (inline_documents[i])));
  for (gsize i = 0; i < G_N_ELEMENTS (archives); i++)
    {
      g_autofree char *path = metadata_test_fixture_path (archives[i][0]);

      if (path == NULL)
        goto out;
      g_ptr_array_add (data.documents, metadata_test_read_entry (path, archives[i][1]));
    }

  /* results from one thread first */
  for (guint i = 0; i < data.documents->len; i++)
    g_ptr_array_add (data.expected, describe (data.documents->pdata[i]));
  g_assert_true (g_str_has_prefix (data.expected->pdata[1], "error unsafe-xml"));
  g_assert_true (g_str_has_prefix (data.expected->pdata[6], "error unsafe-xml"));

  for (int t = 0; t < N_THREADS; t++)
    threads[t] = g_thread_new ("metadata-parse", parse_all, &data);
  for (int t = 0; t < N_THREADS; t++)
    g_thread_join (threads[t]);

  g_assert_cmpint (data.parses, ==, N_THREADS * ROUNDS * (int) data.documents->len);
  g_assert_cmpint (data.mismatches, ==, 0);

out:
  g_ptr_array_unref (data.documents);
  g_ptr_array_unref (data.expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  bindery_metadata_init ();

  g_test_add_func ("/metadata/number-sort-key", test_number_sort_key);
  g_test_add_func ("/metadata/merge", test_merge);
  g_test_add_func ("/metadata/fill", test_fill);
  g_test_add_func ("/metadata/pdf/authors", test_pdf_authors);
  g_test_add_func ("/metadata/pdf/fixtures", test_pdf_fixtures);
  g_test_add_func ("/metadata/threads", test_threads);

  return g_test_run ();
}
