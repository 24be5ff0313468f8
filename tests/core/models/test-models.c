/* test-models.c: the lazy catalog list models on a real catalog with 10,000 generated books
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows are generated with SQL by simple rules on the book number i (1 … N_BOOKS);
 * every expected value below is computed from those rules, not read back through the
 * code under test.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "bindery-book-list.h"
#include "bindery-facet-list.h"
#include "bindery-library-stats.h"
#include "bindery-series-list.h"
#include "bindery-thumbnail-cache.h"

#define N_BOOKS        10000
#define BOOKS_PER_SERIES 100
#define LIB2_FIRST     8001   /* books i >= this belong to library 2 */

/* The generation rules, in C, for the expectations. */
static gboolean rule_missing (int i) { return i % 50 == 0; }
static gboolean rule_error (int i) { return !rule_missing (i) && i % 97 == 0; }
static int rule_writer (int i) { return i % 13; }
static int rule_year (int i) { return 1990 + i % 30; }

static const char generate_sql[] =
  "INSERT INTO libraries (id, name, path, pattern, state, options, created_at)"
  "  VALUES (1, 'Comics', CAST('/nowhere/comics' AS BLOB), 'series', 'ready', '{}', 1),"
  "         (2, 'Manga', CAST('/nowhere/manga' AS BLOB), 'series', 'ready', '{}', 1);"
  "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 100)"
  "  INSERT INTO series (id, library_id, rel_path, name, status, created_at)"
  "  SELECT i, CASE WHEN i > 80 THEN 2 ELSE 1 END, CAST(printf('Series %03d', i) AS BLOB),"
  "         printf('Series %03d', i), 'ready', i FROM seq;"
  "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 10000)"
  "  INSERT INTO books (id, library_id, series_id, rel_path, name, size, mtime, format, page_count,"
  "                     status, error_kind, title, number, number_sort, year, added_at)"
  "  SELECT i, CASE WHEN i >= 8001 THEN 2 ELSE 1 END, (i - 1) / 100 + 1,"
  "         CAST(printf('Series %03d/Book %05d.cbz', (i - 1) / 100 + 1, i) AS BLOB),"
  "         printf('Book %05d.cbz', i), 1000 + i, i, 'zip', 1 + i % 40,"
  "         CASE WHEN i % 50 = 0 THEN 'missing' WHEN i % 97 = 0 THEN 'error' ELSE 'ready' END,"
  "         CASE WHEN i % 50 != 0 AND i % 97 = 0 THEN 'corrupt' END,"
  "         CASE WHEN i % 3 = 0 THEN NULL ELSE printf('title %05d', 10001 - i) END,"
  "         CAST(101 - (i - 1) % 100 AS TEXT), 101 - (i - 1) % 100, 1990 + i % 30,"
  "         (i * 7919) % 10007 FROM seq;"
  "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 10000)"
  "  INSERT INTO book_metadata (book_id, json, publisher, language, story_arc)"
  "  SELECT i, json_object('Publisher', printf('Pub %d', i % 7)), printf('Pub %d', i % 7),"
  "         CASE WHEN i % 2 = 1 THEN 'en' ELSE 'ja' END,"
  "         CASE WHEN i % 11 = 0 THEN printf('Arc %d', i % 3) END FROM seq;"
  "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 10000)"
  "  INSERT INTO book_metadata_lists (book_id, field, position, value)"
  "  SELECT i, 'Writer', 0, printf('Writer %d', i % 13) FROM seq"
  "  UNION ALL SELECT i, 'Writer', 1, 'Co Writer' FROM seq WHERE i % 5 = 0"
  "  UNION ALL SELECT i, 'Genre', 0, printf('Genre %d', i % 4) FROM seq;"
  "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 10000)"
  "  INSERT INTO thumbnails (book_id, cache_key, path, width, height, quality, bytes, created_at)"
  "  SELECT i, printf('k%d', i), printf('%02x/k%d.webp', i % 256, i), 260, 400, 80, 5000, 1"
  "  FROM seq WHERE i % 4 != 1;";

typedef struct {
  char           *dir;
  char           *path;
  BinderyCatalog *writer;
  BinderyCatalog *reader;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("bindery-models-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "catalog.sqlite", NULL);
  fx->writer = bindery_catalog_open (fx->path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_catalog_exec (fx->writer, generate_sql, &error));
  g_assert_no_error (error);
  fx->reader = bindery_catalog_open (fx->path, BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fx->path, "-shm", NULL);

  g_assert_finalize_object (fx->reader);
  g_assert_finalize_object (fx->writer);
  g_unlink (fx->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static void
exec_or_fail (BinderyCatalog *catalog,
              const char     *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bindery_catalog_exec (catalog, sql, &error));
  g_assert_no_error (error);
}

static BinderyBookList *
reloaded_book_list (Fixture *fx)
{
  g_autoptr(BinderyBookList) list = bindery_book_list_new (fx->reader);
  g_autoptr(GError) error = NULL;

  g_assert_true (bindery_paged_list_reload (BINDERY_PAGED_LIST (list), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&list);
}

static void
reload (gpointer list)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bindery_paged_list_reload (BINDERY_PAGED_LIST (list), &error));
  g_assert_no_error (error);
}

static BinderyBookItem *
book_at (BinderyBookList *list,
         guint            position)
{
  return g_list_model_get_item (G_LIST_MODEL (list), position);
}

static void
test_paging (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(BinderyBookList) list = reloaded_book_list (fx);
  BinderyPagedList *paged = BINDERY_PAGED_LIST (list);
  g_autoptr(BinderyBookItem) first = NULL;
  g_autoptr(BinderyBookItem) again = NULL;
  g_autoptr(BinderyBookItem) far = NULL;
  guint count = 0;
  guint loads;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_BOOKS);
  g_assert_true (bindery_book_list_count (list, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, N_BOOKS);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), N_BOOKS));

  /* Nothing is loaded until asked; one page query serves a whole page. */
  g_assert_cmpuint (bindery_paged_list_get_n_page_loads (paged), ==, 0);
  first = book_at (list, 0);
  g_assert_true (bindery_book_item_get_loaded (first));
  g_assert_cmpuint (bindery_paged_list_get_n_page_loads (paged), ==, 1);
  for (guint i = 1; i < BINDERY_PAGED_LIST_PAGE_SIZE; i++)
    g_object_unref (book_at (list, i));
  g_assert_cmpuint (bindery_paged_list_get_n_page_loads (paged), ==, 1);
  again = book_at (list, 0);
  g_assert_true (first == again);

  far = book_at (list, 7777);
  g_assert_cmpuint (bindery_paged_list_get_n_page_loads (paged), ==, 2);
  g_assert_cmpint (bindery_book_item_get_id (far), ==, bindery_paged_list_get_id (paged, 7777));

  /* Walking every item stays within the cache and costs one query per page. */
  for (guint i = 0; i < N_BOOKS; i++)
    {
      g_autoptr(BinderyBookItem) item = book_at (list, i);

      g_assert_true (bindery_book_item_get_loaded (item));
      g_assert_cmpuint (bindery_paged_list_get_n_cached (paged), <=, bindery_paged_list_get_cache_size (paged));
    }
  loads = bindery_paged_list_get_n_page_loads (paged);
  g_assert_cmpuint (loads, <=, 2 + (N_BOOKS + BINDERY_PAGED_LIST_PAGE_SIZE - 1) / BINDERY_PAGED_LIST_PAGE_SIZE);

  /* Items are complete: path joins library root and relative path. */
  {
    g_autoptr(BinderyBookItem) item = NULL;
    guint position;
    g_autofree char *expected = NULL;

    g_assert_true (bindery_paged_list_find (paged, 4242, &position));
    item = book_at (list, position);
    g_assert_cmpint (bindery_book_item_get_id (item), ==, 4242);
    expected = g_strdup_printf ("/nowhere/comics/Series %03d/Book %05d.cbz", (4242 - 1) / 100 + 1, 4242);
    g_assert_cmpstr (bindery_book_item_get_path (item), ==, expected);
    g_assert_cmpstr (bindery_book_item_get_name (item), ==, "Book 04242.cbz");
    g_assert_cmpstr (bindery_book_item_get_status (item), ==, "ready");
    g_assert_cmpint (bindery_book_item_get_year (item), ==, rule_year (4242));
    g_assert_cmpstr (bindery_book_item_get_thumbnail (item), ==, "92/k4242.webp");
    g_assert_cmpstr (bindery_book_item_get_series_name (item), ==, "Series 043");
  }
}

static void
test_sort (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(BinderyBookList) list = reloaded_book_list (fx);
  g_autofree char *previous = NULL;
  gint64 previous_added = G_MAXINT64;

  /* Name: display title (title, else file name), case-insensitively. Titles are
   * "title NNNNN" and file names "Book NNNNN.cbz": all "Book" names sort first. */
  for (guint i = 0; i < N_BOOKS; i++)
    {
      g_autoptr(BinderyBookItem) item = book_at (list, i);
      const char *title = bindery_book_item_get_display_title (item);

      if (previous != NULL)
        g_assert_cmpint (g_ascii_strcasecmp (previous, title), <=, 0);
      g_free (previous);
      previous = g_strdup (title);
    }
  {
    g_autoptr(BinderyBookItem) first = book_at (list, 0);
    g_autoptr(BinderyBookItem) last = book_at (list, N_BOOKS - 1);

    g_assert_cmpint (bindery_book_item_get_id (first), ==, 3);          /* "Book 00003.cbz" */
    g_assert_cmpint (bindery_book_item_get_id (last), ==, 1);           /* "title 10000" */
  }

  bindery_book_list_set_sort (list, BINDERY_BOOK_SORT_DATE_ADDED);
  reload (list);
  for (guint i = 0; i < N_BOOKS; i++)
    {
      g_autoptr(BinderyBookItem) item = book_at (list, i);
      int id = (int) bindery_book_item_get_id (item);

      g_assert_cmpint (bindery_book_item_get_added_at (item), ==, ((gint64) id * 7919) % 10007);
      g_assert_cmpint (bindery_book_item_get_added_at (item), <=, previous_added);
      previous_added = bindery_book_item_get_added_at (item);
    }

  /* Number: series by name, then the number's sort key (the generator numbers each
   * series backwards, 100 … 1 … so the last book of a series comes first). */
  bindery_book_list_set_sort (list, BINDERY_BOOK_SORT_NUMBER);
  reload (list);
  for (guint i = 0; i < N_BOOKS; i++)
    {
      g_autoptr(BinderyBookItem) item = book_at (list, i);
      guint series = i / BOOKS_PER_SERIES + 1;
      guint expected_id = series * BOOKS_PER_SERIES - i % BOOKS_PER_SERIES;

      g_assert_cmpint (bindery_book_item_get_id (item), ==, expected_id);
    }
}

/* The name and date-added orders of every book (All Books) come from the indexes of
 * schema v7, not from sorting 100,000 rows at each reload, and give the same ids in the
 * same order as the sort without any index. */
static void
test_indexed_orders (Fixture       *fx,
                     gconstpointer  data)
{
  static const struct {
    BinderyBookSort sort;
    const char     *order_by;
    gboolean        indexed;
  } cases[] = {
    { BINDERY_BOOK_SORT_NAME,
      "COALESCE (NULLIF (b.title, ''), b.name) COLLATE NOCASE, b.name COLLATE NOCASE, b.id", TRUE },
    { BINDERY_BOOK_SORT_DATE_ADDED, "b.added_at DESC, b.id DESC", TRUE },
    { BINDERY_BOOK_SORT_NUMBER, NULL, FALSE },
  };
  g_autoptr(BinderyBookList) list = bindery_book_list_new (fx->reader);

  /* Ties in the title and the date decide by name and id: make some. */
  exec_or_fail (fx->writer, "UPDATE books SET title = 'Same', added_at = 5 WHERE id % 10 = 3;"
                            "UPDATE books SET title = '' WHERE id % 10 = 7");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint sorted_before = bindery_book_list_get_n_sorted_reloads (list);

      bindery_book_list_set_sort (list, cases[c].sort);
      reload (list);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_BOOKS);
      g_assert_cmpuint (bindery_book_list_get_n_sorted_reloads (list), ==, sorted_before + !cases[c].indexed);

      if (cases[c].order_by != NULL)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT b.id FROM books b NOT INDEXED ORDER BY %s",
                                                  cases[c].order_by);
          sqlite3_stmt *stmt = bindery_catalog_prepare (fx->reader, sql, NULL);
          guint i = 0;

          g_assert_nonnull (stmt);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            g_assert_cmpint (bindery_paged_list_get_id (BINDERY_PAGED_LIST (list), i++), ==,
                             sqlite3_column_int64 (stmt, 0));
          g_assert_cmpuint (i, ==, N_BOOKS);
          /* The plain sort above did sort (the counter can tell). */
          g_assert_cmpint (sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_SORT, TRUE), >, 0);
          sqlite3_reset (stmt);
        }
    }

  /* A book added later takes its place in the indexed order at the next reload. */
  exec_or_fail (fx->writer, "INSERT INTO books (id, library_id, series_id, rel_path, name, size, mtime, format,"
                            " status, title, added_at)"
                            " VALUES (20001, 1, 1, CAST('Series 001/Aardvark.cbz' AS BLOB), 'Aardvark.cbz',"
                            " 1, 1, 'zip', 'ready', 'aardvark', 99999)");
  bindery_book_list_set_sort (list, BINDERY_BOOK_SORT_DATE_ADDED);
  reload (list);
  g_assert_cmpint (bindery_paged_list_get_id (BINDERY_PAGED_LIST (list), 0), ==, 20001);
  bindery_book_list_set_sort (list, BINDERY_BOOK_SORT_NAME);
  reload (list);
  g_assert_cmpint (bindery_paged_list_get_id (BINDERY_PAGED_LIST (list), 0), ==, 20001);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_BOOKS + 1);
}

static guint
count_rule (gboolean (*rule) (int i, gconstpointer data),
            gconstpointer data)
{
  guint n = 0;

  for (int i = 1; i <= N_BOOKS; i++)
    n += rule (i, data) ? 1 : 0;
  return n;
}

static gboolean match_missing (int i, gconstpointer d) { return rule_missing (i); }
static gboolean match_error (int i, gconstpointer d) { return rule_error (i); }
static gboolean match_problems (int i, gconstpointer d) { return rule_missing (i) || rule_error (i); }
static gboolean match_writer3 (int i, gconstpointer d) { return rule_writer (i) == 3; }
static gboolean match_co_writer (int i, gconstpointer d) { return i % 5 == 0; }
static gboolean match_genre2 (int i, gconstpointer d) { return i % 4 == 2; }
static gboolean match_pub5 (int i, gconstpointer d) { return i % 7 == 5; }
static gboolean match_year (int i, gconstpointer d) { return rule_year (i) == 2001; }
static gboolean match_ja (int i, gconstpointer d) { return i % 2 == 0; }
static gboolean match_arc1 (int i, gconstpointer d) { return i % 11 == 0 && i % 3 == 1; }
static gboolean match_lib2 (int i, gconstpointer d) { return i >= LIB2_FIRST; }
static gboolean match_lib2_missing (int i, gconstpointer d) { return i >= LIB2_FIRST && rule_missing (i); }
static gboolean match_series7 (int i, gconstpointer d) { return (i - 1) / 100 + 1 == 7; }

/* Every listed book satisfies the rule and the count is the rule's count. */
static void
assert_list_matches (BinderyBookList *list,
                     gboolean       (*rule) (int i, gconstpointer data))
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint counted = 0;
  g_autoptr(GError) error = NULL;

  reload (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, count_rule (rule, NULL));
  g_assert_true (bindery_book_list_count (list, &counted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counted, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_true (rule ((int) bindery_paged_list_get_id (BINDERY_PAGED_LIST (list), i), NULL));
}

static void
test_filters (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(BinderyBookList) list = reloaded_book_list (fx);

  bindery_book_list_set_status_filter (list, BINDERY_STATUS_FILTER_MISSING);
  assert_list_matches (list, match_missing);
  bindery_book_list_set_status_filter (list, BINDERY_STATUS_FILTER_ERROR);
  assert_list_matches (list, match_error);
  {
    g_autoptr(BinderyBookItem) item = book_at (list, 0);

    g_assert_cmpstr (bindery_book_item_get_status (item), ==, "error");
    g_assert_cmpstr (bindery_book_item_get_error_kind (item), ==, "corrupt");
  }
  bindery_book_list_set_status_filter (list, BINDERY_STATUS_FILTER_PROBLEMS);
  assert_list_matches (list, match_problems);
  bindery_book_list_set_status_filter (list, BINDERY_STATUS_FILTER_ANY);

  bindery_book_list_set_facet (list, BINDERY_FACET_WRITER, "Writer 3");
  assert_list_matches (list, match_writer3);
  bindery_book_list_set_facet (list, BINDERY_FACET_WRITER, "Co Writer");
  assert_list_matches (list, match_co_writer);
  bindery_book_list_set_facet (list, BINDERY_FACET_GENRE, "Genre 2");
  assert_list_matches (list, match_genre2);
  bindery_book_list_set_facet (list, BINDERY_FACET_PUBLISHER, "Pub 5");
  assert_list_matches (list, match_pub5);
  bindery_book_list_set_facet (list, BINDERY_FACET_YEAR, "2001");
  assert_list_matches (list, match_year);
  bindery_book_list_set_facet (list, BINDERY_FACET_LANGUAGE, "ja");
  assert_list_matches (list, match_ja);
  bindery_book_list_set_facet (list, BINDERY_FACET_STORY_ARC, "Arc 1");
  assert_list_matches (list, match_arc1);
  bindery_book_list_set_facet (list, BINDERY_FACET_NONE, NULL);

  bindery_book_list_set_library_id (list, 2);
  assert_list_matches (list, match_lib2);
  bindery_book_list_set_status_filter (list, BINDERY_STATUS_FILTER_MISSING);
  assert_list_matches (list, match_lib2_missing);
  bindery_book_list_set_status_filter (list, BINDERY_STATUS_FILTER_ANY);
  bindery_book_list_set_library_id (list, 0);

  bindery_book_list_set_series_id (list, 7);
  assert_list_matches (list, match_series7);
}

static gboolean match_search_title (int i, gconstpointer d) { return i % 3 != 0 && (10001 - i) / 10 == 123; }
static gboolean match_search_file (int i, gconstpointer d) { return i / 10 == 456; }
static gboolean match_search_series (int i, gconstpointer d) { return (i - 1) / 100 + 1 == 42; }
static gboolean match_search_writer (int i, gconstpointer d) { return i % 13 == 11; }
static gboolean match_nothing (int i, gconstpointer d) { return FALSE; }

static void
test_search (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(BinderyBookList) list = reloaded_book_list (fx);

  /* Titles "title 0123x" (case-insensitive). */
  bindery_book_list_set_search (list, "TITLE 0123");
  assert_list_matches (list, match_search_title);
  /* File names "Book 0456x.cbz". */
  bindery_book_list_set_search (list, "Book 0456");
  assert_list_matches (list, match_search_file);
  bindery_book_list_set_search (list, "series 042");
  assert_list_matches (list, match_search_series);
  bindery_book_list_set_search (list, "writer 11");
  assert_list_matches (list, match_search_writer);
  /* LIKE wildcards in the text are literal. */
  bindery_book_list_set_search (list, "%_");
  assert_list_matches (list, match_nothing);
  /* Blank search means no search. */
  bindery_book_list_set_search (list, "   ");
  g_assert_null (bindery_book_list_get_search (list));
  reload (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_BOOKS);
}

typedef struct {
  guint calls;
  guint position, removed, added;
} ChangeLog;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ChangeLog  *log)
{
  log->calls++;
  log->position = position;
  log->removed = removed;
  log->added = added;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

static void
test_reload_diff (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(BinderyBookList) list = reloaded_book_list (fx);
  g_autoptr(BinderyBookItem) kept = NULL;
  g_autoptr(BinderyBookItem) shifted = NULL;
  ChangeLog log = { 0 };
  guint title_notifies = 0;

  bindery_book_list_set_sort (list, BINDERY_BOOK_SORT_NUMBER);
  reload (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &log);

  /* Reloading an unchanged catalog announces nothing. */
  reload (list);
  g_assert_cmpuint (log.calls, ==, 0);

  kept = book_at (list, 10);
  shifted = book_at (list, 5000);
  g_signal_connect (kept, "notify::title", G_CALLBACK (count_notify), &title_notifies);

  /* A new book at the head of series 51 is announced as one insertion at its place; items
   * before and after keep their identity. */
  exec_or_fail (fx->writer,
                "INSERT INTO books (id, library_id, series_id, rel_path, name, status, number, number_sort, added_at)"
                " VALUES (20001, 1, 51, CAST('Series 051/Extra.cbz' AS BLOB), 'Extra.cbz', 'ready', '0.5', 0.5, 1)");
  reload (list);
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_cmpuint (log.position, ==, 50 * BOOKS_PER_SERIES);
  g_assert_cmpuint (log.removed, ==, 0);
  g_assert_cmpuint (log.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_BOOKS + 1);
  {
    g_autoptr(BinderyBookItem) same = book_at (list, 10);
    g_autoptr(BinderyBookItem) moved = book_at (list, 5001);
    g_autoptr(BinderyBookItem) added = book_at (list, 5000);

    g_assert_true (same == kept);
    g_assert_true (moved == shifted);
    g_assert_cmpint (bindery_book_item_get_id (added), ==, 20001);
  }

  /* A changed row reaches the item a view holds, in place, with a notification. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE books SET title = 'Renamed' WHERE id = %" G_GINT64_FORMAT,
                                            bindery_book_item_get_id (kept));
    gint64 id = bindery_book_item_get_id (kept);
    g_autoptr(GError) error = NULL;

    exec_or_fail (fx->writer, sql);
    g_assert_true (bindery_paged_list_refresh (BINDERY_PAGED_LIST (list), &id, 1, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (bindery_book_item_get_title (kept), ==, "Renamed");
    g_assert_cmpstr (bindery_book_item_get_display_title (kept), ==, "Renamed");
    g_assert_cmpuint (title_notifies, ==, 1);
  }

  /* Deleting books is announced as a removal of just their span. */
  log.calls = 0;
  exec_or_fail (fx->writer, "DELETE FROM books WHERE series_id = 99");
  reload (list);
  g_assert_cmpuint (log.calls, ==, 1);
  g_assert_cmpuint (log.position, ==, 98 * BOOKS_PER_SERIES + 1);
  g_assert_cmpuint (log.removed, ==, BOOKS_PER_SERIES);
  g_assert_cmpuint (log.added, ==, 0);

  g_signal_handlers_disconnect_by_data (list, &log);
  g_signal_handlers_disconnect_by_data (kept, &title_notifies);
}

static void
test_series_list (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(BinderySeriesList) list = bindery_series_list_new (fx->reader);
  guint n;

  reload (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_BOOKS / BOOKS_PER_SERIES);
  for (guint i = 0; i < N_BOOKS / BOOKS_PER_SERIES; i++)
    {
      g_autoptr(BinderySeriesItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *name = g_strdup_printf ("Series %03u", i + 1);
      guint missing = 0, errors = 0;
      int first_with_thumb = -1;

      for (int b = (int) i * BOOKS_PER_SERIES + 1; b <= (int) (i + 1) * BOOKS_PER_SERIES; b++)
        {
          missing += rule_missing (b);
          errors += rule_error (b);
        }
      /* Number order runs backwards through the ids; thumbnails exist for b % 4 != 1. */
      for (int b = (int) (i + 1) * BOOKS_PER_SERIES; b > (int) i * BOOKS_PER_SERIES; b--)
        {
          if (b % 4 != 1)
            {
              first_with_thumb = b;
              break;
            }
        }

      g_assert_cmpstr (bindery_series_item_get_name (item), ==, name);
      g_assert_cmpuint (bindery_series_item_get_book_count (item), ==, BOOKS_PER_SERIES);
      g_assert_cmpuint (bindery_series_item_get_missing_count (item), ==, missing);
      g_assert_cmpuint (bindery_series_item_get_error_count (item), ==, errors);
      {
        g_autofree char *cover = g_strdup_printf ("%02x/k%d.webp", first_with_thumb % 256, first_with_thumb);

        g_assert_cmpstr (bindery_series_item_get_cover (item), ==, cover);
      }
    }

  bindery_series_list_set_library_id (list, 2);
  reload (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, (N_BOOKS - LIB2_FIRST + 1) / BOOKS_PER_SERIES);

  bindery_series_list_set_library_id (list, 0);
  bindery_series_list_set_search (list, "writer 12");
  reload (list);
  /* Every series has books by every writer (i % 13 cycles within 100 books). */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_BOOKS / BOOKS_PER_SERIES);
  bindery_series_list_set_search (list, "Series 00");
  reload (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 9);

  bindery_series_list_set_search (list, NULL);
  /* Series 1 … 100 all hold a missing book (every 50th) and some an error (every 97th,
   * unless also missing). */
  bindery_series_list_set_status_filter (list, BINDERY_STATUS_FILTER_ERROR);
  reload (list);
  n = 0;
  for (guint s = 1; s <= N_BOOKS / BOOKS_PER_SERIES; s++)
    {
      gboolean has = FALSE;

      for (int b = (int) (s - 1) * BOOKS_PER_SERIES + 1; b <= (int) s * BOOKS_PER_SERIES; b++)
        has = has || rule_error (b);
      n += has;
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  bindery_series_list_set_sort (list, BINDERY_SERIES_SORT_DATE_ADDED);
  bindery_series_list_set_status_filter (list, BINDERY_STATUS_FILTER_ANY);
  reload (list);
  {
    g_autoptr(BinderySeriesItem) newest = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_cmpint (bindery_series_item_get_id (newest), ==, 100);
  }
}

static void
test_facets (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(BinderyFacetList) facets = bindery_facet_list_new (fx->reader);
  g_autoptr(GError) error = NULL;
  guint total = 0;

  bindery_facet_list_set_facet (facets, BINDERY_FACET_WRITER);
  g_assert_true (bindery_facet_list_reload (facets, &error));
  g_assert_no_error (error);
  /* "Co Writer" and "Writer 0" … "Writer 12", by value. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (facets)), ==, 14);
  for (guint i = 0; i < 14; i++)
    {
      g_autoptr(BinderyFacetItem) item = g_list_model_get_item (G_LIST_MODEL (facets), i);

      if (i == 0)
        {
          g_assert_cmpstr (bindery_facet_item_get_value (item), ==, "Co Writer");
          g_assert_cmpuint (bindery_facet_item_get_count (item), ==, count_rule (match_co_writer, NULL));
        }
      else
        total += bindery_facet_item_get_count (item);
    }
  g_assert_cmpuint (total, ==, N_BOOKS);

  bindery_facet_list_set_facet (facets, BINDERY_FACET_YEAR);
  bindery_facet_list_set_library_id (facets, 2);
  g_assert_true (bindery_facet_list_reload (facets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (facets)), ==, 30);
  {
    g_autoptr(BinderyFacetItem) newest = g_list_model_get_item (G_LIST_MODEL (facets), 0);
    guint n = 0;

    for (int i = LIB2_FIRST; i <= N_BOOKS; i++)
      n += rule_year (i) == 2019;
    g_assert_cmpstr (bindery_facet_item_get_value (newest), ==, "2019");
    g_assert_cmpuint (bindery_facet_item_get_count (newest), ==, n);
  }

  bindery_facet_list_set_facet (facets, BINDERY_FACET_STORY_ARC);
  bindery_facet_list_set_library_id (facets, 0);
  g_assert_true (bindery_facet_list_reload (facets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (facets)), ==, 3);
}

static void
test_library_stats (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) stats = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *thumb_dir = g_build_filename (fx->dir, "thumbnails", NULL);
  g_autofree char *thumb = g_build_filename (thumb_dir, "32", "k50.webp", NULL);
  g_autofree char *kept_thumb = g_build_filename (thumb_dir, "33", "k51.webp", NULL);
  BinderyLibraryStats *lib1;
  gint64 removed;
  guint lib1_missing = 0, lib1_errors = 0;

  for (int i = 1; i < LIB2_FIRST; i++)
    {
      lib1_missing += rule_missing (i);
      lib1_errors += rule_error (i);
    }

  stats = bindery_catalog_library_stats (fx->reader, &error);
  g_assert_no_error (error);
  lib1 = g_hash_table_lookup (stats, &(gint64) { 1 });
  g_assert_nonnull (lib1);
  g_assert_cmpuint (lib1->n_books, ==, LIB2_FIRST - 1);
  g_assert_cmpuint (lib1->n_series, ==, (LIB2_FIRST - 1) / BOOKS_PER_SERIES);
  g_assert_cmpuint (lib1->n_missing, ==, lib1_missing);
  g_assert_cmpuint (lib1->n_errors, ==, lib1_errors);

  missing = bindery_catalog_list_missing_books (fx->reader, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, ==, lib1_missing);
  g_assert_cmpstr (g_ptr_array_index (missing, 0), ==, "Series 001/Book 00050.cbz");

  /* Book 50 is missing and has a thumbnail; book 51 is not missing. */
  {
    g_autofree char *d1 = g_path_get_dirname (thumb);
    g_autofree char *d2 = g_path_get_dirname (kept_thumb);

    g_assert_cmpint (g_mkdir_with_parents (d1, 0700), ==, 0);
    g_assert_cmpint (g_mkdir_with_parents (d2, 0700), ==, 0);
    g_assert_true (g_file_set_contents (thumb, "x", 1, NULL));
    g_assert_true (g_file_set_contents (kept_thumb, "x", 1, NULL));
  }

  removed = bindery_catalog_remove_missing_books (fx->writer, 1, thumb_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (removed, ==, lib1_missing);
  g_assert_false (g_file_test (thumb, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (kept_thumb, G_FILE_TEST_EXISTS));

  g_clear_pointer (&stats, g_hash_table_unref);
  stats = bindery_catalog_library_stats (fx->reader, &error);
  g_assert_no_error (error);
  lib1 = g_hash_table_lookup (stats, &(gint64) { 1 });
  g_assert_cmpuint (lib1->n_books, ==, LIB2_FIRST - 1 - lib1_missing);
  g_assert_cmpuint (lib1->n_missing, ==, 0);

  g_unlink (kept_thumb);
  {
    g_autofree char *d1 = g_path_get_dirname (thumb);
    g_autofree char *d2 = g_path_get_dirname (kept_thumb);

    g_rmdir (d1);
    g_rmdir (d2);
    g_rmdir (thumb_dir);
  }
}

static void
test_thumbnails_and_load (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *thumb_dir = g_build_filename (fx->dir, "thumbnails", NULL);
  g_autofree char *file = g_build_filename (thumb_dir, "02", "k2.webp", NULL);
  g_autofree char *shard = g_path_get_dirname (file);
  g_autoptr(BinderyBookItem) item = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n_files = 0, n_bytes = 0, expected = 0;

  for (int i = 1; i <= N_BOOKS; i++)
    expected += i % 4 != 1;
  g_assert_true (bindery_thumbnail_cache_get_usage (fx->reader, &n_files, &n_bytes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_files, ==, expected);
  g_assert_cmpuint (n_bytes, ==, expected * 5000);

  /* One book read alone gives the same item as the list does. */
  item = bindery_book_item_load (fx->reader, 4243, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bindery_book_item_get_name (item), ==, "Book 04243.cbz");
  g_assert_cmpstr (bindery_book_item_get_display_title (item), ==, "title 05758");  /* 10001 - 4243 */
  g_assert_cmpstr (bindery_book_item_get_thumbnail (item), ==, "93/k4243.webp");
  g_assert_null (bindery_book_item_load (fx->reader, N_BOOKS + 1, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&item);
  item = bindery_book_item_load (fx->reader, 3, &error);
  g_assert_no_error (error);
  /* No title: the file name without its extension. */
  g_assert_cmpstr (bindery_book_item_get_display_title (item), ==, "Book 00003");

  /* By its path in its library (Open With): the same book; another library's path, or a
   * path with no book, is not found. */
  g_clear_object (&item);
  item = bindery_book_item_load_by_path (fx->reader, 1, "Series 043/Book 04243.cbz", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bindery_book_item_get_id (item), ==, 4243);
  g_assert_cmpstr (bindery_book_item_get_name (item), ==, "Book 04243.cbz");
  g_clear_object (&item);
  item = bindery_book_item_load_by_path (fx->reader, 2, "Series 081/Book 08001.cbz", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bindery_book_item_get_id (item), ==, 8001);
  g_assert_null (bindery_book_item_load_by_path (fx->reader, 1, "Series 081/Book 08001.cbz", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (bindery_book_item_load_by_path (fx->reader, 1, "Series 043/Book 04243.cb", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Clearing forgets every thumbnail and removes the files (book 2's is "02/k2.webp"). */
  g_assert_cmpint (g_mkdir_with_parents (shard, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_cmpint (bindery_thumbnail_cache_clear (fx->writer, thumb_dir, &error), ==, (gint64) expected);
  g_assert_no_error (error);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_true (bindery_thumbnail_cache_get_usage (fx->reader, &n_files, &n_bytes, &error));
  g_assert_cmpuint (n_files, ==, 0);
  g_assert_cmpuint (n_bytes, ==, 0);
  g_rmdir (shard);
  g_rmdir (thumb_dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/models/book-list/paging", test_paging);
  ADD ("/models/book-list/sort", test_sort);
  ADD ("/models/book-list/indexed-orders", test_indexed_orders);
  ADD ("/models/book-list/filters", test_filters);
  ADD ("/models/book-list/search", test_search);
  ADD ("/models/book-list/reload-diff", test_reload_diff);
  ADD ("/models/series-list/counts-covers-filters", test_series_list);
  ADD ("/models/facet-list/values", test_facets);
  ADD ("/models/library-stats/counts-remove-missing", test_library_stats);
  ADD ("/models/library-stats/thumbnails-and-load", test_thumbnails_and_load);
#undef ADD

  return g_test_run ();
}
