/* bindery-window-sidebar.c: the window's sidebar: views, libraries and facets to browse
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-app"

#include "config.h"

#include <glib/gi18n.h>

#include "bindery-library-row.h"
#include "bindery-library-stats.h"
#include "bindery-toast.h"
#include "bindery-window-private.h"

static const struct {
  BinderyFacet facet;
  const char  *label;
  const char  *icon;
} facet_rows[] = {
  { BINDERY_FACET_WRITER, N_("Writers"), "bindery-writer-symbolic" },
  { BINDERY_FACET_GENRE, N_("Genres"), "bindery-genre-symbolic" },
  { BINDERY_FACET_PUBLISHER, N_("Publishers"), "bindery-publisher-symbolic" },
  { BINDERY_FACET_YEAR, N_("Years"), "bindery-year-symbolic" },
  { BINDERY_FACET_LANGUAGE, N_("Languages"), "bindery-language-symbolic" },
  { BINDERY_FACET_STORY_ARC, N_("Story Arcs"), "bindery-arc-symbolic" },
};

const char *
bindery_window_facet_icon (BinderyFacet facet)
{
  for (guint i = 0; i < G_N_ELEMENTS (facet_rows); i++)
    {
      if (facet_rows[i].facet == facet)
        return facet_rows[i].icon;
    }
  return "bindery-book-symbolic";
}

const char *
bindery_window_facet_label (BinderyFacet facet)
{
  for (guint i = 0; i < G_N_ELEMENTS (facet_rows); i++)
    {
      if (facet_rows[i].facet == facet)
        return _(facet_rows[i].label);
    }
  return "";
}

static GtkWidget *
simple_row (RowKind     kind,
            int         facet,
            const char *view_name,
            const char *icon_name,
            const char *label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (row), "facet", GINT_TO_POINTER (facet));
  g_object_set_data (G_OBJECT (row), "view-name", (gpointer) view_name);
  return row;
}

RowKind
bindery_window_row_kind (GtkListBoxRow *row)
{
  if (BINDERY_IS_LIBRARY_ROW (row))
    return ROW_LIBRARY;
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind"));
}

static GtkWidget *
section_header (const char *title)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "sidebar-section");
  return label;
}

void
bindery_window_sidebar_header_func (GtkListBoxRow *row,
                     GtkListBoxRow *before,
                     gpointer       user_data)
{
  RowKind kind = bindery_window_row_kind (row);

  if (before != NULL && bindery_window_row_kind (before) == kind)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (kind == ROW_LIBRARY)
    gtk_list_box_row_set_header (row, section_header (_("Libraries")));
  else if (kind == ROW_FACET)
    gtk_list_box_row_set_header (row, section_header (_("Browse")));
  else
    gtk_list_box_row_set_header (row, NULL);
}

static gboolean
row_matches_view (BinderyWindow *self,
                  GtkListBoxRow *row)
{
  switch (bindery_window_row_kind (row))
    {
    case ROW_ALL_SERIES:
      return self->source == SOURCE_ALL_SERIES;
    case ROW_ALL_BOOKS:
      return self->source == SOURCE_ALL_BOOKS;
    case ROW_LIBRARY:
      return self->source == SOURCE_LIBRARY &&
             bindery_library_get_id (bindery_library_row_get_library (BINDERY_LIBRARY_ROW (row))) == self->library_id;
    case ROW_FACET:
    default:
      return self->source == SOURCE_FACET &&
             GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "facet")) == (int) self->facet;
    }
}

/* At 100,000 books the counts take some 25 ms (an index of every book): not in the
 * window's first frame, and once per frame however many jobs start or end. */
void
bindery_window_update_library_counts (BinderyWindow *self)
{
  self->counts_pending = TRUE;
  bindery_window_defer (self);
}

void
bindery_window_count_libraries (BinderyWindow *self)
{
  BinderyCatalog *catalog = bindery_application_get_catalog (self->application);
  BinderyJobQueue *queue = bindery_application_get_queue (self->application);
  g_autoptr(GHashTable) stats = NULL;
  g_autoptr(GHashTable) busy = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (catalog == NULL)
    return;
  stats = bindery_catalog_library_stats (catalog, &error);
  if (stats == NULL)
    {
      g_debug ("Could not count books: %s", error->message);
      return;
    }

  if (queue != NULL)
    {
      GListModel *active = bindery_job_queue_get_active (queue);
      guint n = g_list_model_get_n_items (active);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BinderyJob) job = g_list_model_get_item (active, i);
          gint64 id = bindery_job_get_library_id (job);

          if (bindery_job_get_state (job) == BINDERY_JOB_STATE_RUNNING)
            g_hash_table_add (busy, g_memdup2 (&id, sizeof id));
        }
    }

  g_hash_table_iter_init (&iter, self->library_rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BinderyLibraryStats *s = g_hash_table_lookup (stats, key);

      bindery_library_row_set_counts (value, s != NULL ? s->n_books : 0,
                                      s != NULL ? s->n_missing : 0, s != NULL ? s->n_errors : 0);
      bindery_library_row_set_busy (value, g_hash_table_contains (busy, key));
    }
}

void
bindery_window_rebuild_sidebar (BinderyWindow *self)
{
  GListModel *libraries = bindery_application_get_libraries (self->application);
  GtkWidget *child;
  guint n;

  self->rebuilding_sidebar = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
    gtk_list_box_remove (self->sidebar_list, child);
  g_hash_table_remove_all (self->library_rows);

  gtk_list_box_append (self->sidebar_list,
                       simple_row (ROW_ALL_SERIES, 0, "all-series", "bindery-series-symbolic", _("All Series")));
  gtk_list_box_append (self->sidebar_list,
                       simple_row (ROW_ALL_BOOKS, 0, "all-books", "bindery-book-symbolic", _("All Books")));

  n = g_list_model_get_n_items (libraries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BinderyLibrary) library = g_list_model_get_item (libraries, i);
      GtkWidget *row = bindery_library_row_new (library);
      gint64 id = bindery_library_get_id (library);

      g_object_set_data_full (G_OBJECT (row), "view-name", g_strdup_printf ("library:%" G_GINT64_FORMAT, id), g_free);
      gtk_list_box_append (self->sidebar_list, row);
      g_hash_table_insert (self->library_rows, g_memdup2 (&id, sizeof id), row);
      bindery_window_update_library_watch (self, id, FALSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (facet_rows); i++)
    gtk_list_box_append (self->sidebar_list,
                         simple_row (ROW_FACET, facet_rows[i].facet, bindery_facet_to_string (facet_rows[i].facet),
                                     facet_rows[i].icon, _(facet_rows[i].label)));

  /* Keep the selection on what is shown; a removed library falls back to all series. */
  if (self->source == SOURCE_LIBRARY && bindery_application_find_library (self->application, self->library_id) == NULL)
    {
      self->source = n > 0 ? SOURCE_ALL_SERIES : SOURCE_ALL_SERIES;
      self->series_id = 0;
    }
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && row_matches_view (self, GTK_LIST_BOX_ROW (child)))
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
          break;
        }
    }
  self->rebuilding_sidebar = FALSE;

  bindery_window_update_library_counts (self);
}

gboolean
bindery_window_select_library (BinderyWindow *self,
                               gint64         library_id)
{
  GtkListBoxRow *row = g_hash_table_lookup (self->library_rows, &library_id);

  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->sidebar_list, row);
  /* A library just added or rescanned is what the user wants to see, also when the
   * narrow window shows the sidebar alone. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  return TRUE;
}


void
bindery_window_update_library_watch (BinderyWindow *self,
                                     gint64         library_id,
                                     gboolean       announce)
{
  BinderyLibraryRow *row = g_hash_table_lookup (self->library_rows, &library_id);
  BinderyLibrary *library = bindery_application_find_library (self->application, library_id);
  const char *reason = NULL;
  BinderyWatchState state = bindery_application_get_watch_state (self->application, library_id, &reason);
  BinderyWatchState before;

  if (row == NULL || library == NULL)
    return;

  before = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "watch-state"));
  g_object_set_data (G_OBJECT (row), "watch-state", GINT_TO_POINTER (state));
  bindery_library_row_set_watch (row, state, reason);

  if (announce && state == BINDERY_WATCH_STATE_POLLING && before != BINDERY_WATCH_STATE_POLLING)
    {
      BinderyLibraryWatch *watch = bindery_application_get_watch (self->application, library_id);
      guint interval = 0;
      g_autofree char *text = NULL;
      AdwToast *toast;

      if (watch != NULL)
        g_object_get (watch, "poll-interval", &interval, NULL);
      /* Translators: a library name, minutes, then why watching stopped */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s” is no longer watched and is checked every %u minute instead: %s",
                                           "“%s” is no longer watched and is checked every %u minutes instead: %s",
                                           MAX (interval / 60, 1)),
                              bindery_library_get_name (library), MAX (interval / 60, 1),
                              reason != NULL ? reason : "");
      toast = bindery_toast_new (text);
      adw_toast_set_timeout (toast, 10);
      bindery_window_show_toast (self, toast);
    }
}
