/* bindery-facet-list.c: the values of one metadata facet with book counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-models"

#include "config.h"

#include "bindery-facet-list.h"
#include "bindery-models-private.h"

struct _BinderyFacetList
{
  GObject parent_instance;

  BinderyCatalog *catalog;
  BinderyFacet    facet;
  gint64          library_id;
  GPtrArray      *items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BinderyFacetList, bindery_facet_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
bindery_facet_list_get_item_type (GListModel *model)
{
  return BINDERY_TYPE_FACET_ITEM;
}

static guint
bindery_facet_list_get_n_items (GListModel *model)
{
  return BINDERY_FACET_LIST (model)->items->len;
}

static gpointer
bindery_facet_list_get_item (GListModel *model,
                             guint       position)
{
  BinderyFacetList *self = BINDERY_FACET_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bindery_facet_list_get_item_type;
  iface->get_n_items = bindery_facet_list_get_n_items;
  iface->get_item = bindery_facet_list_get_item;
}

static void
bindery_facet_list_finalize (GObject *object)
{
  BinderyFacetList *self = BINDERY_FACET_LIST (object);

  g_clear_object (&self->catalog);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (bindery_facet_list_parent_class)->finalize (object);
}

static void
bindery_facet_list_class_init (BinderyFacetListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bindery_facet_list_finalize;
}

static void
bindery_facet_list_init (BinderyFacetList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

BinderyFacetList *
bindery_facet_list_new (BinderyCatalog *catalog)
{
  BinderyFacetList *self;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  self = g_object_new (BINDERY_TYPE_FACET_LIST, NULL);
  self->catalog = g_object_ref (catalog);
  return self;
}

BinderyFacet
bindery_facet_list_get_facet (BinderyFacetList *self)
{
  g_return_val_if_fail (BINDERY_IS_FACET_LIST (self), BINDERY_FACET_NONE);
  return self->facet;
}

void
bindery_facet_list_set_facet (BinderyFacetList *self,
                              BinderyFacet      facet)
{
  g_return_if_fail (BINDERY_IS_FACET_LIST (self));
  g_return_if_fail (facet <= BINDERY_FACET_STORY_ARC);

  self->facet = facet;
}

gint64
bindery_facet_list_get_library_id (BinderyFacetList *self)
{
  g_return_val_if_fail (BINDERY_IS_FACET_LIST (self), 0);
  return self->library_id;
}

void
bindery_facet_list_set_library_id (BinderyFacetList *self,
                                   gint64            library_id)
{
  g_return_if_fail (BINDERY_IS_FACET_LIST (self));

  self->library_id = library_id;
}

static const char *
facet_query (BinderyFacet facet,
             gboolean     by_library)
{
  /* One statement per (facet, library filter); the texts are constant so the catalog's
   * statement cache holds each once. */
#define LIB(with, without) (by_library ? with : without)
  switch (facet)
    {
    case BINDERY_FACET_WRITER:
    case BINDERY_FACET_GENRE:
      return LIB ("SELECT f.value, COUNT(DISTINCT f.book_id) FROM book_metadata_lists f"
                  " JOIN books b ON b.id = f.book_id WHERE f.field = :field AND f.value != ''"
                  " AND b.library_id = :library GROUP BY f.value ORDER BY f.value COLLATE NOCASE",
                  "SELECT f.value, COUNT(DISTINCT f.book_id) FROM book_metadata_lists f"
                  " WHERE f.field = :field AND f.value != ''"
                  " GROUP BY f.value ORDER BY f.value COLLATE NOCASE");
    case BINDERY_FACET_PUBLISHER:
      return LIB ("SELECT m.publisher, COUNT(*) FROM book_metadata m JOIN books b ON b.id = m.book_id"
                  " WHERE m.publisher != '' AND b.library_id = :library"
                  " GROUP BY m.publisher ORDER BY m.publisher COLLATE NOCASE",
                  "SELECT m.publisher, COUNT(*) FROM book_metadata m WHERE m.publisher != ''"
                  " GROUP BY m.publisher ORDER BY m.publisher COLLATE NOCASE");
    case BINDERY_FACET_LANGUAGE:
      return LIB ("SELECT m.language, COUNT(*) FROM book_metadata m JOIN books b ON b.id = m.book_id"
                  " WHERE m.language != '' AND b.library_id = :library"
                  " GROUP BY m.language ORDER BY m.language COLLATE NOCASE",
                  "SELECT m.language, COUNT(*) FROM book_metadata m WHERE m.language != ''"
                  " GROUP BY m.language ORDER BY m.language COLLATE NOCASE");
    case BINDERY_FACET_STORY_ARC:
      return LIB ("SELECT m.story_arc, COUNT(*) FROM book_metadata m JOIN books b ON b.id = m.book_id"
                  " WHERE m.story_arc != '' AND b.library_id = :library"
                  " GROUP BY m.story_arc ORDER BY m.story_arc COLLATE NOCASE",
                  "SELECT m.story_arc, COUNT(*) FROM book_metadata m WHERE m.story_arc != ''"
                  " GROUP BY m.story_arc ORDER BY m.story_arc COLLATE NOCASE");
    case BINDERY_FACET_YEAR:
      return LIB ("SELECT b.year, COUNT(*) FROM books b WHERE b.year > 0 AND b.library_id = :library"
                  " GROUP BY b.year ORDER BY b.year DESC",
                  "SELECT b.year, COUNT(*) FROM books b WHERE b.year > 0"
                  " GROUP BY b.year ORDER BY b.year DESC");
    case BINDERY_FACET_NONE:
    default:
      return NULL;
    }
#undef LIB
}

gboolean
bindery_facet_list_reload (BinderyFacetList *self,
                           GError          **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const char *sql;
  sqlite3_stmt *stmt;
  guint old_n;
  int index, rc;

  g_return_val_if_fail (BINDERY_IS_FACET_LIST (self), FALSE);

  sql = facet_query (self->facet, self->library_id > 0);
  if (sql != NULL)
    {
      stmt = bindery_catalog_prepare (self->catalog, sql, error);
      if (stmt == NULL)
        return FALSE;
      if ((index = sqlite3_bind_parameter_index (stmt, ":library")) > 0)
        sqlite3_bind_int64 (stmt, index, self->library_id);
      if ((index = sqlite3_bind_parameter_index (stmt, ":field")) > 0)
        sqlite3_bind_text (stmt, index, self->facet == BINDERY_FACET_WRITER ? "Writer" : "Genre",
                           -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, 0);

          g_ptr_array_add (items, bindery_facet_item_new (value != NULL ? value : "",
                                                          (guint) sqlite3_column_int64 (stmt, 1)));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return bindery_catalog_set_error (self->catalog, error, "Could not list metadata values");
    }

  old_n = self->items->len;
  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);

  return TRUE;
}
