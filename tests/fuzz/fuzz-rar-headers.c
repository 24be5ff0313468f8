/* fuzz-rar-headers.c: fuzz target for the RAR4/RAR5 header reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With clang and -DBINDERY_LIBFUZZER this is a libFuzzer target. Otherwise main() runs the
 * target over the files (or folders of files) named on the command line and over
 * deterministic mutations of each: every truncation, random byte changes, and changes
 * inside one header with its CRC recomputed (so they get past the CRC check and reach
 * the field parsers). Run under ASan/UBSan in CI.
 */
#include "bindery-rar-headers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  BinderyRarHeaders headers;

  if (!bindery_rar_headers_read_buffer (data, size, &headers))
    abort ();  /* a buffer never has I/O errors */
  /* Invariants. */
  if (headers.version == BINDERY_RAR_VERSION_NONE &&
      (headers.n_files || headers.encrypted_files || headers.encrypted_headers ||
       headers.complete || headers.damaged))
    abort ();
  if (headers.complete && headers.damaged)
    abort ();
  if (headers.version != bindery_rar_version_from_magic (data, size))
    abort ();
  return 0;
}

#ifndef BINDERY_LIBFUZZER

#include <glib.h>

#include "test-fixtures.h"

static guint n_inputs;
static guint n_encrypted;

static void
run (const guint8 *data,
     gsize         len)
{
  BinderyRarHeaders headers;

  /* Copy so ASan sees reads past the end of exactly len bytes. */
  g_autofree guint8 *copy = g_memdup2 (data, len);

  LLVMFuzzerTestOneInput (copy, len);
  bindery_rar_headers_read_buffer (copy, len, &headers);
  n_inputs++;
  if (headers.encrypted_files || headers.encrypted_headers)
    n_encrypted++;
}

static guint32 crc_table[256];

static guint32
crc32_bytes (const guint8 *p,
             gsize         len)
{
  guint32 c = 0xffffffffu;

  if (crc_table[1] == 0)
    for (guint32 n = 0; n < 256; n++)
      {
        guint32 v = n;
        for (int k = 0; k < 8; k++)
          v = (v & 1) ? 0xedb88320u ^ (v >> 1) : v >> 1;
        crc_table[n] = v;
      }
  for (gsize i = 0; i < len; i++)
    c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

/* Offsets and lengths of the headers, walked loosely (the reader under test does it
 * properly); only used to aim mutations. */
static guint
find_headers (const guint8 *d,
              gsize         len,
              gsize        *starts,
              gsize        *lens,
              guint         max)
{
  BinderyRarVersion version = bindery_rar_version_from_magic (d, len);
  gsize off = version == BINDERY_RAR_VERSION_5 ? 8 : 7;
  guint n = 0;

  while (version != BINDERY_RAR_VERSION_NONE && n < max && off + 7 <= len)
    {
      if (version == BINDERY_RAR_VERSION_5)
        {
          guint64 size = 0, data_size = 0, flags = 0;
          gsize p = off + 4, vlen;
          guint shift = 0;

          while (p < len && p < off + 7)
            {
              size |= (guint64) (d[p] & 0x7f) << shift;
              shift += 7;
              if (!(d[p++] & 0x80))
                break;
            }
          vlen = p - off - 4;
          if (size < 2 || off + 4 + vlen + size > len)
            break;
          starts[n] = off;
          lens[n++] = 4 + vlen + size;
          /* type, flags, [extra], [data size] */
          for (int field = 0; field < 4 && p < len; field++)
            {
              guint64 v = 0;
              shift = 0;
              while (p < len && shift < 64)
                {
                  v |= (guint64) (d[p] & 0x7f) << shift;
                  shift += 7;
                  if (!(d[p++] & 0x80))
                    break;
                }
              if (field == 1)
                flags = v;
              if (field == 2 && !(flags & 1))
                {
                  data_size = (flags & 2) ? v : 0;
                  break;
                }
              if (field == 3)
                data_size = (flags & 2) ? v : 0;
            }
          if (data_size > len)
            break;
          off += 4 + vlen + size + data_size;
        }
      else
        {
          gsize head = d[off + 5] | (d[off + 6] << 8);
          guint16 flags = d[off + 3] | (d[off + 4] << 8);
          gsize add = 0;

          if (head < 7 || off + head > len)
            break;
          if ((flags & 0x8000) && head >= 11)
            add = d[off + 7] | (d[off + 8] << 8) | (d[off + 9] << 16) | ((gsize) d[off + 10] << 24);
          starts[n] = off;
          lens[n++] = head;
          if (add > len)
            break;
          off += head + add;
        }
    }
  return n;
}

static void
fix_crc (guint8            *d,
         gsize              start,
         gsize              hlen,
         BinderyRarVersion  version)
{
  if (version == BINDERY_RAR_VERSION_5)
    {
      guint32 crc = crc32_bytes (d + start + 4, hlen - 4);
      for (int i = 0; i < 4; i++)
        d[start + i] = (crc >> (8 * i)) & 0xff;
    }
  else
    {
      guint32 crc = crc32_bytes (d + start + 2, hlen - 2) & 0xffff;
      d[start] = crc & 0xff;
      d[start + 1] = crc >> 8;
    }
}

static void
fuzz_file (const char *path,
           GRand      *rand)
{
  static const guint8 interesting[] = { 0x00, 0x01, 0x02, 0x04, 0x7f, 0x80, 0xff, 0x73, 0x74, 0x7b };
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len, starts[64], lens[64];
  BinderyRarVersion version;
  guint n_headers;

  if (!g_file_get_contents (path, (char **) &data, &len, &error))
    g_error ("%s: %s", path, error->message);
  run (data, len);

  /* Every truncation of the first 4 KiB, then every 97th length. */
  for (gsize cut = 0; cut < len; cut += cut < 4096 ? 1 : 97)
    run (data, cut);

  version = bindery_rar_version_from_magic (data, len);
  n_headers = find_headers (data, len, starts, lens, G_N_ELEMENTS (starts));

  for (guint i = 0; i < 400; i++)
    {
      g_autofree guint8 *m = g_memdup2 (data, len);
      guint changes = g_rand_int_range (rand, 1, 5);

      if (len == 0)
        break;
      if (n_headers > 0 && (i & 1))
        {
          /* Inside one header, CRC fixed up: reaches the field parsers. */
          guint h = g_rand_int_range (rand, 0, n_headers);
          gsize skip = version == BINDERY_RAR_VERSION_5 ? 4 : 2;

          for (guint c = 0; c < changes; c++)
            {
              gsize at = starts[h] + skip + g_rand_int_range (rand, 0, lens[h] - skip);
              m[at] = g_rand_boolean (rand) ? interesting[g_rand_int_range (rand, 0, sizeof interesting)]
                                            : (guint8) g_rand_int (rand);
            }
          fix_crc (m, starts[h], lens[h], version);
        }
      else
        for (guint c = 0; c < changes; c++)
          m[g_rand_int_range (rand, 0, len)] = (guint8) g_rand_int (rand);
      run (m, len);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x52617221);

  /* Under meson test the inputs are fixtures: skip when they are absent. */
  if (g_getenv ("BINDERY_FIXTURES") != NULL)
    test_require_folder ("BINDERY_FIXTURES");
  if (argc < 2)
    {
      g_printerr ("usage: %s FILE|DIR…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GDir) dir = g_dir_open (argv[i], 0, &error);
          const char *name;

          if (dir == NULL)
            g_error ("%s: %s", argv[i], error->message);
          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *path = g_build_filename (argv[i], name, NULL);
              if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
                fuzz_file (path, rand);
            }
        }
      else
        fuzz_file (argv[i], rand);
    }
  g_print ("%u inputs, %u read as encrypted\n", n_inputs, n_encrypted);
  return 0;
}

#endif /* BINDERY_LIBFUZZER */
