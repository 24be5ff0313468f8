/* bindery-library.h: a library (a folder tree) and its per-library options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain GObject snapshot of one `libraries` row. Properties notify (so the app
 * can bind preference rows to them); bindery_library_save() writes the row back.
 *
 * Options (the `options` JSON column, and `bindery-cli library set KEY VALUE`):
 *   scan-mode          "batched" | "sync"           default "batched"
 *   thumbnails         true | false                 default true
 *   thumbnail-height   64 … 2000 (px)               default 400
 *   thumbnail-quality  1 … 100                      default 80
 *   ignore             list of globs (double-star allowed), relative to the root; CLI: comma-separated
 *   deep-scan          true | false                 default false
 * Later features add keys here (conversion, watching) with their features.
 */
#pragma once

#include "bindery-catalog.h"
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  BINDERY_LIBRARY_PATTERN_SERIES,
  BINDERY_LIBRARY_PATTERN_COLLECTION,
} BinderyLibraryPattern;

typedef enum {
  BINDERY_SCAN_MODE_BATCHED,
  BINDERY_SCAN_MODE_SYNC,
} BinderyScanMode;

#define BINDERY_TYPE_LIBRARY (bindery_library_get_type ())
G_DECLARE_FINAL_TYPE (BinderyLibrary, bindery_library, BINDERY, LIBRARY, GObject)

/* Properties: "id" (int64, read-only), "name", "path" (filename bytes, read-only),
 * "display-path" (UTF-8, read-only), "pattern" (read-only after creation), "state" (string),
 * "scan-mode" (BinderyScanMode as int), "thumbnails", "thumbnail-height", "thumbnail-quality",
 * "ignore" (GStrv), "deep-scan". */

gint64                bindery_library_get_id                (BinderyLibrary *self);
const char           *bindery_library_get_name              (BinderyLibrary *self);
void                  bindery_library_set_name              (BinderyLibrary *self, const char *name);
const char           *bindery_library_get_path              (BinderyLibrary *self);
const char           *bindery_library_get_display_path      (BinderyLibrary *self);
BinderyLibraryPattern bindery_library_get_pattern           (BinderyLibrary *self);
const char           *bindery_library_get_state             (BinderyLibrary *self);
BinderyScanMode       bindery_library_get_scan_mode         (BinderyLibrary *self);
void                  bindery_library_set_scan_mode         (BinderyLibrary *self, BinderyScanMode mode);
gboolean              bindery_library_get_thumbnails        (BinderyLibrary *self);
void                  bindery_library_set_thumbnails        (BinderyLibrary *self, gboolean enabled);
guint                 bindery_library_get_thumbnail_height  (BinderyLibrary *self);
void                  bindery_library_set_thumbnail_height  (BinderyLibrary *self, guint height);
guint                 bindery_library_get_thumbnail_quality (BinderyLibrary *self);
void                  bindery_library_set_thumbnail_quality (BinderyLibrary *self, guint quality);
const char * const   *bindery_library_get_ignore            (BinderyLibrary *self);
void                  bindery_library_set_ignore            (BinderyLibrary *self, const char * const *globs);
gboolean              bindery_library_get_deep_scan         (BinderyLibrary *self);
void                  bindery_library_set_deep_scan         (BinderyLibrary *self, gboolean deep);

const char           *bindery_library_pattern_to_string     (BinderyLibraryPattern pattern);
gboolean              bindery_library_pattern_from_string   (const char *str, BinderyLibraryPattern *out);

/* Sets an option from its CLI text form ("scan-mode" "sync", "ignore" "extras,*.tmp" …).
 * BINDERY_CATALOG_ERROR_INVALID naming the key and the accepted values on bad input. */
gboolean              bindery_library_set_option            (BinderyLibrary *self,
                                                             const char     *key,
                                                             const char     *value,
                                                             GError        **error);
/* All options as a JSON object (every key, defaults filled in). */
JsonObject           *bindery_library_dup_options           (BinderyLibrary *self);

/* --- catalog access ------------------------------------------------------------ */

/* path must be an existing folder, not inside (or containing) another library, not
 * already added. name NULL → the folder's name, made unique ("Comics", "Comics (2)").
 * Errors: BINDERY_CATALOG_ERROR_INVALID / _EXISTS with a message naming the path. */
BinderyLibrary       *bindery_catalog_add_library           (BinderyCatalog        *catalog,
                                                             const char            *path,
                                                             const char            *name,
                                                             BinderyLibraryPattern  pattern,
                                                             GError               **error);
/* Element type BinderyLibrary, ordered by name. */
GPtrArray            *bindery_catalog_list_libraries        (BinderyCatalog        *catalog,
                                                             GError               **error);
BinderyLibrary       *bindery_catalog_get_library           (BinderyCatalog        *catalog,
                                                             gint64                 id,
                                                             GError               **error);
/* spec: all digits → id, else exact name, else path. */
BinderyLibrary       *bindery_catalog_find_library          (BinderyCatalog        *catalog,
                                                             const char            *spec,
                                                             GError               **error);
/* Writes name, state and options back. */
gboolean              bindery_library_save                  (BinderyLibrary        *self,
                                                             BinderyCatalog        *catalog,
                                                             GError               **error);
gboolean              bindery_catalog_set_library_state     (BinderyCatalog        *catalog,
                                                             gint64                 library_id,
                                                             const char            *state,
                                                             GError               **error);
/* Deletes the library's rows (cascade). Thumbnail files under thumbnail_dir that belonged
 * to its books are removed too (thumbnail_dir may be NULL). Never touches the library folder. */
gboolean              bindery_catalog_remove_library        (BinderyCatalog        *catalog,
                                                             gint64                 library_id,
                                                             const char            *thumbnail_dir,
                                                             GError               **error);

G_END_DECLS
