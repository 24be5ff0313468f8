/* bench-thumbnails.c: the thumbnail job's CPU path over many books (build-aux/bench thumbs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-thumbnails [--threads N] [--height H] [--quality Q] [--cover-entry NAME] OUTDIR BOOK…
 *       makes every book's thumbnail on the job's pool (bindery-thumbnail-pool.h) into
 *       OUTDIR and prints one line: "covers=N failed=N seconds=S cpu=S bytes=B threads=N"
 *       (cpu: user + system time of the process). With --cover-entry, each task gets
 *       that cover entry and the format its name suggests, as the job's tasks get them
 *       from the catalog after a scan (one archive read per book); without, the book is
 *       sniffed and listed first, as for a book not in a catalog.
 *   bench-thumbnails --methods JPEG
 *       decodes JPEG at 400 px once and prints, per WebP method 0 … 4, the encode time
 *       and size ("method=M ms=T bytes=B")
 * A benchmark, never a test: it asserts nothing about speed.
 */
#include <stdio.h>
#include <sys/resource.h>

#include "bindery-core.h"
#include "bindery-image-decode.h"
#include "bindery-thumbnail-cache.h"
#include "bindery-thumbnail-pool.h"
#include "bindery-webp-encode.h"

static int
bench_methods (const char *jpeg_path, guint height, guint quality)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (jpeg_path, &contents, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  data = g_bytes_new_take (contents, len);
  pixbuf = bindery_image_decode_to_fit (data, 0, height, 0, &error);
  if (pixbuf == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  for (guint method = 0; method <= 4; method++)
    {
      const guint rounds = 40;
      gsize bytes = 0;
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < rounds; i++)
        {
          g_autoptr(GBytes) webp = bindery_webp_encode_with_method (pixbuf, quality, method, &error);
          if (webp == NULL)
            {
              fprintf (stderr, "%s\n", error->message);
              return 1;
            }
          bytes = g_bytes_get_size (webp);
        }
      printf ("method=%u ms=%.2f bytes=%" G_GSIZE_FORMAT "\n", method,
              (g_get_monotonic_time () - start) / 1000.0 / rounds, bytes);
    }
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyThumbnailPool) pool = NULL;
  g_autofree char *methods_jpeg = NULL;
  g_autofree char *cover_entry = NULL;
  struct rusage usage;
  double cpu;
  int threads = 0, height = 400, quality = 80;
  guint64 bytes = 0;
  guint covers = 0, failed = 0;
  gint64 start;
  GOptionEntry entries[] = {
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Pool threads (default: cores)", "N" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Thumbnail height (default 400)", "H" },
    { "quality", 0, 0, G_OPTION_ARG_INT, &quality, "WebP quality (default 80)", "Q" },
    { "cover-entry", 0, 0, G_OPTION_ARG_FILENAME, &cover_entry, "Every book's cover entry, as the catalog knows it", "NAME" },
    { "methods", 0, 0, G_OPTION_ARG_FILENAME, &methods_jpeg, "Time the WebP methods on one JPEG", "JPEG" },
    { NULL }
  };

  bindery_core_init ();

  context = g_option_context_new ("OUTDIR BOOK…");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (methods_jpeg != NULL)
    return bench_methods (methods_jpeg, height, quality);
  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-thumbnails [--threads N] OUTDIR BOOK…\n");
      return 2;
    }

  start = g_get_monotonic_time ();
  pool = bindery_thumbnail_pool_new (threads, NULL);
  for (int i = 2; i < argc || bindery_thumbnail_pool_get_pending (pool) > 0;)
    {
      BinderyThumbnailTask *finished;

      /* The job's feeding: a bounded number of books ahead of the pool. */
      while (i < argc && bindery_thumbnail_pool_get_pending (pool) < 2 * bindery_thumbnail_pool_get_n_threads (pool))
        {
          BinderyThumbnailTask *task = bindery_thumbnail_task_new ();
          g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, argv[i], -1);

          task->path = g_strdup (argv[i]);
          if (cover_entry != NULL)
            {
              g_autofree char *basename = g_path_get_basename (argv[i]);

              task->format = bindery_book_format_from_name (basename);
              task->cover_entry = g_strdup (cover_entry);
            }
          task->height = height;
          task->quality = quality;
          task->thumbnail_dir = g_strdup (argv[1]);
          task->rel_path = bindery_thumbnail_cache_rel_path (key);
          bindery_thumbnail_pool_push (pool, task);
          i++;
        }

      finished = bindery_thumbnail_pool_pop (pool);
      if (finished->done)
        {
          covers++;
          bytes += finished->bytes;
        }
      else
        {
          failed++;
          fprintf (stderr, "%s: %s\n", finished->path, finished->error->message);
        }
      bindery_thumbnail_task_free (finished);
    }

  getrusage (RUSAGE_SELF, &usage);
  cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  printf ("covers=%u failed=%u seconds=%.3f cpu=%.3f bytes=%" G_GUINT64_FORMAT " threads=%u\n",
          covers, failed, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, cpu, bytes,
          bindery_thumbnail_pool_get_n_threads (pool));
  return failed > 0 ? 1 : 0;
}
