/* bindery-catalog-writer.h: the one batch writer of books, their metadata and series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wraps a writer connection (a job's own, see bindery_job_get_catalog) and keeps its
 * statements prepared (bindery_catalog_prepare caches them). Callers group writes
 * with begin/commit: one transaction per batch, never one per row. Same thread rules
 * as BinderyCatalog: one thread at a time. While a writer lives, its connection
 * checkpoints the WAL every 64 MB rather than every 4 MB (SQLite's default), and at the
 * end when the WAL has grown past the connection's own threshold.
 *
 * Raw byte strings (rel_path, cover_entry) are stored as BLOBs, exactly as read from
 * the file system or the archive; `name` is their display form (valid UTF-8).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bindery-catalog.h"

G_BEGIN_DECLS

/* The book_metadata row and the book_metadata_lists rows of a metadata record (JSON
 * text, typed column values, list values), worked out ahead of the write: made on any
 * thread (it only reads the record, and keeps a reference on it), so that the writer
 * thread only binds values. */
typedef struct _BinderyMetadataRow BinderyMetadataRow;

BinderyMetadataRow *bindery_metadata_row_new  (JsonObject         *metadata);
void                bindery_metadata_row_free (BinderyMetadataRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BinderyMetadataRow, bindery_metadata_row_free)

typedef struct {
  gint64      id;              /* 0 → insert a new row */
  gint64      library_id;
  gint64      series_id;       /* 0 → NULL */
  const char *rel_path;        /* raw bytes relative to the library root */
  const char *name;            /* display form of the file name */
  gint64      size;
  gint64      mtime;           /* µs */
  guint64     inode;
  const char *fingerprint;     /* NULL allowed */
  const char *sidecar;         /* BinderyWalkFile.sidecar: stamp of the sidecar .opf, NULL = none */
  const char *format;          /* "zip" "rar" "7z" "tar" "epub" "pdf" or NULL */
  int         page_count;      /* < 0 → NULL */
  const char *cover_entry;     /* raw bytes, NULL allowed */
  const char *status;          /* "ready" | "error" */
  const char *error_kind;      /* NULL unless status is "error" */
  const char *error_message;
  const char *metadata_error;  /* "malformed-xml: …" or NULL */
  JsonObject *metadata;        /* the normalised record (may be empty; NULL when metadata_row is set) */
  const BinderyMetadataRow *metadata_row;  /* metadata's rows made ahead, or NULL: made here */
  gint64      scan_job;        /* the id of the scan job reading the book (books.scan_job), 0 → NULL */
} BinderyBookRecord;

#define BINDERY_TYPE_CATALOG_WRITER (bindery_catalog_writer_get_type ())
G_DECLARE_FINAL_TYPE (BinderyCatalogWriter, bindery_catalog_writer, BINDERY, CATALOG_WRITER, GObject)

BinderyCatalogWriter *bindery_catalog_writer_new            (BinderyCatalog        *catalog);
BinderyCatalog       *bindery_catalog_writer_get_catalog    (BinderyCatalogWriter  *self);

/* begin is a no-op inside an open transaction, commit a no-op outside one. */
gboolean  bindery_catalog_writer_begin              (BinderyCatalogWriter  *self,
                                                     GError               **error);
gboolean  bindery_catalog_writer_commit             (BinderyCatalogWriter  *self,
                                                     GError               **error);
void      bindery_catalog_writer_rollback           (BinderyCatalogWriter  *self);
gboolean  bindery_catalog_writer_in_transaction     (BinderyCatalogWriter  *self);

/* --- series ---------------------------------------------------------------------- */
/* Inserts a series (status ready); returns its id, 0 + error on failure. */
gint64    bindery_catalog_writer_add_series         (BinderyCatalogWriter  *self,
                                                     gint64                 library_id,
                                                     const char            *rel_path,
                                                     const char            *name,
                                                     GError               **error);
gboolean  bindery_catalog_writer_set_series_status  (BinderyCatalogWriter  *self,
                                                     gint64                 series_id,
                                                     const char            *status,
                                                     GError               **error);
/* json: the series.json content to keep (text of a JSON object) or NULL to clear. */
gboolean  bindery_catalog_writer_set_series_metadata (BinderyCatalogWriter *self,
                                                      gint64                series_id,
                                                      const char           *json,
                                                      GError              **error);

/* --- books ----------------------------------------------------------------------- */
/* Inserts (record->id == 0) or rewrites a book row with its book_metadata and
 * book_metadata_lists rows; the denormalised title/number/number_sort/volume/year
 * come from record->metadata. Clears missing_since. Returns the book id, 0 + error. */
gint64    bindery_catalog_writer_put_book           (BinderyCatalogWriter    *self,
                                                     const BinderyBookRecord *record,
                                                     GError                 **error);
/* A renamed or moved file: new path, series and stat, same id and metadata.
 * Status back to ready (or error when it has an error kind). */
gboolean  bindery_catalog_writer_move_book          (BinderyCatalogWriter  *self,
                                                     gint64                 book_id,
                                                     gint64                 series_id,
                                                     const char            *rel_path,
                                                     const char            *name,
                                                     gint64                 size,
                                                     gint64                 mtime,
                                                     guint64                inode,
                                                     GError               **error);
/* missing TRUE: status missing, missing_since now; FALSE: back to ready (or error
 * when it has an error kind). */
gboolean  bindery_catalog_writer_set_book_missing   (BinderyCatalogWriter  *self,
                                                     gint64                 book_id,
                                                     gboolean               missing,
                                                     GError               **error);
gboolean  bindery_catalog_writer_set_book_series    (BinderyCatalogWriter  *self,
                                                     gint64                 book_id,
                                                     gint64                 series_id,
                                                     GError               **error);
/* A verification's result (verified_at = now). damage NULL: every entry read clean (a book
 * that an earlier verification found damaged is ready again); else the book becomes an
 * error of kind corrupt with damage as its message. A re-read (put_book) clears verified_at. */
gboolean  bindery_catalog_writer_set_book_verified  (BinderyCatalogWriter  *self,
                                                     gint64                 book_id,
                                                     const char            *damage,
                                                     GError               **error);

/* --- libraries -------------------------------------------------------------------- */
/* After a completed scan: state "ready", scanned_at now. */
gboolean  bindery_catalog_writer_set_library_scanned (BinderyCatalogWriter *self,
                                                      gint64                library_id,
                                                      GError              **error);

G_END_DECLS
