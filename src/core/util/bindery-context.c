/* bindery-context.c: one data dir (catalog + cache) and its single-owner lock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-context"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bindery-context.h"

struct _BinderyContext
{
  GObject parent_instance;

  char *data_dir;
  char *cache_dir;
  char *thumbnail_dir;
  char *catalog_path;
  char *lock_path;
  int   lock_fd;
};

G_DEFINE_FINAL_TYPE (BinderyContext, bindery_context, G_TYPE_OBJECT)

G_DEFINE_QUARK (bindery-context-error-quark, bindery_context_error)

static void
bindery_context_finalize (GObject *object)
{
  BinderyContext *self = BINDERY_CONTEXT (object);

  bindery_context_unlock (self);
  g_free (self->data_dir);
  g_free (self->cache_dir);
  g_free (self->thumbnail_dir);
  g_free (self->catalog_path);
  g_free (self->lock_path);

  G_OBJECT_CLASS (bindery_context_parent_class)->finalize (object);
}

static void
bindery_context_class_init (BinderyContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bindery_context_finalize;
}

static void
bindery_context_init (BinderyContext *self)
{
  self->lock_fd = -1;
}

static gboolean
ensure_dir (const char *path, GError **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_DATA_DIR,
                   _("Cannot create the data folder “%s”: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  if (access (path, W_OK | X_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_DATA_DIR,
                   _("The data folder “%s” is not writable: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

BinderyContext *
bindery_context_new (const char  *data_dir,
                     GError     **error)
{
  g_autoptr(BinderyContext) self = g_object_new (BINDERY_TYPE_CONTEXT, NULL);
  const char *env = g_getenv ("BINDERY_DATA_DIR");

  if (data_dir == NULL && env != NULL && env[0] != '\0')
    data_dir = env;
  /* an empty name would silently be the current folder */
  if (data_dir != NULL && data_dir[0] == '\0')
    {
      g_set_error_literal (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_DATA_DIR,
                           _("The data folder name is empty: give a folder, or leave it out for the default"));
      return NULL;
    }

  if (data_dir != NULL)
    {
      g_autofree char *abs = g_canonicalize_filename (data_dir, NULL);
      self->data_dir = g_steal_pointer (&abs);
      self->cache_dir = g_build_filename (self->data_dir, "cache", NULL);
    }
  else
    {
      self->data_dir = g_build_filename (g_get_user_data_dir (), "bindery", NULL);
      self->cache_dir = g_build_filename (g_get_user_cache_dir (), "bindery", NULL);
    }

  self->thumbnail_dir = g_build_filename (self->cache_dir, "thumbnails", NULL);
  self->catalog_path = g_build_filename (self->data_dir, "catalog.sqlite", NULL);
  self->lock_path = g_build_filename (self->data_dir, "lock", NULL);

  if (!ensure_dir (self->data_dir, error) || !ensure_dir (self->cache_dir, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
bindery_context_get_data_dir (BinderyContext *self)
{
  g_return_val_if_fail (BINDERY_IS_CONTEXT (self), NULL);
  return self->data_dir;
}

const char *
bindery_context_get_cache_dir (BinderyContext *self)
{
  g_return_val_if_fail (BINDERY_IS_CONTEXT (self), NULL);
  return self->cache_dir;
}

const char *
bindery_context_get_thumbnail_dir (BinderyContext *self)
{
  g_return_val_if_fail (BINDERY_IS_CONTEXT (self), NULL);
  return self->thumbnail_dir;
}

const char *
bindery_context_get_catalog_path (BinderyContext *self)
{
  g_return_val_if_fail (BINDERY_IS_CONTEXT (self), NULL);
  return self->catalog_path;
}

static char *
read_lock_holder (const char *path)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("unknown");
  g_strstrip (contents);
  return contents[0] != '\0' ? g_steal_pointer (&contents) : g_strdup ("unknown");
}

gboolean
bindery_context_lock (BinderyContext  *self,
                      GError         **error)
{
  g_autofree char *pid = NULL;
  int fd;

  g_return_val_if_fail (BINDERY_IS_CONTEXT (self), FALSE);

  if (self->lock_fd >= 0)
    return TRUE;

  fd = g_open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_DATA_DIR,
                   _("Cannot open the lock file “%s”: %s"), self->lock_path, g_strerror (saved));
      return FALSE;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      g_autofree char *holder = read_lock_holder (self->lock_path);

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_LOCKED,
                     _("Another Bindery process (pid %s) is running jobs on “%s”"),
                     holder, self->data_dir);
      else
        g_set_error (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_DATA_DIR,
                     _("Cannot lock “%s”: %s"), self->lock_path, g_strerror (saved));
      return FALSE;
    }

  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) != 0 || write (fd, pid, strlen (pid)) < 0)
    g_debug ("Could not record our pid in %s: %s", self->lock_path, g_strerror (errno));

  self->lock_fd = fd;
  return TRUE;
}

void
bindery_context_unlock (BinderyContext *self)
{
  g_return_if_fail (BINDERY_IS_CONTEXT (self));

  if (self->lock_fd < 0)
    return;

  if (ftruncate (self->lock_fd, 0) != 0)
    g_debug ("Could not clear %s: %s", self->lock_path, g_strerror (errno));
  flock (self->lock_fd, LOCK_UN);
  close (self->lock_fd);
  self->lock_fd = -1;
}

gboolean
bindery_context_is_locked (BinderyContext *self)
{
  g_return_val_if_fail (BINDERY_IS_CONTEXT (self), FALSE);
  return self->lock_fd >= 0;
}

void
bindery_init_locale (void)
{
  const char *codeset;

  setlocale (LC_ALL, "");
  codeset = nl_langinfo (CODESET);
  if (codeset == NULL || g_ascii_strcasecmp (codeset, "UTF-8") != 0)
    {
      /* libarchive needs a UTF-8 LC_CTYPE to decode Unicode entry names. */
      if (setlocale (LC_CTYPE, "C.UTF-8") == NULL)
        setlocale (LC_CTYPE, "en_US.UTF-8");
    }
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
