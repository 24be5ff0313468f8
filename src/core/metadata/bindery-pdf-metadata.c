/* bindery-pdf-metadata.c: PDF Info dictionary → metadata record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   Title → Title; Subject → Summary; Keywords → Keywords (text) and Tags[] (split on ',' and ';').
 *   Author → Writer[]: split on ';' and '&'; a part is further split on ',' only when every
 *     comma-separated piece has a space in it ("Ana Ruiz, Ben Okafor" is two people, while
 *     "Carroll, Lewis" is one person written surname first and stays whole).
 *   CreationDate → CreationDate (ISO 8601 text, as poppler reads it) and Year/Month/Day.
 * Values are trimmed; empty ones are absent.
 */
#define G_LOG_DOMAIN "bindery-metadata"

#include "config.h"

#include <string.h>

#include "bindery-metadata.h"
#include "bindery-metadata-private.h"

static gboolean
every_piece_has_space (char **pieces)
{
  guint count = 0;

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_autofree char *piece = bindery_metadata_strip (pieces[i]);

      if (piece == NULL)
        continue;
      if (strchr (piece, ' ') == NULL)
        return FALSE;
      count++;
    }
  return count > 1;
}

void
bindery_pdf_set_authors (JsonObject *record,
                         const char *author)
{
  g_auto(GStrv) parts = NULL;

  if (author == NULL)
    return;

  parts = g_strsplit_set (author, ";&", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pieces = g_strsplit (parts[i], ",", -1);

      if (every_piece_has_space (pieces))
        {
          for (guint j = 0; pieces[j] != NULL; j++)
            bindery_metadata_add_list_item (record, "Writer", pieces[j]);
        }
      else
        {
          bindery_metadata_add_list_item (record, "Writer", parts[i]);
        }
    }
}

JsonObject *
bindery_pdf_metadata (PopplerDocument *document)
{
  JsonObject *record = json_object_new ();
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *keywords = NULL;
  g_autoptr(GDateTime) created = NULL;

  g_return_val_if_fail (POPPLER_IS_DOCUMENT (document), record);

  title = poppler_document_get_title (document);
  bindery_metadata_set_string (record, "Title", title);

  author = poppler_document_get_author (document);
  bindery_pdf_set_authors (record, author);

  subject = poppler_document_get_subject (document);
  bindery_metadata_set_string (record, "Summary", subject);

  keywords = poppler_document_get_keywords (document);
  if (bindery_metadata_set_string (record, "Keywords", keywords))
    bindery_metadata_set_list (record, "Tags", keywords, ",;");

  created = poppler_document_get_creation_date_time (document);
  if (created != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (created);
      int year = g_date_time_get_year (created);

      if (iso != NULL)
        json_object_set_string_member (record, "CreationDate", iso);
      if (year >= BINDERY_YEAR_MIN && year <= BINDERY_YEAR_MAX)
        {
          json_object_set_int_member (record, "Year", year);
          json_object_set_int_member (record, "Month", g_date_time_get_month (created));
          json_object_set_int_member (record, "Day", g_date_time_get_day_of_month (created));
        }
    }

  return record;
}
