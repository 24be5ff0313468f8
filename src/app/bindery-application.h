/* bindery-application.h: the GtkApplication: data dir, job queue and the UI's catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application owns one BinderyContext (BINDERY_DATA_DIR or --data-dir honoured),
 * takes the data dir's lock and, when it gets it, the BinderyJobQueue that runs jobs.
 * When another process holds the lock the application runs read-only: it browses the
 * catalog but runs no job and changes nothing.
 *
 * The UI reads through its own read-only catalog connection. Jobs announce the books
 * they write; the application gathers those announcements and emits one
 * "catalog-changed" at most every few hundred milliseconds (slower when reloading
 * takes longer), so views reload lazily and coalesced.
 *
 * Property "read-only" (boolean): another process holds the data dir's lock. The
 * application takes the lock when that process lets go (it unlocks or ends), and
 * notifies the property once.
 *
 * Signals:
 *   "catalog-changed"   (GArray *book_ids)  books written or changed since the last emission
 *                                         (the array may be empty: reload everything)
 *   "libraries-changed" ()                a library was added, removed, renamed or changed state
 */
#pragma once

#include <adwaita.h>

#include "bindery-catalog.h"
#include "bindery-context.h"
#include "bindery-job-queue.h"
#include "bindery-library.h"
#include "bindery-library-watch.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_APPLICATION (bindery_application_get_type ())
G_DECLARE_FINAL_TYPE (BinderyApplication, bindery_application, BINDERY, APPLICATION, AdwApplication)

BinderyApplication *bindery_application_new                (void);

BinderyContext     *bindery_application_get_context        (BinderyApplication *self);
/* NULL when read-only (another process holds the data dir) or the data dir failed. */
BinderyJobQueue    *bindery_application_get_queue          (BinderyApplication *self);
/* The UI's read-only connection; NULL when the catalog could not be opened. */
BinderyCatalog     *bindery_application_get_catalog        (BinderyApplication *self);
/* The queue's read-write connection (main thread); NULL when read-only. */
BinderyCatalog     *bindery_application_get_write_catalog  (BinderyApplication *self);
gboolean            bindery_application_is_read_only       (BinderyApplication *self);
/* Why the application is read-only or could not start (NULL when all is well). */
const char         *bindery_application_get_problem        (BinderyApplication *self);
/* Whether the data dir could be opened at all (else the window shows the problem). */
gboolean            bindery_application_is_usable          (BinderyApplication *self);
GSettings          *bindery_application_get_settings       (BinderyApplication *self);

/* Libraries (GListModel of BinderyLibrary, ordered by name). The objects keep their
 * identity across reloads, so preference rows stay bound to them. */
GListModel         *bindery_application_get_libraries      (BinderyApplication *self);
BinderyLibrary     *bindery_application_find_library       (BinderyApplication *self,
                                                            gint64              library_id);
void                bindery_application_reload_libraries   (BinderyApplication *self);
/* What watching does for a library (stopped: not watched, or read-only); reason:
 * why polling or unavailable, or NULL. "watch-changed" (int64 id) says when it changes. */
BinderyWatchState   bindery_application_get_watch_state    (BinderyApplication  *self,
                                                            gint64               library_id,
                                                            const char         **reason);
BinderyLibraryWatch *bindery_application_get_watch         (BinderyApplication  *self,
                                                            gint64               library_id);

/* Registers path as a library (series pattern) and queues its first scan. */
BinderyLibrary     *bindery_application_add_library        (BinderyApplication    *self,
                                                            const char            *path,
                                                            BinderyLibraryPattern  pattern,
                                                            GError               **error);
/* Queues a scan of one library (options: NULL for the library's own). */
BinderyJob         *bindery_application_scan_library       (BinderyApplication *self,
                                                            gint64              library_id,
                                                            JsonObject         *options,
                                                            GError            **error);
/* Queues a scan of every available library. Returns how many were queued. */
guint               bindery_application_scan_all           (BinderyApplication *self);
/* Saves a library's properties (name, options) to the catalog. */
gboolean            bindery_application_save_library       (BinderyApplication *self,
                                                            BinderyLibrary     *library,
                                                            GError            **error);
/* Removes a library's rows and thumbnails (never its files). */
gboolean            bindery_application_remove_library     (BinderyApplication *self,
                                                            gint64              library_id,
                                                            GError            **error);
/* Queues a job; NULL when read-only. */
BinderyJob         *bindery_application_push_job           (BinderyApplication *self,
                                                            BinderyJob         *job);

/* Keeps the application running after its last window closes until the queue is
 * idle, then says so with a desktop notification. */
void                bindery_application_finish_in_background (BinderyApplication *self);
/* Whether the application is kept running for its jobs after its window closed. */
gboolean            bindery_application_is_in_background   (BinderyApplication *self);
/* Stops the running jobs now: they end interrupted and resume at the next start; the
 * queue takes no job afterwards (for quitting). */
void                bindery_application_stop_jobs          (BinderyApplication *self);

/* The window publishes what it shows (read by tests through the "view-state" action). */
void                bindery_application_set_view_state     (BinderyApplication *self,
                                                            const char         *view,
                                                            guint               n_items);
/* The window says when it painted the first frame showing the current view state
 * (g_get_monotonic_time()); the state's "painted" stays 0 until then, and is kept while
 * later calls of bindery_application_set_view_state() name the same view and count. */
void                bindery_application_set_view_painted   (BinderyApplication *self,
                                                            gint64              painted);
/* Emits "catalog-changed" now for everything pending (tests; normally coalesced). */
void                bindery_application_flush_changes      (BinderyApplication *self);

G_END_DECLS
