/* bindery-library-row.h: a library in the sidebar: name, book count and state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bindery-library.h"
#include "bindery-library-watch.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_LIBRARY_ROW (bindery_library_row_get_type ())
G_DECLARE_FINAL_TYPE (BinderyLibraryRow, bindery_library_row, BINDERY, LIBRARY_ROW, GtkListBoxRow)

GtkWidget      *bindery_library_row_new         (BinderyLibrary    *library);
BinderyLibrary *bindery_library_row_get_library (BinderyLibraryRow *self);
/* Counts shown under the name; errors and missing books get a badge. */
void            bindery_library_row_set_counts  (BinderyLibraryRow *self,
                                                 guint              n_books,
                                                 guint              n_missing,
                                                 guint              n_errors);
/* A job of this library is running (shows a spinner). */
void            bindery_library_row_set_busy    (BinderyLibraryRow *self,
                                                 gboolean           busy);
/* Whether the library is watched, polled (reason: why) or not watched (stopped). */
void            bindery_library_row_set_watch   (BinderyLibraryRow *self,
                                                 BinderyWatchState  state,
                                                 const char        *reason);
/* The watch icon's text (tooltip and accessible label), for tests. */
const char     *bindery_library_row_get_watch_text (BinderyLibraryRow *self);

G_END_DECLS
