/* bindery-job.h: one unit of long work, run on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threading: the object lives on the main thread (the thread whose GMainContext
 * was the thread-default when the job was created). `run` is called on a worker
 * thread. Everything named "worker side" below is thread-safe and is how `run`
 * reports; the job coalesces those calls and notifies its properties and emits
 * its signals on the main context at most ~30 times a second, however fast the
 * worker reports. A job never touches a widget.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bindery-catalog.h"
#include "bindery-context.h"

G_BEGIN_DECLS

typedef enum {
  BINDERY_JOB_STATE_QUEUED,
  BINDERY_JOB_STATE_RUNNING,
  BINDERY_JOB_STATE_PAUSED,
  BINDERY_JOB_STATE_COMPLETED,
  BINDERY_JOB_STATE_FAILED,
  BINDERY_JOB_STATE_CANCELLED,
  BINDERY_JOB_STATE_INTERRUPTED,
} BinderyJobState;

typedef enum {
  BINDERY_LOG_DEBUG,
  BINDERY_LOG_INFO,
  BINDERY_LOG_WARNING,
  BINDERY_LOG_ERROR,
} BinderyLogLevel;

#define BINDERY_TYPE_JOB_STATE (bindery_job_state_get_type ())
GType bindery_job_state_get_type (void) G_GNUC_CONST;
#define BINDERY_TYPE_LOG_LEVEL (bindery_log_level_get_type ())
GType bindery_log_level_get_type (void) G_GNUC_CONST;

/* Defined in bindery-job-queue.h */
typedef struct _BinderyJobQueue BinderyJobQueue;

#define BINDERY_TYPE_JOB (bindery_job_get_type ())
G_DECLARE_DERIVABLE_TYPE (BinderyJob, bindery_job, BINDERY, JOB, GObject)

struct _BinderyJobClass
{
  GObjectClass parent_class;

  /* Stable type name stored in the jobs table ("scan", "scan-series", "thumbnails" …). */
  const char *type_name;

  /* Worker thread. Use bindery_job_get_catalog() (this job's own writer connection,
   * opened by the queue on this thread) and the worker-side API. Call
   * bindery_job_check() between items: it blocks while paused and fails with
   * G_IO_ERROR_CANCELLED once cancelled. Return FALSE + error to fail the job.
   * Per-item problems are logged, not returned. */
  gboolean (*run)          (BinderyJob    *self,
                            GCancellable  *cancellable,
                            GError       **error);

  /* Main thread, after run returns, before `finished`. May name follow-up jobs
   * (bindery_job_add_follow_up), as run() may. */
  void     (*completed)    (BinderyJob    *self,
                            BinderyJobState state);

  /* TRUE for the types that add, move or remove a library's books and files (scans,
   * conversion): the queue runs at most one job of these types per library at a time.
   * Two at once would each find the other's new series and books missing from what
   * they read at their start. Other types (covers, verification) run beside them. */
  gboolean writes_library;

  gpointer padding[7];
};

const char     *bindery_job_state_to_string   (BinderyJobState state);
gboolean        bindery_job_state_from_string (const char *str, BinderyJobState *out);
gboolean        bindery_job_state_is_finished (BinderyJobState state);
const char     *bindery_log_level_to_string   (BinderyLogLevel level);
gboolean        bindery_log_level_from_string (const char *str, BinderyLogLevel *out);

/* Register a subclass so the queue can recreate a persisted job (resume after
 * interruption) or make a follow-up: g_object_new (type, "library-id", …, "target", …,
 * "options", …). A subclass sets its default title in `constructed` when none was given. */
void            bindery_job_register_type     (GType type);
GType           bindery_job_lookup_type       (const char *type_name);
/* A new job of a registered type (options NULL = empty), or NULL and an error
 * (G_IO_ERROR_NOT_SUPPORTED) naming a type this process did not register. */
BinderyJob     *bindery_job_new_for_type_name (const char  *type_name,
                                               gint64       library_id,
                                               const char  *target,
                                               JsonObject  *options,
                                               GError     **error);

/* --- follow-ups ------------------------------------------------------------------
 * A job that wants more work done after it (thumbnails after a scan, conversion
 * after a scan, a scan after the watcher saw changes) does not construct that job:
 * it names it, by registered type name, target and options, and the queue acts on
 * it. A job type adds a follow-up from run() (worker thread) or from `completed`
 * (main thread), deciding from its own outcome and the library's options:
 *
 *     if (bindery_library_get_thumbnails (library) && new_books->len > 0)
 *       bindery_job_add_follow_up (job, "thumbnails", "books:12,13", NULL);
 *
 * What the queue does, once the job has finished, after `completed` and before
 * `finished`:
 * - completed: each follow-up, in the order named, becomes a job of its type
 *   (bindery_job_new_for_type_name) against the same library and is queued like
 *   any other (an identical job already queued absorbs it). When the queue defers
 *   follow-ups (the CLI runs only its own job) or is shutting down, it is saved as
 *   queued in the catalog instead (merged with an identical saved row), and the app
 *   runs it with bindery_job_queue_resume_pending(). A type this process did not
 *   register, or a row that cannot be saved, is a warning in the job's log.
 * - failed, cancelled, interrupted: nothing; the follow-ups are dropped (an
 *   interrupted job runs again, and names its follow-ups again, when resumed).
 * A job that is never queued keeps its list for whoever runs it
 * (bindery_job_dup_follow_ups). */
typedef struct {
  char       *type_name;
  gint64      library_id;   /* the naming job's library */
  char       *target;       /* nullable */
  JsonObject *options;      /* never NULL */
} BinderyJobFollowUp;

#define BINDERY_TYPE_JOB_FOLLOW_UP (bindery_job_follow_up_get_type ())
GType               bindery_job_follow_up_get_type (void) G_GNUC_CONST;
BinderyJobFollowUp *bindery_job_follow_up_copy     (const BinderyJobFollowUp *follow_up);
void                bindery_job_follow_up_free     (BinderyJobFollowUp       *follow_up);
/* The job the follow-up names, not queued; NULL + error for an unregistered type. */
BinderyJob         *bindery_job_follow_up_new_job  (const BinderyJobFollowUp *follow_up,
                                                    GError                  **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyJobFollowUp, bindery_job_follow_up_free)

/* Thread-safe (run() on the worker, or main thread). target may be NULL; options may
 * be NULL (empty) and are copied (members sorted, as the "options" property). Naming
 * the same follow-up twice names it once. */
void            bindery_job_add_follow_up     (BinderyJob  *self,
                                               const char  *type_name,
                                               const char  *target,
                                               JsonObject  *options);
/* Thread-safe: copies of the follow-ups named so far, in order (BinderyJobFollowUp,
 * the array frees them). */
GPtrArray      *bindery_job_dup_follow_ups    (BinderyJob  *self);

/* --- main-thread API (properties) ----------------------------------------------
 * "id" (int64, 0 until the queue persisted it), "type-name", "title", "library-id" (int64,
 * construct-only), "target" (string, construct-only: series path, book ids …), "options"
 * (JsonObject boxed, construct-only; the job keeps a deep copy with members sorted by
 * name, so equal options give equal merge keys), "state" (BinderyJobState), "fraction"
 * (-1 = unknown; without set_fraction, items-done / items-total), "message",
 * "current-path", "items-done", "items-total", "started-at", "finished-at" (GDateTime, local
 * to the job, NULL until set), "error-message" (set when failed, or cancelled for a reason:
 * bindery_job_set_cancel_reason()). All notify on the main
 * context. */
gint64          bindery_job_get_id            (BinderyJob *self);
const char     *bindery_job_get_type_name     (BinderyJob *self);
const char     *bindery_job_get_title         (BinderyJob *self);
void            bindery_job_set_title         (BinderyJob *self, const char *title);
gint64          bindery_job_get_library_id    (BinderyJob *self);
const char     *bindery_job_get_target        (BinderyJob *self);
JsonObject     *bindery_job_get_options       (BinderyJob *self);
BinderyJobState bindery_job_get_state         (BinderyJob *self);
double          bindery_job_get_fraction      (BinderyJob *self);
const char     *bindery_job_get_message       (BinderyJob *self);
const char     *bindery_job_get_current_path  (BinderyJob *self);
guint64         bindery_job_get_items_done    (BinderyJob *self);
guint64         bindery_job_get_items_total   (BinderyJob *self);
GDateTime      *bindery_job_get_started_at    (BinderyJob *self);
GDateTime      *bindery_job_get_finished_at   (BinderyJob *self);
const char     *bindery_job_get_error_message (BinderyJob *self);
/* Main thread: the queue the job was pushed to; NULL before that and after "finished". */
BinderyJobQueue *bindery_job_get_queue        (BinderyJob *self);
/* The JSON report (NULL until the job set one); a deep copy, unref when done. */
JsonObject     *bindery_job_dup_report        (BinderyJob *self);
/* Key used to merge identical queued jobs: type + library + target + options. */
char           *bindery_job_dup_merge_key     (BinderyJob *self);

void            bindery_job_pause             (BinderyJob *self);
void            bindery_job_resume            (BinderyJob *self);
void            bindery_job_cancel            (BinderyJob *self);

/* Any thread: why the job is (or will be) cancelled, when not by its user; once it ends
 * cancelled this is its "error-message" (kept in the history). A worker that gives up
 * because what it works on went away sets it and returns G_IO_ERROR_CANCELLED from run. */
void            bindery_job_set_cancel_reason (BinderyJob *self, const char *reason);
/* Pause only acts on a running job: the worker blocks in its next bindery_job_check().
 * Cancel acts on a queued job (it finishes as cancelled without running), a running
 * or a paused one (the worker's next bindery_job_check() fails). */

/* Signals (main context), emitted at each coalesced flush (≤ ~30 per second):
 *   "log-added"     (BinderyLogLevel level, const char *path (nullable), const char *message)
 *                   once per line logged since the previous flush, in order; the queue
 *                   has written those lines to job_logs before the signal is emitted
 *   "books-added"   (GArray *book_ids (gint64)) books written to the catalog (new or updated)
 *                   since the previous flush
 *   "books-changed" (GArray *book_ids (gint64)) books whose row or thumbnail changed since
 *                   the previous flush
 *   "finished"      () state reached completed / failed / cancelled / interrupted; every log
 *                   line, the report and the final state are persisted by then
 */

/* --- worker-side API (thread-safe, coalesced) ----------------------------------- */
BinderyContext *bindery_job_get_context       (BinderyJob *self);
/* This job's writer connection; valid inside run() on the worker thread only. */
BinderyCatalog *bindery_job_get_catalog       (BinderyJob *self);
gboolean        bindery_job_check             (BinderyJob *self, GError **error);
gboolean        bindery_job_is_cancelled      (BinderyJob *self);
/* TRUE while a pause is asked for: a worker holding a resource others need (an open
 * write transaction) releases it before its next bindery_job_check() blocks. */
gboolean        bindery_job_is_pause_requested (BinderyJob *self);
void            bindery_job_set_items         (BinderyJob *self, guint64 done, guint64 total);
void            bindery_job_add_items_done    (BinderyJob *self, guint64 n);
void            bindery_job_set_fraction      (BinderyJob *self, double fraction);
void            bindery_job_set_message       (BinderyJob *self, const char *message);
void            bindery_job_set_current_path  (BinderyJob *self, const char *display_path);
void            bindery_job_log               (BinderyJob     *self,
                                               BinderyLogLevel level,
                                               const char     *path,
                                               const char     *format,
                                               ...) G_GNUC_PRINTF (4, 5);
void            bindery_job_take_report       (BinderyJob *self, JsonObject *report);
/* Writes the items done and total, fraction and message last reported into the job's
 * row, through the job's own connection (inside its open transaction, if any). The
 * queue saves a running job's progress from the main thread when the catalog is free;
 * a job that holds the write lock for most of its run (commits in batches) calls this
 * before each commit instead, so its row, as other processes read it, moves with its
 * batches. Worker thread, inside run. A job without a row (id 0) writes nothing. */
gboolean        bindery_job_save_progress     (BinderyJob *self, GError **error);
void            bindery_job_announce_books_added   (BinderyJob *self, const gint64 *ids, guint n);
void            bindery_job_announce_books_changed (BinderyJob *self, const gint64 *ids, guint n);

G_END_DECLS
