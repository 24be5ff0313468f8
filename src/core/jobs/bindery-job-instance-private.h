/* bindery-job-instance-private.h: what bindery-job.c, bindery-job-progress.c and
 * bindery-job-follow-ups.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instance-private data of BinderyJob, its property and signal tables, and
 * helpers those files need. Include it from them only; the queue and the store use
 * bindery-job-private.h.
 */
#pragma once

#include "bindery-job-private.h"

G_BEGIN_DECLS

/* Which pending values the worker changed since the last flush. */
typedef enum {
  DIRTY_FRACTION     = 1 << 0,
  DIRTY_MESSAGE      = 1 << 1,
  DIRTY_CURRENT_PATH = 1 << 2,
  DIRTY_ITEMS        = 1 << 3,
  DIRTY_REPORT       = 1 << 4,
  DIRTY_LOGS         = 1 << 5,
  DIRTY_BOOKS        = 1 << 6,
} Dirty;

typedef struct
{
  /* Published values: main thread only */
  gint64           id;
  char            *title;
  gint64           library_id;
  char            *target;
  JsonObject      *options;
  BinderyJobState  state;
  double           fraction;
  char            *message;
  char            *current_path;
  guint64          items_done;
  guint64          items_total;
  gint64           started_at;       /* µs real time, 0 = not yet */
  gint64           finished_at;
  GDateTime       *started_at_dt;    /* the same, as GDateTime (nullable) */
  GDateTime       *finished_at_dt;
  char            *error_message;
  JsonObject      *report;
  gint64           persisted_at;

  /* Borrowed: set by the queue at push, fixed while the job is queued or runs */
  BinderyJobQueue     *queue;
  BinderyJobFlushFunc  flush_func;
  BinderyJobCancelQueuedFunc cancel_queued_func;
  gpointer             flush_data;       /* for both hooks */

  /* Owned, immutable after init / attach */
  GMainContext    *main_context;
  BinderyContext  *context;
  GCancellable    *cancellable;

  /* Worker thread only, inside run */
  BinderyCatalog  *catalog;

  /* Shared with the worker, under mutex */
  GMutex           mutex;
  GCond            cond;
  gboolean         pause_requested;
  gboolean         cancel_requested;
  char            *cancel_reason;    /* the message of the job once cancelled, or NULL */
  Dirty            dirty;
  gboolean         w_fraction_set;
  double           w_fraction;
  char            *w_message;
  char            *w_current_path;
  guint64          w_items_done;
  guint64          w_items_total;
  JsonObject      *w_report;
  GPtrArray       *w_logs;           /* BinderyJobLogEntry */
  GArray          *w_books_added;    /* gint64 */
  GArray          *w_books_changed;
  GPtrArray       *follow_ups;       /* BinderyJobFollowUp, in the order named (nullable) */
  guint64          saved_items_done;   /* by bindery_job_save_progress() */
  guint64          saved_items_total;
  GSource         *flush_source;
  gint64           last_flush;       /* µs, monotonic */
} BinderyJobPrivate;

enum {
  PROP_0,
  PROP_ID,
  PROP_TYPE_NAME,
  PROP_TITLE,
  PROP_LIBRARY_ID,
  PROP_TARGET,
  PROP_OPTIONS,
  PROP_STATE,
  PROP_FRACTION,
  PROP_MESSAGE,
  PROP_CURRENT_PATH,
  PROP_ITEMS_DONE,
  PROP_ITEMS_TOTAL,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  LOG_ADDED,
  BOOKS_ADDED,
  BOOKS_CHANGED,
  FINISHED,
  N_SIGNALS
};

extern GParamSpec *_bindery_job_properties[N_PROPS];
extern guint _bindery_job_signals[N_SIGNALS];

BinderyJobPrivate *_bindery_job_get_private (BinderyJob *self);

/* g_set_str() is GLib 2.76 */
static inline gboolean
_bindery_job_set_str (char       **str,
                      const char  *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

G_END_DECLS
