/* bindery-facet-item.h: one value of a metadata facet (a writer, a genre …) with its book count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BINDERY_TYPE_FACET_ITEM (bindery_facet_item_get_type ())
G_DECLARE_FINAL_TYPE (BinderyFacetItem, bindery_facet_item, BINDERY, FACET_ITEM, GObject)

/* Properties (read-only): "value", "count". */
const char       *bindery_facet_item_get_value   (BinderyFacetItem *self);
guint             bindery_facet_item_get_count   (BinderyFacetItem *self);

G_END_DECLS
