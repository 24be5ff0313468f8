/* bindery-library-catalog.c: libraries in the catalog (add, list, find, save, remove, move)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bindery-library.h"
#include "bindery-library-private.h"

#define LIBRARY_COLUMNS "id, name, path, pattern, state, options"

/* --- paths --------------------------------------------------------------------- */

/* Absolute, no trailing slash, "." and ".." folded; symbolic links are kept. */
static char *
normalise_path (const char *path)
{
  return g_canonicalize_filename (path, NULL);
}

/* NULL when the path cannot be resolved (an unplugged drive …). */
static char *
resolve_path (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *ret = g_strdup (resolved);

  free (resolved);
  return ret;
}

/* TRUE when child is strictly below parent. Both normalised. */
static gboolean
path_is_below (const char *child,
               const char *parent)
{
  gsize len = strlen (parent);

  if (child == NULL || parent == NULL)
    return FALSE;
  if (strcmp (parent, "/") == 0)
    return child[0] == '/' && child[1] != '\0';
  return strncmp (child, parent, len) == 0 && child[len] == '/';
}

static gboolean
check_folder (const char  *path,
              GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
                     _("The folder “%s” does not exist"), display);
      else
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
                     _("Cannot use the folder “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }

  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
                   _("“%s” is not a folder"), display);
      return FALSE;
    }

  return TRUE;
}

static char *
column_path (sqlite3_stmt *stmt,
             int           column)
{
  const char *bytes = sqlite3_column_blob (stmt, column);
  int len = sqlite3_column_bytes (stmt, column);

  return g_strndup (bytes != NULL ? bytes : "", len);
}

/* path (as given and resolved) against every other library: neither the same folder,
 * nor inside one, nor containing one. Comparing resolved paths too catches a folder
 * reached through a symbolic link. */
static gboolean
check_no_overlap (BinderyCatalog  *catalog,
                  const char      *path,
                  gint64           except_id,
                  GError         **error)
{
  g_autofree char *resolved = resolve_path (path);
  g_autofree char *display = g_filename_display_name (path);
  const char *ours[] = { path, resolved };
  sqlite3_stmt *stmt;
  int rc;

  stmt = bindery_catalog_prepare (catalog, "SELECT id, name, path FROM libraries", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *other = column_path (stmt, 2);
      g_autofree char *other_resolved = NULL;
      g_autofree char *other_display = NULL;
      const char *other_name = (const char *) sqlite3_column_text (stmt, 1);
      const char *theirs[2];
      gboolean same = FALSE, below = FALSE, above = FALSE;

      if (sqlite3_column_int64 (stmt, 0) == except_id)
        continue;

      other_resolved = resolve_path (other);
      theirs[0] = other;
      theirs[1] = other_resolved;

      for (guint i = 0; i < G_N_ELEMENTS (ours); i++)
        for (guint j = 0; j < G_N_ELEMENTS (theirs); j++)
          {
            if (ours[i] == NULL || theirs[j] == NULL)
              continue;
            same |= strcmp (ours[i], theirs[j]) == 0;
            below |= path_is_below (ours[i], theirs[j]);
            above |= path_is_below (theirs[j], ours[i]);
          }

      if (!same && !below && !above)
        continue;

      other_display = g_filename_display_name (other);
      if (same)
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_EXISTS,
                     _("The folder “%s” is already the library “%s” (“%s”)"),
                     display, other_name, other_display);
      else if (below)
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
                     _("The folder “%s” is inside the library “%s” (“%s”)"),
                     display, other_name, other_display);
      else
        g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
                     _("The folder “%s” contains the library “%s” (“%s”)"),
                     display, other_name, other_display);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bindery_catalog_set_error (catalog, error, "Cannot read the libraries");
  return TRUE;
}

/* --- rows ---------------------------------------------------------------------- */

static BinderyLibrary *
library_from_row (sqlite3_stmt *stmt)
{
  BinderyLibraryPattern pattern = BINDERY_LIBRARY_PATTERN_SERIES;

  bindery_library_pattern_from_string ((const char *) sqlite3_column_text (stmt, 3), &pattern);
  return _bindery_library_new_from_row (sqlite3_column_int64 (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 1),
                                        sqlite3_column_blob (stmt, 2),
                                        sqlite3_column_bytes (stmt, 2),
                                        pattern,
                                        (const char *) sqlite3_column_text (stmt, 4),
                                        (const char *) sqlite3_column_text (stmt, 5));
}

/* Steps stmt once: a library, or NULL with found = FALSE (no row) or an error. */
static BinderyLibrary *
library_from_query (BinderyCatalog  *catalog,
                    sqlite3_stmt    *stmt,
                    GError         **error)
{
  BinderyLibrary *library = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    library = library_from_row (stmt);
  else if (rc != SQLITE_DONE)
    bindery_catalog_set_error (catalog, error, "Cannot read the libraries");
  sqlite3_reset (stmt);
  return library;
}

static gboolean
name_exists (BinderyCatalog  *catalog,
             const char      *name,
             gboolean        *exists,
             GError         **error)
{
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, "SELECT 1 FROM libraries WHERE name = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return bindery_catalog_set_error (catalog, error, "Cannot read the libraries");
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
                   _("A library name must be valid UTF-8 text"));
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
               _("A library name cannot be empty"));
  return FALSE;
}

/* --- public API ------------------------------------------------------------------- */

gboolean
bindery_library_check_new (const char  *path,
                           const char  *name,
                           GError     **error)
{
  g_autofree char *abs_path = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  abs_path = normalise_path (path);
  if (!check_folder (abs_path, error))
    return FALSE;
  return name == NULL || check_name (name, error);
}

BinderyLibrary *
bindery_catalog_add_library (BinderyCatalog         *catalog,
                             const char             *path,
                             const char             *name,
                             BinderyLibraryPattern   pattern,
                             GError                **error)
{
  g_autofree char *abs_path = NULL;
  g_autofree char *unique_name = NULL;
  g_autofree char *options = NULL;
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;
  gint64 id;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bindery_library_check_new (path, name, error))
    return NULL;
  abs_path = normalise_path (path);

  /* Checks and insert in one write transaction, so another writer cannot slip in. */
  if (!bindery_catalog_begin (catalog, error))
    return NULL;

  if (!check_no_overlap (catalog, abs_path, 0, error))
    goto fail;

  if (name != NULL)
    {
      if (!name_exists (catalog, name, &exists, error))
        goto fail;
      if (exists)
        {
          g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_EXISTS,
                       _("A library named “%s” already exists"), name);
          goto fail;
        }
      unique_name = g_strdup (name);
    }
  else
    {
      g_autofree char *base = g_filename_display_basename (abs_path);

      unique_name = g_strdup (base);
      for (guint n = 2; ; n++)
        {
          if (!name_exists (catalog, unique_name, &exists, error))
            goto fail;
          if (!exists)
            break;
          g_free (unique_name);
          unique_name = g_strdup_printf ("%s (%u)", base, n);
        }
    }

  options = _bindery_library_default_options_json ();
  stmt = bindery_catalog_prepare (catalog,
                                  "INSERT INTO libraries (name, path, pattern, state, options, created_at)"
                                  " VALUES (?, ?, ?, 'new', ?, ?)",
                                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, unique_name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, abs_path, strlen (abs_path), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, bindery_library_pattern_to_string (pattern), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, options, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  if (!bindery_catalog_step_done (catalog, stmt, "Cannot add the library", error))
    goto fail;
  id = sqlite3_last_insert_rowid (bindery_catalog_get_db (catalog));

  if (!bindery_catalog_commit (catalog, error))
    return NULL;

  return bindery_catalog_get_library (catalog, id, error);

fail:
  bindery_catalog_rollback (catalog);
  return NULL;
}

GPtrArray *
bindery_catalog_list_libraries (BinderyCatalog  *catalog,
                                GError         **error)
{
  g_autoptr(GPtrArray) libraries = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT " LIBRARY_COLUMNS " FROM libraries"
                                  " ORDER BY name COLLATE NOCASE, name, id",
                                  error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (libraries, library_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot read the libraries");
      return NULL;
    }
  return g_steal_pointer (&libraries);
}

static BinderyLibrary *
lookup_by_id (BinderyCatalog  *catalog,
              gint64           id,
              GError         **error)
{
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog,
                                                "SELECT " LIBRARY_COLUMNS " FROM libraries WHERE id = ?",
                                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return library_from_query (catalog, stmt, error);
}

BinderyLibrary *
bindery_catalog_get_library (BinderyCatalog  *catalog,
                             gint64           id,
                             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  BinderyLibrary *library;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);

  library = lookup_by_id (catalog, id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (library == NULL)
    g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                 "There is no library with id %" G_GINT64_FORMAT, id);
  return library;
}

static gboolean
is_all_digits (const char *str)
{
  if (str[0] == '\0')
    return FALSE;
  for (const char *p = str; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

BinderyLibrary *
bindery_catalog_find_library (BinderyCatalog  *catalog,
                              const char      *spec,
                              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *abs_path = NULL;
  g_autofree char *resolved = NULL;
  BinderyLibrary *library = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  /* 1. an id */
  if (is_all_digits (spec))
    {
      guint64 id;

      if (g_ascii_string_to_unsigned (spec, 10, 1, G_MAXINT64, &id, NULL))
        {
          library = lookup_by_id (catalog, (gint64) id, &local_error);
          if (library != NULL || local_error != NULL)
            goto out;
        }
    }

  /* 2. the exact name (a name made of digits, when no id matched) */
  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT " LIBRARY_COLUMNS " FROM libraries WHERE name = ?",
                                  &local_error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, spec, -1, SQLITE_TRANSIENT);
  library = library_from_query (catalog, stmt, &local_error);
  if (library != NULL || local_error != NULL || spec[0] == '\0')
    goto out;

  /* 3. the path as added */
  abs_path = normalise_path (spec);
  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT " LIBRARY_COLUMNS " FROM libraries WHERE path = ?",
                                  &local_error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_blob (stmt, 1, abs_path, strlen (abs_path), SQLITE_TRANSIENT);
  library = library_from_query (catalog, stmt, &local_error);
  if (library != NULL || local_error != NULL)
    goto out;

  /* 4. the same folder through another path (symbolic links) */
  resolved = resolve_path (abs_path);
  if (resolved == NULL)
    goto out;
  all = bindery_catalog_list_libraries (catalog, &local_error);
  for (guint i = 0; all != NULL && i < all->len && library == NULL; i++)
    {
      g_autofree char *other = resolve_path (bindery_library_get_path (all->pdata[i]));

      if (g_strcmp0 (other, resolved) == 0)
        library = g_object_ref (all->pdata[i]);
    }

out:
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (library == NULL)
    g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                 _("No library has the id, name or path “%s”"), spec);
  return library;
}

gboolean
bindery_library_save (BinderyLibrary  *self,
                      BinderyCatalog  *catalog,
                      GError         **error)
{
  g_autofree char *options = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), FALSE);

  if (!check_name (bindery_library_get_name (self), error))
    return FALSE;

  options = _bindery_library_options_to_json (self);
  stmt = bindery_catalog_prepare (catalog,
                                  "UPDATE libraries SET name = ?, state = ?, options = ? WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, bindery_library_get_name (self), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, bindery_library_get_state (self), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, options, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, bindery_library_get_id (self));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_EXISTS,
                   _("A library named “%s” already exists"), bindery_library_get_name (self));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return bindery_catalog_set_error (catalog, error, "Cannot save the library");
  if (sqlite3_changes (bindery_catalog_get_db (catalog)) == 0)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                   "There is no library with id %" G_GINT64_FORMAT, bindery_library_get_id (self));
      return FALSE;
    }
  return TRUE;
}

gboolean
bindery_catalog_set_library_state (BinderyCatalog  *catalog,
                                   gint64           library_id,
                                   const char      *state,
                                   GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), FALSE);

  if (!bindery_library_state_is_valid (state))
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID,
                   _("Invalid library state “%s”"), state != NULL ? state : "(null)");
      return FALSE;
    }

  stmt = bindery_catalog_prepare (catalog, "UPDATE libraries SET state = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, library_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return bindery_catalog_set_error (catalog, error, "Cannot change the library state");
  if (sqlite3_changes (bindery_catalog_get_db (catalog)) == 0)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                   "There is no library with id %" G_GINT64_FORMAT, library_id);
      return FALSE;
    }
  return TRUE;
}

/* Removes a thumbnail file named in the catalog, only when it is inside thumbnail_dir. */
static void
remove_thumbnail (const char *thumbnail_dir,
                  const char *relative)
{
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;

  if (relative == NULL || relative[0] == '\0' || g_path_is_absolute (relative))
    return;

  path = g_canonicalize_filename (relative, thumbnail_dir);
  if (!path_is_below (path, thumbnail_dir))
    {
      g_debug ("Not removing thumbnail “%s”: outside %s", relative, thumbnail_dir);
      return;
    }

  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("Cannot remove the thumbnail %s: %s", path, g_strerror (errno));

  /* Drop the shard folder if that emptied it (fails harmlessly otherwise). */
  parent = g_path_get_dirname (path);
  if (path_is_below (parent, thumbnail_dir))
    g_rmdir (parent);
}

gboolean
bindery_catalog_remove_library (BinderyCatalog  *catalog,
                                gint64           library_id,
                                const char      *thumbnail_dir,
                                GError         **error)
{
  g_autoptr(GPtrArray) thumbnails = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BinderyLibrary) library = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *thumbs_root = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), FALSE);

  if (!bindery_catalog_begin (catalog, error))
    return FALSE;

  if (thumbnail_dir != NULL)
    {
      stmt = bindery_catalog_prepare (catalog,
                                      "SELECT t.path FROM thumbnails t JOIN books b ON b.id = t.book_id"
                                      " WHERE b.library_id = ?",
                                      error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, library_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (thumbnails, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          bindery_catalog_set_error (catalog, error, "Cannot read the library’s thumbnails");
          goto fail;
        }
    }

  /* Jobs it stops are kept in the history, saying why; not the rest of its history. */
  library = bindery_catalog_get_library (catalog, library_id, error);
  if (library == NULL)
    goto fail;
  reason = g_strdup_printf (_("Cancelled: its library “%s” was removed"), bindery_library_get_name (library));
  stmt = bindery_catalog_prepare (catalog,
                                  "UPDATE jobs SET state = 'cancelled', finished_at = coalesce (finished_at, ?1),"
                                  " error = ?3"
                                  " WHERE library_id = ?2 AND state IN ('queued', 'running', 'paused', 'interrupted')",
                                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 2, library_id);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, _("Cannot cancel the library’s jobs"));
      goto fail;
    }
  stmt = bindery_catalog_prepare (catalog,
                                  "UPDATE jobs SET library_id = NULL WHERE library_id = ? AND state = 'cancelled'",
                                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, library_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, _("Cannot keep the library’s cancelled jobs"));
      goto fail;
    }

  stmt = bindery_catalog_prepare (catalog, "DELETE FROM libraries WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, library_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot remove the library");
      goto fail;
    }
  if (sqlite3_changes (bindery_catalog_get_db (catalog)) == 0)
    {
      g_set_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND,
                   "There is no library with id %" G_GINT64_FORMAT, library_id);
      goto fail;
    }

  if (!bindery_catalog_commit (catalog, error))
    return FALSE;

  /* Files go only once the rows are gone for good. */
  if (thumbnail_dir != NULL)
    {
      thumbs_root = normalise_path (thumbnail_dir);
      for (guint i = 0; i < thumbnails->len; i++)
        remove_thumbnail (thumbs_root, thumbnails->pdata[i]);
    }
  return TRUE;

fail:
  bindery_catalog_rollback (catalog);
  return FALSE;
}

gint64
bindery_catalog_find_active_job (BinderyCatalog  *catalog,
                                 gint64           library_id,
                                 char           **title,
                                 GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), -1);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT id, coalesce (title, type) FROM jobs"
                                  " WHERE library_id = ? AND state IN ('running', 'paused')"
                                  " ORDER BY id DESC LIMIT 1",
                                  error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, library_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      if (title != NULL)
        *title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, _("Cannot look up the library’s jobs"));
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

gboolean
bindery_catalog_move_library (BinderyCatalog  *catalog,
                              gint64           library_id,
                              const char      *new_path,
                              GError         **error)
{
  g_autoptr(BinderyLibrary) library = NULL;
  g_autofree char *abs_path = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (new_path != NULL, FALSE);

  abs_path = normalise_path (new_path);
  if (!check_folder (abs_path, error))
    return FALSE;

  if (!bindery_catalog_begin (catalog, error))
    return FALSE;

  library = bindery_catalog_get_library (catalog, library_id, error);
  if (library == NULL)
    goto fail;

  if (strcmp (bindery_library_get_path (library), abs_path) == 0)
    return bindery_catalog_commit (catalog, error);

  if (!check_no_overlap (catalog, abs_path, library_id, error))
    goto fail;

  stmt = bindery_catalog_prepare (catalog, "UPDATE libraries SET path = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_blob (stmt, 1, abs_path, strlen (abs_path), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, library_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bindery_catalog_set_error (catalog, error, "Cannot move the library");
      goto fail;
    }

  return bindery_catalog_commit (catalog, error);

fail:
  bindery_catalog_rollback (catalog);
  return FALSE;
}

gboolean
bindery_catalog_count_library (BinderyCatalog  *catalog,
                               gint64           library_id,
                               gint64          *n_series,
                               gint64          *n_books,
                               GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BINDERY_IS_CATALOG (catalog), FALSE);

  stmt = bindery_catalog_prepare (catalog,
                                  "SELECT (SELECT count(*) FROM series WHERE library_id = ?1),"
                                  "       (SELECT count(*) FROM books WHERE library_id = ?1)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, library_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (n_series != NULL)
        *n_series = sqlite3_column_int64 (stmt, 0);
      if (n_books != NULL)
        *n_books = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return bindery_catalog_set_error (catalog, error, "Cannot count the library’s books");
  return TRUE;
}
