/* test-catalog.c: catalog open, schema migrations and refusal of foreign files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "bindery-catalog.h"
#include "bindery-catalog-books.h"
#include "bindery-catalog-writer.h"
#include "catalog-test-util.h"
#include "test-unprivileged.h"

static int
query_int (BinderyCatalog *catalog,
           const char     *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, sql, &error);
  int value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static char *
query_text (BinderyCatalog *catalog,
            const char     *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, sql, &error);
  char *value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gboolean
has_object (BinderyCatalog *catalog,
            const char     *type,
            const char     *name)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog,
                                                "SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?",
                                                &error);
  gboolean found;

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* Whether SQLite plans to use an index (any index) for sql. */
static gboolean
uses_index (BinderyCatalog *catalog,
            const char     *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, explain, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *detail = (const char *) sqlite3_column_text (stmt, 3);
      if (strstr (detail, "USING INDEX") != NULL || strstr (detail, "USING COVERING INDEX") != NULL ||
          strstr (detail, "USING INTEGER PRIMARY KEY") != NULL ||
          strstr (detail, "USING PRIMARY KEY") != NULL)
        found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* Whether SQLite plans to use the named index for sql. */
static gboolean
uses_named_index (BinderyCatalog *catalog,
                  const char     *sql,
                  const char     *index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autofree char *needle = g_strconcat ("INDEX ", index, NULL);
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, explain, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *detail = (const char *) sqlite3_column_text (stmt, 3);

      if (strstr (detail, needle) != NULL)
        found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

/* The v7 indexes serve the lists they were made for, and do not lure SQLite (which has
 * no statistics in a new catalog) away from the series index for a series' books. */
static void
assert_list_plans (BinderyCatalog *catalog)
{
  g_assert_true (uses_named_index (catalog, "SELECT b.id FROM books b WHERE b.series_id = 3 AND b.status = 'ready'",
                                   "books_series_order"));
  g_assert_true (uses_named_index (catalog, "SELECT COUNT(*) FROM books b WHERE b.series_id = 3 AND b.status = 'missing'",
                                   "books_series_order"));
  g_assert_true (uses_named_index (catalog, "SELECT library_id, status, COUNT(*) FROM books GROUP BY library_id, status",
                                   "books_library_status"));
  g_assert_true (uses_named_index (catalog, "SELECT b.id FROM books b ORDER BY COALESCE (NULLIF (b.title, ''), b.name)"
                                            " COLLATE NOCASE, b.name COLLATE NOCASE, b.id", "books_name_order"));
  g_assert_true (uses_named_index (catalog, "SELECT b.id FROM books b ORDER BY b.added_at DESC, b.id DESC",
                                   "books_added_order"));
}

static void
test_migrate_from_empty (void)
{
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();
  g_autofree char *path = g_build_filename (dir->path, "sub", "dir", "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;
  g_autofree char *journal = NULL;
  static const char *tables[] = {
    "libraries", "series", "books", "book_metadata", "book_metadata_lists",
    "jobs", "job_logs", "thumbnails",
  };

  /* The folder is created with the catalog. */
  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (bindery_catalog_get_schema_version (catalog), ==, BINDERY_CATALOG_SCHEMA_VERSION);
  g_assert_cmpint (query_int (catalog, "PRAGMA user_version"), ==, BINDERY_CATALOG_SCHEMA_VERSION);
  g_assert_cmpint (query_int (catalog, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (catalog, "PRAGMA synchronous"), ==, 1); /* NORMAL */
  journal = query_text (catalog, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_false (bindery_catalog_is_read_only (catalog));
  g_assert_cmpstr (bindery_catalog_get_path (catalog), ==, path);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_true (has_object (catalog, "table", tables[i]));

  /* The hot queries are served by indexes. */
  g_assert_true (uses_index (catalog, "SELECT id FROM books WHERE library_id = 1 AND series_id = 2"));
  g_assert_true (uses_index (catalog, "SELECT id FROM books WHERE fingerprint = 'x'"));
  g_assert_true (uses_index (catalog, "SELECT id FROM books WHERE series_id = 3 ORDER BY number_sort, number"));
  g_assert_true (uses_index (catalog, "SELECT id FROM series WHERE library_id = 1"));
  g_assert_true (uses_index (catalog, "SELECT book_id FROM book_metadata_lists WHERE field = 'Writer' AND value = 'x'"));
  g_assert_true (uses_index (catalog, "SELECT id FROM job_logs WHERE job_id = 1"));
  g_assert_true (uses_index (catalog, "SELECT id FROM jobs WHERE state = 'queued'"));
  g_assert_true (uses_index (catalog, "SELECT id FROM books WHERE scan_job = 42 AND library_id = 1"));
  assert_list_plans (catalog);

  /* Reopening an up-to-date catalog changes nothing. */
  g_clear_object (&catalog);
  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bindery_catalog_get_schema_version (catalog), ==, BINDERY_CATALOG_SCHEMA_VERSION);
}

static void
test_migrations_listed (void)
{
  g_assert_cmpuint (bindery_catalog_n_migrations (), ==, BINDERY_CATALOG_SCHEMA_VERSION);
  for (guint v = 1; v <= bindery_catalog_n_migrations (); v++)
    {
      const char *sql = bindery_catalog_migration_sql (v);
      g_assert_nonnull (sql);
      g_assert_true (sqlite3_complete (sql));
    }
}

/* Builds a catalog at schema version `version` by running only the first migrations,
 * the way an older Bindery left it. */
static void
make_old_catalog (const char *path,
                  guint       version)
{
  sqlite3 *db = NULL;
  char *errmsg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint v = 1; v <= version; v++)
    {
      g_autofree char *set = g_strdup_printf ("PRAGMA user_version = %u", v);
      g_assert_cmpint (sqlite3_exec (db, bindery_catalog_migration_sql (v), NULL, NULL, &errmsg), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, set, NULL, NULL, &errmsg), ==, SQLITE_OK);
    }

  /* Rows an old version could hold. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA foreign_keys = ON;"
                                 "INSERT INTO libraries (id, name, path, pattern, state, options, created_at)"
                                 "  VALUES (7, 'Comics', CAST('/srv/comics' AS BLOB), 'series', 'ready', '{}', 1);"
                                 "INSERT INTO series (id, library_id, rel_path, name) VALUES (3, 7, CAST('Saga' AS BLOB), 'Saga');"
                                 "INSERT INTO books (id, library_id, series_id, rel_path, name, number, number_sort)"
                                 "  VALUES (11, 7, 3, CAST('Saga/Saga 01.cbz' AS BLOB), 'Saga 01.cbz', '1', 1.0);"
                                 "INSERT INTO jobs (id, type, library_id, state) VALUES (5, 'scan', 7, 'completed');"
                                 "INSERT INTO job_logs (job_id, time, level, message) VALUES (5, 1, 'info', 'hello');",
                                 NULL, NULL, &errmsg), ==, SQLITE_OK);
  if (version >= 2)
    g_assert_cmpint (sqlite3_exec (db,
                                   "INSERT INTO book_metadata (book_id, json, title) VALUES (11, '{}', 'Chapter One');"
                                   "INSERT INTO book_metadata_lists (book_id, field, position, value) VALUES (11, 'Writer', 0, 'BKV');",
                                   NULL, NULL, &errmsg), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migrate_from_version (gconstpointer data)
{
  guint version = GPOINTER_TO_UINT (data);
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();
  g_autofree char *path = g_build_filename (dir->path, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;
  g_autofree char *name = NULL;

  make_old_catalog (path, version);

  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bindery_catalog_get_schema_version (catalog), ==, BINDERY_CATALOG_SCHEMA_VERSION);
  g_assert_cmpint (query_int (catalog, "PRAGMA user_version"), ==, BINDERY_CATALOG_SCHEMA_VERSION);

  /* Rows kept */
  name = query_text (catalog, "SELECT name FROM books WHERE id = 11");
  g_assert_cmpstr (name, ==, "Saga 01.cbz");
  g_assert_cmpint (query_int (catalog, "SELECT series_id FROM books WHERE id = 11"), ==, 3);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM job_logs WHERE job_id = 5"), ==, 1);
  if (version >= 2)
    g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM book_metadata_lists WHERE value = 'BKV'"), ==, 1);
  /* v4: books read before have no sidecar stamp */
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM books WHERE id = 11 AND sidecar IS NULL"), ==, 1);
  /* v5: books read before were never verified */
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM books WHERE id = 11 AND verified_at IS NULL"), ==, 1);
  /* v6: books read before carry no scan's stamp: no "scan:ID" target names them */
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM books WHERE id = 11 AND scan_job IS NULL"), ==, 1);
  g_assert_true (has_object (catalog, "index", "books_scan_job"));
  g_assert_true (uses_index (catalog, "SELECT id FROM books WHERE scan_job = 5 AND library_id = 7"));
  g_assert_true (bindery_catalog_exec (catalog, "UPDATE books SET scan_job = 5 WHERE id = 11", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GHashTable) scanned = bindery_catalog_scan_book_ids (catalog, 7, 5, &error);
    g_autoptr(GHashTable) other_library = bindery_catalog_scan_book_ids (catalog, 8, 5, &error);
    g_autoptr(GHashTable) other_scan = bindery_catalog_scan_book_ids (catalog, 7, 6, &error);
    gint64 book = 11;

    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (scanned), ==, 1);
    g_assert_true (g_hash_table_contains (scanned, &book));
    g_assert_cmpuint (g_hash_table_size (other_library), ==, 0);
    g_assert_cmpuint (g_hash_table_size (other_scan), ==, 0);
  }
  /* v7: the indexes of the app's book orders and per-library counts */
  g_assert_true (has_object (catalog, "index", "books_name_order"));
  g_assert_true (has_object (catalog, "index", "books_added_order"));
  g_assert_true (has_object (catalog, "index", "books_library_status"));
  assert_list_plans (catalog);

  /* New tables usable, foreign keys enforced on them. */
  g_assert_true (bindery_catalog_exec (catalog,
                                       "INSERT INTO thumbnails (book_id, cache_key, path) VALUES (11, 'k', 'ab/k.webp')",
                                       &error));
  g_assert_no_error (error);
  g_assert_false (bindery_catalog_exec (catalog,
                                        "INSERT INTO thumbnails (book_id, cache_key, path) VALUES (999, 'k', 'x')",
                                        &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_SQL);
  g_clear_error (&error);

  /* Cascade from the library to everything below it. */
  g_assert_true (bindery_catalog_exec (catalog, "DELETE FROM libraries WHERE id = 7", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM books"), ==, 0);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM thumbnails"), ==, 0);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM job_logs"), ==, 0);
}

static void
test_too_new (void)
{
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();
  g_autofree char *path = g_build_filename (dir->path, "catalog.sqlite", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  g_autoptr(GError) error = NULL;
  BinderyCatalog *catalog;
  sqlite3 *db = NULL;

  make_old_catalog (path, BINDERY_CATALOG_SCHEMA_VERSION);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_null (catalog);
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  g_assert_null (catalog);
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_TOO_NEW);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  /* Nothing was created beside it either (no -wal / -shm from a write). */
  g_assert_false (catalog_test_file_exists (dir->path, "catalog.sqlite-wal"));
}

static void
test_not_a_catalog (void)
{
  static const struct {
    const char *name;
    const char *contents;
    gssize      length;
  } cases[] = {
    { "text", "This is not a database, just some words in a file that is long enough.\n", -1 },
    { "png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde", 33 },
  };
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir->path, cases[i].name, NULL);
      g_autofree char *after = NULL;
      gsize after_len;
      g_autoptr(GError) error = NULL;
      gsize len = cases[i].length < 0 ? strlen (cases[i].contents) : (gsize) cases[i].length;
      BinderyCatalog *catalog;

      g_assert_true (g_file_set_contents (path, cases[i].contents, len, NULL));
      catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
      g_assert_null (catalog);
      g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_A_CATALOG);
      g_assert_nonnull (strstr (error->message, path));

      g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
      g_assert_cmpmem (cases[i].contents, len, after, after_len);
    }

  /* An SQLite database of someone else */
  {
    g_autofree char *path = g_build_filename (dir->path, "other.sqlite", NULL);
    g_autoptr(GError) error = NULL;
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE songs (title TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);

    g_assert_null (bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error));
    g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_A_CATALOG);
    g_assert_nonnull (strstr (error->message, path));
  }

  /* A folder where the file should be */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (bindery_catalog_open (dir->path, BINDERY_CATALOG_OPEN_READ_WRITE, &error));
    g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_A_CATALOG);
  }
}

static void
test_read_only_open (void)
{
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();
  g_autofree char *path = g_build_filename (dir->path, "data", "catalog.sqlite", NULL);
  g_autofree char *data_dir = g_build_filename (dir->path, "data", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyCatalog) writer = NULL;
  g_autoptr(BinderyCatalog) reader = NULL;
  BinderyCatalog *missing;

  /* A reader creates nothing. */
  missing = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  g_assert_null (missing);
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  writer = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_catalog_exec (writer,
                                       "INSERT INTO libraries (name, path) VALUES ('A', CAST('/a' AS BLOB))",
                                       &error));
  g_assert_no_error (error);

  /* A reader sees committed rows and cannot write. */
  reader = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_catalog_is_read_only (reader));
  g_assert_cmpint (query_int (reader, "SELECT count(*) FROM libraries"), ==, 1);
  g_assert_false (bindery_catalog_exec (reader, "DELETE FROM libraries", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* The reader sees a write committed while it is open. */
  g_assert_true (bindery_catalog_exec (writer,
                                       "INSERT INTO libraries (name, path) VALUES ('B', CAST('/b' AS BLOB))",
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (reader, "SELECT count(*) FROM libraries"), ==, 2);
}

/* Runs where file permissions apply (as nobody when the tests run as root). */
static void
check_read_only_file (gpointer data)
{
  const char *dir = data;
  g_autofree char *path = g_build_filename (dir, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  BinderyCatalog *catalog;

  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_object_unref (catalog);

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  if (access (path, W_OK) == 0)
    {
      test_unprivileged_skip ("file permissions are not enforced here: a mode 0444 file stays writable");
      return;
    }
  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_null (catalog);
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_null (catalog);
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_READ_ONLY);
}

static void
test_read_only_file (void)
{
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();
  g_autofree char *why_not = NULL;

  if (!test_unprivileged_available (&why_not))
    {
      g_test_skip (why_not);
      return;
    }
  test_unprivileged_chown (dir->path);
  test_unprivileged_run (check_read_only_file, dir->path);
}

static void
test_statement_cache_and_transactions (void)
{
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();
  g_autofree char *path = g_build_filename (dir->path, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;
  sqlite3_stmt *a, *b;
  const char *sql = "INSERT INTO libraries (name, path) VALUES (?, ?)";

  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);

  a = bindery_catalog_prepare (catalog, sql, &error);
  g_assert_no_error (error);
  sqlite3_bind_text (a, 1, "x", -1, SQLITE_STATIC);
  b = bindery_catalog_prepare (catalog, sql, &error);
  g_assert_true (a == b);
  /* bindings were cleared */
  g_assert_cmpint (sqlite3_step (b), ==, SQLITE_CONSTRAINT_NOTNULL);

  g_assert_null (bindery_catalog_prepare (catalog, "SELEC nonsense", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_SQL);
  g_clear_error (&error);

  /* Nested transactions: an inner rollback keeps the outer work. */
  g_assert_true (bindery_catalog_begin (catalog, &error));
  g_assert_true (bindery_catalog_exec (catalog, "INSERT INTO libraries (name, path) VALUES ('a', X'61')", &error));
  g_assert_true (bindery_catalog_begin (catalog, &error));
  g_assert_true (bindery_catalog_exec (catalog, "INSERT INTO libraries (name, path) VALUES ('b', X'62')", &error));
  bindery_catalog_rollback (catalog);
  g_assert_true (bindery_catalog_begin (catalog, &error));
  g_assert_true (bindery_catalog_exec (catalog, "INSERT INTO libraries (name, path) VALUES ('c', X'63')", &error));
  g_assert_true (bindery_catalog_commit (catalog, &error));
  g_assert_true (bindery_catalog_commit (catalog, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM libraries"), ==, 2);

  /* An outer rollback undoes everything. */
  g_assert_true (bindery_catalog_begin (catalog, &error));
  g_assert_true (bindery_catalog_exec (catalog, "DELETE FROM libraries", &error));
  bindery_catalog_rollback (catalog);
  bindery_catalog_rollback (catalog); /* nothing open: no-op */
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM libraries"), ==, 2);

  /* Unique violations map to EXISTS. */
  g_assert_false (bindery_catalog_exec (catalog, "INSERT INTO libraries (name, path) VALUES ('a', X'64')", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_EXISTS);
}

static JsonObject *
record_with_lists (guint n_writers,
                   guint n_genres,
                   const char *prefix)
{
  JsonObject *metadata = json_object_new ();
  JsonArray *writers = json_array_new ();
  JsonArray *genres = json_array_new ();

  json_object_set_string_member (metadata, "Title", "T");
  for (guint i = 0; i < n_writers; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s writer %u", prefix, i);
      json_array_add_string_element (writers, name);
    }
  for (guint i = 0; i < n_genres; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s genre %u", prefix, i);
      json_array_add_string_element (genres, name);
    }
  json_object_set_array_member (metadata, "Writer", writers);
  json_object_set_array_member (metadata, "Genre", genres);
  return metadata;
}

/* Every list value of a book is written, in order, whatever their number (the writer
 * inserts them a few rows per statement), and rewriting the book replaces them all. */
static void
test_writer_list_values (void)
{
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();
  g_autofree char *path = g_build_filename (dir->path, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;
  g_autoptr(BinderyCatalogWriter) writer = NULL;
  const guint counts[][2] = { { 0, 0 }, { 1, 0 }, { 8, 0 }, { 9, 7 }, { 20, 17 } };
  gint64 ids[G_N_ELEMENTS (counts)];

  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_catalog_exec (catalog, "INSERT INTO libraries (id, name, path) VALUES (1, 'l', X'6C')", &error));
  writer = bindery_catalog_writer_new (catalog);
  g_assert_true (bindery_catalog_writer_begin (writer, &error));
  for (gsize i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(JsonObject) metadata = record_with_lists (counts[i][0], counts[i][1], "old");
      g_autofree char *rel_path = g_strdup_printf ("book %" G_GSIZE_FORMAT ".cbz", i);
      BinderyBookRecord record = { 0 };

      record.library_id = 1;
      record.rel_path = rel_path;
      record.name = rel_path;
      record.status = "ready";
      record.page_count = -1;
      record.metadata = metadata;
      ids[i] = bindery_catalog_writer_put_book (writer, &record, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ids[i], >, 0);
    }
  g_assert_true (bindery_catalog_writer_commit (writer, &error));

  for (gsize i = 0; i < G_N_ELEMENTS (counts); i++)
    for (guint f = 0; f < 2; f++)
      {
        g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM book_metadata_lists WHERE book_id = %"
                                                  G_GINT64_FORMAT " AND field = '%s'", ids[i], f == 0 ? "Writer" : "Genre");
        g_autofree char *in_order = g_strdup_printf ("SELECT count(*) FROM book_metadata_lists WHERE book_id = %"
                                                     G_GINT64_FORMAT " AND field = '%s' AND value = 'old %s ' || position",
                                                     ids[i], f == 0 ? "Writer" : "Genre", f == 0 ? "writer" : "genre");

        g_assert_cmpint (query_int (catalog, count), ==, counts[i][f]);
        g_assert_cmpint (query_int (catalog, in_order), ==, counts[i][f]);
      }

  /* rewritten with other lists: only the new values remain */
  g_assert_true (bindery_catalog_writer_begin (writer, &error));
  {
    g_autoptr(JsonObject) metadata = record_with_lists (3, 10, "new");
    BinderyBookRecord record = { 0 };

    record.id = ids[4];
    record.library_id = 1;
    record.rel_path = "book 4.cbz";
    record.name = "book 4.cbz";
    record.status = "ready";
    record.page_count = -1;
    record.metadata = metadata;
    g_assert_cmpint (bindery_catalog_writer_put_book (writer, &record, &error), ==, ids[4]);
    g_assert_no_error (error);
  }
  g_assert_true (bindery_catalog_writer_commit (writer, &error));
  {
    g_autofree char *all = g_strdup_printf ("SELECT count(*) FROM book_metadata_lists WHERE book_id = %" G_GINT64_FORMAT, ids[4]);
    g_autofree char *fresh = g_strdup_printf ("SELECT count(*) FROM book_metadata_lists WHERE book_id = %" G_GINT64_FORMAT
                                              " AND value LIKE 'new %%' AND value LIKE '%% ' || position", ids[4]);

    g_assert_cmpint (query_int (catalog, all), ==, 13);
    g_assert_cmpint (query_int (catalog, fresh), ==, 13);
  }
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM book_metadata_lists"), ==, 1 + 8 + 16 + 13);
}

static guint
count_open_files (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A writer starts the WAL's writeback after each commit through a descriptor of its own
 * (the checkpoint then has less to wait for): its commits land as before, and the
 * descriptor goes with the writer. */
static void
test_writer_wal_writeback (void)
{
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();
  g_autofree char *path = g_build_filename (dir->path, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;
  BinderyCatalogWriter *writer;
  guint open_files;

  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  open_files = count_open_files ();

  writer = bindery_catalog_writer_new (catalog);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO libraries (name, path) VALUES ('l%u', X'6C%02x')", i, i);

      g_assert_true (bindery_catalog_writer_begin (writer, &error));
      g_assert_true (bindery_catalog_exec (catalog, sql, &error));
      g_assert_true (bindery_catalog_writer_commit (writer, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (count_open_files (), <=, open_files + 1);
  g_object_unref (writer);

  g_assert_cmpuint (count_open_files (), ==, open_files);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM libraries"), ==, 3);
}

/* The first catalog opened in a process turns SQLite's allocation statistics off (no
 * process-wide mutex around every allocation): with them on, the open connection alone
 * would count as memory in use. Registered first, so that the catalog is the process's
 * first use of SQLite whichever tests run. */
static void
test_sqlite_memstatus_off (void)
{
  g_autoptr(CatalogTestDir) dir = catalog_test_dir_new ();
  g_autofree char *path = g_build_filename (dir->path, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;

  catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (catalog, "SELECT count(*) FROM libraries"), ==, 0);
  g_assert_cmpint (sqlite3_memory_used (), ==, 0);
  g_assert_cmpint (sqlite3_memory_highwater (FALSE), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/open/sqlite-memstatus-off", test_sqlite_memstatus_off);
  g_test_add_func ("/catalog/migrate/listed", test_migrations_listed);
  g_test_add_func ("/catalog/migrate/from-empty", test_migrate_from_empty);
  for (guint v = 1; v < BINDERY_CATALOG_SCHEMA_VERSION; v++)
    {
      g_autofree char *name = g_strdup_printf ("/catalog/migrate/from-v%u", v);
      g_test_add_data_func (name, GUINT_TO_POINTER (v), test_migrate_from_version);
    }
  g_test_add_func ("/catalog/open/too-new", test_too_new);
  g_test_add_func ("/catalog/open/not-a-catalog", test_not_a_catalog);
  g_test_add_func ("/catalog/open/read-only", test_read_only_open);
  g_test_add_func ("/catalog/open/read-only-file", test_read_only_file);
  g_test_add_func ("/catalog/statements", test_statement_cache_and_transactions);
  g_test_add_func ("/catalog/writer/list-values", test_writer_list_values);
  g_test_add_func ("/catalog/writer/wal-writeback", test_writer_wal_writeback);

  return g_test_run ();
}
