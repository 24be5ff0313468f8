/* bindery-ignore.h: which names a library scan passes over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Default rules (always on): names starting with '.' (hidden files and folders,
 * .Trash-*, AppleDouble ._ files), __MACOSX, @eaDir, #recycle, Thumbs.db and
 * desktop.ini (the last two in any case).
 *
 * Per-library globs (the library's "ignore" option) are matched against the path
 * relative to the library root, '/'-separated, as raw bytes:
 *   - '*' and '?' match within one path segment, '[abc]' '[a-z]' '[!x]' a byte set,
 *     '\' escapes the next byte;
 *   - a '**' segment matches zero or more whole segments;
 *   - a glob without '/' matches the last segment at any depth ("*.tmp", "extras");
 *   - a glob with a '/' is anchored at the root ("Manga/raw");
 *     a leading '/' only anchors;
 *   - a trailing '/' limits the glob to folders ("extras/").
 * A matched folder is not descended, so everything below it is ignored too.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BinderyIgnore BinderyIgnore;

/* globs may be NULL; empty strings and blanks are skipped. */
BinderyIgnore *bindery_ignore_new              (const char * const *globs);
void           bindery_ignore_free             (BinderyIgnore      *self);
/* TRUE when a default rule ignores basename. */
gboolean       bindery_ignore_is_default_name  (const char         *basename);
/* rel_path: relative to the root, no leading '/'; its last segment is the name. */
gboolean       bindery_ignore_match            (BinderyIgnore      *self,
                                                const char         *rel_path,
                                                gboolean            is_dir);
/* One glob against one relative path (no default rules); for tests and previews. */
gboolean       bindery_ignore_glob_match       (const char         *glob,
                                                const char         *rel_path,
                                                gboolean            is_dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyIgnore, bindery_ignore_free)

G_END_DECLS
