/* bindery-series-list.c: the series matching a search and filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-models"

#include "config.h"

#include "bindery-series-list.h"
#include "bindery-models-private.h"

struct _BinderySeriesList
{
  BinderyPagedList parent_instance;

  gint64              library_id;
  char               *search;
  BinderySeriesSort   sort;
  BinderyStatusFilter status_filter;
};

G_DEFINE_FINAL_TYPE (BinderySeriesList, bindery_series_list, BINDERY_TYPE_PAGED_LIST)

enum {
  PROP_0,
  PROP_LIBRARY_ID,
  PROP_SEARCH,
  PROP_SORT,
  PROP_STATUS_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
bindery_series_list_query_ids (BinderyPagedList *list,
                               BinderyCatalog   *catalog,
                               GArray           *ids,
                               GError          **error)
{
  BinderySeriesList *self = BINDERY_SERIES_LIST (list);
  g_autoptr(GString) sql = g_string_new ("SELECT s.id FROM series s WHERE 1");
  sqlite3_stmt *stmt;
  int index, rc;

  if (self->library_id > 0)
    g_string_append (sql, " AND s.library_id = :library");

  switch (self->status_filter)
    {
    case BINDERY_STATUS_FILTER_READY:
      g_string_append (sql, " AND s.status = 'ready'");
      break;
    case BINDERY_STATUS_FILTER_MISSING:
      g_string_append (sql, " AND (s.status = 'missing' OR EXISTS (SELECT 1 FROM books b"
                            " WHERE b.series_id = s.id AND b.status = 'missing'))");
      break;
    case BINDERY_STATUS_FILTER_ERROR:
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM books b"
                            " WHERE b.series_id = s.id AND b.status = 'error')");
      break;
    case BINDERY_STATUS_FILTER_PROBLEMS:
      g_string_append (sql, " AND (s.status = 'missing' OR EXISTS (SELECT 1 FROM books b"
                            " WHERE b.series_id = s.id AND b.status IN ('missing', 'error')))");
      break;
    case BINDERY_STATUS_FILTER_ANY:
    default:
      break;
    }

  if (self->search != NULL)
    g_string_append (sql, " AND (s.name LIKE :search ESCAPE '\\'"
                          " OR EXISTS (SELECT 1 FROM books b WHERE b.series_id = s.id"
                          " AND (b.title LIKE :search ESCAPE '\\' OR b.name LIKE :search ESCAPE '\\'"
                          " OR EXISTS (SELECT 1 FROM book_metadata_lists w WHERE w.book_id = b.id"
                          " AND w.field = 'Writer' AND w.value LIKE :search ESCAPE '\\'))))");

  if (self->sort == BINDERY_SERIES_SORT_DATE_ADDED)
    g_string_append (sql, " ORDER BY s.created_at DESC, s.id DESC");
  else
    g_string_append (sql, " ORDER BY s.name COLLATE NOCASE, s.id");

  stmt = bindery_catalog_prepare (catalog, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  if ((index = sqlite3_bind_parameter_index (stmt, ":library")) > 0)
    sqlite3_bind_int64 (stmt, index, self->library_id);
  if ((index = sqlite3_bind_parameter_index (stmt, ":search")) > 0)
    {
      g_autofree char *pattern = bindery_models_like_pattern (self->search);

      sqlite3_bind_text (stmt, index, pattern, -1, SQLITE_TRANSIENT);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bindery_catalog_set_error (catalog, error, "Could not list series");

  return TRUE;
}

static gboolean
bindery_series_list_load_items (BinderyPagedList *list,
                                BinderyCatalog   *catalog,
                                const char       *ids_json,
                                GPtrArray        *items,
                                GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT " BINDERY_SERIES_ITEM_COLUMNS " FROM series s"
                                  " WHERE s.id IN (SELECT value FROM json_each (?))",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, bindery_series_item_new_from_stmt (stmt));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return bindery_catalog_set_error (catalog, error, "Could not read series");

  return TRUE;
}

static gint64
bindery_series_list_get_item_id (gpointer item)
{
  return bindery_series_item_get_id (item);
}

static void
bindery_series_list_update_item (gpointer item,
                                 gpointer fresh)
{
  bindery_series_item_update_from (item, fresh);
}

static void
bindery_series_list_finalize (GObject *object)
{
  BinderySeriesList *self = BINDERY_SERIES_LIST (object);

  g_free (self->search);

  G_OBJECT_CLASS (bindery_series_list_parent_class)->finalize (object);
}

static void
bindery_series_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BinderySeriesList *self = BINDERY_SERIES_LIST (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_ID:
      g_value_set_int64 (value, self->library_id);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_SORT:
      g_value_set_int (value, self->sort);
      break;
    case PROP_STATUS_FILTER:
      g_value_set_int (value, self->status_filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_series_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BinderySeriesList *self = BINDERY_SERIES_LIST (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_ID:
      bindery_series_list_set_library_id (self, g_value_get_int64 (value));
      break;
    case PROP_SEARCH:
      bindery_series_list_set_search (self, g_value_get_string (value));
      break;
    case PROP_SORT:
      bindery_series_list_set_sort (self, g_value_get_int (value));
      break;
    case PROP_STATUS_FILTER:
      bindery_series_list_set_status_filter (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_series_list_class_init (BinderySeriesListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BinderyPagedListClass *list_class = BINDERY_PAGED_LIST_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bindery_series_list_finalize;
  object_class->get_property = bindery_series_list_get_property;
  object_class->set_property = bindery_series_list_set_property;

  list_class->item_type = BINDERY_TYPE_SERIES_ITEM;
  list_class->query_ids = bindery_series_list_query_ids;
  list_class->load_items = bindery_series_list_load_items;
  list_class->get_item_id = bindery_series_list_get_item_id;
  list_class->update_item = bindery_series_list_update_item;

  properties[PROP_LIBRARY_ID] = g_param_spec_int64 ("library-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_SEARCH] = g_param_spec_string ("search", NULL, NULL, NULL, rw);
  properties[PROP_SORT] =
    g_param_spec_int ("sort", NULL, NULL, BINDERY_SERIES_SORT_NAME, BINDERY_SERIES_SORT_DATE_ADDED,
                      BINDERY_SERIES_SORT_NAME, rw);
  properties[PROP_STATUS_FILTER] =
    g_param_spec_int ("status-filter", NULL, NULL, BINDERY_STATUS_FILTER_ANY,
                      BINDERY_STATUS_FILTER_PROBLEMS, BINDERY_STATUS_FILTER_ANY, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bindery_series_list_init (BinderySeriesList *self)
{
}

BinderySeriesList *
bindery_series_list_new (BinderyCatalog *catalog)
{
  g_return_val_if_fail (catalog == NULL || BINDERY_IS_CATALOG (catalog), NULL);

  return g_object_new (BINDERY_TYPE_SERIES_LIST, "catalog", catalog, NULL);
}

gint64
bindery_series_list_get_library_id (BinderySeriesList *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_LIST (self), 0);
  return self->library_id;
}

void
bindery_series_list_set_library_id (BinderySeriesList *self,
                                    gint64             library_id)
{
  g_return_if_fail (BINDERY_IS_SERIES_LIST (self));

  if (self->library_id == library_id)
    return;
  self->library_id = library_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY_ID]);
}

const char *
bindery_series_list_get_search (BinderySeriesList *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_LIST (self), NULL);
  return self->search;
}

void
bindery_series_list_set_search (BinderySeriesList *self,
                                const char        *search)
{
  g_return_if_fail (BINDERY_IS_SERIES_LIST (self));

  if (!bindery_models_set_search (&self->search, search))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

BinderySeriesSort
bindery_series_list_get_sort (BinderySeriesList *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_LIST (self), BINDERY_SERIES_SORT_NAME);
  return self->sort;
}

void
bindery_series_list_set_sort (BinderySeriesList *self,
                              BinderySeriesSort  sort)
{
  g_return_if_fail (BINDERY_IS_SERIES_LIST (self));
  g_return_if_fail (sort <= BINDERY_SERIES_SORT_DATE_ADDED);

  if (self->sort == sort)
    return;
  self->sort = sort;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

BinderyStatusFilter
bindery_series_list_get_status_filter (BinderySeriesList *self)
{
  g_return_val_if_fail (BINDERY_IS_SERIES_LIST (self), BINDERY_STATUS_FILTER_ANY);
  return self->status_filter;
}

void
bindery_series_list_set_status_filter (BinderySeriesList   *self,
                                       BinderyStatusFilter  filter)
{
  g_return_if_fail (BINDERY_IS_SERIES_LIST (self));
  g_return_if_fail (filter <= BINDERY_STATUS_FILTER_PROBLEMS);

  if (self->status_filter == filter)
    return;
  self->status_filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_FILTER]);
}
