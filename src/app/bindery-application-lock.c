/* bindery-application-lock.c: the data dir, its lock, and read-only mode until the lock's holder lets go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "bindery-application-private.h"

/* --- read-only until the lock's holder lets go ------------------------------------
 * Another process (the CLI running a job, another Bindery) holds the data dir's lock.
 * It lets go by unlocking (the lock file is emptied: a file monitor sees it) or by
 * ending, cleanly or not (a pidfd on the holder, whose pid is in the lock file). Then
 * the application takes the lock and its queue, and leaves read-only mode. */

static void watch_lock_holder (BinderyApplication *self);

void
bindery_application_stop_lock_watch (BinderyApplication *self)
{
  if (self->lock_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->lock_monitor, self);
      g_file_monitor_cancel (self->lock_monitor);
      g_clear_object (&self->lock_monitor);
    }
  g_clear_handle_id (&self->holder_watch, g_source_remove);
  if (self->holder_fd >= 0)
    {
      g_close (self->holder_fd, NULL);
      self->holder_fd = -1;
    }
}

static void
retry_lock (BinderyApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->queue != NULL || self->context == NULL)
    return;

  if (!bindery_context_lock (self->context, &error))
    {
      g_debug ("Still read-only: %s", error->message);
      /* Maybe held by another process now. */
      watch_lock_holder (self);
      return;
    }
  if (!bindery_application_start_queue (self, &error))
    {
      g_warning ("Could not start the job queue: %s", error->message);
      bindery_context_unlock (self->context);
      return;
    }

  g_debug ("Took the data dir's lock: no longer read-only");
  bindery_application_stop_lock_watch (self);
  g_clear_pointer (&self->problem, g_free);
  bindery_application_notify_read_only (self);
  bindery_application_reload_libraries (self);
  /* Jobs the holder left queued for the app (covers after a CLI scan). */
  bindery_job_queue_resume_pending (self->queue);
}

static void
on_lock_file_changed (GFileMonitor       *monitor,
                      GFile              *file,
                      GFile              *other,
                      GFileMonitorEvent   event,
                      BinderyApplication *self)
{
  retry_lock (self);
}

static gboolean
on_lock_holder_exited (int                 fd,
                       GIOCondition        condition,
                       gpointer            user_data)
{
  BinderyApplication *self = user_data;

  self->holder_watch = 0;
  g_close (self->holder_fd, NULL);
  self->holder_fd = -1;
  retry_lock (self);
  return G_SOURCE_REMOVE;
}

static void
watch_lock_holder (BinderyApplication *self)
{
  g_autofree char *lock_path = g_build_filename (bindery_context_get_data_dir (self->context), "lock", NULL);
  g_autofree char *contents = NULL;
  gint64 pid = 0;
  int fd = -1;

  if (self->lock_monitor == NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (lock_path);
      g_autoptr(GError) error = NULL;

      self->lock_monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
      if (self->lock_monitor != NULL)
        g_signal_connect (self->lock_monitor, "changed", G_CALLBACK (on_lock_file_changed), self);
      else
        g_debug ("Cannot watch %s: %s", lock_path, error->message);
    }

  g_clear_handle_id (&self->holder_watch, g_source_remove);
  if (self->holder_fd >= 0)
    {
      g_close (self->holder_fd, NULL);
      self->holder_fd = -1;
    }
  if (g_file_get_contents (lock_path, &contents, NULL, NULL))
    pid = g_ascii_strtoll (g_strstrip (contents), NULL, 10);
#ifdef SYS_pidfd_open
  if (pid > 0 && pid != (gint64) getpid ())
    fd = (int) syscall (SYS_pidfd_open, (pid_t) pid, 0);
#endif
  if (fd < 0)
    {
      /* No pid, or it ended already, or no pidfd here: the file monitor remains. */
      g_debug ("Not watching the lock holder (pid %" G_GINT64_FORMAT ")", pid);
      return;
    }
  self->holder_fd = fd;
  self->holder_watch = g_unix_fd_add (fd, G_IO_IN, on_lock_holder_exited, self);
  g_source_set_name_by_id (self->holder_watch, "[bindery] lock holder exit");
}

/* --- opening ----------------------------------------------------------------------- */

/* The data dir and its catalog; with its lock and the job queue, or read-only while
 * another process holds the lock. On failure the application is not usable and
 * self->problem says why. */
void
bindery_application_open_data_dir (BinderyApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->context = bindery_context_new (self->data_dir, &error);
  if (self->context == NULL)
    {
      self->problem = g_strdup (error->message);
      return;
    }

  if (bindery_context_lock (self->context, &error))
    {
      if (!bindery_application_start_queue (self, &error))
        {
          self->problem = g_strdup (error->message);
          bindery_context_unlock (self->context);
          return;
        }
    }
  else if (g_error_matches (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_LOCKED))
    {
      /* Another Bindery owns the data dir: browse, but run nothing, until it lets go. */
      self->problem = g_strdup_printf (_("%s. Bindery is showing the library read-only."), error->message);
      g_clear_error (&error);
      watch_lock_holder (self);
    }
  else
    {
      self->problem = g_strdup (error->message);
      return;
    }

  self->catalog = bindery_catalog_open (bindery_context_get_catalog_path (self->context),
                                        BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  if (self->catalog == NULL)
    {
      g_free (self->problem);
      self->problem = g_strdup (error->message);
      bindery_application_stop_lock_watch (self);
      g_clear_object (&self->watches);
      g_clear_object (&self->queue);
      return;
    }

  self->usable = TRUE;
  bindery_application_reload_libraries (self);

  /* Jobs interrupted by a crash, and thumbnails the CLI left for us. */
  if (self->queue != NULL)
    bindery_job_queue_resume_pending (self->queue);
}
