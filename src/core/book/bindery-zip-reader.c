/* bindery-zip-reader.c: ZIP-based books (cbz, zip, epub) over libzip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libzip reads the central directory once and then only the entries asked for (the
 * ComicInfo.xml, or an EPUB's container.xml and OPF); page data is never read here.
 * Names are raw bytes (ZIP_FL_ENC_RAW); '\' in a name is read as '/'.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bindery-book-private.h"

#include <inttypes.h>
#include <string.h>
#include <zip.h>

#define EPUB_MIMETYPE "application/epub+zip"
#define CONTAINER_XML "META-INF/container.xml"

static void
set_zip_error (GError           **error,
               BinderyBookError   code,
               const char        *what,
               zip_error_t       *zerr)
{
  g_set_error (error, BINDERY_BOOK_ERROR, code, "%s: %s", what, zip_error_strerror (zerr));
}

static BinderyBookError
error_code_for_zip (int ze)
{
  switch (ze)
    {
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
      return BINDERY_BOOK_ERROR_UNREADABLE;
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
      return BINDERY_BOOK_ERROR_ENCRYPTED;
    case ZIP_ER_COMPNOTSUPP:
      return BINDERY_BOOK_ERROR_UNSUPPORTED;
    default:
      return BINDERY_BOOK_ERROR_CORRUPT;
    }
}

/* Opens a ZIP read-only over file (borrowed: it must outlive the archive). */
static zip_t *
open_zip (BinderyBookFile  *file,
          GError          **error)
{
  zip_error_t zerr;
  zip_source_t *src;
  zip_t *za;

  zip_error_init (&zerr);
  src = bindery_zip_source_new (file, &zerr);
  if (src != NULL)
    {
      za = zip_open_from_source (src, ZIP_RDONLY, &zerr);
      if (za != NULL)
        {
          zip_error_fini (&zerr);
          return za;
        }
      zip_source_free (src);
    }

  if (zip_error_code_zip (&zerr) == ZIP_ER_NOZIP)
    g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                         _("Not a readable ZIP archive (the central directory is missing or damaged)"));
  else
    set_zip_error (error, error_code_for_zip (zip_error_code_zip (&zerr)),
                   "Cannot read the ZIP archive", &zerr);
  zip_error_fini (&zerr);
  return NULL;
}

/* name (from the archive, '\' read as '/') equals wanted. */
static gboolean
names_equal (const char *name,
             const char *wanted)
{
  for (; *name != '\0' && *wanted != '\0'; name++, wanted++)
    {
      char c = *name == '\\' ? '/' : *name;
      if (c != *wanted)
        return FALSE;
    }
  return *name == *wanted;
}

gint64
bindery_zip_locate (zip_t      *za,
                    const char *name)
{
  zip_int64_t n, idx;

  idx = zip_name_locate (za, name, ZIP_FL_ENC_RAW);
  if (idx >= 0)
    return idx;
  /* libzip hashes names in its guessed encoding, and keeps '\' as is: look again. */
  n = zip_get_num_entries (za, 0);
  for (zip_int64_t i = 0; i < n; i++)
    {
      const char *entry = zip_get_name (za, i, ZIP_FL_ENC_RAW);

      if (entry != NULL && names_equal (entry, name))
        return i;
    }
  return -1;
}

GBytes *
bindery_zip_read_index (zip_t       *za,
                        guint64      index,
                        const char  *what,
                        gsize        max_size,
                        GError     **error)
{
  g_autofree char *display = g_utf8_make_valid (what, -1);
  g_autofree guint8 *buf = NULL;
  zip_file_t *zf;
  zip_stat_t st;
  gsize size, done = 0;
  guint8 extra;
  zip_int64_t n = 0;

  if (zip_stat_index (za, index, ZIP_FL_ENC_RAW, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    {
      set_zip_error (error, BINDERY_BOOK_ERROR_CORRUPT, "Cannot read the entry header", zip_get_error (za));
      return NULL;
    }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    {
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_ENCRYPTED,
                   _("The entry “%s” is encrypted"), display);
      return NULL;
    }
  if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported (st.comp_method, 0))
    {
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSUPPORTED,
                   _("The entry “%s” uses a compression method that cannot be decoded (%d)"),
                   display, st.comp_method);
      return NULL;
    }
  if ((max_size > 0 && st.size > max_size) || st.size >= G_MAXSIZE)
    {
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSUPPORTED,
                   "The entry “%s” is %" G_GUINT64_FORMAT " bytes, over the limit of %" G_GSIZE_FORMAT,
                   display, (guint64) st.size, max_size);
      return NULL;
    }
  size = st.size;

  zf = zip_fopen_index (za, index, 0);
  if (zf == NULL)
    {
      zip_error_t *zerr = zip_get_error (za);
      set_zip_error (error, error_code_for_zip (zip_error_code_zip (zerr)),
                     "Cannot read the entry", zerr);
      return NULL;
    }

  buf = g_malloc (size);
  while (done < size)
    {
      n = zip_fread (zf, buf + done, size - done);
      if (n <= 0)
        break;
      done += n;
    }
  /* One more read reaches the end of the entry, where libzip checks its CRC. */
  if (done == size)
    n = zip_fread (zf, &extra, 1);
  if (n != 0 || done != size)
    {
      if (n < 0)
        {
          zip_error_t *zerr = zip_file_get_error (zf);
          g_set_error (error, BINDERY_BOOK_ERROR, error_code_for_zip (zip_error_code_zip (zerr)),
                       _("Cannot read the entry “%s”: %s"), display, zip_error_strerror (zerr));
        }
      else
        g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                     _("The entry “%s” does not have the size its header gives"), display);
      zip_fclose (zf);
      return NULL;
    }
  zip_fclose (zf);
  return g_bytes_new_take (g_steal_pointer (&buf), size);
}

static gboolean
mimetype_is_epub (zip_t  *za,
                  gint64  index)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize len;

  if (index < 0)
    return FALSE;
  bytes = bindery_zip_read_index (za, index, "mimetype", 256, NULL);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  while (len > 0 && g_ascii_isspace (data[len - 1]))
    len--;
  return len == strlen (EPUB_MIMETYPE) && memcmp (data, EPUB_MIMETYPE, len) == 0;
}

gboolean
bindery_zip_is_epub (BinderyBookFile *file)
{
  zip_t *za = open_zip (file, NULL);
  gboolean is_epub;

  if (za == NULL)
    return FALSE;
  is_epub = bindery_zip_locate (za, CONTAINER_XML) >= 0 ||
            mimetype_is_epub (za, bindery_zip_locate (za, "mimetype"));
  zip_discard (za);
  return is_epub;
}

/* Unix mode bits in the external attributes, when the archive has them: only a regular
 * file (or no type given) is a file. MS-DOS attribute 0x10 marks a folder. */
static gboolean
entry_is_regular (zip_t   *za,
                  guint64  index)
{
  zip_uint8_t opsys;
  zip_uint32_t attributes;

  if (zip_file_get_external_attributes (za, index, 0, &opsys, &attributes) != 0)
    return TRUE;
  if (opsys == ZIP_OPSYS_UNIX)
    {
      guint32 type = (attributes >> 16) & 0170000;
      return type == 0 || type == 0100000;
    }
  if (opsys == ZIP_OPSYS_DOS)
    return (attributes & 0x10) == 0;
  return TRUE;
}

static BinderyBookInfo *
read_comic (zip_t          *za,
            BinderyListing *listing,
            gint64          comicinfo_index,
            GError        **error)
{
  g_autoptr(BinderyBookInfo) info = NULL;

  if (!bindery_listing_check (listing, TRUE, error))
    return NULL;

  info = bindery_book_info_new ();
  info->format = BINDERY_BOOK_FORMAT_ZIP;
  bindery_listing_sort_pages (listing);
  info->pages = g_steal_pointer (&listing->pages);
  info->page_count = info->pages->len;
  bindery_book_info_set_cover (info, 0);

  if (comicinfo_index >= 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) bytes = bindery_zip_read_index (za, comicinfo_index, "ComicInfo.xml",
                                                        BINDERY_BOOK_MAX_XML_SIZE, &local_error);
      if (bytes != NULL)
        {
          gsize len;
          const char *data = g_bytes_get_data (bytes, &len);
          bindery_book_info_apply_comicinfo (info, data, len);
        }
      else
        g_ptr_array_add (info->warnings, g_strdup_printf (_("ComicInfo.xml not read: %s"),
                                                          local_error->message));
    }
  return g_steal_pointer (&info);
}

BinderyBookInfo *
bindery_zip_read_info (BinderyBookFile  *file,
                       const char       *path,
                       gboolean          epub_by_name,
                       gboolean          sidecar,
                       GError          **error)
{
  BinderyListing listing;
  BinderyBookInfo *info = NULL;
  gint64 comicinfo_index = -1, container_index = -1, mimetype_index = -1;
  zip_int64_t n;
  zip_t *za;

  za = open_zip (file, error);
  if (za == NULL)
    return NULL;

  bindery_listing_init (&listing);
  n = zip_get_num_entries (za, 0);
  for (zip_int64_t i = 0; i < n; i++)
    {
      zip_stat_t st;
      gsize len;
      gboolean is_dir;

      if (zip_stat_index (za, i, ZIP_FL_ENC_RAW, &st) != 0)
        {
          listing.list_error = g_strdup (zip_error_strerror (zip_get_error (za)));
          break;
        }
      if (!(st.valid & ZIP_STAT_NAME) || st.name == NULL || st.name[0] == '\0')
        {
          bindery_listing_add (&listing, NULL, 0, FALSE, TRUE);
          continue;
        }
      len = strlen (st.name);
      is_dir = st.name[len - 1] == '/' || st.name[len - 1] == '\\';
      if (!is_dir && !entry_is_regular (za, i))
        is_dir = TRUE;  /* a link or a special file: not a page, nothing to read */

      if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        listing.encrypted = TRUE;
      if (!is_dir && listing.unsupported == NULL && (st.valid & ZIP_STAT_COMP_METHOD) &&
          !zip_compression_method_supported (st.comp_method, 0))
        {
          g_autofree char *display = g_utf8_make_valid (st.name, len);
          listing.unsupported = g_strdup_printf (_("The entry “%s” uses a compression method that "
                                                 "cannot be decoded (ZIP method %d)"),
                                                 display, st.comp_method);
        }

      if (bindery_listing_add (&listing, st.name, len, !is_dir, TRUE))
        comicinfo_index = i;
      else if (len == strlen (CONTAINER_XML) && names_equal (st.name, CONTAINER_XML))
        container_index = i;
      else if (len == 8 && memcmp (st.name, "mimetype", 8) == 0)
        mimetype_index = i;
    }

  if (container_index >= 0 || epub_by_name || mimetype_is_epub (za, mimetype_index))
    {
      if (bindery_listing_check (&listing, FALSE, error))
        info = bindery_epub_read_info (za, path, container_index, sidecar, error);
    }
  else
    info = read_comic (za, &listing, comicinfo_index, error);

  bindery_listing_clear (&listing);
  zip_discard (za);
  return info;
}

GBytes *
bindery_zip_read_entry (BinderyBookFile  *file,
                        const char       *entry_name,
                        gsize             max_size,
                        GError          **error)
{
  GBytes *bytes = NULL;
  gint64 index;
  zip_t *za;

  za = open_zip (file, error);
  if (za == NULL)
    return NULL;

  index = bindery_zip_locate (za, entry_name);
  if (index < 0)
    {
      g_autofree char *display = g_utf8_make_valid (entry_name, -1);
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_NOT_FOUND,
                   _("The archive has no entry “%s”"), display);
    }
  else
    bytes = bindery_zip_read_index (za, index, entry_name, max_size, error);

  zip_discard (za);
  return bytes;
}

/* --- verification ----------------------------------------------------------------- */

#define VERIFY_CHUNK (256 * 1024)
/* Bytes read within one entry between two calls of the check. */
#define VERIFY_CHECK_EVERY (16 * 1024 * 1024)

/* Sets *bad_entry to name; returns FALSE. */
static gboolean
verify_bad_entry (char       **bad_entry,
                  const char  *name)
{
  if (bad_entry != NULL)
    *bad_entry = g_strdup (name);
  return FALSE;
}

static BinderyBookError
verify_code_for_zip (int ze)
{
  switch (ze)
    {
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
      return BINDERY_BOOK_ERROR_ENCRYPTED;
    case ZIP_ER_COMPNOTSUPP:
      return BINDERY_BOOK_ERROR_UNSUPPORTED;
    default:
      /* a short read inside the archive is data cut off, not an unreadable file */
      return BINDERY_BOOK_ERROR_CORRUPT;
    }
}

/* Reads entry index to its end: libzip inflates it and compares the CRC-32 when the last
 * byte is read (ZIP_ER_CRC); data cut off shows as a read or inflate error, or as fewer
 * bytes than the central directory says. */
static gboolean
verify_entry (zip_t                   *za,
              zip_uint64_t             index,
              guint8                  *buf,
              BinderyBookVerifyCheck   check,
              gpointer                 user_data,
              guint64                 *bytes_read,
              char                   **bad_entry,
              GError                 **error)
{
  g_autofree char *display = NULL;
  zip_stat_t st;
  zip_file_t *zf;
  guint64 done = 0, since_check = 0;

  if (zip_stat_index (za, index, ZIP_FL_ENC_RAW, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
    {
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                   _("The header of entry %" PRIu64 " cannot be read: %s"),
                   (guint64) index + 1, zip_error_strerror (zip_get_error (za)));
      return FALSE;
    }
  if ((st.valid & ZIP_STAT_SIZE) && st.size == 0 && g_str_has_suffix (st.name, "/"))
    return TRUE;   /* a folder */

  display = g_utf8_make_valid (st.name, -1);
  zf = zip_fopen_index (za, index, 0);
  if (zf == NULL)
    {
      zip_error_t *zerr = zip_get_error (za);

      g_set_error (error, BINDERY_BOOK_ERROR, verify_code_for_zip (zip_error_code_zip (zerr)),
                   _("The entry “%s” cannot be read: %s"), display, zip_error_strerror (zerr));
      return verify_bad_entry (bad_entry, st.name);
    }

  for (;;)
    {
      zip_int64_t n = zip_fread (zf, buf, VERIFY_CHUNK);

      if (n < 0)
        {
          zip_error_t *zerr = zip_file_get_error (zf);

          g_set_error (error, BINDERY_BOOK_ERROR, verify_code_for_zip (zip_error_code_zip (zerr)),
                       _("The entry “%s” is damaged after %" PRIu64 " bytes: %s"),
                       display, done, zip_error_strerror (zerr));
          zip_fclose (zf);
          return verify_bad_entry (bad_entry, st.name);
        }
      if (n == 0)
        break;
      done += (guint64) n;
      since_check += (guint64) n;
      if (since_check >= VERIFY_CHECK_EVERY && check != NULL)
        {
          since_check = 0;
          if (!check (user_data, error))
            {
              zip_fclose (zf);
              return FALSE;
            }
        }
    }
  zip_fclose (zf);

  if (st.valid & ZIP_STAT_COMP_SIZE)
    *bytes_read += st.comp_size;
  if ((st.valid & ZIP_STAT_SIZE) && done != st.size)
    {
      g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                   _("The entry “%s” is cut off: %" PRIu64 " of %" PRIu64 " bytes"),
                   display, done, (guint64) st.size);
      return verify_bad_entry (bad_entry, st.name);
    }
  return TRUE;
}

gboolean
bindery_zip_verify (BinderyBookFile         *file,
                    BinderyBookVerifyCheck   check,
                    gpointer                 user_data,
                    guint64                 *bytes_read,
                    char                   **bad_entry,
                    GError                 **error)
{
  g_autofree guint8 *buf = NULL;
  zip_int64_t n;
  gboolean ok = TRUE;
  zip_t *za;

  *bytes_read = 0;
  za = open_zip (file, error);
  if (za == NULL)
    return FALSE;

  buf = g_malloc (VERIFY_CHUNK);
  n = zip_get_num_entries (za, 0);
  for (zip_int64_t i = 0; ok && i < n; i++)
    {
      if (check != NULL && !check (user_data, error))
        ok = FALSE;
      else
        ok = verify_entry (za, (zip_uint64_t) i, buf, check, user_data, bytes_read, bad_entry, error);
    }
  zip_discard (za);
  return ok;
}
