/* bindery-convert-books.c: which books a conversion takes, and their rows afterwards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-convert"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bindery-convert-books.h"
#include "bindery-converter.h"
#include "bindery-job-target.h"
#include "bindery-thumbnail-cache.h"

/* The target's books ("scan:ID" resolved); a conversion of "books:" names at least one. */
static gboolean
parse_target (BinderyCatalog    *catalog,
              gint64             library_id,
              const char        *text,
              BinderyJobTarget  *target,
              GError           **error)
{
  if (!bindery_job_target_parse (text, target, error))
    return FALSE;
  if (target->scan_job_id == 0 && target->book_ids != NULL && g_hash_table_size (target->book_ids) == 0)
    {
      bindery_job_target_clear (target);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Invalid job target “%s” (expected series:ID, books:ID,… or scan:ID)"), text);
      return FALSE;
    }
  return bindery_job_target_resolve (target, catalog, library_id, error);
}

void
bindery_convert_candidate_free (BinderyConvertCandidate *candidate)
{
  g_free (candidate->path);
  g_free (candidate->display_path);
  g_free (candidate->status);
  g_free (candidate->error_kind);
  g_free (candidate);
}

static char *
column_bytes (sqlite3_stmt *stmt,
              int           column)
{
  const void *data = sqlite3_column_blob (stmt, column);

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strndup (data != NULL ? data : "", sqlite3_column_bytes (stmt, column));
}

#define CANDIDATES_SQL \
  "SELECT id, series_id, rel_path, format, size, status, error_kind FROM books" \
  " WHERE library_id = ?1 AND format IN ('rar', '7z')" \
  " ORDER BY series_id, rel_path"

GPtrArray *
bindery_convert_list_candidates (BinderyCatalog  *catalog,
                                 gint64           library_id,
                                 const char      *root,
                                 const char      *target,
                                 GError         **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) bindery_convert_candidate_free);
  g_auto(BinderyJobTarget) scope = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!parse_target (catalog, library_id, target, &scope, error))
    return NULL;
  stmt = bindery_catalog_prepare (catalog, CANDIDATES_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, library_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *rel_path = NULL;
      BinderyConvertCandidate *c;

      if (scope.series_id > 0 && sqlite3_column_int64 (stmt, 1) != scope.series_id)
        continue;
      if (scope.book_ids != NULL && !g_hash_table_contains (scope.book_ids, &id))
        continue;

      rel_path = column_bytes (stmt, 2);
      c = g_new0 (BinderyConvertCandidate, 1);
      c->book_id = id;
      c->series_id = sqlite3_column_int64 (stmt, 1);
      c->path = g_build_filename (root, rel_path, NULL);
      c->display_path = g_filename_display_name (c->path);
      c->format = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "7z") == 0
                  ? BINDERY_BOOK_FORMAT_7Z : BINDERY_BOOK_FORMAT_RAR;
      c->size = sqlite3_column_int64 (stmt, 4);
      c->status = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      c->error_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (candidates, c);
    }
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, _("Cannot list the books to convert"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&candidates);
}

gboolean
bindery_convert_candidate_is_convertible (const BinderyConvertCandidate  *candidate,
                                          const char                    **reason)
{
  const char *why = NULL;

  if (g_strcmp0 (candidate->status, "missing") == 0)
    why = _("the file is missing");
  else if (g_strcmp0 (candidate->error_kind, "encrypted") == 0)
    why = _("the book is encrypted");
  else if (g_strcmp0 (candidate->error_kind, "corrupt") == 0)
    why = _("the book is corrupt");
  if (reason != NULL)
    *reason = why;
  return why == NULL;
}

gint64
bindery_convert_count_convertible (BinderyCatalog  *catalog,
                                   gint64           library_id,
                                   const char      *target,
                                   GError         **error)
{
  g_autoptr(GPtrArray) candidates = bindery_convert_list_candidates (catalog, library_id, "/", target, error);
  gint64 n = 0;

  if (candidates == NULL)
    return -1;
  for (guint i = 0; i < candidates->len; i++)
    if (bindery_convert_candidate_is_convertible (g_ptr_array_index (candidates, i), NULL))
      n++;
  return n;
}

/* --- originals left by a killed run ------------------------------------------------- */

static gboolean
rel_path_in_catalog (BinderyCatalog *catalog,
                     gint64          library_id,
                     const char     *rel_path)
{
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog,
                                                "SELECT 1 FROM books WHERE library_id = ?1 AND rel_path = ?2",
                                                NULL);
  gboolean found;

  if (stmt == NULL)
    return TRUE;   /* when in doubt, it is someone's book */
  sqlite3_bind_int64 (stmt, 1, library_id);
  sqlite3_bind_blob (stmt, 2, rel_path, strlen (rel_path), SQLITE_STATIC);
  found = sqlite3_step (stmt) != SQLITE_DONE;
  sqlite3_reset (stmt);
  return found;
}

GPtrArray *
bindery_convert_find_leftover_originals (BinderyCatalog  *catalog,
                                         gint64           library_id,
                                         const char      *root,
                                         const char      *target,
                                         GError         **error)
{
  static const char * const extensions[] = { "cbr", "rar", "cb7", "7z", "CBR", "RAR", "CB7", "7Z" };
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) zips = g_ptr_array_new_with_free_func (g_free);
  g_auto(BinderyJobTarget) scope = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  if (!parse_target (catalog, library_id, target, &scope, error))
    return NULL;
  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT id, series_id, rel_path FROM books"
                                  " WHERE library_id = ?1 AND format = 'zip' AND status = 'ready'"
                                  "   AND CAST (rel_path AS TEXT) LIKE '%.cbz'",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, library_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (scope.series_id > 0 && sqlite3_column_int64 (stmt, 1) != scope.series_id)
        continue;
      if (scope.book_ids != NULL && !g_hash_table_contains (scope.book_ids, &id))
        continue;
      g_ptr_array_add (zips, column_bytes (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, _("Cannot list the books to convert"));
      return NULL;
    }

  for (guint i = 0; i < zips->len; i++)
    {
      const char *rel = g_ptr_array_index (zips, i);
      g_autofree char *stem = g_strndup (rel, strlen (rel) - strlen (".cbz"));
      g_autofree char *cbz = g_build_filename (root, rel, NULL);

      for (guint e = 0; e < G_N_ELEMENTS (extensions); e++)
        {
          g_autofree char *sibling_rel = g_strconcat (stem, ".", extensions[e], NULL);
          g_autofree char *sibling = g_build_filename (root, sibling_rel, NULL);
          BinderyBookFormat format;

          if (!g_file_test (sibling, G_FILE_TEST_IS_REGULAR) || g_file_test (sibling, G_FILE_TEST_IS_SYMLINK))
            continue;
          if (rel_path_in_catalog (catalog, library_id, sibling_rel))
            continue;
          format = bindery_book_sniff_format (sibling, NULL);
          if (bindery_converter_can_convert (format) &&
              bindery_converter_is_conversion_of (sibling, format, cbz))
            g_ptr_array_add (found, g_steal_pointer (&sibling));
        }
    }
  return g_steal_pointer (&found);
}

/* --- the row of a converted book ----------------------------------------------------- */

typedef struct {
  char   *fingerprint;
  gint64  size;
  gint64  mtime;
  char   *cover_entry;
  char   *thumb_key;     /* nullable */
  char   *thumb_path;    /* nullable */
} OldRow;

static void
old_row_clear (OldRow *row)
{
  g_free (row->fingerprint);
  g_free (row->cover_entry);
  g_free (row->thumb_key);
  g_free (row->thumb_path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OldRow, old_row_clear)

static gboolean
load_old_row (BinderyCatalog  *catalog,
              gint64           book_id,
              OldRow          *row,
              GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT b.fingerprint, b.size, b.mtime, b.cover_entry, t.cache_key, t.path"
                                  "  FROM books b LEFT JOIN thumbnails t ON t.book_id = b.id"
                                  " WHERE b.id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, book_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->fingerprint = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->size = sqlite3_column_int64 (stmt, 1);
      row->mtime = sqlite3_column_int64 (stmt, 2);
      row->cover_entry = column_bytes (stmt, 3);
      row->thumb_key = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      row->thumb_path = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                 _("The book %" PRId64 " is not in the catalog any more"), book_id);
  else
    bindery_catalog_set_error (catalog, error, _("Cannot read the book"));
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

static char *
thumbnail_key (const char *fingerprint,
               gint64      size,
               gint64      mtime,
               const char *cover_entry,
               guint       height,
               guint       quality)
{
  BinderyThumbnailKeySource source = { 0 };

  source.fingerprint = fingerprint;
  source.size = size;
  source.mtime = mtime;
  source.cover_entry = cover_entry;
  source.cover_entry_len = cover_entry != NULL ? strlen (cover_entry) : 0;
  source.height = height;
  source.quality = quality;
  return bindery_thumbnail_cache_key (&source);
}

gboolean
bindery_convert_update_book (BinderyCatalog  *catalog,
                             const char      *thumbnail_dir,
                             guint            thumbnail_height,
                             guint            thumbnail_quality,
                             gint64           book_id,
                             const char      *root,
                             const char      *new_path,
                             GError         **error)
{
  g_auto(OldRow) old = { 0 };
  g_autofree char *fingerprint = NULL;
  g_autofree char *basename = g_path_get_basename (new_path);
  g_autofree char *name = g_filename_display_name (basename);
  g_autofree char *new_key = NULL;
  g_autofree char *new_thumb = NULL;
  g_autofree char *old_key = NULL;
  const char *rel_path;
  gsize root_len = strlen (root);
  sqlite3_stmt *stmt;
  struct stat st;
  gint64 mtime;

  while (root_len > 1 && root[root_len - 1] == '/')
    root_len--;
  if (strncmp (new_path, root, root_len) != 0 || new_path[root_len] != '/')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The new file is outside the library"));
      return FALSE;
    }
  rel_path = new_path + root_len + 1;

  if (g_stat (new_path, &st) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s", g_strerror (errsv));
      return FALSE;
    }
  mtime = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  fingerprint = bindery_book_fingerprint (new_path, error);
  if (fingerprint == NULL)
    return FALSE;

  if (!bindery_catalog_begin (catalog, error))
    return FALSE;
  if (!load_old_row (catalog, book_id, &old, error))
    goto fail;

  /* A book that was at the new name once and went missing gives its place (the scan
   * would have taken the new file for it); one that is there is never replaced. */
  stmt = bindery_catalog_prepare (catalog,
                                  "DELETE FROM books WHERE library_id = (SELECT library_id FROM books WHERE id = ?1)"
                                  " AND rel_path = ?2 AND status = 'missing' AND id != ?1",
                                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, book_id);
  sqlite3_bind_blob (stmt, 2, rel_path, strlen (rel_path), SQLITE_STATIC);
  if (!bindery_catalog_step_done (catalog, stmt, _("Cannot update the book"), error))
    goto fail;

  stmt = bindery_catalog_prepare (catalog,
                                  "UPDATE books SET rel_path = ?2, name = ?3, size = ?4, mtime = ?5,"
                                  " inode = ?6, fingerprint = ?7, format = 'zip', updated_at = ?8"
                                  " WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, book_id);
  sqlite3_bind_blob (stmt, 2, rel_path, strlen (rel_path), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, st.st_size);
  sqlite3_bind_int64 (stmt, 5, mtime);
  sqlite3_bind_int64 (stmt, 6, (gint64) st.st_ino);
  sqlite3_bind_text (stmt, 7, fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
  if (!bindery_catalog_step_done (catalog, stmt, _("Cannot update the book"), error))
    goto fail;

  /* The thumbnail: carried over only when it was made for exactly the old file. */
  if (thumbnail_dir != NULL && old.thumb_key != NULL && old.thumb_path != NULL)
    old_key = thumbnail_key (old.fingerprint, old.size, old.mtime, old.cover_entry,
                             thumbnail_height, thumbnail_quality);
  if (old_key != NULL && strcmp (old_key, old.thumb_key) == 0)
    {
      g_autofree char *old_file = g_build_filename (thumbnail_dir, old.thumb_path, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_get_contents (old_file, &contents, &len, NULL) && len > 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

          new_key = thumbnail_key (fingerprint, st.st_size, mtime, old.cover_entry,
                                   thumbnail_height, thumbnail_quality);
          new_thumb = bindery_thumbnail_cache_rel_path (new_key);
          if (!bindery_thumbnail_cache_write (thumbnail_dir, new_thumb, bytes, error))
            goto fail;
          stmt = bindery_catalog_prepare (catalog,
                                          "UPDATE thumbnails SET cache_key = ?2, path = ?3 WHERE book_id = ?1",
                                          error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, book_id);
          sqlite3_bind_text (stmt, 2, new_key, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, new_thumb, -1, SQLITE_STATIC);
          if (!bindery_catalog_step_done (catalog, stmt, _("Cannot update the thumbnail record"), error))
            goto fail;
        }
    }

  if (!bindery_catalog_commit (catalog, error))
    {
      if (new_thumb != NULL)
        bindery_thumbnail_cache_remove (thumbnail_dir, new_thumb, NULL);
      return FALSE;
    }
  /* Only now that no committed row points at it. */
  if (new_thumb != NULL && strcmp (new_thumb, old.thumb_path) != 0)
    bindery_thumbnail_cache_remove (thumbnail_dir, old.thumb_path, NULL);
  return TRUE;

fail:
  bindery_catalog_rollback (catalog);
  if (new_thumb != NULL)
    bindery_thumbnail_cache_remove (thumbnail_dir, new_thumb, NULL);
  return FALSE;
}
