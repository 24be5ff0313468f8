/* bindery-catalog-writer.c: batch writes of books, book metadata and series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-catalog"

#include "config.h"

#include <string.h>

#include "bindery-catalog-writer.h"

struct _BinderyCatalogWriter
{
  GObject          parent_instance;

  BinderyCatalog  *catalog;
  gboolean         in_transaction;
};

G_DEFINE_FINAL_TYPE (BinderyCatalogWriter, bindery_catalog_writer, G_TYPE_OBJECT)

/* The scalar metadata members copied to book_metadata columns. */
static const struct {
  const char *member;
  const char *column;
  gboolean    integer;
} metadata_columns[] = {
  { "Title",       "title",       FALSE },
  { "Series",      "series",      FALSE },
  { "Number",      "number",      FALSE },
  { "NumberSort",  "number_sort", FALSE },
  { "Volume",      "volume",      TRUE  },
  { "Year",        "year",        TRUE  },
  { "Month",       "month",       TRUE  },
  { "Day",         "day",         TRUE  },
  { "Publisher",   "publisher",   FALSE },
  { "LanguageISO", "language",    FALSE },
  { "StoryArc",    "story_arc",   FALSE },
  { "Summary",     "summary",     FALSE },
};

static void
bindery_catalog_writer_finalize (GObject *object)
{
  BinderyCatalogWriter *self = (BinderyCatalogWriter *) object;

  if (self->in_transaction)
    bindery_catalog_rollback (self->catalog);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (bindery_catalog_writer_parent_class)->finalize (object);
}

static void
bindery_catalog_writer_class_init (BinderyCatalogWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bindery_catalog_writer_finalize;
}

static void
bindery_catalog_writer_init (BinderyCatalogWriter *self)
{
}

BinderyCatalogWriter *
bindery_catalog_writer_new (BinderyCatalog *catalog)
{
  BinderyCatalogWriter *self;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  self = g_object_new (BINDERY_TYPE_CATALOG_WRITER, NULL);
  self->catalog = g_object_ref (catalog);
  return self;
}

BinderyCatalog *
bindery_catalog_writer_get_catalog (BinderyCatalogWriter *self)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), NULL);
  return self->catalog;
}

gboolean
bindery_catalog_writer_begin (BinderyCatalogWriter  *self,
                              GError               **error)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);

  if (self->in_transaction)
    return TRUE;
  if (!bindery_catalog_begin (self->catalog, error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
bindery_catalog_writer_commit (BinderyCatalogWriter  *self,
                               GError               **error)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);

  if (!self->in_transaction)
    return TRUE;
  if (!bindery_catalog_commit (self->catalog, error))
    {
      bindery_catalog_rollback (self->catalog);
      self->in_transaction = FALSE;
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

void
bindery_catalog_writer_rollback (BinderyCatalogWriter *self)
{
  g_return_if_fail (BINDERY_IS_CATALOG_WRITER (self));

  if (!self->in_transaction)
    return;
  bindery_catalog_rollback (self->catalog);
  self->in_transaction = FALSE;
}

gboolean
bindery_catalog_writer_in_transaction (BinderyCatalogWriter *self)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);
  return self->in_transaction;
}

/* --- binding helpers ------------------------------------------------------------ */

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, i);
}

static void
bind_blob (sqlite3_stmt *stmt,
           int           i,
           const char   *bytes)
{
  if (bytes != NULL)
    sqlite3_bind_blob (stmt, i, bytes, (int) strlen (bytes), SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, i);
}

static void
bind_id (sqlite3_stmt *stmt,
         int           i,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, i, id);
  else
    sqlite3_bind_null (stmt, i);
}

/* A metadata member as a column value: strings as text, numbers as numbers. */
static void
bind_member (sqlite3_stmt *stmt,
             int           i,
             JsonObject   *metadata,
             const char   *member,
             gboolean      integer)
{
  JsonNode *node = json_object_get_member (metadata, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    {
      sqlite3_bind_null (stmt, i);
      return;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, i, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      if (integer)
        sqlite3_bind_int64 (stmt, i, (gint64) json_node_get_double (node));
      else
        sqlite3_bind_double (stmt, i, json_node_get_double (node));
      break;
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);
        gint64 value;

        if (integer && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
          sqlite3_bind_int64 (stmt, i, value);
        else if (integer)
          sqlite3_bind_null (stmt, i);
        else
          sqlite3_bind_text (stmt, i, text, -1, SQLITE_STATIC);
      }
      break;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, i, json_node_get_boolean (node));
      break;
    default:
      sqlite3_bind_null (stmt, i);
      break;
    }
}

static gboolean
step_done (BinderyCatalogWriter  *self,
           sqlite3_stmt          *stmt,
           const char            *what,
           GError               **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      bindery_catalog_set_error (self->catalog, error, what);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* --- series ----------------------------------------------------------------------- */

gint64
bindery_catalog_writer_add_series (BinderyCatalogWriter  *self,
                                   gint64                 library_id,
                                   const char            *rel_path,
                                   const char            *name,
                                   GError               **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), 0);

  stmt = bindery_catalog_prepare (self->catalog,
                                  "INSERT INTO series (library_id, rel_path, name, status, created_at, updated_at)"
                                  " VALUES (?1, ?2, ?3, 'ready', ?4, ?4)",
                                  error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, library_id);
  sqlite3_bind_blob (stmt, 2, rel_path, (int) strlen (rel_path), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!step_done (self, stmt, "Cannot add a series", error))
    return 0;
  return sqlite3_last_insert_rowid (bindery_catalog_get_db (self->catalog));
}

gboolean
bindery_catalog_writer_set_series_status (BinderyCatalogWriter  *self,
                                          gint64                 series_id,
                                          const char            *status,
                                          GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);

  stmt = bindery_catalog_prepare (self->catalog,
                                  "UPDATE series SET status = ?2, updated_at = ?3 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, series_id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  return step_done (self, stmt, "Cannot update a series", error);
}

gboolean
bindery_catalog_writer_set_series_metadata (BinderyCatalogWriter  *self,
                                            gint64                 series_id,
                                            const char            *json,
                                            GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);

  stmt = bindery_catalog_prepare (self->catalog,
                                  "UPDATE series SET metadata = ?2, updated_at = ?3 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, series_id);
  bind_text (stmt, 2, json);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  return step_done (self, stmt, "Cannot update a series", error);
}

/* --- books ------------------------------------------------------------------------ */

static gboolean
write_metadata_lists (BinderyCatalogWriter  *self,
                      gint64                 book_id,
                      JsonObject            *metadata,
                      GError               **error)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  sqlite3_stmt *stmt;

  stmt = bindery_catalog_prepare (self->catalog,
                                  "INSERT INTO book_metadata_lists (book_id, field, position, value)"
                                  " VALUES (?1, ?2, ?3, ?4)",
                                  error);
  if (stmt == NULL)
    return FALSE;

  json_object_iter_init (&iter, metadata);
  while (json_object_iter_next (&iter, &member, &node))
    {
      JsonArray *array;
      guint position = 0;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        continue;

      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *value = NULL;

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            value = json_node_get_string (element);
          else if (JSON_NODE_HOLDS_OBJECT (element))   /* Creators: {name, role} */
            value = json_object_get_string_member_with_default (json_node_get_object (element), "name", NULL);

          if (value == NULL || *value == '\0')
            continue;

          sqlite3_bind_int64 (stmt, 1, book_id);
          sqlite3_bind_text (stmt, 2, member, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 3, position++);
          sqlite3_bind_text (stmt, 4, value, -1, SQLITE_STATIC);
          if (!step_done (self, stmt, "Cannot write book metadata", error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_metadata (BinderyCatalogWriter  *self,
                gint64                 book_id,
                JsonObject            *metadata,
                gboolean               replace,
                GError               **error)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), metadata);
  g_autofree char *json = json_to_string (root, FALSE);
  sqlite3_stmt *stmt;

  if (replace)
    {
      stmt = bindery_catalog_prepare (self->catalog,
                                      "DELETE FROM book_metadata_lists WHERE book_id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, book_id);
      if (!step_done (self, stmt, "Cannot write book metadata", error))
        return FALSE;
    }

  stmt = bindery_catalog_prepare (self->catalog,
                                  "INSERT OR REPLACE INTO book_metadata (book_id, json, title, series, number,"
                                  " number_sort, volume, year, month, day, publisher, language, story_arc, summary)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, book_id);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
  for (guint i = 0; i < G_N_ELEMENTS (metadata_columns); i++)
    bind_member (stmt, 3 + i, metadata, metadata_columns[i].member, metadata_columns[i].integer);
  if (!step_done (self, stmt, "Cannot write book metadata", error))
    return FALSE;

  return write_metadata_lists (self, book_id, metadata, error);
}

gint64
bindery_catalog_writer_put_book (BinderyCatalogWriter     *self,
                                 const BinderyBookRecord  *record,
                                 GError                  **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();
  gint64 book_id = record->id;

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), 0);
  g_return_val_if_fail (record->rel_path != NULL && record->metadata != NULL, 0);

  if (book_id == 0)
    stmt = bindery_catalog_prepare (self->catalog,
                                    "INSERT INTO books (library_id, series_id, rel_path, name, size, mtime, inode,"
                                    " fingerprint, format, page_count, cover_entry, status, error_kind, error_message,"
                                    " metadata_error, title, number, number_sort, volume, year, added_at, updated_at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                                    " ?16, ?17, ?18, ?19, ?20, ?21, ?21)",
                                    error);
  else
    stmt = bindery_catalog_prepare (self->catalog,
                                    "UPDATE books SET library_id = ?1, series_id = ?2, rel_path = ?3, name = ?4,"
                                    " size = ?5, mtime = ?6, inode = ?7, fingerprint = ?8, format = ?9,"
                                    " page_count = ?10, cover_entry = ?11, status = ?12, error_kind = ?13,"
                                    " error_message = ?14, metadata_error = ?15, title = ?16, number = ?17,"
                                    " number_sort = ?18, volume = ?19, year = ?20, updated_at = ?21,"
                                    " missing_since = NULL WHERE id = ?22",
                                    error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, record->library_id);
  bind_id (stmt, 2, record->series_id);
  bind_blob (stmt, 3, record->rel_path);
  bind_text (stmt, 4, record->name);
  sqlite3_bind_int64 (stmt, 5, record->size);
  sqlite3_bind_int64 (stmt, 6, record->mtime);
  sqlite3_bind_int64 (stmt, 7, (gint64) record->inode);
  bind_text (stmt, 8, record->fingerprint);
  bind_text (stmt, 9, record->format);
  if (record->page_count >= 0)
    sqlite3_bind_int (stmt, 10, record->page_count);
  else
    sqlite3_bind_null (stmt, 10);
  bind_blob (stmt, 11, record->cover_entry);
  bind_text (stmt, 12, record->status);
  bind_text (stmt, 13, record->error_kind);
  bind_text (stmt, 14, record->error_message);
  bind_text (stmt, 15, record->metadata_error);
  bind_member (stmt, 16, record->metadata, "Title", FALSE);
  bind_member (stmt, 17, record->metadata, "Number", FALSE);
  bind_member (stmt, 18, record->metadata, "NumberSort", FALSE);
  bind_member (stmt, 19, record->metadata, "Volume", TRUE);
  bind_member (stmt, 20, record->metadata, "Year", TRUE);
  sqlite3_bind_int64 (stmt, 21, now);
  if (book_id != 0)
    sqlite3_bind_int64 (stmt, 22, book_id);

  if (!step_done (self, stmt, "Cannot write a book", error))
    return 0;

  if (book_id == 0)
    book_id = sqlite3_last_insert_rowid (bindery_catalog_get_db (self->catalog));

  if (!write_metadata (self, book_id, record->metadata, record->id != 0, error))
    return 0;

  return book_id;
}

gboolean
bindery_catalog_writer_move_book (BinderyCatalogWriter  *self,
                                  gint64                 book_id,
                                  gint64                 series_id,
                                  const char            *rel_path,
                                  const char            *name,
                                  gint64                 size,
                                  gint64                 mtime,
                                  guint64                inode,
                                  GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);

  stmt = bindery_catalog_prepare (self->catalog,
                                  "UPDATE books SET series_id = ?2, rel_path = ?3, name = ?4, size = ?5,"
                                  " mtime = ?6, inode = ?7, updated_at = ?8, missing_since = NULL,"
                                  " status = CASE WHEN error_kind IS NULL THEN 'ready' ELSE 'error' END"
                                  " WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, book_id);
  bind_id (stmt, 2, series_id);
  bind_blob (stmt, 3, rel_path);
  bind_text (stmt, 4, name);
  sqlite3_bind_int64 (stmt, 5, size);
  sqlite3_bind_int64 (stmt, 6, mtime);
  sqlite3_bind_int64 (stmt, 7, (gint64) inode);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
  return step_done (self, stmt, "Cannot move a book", error);
}

gboolean
bindery_catalog_writer_set_book_missing (BinderyCatalogWriter  *self,
                                         gint64                 book_id,
                                         gboolean               missing,
                                         GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);

  if (missing)
    stmt = bindery_catalog_prepare (self->catalog,
                                    "UPDATE books SET status = 'missing', missing_since = ?2, updated_at = ?2"
                                    " WHERE id = ?1",
                                    error);
  else
    stmt = bindery_catalog_prepare (self->catalog,
                                    "UPDATE books SET missing_since = NULL, updated_at = ?2,"
                                    " status = CASE WHEN error_kind IS NULL THEN 'ready' ELSE 'error' END"
                                    " WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, book_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  return step_done (self, stmt, "Cannot update a book", error);
}

gboolean
bindery_catalog_writer_set_book_series (BinderyCatalogWriter  *self,
                                        gint64                 book_id,
                                        gint64                 series_id,
                                        GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);

  stmt = bindery_catalog_prepare (self->catalog,
                                  "UPDATE books SET series_id = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, book_id);
  bind_id (stmt, 2, series_id);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  return step_done (self, stmt, "Cannot update a book", error);
}

gboolean
bindery_catalog_writer_set_library_scanned (BinderyCatalogWriter  *self,
                                            gint64                 library_id,
                                            GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);

  stmt = bindery_catalog_prepare (self->catalog,
                                  "UPDATE libraries SET state = 'ready', scanned_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, library_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  return step_done (self, stmt, "Cannot update the library", error);
}
