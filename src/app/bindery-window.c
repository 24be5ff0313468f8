/* bindery-window.c: the main window: libraries, cover gallery, jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar lists the views (all series, all books), the libraries and the metadata
 * facets to browse by. The content is a GtkGridView over the lazy catalog lists of
 * libbindery-core (BinderySeriesList, BinderyBookList): search, sort and filters are
 * pushed down into their SQL, and catalog changes announced by jobs reload them
 * (coalesced by the application).
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-toast.h"
#include "bindery-cover-cell.h"
#include "bindery-jobs-panel.h"
#include "bindery-library-row.h"
#include "bindery-window-private.h"

G_DEFINE_FINAL_TYPE (BinderyWindow, bindery_window, ADW_TYPE_APPLICATION_WINDOW)

#define COVER_CACHE_SIZE   200
#define COVER_THREADS      2
/* A gallery cell: the cover, its margins and the grid child's padding (style.css). */
#define CELL_WIDTH         (BINDERY_COVER_WIDTH + 2 * 6 + 2 * 6)
/* Deferred work waits at most this long for a frame (a hidden window paints none). */
#define DEFER_TIMEOUT_MS   1000

static void
on_sidebar_row_selected (BinderyWindow *self,
                         GtkListBoxRow *row)
{
  if (row == NULL || self->rebuilding_sidebar)
    return;

  switch (bindery_window_row_kind (row))
    {
    case ROW_ALL_SERIES:
      self->source = SOURCE_ALL_SERIES;
      break;
    case ROW_ALL_BOOKS:
      self->source = SOURCE_ALL_BOOKS;
      break;
    case ROW_LIBRARY:
      self->source = SOURCE_LIBRARY;
      self->library_id = bindery_library_get_id (bindery_library_row_get_library (BINDERY_LIBRARY_ROW (row)));
      break;
    case ROW_FACET:
    default:
      self->source = SOURCE_FACET;
      self->facet = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "facet"));
      break;
    }
  self->series_id = 0;
  g_clear_pointer (&self->series_name, g_free);
  g_clear_pointer (&self->facet_value, g_free);
  bindery_window_reload (self);
}

static void
on_sidebar_row_activated (BinderyWindow *self,
                          GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

BinderyLibrary *
bindery_window_get_current_library (BinderyWindow *self)
{
  if (self->source != SOURCE_LIBRARY)
    return NULL;
  return bindery_application_find_library (self->application, self->library_id);
}

/* --- the gallery -------------------------------------------------------------------- */

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            BinderyWindow            *self)
{
  gtk_list_item_set_child (list_item, bindery_cover_cell_new (self->cover_loader));
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           BinderyWindow            *self)
{
  bindery_cover_cell_set_item (BINDERY_COVER_CELL (gtk_list_item_get_child (list_item)),
                               gtk_list_item_get_item (list_item));
  if (self->cover_priority != NULL)
    bindery_cover_priority_bind (self->cover_priority, list_item);
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BinderyWindow            *self)
{
  /* Cancels the cover load of a cell scrolled away before its cover arrived. */
  bindery_cover_cell_set_item (BINDERY_COVER_CELL (gtk_list_item_get_child (list_item)), NULL);
  /* The grid may outlive the window's dispose for a while. */
  if (self->cover_priority != NULL)
    bindery_cover_priority_unbind (self->cover_priority, list_item);
}

static gboolean
showing_books (BinderyWindow *self)
{
  return self->series_id > 0 || self->facet_value != NULL || self->source == SOURCE_ALL_BOOKS;
}

static gboolean
showing_facets (BinderyWindow *self)
{
  return self->source == SOURCE_FACET && self->facet_value == NULL;
}

static gboolean
source_is_busy (BinderyWindow *self)
{
  BinderyJobQueue *queue = bindery_application_get_queue (self->application);
  GListModel *active;
  guint n;

  if (queue == NULL)
    return FALSE;
  active = bindery_job_queue_get_active (queue);
  n = g_list_model_get_n_items (active);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyJob) job = g_list_model_get_item (active, i);

      if (self->source != SOURCE_LIBRARY || bindery_job_get_library_id (job) == self->library_id)
        return TRUE;
    }
  return FALSE;
}

static void
show_page (BinderyWindow *self,
           const char    *page,
           guint          n_items)
{
  gboolean scanning = g_str_equal (page, "scanning");

  gtk_stack_set_visible_child_name (self->view_stack, page);
  gtk_spinner_set_spinning (self->scanning_spinner, scanning);
  bindery_application_set_view_state (self->application,
                                      showing_facets (self) ? "facets" : showing_books (self) ? "books" : "series",
                                      g_str_equal (page, "grid") || g_str_equal (page, "facets") ? n_items : 0);
  /* The next frame shows it (after_paint). */
  self->paint_pending = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self->view_stack));
}

static void
update_title (BinderyWindow *self,
              guint          n_items)
{
  BinderyLibrary *library = bindery_window_get_current_library (self);
  g_autofree char *count = g_strdup_printf ("%'u", n_items);
  g_autofree char *subtitle = NULL;
  const char *title;

  if (self->series_name != NULL)
    title = self->series_name;
  else if (self->facet_value != NULL)
    title = self->facet_value;
  else if (self->source == SOURCE_FACET)
    title = bindery_window_facet_label (self->facet);
  else if (library != NULL)
    title = bindery_library_get_name (library);
  else if (self->source == SOURCE_ALL_BOOKS)
    title = _("All Books");
  else
    title = _("All Series");

  if (showing_facets (self))
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s value", "%s values", n_items), count);
  else if (showing_books (self))
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s book", "%s books", n_items), count);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s series", "%s series", n_items), count);

  adw_window_title_set_title (self->view_title, title);
  adw_window_title_set_subtitle (self->view_title, subtitle);
}

static void
update_chrome (BinderyWindow *self)
{
  gboolean drilled = self->series_id > 0 || self->facet_value != NULL;
  gboolean browsable = bindery_application_is_usable (self->application) &&
                       g_list_model_get_n_items (bindery_application_get_libraries (self->application)) > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), drilled || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_set_visible (GTK_WIDGET (self->library_button), bindery_window_get_current_library (self) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->view_button), browsable && !showing_facets (self));
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), browsable);
  if (!browsable)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  bindery_window_update_actions (self);
}

/* At most how many cards the gallery shows at once: the columns on_gallery_width()
 * allows by the rows of covers that fit, each one more, in the window or, before it has a
 * size, the size it opens at (the largest monitor's when it opens maximized). */
static guint
first_screen_items (BinderyWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if ((width <= 0 || height <= 0) && !gtk_window_is_maximized (GTK_WINDOW (self)) &&
      !gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width <= 0 || height <= 0)
    {
      GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));

      width = height = 0;
      for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
        {
          g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
          GdkRectangle geometry;

          gdk_monitor_get_geometry (monitor, &geometry);
          width = MAX (width, geometry.width);
          height = MAX (height, geometry.height);
        }
    }
  if (width <= 0 || height <= 0)
    return G_MAXUINT;
  return CLAMP ((guint) width / CELL_WIDTH + 1, 2, 16) * ((guint) height / BINDERY_COVER_HEIGHT + 1);
}

/* A new model for the gallery: its first frame makes the cards of one screenful, not the
 * ~30 rows GtkGridView (4.8) keeps alive (at 100,000 books, some 50 ms of cells built,
 * bound and laid out before the window's first frame); the rest come in the next frame. */
static void
stage_gallery (BinderyWindow     *self,
               GtkSliceListModel *slice)
{
  gtk_slice_list_model_set_size (slice, first_screen_items (self));
  bindery_window_defer (self);
}

static void
run_deferred (BinderyWindow *self)
{
  g_clear_handle_id (&self->deferred_source, g_source_remove);
  /* whichever was staged (a slice already whole is left as it is) */
  gtk_slice_list_model_set_size (self->series_slice, G_MAXUINT);
  gtk_slice_list_model_set_size (self->book_slice, G_MAXUINT);
  if (self->counts_pending)
    {
      self->counts_pending = FALSE;
      bindery_window_count_libraries (self);
    }
  if (self->history_pending)
    {
      self->history_pending = FALSE;
      bindery_jobs_panel_reload_history (BINDERY_JOBS_PANEL (self->jobs_panel));
    }
}

static gboolean
deferred_timeout (gpointer data)
{
  BinderyWindow *self = data;

  self->deferred_source = 0;
  run_deferred (self);
  return G_SOURCE_REMOVE;
}

void
bindery_window_defer (BinderyWindow *self)
{
  if (self->deferred_source == 0)
    self->deferred_source = g_timeout_add (DEFER_TIMEOUT_MS, deferred_timeout, self);
}

void
bindery_window_reload (BinderyWindow *self)
{
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  g_autoptr(GError) error = NULL;
  GListModel *shown = NULL;
  guint n_items = 0;
  gboolean filtered = self->search != NULL || self->status_filter != BINDERY_STATUS_FILTER_ANY;
  gint64 start = g_get_monotonic_time ();

  update_chrome (self);

  if (!bindery_application_is_usable (self->application) || catalog == NULL)
    {
      adw_status_page_set_description (self->problem_page, bindery_application_get_problem (self->application));
      update_title (self, 0);
      show_page (self, "problem", 0);
      return;
    }

  if (g_list_model_get_n_items (bindery_application_get_libraries (self->application)) == 0)
    {
      adw_window_title_set_title (self->view_title, _("Bindery"));
      adw_window_title_set_subtitle (self->view_title, NULL);
      show_page (self, "empty", 0);
      return;
    }

  if (showing_facets (self))
    {
      bindery_facet_list_set_facet (self->facet_list, self->facet);
      bindery_facet_list_set_library_id (self->facet_list, 0);
      gtk_string_filter_set_search (self->facet_filter, self->search);
      if (!bindery_facet_list_reload (self->facet_list, &error))
        g_debug ("Could not list %s: %s", bindery_facet_to_string (self->facet), error->message);
      shown = G_LIST_MODEL (self->facet_selection);
    }
  else if (showing_books (self))
    {
      bindery_book_list_set_library_id (self->book_list, self->source == SOURCE_LIBRARY ? self->library_id : 0);
      bindery_book_list_set_series_id (self->book_list, self->series_id);
      bindery_book_list_set_facet (self->book_list, self->facet_value != NULL ? self->facet : BINDERY_FACET_NONE,
                                   self->facet_value);
      bindery_book_list_set_search (self->book_list, self->search);
      bindery_book_list_set_sort (self->book_list,
                                  self->series_id > 0 && self->sort == BINDERY_BOOK_SORT_NAME
                                    ? BINDERY_BOOK_SORT_NAME : self->sort);
      bindery_book_list_set_status_filter (self->book_list, self->status_filter);
      if (!bindery_paged_list_reload (BINDERY_PAGED_LIST (self->book_list), &error))
        g_debug ("Could not list books: %s", error->message);
      shown = G_LIST_MODEL (self->book_selection);
    }
  else
    {
      bindery_series_list_set_library_id (self->series_list, self->source == SOURCE_LIBRARY ? self->library_id : 0);
      bindery_series_list_set_search (self->series_list, self->search);
      bindery_series_list_set_sort (self->series_list, self->sort == BINDERY_BOOK_SORT_DATE_ADDED
                                                         ? BINDERY_SERIES_SORT_DATE_ADDED : BINDERY_SERIES_SORT_NAME);
      bindery_series_list_set_status_filter (self->series_list, self->status_filter);
      if (!bindery_paged_list_reload (BINDERY_PAGED_LIST (self->series_list), &error))
        g_debug ("Could not list series: %s", error->message);
      shown = G_LIST_MODEL (self->series_selection);
    }

  /* the whole list, whatever the first frame shows of it */
  n_items = g_list_model_get_n_items (showing_facets (self) ? shown : bindery_window_get_gallery_model (self));
  g_debug ("Listed %u items in %.1f ms", n_items, (g_get_monotonic_time () - start) / 1000.0);
  update_title (self, n_items);

  if (showing_facets (self))
    {
      if (gtk_list_view_get_model (self->facet_view) != GTK_SELECTION_MODEL (shown))
        gtk_list_view_set_model (self->facet_view, GTK_SELECTION_MODEL (shown));
    }
  else if (gtk_grid_view_get_model (self->grid_view) != GTK_SELECTION_MODEL (shown))
    {
      stage_gallery (self, showing_books (self) ? self->book_slice : self->series_slice);
      gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (shown));
    }

  if (n_items > 0)
    {
      show_page (self, showing_facets (self) ? "facets" : "grid", n_items);
      g_debug ("Showed %u items in %.1f ms", n_items, (g_get_monotonic_time () - start) / 1000.0);
    }
  else if (filtered)
    {
      adw_status_page_set_icon_name (self->no_results_page, "edit-find-symbolic");
      adw_status_page_set_title (self->no_results_page, _("No Results"));
      adw_status_page_set_description (self->no_results_page, _("Try a different search or filter."));
      show_page (self, "no-results", 0);
    }
  else if (source_is_busy (self))
    {
      show_page (self, "scanning", 0);
    }
  else if (bindery_window_get_current_library (self) != NULL &&
           g_strcmp0 (bindery_library_get_state (bindery_window_get_current_library (self)), "unavailable") == 0)
    {
      g_autofree char *description =
        g_strdup_printf (_("The folder %s cannot be found. If it is on a drive that is not connected, "
                           "connect it and try again. Nothing was removed from the library."),
                         bindery_library_get_display_path (bindery_window_get_current_library (self)));

      adw_status_page_set_description (self->unavailable_page, description);
      show_page (self, "unavailable", 0);
    }
  else
    {
      adw_status_page_set_icon_name (self->no_results_page,
                                     showing_facets (self) ? bindery_window_facet_icon (self->facet) : "bindery-book-symbolic");
      adw_status_page_set_title (self->no_results_page, showing_facets (self) ? _("Nothing to Browse Yet")
                                                                              : _("No Books Here"));
      adw_status_page_set_description (self->no_results_page,
                                       showing_facets (self)
                                         ? _("None of the books has this information in its metadata.")
                                         : _("No books were found here. Books in folders Bindery ignores, "
                                             "and files it does not read, do not show."));
      show_page (self, "no-results", 0);
    }
}

void
bindery_window_go_back (BinderyWindow *self)
{
  if (self->facet_value != NULL)
    {
      g_clear_pointer (&self->facet_value, g_free);
      bindery_window_reload (self);
    }
  else if (self->series_id > 0)
    {
      self->series_id = 0;
      g_clear_pointer (&self->series_name, g_free);
      bindery_window_reload (self);
    }
  else
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
    }
}

static void
on_grid_activate (BinderyWindow *self,
                  guint          position)
{
  GListModel *model = G_LIST_MODEL (gtk_grid_view_get_model (self->grid_view));
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  if (BINDERY_IS_SERIES_ITEM (item))
    {
      self->series_id = bindery_series_item_get_id (BINDERY_SERIES_ITEM (item));
      g_free (self->series_name);
      self->series_name = g_strdup (bindery_series_item_get_name (BINDERY_SERIES_ITEM (item)));
      bindery_window_reload (self);
    }
  else if (BINDERY_IS_BOOK_ITEM (item))
    {
      bindery_window_open_book (self, BINDERY_BOOK_ITEM (item));
    }
}

static void
on_facet_activate (BinderyWindow *self,
                   guint          position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->facet_view));
  g_autoptr(BinderyFacetItem) item = g_list_model_get_item (model, position);

  g_free (self->facet_value);
  self->facet_value = g_strdup (bindery_facet_item_get_value (item));
  bindery_window_reload (self);
}

static void
on_search_changed (BinderyWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_free (self->search);
  self->search = text[0] != '\0' ? g_strdup (text) : NULL;
  bindery_window_reload (self);
}

static void
on_stop_search (BinderyWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_leaflet_folded (BinderyWindow *self)
{
  update_chrome (self);
}

/* --- application signals ----------------------------------------------------------- */

static void
on_catalog_changed (BinderyWindow      *self,
                    GArray             *ids,
                    BinderyApplication *application)
{
  g_autoptr(GError) error = NULL;

  /* Rows on screen whose book changed (a new cover, a rescan) update in place;
   * the reload then announces only the span that moved. */
  if (ids->len > 0 && !bindery_paged_list_refresh (BINDERY_PAGED_LIST (self->book_list),
                                                   (const gint64 *) (gpointer) ids->data, ids->len, &error))
    g_debug ("Could not refresh books: %s", error->message);
  bindery_window_update_library_counts (self);
  bindery_window_reload (self);
}

static void
on_libraries_changed (BinderyWindow *self)
{
  bindery_window_rebuild_sidebar (self);
  bindery_window_reload (self);
}

static void
on_watch_changed (BinderyWindow *self,
                  gint64         library_id)
{
  bindery_window_update_library_watch (self, library_id, TRUE);
}

static void
update_jobs_button (BinderyWindow *self)
{
  BinderyJobQueue *queue = bindery_application_get_queue (self->application);
  gboolean busy = queue != NULL && bindery_job_queue_is_busy (queue);

  gtk_stack_set_visible_child_name (self->jobs_icon_stack, busy ? "busy" : "idle");
  gtk_spinner_set_spinning (self->jobs_spinner, busy);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->jobs_button), busy ? _("Jobs Running") : _("Jobs"));
}

static void
on_queue_job_added (BinderyWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);

  update_jobs_button (self);
  bindery_window_update_library_counts (self);
  /* An empty library being scanned says so, rather than "No Books Here". */
  if (g_strcmp0 (page, "no-results") == 0)
    bindery_window_reload (self);
}

static void
on_queue_job_finished (BinderyWindow   *self,
                       BinderyJob      *job,
                       BinderyJobQueue *queue)
{
  update_jobs_button (self);
  bindery_window_update_actions (self);   /* a scan or a conversion changes what can be converted */
  bindery_window_job_finished (self, job);
  bindery_window_open_pending (self, job);
}

static void
on_queue_idle (BinderyWindow *self)
{
  update_jobs_button (self);
  bindery_window_update_library_counts (self);
}

static void
connect_queue (BinderyWindow *self)
{
  BinderyJobQueue *queue = bindery_application_get_queue (self->application);

  if (queue == NULL)
    return;
  bindery_cover_priority_set_queue (self->cover_priority, queue);
  g_signal_connect_object (queue, "job-added", G_CALLBACK (on_queue_job_added), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "job-finished", G_CALLBACK (on_queue_job_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "idle", G_CALLBACK (on_queue_idle), self, G_CONNECT_SWAPPED);
}

/* The application took the data dir's lock after all: jobs can run from now on. */
static void
on_read_only_changed (BinderyWindow *self)
{
  if (bindery_application_is_read_only (self->application))
    return;
  connect_queue (self);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  update_jobs_button (self);
  bindery_window_update_library_counts (self);
  bindery_window_reload (self);
}

static void
on_open_job (BinderyWindow *self,
             gint64         job_id,
             BinderyJob    *job)
{
  gtk_popover_popdown (self->jobs_popover);
  bindery_window_open_job (self, job_id, job, FALSE);
}

/* --- drop a folder ------------------------------------------------------------------- */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         BinderyWindow *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    bindery_window_add_folder (self, G_FILE (l->data));
  return files != NULL;
}

/* --- closing --------------------------------------------------------------------------- */

typedef struct {
  BinderyWindow *window;
  gboolean       stop;
} CloseAnswer;

static void
close_answer_free (gpointer data)
{
  CloseAnswer *answer = data;

  g_object_unref (answer->window);
  g_free (answer);
}

/* Acts on the answer once the dialog has gone: destroying its transient parent from
 * inside its "response" handler leaves GTK 4.8 with a dangling parent. */
static gboolean
close_answered_cb (gpointer data)
{
  CloseAnswer *answer = data;
  BinderyWindow *self = answer->window;
  BinderyApplication *application = self->application;

  if (answer->stop)
    {
      /* The jobs end interrupted and resume at the next start. */
      bindery_application_stop_jobs (application);
    }
  else
    {
      bindery_application_finish_in_background (application);
    }
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  /* Stopping ends the application, its other windows too: no queue runs any more. */
  if (answer->stop)
    g_application_quit (G_APPLICATION (application));
  return G_SOURCE_REMOVE;
}

static void
close_response (AdwMessageDialog *dialog,
                const char       *response,
                BinderyWindow    *self)
{
  CloseAnswer *answer;

  if (!g_str_equal (response, "stop") && !g_str_equal (response, "background"))
    return;

  answer = g_new0 (CloseAnswer, 1);
  answer->window = g_object_ref (self);
  answer->stop = g_str_equal (response, "stop");
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_answered_cb, answer, close_answer_free);
}

static gboolean
bindery_window_close_request (GtkWindow *window)
{
  BinderyWindow *self = BINDERY_WINDOW (window);
  BinderyJobQueue *queue = bindery_application_get_queue (self->application);
  GSettings *settings = bindery_application_get_settings (self->application);
  int width, height;

  if (!self->close_confirmed && queue != NULL && bindery_job_queue_is_busy (queue))
    {
      GtkWidget *dialog;

      /* Asked once: closing again while the question is up shows the same one. */
      if (self->close_dialog != NULL)
        {
          gtk_window_present (self->close_dialog);
          return TRUE;
        }

      dialog = adw_message_dialog_new (window, _("Jobs Are Still Running"),
                                                  _("Bindery can stop them now (they continue from where they "
                                                    "stopped next time) or finish them in the background and "
                                                    "tell you when it is done."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Keep Window Open"),
                                        "stop", _("_Stop Jobs"),
                                        "background", _("_Finish in Background"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "background", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "background");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (close_response), self, 0);
      self->close_dialog = GTK_WINDOW (dialog);
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->close_dialog);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  if (settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (bindery_window_parent_class)->close_request (window);
}

/* --- public ----------------------------------------------------------------------------- */

void
bindery_window_show_toast (BinderyWindow *self,
                           AdwToast      *toast)
{
  g_return_if_fail (BINDERY_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
bindery_window_add_folder (BinderyWindow *self,
                           GFile         *folder)
{
  g_autofree char *path = NULL;
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *libraries;
  guint n;

  g_return_if_fail (BINDERY_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      bindery_window_show_toast (self, bindery_toast_new (_("Only folders on this computer can be added")));
      return;
    }

  /* A folder that already is a library is scanned again. */
  libraries = bindery_application_get_libraries (self->application);
  n = g_list_model_get_n_items (libraries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyLibrary) known = g_list_model_get_item (libraries, i);

      if (g_strcmp0 (bindery_library_get_path (known), path) == 0)
        {
          g_autoptr(BinderyJob) job = bindery_application_scan_library (self->application,
                                                                        bindery_library_get_id (known), NULL, &error);

          bindery_window_select_library (self, bindery_library_get_id (known));
          if (job == NULL)
            bindery_window_show_toast (self, bindery_toast_new (error->message));
          return;
        }
    }

  library = bindery_application_add_library (self->application, path, BINDERY_LIBRARY_PATTERN_SERIES, &error);
  if (library == NULL)
    {
      AdwToast *toast = bindery_toast_new (error->message);

      adw_toast_set_timeout (toast, 8);
      bindery_window_show_toast (self, toast);
      return;
    }
  bindery_window_select_library (self, bindery_library_get_id (library));
}

GListModel *
bindery_window_get_gallery_model (BinderyWindow *self)
{
  g_return_val_if_fail (BINDERY_IS_WINDOW (self), NULL);

  if (showing_facets (self))
    return G_LIST_MODEL (self->facet_list);
  if (showing_books (self))
    return G_LIST_MODEL (self->book_list);
  return G_LIST_MODEL (self->series_list);
}

BinderyCoverPriority *
bindery_window_get_cover_priority (BinderyWindow *self)
{
  g_return_val_if_fail (BINDERY_IS_WINDOW (self), NULL);
  return self->cover_priority;
}

const char *
bindery_window_get_page_name (BinderyWindow *self)
{
  g_return_val_if_fail (BINDERY_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->view_stack);
}

/* --- GObject ------------------------------------------------------------------------------ */

/* The first frame painted after the view changed is when the user sees it: published in
 * the view state for benchmarks (build-aux/bench app). */
static void
after_paint (BinderyWindow *self)
{
  if (self->paint_pending)
    {
      self->paint_pending = FALSE;
      bindery_application_set_view_painted (self->application, g_get_monotonic_time ());
    }
  if (self->deferred_source != 0)
    run_deferred (self);
}

static void
bindery_window_realize (GtkWidget *widget)
{
  BinderyWindow *self = BINDERY_WINDOW (widget);

  GTK_WIDGET_CLASS (bindery_window_parent_class)->realize (widget);
  self->after_paint_id = g_signal_connect_swapped (gtk_widget_get_frame_clock (widget), "after-paint",
                                                   G_CALLBACK (after_paint), self);
}

static void
bindery_window_unrealize (GtkWidget *widget)
{
  BinderyWindow *self = BINDERY_WINDOW (widget);

  g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));
  GTK_WIDGET_CLASS (bindery_window_parent_class)->unrealize (widget);
}

static void
bindery_window_dispose (GObject *object)
{
  BinderyWindow *self = BINDERY_WINDOW (object);

  if (self->close_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->close_dialog), (gpointer *) &self->close_dialog);
  self->close_dialog = NULL;
  if (self->cover_priority != NULL)
    g_object_run_dispose (G_OBJECT (self->cover_priority));
  gtk_widget_dispose_template (GTK_WIDGET (self), BINDERY_TYPE_WINDOW);
  g_clear_handle_id (&self->deferred_source, g_source_remove);
  g_clear_object (&self->series_selection);
  g_clear_object (&self->book_selection);
  g_clear_object (&self->series_slice);
  g_clear_object (&self->book_slice);
  g_clear_object (&self->facet_selection);
  g_clear_object (&self->facet_filter);
  g_clear_object (&self->series_list);
  g_clear_object (&self->book_list);
  g_clear_object (&self->facet_list);
  g_clear_object (&self->cover_loader);
  g_clear_object (&self->cover_priority);
  g_clear_pointer (&self->library_rows, g_hash_table_unref);
  g_clear_pointer (&self->pending_opens, g_ptr_array_unref);

  G_OBJECT_CLASS (bindery_window_parent_class)->dispose (object);
}

static void
bindery_window_finalize (GObject *object)
{
  BinderyWindow *self = BINDERY_WINDOW (object);

  g_free (self->series_name);
  g_free (self->facet_value);
  g_free (self->search);

  G_OBJECT_CLASS (bindery_window_parent_class)->finalize (object);
}

static void
bindery_window_class_init (BinderyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bindery_window_dispose;
  object_class->finalize = bindery_window_finalize;
  window_class->close_request = bindery_window_close_request;
  widget_class->realize = bindery_window_realize;
  widget_class->unrealize = bindery_window_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bindery/Bindery/bindery-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, view_title);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, library_button);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, jobs_button);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, jobs_popover);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, jobs_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, jobs_spinner);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, view_button);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, grid_view);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, facet_view);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, scanning_page);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, scanning_spinner);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, BinderyWindow, problem_page);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_facet_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded);

  bindery_window_class_init_actions (widget_class);
}

static void
bindery_window_init (BinderyWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->library_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->pending_opens = g_ptr_array_new_with_free_func (bindery_window_pending_open_free);
  self->sort = BINDERY_BOOK_SORT_NAME;
  self->status_filter = BINDERY_STATUS_FILTER_ANY;
  gtk_list_box_set_header_func (self->sidebar_list, bindery_window_sidebar_header_func, NULL, NULL);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
}

/* GtkGridView (4.8) keeps max-columns × 30 cells alive whatever the width: with a
 * generous max-columns that is hundreds of bound cells and decoded covers. So the
 * maximum follows the width: one column more than fits. */
static void
on_gallery_width (BinderyWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->grid_view));
  double width = gtk_adjustment_get_page_size (adjustment);
  guint columns = CLAMP ((guint) (width / CELL_WIDTH) + 1, 2, 16);

  if (width > 0 && gtk_grid_view_get_max_columns (self->grid_view) != columns)
    gtk_grid_view_set_max_columns (self->grid_view, columns);
}

static void
setup_models (BinderyWindow *self)
{
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  BinderyContext *context = bindery_application_get_context (self->application);
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) facet_factory = NULL;
  GtkFilterListModel *filtered;

  self->cover_loader = bindery_cover_loader_new (context != NULL ? bindery_context_get_thumbnail_dir (context) : "/",
                                                 COVER_THREADS, COVER_CACHE_SIZE);
  self->series_list = bindery_series_list_new (catalog);
  self->book_list = bindery_book_list_new (catalog);
  self->series_slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->series_list)), 0, G_MAXUINT);
  self->book_slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->book_list)), 0, G_MAXUINT);
  self->series_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->series_slice)));
  self->book_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->book_slice)));

  if (catalog != NULL)
    {
      /* A facet has at most a few thousand values: a string filter over it is fine. */
      self->facet_list = bindery_facet_list_new (catalog);
      self->facet_filter = gtk_string_filter_new (gtk_property_expression_new (BINDERY_TYPE_FACET_ITEM, NULL, "value"));
      filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->facet_list)),
                                            g_object_ref (GTK_FILTER (self->facet_filter)));
      self->facet_selection = gtk_no_selection_new (G_LIST_MODEL (filtered));
    }

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (cell_setup), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (cell_bind), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (cell_unbind), self, 0);
  self->cover_priority = bindery_cover_priority_new (self->grid_view);
  gtk_grid_view_set_factory (self->grid_view, factory);

  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->grid_view)), "notify::page-size",
                           G_CALLBACK (on_gallery_width), self, G_CONNECT_SWAPPED);

  facet_factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/bindery/Bindery/bindery-facet-row.ui");
  gtk_list_view_set_factory (self->facet_view, facet_factory);
}

static void
restore_size (BinderyWindow *self)
{
  GSettings *settings = bindery_application_get_settings (self->application);

  if (settings == NULL)
    return;
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

BinderyWindow *
bindery_window_new (BinderyApplication *application)
{
  BinderyWindow *self;
  GtkDropTarget *drop;

  g_return_val_if_fail (BINDERY_IS_APPLICATION (application), NULL);

  self = g_object_new (BINDERY_TYPE_WINDOW, "application", application, NULL);
  self->application = application;
  restore_size (self);
  setup_models (self);

  self->jobs_panel = bindery_jobs_panel_new (application);
  gtk_popover_set_child (self->jobs_popover, self->jobs_panel);
  g_signal_connect_object (self->jobs_panel, "open-job", G_CALLBACK (on_open_job), self, G_CONNECT_SWAPPED);
  /* Some 15 ms of rows at 100 finished jobs: not in the first frame. */
  self->history_pending = TRUE;
  bindery_window_defer (self);

  g_signal_connect_object (application, "catalog-changed", G_CALLBACK (on_catalog_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "libraries-changed", G_CALLBACK (on_libraries_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "watch-changed", G_CALLBACK (on_watch_changed), self,
                           G_CONNECT_SWAPPED);
  connect_queue (self);
  g_signal_connect_object (application, "notify::read-only", G_CALLBACK (on_read_only_changed), self,
                           G_CONNECT_SWAPPED);

  if (bindery_application_is_read_only (application) && bindery_application_is_usable (application))
    {
      gtk_label_set_label (self->banner_label, bindery_application_get_problem (application));
      gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
    }

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  bindery_window_init_actions (self);
  bindery_window_rebuild_sidebar (self);
  update_jobs_button (self);
  bindery_window_reload (self);

  return self;
}
