/* bindery-job-target.c: the target text a job is stored with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-jobs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "bindery-catalog-books.h"
#include "bindery-job-target.h"

/* Longest description of a text that is not a target (characters). */
#define DESCRIBE_MAX_CHARS 60

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

char *
bindery_job_target_for_scan (gint64 scan_job_id)
{
  return g_strdup_printf ("scan:%" G_GINT64_FORMAT, scan_job_id);
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

static gboolean
parse_books (const char  *list,
             GHashTable **book_ids)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* "books:" is an empty list: g_strsplit gives no item. */
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id;

      if (!parse_id (parts[i], &id))
        return FALSE;
      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  *book_ids = g_steal_pointer (&ids);
  return TRUE;
}

gboolean
bindery_job_target_parse (const char        *text,
                          BinderyJobTarget  *target,
                          GError           **error)
{
  g_return_val_if_fail (target != NULL, FALSE);

  bindery_job_target_clear (target);

  if (text == NULL || *text == '\0')
    return TRUE;

  if (g_str_has_prefix (text, "series:"))
    {
      if (parse_id (text + strlen ("series:"), &target->series_id))
        return TRUE;
    }
  else if (g_str_has_prefix (text, "scan:"))
    {
      if (parse_id (text + strlen ("scan:"), &target->scan_job_id))
        return TRUE;
    }
  else if (g_str_has_prefix (text, "books:"))
    {
      if (parse_books (text + strlen ("books:"), &target->book_ids))
        return TRUE;
    }

  bindery_job_target_clear (target);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Invalid job target “%s” (expected series:ID, books:ID,… or scan:ID)"), text);
  return FALSE;
}

gboolean
bindery_job_target_resolve (BinderyJobTarget  *target,
                            BinderyCatalog    *catalog,
                            gint64             library_id,
                            GError           **error)
{
  GHashTable *book_ids;

  g_return_val_if_fail (target != NULL, FALSE);
  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), FALSE);

  if (target->scan_job_id <= 0 || target->book_ids != NULL)
    return TRUE;

  book_ids = bindery_catalog_scan_book_ids (catalog, library_id, target->scan_job_id, error);
  if (book_ids == NULL)
    return FALSE;
  target->book_ids = book_ids;
  return TRUE;
}

void
bindery_job_target_clear (BinderyJobTarget *target)
{
  target->series_id = 0;
  target->scan_job_id = 0;
  g_clear_pointer (&target->book_ids, g_hash_table_unref);
}

char *
bindery_job_target_describe (const char *text)
{
  g_auto(BinderyJobTarget) target = { 0 };
  guint n;

  if (!bindery_job_target_parse (text, &target, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);
      g_autofree char *cut = NULL;

      if (g_utf8_strlen (valid, -1) <= DESCRIBE_MAX_CHARS)
        return g_steal_pointer (&valid);
      cut = g_utf8_substring (valid, 0, DESCRIBE_MAX_CHARS - 1);
      return g_strconcat (cut, "…", NULL);
    }

  if (target.series_id > 0)
    /* Translators: a job's target: the series' number in the catalog */
    return g_strdup_printf (_("Series %" PRId64), target.series_id);
  if (target.scan_job_id > 0)
    /* Translators: a job's target: the books a scan job added or read again; the
     * number is that scan job's (as bindery-cli jobs lists it) */
    return g_strdup_printf (_("Books found by scan %" PRId64), target.scan_job_id);
  if (target.book_ids != NULL)
    {
      n = g_hash_table_size (target.book_ids);
      /* Translators: a job's target: a list of books */
      return g_strdup_printf (ngettext ("%u book", "%u books", n), n);
    }
  /* Translators: a job's target: every book of its library */
  return g_strdup (_("Whole library"));
}
