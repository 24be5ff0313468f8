/* bindery-job-progress.c: what a job's worker reports, coalesced for the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The worker reports through setters that only store into a mutex-protected
 * "pending" state and mark it dirty. One flush source per job, attached to the
 * job's main context, is scheduled when something became dirty and none is
 * pending, no sooner than BINDERY_JOB_FLUSH_INTERVAL_US after the previous flush;
 * it publishes the values, notifies the changed properties and emits the
 * coalesced signals. However fast the worker reports, the main loop wakes up at
 * most ~30 times a second per job.
 */
#define G_LOG_DOMAIN "bindery-jobs"

#include "config.h"

#include "bindery-job-instance-private.h"

/* --- the flush source ------------------------------------------------------------ */

static gboolean
flush_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs flush_source_funcs = {
  .dispatch = flush_source_dispatch,
};

static gboolean
flush_cb (gpointer user_data)
{
  _bindery_job_flush (BINDERY_JOB (user_data));
  return G_SOURCE_REMOVE;
}

/* Called with the mutex held. */
static void
mark_dirty_locked (BinderyJob *self,
                   Dirty       dirty)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  priv->dirty |= dirty;
  if (priv->flush_source != NULL)
    return;

  priv->flush_source = g_source_new (&flush_source_funcs, sizeof (GSource));
  g_source_set_static_name (priv->flush_source, "[bindery] job flush");
  /* Not idle priority: a main loop busy above it (GTK redrawing frame after frame while a
   * spinner turns on a loaded machine) would starve it, and a cover job's covers reached
   * the gallery only when it ended. The ready time keeps it to ~30 flushes a second. */
  g_source_set_priority (priv->flush_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (priv->flush_source, flush_cb, g_object_ref (self), g_object_unref);
  g_source_set_ready_time (priv->flush_source,
                           MAX (priv->last_flush + BINDERY_JOB_FLUSH_INTERVAL_US, 0));
  g_source_attach (priv->flush_source, priv->main_context);
}

/* --- worker-side API: progress, log lines, report, books ---------------------------- */

void
bindery_job_set_items (BinderyJob *self,
                       guint64     done,
                       guint64     total)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  g_mutex_lock (&priv->mutex);
  priv->w_items_done = done;
  priv->w_items_total = total;
  mark_dirty_locked (self, DIRTY_ITEMS);
  g_mutex_unlock (&priv->mutex);
}

void
bindery_job_add_items_done (BinderyJob *self,
                            guint64     n)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  g_mutex_lock (&priv->mutex);
  priv->w_items_done += n;
  mark_dirty_locked (self, DIRTY_ITEMS);
  g_mutex_unlock (&priv->mutex);
}

void
bindery_job_set_fraction (BinderyJob *self,
                          double      fraction)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  g_mutex_lock (&priv->mutex);
  priv->w_fraction_set = fraction >= 0.0;
  priv->w_fraction = fraction < 0.0 ? -1.0 : MIN (fraction, 1.0);
  mark_dirty_locked (self, DIRTY_FRACTION);
  g_mutex_unlock (&priv->mutex);
}

void
bindery_job_set_message (BinderyJob *self,
                         const char *message)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  g_mutex_lock (&priv->mutex);
  if (_bindery_job_set_str (&priv->w_message, message))
    mark_dirty_locked (self, DIRTY_MESSAGE);
  g_mutex_unlock (&priv->mutex);
}

void
bindery_job_set_current_path (BinderyJob *self,
                              const char *display_path)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  g_mutex_lock (&priv->mutex);
  if (_bindery_job_set_str (&priv->w_current_path, display_path))
    mark_dirty_locked (self, DIRTY_CURRENT_PATH);
  g_mutex_unlock (&priv->mutex);
}

void
bindery_job_log (BinderyJob      *self,
                 BinderyLogLevel  level,
                 const char      *path,
                 const char      *format,
                 ...)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);
  BinderyJobLogEntry *entry;
  va_list args;

  g_return_if_fail (BINDERY_IS_JOB (self));
  g_return_if_fail (format != NULL);

  entry = g_new0 (BinderyJobLogEntry, 1);
  entry->time = g_get_real_time ();
  entry->level = level;
  entry->path = g_strdup (path);
  va_start (args, format);
  entry->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("%s: %s%s%s", bindery_log_level_to_string (level),
           path != NULL ? path : "", path != NULL ? ": " : "", entry->message);

  g_mutex_lock (&priv->mutex);
  if (priv->w_logs == NULL)
    priv->w_logs = g_ptr_array_new_with_free_func ((GDestroyNotify) bindery_job_log_entry_free);
  g_ptr_array_add (priv->w_logs, entry);
  mark_dirty_locked (self, DIRTY_LOGS);
  g_mutex_unlock (&priv->mutex);
}

void
bindery_job_take_report (BinderyJob *self,
                         JsonObject *report)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  g_mutex_lock (&priv->mutex);
  g_clear_pointer (&priv->w_report, json_object_unref);
  priv->w_report = report;
  mark_dirty_locked (self, DIRTY_REPORT);
  g_mutex_unlock (&priv->mutex);
}

gboolean
bindery_job_save_progress (BinderyJob  *self,
                           GError     **error)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);
  g_autofree char *message = NULL;
  guint64 done, total;
  double fraction;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_JOB (self), FALSE);
  g_return_val_if_fail (priv->catalog != NULL, FALSE);

  if (priv->id == 0)
    return TRUE;

  g_mutex_lock (&priv->mutex);
  done = priv->w_items_done;
  total = priv->w_items_total;
  if (priv->w_fraction_set)
    fraction = priv->w_fraction;
  else if (total > 0)
    fraction = MIN ((double) done / (double) total, 1.0);
  else
    fraction = -1.0;
  message = g_strdup (priv->w_message);
  priv->saved_items_done = done;
  priv->saved_items_total = total;
  g_mutex_unlock (&priv->mutex);

  stmt = bindery_catalog_prepare (priv->catalog,
                                  "UPDATE jobs SET items_done = ?, items_total = ?, fraction = ?,"
                                  " message = COALESCE (?, message) WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) done);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) total);
  sqlite3_bind_double (stmt, 3, fraction);
  if (message != NULL)
    sqlite3_bind_text (stmt, 4, message, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, priv->id);
  return bindery_catalog_step_done (priv->catalog, stmt, "Cannot save the job's progress", error);
}

void
_bindery_job_get_saved_items (BinderyJob *self,
                              guint64    *done,
                              guint64    *total)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  g_mutex_lock (&priv->mutex);
  *done = priv->saved_items_done;
  *total = priv->saved_items_total;
  g_mutex_unlock (&priv->mutex);
}

static void
append_ids_locked (BinderyJob    *self,
                   GArray       **array,
                   const gint64  *ids,
                   guint          n)
{
  if (n == 0)
    return;
  if (*array == NULL)
    *array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_append_vals (*array, ids, n);
  mark_dirty_locked (self, DIRTY_BOOKS);
}

void
bindery_job_announce_books_added (BinderyJob   *self,
                                  const gint64 *ids,
                                  guint         n)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));
  g_return_if_fail (ids != NULL || n == 0);

  g_mutex_lock (&priv->mutex);
  append_ids_locked (self, &priv->w_books_added, ids, n);
  g_mutex_unlock (&priv->mutex);
}

void
bindery_job_announce_books_changed (BinderyJob   *self,
                                    const gint64 *ids,
                                    guint         n)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));
  g_return_if_fail (ids != NULL || n == 0);

  g_mutex_lock (&priv->mutex);
  append_ids_locked (self, &priv->w_books_changed, ids, n);
  g_mutex_unlock (&priv->mutex);
}

/* --- main thread: publishing what the worker reported ------------------------------ */

void
_bindery_job_flush (BinderyJob *self)
{
  BinderyJobPrivate *priv = _bindery_job_get_private (self);
  g_autoptr(GPtrArray) logs = NULL;
  g_autoptr(GArray) added = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GSource) source = NULL;
  BinderyJobChanged what = 0;
  Dirty dirty;
  double fraction;

  g_mutex_lock (&priv->mutex);
  source = g_steal_pointer (&priv->flush_source);
  priv->last_flush = g_get_monotonic_time ();
  dirty = priv->dirty;
  priv->dirty = 0;

  g_object_freeze_notify (G_OBJECT (self));

  if (dirty & (DIRTY_ITEMS | DIRTY_FRACTION))
    {
      if (priv->w_items_done != priv->items_done)
        {
          priv->items_done = priv->w_items_done;
          g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_ITEMS_DONE]);
        }
      if (priv->w_items_total != priv->items_total)
        {
          priv->items_total = priv->w_items_total;
          g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_ITEMS_TOTAL]);
        }
      /* Without an explicit fraction, the items give it. */
      if (priv->w_fraction_set)
        fraction = priv->w_fraction;
      else if (priv->items_total > 0)
        fraction = MIN ((double) priv->items_done / (double) priv->items_total, 1.0);
      else
        fraction = -1.0;
      if (fraction != priv->fraction)
        {
          priv->fraction = fraction;
          g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_FRACTION]);
        }
      what |= BINDERY_JOB_CHANGED_PROGRESS;
    }
  if ((dirty & DIRTY_MESSAGE) && _bindery_job_set_str (&priv->message, priv->w_message))
    {
      g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_MESSAGE]);
      what |= BINDERY_JOB_CHANGED_PROGRESS;
    }
  if ((dirty & DIRTY_CURRENT_PATH) && _bindery_job_set_str (&priv->current_path, priv->w_current_path))
    g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_CURRENT_PATH]);
  if (dirty & DIRTY_REPORT)
    {
      g_clear_pointer (&priv->report, json_object_unref);
      priv->report = g_steal_pointer (&priv->w_report);
      what |= BINDERY_JOB_CHANGED_REPORT;
    }
  logs = g_steal_pointer (&priv->w_logs);
  added = g_steal_pointer (&priv->w_books_added);
  changed = g_steal_pointer (&priv->w_books_changed);
  g_mutex_unlock (&priv->mutex);

  /* When called directly (not from the source), the next flush will be a new source. */
  if (source != NULL)
    g_source_destroy (source);

  /* Persist before telling anyone, so a handler reading the catalog sees it. */
  if (priv->flush_func != NULL && (logs != NULL || what != 0))
    priv->flush_func (self, logs, what, priv->flush_data);

  g_object_thaw_notify (G_OBJECT (self));

  for (guint i = 0; logs != NULL && i < logs->len; i++)
    {
      BinderyJobLogEntry *entry = g_ptr_array_index (logs, i);
      g_signal_emit (self, _bindery_job_signals[LOG_ADDED], 0, entry->level, entry->path, entry->message);
    }
  if (added != NULL)
    g_signal_emit (self, _bindery_job_signals[BOOKS_ADDED], 0, added);
  if (changed != NULL)
    g_signal_emit (self, _bindery_job_signals[BOOKS_CHANGED], 0, changed);
}
