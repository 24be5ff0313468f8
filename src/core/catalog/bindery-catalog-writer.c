/* bindery-catalog-writer.c: batch writes of books, book metadata and series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-catalog"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "bindery-catalog-writer.h"

/* The statements of a book write, prepared once per writer (the catalog owns them). */
typedef enum {
  STMT_INSERT_BOOK,
  STMT_UPDATE_BOOK,
  STMT_PUT_METADATA,
  STMT_DELETE_LISTS,
  STMT_INSERT_LIST,
  N_STMTS
} BookStatement;

static const char * const book_statements[N_STMTS] = {
  [STMT_INSERT_BOOK] =
    "INSERT INTO books (library_id, series_id, rel_path, name, size, mtime, inode,"
    " fingerprint, format, page_count, cover_entry, status, error_kind, error_message,"
    " metadata_error, title, number, number_sort, volume, year, added_at, updated_at,"
    " sidecar, scan_job)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17, ?18, ?19, ?20, ?21, ?21, ?23, ?24)",
  [STMT_UPDATE_BOOK] =
    "UPDATE books SET library_id = ?1, series_id = ?2, rel_path = ?3, name = ?4,"
    " size = ?5, mtime = ?6, inode = ?7, fingerprint = ?8, format = ?9,"
    " page_count = ?10, cover_entry = ?11, status = ?12, error_kind = ?13,"
    " error_message = ?14, metadata_error = ?15, title = ?16, number = ?17,"
    " number_sort = ?18, volume = ?19, year = ?20, updated_at = ?21,"
    " sidecar = ?23, scan_job = ?24, missing_since = NULL, verified_at = NULL WHERE id = ?22",
  [STMT_PUT_METADATA] =
    "INSERT OR REPLACE INTO book_metadata (book_id, json, title, series, number,"
    " number_sort, volume, year, month, day, publisher, language, story_arc, summary)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
  [STMT_DELETE_LISTS] =
    "DELETE FROM book_metadata_lists WHERE book_id = ?1",
  [STMT_INSERT_LIST] =
    "INSERT INTO book_metadata_lists (book_id, field, position, value)"
    " VALUES (?1, ?2, ?3, ?4)",
};

/* WAL pages between automatic checkpoints while a writer is open (SQLite's default
 * is 1000, 4 MB). A checkpoint copies pages into the database file and syncs it: a
 * scan writes the same index pages in batch after batch, so at the default it copies
 * them several times over and waits for a sync every few batches (in sync mode every
 * few hundred books). With 64 MB, a 10,000-book first scan checkpoints once, when the
 * writer is done; an unchanged rescan, which writes a few pages, not at all. */
#define WRITER_WAL_AUTOCHECKPOINT 16384

struct _BinderyCatalogWriter
{
  GObject          parent_instance;

  BinderyCatalog  *catalog;
  gboolean         in_transaction;
  int              wal_autocheckpoint;    /* the connection's own, restored at the end */
  int              wal_pages;             /* frames in the WAL after the last commit */
  sqlite3_stmt    *statements[N_STMTS];   /* borrowed from the catalog's cache */
  int              wal_fd;                /* the WAL, read-only, to start its writeback; -1 */
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

/* metadata_columns that the books row repeats */
enum { COLUMN_TITLE = 0, COLUMN_NUMBER = 2, COLUMN_NUMBER_SORT = 3, COLUMN_VOLUME = 4, COLUMN_YEAR = 5 };

typedef struct {
  int          type;     /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT or SQLITE_TEXT */
  gint64       integer;
  double       real;
  const char  *text;     /* in the record */
} ColumnValue;

typedef struct {
  const char  *field;    /* in the record */
  const char  *value;
  guint        position;
} ListValue;

struct _BinderyMetadataRow
{
  JsonObject  *metadata;
  char        *json;
  ColumnValue  columns[G_N_ELEMENTS (metadata_columns)];
  GArray      *lists;    /* ListValue */
};

static void
bindery_catalog_writer_finalize (GObject *object)
{
  BinderyCatalogWriter *self = (BinderyCatalogWriter *) object;

  if (self->in_transaction)
    bindery_catalog_rollback (self->catalog);
  if (self->wal_fd >= 0)
    close (self->wal_fd);
  if (self->wal_autocheckpoint > 0)
    {
      sqlite3 *db = bindery_catalog_get_db (self->catalog);

      /* the checkpoint the connection's own setting would have made by now */
      if (self->wal_pages >= self->wal_autocheckpoint)
        sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      sqlite3_wal_autocheckpoint (db, self->wal_autocheckpoint);   /* SQLite's hook again */
    }
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
  self->wal_fd = -1;
}

/* After a commit: starts writing the WAL's new pages to disk, without waiting for it. The
 * checkpoint at the end of a writer (or at the last close) syncs the WAL before it copies
 * its pages into the database; with synchronous=NORMAL nothing syncs it before, so that
 * sync found every page of the writer's batches still to be written: for a 10,000-book
 * first scan, some 40 MB in one wait at the very end. Written back as the batches commit,
 * the pages are on disk (or on their way) by then. Durability is unchanged: the commit
 * still promises what synchronous=NORMAL promises, and the checkpoint still syncs. */
static void
start_wal_writeback (BinderyCatalogWriter *self)
{
#ifdef SYNC_FILE_RANGE_WRITE
  if (self->wal_fd == -1)
    {
      const char *db_path = sqlite3_db_filename (bindery_catalog_get_db (self->catalog), "main");
      g_autofree char *wal_path = NULL;

      if (db_path == NULL || *db_path == '\0')
        return;
      wal_path = g_strconcat (db_path, "-wal", NULL);
      self->wal_fd = open (wal_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
      if (self->wal_fd < 0)
        {
          self->wal_fd = -1;   /* no WAL (yet): looked for again after the next commit */
          return;
        }
    }
  /* only a hint: a file system that cannot do it just leaves the pages to the sync */
  (void) sync_file_range (self->wal_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
}

/* SQLite's automatic checkpoint (sqlite3_wal_autocheckpoint is this hook), with our
 * threshold, and the WAL's size for the end. */
static int
wal_hook (gpointer     data,
          sqlite3     *db,
          const char  *name,
          int          pages)
{
  BinderyCatalogWriter *self = data;

  self->wal_pages = pages;
  if (pages >= WRITER_WAL_AUTOCHECKPOINT)
    {
      sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      self->wal_pages = 0;
    }
  return SQLITE_OK;
}

/* PRAGMA wal_autocheckpoint of the connection; 0 when off or unknown (left alone). */
static int
current_wal_autocheckpoint (BinderyCatalog *catalog)
{
  sqlite3_stmt *stmt = NULL;
  int pages = 0;

  if (sqlite3_prepare_v2 (bindery_catalog_get_db (catalog), "PRAGMA wal_autocheckpoint", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    pages = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return pages;
}

BinderyCatalogWriter *
bindery_catalog_writer_new (BinderyCatalog *catalog)
{
  BinderyCatalogWriter *self;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  self = g_object_new (BINDERY_TYPE_CATALOG_WRITER, NULL);
  self->catalog = g_object_ref (catalog);
  self->wal_autocheckpoint = current_wal_autocheckpoint (catalog);
  if (self->wal_autocheckpoint > 0)
    sqlite3_wal_hook (bindery_catalog_get_db (catalog), wal_hook, self);
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
  if (self->wal_autocheckpoint > 0)   /* a WAL catalog */
    start_wal_writeback (self);
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
static ColumnValue
column_value (JsonObject *metadata,
              const char *member,
              gboolean    integer)
{
  JsonNode *node = json_object_get_member (metadata, member);
  ColumnValue value = { SQLITE_NULL, 0, 0, NULL };

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return value;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value.type = SQLITE_INTEGER;
      value.integer = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      if (integer)
        {
          value.type = SQLITE_INTEGER;
          value.integer = (gint64) json_node_get_double (node);
        }
      else
        {
          value.type = SQLITE_FLOAT;
          value.real = json_node_get_double (node);
        }
      break;
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        if (!integer)
          {
            value.type = SQLITE_TEXT;
            value.text = text;
          }
        else if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value.integer, NULL))
          value.type = SQLITE_INTEGER;
      }
      break;
    case G_TYPE_BOOLEAN:
      value.type = SQLITE_INTEGER;
      value.integer = json_node_get_boolean (node);
      break;
    default:
      break;
    }
  return value;
}

static void
bind_value (sqlite3_stmt      *stmt,
            int                i,
            const ColumnValue *value)
{
  switch (value->type)
    {
    case SQLITE_INTEGER:
      sqlite3_bind_int64 (stmt, i, value->integer);
      break;
    case SQLITE_FLOAT:
      sqlite3_bind_double (stmt, i, value->real);
      break;
    case SQLITE_TEXT:
      sqlite3_bind_text (stmt, i, value->text, -1, SQLITE_STATIC);
      break;
    default:
      sqlite3_bind_null (stmt, i);
      break;
    }
}

BinderyMetadataRow *
bindery_metadata_row_new (JsonObject *metadata)
{
  BinderyMetadataRow *row = g_new0 (BinderyMetadataRow, 1);
  g_autoptr(JsonNode) root = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  g_return_val_if_fail (metadata != NULL, NULL);

  row->metadata = json_object_ref (metadata);
  root = json_node_init_object (json_node_alloc (), metadata);
  row->json = json_to_string (root, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (metadata_columns); i++)
    row->columns[i] = column_value (metadata, metadata_columns[i].member, metadata_columns[i].integer);

  row->lists = g_array_new (FALSE, FALSE, sizeof (ListValue));
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
          ListValue value = { member, NULL, 0 };

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            value.value = json_node_get_string (element);
          else if (JSON_NODE_HOLDS_OBJECT (element))   /* Creators: {name, role} */
            value.value = json_object_get_string_member_with_default (json_node_get_object (element), "name", NULL);

          if (value.value == NULL || *value.value == '\0')
            continue;
          value.position = position++;
          g_array_append_val (row->lists, value);
        }
    }
  return row;
}

void
bindery_metadata_row_free (BinderyMetadataRow *row)
{
  if (row == NULL)
    return;
  g_clear_pointer (&row->lists, g_array_unref);
  g_free (row->json);
  g_clear_pointer (&row->metadata, json_object_unref);
  g_free (row);
}

/* A book statement, reset, its parameters bound anew by the caller. */
static sqlite3_stmt *
book_statement (BinderyCatalogWriter  *self,
                BookStatement          which,
                GError               **error)
{
  if (self->statements[which] == NULL)
    self->statements[which] = bindery_catalog_prepare (self->catalog, book_statements[which], error);
  return self->statements[which];
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
write_metadata (BinderyCatalogWriter      *self,
                gint64                     book_id,
                const BinderyMetadataRow  *row,
                gboolean                   replace,
                GError                   **error)
{
  sqlite3_stmt *stmt;

  if (replace)
    {
      stmt = book_statement (self, STMT_DELETE_LISTS, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, book_id);
      if (!step_done (self, stmt, "Cannot write book metadata", error))
        return FALSE;
    }

  stmt = book_statement (self, STMT_PUT_METADATA, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, book_id);
  sqlite3_bind_text (stmt, 2, row->json, -1, SQLITE_STATIC);
  for (guint i = 0; i < G_N_ELEMENTS (metadata_columns); i++)
    bind_value (stmt, 3 + i, &row->columns[i]);
  if (!step_done (self, stmt, "Cannot write book metadata", error))
    return FALSE;

  if (row->lists->len == 0)
    return TRUE;
  stmt = book_statement (self, STMT_INSERT_LIST, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < row->lists->len; i++)
    {
      const ListValue *value = &g_array_index (row->lists, ListValue, i);

      sqlite3_bind_int64 (stmt, 1, book_id);
      sqlite3_bind_text (stmt, 2, value->field, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, value->position);
      sqlite3_bind_text (stmt, 4, value->value, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "Cannot write book metadata", error))
        return FALSE;
    }
  return TRUE;
}

gint64
bindery_catalog_writer_put_book (BinderyCatalogWriter     *self,
                                 const BinderyBookRecord  *record,
                                 GError                  **error)
{
  g_autoptr(BinderyMetadataRow) own_row = NULL;
  const BinderyMetadataRow *row = record->metadata_row;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();
  gint64 book_id = record->id;

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), 0);
  g_return_val_if_fail (record->rel_path != NULL, 0);
  g_return_val_if_fail (record->metadata != NULL || record->metadata_row != NULL, 0);

  if (row == NULL)
    row = own_row = bindery_metadata_row_new (record->metadata);

  stmt = book_statement (self, book_id == 0 ? STMT_INSERT_BOOK : STMT_UPDATE_BOOK, error);
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
  bind_value (stmt, 16, &row->columns[COLUMN_TITLE]);
  bind_value (stmt, 17, &row->columns[COLUMN_NUMBER]);
  bind_value (stmt, 18, &row->columns[COLUMN_NUMBER_SORT]);
  bind_value (stmt, 19, &row->columns[COLUMN_VOLUME]);
  bind_value (stmt, 20, &row->columns[COLUMN_YEAR]);
  sqlite3_bind_int64 (stmt, 21, now);
  if (book_id != 0)
    sqlite3_bind_int64 (stmt, 22, book_id);
  bind_text (stmt, 23, record->sidecar);
  bind_id (stmt, 24, record->scan_job);

  if (!step_done (self, stmt, "Cannot write a book", error))
    return 0;

  if (book_id == 0)
    book_id = sqlite3_last_insert_rowid (bindery_catalog_get_db (self->catalog));

  if (!write_metadata (self, book_id, row, record->id != 0, error))
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

gboolean
bindery_catalog_writer_set_book_verified (BinderyCatalogWriter  *self,
                                          gint64                 book_id,
                                          const char            *damage,
                                          GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG_WRITER (self), FALSE);

  if (damage != NULL)
    stmt = bindery_catalog_prepare (self->catalog,
                                    "UPDATE books SET status = 'error', error_kind = 'corrupt',"
                                    " error_message = ?3, verified_at = ?2, updated_at = ?2 WHERE id = ?1",
                                    error);
  else
    /* an error with verified_at set is a verification's finding (a re-read clears it) */
    stmt = bindery_catalog_prepare (self->catalog,
                                    "UPDATE books SET verified_at = ?2,"
                                    " updated_at = CASE WHEN status = 'error' AND verified_at IS NOT NULL"
                                    "   THEN ?2 ELSE updated_at END,"
                                    " error_kind = CASE WHEN status = 'error' AND verified_at IS NOT NULL"
                                    "   THEN NULL ELSE error_kind END,"
                                    " error_message = CASE WHEN status = 'error' AND verified_at IS NOT NULL"
                                    "   THEN NULL ELSE error_message END,"
                                    " status = CASE WHEN status = 'error' AND verified_at IS NOT NULL"
                                    "   THEN 'ready' ELSE status END"
                                    " WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, book_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  if (damage != NULL)
    sqlite3_bind_text (stmt, 3, damage, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, "Cannot update a book", error);
}
