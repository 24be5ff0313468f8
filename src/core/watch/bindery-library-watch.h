/* bindery-library-watch.h: change detection for one library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread (the thread-default main context at construction). One GFileMonitor
 * (G_FILE_MONITOR_WATCH_MOVES) per folder of the library, ignored folders and the
 * data dir excluded. The folder tree is listed on a worker thread and the monitors
 * are made on the main context in batches of BINDERY_WATCH_BATCH per idle, so a large
 * tree never blocks the main loop for long. Monitors follow folders as they appear,
 * vanish or move.
 *
 * Events are kept per folder and acted on when the folder is quiet ("quiet-ms",
 * default 2 s after its last event; a quarter of that after a CHANGES_DONE_HINT that
 * leaves no file of the folder open for writing) or at the latest "max-delay-ms"
 * (30 s) after its first event while they keep coming. A file still being written
 * (CREATED/CHANGED without its CHANGES_DONE_HINT) holds its folder back, so it is
 * read once, complete. Everything ready at one time becomes one scan of the folders
 * concerned ("scan-folders": the folder's own files, or the whole subtree of a
 * folder that appeared or vanished; both ends of a move); a library scan only when
 * the change cannot be scoped. Jobs go through the queue, which merges identical
 * queued jobs. Only book files, sidecar .opf, series.json and folders count: the
 * app's own writes (hidden temporary files, the data dir) never make work.
 *
 * Never silently off: when a monitor cannot be made (the inotify watch limit, the
 * "max-monitors" setting, a network file system) or more than "max-pending" events
 * pile up before they are acted on (an overflow: GLib 2.74 drops inotify's
 * IN_Q_OVERFLOW, so this is the overflow we can see), the watch drops its monitors,
 * logs why, scans the library and then polls it: a library scan every
 * "poll-interval" seconds (default 300). After an overflow each poll tries to watch
 * again. The root folder vanishing or emptying makes the library unavailable (no
 * book is marked missing); the watch checks every "recheck-interval" seconds and
 * scans the library when it is back.
 *
 * Settings (properties, defaults from the environment, for tests and benchmarks):
 *   quiet-ms          BINDERY_WATCH_QUIET_MS          2000
 *   max-delay-ms      BINDERY_WATCH_MAX_DELAY_MS      30000
 *   poll-interval     BINDERY_WATCH_POLL_INTERVAL     300 (s)
 *   recheck-interval  BINDERY_WATCH_RECHECK_INTERVAL  5 (s)
 *   max-monitors      BINDERY_WATCH_MAX_MONITORS      0 = the kernel's limit only
 *                     (monitors of every watch of the process count)
 *   max-pending       BINDERY_WATCH_MAX_PENDING       100000 events
 */
#pragma once

#include "bindery-job-queue.h"
#include "bindery-library.h"

G_BEGIN_DECLS

#define BINDERY_WATCH_BATCH 256

typedef enum {
  BINDERY_WATCH_STATE_STOPPED,
  BINDERY_WATCH_STATE_STARTING,     /* folders listed, monitors being made */
  BINDERY_WATCH_STATE_WATCHING,
  BINDERY_WATCH_STATE_POLLING,      /* "reason" says why */
  BINDERY_WATCH_STATE_UNAVAILABLE,  /* the root folder is missing or empty */
} BinderyWatchState;

#define BINDERY_TYPE_WATCH_STATE (bindery_watch_state_get_type ())
GType       bindery_watch_state_get_type  (void) G_GNUC_CONST;
/* "stopped", "starting", "watching", "polling", "unavailable" */
const char *bindery_watch_state_to_string (BinderyWatchState state);

#define BINDERY_TYPE_LIBRARY_WATCH (bindery_library_watch_get_type ())
G_DECLARE_FINAL_TYPE (BinderyLibraryWatch, bindery_library_watch, BINDERY, LIBRARY_WATCH, GObject)

/* Properties: "queue", "library" (construct-only), the settings above, and read-only
 * "state" (BinderyWatchState), "reason" (string, why polling or unavailable, NULL
 * otherwise), "n-monitors" (uint).
 * Signal "job-queued" (BinderyJob *job): a scan the watch queued (the job the queue
 * returned: an identical queued job may have absorbed it). */
BinderyLibraryWatch *bindery_library_watch_new        (BinderyJobQueue     *queue,
                                                       BinderyLibrary      *library);
/* Lists the folders and makes the monitors (asynchronously). reconcile: queue a
 * library scan once the monitors are made (catches what changed while nobody
 * watched). */
void                 bindery_library_watch_start      (BinderyLibraryWatch *self,
                                                       gboolean             reconcile);
/* Drops monitors, timers and pending changes; state stopped. */
void                 bindery_library_watch_stop       (BinderyLibraryWatch *self);

BinderyLibrary      *bindery_library_watch_get_library (BinderyLibraryWatch *self);
BinderyWatchState    bindery_library_watch_get_state  (BinderyLibraryWatch *self);
const char          *bindery_library_watch_get_reason (BinderyLibraryWatch *self);
guint                bindery_library_watch_get_n_monitors (BinderyLibraryWatch *self);
/* Whether a monitor watches the folder rel_path ("" = the root). */
gboolean             bindery_library_watch_is_monitoring (BinderyLibraryWatch *self,
                                                          const char          *rel_path);
/* Folders with changes not yet acted on. */
guint                bindery_library_watch_get_n_pending (BinderyLibraryWatch *self);

G_END_DECLS
