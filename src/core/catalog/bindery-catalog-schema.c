/* bindery-catalog-schema.c: the catalog schema as ordered migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Step N brings a catalog from user_version N-1 to N. Steps are never edited once
 * released: a schema change is a new step appended here (and
 * BINDERY_CATALOG_SCHEMA_VERSION raised). Each step runs in its own transaction
 * (see bindery-catalog.c), which also sets PRAGMA user_version.
 *
 * Indexes serve the hot queries:
 *   - UNIQUE (library_id, rel_path) on series and books also serves every lookup by
 *     library_id alone (series of a library, the ON DELETE CASCADE from libraries),
 *     so no separate series(library_id) index is kept.
 *   - books (library_id, series_id): books of a library grouped by series.
 *   - books (fingerprint): move/rename detection.
 *   - books (series_id, number_sort, number): a series in reading order; it also
 *     serves the ON DELETE SET NULL from series.
 *   - books (scan_job): the books a scan read, for its follow-ups ("scan:ID"); also the
 *     highest stamp, so that no job id is given twice.
 *   - book_metadata_lists (field, value): filter by writer, genre …
 *   - jobs (state), jobs (library_id), job_logs (job_id).
 */
#define G_LOG_DOMAIN "bindery-catalog"

#include "config.h"

#include "bindery-catalog.h"

static const char * const migrations[] = {
  /* 1: libraries, series, books, jobs and their logs */
  "CREATE TABLE libraries ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  path       BLOB NOT NULL UNIQUE,"
  "  pattern    TEXT NOT NULL DEFAULT 'series',"
  "  state      TEXT NOT NULL DEFAULT 'new',"
  "  options    TEXT NOT NULL DEFAULT '{}',"
  "  created_at INTEGER,"
  "  scanned_at INTEGER"
  ");"
  "CREATE TABLE series ("
  "  id         INTEGER PRIMARY KEY,"
  "  library_id INTEGER NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,"
  "  rel_path   BLOB NOT NULL,"
  "  name       TEXT NOT NULL,"
  "  status     TEXT NOT NULL DEFAULT 'ready',"
  "  metadata   TEXT,"
  "  created_at INTEGER,"
  "  updated_at INTEGER,"
  "  UNIQUE (library_id, rel_path)"
  ");"
  "CREATE TABLE books ("
  "  id             INTEGER PRIMARY KEY,"
  "  library_id     INTEGER NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,"
  "  series_id      INTEGER REFERENCES series (id) ON DELETE SET NULL,"
  "  rel_path       BLOB NOT NULL,"
  "  name           TEXT,"
  "  size           INTEGER,"
  "  mtime          INTEGER,"
  "  inode          INTEGER,"
  "  fingerprint    TEXT,"
  "  format         TEXT,"
  "  page_count     INTEGER,"
  "  cover_entry    BLOB,"
  "  status         TEXT NOT NULL DEFAULT 'ready',"
  "  error_kind     TEXT,"
  "  error_message  TEXT,"
  "  metadata_error TEXT,"
  "  title          TEXT,"
  "  number         TEXT,"
  "  number_sort    REAL,"
  "  volume         INTEGER,"
  "  year           INTEGER,"
  "  added_at       INTEGER,"
  "  updated_at     INTEGER,"
  "  missing_since  INTEGER,"
  "  UNIQUE (library_id, rel_path)"
  ");"
  "CREATE INDEX books_library_series ON books (library_id, series_id);"
  "CREATE INDEX books_fingerprint ON books (fingerprint);"
  "CREATE INDEX books_series_order ON books (series_id, number_sort, number);"
  "CREATE TABLE jobs ("
  "  id          INTEGER PRIMARY KEY,"
  "  type        TEXT NOT NULL,"
  "  library_id  INTEGER REFERENCES libraries (id) ON DELETE CASCADE,"
  "  target      TEXT,"
  "  title       TEXT,"
  "  state       TEXT NOT NULL DEFAULT 'queued',"
  "  options     TEXT,"
  "  created_at  INTEGER,"
  "  started_at  INTEGER,"
  "  finished_at INTEGER,"
  "  items_done  INTEGER DEFAULT 0,"
  "  items_total INTEGER DEFAULT 0,"
  "  fraction    REAL DEFAULT -1,"
  "  message     TEXT,"
  "  report      TEXT,"
  "  error       TEXT"
  ");"
  "CREATE INDEX jobs_state ON jobs (state);"
  "CREATE INDEX jobs_library ON jobs (library_id);"
  "CREATE TABLE job_logs ("
  "  id      INTEGER PRIMARY KEY,"
  "  job_id  INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,"
  "  time    INTEGER NOT NULL,"
  "  level   TEXT NOT NULL,"
  "  path    TEXT,"
  "  message TEXT NOT NULL"
  ");"
  "CREATE INDEX job_logs_job ON job_logs (job_id);",

  /* 2: normalised book metadata, list fields in their own table for filtering */
  "CREATE TABLE book_metadata ("
  "  book_id     INTEGER PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,"
  "  json        TEXT NOT NULL,"
  "  title       TEXT,"
  "  series      TEXT,"
  "  number      TEXT,"
  "  number_sort REAL,"
  "  volume      INTEGER,"
  "  year        INTEGER,"
  "  month       INTEGER,"
  "  day         INTEGER,"
  "  publisher   TEXT,"
  "  language    TEXT,"
  "  story_arc   TEXT,"
  "  summary     TEXT"
  ");"
  "CREATE TABLE book_metadata_lists ("
  "  book_id  INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,"
  "  field    TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  value    TEXT NOT NULL,"
  "  PRIMARY KEY (book_id, field, position)"
  ") WITHOUT ROWID;"
  "CREATE INDEX book_metadata_lists_value ON book_metadata_lists (field, value);",

  /* 3: the thumbnail cache index */
  "CREATE TABLE thumbnails ("
  "  book_id      INTEGER PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,"
  "  cache_key    TEXT NOT NULL,"
  "  path         TEXT NOT NULL,"
  "  width        INTEGER,"
  "  height       INTEGER,"
  "  quality      INTEGER,"
  "  source_entry BLOB,"
  "  bytes        INTEGER,"
  "  created_at   INTEGER"
  ");",

  /* 4: the stamp ("size:mtime") of an EPUB's same-named sidecar .opf when it was read,
   * NULL when there was none: a rescan re-reads the book when it differs */
  "ALTER TABLE books ADD COLUMN sidecar TEXT;",

  /* 5: when every entry of the book last read clean or was found damaged (µs, real time),
   * NULL when never verified or re-read since: a verify skips the book while its file
   * keeps the size and mtime the catalog has */
  "ALTER TABLE books ADD COLUMN verified_at INTEGER;",

  /* 6: the id of the scan job that last read the book (added it, or read it again because
   * it changed), NULL for books read before: a scan's follow-ups name its books by it
   * ("scan:ID") instead of listing every id. No foreign key: the job's row may be cleared
   * from the history while a follow-up still names it (job ids are never given twice,
   * see bindery-job-store.c). */
  "ALTER TABLE books ADD COLUMN scan_job INTEGER;"
  "CREATE INDEX books_scan_job ON books (scan_job);",

  /* 7: indexes for the app's big lists (a 100,000-book catalog): the book list's
   * name and date-added orders are read from an index instead of sorting every row
   * (the expression must stay the one bindery-book-list.c orders by; the rowid at the
   * end of each index is its last key), and the per-library counts scan a small
   * covering index instead of the table (library first: an index led by the status
   * made SQLite, without ANALYZE statistics, look up a series' ready books through
   * every ready book of the catalog) */
  "CREATE INDEX books_name_order ON books (COALESCE (NULLIF (title, ''), name) COLLATE NOCASE,"
  "                                        name COLLATE NOCASE);"
  "CREATE INDEX books_added_order ON books (added_at);"
  "CREATE INDEX books_library_status ON books (library_id, status);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == BINDERY_CATALOG_SCHEMA_VERSION);

guint
bindery_catalog_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
bindery_catalog_migration_sql (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= G_N_ELEMENTS (migrations), NULL);

  return migrations[version - 1];
}
