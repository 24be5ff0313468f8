/* bindery-scan-scope.c: the folders a scoped scan covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "bindery-scan-scope.h"

#define FOLDER_PREFIX "folder:"
#define TREE_PREFIX   "tree:"

struct _BinderyScanScope
{
  GHashTable *entries;   /* path → GINT_TO_POINTER (tree) */
  GPtrArray  *sorted;    /* paths of the normalised scope, NULL when stale */
};

BinderyScanScope *
bindery_scan_scope_new (void)
{
  BinderyScanScope *self = g_new0 (BinderyScanScope, 1);

  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
bindery_scan_scope_free (BinderyScanScope *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_free (self);
}

static gboolean
is_tree (BinderyScanScope *self,
         const char       *path)
{
  gpointer value;

  return g_hash_table_lookup_extended (self->entries, path, NULL, &value) && GPOINTER_TO_INT (value);
}

/* A tree entry strictly above path ("" is above everything but itself). */
static gboolean
has_tree_above (BinderyScanScope *self,
                const char       *path)
{
  g_autofree char *copy = NULL;
  char *slash;

  if (*path == '\0')
    return FALSE;
  if (is_tree (self, ""))
    return TRUE;

  copy = g_strdup (path);
  while ((slash = strrchr (copy, '/')) != NULL)
    {
      *slash = '\0';
      if (is_tree (self, copy))
        return TRUE;
    }
  return FALSE;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_entries (BinderyScanScope *self)
{
  GHashTableIter iter;
  gpointer key;

  if (self->sorted != NULL)
    return self->sorted;

  self->sorted = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!has_tree_above (self, key))
      g_ptr_array_add (self->sorted, key);
  g_ptr_array_sort (self->sorted, compare_paths);
  return self->sorted;
}

void
bindery_scan_scope_add (BinderyScanScope *self,
                        const char       *rel_path,
                        gboolean          tree)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (rel_path != NULL);

  /* "a/b/" and "/a" are "a/b" and "a" */
  while (*rel_path == '/')
    rel_path++;
  if (rel_path[0] != '\0' && rel_path[strlen (rel_path) - 1] == '/')
    {
      g_autofree char *trimmed = g_strdup (rel_path);
      gsize len = strlen (trimmed);

      while (len > 0 && trimmed[len - 1] == '/')
        trimmed[--len] = '\0';
      bindery_scan_scope_add (self, trimmed, tree);
      return;
    }

  tree = tree || is_tree (self, rel_path);
  g_hash_table_replace (self->entries, g_strdup (rel_path), GINT_TO_POINTER (tree ? 1 : 0));
  g_clear_pointer (&self->sorted, g_ptr_array_unref);
}

void
bindery_scan_scope_merge (BinderyScanScope *self,
                          BinderyScanScope *other)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, other->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    bindery_scan_scope_add (self, key, GPOINTER_TO_INT (value));
}

guint
bindery_scan_scope_get_n_entries (BinderyScanScope *self)
{
  return sorted_entries (self)->len;
}

const char *
bindery_scan_scope_get_entry (BinderyScanScope *self,
                              guint             i,
                              gboolean         *tree)
{
  GPtrArray *sorted = sorted_entries (self);
  const char *path;

  g_return_val_if_fail (i < sorted->len, NULL);
  path = g_ptr_array_index (sorted, i);
  if (tree != NULL)
    *tree = is_tree (self, path);
  return path;
}

gboolean
bindery_scan_scope_is_library (BinderyScanScope *self)
{
  return is_tree (self, "");
}

char *
bindery_scan_scope_to_target (BinderyScanScope *self)
{
  GPtrArray *sorted = sorted_entries (self);
  g_autoptr(GString) target = g_string_new (NULL);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *path = g_ptr_array_index (sorted, i);

      if (strchr (path, '\n') != NULL)
        return NULL;
      if (i > 0)
        g_string_append_c (target, '\n');
      g_string_append (target, is_tree (self, path) ? TREE_PREFIX : FOLDER_PREFIX);
      g_string_append (target, path);
    }
  return g_string_free (g_steal_pointer (&target), FALSE);
}

BinderyScanScope *
bindery_scan_scope_parse (const char  *target,
                          GError     **error)
{
  g_autoptr(BinderyScanScope) scope = bindery_scan_scope_new ();
  g_auto(GStrv) lines = NULL;

  if (target == NULL || *target == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("A folder scan needs at least one folder"));
      return NULL;
    }

  lines = g_strsplit (target, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], TREE_PREFIX))
        bindery_scan_scope_add (scope, lines[i] + strlen (TREE_PREFIX), TRUE);
      else if (g_str_has_prefix (lines[i], FOLDER_PREFIX))
        bindery_scan_scope_add (scope, lines[i] + strlen (FOLDER_PREFIX), FALSE);
      else
        {
          g_autofree char *display = g_utf8_make_valid (lines[i], -1);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Invalid folder scan entry “%s” (folder:PATH or tree:PATH)"), display);
          return NULL;
        }
    }
  return g_steal_pointer (&scope);
}

char *
bindery_scan_scope_dup_title (BinderyScanScope *self)
{
  GPtrArray *sorted = sorted_entries (self);

  if (sorted->len == 1)
    {
      const char *path = g_ptr_array_index (sorted, 0);
      g_autofree char *display = g_filename_display_name (*path != '\0' ? path : ".");

      return g_strdup_printf (_("Scan folder “%s”"), display);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Scan %u folder", "Scan %u folders", sorted->len),
                          sorted->len);
}

gboolean
bindery_scan_scope_covers_folder (BinderyScanScope *self,
                                  const char       *rel_path)
{
  return g_hash_table_contains (self->entries, rel_path) || has_tree_above (self, rel_path);
}

gboolean
bindery_scan_scope_contains_book (BinderyScanScope *self,
                                  const char       *book_rel_path)
{
  const char *slash = strrchr (book_rel_path, '/');
  g_autofree char *folder = g_strndup (book_rel_path, slash != NULL ? (gsize) (slash - book_rel_path) : 0);

  return bindery_scan_scope_covers_folder (self, folder);
}

gboolean
bindery_scan_scope_covers_series (BinderyScanScope      *self,
                                  BinderyLibraryPattern  pattern,
                                  const char            *series_path)
{
  /* the root series is the root folder's own files with either pattern */
  if (pattern == BINDERY_LIBRARY_PATTERN_SERIES || *series_path == '\0')
    return bindery_scan_scope_covers_folder (self, series_path);
  /* collection: every book below the top-level folder */
  return is_tree (self, series_path) || has_tree_above (self, series_path);
}

/* --- walking ------------------------------------------------------------------------ */

static void
note_unreadable (BinderyWalk *walk,
                 const char  *rel_path)
{
  if (walk->unreadable == NULL)
    walk->unreadable = g_ptr_array_new ();
  g_ptr_array_add (walk->unreadable, (gpointer) g_string_chunk_insert_const (walk->strings, rel_path));
}

static void
append_walk (BinderyWalk *into,
             BinderyWalk *walk)
{
  guint dir_offset = into->dirs->len;

  for (guint i = 0; i < walk->dirs->len; i++)
    {
      BinderyWalkDir dir = g_array_index (walk->dirs, BinderyWalkDir, i);

      dir.rel_path = g_string_chunk_insert_const (into->strings, dir.rel_path);
      if (dir.parent != G_MAXUINT)
        dir.parent += dir_offset;
      g_array_append_val (into->dirs, dir);
    }
  for (guint i = 0; i < walk->files->len; i++)
    {
      BinderyWalkFile file = g_array_index (walk->files, BinderyWalkFile, i);
      gsize name_offset = file.name - file.rel_path;

      file.rel_path = g_string_chunk_insert_const (into->strings, file.rel_path);
      file.name = file.rel_path + name_offset;
      if (file.sidecar != NULL)
        file.sidecar = g_string_chunk_insert_const (into->strings, file.sidecar);
      file.dir += dir_offset;
      g_array_append_val (into->files, file);
    }
  into->n_seen += walk->n_seen;
  into->n_ignored += walk->n_ignored;
  into->n_skipped += walk->n_skipped;
  into->n_root_entries += walk->n_root_entries;
  for (guint i = 0; walk->unreadable != NULL && i < walk->unreadable->len; i++)
    note_unreadable (into, g_ptr_array_index (walk->unreadable, i));
  into->n_unreadable_folders += walk->n_unreadable_folders;
  into->n_unreadable_files += walk->n_unreadable_files;
}

BinderyWalk *
bindery_scan_scope_walk (BinderyScanScope         *self,
                         const BinderyWalkOptions *options,
                         GError                  **error)
{
  GPtrArray *sorted = sorted_entries (self);
  g_autoptr(BinderyWalk) merged = g_new0 (BinderyWalk, 1);

  merged->strings = g_string_chunk_new (4096);
  merged->files = g_array_new (FALSE, FALSE, sizeof (BinderyWalkFile));
  merged->dirs = g_array_new (FALSE, FALSE, sizeof (BinderyWalkDir));

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *path = g_ptr_array_index (sorted, i);
      BinderyWalkOptions entry_options = *options;
      g_autoptr(BinderyWalk) walk = NULL;
      g_autoptr(GError) local_error = NULL;

      entry_options.start = path;
      entry_options.recursive = is_tree (self, path);
      walk = bindery_walk_run (&entry_options, &local_error);
      if (walk == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
              g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
            continue;   /* gone: its books vanish */
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          /* cannot be read: nothing at or below it is taken for gone */
          if (options->log != NULL)
            options->log (options->user_data, BINDERY_LOG_WARNING, path, local_error->message);
          note_unreadable (merged, path);
          merged->n_unreadable_folders++;
          continue;
        }
      append_walk (merged, walk);
    }
  return g_steal_pointer (&merged);
}
