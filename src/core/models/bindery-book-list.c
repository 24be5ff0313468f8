/* bindery-book-list.c: the books matching a search, filters and a sort
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-models"

#include "config.h"

#include "bindery-book-list.h"
#include "bindery-models-private.h"

struct _BinderyBookList
{
  BinderyPagedList parent_instance;

  gint64              library_id;
  gint64              series_id;
  char               *search;
  BinderyBookSort     sort;
  BinderyStatusFilter status_filter;
  BinderyFacet        facet;
  char               *facet_value;
  guint               n_sorted_reloads;
};

G_DEFINE_FINAL_TYPE (BinderyBookList, bindery_book_list, BINDERY_TYPE_PAGED_LIST)

enum {
  PROP_0,
  PROP_LIBRARY_ID,
  PROP_SERIES_ID,
  PROP_SEARCH,
  PROP_SORT,
  PROP_STATUS_FILTER,
  PROP_FACET,
  PROP_FACET_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const facet_names[] = {
  [BINDERY_FACET_NONE] = "none",
  [BINDERY_FACET_WRITER] = "writer",
  [BINDERY_FACET_GENRE] = "genre",
  [BINDERY_FACET_PUBLISHER] = "publisher",
  [BINDERY_FACET_YEAR] = "year",
  [BINDERY_FACET_LANGUAGE] = "language",
  [BINDERY_FACET_STORY_ARC] = "story-arc",
};

const char *
bindery_facet_to_string (BinderyFacet facet)
{
  g_return_val_if_fail (facet <= BINDERY_FACET_STORY_ARC, NULL);

  return facet_names[facet];
}

gboolean
bindery_facet_from_string (const char   *str,
                           BinderyFacet *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (facet_names); i++)
    {
      if (g_strcmp0 (str, facet_names[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
needs_series (BinderyBookList *self)
{
  return self->search != NULL || self->sort == BINDERY_BOOK_SORT_NUMBER;
}

static gboolean
needs_metadata (BinderyBookList *self)
{
  return self->search != NULL ||
         self->facet == BINDERY_FACET_PUBLISHER ||
         self->facet == BINDERY_FACET_LANGUAGE ||
         self->facet == BINDERY_FACET_STORY_ARC;
}

/* FROM … WHERE … for the current filters, with named parameters bound by bind_filters(). */
static void
append_from_where (BinderyBookList *self,
                   GString         *sql)
{
  g_string_append (sql, " FROM books b");
  if (needs_series (self))
    g_string_append (sql, " LEFT JOIN series s ON s.id = b.series_id");
  if (needs_metadata (self))
    g_string_append (sql, " LEFT JOIN book_metadata m ON m.book_id = b.id");
  g_string_append (sql, " WHERE 1");

  if (self->library_id > 0)
    g_string_append (sql, " AND b.library_id = :library");
  if (self->series_id > 0)
    g_string_append (sql, " AND b.series_id = :series");

  switch (self->status_filter)
    {
    case BINDERY_STATUS_FILTER_READY:
      g_string_append (sql, " AND b.status = 'ready'");
      break;
    case BINDERY_STATUS_FILTER_MISSING:
      g_string_append (sql, " AND b.status = 'missing'");
      break;
    case BINDERY_STATUS_FILTER_ERROR:
      g_string_append (sql, " AND b.status = 'error'");
      break;
    case BINDERY_STATUS_FILTER_PROBLEMS:
      g_string_append (sql, " AND b.status IN ('missing', 'error')");
      break;
    case BINDERY_STATUS_FILTER_ANY:
    default:
      break;
    }

  if (self->facet_value != NULL)
    {
      switch (self->facet)
        {
        case BINDERY_FACET_WRITER:
          g_string_append (sql, " AND EXISTS (SELECT 1 FROM book_metadata_lists f"
                                " WHERE f.book_id = b.id AND f.field = 'Writer' AND f.value = :facet)");
          break;
        case BINDERY_FACET_GENRE:
          g_string_append (sql, " AND EXISTS (SELECT 1 FROM book_metadata_lists f"
                                " WHERE f.book_id = b.id AND f.field = 'Genre' AND f.value = :facet)");
          break;
        case BINDERY_FACET_PUBLISHER:
          g_string_append (sql, " AND m.publisher = :facet");
          break;
        case BINDERY_FACET_YEAR:
          g_string_append (sql, " AND b.year = :facet");
          break;
        case BINDERY_FACET_LANGUAGE:
          g_string_append (sql, " AND m.language = :facet");
          break;
        case BINDERY_FACET_STORY_ARC:
          g_string_append (sql, " AND (m.story_arc = :facet OR EXISTS (SELECT 1 FROM book_metadata_lists f"
                                " WHERE f.book_id = b.id AND f.field = 'StoryArc' AND f.value = :facet))");
          break;
        case BINDERY_FACET_NONE:
        default:
          break;
        }
    }

  if (self->search != NULL)
    g_string_append (sql, " AND (b.title LIKE :search ESCAPE '\\'"
                          " OR b.name LIKE :search ESCAPE '\\'"
                          " OR s.name LIKE :search ESCAPE '\\'"
                          " OR m.series LIKE :search ESCAPE '\\'"
                          " OR EXISTS (SELECT 1 FROM book_metadata_lists w WHERE w.book_id = b.id"
                          " AND w.field = 'Writer' AND w.value LIKE :search ESCAPE '\\'))");
}

static void
bind_filters (BinderyBookList *self,
              sqlite3_stmt    *stmt)
{
  int index;

  if ((index = sqlite3_bind_parameter_index (stmt, ":library")) > 0)
    sqlite3_bind_int64 (stmt, index, self->library_id);
  if ((index = sqlite3_bind_parameter_index (stmt, ":series")) > 0)
    sqlite3_bind_int64 (stmt, index, self->series_id);
  if ((index = sqlite3_bind_parameter_index (stmt, ":facet")) > 0)
    {
      if (self->facet == BINDERY_FACET_YEAR)
        sqlite3_bind_int64 (stmt, index, g_ascii_strtoll (self->facet_value, NULL, 10));
      else
        sqlite3_bind_text (stmt, index, self->facet_value, -1, SQLITE_TRANSIENT);
    }
  if ((index = sqlite3_bind_parameter_index (stmt, ":search")) > 0)
    {
      g_autofree char *pattern = bindery_models_like_pattern (self->search);

      sqlite3_bind_text (stmt, index, pattern, -1, SQLITE_TRANSIENT);
    }
}

static gboolean
bindery_book_list_query_ids (BinderyPagedList *list,
                             BinderyCatalog   *catalog,
                             GArray           *ids,
                             GError          **error)
{
  BinderyBookList *self = BINDERY_BOOK_LIST (list);
  g_autoptr(GString) sql = g_string_new ("SELECT b.id");
  sqlite3_stmt *stmt;
  int rc;

  append_from_where (self, sql);
  switch (self->sort)
    {
    case BINDERY_BOOK_SORT_NUMBER:
      g_string_append (sql, " ORDER BY s.name COLLATE NOCASE, b.series_id,"
                            " b.number_sort IS NULL, b.number_sort, b.number COLLATE NOCASE,"
                            " b.name COLLATE NOCASE, b.id");
      break;
    case BINDERY_BOOK_SORT_DATE_ADDED:
      g_string_append (sql, " ORDER BY b.added_at DESC, b.id DESC");
      break;
    case BINDERY_BOOK_SORT_NAME:
    default:
      g_string_append (sql, " ORDER BY COALESCE (NULLIF (b.title, ''), b.name) COLLATE NOCASE,"
                            " b.name COLLATE NOCASE, b.id");
      break;
    }

  stmt = bindery_catalog_prepare (catalog, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filters (self, stmt);
  sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_SORT, TRUE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_SORT, TRUE) > 0)
    self->n_sorted_reloads++;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bindery_catalog_set_error (catalog, error, "Could not list books");

  return TRUE;
}

static gboolean
bindery_book_list_load_items (BinderyPagedList *list,
                              BinderyCatalog   *catalog,
                              const char       *ids_json,
                              GPtrArray        *items,
                              GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT " BINDERY_BOOK_ITEM_COLUMNS " FROM " BINDERY_BOOK_ITEM_FROM
                                  " WHERE b.id IN (SELECT value FROM json_each (?))",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, bindery_book_item_new_from_stmt (stmt));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return bindery_catalog_set_error (catalog, error, "Could not read books");

  return TRUE;
}

static gint64
bindery_book_list_get_item_id (gpointer item)
{
  return bindery_book_item_get_id (item);
}

static void
bindery_book_list_update_item (gpointer item,
                               gpointer fresh)
{
  bindery_book_item_update_from (item, fresh);
}

static void
bindery_book_list_finalize (GObject *object)
{
  BinderyBookList *self = BINDERY_BOOK_LIST (object);

  g_free (self->search);
  g_free (self->facet_value);

  G_OBJECT_CLASS (bindery_book_list_parent_class)->finalize (object);
}

static void
bindery_book_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BinderyBookList *self = BINDERY_BOOK_LIST (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_ID:
      g_value_set_int64 (value, self->library_id);
      break;
    case PROP_SERIES_ID:
      g_value_set_int64 (value, self->series_id);
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
    case PROP_FACET:
      g_value_set_int (value, self->facet);
      break;
    case PROP_FACET_VALUE:
      g_value_set_string (value, self->facet_value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_book_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BinderyBookList *self = BINDERY_BOOK_LIST (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_ID:
      bindery_book_list_set_library_id (self, g_value_get_int64 (value));
      break;
    case PROP_SERIES_ID:
      bindery_book_list_set_series_id (self, g_value_get_int64 (value));
      break;
    case PROP_SEARCH:
      bindery_book_list_set_search (self, g_value_get_string (value));
      break;
    case PROP_SORT:
      bindery_book_list_set_sort (self, g_value_get_int (value));
      break;
    case PROP_STATUS_FILTER:
      bindery_book_list_set_status_filter (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bindery_book_list_class_init (BinderyBookListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BinderyPagedListClass *list_class = BINDERY_PAGED_LIST_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bindery_book_list_finalize;
  object_class->get_property = bindery_book_list_get_property;
  object_class->set_property = bindery_book_list_set_property;

  list_class->item_type = BINDERY_TYPE_BOOK_ITEM;
  list_class->query_ids = bindery_book_list_query_ids;
  list_class->load_items = bindery_book_list_load_items;
  list_class->get_item_id = bindery_book_list_get_item_id;
  list_class->update_item = bindery_book_list_update_item;

  properties[PROP_LIBRARY_ID] = g_param_spec_int64 ("library-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_SERIES_ID] = g_param_spec_int64 ("series-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_SEARCH] = g_param_spec_string ("search", NULL, NULL, NULL, rw);
  properties[PROP_SORT] =
    g_param_spec_int ("sort", NULL, NULL, BINDERY_BOOK_SORT_NAME, BINDERY_BOOK_SORT_DATE_ADDED,
                      BINDERY_BOOK_SORT_NAME, rw);
  properties[PROP_STATUS_FILTER] =
    g_param_spec_int ("status-filter", NULL, NULL, BINDERY_STATUS_FILTER_ANY,
                      BINDERY_STATUS_FILTER_PROBLEMS, BINDERY_STATUS_FILTER_ANY, rw);
  properties[PROP_FACET] =
    g_param_spec_int ("facet", NULL, NULL, BINDERY_FACET_NONE, BINDERY_FACET_STORY_ARC,
                      BINDERY_FACET_NONE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FACET_VALUE] =
    g_param_spec_string ("facet-value", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bindery_book_list_init (BinderyBookList *self)
{
}

BinderyBookList *
bindery_book_list_new (BinderyCatalog *catalog)
{
  g_return_val_if_fail (catalog == NULL || BINDERY_IS_CATALOG (catalog), NULL);

  return g_object_new (BINDERY_TYPE_BOOK_LIST, "catalog", catalog, NULL);
}

gint64
bindery_book_list_get_library_id (BinderyBookList *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_LIST (self), 0);
  return self->library_id;
}

void
bindery_book_list_set_library_id (BinderyBookList *self,
                                  gint64           library_id)
{
  g_return_if_fail (BINDERY_IS_BOOK_LIST (self));

  if (self->library_id == library_id)
    return;
  self->library_id = library_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY_ID]);
}

gint64
bindery_book_list_get_series_id (BinderyBookList *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_LIST (self), 0);
  return self->series_id;
}

void
bindery_book_list_set_series_id (BinderyBookList *self,
                                 gint64           series_id)
{
  g_return_if_fail (BINDERY_IS_BOOK_LIST (self));

  if (self->series_id == series_id)
    return;
  self->series_id = series_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIES_ID]);
}

const char *
bindery_book_list_get_search (BinderyBookList *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_LIST (self), NULL);
  return self->search;
}

void
bindery_book_list_set_search (BinderyBookList *self,
                              const char      *search)
{
  g_return_if_fail (BINDERY_IS_BOOK_LIST (self));

  if (!bindery_models_set_search (&self->search, search))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

BinderyBookSort
bindery_book_list_get_sort (BinderyBookList *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_LIST (self), BINDERY_BOOK_SORT_NAME);
  return self->sort;
}

void
bindery_book_list_set_sort (BinderyBookList *self,
                            BinderyBookSort  sort)
{
  g_return_if_fail (BINDERY_IS_BOOK_LIST (self));
  g_return_if_fail (sort <= BINDERY_BOOK_SORT_DATE_ADDED);

  if (self->sort == sort)
    return;
  self->sort = sort;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

BinderyStatusFilter
bindery_book_list_get_status_filter (BinderyBookList *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_LIST (self), BINDERY_STATUS_FILTER_ANY);
  return self->status_filter;
}

void
bindery_book_list_set_status_filter (BinderyBookList     *self,
                                     BinderyStatusFilter  filter)
{
  g_return_if_fail (BINDERY_IS_BOOK_LIST (self));
  g_return_if_fail (filter <= BINDERY_STATUS_FILTER_PROBLEMS);

  if (self->status_filter == filter)
    return;
  self->status_filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_FILTER]);
}

BinderyFacet
bindery_book_list_get_facet (BinderyBookList *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_LIST (self), BINDERY_FACET_NONE);
  return self->facet;
}

const char *
bindery_book_list_get_facet_value (BinderyBookList *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_LIST (self), NULL);
  return self->facet_value;
}

void
bindery_book_list_set_facet (BinderyBookList *self,
                             BinderyFacet     facet,
                             const char      *value)
{
  g_return_if_fail (BINDERY_IS_BOOK_LIST (self));
  g_return_if_fail (facet <= BINDERY_FACET_STORY_ARC);

  if (facet == BINDERY_FACET_NONE || value == NULL)
    {
      facet = BINDERY_FACET_NONE;
      value = NULL;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->facet != facet)
    {
      self->facet = facet;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACET]);
    }
  if (g_strcmp0 (self->facet_value, value) != 0)
    {
      g_free (self->facet_value);
      self->facet_value = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACET_VALUE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
bindery_book_list_count (BinderyBookList *self,
                         guint           *n_books,
                         GError         **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT COUNT(*)");
  BinderyCatalog *catalog;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_BOOK_LIST (self), FALSE);
  g_return_val_if_fail (n_books != NULL, FALSE);

  *n_books = 0;
  catalog = bindery_paged_list_get_catalog (BINDERY_PAGED_LIST (self));
  if (catalog == NULL)
    return TRUE;

  append_from_where (self, sql);
  stmt = bindery_catalog_prepare (catalog, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filters (self, stmt);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *n_books = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return bindery_catalog_set_error (catalog, error, "Could not count books");

  return TRUE;
}

guint
bindery_book_list_get_n_sorted_reloads (BinderyBookList *self)
{
  g_return_val_if_fail (BINDERY_IS_BOOK_LIST (self), 0);
  return self->n_sorted_reloads;
}
