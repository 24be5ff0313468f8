/* bindery-job-private.h: what BinderyJobQueue and BinderyJob share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-job.h"

G_BEGIN_DECLS

/* Interval between two flushes of one job: fewer than 30 per second. */
#define BINDERY_JOB_FLUSH_INTERVAL_US (34 * G_TIME_SPAN_MILLISECOND)

typedef struct {
  gint64           time;     /* µs, real time */
  BinderyLogLevel  level;
  char            *path;     /* nullable */
  char            *message;
} BinderyJobLogEntry;

typedef enum {
  BINDERY_JOB_CHANGED_PROGRESS = 1 << 0,  /* fraction, items, message, current path */
  BINDERY_JOB_CHANGED_REPORT   = 1 << 1,
} BinderyJobChanged;

/* Main thread, at each flush, after the published values were updated and before
 * notifications and signals: logs holds the lines logged since the previous flush. */
typedef void (*BinderyJobFlushFunc) (BinderyJob        *job,
                                     GPtrArray         *logs,
                                     BinderyJobChanged  changed,
                                     gpointer           user_data);

/* Main thread, from bindery_job_cancel() on a job still queued: the queue finishes
 * it as cancelled without running it. */
typedef void (*BinderyJobCancelQueuedFunc) (BinderyJob *job,
                                            gpointer    user_data);

/* --- used by the queue (main thread unless noted) --- */
/* The queue's hooks (flush_func, cancel_queued_func) get user_data. */
void      _bindery_job_attach          (BinderyJob                 *self,
                                        BinderyJobQueue            *queue,
                                        BinderyContext             *context,
                                        BinderyJobFlushFunc         flush_func,
                                        BinderyJobCancelQueuedFunc  cancel_queued_func,
                                        gpointer                    user_data);
void      _bindery_job_detach          (BinderyJob          *self);
void      _bindery_job_set_id          (BinderyJob          *self,
                                        gint64               id);
void      _bindery_job_set_state       (BinderyJob          *self,
                                        BinderyJobState      state);
void      _bindery_job_set_times       (BinderyJob          *self,
                                        gint64               started_at,
                                        gint64               finished_at);
gint64    _bindery_job_get_started_us  (BinderyJob          *self);
gint64    _bindery_job_get_finished_us (BinderyJob          *self);
/* What bindery_job_set_cancel_reason() said, or NULL. */
char     *_bindery_job_dup_cancel_reason (BinderyJob        *self);
void      _bindery_job_set_error_message (BinderyJob        *self,
                                          const char        *message);
/* The main-side report, not a copy (NULL when none). */
JsonObject *_bindery_job_peek_report   (BinderyJob          *self);
gboolean  _bindery_job_cancel_requested (BinderyJob         *self);
/* Applies what the worker reported since the last flush, now. */
void      _bindery_job_flush           (BinderyJob          *self);
/* The last steps, in this order: `completed`, then (the queue acts on the
 * follow-ups between the two) the "finished" signal. */
void      _bindery_job_complete        (BinderyJob          *self,
                                        BinderyJobState      state);
void      _bindery_job_emit_finished   (BinderyJob          *self);
/* Worker thread: opens the job's catalog connection, runs it, closes the connection. */
gboolean  _bindery_job_run             (BinderyJob          *self,
                                        GError             **error);
/* Last time the queue persisted the job's progress (µs, monotonic). */
gint64    _bindery_job_get_persisted_at (BinderyJob         *self);
void      _bindery_job_set_persisted_at (BinderyJob         *self,
                                         gint64              when);

/* The items the worker last wrote into the job's row itself (bindery_job_save_progress),
 * so that the queue's saves of the (later published) values never go back behind them.
 * Any thread. */
void      _bindery_job_get_saved_items (BinderyJob          *self,
                                        guint64             *done,
                                        guint64             *total);

void      bindery_job_log_entry_free   (BinderyJobLogEntry  *entry);

/* --- bindery-job-store.c: rows of `jobs` and `job_logs` ----------------------------- */
/* Inserts the job as queued and sets its id. */
gboolean  _bindery_job_store_insert    (BinderyCatalog *catalog, BinderyJob *job, GError **error);
/* Writes state, times, progress, message, report and error. */
gboolean  _bindery_job_store_update    (BinderyCatalog *catalog, BinderyJob *job, GError **error);
/* One transaction for the lot. */
gboolean  _bindery_job_store_add_logs  (BinderyCatalog *catalog, gint64 job_id, GPtrArray *logs,
                                        GError **error);
/* Keeps the newest keep completed/cancelled jobs; failed and interrupted ones stay. */
gboolean  _bindery_job_store_apply_retention (BinderyCatalog *catalog, guint keep, GError **error);
gboolean  _bindery_job_store_mark_interrupted (BinderyCatalog *catalog, GError **error);
/* The id of a queued row with the job's merge key, or 0. */
gboolean  _bindery_job_store_find_queued (BinderyCatalog *catalog, BinderyJob *job, gint64 *id,
                                          GError **error);
gboolean  _bindery_job_store_delete    (BinderyCatalog *catalog, gint64 id, GError **error);
/* Whether the library of a job is still in the catalog. */
gboolean  _bindery_job_store_library_exists (BinderyCatalog *catalog, gint64 library_id,
                                             gboolean *exists, GError **error);
/* New jobs (ids set) for the rows queued or interrupted, oldest first; rows of unknown
 * types are skipped. */
GPtrArray *_bindery_job_store_load_pending (BinderyCatalog *catalog, GError **error);

/* Deep copies of a JSON object (json_node_copy only adds references): members in
 * their order, or sorted by name at every level (a canonical form, for options). */
JsonObject *_bindery_json_object_copy  (JsonObject          *object);
JsonObject *_bindery_json_object_copy_sorted (JsonObject    *object);

G_END_DECLS
