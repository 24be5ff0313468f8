/* test-damage.c: damaged copies of good books (see test-damage.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-damage.h"

#include <string.h>

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

static void
put_le32 (guint8  *p,
          guint32  v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static guint8 *
load (const char *path,
      gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return (guint8 *) data;
}

static void
save (const char   *path,
      const guint8 *data,
      gsize         len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, (gssize) len, &error);
  g_assert_no_error (error);
}

/* The end of central directory record (no comment allowed). */
static guint8 *
zip_eocd (guint8 *d,
          gsize   len)
{
  g_assert_cmpuint (len, >=, 22);
  g_assert_cmpint (memcmp (d + len - 22, "PK\5\6", 4), ==, 0);
  return d + len - 22;
}

/* Central directory record of entry; *data and *comp_size: where its data lies. */
static guint8 *
zip_find (guint8     *d,
          gsize       len,
          const char *entry,
          gsize      *data,
          gsize      *comp_size)
{
  guint8 *eocd = zip_eocd (d, len);
  gsize p = le32 (eocd + 16);
  guint n = le16 (eocd + 10);

  for (guint i = 0; i < n; i++)
    {
      guint8 *rec = d + p;
      gsize name_len, local;

      g_assert_cmpuint (p + 46, <=, len);
      g_assert_cmpint (memcmp (rec, "PK\1\2", 4), ==, 0);
      name_len = le16 (rec + 28);
      if (name_len == strlen (entry) && memcmp (rec + 46, entry, name_len) == 0)
        {
          local = le32 (rec + 42);
          g_assert_cmpint (memcmp (d + local, "PK\3\4", 4), ==, 0);
          *data = local + 30 + le16 (d + local + 26) + le16 (d + local + 28);
          *comp_size = le32 (rec + 20);
          g_assert_cmpuint (*comp_size, >=, 4);
          return rec;
        }
      p += 46 + name_len + le16 (rec + 30) + le16 (rec + 32);
    }
  g_error ("no entry %s in the ZIP", entry);
  return NULL;
}

void
test_damage_zip_cut_entry (const char *path,
                           const char *entry)
{
  gsize len, data, comp_size, cut_at, removed, cd;
  g_autofree guint8 *d = load (path, &len);
  guint8 *eocd;
  guint n;

  zip_find (d, len, entry, &data, &comp_size);
  cut_at = data + comp_size / 2;
  removed = comp_size - comp_size / 2;
  memmove (d + cut_at, d + cut_at + removed, len - cut_at - removed);
  len -= removed;

  eocd = zip_eocd (d, len);
  cd = le32 (eocd + 16) - removed;
  put_le32 (eocd + 16, (guint32) cd);
  n = le16 (eocd + 10);
  for (guint i = 0, p = (guint) cd; i < n; i++)
    {
      guint8 *rec = d + p;
      guint32 local = le32 (rec + 42);

      if (local > data)
        put_le32 (rec + 42, local - (guint32) removed);
      p += 46 + le16 (rec + 28) + le16 (rec + 30) + le16 (rec + 32);
    }
  save (path, d, len);
}

void
test_damage_zip_flip_entry (const char *path,
                            const char *entry)
{
  gsize len, data, comp_size;
  g_autofree guint8 *d = load (path, &len);

  zip_find (d, len, entry, &data, &comp_size);
  d[data + comp_size / 2] ^= 0xff;
  save (path, d, len);
}

void
test_damage_flip_stored (const char *path,
                         GBytes     *data)
{
  gsize len, entry_len;
  g_autofree guint8 *d = load (path, &len);
  const guint8 *entry = g_bytes_get_data (data, &entry_len);
  guint8 *at;

  g_assert_cmpuint (entry_len, >=, 16);
  at = memmem (d, len, entry, entry_len);
  g_assert_nonnull (at);
  at[entry_len / 2] ^= 0xff;
  save (path, d, len);
}

void
test_damage_flip_at (const char *path,
                     gsize       offset)
{
  gsize len;
  g_autofree guint8 *d = load (path, &len);

  g_assert_cmpuint (offset, <, len);
  d[offset] ^= 0xff;
  save (path, d, len);
}

void
test_damage_replace (const char *path,
                     const char *what,
                     const char *replacement)
{
  gsize len;
  g_autofree guint8 *d = load (path, &len);
  guint8 *at;

  g_assert_cmpuint (strlen (what), ==, strlen (replacement));
  at = memmem (d, len, what, strlen (what));
  g_assert_nonnull (at);
  memcpy (at, replacement, strlen (replacement));
  save (path, d, len);
}
