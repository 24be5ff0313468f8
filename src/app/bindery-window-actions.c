/* bindery-window-actions.c: the window's actions (win.*), dialogs and toasts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-toast.h"
#include "bindery-book-details.h"
#include "bindery-cover-cell.h"
#include "bindery-job-window.h"
#include "bindery-library-preferences.h"
#include "bindery-convert-books.h"
#include "bindery-convert-job.h"
#include "bindery-thumbnail-job.h"
#include "bindery-verify-job.h"
#include "bindery-window-private.h"

static void
add_folder_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(BinderyWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL)
        bindery_window_add_folder (self, folder);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_folder_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  BinderyWindow *self = user_data;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Add Folder"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (add_folder_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
rescan_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  BinderyWindow *self = user_data;
  BinderyLibrary *library = bindery_window_get_current_library (self);
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(GError) error = NULL;

  if (library == NULL)
    {
      bindery_application_scan_all (self->application);
      return;
    }
  job = bindery_application_scan_library (self->application, bindery_library_get_id (library), NULL, &error);
  if (job == NULL)
    bindery_window_show_toast (self, bindery_toast_new (error->message));
}

static void
regenerate_covers_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  BinderyWindow *self = user_data;
  BinderyLibrary *library = bindery_window_get_current_library (self);
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) queued = NULL;

  if (library == NULL)
    return;
  job = bindery_thumbnail_job_new_for_library (bindery_library_get_id (library), TRUE);
  queued = bindery_application_push_job (self->application, job);
}

/* Verify Files: every entry of every book of the library (or of the series shown) is read;
 * books verified before and unchanged since are skipped. */
static void
verify_files_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  BinderyWindow *self = user_data;
  BinderyLibrary *library = bindery_window_get_current_library (self);
  gboolean series = g_str_equal (g_action_get_name (G_ACTION (action)), "verify-series");
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) queued = NULL;

  if (library == NULL || (series && self->series_id <= 0))
    return;
  if (series)
    job = bindery_verify_job_new_for_series (bindery_library_get_id (library), self->series_id, FALSE);
  else
    job = bindery_verify_job_new_for_library (bindery_library_get_id (library), FALSE);
  queued = bindery_application_push_job (self->application, job);
  bindery_window_show_toast (self, bindery_toast_new (queued != NULL ? _("Verifying files")
                                                                    : _("The library is read-only")));
}

/* The series shown, else the library shown. */
static BinderyJob *
convert_job_for_view (BinderyWindow *self)
{
  BinderyLibrary *library = bindery_window_get_current_library (self);

  if (library == NULL)
    return NULL;
  if (self->series_id > 0)
    return bindery_convert_job_new_for_series (bindery_library_get_id (library), self->series_id);
  return bindery_convert_job_new_for_library (bindery_library_get_id (library));
}

static void
convert_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  BinderyWindow *self = user_data;
  g_autoptr(BinderyJob) job = convert_job_for_view (self);
  g_autoptr(BinderyJob) queued = NULL;

  if (job == NULL)
    return;
  queued = bindery_application_push_job (self->application, job);
  bindery_window_show_toast (self, bindery_toast_new (queued != NULL ? _("Converting to CBZ")
                                                                     : _("The library is read-only")));
}

/* Whether the series or library shown has a RAR or 7z book to convert. */
static gboolean
view_has_convertible_books (BinderyWindow *self)
{
  BinderyLibrary *library = bindery_window_get_current_library (self);
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;

  if (library == NULL)
    return FALSE;
  if (self->series_id > 0)
    target = g_strdup_printf ("series:%" G_GINT64_FORMAT, self->series_id);
  return bindery_convert_count_convertible (bindery_application_get_catalog (self->application),
                                            bindery_library_get_id (library), target, &error) > 0;
}

static void
library_settings_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  BinderyWindow *self = user_data;
  BinderyLibrary *library = bindery_window_get_current_library (self);
  BinderyLibraryPreferences *prefs;

  if (library == NULL)
    return;
  prefs = bindery_library_preferences_new (self->application, library);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
remove_library_response (AdwMessageDialog *dialog,
                         const char       *response,
                         BinderyWindow    *self)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "library-id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  if (!bindery_application_remove_library (self->application, id, &error))
    bindery_window_show_toast (self, bindery_toast_new (error->message));
}

static void
remove_library_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  BinderyWindow *self = user_data;
  BinderyLibrary *library = bindery_window_get_current_library (self);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (library == NULL)
    return;

  heading = g_strdup_printf (_("Remove “%s”?"), bindery_library_get_name (library));
  body = g_strdup_printf (_("Its series, books, covers and job history leave Bindery. "
                            "The files in %s are not touched."),
                          bindery_library_get_display_path (library));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "library-id", GSIZE_TO_POINTER ((gsize) bindery_library_get_id (library)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_library_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  BinderyWindow *self = user_data;

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  bindery_window_go_back (BINDERY_WINDOW (user_data));
}

static void
sort_change_state (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       user_data)
{
  BinderyWindow *self = user_data;
  const char *sort = g_variant_get_string (value, NULL);

  if (g_str_equal (sort, "number"))
    self->sort = BINDERY_BOOK_SORT_NUMBER;
  else if (g_str_equal (sort, "date-added"))
    self->sort = BINDERY_BOOK_SORT_DATE_ADDED;
  else
    self->sort = BINDERY_BOOK_SORT_NAME;
  g_simple_action_set_state (action, value);
  bindery_window_reload (self);
}

static void
status_filter_change_state (GSimpleAction *action,
                            GVariant      *value,
                            gpointer       user_data)
{
  BinderyWindow *self = user_data;
  const char *filter = g_variant_get_string (value, NULL);

  if (g_str_equal (filter, "problems"))
    self->status_filter = BINDERY_STATUS_FILTER_PROBLEMS;
  else if (g_str_equal (filter, "missing"))
    self->status_filter = BINDERY_STATUS_FILTER_MISSING;
  else if (g_str_equal (filter, "error"))
    self->status_filter = BINDERY_STATUS_FILTER_ERROR;
  else
    self->status_filter = BINDERY_STATUS_FILTER_ANY;
  g_simple_action_set_state (action, value);
  bindery_window_reload (self);
}

static void
show_job_log_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  bindery_window_open_job (BINDERY_WINDOW (user_data), g_variant_get_int64 (parameter), NULL, TRUE);
}

static void
show_view_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  BinderyWindow *self = user_data;
  const char *view = g_variant_get_string (parameter, NULL);
  GtkWidget *child;

  /* The sidebar row of the view: selecting it shows it. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *name = g_object_get_data (G_OBJECT (child), "view-name");

      if (name != NULL && g_str_equal (name, view))
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
}

/* Scrolls the gallery to a fraction of its height (0 … 1): for benchmarks and tests that
 * drive the app from outside; not in any menu. */
static void
scroll_gallery_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  BinderyWindow *self = user_data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->grid_view));
  double fraction = CLAMP (g_variant_get_double (parameter), 0.0, 1.0);

  gtk_adjustment_set_value (adjustment,
                            fraction * (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment)));
}

/* The id of a gallery item (a series or a book), 0 for anything else. */
static gint64
gallery_item_id (GObject *item)
{
  if (BINDERY_IS_SERIES_ITEM (item))
    return bindery_series_item_get_id (BINDERY_SERIES_ITEM (item));
  if (BINDERY_IS_BOOK_ITEM (item))
    return bindery_book_item_get_id (BINDERY_BOOK_ITEM (item));
  return 0;
}

/* Counts the gallery's cards on screen (at least partly) and those of them that show
 * their cover, and says whether the last item is among them; its state is (cards,
 * covers, last shown). For benchmarks and tests that drive the app from outside
 * (build-aux/bench covers): activating it looks again; not in any menu. */
static void
count_covers_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  BinderyWindow *self = user_data;
  GtkWidget *grid = GTK_WIDGET (self->grid_view);
  GListModel *model = bindery_window_get_gallery_model (self);
  guint n_items = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_autoptr(GObject) last = n_items > 0 ? g_list_model_get_item (model, n_items - 1) : NULL;
  gint64 last_id = last != NULL ? gallery_item_id (last) : 0;
  int height = gtk_widget_get_height (grid);
  guint cards = 0, covers = 0;
  gboolean last_shown = FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);
      GObject *item;
      graphene_rect_t bounds;

      if (!BINDERY_IS_COVER_CELL (cell) || !gtk_widget_get_mapped (cell) ||
          (item = bindery_cover_cell_get_item (BINDERY_COVER_CELL (cell))) == NULL ||
          !gtk_widget_compute_bounds (cell, grid, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;
      cards++;
      covers += bindery_cover_cell_has_cover (BINDERY_COVER_CELL (cell));
      if (last_id > 0 && gallery_item_id (item) == last_id)
        last_shown = TRUE;
    }
  g_simple_action_set_state (action, g_variant_new ("(uub)", cards, covers, last_shown));
}

static void
show_book_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  BinderyWindow *self = user_data;
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(BinderyBookItem) book = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  if (catalog == NULL)
    return;
  /* The gallery's own item when it shows the book, so both follow changes together. */
  if (bindery_paged_list_find (BINDERY_PAGED_LIST (self->book_list), id, &position))
    book = g_list_model_get_item (G_LIST_MODEL (self->book_list), position);
  else
    book = bindery_book_item_load (catalog, id, &error);
  if (book == NULL)
    {
      bindery_window_show_toast (self, bindery_toast_new (error->message));
      return;
    }
  bindery_window_open_book (self, book);
}

static const GActionEntry win_actions[] = {
  { "show-book", show_book_action, "x" },
  { "scroll-gallery", scroll_gallery_action, "d" },
  { "count-covers", count_covers_action, NULL, "(uint32 0, uint32 0, false)" },
  { "show-view", show_view_action, "s" },
  { "add-folder", add_folder_action },
  { "rescan", rescan_action },
  { "regenerate-covers", regenerate_covers_action },
  { "verify-files", verify_files_action },
  { "verify-series", verify_files_action },
  { "convert", convert_action },
  { "library-settings", library_settings_action },
  { "remove-library", remove_library_action },
  { "search", search_action },
  { "back", back_action },
  { "sort", NULL, "s", "'name'", sort_change_state },
  { "status-filter", NULL, "s", "'all'", status_filter_change_state },
  { "show-job-log", show_job_log_action, "x" },
};

void
bindery_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

void
bindery_window_init_actions (BinderyWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
}

static void
set_enabled (BinderyWindow *self,
             const char    *name,
             gboolean       enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
bindery_window_update_actions (BinderyWindow *self)
{
  gboolean writable = !bindery_application_is_read_only (self->application);
  gboolean has_library = bindery_window_get_current_library (self) != NULL;
  gboolean any_library = g_list_model_get_n_items (bindery_application_get_libraries (self->application)) > 0;

  set_enabled (self, "add-folder", writable);
  set_enabled (self, "rescan", writable && any_library);
  set_enabled (self, "regenerate-covers", writable && has_library);
  set_enabled (self, "verify-files", writable && has_library);
  set_enabled (self, "verify-series", writable && has_library && self->series_id > 0);
  /* Hidden in the menu when disabled: shown only where there is something to convert. */
  set_enabled (self, "convert", writable && has_library && view_has_convertible_books (self));
  set_enabled (self, "library-settings", writable && has_library);
  set_enabled (self, "remove-library", writable && has_library);
  set_enabled (self, "back", self->series_id > 0 || self->facet_value != NULL || adw_leaflet_get_folded (self->leaflet));
}

void
bindery_window_open_job (BinderyWindow *self,
                         gint64         job_id,
                         BinderyJob    *job,
                         gboolean       show_log)
{
  BinderyJobWindow *window = bindery_job_window_new (bindery_application_get_catalog (self->application), job_id, job);

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  if (show_log)
    bindery_job_window_show_log (window, BINDERY_LOG_WARNING);
  gtk_window_present (GTK_WINDOW (window));
}

void
bindery_window_open_book (BinderyWindow   *self,
                          BinderyBookItem *book)
{
  BinderyBookDetails *details = bindery_book_details_new (self->application, book);

  gtk_window_set_transient_for (GTK_WINDOW (details), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (details));
}

static gint64
report_count (JsonObject *report,
              const char *key)
{
  if (report == NULL || !json_object_has_member (report, key))
    return 0;
  return json_object_get_int_member_with_default (report, key, 0);
}

void
bindery_window_job_finished (BinderyWindow *self,
                             BinderyJob    *job)
{
  g_autoptr(JsonObject) report = bindery_job_dup_report (job);
  g_autofree char *title = NULL;
  gint64 unread = report_count (report, "errored");
  gint64 no_cover = report_count (report, "failed");
  AdwToast *toast;

  if (bindery_job_get_state (job) == BINDERY_JOB_STATE_FAILED)
    {
      const char *error = bindery_job_get_error_message (job);

      title = g_strdup_printf (_("%s failed: %s"), bindery_job_get_title (job),
                               error != NULL ? error : _("unknown error"));
    }
  else if (unread > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, unread);

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s book could not be read",
                                            "%s books could not be read", (gulong) unread),
                               count);
    }
  else if (no_cover > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, no_cover);

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s cover could not be made",
                                            "%s covers could not be made", (gulong) no_cover),
                               count);
    }
  else
    {
      return;
    }

  toast = bindery_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("Show _Log"));
  adw_toast_set_action_name (toast, "win.show-job-log");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (bindery_job_get_id (job)));
  bindery_window_show_toast (self, toast);
}
