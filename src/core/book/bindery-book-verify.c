/* bindery-book-verify.c: bindery_book_verify(): the file's format from its content, then the
 * reader's own verification (bindery-zip-reader.c, bindery-archive-reader.c,
 * bindery-pdf-reader.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include "bindery-book-private.h"
#include "bindery-book-verify.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

gboolean
bindery_book_verify (const char              *path,
                     BinderyBookVerifyCheck   check,
                     gpointer                 user_data,
                     guint64                 *bytes_read,
                     char                   **bad_entry,
                     GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  BinderyBookFormat format;
  BinderyBookFile file;
  struct stat st;
  gboolean ok = FALSE;
  guint64 read = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (bytes_read != NULL)
    *bytes_read = 0;
  if (bad_entry != NULL)
    *bad_entry = NULL;

  do
    fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      bindery_book_set_errno_error (error, errno, _("Cannot open the file"));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      if (S_ISREG (st.st_mode))
        bindery_book_set_errno_error (error, errno, _("Cannot read the file’s attributes"));
      else
        g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE,
                             _("Not a regular file"));
      close (fd);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                           _("The file is empty (zero bytes)"));
      close (fd);
      return FALSE;
    }

  format = bindery_book_sniff_format (path, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      close (fd);
      return FALSE;
    }

  bindery_book_file_init (&file, fd, st.st_size);
  switch (format)
    {
    case BINDERY_BOOK_FORMAT_ZIP:
    case BINDERY_BOOK_FORMAT_EPUB:
      ok = bindery_zip_verify (&file, check, user_data, &read, bad_entry, error);
      break;
    case BINDERY_BOOK_FORMAT_RAR:
    case BINDERY_BOOK_FORMAT_7Z:
    case BINDERY_BOOK_FORMAT_TAR:
      ok = bindery_archive_verify (fd, format, check, user_data, &read, bad_entry, error);
      break;
    case BINDERY_BOOK_FORMAT_PDF:
      ok = bindery_pdf_verify (fd, check, user_data, bad_entry, error);
      read = st.st_size;
      break;
    case BINDERY_BOOK_FORMAT_UNKNOWN:
    default:
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                           _("Unrecognised file format (not a ZIP, RAR, 7-Zip, tar or PDF file)"));
      break;
    }
  close (fd);
  if (bytes_read != NULL)
    *bytes_read = read;
  return ok;
}
