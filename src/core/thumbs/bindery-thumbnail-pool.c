/* bindery-thumbnail-pool.c: making thumbnails on a bounded pool of threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-thumbs"

#include "config.h"

#include <stdlib.h>   /* defines __GLIBC__ on glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "bindery-thumbnail-cache.h"
#include "bindery-thumbnail-pool.h"
#include "bindery-thumbnailer.h"
#include "bindery-webp-encode.h"

struct _BinderyThumbnailPool
{
  GThreadPool  *threads;
  GAsyncQueue  *finished;
  GCancellable *cancellable;
  guint         n_threads;
  guint         pending;
};

BinderyThumbnailTask *
bindery_thumbnail_task_new (void)
{
  return g_new0 (BinderyThumbnailTask, 1);
}

void
bindery_thumbnail_task_free (BinderyThumbnailTask *task)
{
  if (task == NULL)
    return;
  g_free (task->path);
  g_free (task->cover_entry);
  g_free (task->thumbnail_dir);
  g_free (task->rel_path);
  g_clear_error (&task->error);
  g_clear_pointer (&task->warnings, g_ptr_array_unref);
  g_free (task->source_entry);
  g_free (task);
}

gboolean
bindery_thumbnail_task_run (BinderyThumbnailTask *task,
                            GCancellable         *cancellable)
{
  g_autoptr(BinderyCover) cover = NULL;
  g_autoptr(GBytes) webp = NULL;
  BinderyCoverRequest request = { 0, };

  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (task->path != NULL && task->thumbnail_dir != NULL && task->rel_path != NULL, FALSE);

  g_clear_error (&task->error);
  g_clear_pointer (&task->warnings, g_ptr_array_unref);
  task->warnings = g_ptr_array_new_with_free_func (g_free);
  task->done = FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, &task->error))
    return FALSE;

  request.format = task->format;
  request.cover_entry = task->cover_entry;
  request.max_height = task->height;
  request.max_pixels = task->max_pixels;

  cover = bindery_thumbnailer_render_cover (task->path, &request, &task->error);
  if (cover == NULL)
    return FALSE;
  g_ptr_array_extend_and_steal (task->warnings, g_steal_pointer (&cover->warnings));
  task->source_entry = g_steal_pointer (&cover->source_entry);
  task->out_width = gdk_pixbuf_get_width (cover->pixbuf);
  task->out_height = gdk_pixbuf_get_height (cover->pixbuf);

  webp = bindery_webp_encode (cover->pixbuf, task->quality, &task->error);
  if (webp == NULL)
    return FALSE;
  if (!bindery_thumbnail_cache_write (task->thumbnail_dir, task->rel_path, webp, &task->error))
    return FALSE;

  task->bytes = g_bytes_get_size (webp);
  task->done = TRUE;
  return TRUE;
}

/* Each cover allocates and frees a few MB at once: the compressed page, libjpeg's
 * buffers (a progressive 1600 × 2460 JPEG keeps ~12 MB of coefficients), the pixbufs.
 * glibc's adaptive defaults hand such blocks back to the kernel cover after cover
 * (munmap, or MADV_DONTNEED when the top of a thread's arena passes twice the learnt
 * mmap threshold), and every cover then faults its memory in afresh: measured on
 * greyscale 1600 × 2460 covers, 510 page faults and ~9 ms of CPU per cover out of 26,
 * depending only on how the sizes of the first covers happened to fall. Fixed
 * thresholds at glibc's own ceiling (32 MB, and twice that for trimming) keep that
 * memory in the arenas while thumbnails are made; the pool gives it back to the system
 * (malloc_trim) when it is freed. Process-wide, set once, by the first pool. */
static void
tune_malloc_once (void)
{
#ifdef __GLIBC__
  static gsize tuned = 0;

  if (g_once_init_enter (&tuned))
    {
      mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
      mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
      g_once_init_leave (&tuned, 1);
    }
#endif
}

static void
pool_worker (gpointer data,
             gpointer user_data)
{
  BinderyThumbnailTask *task = data;
  BinderyThumbnailPool *pool = user_data;

  bindery_thumbnail_task_run (task, pool->cancellable);
  g_async_queue_push (pool->finished, task);
}

BinderyThumbnailPool *
bindery_thumbnail_pool_new (guint         n_threads,
                            GCancellable *cancellable)
{
  BinderyThumbnailPool *pool = g_new0 (BinderyThumbnailPool, 1);
  g_autoptr(GError) error = NULL;

  tune_malloc_once ();
  pool->n_threads = n_threads > 0 ? n_threads : MAX (g_get_num_processors (), 1);
  pool->finished = g_async_queue_new ();
  pool->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  /* Not exclusive: a non-exclusive pool cannot fail to be created. */
  pool->threads = g_thread_pool_new (pool_worker, pool, pool->n_threads, FALSE, &error);
  g_assert_no_error (error);
  return pool;
}

guint
bindery_thumbnail_pool_get_n_threads (BinderyThumbnailPool *pool)
{
  return pool->n_threads;
}

void
bindery_thumbnail_pool_push (BinderyThumbnailPool *pool,
                             BinderyThumbnailTask *task)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (pool != NULL && task != NULL);

  pool->pending++;
  if (!g_thread_pool_push (pool->threads, task, &error))
    {
      /* Could not start a thread: run it here rather than lose it. */
      g_debug ("Running a thumbnail task on the caller's thread: %s", error->message);
      pool_worker (task, pool);
    }
}

guint
bindery_thumbnail_pool_get_pending (BinderyThumbnailPool *pool)
{
  return pool->pending;
}

BinderyThumbnailTask *
bindery_thumbnail_pool_pop (BinderyThumbnailPool *pool)
{
  g_return_val_if_fail (pool != NULL, NULL);

  if (pool->pending == 0)
    return NULL;
  pool->pending--;
  return g_async_queue_pop (pool->finished);
}

BinderyThumbnailTask *
bindery_thumbnail_pool_pop_timeout (BinderyThumbnailPool *pool,
                                    gint64                timeout_us)
{
  BinderyThumbnailTask *task;

  g_return_val_if_fail (pool != NULL, NULL);

  if (pool->pending == 0)
    return NULL;
  task = g_async_queue_timeout_pop (pool->finished, MAX (timeout_us, 0));
  if (task != NULL)
    pool->pending--;
  return task;
}

void
bindery_thumbnail_pool_free (BinderyThumbnailPool *pool)
{
  BinderyThumbnailTask *task;

  if (pool == NULL)
    return;
  while ((task = bindery_thumbnail_pool_pop (pool)) != NULL)
    bindery_thumbnail_task_free (task);
  g_thread_pool_free (pool->threads, FALSE, TRUE);
  g_async_queue_unref (pool->finished);
  g_clear_object (&pool->cancellable);
  g_free (pool);
#ifdef __GLIBC__
  /* The covers' memory kept in the arenas (see tune_malloc_once()) goes back now. */
  malloc_trim (0);
#endif
}
