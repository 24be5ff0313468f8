/* bindery-library-preferences.c: the settings of one library, bound to its BinderyLibrary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-toast.h"
#include "bindery-library-preferences.h"
#include "bindery-library-stats.h"

/* Cover height presets of the size row, in its order; the last entry is "Custom". */
static const guint size_presets[] = { 200, 400, 800 };

struct _BinderyLibraryPreferences
{
  AdwPreferencesWindow  parent_instance;

  /* template */
  AdwEntryRow          *name_row;
  AdwActionRow         *folder_row;
  AdwActionRow         *pattern_row;
  AdwComboRow          *scan_mode_row;
  GtkSwitch            *deep_scan_switch;
  GtkSwitch            *verify_data_switch;
  GtkSwitch            *watch_switch;
  GtkSwitch            *convert_after_scan_switch;
  GtkSwitch            *delete_originals_switch;
  AdwExpanderRow       *ignore_row;
  AdwEntryRow          *add_ignore_row;
  AdwExpanderRow       *thumbnails_row;
  AdwComboRow          *size_row;
  AdwActionRow         *custom_size_row;
  GtkSpinButton        *height_spin;
  GtkSpinButton        *quality_spin;
  AdwActionRow         *missing_row;
  GtkButton            *missing_button;

  /* borrowed */
  BinderyApplication   *application;

  /* owned */
  BinderyLibrary       *library;
  GPtrArray            *ignore_rows;
  guint                 syncing_size : 1;
};

G_DEFINE_FINAL_TYPE (BinderyLibraryPreferences, bindery_library_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (BinderyLibraryPreferences *self,
       const char                *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), bindery_toast_new (text));
}

static void
save (BinderyLibraryPreferences *self)
{
  g_autoptr(GError) error = NULL;

  if (!bindery_application_save_library (self->application, self->library, &error))
    toast (self, error->message);
}

static void
update_scan_mode_subtitle (BinderyLibraryPreferences *self)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scan_mode_row),
                               bindery_library_get_scan_mode (self->library) == BINDERY_SCAN_MODE_SYNC
                                 ? _("Each book appears as soon as it is read, so you can open books while a scan "
                                     "runs; first scans of large libraries take longer.")
                                 : _("Books are written and shown a few hundred at a time: the fastest way "
                                     "to scan a large library."));
}

static void
update_size_row (BinderyLibraryPreferences *self)
{
  guint height = bindery_library_get_thumbnail_height (self->library);
  guint selected = G_N_ELEMENTS (size_presets);

  for (guint i = 0; i < G_N_ELEMENTS (size_presets); i++)
    {
      if (size_presets[i] == height)
        selected = i;
    }
  self->syncing_size = TRUE;
  adw_combo_row_set_selected (self->size_row, selected);
  self->syncing_size = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->custom_size_row), selected == G_N_ELEMENTS (size_presets));
}

static void
on_size_selected (BinderyLibraryPreferences *self)
{
  guint selected = adw_combo_row_get_selected (self->size_row);

  if (self->syncing_size || self->library == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->custom_size_row), selected >= G_N_ELEMENTS (size_presets));
  if (selected < G_N_ELEMENTS (size_presets))
    bindery_library_set_thumbnail_height (self->library, size_presets[selected]);
}

static void
remove_ignore_clicked (GtkButton                 *button,
                       BinderyLibraryPreferences *self)
{
  const char *pattern = g_object_get_data (G_OBJECT (button), "pattern");
  const char * const *current = bindery_library_get_ignore (self->library);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  for (guint i = 0; current != NULL && current[i] != NULL; i++)
    {
      if (g_strcmp0 (current[i], pattern) != 0)
        g_strv_builder_add (builder, current[i]);
    }
  updated = g_strv_builder_end (builder);
  bindery_library_set_ignore (self->library, (const char * const *) updated);
}

static void
rebuild_ignore_rows (BinderyLibraryPreferences *self)
{
  const char * const *patterns = bindery_library_get_ignore (self->library);
  guint n = patterns != NULL ? g_strv_length ((char **) patterns) : 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < self->ignore_rows->len; i++)
    adw_expander_row_remove (self->ignore_row, g_ptr_array_index (self->ignore_rows, i));
  g_ptr_array_set_size (self->ignore_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-delete-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), patterns[i]);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove Pattern"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove Pattern"), -1);
      g_object_set_data_full (G_OBJECT (button), "pattern", g_strdup (patterns[i]), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_ignore_clicked), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_expander_row_add_row (self->ignore_row, row);
      g_ptr_array_add (self->ignore_rows, row);
    }

  if (n == 0)
    subtitle = g_strdup (_("Patterns relative to the library folder, such as extras/** or *.tmp"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pattern", "%u patterns", n), n);
  adw_expander_row_set_subtitle (self->ignore_row, subtitle);
}

static void
on_add_ignore_apply (BinderyLibraryPreferences *self)
{
  g_autofree char *pattern = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_ignore_row))));
  const char * const *current = bindery_library_get_ignore (self->library);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;

  if (pattern[0] == '\0')
    return;
  if (current != NULL && g_strv_contains (current, pattern))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->add_ignore_row), "");
      return;
    }

  builder = g_strv_builder_new ();
  if (current != NULL)
    g_strv_builder_addv (builder, (const char **) current);
  g_strv_builder_add (builder, pattern);
  updated = g_strv_builder_end (builder);
  bindery_library_set_ignore (self->library, (const char * const *) updated);
  gtk_editable_set_text (GTK_EDITABLE (self->add_ignore_row), "");
}

static void
on_name_apply (BinderyLibraryPreferences *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *old = g_strdup (bindery_library_get_name (self->library));
  g_autoptr(GError) error = NULL;

  if (name[0] == '\0' || g_strcmp0 (name, old) == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), old);
      return;
    }

  /* Names are unique: a refused name goes back to the old one. */
  bindery_library_set_name (self->library, name);
  if (!bindery_application_save_library (self->application, self->library, &error))
    {
      bindery_library_set_name (self->library, old);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), old);
      toast (self, error->message);
      return;
    }
  gtk_window_set_title (GTK_WINDOW (self), name);
  bindery_application_reload_libraries (self->application);
}

static void
update_missing (BinderyLibraryPreferences *self)
{
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  if (catalog != NULL)
    missing = bindery_catalog_list_missing_books (catalog, bindery_library_get_id (self->library), &error);
  if (missing == NULL || missing->len == 0)
    subtitle = g_strdup (_("No book is missing"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u book was not found at the last scan",
                                             "%u books were not found at the last scan", missing->len),
                                missing->len);
  adw_action_row_set_subtitle (self->missing_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->missing_button),
                            missing != NULL && missing->len > 0 && !bindery_application_is_read_only (self->application));
}

static void
remove_missing_response (AdwMessageDialog          *dialog,
                         const char                *response,
                         BinderyLibraryPreferences *self)
{
  BinderyCatalog *catalog = bindery_application_get_write_catalog (self->application);
  BinderyContext *context = bindery_application_get_context (self->application);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 removed;

  if (!g_str_equal (response, "remove") || catalog == NULL)
    return;

  removed = bindery_catalog_remove_missing_books (catalog, bindery_library_get_id (self->library),
                                                  bindery_context_get_thumbnail_dir (context), &error);
  if (removed < 0)
    {
      toast (self, error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u book removed", "%u books removed", (gulong) removed),
                          (guint) removed);
  toast (self, text);
  update_missing (self);
  bindery_application_flush_changes (self->application);
}

static void
on_remove_missing_clicked (BinderyLibraryPreferences *self)
{
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *scroller, *label;

  missing = catalog != NULL ? bindery_catalog_list_missing_books (catalog, bindery_library_get_id (self->library),
                                                                  &error)
                            : NULL;
  if (missing == NULL || missing->len == 0)
    {
      update_missing (self);
      return;
    }

  for (guint i = 0; i < missing->len; i++)
    {
      if (i > 0)
        g_string_append_c (list, '\n');
      g_string_append (list, g_ptr_array_index (missing, i));
    }

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u Missing Book?", "Remove %u Missing Books?",
                                          missing->len),
                             missing->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("These books were not found at the last scan. They leave the library with "
                                     "their metadata and covers. If they come back later, a scan adds them again."));
  label = gtk_label_new (list->str);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), MIN (24 * (int) missing->len, 200));
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_add_css_class (scroller, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_missing_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_library_response (AdwMessageDialog          *dialog,
                         const char                *response,
                         BinderyLibraryPreferences *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  if (!bindery_application_remove_library (self->application, bindery_library_get_id (self->library), &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_remove_library_clicked (BinderyLibraryPreferences *self)
{
  g_autofree char *heading = g_strdup_printf (_("Remove “%s”?"), bindery_library_get_name (self->library));
  g_autofree char *body = g_strdup_printf (_("Its series, books, covers and job history leave Bindery. "
                                             "The files in %s are not touched."),
                                           bindery_library_get_display_path (self->library));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_library_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_option_changed (BinderyLibraryPreferences *self,
                   GParamSpec                *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "scan-mode"))
    update_scan_mode_subtitle (self);
  else if (g_str_equal (name, "thumbnail-height"))
    update_size_row (self);
  else if (g_str_equal (name, "ignore"))
    rebuild_ignore_rows (self);
  save (self);
}

static void
bindery_library_preferences_dispose (GObject *object)
{
  BinderyLibraryPreferences *self = BINDERY_LIBRARY_PREFERENCES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BINDERY_TYPE_LIBRARY_PREFERENCES);
  g_clear_object (&self->library);
  g_clear_pointer (&self->ignore_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bindery_library_preferences_parent_class)->dispose (object);
}

static void
bindery_library_preferences_class_init (BinderyLibraryPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bindery_library_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bindery/Bindery/bindery-library-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, name_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, folder_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, pattern_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, scan_mode_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, deep_scan_switch);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, verify_data_switch);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, watch_switch);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, convert_after_scan_switch);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, delete_originals_switch);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, ignore_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, add_ignore_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, thumbnails_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, size_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, custom_size_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, height_spin);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, quality_spin);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, missing_row);
  gtk_widget_class_bind_template_child (widget_class, BinderyLibraryPreferences, missing_button);
  gtk_widget_class_bind_template_callback (widget_class, on_size_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_add_ignore_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_missing_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_library_clicked);
}

static void
bindery_library_preferences_init (BinderyLibraryPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->ignore_rows = g_ptr_array_new ();
}

BinderyLibraryPreferences *
bindery_library_preferences_new (BinderyApplication *application,
                                 BinderyLibrary     *library)
{
  static const char * const saved[] = {
    "notify::scan-mode", "notify::deep-scan", "notify::verify-data", "notify::ignore", "notify::thumbnails",
    "notify::thumbnail-height", "notify::thumbnail-quality", "notify::watch", "notify::convert-after-scan",
    "notify::delete-converted-originals",
  };
  const GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;
  BinderyLibraryPreferences *self;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BINDERY_IS_LIBRARY (library), NULL);

  self = g_object_new (BINDERY_TYPE_LIBRARY_PREFERENCES, NULL);
  self->application = application;
  self->library = g_object_ref (library);

  gtk_window_set_title (GTK_WINDOW (self), bindery_library_get_name (library));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), bindery_library_get_name (library));
  adw_action_row_set_subtitle (self->folder_row, bindery_library_get_display_path (library));
  adw_action_row_set_subtitle (self->pattern_row,
                               bindery_library_get_pattern (library) == BINDERY_LIBRARY_PATTERN_COLLECTION
                                 ? _("Each top-level folder is one series (chosen when the library was added)")
                                 : _("Every folder that holds books is a series (chosen when the library was added)"));

  g_object_bind_property (library, "scan-mode", self->scan_mode_row, "selected", flags);
  g_object_bind_property (library, "deep-scan", self->deep_scan_switch, "active", flags);
  g_object_bind_property (library, "verify-data", self->verify_data_switch, "active", flags);
  g_object_bind_property (library, "watch", self->watch_switch, "active", flags);
  g_object_bind_property (library, "convert-after-scan", self->convert_after_scan_switch, "active", flags);
  g_object_bind_property (library, "delete-converted-originals", self->delete_originals_switch, "active", flags);
  g_object_bind_property (library, "thumbnails", self->thumbnails_row, "enable-expansion", flags);
  g_object_bind_property (library, "thumbnail-height", gtk_spin_button_get_adjustment (self->height_spin), "value",
                          flags);
  g_object_bind_property (library, "thumbnail-quality", gtk_spin_button_get_adjustment (self->quality_spin), "value",
                          flags);
  update_scan_mode_subtitle (self);
  update_size_row (self);
  rebuild_ignore_rows (self);
  update_missing (self);

  /* Every option change goes to the catalog at once: the next scan reads it there. */
  for (guint i = 0; i < G_N_ELEMENTS (saved); i++)
    g_signal_connect_object (library, saved[i], G_CALLBACK (on_option_changed), self, G_CONNECT_SWAPPED);

  if (bindery_application_is_read_only (application))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      toast (self, bindery_application_get_problem (application));
    }

  return self;
}
