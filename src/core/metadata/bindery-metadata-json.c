/* bindery-metadata-json.c: a metadata record as compact JSON text, without JsonGenerator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalog keeps every book's record as JSON (book_metadata.json), written once per book a
 * scan reads. json_to_string() costs a generator object, a root node and a growing string per
 * record, about a twentieth of the scan's work per book; this writes the same bytes into one
 * buffer. "The same bytes" is JSON-GLib 1.6's compact output exactly (the test
 * /metadata/json/same-as-json-glib holds the two side by side):
 *   - members in insertion order, no white space;
 *   - strings: '"' and '\' escaped with a backslash, \b \f \n \r \t, other bytes 0x01–0x1E and
 *     0x7F as \u00XX, every other byte as it is (0x1F too: JSON-GLib leaves it);
 *   - integers in decimal, doubles as g_ascii_dtostr() gives them with ".0" appended when that
 *     has no '.' (1e+21 is written "1e+21.0", as JSON-GLib 1.6 does), booleans and null as
 *     literals.
 */
#define G_LOG_DOMAIN "bindery-metadata"

#include "config.h"

#include <string.h>

#include "bindery-metadata.h"

static void append_node (GString *out, JsonNode *node);

static void
append_string (GString    *out,
               const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      char c = *p;
      const char *escape = NULL;
      char code[8];

      if (c == '\\')
        escape = "\\\\";
      else if (c == '"')
        escape = "\\\"";
      else if ((c > 0 && c < 0x1f) || c == 0x7f)
        {
          switch (c)
            {
            case '\b': escape = "\\b"; break;
            case '\f': escape = "\\f"; break;
            case '\n': escape = "\\n"; break;
            case '\r': escape = "\\r"; break;
            case '\t': escape = "\\t"; break;
            default:
              g_snprintf (code, sizeof code, "\\u00%02x", (guint) c);
              escape = code;
              break;
            }
        }
      if (escape == NULL)
        continue;
      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      {
        /* "%" G_GINT64_FORMAT, without printf's cost */
        gint64 value = json_node_get_int (node);
        guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
        char digits[24];
        gsize n = sizeof digits;

        do
          {
            digits[--n] = (char) ('0' + magnitude % 10);
            magnitude /= 10;
          }
        while (magnitude > 0);
        if (value < 0)
          digits[--n] = '-';
        g_string_append_len (out, digits + n, (gssize) (sizeof digits - n));
      }
      break;
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node));
        g_string_append (out, buf);
        if (strchr (buf, '.') == NULL)
          g_string_append (out, ".0");
      }
      break;
    case G_TYPE_STRING:
      append_string (out, json_node_get_string (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    default:
      /* a value node holding nothing */
      g_string_append (out, "null");
      break;
    }
}

static void
append_object (GString    *out,
               JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_string (out, name);
      g_string_append_c (out, ':');
      append_node (out, member);
    }
  g_string_append_c (out, '}');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint len = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < len; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
bindery_metadata_to_json (JsonObject *record)
{
  GString *out;

  g_return_val_if_fail (record != NULL, NULL);

  out = g_string_sized_new (512);
  append_object (out, record);
  return g_string_free (out, FALSE);
}
