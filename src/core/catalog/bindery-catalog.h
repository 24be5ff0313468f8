/* bindery-catalog.h: the SQLite catalog connection, schema and migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One BinderyCatalog wraps one sqlite3 connection and must be used from one
 * thread at a time. Jobs get their own writer connection; the UI reads through
 * its own read-only connection. WAL, foreign_keys=ON, synchronous=NORMAL,
 * busy_timeout 10 s.
 *
 * Schema (see bindery-catalog-schema.c for the migrations, PRAGMA user_version):
 *
 *   libraries (id INTEGER PK, name TEXT UNIQUE NOT NULL, path BLOB UNIQUE NOT NULL  -- raw bytes, absolute,
 *              as added, no trailing slash, symlinks not resolved
 *              pattern TEXT 'series'|'collection', state TEXT 'new'|'ready'|'scanning'|'unavailable',
 *              options TEXT (JSON object, see bindery-library.h), created_at INTEGER, scanned_at INTEGER)
 *   series    (id INTEGER PK, library_id → libraries ON DELETE CASCADE, rel_path BLOB NOT NULL ('' = root),
 *              name TEXT NOT NULL, status TEXT 'ready'|'missing', metadata TEXT (JSON, Mylar series.json),
 *              created_at, updated_at, UNIQUE(library_id, rel_path))
 *   books     (id INTEGER PK, library_id → libraries ON DELETE CASCADE, series_id → series ON DELETE SET NULL,
 *              rel_path BLOB NOT NULL (raw bytes, relative to the library root), name TEXT (display form),
 *              size INTEGER, mtime INTEGER (µs), inode INTEGER, fingerprint TEXT, format TEXT,
 *              page_count INTEGER, cover_entry BLOB, status TEXT 'ready'|'missing'|'error',
 *              error_kind TEXT, error_message TEXT, metadata_error TEXT,
 *              title TEXT, number TEXT, number_sort REAL, volume INTEGER, year INTEGER,   -- denormalised for sort/search
 *              added_at INTEGER, updated_at INTEGER, missing_since INTEGER,
 *              sidecar TEXT (v4: "size:mtime" of the sidecar .opf read), verified_at INTEGER (v5: µs,
 *              last verification of every entry's data; NULL when never, or re-read since),
 *              scan_job INTEGER (v6: id of the scan job that last read the book; NULL when read before v6),
 *              UNIQUE(library_id, rel_path))
 *   book_metadata (book_id PK → books ON DELETE CASCADE, json TEXT NOT NULL  -- the full normalised record,
 *              title, series, number, number_sort REAL, volume, year, month, day, publisher, language,
 *              story_arc, summary)
 *   book_metadata_lists (book_id → books ON DELETE CASCADE, field TEXT ('Writer','Genre',…), position INTEGER,
 *              value TEXT, PRIMARY KEY(book_id, field, position))
 *   jobs      (id INTEGER PK, type TEXT NOT NULL, library_id → libraries ON DELETE CASCADE NULL, target TEXT,
 *              title TEXT, state TEXT, options TEXT (JSON), created_at, started_at, finished_at INTEGER (µs, real time),
 *              items_done INTEGER, items_total INTEGER, fraction REAL, message TEXT, report TEXT (JSON), error TEXT)
 *   job_logs  (id INTEGER PK, job_id → jobs ON DELETE CASCADE, time INTEGER (µs), level TEXT
 *              'debug'|'info'|'warning'|'error', path TEXT NULL, message TEXT NOT NULL)
 *   thumbnails(book_id PK → books ON DELETE CASCADE, cache_key TEXT NOT NULL, path TEXT NOT NULL (relative to
 *              the thumbnail dir), width INTEGER, height INTEGER, quality INTEGER, source_entry BLOB,
 *              bytes INTEGER, created_at INTEGER)
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define BINDERY_CATALOG_ERROR (bindery_catalog_error_quark ())

typedef enum {
  BINDERY_CATALOG_ERROR_TOO_NEW,       /* written by a newer Bindery: refused, not altered */
  BINDERY_CATALOG_ERROR_NOT_A_CATALOG, /* not an SQLite database, or not ours */
  BINDERY_CATALOG_ERROR_READ_ONLY,     /* cannot write where writing was asked */
  BINDERY_CATALOG_ERROR_NOT_FOUND,     /* a looked-up row does not exist */
  BINDERY_CATALOG_ERROR_EXISTS,        /* a unique thing already exists */
  BINDERY_CATALOG_ERROR_INVALID,       /* a bad value (option, path …) */
  BINDERY_CATALOG_ERROR_SQL,           /* any other SQLite failure */
} BinderyCatalogError;

typedef enum {
  BINDERY_CATALOG_OPEN_READ_WRITE = 0,
  BINDERY_CATALOG_OPEN_READ_ONLY  = 1 << 0,
} BinderyCatalogOpenFlags;

#define BINDERY_CATALOG_SCHEMA_VERSION 7

#define BINDERY_TYPE_CATALOG (bindery_catalog_get_type ())
G_DECLARE_FINAL_TYPE (BinderyCatalog, bindery_catalog, BINDERY, CATALOG, GObject)

GQuark          bindery_catalog_error_quark   (void);

/* Opens (read-write: creating and migrating) the catalog at path. */
BinderyCatalog *bindery_catalog_open          (const char               *path,
                                               BinderyCatalogOpenFlags   flags,
                                               GError                  **error);
sqlite3        *bindery_catalog_get_db        (BinderyCatalog           *self);
const char     *bindery_catalog_get_path      (BinderyCatalog           *self);
gboolean        bindery_catalog_is_read_only  (BinderyCatalog           *self);
int             bindery_catalog_get_schema_version (BinderyCatalog      *self);

/* A cached prepared statement (keyed by the SQL text), already reset and with
 * bindings cleared. Do not finalize it. NULL + error on failure. Reset it
 * (sqlite3_reset) when done if you stopped before SQLITE_DONE: a statement left on a
 * row keeps its read snapshot open (stale reads, blocked WAL checkpoints). */
sqlite3_stmt   *bindery_catalog_prepare       (BinderyCatalog           *self,
                                               const char               *sql,
                                               GError                  **error);
gboolean        bindery_catalog_exec          (BinderyCatalog           *self,
                                               const char               *sql,
                                               GError                  **error);
/* begin/commit nest (the outer level is BEGIN IMMEDIATE on a writer, inner levels are
 * savepoints). A commit that fails rolls its level back itself: do not call rollback
 * after a failed commit. rollback with no open transaction does nothing. */
gboolean        bindery_catalog_begin         (BinderyCatalog           *self,
                                               GError                  **error);
gboolean        bindery_catalog_commit        (BinderyCatalog           *self,
                                               GError                  **error);
void            bindery_catalog_rollback      (BinderyCatalog           *self);
/* Sets error from the connection's last SQLite error, prefixed with what. Returns FALSE. */
gboolean        bindery_catalog_set_error     (BinderyCatalog           *self,
                                               GError                  **error,
                                               const char               *what);
/* Steps a write statement (bound, from bindery_catalog_prepare) to SQLITE_DONE and resets
 * it. On failure sets error as bindery_catalog_set_error (…, what) and returns FALSE. */
gboolean        bindery_catalog_step_done     (BinderyCatalog           *self,
                                               sqlite3_stmt             *stmt,
                                               const char               *what,
                                               GError                  **error);

/* Migration helpers for tests: the SQL of each schema step, 1 … SCHEMA_VERSION. */
guint           bindery_catalog_n_migrations  (void);
const char     *bindery_catalog_migration_sql (guint                     version);

G_END_DECLS
