/* test-opf.c: EPUB container.xml and OPF (EPUB 2 and 3) → metadata record, spine and cover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bindery-metadata.h"
#include "bindery-opf-private.h"
#include "metadata-test-util.h"

#define OPF_HEAD(version) \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"" version "\" unique-identifier=\"id\">\n" \
  "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">\n"

static BinderyOpf *
parse_ok (const char *xml,
          const char *opf_path,
          GPtrArray  *warnings)
{
  g_autoptr(GError) error = NULL;
  BinderyOpf *opf = bindery_opf_parse (xml, strlen (xml), opf_path, warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (opf);
  g_assert_nonnull (opf->metadata);
  g_assert_nonnull (opf->spine);
  return opf;
}

static void
assert_spine (BinderyOpf *opf,
              ...)
{
  const char *href;
  guint i = 0;
  va_list args;

  va_start (args, opf);
  while ((href = va_arg (args, const char *)) != NULL)
    {
      g_assert_cmpuint (i, <, opf->spine->len);
      g_assert_cmpstr (opf->spine->pdata[i], ==, href);
      i++;
    }
  va_end (args);
  g_assert_cmpuint (opf->spine->len, ==, i);
}

static void
test_epub2 (void)
{
  const char *xml =
    OPF_HEAD ("2.0")
    "  <dc:title>The Glass Orchard</dc:title>\n"
    "  <dc:title>A second title</dc:title>\n"
    "  <dc:creator opf:role=\"aut\" opf:file-as=\"Vale, Iris\">Iris Vale</dc:creator>\n"
    "  <dc:creator>Tomas Quill</dc:creator>\n"
    "  <dc:creator opf:role=\"ill\">Ada Brush</dc:creator>\n"
    "  <dc:contributor opf:role=\"trl\">Kim Park</dc:contributor>\n"
    "  <dc:contributor opf:role=\"edt\">Fay Moss</dc:contributor>\n"
    "  <dc:contributor opf:role=\"bkp\">calibre (6.13.0)</dc:contributor>\n"
    "  <dc:language>en</dc:language>\n"
    "  <dc:publisher>Fixture Press</dc:publisher>\n"
    "  <dc:date opf:event=\"modification\">2021-01-01</dc:date>\n"
    "  <dc:date opf:event=\"publication\">2020-05-04</dc:date>\n"
    "  <dc:description>Glass trees, &amp; a missing gardener.</dc:description>\n"
    "  <dc:subject>Fantasy</dc:subject>\n"
    "  <dc:subject> Mystery </dc:subject>\n"
    "  <dc:identifier id=\"id\" opf:scheme=\"uuid\">c0ffee00-0000-4000-8000-000000000002</dc:identifier>\n"
    "  <dc:identifier opf:scheme=\"ISBN\">978-0-00-000000-2</dc:identifier>\n"
    "  <meta name=\"calibre:series\" content=\"Orchard Cycle\"/>\n"
    "  <meta name=\"calibre:series_index\" content=\"2.0\"/>\n"
    "  <meta name=\"cover\" content=\"cover-art\"/>\n"
    "</metadata>\n"
    "<manifest>\n"
    "  <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
    "  <item id=\"art-first\" href=\"images/art-1.jpg\" media-type=\"image/jpeg\"/>\n"
    "  <item id=\"cover-art\" href=\"images/art-2.jpg\" media-type=\"image/jpeg\"/>\n"
    "  <item id=\"title\" href=\"text/title.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
    "  <item id=\"ch1\" href=\"text/chapter%201.xhtml#start\" media-type=\"application/xhtml+xml\"/>\n"
    "  <item id=\"ch2\" href=\"./text/../text/chapter-2.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
    "</manifest>\n"
    "<spine toc=\"ncx\">\n"
    "  <itemref idref=\"title\"/>\n"
    "  <itemref idref=\"ch1\"/>\n"
    "  <itemref idref=\"missing\"/>\n"
    "  <itemref idref=\"ch2\" linear=\"no\"/>\n"
    "</spine>\n"
    "</package>\n";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BinderyOpf) opf = parse_ok (xml, "OEBPS/content.opf", warnings);
  JsonObject *md = opf->metadata;
  JsonArray *creators;

  metadata_assert_string (md, "Title", "The Glass Orchard");
  metadata_assert_list (md, "Writer", "Iris Vale", "Tomas Quill", NULL);
  metadata_assert_list (md, "Penciller", "Ada Brush", NULL);
  metadata_assert_list (md, "Translator", "Kim Park", NULL);
  metadata_assert_list (md, "Editor", "Fay Moss", NULL);
  creators = json_object_get_array_member (md, "Creators");
  g_assert_cmpuint (json_array_get_length (creators), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (creators, 0), "name"), ==, "Iris Vale");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (creators, 0), "role"), ==, "aut");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (creators, 1), "name"), ==, "Tomas Quill");
  g_assert_false (json_object_has_member (json_array_get_object_element (creators, 1), "role"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (creators, 3), "role"), ==, "trl");

  metadata_assert_string (md, "LanguageISO", "en");
  metadata_assert_string (md, "Publisher", "Fixture Press");
  metadata_assert_string (md, "Date", "2020-05-04");
  g_assert_cmpint (json_object_get_int_member (md, "Year"), ==, 2020);
  g_assert_cmpint (json_object_get_int_member (md, "Month"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (md, "Day"), ==, 4);
  metadata_assert_string (md, "Summary", "Glass trees, & a missing gardener.");
  metadata_assert_list (md, "Genre", "Fantasy", "Mystery", NULL);
  metadata_assert_list (md, "Identifier", "c0ffee00-0000-4000-8000-000000000002",
                        "978-0-00-000000-2", NULL);
  metadata_assert_string (md, "ISBN", "9780000000002");
  metadata_assert_string (md, "Series", "Orchard Cycle");
  metadata_assert_string (md, "Number", "2");
  g_assert_cmpfloat (json_object_get_double_member (md, "NumberSort"), ==, 2.0);

  assert_spine (opf, "OEBPS/text/title.xhtml", "OEBPS/text/chapter 1.xhtml",
                "OEBPS/text/chapter-2.xhtml", NULL);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (warnings->pdata[0], "missing"));
  /* meta name="cover" names the second image, not the first one */
  g_assert_cmpstr (opf->cover_href, ==, "OEBPS/images/art-2.jpg");
}

static void
test_epub3 (void)
{
  const char *xml =
    OPF_HEAD ("3.0")
    "  <dc:title id=\"t1\">Collection Title</dc:title>\n"
    "  <meta refines=\"#t1\" property=\"title-type\">collection</meta>\n"
    "  <dc:title id=\"t2\">Main Title</dc:title>\n"
    "  <meta refines=\"#t2\" property=\"title-type\">main</meta>\n"
    "  <dc:creator id=\"c1\">Lewis Carroll</dc:creator>\n"
    "  <meta refines=\"#c1\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n"
    "  <meta refines=\"#c1\" property=\"file-as\">Carroll, Lewis</meta>\n"
    "  <dc:creator id=\"c2\">John Tenniel</dc:creator>\n"
    "  <meta refines=\"#c2\" property=\"role\" scheme=\"marc:relators\">ill</meta>\n"
    "  <dc:identifier id=\"id\">urn:isbn:0-306-40615-2</dc:identifier>\n"
    "  <dc:identifier id=\"i2\">9780306406157</dc:identifier>\n"
    "  <dc:language>en-GB</dc:language>\n"
    "  <dc:date>2008-06-27T10:00:00Z</dc:date>\n"
    "  <dc:description>&lt;p&gt;First &lt;b&gt;bold&lt;/b&gt; line.&lt;/p&gt;&lt;p&gt;Second&amp;nbsp;line &amp;amp; more.&lt;/p&gt;</dc:description>\n"
    "  <meta property=\"belongs-to-collection\" id=\"set1\">Wonderland Box</meta>\n"
    "  <meta refines=\"#set1\" property=\"collection-type\">set</meta>\n"
    "  <meta property=\"belongs-to-collection\" id=\"ser1\">Alice</meta>\n"
    "  <meta refines=\"#ser1\" property=\"collection-type\">series</meta>\n"
    "  <meta refines=\"#ser1\" property=\"group-position\">1.5</meta>\n"
    "  <meta property=\"dcterms:modified\">2023-04-01T07:32:49Z</meta>\n"
    "</metadata>\n"
    "<manifest>\n"
    "  <item id=\"cov\" href=\"../Images/cover.jpg\" media-type=\"image/jpeg\" properties=\"cover-image svg\"/>\n"
    "  <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
    "  <item id=\"a\" href=\"../../../../escape.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
    "  <item id=\"b\" href=\"http://example.org/remote.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
    "  <item id=\"c\" href=\"caf%C3%A9.xhtml?x=1\" media-type=\"application/xhtml+xml\"/>\n"
    "</manifest>\n"
    "<spine><itemref idref=\"nav\"/><itemref idref=\"a\"/><itemref idref=\"b\"/><itemref idref=\"c\"/></spine>\n"
    "</package>\n";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BinderyOpf) opf = parse_ok (xml, "OPS/Text/package.opf", warnings);
  JsonObject *md = opf->metadata;
  JsonArray *creators;

  metadata_assert_string (md, "Title", "Main Title");
  metadata_assert_list (md, "Writer", "Lewis Carroll", NULL);
  metadata_assert_list (md, "Penciller", "John Tenniel", NULL);
  creators = json_object_get_array_member (md, "Creators");
  g_assert_cmpuint (json_array_get_length (creators), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (creators, 1), "role"), ==, "ill");
  metadata_assert_string (md, "ISBN", "0306406152");
  metadata_assert_list (md, "Identifier", "urn:isbn:0-306-40615-2", "9780306406157", NULL);
  metadata_assert_string (md, "LanguageISO", "en-GB");
  metadata_assert_string (md, "Date", "2008-06-27T10:00:00Z");
  g_assert_cmpint (json_object_get_int_member (md, "Year"), ==, 2008);
  g_assert_cmpint (json_object_get_int_member (md, "Day"), ==, 27);
  metadata_assert_string (md, "Summary", "First bold line.\nSecond line & more.");
  metadata_assert_string (md, "Series", "Alice");
  metadata_assert_string (md, "Number", "1.5");
  g_assert_cmpfloat (json_object_get_double_member (md, "NumberSort"), ==, 1.5);

  /* '..' collapses but never above the root; remote items are not entries */
  assert_spine (opf, "OPS/Text/nav.xhtml", "escape.xhtml", "OPS/Text/caf\u00e9.xhtml", NULL);
  g_assert_cmpstr (opf->cover_href, ==, "OPS/Images/cover.jpg");
  g_assert_cmpuint (warnings->len, ==, 1);
}

static void
test_identifiers (void)
{
  const struct {
    const char *identifier;
    const char *isbn;
  } cases[] = {
    { "<dc:identifier>9780000000002</dc:identifier>", "9780000000002" },
    { "<dc:identifier>978-0-306-40615-7</dc:identifier>", "9780306406157" },
    { "<dc:identifier>080442957X</dc:identifier>", "080442957X" },
    { "<dc:identifier>9780000000003</dc:identifier>", NULL },       /* bad check digit */
    { "<dc:identifier>urn:uuid:00000000-0000-4000-8000-000000000001</dc:identifier>", NULL },
    { "<dc:identifier>1234567890123</dc:identifier>", NULL },
    { "<dc:identifier opf:scheme=\"isbn\">9780000000003</dc:identifier>", "9780000000003" },
    { "<dc:identifier id=\"x\">9791234567890</dc:identifier>"
      "<meta refines=\"#x\" property=\"identifier-type\" scheme=\"onix:codelist5\">15</meta>", "9791234567890" },
    { "<dc:identifier>URN:ISBN:978-0-00-000000-2</dc:identifier>", "9780000000002" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf (OPF_HEAD ("3.0") "%s</metadata></package>",
                                              cases[i].identifier);
      g_autoptr(BinderyOpf) opf = parse_ok (xml, "", NULL);

      metadata_assert_string (opf->metadata, "ISBN", cases[i].isbn);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (opf->metadata, "Identifier")), ==, 1);
    }
}

static void
test_series_index (void)
{
  const struct {
    const char *index;
    const char *number;
    gboolean    numeric;
    double      key;
  } cases[] = {
    { "2", "2", TRUE, 2 }, { "2.0", "2", TRUE, 2 }, { "2.50", "2.5", TRUE, 2.5 },
    { "0", "0", TRUE, 0 }, { "Special", "Special", FALSE, 0 }, { "", NULL, FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf (OPF_HEAD ("2.0")
                                              "<meta name=\"calibre:series\" content=\"S\"/>"
                                              "<meta name=\"calibre:series_index\" content=\"%s\"/>"
                                              "</metadata></package>", cases[i].index);
      g_autoptr(BinderyOpf) opf = parse_ok (xml, "", NULL);

      metadata_assert_string (opf->metadata, "Series", "S");
      metadata_assert_string (opf->metadata, "Number", cases[i].number);
      g_assert_cmpint (json_object_has_member (opf->metadata, "NumberSort"), ==, cases[i].numeric);
      if (cases[i].numeric)
        g_assert_cmpfloat (json_object_get_double_member (opf->metadata, "NumberSort"), ==, cases[i].key);
    }
}

static void
test_invalid_values (void)
{
  const char *xml =
    OPF_HEAD ("2.0")
    "<dc:title>T</dc:title>"
    "<dc:language>English</dc:language><dc:language>fr</dc:language>"
    "<dc:date>0101-01-01T00:00:00+00:00</dc:date>"
    "</metadata></package>";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BinderyOpf) opf = parse_ok (xml, "", warnings);

  metadata_assert_string (opf->metadata, "Title", "T");
  metadata_assert_string (opf->metadata, "LanguageISO", "fr");
  g_assert_false (json_object_has_member (opf->metadata, "Date"));
  g_assert_false (json_object_has_member (opf->metadata, "Year"));
  g_assert_cmpuint (warnings->len, ==, 2);
}

static void
test_errors (void)
{
  const struct {
    const char           *xml;
    const char           *opf_path;
    BinderyMetadataError  kind;
  } cases[] = {
    { "<?xml version=\"1.0\"?><container><rootfiles/></container>", "OEBPS/content.opf",
      BINDERY_METADATA_ERROR_INVALID },
    { "<package><metadata/><manifest/></package>", "OEBPS/content.opf",
      BINDERY_METADATA_ERROR_INVALID },
    { "<package><metadata/><spine/></package>", "OEBPS/content.opf",
      BINDERY_METADATA_ERROR_INVALID },
    { "<package><metadata>", "OEBPS/content.opf", BINDERY_METADATA_ERROR_MALFORMED_XML },
    { "<!DOCTYPE package [<!ENTITY t \"x\">]><package><metadata/></package>", "",
      BINDERY_METADATA_ERROR_UNSAFE_XML },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BinderyOpf) opf = bindery_opf_parse (cases[i].xml, strlen (cases[i].xml),
                                                     cases[i].opf_path, NULL, &error);

      g_assert_null (opf);
      g_assert_error (error, BINDERY_METADATA_ERROR, (int) cases[i].kind);
    }
}

static void
test_sidecar_without_manifest (void)
{
  const char *xml =
    OPF_HEAD ("3.0")
    "<dc:title>Sidecar Title</dc:title>"
    "<meta property=\"role\" refines=\"#author_0\" scheme=\"marc:relators\">aut</meta>"
    "</metadata></package>";
  g_autoptr(BinderyOpf) opf = parse_ok (xml, "", NULL);

  metadata_assert_string (opf->metadata, "Title", "Sidecar Title");
  g_assert_false (json_object_has_member (opf->metadata, "Writer"));
  g_assert_false (json_object_has_member (opf->metadata, "Creators"));
  g_assert_cmpuint (opf->spine->len, ==, 0);
  g_assert_null (opf->cover_href);
}

static void
test_container (void)
{
  const char *good =
    "<?xml version=\"1.0\"?>\n"
    "<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\" version=\"1.0\">\n"
    "<rootfiles>\n"
    "<rootfile full-path=\"\" media-type=\"application/oebps-package+xml\"/>\n"
    "<rootfile full-path=\"OPS/book.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "<rootfile full-path=\"OPS/other.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "</rootfiles></container>";
  const char *missing = "<container><rootfiles/></container>";
  const char *wrong = "<package/>";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = bindery_epub_container_rootfile (good, strlen (good), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, "OPS/book.opf");

  g_assert_null (bindery_epub_container_rootfile (missing, strlen (missing), &error));
  g_assert_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (bindery_epub_container_rootfile (wrong, strlen (wrong), &error));
  g_assert_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (bindery_epub_container_rootfile ("<container>", 11, &error));
  g_assert_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_MALFORMED_XML);
}

static void
test_resolve_href (void)
{
  const char *cases[][3] = {
    { "OEBPS/content.opf", "text/a.xhtml", "OEBPS/text/a.xhtml" },
    { "content.opf", "a.xhtml", "a.xhtml" },
    { "", "a%20b.xhtml#frag", "a b.xhtml" },
    { "OEBPS/content.opf", "../../../x.jpg", "x.jpg" },
    { "OEBPS/content.opf", "/abs/x.jpg", "abs/x.jpg" },
    { "OEBPS/content.opf", "./x/./y/../z.jpg", "OEBPS/x/z.jpg" },
    { "OEBPS/content.opf", "bad%zzescape.jpg", "OEBPS/bad%zzescape.jpg" },
    { "OEBPS/content.opf", "https://example.org/x.jpg", NULL },
    { "OEBPS/content.opf", "..", NULL },
    { "OEBPS/content.opf", "", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *resolved = bindery_epub_resolve_href (cases[i][0], cases[i][1]);

      g_assert_cmpstr (resolved, ==, cases[i][2]);
    }
}

static void
test_html_to_text (void)
{
  const char *cases[][2] = {
    /* no markup: kept exactly */
    { "Fish & Chips", "Fish & Chips" },
    { "Ana chases <part one> and x < y", "Ana chases <part one> and x < y" },
    { "Line one\n  Line two", "Line one\n  Line two" },
    /* markup: tags removed, blocks become lines, references decoded */
    { "<p>One</p><p>Two</p>", "One\nTwo" },
    { "<div><p class=\"x\">A <b>bold</b>\n  <i>move</i>.</p></div>", "A bold move." },
    { "First<br/>Second<br>Third", "First\nSecond\nThird" },
    { "<p>Fish &amp; Chips &#8212; &#x263A; &nbsp;&bogus; &amp</p>",
      "Fish & Chips \u2014 \u263a &bogus; &amp" },
    { "<P>Upper</P>", "Upper" },
    { "<p>unterminated <b", "unterminated <b" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bindery_html_to_text (cases[i][0]);

      g_assert_cmpstr (text, ==, cases[i][1]);
    }
  g_assert_null (bindery_html_to_text (NULL));
}

/* ---- fixtures ------------------------------------------------------------------------------ */

static const struct {
  const char *manifest_key;
  const char *field;
  gboolean    list;
} opf_keys[] = {
  { "title", "Title", FALSE }, { "creator", "Writer", TRUE }, { "language", "LanguageISO", FALSE },
  { "date", "Date", FALSE }, { "publisher", "Publisher", FALSE },
  { "description", "Summary", FALSE }, { "subject", "Genre", TRUE },
  { "identifier", "Identifier", TRUE }, { "calibre:series", "Series", FALSE },
  { "calibre:series_index", "Number", FALSE },
};

static void
assert_matches_manifest (JsonObject *record,
                         JsonObject *expected)
{
  for (gsize i = 0; i < G_N_ELEMENTS (opf_keys); i++)
    {
      if (!json_object_has_member (expected, opf_keys[i].manifest_key))
        {
          g_assert_false (json_object_has_member (record, opf_keys[i].field));
          continue;
        }
      if (opf_keys[i].list)
        {
          JsonArray *want = json_object_get_array_member (expected, opf_keys[i].manifest_key);
          JsonArray *have = json_object_get_array_member (record, opf_keys[i].field);

          g_assert_nonnull (have);
          g_assert_cmpuint (json_array_get_length (have), ==, json_array_get_length (want));
          for (guint j = 0; j < json_array_get_length (want); j++)
            g_assert_cmpstr (json_array_get_string_element (have, j), ==,
                             json_array_get_string_element (want, j));
        }
      else
        {
          metadata_assert_string (record, opf_keys[i].field,
                                  json_object_get_string_member (expected, opf_keys[i].manifest_key));
        }
    }
}

static GBytes *
read_file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
test_fixtures (void)
{
  g_autoptr(JsonParser) manifest = metadata_test_load_manifest ();
  JsonArray *files;
  guint epubs = 0, sidecars = 0;

  if (manifest == NULL)
    return;
  files = metadata_test_manifest_files (manifest);

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *entry = json_array_get_object_element (files, i);
      const char *relative = json_object_get_string_member (entry, "path");
      const char *kind = json_object_get_string_member_with_default (entry, "kind", "");
      const char *opf_path = json_object_get_string_member_with_default (entry, "opf_path", NULL);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (kind, "sidecar") == 0)
        {
          g_autoptr(GBytes) data = NULL;
          g_autoptr(BinderyOpf) opf = NULL;

          path = metadata_test_fixture_path (relative);
          if (path == NULL)
            return;
          data = read_file_bytes (path);
          opf = bindery_opf_parse (g_bytes_get_data (data, NULL), g_bytes_get_size (data), "",
                                   NULL, &error);
          g_assert_no_error (error);
          assert_matches_manifest (opf->metadata, json_object_get_object_member (entry, "metadata"));
          g_assert_cmpuint (opf->spine->len, ==, 0);
          sidecars++;
        }
      else if (opf_path != NULL && json_object_get_string_member_with_default (entry, "expected_error", NULL) == NULL)
        {
          g_autoptr(GBytes) container = NULL;
          g_autoptr(GBytes) data = NULL;
          g_autoptr(BinderyOpf) opf = NULL;
          g_autofree char *rootfile = NULL;
          g_autofree char *sidecar_path = NULL;
          JsonNode *cover = json_object_get_member (entry, "cover");

          path = metadata_test_fixture_path (relative);
          if (path == NULL)
            return;
          g_test_message ("%s", relative);

          container = metadata_test_read_entry (path, "META-INF/container.xml");
          rootfile = bindery_epub_container_rootfile (g_bytes_get_data (container, NULL),
                                                      g_bytes_get_size (container), &error);
          g_assert_no_error (error);
          g_assert_cmpstr (rootfile, ==, opf_path);

          data = metadata_test_read_entry (path, rootfile);
          opf = bindery_opf_parse (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                   rootfile, NULL, &error);
          g_assert_no_error (error);

          /* a same-named .opf beside the book overrides field by field */
          if (g_str_has_suffix (path, ".epub"))
            {
              g_autofree char *stem = g_strndup (path, strlen (path) - strlen (".epub"));

              sidecar_path = g_strconcat (stem, ".opf", NULL);
            }
          if (sidecar_path != NULL && g_file_test (sidecar_path, G_FILE_TEST_EXISTS))
            {
              g_autoptr(GBytes) sidecar_data = read_file_bytes (sidecar_path);
              g_autoptr(BinderyOpf) sidecar = NULL;

              sidecar = bindery_opf_parse (g_bytes_get_data (sidecar_data, NULL),
                                           g_bytes_get_size (sidecar_data), "", NULL, &error);
              g_assert_no_error (error);
              bindery_metadata_merge (opf->metadata, sidecar->metadata);
            }

          assert_matches_manifest (opf->metadata, json_object_get_object_member (entry, "metadata"));
          g_assert_cmpuint (opf->spine->len, ==, json_object_get_int_member (entry, "pages"));
          if (JSON_NODE_HOLDS_NULL (cover))
            g_assert_null (opf->cover_href);
          else
            g_assert_cmpstr (opf->cover_href, ==, json_node_get_string (cover));
          epubs++;
        }
    }
  g_assert_cmpuint (epubs, >=, 3);
  g_assert_cmpuint (sidecars, >=, 1);
}

static void
test_missing_opf_fixture (void)
{
  g_autofree char *path = metadata_test_fixture_path ("broken/epub-missing-opf.epub");
  g_autoptr(GBytes) container = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rootfile = NULL;

  if (path == NULL)
    return;
  /* its container.xml is fine: it is the OPF it names that is missing */
  container = metadata_test_read_entry (path, "META-INF/container.xml");
  rootfile = bindery_epub_container_rootfile (g_bytes_get_data (container, NULL),
                                              g_bytes_get_size (container), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rootfile, ==, "OEBPS/content.opf");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  bindery_metadata_init ();

  g_test_add_func ("/metadata/opf/epub2", test_epub2);
  g_test_add_func ("/metadata/opf/epub3", test_epub3);
  g_test_add_func ("/metadata/opf/identifiers", test_identifiers);
  g_test_add_func ("/metadata/opf/series-index", test_series_index);
  g_test_add_func ("/metadata/opf/invalid-values", test_invalid_values);
  g_test_add_func ("/metadata/opf/errors", test_errors);
  g_test_add_func ("/metadata/opf/sidecar-without-manifest", test_sidecar_without_manifest);
  g_test_add_func ("/metadata/opf/container", test_container);
  g_test_add_func ("/metadata/opf/resolve-href", test_resolve_href);
  g_test_add_func ("/metadata/opf/html-to-text", test_html_to_text);
  g_test_add_func ("/metadata/opf/fixtures", test_fixtures);
  g_test_add_func ("/metadata/opf/missing-opf-fixture", test_missing_opf_fixture);

  return g_test_run ();
}
