/* bindery-window.h: the main window: libraries, cover gallery, jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bindery-application.h"
#include "bindery-cover-priority.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_WINDOW (bindery_window_get_type ())
G_DECLARE_FINAL_TYPE (BinderyWindow, bindery_window, BINDERY, WINDOW, AdwApplicationWindow)

BinderyWindow *bindery_window_new              (BinderyApplication *application);
/* Adds folder as a library and scans it (or rescans it when it is one already);
 * problems are shown as a toast. */
void           bindery_window_add_folder       (BinderyWindow      *self,
                                                GFile              *folder);
/* Shows a book file (Open With): its details in the library that holds it (after a scan
 * when the catalog does not have it yet); for a file in no library, offers to add its
 * folder as a library and shows the book after that folder's first scan. */
void           bindery_window_show_book_file   (BinderyWindow      *self,
                                                GFile              *file);
void           bindery_window_show_toast       (BinderyWindow      *self,
                                                AdwToast           *toast);
/* Renders the window into a PNG file. */
gboolean       bindery_window_save_screenshot  (BinderyWindow      *self,
                                                const char         *path,
                                                GError            **error);
/* The same, once the covers being loaded have arrived (at most a few seconds later). */
void           bindery_window_save_screenshot_when_ready (BinderyWindow *self,
                                                          const char    *path);
/* The gallery's current model (series or books), and the name of the visible page
 * ("empty", "grid", "facets", "no-results", "scanning", "unavailable", "problem"). */
GListModel    *bindery_window_get_gallery_model (BinderyWindow     *self);
/* The books on screen are handed to the cover jobs first (tests look at it). */
BinderyCoverPriority *bindery_window_get_cover_priority (BinderyWindow *self);
const char    *bindery_window_get_page_name     (BinderyWindow     *self);

G_END_DECLS
