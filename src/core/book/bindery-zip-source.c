/* bindery-zip-source.c: a read-only libzip source over a file descriptor, with pread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * zip_fdopen() dups the descriptor, wraps it in stdio and stats it twice; reading a
 * book through this source instead costs one pread per read libzip asks for (the end
 * of the file, then a local header and the ComicInfo.xml data), with no copy through a
 * stdio buffer. The descriptor is borrowed: it stays open and its offset is untouched.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "bindery-book-private.h"

#include <errno.h>
#include <unistd.h>
#include <zip.h>

typedef struct {
  int         fd;
  guint64     size;
  guint64     offset;
  zip_error_t error;
} FdSource;

static zip_int64_t
fd_source_callback (void             *user_data,
                    void             *data,
                    zip_uint64_t      len,
                    zip_source_cmd_t  cmd)
{
  FdSource *src = user_data;

  switch (cmd)
    {
    case ZIP_SOURCE_OPEN:
      src->offset = 0;
      return 0;

    case ZIP_SOURCE_READ:
      {
        gssize n;

        if (src->offset >= src->size)
          return 0;
        len = MIN (len, src->size - src->offset);
        len = MIN (len, (zip_uint64_t) G_MAXSSIZE);
        do
          n = pread (src->fd, data, len, (off_t) src->offset);
        while (n < 0 && errno == EINTR);
        if (n < 0)
          {
            zip_error_set (&src->error, ZIP_ER_READ, errno);
            return -1;
          }
        src->offset += n;
        return n;
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
        st->size = src->size;
        st->comp_size = src->size;
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
        zip_int64_t offset = zip_source_seek_compute_offset (src->offset, src->size, data, len,
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
bindery_zip_source_new_fd (int          fd,
                           guint64      size,
                           zip_error_t *error)
{
  FdSource *src = g_new0 (FdSource, 1);
  zip_source_t *zs;

  src->fd = fd;
  src->size = size;
  zip_error_init (&src->error);
  zs = zip_source_function_create (fd_source_callback, src, error);
  if (zs == NULL)
    {
      zip_error_fini (&src->error);
      g_free (src);
    }
  return zs;
}
