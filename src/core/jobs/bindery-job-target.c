/* bindery-job-target.c: the target text a job is stored with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-jobs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bindery-job-target.h"

char *
bindery_job_target_for_series (gint64 series_id)
{
  return g_strdup_printf ("series:%" G_GINT64_FORMAT, series_id);
}

char *
bindery_job_target_for_books (const gint64 *book_ids,
                              guint         n_book_ids)
{
  GString *target = g_string_new ("books:");

  for (guint i = 0; i < n_book_ids; i++)
    g_string_append_printf (target, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", book_ids[i]);
  return g_string_free (target, FALSE);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

gboolean
bindery_job_target_parse (const char  *target,
                          gint64      *series_id,
                          GHashTable **book_ids,
                          GError     **error)
{
  *series_id = 0;
  *book_ids = NULL;

  if (target == NULL || *target == '\0')
    return TRUE;

  if (g_str_has_prefix (target, "series:"))
    {
      if (parse_id (target + strlen ("series:"), series_id))
        return TRUE;
    }
  else if (g_str_has_prefix (target, "books:"))
    {
      g_auto(GStrv) parts = g_strsplit (target + strlen ("books:"), ",", -1);
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      gboolean ok = TRUE;

      for (guint i = 0; ok && parts[i] != NULL; i++)
        {
          gint64 id;

          ok = parse_id (parts[i], &id);
          if (ok)
            g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
        }
      if (ok)
        {
          *book_ids = g_steal_pointer (&ids);
          return TRUE;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Invalid job target “%s” (expected series:ID or books:ID,…)"), target);
  return FALSE;
}
