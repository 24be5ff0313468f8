/* bindery-comicinfo.c: ComicInfo.xml (schema v2.0, plus the v2.1 fields) → metadata record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Element names are matched ASCII case-insensitively; the first non-empty occurrence of a field
 * wins and unknown elements are ignored. Values are trimmed and empty ones are absent.
 *   - Text fields are kept as they are (XML escapes decoded by libxml2).
 *   - List fields (creators, Genre, Tags, Characters, Teams, Locations) are split on commas,
 *     items trimmed, empty and repeated items dropped.
 *   - Number is text and always kept; NumberSort is derived when it is a number
 *     (bindery_number_sort_key()).
 *   - Integers: Count, AlternateCount, Volume, PageCount ≥ 0; Year 1000–9999; Month 1–12;
 *     Day 1–31 and valid for Month (and Year when known). "-1", the schema's "unset", is
 *     absent without a warning.
 *   - CommunityRating: a decimal number from 0 to 5.
 *   - Manga (Unknown|No|Yes|YesAndRightToLeft) and BlackAndWhite (Unknown|No|Yes) are matched
 *     case-insensitively and stored in the schema's spelling.
 *   - LanguageISO must look like an ISO 639 code, optionally with BCP 47 subtags.
 * Any other value of a typed field is dropped with a warning naming the field and the value;
 * the rest of the record is kept. <Pages><Page Image="N" Type="FrontCover"/> gives the front
 * cover: the first Page whose space-separated Type list holds FrontCover and whose Image is a
 * non-negative integer. A root element other than <ComicInfo> is BINDERY_METADATA_ERROR_INVALID.
 * A document declared UTF-8 (or undeclared) whose bytes are not UTF-8 is read as Windows-1252
 * with a warning (bindery_xml_recode_windows_1252()); malformed-xml is what is still malformed.
 */
#define G_LOG_DOMAIN "bindery-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "bindery-metadata.h"
#include "bindery-metadata-private.h"
#include "bindery-xml-private.h"

typedef enum {
  FIELD_TEXT,
  FIELD_LIST,
  FIELD_NUMBER,
  FIELD_INT,
  FIELD_RATING,
  FIELD_MANGA,
  FIELD_BLACK_AND_WHITE,
  FIELD_LANGUAGE,
} FieldKind;

typedef struct {
  const char *name;
  FieldKind   kind;
  gint64      min;
  gint64      max;
} Field;

#define ANY_COUNT 0, G_MAXINT32

static const Field fields[] = {
  { "Title", FIELD_TEXT },
  { "Series", FIELD_TEXT },
  { "Number", FIELD_NUMBER },
  { "Count", FIELD_INT, ANY_COUNT },
  { "Volume", FIELD_INT, ANY_COUNT },
  { "AlternateSeries", FIELD_TEXT },
  { "AlternateNumber", FIELD_TEXT },
  { "AlternateCount", FIELD_INT, ANY_COUNT },
  { "StoryArc", FIELD_TEXT },
  { "StoryArcNumber", FIELD_TEXT },
  { "SeriesGroup", FIELD_TEXT },
  { "Summary", FIELD_TEXT },
  { "Notes", FIELD_TEXT },
  { "Review", FIELD_TEXT },
  { "Year", FIELD_INT, BINDERY_YEAR_MIN, BINDERY_YEAR_MAX },
  { "Month", FIELD_INT, 1, 12 },
  { "Day", FIELD_INT, 1, 31 },
  { "Writer", FIELD_LIST },
  { "Penciller", FIELD_LIST },
  { "Inker", FIELD_LIST },
  { "Colorist", FIELD_LIST },
  { "Letterer", FIELD_LIST },
  { "CoverArtist", FIELD_LIST },
  { "Editor", FIELD_LIST },
  { "Translator", FIELD_LIST },
  { "Publisher", FIELD_TEXT },
  { "Imprint", FIELD_TEXT },
  { "Genre", FIELD_LIST },
  { "Tags", FIELD_LIST },
  { "Web", FIELD_TEXT },
  { "PageCount", FIELD_INT, ANY_COUNT },
  { "LanguageISO", FIELD_LANGUAGE },
  { "Format", FIELD_TEXT },
  { "BlackAndWhite", FIELD_BLACK_AND_WHITE },
  { "Manga", FIELD_MANGA },
  { "Characters", FIELD_LIST },
  { "Teams", FIELD_LIST },
  { "Locations", FIELD_LIST },
  { "MainCharacterOrTeam", FIELD_TEXT },
  { "ScanInformation", FIELD_TEXT },
  { "AgeRating", FIELD_TEXT },
  { "GTIN", FIELD_TEXT },
  { "CommunityRating", FIELD_RATING },
};

static const char * const manga_values[] = { "Unknown", "No", "Yes", "YesAndRightToLeft", NULL };
static const char * const black_and_white_values[] = { "Unknown", "No", "Yes", NULL };

static const Field *
find_field (const char *name)
{
  char first = g_ascii_tolower (name[0]);

  /* the first letter rules out most fields without a string comparison */
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_ascii_tolower (fields[i].name[0]) == first && g_ascii_strcasecmp (fields[i].name, name) == 0)
      return &fields[i];
  return NULL;
}

static const char *
find_choice (const char * const *choices,
             const char         *value)
{
  for (guint i = 0; choices[i] != NULL; i++)
    if (g_ascii_strcasecmp (choices[i], value) == 0)
      return choices[i];
  return NULL;
}

static void
drop (GPtrArray   *warnings,
      const Field *field,
      const char  *value)
{
  bindery_metadata_warn (warnings, _("ComicInfo %s: invalid value '%s' dropped"), field->name, value);
}

static void
set_field (JsonObject  *record,
           const Field *field,
           const char  *value,
           GPtrArray   *warnings)
{
  switch (field->kind)
    {
    case FIELD_TEXT:
      bindery_metadata_set_string_full (record, field->name, value, warnings);
      break;

    case FIELD_LIST:
      bindery_metadata_set_list (record, field->name, value, ",");
      break;

    case FIELD_NUMBER:
      bindery_metadata_set_number (record, value);
      break;

    case FIELD_INT:
      {
        gint64 number;

        if (g_strcmp0 (value, "-1") == 0)
          break;
        if (bindery_metadata_parse_int (value, field->min, field->max, &number))
          json_object_set_int_member (record, field->name, number);
        else
          drop (warnings, field, value);
      }
      break;

    case FIELD_RATING:
      {
        char *end = NULL;
        double rating = g_ascii_strtod (value, &end);

        if (end != value && end != NULL && *end == '\0' && isfinite (rating) &&
            rating >= 0.0 && rating <= 5.0 && !g_ascii_isspace (*value))
          json_object_set_double_member (record, field->name, rating);
        else
          drop (warnings, field, value);
      }
      break;

    case FIELD_MANGA:
    case FIELD_BLACK_AND_WHITE:
      {
        const char *choice = find_choice (field->kind == FIELD_MANGA ? manga_values
                                                                     : black_and_white_values,
                                          value);
        if (choice != NULL)
          json_object_set_string_member (record, field->name, choice);
        else
          drop (warnings, field, value);
      }
      break;

    case FIELD_LANGUAGE:
      if (bindery_metadata_language_valid (value))
        json_object_set_string_member (record, field->name, value);
      else
        drop (warnings, field, value);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* --- reading the document's events ------------------------------------------------ */

typedef struct {
  const Field *field;
  char        *value;
} FieldValue;

/* What the parse gathers, applied only once the whole document has parsed. Depth 1 is the
 * root; the fields are its children (depth 2) and their text is all the text inside them. */
typedef struct {
  guint        depth;
  char        *root_name;       /* the root's local name */
  gboolean     root_ok;         /* the root is <ComicInfo> */
  const Field *field;           /* the depth-2 field whose text is being gathered, or NULL */
  GString     *text;
  guint64      seen;            /* fields (by index) that have a value */
  GArray      *values;          /* FieldValue, in document order */
  gboolean     want_cover;
  gboolean     in_pages;        /* inside a depth-2 <Pages> */
  int          front_cover;
} ComicInfoParse;

G_STATIC_ASSERT (G_N_ELEMENTS (fields) <= 64);

static void
field_value_clear (gpointer data)
{
  g_free (((FieldValue *) data)->value);
}

static char *
attribute (const BinderyXmlAttribute *attributes,
           guint                      n_attributes,
           const char                *local_name)
{
  for (guint i = 0; i < n_attributes; i++)
    if (g_ascii_strcasecmp ((const char *) attributes[i].local_name, local_name) == 0)
      return bindery_xml_attribute_text (&attributes[i]);
  return NULL;
}

/* <Page Image="N" Type="… FrontCover …"/> in <Pages>: the first such page with a valid Image
 * is the front cover. */
static void
check_page (ComicInfoParse            *parse,
            const BinderyXmlAttribute *attributes,
            guint                      n_attributes)
{
  g_autofree char *type = attribute (attributes, n_attributes, "Type");
  g_autofree char *image = NULL;
  gint64 index;

  if (!bindery_xml_has_token (type, "FrontCover"))
    return;
  image = attribute (attributes, n_attributes, "Image");
  if (bindery_metadata_parse_int (image, 0, G_MAXINT32, &index))
    parse->front_cover = (int) index;
}

static void
on_start_element (gpointer                   user_data,
                  const char                *name,
                  const BinderyXmlAttribute *attributes,
                  guint                      n_attributes)
{
  ComicInfoParse *parse = user_data;
  const Field *field;

  parse->depth++;
  if (parse->depth == 1)
    {
      parse->root_name = g_strdup (name);
      parse->root_ok = g_ascii_strcasecmp (name, "ComicInfo") == 0;
      return;
    }
  if (!parse->root_ok)
    return;

  if (parse->depth == 2)
    {
      if (g_ascii_strcasecmp (name, "Pages") == 0)
        {
          parse->in_pages = parse->want_cover && parse->front_cover < 0;
          return;
        }
      field = find_field (name);
      if (field != NULL && (parse->seen & (G_GUINT64_CONSTANT (1) << (field - fields))) == 0)
        {
          parse->field = field;
          g_string_truncate (parse->text, 0);
        }
    }
  else if (parse->depth == 3 && parse->in_pages && parse->front_cover < 0 &&
           g_ascii_strcasecmp (name, "Page") == 0)
    check_page (parse, attributes, n_attributes);
}

static void
on_end_element (gpointer user_data)
{
  ComicInfoParse *parse = user_data;

  if (parse->depth == 2 && parse->field != NULL)
    {
      g_strstrip (parse->text->str);
      if (parse->text->str[0] != '\0')
        {
          FieldValue value = { parse->field, g_strdup (parse->text->str) };

          parse->seen |= G_GUINT64_CONSTANT (1) << (parse->field - fields);
          g_array_append_val (parse->values, value);
        }
      parse->field = NULL;
    }
  if (parse->depth == 2)
    parse->in_pages = FALSE;
  parse->depth--;
}

static void
on_text (gpointer    user_data,
         const char *text,
         gsize       len)
{
  ComicInfoParse *parse = user_data;

  if (parse->field != NULL)
    g_string_append_len (parse->text, text, (gssize) len);
}

static const BinderyXmlEvents comicinfo_events = {
  on_start_element,
  on_end_element,
  on_text,
};

/* Day must exist in Month (of Year when known, else of a leap year). */
static void
check_day (JsonObject *record,
           GPtrArray  *warnings)
{
  gint64 day, month, year;

  if (!json_object_has_member (record, "Day") || !json_object_has_member (record, "Month"))
    return;

  day = json_object_get_int_member (record, "Day");
  month = json_object_get_int_member (record, "Month");
  year = json_object_get_int_member_with_default (record, "Year", 2000);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      bindery_metadata_warn (warnings,
                             "ComicInfo Day: invalid value '%" G_GINT64_FORMAT
                             "' for month %" G_GINT64_FORMAT " dropped", day, month);
      json_object_remove_member (record, "Day");
    }
}

JsonObject *
bindery_comicinfo_parse (const char  *data,
                         gsize        len,
                         int         *front_cover,
                         GPtrArray   *warnings,
                         GError     **error)
{
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *recoded = NULL;
  gsize recoded_len = 0, bad_offset = 0;
  ComicInfoParse parse = { 0 };
  gboolean parsed;

  if (front_cover != NULL)
    *front_cover = -1;

  parse.text = g_string_new (NULL);
  parse.values = g_array_new (FALSE, FALSE, sizeof (FieldValue));
  g_array_set_clear_func (parse.values, field_value_clear);
  parse.want_cover = front_cover != NULL;
  parse.front_cover = -1;

  /* Declared UTF-8 (or nothing) but holding 8-bit text from another encoding: taggers on
   * Windows write Latin-1 / Windows-1252 bytes under a UTF-8 declaration. Such a document
   * is read as Windows-1252 with a warning; only what is still malformed then is an error. */
  recoded = bindery_xml_recode_windows_1252 (data, len, &recoded_len, &bad_offset);
  if (recoded != NULL)
    {
      parsed = bindery_xml_parse_events (recoded, recoded_len, "ComicInfo.xml", &comicinfo_events, &parse, error);
      if (parsed)
        bindery_metadata_warn (warnings,
                               _("ComicInfo.xml is not valid UTF-8 (byte 0x%02X at offset %zu); "
                                 "read as Windows-1252"),
                               (guchar) data[bad_offset], bad_offset);
    }
  else
    parsed = bindery_xml_parse_events (data, len, "ComicInfo.xml", &comicinfo_events, &parse, error);

  if (parsed && !parse.root_ok)
    g_set_error (error, BINDERY_METADATA_ERROR, BINDERY_METADATA_ERROR_INVALID,
                 _("ComicInfo.xml: the root element is <%s>, not <ComicInfo>"), parse.root_name);
  else if (parsed)
    {
      record = json_object_new ();
      for (guint i = 0; i < parse.values->len; i++)
        {
          const FieldValue *value = &g_array_index (parse.values, FieldValue, i);

          set_field (record, value->field, value->value, warnings);
        }
      check_day (record, warnings);
      if (front_cover != NULL)
        *front_cover = parse.front_cover;
    }

  g_string_free (parse.text, TRUE);
  g_array_unref (parse.values);
  g_free (parse.root_name);
  return g_steal_pointer (&record);
}
