/* bindery-metadata.c: the metadata record: errors, number sort keys, merge and fill, setters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>
#include <libxml/parser.h>

#include "bindery-metadata.h"
#include "bindery-metadata-private.h"

G_DEFINE_QUARK (bindery-metadata-error-quark, bindery_metadata_error)

const char *
bindery_metadata_error_kind_to_string (BinderyMetadataError kind)
{
  switch (kind)
    {
    case BINDERY_METADATA_ERROR_MALFORMED_XML:
      return "malformed-xml";
    case BINDERY_METADATA_ERROR_UNSAFE_XML:
      return "unsafe-xml";
    case BINDERY_METADATA_ERROR_INVALID:
      return "invalid";
    default:
      return "invalid";
    }
}

void
bindery_metadata_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }
}

/* ---- Number sort key ------------------------------------------------------------------- */

static const struct {
  gunichar c;
  double   value;
} vulgar_fractions[] = {
  { 0x00BC, 1.0 / 4 }, { 0x00BD, 1.0 / 2 }, { 0x00BE, 3.0 / 4 },
  { 0x2150, 1.0 / 7 }, { 0x2151, 1.0 / 9 }, { 0x2152, 1.0 / 10 },
  { 0x2153, 1.0 / 3 }, { 0x2154, 2.0 / 3 }, { 0x2155, 1.0 / 5 },
  { 0x2156, 2.0 / 5 }, { 0x2157, 3.0 / 5 }, { 0x2158, 4.0 / 5 },
  { 0x2159, 1.0 / 6 }, { 0x215A, 5.0 / 6 }, { 0x215B, 1.0 / 8 },
  { 0x215C, 3.0 / 8 }, { 0x215D, 5.0 / 8 }, { 0x215E, 7.0 / 8 },
};

/* Reads a run of ASCII digits, optionally followed by '.' and more digits (or '.' digits alone)
 * when allow_decimal; advances *p. */
static gboolean
read_decimal (const char **p,
              gboolean     allow_decimal,
              double      *out)
{
  const char *start = *p;
  const char *q = start;
  g_autofree char *copy = NULL;
  gboolean digits = FALSE;

  while (g_ascii_isdigit (*q))
    {
      q++;
      digits = TRUE;
    }
  if (allow_decimal && *q == '.' && g_ascii_isdigit (q[1]))
    {
      q++;
      while (g_ascii_isdigit (*q))
        q++;
      digits = TRUE;
    }
  if (!digits)
    return FALSE;

  copy = g_strndup (start, q - start);
  *out = g_ascii_strtod (copy, NULL);
  *p = q;
  return isfinite (*out);
}

static gboolean
read_vulgar_fraction (const char **p,
                      double      *out)
{
  gunichar c;

  if (!g_utf8_validate (*p, -1, NULL))
    return FALSE;
  c = g_utf8_get_char (*p);
  for (gsize i = 0; i < G_N_ELEMENTS (vulgar_fractions); i++)
    if (vulgar_fractions[i].c == c)
      {
        *out = vulgar_fractions[i].value;
        *p = g_utf8_next_char (*p);
        return TRUE;
      }
  return FALSE;
}

/* Accepted, after trimming, with an optional leading '+' or '-':
 *   "12" "012" "12.5" ".5"      decimal numbers (no exponent, no thousands separators)
 *   "1/2" "3 1/2"               fractions (denominator not 0), optionally after a whole number
 *   "½" "1½" "1 ½"              Unicode vulgar fractions, optionally after a whole number
 * Anything else ("Annual", "12a", "1e3", "") is not a number. */
gboolean
bindery_number_sort_key (const char *number,
                         double     *out)
{
  g_autofree char *text = bindery_metadata_strip (number);
  const char *p;
  double sign = 1.0;
  double whole = 0.0;
  double value;
  gboolean have_whole = FALSE;

  if (text == NULL)
    return FALSE;

  p = text;
  if (*p == '+' || *p == '-')
    {
      sign = *p == '-' ? -1.0 : 1.0;
      p++;
    }

  if (read_vulgar_fraction (&p, &value))
    goto done;

  if (!read_decimal (&p, TRUE, &whole))
    return FALSE;
  have_whole = TRUE;
  value = whole;

  if (*p == '\0')
    goto done;

  if (*p == '/' && strchr (text, '.') == NULL)
    {
      /* "1/2": whole was the numerator */
      double denominator;

      p++;
      if (!read_decimal (&p, FALSE, &denominator) || denominator == 0.0)
        return FALSE;
      value = whole / denominator;
      goto done;
    }

  if (strchr (text, '.') != NULL)
    return FALSE;

  /* "1½", "1 ½", "3 1/2" */
  if (*p == ' ')
    p++;
  if (read_vulgar_fraction (&p, &value))
    {
      value += whole;
      goto done;
    }
  if (have_whole && g_ascii_isdigit (*p))
    {
      double numerator, denominator;

      if (!read_decimal (&p, FALSE, &numerator) || *p != '/')
        return FALSE;
      p++;
      if (!read_decimal (&p, FALSE, &denominator) || denominator == 0.0 ||
          numerator >= denominator)
        return FALSE;
      value = whole + numerator / denominator;
      goto done;
    }
  return FALSE;

done:
  if (*p != '\0' || !isfinite (value))
    return FALSE;
  if (out != NULL)
    *out = sign * value;
  return TRUE;
}

/* ---- Merge and fill -------------------------------------------------------------------- */

/* json_node_copy() shares arrays and objects; records must not share anything. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *out = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (out, deep_copy (json_array_get_element (array, i)));
        copy = json_node_alloc ();
        json_node_take_array (json_node_init (copy, JSON_NODE_ARRAY), out);
        return copy;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObject *out = json_object_new ();
        g_autoptr(GList) members = json_object_get_members (object);

        for (GList *l = members; l != NULL; l = l->next)
          json_object_set_member (out, l->data, deep_copy (json_object_get_member (object, l->data)));
        copy = json_node_alloc ();
        json_node_take_object (json_node_init (copy, JSON_NODE_OBJECT), out);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* Members derived from another member travel with it: a record that brings its own source
 * replaces the other record's derived members, and a record that has the source never takes
 * derived members from elsewhere. */
static const struct {
  const char *source;
  const char *derived[4];
} derived_members[] = {
  { "Number", { "NumberSort", NULL } },
  { "Date", { "Year", "Month", "Day" } },
  { "CreationDate", { "Year", "Month", "Day" } },
};

static gboolean
is_derived_from_present (JsonObject *record,
                         const char *member)
{
  for (gsize i = 0; i < G_N_ELEMENTS (derived_members); i++)
    {
      if (!json_object_has_member (record, derived_members[i].source))
        continue;
      for (gsize j = 0; j < G_N_ELEMENTS (derived_members[i].derived); j++)
        if (g_strcmp0 (derived_members[i].derived[j], member) == 0)
          return TRUE;
    }
  return FALSE;
}

void
bindery_metadata_merge (JsonObject *into,
                        JsonObject *from)
{
  g_autoptr(GList) members = NULL;

  g_return_if_fail (into != NULL);
  if (from == NULL || from == into)
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (derived_members); i++)
    {
      if (!json_object_has_member (from, derived_members[i].source))
        continue;
      for (gsize j = 0; j < G_N_ELEMENTS (derived_members[i].derived); j++)
        if (derived_members[i].derived[j] != NULL &&
            json_object_has_member (into, derived_members[i].derived[j]))
          json_object_remove_member (into, derived_members[i].derived[j]);
    }

  members = json_object_get_members (from);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      json_object_set_member (into, name, deep_copy (json_object_get_member (from, name)));
    }
}

void
bindery_metadata_fill (JsonObject *into,
                       JsonObject *fallback)
{
  g_autoptr(GList) members = NULL;

  g_return_if_fail (into != NULL);
  if (fallback == NULL || fallback == into)
    return;

  /* decide on into as it was, before anything is copied */
  members = json_object_get_members (fallback);
  for (GList *l = members; l != NULL; l = l->next)
    if (json_object_has_member (into, l->data) || is_derived_from_present (into, l->data))
      l->data = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    if (l->data != NULL)
      json_object_set_member (into, l->data, deep_copy (json_object_get_member (fallback, l->data)));
}

/* ---- Setters --------------------------------------------------------------------------- */

void
bindery_metadata_warn (GPtrArray  *warnings,
                       const char *format,
                       ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("%s", message);
  if (warnings != NULL)
    g_ptr_array_add (warnings, message);
  else
    g_free (message);
}

char *
bindery_metadata_strip (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

gboolean
bindery_metadata_set_string_full (JsonObject *record,
                                  const char *field,
                                  const char *text,
                                  GPtrArray  *warnings)
{
  g_autofree char *value = bindery_metadata_strip (text);
  gsize len;

  if (value == NULL)
    return FALSE;
  len = strlen (value);
  if (len > BINDERY_METADATA_TEXT_MAX)
    {
      /* back to the start of the character the limit falls in */
      const char *cut = g_utf8_find_prev_char (value, value + BINDERY_METADATA_TEXT_MAX + 1);

      value[cut != NULL ? cut - value : BINDERY_METADATA_TEXT_MAX] = '\0';
      bindery_metadata_warn (warnings, _("%s is %zu bytes long; only its first %zu bytes are kept"),
                             field, len, strlen (value));
    }
  json_object_set_string_member (record, field, value);
  return TRUE;
}

gboolean
bindery_metadata_set_string (JsonObject *record,
                             const char *field,
                             const char *text)
{
  return bindery_metadata_set_string_full (record, field, text, NULL);
}

/* Adds the len bytes at text, without the ASCII white space around them, to the array
 * field (made at the first item); nothing for an empty or repeated item. */
static void
add_list_text (JsonObject *record,
               const char *field,
               const char *text,
               gsize       len)
{
  const char *end = text + len;
  g_autofree char *value = NULL;
  JsonNode *node;
  JsonArray *array;

  while (text < end && g_ascii_isspace (*text))
    text++;
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  if (end == text)
    return;
  len = end - text;

  node = json_object_get_member (record, field);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
    }
  else
    {
      array = json_array_new ();
      json_object_set_array_member (record, field, array);
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *item = json_array_get_string_element (array, i);

      if (item != NULL && strncmp (item, text, len) == 0 && item[len] == '\0')
        return;
    }
  value = g_strndup (text, len);
  json_array_add_string_element (array, value);
}

void
bindery_metadata_add_list_item (JsonObject *record,
                                const char *field,
                                const char *item)
{
  if (item != NULL)
    add_list_text (record, field, item, strlen (item));
}

/* bindery_metadata_add_list_item() for every piece of text between separators, without a
 * copy of each piece. */
void
bindery_metadata_set_list (JsonObject *record,
                           const char *field,
                           const char *text,
                           const char *separators)
{
  if (text == NULL)
    return;

  for (const char *p = text;; )
    {
      gsize len = strcspn (p, separators);

      add_list_text (record, field, p, len);
      if (p[len] == '\0')
        break;
      p += len + 1;
    }
}

gboolean
bindery_metadata_parse_int (const char *text,
                            gint64      min,
                            gint64      max,
                            gint64     *out)
{
  g_autofree char *value = bindery_metadata_strip (text);
  gint64 number;

  if (value == NULL)
    return FALSE;
  if (!g_ascii_string_to_signed (value, 10, min, max, &number, NULL))
    return FALSE;
  if (out != NULL)
    *out = number;
  return TRUE;
}

void
bindery_metadata_set_number (JsonObject *record,
                             const char *number)
{
  double key;

  if (!bindery_metadata_set_string (record, "Number", number))
    return;
  if (bindery_number_sort_key (number, &key))
    json_object_set_double_member (record, "NumberSort", key);
  else if (json_object_has_member (record, "NumberSort"))
    json_object_remove_member (record, "NumberSort");
}

gboolean
bindery_metadata_language_valid (const char *text)
{
  g_auto(GStrv) subtags = NULL;
  gsize len;

  if (text == NULL)
    return FALSE;

  subtags = g_strsplit_set (text, "-_", -1);
  len = strlen (subtags[0]);
  if (len < 2 || len > 3)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalpha (subtags[0][i]))
      return FALSE;

  for (guint i = 1; subtags[i] != NULL; i++)
    {
      len = strlen (subtags[i]);
      if (len < 1 || len > 8)
        return FALSE;
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isalnum (subtags[i][j]))
          return FALSE;
    }
  return TRUE;
}

static gboolean
read_fixed_digits (const char **p,
                   guint        count,
                   int         *out)
{
  int value = 0;

  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }
  *p += count;
  *out = value;
  return TRUE;
}

gboolean
bindery_metadata_parse_date (const char *text,
                             int        *year,
                             int        *month,
                             int        *day)
{
  const char *p = text;
  int y, m = 0, d = 0;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;

  if (!read_fixed_digits (&p, 4, &y) || y < BINDERY_YEAR_MIN || y > BINDERY_YEAR_MAX)
    return FALSE;
  if (*p == '-')
    {
      p++;
      if (!read_fixed_digits (&p, 2, &m) || m < 1 || m > 12)
        return FALSE;
      if (*p == '-')
        {
          p++;
          if (!read_fixed_digits (&p, 2, &d) || !g_date_valid_dmy (d, m, y))
            return FALSE;
        }
    }
  /* Only a time part (or nothing) may follow: "T10:00Z", " 10:00". */
  if (*p == ' ')
    {
      while (*p == ' ')
        p++;
      if (*p != '\0' && !g_ascii_isdigit (*p))
        return FALSE;
    }
  else if (*p != '\0' && *p != 'T' && *p != 't')
    {
      return FALSE;
    }

  *year = y;
  *month = m;
  *day = d;
  return TRUE;
}

void
bindery_metadata_set_date (JsonObject *record,
                           const char *date_field,
                           const char *text,
                           GPtrArray  *warnings)
{
  g_autofree char *value = bindery_metadata_strip (text);
  int year, month, day;

  if (value == NULL)
    return;
  if (!bindery_metadata_parse_date (value, &year, &month, &day))
    {
      bindery_metadata_warn (warnings, _("%s: invalid date '%s' dropped"),
                             date_field != NULL ? date_field : "Date", value);
      return;
    }

  if (date_field != NULL)
    json_object_set_string_member (record, date_field, value);
  json_object_set_int_member (record, "Year", year);
  if (month > 0)
    json_object_set_int_member (record, "Month", month);
  if (day > 0)
    json_object_set_int_member (record, "Day", day);
}
