/* bindery-catalog-books.c: books and series listings as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "bindery-catalog-books.h"
#include "bindery-natural-compare.h"

typedef struct {
  JsonObject *object;
  const char *library;      /* sort keys, borrowed from object */
  const char *series;
  gboolean    has_sort;
  double      number_sort;
  const char *number;
  const char *name;
} Row;

static char *
column_dup_bytes (sqlite3_stmt *stmt,
                  int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strndup (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
}

static void
set_text (JsonObject   *object,
          const char   *member,
          sqlite3_stmt *stmt,
          int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text != NULL)
    json_object_set_string_member (object, member, text);
  else
    json_object_set_null_member (object, member);
}

static void
set_int (JsonObject   *object,
         const char   *member,
         sqlite3_stmt *stmt,
         int           column)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
    json_object_set_int_member (object, member, sqlite3_column_int64 (stmt, column));
  else
    json_object_set_null_member (object, member);
}

/* An absolute path from the library root and a relative one, in display form. */
static char *
display_join (const char *root,
              const char *rel_path)
{
  g_autofree char *path = (rel_path == NULL || *rel_path == '\0') ? g_strdup (root)
                                                                   : g_build_filename (root, rel_path, NULL);

  return g_filename_display_name (path);
}

/* The same path losslessly: its bytes as they are where they are valid UTF-8, else each
 * as \xNN, and a backslash as \\ (Python: codecs.escape_decode). Beside the display
 * form ("path"), where a name that is not UTF-8 shows U+FFFD and cannot be opened. */
static char *
bytes_join (const char *root,
            const char *rel_path)
{
  g_autofree char *path = (rel_path == NULL || *rel_path == '\0') ? g_strdup (root)
                                                                   : g_build_filename (root, rel_path, NULL);
  GString *out = g_string_sized_new (strlen (path) + 8);
  const char *p = path;

  while (*p != '\0')
    {
      const char *end = NULL;

      if (g_utf8_validate (p, -1, &end))
        end = p + strlen (p);
      for (; p < end; p++)
        {
          if (*p == '\\')
            g_string_append (out, "\\\\");
          else
            g_string_append_c (out, *p);
        }
      if (*p != '\0')
        g_string_append_printf (out, "\\x%02x", (guchar) *p++);
    }
  return g_string_free (out, FALSE);
}

static void
set_json (JsonObject   *object,
          const char   *member,
          sqlite3_stmt *stmt,
          int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (text == NULL)
    {
      json_object_set_null_member (object, member);
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, &error) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      g_debug ("Stored JSON for “%s” does not parse: %s", member, error != NULL ? error->message : "empty");
      json_object_set_null_member (object, member);
      return;
    }
  json_object_set_member (object, member, json_node_copy (root));
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = a, *rb = b;
  int cmp;

  if ((cmp = bindery_natural_compare (ra->library, rb->library)) != 0)
    return cmp;
  if ((cmp = bindery_natural_compare (ra->series != NULL ? ra->series : "",
                                      rb->series != NULL ? rb->series : "")) != 0)
    return cmp;
  if (ra->has_sort != rb->has_sort)
    return ra->has_sort ? -1 : 1;
  if (ra->has_sort && ra->number_sort != rb->number_sort)
    return ra->number_sort < rb->number_sort ? -1 : 1;
  if ((ra->number != NULL) != (rb->number != NULL))
    return ra->number != NULL ? -1 : 1;
  if (ra->number != NULL && (cmp = bindery_natural_compare (ra->number, rb->number)) != 0)
    return cmp;
  return bindery_natural_compare (ra->name != NULL ? ra->name : "", rb->name != NULL ? rb->name : "");
}

/* The end of a listing: on a step error (rc != SQLITE_DONE) frees the rows and fails
 * with what; else the rows' objects in display order. */
static JsonArray *
rows_finish (BinderyCatalog  *catalog,
             GArray          *rows,
             int              rc,
             const char      *what,
             GError         **error)
{
  JsonArray *array;

  if (rc != SQLITE_DONE)
    {
      for (guint i = 0; i < rows->len; i++)
        json_object_unref (g_array_index (rows, Row, i).object);
      bindery_catalog_set_error (catalog, error, what);
      return NULL;
    }

  g_array_sort (rows, compare_rows);

  array = json_array_sized_new (rows->len);
  for (guint i = 0; i < rows->len; i++)
    json_array_add_object_element (array, g_array_index (rows, Row, i).object);
  return array;
}

static gboolean
id_in (gint64        id,
       const gint64 *ids,
       guint         n_ids)
{
  for (guint i = 0; i < n_ids; i++)
    if (ids[i] == id)
      return TRUE;
  return FALSE;
}

JsonArray *
bindery_catalog_list_books (BinderyCatalog           *catalog,
                            const BinderyBookFilter  *filter,
                            GError                  **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT b.id, b.library_id, l.name, l.path, b.series_id, s.name, b.rel_path,"
                                  " b.name, b.size, b.mtime, b.format, b.page_count, b.cover_entry, b.status,"
                                  " b.error_kind, b.error_message, b.metadata_error, b.fingerprint, b.title,"
                                  " b.number, b.number_sort, b.volume, b.year, b.added_at, b.updated_at,"
                                  " b.missing_since, m.json, b.verified_at"
                                  " FROM books b JOIN libraries l ON l.id = b.library_id"
                                  " LEFT JOIN series s ON s.id = b.series_id"
                                  " LEFT JOIN book_metadata m ON m.book_id = b.id"
                                  " WHERE (?1 = 0 OR b.library_id = ?1) AND (?2 IS NULL OR b.status = ?2)",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, filter != NULL ? filter->library_id : 0);
  if (filter != NULL && filter->status != NULL)
    sqlite3_bind_text (stmt, 2, filter->status, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *object;
      Row row = { 0 };
      g_autofree char *root = NULL;
      g_autofree char *rel_path = NULL;
      g_autofree char *cover = NULL;
      g_autofree char *rel_display = NULL;
      gint64 series_id = sqlite3_column_int64 (stmt, 4);

      if (filter != NULL && filter->series_ids != NULL &&
          !id_in (series_id, filter->series_ids, filter->n_series_ids))
        continue;

      object = json_object_new ();
      root = column_dup_bytes (stmt, 3);
      rel_path = column_dup_bytes (stmt, 6);
      cover = column_dup_bytes (stmt, 12);

      json_object_set_int_member (object, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_int_member (object, "library_id", sqlite3_column_int64 (stmt, 1));
      set_text (object, "library", stmt, 2);
      set_int (object, "series_id", stmt, 4);
      set_text (object, "series", stmt, 5);
      {
        g_autofree char *path = display_join (root != NULL ? root : "", rel_path);
        g_autofree char *path_bytes = bytes_join (root != NULL ? root : "", rel_path);

        json_object_set_string_member (object, "path", path);
        json_object_set_string_member (object, "path_bytes", path_bytes);
      }
      rel_display = g_filename_display_name (rel_path != NULL ? rel_path : "");
      json_object_set_string_member (object, "rel_path", rel_display);
      set_text (object, "name", stmt, 7);
      set_int (object, "size", stmt, 8);
      set_int (object, "mtime", stmt, 9);
      set_text (object, "format", stmt, 10);
      set_int (object, "pages", stmt, 11);
      if (cover != NULL)
        {
          g_autofree char *valid = g_utf8_make_valid (cover, -1);
          json_object_set_string_member (object, "cover_entry", valid);
        }
      else
        json_object_set_null_member (object, "cover_entry");
      set_text (object, "status", stmt, 13);
      set_text (object, "error_kind", stmt, 14);
      set_text (object, "error_message", stmt, 15);
      set_text (object, "metadata_error", stmt, 16);
      set_text (object, "fingerprint", stmt, 17);
      set_text (object, "title", stmt, 18);
      set_text (object, "number", stmt, 19);
      if (sqlite3_column_type (stmt, 20) != SQLITE_NULL)
        json_object_set_double_member (object, "number_sort", sqlite3_column_double (stmt, 20));
      else
        json_object_set_null_member (object, "number_sort");
      set_int (object, "volume", stmt, 21);
      set_int (object, "year", stmt, 22);
      set_int (object, "added_at", stmt, 23);
      set_int (object, "updated_at", stmt, 24);
      set_int (object, "missing_since", stmt, 25);
      set_json (object, "metadata", stmt, 26);
      set_int (object, "verified_at", stmt, 27);
      if (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "metadata")))
        json_object_set_object_member (object, "metadata", json_object_new ());

      row.object = object;
      row.library = json_object_get_string_member_with_default (object, "library", "");
      row.series = json_object_get_string_member_with_default (object, "series", NULL);
      row.has_sort = !json_object_get_null_member (object, "number_sort");
      row.number_sort = row.has_sort ? json_object_get_double_member (object, "number_sort") : 0;
      row.number = json_object_get_string_member_with_default (object, "number", NULL);
      row.name = json_object_get_string_member_with_default (object, "name", NULL);
      g_array_append_val (rows, row);
    }
  sqlite3_reset (stmt);

  return rows_finish (catalog, rows, rc, "Cannot list books", error);
}

JsonArray *
bindery_catalog_list_series (BinderyCatalog  *catalog,
                             gint64           library_id,
                             GError         **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT s.id, s.library_id, l.name, l.path, s.name, s.rel_path, s.status,"
                                  " (SELECT count(*) FROM books b WHERE b.series_id = s.id AND b.status != 'missing'),"
                                  " (SELECT count(*) FROM books b WHERE b.series_id = s.id),"
                                  " s.metadata, s.created_at, s.updated_at"
                                  " FROM series s JOIN libraries l ON l.id = s.library_id"
                                  " WHERE (?1 = 0 OR s.library_id = ?1)",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, library_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();
      g_autofree char *root = column_dup_bytes (stmt, 3);
      g_autofree char *rel_path = column_dup_bytes (stmt, 5);
      g_autofree char *folder = g_filename_display_name (rel_path != NULL ? rel_path : "");
      g_autofree char *path = display_join (root != NULL ? root : "", rel_path);
      g_autofree char *path_bytes = bytes_join (root != NULL ? root : "", rel_path);
      Row row = { 0 };

      json_object_set_int_member (object, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_int_member (object, "library_id", sqlite3_column_int64 (stmt, 1));
      set_text (object, "library", stmt, 2);
      set_text (object, "name", stmt, 4);
      json_object_set_string_member (object, "folder", folder);
      json_object_set_string_member (object, "path", path);
      json_object_set_string_member (object, "path_bytes", path_bytes);
      set_text (object, "status", stmt, 6);
      set_int (object, "books", stmt, 7);
      set_int (object, "books_total", stmt, 8);
      set_json (object, "metadata", stmt, 9);
      set_int (object, "created_at", stmt, 10);
      set_int (object, "updated_at", stmt, 11);

      row.object = object;
      row.library = json_object_get_string_member_with_default (object, "library", "");
      row.series = json_object_get_string_member_with_default (object, "name", "");
      row.name = json_object_get_string_member (object, "folder");
      g_array_append_val (rows, row);
    }
  sqlite3_reset (stmt);

  return rows_finish (catalog, rows, rc, "Cannot list series", error);
}

GArray *
bindery_catalog_find_series (BinderyCatalog  *catalog,
                             gint64           library_id,
                             const char      *spec,
                             GError         **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  guint64 id;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (*spec != '\0' && g_ascii_string_to_unsigned (spec, 10, 1, G_MAXINT64, &id, NULL))
    {
      stmt = bindery_catalog_prepare (catalog, "SELECT id FROM series WHERE id = ?1 AND (?2 = 0 OR library_id = ?2)",
                                      error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, (gint64) id);
      sqlite3_bind_int64 (stmt, 2, library_id);
    }
  else
    {
      stmt = bindery_catalog_prepare (catalog,
                                      "SELECT id FROM series WHERE name = ?1 AND (?2 = 0 OR library_id = ?2)"
                                      " ORDER BY id",
                                      error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, spec, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, library_id);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 found = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, found);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE && ids->len == 0)
    {
      /* by folder: relative to the root, or absolute (as the library path was added) */
      g_autofree char *wanted = g_strdup (spec);
      gsize len = strlen (wanted);

      while (len > 1 && wanted[len - 1] == '/')
        wanted[--len] = '\0';

      stmt = bindery_catalog_prepare (catalog,
                                      "SELECT s.id, s.rel_path, l.path FROM series s"
                                      " JOIN libraries l ON l.id = s.library_id"
                                      " WHERE (?1 = 0 OR s.library_id = ?1) ORDER BY s.id",
                                      error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, library_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autofree char *rel_path = column_dup_bytes (stmt, 1);
          g_autofree char *root = column_dup_bytes (stmt, 2);
          g_autofree char *absolute = NULL;
          gint64 found = sqlite3_column_int64 (stmt, 0);

          if (rel_path == NULL || root == NULL)
            continue;
          absolute = *rel_path != '\0' ? g_build_filename (root, rel_path, NULL) : g_strdup (root);
          if ((*rel_path != '\0' && strcmp (rel_path, wanted) == 0) ||
              (*rel_path == '\0' && strcmp (wanted, ".") == 0) ||
              strcmp (absolute, wanted) == 0)
            g_array_append_val (ids, found);
        }
      sqlite3_reset (stmt);
    }

  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot look the series up");
      return NULL;
    }
  if (ids->len == 0)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                   _("There is no series “%s”"), spec);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

char *
bindery_catalog_dup_series_path (BinderyCatalog  *catalog,
                                 gint64           series_id,
                                 GError         **error)
{
  sqlite3_stmt *stmt;
  char *path = NULL;
  int rc;

  stmt = bindery_catalog_prepare (catalog, "SELECT rel_path FROM series WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, series_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    path = column_dup_bytes (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    return path != NULL ? path : g_strdup ("");
  if (rc == SQLITE_DONE)
    g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                 "There is no series with id %" G_GINT64_FORMAT, series_id);
  else
    bindery_catalog_set_error (catalog, error, "Cannot look the series up");
  return NULL;
}

GHashTable *
bindery_catalog_scan_book_ids (BinderyCatalog  *catalog,
                               gint64           library_id,
                               gint64           scan_job_id,
                               GError         **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT id FROM books WHERE scan_job = ?1 AND library_id = ?2",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, scan_job_id);
  sqlite3_bind_int64 (stmt, 2, library_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot list the books of a scan");
      return NULL;
    }
  return g_steal_pointer (&ids);
}
