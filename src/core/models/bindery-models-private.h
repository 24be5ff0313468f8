/* bindery-models-private.h: shared between the model files (not installed, not for the app)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-book-item.h"
#include "bindery-series-item.h"
#include "bindery-facet-item.h"

G_BEGIN_DECLS

/* Columns read by bindery_book_item_new_from_stmt(), in order; the FROM clause must name
 * books b, series s (LEFT JOIN), libraries l and thumbnails t (LEFT JOIN). */
#define BINDERY_BOOK_ITEM_COLUMNS \
  "b.id, b.library_id, b.series_id, s.name, b.name, b.title, b.number, b.volume, b.year, " \
  "b.format, b.page_count, b.size, b.status, b.error_kind, b.error_message, b.metadata_error, " \
  "l.path, b.rel_path, b.added_at, t.path"

#define BINDERY_BOOK_ITEM_FROM \
  "books b JOIN libraries l ON l.id = b.library_id " \
  "LEFT JOIN series s ON s.id = b.series_id " \
  "LEFT JOIN thumbnails t ON t.book_id = b.id"

BinderyBookItem   *bindery_book_item_new_from_stmt   (sqlite3_stmt    *stmt);
/* Copies every field of from into self, notifying the properties that changed. */
void               bindery_book_item_update_from     (BinderyBookItem *self,
                                                      BinderyBookItem *from);

#define BINDERY_SERIES_ITEM_COLUMNS \
  "s.id, s.library_id, s.name, s.status, s.created_at, " \
  "(SELECT COUNT(*) FROM books b WHERE b.series_id = s.id), " \
  "(SELECT COUNT(*) FROM books b WHERE b.series_id = s.id AND b.status = 'missing'), " \
  "(SELECT COUNT(*) FROM books b WHERE b.series_id = s.id AND b.status = 'error'), " \
  "(SELECT t.path FROM books b JOIN thumbnails t ON t.book_id = b.id WHERE b.series_id = s.id " \
  "   ORDER BY b.number_sort IS NULL, b.number_sort, b.number, b.name LIMIT 1), " \
  "(SELECT b.id FROM books b WHERE b.series_id = s.id AND b.status = 'ready' " \
  "   ORDER BY b.number_sort IS NULL, b.number_sort, b.number, b.name LIMIT 1)"

BinderySeriesItem *bindery_series_item_new_from_stmt (sqlite3_stmt      *stmt);
void               bindery_series_item_update_from   (BinderySeriesItem *self,
                                                      BinderySeriesItem *from);

BinderyFacetItem  *bindery_facet_item_new            (const char   *value,
                                                      guint         count);

/* sqlite3_column_text() as a newly allocated string (NULL for NULL). */
char              *bindery_models_column_dup         (sqlite3_stmt *stmt,
                                                      int           column);
/* Stores search in *field stripped of surrounding space, NULL when nothing is left.
 * Returns TRUE when the stored value changed (the caller notifies). */
gboolean           bindery_models_set_search         (char        **field,
                                                      const char   *search);
/* A LIKE pattern matching text anywhere, with %, _ and \ escaped (use ESCAPE '\'). */
char              *bindery_models_like_pattern       (const char   *text);
/* A JSON array text of ids, for `IN (SELECT value FROM json_each(?))`. */
char              *bindery_models_ids_json           (const gint64 *ids,
                                                      guint         n);

G_END_DECLS
