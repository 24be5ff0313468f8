/* bindery-application.c: the GtkApplication: data dir, job queue and the UI's catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-application-private.h"
#include "bindery-preferences-window.h"
#include "bindery-scan-job.h"
#include "bindery-convert-job.h"
#include "bindery-thumbnail-job.h"
#include "bindery-window.h"

/* Coalescing of catalog changes: at least this long between two reloads, and at least
 * RELOAD_COST_FACTOR times what the last reload took. */
#define MIN_REFRESH_INTERVAL_MS 300
#define RELOAD_COST_FACTOR      4

G_DEFINE_FINAL_TYPE (BinderyApplication, bindery_application, ADW_TYPE_APPLICATION)

enum {
  CATALOG_CHANGED,
  LIBRARIES_CHANGED,
  WATCH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- catalog change coalescing ----------------------------------------------- */

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  BinderyApplication *self = user_data;

  self->refresh_source = 0;
  bindery_application_flush_changes (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (BinderyApplication *self)
{
  guint interval;

  if (self->refresh_source != 0)
    return;
  interval = MAX (MIN_REFRESH_INTERVAL_MS, (guint) (self->last_reload_cost * RELOAD_COST_FACTOR / 1000));
  self->refresh_source = g_timeout_add (interval, refresh_timeout_cb, self);
  g_source_set_name_by_id (self->refresh_source, "[bindery] catalog refresh");
}

void
bindery_application_flush_changes (BinderyApplication *self)
{
  g_autoptr(GArray) ids = NULL;
  gint64 start;

  g_return_if_fail (BINDERY_IS_APPLICATION (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  ids = g_steal_pointer (&self->pending_ids);
  self->pending_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  start = g_get_monotonic_time ();
  g_signal_emit (self, signals[CATALOG_CHANGED], 0, ids);
  self->last_reload_cost = g_get_monotonic_time () - start;
}

/* A title that names the library, for the jobs panel and the history. The core gives
 * its jobs plain English titles ("Scan library", "Thumbnails"); the app replaces those
 * of the job types it knows with translated ones. */
static void
name_job (BinderyApplication *self,
          BinderyJob         *job)
{
  BinderyLibrary *library = bindery_application_find_library (self, bindery_job_get_library_id (job));
  const char *type = bindery_job_get_type_name (job);
  JsonObject *options = bindery_job_get_options (job);
  g_autofree char *name = NULL;

  if (library == NULL)
    return;
  if (g_strcmp0 (type, "scan") == 0)
    {
      name = g_strdup_printf (_("Scan “%s”"), bindery_library_get_name (library));
    }
  else if (g_strcmp0 (type, "scan-series") == 0)
    {
      const char *target = bindery_job_get_target (job);
      g_autofree char *folder = target != NULL && target[0] != '\0' ? g_path_get_basename (target) : NULL;
      g_autofree char *display = folder != NULL ? g_filename_display_name (folder) : NULL;

      if (display != NULL)
        /* Translators: a series folder, then the library's name */
        name = g_strdup_printf (_("Scan “%s” in “%s”"), display, bindery_library_get_name (library));
      else
        name = g_strdup_printf (_("Scan a series of “%s”"), bindery_library_get_name (library));
    }
  else if (g_strcmp0 (type, "scan-folders") == 0)
    {
      /* Translators: a folder scan's title ("Scan folder “Saga”", "Scan 3 folders"), then the library's name */
      name = g_strdup_printf (_("%s in “%s”"), bindery_job_get_title (job), bindery_library_get_name (library));
    }
  else if (g_strcmp0 (type, "thumbnails") == 0)
    {
      if (options != NULL && json_object_get_boolean_member_with_default (options, "force", FALSE))
        name = g_strdup_printf (_("Make covers again for “%s”"), bindery_library_get_name (library));
      else
        name = g_strdup_printf (_("Covers for “%s”"), bindery_library_get_name (library));
    }
  if (name != NULL)
    bindery_job_set_title (job, name);
}

static void
on_job_books (BinderyJob         *job,
              GArray             *ids,
              BinderyApplication *self)
{
  g_array_append_vals (self->pending_ids, ids->data, ids->len);
  schedule_refresh (self);
}

static void
on_job_state (BinderyJob         *job,
              GParamSpec         *pspec,
              BinderyApplication *self)
{
  /* A scan marks its library "scanning" when it starts and sets its final state at the
   * end; the sidebar shows both. */
  bindery_application_reload_libraries (self);
}

static void
on_job_added (BinderyJobQueue    *queue,
              BinderyJob         *job,
              BinderyApplication *self)
{
  /* Follow-up jobs (covers after a scan) are queued by the core. */
  name_job (self, job);
  g_signal_connect_object (job, "books-added", G_CALLBACK (on_job_books), self, 0);
  g_signal_connect_object (job, "books-changed", G_CALLBACK (on_job_books), self, 0);
  g_signal_connect_object (job, "notify::state", G_CALLBACK (on_job_state), self, 0);
}

static void
on_job_finished (BinderyJobQueue    *queue,
                 BinderyJob         *job,
                 BinderyApplication *self)
{
  schedule_refresh (self);
}

static void
on_queue_idle (BinderyJobQueue    *queue,
               BinderyApplication *self)
{
  g_autoptr(GNotification) notification = NULL;

  if (!self->holding)
    return;

  notification = g_notification_new (_("Library Work Finished"));
  g_notification_set_body (notification, _("Bindery finished scanning and making covers."));
  g_application_send_notification (G_APPLICATION (self), "jobs-finished", notification);
  self->holding = FALSE;
  g_application_release (G_APPLICATION (self));
}

/* --- libraries ---------------------------------------------------------------- */

/* Watch the libraries whose "watch" option is on (with their current folder and
 * ignore rules). reconcile: new watches start with a library scan (what changed while
 * nobody watched): at start-up, and when the option is turned on; a library just
 * added is scanned by whoever added it. */
static void
sync_watches (BinderyApplication *self,
              gboolean            reconcile)
{
  g_autoptr(GPtrArray) libraries = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (self->watches == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->libraries));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (libraries, g_list_model_get_item (G_LIST_MODEL (self->libraries), i));
  bindery_watch_set_sync (self->watches, libraries, reconcile || !self->watches_synced);
  self->watches_synced = TRUE;
}

void
bindery_application_reload_libraries (BinderyApplication *self)
{
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  guint n_old;

  g_return_if_fail (BINDERY_IS_APPLICATION (self));

  if (self->catalog == NULL)
    return;

  fresh = bindery_catalog_list_libraries (self->catalog, &error);
  if (fresh == NULL)
    {
      g_debug ("Could not list libraries: %s", error->message);
      return;
    }

  /* Keep the objects of libraries we already have (preference windows are bound to
   * them) and take the state the catalog has now. */
  merged = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < fresh->len; i++)
    {
      BinderyLibrary *library = g_ptr_array_index (fresh, i);
      BinderyLibrary *known = bindery_application_find_library (self, bindery_library_get_id (library));

      if (known != NULL)
        {
          if (g_strcmp0 (bindery_library_get_state (known), bindery_library_get_state (library)) != 0)
            bindery_library_set_state (known, bindery_library_get_state (library));
          if (g_strcmp0 (bindery_library_get_name (known), bindery_library_get_name (library)) != 0)
            bindery_library_set_name (known, bindery_library_get_name (library));
          g_ptr_array_add (merged, g_object_ref (known));
        }
      else
        {
          g_ptr_array_add (merged, g_object_ref (library));
        }
    }


  /* State and name changes reach the rows through the objects' notifications; the list
   * itself changes only when libraries come, go or move. */
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->libraries));
  if (n_old == merged->len)
    {
      gboolean same = TRUE;

      for (guint i = 0; same && i < n_old; i++)
        {
          g_autoptr(BinderyLibrary) old = g_list_model_get_item (G_LIST_MODEL (self->libraries), i);

          same = old == g_ptr_array_index (merged, i);
        }
      if (same)
        {
          sync_watches (self, FALSE);
          return;
        }
    }
  g_list_store_splice (self->libraries, 0, n_old, merged->pdata, merged->len);
  sync_watches (self, FALSE);
  g_signal_emit (self, signals[LIBRARIES_CHANGED], 0);
}

BinderyLibrary *
bindery_application_find_library (BinderyApplication *self,
                                  gint64              library_id)
{
  guint n;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->libraries));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyLibrary) library = g_list_model_get_item (G_LIST_MODEL (self->libraries), i);

      if (bindery_library_get_id (library) == library_id)
        return library;
    }
  return NULL;
}

static gboolean
check_writable (BinderyApplication *self,
                GError            **error)
{
  if (self->queue != NULL)
    return TRUE;
  g_set_error_literal (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_LOCKED,
                       self->problem != NULL ? self->problem : _("The library is read-only"));
  return FALSE;
}

BinderyLibrary *
bindery_application_add_library (BinderyApplication    *self,
                                 const char            *path,
                                 BinderyLibraryPattern  pattern,
                                 GError               **error)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(BinderyJob) job = NULL;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!check_writable (self, error))
    return NULL;

  library = bindery_catalog_add_library (bindery_job_queue_get_catalog (self->queue), path, NULL, pattern, error);
  if (library == NULL)
    return NULL;

  bindery_application_reload_libraries (self);
  job = bindery_application_scan_library (self, bindery_library_get_id (library), NULL, error);
  if (job == NULL)
    return NULL;

  return g_object_ref (bindery_application_find_library (self, bindery_library_get_id (library)));
}

BinderyJob *
bindery_application_scan_library (BinderyApplication *self,
                                  gint64              library_id,
                                  JsonObject         *options,
                                  GError            **error)
{
  g_autoptr(BinderyJob) job = NULL;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);

  if (!check_writable (self, error))
    return NULL;

  job = bindery_scan_job_new (library_id, options);
  return bindery_application_push_job (self, job);
}

guint
bindery_application_scan_all (BinderyApplication *self)
{
  guint n, queued = 0;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), 0);

  if (self->queue == NULL)
    return 0;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->libraries));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyLibrary) library = g_list_model_get_item (G_LIST_MODEL (self->libraries), i);
      g_autoptr(BinderyJob) job = NULL;
      g_autoptr(GError) error = NULL;

      job = bindery_application_scan_library (self, bindery_library_get_id (library), NULL, &error);
      if (job != NULL)
        queued++;
    }
  return queued;
}

gboolean
bindery_application_save_library (BinderyApplication *self,
                                  BinderyLibrary     *library,
                                  GError            **error)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (BINDERY_IS_LIBRARY (library), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (!bindery_library_save (library, bindery_job_queue_get_catalog (self->queue), error))
    return FALSE;
  sync_watches (self, TRUE);
  return TRUE;
}

gboolean
bindery_application_remove_library (BinderyApplication *self,
                                    gint64              library_id,
                                    GError            **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *reason = NULL;
  BinderyLibrary *library;
  GListModel *active;
  guint n;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;

  /* Jobs of the library, running or queued, stop first (none writes to rows that are
   * gone); the history keeps them, cancelled, saying why. */
  library = bindery_application_find_library (self, library_id);
  /* Translators: why a job was cancelled, kept in the job history */
  reason = g_strdup_printf (_("Cancelled: its library “%s” was removed"),
                            library != NULL ? bindery_library_get_name (library) : "");
  active = bindery_job_queue_get_active (self->queue);
  jobs = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (active);
  for (guint i = 0; i < n; i++)
    {
      BinderyJob *job = g_list_model_get_item (active, i);

      if (bindery_job_get_library_id (job) == library_id)
        g_ptr_array_add (jobs, job);
      else
        g_object_unref (job);
    }
  for (guint i = 0; i < jobs->len; i++)
    {
      bindery_job_set_cancel_reason (jobs->pdata[i], reason);
      bindery_job_cancel (jobs->pdata[i]);
    }
  for (guint i = 0; i < jobs->len; i++)
    bindery_job_queue_wait (self->queue, jobs->pdata[i]);

  if (!bindery_catalog_remove_library (bindery_job_queue_get_catalog (self->queue), library_id,
                                       bindery_context_get_thumbnail_dir (self->context), error))
    return FALSE;

  bindery_application_reload_libraries (self);
  bindery_application_flush_changes (self);
  return TRUE;
}

BinderyJob *
bindery_application_push_job (BinderyApplication *self,
                              BinderyJob         *job)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (BINDERY_IS_JOB (job), NULL);

  if (self->queue == NULL)
    return NULL;
  name_job (self, job);
  return bindery_job_queue_push (self->queue, job);
}

/* --- start-up ------------------------------------------------------------------ */

static void
apply_settings (BinderyApplication *self)
{
  if (self->queue == NULL)
    return;
  bindery_job_queue_set_max_workers (self->queue, g_settings_get_uint (self->settings, "worker-count"));
  bindery_job_queue_set_retention (self->queue, g_settings_get_uint (self->settings, "log-retention"));
}

static void
on_settings_changed (GSettings          *settings,
                     const char         *key,
                     BinderyApplication *self)
{
  apply_settings (self);
}

static void
on_watch_changed (BinderyWatchSet     *watches,
                  BinderyLibraryWatch *watch,
                  BinderyApplication  *self)
{
  gint64 id = bindery_library_get_id (bindery_library_watch_get_library (watch));

  g_signal_emit (self, signals[WATCH_CHANGED], 0, id);
}

BinderyWatchState
bindery_application_get_watch_state (BinderyApplication  *self,
                                     gint64               library_id,
                                     const char         **reason)
{
  BinderyLibraryWatch *watch;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), BINDERY_WATCH_STATE_STOPPED);

  if (self->watches == NULL && self->context != NULL)
    {
      /* read-only: what the process holding the data dir does */
      g_autofree char *state = NULL;
      GEnumClass *states;
      GEnumValue *value;
      BinderyWatchState result;

      g_clear_pointer (&self->watch_reason, g_free);
      state = bindery_watch_status_lookup (self->context, library_id, &self->watch_reason);
      states = g_type_class_ref (BINDERY_TYPE_WATCH_STATE);
      value = g_enum_get_value_by_nick (states, state);
      result = value != NULL ? (BinderyWatchState) value->value : BINDERY_WATCH_STATE_STOPPED;

      g_type_class_unref (states);
      if (reason != NULL)
        *reason = self->watch_reason;
      return result;
    }

  watch = self->watches != NULL ? bindery_watch_set_lookup (self->watches, library_id) : NULL;
  if (reason != NULL)
    *reason = watch != NULL ? bindery_library_watch_get_reason (watch) : NULL;
  return watch != NULL ? bindery_library_watch_get_state (watch) : BINDERY_WATCH_STATE_STOPPED;
}

BinderyLibraryWatch *
bindery_application_get_watch (BinderyApplication *self,
                               gint64              library_id)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  return self->watches != NULL ? bindery_watch_set_lookup (self->watches, library_id) : NULL;
}

/* The queue, once the data dir's lock is ours. */
gboolean
bindery_application_start_queue (BinderyApplication  *self,
                                 GError             **error)
{
  self->queue = bindery_job_queue_new (self->context, 0, error);
  if (self->queue == NULL)
    return FALSE;
  apply_settings (self);
  g_signal_connect_object (self->queue, "job-added", G_CALLBACK (on_job_added), self, 0);
  g_signal_connect_object (self->queue, "job-finished", G_CALLBACK (on_job_finished), self, 0);
  g_signal_connect_object (self->queue, "idle", G_CALLBACK (on_queue_idle), self, 0);
  self->watches = bindery_watch_set_new (self->queue);
  self->watches_synced = FALSE;
  g_signal_connect_object (self->watches, "watch-changed", G_CALLBACK (on_watch_changed), self, 0);
  return TRUE;
}

void
bindery_application_notify_read_only (BinderyApplication *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static void
bindery_application_startup (GApplication *app)
{
  BinderyApplication *self = BINDERY_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *add_accels[] = { "<Control>o", NULL };
  static const char *rescan_accels[] = { "F5", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *series_accels[] = { "<Control>1", NULL };
  static const char *books_accels[] = { "<Control>2", NULL };

  G_APPLICATION_CLASS (bindery_application_parent_class)->startup (app);

  bindery_scan_job_register_types ();
  bindery_thumbnail_job_register_type ();
  bindery_convert_job_register_type ();

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, 0);

  bindery_application_open_data_dir (self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-folder", add_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.rescan", rescan_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-view::all-series", series_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-view::all-books", books_accels);
}

static void
bindery_application_shutdown (GApplication *app)
{
  BinderyApplication *self = BINDERY_APPLICATION (app);

  /* Running jobs end interrupted and queued ones stay queued: both resume at the next
   * start. */
  if (self->watches != NULL)
    bindery_watch_set_stop (self->watches);
  if (self->queue != NULL)
    bindery_job_queue_shutdown (self->queue);
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  G_APPLICATION_CLASS (bindery_application_parent_class)->shutdown (app);
}

static BinderyWindow *
ensure_window (BinderyApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (bindery_window_new (self));
  return BINDERY_WINDOW (window);
}

static void
bindery_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (BINDERY_APPLICATION (app))));
}

static void
bindery_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  BinderyApplication *self = BINDERY_APPLICATION (app);
  BinderyWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  /* A folder becomes a library; a book file is shown in its library (Open With). */
  for (int i = 0; i < n_files; i++)
    {
      if (g_file_query_file_type (files[i], G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_REGULAR)
        bindery_window_show_book_file (window, files[i]);
      else
        bindery_window_add_folder (window, files[i]);
    }
}

static int
bindery_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  BinderyApplication *self = BINDERY_APPLICATION (app);
  const char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("bindery %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    {
      g_free (self->data_dir);
      self->data_dir = g_canonicalize_filename (data_dir, NULL);
    }
  return -1;
}

/* --- actions ------------------------------------------------------------------- */

static void
add_library_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  BinderyApplication *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  bindery_window_add_folder (ensure_window (self), file);
}

static void
scan_all_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  bindery_application_scan_all (BINDERY_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  BinderyApplication *self = user_data;
  BinderyPreferencesWindow *prefs = bindery_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (ensure_window (self)));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  BinderyApplication *self = user_data;
  static const char *developers[] = { "The Bindery developers", NULL };

  adw_show_about_window (GTK_WINDOW (ensure_window (self)),
                         "application-name", _("Bindery"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Bindery developers"),
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_WEBSITE "/issues",
                         "developers", developers,
                         "copyright", _("© 2026 The Bindery developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your name (and e-mail address), one per line */
                         "translator-credits", _("translator-credits"),
                         "comments", _("Keep your comics and ebooks in order"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  BinderyApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing asks about running jobs, like the close button. */
  if (windows != NULL)
    gtk_window_close (windows->data);
  else
    g_application_quit (G_APPLICATION (self));
}

static void
screenshot_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  BinderyApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL && BINDERY_IS_WINDOW (window))
    bindery_window_save_screenshot_when_ready (BINDERY_WINDOW (window), g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { "add-library", add_library_action, "s" },
  { "scan-all", scan_all_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
  { "screenshot", screenshot_action, "s" },
};

static void
publish_view_state (BinderyApplication *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "view-state");
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "view", "s", self->view_name != NULL ? self->view_name : "");
  g_variant_dict_insert (&dict, "items", "u", self->view_items);
  g_variant_dict_insert (&dict, "painted", "x", self->view_painted);
  g_variant_dict_insert (&dict, "libraries", "u", g_list_model_get_n_items (G_LIST_MODEL (self->libraries)));
  g_variant_dict_insert (&dict, "busy", "b", self->queue != NULL && bindery_job_queue_is_busy (self->queue));
  g_variant_dict_insert (&dict, "read-only", "b", self->queue == NULL);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_dict_end (&dict));
}

void
bindery_application_set_view_state (BinderyApplication *self,
                                    const char         *view,
                                    guint               n_items)
{
  g_return_if_fail (BINDERY_IS_APPLICATION (self));
  g_return_if_fail (view != NULL);

  if (g_strcmp0 (self->view_name, view) != 0 || self->view_items != n_items)
    {
      g_free (self->view_name);
      self->view_name = g_strdup (view);
      self->view_items = n_items;
      self->view_painted = 0;
    }
  publish_view_state (self);
}

void
bindery_application_set_view_painted (BinderyApplication *self,
                                      gint64              painted)
{
  g_return_if_fail (BINDERY_IS_APPLICATION (self));

  if (self->view_painted != 0)
    return;
  self->view_painted = painted;
  publish_view_state (self);
}

/* --- GObject ------------------------------------------------------------------- */

static void
bindery_application_dispose (GObject *object)
{
  BinderyApplication *self = BINDERY_APPLICATION (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  bindery_application_stop_lock_watch (self);
  if (self->libraries != NULL)
    g_list_store_remove_all (self->libraries);
  g_clear_object (&self->catalog);
  g_clear_object (&self->watches);
  g_clear_object (&self->queue);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bindery_application_parent_class)->dispose (object);
}

static void
bindery_application_finalize (GObject *object)
{
  BinderyApplication *self = BINDERY_APPLICATION (object);

  g_clear_object (&self->libraries);
  g_clear_pointer (&self->pending_ids, g_array_unref);
  g_free (self->data_dir);
  g_free (self->problem);
  g_free (self->watch_reason);
  g_free (self->view_name);

  G_OBJECT_CLASS (bindery_application_parent_class)->finalize (object);
}

static void
bindery_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BinderyApplication *self = BINDERY_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->queue == NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_application_class_init (BinderyApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bindery_application_dispose;
  object_class->finalize = bindery_application_finalize;
  object_class->get_property = bindery_application_get_property;

  app_class->startup = bindery_application_startup;
  app_class->shutdown = bindery_application_shutdown;
  app_class->activate = bindery_application_activate;
  app_class->open = bindery_application_open;
  app_class->handle_local_options = bindery_application_handle_local_options;

  /* Read-only while another process holds the data dir; changes once, when the
   * application takes the lock after all. */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CATALOG_CHANGED] =
    g_signal_new ("catalog-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ARRAY);
  signals[LIBRARIES_CHANGED] =
    g_signal_new ("libraries-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A library's watch state or its reason changed (int64 library id). */
  signals[WATCH_CHANGED] =
    g_signal_new ("watch-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
bindery_application_init (BinderyApplication *self)
{
  GVariantDict dict;
  g_autoptr(GSimpleAction) view_state = NULL;
  const char *env_dir = g_getenv ("BINDERY_DATA_DIR");

  self->holder_fd = -1;
  self->libraries = g_list_store_new (BINDERY_TYPE_LIBRARY);
  self->pending_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (env_dir != NULL && env_dir[0] != '\0')
    self->data_dir = g_canonicalize_filename (env_dir, NULL);

  g_application_add_main_option (G_APPLICATION (self), "data-dir", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_FILENAME,
                                 _("Keep the catalog and the thumbnail cache in DIR"), _("DIR"));
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Show the version and exit"), NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);

  /* Read-only state for tests and scripts (org.gtk.Actions.Describe): what the window
   * shows. Activating it does nothing. */
  g_variant_dict_init (&dict, NULL);
  view_state = g_simple_action_new_stateful ("view-state", NULL, g_variant_dict_end (&dict));
  g_simple_action_set_enabled (view_state, FALSE);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (view_state));
}

BinderyApplication *
bindery_application_new (void)
{
  return g_object_new (BINDERY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/bindery/Bindery",
                       NULL);
}

void
bindery_application_finish_in_background (BinderyApplication *self)
{
  g_return_if_fail (BINDERY_IS_APPLICATION (self));

  if (self->holding || self->queue == NULL || !bindery_job_queue_is_busy (self->queue))
    return;
  self->holding = TRUE;
  g_application_hold (G_APPLICATION (self));
}

gboolean
bindery_application_is_in_background (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), FALSE);
  return self->holding;
}

void
bindery_application_stop_jobs (BinderyApplication *self)
{
  g_return_if_fail (BINDERY_IS_APPLICATION (self));

  if (self->watches != NULL)
    bindery_watch_set_stop (self->watches);
  if (self->queue != NULL)
    bindery_job_queue_shutdown (self->queue);
}

BinderyContext *
bindery_application_get_context (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  return self->context;
}

BinderyJobQueue *
bindery_application_get_queue (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  return self->queue;
}

BinderyCatalog *
bindery_application_get_catalog (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  return self->catalog;
}

BinderyCatalog *
bindery_application_get_write_catalog (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  return self->queue != NULL ? bindery_job_queue_get_catalog (self->queue) : NULL;
}

gboolean
bindery_application_is_read_only (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), TRUE);
  return self->queue == NULL;
}

gboolean
bindery_application_is_usable (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), FALSE);
  return self->usable;
}

const char *
bindery_application_get_problem (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  return self->problem;
}

GSettings *
bindery_application_get_settings (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  return self->settings;
}

GListModel *
bindery_application_get_libraries (BinderyApplication *self)
{
  g_return_val_if_fail (BINDERY_IS_APPLICATION (self), NULL);
  return G_LIST_MODEL (self->libraries);
}
