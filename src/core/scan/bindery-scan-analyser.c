/* bindery-scan-analyser.c: reading new and changed books on a bounded thread pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One slot per plan item that needs work (a read, or a fingerprint that decides
 * whether to read). Slots are pushed to a GThreadPool of one thread per core, at most
 * a window ahead of the slot the writer waits for, so memory stays bounded and the
 * writer consumes results in walk order.
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <string.h>

#include "bindery-book.h"
#include "bindery-metadata.h"
#include "bindery-scan-private.h"

/* Results waiting to be written, per pool thread. */
#define WINDOW_PER_THREAD 16

struct _BinderyScanAnalyser
{
  const char       *root;        /* borrowed */
  BinderyScanPlan  *plan;        /* borrowed */
  GThreadPool      *pool;
  BinderyScanWork  *work;        /* plan->n_to_analyse slots */
  guint             n_work;
  guint             next_push;
  int               stop;        /* atomic: workers skip what is left */
  GMutex            mutex;
  GCond             cond;
};

static JsonObject *
build_metadata (const BinderyScanItem *item,
                BinderyBookInfo       *info)
{
  JsonObject *record = info != NULL && info->metadata != NULL ? json_object_ref (info->metadata)
                                                               : json_object_new ();
  const char *rel_path = item->file->rel_path;
  const char *slash = strrchr (rel_path, '/');
  g_autofree char *folder = NULL;
  g_autofree char *base = g_filename_display_name (item->file->name);
  g_autoptr(JsonObject) fallback = NULL;

  if (slash != NULL)
    {
      g_autofree char *folder_path = g_strndup (rel_path, slash - rel_path);
      g_autofree char *folder_base = g_path_get_basename (folder_path);

      folder = g_filename_display_name (folder_base);
    }

  fallback = bindery_filename_metadata (folder, base);
  if (fallback != NULL)
    {
      /* the number and its sort key go together: never one from each source */
      if (json_object_has_member (record, "Number"))
        {
          if (json_object_has_member (fallback, "Number"))
            json_object_remove_member (fallback, "Number");
          if (json_object_has_member (fallback, "NumberSort"))
            json_object_remove_member (fallback, "NumberSort");
        }
      bindery_metadata_fill (record, fallback);
    }

  if (json_object_has_member (record, "Number") && !json_object_has_member (record, "NumberSort"))
    {
      const char *number = json_object_get_string_member_with_default (record, "Number", NULL);
      double key;

      if (number != NULL && bindery_number_sort_key (number, &key))
        json_object_set_double_member (record, "NumberSort", key);
    }

  return record;
}

static void
work_read (BinderyScanAnalyser *self,
           BinderyScanWork     *work,
           const char          *path)
{
  const BinderyScanItem *item = &g_array_index (self->plan->items, BinderyScanItem, work->item);

  work->read = TRUE;
  work->info = bindery_book_read_info (path, &work->error);
  if (work->fingerprint == NULL)
    {
      if (work->info != NULL && work->info->fingerprint != NULL)
        work->fingerprint = g_strdup (work->info->fingerprint);
      else
        {
          g_autoptr(GError) error = NULL;

          work->fingerprint = bindery_book_fingerprint (path, &error);
          if (work->fingerprint == NULL)
            g_debug ("No fingerprint for %s: %s", path, error->message);
        }
    }
  work->metadata = build_metadata (item, work->info);
}

static void
analyse_func (gpointer data,
              gpointer user_data)
{
  BinderyScanWork *work = data;
  BinderyScanAnalyser *self = user_data;
  const BinderyScanItem *item = &g_array_index (self->plan->items, BinderyScanItem, work->item);
  g_autofree char *path = NULL;
  gboolean need_read = item->analyse;
  gboolean maybe_moved = item->action == BINDERY_SCAN_ACTION_NEW &&
                         g_hash_table_size (self->plan->vanished_by_fingerprint) > 0;

  if (g_atomic_int_get (&self->stop))
    goto out;

  path = g_build_filename (self->root, item->file->rel_path, NULL);

  /* A fingerprint first when it decides whether to read: a new file that may be a
   * vanished book, or (deep scan) a file whose stat did not change. */
  if (maybe_moved || !item->analyse)
    {
      g_autoptr(GError) error = NULL;

      work->fingerprint = bindery_book_fingerprint (path, &error);
      if (work->fingerprint == NULL)
        g_debug ("No fingerprint for %s: %s", path, error->message);
    }

  if (maybe_moved && bindery_scan_plan_is_vanished_fingerprint (self->plan, work->fingerprint))
    need_read = FALSE;   /* the writer claims the vanished book, or reads it itself */

  if (!item->analyse && item->snapshot_book >= 0)
    {
      const BinderySnapshotBook *book = &g_array_index (self->plan->snapshot->books, BinderySnapshotBook,
                                                        item->snapshot_book);

      if (work->fingerprint != NULL && g_strcmp0 (work->fingerprint, book->fingerprint) != 0)
        {
          work->content_changed = TRUE;
          need_read = TRUE;
        }
    }

  if (need_read)
    work_read (self, work, path);

out:
  g_mutex_lock (&self->mutex);
  work->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
bindery_scan_work_clear (BinderyScanWork *work)
{
  g_clear_pointer (&work->fingerprint, g_free);
  g_clear_pointer (&work->info, bindery_book_info_free);
  g_clear_error (&work->error);
  g_clear_pointer (&work->metadata, json_object_unref);
}

BinderyScanWork *
bindery_scan_analyser_wait (BinderyScanAnalyser *self,
                            guint                slot)
{
  guint window = MAX (1, g_thread_pool_get_max_threads (self->pool)) * WINDOW_PER_THREAD;
  BinderyScanWork *work = &self->work[slot];

  while (self->next_push < self->n_work && self->next_push <= slot + window)
    {
      g_autoptr(GError) error = NULL;

      if (!g_thread_pool_push (self->pool, &self->work[self->next_push], &error))
        {
          /* cannot start a thread: analyse it here */
          g_debug ("Thread pool push failed: %s", error->message);
          analyse_func (&self->work[self->next_push], self);
        }
      self->next_push++;
    }

  g_mutex_lock (&self->mutex);
  while (!work->done)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  return work;
}

BinderyScanAnalyser *
bindery_scan_analyser_new (const char       *root,
                           BinderyScanPlan  *plan,
                           GError          **error)
{
  BinderyScanAnalyser *self = g_new0 (BinderyScanAnalyser, 1);
  GArray *items = plan->items;
  guint n = 0;

  self->root = root;
  self->plan = plan;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);

  self->n_work = plan->n_to_analyse;
  self->work = g_new0 (BinderyScanWork, MAX (self->n_work, 1));
  for (guint i = 0; i < items->len; i++)
    {
      const BinderyScanItem *item = &g_array_index (items, BinderyScanItem, i);

      if (item->analyse || item->fingerprint)
        self->work[n++].item = i;
    }
  g_assert (n == self->n_work);

  if (self->n_work > 0)
    {
      self->pool = g_thread_pool_new (analyse_func, self, (int) MAX (1, g_get_num_processors ()), FALSE, error);
      if (self->pool == NULL)
        {
          bindery_scan_analyser_free (self);
          return NULL;
        }
    }
  return self;
}

void
bindery_scan_analyser_read (BinderyScanAnalyser *self,
                            BinderyScanWork     *work)
{
  const BinderyScanItem *item = &g_array_index (self->plan->items, BinderyScanItem, work->item);
  g_autofree char *path = g_build_filename (self->root, item->file->rel_path, NULL);

  work_read (self, work, path);
}

void
bindery_scan_analyser_free (BinderyScanAnalyser *self)
{
  if (self == NULL)
    return;

  if (self->pool != NULL)
    {
      /* queued slots are dropped, running ones finish */
      g_atomic_int_set (&self->stop, 1);
      g_thread_pool_free (self->pool, TRUE, TRUE);
    }
  for (guint i = 0; i < self->n_work; i++)
    bindery_scan_work_clear (&self->work[i]);
  g_free (self->work);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}
