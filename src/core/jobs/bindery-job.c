/* bindery-job.c: one unit of long work, run on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object, its properties, the main-thread API (pause, resume, cancel), the
 * worker's pause/cancel checks and what the queue drives (attach, state, times,
 * run). What the worker reports, and how it reaches the main thread coalesced,
 * is in bindery-job-progress.c.
 */
#define G_LOG_DOMAIN "bindery-jobs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "bindery-job-instance-private.h"

G_DEFINE_TYPE_WITH_PRIVATE (BinderyJob, bindery_job, G_TYPE_OBJECT)

GParamSpec *_bindery_job_properties[N_PROPS];
guint _bindery_job_signals[N_SIGNALS];

BinderyJobPrivate *
_bindery_job_get_private (BinderyJob *self)
{
  return bindery_job_get_instance_private (self);
}

static void
bindery_job_finalize (GObject *object)
{
  BinderyJob *self = BINDERY_JOB (object);
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  g_assert (priv->flush_source == NULL);
  g_assert (priv->catalog == NULL);

  g_free (priv->title);
  g_free (priv->target);
  g_clear_pointer (&priv->options, json_object_unref);
  g_free (priv->message);
  g_free (priv->current_path);
  g_free (priv->error_message);
  g_free (priv->cancel_reason);
  g_clear_pointer (&priv->report, json_object_unref);
  g_clear_pointer (&priv->started_at_dt, g_date_time_unref);
  g_clear_pointer (&priv->finished_at_dt, g_date_time_unref);
  g_clear_pointer (&priv->main_context, g_main_context_unref);
  g_clear_object (&priv->context);
  g_clear_object (&priv->cancellable);

  g_free (priv->w_message);
  g_free (priv->w_current_path);
  g_clear_pointer (&priv->w_report, json_object_unref);
  g_clear_pointer (&priv->w_logs, g_ptr_array_unref);
  g_clear_pointer (&priv->w_books_added, g_array_unref);
  g_clear_pointer (&priv->w_books_changed, g_array_unref);
  g_clear_pointer (&priv->follow_ups, g_ptr_array_unref);
  g_mutex_clear (&priv->mutex);
  g_cond_clear (&priv->cond);

  G_OBJECT_CLASS (bindery_job_parent_class)->finalize (object);
}

static void
bindery_job_constructed (GObject *object)
{
  BinderyJob *self = BINDERY_JOB (object);
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  G_OBJECT_CLASS (bindery_job_parent_class)->constructed (object);

  if (priv->title == NULL)
    priv->title = g_strdup (bindery_job_get_type_name (self));
  if (priv->options == NULL)
    priv->options = json_object_new ();
}

static GDateTime *
date_time_from_us (gint64 us)
{
  g_autoptr(GDateTime) utc = NULL;

  if (us == 0)
    return NULL;
  utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  return g_date_time_add (utc, us % G_USEC_PER_SEC);
}

static void
bindery_job_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BinderyJob *self = BINDERY_JOB (object);
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, priv->id);
      break;
    case PROP_TYPE_NAME:
      g_value_set_string (value, bindery_job_get_type_name (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_LIBRARY_ID:
      g_value_set_int64 (value, priv->library_id);
      break;
    case PROP_TARGET:
      g_value_set_string (value, priv->target);
      break;
    case PROP_OPTIONS:
      g_value_set_boxed (value, priv->options);
      break;
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, priv->fraction);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, priv->message);
      break;
    case PROP_CURRENT_PATH:
      g_value_set_string (value, priv->current_path);
      break;
    case PROP_ITEMS_DONE:
      g_value_set_uint64 (value, priv->items_done);
      break;
    case PROP_ITEMS_TOTAL:
      g_value_set_uint64 (value, priv->items_total);
      break;
    case PROP_STARTED_AT:
      g_value_set_boxed (value, priv->started_at_dt);
      break;
    case PROP_FINISHED_AT:
      g_value_set_boxed (value, priv->finished_at_dt);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, priv->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_job_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BinderyJob *self = BINDERY_JOB (object);
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_TITLE:
      bindery_job_set_title (self, g_value_get_string (value));
      break;
    case PROP_LIBRARY_ID:
      priv->library_id = g_value_get_int64 (value);
      break;
    case PROP_TARGET:
      priv->target = g_value_dup_string (value);
      break;
    case PROP_OPTIONS:
      {
        JsonObject *options = g_value_get_boxed (value);

        g_clear_pointer (&priv->options, json_object_unref);
        if (options != NULL)
          priv->options = _bindery_json_object_copy_sorted (options);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_job_class_init (BinderyJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bindery_job_constructed;
  object_class->finalize = bindery_job_finalize;
  object_class->get_property = bindery_job_get_property;
  object_class->set_property = bindery_job_set_property;

  klass->type_name = "job";

  _bindery_job_properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  _bindery_job_properties[PROP_TYPE_NAME] =
    g_param_spec_string ("type-name", NULL, NULL, NULL, ro);
  _bindery_job_properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _bindery_job_properties[PROP_LIBRARY_ID] =
    g_param_spec_int64 ("library-id", NULL, NULL, 0, G_MAXINT64, 0, co);
  _bindery_job_properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL, co);
  _bindery_job_properties[PROP_OPTIONS] =
    g_param_spec_boxed ("options", NULL, NULL, JSON_TYPE_OBJECT, co);
  _bindery_job_properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BINDERY_TYPE_JOB_STATE, BINDERY_JOB_STATE_QUEUED, ro);
  _bindery_job_properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1.0, 1.0, -1.0, ro);
  _bindery_job_properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL, ro);
  _bindery_job_properties[PROP_CURRENT_PATH] =
    g_param_spec_string ("current-path", NULL, NULL, NULL, ro);
  _bindery_job_properties[PROP_ITEMS_DONE] =
    g_param_spec_uint64 ("items-done", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  _bindery_job_properties[PROP_ITEMS_TOTAL] =
    g_param_spec_uint64 ("items-total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  _bindery_job_properties[PROP_STARTED_AT] =
    g_param_spec_boxed ("started-at", NULL, NULL, G_TYPE_DATE_TIME, ro);
  _bindery_job_properties[PROP_FINISHED_AT] =
    g_param_spec_boxed ("finished-at", NULL, NULL, G_TYPE_DATE_TIME, ro);
  _bindery_job_properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, _bindery_job_properties);

  _bindery_job_signals[LOG_ADDED] =
    g_signal_new ("log-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  BINDERY_TYPE_LOG_LEVEL,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  _bindery_job_signals[BOOKS_ADDED] =
    g_signal_new ("books-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
  _bindery_job_signals[BOOKS_CHANGED] =
    g_signal_new ("books-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
  _bindery_job_signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bindery_job_init (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  priv->state = BINDERY_JOB_STATE_QUEUED;
  priv->fraction = -1.0;
  priv->w_fraction = -1.0;
  priv->main_context = g_main_context_ref_thread_default ();
  priv->cancellable = g_cancellable_new ();
  g_mutex_init (&priv->mutex);
  g_cond_init (&priv->cond);
}

/* --- main-thread API ------------------------------------------------------------ */

#define GETTER(type, name, field)                                   \
  type                                                              \
  bindery_job_get_##name (BinderyJob *self)                         \
  {                                                                 \
    BinderyJobPrivate *priv = bindery_job_get_instance_private (self); \
    g_return_val_if_fail (BINDERY_IS_JOB (self), (type) 0);         \
    return priv->field;                                             \
  }

GETTER (gint64, id, id)
GETTER (const char *, title, title)
GETTER (gint64, library_id, library_id)
GETTER (const char *, target, target)
GETTER (JsonObject *, options, options)
GETTER (BinderyJobState, state, state)
GETTER (double, fraction, fraction)
GETTER (const char *, message, message)
GETTER (const char *, current_path, current_path)
GETTER (guint64, items_done, items_done)
GETTER (guint64, items_total, items_total)
GETTER (const char *, error_message, error_message)
GETTER (BinderyJobQueue *, queue, queue)
GETTER (BinderyContext *, context, context)
GETTER (BinderyCatalog *, catalog, catalog)

#undef GETTER

const char *
bindery_job_get_type_name (BinderyJob *self)
{
  g_return_val_if_fail (BINDERY_IS_JOB (self), NULL);
  return BINDERY_JOB_GET_CLASS (self)->type_name;
}

void
bindery_job_set_title (BinderyJob *self,
                       const char *title)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  if (_bindery_job_set_str (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_TITLE]);
}

GDateTime *
bindery_job_get_started_at (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  g_return_val_if_fail (BINDERY_IS_JOB (self), NULL);
  return priv->started_at_dt;
}

GDateTime *
bindery_job_get_finished_at (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  g_return_val_if_fail (BINDERY_IS_JOB (self), NULL);
  return priv->finished_at_dt;
}

JsonObject *
bindery_job_dup_report (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  g_return_val_if_fail (BINDERY_IS_JOB (self), NULL);

  return priv->report != NULL ? _bindery_json_object_copy (priv->report) : NULL;
}

char *
bindery_job_dup_merge_key (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *options = NULL;

  g_return_val_if_fail (BINDERY_IS_JOB (self), NULL);

  json_node_set_object (node, priv->options);
  options = json_to_string (node, FALSE);

  return g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s",
                          bindery_job_get_type_name (self), priv->library_id,
                          priv->target != NULL ? priv->target : "", options);
}

void
bindery_job_pause (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  if (priv->state != BINDERY_JOB_STATE_RUNNING)
    return;

  g_mutex_lock (&priv->mutex);
  priv->pause_requested = TRUE;
  g_mutex_unlock (&priv->mutex);

  _bindery_job_set_state (self, BINDERY_JOB_STATE_PAUSED);
}

void
bindery_job_resume (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  if (priv->state != BINDERY_JOB_STATE_PAUSED)
    return;

  g_mutex_lock (&priv->mutex);
  priv->pause_requested = FALSE;
  g_cond_broadcast (&priv->cond);
  g_mutex_unlock (&priv->mutex);

  _bindery_job_set_state (self, BINDERY_JOB_STATE_RUNNING);
}

void
bindery_job_cancel (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  gboolean already;

  g_return_if_fail (BINDERY_IS_JOB (self));

  if (bindery_job_state_is_finished (priv->state))
    return;

  g_mutex_lock (&priv->mutex);
  already = priv->cancel_requested;
  priv->cancel_requested = TRUE;
  g_cond_broadcast (&priv->cond);
  g_mutex_unlock (&priv->mutex);

  if (already)
    return;

  g_cancellable_cancel (priv->cancellable);

  if (priv->state == BINDERY_JOB_STATE_QUEUED && priv->cancel_queued_func != NULL)
    priv->cancel_queued_func (self, priv->flush_data);
}

void
bindery_job_set_cancel_reason (BinderyJob *self,
                               const char *reason)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  g_return_if_fail (BINDERY_IS_JOB (self));

  g_mutex_lock (&priv->mutex);
  _bindery_job_set_str (&priv->cancel_reason, reason);
  g_mutex_unlock (&priv->mutex);
}

char *
_bindery_job_dup_cancel_reason (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  char *reason;

  g_mutex_lock (&priv->mutex);
  reason = g_strdup (priv->cancel_reason);
  g_mutex_unlock (&priv->mutex);
  return reason;
}

/* --- worker side: pause and cancel checks ------------------------------------------ */

gboolean
bindery_job_check (BinderyJob  *self,
                   GError     **error)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  gboolean cancelled;

  g_return_val_if_fail (BINDERY_IS_JOB (self), FALSE);

  g_mutex_lock (&priv->mutex);
  while (priv->pause_requested && !priv->cancel_requested)
    g_cond_wait (&priv->cond, &priv->mutex);
  cancelled = priv->cancel_requested;
  g_mutex_unlock (&priv->mutex);

  if (cancelled)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The job was cancelled"));
      return FALSE;
    }
  return TRUE;
}

gboolean
bindery_job_is_cancelled (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  gboolean cancelled;

  g_return_val_if_fail (BINDERY_IS_JOB (self), TRUE);

  g_mutex_lock (&priv->mutex);
  cancelled = priv->cancel_requested;
  g_mutex_unlock (&priv->mutex);

  return cancelled;
}

gboolean
bindery_job_is_pause_requested (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  gboolean paused;

  g_return_val_if_fail (BINDERY_IS_JOB (self), FALSE);

  g_mutex_lock (&priv->mutex);
  paused = priv->pause_requested && !priv->cancel_requested;
  g_mutex_unlock (&priv->mutex);

  return paused;
}

/* --- private, for the queue ------------------------------------------------------------ */

void
_bindery_job_attach (BinderyJob                 *self,
                     BinderyJobQueue            *queue,
                     BinderyContext             *context,
                     BinderyJobFlushFunc         flush_func,
                     BinderyJobCancelQueuedFunc  cancel_queued_func,
                     gpointer                    user_data)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  priv->queue = queue;
  g_set_object (&priv->context, context);
  priv->flush_func = flush_func;
  priv->cancel_queued_func = cancel_queued_func;
  priv->flush_data = user_data;
}

void
_bindery_job_detach (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  priv->queue = NULL;
  priv->flush_func = NULL;
  priv->cancel_queued_func = NULL;
  priv->flush_data = NULL;
}

void
_bindery_job_set_id (BinderyJob *self,
                     gint64      id)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  if (priv->id == id)
    return;
  priv->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_ID]);
}

void
_bindery_job_set_state (BinderyJob      *self,
                        BinderyJobState  state)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  if (priv->state == state)
    return;
  priv->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_STATE]);
}

void
_bindery_job_set_times (BinderyJob *self,
                        gint64      started_at,
                        gint64      finished_at)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  if (priv->started_at != started_at)
    {
      priv->started_at = started_at;
      g_clear_pointer (&priv->started_at_dt, g_date_time_unref);
      priv->started_at_dt = date_time_from_us (started_at);
      g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_STARTED_AT]);
    }
  if (priv->finished_at != finished_at)
    {
      priv->finished_at = finished_at;
      g_clear_pointer (&priv->finished_at_dt, g_date_time_unref);
      priv->finished_at_dt = date_time_from_us (finished_at);
      g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_FINISHED_AT]);
    }
}

gint64
_bindery_job_get_started_us (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  return priv->started_at;
}

gint64
_bindery_job_get_finished_us (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  return priv->finished_at;
}

void
_bindery_job_set_error_message (BinderyJob *self,
                                const char *message)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);

  if (_bindery_job_set_str (&priv->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), _bindery_job_properties[PROP_ERROR_MESSAGE]);
}

JsonObject *
_bindery_job_peek_report (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  return priv->report;
}

gboolean
_bindery_job_cancel_requested (BinderyJob *self)
{
  return bindery_job_is_cancelled (self);
}

gint64
_bindery_job_get_persisted_at (BinderyJob *self)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  return priv->persisted_at;
}

void
_bindery_job_set_persisted_at (BinderyJob *self,
                               gint64      when)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  priv->persisted_at = when;
}

void
_bindery_job_complete (BinderyJob      *self,
                       BinderyJobState  state)
{
  BinderyJobClass *klass = BINDERY_JOB_GET_CLASS (self);

  if (klass->completed != NULL)
    klass->completed (self, state);
}

void
_bindery_job_emit_finished (BinderyJob *self)
{
  g_signal_emit (self, _bindery_job_signals[FINISHED], 0);
}

gboolean
_bindery_job_run (BinderyJob  *self,
                  GError     **error)
{
  BinderyJobPrivate *priv = bindery_job_get_instance_private (self);
  BinderyJobClass *klass = BINDERY_JOB_GET_CLASS (self);
  g_autoptr(GError) local_error = NULL;
  gboolean ret;

  if (!bindery_job_check (self, error))
    return FALSE;

  if (klass->run == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Jobs of type “%s” cannot run"), bindery_job_get_type_name (self));
      return FALSE;
    }

  priv->catalog = bindery_catalog_open (bindery_context_get_catalog_path (priv->context),
                                        BINDERY_CATALOG_OPEN_READ_WRITE, &local_error);
  if (priv->catalog == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Cannot open the catalog for the job: "));
      return FALSE;
    }

  /* Its library was removed while it waited: nothing to do, and nothing failed. */
  if (priv->library_id != 0)
    {
      gboolean exists = TRUE;

      if (!_bindery_job_store_library_exists (priv->catalog, priv->library_id, &exists, error))
        {
          g_clear_object (&priv->catalog);
          return FALSE;
        }
      if (!exists)
        {
          g_clear_object (&priv->catalog);
          bindery_job_set_cancel_reason (self, _("Cancelled: its library was removed"));
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("The job’s library (id %" PRId64 ") was removed"), priv->library_id);
          return FALSE;
        }
    }

  ret = klass->run (self, priv->cancellable, error);

  g_clear_object (&priv->catalog);

  return ret;
}
