/* bindery-library-watch.c: change detection for one library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Monitors (one per folder) report into `pending`, one record per folder; a single
 * timer acts on the records that are ready (bindery-library-watch.h says when) and
 * queues one scan for all of them.
 */
#define G_LOG_DOMAIN "bindery-watch"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bindery-book.h"
#include "bindery-ignore.h"
#include "bindery-library-watch.h"
#include "bindery-scan-folders-job.h"
#include "bindery-scan-job.h"
#include "bindery-watch-private.h"

#define DEFAULT_QUIET_MS          2000
#define DEFAULT_MAX_DELAY_MS      30000
#define DEFAULT_POLL_INTERVAL     300
#define DEFAULT_RECHECK_INTERVAL  5
#define DEFAULT_MAX_PENDING       100000

/* Monitors made by every watch of the process ("max-monitors" counts them all). */
static guint n_monitors_total;

typedef struct {
  BinderyLibraryWatch *watch;     /* borrowed: the watch owns the monitor */
  char                *rel_path;
  char                *path;
  GFileMonitor        *monitor;
} Monitor;

typedef struct {
  char       *rel_path;
  gboolean    files;       /* the folder's own files changed */
  gboolean    tree;        /* the folder appeared or vanished: all below it */
  gint64      first;       /* µs, monotonic */
  gint64      last;
  gboolean    hint;        /* the last event was a CHANGES_DONE_HINT */
  GHashTable *busy;        /* names being written (no CHANGES_DONE_HINT yet) */
  GHashTable *partners;    /* folders acted on with this one (both ends of moves) */
} Pending;

struct _BinderyLibraryWatch
{
  GObject parent_instance;

  BinderyJobQueue   *queue;
  BinderyLibrary    *library;
  char              *root;        /* raw bytes */
  GFile             *root_file;
  BinderyIgnore     *ignore;
  char             **excluded;    /* the data and cache dirs */

  guint              quiet_ms;
  guint              max_delay_ms;
  guint              poll_interval;
  guint              recheck_interval;
  guint              max_monitors;
  guint              max_pending;

  BinderyWatchState  state;
  char              *reason;
  gboolean           overflowed;  /* polling after an overflow: each poll tries to watch again */

  GHashTable        *monitors;    /* rel_path → Monitor */
  GCancellable      *listing;     /* the folder listings in flight */
  guint              n_listings;
  GPtrArray         *to_monitor;  /* rel paths listed, monitors not made yet */
  guint              to_monitor_next;
  guint              monitor_idle;
  gboolean           reconcile;   /* queue a library scan once set up */

  GHashTable        *pending;     /* rel_path → Pending */
  guint              n_events;    /* since nothing was pending */
  guint              flush_timer;
  gint64             flush_at;
  guint              poll_timer;
  guint              recheck_timer;
};

G_DEFINE_FINAL_TYPE (BinderyLibraryWatch, bindery_library_watch, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (BinderyWatchState, bindery_watch_state,
  G_DEFINE_ENUM_VALUE (BINDERY_WATCH_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (BINDERY_WATCH_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (BINDERY_WATCH_STATE_WATCHING, "watching"),
  G_DEFINE_ENUM_VALUE (BINDERY_WATCH_STATE_POLLING, "polling"),
  G_DEFINE_ENUM_VALUE (BINDERY_WATCH_STATE_UNAVAILABLE, "unavailable"))

enum {
  PROP_0,
  PROP_QUEUE,
  PROP_LIBRARY,
  PROP_QUIET_MS,
  PROP_MAX_DELAY_MS,
  PROP_POLL_INTERVAL,
  PROP_RECHECK_INTERVAL,
  PROP_MAX_MONITORS,
  PROP_MAX_PENDING,
  PROP_STATE,
  PROP_REASON,
  PROP_N_MONITORS,
  N_PROPS
};

enum {
  JOB_QUEUED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_listing   (BinderyLibraryWatch *self, const char *rel_path);
static void enter_polling   (BinderyLibraryWatch *self, const char *reason, gboolean overflow);
static void enter_unavailable (BinderyLibraryWatch *self, const char *reason);

const char *
bindery_watch_state_to_string (BinderyWatchState state)
{
  static const char * const names[] = { "stopped", "starting", "watching", "polling", "unavailable" };

  g_return_val_if_fail (state <= BINDERY_WATCH_STATE_UNAVAILABLE, NULL);
  return names[state];
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 number;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &number, NULL))
    return fallback;
  return (guint) number;
}

static void
set_state (BinderyLibraryWatch *self,
           BinderyWatchState    state,
           const char          *reason)
{
  gboolean reason_changed = g_strcmp0 (self->reason, reason) != 0;

  if (reason_changed)
    {
      g_free (self->reason);
      self->reason = g_strdup (reason);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (reason_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
}

/* --- names ---------------------------------------------------------------------------- */

static char *
child_path (const char *folder,
            const char *name)
{
  return *folder != '\0' ? g_strconcat (folder, "/", name, NULL) : g_strdup (name);
}

static char *
parent_path (const char *rel_path)
{
  const char *slash = strrchr (rel_path, '/');

  return slash != NULL ? g_strndup (rel_path, slash - rel_path) : g_strdup ("");
}

static const char *
base_name (const char *rel_path)
{
  const char *slash = strrchr (rel_path, '/');

  return slash != NULL ? slash + 1 : rel_path;
}

/* Only these files can change the catalog. */
static gboolean
is_interesting_file (const char *name)
{
  return bindery_book_is_book_name (name) ||
         g_str_has_suffix (name, ".opf") || g_str_has_suffix (name, ".OPF") ||
         strcmp (name, "series.json") == 0;
}

/* rel path of file under the root, NULL when outside (or the root itself: ""). */
static char *
rel_of (BinderyLibraryWatch *self,
        GFile               *file)
{
  if (file == NULL)
    return NULL;
  if (g_file_equal (file, self->root_file))
    return g_strdup ("");
  return g_file_get_relative_path (self->root_file, file);
}

static gboolean
is_under (const char *rel_path,
          const char *folder)
{
  gsize len = strlen (folder);

  if (len == 0)
    return TRUE;
  return strncmp (rel_path, folder, len) == 0 && (rel_path[len] == '\0' || rel_path[len] == '/');
}

static gboolean
is_excluded_folder (BinderyLibraryWatch *self,
                    const char          *path)
{
  for (guint i = 0; self->excluded[i] != NULL; i++)
    if (strcmp (self->excluded[i], path) == 0)
      return TRUE;
  return FALSE;
}

/* --- monitors -------------------------------------------------------------------------- */

static void
monitor_free (gpointer data)
{
  Monitor *monitor = data;

  if (monitor->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (monitor->monitor, monitor);
      g_file_monitor_cancel (monitor->monitor);
      g_object_unref (monitor->monitor);
      n_monitors_total--;
    }
  g_free (monitor->rel_path);
  g_free (monitor->path);
  g_free (monitor);
}

static void
drop_monitors_under (BinderyLibraryWatch *self,
                     const char          *rel_path)
{
  GHashTableIter iter;
  gpointer key;
  guint before = g_hash_table_size (self->monitors);

  g_hash_table_iter_init (&iter, self->monitors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (is_under (key, rel_path))
      g_hash_table_iter_remove (&iter);
  if (g_hash_table_size (self->monitors) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MONITORS]);
}

static void
drop_everything (BinderyLibraryWatch *self)
{
  g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  self->listing = g_cancellable_new ();
  self->n_listings = 0;
  g_clear_handle_id (&self->monitor_idle, g_source_remove);
  g_ptr_array_set_size (self->to_monitor, 0);
  self->to_monitor_next = 0;
  if (g_hash_table_size (self->monitors) > 0)
    {
      g_hash_table_remove_all (self->monitors);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MONITORS]);
    }
  g_hash_table_remove_all (self->pending);
  self->n_events = 0;
  g_clear_handle_id (&self->flush_timer, g_source_remove);
  g_clear_handle_id (&self->poll_timer, g_source_remove);
  g_clear_handle_id (&self->recheck_timer, g_source_remove);
}

/* --- queueing scans -------------------------------------------------------------------- */

static void
job_finished (BinderyJob          *job,
              BinderyLibraryWatch *self)
{
  g_autoptr(JsonObject) report = bindery_job_dup_report (job);

  if (report != NULL && json_object_has_member (report, "unavailable") &&
      json_object_get_boolean_member (report, "unavailable") &&
      self->state != BINDERY_WATCH_STATE_STOPPED && self->state != BINDERY_WATCH_STATE_UNAVAILABLE)
    enter_unavailable (self, _("The library folder is missing or empty"));
}

static void
queue_job (BinderyLibraryWatch *self,
           BinderyJob          *job)
{
  static GQuark watched_quark;
  g_autoptr(BinderyJob) queued = NULL;

  if (watched_quark == 0)
    watched_quark = g_quark_from_static_string ("bindery-watch-job");

  queued = bindery_job_queue_push (self->queue, job);
  if (queued == NULL)
    return;
  if (g_object_get_qdata (G_OBJECT (queued), watched_quark) != self)
    {
      g_object_set_qdata (G_OBJECT (queued), watched_quark, self);
      g_signal_connect_object (queued, "finished", G_CALLBACK (job_finished), self, 0);
    }
  g_signal_emit (self, signals[JOB_QUEUED], 0, queued);
}

/* title: why, for the jobs list and bindery-cli watch */
static void
queue_library_scan (BinderyLibraryWatch *self,
                    const char          *title)
{
  g_autoptr(BinderyJob) job = bindery_scan_job_new (bindery_library_get_id (self->library), NULL);

  bindery_job_set_title (job, title);
  queue_job (self, job);
}

static void
queue_scope (BinderyLibraryWatch *self,
             BinderyScanScope    *scope)
{
  g_autoptr(BinderyJob) job = NULL;

  if (!bindery_scan_scope_is_library (scope))
    job = bindery_scan_folders_job_new (bindery_library_get_id (self->library), scope, NULL);
  if (job == NULL)
    {
      queue_library_scan (self, _("Scan library (changes)"));
      return;
    }
  queue_job (self, job);
}

/* --- pending changes ------------------------------------------------------------------- */

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_free (pending->rel_path);
  g_clear_pointer (&pending->busy, g_hash_table_unref);
  g_clear_pointer (&pending->partners, g_hash_table_unref);
  g_free (pending);
}

/* When pending is ready (µs, monotonic). */
static gint64
ready_time (BinderyLibraryWatch *self,
            Pending             *pending)
{
  gint64 latest = pending->first + (gint64) self->max_delay_ms * 1000;
  gint64 quiet = (gint64) self->quiet_ms * 1000;

  if (pending->busy != NULL && g_hash_table_size (pending->busy) > 0)
    return latest;
  if (pending->hint)
    quiet /= 4;
  return MIN (latest, pending->last + quiet);
}

static gboolean flush_ready (gpointer data);

static void
schedule_flush (BinderyLibraryWatch *self,
                gint64               when)
{
  gint64 now = g_get_monotonic_time ();

  if (self->flush_timer != 0 && self->flush_at <= when)
    return;
  g_clear_handle_id (&self->flush_timer, g_source_remove);
  self->flush_at = when;
  self->flush_timer = g_timeout_add ((guint) CLAMP ((when - now + 999) / 1000, 0, G_MAXINT),
                                     flush_ready, self);
}

static Pending *
touch (BinderyLibraryWatch *self,
       const char          *folder,
       gboolean             tree)
{
  Pending *pending = g_hash_table_lookup (self->pending, folder);
  gint64 now = g_get_monotonic_time ();

  if (pending == NULL)
    {
      pending = g_new0 (Pending, 1);
      pending->rel_path = g_strdup (folder);
      pending->first = now;
      g_hash_table_insert (self->pending, pending->rel_path, pending);
    }
  pending->last = now;
  pending->hint = FALSE;
  if (tree)
    pending->tree = TRUE;
  else
    pending->files = TRUE;
  schedule_flush (self, ready_time (self, pending));
  return pending;
}

static void
link_partners (BinderyLibraryWatch *self,
               Pending             *a,
               Pending             *b)
{
  if (a == NULL || b == NULL || a == b)
    return;
  if (a->partners == NULL)
    a->partners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (b->partners == NULL)
    b->partners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (a->partners, g_strdup (b->rel_path));
  g_hash_table_add (b->partners, g_strdup (a->rel_path));
}

static void
take_with_partners (BinderyLibraryWatch *self,
                    Pending             *pending,
                    BinderyScanScope    *scope,
                    GHashTable          *taken)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_contains (taken, pending->rel_path))
    return;
  g_hash_table_add (taken, g_strdup (pending->rel_path));
  if (pending->tree)
    bindery_scan_scope_add (scope, pending->rel_path, TRUE);
  if (pending->files)
    bindery_scan_scope_add (scope, pending->rel_path, FALSE);

  if (pending->partners == NULL)
    return;
  g_hash_table_iter_init (&iter, pending->partners);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Pending *partner = g_hash_table_lookup (self->pending, key);

      if (partner != NULL)
        take_with_partners (self, partner, scope, taken);
    }
}

static gboolean
flush_ready (gpointer data)
{
  BinderyLibraryWatch *self = data;
  g_autoptr(BinderyScanScope) scope = bindery_scan_scope_new ();
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 now = g_get_monotonic_time ();
  gint64 next = G_MAXINT64;
  GHashTableIter iter;
  gpointer key, value;

  self->flush_timer = 0;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (ready_time (self, value) <= now)
      take_with_partners (self, value, scope, taken);

  g_hash_table_iter_init (&iter, taken);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_remove (self->pending, key);

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    next = MIN (next, ready_time (self, value));
  if (g_hash_table_size (self->pending) == 0)
    self->n_events = 0;
  if (next != G_MAXINT64)
    schedule_flush (self, next);

  if (bindery_scan_scope_get_n_entries (scope) > 0)
    queue_scope (self, scope);
  return G_SOURCE_REMOVE;
}

/* --- events ---------------------------------------------------------------------------- */

static gboolean
is_folder (BinderyLibraryWatch *self,
           const char          *rel_path)
{
  g_autofree char *path = g_build_filename (self->root, rel_path, NULL);

  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

static gboolean
has_monitors_under (BinderyLibraryWatch *self,
                    const char          *rel_path)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_contains (self->monitors, rel_path))
    return TRUE;
  g_hash_table_iter_init (&iter, self->monitors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (is_under (key, rel_path))
      return TRUE;
  return FALSE;
}

/* A file or folder appeared at rel_path (moved: complete, not being written). */
static Pending *
appeared (BinderyLibraryWatch *self,
          const char          *rel_path,
          gboolean             moved)
{
  g_autofree char *folder = NULL;
  Pending *pending;

  if (rel_path == NULL || *rel_path == '\0')
    return NULL;

  if (is_folder (self, rel_path))
    {
      g_autofree char *path = g_build_filename (self->root, rel_path, NULL);

      if (bindery_ignore_match (self->ignore, rel_path, TRUE) || is_excluded_folder (self, path))
        return NULL;
      pending = touch (self, rel_path, TRUE);
      start_listing (self, rel_path);
      return pending;
    }

  if (bindery_ignore_match (self->ignore, rel_path, FALSE) || !is_interesting_file (base_name (rel_path)))
    return NULL;
  folder = parent_path (rel_path);
  pending = touch (self, folder, FALSE);
  if (!moved)
    {
      if (pending->busy == NULL)
        pending->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (pending->busy, g_strdup (base_name (rel_path)));
      /* busy: ready at the latest time only; the timer may be later now */
    }
  return pending;
}

static Pending *
vanished (BinderyLibraryWatch *self,
          const char          *rel_path)
{
  g_autofree char *folder = NULL;
  Pending *pending;

  if (rel_path == NULL || *rel_path == '\0')
    return NULL;

  if (has_monitors_under (self, rel_path))
    {
      drop_monitors_under (self, rel_path);
      return touch (self, rel_path, TRUE);
    }
  if (bindery_ignore_match (self->ignore, rel_path, FALSE) || !is_interesting_file (base_name (rel_path)))
    return NULL;
  folder = parent_path (rel_path);
  pending = touch (self, folder, FALSE);
  if (pending->busy != NULL)
    g_hash_table_remove (pending->busy, base_name (rel_path));
  return pending;
}

static void
written (BinderyLibraryWatch *self,
         const char          *rel_path,
         gboolean             done)
{
  g_autofree char *folder = NULL;
  Pending *pending;

  if (bindery_ignore_match (self->ignore, rel_path, FALSE) || !is_interesting_file (base_name (rel_path)))
    return;
  folder = parent_path (rel_path);
  pending = touch (self, folder, FALSE);
  if (pending->busy == NULL)
    pending->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (done)
    {
      g_hash_table_remove (pending->busy, base_name (rel_path));
      pending->hint = TRUE;
      schedule_flush (self, ready_time (self, pending));
    }
  else
    g_hash_table_add (pending->busy, g_strdup (base_name (rel_path)));
}

static void
check_root (BinderyLibraryWatch *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->root, 0, NULL);

  if (dir == NULL || g_dir_read_name (dir) == NULL)
    enter_unavailable (self, _("The library folder was removed, emptied or unmounted"));
}

static void
monitor_changed (GFileMonitor      *file_monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 gpointer           user_data)
{
  Monitor *monitor = user_data;
  BinderyLibraryWatch *self = monitor->watch;
  g_autofree char *rel = NULL;
  g_autofree char *other_rel = NULL;

  if (self->state != BINDERY_WATCH_STATE_WATCHING && self->state != BINDERY_WATCH_STATE_STARTING)
    return;

  /* events since the oldest change not acted on yet (ignored files alone never add up) */
  if (g_hash_table_size (self->pending) == 0)
    self->n_events = 0;
  if (++self->n_events > self->max_pending)
    {
      g_autofree char *reason = g_strdup_printf (_("More than %u changes at once (an event overflow)"),
                                                 self->max_pending);

      enter_polling (self, reason, TRUE);
      return;
    }

  /* the folder itself */
  if (strcmp (g_file_peek_path (file), monitor->path) == 0)
    {
      if (event == G_FILE_MONITOR_EVENT_UNMOUNTED || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
        check_root (self);
      else if (event == G_FILE_MONITOR_EVENT_DELETED || event == G_FILE_MONITOR_EVENT_MOVED_OUT)
        {
          g_autofree char *gone = g_strdup (monitor->rel_path);

          if (*gone == '\0')
            enter_unavailable (self, _("The library folder was removed or moved away"));
          else
            vanished (self, gone);   /* frees monitor */
        }
      return;
    }

  rel = child_path (monitor->rel_path, base_name (g_file_peek_path (file)));
  other_rel = rel_of (self, other);

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
      appeared (self, rel, FALSE);
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:
      written (self, rel, FALSE);
      break;
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      written (self, rel, TRUE);
      break;
    case G_FILE_MONITOR_EVENT_DELETED:
      vanished (self, rel);
      break;
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      {
        Pending *from = vanished (self, other_rel);
        link_partners (self, from, appeared (self, rel, TRUE));
      }
      break;
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      {
        Pending *from = vanished (self, rel);
        link_partners (self, from, appeared (self, other_rel, TRUE));
      }
      break;
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
      check_root (self);
      break;
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

/* --- setting up ------------------------------------------------------------------------ */

static void
set_up_done (BinderyLibraryWatch *self)
{
  if (self->state != BINDERY_WATCH_STATE_STARTING || self->n_listings > 0 ||
      self->to_monitor_next < self->to_monitor->len)
    return;

  g_ptr_array_set_size (self->to_monitor, 0);
  self->to_monitor_next = 0;
  g_clear_handle_id (&self->poll_timer, g_source_remove);
  self->overflowed = FALSE;
  set_state (self, BINDERY_WATCH_STATE_WATCHING, NULL);
  g_debug ("Watching %s with %u monitors", self->root, g_hash_table_size (self->monitors));
  if (self->reconcile)
    {
      self->reconcile = FALSE;
      queue_library_scan (self, _("Scan library (start-up)"));
    }
}

/* One monitor; FALSE when watching must give way to polling (done). */
static gboolean
make_monitor (BinderyLibraryWatch *self,
              const char          *rel_path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  Monitor *monitor;
  int errsv = 0;
  g_autofree char *path = g_build_filename (self->root, rel_path, NULL);

  if (g_hash_table_contains (self->monitors, rel_path))
    return TRUE;

  if (self->max_monitors > 0 && n_monitors_total >= self->max_monitors)
    {
      g_autofree char *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The watch limit (%u folder) is reached",
                                                              "The watch limit (%u folders) is reached",
                                                              self->max_monitors), self->max_monitors);

      enter_polling (self, reason, FALSE);
      return FALSE;
    }
  /* GLib does not say when inotify refuses a watch (it quietly retries every few
   * seconds), so ask the kernel first */
  if (!_bindery_watch_probe (path, &errsv))
    {
      if (errsv == ENOSPC || errsv == ENOMEM || errsv == EMFILE)
        {
          g_autofree char *reason = g_strdup_printf (_("The system's inotify watch limit is reached (%s; see "
                                                       "/proc/sys/fs/inotify/max_user_watches)"),
                                                     g_strerror (errsv));

          enter_polling (self, reason, FALSE);
          return FALSE;
        }
      g_debug ("Not watching %s: %s", path, g_strerror (errsv));
      return TRUE;   /* gone or unreadable: nothing to watch there */
    }

  file = g_file_new_for_path (path);
  monitor = g_new0 (Monitor, 1);
  monitor->watch = self;
  monitor->rel_path = g_strdup (rel_path);
  monitor->path = g_strdup (g_file_peek_path (file));
  monitor->monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (monitor->monitor == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("A folder cannot be watched: %s"), error->message);

      monitor_free (monitor);
      enter_polling (self, reason, FALSE);
      return FALSE;
    }
  n_monitors_total++;
  g_signal_connect (monitor->monitor, "changed", G_CALLBACK (monitor_changed), monitor);
  g_hash_table_insert (self->monitors, monitor->rel_path, monitor);
  return TRUE;
}

static gboolean
make_monitors (gpointer data)
{
  BinderyLibraryWatch *self = data;
  guint made = 0;

  while (self->to_monitor_next < self->to_monitor->len && made < BINDERY_WATCH_BATCH)
    {
      const char *rel_path = g_ptr_array_index (self->to_monitor, self->to_monitor_next++);

      if (!make_monitor (self, rel_path))
        return G_SOURCE_REMOVE;   /* polling: drop_everything removed this source's id */
      made++;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MONITORS]);

  if (self->to_monitor_next < self->to_monitor->len)
    return G_SOURCE_CONTINUE;

  self->monitor_idle = 0;
  g_ptr_array_set_size (self->to_monitor, 0);
  self->to_monitor_next = 0;
  set_up_done (self);
  return G_SOURCE_REMOVE;
}

typedef struct {
  char  *root;
  char  *start;
  char **ignore;
  char **excluded;
} ListTask;

static void
list_task_free (gpointer data)
{
  ListTask *task = data;

  g_free (task->root);
  g_free (task->start);
  g_strfreev (task->ignore);
  g_strfreev (task->excluded);
  g_free (task);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListTask *list = task_data;
  GError *error = NULL;
  GPtrArray *folders = _bindery_watch_list_folders (list->root, list->start,
                                                    (const char * const *) list->ignore,
                                                    (const char * const *) list->excluded,
                                                    cancellable, &error);

  if (folders == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, folders, (GDestroyNotify) g_ptr_array_unref);
}

static void
listed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  BinderyLibraryWatch *self = BINDERY_LIBRARY_WATCH (source);
  ListTask *list = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GError) error = NULL;

  folders = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_listings--;

  if (folders == NULL)
    {
      if (*list->start == '\0')
        enter_unavailable (self, error->message);
      else
        g_debug ("%s", error->message);   /* a new folder gone again */
      set_up_done (self);
      return;
    }

  for (guint i = 0; i < folders->len; i++)
    g_ptr_array_add (self->to_monitor, g_steal_pointer (&folders->pdata[i]));
  if (self->monitor_idle == 0)
    self->monitor_idle = g_idle_add (make_monitors, self);
}

static void
start_listing (BinderyLibraryWatch *self,
               const char          *rel_path)
{
  g_autoptr(GTask) task = g_task_new (self, self->listing, listed, NULL);
  ListTask *list = g_new0 (ListTask, 1);

  list->root = g_strdup (self->root);
  list->start = g_strdup (rel_path);
  list->ignore = g_strdupv ((char **) bindery_library_get_ignore (self->library));
  list->excluded = g_strdupv (self->excluded);
  g_task_set_task_data (task, list, list_task_free);
  g_task_set_source_tag (task, start_listing);
  self->n_listings++;
  g_task_run_in_thread (task, list_thread);
}

/* --- polling and unavailable ----------------------------------------------------------- */

static gboolean
poll_now (gpointer data)
{
  BinderyLibraryWatch *self = data;

  queue_library_scan (self, _("Scan library (polling)"));
  if (self->overflowed && self->n_listings == 0 && g_hash_table_size (self->monitors) == 0)
    {
      /* the burst is over: try watching again (the scan just queued covers the gap) */
      set_state (self, BINDERY_WATCH_STATE_STARTING, self->reason);
      start_listing (self, "");
      return G_SOURCE_CONTINUE;
    }
  return G_SOURCE_CONTINUE;
}

static void
enter_polling (BinderyLibraryWatch *self,
               const char          *reason,
               gboolean             overflow)
{
  drop_everything (self);
  self->overflowed = overflow;
  self->reconcile = FALSE;
  g_message (_("Library “%s” is polled every %u s instead of watched: %s"),
             bindery_library_get_name (self->library), self->poll_interval, reason);
  set_state (self, BINDERY_WATCH_STATE_POLLING, reason);
  /* changes may have been missed: look at everything once now */
  queue_library_scan (self, _("Scan library (polling)"));
  self->poll_timer = g_timeout_add_seconds (MAX (self->poll_interval, 1), poll_now, self);
}

static gboolean
root_is_back (BinderyLibraryWatch *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->root, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) != NULL;
}

static gboolean
recheck_root (gpointer data)
{
  BinderyLibraryWatch *self = data;

  if (!root_is_back (self))
    return G_SOURCE_CONTINUE;

  self->recheck_timer = 0;
  g_message (_("Library “%s” is back: scanning it"), bindery_library_get_name (self->library));
  bindery_library_watch_start (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
enter_unavailable (BinderyLibraryWatch *self,
                   const char          *reason)
{
  g_autoptr(GError) error = NULL;

  drop_everything (self);
  self->reconcile = FALSE;
  g_message (_("Library “%s” is unavailable: %s"), bindery_library_get_name (self->library), reason);
  if (!bindery_catalog_set_library_state (bindery_job_queue_get_catalog (self->queue),
                                          bindery_library_get_id (self->library), "unavailable", &error))
    g_message ("%s", error->message);
  set_state (self, BINDERY_WATCH_STATE_UNAVAILABLE, reason);
  self->recheck_timer = g_timeout_add_seconds (MAX (self->recheck_interval, 1), recheck_root, self);
}

/* --- public ---------------------------------------------------------------------------- */

void
bindery_library_watch_start (BinderyLibraryWatch *self,
                             gboolean             reconcile)
{
  const char *remote;

  g_return_if_fail (BINDERY_IS_LIBRARY_WATCH (self));

  drop_everything (self);
  self->overflowed = FALSE;
  self->reconcile = reconcile;

  if (!g_file_test (self->root, G_FILE_TEST_IS_DIR))
    {
      enter_unavailable (self, _("The library folder is missing"));
      return;
    }
  remote = _bindery_watch_remote_fs_name (self->root);
  if (remote != NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("The library is on a network file system (%s), "
                                                   "which does not report changes"), remote);

      enter_polling (self, reason, FALSE);
      return;
    }

  set_state (self, BINDERY_WATCH_STATE_STARTING, NULL);
  start_listing (self, "");
}

void
bindery_library_watch_stop (BinderyLibraryWatch *self)
{
  g_return_if_fail (BINDERY_IS_LIBRARY_WATCH (self));

  drop_everything (self);
  self->reconcile = FALSE;
  set_state (self, BINDERY_WATCH_STATE_STOPPED, NULL);
}

BinderyLibrary *
bindery_library_watch_get_library (BinderyLibraryWatch *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY_WATCH (self), NULL);
  return self->library;
}

BinderyWatchState
bindery_library_watch_get_state (BinderyLibraryWatch *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY_WATCH (self), BINDERY_WATCH_STATE_STOPPED);
  return self->state;
}

const char *
bindery_library_watch_get_reason (BinderyLibraryWatch *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY_WATCH (self), NULL);
  return self->reason;
}

guint
bindery_library_watch_get_n_monitors (BinderyLibraryWatch *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY_WATCH (self), 0);
  return g_hash_table_size (self->monitors);
}

gboolean
bindery_library_watch_is_monitoring (BinderyLibraryWatch *self,
                                     const char          *rel_path)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY_WATCH (self), FALSE);
  return g_hash_table_contains (self->monitors, rel_path);
}

guint
bindery_library_watch_get_n_pending (BinderyLibraryWatch *self)
{
  g_return_val_if_fail (BINDERY_IS_LIBRARY_WATCH (self), 0);
  return g_hash_table_size (self->pending);
}

BinderyLibraryWatch *
bindery_library_watch_new (BinderyJobQueue *queue,
                           BinderyLibrary  *library)
{
  g_return_val_if_fail (BINDERY_IS_JOB_QUEUE (queue), NULL);
  g_return_val_if_fail (BINDERY_IS_LIBRARY (library), NULL);

  return g_object_new (BINDERY_TYPE_LIBRARY_WATCH, "queue", queue, "library", library, NULL);
}

/* --- GObject --------------------------------------------------------------------------- */

static void
bindery_library_watch_constructed (GObject *object)
{
  BinderyLibraryWatch *self = BINDERY_LIBRARY_WATCH (object);
  BinderyContext *context = bindery_job_queue_get_context (self->queue);
  g_autoptr(GStrvBuilder) excluded = g_strv_builder_new ();

  G_OBJECT_CLASS (bindery_library_watch_parent_class)->constructed (object);

  self->root = g_strdup (bindery_library_get_path (self->library));
  self->root_file = g_file_new_for_path (self->root);
  self->ignore = bindery_ignore_new (bindery_library_get_ignore (self->library));
  g_strv_builder_add (excluded, bindery_context_get_data_dir (context));
  g_strv_builder_add (excluded, bindery_context_get_cache_dir (context));
  self->excluded = g_strv_builder_end (excluded);
}

static void
bindery_library_watch_dispose (GObject *object)
{
  BinderyLibraryWatch *self = BINDERY_LIBRARY_WATCH (object);

  if (self->monitors != NULL)
    drop_everything (self);

  G_OBJECT_CLASS (bindery_library_watch_parent_class)->dispose (object);
}

static void
bindery_library_watch_finalize (GObject *object)
{
  BinderyLibraryWatch *self = BINDERY_LIBRARY_WATCH (object);

  g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  g_clear_pointer (&self->monitors, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->to_monitor, g_ptr_array_unref);
  g_clear_pointer (&self->ignore, bindery_ignore_free);
  g_clear_pointer (&self->excluded, g_strfreev);
  g_clear_object (&self->root_file);
  g_free (self->root);
  g_free (self->reason);
  g_clear_object (&self->library);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (bindery_library_watch_parent_class)->finalize (object);
}

static void
bindery_library_watch_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BinderyLibraryWatch *self = BINDERY_LIBRARY_WATCH (object);

  switch (prop_id)
    {
    case PROP_QUEUE:            g_value_set_object (value, self->queue); break;
    case PROP_LIBRARY:          g_value_set_object (value, self->library); break;
    case PROP_QUIET_MS:         g_value_set_uint (value, self->quiet_ms); break;
    case PROP_MAX_DELAY_MS:     g_value_set_uint (value, self->max_delay_ms); break;
    case PROP_POLL_INTERVAL:    g_value_set_uint (value, self->poll_interval); break;
    case PROP_RECHECK_INTERVAL: g_value_set_uint (value, self->recheck_interval); break;
    case PROP_MAX_MONITORS:     g_value_set_uint (value, self->max_monitors); break;
    case PROP_MAX_PENDING:      g_value_set_uint (value, self->max_pending); break;
    case PROP_STATE:            g_value_set_enum (value, self->state); break;
    case PROP_REASON:           g_value_set_string (value, self->reason); break;
    case PROP_N_MONITORS:       g_value_set_uint (value, g_hash_table_size (self->monitors)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_library_watch_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BinderyLibraryWatch *self = BINDERY_LIBRARY_WATCH (object);

  switch (prop_id)
    {
    case PROP_QUEUE:            self->queue = g_value_dup_object (value); break;
    case PROP_LIBRARY:          self->library = g_value_dup_object (value); break;
    case PROP_QUIET_MS:         self->quiet_ms = g_value_get_uint (value); break;
    case PROP_MAX_DELAY_MS:     self->max_delay_ms = g_value_get_uint (value); break;
    case PROP_POLL_INTERVAL:    self->poll_interval = g_value_get_uint (value); break;
    case PROP_RECHECK_INTERVAL: self->recheck_interval = g_value_get_uint (value); break;
    case PROP_MAX_MONITORS:     self->max_monitors = g_value_get_uint (value); break;
    case PROP_MAX_PENDING:      self->max_pending = g_value_get_uint (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_library_watch_class_init (BinderyLibraryWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bindery_library_watch_constructed;
  object_class->dispose = bindery_library_watch_dispose;
  object_class->finalize = bindery_library_watch_finalize;
  object_class->get_property = bindery_library_watch_get_property;
  object_class->set_property = bindery_library_watch_set_property;

  properties[PROP_QUEUE] = g_param_spec_object ("queue", NULL, NULL, BINDERY_TYPE_JOB_QUEUE, co);
  properties[PROP_LIBRARY] = g_param_spec_object ("library", NULL, NULL, BINDERY_TYPE_LIBRARY, co);
  properties[PROP_QUIET_MS] = g_param_spec_uint ("quiet-ms", NULL, NULL, 0, G_MAXINT, DEFAULT_QUIET_MS, rw);
  properties[PROP_MAX_DELAY_MS] =
    g_param_spec_uint ("max-delay-ms", NULL, NULL, 0, G_MAXINT, DEFAULT_MAX_DELAY_MS, rw);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 1, G_MAXINT, DEFAULT_POLL_INTERVAL, rw);
  properties[PROP_RECHECK_INTERVAL] =
    g_param_spec_uint ("recheck-interval", NULL, NULL, 1, G_MAXINT, DEFAULT_RECHECK_INTERVAL, rw);
  properties[PROP_MAX_MONITORS] = g_param_spec_uint ("max-monitors", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_MAX_PENDING] =
    g_param_spec_uint ("max-pending", NULL, NULL, 1, G_MAXUINT, DEFAULT_MAX_PENDING, rw);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BINDERY_TYPE_WATCH_STATE,
                                              BINDERY_WATCH_STATE_STOPPED, ro);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, ro);
  properties[PROP_N_MONITORS] = g_param_spec_uint ("n-monitors", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[JOB_QUEUED] = g_signal_new ("job-queued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, BINDERY_TYPE_JOB);
}

static void
bindery_library_watch_init (BinderyLibraryWatch *self)
{
  self->quiet_ms = env_uint ("BINDERY_WATCH_QUIET_MS", DEFAULT_QUIET_MS);
  self->max_delay_ms = env_uint ("BINDERY_WATCH_MAX_DELAY_MS", DEFAULT_MAX_DELAY_MS);
  self->poll_interval = MAX (env_uint ("BINDERY_WATCH_POLL_INTERVAL", DEFAULT_POLL_INTERVAL), 1);
  self->recheck_interval = MAX (env_uint ("BINDERY_WATCH_RECHECK_INTERVAL", DEFAULT_RECHECK_INTERVAL), 1);
  self->max_monitors = env_uint ("BINDERY_WATCH_MAX_MONITORS", 0);
  self->max_pending = MAX (env_uint ("BINDERY_WATCH_MAX_PENDING", DEFAULT_MAX_PENDING), 1);
  self->state = BINDERY_WATCH_STATE_STOPPED;
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, monitor_free);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pending_free);
  self->to_monitor = g_ptr_array_new_with_free_func (g_free);
  self->listing = g_cancellable_new ();
}
