/* bindery-library-stats.h: per-library counts and maintenance queries for the UI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-catalog.h"

G_BEGIN_DECLS

typedef struct {
  gint64 library_id;
  guint  n_books;
  guint  n_series;
  guint  n_missing;  /* books with status 'missing' */
  guint  n_errors;   /* books with status 'error' */
} BinderyLibraryStats;

/* Counts for every library that has rows: gint64 library id (key, owned by the value) →
 * BinderyLibraryStats. Libraries without books are absent (all counts 0). */
GHashTable *bindery_catalog_library_stats        (BinderyCatalog *catalog,
                                                  GError        **error);

/* Display paths (relative to the library root) of the library's missing books, by path. */
GPtrArray  *bindery_catalog_list_missing_books   (BinderyCatalog *catalog,
                                                  gint64          library_id,
                                                  GError        **error);
/* Deletes the library's missing books (and series left without books that are missing),
 * and their thumbnail files under thumbnail_dir (may be NULL). Never touches a book file.
 * Returns the number of books removed, -1 on error. Needs a writable connection. */
gint64      bindery_catalog_remove_missing_books (BinderyCatalog *catalog,
                                                  gint64          library_id,
                                                  const char     *thumbnail_dir,
                                                  GError        **error);

G_END_DECLS
