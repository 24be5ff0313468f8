/* test-comicinfo.c: ComicInfo.xml → metadata record, and the XML safety rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bindery-metadata.h"
#include "metadata-test-util.h"

static JsonObject *
parse_ok (const char *xml,
          int        *front_cover,
          GPtrArray  *warnings)
{
  g_autoptr(GError) error = NULL;
  JsonObject *record;

  record = bindery_comicinfo_parse (xml, strlen (xml), front_cover, warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static void
assert_parse_error (const char           *xml,
                    gsize                 len,
                    BinderyMetadataError  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  JsonObject *record;
  int front_cover = 7;

  record = bindery_comicinfo_parse (xml, len, &front_cover, warnings, &error);
  g_assert_null (record);
  g_assert_error (error, BINDERY_METADATA_ERROR, (int) kind);
  g_assert_cmpint (front_cover, ==, -1);
  g_assert_nonnull (strstr (error->message, "ComicInfo.xml"));
}

static gboolean
warnings_mention (GPtrArray  *warnings,
                  const char *field,
                  const char *value)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (warnings->pdata[i], field) != NULL && strstr (warnings->pdata[i], value) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_all_fields (void)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<ComicInfo xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
    "  <Title>  The Signal </Title>\n"
    "  <Series>Ultra Quest</Series>\n"
    "  <Number>12.5</Number>\n"
    "  <Count>24</Count>\n"
    "  <Volume>2</Volume>\n"
    "  <AlternateSeries>Quest Team-Up</AlternateSeries>\n"
    "  <AlternateNumber>3</AlternateNumber>\n"
    "  <AlternateCount>6</AlternateCount>\n"
    "  <StoryArc>Outer Moons</StoryArc>\n"
    "  <SeriesGroup>Quest Universe</SeriesGroup>\n"
    "  <Summary>A summary.</Summary>\n"
    "  <Notes>Tagged by hand</Notes>\n"
    "  <Year>2021</Year>\n"
    "  <Month>3</Month>\n"
    "  <Day>17</Day>\n"
    "  <Writer>Ana Ruiz, Ben Okafor</Writer>\n"
    "  <Penciller>Chen Li</Penciller>\n"
    "  <Inker>Chen Li,Dana Ward</Inker>\n"
    "  <Colorist>Dana Ward</Colorist>\n"
    "  <Letterer>Eli Stone</Letterer>\n"
    "  <CoverArtist>Chen Li</CoverArtist>\n"
    "  <Editor>Fay Moss</Editor>\n"
    "  <Translator>Kim Park</Translator>\n"
    "  <Publisher>Fixture Comics</Publisher>\n"
    "  <Imprint>Fixture Kids</Imprint>\n"
    "  <Genre>Science Fiction, Adventure</Genre>\n"
    "  <Tags>space, moons</Tags>\n"
    "  <Web>https://example.org/ultra-quest/1</Web>\n"
    "  <PageCount>10</PageCount>\n"
    "  <LanguageISO>en</LanguageISO>\n"
    "  <Format>Series</Format>\n"
    "  <BlackAndWhite>No</BlackAndWhite>\n"
    "  <Manga>YesAndRightToLeft</Manga>\n"
    "  <Characters>Ana, Ben</Characters>\n"
    "  <Teams>Quest Team</Teams>\n"
    "  <Locations>Europa, Io</Locations>\n"
    "  <AgeRating>Teen</AgeRating>\n"
    "  <GTIN>9780000000002</GTIN>\n"
    "  <CommunityRating>4.5</CommunityRating>\n"
    "  <UnknownElement>ignored</UnknownElement>\n"
    "</ComicInfo>\n";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) record = parse_ok (xml, NULL, warnings);

  g_assert_cmpuint (warnings->len, ==, 0);
  metadata_assert_string (record, "Title", "The Signal");
  metadata_assert_string (record, "Series", "Ultra Quest");
  metadata_assert_string (record, "Number", "12.5");
  g_assert_cmpfloat (json_object_get_double_member (record, "NumberSort"), ==, 12.5);
  g_assert_cmpint (json_object_get_int_member (record, "Count"), ==, 24);
  g_assert_cmpint (json_object_get_int_member (record, "Volume"), ==, 2);
  metadata_assert_string (record, "AlternateSeries", "Quest Team-Up");
  metadata_assert_string (record, "AlternateNumber", "3");
  g_assert_cmpint (json_object_get_int_member (record, "AlternateCount"), ==, 6);
  metadata_assert_string (record, "StoryArc", "Outer Moons");
  metadata_assert_string (record, "SeriesGroup", "Quest Universe");
  metadata_assert_string (record, "Summary", "A summary.");
  metadata_assert_string (record, "Notes", "Tagged by hand");
  g_assert_cmpint (json_object_get_int_member (record, "Year"), ==, 2021);
  g_assert_cmpint (json_object_get_int_member (record, "Month"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (record, "Day"), ==, 17);
  metadata_assert_list (record, "Writer", "Ana Ruiz", "Ben Okafor", NULL);
  metadata_assert_list (record, "Penciller", "Chen Li", NULL);
  metadata_assert_list (record, "Inker", "Chen Li", "Dana Ward", NULL);
  metadata_assert_list (record, "Colorist", "Dana Ward", NULL);
  metadata_assert_list (record, "Letterer", "Eli Stone", NULL);
  metadata_assert_list (record, "CoverArtist", "Chen Li", NULL);
  metadata_assert_list (record, "Editor", "Fay Moss", NULL);
  metadata_assert_list (record, "Translator", "Kim Park", NULL);
  metadata_assert_string (record, "Publisher", "Fixture Comics");
  metadata_assert_string (record, "Imprint", "Fixture Kids");
  metadata_assert_list (record, "Genre", "Science Fiction", "Adventure", NULL);
  metadata_assert_list (record, "Tags", "space", "moons", NULL);
  metadata_assert_string (record, "Web", "https://example.org/ultra-quest/1");
  g_assert_cmpint (json_object_get_int_member (record, "PageCount"), ==, 10);
  metadata_assert_string (record, "LanguageISO", "en");
  metadata_assert_string (record, "Format", "Series");
  metadata_assert_string (record, "BlackAndWhite", "No");
  metadata_assert_string (record, "Manga", "YesAndRightToLeft");
  metadata_assert_list (record, "Characters", "Ana", "Ben", NULL);
  metadata_assert_list (record, "Teams", "Quest Team", NULL);
  metadata_assert_list (record, "Locations", "Europa", "Io", NULL);
  metadata_assert_string (record, "AgeRating", "Teen");
  metadata_assert_string (record, "GTIN", "9780000000002");
  g_assert_cmpfloat (json_object_get_double_member (record, "CommunityRating"), ==, 4.5);
  g_assert_false (json_object_has_member (record, "UnknownElement"));
  /* 39 fields + NumberSort */
  g_assert_cmpuint (json_object_get_size (record), ==, 40);
}

static void
test_lists_and_empty_values (void)
{
  const char *xml =
    "<ComicInfo>"
    "<Title>   </Title>"
    "<Series></Series>"
    "<Writer> , Ana Ruiz ,, Ben Okafor, Ana Ruiz ,</Writer>"
    "<Genre>,,</Genre>"
    "<Tags>single</Tags>"
    "<Summary>\n  Line one\n  Line two\n</Summary>"
    "<Publisher></Publisher><Publisher>First non-empty</Publisher><Publisher>Later</Publisher>"
    "<publisher>Other case</publisher>"
    "</ComicInfo>";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) record = parse_ok (xml, NULL, warnings);

  g_assert_false (json_object_has_member (record, "Title"));
  g_assert_false (json_object_has_member (record, "Series"));
  g_assert_false (json_object_has_member (record, "Genre"));
  metadata_assert_list (record, "Writer", "Ana Ruiz", "Ben Okafor", NULL);
  metadata_assert_list (record, "Tags", "single", NULL);
  metadata_assert_string (record, "Summary", "Line one\n  Line two");
  metadata_assert_string (record, "Publisher", "First non-empty");
  g_assert_cmpuint (warnings->len, ==, 0);
}

static void
test_escapes (void)
{
  const char *xml =
    "<?xml version=\"1.0\"?>"
    "<ComicInfo>"
    "<Summary>Ana &amp; Ben chase &lt;part one&gt; &#8212; &quot;no spoilers&quot; &apos;ok&apos;"
    "<![CDATA[ <raw & kept>]]></Summary>"
    "<Title>Caf&#xE9;</Title>"
    "</ComicInfo>";
  g_autoptr(JsonObject) record = parse_ok (xml, NULL, NULL);

  metadata_assert_string (record, "Summary",
                          "Ana & Ben chase <part one> \u2014 \"no spoilers\" 'ok' <raw & kept>");
  metadata_assert_string (record, "Title", "Caf\u00e9");
}

static void
test_utf16 (void)
{
  const char *text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><ComicInfo><Series>Saga</Series></ComicInfo>";
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 bom[] = { 0xFF, 0xFE };

  g_byte_array_append (data, bom, 2);
  for (const char *p = text; *p != '\0'; p++)
    {
      guint8 unit[2] = { (guint8) *p, 0 };

      g_byte_array_append (data, unit, 2);
    }
  record = bindery_comicinfo_parse ((const char *) data->data, data->len, NULL, NULL, &error);
  g_assert_no_error (error);
  metadata_assert_string (record, "Series", "Saga");
}

static gboolean
warnings_contain (GPtrArray  *warnings,
                  const char *text)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (warnings->pdata[i], text) != NULL)
      return TRUE;
  return FALSE;
}

/* Declared UTF-8, or not declared, but written in Latin-1 / Windows-1252: read as
 * Windows-1252 with a warning, the record kept. */
static void
test_windows_1252 (void)
{
  const char *declared =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ComicInfo><Title>Caf\xe9 \x93Noir\x94</Title><Series>Sa\xef" "d</Series>"
    "<Writer>Jos\xe9 Mu\xf1oz, Ana</Writer><Summary>\x80 9 \x85 \x81</Summary></ComicInfo>";
  const char *undeclared = "<ComicInfo><Title>Gar\xe7on</Title></ComicInfo>";
  struct { const char *xml; const char *title; } cases[] = {
    { declared, "Caf\xc3\xa9 \xe2\x80\x9cNoir\xe2\x80\x9d" },
    { undeclared, "Gar\xc3\xa7on" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonObject) record = parse_ok (cases[i].xml, NULL, warnings);

      metadata_assert_string (record, "Title", cases[i].title);
      g_assert_cmpuint (warnings->len, ==, 1);
      g_assert_true (warnings_contain (warnings, "ComicInfo.xml is not valid UTF-8"));
      g_assert_true (warnings_contain (warnings, "Windows-1252"));
      if (i == 0)
        {
          metadata_assert_string (record, "Series", "Sa\xc3\xaf" "d");
          metadata_assert_list (record, "Writer", "Jos\xc3\xa9 Mu\xc3\xb1oz", "Ana", NULL);
          /* 0x80 is the euro sign, 0x85 an ellipsis; 0x81 (undefined) its C1 control */
          metadata_assert_string (record, "Summary", "\xe2\x82\xac 9 \xe2\x80\xa6 \xc2\x81");
          g_assert_true (warnings_contain (warnings, "byte 0xE9 at offset 60"));
        }
    }
}

/* Valid UTF-8, and documents that declare their 8-bit encoding, are read as declared, without
 * a warning; what is still malformed after the re-read is malformed-xml. */
static void
test_windows_1252_not_applied (void)
{
  const char *utf8 = "<?xml version=\"1.0\" encoding=\"utf-8\"?><ComicInfo><Title>Caf\xc3\xa9</Title></ComicInfo>";
  const char *latin1 = "<?xml version='1.0' encoding = 'ISO-8859-1'?><ComicInfo><Title>Caf\xe9</Title></ComicInfo>";
  const char *broken = "<?xml version=\"1.0\"?><ComicInfo><Title>Caf\xe9</Titl></ComicInfo>";
  const char nul[] = "<ComicInfo><Title>A\0\xe9</Title></ComicInfo>";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) record = parse_ok (utf8, NULL, warnings);
  g_autoptr(JsonObject) record2 = parse_ok (latin1, NULL, warnings);

  metadata_assert_string (record, "Title", "Caf\xc3\xa9");
  metadata_assert_string (record2, "Title", "Caf\xc3\xa9");
  g_assert_cmpuint (warnings->len, ==, 0);
  assert_parse_error (broken, strlen (broken), BINDERY_METADATA_ERROR_MALFORMED_XML);
  assert_parse_error (nul, sizeof nul - 1, BINDERY_METADATA_ERROR_MALFORMED_XML);
}

static void
test_invalid_values_dropped (void)
{
  const char *xml =
    "<ComicInfo>"
    "<Series>Kept Series</Series>"
    "<Number>Annual</Number>"
    "<Year>20xx</Year>"
    "<Month>13</Month>"
    "<Day>0</Day>"
    "<Count>many</Count>"
    "<Volume>-3</Volume>"
    "<PageCount>-2</PageCount>"
    "<LanguageISO>english</LanguageISO>"
    "<Manga>Maybe</Manga>"
    "<BlackAndWhite>Sometimes</BlackAndWhite>"
    "<CommunityRating>5.5</CommunityRating>"
    "<Writer>Kept Writer</Writer>"
    "</ComicInfo>";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) record = parse_ok (xml, NULL, warnings);
  const char *dropped[][2] = {
    { "Year", "20xx" }, { "Month", "13" }, { "Day", "0" }, { "Count", "many" },
    { "Volume", "-3" }, { "PageCount", "-2" }, { "LanguageISO", "english" },
    { "Manga", "Maybe" }, { "BlackAndWhite", "Sometimes" }, { "CommunityRating", "5.5" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (dropped); i++)
    {
      g_assert_false (json_object_has_member (record, dropped[i][0]));
      g_assert_true (warnings_mention (warnings, dropped[i][0], dropped[i][1]));
    }
  g_assert_cmpuint (warnings->len, ==, G_N_ELEMENTS (dropped));

  metadata_assert_string (record, "Series", "Kept Series");
  metadata_assert_string (record, "Number", "Annual");
  g_assert_false (json_object_has_member (record, "NumberSort"));
  metadata_assert_list (record, "Writer", "Kept Writer", NULL);
  g_assert_cmpuint (json_object_get_size (record), ==, 3);
}

static void
test_valid_edge_values (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) d = NULL;

  a = parse_ok ("<ComicInfo><Year>2024</Year><Month>2</Month><Day>29</Day>"
                "<LanguageISO>en-US</LanguageISO><Manga>yesandrighttoleft</Manga>"
                "<BlackAndWhite>YES</BlackAndWhite><CommunityRating>0</CommunityRating>"
                "<Count>-1</Count><Volume>-1</Volume><PageCount>0</PageCount></ComicInfo>",
                NULL, warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpint (json_object_get_int_member (a, "Day"), ==, 29);
  metadata_assert_string (a, "LanguageISO", "en-US");
  metadata_assert_string (a, "Manga", "YesAndRightToLeft");
  metadata_assert_string (a, "BlackAndWhite", "Yes");
  g_assert_cmpfloat (json_object_get_double_member (a, "CommunityRating"), ==, 0.0);
  /* -1 is the schema's "unset": absent, without a warning */
  g_assert_false (json_object_has_member (a, "Count"));
  g_assert_false (json_object_has_member (a, "Volume"));
  g_assert_cmpint (json_object_get_int_member (a, "PageCount"), ==, 0);

  /* 29 February of a common year does not exist; without a year it may */
  b = parse_ok ("<ComicInfo><Year>2023</Year><Month>2</Month><Day>29</Day>"
                "<LanguageISO>zh-Hant</LanguageISO><CommunityRating>5</CommunityRating></ComicInfo>",
                NULL, warnings);
  g_assert_false (json_object_has_member (b, "Day"));
  g_assert_cmpint (json_object_get_int_member (b, "Month"), ==, 2);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_true (warnings_mention (warnings, "Day", "29"));
  metadata_assert_string (b, "LanguageISO", "zh-Hant");
  g_assert_cmpfloat (json_object_get_double_member (b, "CommunityRating"), ==, 5.0);

  c = parse_ok ("<ComicInfo><Month>2</Month><Day>29</Day><LanguageISO>pt_BR</LanguageISO></ComicInfo>",
                NULL, warnings);
  g_assert_cmpint (json_object_get_int_member (c, "Day"), ==, 29);
  metadata_assert_string (c, "LanguageISO", "pt_BR");

  d = parse_ok ("<ComicInfo><Month>4</Month><Day>31</Day><LanguageISO>e</LanguageISO></ComicInfo>",
                NULL, warnings);
  g_assert_false (json_object_has_member (d, "Day"));
  g_assert_false (json_object_has_member (d, "LanguageISO"));
  g_assert_cmpuint (warnings->len, ==, 3);
}

static void
test_number_keys (void)
{
  const struct {
    const char *number;
    gboolean    numeric;
    double      key;
  } cases[] = {
    { "1", TRUE, 1 }, { "012", TRUE, 12 }, { "12.5", TRUE, 12.5 }, { "-1", TRUE, -1 },
    { "1/2", TRUE, 0.5 }, { "\u00bd", TRUE, 0.5 }, { "Annual", FALSE, 0 }, { "12a", FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<ComicInfo><Number> %s </Number></ComicInfo>",
                                              cases[i].number);
      g_autoptr(JsonObject) record = parse_ok (xml, NULL, NULL);

      metadata_assert_string (record, "Number", cases[i].number);
      g_assert_cmpint (json_object_has_member (record, "NumberSort"), ==, cases[i].numeric);
      if (cases[i].numeric)
        g_assert_cmpfloat (json_object_get_double_member (record, "NumberSort"), ==, cases[i].key);
    }
}

static void
test_front_cover (void)
{
  const struct {
    const char *pages;
    int         expected;
  } cases[] = {
    { "", -1 },
    { "<Pages><Page Image=\"0\" Type=\"Story\"/></Pages>", -1 },
    { "<Pages><Page Image=\"0\" Type=\"InnerCover\"/><Page Image=\"2\" Type=\"FrontCover\"/>"
      "<Page Image=\"3\" Type=\"FrontCover\"/></Pages>", 2 },
    { "<Pages><Page Image=\"4\" Type=\"Story FrontCover\"/></Pages>", 4 },
    { "<Pages><Page Image=\"x\" Type=\"FrontCover\"/><Page Image=\"-1\" Type=\"FrontCover\"/>"
      "<Page Image=\"5\" Type=\"FrontCover\"/></Pages>", 5 },
    { "<Pages><Page Type=\"FrontCover\"/><Page Image=\"1\" Type=\"frontcover\"/></Pages>", 1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<ComicInfo><Series>S</Series>%s</ComicInfo>",
                                              cases[i].pages);
      int front_cover = 99;
      g_autoptr(JsonObject) record = parse_ok (xml, &front_cover, NULL);

      g_assert_cmpint (front_cover, ==, cases[i].expected);
      g_assert_false (json_object_has_member (record, "Pages"));
    }
}

/* The text of a field is all the text inside it, as the document tree has it: nested
 * elements' text joined, CDATA kept, comments, processing instructions and references to
 * entities that are never loaded adding nothing; fields are the root's children only. */
static void
test_element_text (void)
{
  const char *xml =
    "<?xml version=\"1.0\"?>"
    "<!DOCTYPE ComicInfo [<!ENTITY ext SYSTEM \"file:///nonexistent/bindery-entity\">]>"
    "<ComicInfo>loose text"
    "<Title>Part <i>one</i><!-- note --> of<?pi x?> <![CDATA[two]]>&ext;!</Title>"
    "<Notes><Series>Nested, not a field</Series></Notes>"
    "<Series> </Series><Series><b> </b></Series><Series>Outer</Series>"
    "<x:Publisher xmlns:x=\"urn:example\">Prefixed</x:Publisher>"
    "</ComicInfo>";
  g_autoptr(JsonObject) record = parse_ok (xml, NULL, NULL);
  g_autoptr(GList) members = json_object_get_members (record);
  const char *expected[] = { "Title", "Notes", "Series", "Publisher" };
  guint i = 0;

  metadata_assert_string (record, "Title", "Part one of two!");
  metadata_assert_string (record, "Notes", "Nested, not a field");
  metadata_assert_string (record, "Series", "Outer");
  metadata_assert_string (record, "Publisher", "Prefixed");
  /* members in the order of their first non-empty element */
  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, expected[i]);
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected));
}

/* Page attributes are read as the tree reads them: character references and escapes
 * resolved, any namespace prefix, and never an attribute only the DTD supplies. */
static void
test_front_cover_attributes (void)
{
  const struct {
    const char *xml;
    int         expected;
  } cases[] = {
    { "<ComicInfo><Pages><Page Image=\"&#51;\" Type=\"Front&#x43;over\"/></Pages></ComicInfo>", 3 },
    { "<ComicInfo><Pages><Page Image=\"1\" Type=\"FrontCover&amp;\"/>"
      "<Page Image=\"2\" Type=\"&amp; FrontCover\"/></Pages></ComicInfo>", 2 },
    { "<ComicInfo><Pages><Page x:Image=\" 6 \" x:Type=\" FrontCover \" xmlns:x=\"urn:example\"/>"
      "</Pages></ComicInfo>", 6 },
    { "<!DOCTYPE ComicInfo [<!ATTLIST Page Type CDATA \"FrontCover\">]>"
      "<ComicInfo><Pages><Page Image=\"4\"/></Pages></ComicInfo>", -1 },
    { "<ComicInfo><Pages><Page Image=\"1\"/></Pages><Pages><Page Image=\"8\" Type=\"FrontCover\"/>"
      "</Pages></ComicInfo>", 8 },
    { "<ComicInfo><Pages><Page Image=\"9\" Type=\"FrontCover\"/></Pages>"
      "<Pages><Page Image=\"10\" Type=\"FrontCover\"/></Pages></ComicInfo>", 9 },
    { "<ComicInfo><Pages><Group><Page Image=\"2\" Type=\"FrontCover\"/></Group></Pages>"
      "<Page Image=\"3\" Type=\"FrontCover\"/></ComicInfo>", -1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int front_cover = 99;
      g_autoptr(JsonObject) record = parse_ok (cases[i].xml, &front_cover, NULL);

      g_assert_cmpint (front_cover, ==, cases[i].expected);
    }
}

/* Nothing of a document is applied before all of it has parsed: a malformed document
 * gives its error and no warnings about the values read before the fault, and a wrong
 * root is only reported for a document that is otherwise well-formed. */
static void
test_error_after_fields (void)
{
  const char *malformed = "<ComicInfo><Month>13</Month><Pages><Page Image=\"1\" Type=\"FrontCover\"/>"
                          "</Pages><Title>x</Titl></ComicInfo>";
  const char *wrong_root_malformed = "<Other><Title>x</Title></Oth>";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int front_cover = 99;
  JsonObject *record;

  record = bindery_comicinfo_parse (malformed, strlen (malformed), &front_cover, warnings, &error);
  g_assert_null (record);
  g_assert_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_MALFORMED_XML);
  g_assert_cmpint (front_cover, ==, -1);
  g_assert_cmpuint (warnings->len, ==, 0);

  assert_parse_error (wrong_root_malformed, strlen (wrong_root_malformed), BINDERY_METADATA_ERROR_MALFORMED_XML);
}

/* Documents parsed one after another on a thread share nothing: a DTD's defaults, an
 * unsafe or malformed document, a wrong root, a UTF-16 one, leave the next documents read
 * as if each were the first, also past the point where the parser context is renewed. */
static void
test_documents_independent (void)
{
  const char *defaults = "<!DOCTYPE ComicInfo [<!ATTLIST Page Type CDATA \"FrontCover\">"
                         "<!ATTLIST ComicInfo xmlns:x CDATA \"urn:x\">]>"
                         "<ComicInfo><Pages><Page Image=\"2\"/></Pages><Title>d</Title></ComicInfo>";
  const char *plain = "<ComicInfo><Pages><Page Image=\"3\"/><Page Image=\"4\" Type=\"FrontCover\"/></Pages>"
                      "<Title>Plain</Title><Writer>A, B</Writer></ComicInfo>";
  const char *unsafe = "<!DOCTYPE ComicInfo [<!ENTITY e \"x\">]><ComicInfo><Title>&e;</Title></ComicInfo>";
  const char *malformed = "<ComicInfo><Title>open";
  const char *wrong_root = "<Other><Title>x</Title></Other>";

  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) record = NULL;
      int front_cover = 99;

      switch (i % 5)
        {
        case 0:
          record = parse_ok (defaults, &front_cover, NULL);
          g_assert_cmpint (front_cover, ==, -1);
          metadata_assert_string (record, "Title", "d");
          break;
        case 1:
          assert_parse_error (unsafe, strlen (unsafe), BINDERY_METADATA_ERROR_UNSAFE_XML);
          break;
        case 2:
          assert_parse_error (malformed, strlen (malformed), BINDERY_METADATA_ERROR_MALFORMED_XML);
          break;
        case 3:
          assert_parse_error (wrong_root, strlen (wrong_root), BINDERY_METADATA_ERROR_INVALID);
          break;
        default:
          break;
        }
      /* and a plain document after each of them */
      g_clear_pointer (&record, json_object_unref);
      front_cover = 99;
      record = parse_ok (plain, &front_cover, NULL);
      g_assert_cmpint (front_cover, ==, 4);
      metadata_assert_string (record, "Title", "Plain");
      metadata_assert_list (record, "Writer", "A", "B", NULL);
      g_assert_cmpuint (json_object_get_size (record), ==, 2);
    }
}

static void
test_wrong_root (void)
{
  const char *xml = "<?xml version=\"1.0\"?><package><Series>Nope</Series></package>";

  assert_parse_error (xml, strlen (xml), BINDERY_METADATA_ERROR_INVALID);
}

static void
test_malformed (void)
{
  const char *documents[] = {
    "<ComicInfo><Series>Broken Tags</Series><Title>Unclosed <b>title</Title></ComicInfo>",
    "<ComicInfo><Series>No end",
    "not xml at all",
    "<ComicInfo><Series>&undefined;</Series></ComicInfo>",
    "<ComicInfo></ComicInfo><ComicInfo></ComicInfo>",
    "\x89PNG\r\n\x1a\n\x00\x00",
  };
  const char binary[] = { 0x00, 0x01, 0x02, (char) 0xff };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    assert_parse_error (documents[i], strlen (documents[i]), BINDERY_METADATA_ERROR_MALFORMED_XML);
  assert_parse_error (binary, sizeof binary, BINDERY_METADATA_ERROR_MALFORMED_XML);
  assert_parse_error ("", 0, BINDERY_METADATA_ERROR_MALFORMED_XML);
}

static void
test_malformed_message (void)
{
  const char *xml = "<ComicInfo>\n<Title>Unclosed <b>title</Title>\n</ComicInfo>";
  g_autoptr(GError) error = NULL;
  JsonObject *record = bindery_comicinfo_parse (xml, strlen (xml), NULL, NULL, &error);

  g_assert_null (record);
  g_assert_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_MALFORMED_XML);
  /* the reason libxml2 gave, with its line */
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_nonnull (strstr (error->message, "mismatch"));
  g_assert_cmpstr (bindery_metadata_error_kind_to_string (error->code), ==, "malformed-xml");
}

static void
test_unsafe_internal_entities (void)
{
  const char *documents[] = {
    /* a single harmless-looking internal general entity */
    "<?xml version=\"1.0\"?>\n<!DOCTYPE ComicInfo [ <!ENTITY pub \"Fixture Comics\"> ]>\n"
    "<ComicInfo><Publisher>&pub;</Publisher></ComicInfo>",
    /* declared but never used */
    "<!DOCTYPE ComicInfo [ <!ENTITY unused \"x\"> ]><ComicInfo><Series>S</Series></ComicInfo>",
    /* an internal parameter entity */
    "<!DOCTYPE ComicInfo [ <!ENTITY % p \"<!ELEMENT ComicInfo ANY>\"> %p; ]>"
    "<ComicInfo><Series>S</Series></ComicInfo>",
    /* an internal entity after an external one */
    "<!DOCTYPE ComicInfo [ <!ENTITY ext SYSTEM \"file:///etc/hostname\"> <!ENTITY i \"x\"> ]>"
    "<ComicInfo><Series>&ext;</Series></ComicInfo>",
    /* quadratic blow-up: one large entity used many times */
    "<!DOCTYPE ComicInfo [ <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"> ]>"
    "<ComicInfo><Series>&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;</Series></ComicInfo>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      JsonObject *record = bindery_comicinfo_parse (documents[i], strlen (documents[i]),
                                                    NULL, NULL, &error);

      g_assert_null (record);
      g_assert_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_UNSAFE_XML);
      g_assert_cmpstr (bindery_metadata_error_kind_to_string (error->code), ==, "unsafe-xml");
    }
}

static void
test_billion_laughs_inline (void)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE ComicInfo [\n"
                                         "<!ENTITY lol \"lol\">\n");
  g_autoptr(GError) error = NULL;
  JsonObject *record;

  /* ten levels of ten: 10^10 copies if anything expanded it */
  for (int level = 1; level <= 10; level++)
    {
      g_string_append_printf (xml, "<!ENTITY lol%d \"", level);
      for (int i = 0; i < 10; i++)
        g_string_append_printf (xml, level == 1 ? "&lol;" : "&lol%d;", level - 1);
      g_string_append (xml, "\">\n");
    }
  g_string_append (xml, "]>\n<ComicInfo><Series>&lol10;</Series><Number>2</Number></ComicInfo>\n");

  record = bindery_comicinfo_parse (xml->str, xml->len, NULL, NULL, &error);
  g_assert_null (record);
  g_assert_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_UNSAFE_XML);
}

static void
assert_no_file_content (JsonObject *record)
{
  g_autofree char *text = metadata_test_to_string (record);
  g_autofree char *passwd = NULL;

  g_assert_null (strstr (text, "root:"));
  if (g_file_get_contents ("/etc/passwd", &passwd, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (passwd, "\n", -1);

      g_assert_nonnull (strstr (passwd, "root:"));
      for (guint i = 0; lines[i] != NULL; i++)
        if (strlen (lines[i]) > 8)
          g_assert_null (strstr (text, lines[i]));
    }
}

static void
test_external_entities_not_loaded (void)
{
  const char *documents[] = {
    /* external general entity */
    "<?xml version=\"1.0\"?>\n<!DOCTYPE ComicInfo [\n"
    "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
    "<ComicInfo><Series>&xxe;</Series><Number>1</Number><Title>External entity test</Title>"
    "</ComicInfo>",
    /* external parameter entity, referenced in the DTD */
    "<?xml version=\"1.0\"?>\n<!DOCTYPE ComicInfo [\n"
    "  <!ENTITY % ext SYSTEM \"file:///etc/passwd\"> %ext;\n]>\n"
    "<ComicInfo><Number>1</Number><Title>External entity test</Title></ComicInfo>",
    /* external DTD */
    "<?xml version=\"1.0\"?>\n<!DOCTYPE ComicInfo SYSTEM \"file:///etc/passwd\">\n"
    "<ComicInfo><Number>1</Number><Title>External entity test</Title></ComicInfo>",
    /* network entity */
    "<?xml version=\"1.0\"?>\n<!DOCTYPE ComicInfo [\n"
    "  <!ENTITY net SYSTEM \"http://127.0.0.1:9/secret\">\n]>\n"
    "<ComicInfo><Series>&net;</Series><Number>1</Number><Title>External entity test</Title>"
    "</ComicInfo>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(JsonObject) record = parse_ok (documents[i], NULL, NULL);

      metadata_assert_string (record, "Number", "1");
      metadata_assert_string (record, "Title", "External entity test");
      g_assert_false (json_object_has_member (record, "Series"));
      assert_no_file_content (record);
    }
}

static void
parse_bad_documents (void)
{
  const char *documents[] = {
    "<ComicInfo><Series>Broken</Title></ComicInfo>",
    "<!DOCTYPE ComicInfo [ <!ENTITY a \"b\"> ]><ComicInfo/>",
    "<!DOCTYPE ComicInfo [ <!ENTITY x SYSTEM \"file:///nonexistent/x\"> ]>"
    "<ComicInfo><Series>&x;</Series></ComicInfo>",
    "<!DOCTYPE ComicInfo SYSTEM \"file:///nonexistent/comicinfo.dtd\"><ComicInfo/>",
    "<?xml version=\"1.0\" encoding=\"no-such-encoding\"?><ComicInfo/>",
    "<ComicInfo xmlns:a=\"\"><a:b/></ComicInfo>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) record = bindery_comicinfo_parse (documents[i], strlen (documents[i]),
                                                              NULL, NULL, &error);

      g_assert_true ((record == NULL) != (error == NULL));
    }
}

static void
test_nothing_printed (void)
{
  if (g_test_subprocess ())
    {
      parse_bad_documents ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
  g_test_trap_assert_stdout ("");
}

/* ---- fixtures ------------------------------------------------------------------------------ */

static const char * const list_fields[] = {
  "Writer", "Penciller", "Inker", "Colorist", "Letterer", "CoverArtist", "Editor", "Translator",
  "Genre", "Tags", "Characters", "Teams", "Locations", NULL
};
static const char * const int_fields[] = {
  "Count", "AlternateCount", "Volume", "Year", "Month", "Day", "PageCount", NULL
};

static void
assert_matches_manifest (JsonObject *record,
                         JsonObject *entry)
{
  JsonObject *expected = json_object_get_object_member (entry, "metadata");
  JsonObject *lists = json_object_has_member (entry, "metadata_lists")
                        ? json_object_get_object_member (entry, "metadata_lists") : NULL;
  g_autoptr(GList) members = json_object_get_members (expected);
  g_autoptr(GList) got = json_object_get_members (record);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *value = json_object_get_string_member (expected, name);

      if (*value == '\0')
        {
          g_assert_false (json_object_has_member (record, name));
          continue;
        }
      g_assert_true (json_object_has_member (record, name));

      if (g_strv_contains (list_fields, name))
        {
          JsonArray *want = lists != NULL && json_object_has_member (lists, name)
                              ? json_object_get_array_member (lists, name) : NULL;
          JsonArray *have = json_object_get_array_member (record, name);
          g_auto(GStrv) split = want == NULL ? g_strsplit (value, ",", -1) : NULL;
          guint n = want != NULL ? json_array_get_length (want) : g_strv_length (split);

          g_assert_cmpuint (json_array_get_length (have), ==, n);
          for (guint i = 0; i < n; i++)
            {
              g_autofree char *item = g_strstrip (g_strdup (want != NULL
                                                   ? json_array_get_string_element (want, i)
                                                   : split[i]));

              g_assert_cmpstr (json_array_get_string_element (have, i), ==, item);
            }
        }
      else if (g_strv_contains (int_fields, name))
        {
          g_assert_cmpint (json_object_get_int_member (record, name), ==,
                           g_ascii_strtoll (value, NULL, 10));
        }
      else
        {
          metadata_assert_string (record, name, value);
        }
    }

  /* nothing invented: every member comes from the file, NumberSort from Number */
  for (GList *l = got; l != NULL; l = l->next)
    if (strcmp (l->data, "NumberSort") != 0)
      g_assert_true (json_object_has_member (expected, l->data));
}

static int
manifest_front_cover (JsonObject *entry)
{
  JsonArray *pages;

  if (!json_object_has_member (entry, "comicinfo_pages"))
    return -1;
  pages = json_object_get_array_member (entry, "comicinfo_pages");
  for (guint i = 0; i < json_array_get_length (pages); i++)
    {
      JsonObject *page = json_array_get_object_element (pages, i);
      const char *type = json_object_get_string_member_with_default (page, "Type", "");

      if (strcmp (type, "FrontCover") == 0)
        return (int) g_ascii_strtoll (json_object_get_string_member (page, "Image"), NULL, 10);
    }
  return -1;
}

static void
test_fixtures (void)
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
      const char *entry_name = json_object_get_string_member_with_default (entry, "comicinfo_entry", NULL);
      const char *metadata_error = json_object_get_string_member_with_default (entry, "metadata_error", NULL);
      g_autofree char *path = NULL;
      g_autoptr(GBytes) data = NULL;
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) record = NULL;
      int front_cover = 99;
      gsize len;
      const char *xml;

      if (entry_name == NULL)
        continue;
      path = metadata_test_fixture_path (json_object_get_string_member (entry, "path"));
      if (path == NULL)
        return;
      g_test_message ("%s", json_object_get_string_member (entry, "path"));

      data = metadata_test_read_entry (path, entry_name);
      xml = g_bytes_get_data (data, &len);
      record = bindery_comicinfo_parse (xml, len, &front_cover, warnings, &error);

      if (metadata_error != NULL)
        {
          g_assert_null (record);
          g_assert_nonnull (error);
          g_assert_true (error->domain == BINDERY_METADATA_ERROR);
          g_assert_cmpstr (bindery_metadata_error_kind_to_string (error->code), ==, metadata_error);
          g_assert_cmpint (front_cover, ==, -1);
        }
      else
        {
          g_assert_no_error (error);
          assert_matches_manifest (record, entry);
          g_assert_cmpint (front_cover, ==, manifest_front_cover (entry));
          if (json_object_get_boolean_member_with_default (entry, "metadata_series_must_be_empty", FALSE))
            g_assert_cmpstr (json_object_get_string_member_with_default (record, "Series", ""), ==, "");
          if (json_object_has_member (entry, "metadata_must_not_contain"))
            {
              g_autofree char *text = metadata_test_to_string (record);

              g_assert_null (strstr (text, json_object_get_string_member (entry, "metadata_must_not_contain")));
              assert_no_file_content (record);
            }
        }
      checked++;
    }
  g_assert_cmpuint (checked, >=, 10);
}

/* An 8 MiB Summary (of two-byte characters, one byte short so the limit falls inside one) is
 * kept cut to BINDERY_METADATA_TEXT_MAX bytes at a character boundary, with a warning. */
static void
test_text_capped (void)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?><ComicInfo><Title>Big</Title><Summary>x");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) record = NULL;
  const char *summary;
  gsize len;

  for (guint i = 0; i < 4 * 1024 * 1024; i++)   /* 8 MiB: libxml2 refuses text nodes over 10,000,000 bytes */
    g_string_append (xml, "\xc3\xa9");
  g_string_append (xml, "</Summary></ComicInfo>");

  record = parse_ok (xml->str, NULL, warnings);
  g_assert_cmpstr (json_object_get_string_member (record, "Title"), ==, "Big");
  summary = json_object_get_string_member (record, "Summary");
  len = strlen (summary);
  g_assert_cmpuint (len, <=, BINDERY_METADATA_TEXT_MAX);
  g_assert_cmpuint (len, ==, BINDERY_METADATA_TEXT_MAX - 1);   /* "x" + whole "é"s */
  g_assert_true (g_utf8_validate (summary, -1, NULL));
  g_assert_true (g_str_has_prefix (summary, "x\xc3\xa9\xc3\xa9"));
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (warnings->pdata[0], "Summary"));
  g_assert_nonnull (strstr (warnings->pdata[0], "8388609"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  bindery_metadata_init ();

  g_test_add_func ("/metadata/comicinfo/all-fields", test_all_fields);
  g_test_add_func ("/metadata/comicinfo/lists-and-empty-values", test_lists_and_empty_values);
  g_test_add_func ("/metadata/comicinfo/escapes", test_escapes);
  g_test_add_func ("/metadata/comicinfo/utf16", test_utf16);
  g_test_add_func ("/metadata/comicinfo/windows-1252", test_windows_1252);
  g_test_add_func ("/metadata/comicinfo/windows-1252-not-applied", test_windows_1252_not_applied);
  g_test_add_func ("/metadata/comicinfo/invalid-values-dropped", test_invalid_values_dropped);
  g_test_add_func ("/metadata/comicinfo/valid-edge-values", test_valid_edge_values);
  g_test_add_func ("/metadata/comicinfo/number-keys", test_number_keys);
  g_test_add_func ("/metadata/comicinfo/front-cover", test_front_cover);
  g_test_add_func ("/metadata/comicinfo/element-text", test_element_text);
  g_test_add_func ("/metadata/comicinfo/front-cover-attributes", test_front_cover_attributes);
  g_test_add_func ("/metadata/comicinfo/error-after-fields", test_error_after_fields);
  g_test_add_func ("/metadata/comicinfo/documents-independent", test_documents_independent);
  g_test_add_func ("/metadata/comicinfo/wrong-root", test_wrong_root);
  g_test_add_func ("/metadata/comicinfo/malformed", test_malformed);
  g_test_add_func ("/metadata/comicinfo/malformed-message", test_malformed_message);
  g_test_add_func ("/metadata/xml/unsafe-internal-entities", test_unsafe_internal_entities);
  g_test_add_func ("/metadata/xml/billion-laughs", test_billion_laughs_inline);
  g_test_add_func ("/metadata/xml/external-entities-not-loaded", test_external_entities_not_loaded);
  g_test_add_func ("/metadata/xml/nothing-printed", test_nothing_printed);
  g_test_add_func ("/metadata/comicinfo/fixtures", test_fixtures);
  g_test_add_func ("/metadata/comicinfo/text-capped", test_text_capped);

  return g_test_run ();
}
