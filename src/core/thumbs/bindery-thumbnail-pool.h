/* bindery-thumbnail-pool.h: making thumbnails on a bounded pool of threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CPU part of the thumbnail job, apart so that benchmarks can drive it too. A
 * task is one book: render its cover (bindery-thumbnailer.h), encode it as WebP and
 * write the file into the cache, all on a pool thread; the caller pushes tasks and
 * pops them back finished (in completion order) from its own thread, where it
 * updates the catalog. No catalog access happens on the pool.
 */
#pragma once

#include <gio/gio.h>

#include "bindery-book.h"

G_BEGIN_DECLS

typedef struct {
  /* in */
  gint64             book_id;
  char              *path;            /* file name to open */
  BinderyBookFormat  format;          /* UNKNOWN: sniffed */
  char              *cover_entry;     /* the catalog's, or NULL */
  guint              height;
  guint              quality;
  guint64            max_pixels;      /* 0: default */
  char              *thumbnail_dir;
  char              *rel_path;        /* where to write under thumbnail_dir */
  gpointer           user_data;       /* the caller's, not freed */

  /* out */
  gboolean           done;            /* the file was written */
  GError            *error;           /* when not done */
  GPtrArray         *warnings;        /* char*, never NULL after running */
  char              *source_entry;    /* entry the picture came from (NULL for PDF) */
  guint              out_width;
  guint              out_height;
  gsize              bytes;
} BinderyThumbnailTask;

BinderyThumbnailTask *bindery_thumbnail_task_new  (void);
void                  bindery_thumbnail_task_free (BinderyThumbnailTask *task);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyThumbnailTask, bindery_thumbnail_task_free)

/* Runs the task on the calling thread. cancellable may be NULL; a task cancelled
 * before it starts fails with G_IO_ERROR_CANCELLED. Returns task->done. */
gboolean              bindery_thumbnail_task_run  (BinderyThumbnailTask *task,
                                                   GCancellable         *cancellable);

typedef struct _BinderyThumbnailPool BinderyThumbnailPool;

/* n_threads 0: one per core. */
BinderyThumbnailPool *bindery_thumbnail_pool_new   (guint                 n_threads,
                                                    GCancellable         *cancellable);
guint                 bindery_thumbnail_pool_get_n_threads (BinderyThumbnailPool *pool);
/* Takes the task. */
void                  bindery_thumbnail_pool_push  (BinderyThumbnailPool *pool,
                                                    BinderyThumbnailTask *task);
/* Tasks pushed and not popped yet. */
guint                 bindery_thumbnail_pool_get_pending (BinderyThumbnailPool *pool);
/* Blocks until a task is finished and returns it (the caller owns it); NULL when
 * nothing is pending. */
BinderyThumbnailTask *bindery_thumbnail_pool_pop   (BinderyThumbnailPool *pool);
/* The same, waiting at most timeout_us: NULL when nothing finished by then. */
BinderyThumbnailTask *bindery_thumbnail_pool_pop_timeout (BinderyThumbnailPool *pool,
                                                          gint64                timeout_us);
/* Waits for the pending tasks and frees them and the pool. */
void                  bindery_thumbnail_pool_free  (BinderyThumbnailPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyThumbnailPool, bindery_thumbnail_pool_free)

G_END_DECLS
