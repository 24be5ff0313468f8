/* bindery-window-private.h: what the bindery-window*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-book-list.h"
#include "bindery-cover-loader.h"
#include "bindery-cover-priority.h"
#include "bindery-facet-list.h"
#include "bindery-series-list.h"
#include "bindery-window.h"

G_BEGIN_DECLS

typedef enum {
  ROW_ALL_SERIES,
  ROW_ALL_BOOKS,
  ROW_LIBRARY,
  ROW_FACET,
} RowKind;

typedef enum {
  SOURCE_ALL_SERIES,
  SOURCE_ALL_BOOKS,
  SOURCE_LIBRARY,
  SOURCE_FACET,
} BinderySource;

struct _BinderyWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_box;
  GtkListBox           *sidebar_list;
  GtkWidget            *content_box;
  AdwHeaderBar         *content_header;
  AdwWindowTitle       *view_title;
  GtkButton            *back_button;
  GtkMenuButton        *library_button;
  GtkMenuButton        *jobs_button;
  GtkPopover           *jobs_popover;
  GtkStack             *jobs_icon_stack;
  GtkSpinner           *jobs_spinner;
  GtkMenuButton        *view_button;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkStack             *view_stack;
  AdwStatusPage        *empty_page;
  GtkButton            *empty_add_button;
  GtkGridView          *grid_view;
  GtkListView          *facet_view;
  AdwStatusPage        *no_results_page;
  AdwStatusPage        *scanning_page;
  GtkSpinner           *scanning_spinner;
  AdwStatusPage        *unavailable_page;
  AdwStatusPage        *problem_page;

  /* borrowed */
  BinderyApplication   *application;

  /* owned */
  BinderyCoverLoader   *cover_loader;
  BinderyCoverPriority *cover_priority;
  BinderySeriesList    *series_list;
  BinderyBookList      *book_list;
  BinderyFacetList     *facet_list;
  GtkStringFilter      *facet_filter;
  GtkSliceListModel    *series_slice;     /* the series list; a screenful of it until the
                                           * frame after it is shown (stage_gallery) */
  GtkSliceListModel    *book_slice;
  GtkNoSelection       *series_selection; /* over series_slice */
  GtkNoSelection       *book_selection;   /* over book_slice */
  GtkNoSelection       *facet_selection;
  GtkWidget            *jobs_panel;
  GHashTable           *library_rows;     /* gint64 id → BinderyLibraryRow (borrowed) */
  GtkWindow            *close_dialog;     /* weak: the question about running jobs, while shown */
  GPtrArray            *pending_opens;    /* book files to show once their library's scan ends */

  /* what is shown */
  BinderySource         source;
  gint64                library_id;
  BinderyFacet          facet;
  gint64                series_id;        /* > 0: the books of this series */
  char                 *series_name;
  char                 *facet_value;      /* non-NULL: the books with this facet value */
  char                 *search;
  BinderyBookSort       sort;
  BinderyStatusFilter   status_filter;

  gulong                after_paint_id;   /* on the frame clock, while realized */
  guint                 deferred_source;  /* runs the deferred work if no frame comes */

  guint                 close_confirmed : 1;
  guint                 paint_pending : 1; /* the view state changed since the last frame */
  guint                 rebuilding_sidebar : 1;
  guint                 counts_pending : 1; /* the sidebar's book counts, after the next frame */
  guint                 history_pending : 1; /* the jobs panel's history, after the first frame */
};

/* bindery-window.c */
void      bindery_window_reload          (BinderyWindow *self);
void      bindery_window_go_back         (BinderyWindow *self);
gboolean  bindery_window_select_library  (BinderyWindow *self,
                                          gint64         library_id);
BinderyLibrary *bindery_window_get_current_library (BinderyWindow *self);
void      bindery_window_update_actions  (BinderyWindow *self);
/* Runs the window's deferred work (the gallery's staged cards, the sidebar's counts, the
 * jobs panel's history) after the next frame, or after a while if no frame comes. */
void      bindery_window_defer           (BinderyWindow *self);

/* bindery-window-sidebar.c */
RowKind     bindery_window_row_kind              (GtkListBoxRow *row);
void        bindery_window_sidebar_header_func   (GtkListBoxRow *row,
                                                  GtkListBoxRow *before,
                                                  gpointer       user_data);
void        bindery_window_rebuild_sidebar       (BinderyWindow *self);
/* The libraries' book counts and busy state are counted again after the next frame
 * (requests in between are one count). */
void        bindery_window_update_library_counts (BinderyWindow *self);
/* Counts them now. */
void        bindery_window_count_libraries       (BinderyWindow *self);
/* The row's watched / polled / not watched state; a toast when watching gave way to
 * polling (announce). */
void        bindery_window_update_library_watch  (BinderyWindow *self,
                                                  gint64         library_id,
                                                  gboolean       announce);
const char *bindery_window_facet_label           (BinderyFacet   facet);
const char *bindery_window_facet_icon            (BinderyFacet   facet);

/* bindery-window-open.c */
void      bindery_window_pending_open_free (gpointer       data);
/* Shows the books waited for by bindery_window_show_book_file() once job (a scan of their
 * library) has ended. */
void      bindery_window_open_pending     (BinderyWindow *self,
                                           BinderyJob    *job);

/* bindery-window-actions.c */
void      bindery_window_class_init_actions (GtkWidgetClass *widget_class);
void      bindery_window_init_actions       (BinderyWindow  *self);
void      bindery_window_open_job           (BinderyWindow  *self,
                                             gint64          job_id,
                                             BinderyJob     *job,
                                             gboolean        show_log);
void      bindery_window_open_book          (BinderyWindow  *self,
                                             BinderyBookItem *book);
/* Toasts for finished jobs that had problems. */
void      bindery_window_job_finished       (BinderyWindow  *self,
                                             BinderyJob     *job);

G_END_DECLS
