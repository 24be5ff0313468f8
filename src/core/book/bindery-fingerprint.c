/* bindery-fingerprint.c: size + hash of a few sampled blocks, for move detection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "<size>-<16 hex digits>": XXH64 over up to four 4 KiB blocks read at the start, 1/3,
 * 2/3 and the end of the file (a file of 16 KiB or less: all of it), each block's hash
 * seeding the next, the first seeded with the size. Never a full read of a file
 * larger than the four blocks. XXH64 is a fast non-cryptographic hash (a few GB/s);
 * GChecksum's SHA-256 costs more than the rest of reading a small ZIP book. It only has
 * to tell apart files of the same size, and a fingerprint only ever matches a path that
 * vanished.
 */
#define G_LOG_DOMAIN "bindery-book"

#include "bindery-book-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_BLOCKS 4

static const guint64 P1 = 0x9E3779B185EBCA87ull;
static const guint64 P2 = 0xC2B2AE3D27D4EB4Full;
static const guint64 P3 = 0x165667B19E3779F9ull;
static const guint64 P4 = 0x85EBCA77C2B2AE63ull;
static const guint64 P5 = 0x27D4EB2F165667C5ull;

static inline guint64
rotl64 (guint64 x,
        int     r)
{
  return (x << r) | (x >> (64 - r));
}

static inline guint64
read64 (const guint8 *p)
{
  guint64 v;
  memcpy (&v, p, 8);
  return GUINT64_FROM_LE (v);
}

static inline guint32
read32 (const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

static inline guint64
xxh_round (guint64 acc,
           guint64 input)
{
  acc += input * P2;
  acc = rotl64 (acc, 31);
  return acc * P1;
}

static inline guint64
xxh_merge (guint64 acc,
           guint64 val)
{
  acc ^= xxh_round (0, val);
  return acc * P1 + P4;
}

/* XXH64 (the published algorithm), one shot. */
guint64
bindery_xxh64 (const void *data,
               gsize       len,
               guint64     seed)
{
  const guint8 *p = data;
  const guint8 *end = p + len;
  guint64 h;

  if (len >= 32)
    {
      const guint8 *limit = end - 32;
      guint64 v1 = seed + P1 + P2;
      guint64 v2 = seed + P2;
      guint64 v3 = seed;
      guint64 v4 = seed - P1;

      do
        {
          v1 = xxh_round (v1, read64 (p));
          v2 = xxh_round (v2, read64 (p + 8));
          v3 = xxh_round (v3, read64 (p + 16));
          v4 = xxh_round (v4, read64 (p + 24));
          p += 32;
        }
      while (p <= limit);

      h = rotl64 (v1, 1) + rotl64 (v2, 7) + rotl64 (v3, 12) + rotl64 (v4, 18);
      h = xxh_merge (h, v1);
      h = xxh_merge (h, v2);
      h = xxh_merge (h, v3);
      h = xxh_merge (h, v4);
    }
  else
    h = seed + P5;

  h += (guint64) len;

  while (p + 8 <= end)
    {
      h ^= xxh_round (0, read64 (p));
      h = rotl64 (h, 27) * P1 + P4;
      p += 8;
    }
  if (p + 4 <= end)
    {
      h ^= (guint64) read32 (p) * P1;
      h = rotl64 (h, 23) * P2 + P3;
      p += 4;
    }
  while (p < end)
    {
      h ^= (*p) * P5;
      h = rotl64 (h, 11) * P1;
      p++;
    }

  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h;
}

char *
bindery_book_fingerprint_file (BinderyBookFile  *file,
                               GError          **error)
{
  guint8 buf[BINDERY_FINGERPRINT_BLOCK];
  guint64 offsets[N_BLOCKS];
  guint64 size = file->size;
  guint64 hash = size;

  if (size <= (guint64) BINDERY_FINGERPRINT_BLOCK * N_BLOCKS)
    {
      /* Small file: the blocks are all of it, one after the other. */
      for (guint i = 0; i < N_BLOCKS; i++)
        offsets[i] = (guint64) i * BINDERY_FINGERPRINT_BLOCK;
    }
  else
    {
      offsets[0] = 0;
      offsets[1] = size / 3;
      offsets[2] = size / 3 * 2;
      offsets[3] = size - BINDERY_FINGERPRINT_BLOCK;
    }

  for (guint i = 0; i < N_BLOCKS && offsets[i] < size; i++)
    {
      gsize len = (gsize) MIN ((guint64) BINDERY_FINGERPRINT_BLOCK, size - offsets[i]);

      if (!bindery_book_file_pread (file, buf, len, offsets[i]))
        {
          bindery_book_set_errno_error (error, errno, "Cannot read the file");
          return NULL;
        }
      hash = bindery_xxh64 (buf, len, hash);
    }

  return g_strdup_printf ("%" G_GUINT64_FORMAT "-%016" G_GINT64_MODIFIER "x", size, hash);
}

char *
bindery_book_fingerprint_fd (int       fd,
                             guint64   size,
                             GError  **error)
{
  BinderyBookFile file;

  bindery_book_file_init (&file, fd, size);
  return bindery_book_fingerprint_file (&file, error);
}

char *
bindery_book_fingerprint (const char  *path,
                          GError     **error)
{
  struct stat st;
  char *fingerprint;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  do
    fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      bindery_book_set_errno_error (error, errno, "Cannot open the file");
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      bindery_book_set_errno_error (error, errno, "Cannot read the file's attributes");
      close (fd);
      return NULL;
    }
  fingerprint = bindery_book_fingerprint_fd (fd, st.st_size, error);
  close (fd);
  return fingerprint;
}
