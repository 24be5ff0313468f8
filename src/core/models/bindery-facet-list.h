/* bindery-facet-list.h: the values of one metadata facet (writers, genres …) with book counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of BinderyFacetItem, one per distinct value, loaded in one GROUP BY query
 * (facets have thousands of values at most, not one per book).
 */
#pragma once

#include "bindery-book-list.h"
#include "bindery-facet-item.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_FACET_LIST (bindery_facet_list_get_type ())
G_DECLARE_FINAL_TYPE (BinderyFacetList, bindery_facet_list, BINDERY, FACET_LIST, GObject)

BinderyFacetList *bindery_facet_list_new         (BinderyCatalog   *catalog);
BinderyFacet      bindery_facet_list_get_facet   (BinderyFacetList *self);
void              bindery_facet_list_set_facet   (BinderyFacetList *self,
                                                  BinderyFacet      facet);
gint64            bindery_facet_list_get_library_id (BinderyFacetList *self);
void              bindery_facet_list_set_library_id (BinderyFacetList *self,
                                                     gint64            library_id);
/* Re-reads the values (ordered by value; years newest first). */
gboolean          bindery_facet_list_reload      (BinderyFacetList *self,
                                                  GError          **error);

G_END_DECLS
