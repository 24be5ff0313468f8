/* bindery-zip-source.c: a read-only libzip source over a BinderyBookFile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * zip_fdopen() dups the descriptor, wraps it in stdio and stats it twice; this source
 * reads with pread instead, through the book's cached head and tail (see
 * bindery-book-file.c), so reading ComicInfo.xml from the end of a comic book usually
 * costs no system call of its own.
 *
 * Opening an archive, libzip reads the last 64 KiB + 22 bytes of the file in one go and
 * searches all of it for the end of central directory record (EOCD): for a book of
 * large pages that is 64 KiB of page data copied and scanned for every book. When the
 * file ends in a plain EOCD (no comment, no ZIP64 values, the central directory right
 * before it), everything libzip needs from that read is the central directory and the
 * EOCD: the bytes before the central directory are then given as zeros instead of
 * read. libzip looks at nothing else in that read (it does not check local headers when
 * opening), so it opens the same archive either way; any other file is read in full.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "bindery-book-private.h"

#include <errno.h>
#include <string.h>
#include <zip.h>

#define EOCD_SIZE 22

typedef struct {
  BinderyBookFile *file;         /* borrowed */
  guint64          offset;
  gboolean         first_read;   /* the next read is the first since the source was made */
  zip_error_t      error;
} BookSource;

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

/* Offset of the central directory when the tail ends in a plain EOCD that follows it
 * directly, else G_MAXUINT64. */
static guint64
plain_central_directory (const BinderyBookFile *file)
{
  const guint8 *eocd;
  guint32 cd_size, cd_offset;

  if (file->tail_len < EOCD_SIZE)
    return G_MAXUINT64;
  eocd = file->tail + file->tail_len - EOCD_SIZE;
  if (memcmp (eocd, "PK\5\6", 4) != 0)
    return G_MAXUINT64;
  cd_size = le32 (eocd + 12);
  cd_offset = le32 (eocd + 16);
  if (le16 (eocd + 4) != 0 || le16 (eocd + 6) != 0 ||     /* one disk */
      le16 (eocd + 8) != le16 (eocd + 10) || le16 (eocd + 10) == 0xffff ||
      cd_size == 0xffffffff || cd_offset == 0xffffffff ||  /* no ZIP64 values */
      le16 (eocd + 20) != 0 ||                             /* no comment */
      (guint64) cd_offset + cd_size != file->size - EOCD_SIZE)
    return G_MAXUINT64;
  return cd_offset;
}

/* libzip's EOCD search: len bytes up to the end of the file into data. */
static gboolean
read_eocd_search (BookSource *src,
                  guint8     *data,
                  gsize       len)
{
  BinderyBookFile *file = src->file;
  guint64 start = file->size - len;
  guint64 tail_start, keep_from;

  if (!bindery_book_file_read_tail (file))
    return FALSE;
  if (len <= file->tail_len)
    {
      memcpy (data, file->tail + (file->tail_len - len), len);
      return TRUE;
    }
  tail_start = file->size - file->tail_len;
  memcpy (data + (tail_start - start), file->tail, file->tail_len);

  keep_from = plain_central_directory (file);
  if (keep_from == G_MAXUINT64 || keep_from < start)
    keep_from = start;
  if (keep_from < tail_start &&
      !bindery_book_file_pread (file, data + (keep_from - start), tail_start - keep_from, keep_from))
    return FALSE;
  if (keep_from > start)
    memset (data, 0, MIN (keep_from, tail_start) - start);
  return TRUE;
}

static zip_int64_t
book_source_callback (void             *user_data,
                      void             *data,
                      zip_uint64_t      len,
                      zip_source_cmd_t  cmd)
{
  BookSource *src = user_data;
  BinderyBookFile *file = src->file;

  switch (cmd)
    {
    case ZIP_SOURCE_OPEN:
      src->offset = 0;
      return 0;

    case ZIP_SOURCE_READ:
      {
        gboolean first_read = src->first_read;
        gboolean ok;

        src->first_read = FALSE;
        if (src->offset >= file->size)
          return 0;
        len = MIN (len, file->size - src->offset);
        len = MIN (len, (zip_uint64_t) G_MAXSSIZE);
        if (first_read && src->offset + len == file->size && len > EOCD_SIZE)
          ok = read_eocd_search (src, data, len);
        else
          ok = bindery_book_file_pread (file, data, len, src->offset);
        if (!ok)
          {
            zip_error_set (&src->error, ZIP_ER_READ, errno);
            return -1;
          }
        src->offset += len;
        return (zip_int64_t) len;
      }

    case ZIP_SOURCE_CLOSE:
      return 0;

    case ZIP_SOURCE_STAT:
      {
        zip_stat_t *st = data;

        if (len < sizeof *st)
          {
            zip_error_set (&src->error, ZIP_ER_INVAL, 0);
            return -1;
          }
        zip_stat_init (st);
        st->size = file->size;
        st->comp_size = file->size;
        st->comp_method = ZIP_CM_STORE;
        st->encryption_method = ZIP_EM_NONE;
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
        return sizeof *st;
      }

    case ZIP_SOURCE_ERROR:
      return zip_error_to_data (&src->error, data, len);

    case ZIP_SOURCE_FREE:
      zip_error_fini (&src->error);
      g_free (src);
      return 0;

    case ZIP_SOURCE_SEEK:
      {
        zip_int64_t offset = zip_source_seek_compute_offset (src->offset, file->size, data, len,
                                                             &src->error);
        if (offset < 0)
          return -1;
        src->offset = offset;
        return 0;
      }

    case ZIP_SOURCE_TELL:
      return (zip_int64_t) src->offset;

    case ZIP_SOURCE_SUPPORTS:
      return ZIP_SOURCE_SUPPORTS_SEEKABLE;

    default:
      zip_error_set (&src->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
    }
}

zip_source_t *
bindery_zip_source_new (BinderyBookFile *file,
                        zip_error_t     *error)
{
  BookSource *src = g_new0 (BookSource, 1);
  zip_source_t *zs;

  src->file = file;
  src->first_read = TRUE;
  zip_error_init (&src->error);
  zs = zip_source_function_create (book_source_callback, src, error);
  if (zs == NULL)
    {
      zip_error_fini (&src->error);
      g_free (src);
    }
  return zs;
}
