/* bindery-job-queue.c: the job queue of one data dir, persisted in the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jobs wait in `pending` (main thread) until a worker slot is free, then go to a
 * GThreadPool of at most max-workers threads. A worker runs the job with its own
 * catalog connection and hands the outcome back to the main context; the queue
 * then flushes the job, persists its final row, calls `completed`, emits
 * `finished` and starts the next job. All catalog writes of the queue go through
 * its own main-thread connection.
 */
#define G_LOG_DOMAIN "bindery-jobs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bindery-job-queue.h"
#include "bindery-job-private.h"

#define DEFAULT_RETENTION 200
#define PERSIST_PROGRESS_INTERVAL_US G_USEC_PER_SEC
#define PERSIST_RETRY_S              1
/* What bindery_catalog_open() gives every connection. */
#define CATALOG_BUSY_TIMEOUT_MS      10000

struct _BinderyJobQueue
{
  GObject          parent_instance;

  BinderyContext  *context;
  BinderyCatalog  *catalog;
  GMainContext    *main_context;
  GThreadPool     *pool;
  GListStore      *active;        /* BinderyJob: queued, running, paused */
  GQueue           pending;       /* BinderyJob (borrowed from active), not started yet */
  guint            n_running;
  guint            max_workers;
  guint            retention;
  gboolean         defer_follow_ups;
  gboolean         shutting_down;
  GHashTable      *unsaved;       /* BinderyJob (owned) whose row the busy catalog refused */
  GSource         *retry_source;  /* saves the unsaved rows again, on main_context */
};

typedef struct {
  BinderyJobQueue *queue;
  BinderyJob      *job;
  gboolean         ok;
  GError          *error;
} RunData;

enum {
  PROP_0,
  PROP_MAX_WORKERS,
  PROP_RETENTION,
  N_PROPS
};

enum {
  JOB_ADDED,
  JOB_FINISHED,
  IDLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BinderyJobQueue, bindery_job_queue, G_TYPE_OBJECT)

static void schedule (BinderyJobQueue *self);

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->queue);
  g_clear_object (&data->job);
  g_clear_error (&data->error);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunData, run_data_free)

/* --- persistence ------------------------------------------------------------------ */

static gboolean retry_unsaved_cb (gpointer user_data);

/* Saves the job's row. Progress and the states a job passes through (running,
 * paused) are saved without waiting for the catalog: a batched scan keeps its write
 * transaction open for a whole batch, and while it is paused inside one, and the
 * main thread must not stall behind it. A row the busy catalog refused is saved by
 * the next flush or state change, or by a retry a second later. Queued and final
 * states wait (up to the catalog's busy timeout) as before. */
static void
persist_job (BinderyJobQueue *self,
             BinderyJob      *job)
{
  sqlite3 *db = bindery_catalog_get_db (self->catalog);
  BinderyJobState state = bindery_job_get_state (job);
  gboolean wait = state == BINDERY_JOB_STATE_QUEUED || bindery_job_state_is_finished (state);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (bindery_job_get_id (job) == 0)
    return;

  if (!wait)
    sqlite3_busy_timeout (db, 0);
  ok = _bindery_job_store_update (self->catalog, job, &error);
  if (!wait)
    sqlite3_busy_timeout (db, CATALOG_BUSY_TIMEOUT_MS);

  if (!ok && !wait && (sqlite3_errcode (db) & 0xff) == SQLITE_BUSY)
    {
      g_debug ("Job %" G_GINT64_FORMAT ": catalog busy, row saved later", bindery_job_get_id (job));
      /* Progress flushes try again in a second, as after a save. */
      _bindery_job_set_persisted_at (job, g_get_monotonic_time ());
      if (!g_hash_table_contains (self->unsaved, job))
        g_hash_table_add (self->unsaved, g_object_ref (job));
      if (self->retry_source == NULL)
        {
          self->retry_source = g_timeout_source_new_seconds (PERSIST_RETRY_S);
          g_source_set_callback (self->retry_source, retry_unsaved_cb, self, NULL);
          g_source_set_static_name (self->retry_source, "[bindery] job row retry");
          g_source_attach (self->retry_source, self->main_context);
        }
      return;
    }
  if (!ok)
    g_warning ("Job %" G_GINT64_FORMAT ": %s", bindery_job_get_id (job), error->message);
  g_hash_table_remove (self->unsaved, job);
  _bindery_job_set_persisted_at (job, g_get_monotonic_time ());
}

static gboolean
retry_unsaved_cb (gpointer user_data)
{
  BinderyJobQueue *self = user_data;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer job;

  g_clear_pointer (&self->retry_source, g_source_unref);
  g_hash_table_iter_init (&iter, self->unsaved);
  while (g_hash_table_iter_next (&iter, &job, NULL))
    g_ptr_array_add (jobs, g_object_ref (job));
  for (guint i = 0; i < jobs->len; i++)
    persist_job (self, g_ptr_array_index (jobs, i));
  return G_SOURCE_REMOVE;
}

static void
job_flushed_cb (BinderyJob        *job,
                GPtrArray         *logs,
                BinderyJobChanged  changed,
                gpointer           user_data)
{
  BinderyJobQueue *self = user_data;
  g_autoptr(GError) error = NULL;

  if (bindery_job_get_id (job) == 0)
    return;

  if (logs != NULL && logs->len > 0 &&
      !_bindery_job_store_add_logs (self->catalog, bindery_job_get_id (job), logs, &error))
    {
      g_warning ("Job %" G_GINT64_FORMAT ": %s", bindery_job_get_id (job), error->message);
      g_clear_error (&error);
    }

  /* Progress reaches the catalog at most once a second; the final row is
   * written when the job finishes. */
  if (changed != 0 &&
      g_get_monotonic_time () - _bindery_job_get_persisted_at (job) >= PERSIST_PROGRESS_INTERVAL_US)
    persist_job (self, job);
}

static void
job_notify_state_cb (BinderyJob      *job,
                     GParamSpec      *pspec,
                     BinderyJobQueue *self)
{
  persist_job (self, job);
}

/* --- running ---------------------------------------------------------------------- */

static void job_cancel_queued_cb (BinderyJob *job, gpointer user_data);

static void
attach_job (BinderyJobQueue *self,
            BinderyJob      *job)
{
  _bindery_job_attach (job, self, self->context, job_flushed_cb, job_cancel_queued_cb, self);
  g_signal_connect_object (job, "notify::state", G_CALLBACK (job_notify_state_cb), self, 0);
}

static void
remove_active (BinderyJobQueue *self,
               BinderyJob      *job)
{
  guint position;

  g_queue_remove (&self->pending, job);
  if (g_list_store_find (self->active, job, &position))
    g_list_store_remove (self->active, position);
}

/* A line in the finished job's persisted log (its own flushes have ended). */
static void
log_to_finished_job (BinderyJobQueue *self,
                     BinderyJob      *job,
                     const char      *message)
{
  g_autoptr(GPtrArray) logs = g_ptr_array_new_with_free_func ((GDestroyNotify) bindery_job_log_entry_free);
  g_autoptr(GError) error = NULL;
  BinderyJobLogEntry *entry = g_new0 (BinderyJobLogEntry, 1);

  entry->time = g_get_real_time ();
  entry->level = BINDERY_LOG_WARNING;
  entry->message = g_strdup (message);
  g_ptr_array_add (logs, entry);

  if (bindery_job_get_id (job) != 0 &&
      !_bindery_job_store_add_logs (self->catalog, bindery_job_get_id (job), logs, &error))
    g_warning ("Job %" G_GINT64_FORMAT ": %s", bindery_job_get_id (job), error->message);
}

/* The follow-ups a completed job named, in order: queued (or saved for later, see
 * bindery_job_queue_add_follow_up). */
static void
queue_follow_ups (BinderyJobQueue *self,
                  BinderyJob      *job)
{
  g_autoptr(GPtrArray) follow_ups = bindery_job_dup_follow_ups (job);

  for (guint i = 0; i < follow_ups->len; i++)
    {
      BinderyJobFollowUp *follow_up = g_ptr_array_index (follow_ups, i);
      g_autoptr(BinderyJob) next = NULL;
      g_autoptr(GError) error = NULL;

      next = bindery_job_follow_up_new_job (follow_up, &error);
      if (next == NULL || !bindery_job_queue_add_follow_up (self, next, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot queue the follow-up job “%s”: %s"),
                                                      follow_up->type_name, error->message);

          g_debug ("Job %" G_GINT64_FORMAT ": %s", bindery_job_get_id (job), message);
          log_to_finished_job (self, job, message);
        }
    }
}

/* The last step of every job: final row, `completed`, follow-ups (completed jobs
 * only), `finished`, retention. */
static void
finish_job (BinderyJobQueue *self,
            BinderyJob      *job,
            BinderyJobState  state,
            const char      *error_message)
{
  g_autoptr(BinderyJob) hold = g_object_ref (job);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  /* a job cancelled for a reason (not by its user) keeps it as its error */
  if (state == BINDERY_JOB_STATE_CANCELLED && error_message == NULL &&
      (reason = _bindery_job_dup_cancel_reason (job)) != NULL)
    error_message = reason;
  _bindery_job_flush (job);
  _bindery_job_set_times (job, _bindery_job_get_started_us (job), g_get_real_time ());
  _bindery_job_set_error_message (job, error_message);
  _bindery_job_set_state (job, state);  /* persists the row */

  g_signal_handlers_disconnect_by_func (job, job_notify_state_cb, self);
  remove_active (self, job);

  _bindery_job_complete (job, state);
  if (state == BINDERY_JOB_STATE_COMPLETED)
    queue_follow_ups (self, job);
  _bindery_job_emit_finished (job);
  _bindery_job_detach (job);
  g_signal_emit (self, signals[JOB_FINISHED], 0, job);

  if (!_bindery_job_store_apply_retention (self->catalog, self->retention, &error))
    g_warning ("%s", error->message);
}

static void
maybe_idle (BinderyJobQueue *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->active)) == 0)
    g_signal_emit (self, signals[IDLE], 0);
}

static gboolean
job_done_cb (gpointer user_data)
{
  g_autoptr(RunData) data = user_data;
  BinderyJobQueue *self = data->queue;
  BinderyJobState state;
  const char *message = NULL;

  g_assert (self->n_running > 0);
  self->n_running--;

  if (data->ok)
    state = BINDERY_JOB_STATE_COMPLETED;
  else if (self->shutting_down && _bindery_job_cancel_requested (data->job))
    state = BINDERY_JOB_STATE_INTERRUPTED;
  else if (g_error_matches (data->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
           _bindery_job_cancel_requested (data->job))
    state = BINDERY_JOB_STATE_CANCELLED;
  else
    state = BINDERY_JOB_STATE_FAILED;

  if (state == BINDERY_JOB_STATE_FAILED)
    message = data->error != NULL ? data->error->message : "The job failed without saying why";

  finish_job (self, data->job, state, message);
  schedule (self);
  maybe_idle (self);

  return G_SOURCE_REMOVE;
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  RunData *run = data;

  g_autoptr(GSource) source = NULL;

  run->ok = _bindery_job_run (run->job, &run->error);

  /* Not g_main_context_invoke(): it may call back right here when this thread
   * can acquire the main context. */
  source = g_idle_source_new ();
  g_source_set_static_name (source, "[bindery] job done");
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, job_done_cb, run, NULL);
  g_source_attach (source, run->queue->main_context);
}

/* Whether job must wait because a job that writes the same library runs (or is paused). */
static gboolean
library_taken (BinderyJobQueue *self,
               BinderyJob      *job)
{
  guint n;

  if (!BINDERY_JOB_GET_CLASS (job)->writes_library)
    return FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->active));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyJob) other = g_list_model_get_item (G_LIST_MODEL (self->active), i);
      BinderyJobState state = bindery_job_get_state (other);

      if (other != job && (state == BINDERY_JOB_STATE_RUNNING || state == BINDERY_JOB_STATE_PAUSED) &&
          BINDERY_JOB_GET_CLASS (other)->writes_library &&
          bindery_job_get_library_id (other) == bindery_job_get_library_id (job))
        return TRUE;
    }
  return FALSE;
}

/* The first pending job that may start now: in order, passing over those whose library
 * another job is writing (they keep their place). */
static GList *
next_runnable (BinderyJobQueue *self)
{
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (!library_taken (self, l->data))
      return l;
  return NULL;
}

static void
schedule (BinderyJobQueue *self)
{
  GList *link;

  /* Looked for again after each start: starting a job can queue others. */
  while (!self->shutting_down && self->n_running < self->max_workers && (link = next_runnable (self)) != NULL)
    {
      BinderyJob *job = link->data;
      g_autoptr(GError) error = NULL;
      RunData *run;

      g_queue_delete_link (&self->pending, link);

      _bindery_job_set_times (job, g_get_real_time (), 0);
      _bindery_job_set_state (job, BINDERY_JOB_STATE_RUNNING);

      run = g_new0 (RunData, 1);
      run->queue = g_object_ref (self);
      run->job = g_object_ref (job);
      if (!g_thread_pool_push (self->pool, run, &error))
        {
          run_data_free (run);
          finish_job (self, job, BINDERY_JOB_STATE_FAILED, error->message);
          continue;
        }
      self->n_running++;
    }
}


/* bindery_job_cancel() on a job still waiting here: it finishes as cancelled
 * without running. */
static void
job_cancel_queued_cb (BinderyJob *job,
                      gpointer    user_data)
{
  BinderyJobQueue *self = user_data;

  if (g_queue_find (&self->pending, job) == NULL)
    return;

  finish_job (self, job, BINDERY_JOB_STATE_CANCELLED, NULL);
  maybe_idle (self);
}

/* --- GObject ---------------------------------------------------------------------- */

static void
bindery_job_queue_dispose (GObject *object)
{
  BinderyJobQueue *self = BINDERY_JOB_QUEUE (object);

  /* Running jobs hold a reference on the queue: none is left here. Queued ones
   * stay `queued` in the catalog, for bindery_job_queue_resume_pending(). */
  g_assert (self->n_running == 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->active)); i++)
    {
      g_autoptr(BinderyJob) job = g_list_model_get_item (G_LIST_MODEL (self->active), i);

      g_signal_handlers_disconnect_by_func (job, job_notify_state_cb, self);
      _bindery_job_detach (job);
    }
  g_queue_clear (&self->pending);
  g_list_store_remove_all (self->active);
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
  if (self->unsaved != NULL)
    g_hash_table_remove_all (self->unsaved);

  if (self->pool != NULL)
    {
      g_thread_pool_free (self->pool, FALSE, TRUE);
      self->pool = NULL;
    }

  G_OBJECT_CLASS (bindery_job_queue_parent_class)->dispose (object);
}

static void
bindery_job_queue_finalize (GObject *object)
{
  BinderyJobQueue *self = BINDERY_JOB_QUEUE (object);

  g_clear_object (&self->active);
  g_clear_pointer (&self->unsaved, g_hash_table_unref);
  g_clear_object (&self->catalog);
  g_clear_object (&self->context);
  g_clear_pointer (&self->main_context, g_main_context_unref);

  G_OBJECT_CLASS (bindery_job_queue_parent_class)->finalize (object);
}

static void
bindery_job_queue_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BinderyJobQueue *self = BINDERY_JOB_QUEUE (object);

  switch (prop_id)
    {
    case PROP_MAX_WORKERS:
      g_value_set_uint (value, self->max_workers);
      break;
    case PROP_RETENTION:
      g_value_set_uint (value, self->retention);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_job_queue_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BinderyJobQueue *self = BINDERY_JOB_QUEUE (object);

  switch (prop_id)
    {
    case PROP_MAX_WORKERS:
      bindery_job_queue_set_max_workers (self, g_value_get_uint (value));
      break;
    case PROP_RETENTION:
      bindery_job_queue_set_retention (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_job_queue_class_init (BinderyJobQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bindery_job_queue_dispose;
  object_class->finalize = bindery_job_queue_finalize;
  object_class->get_property = bindery_job_queue_get_property;
  object_class->set_property = bindery_job_queue_set_property;

  /* 0 = the number of processors */
  properties[PROP_MAX_WORKERS] =
    g_param_spec_uint ("max-workers", NULL, NULL, 0, 256, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETENTION] =
    g_param_spec_uint ("retention", NULL, NULL, 0, G_MAXUINT, DEFAULT_RETENTION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[JOB_ADDED] =
    g_signal_new ("job-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BINDERY_TYPE_JOB);
  signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BINDERY_TYPE_JOB);
  signals[IDLE] =
    g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bindery_job_queue_init (BinderyJobQueue *self)
{
  self->active = g_list_store_new (BINDERY_TYPE_JOB);
  self->main_context = g_main_context_ref_thread_default ();
  self->retention = DEFAULT_RETENTION;
  self->max_workers = MAX (g_get_num_processors (), 1);
  g_queue_init (&self->pending);
  self->unsaved = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

BinderyJobQueue *
bindery_job_queue_new (BinderyContext  *context,
                       guint            max_workers,
                       GError         **error)
{
  g_autoptr(BinderyJobQueue) self = NULL;

  g_return_val_if_fail (BINDERY_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (bindery_context_is_locked (context), NULL);

  self = g_object_new (BINDERY_TYPE_JOB_QUEUE, NULL);
  self->context = g_object_ref (context);
  if (max_workers > 0)
    self->max_workers = max_workers;

  self->catalog = bindery_catalog_open (bindery_context_get_catalog_path (context),
                                        BINDERY_CATALOG_OPEN_READ_WRITE, error);
  if (self->catalog == NULL)
    return NULL;

  /* We hold the data dir lock: a job still marked running or paused belongs to a
   * process that died. */
  if (!_bindery_job_store_mark_interrupted (self->catalog, error))
    return NULL;

  self->pool = g_thread_pool_new (worker_func, self, (int) self->max_workers, FALSE, error);
  if (self->pool == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

BinderyContext *
bindery_job_queue_get_context (BinderyJobQueue *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (self), NULL);
  return self->context;
}

BinderyCatalog *
bindery_job_queue_get_catalog (BinderyJobQueue *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (self), NULL);
  return self->catalog;
}

void
bindery_job_queue_set_max_workers (BinderyJobQueue *self,
                                   guint            n)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BINDERY_IS_JOB_QUEUE (self));

  if (n == 0)
    n = MAX (g_get_num_processors (), 1);
  if (n == self->max_workers)
    return;

  self->max_workers = n;
  if (self->pool != NULL && !g_thread_pool_set_max_threads (self->pool, (int) n, &error))
    g_warning ("Cannot resize the job worker pool: %s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_WORKERS]);

  schedule (self);
}

guint
bindery_job_queue_get_max_workers (BinderyJobQueue *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (self), 0);
  return self->max_workers;
}

void
bindery_job_queue_set_retention (BinderyJobQueue *self,
                                 guint            n)
{
  g_return_if_fail (BINDERY_IS_JOB_QUEUE (self));

  if (n == self->retention)
    return;
  self->retention = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION]);
}

static BinderyJob *
find_queued (BinderyJobQueue *self,
             BinderyJob      *job)
{
  g_autofree char *key = bindery_job_dup_merge_key (job);

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      g_autofree char *other = bindery_job_dup_merge_key (l->data);

      if (g_str_equal (key, other))
        return l->data;
    }
  return NULL;
}

static void
enqueue (BinderyJobQueue *self,
         BinderyJob      *job)
{
  attach_job (self, job);
  g_list_store_append (self->active, job);
  g_queue_push_tail (&self->pending, job);
  g_signal_emit (self, signals[JOB_ADDED], 0, job);
  schedule (self);
}

BinderyJob *
bindery_job_queue_push (BinderyJobQueue *self,
                        BinderyJob      *job)
{
  g_autoptr(GError) error = NULL;
  BinderyJob *same;

  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (self), NULL);
  g_return_val_if_fail (BINDERY_IS_JOB (job), NULL);
  g_return_val_if_fail (bindery_job_get_queue (job) == NULL, NULL);
  g_return_val_if_fail (bindery_job_get_state (job) == BINDERY_JOB_STATE_QUEUED, NULL);
  g_return_val_if_fail (!self->shutting_down, NULL);

  if ((same = find_queued (self, job)) != NULL)
    {
      g_debug ("Job “%s” merged with queued job %" G_GINT64_FORMAT,
               bindery_job_get_title (job), bindery_job_get_id (same));
      return g_object_ref (same);
    }

  if (!_bindery_job_store_insert (self->catalog, job, &error))
    {
      /* Still run it: losing the history is better than losing the work. */
      g_warning ("%s", error->message);
    }

  enqueue (self, job);
  return g_object_ref (job);
}

gboolean
bindery_job_queue_save_for_later (BinderyJobQueue  *self,
                                  BinderyJob       *job,
                                  GError          **error)
{
  gint64 id;

  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (self), FALSE);
  g_return_val_if_fail (BINDERY_IS_JOB (job), FALSE);
  g_return_val_if_fail (bindery_job_get_id (job) == 0, FALSE);

  if (!_bindery_job_store_find_queued (self->catalog, job, &id, error))
    return FALSE;
  if (id != 0)
    {
      _bindery_job_set_id (job, id);
      return TRUE;
    }
  return _bindery_job_store_insert (self->catalog, job, error);
}

gboolean
bindery_job_queue_add_follow_up (BinderyJobQueue  *self,
                                 BinderyJob       *job,
                                 GError          **error)
{
  g_autoptr(BinderyJob) queued = NULL;

  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (self), FALSE);
  g_return_val_if_fail (BINDERY_IS_JOB (job), FALSE);

  if (self->defer_follow_ups || self->shutting_down)
    return bindery_job_queue_save_for_later (self, job, error);

  queued = bindery_job_queue_push (self, job);
  return TRUE;
}

void
bindery_job_queue_set_defer_follow_ups (BinderyJobQueue *self,
                                        gboolean         defer)
{
  g_return_if_fail (BINDERY_IS_JOB_QUEUE (self));
  self->defer_follow_ups = !!defer;
}

static gboolean
is_active_id (BinderyJobQueue *self,
              gint64           id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->active)); i++)
    {
      g_autoptr(BinderyJob) job = g_list_model_get_item (G_LIST_MODEL (self->active), i);

      if (bindery_job_get_id (job) == id)
        return TRUE;
    }
  return FALSE;
}

guint
bindery_job_queue_resume_pending (BinderyJobQueue *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (self), 0);
  g_return_val_if_fail (!self->shutting_down, 0);

  if ((jobs = _bindery_job_store_load_pending (self->catalog, &error)) == NULL)
    {
      g_warning ("%s", error->message);
      return 0;
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      BinderyJob *job = g_ptr_array_index (jobs, i);
      BinderyJob *same;

      if (is_active_id (self, bindery_job_get_id (job)))
        continue;

      same = find_queued (self, job);

      if (same != NULL)
        {
          /* Already queued here: the saved row goes. */
          if (!_bindery_job_store_delete (self->catalog, bindery_job_get_id (job), &error))
            {
              g_warning ("%s", error->message);
              g_clear_error (&error);
            }
          continue;
        }

      enqueue (self, job);
      /* The row goes back to queued (or straight to running) with the job's state. */
      persist_job (self, job);
      n++;
    }

  return n;
}

GListModel *
bindery_job_queue_get_active (BinderyJobQueue *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (self), NULL);
  return G_LIST_MODEL (self->active);
}

gboolean
bindery_job_queue_is_busy (BinderyJobQueue *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (self), FALSE);
  return g_list_model_get_n_items (G_LIST_MODEL (self->active)) > 0;
}

void
bindery_job_queue_cancel_all (BinderyJobQueue *self)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (BINDERY_IS_JOB_QUEUE (self));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->active)); i++)
    g_ptr_array_add (jobs, g_list_model_get_item (G_LIST_MODEL (self->active), i));

  /* Queued ones first, so a freed worker slot does not start one of them. */
  for (guint i = jobs->len; i > 0; i--)
    bindery_job_cancel (g_ptr_array_index (jobs, i - 1));
}

void
bindery_job_queue_shutdown (BinderyJobQueue *self)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (BINDERY_IS_JOB_QUEUE (self));

  self->shutting_down = TRUE;

  /* Queued jobs leave without a state change: their rows stay `queued`. */
  while (!g_queue_is_empty (&self->pending))
    {
      BinderyJob *job = g_queue_pop_head (&self->pending);

      g_signal_handlers_disconnect_by_func (job, job_notify_state_cb, self);
      _bindery_job_detach (job);
      remove_active (self, job);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->active)); i++)
    g_ptr_array_add (jobs, g_list_model_get_item (G_LIST_MODEL (self->active), i));
  for (guint i = 0; i < jobs->len; i++)
    bindery_job_cancel (g_ptr_array_index (jobs, i));

  while (self->n_running > 0)
    g_main_context_iteration (self->main_context, TRUE);
}

void
bindery_job_queue_wait (BinderyJobQueue *self,
                        BinderyJob      *job)
{
  g_return_if_fail (BINDERY_IS_JOB_QUEUE (self));
  g_return_if_fail (BINDERY_IS_JOB (job));
  g_return_if_fail (bindery_job_get_queue (job) == self ||
                    bindery_job_state_is_finished (bindery_job_get_state (job)));

  while (!bindery_job_state_is_finished (bindery_job_get_state (job)))
    g_main_context_iteration (self->main_context, TRUE);
}
