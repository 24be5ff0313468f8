/* bindery-scan-plan.c: catalog snapshot and the diff of a walk against it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <string.h>

#include "bindery-scan-plan.h"
#include "bindery-scan-scope.h"

static const char *
column_bytes (GStringChunk *strings,
              sqlite3_stmt *stmt,
              int           column)
{
  const void *blob;
  int len;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  blob = sqlite3_column_blob (stmt, column);
  len = sqlite3_column_bytes (stmt, column);
  return g_string_chunk_insert_len (strings, blob != NULL ? blob : "", len);
}

static BinderyBookStatus
status_from_string (const char *status)
{
  if (g_strcmp0 (status, "missing") == 0)
    return BINDERY_BOOK_STATUS_MISSING;
  if (g_strcmp0 (status, "error") == 0)
    return BINDERY_BOOK_STATUS_ERROR;
  return BINDERY_BOOK_STATUS_READY;
}

BinderyScanSnapshot *
bindery_scan_snapshot_load (BinderyCatalog  *catalog,
                            gint64           library_id,
                            GError         **error)
{
  g_autoptr(BinderyScanSnapshot) snapshot = g_new0 (BinderyScanSnapshot, 1);
  sqlite3_stmt *stmt;
  int rc;

  snapshot->strings = g_string_chunk_new (64 * 1024);
  snapshot->books = g_array_new (FALSE, FALSE, sizeof (BinderySnapshotBook));
  snapshot->books_by_path = g_hash_table_new (g_str_hash, g_str_equal);
  snapshot->series = g_array_new (FALSE, FALSE, sizeof (BinderySnapshotSeries));
  snapshot->series_by_path = g_hash_table_new (g_str_hash, g_str_equal);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT id, series_id, rel_path, size, mtime, inode, fingerprint, status, sidecar"
                                  " FROM books WHERE library_id = ?1 ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, library_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BinderySnapshotBook book = { 0 };

      book.id = sqlite3_column_int64 (stmt, 0);
      book.series_id = sqlite3_column_int64 (stmt, 1);
      book.rel_path = column_bytes (snapshot->strings, stmt, 2);
      book.size = sqlite3_column_int64 (stmt, 3);
      book.mtime = sqlite3_column_int64 (stmt, 4);
      book.inode = (guint64) sqlite3_column_int64 (stmt, 5);
      book.fingerprint = column_bytes (snapshot->strings, stmt, 6);
      book.status = status_from_string ((const char *) sqlite3_column_text (stmt, 7));
      book.sidecar = column_bytes (snapshot->strings, stmt, 8);
      if (book.rel_path == NULL)
        continue;
      if (book.status != BINDERY_BOOK_STATUS_MISSING)
        snapshot->n_present++;
      g_array_append_val (snapshot->books, book);
      g_hash_table_insert (snapshot->books_by_path, (gpointer) book.rel_path,
                           GUINT_TO_POINTER (snapshot->books->len));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot read the library's books");
      return NULL;
    }

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT id, rel_path, name, status, metadata FROM series"
                                  " WHERE library_id = ?1 ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, library_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BinderySnapshotSeries series = { 0 };

      series.id = sqlite3_column_int64 (stmt, 0);
      series.rel_path = column_bytes (snapshot->strings, stmt, 1);
      series.name = column_bytes (snapshot->strings, stmt, 2);
      series.missing = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "missing") == 0;
      series.metadata = column_bytes (snapshot->strings, stmt, 4);
      if (series.rel_path == NULL)
        continue;
      g_array_append_val (snapshot->series, series);
      g_hash_table_insert (snapshot->series_by_path, (gpointer) series.rel_path,
                           GUINT_TO_POINTER (snapshot->series->len));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot read the library's series");
      return NULL;
    }

  return g_steal_pointer (&snapshot);
}

void
bindery_scan_snapshot_free (BinderyScanSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_clear_pointer (&snapshot->books_by_path, g_hash_table_unref);
  g_clear_pointer (&snapshot->series_by_path, g_hash_table_unref);
  g_clear_pointer (&snapshot->books, g_array_unref);
  g_clear_pointer (&snapshot->series, g_array_unref);
  g_clear_pointer (&snapshot->strings, g_string_chunk_free);
  g_free (snapshot);
}

int
bindery_scan_snapshot_find_book (BinderyScanSnapshot *snapshot,
                                 const char          *rel_path)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (snapshot->books_by_path, rel_path)) - 1;
}

int
bindery_scan_snapshot_find_series (BinderyScanSnapshot *snapshot,
                                   const char          *rel_path)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (snapshot->series_by_path, rel_path)) - 1;
}

char *
bindery_scan_series_path (BinderyLibraryPattern  pattern,
                          const char            *book_rel_path)
{
  const char *slash;

  if (pattern == BINDERY_LIBRARY_PATTERN_COLLECTION)
    slash = strchr (book_rel_path, '/');
  else
    slash = strrchr (book_rel_path, '/');

  if (slash == NULL)
    return g_strdup ("");
  return g_strndup (book_rel_path, slash - book_rel_path);
}

char *
bindery_scan_series_name (const char *library_path,
                          const char *series_path)
{
  g_autofree char *base = g_path_get_basename (*series_path != '\0' ? series_path : library_path);

  return g_filename_display_name (base);
}

static void
int_array_unref (gpointer data)
{
  g_array_unref (data);
}

static void
add_vanished_fingerprint (BinderyScanPlan     *plan,
                          BinderySnapshotBook *book,
                          int                  index)
{
  GArray *same_fp;

  if (book->fingerprint == NULL)
    return;
  same_fp = g_hash_table_lookup (plan->vanished_by_fingerprint, book->fingerprint);
  if (same_fp == NULL)
    {
      same_fp = g_array_new (FALSE, FALSE, sizeof (int));
      g_hash_table_insert (plan->vanished_by_fingerprint, (gpointer) book->fingerprint, same_fp);
    }
  g_array_append_val (same_fp, index);
}

static BinderyScanPlan *
plan_new (BinderyScanSnapshot   *snapshot,
          BinderyWalk           *walk,
          BinderyLibraryPattern  pattern,
          const char            *scope,
          BinderyScanScope      *folders,
          gboolean               force,
          gboolean               deep)
{
  BinderyScanPlan *plan = g_new0 (BinderyScanPlan, 1);
  const char *last_dir_series = NULL;
  guint last_dir = G_MAXUINT;

  plan->snapshot = snapshot;
  plan->walk = walk;
  plan->strings = g_string_chunk_new (4096);
  plan->items = g_array_sized_new (FALSE, FALSE, sizeof (BinderyScanItem), walk->files->len);
  plan->vanished = g_array_new (FALSE, FALSE, sizeof (int));
  plan->unknown_series = g_hash_table_new (g_str_hash, g_str_equal);
  plan->vanished_by_fingerprint = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, int_array_unref);

  for (guint i = 0; i < snapshot->books->len; i++)
    g_array_index (snapshot->books, BinderySnapshotBook, i).seen = FALSE;

  for (guint i = 0; i < walk->files->len; i++)
    {
      const BinderyWalkFile *file = &g_array_index (walk->files, BinderyWalkFile, i);
      BinderyScanItem item = { 0 };
      int index;

      item.file = file;

      /* files of one folder are consecutive: derive the series once per folder */
      if (file->dir != last_dir)
        {
          g_autofree char *series_path = bindery_scan_series_path (pattern, file->rel_path);

          last_dir_series = g_string_chunk_insert_const (plan->strings, series_path);
          last_dir = file->dir;
        }
      item.series_path = last_dir_series;

      index = bindery_scan_snapshot_find_book (snapshot, file->rel_path);
      item.snapshot_book = index;
      if (index < 0)
        {
          item.action = BINDERY_SCAN_ACTION_NEW;
          item.analyse = TRUE;
          item.fingerprint = TRUE;
        }
      else
        {
          BinderySnapshotBook *book = &g_array_index (snapshot->books, BinderySnapshotBook, index);
          gboolean same = book->size == file->size && book->mtime == file->mtime && book->inode == file->inode
                          && g_strcmp0 (book->sidecar, file->sidecar) == 0;

          book->seen = TRUE;
          if (book->status == BINDERY_BOOK_STATUS_MISSING)
            item.action = BINDERY_SCAN_ACTION_RESTORED;
          else if (!same || force)
            item.action = BINDERY_SCAN_ACTION_CHANGED;
          else
            item.action = BINDERY_SCAN_ACTION_UNCHANGED;

          item.analyse = !same || force;
          item.fingerprint = item.analyse || deep;
        }

      if (item.analyse || item.fingerprint)
        plan->n_to_analyse++;
      g_array_append_val (plan->items, item);
    }

  for (guint i = 0; i < snapshot->books->len; i++)
    {
      BinderySnapshotBook *book = &g_array_index (snapshot->books, BinderySnapshotBook, i);
      int index = (int) i;

      if (book->seen)
        continue;
      if (scope != NULL)
        {
          g_autofree char *series_path = bindery_scan_series_path (pattern, book->rel_path);

          if (strcmp (series_path, scope) != 0)
            continue;
        }
      if (folders != NULL && !bindery_scan_scope_contains_book (folders, book->rel_path))
        {
          /* out of scope: untouched, but a missing book whose file comes back in
           * scope under another name keeps its id (deleted, then re-created
           * elsewhere; a move seen in two scoped scans) */
          if (book->status == BINDERY_BOOK_STATUS_MISSING)
            add_vanished_fingerprint (plan, book, index);
          continue;
        }

      /* not seen because it could not be looked at: not gone */
      if (bindery_walk_is_unreadable (walk, book->rel_path))
        {
          char *series_path = bindery_scan_series_path (pattern, book->rel_path);

          g_hash_table_add (plan->unknown_series,
                            (gpointer) g_string_chunk_insert_const (plan->strings, series_path));
          g_free (series_path);
          plan->n_unknown++;
          continue;
        }

      g_array_append_val (plan->vanished, index);
      add_vanished_fingerprint (plan, book, index);
    }

  return plan;
}

BinderyScanPlan *
bindery_scan_plan_new (BinderyScanSnapshot   *snapshot,
                       BinderyWalk           *walk,
                       BinderyLibraryPattern  pattern,
                       const char            *scope,
                       gboolean               force,
                       gboolean               deep)
{
  return plan_new (snapshot, walk, pattern, scope, NULL, force, deep);
}

BinderyScanPlan *
bindery_scan_plan_new_for_folders (BinderyScanSnapshot   *snapshot,
                                   BinderyWalk           *walk,
                                   BinderyLibraryPattern  pattern,
                                   BinderyScanScope      *folders,
                                   gboolean               force,
                                   gboolean               deep)
{
  g_return_val_if_fail (folders != NULL, NULL);

  return plan_new (snapshot, walk, pattern, NULL, folders, force, deep);
}

void
bindery_scan_plan_free (BinderyScanPlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_pointer (&plan->vanished_by_fingerprint, g_hash_table_unref);
  g_clear_pointer (&plan->vanished, g_array_unref);
  g_clear_pointer (&plan->unknown_series, g_hash_table_unref);
  g_clear_pointer (&plan->items, g_array_unref);
  g_clear_pointer (&plan->strings, g_string_chunk_free);
  g_free (plan);
}

gboolean
bindery_scan_plan_is_vanished_fingerprint (BinderyScanPlan *plan,
                                           const char      *fingerprint)
{
  return fingerprint != NULL && g_hash_table_contains (plan->vanished_by_fingerprint, fingerprint);
}

int
bindery_scan_plan_claim_moved (BinderyScanPlan *plan,
                               const char      *fingerprint)
{
  GArray *same_fp;

  if (fingerprint == NULL)
    return -1;
  same_fp = g_hash_table_lookup (plan->vanished_by_fingerprint, fingerprint);
  for (guint i = 0; same_fp != NULL && i < same_fp->len; i++)
    {
      int index = g_array_index (same_fp, int, i);
      BinderySnapshotBook *book = &g_array_index (plan->snapshot->books, BinderySnapshotBook, index);

      if (!book->claimed)
        {
          book->claimed = TRUE;
          return index;
        }
    }
  return -1;
}
