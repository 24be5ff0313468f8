/* bindery-catalog-books.h: typed reads of books and series (CLI listings, tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A book as JSON: id, library_id, library, series_id, series (the folder-derived
 * series name), path (absolute, display form: bytes that are not UTF-8 shown as
 * U+FFFD), path_bytes (the same path losslessly: bytes that are not valid UTF-8 as \xNN,
 * a backslash as \\; Python's codecs.escape_decode gives the bytes back), rel_path (display form), name, size, mtime (µs), format, pages, cover_entry
 * (display form of the entry path; null for PDF / none), status ("ready" | "missing"
 * | "error"), error_kind, error_message, metadata_error, fingerprint, title, number,
 * number_sort, volume, year, added_at, updated_at, missing_since, metadata (the
 * normalised record, lists as arrays), verified_at (µs, when every entry was last read and
 * found clean or damaged; null when never, or re-read since).
 *
 * Order: library name, series name (natural order), then within a series by the
 * number's sort key (books without one last), the number text, the file name
 * (natural order).
 *
 * A series as JSON: id, library_id, library, name, folder (relative, display form,
 * "" for the root), path (absolute, display form), path_bytes (as for books), status, books (books not missing),
 * books_total, metadata (series.json content or null), created_at, updated_at.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bindery-catalog.h"

G_BEGIN_DECLS

typedef struct {
  gint64        library_id;     /* 0: every library */
  const gint64 *series_ids;     /* NULL: every series */
  guint         n_series_ids;
  const char   *status;         /* NULL: every status */
} BinderyBookFilter;

JsonArray *bindery_catalog_list_books  (BinderyCatalog           *catalog,
                                        const BinderyBookFilter  *filter,
                                        GError                  **error);
/* library_id 0: every library. */
JsonArray *bindery_catalog_list_series (BinderyCatalog           *catalog,
                                        gint64                    library_id,
                                        GError                  **error);
/* Series ids matching spec: all digits → that id; else every series with that exact
 * name; else the series whose folder (relative to the root, or absolute) is spec.
 * library_id 0: any library. gint64 elements; NULL + BINDERY_CATALOG_ERROR_NOT_FOUND
 * when none matches. */
GArray    *bindery_catalog_find_series (BinderyCatalog           *catalog,
                                        gint64                    library_id,
                                        const char               *spec,
                                        GError                  **error);
/* The folder (raw bytes, relative to the root) of a series. */
char      *bindery_catalog_dup_series_path (BinderyCatalog       *catalog,
                                            gint64                series_id,
                                            GError              **error);

/* The ids (a set of gint64) of the library's books last read by the scan job
 * scan_job_id (books.scan_job): those it added, and those it read again because they
 * changed. Empty when that job read none (or there is no such job). */
GHashTable *bindery_catalog_scan_book_ids   (BinderyCatalog       *catalog,
                                             gint64                library_id,
                                             gint64                scan_job_id,
                                             GError              **error);

G_END_DECLS
