/* bindery-scan-analyser.c: reading new and changed books on a bounded thread pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One slot per plan item that needs work (a read, or a fingerprint that decides
 * whether to read). One pool thread per core; slot s belongs to thread s % n (its
 * lane), taken in order, at most a window ahead of the slot the writer waits for, so
 * memory stays bounded and the writer consumes results in walk order. A slot's results
 * live in a ring of window entries; an entry is only ever used by one lane, so the
 * thread that made a result also frees it, when it reuses the entry (after the writer
 * is done with it): the writer thread never frees, and nothing is freed across threads
 * (measured: ~10% less CPU than freeing another thread's JSON records and libzip
 * buffers). The threads are woken every half window and the writer only when it waits
 * for the slot just finished: no wake-up per book.
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <string.h>

#include "bindery-book.h"
#include "bindery-metadata.h"
#include "bindery-scan-private.h"

/* Results waiting to be written, per pool thread. With 2 threads and the writer on 2
 * cores, 32 left the pool idle whenever the writer fell behind for a moment (a commit):
 * 128 took a 10,000-book first scan from 0.585 to 0.560 s (medians of 16 interleaved
 * runs; 64: 0.568 s, 512: no faster and more CPU), at the same CPU time. */
#define WINDOW_PER_THREAD 128

struct _BinderyScanAnalyser
{
  const char       *root;        /* borrowed */
  BinderyScanPlan  *plan;        /* borrowed */
  GThreadPool      *pool;
  guint            *items;       /* plan item of each slot */
  guint             n_work;      /* slots */
  BinderyScanWork  *ring;        /* window entries: slot s in ring[s % window] */
  guint             window;
  guint             n_lanes;     /* slot s belongs to lane s % n_lanes, one per thread */
  guint             n_threads;   /* pool threads started (lanes from 0) */

  GMutex            mutex;
  GCond             work_cond;   /* room in the window, or stop */
  GCond             done_cond;   /* the slot the writer waits for is done */
  /* under mutex */
  guint             consumed;    /* the writer is done with the slots before this one */
  guint             n_idle;      /* threads waiting for room */
  guint             waiting;     /* slot the writer waits for, or G_MAXUINT */
  gboolean          stop;        /* threads take no more slots */
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
  /* the sidecar the walk stamped, and only that one: one excluded by an ignore rule (or
   * gone since) is not applied */
  work->info = bindery_book_read_info_full (path, item->file->sidecar != NULL ? BINDERY_BOOK_READ_DEFAULT
                                                                             : BINDERY_BOOK_READ_NO_SIDECAR,
                                            &work->error);
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
  work->metadata_row = bindery_metadata_row_new (work->metadata);
}

static void
analyse (BinderyScanAnalyser *self,
         BinderyScanWork     *work)
{
  const BinderyScanItem *item = &g_array_index (self->plan->items, BinderyScanItem, work->item);
  g_autofree char *path = NULL;
  gboolean need_read = item->analyse;
  gboolean maybe_moved = item->action == BINDERY_SCAN_ACTION_NEW &&
                         g_hash_table_size (self->plan->vanished_by_fingerprint) > 0;

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

      /* A book whose content cannot be read is read, so that the read's error is
       * reported (as --force does), never taken for unchanged. */
      if (work->fingerprint == NULL ||
          g_strcmp0 (work->fingerprint, book->fingerprint) != 0)
        {
          work->content_changed = TRUE;
          need_read = TRUE;
        }
    }

  if (need_read)
    work_read (self, work, path);
}

/* Claims slot (of the caller's lane) once there is room for it; NULL when it is past
 * the end (or stop). */
static BinderyScanWork *
claim_slot_locked (BinderyScanAnalyser *self,
                   guint                slot)
{
  BinderyScanWork *work;

  while (!self->stop && slot < self->n_work && slot >= self->consumed + self->window)
    {
      self->n_idle++;
      g_cond_wait (&self->work_cond, &self->mutex);
      self->n_idle--;
    }
  if (self->stop || slot >= self->n_work)
    return NULL;

  work = &self->ring[slot % self->window];
  /* the entry's last slot is one the writer is done with (slot - window < consumed) */
  work->slot = slot;
  work->done = FALSE;
  return work;
}

static void
finish_slot_locked (BinderyScanAnalyser *self,
                    BinderyScanWork     *work)
{
  work->done = TRUE;
  if (self->waiting == work->slot)
    g_cond_signal (&self->done_cond);
}

/* Clears the claimed entry (the lane's earlier slot there) and analyses slot into it;
 * on the writer thread for a lane without a thread. The window being a multiple of the
 * lanes, an entry only ever holds slots of one lane. */
static void
analyse_slot (BinderyScanAnalyser *self,
              BinderyScanWork     *work,
              guint                slot)
{
  bindery_scan_work_clear (work);   /* the entry's last slot, which this lane analysed */
  work->slot = slot;
  work->item = self->items[slot];
  analyse (self, work);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  BinderyScanAnalyser *self = user_data;
  guint lane = GPOINTER_TO_UINT (data) - 1;
  BinderyScanWork *work;

  g_mutex_lock (&self->mutex);
  for (guint slot = lane; (work = claim_slot_locked (self, slot)) != NULL; slot += self->n_lanes)
    {
      g_mutex_unlock (&self->mutex);
      analyse_slot (self, work, slot);
      g_mutex_lock (&self->mutex);
      finish_slot_locked (self, work);
    }
  g_mutex_unlock (&self->mutex);
}

void
bindery_scan_work_clear (BinderyScanWork *work)
{
  work->read = FALSE;
  work->content_changed = FALSE;
  g_clear_pointer (&work->metadata_row, bindery_metadata_row_free);
  g_clear_pointer (&work->fingerprint, g_free);
  g_clear_pointer (&work->info, bindery_book_info_free);
  g_clear_error (&work->error);
  g_clear_pointer (&work->metadata, json_object_unref);
}

BinderyScanWork *
bindery_scan_analyser_wait (BinderyScanAnalyser *self,
                            guint                slot)
{
  BinderyScanWork *work;

  g_return_val_if_fail (slot < self->n_work, NULL);

  g_mutex_lock (&self->mutex);
  self->consumed = slot;
  if (slot % self->n_lanes >= self->n_threads)
    {
      /* no pool thread could start for this lane: analyse it here */
      work = claim_slot_locked (self, slot);
      g_mutex_unlock (&self->mutex);
      analyse_slot (self, work, slot);
      work->done = TRUE;
      return work;
    }

  /* wake the idle threads every half window */
  if (self->n_idle > 0 && slot % (self->window / 2) == 0)
    g_cond_broadcast (&self->work_cond);
  work = &self->ring[slot % self->window];
  while (work->slot != slot || !work->done)
    {
      self->waiting = slot;
      g_cond_wait (&self->done_cond, &self->mutex);
    }
  self->waiting = G_MAXUINT;
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
  guint n_threads = MAX (1, g_get_num_processors ());
  guint n = 0;

  self->root = root;
  self->plan = plan;
  self->waiting = G_MAXUINT;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->work_cond);
  g_cond_init (&self->done_cond);

  self->n_work = plan->n_to_analyse;
  self->items = g_new (guint, MAX (self->n_work, 1));
  for (guint i = 0; i < items->len; i++)
    {
      const BinderyScanItem *item = &g_array_index (items, BinderyScanItem, i);

      if (item->analyse || item->fingerprint)
        self->items[n++] = i;
    }
  g_assert (n == self->n_work);

  self->n_lanes = n_threads;
  self->window = n_threads * WINDOW_PER_THREAD;
  self->ring = g_new0 (BinderyScanWork, self->window);
  for (guint i = 0; i < self->window; i++)
    self->ring[i].slot = G_MAXUINT;

  if (self->n_work > 0)
    {
      self->pool = g_thread_pool_new (worker_func, self, (int) n_threads, FALSE, error);
      if (self->pool == NULL)
        {
          bindery_scan_analyser_free (self);
          return NULL;
        }
      for (guint i = 0; i < MIN (n_threads, self->n_work); i++)
        {
          g_autoptr(GError) local_error = NULL;

          /* the pool starts a thread per task pushed, up to n_threads */
          if (!g_thread_pool_push (self->pool, GUINT_TO_POINTER (i + 1), &local_error))
            {
              g_debug ("Thread pool push failed: %s", local_error->message);
              break;
            }
          self->n_threads++;
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
      /* slots not taken are dropped, running ones finish */
      g_mutex_lock (&self->mutex);
      self->stop = TRUE;
      g_cond_broadcast (&self->work_cond);
      g_mutex_unlock (&self->mutex);
      g_thread_pool_free (self->pool, FALSE, TRUE);
    }
  for (guint i = 0; i < self->window; i++)
    bindery_scan_work_clear (&self->ring[i]);
  g_free (self->ring);
  g_free (self->items);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->work_cond);
  g_cond_clear (&self->done_cond);
  g_free (self);
}
