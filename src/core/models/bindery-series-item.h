/* bindery-series-item.h: one series as the UI shows it (name, counts, cover)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Made by BinderySeriesList; updated in place with notifications when the catalog changes.
 */
#pragma once

#include "bindery-catalog.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_SERIES_ITEM (bindery_series_item_get_type ())
G_DECLARE_FINAL_TYPE (BinderySeriesItem, bindery_series_item, BINDERY, SERIES_ITEM, GObject)

/* Properties (read-only; "id" construct-only): "id", "library-id", "name", "status"
 * ("ready", "missing"), "created-at" (µs), "book-count", "missing-count", "error-count",
 * "cover" (thumbnail of the first book by number that has one, relative to the thumbnail
 * dir, or NULL), "cover-book-id" (the first ready book by number: the one whose cover
 * the series is meant to show, for a thumbnail job to make first; 0 when none), "loaded". */

gint64      bindery_series_item_get_id            (BinderySeriesItem *self);
gint64      bindery_series_item_get_library_id    (BinderySeriesItem *self);
const char *bindery_series_item_get_name          (BinderySeriesItem *self);
const char *bindery_series_item_get_status        (BinderySeriesItem *self);
gint64      bindery_series_item_get_created_at    (BinderySeriesItem *self);
guint       bindery_series_item_get_book_count    (BinderySeriesItem *self);
guint       bindery_series_item_get_missing_count (BinderySeriesItem *self);
guint       bindery_series_item_get_error_count   (BinderySeriesItem *self);
const char *bindery_series_item_get_cover         (BinderySeriesItem *self);
gint64      bindery_series_item_get_cover_book_id (BinderySeriesItem *self);
gboolean    bindery_series_item_get_loaded        (BinderySeriesItem *self);

G_END_DECLS
