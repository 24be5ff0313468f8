/* bindery-application-private.h: what bindery-application.c and bindery-application-lock.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-application.h"
#include "bindery-watch-set.h"

G_BEGIN_DECLS

struct _BinderyApplication
{
  AdwApplication parent_instance;

  /* options */
  char            *data_dir;

  /* owned */
  GSettings       *settings;
  BinderyContext  *context;
  BinderyJobQueue *queue;
  BinderyWatchSet *watches;           /* with the queue: the watched libraries */
  BinderyCatalog  *catalog;
  GListStore      *libraries;
  char            *problem;
  char            *watch_reason;      /* read-only: the last reason read from watch.json */
  GArray          *pending_ids;
  guint            refresh_source;
  gint64           last_reload_cost;  /* µs */
  char            *view_name;         /* the view-state: what the window shows */
  guint            view_items;
  gint64           view_painted;      /* µs, monotonic: its first frame painted, or 0 */
  GFileMonitor    *lock_monitor;      /* read-only: the lock file, to take it when freed */
  guint            holder_watch;      /* read-only: the holder's exit (source on holder_fd) */
  int              holder_fd;         /* pidfd of the lock's holder, or -1 */
  guint            holding : 1;
  guint            usable : 1;
  guint            watches_synced : 1;   /* the start-up reconcile scans are queued */
};

/* bindery-application.c */
gboolean  bindery_application_start_queue        (BinderyApplication  *self,
                                                   GError             **error);
void      bindery_application_notify_read_only   (BinderyApplication  *self);

/* bindery-application-lock.c */
void      bindery_application_open_data_dir      (BinderyApplication  *self);
void      bindery_application_stop_lock_watch    (BinderyApplication  *self);

G_END_DECLS
