/* bindery-book.c: format detection and the read_info / read_entry dispatch over the readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bindery-book.h"
#include "bindery-book-private.h"
#include "bindery-rar-headers.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNIFF_SIZE 1024

void
bindery_book_init (void)
{
  if (g_getenv ("TZ") == NULL)
    g_setenv ("TZ", ":/etc/localtime", FALSE);
}

BinderyBookFormat
bindery_book_format_from_name (const char *basename)
{
  static const struct { const char *ext; BinderyBookFormat format; } exts[] = {
    { "cbz", BINDERY_BOOK_FORMAT_ZIP }, { "zip", BINDERY_BOOK_FORMAT_ZIP },
    { "cbr", BINDERY_BOOK_FORMAT_RAR }, { "rar", BINDERY_BOOK_FORMAT_RAR },
    { "cb7", BINDERY_BOOK_FORMAT_7Z },  { "7z", BINDERY_BOOK_FORMAT_7Z },
    { "cbt", BINDERY_BOOK_FORMAT_TAR }, { "tar", BINDERY_BOOK_FORMAT_TAR },
    { "epub", BINDERY_BOOK_FORMAT_EPUB }, { "pdf", BINDERY_BOOK_FORMAT_PDF },
  };
  const char *dot;

  if (basename == NULL)
    return BINDERY_BOOK_FORMAT_UNKNOWN;
  dot = strrchr (basename, '.');
  if (dot == NULL || dot == basename || strchr (dot, '/') != NULL)
    return BINDERY_BOOK_FORMAT_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_ascii_strcasecmp (dot + 1, exts[i].ext) == 0)
      return exts[i].format;
  return BINDERY_BOOK_FORMAT_UNKNOWN;
}

gboolean
bindery_book_is_book_name (const char *basename)
{
  return bindery_book_format_from_name (basename) != BINDERY_BOOK_FORMAT_UNKNOWN;
}

/* A v7/ustar tar header: "ustar" magic or a valid header checksum. */
static gboolean
looks_like_tar (const guint8 *head,
                gsize         len)
{
  guint64 sum = 0, stored = 0;
  gboolean digits = FALSE;

  if (len < 512)
    return FALSE;
  if (memcmp (head + 257, "ustar", 5) == 0)
    return TRUE;
  if (head[0] == '\0')
    return FALSE;
  for (guint i = 0; i < 512; i++)
    sum += (i >= 148 && i < 156) ? ' ' : head[i];
  for (guint i = 148; i < 156; i++)
    {
      if (head[i] >= '0' && head[i] <= '7')
        {
          stored = stored * 8 + (head[i] - '0');
          digits = TRUE;
        }
      else if (head[i] != ' ' && head[i] != '\0')
        return FALSE;
      else if (digits)
        break;
    }
  return digits && stored == sum;
}

/* Container from the first bytes. rar_version: out, for RAR. */
static BinderyBookFormat
sniff_buffer (const guint8      *head,
              gsize              len,
              BinderyRarVersion *rar_version)
{
  static const guint8 sevenzip[] = { '7', 'z', 0xbc, 0xaf, 0x27, 0x1c };
  static const guint8 xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
  static const guint8 zstd[] = { 0x28, 0xb5, 0x2f, 0xfd };
  BinderyRarVersion rar;

  if (rar_version != NULL)
    *rar_version = BINDERY_RAR_VERSION_NONE;
  if (len >= 4 && head[0] == 'P' && head[1] == 'K' &&
      ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) ||
       (head[2] == 7 && head[3] == 8)))
    return BINDERY_BOOK_FORMAT_ZIP;
  rar = bindery_rar_version_from_magic (head, len);
  if (rar != BINDERY_RAR_VERSION_NONE)
    {
      if (rar_version != NULL)
        *rar_version = rar;
      return BINDERY_BOOK_FORMAT_RAR;
    }
  if (len >= sizeof sevenzip && memcmp (head, sevenzip, sizeof sevenzip) == 0)
    return BINDERY_BOOK_FORMAT_7Z;
  if (len >= 5 && memmem (head, len, "%PDF-", 5) != NULL)
    return BINDERY_BOOK_FORMAT_PDF;
  if (looks_like_tar (head, len))
    return BINDERY_BOOK_FORMAT_TAR;
  /* Compressed tar (libarchive filters). */
  if ((len >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8) ||
      (len >= 4 && memcmp (head, "BZh", 3) == 0 && head[3] >= '1' && head[3] <= '9') ||
      (len >= sizeof xz && memcmp (head, xz, sizeof xz) == 0) ||
      (len >= sizeof zstd && memcmp (head, zstd, sizeof zstd) == 0))
    return BINDERY_BOOK_FORMAT_TAR;
  return BINDERY_BOOK_FORMAT_UNKNOWN;
}

static int
open_book (const char  *path,
           struct stat *st,
           GError     **error)
{
  int fd;

  do
    fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      bindery_book_set_errno_error (error, errno, "Cannot open the file");
      return -1;
    }
  if (fstat (fd, st) != 0)
    {
      bindery_book_set_errno_error (error, errno, "Cannot read the file's attributes");
      close (fd);
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE,
                           _("Not a regular file"));
      close (fd);
      return -1;
    }
  return fd;
}

BinderyBookFormat
bindery_book_sniff_format (const char  *path,
                           GError     **error)
{
  BinderyBookFile file;
  struct stat st;
  BinderyBookFormat format;
  int fd;

  g_return_val_if_fail (path != NULL, BINDERY_BOOK_FORMAT_UNKNOWN);

  fd = open_book (path, &st, error);
  if (fd < 0)
    return BINDERY_BOOK_FORMAT_UNKNOWN;
  bindery_book_file_init (&file, fd, st.st_size);
  if (!bindery_book_file_read_head (&file))
    {
      bindery_book_set_errno_error (error, errno, "Cannot read the file");
      close (fd);
      return BINDERY_BOOK_FORMAT_UNKNOWN;
    }
  format = sniff_buffer (file.head, MIN (file.head_len, SNIFF_SIZE), NULL);
  if (format == BINDERY_BOOK_FORMAT_ZIP && bindery_zip_is_epub (&file))
    format = BINDERY_BOOK_FORMAT_EPUB;
  close (fd);
  return format;
}

static const char *
container_name (BinderyBookFormat format,
                BinderyRarVersion rar)
{
  switch (format)
    {
    case BINDERY_BOOK_FORMAT_ZIP:
    case BINDERY_BOOK_FORMAT_EPUB: return "zip";
    case BINDERY_BOOK_FORMAT_RAR:  return rar == BINDERY_RAR_VERSION_5 ? "rar5" : "rar4";
    case BINDERY_BOOK_FORMAT_7Z:   return "7z";
    case BINDERY_BOOK_FORMAT_TAR:  return "tar";
    case BINDERY_BOOK_FORMAT_PDF:  return "pdf";
    case BINDERY_BOOK_FORMAT_UNKNOWN:
    default:                       return "unknown";
    }
}

static const char *
format_display_name (BinderyBookFormat format)
{
  switch (format)
    {
    case BINDERY_BOOK_FORMAT_ZIP:  return "ZIP";
    case BINDERY_BOOK_FORMAT_RAR:  return "RAR";
    case BINDERY_BOOK_FORMAT_7Z:   return "7-Zip";
    case BINDERY_BOOK_FORMAT_TAR:  return "tar";
    case BINDERY_BOOK_FORMAT_EPUB: return "EPUB";
    case BINDERY_BOOK_FORMAT_PDF:  return "PDF";
    case BINDERY_BOOK_FORMAT_UNKNOWN:
    default:                       return "unknown";
    }
}

static BinderyBookInfo *
read_info_fd (int                fd,
              const char        *path,
              const struct stat *st,
              gboolean           sidecar,
              GError           **error)
{
  const char *slash = strrchr (path, '/');
  BinderyBookFormat by_name = bindery_book_format_from_name (slash != NULL ? slash + 1 : path);
  g_autoptr(BinderyBookInfo) info = NULL;
  BinderyRarVersion rar = BINDERY_RAR_VERSION_NONE;
  BinderyBookFile file;
  BinderyBookFormat format;

  if (st->st_size == 0)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                           _("The file is empty (zero bytes)"));
      return NULL;
    }

  bindery_book_file_init (&file, fd, st->st_size);
  if (!bindery_book_file_read_head (&file))
    {
      bindery_book_set_errno_error (error, errno, "Cannot read the file");
      return NULL;
    }
  format = sniff_buffer (file.head, MIN (file.head_len, SNIFF_SIZE), &rar);

  switch (format)
    {
    case BINDERY_BOOK_FORMAT_ZIP:
      info = bindery_zip_read_info (&file, path, by_name == BINDERY_BOOK_FORMAT_EPUB, sidecar, error);
      break;
    case BINDERY_BOOK_FORMAT_RAR:
    case BINDERY_BOOK_FORMAT_7Z:
    case BINDERY_BOOK_FORMAT_TAR:
      info = bindery_archive_read_info (fd, format, error);
      break;
    case BINDERY_BOOK_FORMAT_PDF:
      info = bindery_pdf_read_info (fd, error);
      break;
    case BINDERY_BOOK_FORMAT_EPUB:
    case BINDERY_BOOK_FORMAT_UNKNOWN:
    default:
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                           _("Unrecognised file format (not a ZIP, RAR, 7-Zip, tar or PDF file)"));
      return NULL;
    }
  if (info == NULL)
    return NULL;

  g_free (info->container);
  info->container = g_strdup (container_name (info->format, rar));
  if (by_name != BINDERY_BOOK_FORMAT_UNKNOWN && by_name != info->format)
    {
      info->format_mismatch = TRUE;
      g_ptr_array_add (info->warnings,
                       g_strdup_printf (_("The file is a %s file but its name says %s; read as %s"),
                                        format_display_name (info->format),
                                        format_display_name (by_name),
                                        format_display_name (info->format)));
    }
  info->fingerprint = bindery_book_fingerprint_file (&file, error);
  if (info->fingerprint == NULL)
    return NULL;
  return g_steal_pointer (&info);
}

BinderyBookInfo *
bindery_book_read_info (const char  *path,
                        GError     **error)
{
  return bindery_book_read_info_full (path, BINDERY_BOOK_READ_DEFAULT, error);
}

BinderyBookInfo *
bindery_book_read_info_full (const char           *path,
                             BinderyBookReadFlags  flags,
                             GError              **error)
{
  BinderyBookInfo *info;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open_book (path, &st, error);
  if (fd < 0)
    return NULL;
  info = read_info_fd (fd, path, &st, !(flags & BINDERY_BOOK_READ_NO_SIDECAR), error);
  close (fd);
  return info;
}

GBytes *
bindery_book_read_entry (const char         *path,
                         BinderyBookFormat   format,
                         const char         *entry_name,
                         gsize               max_size,
                         GError            **error)
{
  GBytes *bytes = NULL;
  BinderyBookFile file;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bindery_book_entry_name_is_safe (entry_name))
    {
      g_autofree char *display = g_utf8_make_valid (entry_name ? entry_name : "", -1);
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME,
                   _("Refusing the entry name “%s”: it is empty, absolute or contains '..'"),
                   display);
      return NULL;
    }

  fd = open_book (path, &st, error);
  if (fd < 0)
    return NULL;

  if (st.st_size == 0)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                           _("The file is empty (zero bytes)"));
      close (fd);
      return NULL;
    }

  bindery_book_file_init (&file, fd, st.st_size);
  if (format == BINDERY_BOOK_FORMAT_UNKNOWN)
    {
      if (!bindery_book_file_read_head (&file))
        {
          bindery_book_set_errno_error (error, errno, "Cannot read the file");
          close (fd);
          return NULL;
        }
      format = sniff_buffer (file.head, MIN (file.head_len, SNIFF_SIZE), NULL);
    }

  switch (format)
    {
    case BINDERY_BOOK_FORMAT_ZIP:
    case BINDERY_BOOK_FORMAT_EPUB:
      bytes = bindery_zip_read_entry (&file, entry_name, max_size, error);
      break;
    case BINDERY_BOOK_FORMAT_RAR:
    case BINDERY_BOOK_FORMAT_7Z:
    case BINDERY_BOOK_FORMAT_TAR:
      bytes = bindery_archive_read_entry (fd, format, entry_name, max_size, error);
      break;
    case BINDERY_BOOK_FORMAT_PDF:
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSUPPORTED,
                           _("A PDF has no entries to read"));
      break;
    case BINDERY_BOOK_FORMAT_UNKNOWN:
    default:
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                           _("Unrecognised file format (not a ZIP, RAR, 7-Zip or tar file)"));
      break;
    }
  close (fd);
  return bytes;
}
