/* bindery-book-item.h: one book as the UI shows it (a row of `books` with its series and thumbnail)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Items are made by BinderyBookList; they are updated in place (with property
 * notifications) when the book changes in the catalog, so a bound widget follows.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bindery-catalog.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_BOOK_ITEM (bindery_book_item_get_type ())
G_DECLARE_FINAL_TYPE (BinderyBookItem, bindery_book_item, BINDERY, BOOK_ITEM, GObject)

/* Properties (all read-only except "id", construct-only): "id", "library-id", "series-id",
 * "series-name", "name" (display file name), "title", "display-title" (title, else the file name without extension),
 * "number", "volume", "year", "format", "page-count", "size", "status" ("ready", "missing",
 * "error"), "error-kind", "error-message", "metadata-error", "display-path", "added-at" (µs),
 * "thumbnail" (path relative to the thumbnail dir, or NULL), "loaded" (FALSE for a
 * placeholder whose row could not be read). */

gint64      bindery_book_item_get_id            (BinderyBookItem *self);
gint64      bindery_book_item_get_library_id    (BinderyBookItem *self);
gint64      bindery_book_item_get_series_id     (BinderyBookItem *self);
const char *bindery_book_item_get_series_name   (BinderyBookItem *self);
const char *bindery_book_item_get_name          (BinderyBookItem *self);
const char *bindery_book_item_get_title         (BinderyBookItem *self);
const char *bindery_book_item_get_display_title (BinderyBookItem *self);
const char *bindery_book_item_get_number        (BinderyBookItem *self);
int         bindery_book_item_get_volume        (BinderyBookItem *self);
int         bindery_book_item_get_year          (BinderyBookItem *self);
const char *bindery_book_item_get_format        (BinderyBookItem *self);
int         bindery_book_item_get_page_count    (BinderyBookItem *self);
gint64      bindery_book_item_get_size          (BinderyBookItem *self);
const char *bindery_book_item_get_status        (BinderyBookItem *self);
const char *bindery_book_item_get_error_kind    (BinderyBookItem *self);
const char *bindery_book_item_get_error_message (BinderyBookItem *self);
const char *bindery_book_item_get_metadata_error (BinderyBookItem *self);
/* Absolute path in the file-name encoding (raw bytes, may not be UTF-8). */
const char *bindery_book_item_get_path          (BinderyBookItem *self);
const char *bindery_book_item_get_display_path  (BinderyBookItem *self);
gint64      bindery_book_item_get_added_at      (BinderyBookItem *self);
const char *bindery_book_item_get_thumbnail     (BinderyBookItem *self);
gboolean    bindery_book_item_get_loaded        (BinderyBookItem *self);

/* One book read from the catalog; NULL + BINDERY_CATALOG_ERROR_NOT_FOUND when there is none. */
BinderyBookItem *bindery_book_item_load        (BinderyCatalog  *catalog,
                                                gint64           book_id,
                                                GError         **error);
/* The book at rel_path (raw bytes, relative to the folder of library_id); NULL +
 * BINDERY_CATALOG_ERROR_NOT_FOUND when the catalog has none there. */
BinderyBookItem *bindery_book_item_load_by_path (BinderyCatalog *catalog,
                                                 gint64          library_id,
                                                 const char     *rel_path,
                                                 GError        **error);

/* The book's full normalised metadata record (book_metadata.json), or NULL when it has none. */
JsonObject *bindery_book_item_load_metadata     (BinderyBookItem *self,
                                                 BinderyCatalog  *catalog,
                                                 GError         **error);

G_END_DECLS
