/* bindery-library-row.h: a library in the sidebar: name, book count and state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bindery-library.h"

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

G_END_DECLS
