/* bindery-watch-set.h: the library watches of the process running jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread. Holds one BinderyLibraryWatch per watched library, for the app and
 * `bindery-cli watch`, and publishes their states in DATA_DIR/watch.json (with our
 * pid) so that `bindery-cli library list`, in another process, can show whether a
 * library is watched, polled or not watched (bindery_watch_status_lookup). The file
 * is removed when the set is stopped or finalized; a file left by a dead process is
 * ignored.
 */
#pragma once

#include "bindery-library-watch.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_WATCH_SET (bindery_watch_set_get_type ())
G_DECLARE_FINAL_TYPE (BinderyWatchSet, bindery_watch_set, BINDERY, WATCH_SET, GObject)

/* Signals: "job-queued" (BinderyLibraryWatch *watch, BinderyJob *job),
 *          "watch-changed" (BinderyLibraryWatch *watch): its state or reason changed. */
BinderyWatchSet     *bindery_watch_set_new        (BinderyJobQueue *queue);
/* Watches library (a no-op when it is watched already). reconcile: a library scan
 * once its monitors are made. Returns the watch (borrowed). */
BinderyLibraryWatch *bindery_watch_set_add        (BinderyWatchSet *self,
                                                   BinderyLibrary  *library,
                                                   gboolean         reconcile);
void                 bindery_watch_set_remove     (BinderyWatchSet *self,
                                                   gint64           library_id);
/* Watches exactly the libraries (BinderyLibrary) whose "watch" option is on; a
 * library whose folder, pattern or ignore rules changed is watched anew. New
 * watches start with a reconcile scan when reconcile is TRUE. */
void                 bindery_watch_set_sync       (BinderyWatchSet *self,
                                                   GPtrArray       *libraries,
                                                   gboolean         reconcile);
BinderyLibraryWatch *bindery_watch_set_lookup     (BinderyWatchSet *self,
                                                   gint64           library_id);
/* Stops every watch and removes the status file. */
void                 bindery_watch_set_stop       (BinderyWatchSet *self);

/* What the process holding the data dir lock does with a library: "watching",
 * "starting", "polling", "unavailable", or "not watched" (no such process, or the
 * library not watched). reason (may be NULL): why polling or unavailable. */
char                *bindery_watch_status_lookup  (BinderyContext  *context,
                                                   gint64           library_id,
                                                   char           **reason);

G_END_DECLS
