/* bindery-book-info.c: BinderyBookInfo, what every book reader fills in, its setters,
 * and the error kinds and formats it names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Below the readers: nothing here calls one (bindery-book.c, above them, does).
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include "bindery-book-info-private.h"
#include "bindery-metadata.h"

G_DEFINE_QUARK (bindery-book-error-quark, bindery_book_error)

const char *
bindery_book_error_kind_to_string (BinderyBookError kind)
{
  switch (kind)
    {
    case BINDERY_BOOK_ERROR_CORRUPT:           return "corrupt";
    case BINDERY_BOOK_ERROR_ENCRYPTED:         return "encrypted";
    case BINDERY_BOOK_ERROR_UNSUPPORTED:       return "unsupported";
    case BINDERY_BOOK_ERROR_NO_PAGES:          return "no-pages";
    case BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME: return "unsafe-entry-name";
    case BINDERY_BOOK_ERROR_UNREADABLE:        return "unreadable";
    case BINDERY_BOOK_ERROR_NOT_FOUND:         return "not-found";
    default:                                   return "corrupt";
    }
}

const char *
bindery_book_format_to_string (BinderyBookFormat format)
{
  switch (format)
    {
    case BINDERY_BOOK_FORMAT_ZIP:     return "zip";
    case BINDERY_BOOK_FORMAT_RAR:     return "rar";
    case BINDERY_BOOK_FORMAT_7Z:      return "7z";
    case BINDERY_BOOK_FORMAT_TAR:     return "tar";
    case BINDERY_BOOK_FORMAT_EPUB:    return "epub";
    case BINDERY_BOOK_FORMAT_PDF:     return "pdf";
    case BINDERY_BOOK_FORMAT_UNKNOWN:
    default:                          return "unknown";
    }
}

void
bindery_book_set_errno_error (GError     **error,
                              int          errsv,
                              const char  *what)
{
  g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE,
               "%s: %s", what, g_strerror (errsv));
}

BinderyBookInfo *
bindery_book_info_new (void)
{
  BinderyBookInfo *info = g_new0 (BinderyBookInfo, 1);

  info->metadata = json_object_new ();
  info->warnings = g_ptr_array_new_with_free_func (g_free);
  info->cover_index = -1;
  return info;
}

void
bindery_book_info_free (BinderyBookInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->container);
  g_clear_pointer (&info->pages, g_ptr_array_unref);
  g_free (info->cover_entry);
  g_clear_pointer (&info->metadata, json_object_unref);
  g_free (info->metadata_error);
  g_clear_pointer (&info->warnings, g_ptr_array_unref);
  g_free (info->fingerprint);
  g_free (info);
}

void
bindery_book_info_set_cover (BinderyBookInfo *info,
                             int              index)
{
  g_clear_pointer (&info->cover_entry, g_free);
  info->cover_index = -1;
  if (info->pages == NULL || info->pages->len == 0)
    return;
  if (index < 0 || (guint) index >= info->pages->len)
    index = 0;
  info->cover_index = index;
  info->cover_entry = g_strdup (g_ptr_array_index (info->pages, index));
}

void
bindery_book_info_apply_comicinfo (BinderyBookInfo *info,
                                   const char      *data,
                                   gsize            len)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *metadata;
  int front_cover = -1;

  metadata = bindery_comicinfo_parse (data, len, &front_cover, info->warnings, &local_error);
  if (metadata != NULL)
    {
      json_object_unref (info->metadata);
      info->metadata = metadata;
      bindery_book_info_set_cover (info, front_cover);
      return;
    }

  if (local_error != NULL && local_error->domain == BINDERY_METADATA_ERROR &&
      local_error->code == BINDERY_METADATA_ERROR_UNSAFE_XML)
    info->metadata_error = g_strdup_printf ("unsafe-xml: %s", local_error->message);
  else
    info->metadata_error = g_strdup_printf ("malformed-xml: %s",
                                            local_error != NULL ? local_error->message
                                                                : "ComicInfo.xml is not readable");
  bindery_book_info_set_cover (info, 0);
}
