/* bindery-preferences-window.c: application preferences (GSettings), the cover cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-toast.h"
#include "bindery-library-preferences.h"
#include "bindery-preferences-window.h"
#include "bindery-thumbnail-cache.h"

struct _BinderyPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template */
  GtkSpinButton        *workers_spin;
  GtkSpinButton        *retention_spin;
  AdwPreferencesGroup  *libraries_group;
  AdwActionRow         *cache_row;
  GtkButton            *clear_cache_button;

  /* borrowed */
  BinderyApplication   *application;

  /* owned */
  GPtrArray            *library_rows;
};

G_DEFINE_FINAL_TYPE (BinderyPreferencesWindow, bindery_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_cache (BinderyPreferencesWindow *self)
{
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  BinderyJobQueue *queue = bindery_application_get_queue (self->application);
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;
  guint64 n_files = 0, n_bytes = 0;

  if (catalog != NULL && !bindery_thumbnail_cache_get_usage (catalog, &n_files, &n_bytes, &error))
    g_debug ("Could not measure the cover cache: %s", error->message);

  size = g_format_size (n_bytes);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in %'u cover", "%s in %'u covers", (gulong) n_files),
                              size, (guint) n_files);
  adw_action_row_set_subtitle (self->cache_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_cache_button),
                            n_files > 0 && queue != NULL && !bindery_job_queue_is_busy (queue));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->clear_cache_button),
                               queue != NULL && bindery_job_queue_is_busy (queue)
                                 ? _("Wait until the running jobs finish") : NULL);
}

static void
clear_cache_response (AdwMessageDialog         *dialog,
                      const char               *response,
                      BinderyPreferencesWindow *self)
{
  BinderyCatalog *catalog = bindery_application_get_write_catalog (self->application);
  BinderyContext *context = bindery_application_get_context (self->application);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "clear") || catalog == NULL)
    return;
  if (bindery_thumbnail_cache_clear (catalog, bindery_context_get_thumbnail_dir (context), &error) < 0)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), bindery_toast_new (error->message));
  update_cache (self);
  bindery_application_flush_changes (self->application);
}

static void
on_clear_cache_clicked (BinderyPreferencesWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Clear the Cover Cache?"),
                                              _("Every cover is deleted from the cache. Rescan a library or "
                                                "choose “Make Covers Again” to make them again; your books "
                                                "are not touched."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("C_lear"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_cache_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
library_row_activated (AdwActionRow             *row,
                       BinderyPreferencesWindow *self)
{
  BinderyLibrary *library = g_object_get_data (G_OBJECT (row), "library");
  BinderyLibraryPreferences *prefs = bindery_library_preferences_new (self->application, library);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
rebuild_libraries (BinderyPreferencesWindow *self)
{
  GListModel *libraries = bindery_application_get_libraries (self->application);
  guint n = g_list_model_get_n_items (libraries);

  for (guint i = 0; i < self->library_rows->len; i++)
    adw_preferences_group_remove (self->libraries_group, g_ptr_array_index (self->library_rows, i));
  g_ptr_array_set_size (self->library_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyLibrary) library = g_list_model_get_item (libraries, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bindery_library_get_name (library));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), bindery_library_get_display_path (library));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), !bindery_application_is_read_only (self->application));
      g_object_set_data_full (G_OBJECT (row), "library", g_object_ref (library), g_object_unref);
      g_signal_connect_object (row, "activated", G_CALLBACK (library_row_activated), self, 0);
      adw_preferences_group_add (self->libraries_group, row);
      g_ptr_array_add (self->library_rows, row);
    }
  adw_preferences_group_set_description (self->libraries_group,
                                         n == 0 ? _("Add a folder from the main window to make a library.") : NULL);
}

static void
bindery_preferences_window_dispose (GObject *object)
{
  BinderyPreferencesWindow *self = BINDERY_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BINDERY_TYPE_PREFERENCES_WINDOW);
  g_clear_pointer (&self->library_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bindery_preferences_window_parent_class)->dispose (object);
}

static void
bindery_preferences_window_class_init (BinderyPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bindery_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bindery/Bindery/bindery-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyPreferencesWindow, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, BinderyPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, BinderyPreferencesWindow, libraries_group);
  gtk_widget_class_bind_template_child (widget_class, BinderyPreferencesWindow, cache_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyPreferencesWindow, clear_cache_button);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_cache_clicked);
}

static void
bindery_preferences_window_init (BinderyPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->library_rows = g_ptr_array_new ();
}

BinderyPreferencesWindow *
bindery_preferences_window_new (BinderyApplication *application)
{
  BinderyPreferencesWindow *self;
  GSettings *settings;
  BinderyJobQueue *queue;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (application), NULL);

  self = g_object_new (BINDERY_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = application;

  settings = bindery_application_get_settings (application);
  g_settings_bind (settings, "worker-count", gtk_spin_button_get_adjustment (self->workers_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "log-retention", gtk_spin_button_get_adjustment (self->retention_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  queue = bindery_application_get_queue (application);
  if (queue != NULL)
    {
      g_signal_connect_object (queue, "job-finished", G_CALLBACK (update_cache), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (queue, "job-added", G_CALLBACK (update_cache), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (application, "libraries-changed", G_CALLBACK (rebuild_libraries), self,
                           G_CONNECT_SWAPPED);
  rebuild_libraries (self);
  update_cache (self);

  return self;
}
