/* bindery-thumbnail-cache.c: where thumbnails live on disk, and their keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-thumbs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bindery-thumbnail-cache.h"

/* Bump when the pictures we make change (decoder, filter, encoder settings), so
 * every thumbnail gets a new key and is made again. */
#define CACHE_FORMAT_VERSION 1

static void
checksum_add_field (GChecksum  *checksum,
                    const char *data,
                    gsize       len)
{
  guint8 prefix[9];

  /* Length-prefixed, so no field can run into the next. */
  prefix[0] = data != NULL;
  for (guint i = 0; i < 8; i++)
    prefix[1 + i] = (guint8) ((guint64) len >> (8 * i));
  g_checksum_update (checksum, prefix, sizeof prefix);
  if (data != NULL && len > 0)
    g_checksum_update (checksum, (const guchar *) data, len);
}

char *
bindery_thumbnail_cache_key (const BinderyThumbnailKeySource *source)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *numbers = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  numbers = g_strdup_printf ("v%d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u %u",
                             CACHE_FORMAT_VERSION, source->size, source->mtime,
                             source->height, source->quality);
  checksum_add_field (checksum, numbers, strlen (numbers));
  checksum_add_field (checksum, source->fingerprint,
                      source->fingerprint != NULL ? strlen (source->fingerprint) : 0);
  checksum_add_field (checksum, source->cover_entry, source->cover_entry_len);

  return g_strndup (g_checksum_get_string (checksum), 32);
}

char *
bindery_thumbnail_cache_rel_path (const char *key)
{
  g_return_val_if_fail (key != NULL && strlen (key) >= 4, NULL);

  return g_strdup_printf ("%.2s/%.2s/%s.webp", key, key + 2, key);
}

static gboolean
rel_path_is_safe (const char *rel_path)
{
  g_auto(GStrv) parts = NULL;

  if (rel_path == NULL || *rel_path == '\0' || g_path_is_absolute (rel_path))
    return FALSE;
  parts = g_strsplit (rel_path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0 || strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

gboolean
bindery_thumbnail_cache_write (const char  *thumbnail_dir,
                               const char  *rel_path,
                               GBytes      *data,
                               GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  const char *bytes;
  gsize len;

  g_return_val_if_fail (thumbnail_dir != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!rel_path_is_safe (rel_path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s” is not a thumbnail cache path"), rel_path ? rel_path : "(null)");
      return FALSE;
    }

  path = g_build_filename (thumbnail_dir, rel_path, NULL);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the thumbnail folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  bytes = g_bytes_get_data (data, &len);
  /* CONSISTENT: a temporary file in the same folder renamed over the target.
   * ONLY_EXISTING: fsync (the file, then the folder) only when replacing a non-empty
   * file. A new key is a new name, so the usual write costs no fsync: a cache file
   * that a crash leaves empty counts as missing (the job checks its size) and is
   * simply made again. Without ONLY_EXISTING GLib fsyncs twice per thumbnail. */
  return g_file_set_contents_full (path, bytes, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0644, error);
}

gboolean
bindery_thumbnail_cache_remove (const char  *thumbnail_dir,
                                const char  *rel_path,
                                GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (thumbnail_dir != NULL, FALSE);

  if (!rel_path_is_safe (rel_path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s” is not a thumbnail cache path"), rel_path ? rel_path : "(null)");
      return FALSE;
    }

  path = g_build_filename (thumbnail_dir, rel_path, NULL);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot remove the thumbnail %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  /* Drop the shard folders it leaves empty (rmdir fails harmlessly otherwise). */
  dir = g_path_get_dirname (path);
  for (guint depth = 0; depth < 2 && strlen (dir) > strlen (thumbnail_dir); depth++)
    {
      char *parent;

      if (g_rmdir (dir) != 0)
        break;
      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }

  return TRUE;
}

static char *
absolute_if_present (const char *thumbnail_dir,
                     const char *rel_path)
{
  g_autofree char *path = NULL;

  if (rel_path == NULL || !rel_path_is_safe (rel_path))
    return NULL;
  path = g_build_filename (thumbnail_dir, rel_path, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_steal_pointer (&path);
}

static char *
first_path_from_query (BinderyCatalog *catalog,
                       const char     *thumbnail_dir,
                       const char     *sql,
                       gint64          id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  char *result = NULL;

  stmt = bindery_catalog_prepare (catalog, sql, &error);
  if (stmt == NULL)
    {
      g_debug ("Cannot look the thumbnail up: %s", error->message);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  while (result == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    result = absolute_if_present (thumbnail_dir, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return result;
}

char *
bindery_thumbnail_cache_path_for_book (BinderyCatalog *catalog,
                                       const char     *thumbnail_dir,
                                       gint64          book_id)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (thumbnail_dir != NULL, NULL);

  return first_path_from_query (catalog, thumbnail_dir,
                                "SELECT path FROM thumbnails WHERE book_id = ?1",
                                book_id);
}

#define FIRST_BOOKS_SQL \
  "SELECT t.path FROM books b JOIN thumbnails t ON t.book_id = b.id" \
  " WHERE b.series_id = ?1 AND b.status = 'ready'" \
  " ORDER BY b.number_sort IS NULL, b.number_sort, b.volume, b.name, b.id"

char *
bindery_thumbnail_cache_path_for_series (BinderyCatalog *catalog,
                                         const char     *thumbnail_dir,
                                         gint64          series_id)
{
  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (thumbnail_dir != NULL, NULL);

  return first_path_from_query (catalog, thumbnail_dir, FIRST_BOOKS_SQL, series_id);
}

char *
bindery_thumbnail_cache_path_for_library (BinderyCatalog *catalog,
                                          const char     *thumbnail_dir,
                                          gint64          library_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) series_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (thumbnail_dir != NULL, NULL);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT id FROM series WHERE library_id = ?1 AND status = 'ready'"
                                  " ORDER BY name, id",
                                  &error);
  if (stmt == NULL)
    {
      g_debug ("Cannot list the series: %s", error->message);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, library_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (series_ids, id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < series_ids->len; i++)
    {
      char *path = bindery_thumbnail_cache_path_for_series (catalog, thumbnail_dir,
                                                            g_array_index (series_ids, gint64, i));
      if (path != NULL)
        return path;
    }
  return NULL;
}

/* --- the whole cache, for the preferences ---------------------------------------- */

gboolean
bindery_thumbnail_cache_get_usage (BinderyCatalog *catalog,
                                   guint64        *n_files,
                                   guint64        *n_bytes,
                                   GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), FALSE);

  stmt = bindery_catalog_prepare (catalog, "SELECT COUNT(*), TOTAL(bytes) FROM thumbnails", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (n_files != NULL)
        *n_files = (guint64) sqlite3_column_int64 (stmt, 0);
      if (n_bytes != NULL)
        *n_bytes = (guint64) sqlite3_column_double (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return bindery_catalog_set_error (catalog, error, "Could not measure the thumbnail cache");
  return TRUE;
}

gint64
bindery_thumbnail_cache_clear (BinderyCatalog *catalog,
                               const char     *thumbnail_dir,
                               GError        **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), -1);

  if (!bindery_catalog_begin (catalog, error))
    return -1;
  stmt = bindery_catalog_prepare (catalog, "SELECT path FROM thumbnails", error);
  if (stmt == NULL)
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (paths, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Could not list thumbnails");
      goto failed;
    }
  if (!bindery_catalog_exec (catalog, "DELETE FROM thumbnails", error) ||
      !bindery_catalog_commit (catalog, error))
    goto failed;

  for (guint i = 0; thumbnail_dir != NULL && i < paths->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      const char *rel = g_ptr_array_index (paths, i);

      if (!bindery_thumbnail_cache_remove (thumbnail_dir, rel, &local_error))
        g_debug ("Could not remove thumbnail %s: %s", rel, local_error->message);
    }
  return (gint64) paths->len;

failed:
  bindery_catalog_rollback (catalog);
  return -1;
}
