/* bindery-pdf-reader.c: PDF books over poppler-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * page_count = the PDF's pages; the cover is page 1 (cover_index 0, no entry name);
 * metadata from the Info dictionary. POPPLER_ERROR_ENCRYPTED → encrypted, any other
 * failure → corrupt.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bindery-book-private.h"
#include "bindery-metadata.h"

#include <errno.h>
#include <poppler.h>
#include <unistd.h>

BinderyBookInfo *
bindery_pdf_read_info (int       fd,
                       GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  BinderyBookInfo *info;
  JsonObject *metadata;
  int n_pages;
  int dupfd = dup (fd);

  if (dupfd < 0)
    {
      bindery_book_set_errno_error (error, errno, "Cannot open the file");
      return NULL;
    }
  /* poppler takes the descriptor over (and closes it on failure too). */
  document = poppler_document_new_from_fd (dupfd, NULL, &local_error);
  if (document == NULL)
    {
      gboolean encrypted = g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
      g_set_error (error, BINDERY_BOOK_ERROR,
                   encrypted ? BINDERY_BOOK_ERROR_ENCRYPTED : BINDERY_BOOK_ERROR_CORRUPT,
                   _("The PDF cannot be opened: %s"),
                   local_error != NULL ? local_error->message : "unknown error");
      return NULL;
    }

  n_pages = poppler_document_get_n_pages (document);
  if (n_pages <= 0)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_NO_PAGES,
                           _("The PDF has no pages"));
      g_object_unref (document);
      return NULL;
    }

  info = bindery_book_info_new ();
  info->format = BINDERY_BOOK_FORMAT_PDF;
  info->page_count = n_pages;
  info->cover_index = 0;
  metadata = bindery_pdf_metadata (document);
  if (metadata != NULL)
    {
      json_object_unref (info->metadata);
      info->metadata = metadata;
    }
  g_object_unref (document);
  return info;
}

/* Every page loaded by poppler: a page object that is missing or not a page dictionary
 * makes poppler_document_get_page() return NULL. */
gboolean
bindery_pdf_verify (int                      fd,
                    BinderyBookVerifyCheck   check,
                    gpointer                 user_data,
                    char                   **bad_entry,
                    GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  gboolean ok = TRUE;
  int n_pages;
  int dupfd = dup (fd);

  if (dupfd < 0)
    {
      bindery_book_set_errno_error (error, errno, "Cannot open the file");
      return FALSE;
    }
  document = poppler_document_new_from_fd (dupfd, NULL, &local_error);
  if (document == NULL)
    {
      gboolean encrypted = g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
      g_set_error (error, BINDERY_BOOK_ERROR,
                   encrypted ? BINDERY_BOOK_ERROR_ENCRYPTED : BINDERY_BOOK_ERROR_CORRUPT,
                   _("The PDF cannot be opened: %s"),
                   local_error != NULL ? local_error->message : _("unknown error"));
      return FALSE;
    }

  n_pages = poppler_document_get_n_pages (document);
  for (int i = 0; ok && i < n_pages; i++)
    {
      PopplerPage *page;

      if (check != NULL && !check (user_data, error))
        {
          ok = FALSE;
          break;
        }
      page = poppler_document_get_page (document, i);
      if (page == NULL)
        {
          g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                       _("Page %d of %d is damaged: poppler cannot load it"), i + 1, n_pages);
          if (bad_entry != NULL)
            *bad_entry = g_strdup_printf (_("page %d"), i + 1);
          ok = FALSE;
        }
      else
        g_object_unref (page);
    }
  g_object_unref (document);
  return ok;
}
