/* bindery-walker.h: list the book files under a library folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain getdents64 + fstatat walk (no GFileInfo per entry): only book candidates
 * (bindery_book_is_book_name) and folders are stat'ed. Each folder's entries are
 * taken in byte order of their names, the files of a folder before its subfolders,
 * so a tree always gives the same order. Real folders are walked first; symbolic
 * links to folders are then followed in the order they were met, and a folder
 * whose (device, inode) was already visited is not visited again (a link to an
 * ancestor is logged as a loop). Links to files are not books; dangling links are
 * skipped with a log line. Ignored names (BinderyIgnore) are not descended.
 *
 * A book's sidecar is the regular file beside it with the same name up to the last
 * '.' and the extension ".opf" (else ".OPF"), as the EPUB reader takes it; only
 * folders that list such names pay a stat for them.
 */
#pragma once

#include <glib.h>

#include "bindery-ignore.h"
#include "bindery-job.h"

G_BEGIN_DECLS

typedef struct {
  const char *rel_path;     /* raw bytes, relative to the root, '/'-separated */
  const char *name;         /* the last segment of rel_path */
  guint       dir;          /* index in BinderyWalk.dirs of its folder */
  gint64      size;
  gint64      mtime;        /* µs since the epoch */
  guint64     inode;
  const char *sidecar;      /* "size:mtime" of its sidecar .opf, NULL = none */
} BinderyWalkFile;

typedef struct {
  const char *rel_path;     /* "" for the root */
  guint       parent;       /* index of the parent folder, G_MAXUINT for the start folder */
  guint64     device;
  guint64     inode;
  gboolean    has_series_json;  /* a regular file series.json (Mylar) is in it */
} BinderyWalkDir;

typedef struct {
  GStringChunk *strings;
  GArray       *files;      /* BinderyWalkFile, in walk order */
  GArray       *dirs;       /* BinderyWalkDir, in walk order; [0] = start folder */
  guint64       n_seen;     /* files (not folders) met, ignored ones excluded */
  guint64       n_ignored;  /* files and folders passed over by an ignore rule */
  guint64       n_skipped;  /* links to files, dangling links, folders already
                               visited, unreadable folders, special files */
  guint         n_root_entries; /* entries in the start folder, ignored ones included */
  /* What could not be read: folders that could not be opened or listed to their end,
   * and book files whose details could not be read. Nothing is known about what is
   * at or below these rel_paths (interned in strings), so nothing there may be taken
   * for gone. NULL when empty. */
  GPtrArray    *unreadable;
  guint         n_unreadable_folders;
  guint         n_unreadable_files;
} BinderyWalk;

typedef void     (*BinderyWalkLogFunc)   (gpointer         user_data,
                                          BinderyLogLevel  level,
                                          const char      *rel_path,
                                          const char      *message);
/* Called between entries; return FALSE + error to stop the walk (cancel). */
typedef gboolean (*BinderyWalkCheckFunc) (gpointer         user_data,
                                          GError         **error);

typedef struct {
  const char           *root;       /* the library folder, absolute, raw bytes */
  const char           *start;      /* folder to walk, relative to root; NULL or "" = root */
  gboolean              recursive;  /* FALSE: the start folder's own files only */
  BinderyIgnore        *ignore;     /* may be NULL: default rules only */
  BinderyWalkLogFunc    log;        /* may be NULL */
  BinderyWalkCheckFunc  check;      /* may be NULL */
  gpointer              user_data;
} BinderyWalkOptions;

/* Fails with G_IO_ERROR_NOT_FOUND / _NOT_DIRECTORY / _PERMISSION_DENIED … when the
 * start folder cannot be opened, or with the check function's error. Unreadable
 * subfolders (and book files that cannot be stat'ed) are logged, skipped and listed
 * in walk->unreadable. */
BinderyWalk *bindery_walk_run  (const BinderyWalkOptions *options,
                                GError                  **error);
void         bindery_walk_free (BinderyWalk              *walk);
/* Whether rel_path is, or is below, something the walk could not read. */
gboolean     bindery_walk_is_unreadable (const BinderyWalk *walk,
                                         const char        *rel_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyWalk, bindery_walk_free)

G_END_DECLS
