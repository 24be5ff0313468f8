/* bindery-book-file.c: one open book and the blocks already read at its start and end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a ZIP book needs its first bytes (the format sniff), its last bytes (the end
 * of central directory record, the central directory and, in most comic books, the
 * ComicInfo.xml entry) and four fingerprint blocks, of which the first and last are the
 * same bytes again. Each is read once: a read that lies within the head or the tail is
 * a copy, not a system call.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "bindery-book-private.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void
bindery_book_file_init (BinderyBookFile *file,
                        int              fd,
                        guint64          size)
{
  file->fd = fd;
  file->size = size;
  file->head_len = 0;
  file->tail_len = 0;
}

static gboolean
pread_all (int      fd,
           guint8  *buf,
           gsize    len,
           guint64  offset)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = pread (fd, buf + done, len - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n == 0)
        errno = EIO;  /* the file shrank under us */
      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

gboolean
bindery_book_file_read_head (BinderyBookFile *file)
{
  gsize len = (gsize) MIN (file->size, (guint64) BINDERY_BOOK_HEAD_SIZE);

  if (file->head_len == len)
    return TRUE;
  if (!pread_all (file->fd, file->head, len, 0))
    return FALSE;
  file->head_len = len;
  return TRUE;
}

gboolean
bindery_book_file_read_tail (BinderyBookFile *file)
{
  gsize len = (gsize) MIN (file->size, (guint64) BINDERY_BOOK_TAIL_SIZE);

  if (file->tail_len == len)
    return TRUE;
  if (file->size <= file->head_len)
    memcpy (file->tail, file->head, len);   /* the head is the whole file */
  else if (!pread_all (file->fd, file->tail, len, file->size - len))
    return FALSE;
  file->tail_len = len;
  return TRUE;
}

gboolean
bindery_book_file_pread (BinderyBookFile *file,
                         void            *buf,
                         gsize            len,
                         guint64          offset)
{
  guint64 tail_offset = file->size - file->tail_len;

  if (offset + len <= file->head_len)
    {
      memcpy (buf, file->head + offset, len);
      return TRUE;
    }
  if (file->tail_len > 0 && offset >= tail_offset && offset + len <= file->size)
    {
      memcpy (buf, file->tail + (offset - tail_offset), len);
      return TRUE;
    }
  return pread_all (file->fd, buf, len, offset);
}
