/* bindery-converter.c: one RAR or 7z book to CBZ, verified, without losing a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-convert"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <inttypes.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "bindery-converter.h"

#define READ_BLOCK  (256 * 1024)
#define DATA_CHUNK  (256 * 1024)
#define MAX_DEPTH   64

G_DEFINE_QUARK (bindery-convert-error-quark, bindery_convert_error)

/* What was written for one entry, to check against the new file. */
typedef struct {
  char    *name;   /* as the ZIP stores it (a folder ends with '/') */
  guint64  size;
  guint32  crc;
} Expected;

static void
expected_free (Expected *e)
{
  g_free (e->name);
  g_free (e);
}

/* The writer's output: our descriptor, the errno of the first failed write. */
typedef struct {
  int      fd;
  guint64  written;
  int      error_errno;
  guint64  fail_after;
  int      fail_errno;
} Output;

static la_ssize_t
output_write (struct archive *a,
              void           *data,
              const void     *buffer,
              size_t          length)
{
  Output *out = data;
  const guint8 *p = buffer;
  size_t left = length;

  while (left > 0)
    {
      size_t chunk = left;
      ssize_t n;

      if (out->fail_after > 0)
        {
          if (out->written >= out->fail_after)
            {
              out->error_errno = out->fail_errno != 0 ? out->fail_errno : ENOSPC;
              archive_set_error (a, out->error_errno, "%s", g_strerror (out->error_errno));
              return -1;
            }
          chunk = MIN (chunk, out->fail_after - out->written);
        }
      n = write (out->fd, p, chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          out->error_errno = errno;
          archive_set_error (a, errno, "%s", g_strerror (errno));
          return -1;
        }
      p += n;
      left -= n;
      out->written += n;
    }
  return length;
}

void
bindery_convert_result_clear (BinderyConvertResult *result)
{
  g_clear_pointer (&result->path, g_free);
  memset (result, 0, sizeof *result);
}

gboolean
bindery_converter_can_convert (BinderyBookFormat format)
{
  return format == BINDERY_BOOK_FORMAT_RAR || format == BINDERY_BOOK_FORMAT_7Z;
}

char *
bindery_converter_destination_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  g_autofree char *name = NULL;

  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strconcat (base, ".cbz", NULL);
  return g_build_filename (dir, name, NULL);
}

gboolean
bindery_converter_is_temp_name (const char *basename)
{
  gsize prefix = strlen (BINDERY_CONVERT_TEMP_PREFIX);
  gsize suffix = strlen (BINDERY_CONVERT_TEMP_SUFFIX);

  if (basename == NULL || strlen (basename) != prefix + 6 + suffix)
    return FALSE;
  if (!g_str_has_prefix (basename, BINDERY_CONVERT_TEMP_PREFIX) ||
      !g_str_has_suffix (basename, BINDERY_CONVERT_TEMP_SUFFIX))
    return FALSE;
  for (gsize i = prefix; i < prefix + 6; i++)
    if (!g_ascii_isalnum (basename[i]))
      return FALSE;
  return TRUE;
}

static gboolean
set_errno_error (GError     **error,
                 int          errsv,
                 const char  *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", what,
               g_strerror (errsv));
  return FALSE;
}

static gboolean
is_page_entry (const char *name)
{
  return bindery_entry_is_page (name);
}

/* Source header/data problems: encrypted when libarchive says so, else corrupt. */
static gboolean
set_read_error (struct archive  *a,
                const char      *what,
                GError         **error)
{
  const char *msg = archive_error_string (a);
  int kind = archive_read_has_encrypted_entries (a) == 1 ? BINDERY_BOOK_ERROR_ENCRYPTED
                                                          : BINDERY_BOOK_ERROR_CORRUPT;

  g_set_error (error, BINDERY_BOOK_ERROR, kind, "%s: %s", what,
               msg != NULL ? msg : _("read error"));
  return FALSE;
}

static gboolean
set_write_error (struct archive  *a,
                 Output          *out,
                 GError         **error)
{
  if (out->error_errno != 0)
    return set_errno_error (error, out->error_errno, _("Cannot write the new file"));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write the new file: %s"),
               archive_error_string (a) ? archive_error_string (a) : _("write error"));
  return FALSE;
}

/* Copies the entries of reader into writer (NULL: only reads them), recording what was
 * written. */
static gboolean
copy_entries (struct archive              *reader,
              struct archive              *writer,
              Output                      *out,
              guint64                      source_size,
              const BinderyConvertOptions *options,
              GPtrArray                   *expected,
              guint64                     *data_bytes,
              GError                     **error)
{
  g_autofree guint8 *buffer = g_malloc (DATA_CHUNK);

  for (;;)
    {
      struct archive_entry *entry;
      g_autoptr(GString) stored_name = NULL;
      struct archive_entry *copy;
      const char *name;
      mode_t type;
      Expected *e;
      int r;

      if (options->check != NULL && !options->check (options->user_data, error))
        return FALSE;

      r = archive_read_next_header (reader, &entry);
      if (r == ARCHIVE_EOF)
        return TRUE;
      if (r < ARCHIVE_WARN)
        return set_read_error (reader, _("Cannot read the next entry"), error);

      name = archive_entry_pathname (entry);
      if (name == NULL)
        name = archive_entry_pathname_utf8 (entry);
      if (name == NULL || *name == '\0')
        {
          g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_CORRUPT,
                               _("An entry has no name"));
          return FALSE;
        }
      if (!bindery_book_entry_name_is_safe (name))
        {
          g_autofree char *display = g_utf8_make_valid (name, -1);
          g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSAFE_ENTRY_NAME,
                       _("The entry name “%s” is absolute or climbs out with “..”"), display);
          return FALSE;
        }
      if (archive_entry_is_encrypted (entry))
        {
          g_autofree char *display = g_utf8_make_valid (name, -1);
          g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_ENCRYPTED,
                       _("The entry “%s” is encrypted"), display);
          return FALSE;
        }

      type = archive_entry_filetype (entry);
      if (type == 0)
        type = AE_IFREG;
      if ((type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK) ||
          archive_entry_hardlink (entry) != NULL)
        {
          g_autofree char *display = g_utf8_make_valid (name, -1);
          g_set_error (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNSUPPORTED,
                       _("The entry “%s” is a hard link or a special file, which a ZIP cannot hold"),
                       display);
          return FALSE;
        }

      stored_name = g_string_new (name);
      if (type == AE_IFDIR && !g_str_has_suffix (name, "/"))
        g_string_append_c (stored_name, '/');

      copy = archive_entry_new ();
      archive_entry_set_pathname (copy, name);
      archive_entry_set_filetype (copy, type);
      archive_entry_set_perm (copy, archive_entry_perm (entry) != 0
                                    ? archive_entry_perm (entry)
                                    : (type == AE_IFDIR ? 0755 : 0644));
      if (archive_entry_mtime_is_set (entry))
        archive_entry_set_mtime (copy, archive_entry_mtime (entry), 0);
      else
        archive_entry_set_mtime (copy, time (NULL), 0);
      if (type == AE_IFDIR)
        archive_entry_set_size (copy, 0);
      if (type == AE_IFLNK)
        archive_entry_set_symlink (copy, archive_entry_symlink (entry) ? archive_entry_symlink (entry) : "");

      /* Pages (already compressed images), folders and links stored; the rest deflated. */
      if (writer != NULL &&
          (type == AE_IFREG && !is_page_entry (name)
           ? archive_write_zip_set_compression_deflate (writer)
           : archive_write_zip_set_compression_store (writer)) != ARCHIVE_OK)
        {
          archive_entry_free (copy);
          return set_write_error (writer, out, error);
        }

      e = g_new0 (Expected, 1);
      e->name = g_string_free (g_steal_pointer (&stored_name), FALSE);
      e->crc = crc32 (0L, Z_NULL, 0);
      g_ptr_array_add (expected, e);

      r = writer != NULL ? archive_write_header (writer, copy) : ARCHIVE_OK;
      if (r < ARCHIVE_WARN)
        {
          archive_entry_free (copy);
          return set_write_error (writer, out, error);
        }

      if (type == AE_IFLNK)
        {
          const char *target = archive_entry_symlink (copy);
          e->size = strlen (target);
          e->crc = crc32 (e->crc, (const Bytef *) target, e->size);
        }
      archive_entry_free (copy);

      while (type == AE_IFREG)
        {
          la_ssize_t n = archive_read_data (reader, buffer, DATA_CHUNK);

          if (n < 0)
            {
              g_autofree char *display = g_utf8_make_valid (name, -1);
              g_autofree char *what = g_strdup_printf (_("Cannot read the entry “%s”"), display);
              return set_read_error (reader, what, error);
            }
          if (n == 0)
            break;
          if (writer != NULL && archive_write_data (writer, buffer, n) != n)
            return set_write_error (writer, out, error);
          e->crc = crc32 (e->crc, buffer, n);
          e->size += n;
          *data_bytes += n;
          if (options->progress != NULL)
            options->progress (MIN ((guint64) archive_filter_bytes (reader, -1), source_size),
                               source_size, options->user_data);
        }

      if (writer != NULL && archive_write_finish_entry (writer) < ARCHIVE_WARN)
        return set_write_error (writer, out, error);
    }
}

/* Reads every entry of the new file back with libzip: names, sizes and CRC-32 of the
 * data as decompressed, against what was written. */
static gboolean
verify (const char  *tmp_path,
        GPtrArray   *expected,
        GError     **error)
{
  g_autofree guint8 *buffer = NULL;
  zip_t *za;
  int zerr = 0;
  zip_int64_t n;
  gboolean ok = FALSE;

  za = zip_open (tmp_path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
  if (za == NULL)
    {
      zip_error_t ze;
      zip_error_init_with_code (&ze, zerr);
      g_set_error (error, BINDERY_CONVERT_ERROR, BINDERY_CONVERT_ERROR_VERIFY,
                   _("The new file does not open as a ZIP: %s"), zip_error_strerror (&ze));
      zip_error_fini (&ze);
      return FALSE;
    }

  n = zip_get_num_entries (za, 0);
  if (n < 0 || (guint64) n != expected->len)
    {
      g_set_error (error, BINDERY_CONVERT_ERROR, BINDERY_CONVERT_ERROR_VERIFY,
                   _("The new file has %" PRId64 " entries, %u were written"),
                   (gint64) n, expected->len);
      goto out;
    }

  buffer = g_malloc (DATA_CHUNK);
  for (guint i = 0; i < expected->len; i++)
    {
      Expected *e = g_ptr_array_index (expected, i);
      g_autofree char *display = g_utf8_make_valid (e->name, -1);
      zip_stat_t st;
      zip_file_t *zf;
      guint32 crc = crc32 (0L, Z_NULL, 0);
      guint64 size = 0;
      zip_int64_t r;

      zip_stat_init (&st);
      if (zip_stat_index (za, i, ZIP_FL_ENC_RAW, &st) != 0 ||
          (st.valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_CRC)) !=
            (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_CRC))
        {
          g_set_error (error, BINDERY_CONVERT_ERROR, BINDERY_CONVERT_ERROR_VERIFY,
                       _("Entry %u of the new file cannot be read: %s"), i, zip_strerror (za));
          goto out;
        }
      if (strcmp (st.name, e->name) != 0 || st.size != e->size || st.crc != e->crc)
        {
          g_set_error (error, BINDERY_CONVERT_ERROR, BINDERY_CONVERT_ERROR_VERIFY,
                       _("Entry %u of the new file (“%s”) differs from the source's in its "
                         "name, size or CRC-32"), i, display);
          goto out;
        }

      zf = zip_fopen_index (za, i, 0);
      if (zf == NULL)
        {
          g_set_error (error, BINDERY_CONVERT_ERROR, BINDERY_CONVERT_ERROR_VERIFY,
                       _("The entry “%s” of the new file cannot be opened: %s"), display,
                       zip_strerror (za));
          goto out;
        }
      while ((r = zip_fread (zf, buffer, DATA_CHUNK)) > 0)
        {
          crc = crc32 (crc, buffer, r);
          size += r;
        }
      if (r < 0 || zip_fclose (zf) != 0 || size != e->size || crc != e->crc)
        {
          g_set_error (error, BINDERY_CONVERT_ERROR, BINDERY_CONVERT_ERROR_VERIFY,
                       _("The data of the entry “%s” in the new file differs from the source's"),
                       display);
          goto out;
        }
    }
  ok = TRUE;

out:
  zip_discard (za);
  return ok;
}

/* Renames without replacing: RENAME_NOREPLACE, else link + unlink, else (file systems
 * with neither, such as some FUSE ones) a check then a rename. */
static gboolean
rename_no_replace (const char  *from,
                   const char  *to,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_basename (to);

  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno == EEXIST)
    goto exists;
  if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
    return set_errno_error (error, errno, _("Cannot rename the new file into place"));

  if (link (from, to) == 0)
    {
      g_unlink (from);
      return TRUE;
    }
  if (errno == EEXIST)
    goto exists;
  if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
    return set_errno_error (error, errno, _("Cannot rename the new file into place"));

  if (g_file_test (to, G_FILE_TEST_EXISTS))
    goto exists;
  if (g_rename (from, to) != 0)
    return set_errno_error (error, errno, _("Cannot rename the new file into place"));
  return TRUE;

exists:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("“%s” already exists; nothing was changed"), display);
  return FALSE;
}

static gboolean
fsync_folder (const char  *folder,
              GError     **error)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int errsv;

  if (fd < 0)
    return set_errno_error (error, errno, _("Cannot open the folder to flush it"));
  if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      errsv = errno;
      close (fd);
      return set_errno_error (error, errsv, _("Cannot flush the folder"));
    }
  close (fd);
  return TRUE;
}

/* The source's problems as the book reader states them (RAR5 encryption, which
 * libarchive 3.6.2 does not flag, and the error precedence of the fixture manifest).
 * An archive without pages converts like any other. */
static gboolean
check_source (const char  *path,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(BinderyBookInfo) info = bindery_book_read_info (path, &local_error);

  if (info != NULL || g_error_matches (local_error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_NO_PAGES))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static struct archive *
open_reader (int                 fd,
             BinderyBookFormat   format,
             GError            **error)
{
  struct archive *a = archive_read_new ();

  if (format == BINDERY_BOOK_FORMAT_RAR)
    {
      archive_read_support_format_rar (a);
      archive_read_support_format_rar5 (a);
    }
  else
    archive_read_support_format_7zip (a);

  if (archive_read_open_fd (a, fd, READ_BLOCK) != ARCHIVE_OK)
    {
      set_read_error (a, _("The archive cannot be read"), error);
      archive_read_free (a);
      return NULL;
    }
  return a;
}

/* Entry sizes are not known before their data is read (libarchive's size for a RAR or 7z
 * entry is the header's claim), so each entry's CRC-32 and sizes follow its data in a data
 * descriptor, with zeros in its local header. Zip64 records are written only for sources
 * of 2 GiB and more: zip64 on every entry would make every book need a Zip64 reader. */
static struct archive *
open_writer (Output  *out,
             guint64  source_size,
             GError **error)
{
  struct archive *a = archive_write_new ();

  if (archive_write_set_format_zip (a) != ARCHIVE_OK ||
      (source_size < G_GUINT64_CONSTANT (2) << 30 &&
       archive_write_set_format_option (a, "zip", "zip64", NULL) != ARCHIVE_OK) ||
      archive_write_set_bytes_in_last_block (a, 1) != ARCHIVE_OK ||
      archive_write_open (a, out, NULL, output_write, NULL) != ARCHIVE_OK)
    {
      set_write_error (a, out, error);
      archive_write_free (a);
      return NULL;
    }
  return a;
}

/* Writes the temporary file: entries, central directory, mode, fsync. */
static gboolean
write_temp (int                          source_fd,
            BinderyBookFormat            format,
            guint64                      source_size,
            int                          tmp_fd,
            const BinderyConvertOptions *options,
            GPtrArray                   *expected,
            guint64                     *data_bytes,
            GError                     **error)
{
  Output out = { tmp_fd, 0, 0, options->fail_after_bytes, options->fail_errno };
  struct archive *reader;
  struct archive *writer;
  gboolean ok;

  reader = open_reader (source_fd, format, error);
  if (reader == NULL)
    return FALSE;
  writer = open_writer (&out, source_size, error);
  if (writer == NULL)
    {
      archive_read_free (reader);
      return FALSE;
    }

  ok = copy_entries (reader, writer, &out, source_size, options, expected, data_bytes, error);
  if (ok && archive_write_close (writer) != ARCHIVE_OK)
    ok = set_write_error (writer, &out, error);
  archive_write_free (writer);
  archive_read_free (reader);
  if (ok && fsync (tmp_fd) != 0)
    ok = set_errno_error (error, errno, _("Cannot flush the new file"));
  return ok;
}

gboolean
bindery_converter_is_conversion_of (const char        *path,
                                    BinderyBookFormat  format,
                                    const char        *dest)
{
  static const BinderyConvertOptions no_options = { NULL, NULL, NULL, 0, 0 };
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) expected_free);
  g_autoptr(GError) error = NULL;
  struct archive *reader;
  guint64 data_bytes = 0;
  gboolean ok;
  locale_t previous;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  previous = bindery_book_enter_utf8_locale ();
  reader = open_reader (fd, format, &error);
  ok = reader != NULL && fstat (fd, &st) == 0 &&
       copy_entries (reader, NULL, NULL, st.st_size, &no_options, expected, &data_bytes, &error) &&
       verify (dest, expected, &error);
  if (reader != NULL)
    archive_read_free (reader);
  bindery_book_leave_utf8_locale (previous);
  close (fd);
  if (!ok)
    g_debug ("%s is not a conversion of %s: %s", dest, path, error ? error->message : "");
  return ok;
}

gboolean
bindery_converter_convert (const char                  *path,
                           BinderyBookFormat            format,
                           const BinderyConvertOptions *options,
                           BinderyConvertResult        *result,
                           GError                     **error)
{
  static const BinderyConvertOptions no_options = { NULL, NULL, NULL, 0, 0 };
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) expected_free);
  g_autofree char *dest = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *tmp_path = NULL;
  struct stat st;
  guint64 data_bytes = 0;
  int source_fd = -1;
  int tmp_fd = -1;
  gboolean ok = FALSE;
  locale_t previous;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (bindery_converter_can_convert (format), FALSE);

  memset (result, 0, sizeof *result);
  if (options == NULL)
    options = &no_options;

  dest = bindery_converter_destination_path (path);
  folder = g_path_get_dirname (path);
  if (strcmp (dest, path) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _("The book is already named .cbz (its content is not ZIP): the new "
                             "file would take its name; nothing was changed"));
      return FALSE;
    }
  if (g_file_test (dest, G_FILE_TEST_EXISTS) || g_file_test (dest, G_FILE_TEST_IS_SYMLINK))
    {
      g_autofree char *display = g_filename_display_basename (dest);

      /* A run killed between its rename and its catalog update left this very file. */
      if (!g_file_test (dest, G_FILE_TEST_IS_SYMLINK) &&
          bindery_converter_is_conversion_of (path, format, dest))
        {
          struct stat dest_st;

          if (g_stat (path, &st) == 0 && g_stat (dest, &dest_st) == 0)
            {
              result->path = g_steal_pointer (&dest);
              result->bytes_before = st.st_size;
              result->bytes_after = dest_st.st_size;
              result->adopted = TRUE;
              return TRUE;
            }
        }
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists; nothing was changed"), display);
      return FALSE;
    }

  source_fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (source_fd < 0)
    {
      int errsv = errno;
      g_set_error (error, errsv == ENOENT ? G_IO_ERROR : BINDERY_BOOK_ERROR,
                   errsv == ENOENT ? G_IO_ERROR_NOT_FOUND : BINDERY_BOOK_ERROR_UNREADABLE,
                   _("Cannot open the book: %s"), g_strerror (errsv));
      return FALSE;
    }
  if (fstat (source_fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, BINDERY_BOOK_ERROR, BINDERY_BOOK_ERROR_UNREADABLE,
                           _("The book is not a regular file"));
      close (source_fd);
      return FALSE;
    }
  if (!check_source (path, error))
    {
      close (source_fd);
      return FALSE;
    }

  tmp_path = g_build_filename (folder, BINDERY_CONVERT_TEMP_PREFIX "XXXXXX" BINDERY_CONVERT_TEMP_SUFFIX,
                               NULL);
  tmp_fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (tmp_fd < 0)
    {
      set_errno_error (error, errno, _("Cannot create a file in the book's folder"));
      close (source_fd);
      return FALSE;
    }
  /* The new file gets the original's permissions. */
  if (fchmod (tmp_fd, st.st_mode & 0777) != 0)
    g_debug ("fchmod %s: %s", tmp_path, g_strerror (errno));

  previous = bindery_book_enter_utf8_locale ();
  ok = write_temp (source_fd, format, st.st_size, tmp_fd, options, expected, &data_bytes, error);
  bindery_book_leave_utf8_locale (previous);
  close (source_fd);
  if (close (tmp_fd) != 0 && ok)
    ok = set_errno_error (error, errno, _("Cannot write the new file"));

  ok = ok && verify (tmp_path, expected, error);
  ok = ok && rename_no_replace (tmp_path, dest, error);
  if (!ok)
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  /* From here the new file is in place: a folder that cannot be flushed (some network
   * file systems refuse) does not undo it; the next flush of the file system keeps it. */
  {
    g_autoptr(GError) sync_error = NULL;
    if (!fsync_folder (folder, &sync_error))
      g_debug ("%s: %s", folder, sync_error->message);
  }

  result->path = g_steal_pointer (&dest);
  result->entries = expected->len;
  result->bytes_before = st.st_size;
  result->data_bytes = data_bytes;
  if (g_stat (result->path, &st) == 0)
    result->bytes_after = st.st_size;
  return TRUE;
}

gboolean
bindery_converter_estimate_size (const char         *path,
                                 BinderyBookFormat   format,
                                 guint64            *size,
                                 GError            **error)
{
  struct archive *a;
  struct archive_entry *entry;
  guint64 total = 22;   /* end of central directory */
  locale_t previous;
  int fd;
  int r;

  g_return_val_if_fail (bindery_converter_can_convert (format), FALSE);

  *size = 0;
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_errno_error (error, errno, _("Cannot open the book"));
  previous = bindery_book_enter_utf8_locale ();
  a = open_reader (fd, format, error);
  if (a == NULL)
    {
      bindery_book_leave_utf8_locale (previous);
      close (fd);
      return FALSE;
    }
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *name = archive_entry_pathname (entry);
      gsize name_len = name != NULL ? strlen (name) + 1 : 1;

      /* local header + data descriptor + central directory record + their extra fields */
      total += 30 + 16 + 46 + 2 * (name_len + 24);
      if (archive_entry_size_is_set (entry) && archive_entry_size (entry) > 0)
        total += archive_entry_size (entry);
      else if (archive_entry_symlink (entry) != NULL)
        total += strlen (archive_entry_symlink (entry));
    }
  if (r != ARCHIVE_EOF)
    set_read_error (a, _("Cannot read the next entry"), error);
  archive_read_free (a);
  bindery_book_leave_utf8_locale (previous);
  close (fd);
  if (r != ARCHIVE_EOF)
    return FALSE;
  *size = total;
  return TRUE;
}

gboolean
bindery_converter_dispose_original (const char  *path,
                                    gboolean     delete,
                                    GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (delete)
    {
      if (g_unlink (path) != 0)
        return set_errno_error (error, errno, _("Cannot delete the original"));
      return TRUE;
    }
  file = g_file_new_for_path (path);
  return g_file_trash (file, NULL, error);
}

static guint
remove_temp_files (const char *folder,
                   gboolean    recursive,
                   guint       depth)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint removed = 0;

  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (folder, name, NULL);
      struct stat st;

      if (lstat (child, &st) != 0)
        continue;
      if (S_ISREG (st.st_mode) && bindery_converter_is_temp_name (name))
        {
          if (g_unlink (child) == 0)
            removed++;
          else
            g_debug ("Cannot remove %s: %s", child, g_strerror (errno));
        }
      else if (recursive && S_ISDIR (st.st_mode) && name[0] != '.' && depth < MAX_DEPTH)
        removed += remove_temp_files (child, TRUE, depth + 1);
    }
  return removed;
}

guint
bindery_converter_remove_temp_files (const char *folder,
                                     gboolean    recursive)
{
  g_return_val_if_fail (folder != NULL, 0);

  return remove_temp_files (folder, recursive, 0);
}
