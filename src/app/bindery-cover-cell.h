/* bindery-cover-cell.h: one cover in the gallery (a series or a book)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the cover (loaded through a BinderyCoverLoader, a placeholder until it
 * arrives), the title, a subtitle and a badge for missing books and books in error.
 * Follows its item's notifications, so a thumbnail made while the cell is on screen
 * appears in place.
 */
#pragma once

#include <gtk/gtk.h>

#include "bindery-cover-loader.h"

G_BEGIN_DECLS

#define BINDERY_COVER_WIDTH  150
#define BINDERY_COVER_HEIGHT 225

#define BINDERY_TYPE_COVER_CELL (bindery_cover_cell_get_type ())
G_DECLARE_FINAL_TYPE (BinderyCoverCell, bindery_cover_cell, BINDERY, COVER_CELL, GtkWidget)

GtkWidget  *bindery_cover_cell_new         (BinderyCoverLoader *loader);
/* item: a BinderySeriesItem or a BinderyBookItem; NULL unbinds (and cancels the load). */
void        bindery_cover_cell_set_item    (BinderyCoverCell   *self,
                                            GObject            *item);
GObject    *bindery_cover_cell_get_item    (BinderyCoverCell   *self);
/* TRUE once the cover is on screen (FALSE while the placeholder shows). */
gboolean    bindery_cover_cell_has_cover   (BinderyCoverCell   *self);

G_END_DECLS
