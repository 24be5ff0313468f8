/* bindery-scan-scope.h: the folders a scoped scan covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scope is a set of folders of one library, each either a "folder" (its own files
 * only) or a "tree" (the folder and everything below it); paths are relative to the
 * library root, raw bytes, '/'-separated, "" for the root. A normalised scope is
 * sorted by path and has no entry inside a tree entry, so equal sets of changes give
 * equal scopes (and equal job merge keys).
 *
 * As a job target (type "scan-folders") a scope is one line per entry,
 * "folder:PATH" or "tree:PATH", joined by '\n' in sorted order. A path holding a
 * newline cannot be written so: bindery_scan_scope_to_target() returns NULL and the
 * caller scans the library instead.
 *
 * A book is in scope when its folder is a folder entry or lies in a tree entry.
 * A series is in scope (it can become missing or be restored) only when all of its
 * books are: with the series pattern its folder is in scope, with the collection
 * pattern its top-level folder lies in a tree entry (the root series "" is the root's
 * own files).
 */
#pragma once

#include <glib.h>

#include "bindery-library.h"
#include "bindery-walker.h"

G_BEGIN_DECLS

typedef struct _BinderyScanScope BinderyScanScope;

BinderyScanScope *bindery_scan_scope_new        (void);
void              bindery_scan_scope_free       (BinderyScanScope *self);
/* Adds a folder (tree: and everything below it) and normalises. */
void              bindery_scan_scope_add        (BinderyScanScope *self,
                                                 const char       *rel_path,
                                                 gboolean          tree);
/* Adds every entry of other. */
void              bindery_scan_scope_merge      (BinderyScanScope *self,
                                                 BinderyScanScope *other);
guint             bindery_scan_scope_get_n_entries (BinderyScanScope *self);
/* Entry i (in sorted order): its path, and whether it is a tree. */
const char       *bindery_scan_scope_get_entry  (BinderyScanScope *self,
                                                 guint             i,
                                                 gboolean         *tree);
/* TRUE when a tree entry is the root: the scope is the whole library. */
gboolean          bindery_scan_scope_is_library (BinderyScanScope *self);

/* NULL when an entry cannot be written (a newline in its path). */
char             *bindery_scan_scope_to_target  (BinderyScanScope *self);
/* G_IO_ERROR_INVALID_ARGUMENT naming the bad line. */
BinderyScanScope *bindery_scan_scope_parse      (const char       *target,
                                                 GError          **error);
/* "Scan folder “a/b”", "Scan 3 folders" (display text). */
char             *bindery_scan_scope_dup_title  (BinderyScanScope *self);

gboolean          bindery_scan_scope_contains_book   (BinderyScanScope      *self,
                                                      const char            *book_rel_path);
gboolean          bindery_scan_scope_covers_series   (BinderyScanScope      *self,
                                                      BinderyLibraryPattern  pattern,
                                                      const char            *series_path);
/* TRUE when rel_path (a folder) is an entry or lies in a tree entry. */
gboolean          bindery_scan_scope_covers_folder   (BinderyScanScope      *self,
                                                      const char            *rel_path);

/* Walks every entry (options->start and ->recursive are set per entry) into one walk.
 * An entry whose folder is gone (not found, not a folder) adds nothing: its books
 * vanish. One that cannot be read is logged and listed in walk->unreadable (its books
 * are kept as they are). Only cancellation (the check function's error) stops it. */
BinderyWalk      *bindery_scan_scope_walk       (BinderyScanScope         *self,
                                                 const BinderyWalkOptions *options,
                                                 GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyScanScope, bindery_scan_scope_free)

G_END_DECLS
