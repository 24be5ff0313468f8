/* bindery-book-details.c: one book: cover, metadata, file facts, status; open it, show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-toast.h"
#include "bindery-book-details.h"
#include "bindery-convert-job.h"
#include "bindery-cover-loader.h"
#include "bindery-scan-series-job.h"
#include "bindery-thumbnail-job.h"
#include "bindery-verify-job.h"

#define DETAILS_COVER_WIDTH  200
#define DETAILS_COVER_HEIGHT 300

struct _BinderyBookDetails
{
  AdwWindow            parent_instance;

  /* template */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkStack            *cover_stack;
  GtkPicture          *cover;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkLabel            *status_label;
  AdwPreferencesGroup *file_group;
  AdwPreferencesGroup *metadata_group;
  GtkWidget           *convert_button;

  /* borrowed */
  BinderyApplication  *application;

  /* owned */
  BinderyBookItem     *book;
  BinderyCoverLoader  *loader;
  GCancellable        *cancellable;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (BinderyBookDetails, bindery_book_details, ADW_TYPE_WINDOW)

/* ComicInfo / OPF fields shown, in order. */
static const struct {
  const char *key;
  const char *label;
} metadata_fields[] = {
  { "Series", N_("Series") },
  { "Number", N_("Number") },
  { "Volume", N_("Volume") },
  { "Count", N_("Issues in series") },
  { "StoryArc", N_("Story arc") },
  { "Writer", N_("Writers") },
  { "Penciller", N_("Pencillers") },
  { "Inker", N_("Inkers") },
  { "Colorist", N_("Colorists") },
  { "Letterer", N_("Letterers") },
  { "CoverArtist", N_("Cover artists") },
  { "Editor", N_("Editors") },
  { "Translator", N_("Translators") },
  { "Publisher", N_("Publisher") },
  { "Imprint", N_("Imprint") },
  { "Genre", N_("Genres") },
  { "Tags", N_("Tags") },
  { "Year", N_("Year") },
  { "LanguageISO", N_("Language") },
  { "Manga", N_("Manga") },
  { "AgeRating", N_("Age rating") },
  { "ISBN", N_("ISBN") },
  { "GTIN", N_("GTIN") },
  { "Web", N_("Web") },
  { "Summary", N_("Summary") },
};

static void
add_row (BinderyBookDetails  *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static char *
node_to_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element))
            continue;
          if (text->len > 0)
            g_string_append (text, ", ");
          if (json_node_get_value_type (element) == G_TYPE_STRING)
            g_string_append (text, json_node_get_string (element));
        }
      return g_string_free (text, text->len == 0);
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%g", json_node_get_double (node));
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  return NULL;
}

static void
cover_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BinderyBookDetails) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = bindery_cover_loader_load_finish (BINDERY_COVER_LOADER (source), result, &error);
  if (texture == NULL)
    return;
  gtk_picture_set_paintable (self->cover, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->cover_stack, "cover");
}

static void
update (BinderyBookDetails *self)
{
  BinderyBookItem *book = self->book;
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = g_format_size ((guint64) bindery_book_item_get_size (book));
  g_autofree char *pages = g_strdup_printf ("%d", bindery_book_item_get_page_count (book));
  g_autofree char *format = NULL;
  const char *status = bindery_book_item_get_status (book);
  const char *series = bindery_book_item_get_series_name (book);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  gtk_window_set_title (GTK_WINDOW (self), bindery_book_item_get_display_title (book));
  adw_window_title_set_title (self->window_title, bindery_book_item_get_display_title (book));
  gtk_label_set_label (self->title_label, bindery_book_item_get_display_title (book));
  if (series != NULL && bindery_book_item_get_number (book) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s #%s"), series, bindery_book_item_get_number (book));

      gtk_label_set_label (self->subtitle_label, text);
    }
  else
    {
      gtk_label_set_label (self->subtitle_label, series != NULL ? series : "");
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  if (g_strcmp0 (status, "error") == 0)
    {
      g_autofree char *text = g_strdup_printf (_("This book could not be read (%s): %s"),
                                               bindery_book_item_get_error_kind (book) != NULL
                                                 ? bindery_book_item_get_error_kind (book) : _("unknown"),
                                               bindery_book_item_get_error_message (book) != NULL
                                                 ? bindery_book_item_get_error_message (book) : "");

      gtk_label_set_label (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else if (g_strcmp0 (status, "missing") == 0)
    {
      gtk_label_set_label (self->status_label, _("The file is missing. It was moved, renamed or deleted "
                                                 "since the last scan."));
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), g_strcmp0 (status, "ready") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.open", g_strcmp0 (status, "missing") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.show-in-files", g_strcmp0 (status, "missing") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.rescan",
                                 !bindery_application_is_read_only (self->application));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.regenerate-cover",
                                 !bindery_application_is_read_only (self->application) &&
                                   g_strcmp0 (status, "ready") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.verify",
                                 !bindery_application_is_read_only (self->application) &&
                                   g_strcmp0 (status, "missing") != 0);
  /* Convert: a RAR or 7z book that is there and can be read; not while read-only. */
  {
    const char *kind = bindery_book_item_get_error_kind (book);
    gboolean convertible = (g_strcmp0 (bindery_book_item_get_format (book), "rar") == 0 ||
                            g_strcmp0 (bindery_book_item_get_format (book), "7z") == 0) &&
                           g_strcmp0 (status, "missing") != 0 &&
                           g_strcmp0 (kind, "encrypted") != 0 && g_strcmp0 (kind, "corrupt") != 0;

    gtk_widget_set_visible (self->convert_button, convertible);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.convert",
                                   convertible && !bindery_application_is_read_only (self->application));
  }

  add_row (self, self->file_group, _("Location"), bindery_book_item_get_display_path (book));
  format = bindery_book_item_get_format (book) != NULL ? g_ascii_strup (bindery_book_item_get_format (book), -1) : NULL;
  if (format != NULL)
    add_row (self, self->file_group, _("Format"), format);
  add_row (self, self->file_group, _("Size"), size);
  if (bindery_book_item_get_page_count (book) > 0)
    add_row (self, self->file_group, _("Pages"), pages);
  if (bindery_book_item_get_added_at (book) > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (bindery_book_item_get_added_at (book) / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      g_autofree char *added = local != NULL ? g_date_time_format (local, "%x") : NULL;

      if (added != NULL)
        add_row (self, self->file_group, _("Added"), added);
    }
  if (bindery_book_item_get_metadata_error (book) != NULL)
    add_row (self, self->file_group, _("Metadata problem"), bindery_book_item_get_metadata_error (book));

  if (catalog != NULL)
    metadata = bindery_book_item_load_metadata (book, catalog, &error);
  if (error != NULL)
    g_debug ("No metadata for book %" G_GINT64_FORMAT ": %s", bindery_book_item_get_id (book), error->message);
  for (guint i = 0; metadata != NULL && i < G_N_ELEMENTS (metadata_fields); i++)
    {
      JsonNode *node = json_object_get_member (metadata, metadata_fields[i].key);
      g_autofree char *text = node != NULL ? node_to_text (node) : NULL;

      if (text != NULL && text[0] != '\0')
        add_row (self, self->metadata_group, _(metadata_fields[i].label), text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->metadata_group), metadata != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (bindery_book_item_get_thumbnail (book) != NULL && self->loader != NULL)
    {
      self->cancellable = g_cancellable_new ();
      bindery_cover_loader_load_async (self->loader, bindery_book_item_get_thumbnail (book),
                                       DETAILS_COVER_HEIGHT * gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                       self->cancellable, cover_loaded, g_object_ref (self));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->cover_stack, "placeholder");
    }
}

static void
toast (BinderyBookDetails *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, bindery_toast_new (text));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BinderyBookDetails *self = BINDERY_BOOK_DETAILS (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (bindery_book_item_get_path (self->book), NULL, &error);

  if (uri == NULL)
    {
      toast (self, error->message);
      return;
    }
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
show_items_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BinderyBookDetails) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      /* No file manager on the bus: open the folder instead. */
      g_autofree char *folder = g_path_get_dirname (bindery_book_item_get_path (self->book));
      g_autofree char *uri = g_filename_to_uri (folder, NULL, NULL);

      g_debug ("FileManager1.ShowItems failed: %s", error->message);
      if (uri != NULL)
        gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
    }
}

static void
show_in_files_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BinderyBookDetails *self = BINDERY_BOOK_DETAILS (widget);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (bindery_book_item_get_path (self->book), NULL, &error);
  const char *uris[] = { uri, NULL };

  if (uri == NULL)
    {
      toast (self, error->message);
      return;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      toast (self, error->message);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE,
                          5000, NULL, show_items_done, g_object_ref (self));
}

static char *
series_rel_path (BinderyBookDetails *self)
{
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  char *path = NULL;

  if (catalog == NULL)
    return NULL;
  stmt = bindery_catalog_prepare (catalog, "SELECT rel_path FROM series WHERE id = ?", &error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, bindery_book_item_get_series_id (self->book));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    path = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return path;
}

static void
rescan_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BinderyBookDetails *self = BINDERY_BOOK_DETAILS (widget);
  g_autofree char *series = series_rel_path (self);
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) queued = NULL;

  if (series != NULL)
    job = bindery_scan_series_job_new (bindery_book_item_get_library_id (self->book), series, NULL);
  else
    job = bindery_scan_job_new (bindery_book_item_get_library_id (self->book), NULL);
  queued = bindery_application_push_job (self->application, job);
  toast (self, queued != NULL ? _("Rescanning the series") : _("The library is read-only"));
}

static void
regenerate_cover_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BinderyBookDetails *self = BINDERY_BOOK_DETAILS (widget);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 id = bindery_book_item_get_id (self->book);
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) queued = NULL;

  g_array_append_val (ids, id);
  job = bindery_thumbnail_job_new_for_books (bindery_book_item_get_library_id (self->book), ids, TRUE);
  queued = bindery_application_push_job (self->application, job);
  toast (self, queued != NULL ? _("Making the cover again") : _("The library is read-only"));
}

/* Verify Files on one book: read again even when it was verified before. */
static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BinderyBookDetails *self = BINDERY_BOOK_DETAILS (widget);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 id = bindery_book_item_get_id (self->book);
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) queued = NULL;

  g_array_append_val (ids, id);
  job = bindery_verify_job_new_for_books (bindery_book_item_get_library_id (self->book), ids, TRUE);
  queued = bindery_application_push_job (self->application, job);
  toast (self, queued != NULL ? _("Verifying the book’s files") : _("The library is read-only"));
}

static void
convert_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BinderyBookDetails *self = BINDERY_BOOK_DETAILS (widget);
  gint64 id = bindery_book_item_get_id (self->book);
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) queued = NULL;

  job = bindery_convert_job_new_for_books (bindery_book_item_get_library_id (self->book), &id, 1);
  queued = bindery_application_push_job (self->application, job);
  toast (self, queued != NULL ? _("Converting to CBZ") : _("The library is read-only"));
}

static void
bindery_book_details_dispose (GObject *object)
{
  BinderyBookDetails *self = BINDERY_BOOK_DETAILS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BINDERY_TYPE_BOOK_DETAILS);
  g_clear_object (&self->book);
  g_clear_object (&self->loader);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (bindery_book_details_parent_class)->dispose (object);
}

static void
bindery_book_details_class_init (BinderyBookDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bindery_book_details_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bindery/Bindery/bindery-book-details.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, window_title);
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, cover_stack);
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, cover);
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, status_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, file_group);
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, metadata_group);
  gtk_widget_class_bind_template_child (widget_class, BinderyBookDetails, convert_button);

  gtk_widget_class_install_action (widget_class, "details.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "details.show-in-files", NULL, show_in_files_action);
  gtk_widget_class_install_action (widget_class, "details.rescan", NULL, rescan_action);
  gtk_widget_class_install_action (widget_class, "details.regenerate-cover", NULL, regenerate_cover_action);
  gtk_widget_class_install_action (widget_class, "details.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "details.convert", NULL, convert_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bindery_book_details_init (BinderyBookDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  gtk_widget_set_size_request (GTK_WIDGET (self->cover_stack), DETAILS_COVER_WIDTH, DETAILS_COVER_HEIGHT);
}

BinderyBookDetails *
bindery_book_details_new (BinderyApplication *application,
                          BinderyBookItem    *book)
{
  BinderyBookDetails *self;
  BinderyContext *context;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BINDERY_IS_BOOK_ITEM (book), NULL);

  self = g_object_new (BINDERY_TYPE_BOOK_DETAILS, NULL);
  self->application = application;
  self->book = g_object_ref (book);
  context = bindery_application_get_context (application);
  if (context != NULL)
    self->loader = bindery_cover_loader_new (bindery_context_get_thumbnail_dir (context), 1, 1);

  /* The item is the one the gallery shows: it is refreshed in place after a rescan or a
   * new cover. */
  g_signal_connect_object (book, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);

  return self;
}

BinderyBookItem *
bindery_book_details_get_book (BinderyBookDetails *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_DETAILS (self), NULL);
  return self->book;
}
