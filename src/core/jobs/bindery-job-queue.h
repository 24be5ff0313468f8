/* bindery-job-queue.h: the job queue of one data dir, persisted in the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. Runs at most max-workers jobs at once, each on its own worker
 * thread from a bounded GThreadPool; each running job gets its own catalog writer
 * connection. Job rows and their logs are written to `jobs` / `job_logs` (logs in
 * batches), so reports and logs outlive the job and the process. At construction,
 * jobs left `running` or `paused` by a dead process become `interrupted`.
 *
 * Properties (bindable to settings): "max-workers" (uint, 0 = number of processors),
 * "retention" (uint, default 200). A running job keeps a reference on its queue.
 */
#pragma once

#include "bindery-job.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_JOB_QUEUE (bindery_job_queue_get_type ())
G_DECLARE_FINAL_TYPE (BinderyJobQueue, bindery_job_queue, BINDERY, JOB_QUEUE, GObject)

/* The context must already hold its lock (bindery_context_lock). max_workers 0 = cores.
 * Opens its own read-write catalog connection (main thread). */
BinderyJobQueue *bindery_job_queue_new          (BinderyContext  *context,
                                                 guint            max_workers,
                                                 GError         **error);
BinderyContext  *bindery_job_queue_get_context  (BinderyJobQueue *self);
BinderyCatalog  *bindery_job_queue_get_catalog  (BinderyJobQueue *self);
void             bindery_job_queue_set_max_workers (BinderyJobQueue *self, guint n);
guint            bindery_job_queue_get_max_workers (BinderyJobQueue *self);
/* Finished jobs kept (besides failed ones, kept until cleared). Default 200. */
void             bindery_job_queue_set_retention (BinderyJobQueue *self, guint n);

/* Queues job (persisting it, assigning its id) and returns the job that will run:
 * job itself, or an identical job already queued (same merge key), with a new ref. */
BinderyJob      *bindery_job_queue_push         (BinderyJobQueue *self,
                                                 BinderyJob      *job);
/* Persist a job as queued without running it now (CLI follow-up jobs for the app). */
gboolean         bindery_job_queue_save_for_later (BinderyJobQueue *self,
                                                   BinderyJob      *job,
                                                   GError         **error);
/* Queues a follow-up job: pushed, or when the queue defers follow-ups (the CLI runs
 * only its own job) or is shutting down, saved for later. The queue calls it for the
 * follow-ups a completed job named (bindery_job_add_follow_up, bindery-job.h); a job
 * type names its follow-ups rather than calling this. */
gboolean         bindery_job_queue_add_follow_up (BinderyJobQueue *self,
                                                  BinderyJob      *job,
                                                  GError         **error);
void             bindery_job_queue_set_defer_follow_ups (BinderyJobQueue *self,
                                                         gboolean         defer);
/* Queues again, under the same id, the persisted jobs in state interrupted (and
 * queued ones saved for later). Returns how many were queued. */
guint            bindery_job_queue_resume_pending (BinderyJobQueue *self);

/* Jobs queued, running or paused, in queue order (GListModel of BinderyJob). */
GListModel      *bindery_job_queue_get_active   (BinderyJobQueue *self);
gboolean         bindery_job_queue_is_busy      (BinderyJobQueue *self);
void             bindery_job_queue_cancel_all   (BinderyJobQueue *self);
/* For quitting: running and paused jobs are stopped and end `interrupted`, queued ones
 * leave the queue but stay queued in the catalog (both are picked up by the next
 * bindery_job_queue_resume_pending()). Returns once no worker runs (jobs check for
 * cancellation between items: about a second). The queue accepts no job afterwards. */
void             bindery_job_queue_shutdown     (BinderyJobQueue *self);

/* Signals: "job-added" (BinderyJob*), "job-finished" (BinderyJob*), "idle" (). */

/* Runs the main context until job is finished (CLI and tests). */
void             bindery_job_queue_wait         (BinderyJobQueue *self,
                                                 BinderyJob      *job);

/* --- persisted history (any connection, any process) --------------------------- */
/* JSON array of job summaries, newest first: id, type, title, library_id, state,
 * created_at, started_at, finished_at, items_done, items_total, message, error, target
 * (as stored: for the types that work on books, see bindery-job-target.h), and,
 * when the report has them, its problem counts "errored" (scan) and "failed" (thumbnails). */
JsonArray       *bindery_catalog_list_jobs      (BinderyCatalog *catalog,
                                                 GError        **error);
/* One job: the summary plus "options", "report" and "logs" (array of time, level, path, message). */
JsonObject      *bindery_catalog_get_job        (BinderyCatalog *catalog,
                                                 gint64          job_id,
                                                 GError        **error);
/* Deletes finished jobs (failed and interrupted included) and their logs; returns how
 * many, or -1 on error. */
gint64           bindery_catalog_clear_jobs     (BinderyCatalog *catalog,
                                                 GError        **error);

G_END_DECLS
