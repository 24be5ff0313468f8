/* bindery-models-util.c: small helpers shared by the model files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-models"

#include "config.h"

#include "bindery-models-private.h"

char *
bindery_models_column_dup (sqlite3_stmt *stmt,
                           int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  if (text == NULL)
    return NULL;
  return g_strndup ((const char *) text, sqlite3_column_bytes (stmt, column));
}

gboolean
bindery_models_set_search (char       **field,
                           const char  *search)
{
  g_autofree char *stripped = NULL;

  if (search != NULL)
    {
      stripped = g_strstrip (g_strdup (search));
      if (stripped[0] == '\0')
        g_clear_pointer (&stripped, g_free);
    }
  if (g_strcmp0 (*field, stripped) == 0)
    return FALSE;
  g_free (*field);
  *field = g_steal_pointer (&stripped);
  return TRUE;
}

char *
bindery_models_like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

char *
bindery_models_ids_json (const gint64 *ids,
                         guint         n)
{
  GString *json = g_string_sized_new (2 + n * 8);

  g_string_append_c (json, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append_printf (json, "%" G_GINT64_FORMAT, ids[i]);
    }
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}
