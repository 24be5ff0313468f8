/* bindery-archive-reader.c: RAR4/RAR5, 7z and tar books over libarchive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These formats have no central directory: the headers are streamed with
 * archive_read_next_header (data skipped), and only ComicInfo.xml's data is read.
 * ARCHIVE_FAILED or ARCHIVE_FATAL ends the listing (never retried). libarchive 3.6.2 does
 * not flag RAR5 encryption, so RAR headers are also read by bindery-rar-headers.c.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bindery-book-private.h"
#include "bindery-rar-headers.h"

#include <archive.h>
#include <archive_entry.h>
#include <inttypes.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define BLOCK_SIZE (64 * 1024)
#define READ_CHUNK (64 * 1024)

static struct archive *
open_archive (int                 fd,
              BinderyBookFormat   format,
              char              **open_error)
{
  struct archive *a = archive_read_new ();

  switch (format)
    {
    case BINDERY_BOOK_FORMAT_RAR:
      archive_read_support_format_rar (a);
      archive_read_support_format_rar5 (a);
      break;
    case BINDERY_BOOK_FORMAT_7Z:
      archive_read_support_format_7zip (a);
      break;
    case BINDERY_BOOK_FORMAT_TAR:
      archive_read_support_format_tar (a);
      /* Not support_filter_all(): that also runs external programs (lrzip, lzop, grzip)
       * on whatever a file claims to be. These are the compressions sniffed as tar. */
      archive_read_support_filter_gzip (a);
      archive_read_support_filter_bzip2 (a);
      archive_read_support_filter_xz (a);
      archive_read_support_filter_zstd (a);
      break;
    case BINDERY_BOOK_FORMAT_UNKNOWN:
    case BINDERY_BOOK_FORMAT_ZIP:
    case BINDERY_BOOK_FORMAT_EPUB:
    case BINDERY_BOOK_FORMAT_PDF:
    default:
      g_assert_not_reached ();
    }

  /* archive_read_open_fd reads from the current offset; other readers use pread. */
  if (lseek (fd, 0, SEEK_SET) != 0 || archive_read_open_fd (a, fd, BLOCK_SIZE) != ARCHIVE_OK)
    {
      const char *msg = archive_error_string (a);
      *open_error = g_strdup (msg != NULL ? msg : "cannot open the archive");
      archive_read_free (a);
      return NULL;
    }
  return a;
}

static const char *
entry_name (struct archive_entry *entry)
{
  const char *name = archive_entry_pathname (entry);

  /* Names that do not convert to the locale's charset are still names. */
  if (name == NULL)
    name = archive_entry_pathname_utf8 (entry);
  return name;
}

static gboolean
entry_is_file (struct archive_entry *entry)
{
  mode_t type = archive_entry_filetype (entry);
  return type == AE_IFREG || type == 0;
}

/* Reads the current entry's data, at most max_size bytes (0: no limit), checking the
 * header's size before allocating. *fatal: the archive cannot be read further. */
static GBytes *
read_data (struct archive        *a,
           struct archive_entry  *entry,
           const char            *name,
           gsize                  max_size,
           gboolean              *fatal,
           GError               **error)
{
  g_autoptr(GByteArray) buf = NULL;
  gint64 declared = archive_entry_size_is_set (entry) ? archive_entry_size (entry) : -1;
  gsize len = 0;

  if (fatal != NULL)
    *fatal = FALSE;
  if (max_size > 0 && declared > 0 && (guint64) declared > max_size)
    {
      g_autofree char *display = g_utf8_make_valid (name, -1);
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSUPPORTED,
                   "The entry “%s” is %" G_GINT64_FORMAT " bytes, over the limit of %" G_GSIZE_FORMAT,
                   display, declared, max_size);
      return NULL;
    }

  /* Room for the declared size plus one byte, so the end is seen without growing. */
  buf = g_byte_array_new ();
  g_byte_array_set_size (buf, declared >= 0 ? (guint) MIN (declared + 1, (gint64) 64 * 1024 * 1024)
                                            : READ_CHUNK);
  for (;;)
    {
      la_ssize_t n;

      if (len == buf->len)
        g_byte_array_set_size (buf, len + READ_CHUNK);
      n = archive_read_data (a, buf->data + len, buf->len - len);
      if (n < 0)
        {
          g_autofree char *display = g_utf8_make_valid (name, -1);
          const char *msg = archive_error_string (a);

          if (fatal != NULL)
            *fatal = n == ARCHIVE_FATAL;
          g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                       _("Cannot read the entry “%s”: %s"), display, msg ? msg : "read error");
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
      if (max_size > 0 && len > max_size)
        {
          g_autofree char *display = g_utf8_make_valid (name, -1);
          g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSUPPORTED,
                       "The entry “%s” is over the limit of %" G_GSIZE_FORMAT " bytes",
                       display, max_size);
          return NULL;
        }
    }
  g_byte_array_set_size (buf, len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

typedef struct {
  GBytes  *comicinfo;
  char    *comicinfo_error;
  gboolean data_fatal;       /* reading ComicInfo.xml broke the stream */
} ListResult;

static void
list_result_clear (ListResult *res)
{
  g_clear_pointer (&res->comicinfo, g_bytes_unref);
  g_clear_pointer (&res->comicinfo_error, g_free);
  res->data_fatal = FALSE;
}

static void
list_entries (int                fd,
              BinderyBookFormat  format,
              gboolean           read_comicinfo,
              BinderyListing    *listing,
              ListResult        *res)
{
  struct archive *a;
  struct archive_entry *entry;
  locale_t previous = bindery_book_enter_utf8_locale ();

  a = open_archive (fd, format, &listing->list_error);
  if (a == NULL)
    {
      bindery_book_leave_utf8_locale (previous);
      return;
    }

  for (;;)
    {
      const char *name;
      gboolean is_file;
      int r = archive_read_next_header (a, &entry);

      if (r == ARCHIVE_EOF)
        break;
      if (r < ARCHIVE_WARN)
        {
          const char *msg = archive_error_string (a);
          listing->list_error = g_strdup (msg != NULL ? msg : "cannot read the next header");
          if (archive_read_has_encrypted_entries (a) == 1)
            listing->encrypted = TRUE;
          break;
        }

      name = entry_name (entry);
      is_file = entry_is_file (entry);
      if (archive_entry_is_encrypted (entry))
        listing->encrypted = TRUE;

      if (bindery_listing_add (listing, name, name ? strlen (name) : 0, is_file, FALSE) &&
          read_comicinfo && !archive_entry_is_encrypted (entry))
        {
          g_autoptr(GError) local_error = NULL;
          GBytes *bytes = read_data (a, entry, name, BINDERY_BOOK_MAX_XML_SIZE,
                                     &res->data_fatal, &local_error);

          g_clear_pointer (&res->comicinfo, g_bytes_unref);
          g_clear_pointer (&res->comicinfo_error, g_free);
          if (bytes != NULL)
            res->comicinfo = bytes;
          else
            res->comicinfo_error = g_strdup (local_error->message);
          if (res->data_fatal)
            break;
        }
    }
  archive_read_free (a);
  bindery_book_leave_utf8_locale (previous);
}

/* RAR encryption as the headers themselves say it; FALSE on an I/O error. */
static gboolean
rar_is_encrypted (int        fd,
                  gboolean  *encrypted,
                  GError   **error)
{
  BinderyRarHeaders headers;

  *encrypted = FALSE;
  if (!bindery_rar_headers_read_fd (fd, &headers, error))
    return FALSE;
  *encrypted = headers.encrypted_headers || headers.encrypted_files;
  return TRUE;
}

BinderyBookInfo *
bindery_archive_read_info (int                 fd,
                           BinderyBookFormat   format,
                           GError            **error)
{
  g_autoptr(BinderyBookInfo) info = NULL;
  BinderyListing listing;
  ListResult res = { NULL, NULL, FALSE };
  gboolean encrypted = FALSE;

  if (format == BINDERY_BOOK_FORMAT_RAR && !rar_is_encrypted (fd, &encrypted, error))
    return NULL;

  bindery_listing_init (&listing);
  list_entries (fd, format, !encrypted, &listing, &res);
  if (res.data_fatal)
    {
      /* The listing is what decides: list again without reading any data. */
      g_autofree char *why = g_steal_pointer (&res.comicinfo_error);

      bindery_listing_clear (&listing);
      bindery_listing_init (&listing);
      list_result_clear (&res);
      list_entries (fd, format, FALSE, &listing, &res);
      res.comicinfo_error = g_steal_pointer (&why);
    }
  if (encrypted)
    listing.encrypted = TRUE;

  if (bindery_listing_check (&listing, TRUE, error))
    {
      info = bindery_book_info_new ();
      info->format = format;
      bindery_listing_sort_pages (&listing);
      info->pages = g_steal_pointer (&listing.pages);
      info->page_count = info->pages->len;
      bindery_book_info_set_cover (info, 0);
      if (res.comicinfo != NULL)
        {
          gsize len;
          const char *data = g_bytes_get_data (res.comicinfo, &len);
          bindery_book_info_apply_comicinfo (info, data, len);
        }
      else if (res.comicinfo_error != NULL)
        g_ptr_array_add (info->warnings, g_strdup_printf (_("ComicInfo.xml not read: %s"),
                                                          res.comicinfo_error));
    }

  list_result_clear (&res);
  bindery_listing_clear (&listing);
  return g_steal_pointer (&info);
}

GBytes *
bindery_archive_read_entry (int                 fd,
                            BinderyBookFormat   format,
                            const char         *wanted,
                            gsize               max_size,
                            GError            **error)
{
  g_autofree char *display = g_utf8_make_valid (wanted, -1);
  g_autofree char *open_error = NULL;
  struct archive_entry *entry;
  struct archive *a;
  GBytes *bytes = NULL;
  gboolean encrypted = FALSE;
  locale_t previous;

  if (format == BINDERY_BOOK_FORMAT_RAR && !rar_is_encrypted (fd, &encrypted, error))
    return NULL;
  if (encrypted)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_ENCRYPTED,
                           _("The archive is encrypted (entries or headers need a password)"));
      return NULL;
    }

  previous = bindery_book_enter_utf8_locale ();
  a = open_archive (fd, format, &open_error);
  if (a == NULL)
    {
      bindery_book_leave_utf8_locale (previous);
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                   _("The archive cannot be read: %s"), open_error);
      return NULL;
    }

  for (;;)
    {
      const char *name;
      int r = archive_read_next_header (a, &entry);

      if (r == ARCHIVE_EOF)
        {
          g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_NOT_FOUND,
                       _("The archive has no entry “%s”"), display);
          break;
        }
      if (r < ARCHIVE_WARN)
        {
          const char *msg = archive_error_string (a);
          gboolean enc = archive_read_has_encrypted_entries (a) == 1;
          g_set_error (error, BINDERY_BOOK_ERROR,
                       enc ? BINDERY_BOOK_ERROR_ENCRYPTED : BINDERY_BOOK_ERROR_CORRUPT,
                       _("The archive cannot be read: %s"), msg ? msg : "header error");
          break;
        }
      name = entry_name (entry);
      if (name == NULL || strcmp (name, wanted) != 0 || !entry_is_file (entry))
        continue;
      if (archive_entry_is_encrypted (entry))
        {
          g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_ENCRYPTED,
                       _("The entry “%s” is encrypted"), display);
          break;
        }
      bytes = read_data (a, entry, name, max_size, NULL, error);
      break;
    }
  archive_read_free (a);
  bindery_book_leave_utf8_locale (previous);
  return bytes;
}

/* --- verification ----------------------------------------------------------------- */

/* Bytes of one entry's data between two calls of the check. */
#define VERIFY_CHECK_EVERY (16 * 1024 * 1024)

typedef enum {
  VERIFY_UNREADABLE,
  VERIFY_DAMAGED,
  VERIFY_CUT_OFF,
} VerifyProblem;

static gboolean
verify_set_entry_error (GError           **error,
                        char             **bad_entry,
                        BinderyBookError   code,
                        const char        *name,
                        VerifyProblem      problem,
                        const char        *reason)
{
  g_autofree char *display = g_utf8_make_valid (name, -1);

  if (reason == NULL)
    reason = _("unknown error");
  switch (problem)
    {
    case VERIFY_UNREADABLE:
      g_set_error (error, BINDERY_BOOK_ERROR, code, _("The entry “%s” cannot be read: %s"), display, reason);
      break;
    case VERIFY_CUT_OFF:
      g_set_error (error, BINDERY_BOOK_ERROR, code, _("The entry “%s” is cut off: %s"), display, reason);
      break;
    case VERIFY_DAMAGED:
    default:
      g_set_error (error, BINDERY_BOOK_ERROR, code, _("The entry “%s” is damaged: %s"), display, reason);
      break;
    }
  if (bad_entry != NULL)
    *bad_entry = g_strdup (name);
  return FALSE;
}

/* Every entry's data through libarchive: its read status is the verdict (RAR: the file
 * CRC / hash checked at the end of each entry; 7z: the stream CRCs; tar: blocks cut off). */
gboolean
bindery_archive_verify (int                      fd,
                        BinderyBookFormat        format,
                        BinderyBookVerifyCheck   check,
                        gpointer                 user_data,
                        guint64                 *bytes_read,
                        char                   **bad_entry,
                        GError                 **error)
{
  g_autofree char *open_error = NULL;
  g_autofree char *previous_name = NULL;
  g_autoptr(GArray) rar_files = NULL;
  struct archive_entry *entry;
  struct archive *a;
  gboolean encrypted = FALSE;
  gboolean ok = TRUE;
  guint n_entries = 0;
  locale_t previous;

  *bytes_read = 0;
  if (format == BINDERY_BOOK_FORMAT_RAR)
    {
      BinderyRarHeaders headers;

      rar_files = g_array_new (FALSE, TRUE, sizeof (BinderyRarFile));
      if (!bindery_rar_headers_read_files_fd (fd, &headers, rar_files, error))
        return FALSE;
      encrypted = headers.encrypted_headers || headers.encrypted_files;
    }
  if (encrypted)
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_ENCRYPTED,
                           _("The archive is encrypted (entries or headers need a password)"));
      return FALSE;
    }

  previous = bindery_book_enter_utf8_locale ();
  a = open_archive (fd, format, &open_error);
  if (a == NULL)
    {
      bindery_book_leave_utf8_locale (previous);
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                   _("The archive cannot be read: %s"), open_error);
      return FALSE;
    }

  while (ok)
    {
      const BinderyRarFile *rar_file = NULL;
      const char *name;
      guint64 since_check = 0, size_read = 0;
      uLong crc = crc32 (0, Z_NULL, 0);
      int r;

      if (check != NULL && !check (user_data, error))
        {
          ok = FALSE;
          break;
        }
      r = archive_read_next_header (a, &entry);
      if (r == ARCHIVE_EOF)
        break;
      if (r < ARCHIVE_WARN)
        {
          const char *msg = archive_error_string (a);
          g_autofree char *after = previous_name != NULL ? g_utf8_make_valid (previous_name, -1) : NULL;

          if (after != NULL)
            g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                         _("The archive cannot be read after the entry “%s”: %s"), after,
                         msg != NULL ? msg : _("header error"));
          else
            g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                         _("The archive cannot be read: %s"), msg != NULL ? msg : _("header error"));
          ok = FALSE;
          break;
        }
      name = entry_name (entry);
      if (name == NULL)
        name = "";
      g_free (previous_name);
      previous_name = g_strdup (name);
      /* libarchive gives RAR entries in the order of their file headers */
      if (rar_files != NULL && n_entries < rar_files->len)
        rar_file = &g_array_index (rar_files, BinderyRarFile, n_entries);
      n_entries++;
      if (!entry_is_file (entry))
        continue;
      if (archive_entry_is_encrypted (entry))
        {
          ok = verify_set_entry_error (error, bad_entry, BINDERY_BOOK_ERROR_ENCRYPTED, name,
                                       VERIFY_UNREADABLE, _("it is encrypted"));
          break;
        }

      for (;;)
        {
          const void *block;
          size_t size;
          la_int64_t offset;

          r = archive_read_data_block (a, &block, &size, &offset);
          if (r == ARCHIVE_EOF)
            break;
          if (r < ARCHIVE_WARN)
            {
              ok = verify_set_entry_error (error, bad_entry, BINDERY_BOOK_ERROR_CORRUPT, name,
                                           VERIFY_DAMAGED, archive_error_string (a));
              break;
            }
          if (rar_file != NULL)
            crc = crc32_z (crc, block, size);
          size_read += size;
          since_check += size;
          if (since_check >= VERIFY_CHECK_EVERY && check != NULL)
            {
              since_check = 0;
              if (!check (user_data, error))
                {
                  ok = FALSE;
                  break;
                }
            }
        }
      /* libarchive 3.6.2 checks no CRC of a stored RAR entry: compare it here */
      if (ok && rar_file != NULL && rar_file->has_crc && !rar_file->split && !rar_file->is_dir &&
          size_read == rar_file->unpacked_size && (guint32) crc != rar_file->crc)
        {
          g_autofree char *reason = g_strdup_printf (_("CRC-32 %08x, the header says %08x"),
                                                     (guint32) crc, rar_file->crc);

          ok = verify_set_entry_error (error, bad_entry, BINDERY_BOOK_ERROR_CORRUPT, name,
                                       VERIFY_DAMAGED, reason);
        }
      else if (ok && rar_file != NULL && !rar_file->split && !rar_file->is_dir &&
               size_read != rar_file->unpacked_size)
        {
          g_autofree char *reason = g_strdup_printf (_("%" PRIu64 " of %" PRIu64 " bytes"),
                                                     size_read, rar_file->unpacked_size);

          ok = verify_set_entry_error (error, bad_entry, BINDERY_BOOK_ERROR_CORRUPT, name,
                                       VERIFY_CUT_OFF, reason);
        }
    }

  *bytes_read = (guint64) MAX (archive_filter_bytes (a, -1), 0);
  archive_read_free (a);
  bindery_book_leave_utf8_locale (previous);
  return ok;
}
