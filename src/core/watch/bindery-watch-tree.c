/* bindery-watch-tree.c: listing the folders to watch, and what the kernel allows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-watch"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "bindery-ignore.h"
#include "bindery-watch-private.h"

typedef struct {
  dev_t dev;
  ino_t ino;
} FolderId;

static guint
folder_id_hash (gconstpointer key)
{
  const FolderId *id = key;

  return (guint) (id->ino ^ (id->ino >> 32) ^ id->dev);
}

static gboolean
folder_id_equal (gconstpointer a,
                 gconstpointer b)
{
  const FolderId *x = a, *y = b;

  return x->dev == y->dev && x->ino == y->ino;
}

static gboolean
remember (GHashTable        *seen,
          const struct stat *st)
{
  FolderId *id = g_new (FolderId, 1);

  id->dev = st->st_dev;
  id->ino = st->st_ino;
  if (g_hash_table_contains (seen, id))
    {
      g_free (id);
      return FALSE;
    }
  g_hash_table_add (seen, id);
  return TRUE;
}

GPtrArray *
_bindery_watch_list_folders (const char          *root,
                             const char          *start,
                             const char * const  *ignore_globs,
                             const char * const  *excluded,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (folder_id_hash, folder_id_equal, g_free, NULL);
  g_autoptr(GHashTable) skip = g_hash_table_new_full (folder_id_hash, folder_id_equal, g_free, NULL);
  g_autoptr(BinderyIgnore) ignore = bindery_ignore_new (ignore_globs);
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start_path = g_build_filename (root, start, NULL);
  struct stat st;

  for (guint i = 0; excluded != NULL && excluded[i] != NULL; i++)
    if (stat (excluded[i], &st) == 0)
      remember (skip, &st);

  if (stat (start_path, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      int errsv = errno;
      g_autofree char *display = g_filename_display_name (start_path);

      g_set_error (error, G_IO_ERROR, S_ISDIR (st.st_mode) ? g_io_error_from_errno (errsv) : G_IO_ERROR_NOT_DIRECTORY,
                   _("Cannot watch “%s”: %s"), display,
                   S_ISDIR (st.st_mode) ? g_strerror (errsv) : _("not a folder"));
      return NULL;
    }
  remember (seen, &st);
  g_ptr_array_add (stack, g_strdup (start));

  while (stack->len > 0)
    {
      g_autofree char *rel = g_ptr_array_steal_index (stack, stack->len - 1);
      g_autofree char *path = g_build_filename (root, rel, NULL);
      g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
      DIR *dir;
      struct dirent *entry;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      dir = opendir (path);
      if (dir == NULL)
        {
          if (folders->len == 0)
            {
              int errsv = errno;
              g_autofree char *display = g_filename_display_name (path);

              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                           _("Cannot watch “%s”: %s"), display, g_strerror (errsv));
              return NULL;
            }
          g_debug ("Not watching %s: %s", path, g_strerror (errno));
          continue;
        }
      g_ptr_array_add (folders, g_strdup (rel));

      while ((entry = readdir (dir)) != NULL)
        {
          const char *name = entry->d_name;
          g_autofree char *child = NULL;

          if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
            continue;
          if (entry->d_type != DT_DIR && entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN)
            continue;
          if (fstatat (dirfd (dir), name, &st, 0) != 0 || !S_ISDIR (st.st_mode))
            continue;
          child = *rel != '\0' ? g_strconcat (rel, "/", name, NULL) : g_strdup (name);
          if (bindery_ignore_match (ignore, child, TRUE))
            continue;
          {
            FolderId id = { st.st_dev, st.st_ino };

            if (g_hash_table_contains (skip, &id))
              continue;
          }
          if (!remember (seen, &st))
            continue;
          g_ptr_array_add (children, g_steal_pointer (&child));
        }
      closedir (dir);

      /* depth first, children in reverse so the first name comes out first */
      for (guint i = children->len; i > 0; i--)
        g_ptr_array_add (stack, g_ptr_array_steal_index (children, i - 1));
    }

  return g_steal_pointer (&folders);
}

const char *
_bindery_watch_remote_fs_name (const char *path)
{
  static const struct {
    unsigned long magic;
    const char   *name;
  } remote[] = {
    { 0x6969,     "NFS" },
    { 0x517B,     "SMB" },
    { 0xFF534D42, "CIFS" },
    { 0xFE534D42, "SMB2" },
    { 0x65735546, "FUSE" },
    { 0x01021997, "9p" },
    { 0x73757245, "Coda" },
    { 0x5346414F, "AFS" },
    { 0x00C36400, "Ceph" },
    { 0x47504653, "GPFS" },
    { 0x0BD00BD0, "Lustre" },
  };
  struct statfs fs;

  if (statfs (path, &fs) != 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (remote); i++)
    if ((unsigned long) fs.f_type == remote[i].magic)
      return remote[i].name;
  return NULL;
}

gboolean
_bindery_watch_probe (const char *path,
                      int        *errsv)
{
  static int probe_fd = -1;
  int wd;

  if (probe_fd < 0)
    {
      probe_fd = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK);
      if (probe_fd < 0)
        {
          *errsv = errno;
          return FALSE;
        }
    }

  wd = inotify_add_watch (probe_fd, path, IN_CREATE | IN_ONLYDIR);
  if (wd < 0)
    {
      *errsv = errno;
      return FALSE;
    }
  inotify_rm_watch (probe_fd, wd);
  /* the IN_IGNORED that removal queued */
  {
    char buffer[4096];

    while (read (probe_fd, buffer, sizeof buffer) > 0)
      ;
  }
  return TRUE;
}
