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
 *   convert-after-scan true | false                 default false: RAR and 7z books to CBZ after each scan
 *   delete-converted-originals true | false         default false: a converted book's original is
 *                      deleted rather than moved to the trash
 *   verify-data        true | false                 default false: each scan also verifies the data
 *                                                   of its books (bindery-verify-job.h)
 *   watch              true | false                 default true: watch the folder for
 *                                                   changes (bindery-library-watch.h)
 * Later features add keys here with their features.
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
 * "ignore" (GStrv), "deep-scan", "convert-after-scan", "delete-converted-originals",
 * "verify-data", "watch". */

gint64                bindery_library_get_id                (BinderyLibrary *self);
const char           *bindery_library_get_name              (BinderyLibrary *self);
void                  bindery_library_set_name              (BinderyLibrary *self, const char *name);
const char           *bindery_library_get_path              (BinderyLibrary *self);
const char           *bindery_library_get_display_path      (BinderyLibrary *self);
BinderyLibraryPattern bindery_library_get_pattern           (BinderyLibrary *self);
const char           *bindery_library_get_state             (BinderyLibrary *self);
/* "new" | "ready" | "scanning" | "unavailable" (written by bindery_library_save) */
void                  bindery_library_set_state             (BinderyLibrary *self, const char *state);
gboolean              bindery_library_state_is_valid        (const char *state);
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
gboolean              bindery_library_get_convert_after_scan (BinderyLibrary *self);
void                  bindery_library_set_convert_after_scan (BinderyLibrary *self, gboolean convert);
gboolean              bindery_library_get_delete_converted_originals (BinderyLibrary *self);
void                  bindery_library_set_delete_converted_originals (BinderyLibrary *self,
                                                                      gboolean        delete);
gboolean              bindery_library_get_verify_data       (BinderyLibrary *self);
void                  bindery_library_set_verify_data       (BinderyLibrary *self, gboolean verify);
gboolean              bindery_library_get_watch             (BinderyLibrary *self);
void                  bindery_library_set_watch             (BinderyLibrary *self, gboolean watch);

const char           *bindery_library_pattern_to_string     (BinderyLibraryPattern pattern);
gboolean              bindery_library_pattern_from_string   (const char *str, BinderyLibraryPattern *out);

/* Sets an option from its CLI text form ("scan-mode" "sync", "ignore" "extras,*.tmp" …).
 * BINDERY_CATALOG_ERROR_INVALID naming the key and the accepted values on bad input. */
gboolean              bindery_library_set_option            (BinderyLibrary *self,
                                                             const char     *key,
                                                             const char     *value,
                                                             GError        **error);
/* All options as a JSON object (every key, defaults filled in; keys this version does
 * not know, written by a newer one, are kept). New reference. */
JsonObject           *bindery_library_dup_options           (BinderyLibrary *self);

/* The option keys of bindery_library_set_option, for help texts. */
typedef struct {
  const char *key;
  const char *values;   /* "batched|sync", "64-2000" … */
  const char *summary;
} BinderyLibraryOptionInfo;

const BinderyLibraryOptionInfo *bindery_library_get_option_info (guint *n_options);

/* --- catalog access ------------------------------------------------------------ */

/* What bindery_catalog_add_library checks without a catalog: path is an existing folder
 * and name (may be NULL) is a non-empty UTF-8 string. Lets a caller refuse bad input
 * before it creates anything. */
gboolean              bindery_library_check_new             (const char            *path,
                                                             const char            *name,
                                                             GError               **error);

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
/* spec: all digits → id, else exact name, else path (normalised like add_library; a
 * path reaching the same folder through a symbolic link matches too). A name made of
 * digits is found when no library has that id. */
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
 * to its books are removed too (thumbnail_dir may be NULL). Never touches the library folder.
 * Its jobs that had not ended (queued, running, paused, interrupted) become cancelled with
 * the error "Cancelled: its library “NAME” was removed", and stay in the history with
 * its cancelled ones (library_id NULL); its completed and failed jobs go with it. A job
 * still running elsewhere should have been stopped first (the app cancels its own; the
 * CLI refuses while another process runs one: bindery_catalog_find_active_job()). */
gboolean              bindery_catalog_remove_library        (BinderyCatalog        *catalog,
                                                             gint64                 library_id,
                                                             const char            *thumbnail_dir,
                                                             GError               **error);
/* The id of a job recorded as running or paused on the library (the newest), 0 if none,
 * -1 on error. Its title goes to *title (may be NULL). Whether its process still lives
 * is for the caller to tell (the data dir's lock). */
gint64                bindery_catalog_find_active_job       (BinderyCatalog        *catalog,
                                                             gint64                 library_id,
                                                             char                 **title,
                                                             GError               **error);
/* Points the library at the folder it now lives in (a drive mounted elsewhere). new_path
 * must be an existing folder not overlapping another library; books keep their ids,
 * metadata and thumbnails (their paths are relative to the root). */
gboolean              bindery_catalog_move_library          (BinderyCatalog        *catalog,
                                                             gint64                 library_id,
                                                             const char            *new_path,
                                                             GError               **error);
/* Rows of the library: series and books (every status). Either out may be NULL. */
gboolean              bindery_catalog_count_library         (BinderyCatalog        *catalog,
                                                             gint64                 library_id,
                                                             gint64                *n_series,
                                                             gint64                *n_books,
                                                             GError               **error);

G_END_DECLS
