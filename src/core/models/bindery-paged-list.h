/* bindery-paged-list.h: a lazy GListModel over catalog rows (base of the book and series lists)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reload runs one SQL query for the ids of the matching rows in display order (search,
 * filters and sort are all done in SQL; no GObject is made for a row that is never shown).
 * get_item() loads the page of rows around the asked position with one query by primary
 * key and keeps the items in a small LRU cache, so a view over 100,000 books holds only the
 * items it shows plus the cache.
 *
 * A reload emits one items-changed covering only the span that differs from the previous
 * ids (common prefix and suffix kept), so a view keeps its scroll position when books are
 * added during a scan; cached items keep their identity and are refreshed in place.
 *
 * Main thread only (it reads through the UI's read-only catalog connection). Changing a
 * filter property does not reload by itself: call bindery_paged_list_reload().
 */
#pragma once

#include "bindery-catalog.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_PAGED_LIST (bindery_paged_list_get_type ())
G_DECLARE_DERIVABLE_TYPE (BinderyPagedList, bindery_paged_list, BINDERY, PAGED_LIST, GObject)

struct _BinderyPagedListClass
{
  GObjectClass parent_class;

  /* The item type (set in class_init); items have an int64 construct property "id". */
  GType item_type;

  /* Appends the ids (gint64) of the matching rows, in display order. */
  gboolean (*query_ids)   (BinderyPagedList *self,
                           BinderyCatalog   *catalog,
                           GArray           *ids,
                           GError          **error);
  /* Appends to items (new refs) the rows whose ids are in ids_json (a JSON array, for
   * `IN (SELECT value FROM json_each(?))`), in any order; absent rows are skipped. */
  gboolean (*load_items)  (BinderyPagedList *self,
                           BinderyCatalog   *catalog,
                           const char       *ids_json,
                           GPtrArray        *items,
                           GError          **error);
  gint64   (*get_item_id) (gpointer          item);
  /* Copies fresh into item (same id), notifying what changed. */
  void     (*update_item) (gpointer          item,
                           gpointer          fresh);

  gpointer padding[8];
};

/* Rows fetched per page query. */
#define BINDERY_PAGED_LIST_PAGE_SIZE 64

BinderyCatalog *bindery_paged_list_get_catalog    (BinderyPagedList *self);
void            bindery_paged_list_set_catalog    (BinderyPagedList *self,
                                                   BinderyCatalog   *catalog);
/* Runs the id query and emits items-changed for what differs. FALSE + error when the
 * catalog cannot be read (the list keeps its previous content). */
gboolean        bindery_paged_list_reload         (BinderyPagedList *self,
                                                   GError          **error);
/* Re-reads the given rows if they are cached, updating the items in place. */
gboolean        bindery_paged_list_refresh        (BinderyPagedList *self,
                                                   const gint64     *ids,
                                                   guint             n_ids,
                                                   GError          **error);
/* Re-reads every cached item in place (after a catalog change that kept the ids). */
gboolean        bindery_paged_list_refresh_cached (BinderyPagedList *self,
                                                   GError          **error);
gint64          bindery_paged_list_get_id         (BinderyPagedList *self,
                                                   guint             position);
gboolean        bindery_paged_list_find           (BinderyPagedList *self,
                                                   gint64            id,
                                                   guint            *position);
/* Items kept alive by the cache (at most the cache size), for tests and diagnostics. */
guint           bindery_paged_list_get_n_cached   (BinderyPagedList *self);
guint           bindery_paged_list_get_cache_size (BinderyPagedList *self);
void            bindery_paged_list_set_cache_size (BinderyPagedList *self,
                                                   guint             n_items);
/* Page queries run so far (tests check laziness by counting). */
guint           bindery_paged_list_get_n_page_loads (BinderyPagedList *self);

G_END_DECLS
