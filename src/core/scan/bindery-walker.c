/* bindery-walker.c: getdents64 + fstatat walk of a library folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "bindery-book.h"
#include "bindery-walker.h"

#define MAX_DEPTH 256
#define CHECK_EVERY 256
#define DIRENTS_SIZE (32 * 1024)

typedef struct {
  guint64 device;
  guint64 inode;
} DirKey;

typedef struct {
  char *rel_path;   /* the link's own path */
  guint parent;     /* folder holding the link */
} PendingLink;

typedef struct {
  gsize   name;     /* offset of the name in the folder's name buffer */
  guchar  type;     /* d_type */
} Entry;

typedef struct {
  const BinderyWalkOptions *options;
  BinderyWalk              *walk;
  GHashTable               *visited;   /* DirKey → DirKey (same pointer) */
  GArray                   *links;     /* PendingLink */
  guint                     n_checked;
  GError                   *error;     /* the check function's, stops the walk */
  guint8                   *dirents;   /* DIRENTS_SIZE bytes for getdents64 */
} Walker;

static guint
dir_key_hash (gconstpointer p)
{
  const DirKey *key = p;
  guint64 h = key->inode * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ key->device;

  return (guint) (h ^ (h >> 32));
}

static gboolean
dir_key_equal (gconstpointer a,
               gconstpointer b)
{
  const DirKey *ka = a, *kb = b;

  return ka->device == kb->device && ka->inode == kb->inode;
}

static void
pending_link_clear (PendingLink *link)
{
  g_free (link->rel_path);
}

static void
walker_log (Walker          *self,
            BinderyLogLevel  level,
            const char      *rel_path,
            const char      *format,
            ...) G_GNUC_PRINTF (4, 5);

static void
walker_log (Walker          *self,
            BinderyLogLevel  level,
            const char      *rel_path,
            const char      *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (self->options->log != NULL)
    self->options->log (self->options->user_data, level, rel_path, message);
  else
    g_debug ("%s: %s", rel_path, message);
}

/* rel_path (and all below it) could not be read. */
static void
walker_note_unreadable (Walker     *self,
                        const char *rel_path,
                        gboolean    folder)
{
  if (self->walk->unreadable == NULL)
    self->walk->unreadable = g_ptr_array_new ();
  g_ptr_array_add (self->walk->unreadable, g_string_chunk_insert (self->walk->strings, rel_path));
  if (folder)
    self->walk->n_unreadable_folders++;
  else
    self->walk->n_unreadable_files++;
}

static gboolean
walker_check (Walker *self)
{
  if (self->error != NULL)
    return FALSE;
  if (self->options->check == NULL || ++self->n_checked % CHECK_EVERY != 0)
    return TRUE;
  return self->options->check (self->options->user_data, &self->error);
}

static gint64
stat_mtime_us (const struct stat *st)
{
  return (gint64) st->st_mtim.tv_sec * G_USEC_PER_SEC + st->st_mtim.tv_nsec / 1000;
}

/* TRUE when (device, inode) is new; marks it visited. */
static gboolean
walker_visit (Walker            *self,
              const struct stat *st)
{
  DirKey key = { st->st_dev, st->st_ino };
  DirKey *stored;

  if (g_hash_table_contains (self->visited, &key))
    return FALSE;
  stored = g_memdup2 (&key, sizeof key);
  g_hash_table_add (self->visited, stored);
  return TRUE;
}

static gboolean
walker_is_ancestor (Walker            *self,
                    guint              dir,
                    const struct stat *st)
{
  for (guint i = dir; i != G_MAXUINT; i = g_array_index (self->walk->dirs, BinderyWalkDir, i).parent)
    {
      const BinderyWalkDir *d = &g_array_index (self->walk->dirs, BinderyWalkDir, i);

      if (d->device == (guint64) st->st_dev && d->inode == (guint64) st->st_ino)
        return TRUE;
    }
  return FALSE;
}

static char *
join_rel (const char *dir,
          const char *name)
{
  return *dir == '\0' ? g_strdup (name) : g_strconcat (dir, "/", name, NULL);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const char *names = user_data;

  return strcmp (names + ((const Entry *) a)->name, names + ((const Entry *) b)->name);
}

static void walk_dir (Walker *self, int fd, guint dir, guint depth);

/* Adds a folder record and walks it. fd is consumed. */
static void
walk_opened_dir (Walker            *self,
                 int                fd,
                 const char        *rel_path,
                 guint              parent,
                 const struct stat *st,
                 guint              depth)
{
  BinderyWalkDir d = { 0 };

  d.rel_path = g_string_chunk_insert (self->walk->strings, rel_path);
  d.parent = parent;
  d.device = st->st_dev;
  d.inode = st->st_ino;
  g_array_append_val (self->walk->dirs, d);

  walk_dir (self, fd, self->walk->dirs->len - 1, depth);
}

static void
walk_subdir (Walker     *self,
             int         parent_fd,
             guint       parent,
             const char *name,
             guint       depth)
{
  const char *parent_rel = g_array_index (self->walk->dirs, BinderyWalkDir, parent).rel_path;
  g_autofree char *rel_path = join_rel (parent_rel, name);
  struct stat st;
  int fd;

  if (depth >= MAX_DEPTH)
    {
      walker_log (self, BINDERY_LOG_WARNING, rel_path, "Folder nested too deeply (over %d levels); not scanned", MAX_DEPTH);
      self->walk->n_skipped++;
      return;
    }

  fd = openat (parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) < 0)
    {
      int errsv = errno;

      walker_log (self, BINDERY_LOG_WARNING, rel_path,
                  _("Cannot open folder: %s; its books are kept as they were"), g_strerror (errsv));
      self->walk->n_skipped++;
      walker_note_unreadable (self, rel_path, TRUE);
      if (fd >= 0)
        close (fd);
      return;
    }

  if (!walker_visit (self, &st))
    {
      /* a bind mount or hard-linked folder seen before */
      walker_log (self, BINDERY_LOG_INFO, rel_path, "Folder already visited under another path; skipped");
      self->walk->n_skipped++;
      close (fd);
      return;
    }

  walk_opened_dir (self, fd, rel_path, parent, &st, depth + 1);
}

static void
walk_file (Walker            *self,
           guint              dir,
           const char        *rel_path,
           const char        *name,
           const struct stat *st)
{
  BinderyWalkFile file;
  const char *stored = g_string_chunk_insert (self->walk->strings, rel_path);

  file.rel_path = stored;
  file.name = stored + (name - rel_path);
  file.dir = dir;
  file.size = st->st_size;
  file.mtime = stat_mtime_us (st);
  file.inode = st->st_ino;
  file.sidecar = NULL;
  g_array_append_val (self->walk->files, file);
}

/* "Book.opf" or "Book.OPF": notes its stamp under "Book" (".opf" wins, as in the reader). */
static void
note_sidecar (Walker      *self,
              GHashTable **sidecars,
              int          fd,
              const char  *name,
              gsize        len,
              gboolean     follow)
{
  gboolean lower = strcmp (name + len - 4, ".opf") == 0;
  g_autofree char *stem = g_strndup (name, len - 4);
  g_autofree char *stamp = NULL;
  struct stat st;

  if (fstatat (fd, name, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG (st.st_mode))
    return;
  if (*sidecars == NULL)
    *sidecars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  else if (!lower && g_hash_table_contains (*sidecars, stem))
    return;

  stamp = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, (gint64) st.st_size, stat_mtime_us (&st));
  g_hash_table_replace (*sidecars, g_steal_pointer (&stem),
                        g_string_chunk_insert_const (self->walk->strings, stamp));
}

/* Gives the folder's files (from first on) the stamps of their sidecars. */
static void
match_sidecars (Walker     *self,
                guint       first,
                GHashTable *sidecars)
{
  for (guint i = first; i < self->walk->files->len; i++)
    {
      BinderyWalkFile *file = &g_array_index (self->walk->files, BinderyWalkFile, i);
      const char *dot = strrchr (file->name, '.');
      g_autofree char *stem = NULL;

      if (dot == NULL)
        continue;
      stem = g_strndup (file->name, dot - file->name);
      file->sidecar = g_hash_table_lookup (sidecars, stem);
    }
}

static void
walk_dir (Walker *self,
          int     fd,
          guint   dir,
          guint   depth)
{
  g_autoptr(GByteArray) names = g_byte_array_new ();
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GArray) subdirs = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) rel = g_string_new (NULL);
  g_autoptr(GHashTable) sidecars = NULL;   /* stem → stamp, only when the folder has .opf files */
  guint first_file = self->walk->files->len;
  gsize rel_prefix;
  const BinderyWalkOptions *options = self->options;
  gboolean listed = FALSE;

  /* getdents64 into the walker's one buffer: no DIR (and its 32 KiB buffer) per folder,
   * which freed and allocated again made the heap shrink and grow (mprotect) for every
   * folder */
  for (;;)
    {
      gssize n = getdents64 (fd, self->dirents, DIRENTS_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && !listed)
        {
          int errsv = errno;

          walker_log (self, BINDERY_LOG_WARNING,
                      g_array_index (self->walk->dirs, BinderyWalkDir, dir).rel_path,
                      _("Cannot list folder: %s; its books are kept as they were"), g_strerror (errsv));
          self->walk->n_skipped++;
          walker_note_unreadable (self, g_array_index (self->walk->dirs, BinderyWalkDir, dir).rel_path, TRUE);
          close (fd);
          return;
        }
      if (n < 0)
        {
          int errsv = errno;

          walker_log (self, BINDERY_LOG_WARNING,
                      g_array_index (self->walk->dirs, BinderyWalkDir, dir).rel_path,
                      _("Error while listing folder: %s; the books not listed are kept as they were"),
                      g_strerror (errsv));
          walker_note_unreadable (self, g_array_index (self->walk->dirs, BinderyWalkDir, dir).rel_path, TRUE);
          break;
        }
      listed = TRUE;
      if (n == 0)
        break;
      for (gssize offset = 0; offset < n;)
        {
          const struct dirent64 *de = (const struct dirent64 *) (gpointer) (self->dirents + offset);
          Entry entry;

          offset += de->d_reclen;
          if (de->d_name[0] == '.' && (de->d_name[1] == '\0' || (de->d_name[1] == '.' && de->d_name[2] == '\0')))
            continue;
          entry.name = names->len;
          entry.type = de->d_type;
          g_byte_array_append (names, (const guint8 *) de->d_name, strlen (de->d_name) + 1);
          g_array_append_val (entries, entry);
        }
    }

  if (dir == 0)
    self->walk->n_root_entries = entries->len;

  g_array_sort_with_data (entries, compare_entries, names->data);

  g_string_append (rel, g_array_index (self->walk->dirs, BinderyWalkDir, dir).rel_path);
  if (rel->len > 0)
    g_string_append_c (rel, '/');
  rel_prefix = rel->len;

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);
      const char *name = (const char *) names->data + entry->name;
      guchar type = entry->type;
      struct stat st;
      gsize len;

      if (!walker_check (self))
        break;

      g_string_truncate (rel, rel_prefix);
      g_string_append (rel, name);

      if (type == DT_UNKNOWN)
        {
          if (fstatat (fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            {
              int errsv = errno;

              if (errsv != ENOENT)   /* else: vanished meanwhile */
                {
                  walker_log (self, BINDERY_LOG_WARNING, rel->str,
                              _("Cannot read the entry’s details: %s; what it holds is kept as it was"),
                              g_strerror (errsv));
                  self->walk->n_skipped++;
                  walker_note_unreadable (self, rel->str, FALSE);
                }
              continue;
            }
          type = S_ISDIR (st.st_mode) ? DT_DIR : S_ISLNK (st.st_mode) ? DT_LNK
               : S_ISREG (st.st_mode) ? DT_REG : DT_FIFO;
        }

      if (options->ignore != NULL ? bindery_ignore_match (options->ignore, rel->str, type == DT_DIR)
                                  : bindery_ignore_is_default_name (name))
        {
          self->walk->n_ignored++;
          continue;
        }

      switch (type)
        {
        case DT_DIR:
          if (options->recursive)
            g_array_append_val (subdirs, entry->name);
          break;

        case DT_REG:
          self->walk->n_seen++;
          len = strlen (name);
          if (strcmp (name, "series.json") == 0)
            g_array_index (self->walk->dirs, BinderyWalkDir, dir).has_series_json = TRUE;
          else if (len > 4 && (strcmp (name + len - 4, ".opf") == 0 || strcmp (name + len - 4, ".OPF") == 0))
            note_sidecar (self, &sidecars, fd, name, len, FALSE);
          else if (bindery_book_is_book_name (name))
            {
              if (fstatat (fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
                {
                  int errsv = errno;

                  if (errsv != ENOENT)   /* else: vanished meanwhile */
                    {
                      walker_log (self, BINDERY_LOG_WARNING, rel->str,
                                  _("Cannot read the file’s details: %s; the book is kept as it was"),
                                  g_strerror (errsv));
                      self->walk->n_skipped++;
                      walker_note_unreadable (self, rel->str, FALSE);
                    }
                }
              else if (S_ISREG (st.st_mode))
                walk_file (self, dir, rel->str, rel->str + rel_prefix, &st);
              else if (S_ISDIR (st.st_mode) && options->recursive)
                g_array_append_val (subdirs, entry->name);   /* replaced meanwhile */
            }
          break;

        case DT_LNK:
          if (fstatat (fd, name, &st, 0) < 0)
            {
              int errsv = errno;

              self->walk->n_seen++;
              self->walk->n_skipped++;
              walker_log (self, BINDERY_LOG_WARNING, rel->str, "Symbolic link skipped: %s",
                          errsv == ENOENT ? "its target does not exist" : g_strerror (errsv));
            }
          else if (S_ISDIR (st.st_mode))
            {
              if (options->recursive)
                {
                  PendingLink link = { g_strdup (rel->str), dir };
                  g_array_append_val (self->links, link);
                }
            }
          else
            {
              len = strlen (name);
              self->walk->n_seen++;
              /* a sidecar that is a link is followed, as the reader does: its stamp is the
               * target's, so a change to the target is noticed */
              if (len > 4 && (strcmp (name + len - 4, ".opf") == 0 || strcmp (name + len - 4, ".OPF") == 0))
                note_sidecar (self, &sidecars, fd, name, len, TRUE);
              else if (bindery_book_is_book_name (name))
                {
                  self->walk->n_skipped++;
                  walker_log (self, BINDERY_LOG_INFO, rel->str,
                              "Symbolic link to a file skipped: links to files are not books");
                }
            }
          break;

        default:
          self->walk->n_seen++;
          if (bindery_book_is_book_name (name))
            {
              self->walk->n_skipped++;
              walker_log (self, BINDERY_LOG_INFO, rel->str, "Not a regular file; skipped");
            }
          break;
        }
    }

  if (sidecars != NULL)
    match_sidecars (self, first_file, sidecars);

  for (guint i = 0; i < subdirs->len && self->error == NULL; i++)
    walk_subdir (self, fd, dir, (const char *) names->data + g_array_index (subdirs, gsize, i), depth);

  close (fd);
}

static void
walk_links (Walker *self)
{
  /* links found while walking links are appended: a FIFO over the array */
  for (guint i = 0; i < self->links->len && walker_check (self); i++)
    {
      PendingLink *link = &g_array_index (self->links, PendingLink, i);
      g_autofree char *path = g_build_filename (self->options->root, link->rel_path, NULL);
      g_autofree char *rel_path = g_strdup (link->rel_path);
      guint parent = link->parent;   /* link may move when links grows */
      struct stat st;
      int fd;

      fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0 || fstat (fd, &st) < 0)
        {
          int errsv = errno;

          walker_log (self, BINDERY_LOG_WARNING, rel_path,
                      _("Cannot open linked folder: %s; its books are kept as they were"), g_strerror (errsv));
          self->walk->n_skipped++;
          walker_note_unreadable (self, rel_path, TRUE);
          if (fd >= 0)
            close (fd);
          continue;
        }

      if (!walker_visit (self, &st))
        {
          if (walker_is_ancestor (self, parent, &st))
            walker_log (self, BINDERY_LOG_WARNING, rel_path,
                        "Symbolic link loop: the link points to a folder that contains it; not followed");
          else
            walker_log (self, BINDERY_LOG_INFO, rel_path,
                        "Symbolic link to a folder already visited; not followed again");
          self->walk->n_skipped++;
          close (fd);
          continue;
        }

      walk_opened_dir (self, fd, rel_path, parent, &st, 1);
    }
}

BinderyWalk *
bindery_walk_run (const BinderyWalkOptions *options,
                  GError                  **error)
{
  g_autoptr(BinderyWalk) walk = g_new0 (BinderyWalk, 1);
  g_autofree char *start_path = NULL;
  const char *start = options->start != NULL ? options->start : "";
  Walker self = { 0 };
  struct stat st;
  int fd;

  g_return_val_if_fail (options->root != NULL, NULL);

  walk->strings = g_string_chunk_new (64 * 1024);
  walk->files = g_array_sized_new (FALSE, FALSE, sizeof (BinderyWalkFile), 1024);
  walk->dirs = g_array_new (FALSE, FALSE, sizeof (BinderyWalkDir));

  self.options = options;
  self.walk = walk;
  self.visited = g_hash_table_new_full (dir_key_hash, dir_key_equal, g_free, NULL);
  self.links = g_array_new (FALSE, FALSE, sizeof (PendingLink));
  g_array_set_clear_func (self.links, (GDestroyNotify) pending_link_clear);
  self.dirents = g_malloc (DIRENTS_SIZE);

  /* The start folder's ancestors count as visited: a link back to them adds nothing. */
  if (*start != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (start, "/", -1);
      g_autoptr(GString) prefix = g_string_new (options->root);

      if (stat (prefix->str, &st) == 0)
        walker_visit (&self, &st);
      for (guint i = 0; parts[i + 1] != NULL; i++)
        {
          g_string_append_c (prefix, '/');
          g_string_append (prefix, parts[i]);
          if (stat (prefix->str, &st) == 0)
            walker_visit (&self, &st);
        }
    }

  start_path = *start != '\0' ? g_build_filename (options->root, start, NULL) : g_strdup (options->root);
  fd = open (start_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) < 0)
    {
      int errsv = errno;
      g_autofree char *display = g_filename_display_name (start_path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot open folder “%s”: %s"), display, g_strerror (errsv));
      if (fd >= 0)
        close (fd);
      g_hash_table_unref (self.visited);
      g_array_unref (self.links);
      g_free (self.dirents);
      return NULL;
    }

  walker_visit (&self, &st);
  walk_opened_dir (&self, fd, start, G_MAXUINT, &st, 0);
  walk_links (&self);

  g_hash_table_unref (self.visited);
  g_array_unref (self.links);
  g_free (self.dirents);

  if (self.error != NULL)
    {
      g_propagate_error (error, self.error);
      return NULL;
    }

  return g_steal_pointer (&walk);
}

void
bindery_walk_free (BinderyWalk *walk)
{
  if (walk == NULL)
    return;
  g_clear_pointer (&walk->strings, g_string_chunk_free);
  g_clear_pointer (&walk->files, g_array_unref);
  g_clear_pointer (&walk->dirs, g_array_unref);
  g_clear_pointer (&walk->unreadable, g_ptr_array_unref);
  g_free (walk);
}

gboolean
bindery_walk_is_unreadable (const BinderyWalk *walk,
                            const char        *rel_path)
{
  for (guint i = 0; walk->unreadable != NULL && i < walk->unreadable->len; i++)
    {
      const char *path = g_ptr_array_index (walk->unreadable, i);
      gsize len = strlen (path);

      /* "" is the start folder: everything is below it */
      if (len == 0 ||
          (strncmp (rel_path, path, len) == 0 && (rel_path[len] == '\0' || rel_path[len] == '/')))
        return TRUE;
    }
  return FALSE;
}
