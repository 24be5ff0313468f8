/* fuzz-runner.c: the standalone mutation runner of the fuzz targets (see fuzz-runner.h); run
 * under ASan/UBSan in CI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "bindery-book.h"
#include "bindery-metadata.h"
#include "fuzz-runner.h"
#include "test-fixtures.h"

static guint n_inputs;

static void
run (const guint8 *data,
     gsize         len)
{
  /* a copy of exactly len bytes, so that ASan sees any read past its end */
  g_autofree guint8 *copy = g_memdup2 (data != NULL ? data : (const guint8 *) "", MAX (len, 1));

  LLVMFuzzerTestOneInput (copy, len);
  n_inputs++;
}

static void
insert_bytes (GByteArray   *m,
              guint         at,
              const guint8 *bytes,
              gsize         n)
{
  guint old = m->len;

  g_byte_array_set_size (m, old + n);
  memmove (m->data + at + n, m->data + at, old - at);
  memcpy (m->data + at, bytes, n);
}

static void
mutate (GBytes *seed,
        GRand  *rand)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (seed, &len);
  guint n_tokens = g_strv_length ((char **) fuzz_target_dictionary);

  run (data, len);
  /* every truncation of the first 256 bytes, then 64 more spread over the rest */
  for (gsize cut = 0; cut < len; cut += cut < 256 ? 1 : MAX (len / 64, 1))
    run (data, cut);

  for (guint i = 0; i < fuzz_target_mutations; i++)
    {
      g_autoptr(GByteArray) m = g_byte_array_sized_new (len + 64);
      guint changes = g_rand_int_range (rand, 1, 5);

      g_byte_array_append (m, data, len);
      for (guint c = 0; c < changes; c++)
        {
          guint at = m->len > 0 ? g_rand_int_range (rand, 0, m->len) : 0;

          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0:   /* a byte changed */
              if (m->len > 0)
                m->data[at] = (guint8) g_rand_int (rand);
              break;
            case 1:   /* a bit flipped */
              if (m->len > 0)
                m->data[at] ^= 1u << g_rand_int_range (rand, 0, 8);
              break;
            case 2:   /* a byte removed */
              if (m->len > 0)
                g_byte_array_remove_index (m, at);
              break;
            case 3:   /* a dictionary token inserted */
              if (n_tokens > 0)
                {
                  const char *token = fuzz_target_dictionary[g_rand_int_range (rand, 0, n_tokens)];

                  insert_bytes (m, at, (const guint8 *) token, strlen (token));
                }
              break;
            default:  /* a span repeated */
              if (m->len > 1)
                {
                  guint span = g_rand_int_range (rand, 1, MIN (m->len - at, 64u) + 1);
                  g_autofree guint8 *copy = g_memdup2 (m->data + at, span);

                  insert_bytes (m, at, copy, span);
                }
              break;
            }
        }
      run (m->data, m->len);
    }
}

static void
collect (const char *path,
         const char *relative,
         GPtrArray  *seeds)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      const char *name;

      if (dir == NULL)
        g_error ("%s: %s", path, error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          g_autofree char *child_relative = *relative != '\0' ? g_build_filename (relative, name, NULL)
                                                             : g_strdup (name);

          if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            collect (child, child_relative, seeds);
        }
    }
  else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    fuzz_target_add_seeds (path, relative, seeds);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x42696e64);
  const char *write_seeds = NULL;
  int first = 1;

  if (g_getenv ("BINDERY_FIXTURES") != NULL)
    test_require_folder ("BINDERY_FIXTURES");
  if (argc > 2 && strcmp (argv[1], "--write-seeds") == 0)
    {
      write_seeds = argv[2];
      first = 3;
    }
  if (argc <= first)
    {
      g_printerr ("usage: %s [--write-seeds DIR] FILE|DIR…\n", argv[0]);
      return 2;
    }

  bindery_book_init ();
  bindery_metadata_init ();
  for (int i = first; i < argc; i++)
    collect (argv[i], "", seeds);

  if (write_seeds != NULL)
    {
      g_mkdir_with_parents (write_seeds, 0755);
      for (guint i = 0; i < seeds->len; i++)
        {
          g_autofree char *name = g_strdup_printf ("seed-%03u", i);
          g_autofree char *path = g_build_filename (write_seeds, name, NULL);
          g_autoptr(GError) error = NULL;
          gsize len;
          const char *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &len);

          if (!g_file_set_contents (path, data != NULL ? data : "", len, &error))
            g_error ("%s", error->message);
        }
      g_print ("%u seeds written to %s\n", seeds->len, write_seeds);
      return 0;
    }

  if (seeds->len == 0)
    g_error ("no seeds in the files given");
  for (guint i = 0; i < seeds->len; i++)
    mutate (g_ptr_array_index (seeds, i), rand);
  g_print ("%u seeds, %u inputs\n", seeds->len, n_inputs);
  return 0;
}
