/* bindery-rar-headers.c: RAR4/RAR5 block headers, read for encryption flags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layouts follow the public "RAR 5.0 archive format" text and the RAR 2.x-4.x technote.
 * RAR5 header: CRC32 | size (vint, at most 3 bytes; counts type..extra area) | type |
 * flags | [extra size] | [data size] | fields | extra area (records: size | type | data).
 * RAR4 block: CRC16 | type | flags | size (u16, whole header) | [ADD_SIZE u32 when flag
 * 0x8000; PACK_SIZE for file headers, plus HIGH_PACK_SIZE with flag 0x0100].
 * Header CRCs are checked, so garbage is never mistaken for an encryption flag.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bindery-rar-headers.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAR5_MAX_HEADER (2u * 1024 * 1024)  /* a 3-byte vint */

enum {
  RAR5_HEAD_MAIN = 1,
  RAR5_HEAD_FILE = 2,
  RAR5_HEAD_SERVICE = 3,
  RAR5_HEAD_CRYPT = 4,
  RAR5_HEAD_END = 5,
};
#define RAR5_HFL_EXTRA       0x0001
#define RAR5_HFL_DATA        0x0002
#define RAR5_HFL_SPLIT_BEFORE 0x0008
#define RAR5_HFL_SPLIT_AFTER 0x0010
#define RAR5_EXTRA_CRYPT     0x01
#define RAR5_FHFL_DIRECTORY  0x0001
#define RAR5_FHFL_MTIME      0x0002
#define RAR5_FHFL_CRC32      0x0004

enum {
  RAR4_HEAD_MAIN = 0x73,
  RAR4_HEAD_FILE = 0x74,
  RAR4_HEAD_END = 0x7b,
};
#define RAR4_MHD_PASSWORD    0x0080
#define RAR4_LHD_PASSWORD    0x0004
#define RAR4_LHD_LARGE       0x0100
#define RAR4_LONG_BLOCK      0x8000
#define RAR4_LHD_SPLIT       0x0003   /* continued from / into another volume */
#define RAR4_LHD_WINDOWMASK  0x00e0
#define RAR4_LHD_DIRECTORY   0x00e0

static const guint8 rar4_magic[] = { 'R', 'a', 'r', '!', 0x1a, 0x07, 0x00 };
static const guint8 rar5_magic[] = { 'R', 'a', 'r', '!', 0x1a, 0x07, 0x01, 0x00 };

static guint32 crc_table[256];

static void
crc_table_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;
          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          crc_table[n] = c;
        }
      g_once_init_leave (&initialized, 1);
    }
}

static guint32
crc32_bytes (const guint8 *data,
             gsize         len)
{
  guint32 c = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    c = crc_table[(c ^ data[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

static inline guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

/* RAR5 vint: 7 bits a byte, low first, high bit = more. At most 10 bytes (64 bits). */
static gboolean
read_vint (const guint8 *buf,
           gsize         len,
           gsize        *pos,
           guint64      *out)
{
  guint64 v = 0;

  for (guint shift = 0, i = 0; i < 10; i++, shift += 7)
    {
      guint8 b;

      if (*pos >= len)
        return FALSE;
      b = buf[(*pos)++];
      if (shift == 63 && (b & 0x7e) != 0)
        return FALSE;  /* more than 64 bits */
      v |= (guint64) (b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        {
          *out = v;
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct {
  BinderyRarReadFunc read;
  gpointer           user_data;
  guint64            size;
  guint8            *buf;
  gsize              buf_size;
  gboolean           io_error;
  GArray            *files;      /* BinderyRarFile, or NULL: not collected */
} Reader;

/* Reads exactly len bytes at offset into the reader's buffer; NULL when short. */
static const guint8 *
reader_get (Reader  *r,
            guint64  offset,
            gsize    len)
{
  gsize done = 0;

  if (offset > r->size || len > r->size - offset)
    return NULL;
  if (len > r->buf_size)
    {
      r->buf_size = MAX (len, 256);
      r->buf = g_realloc (r->buf, r->buf_size);
    }
  while (done < len)
    {
      gssize n = r->read (r->user_data, offset + done, r->buf + done, len - done);

      if (n < 0)
        {
          r->io_error = TRUE;
          return NULL;
        }
      if (n == 0)
        return NULL;
      done += n;
    }
  return r->buf;
}

static void
read_rar5 (Reader            *r,
           BinderyRarHeaders *out)
{
  guint64 offset = sizeof rar5_magic;

  for (;;)
    {
      const guint8 *p;
      gsize pos = 4, vlen, body_len;
      guint64 hsize, type, flags, extra_size = 0, data_size = 0, next;
      gsize avail = MIN ((guint64) 7, r->size - MIN (offset, r->size));

      /* CRC32 and the header size vint (at most 3 bytes). */
      p = reader_get (r, offset, avail);
      if (p == NULL || avail < 5)
        break;
      if (!read_vint (p, avail, &pos, &hsize) || pos - 4 > 3 || hsize < 2 || hsize > RAR5_MAX_HEADER)
        break;
      vlen = pos - 4;
      body_len = vlen + hsize;

      p = reader_get (r, offset, 4 + body_len);
      if (p == NULL)
        break;
      if (crc32_bytes (p + 4, body_len) != le32 (p))
        break;

      pos = 4 + vlen;
      if (!read_vint (p, 4 + body_len, &pos, &type) ||
          !read_vint (p, 4 + body_len, &pos, &flags))
        break;
      if ((flags & RAR5_HFL_EXTRA) && !read_vint (p, 4 + body_len, &pos, &extra_size))
        break;
      if ((flags & RAR5_HFL_DATA) && !read_vint (p, 4 + body_len, &pos, &data_size))
        break;
      if (extra_size > (guint64) (4 + body_len - pos))
        break;

      if (type == RAR5_HEAD_CRYPT)
        {
          /* Everything after this header is encrypted. */
          out->encrypted_headers = TRUE;
          out->complete = TRUE;
          return;
        }
      if (type == RAR5_HEAD_FILE)
        {
          gsize epos = 4 + body_len - (gsize) extra_size;
          gsize end = 4 + body_len;

          out->n_files++;
          if (r->files != NULL)
            {
              BinderyRarFile file = { 0 };
              guint64 file_flags, attributes;
              gsize fpos = pos;

              /* file flags, unpacked size, attributes, [mtime], [data CRC32] */
              if (!read_vint (p, epos, &fpos, &file_flags) ||
                  !read_vint (p, epos, &fpos, &file.unpacked_size) ||
                  !read_vint (p, epos, &fpos, &attributes))
                break;
              if ((file_flags & RAR5_FHFL_MTIME) && (fpos += 4) > epos)
                break;
              if (file_flags & RAR5_FHFL_CRC32)
                {
                  if (fpos + 4 > epos)
                    break;
                  file.crc = le32 (p + fpos);
                  file.has_crc = TRUE;
                }
              file.is_dir = (file_flags & RAR5_FHFL_DIRECTORY) != 0;
              file.split = (flags & (RAR5_HFL_SPLIT_BEFORE | RAR5_HFL_SPLIT_AFTER)) != 0;
              g_array_append_val (r->files, file);
            }
          while (epos < end)
            {
              guint64 rsize, rtype;
              gsize rstart;

              if (!read_vint (p, end, &epos, &rsize) || rsize == 0 || rsize > end - epos)
                break;
              rstart = epos;
              if (!read_vint (p, rstart + (gsize) rsize, &epos, &rtype))
                break;
              if (rtype == RAR5_EXTRA_CRYPT)
                out->encrypted_files = TRUE;
              epos = rstart + (gsize) rsize;
            }
        }
      if (type == RAR5_HEAD_END)
        {
          out->complete = TRUE;
          return;
        }

      next = offset + 4 + body_len;
      if (data_size > G_MAXUINT64 - next)
        break;
      offset = next + data_size;
    }
  out->damaged = TRUE;
}

static void
read_rar4 (Reader            *r,
           BinderyRarHeaders *out)
{
  guint64 offset = sizeof rar4_magic;

  for (;;)
    {
      const guint8 *p;
      guint8 type;
      guint16 flags, head_size;
      guint64 add_size = 0;

      p = reader_get (r, offset, 7);
      if (p == NULL)
        break;
      type = p[2];
      flags = le16 (p + 3);
      head_size = le16 (p + 5);
      if (head_size < 7)
        break;

      p = reader_get (r, offset, head_size);
      if (p == NULL)
        break;
      if ((crc32_bytes (p + 2, head_size - 2) & 0xffff) != le16 (p))
        break;

      if (flags & RAR4_LONG_BLOCK)
        {
          if (head_size < 11)
            break;
          add_size = le32 (p + 7);
          if (type == RAR4_HEAD_FILE && (flags & RAR4_LHD_LARGE))
            {
              if (head_size < 36)
                break;
              add_size |= (guint64) le32 (p + 32) << 32;
            }
        }

      if (type == RAR4_HEAD_MAIN && (flags & RAR4_MHD_PASSWORD))
        {
          out->encrypted_headers = TRUE;
          out->complete = TRUE;
          return;
        }
      if (type == RAR4_HEAD_FILE)
        {
          out->n_files++;
          if (r->files != NULL)
            {
              BinderyRarFile file = { 0 };

              /* PACK_SIZE UNP_SIZE HOST_OS FILE_CRC FTIME UNP_VER METHOD NAME_SIZE ATTR [HIGH_*] */
              if (head_size < 32 || ((flags & RAR4_LHD_LARGE) && head_size < 40))
                break;
              file.unpacked_size = le32 (p + 11);
              if (flags & RAR4_LHD_LARGE)
                file.unpacked_size |= (guint64) le32 (p + 36) << 32;
              file.crc = le32 (p + 16);
              file.has_crc = TRUE;
              file.is_dir = (flags & RAR4_LHD_WINDOWMASK) == RAR4_LHD_DIRECTORY;
              file.split = (flags & RAR4_LHD_SPLIT) != 0;
              g_array_append_val (r->files, file);
            }
          if (flags & RAR4_LHD_PASSWORD)
            out->encrypted_files = TRUE;
        }
      if (type == RAR4_HEAD_END)
        {
          out->complete = TRUE;
          return;
        }
      offset += head_size + add_size;
    }
  out->damaged = TRUE;
}

BinderyRarVersion
bindery_rar_version_from_magic (const guint8 *data,
                                gsize         len)
{
  if (len >= sizeof rar5_magic && memcmp (data, rar5_magic, sizeof rar5_magic) == 0)
    return BINDERY_RAR_VERSION_5;
  if (len >= sizeof rar4_magic && memcmp (data, rar4_magic, sizeof rar4_magic) == 0)
    return BINDERY_RAR_VERSION_4;
  return BINDERY_RAR_VERSION_NONE;
}

gboolean
bindery_rar_headers_read (BinderyRarReadFunc  read_func,
                          gpointer            user_data,
                          guint64             size,
                          BinderyRarHeaders  *out)
{
  return bindery_rar_headers_read_files (read_func, user_data, size, out, NULL);
}

gboolean
bindery_rar_headers_read_files (BinderyRarReadFunc  read_func,
                                gpointer            user_data,
                                guint64             size,
                                BinderyRarHeaders  *out,
                                GArray             *files)
{
  Reader r = { read_func, user_data, size, NULL, 0, FALSE, files };
  const guint8 *magic;

  memset (out, 0, sizeof *out);
  crc_table_init ();

  magic = reader_get (&r, 0, MIN (size, (guint64) sizeof rar5_magic));
  if (magic != NULL)
    out->version = bindery_rar_version_from_magic (magic, MIN (size, (guint64) sizeof rar5_magic));

  if (out->version == BINDERY_RAR_VERSION_5)
    read_rar5 (&r, out);
  else if (out->version == BINDERY_RAR_VERSION_4)
    read_rar4 (&r, out);

  g_free (r.buf);
  return !r.io_error;
}

typedef struct {
  const guint8 *data;
  gsize         len;
} Buffer;

static gssize
buffer_read (gpointer  user_data,
             guint64   offset,
             guint8   *buf,
             gsize     len)
{
  Buffer *b = user_data;
  gsize n;

  if (offset >= b->len)
    return 0;
  n = MIN (len, b->len - (gsize) offset);
  memcpy (buf, b->data + offset, n);
  return n;
}

gboolean
bindery_rar_headers_read_buffer (const guint8      *data,
                                 gsize              len,
                                 BinderyRarHeaders *out)
{
  Buffer b = { data, len };

  return bindery_rar_headers_read (buffer_read, &b, len, out);
}

static gssize
fd_read (gpointer  user_data,
         guint64   offset,
         guint8   *buf,
         gsize     len)
{
  int fd = GPOINTER_TO_INT (user_data);
  gssize n;

  do
    n = pread (fd, buf, len, (off_t) offset);
  while (n < 0 && errno == EINTR);
  return n;
}

gboolean
bindery_rar_headers_read_fd (int                 fd,
                             BinderyRarHeaders  *out,
                             GError            **error)
{
  return bindery_rar_headers_read_files_fd (fd, out, NULL, error);
}

gboolean
bindery_rar_headers_read_files_fd (int                 fd,
                                   BinderyRarHeaders  *out,
                                   GArray             *files,
                                   GError            **error)
{
  struct stat st;

  if (fstat (fd, &st) != 0 ||
      !bindery_rar_headers_read_files (fd_read, GINT_TO_POINTER (fd), st.st_size, out, files))
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not read the RAR headers: %s"), g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}
