/* test-library.c: libraries in the catalog and their options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bindery-library.h"
#include "catalog-test-util.h"

typedef struct {
  CatalogTestDir *dir;
  BinderyCatalog *catalog;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = catalog_test_dir_new ();
  path = g_build_filename (fixture->dir->path, "data", "catalog.sqlite", NULL);
  fixture->catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->catalog);
  catalog_test_dir_free (fixture->dir);
}

static gint64
count_rows (BinderyCatalog *catalog,
            const char     *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, sql, &error);
  gint64 n;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
exec_ok (BinderyCatalog *catalog,
         const char     *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bindery_catalog_exec (catalog, sql, &error));
  g_assert_no_error (error);
}

static BinderyLibrary *
add_ok (Fixture    *fixture,
        const char *path,
        const char *name)
{
  g_autoptr(GError) error = NULL;
  BinderyLibrary *library;

  library = bindery_catalog_add_library (fixture->catalog, path, name,
                                         BINDERY_LIBRARY_PATTERN_SERIES, &error);
  g_assert_no_error (error);
  g_assert_nonnull (library);
  return library;
}

static void
add_fails (Fixture    *fixture,
           const char *path,
           const char *name,
           int         code,
           const char *message_part)
{
  g_autoptr(GError) error = NULL;
  gint64 before = count_rows (fixture->catalog, "SELECT count(*) FROM libraries");

  g_assert_null (bindery_catalog_add_library (fixture->catalog, path, name,
                                              BINDERY_LIBRARY_PATTERN_SERIES, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM libraries"), ==, before);
}

static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autofree char *given = g_build_filename (fixture->dir->path, "Comics", ".", "sub", "..", "/", NULL);
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(BinderyLibrary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) options = NULL;

  library = add_ok (fixture, given, NULL);
  g_assert_cmpint (bindery_library_get_id (library), >, 0);
  g_assert_cmpstr (bindery_library_get_path (library), ==, comics);
  g_assert_cmpstr (bindery_library_get_display_path (library), ==, comics);
  g_assert_cmpstr (bindery_library_get_name (library), ==, "Comics");
  g_assert_cmpstr (bindery_library_get_state (library), ==, "new");
  g_assert_cmpint (bindery_library_get_pattern (library), ==, BINDERY_LIBRARY_PATTERN_SERIES);

  /* Defaults, stored in full */
  g_assert_cmpint (bindery_library_get_scan_mode (library), ==, BINDERY_SCAN_MODE_BATCHED);
  g_assert_true (bindery_library_get_thumbnails (library));
  g_assert_cmpuint (bindery_library_get_thumbnail_height (library), ==, 400);
  g_assert_cmpuint (bindery_library_get_thumbnail_quality (library), ==, 80);
  g_assert_cmpuint (g_strv_length ((char **) bindery_library_get_ignore (library)), ==, 0);
  g_assert_false (bindery_library_get_deep_scan (library));
  options = bindery_library_dup_options (library);
  g_assert_cmpstr (json_object_get_string_member (options, "scan-mode"), ==, "batched");
  g_assert_true (json_object_get_boolean_member (options, "thumbnails"));
  g_assert_cmpint (json_object_get_int_member (options, "thumbnail-height"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (options, "thumbnail-quality"), ==, 80);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (options, "ignore")), ==, 0);
  g_assert_false (json_object_get_boolean_member (options, "deep-scan"));
  g_assert_false (json_object_get_boolean_member (options, "verify-data"));
  g_assert_true (json_object_get_boolean_member (options, "watch"));
  g_assert_cmpint (count_rows (fixture->catalog,
                               "SELECT count(*) FROM libraries WHERE options LIKE '%thumbnail-height%'"), ==, 1);
  /* stored as raw bytes */
  g_assert_cmpint (count_rows (fixture->catalog,
                               "SELECT count(*) FROM libraries WHERE typeof (path) = 'blob'"), ==, 1);

  again = bindery_catalog_get_library (fixture->catalog, bindery_library_get_id (library), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bindery_library_get_path (again), ==, comics);

  g_assert_null (bindery_catalog_get_library (fixture->catalog, 999, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
}

static void
test_add_collection_pattern (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *path = catalog_test_dir_mkdir (fixture->dir, "Books");
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  BinderyLibraryPattern pattern = BINDERY_LIBRARY_PATTERN_SERIES;

  library = bindery_catalog_add_library (fixture->catalog, path, "Books",
                                         BINDERY_LIBRARY_PATTERN_COLLECTION, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bindery_library_get_pattern (library), ==, BINDERY_LIBRARY_PATTERN_COLLECTION);
  g_assert_cmpint (count_rows (fixture->catalog,
                               "SELECT count(*) FROM libraries WHERE pattern = 'collection'"), ==, 1);

  g_assert_true (bindery_library_pattern_from_string ("collection", &pattern));
  g_assert_cmpint (pattern, ==, BINDERY_LIBRARY_PATTERN_COLLECTION);
  g_assert_false (bindery_library_pattern_from_string ("Series", &pattern));
  g_assert_cmpstr (bindery_library_pattern_to_string (BINDERY_LIBRARY_PATTERN_SERIES), ==, "series");
}

static void
test_add_bad_input (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir->path, "nowhere", NULL);
  g_autofree char *file = g_build_filename (fixture->dir->path, "book.cbz", NULL);
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autofree char *with_slash = g_strconcat (comics, "/", NULL);
  g_autoptr(BinderyLibrary) library = NULL;

  g_assert_true (g_file_set_contents (file, "PK", 2, NULL));

  add_fails (fixture, missing, NULL, BINDERY_CATALOG_ERROR_INVALID, missing);
  add_fails (fixture, file, NULL, BINDERY_CATALOG_ERROR_INVALID, file);
  add_fails (fixture, comics, "", BINDERY_CATALOG_ERROR_INVALID, NULL);
  add_fails (fixture, comics, "  ", BINDERY_CATALOG_ERROR_INVALID, NULL);

  library = add_ok (fixture, comics, NULL);
  add_fails (fixture, comics, NULL, BINDERY_CATALOG_ERROR_EXISTS, comics);
  add_fails (fixture, with_slash, "Other", BINDERY_CATALOG_ERROR_EXISTS, comics);
}

static void
test_unique_names (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *a = catalog_test_dir_mkdir (fixture->dir, "a/Comics");
  g_autofree char *b = catalog_test_dir_mkdir (fixture->dir, "b/Comics");
  g_autofree char *c = catalog_test_dir_mkdir (fixture->dir, "c/Comics");
  g_autofree char *d = catalog_test_dir_mkdir (fixture->dir, "d/Manga");
  g_autoptr(BinderyLibrary) la = add_ok (fixture, a, NULL);
  g_autoptr(BinderyLibrary) lb = add_ok (fixture, b, NULL);
  g_autoptr(BinderyLibrary) lc = add_ok (fixture, c, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (bindery_library_get_name (la), ==, "Comics");
  g_assert_cmpstr (bindery_library_get_name (lb), ==, "Comics (2)");
  g_assert_cmpstr (bindery_library_get_name (lc), ==, "Comics (3)");

  /* An explicit name is never renamed: it fails. */
  add_fails (fixture, d, "Comics (2)", BINDERY_CATALOG_ERROR_EXISTS, "Comics (2)");

  /* Renaming onto another library's name fails too, and writes nothing. */
  bindery_library_set_name (lc, "Comics");
  g_assert_false (bindery_library_save (lc, fixture->catalog, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_EXISTS);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM libraries WHERE name = 'Comics (3)'"), ==, 1);
}

static void
test_nested (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *outer = catalog_test_dir_mkdir (fixture->dir, "media");
  g_autofree char *comics = catalog_test_dir_mkdir (fixture->dir, "media/Comics");
  g_autofree char *inner = catalog_test_dir_mkdir (fixture->dir, "media/Comics/Marvel");
  g_autofree char *sibling = catalog_test_dir_mkdir (fixture->dir, "media/Comics2");
  g_autoptr(BinderyLibrary) library = add_ok (fixture, comics, NULL);
  g_autoptr(BinderyLibrary) other = NULL;

  add_fails (fixture, inner, NULL, BINDERY_CATALOG_ERROR_INVALID, "inside");
  add_fails (fixture, outer, NULL, BINDERY_CATALOG_ERROR_INVALID, "contains");
  /* A common prefix is not nesting. */
  other = add_ok (fixture, sibling, NULL);
  g_assert_cmpstr (bindery_library_get_name (other), ==, "Comics2");
}

static void
test_symlink_alias (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *real = catalog_test_dir_mkdir (fixture->dir, "disk/Comics");
  g_autofree char *inner = catalog_test_dir_mkdir (fixture->dir, "disk/Comics/DC");
  g_autofree char *alias = g_build_filename (fixture->dir->path, "ComicsLink", NULL);
  g_autofree char *alias_inner = g_build_filename (fixture->dir->path, "DCLink", NULL);
  g_autofree char *outer_alias = g_build_filename (fixture->dir->path, "DiskLink", NULL);
  g_autofree char *disk = g_build_filename (fixture->dir->path, "disk", NULL);
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(BinderyLibrary) found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink (real, alias), ==, 0);
  g_assert_cmpint (symlink (inner, alias_inner), ==, 0);
  g_assert_cmpint (symlink (disk, outer_alias), ==, 0);

  /* Added through the link: the link is kept, not resolved. */
  library = add_ok (fixture, alias, NULL);
  g_assert_cmpstr (bindery_library_get_path (library), ==, alias);
  g_assert_cmpstr (bindery_library_get_name (library), ==, "ComicsLink");

  add_fails (fixture, real, NULL, BINDERY_CATALOG_ERROR_EXISTS, real);
  add_fails (fixture, inner, NULL, BINDERY_CATALOG_ERROR_INVALID, "inside");
  add_fails (fixture, alias_inner, NULL, BINDERY_CATALOG_ERROR_INVALID, "inside");
  add_fails (fixture, outer_alias, NULL, BINDERY_CATALOG_ERROR_INVALID, "contains");

  /* The real path finds the library too. */
  found = bindery_catalog_find_library (fixture->catalog, real, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bindery_library_get_id (found), ==, bindery_library_get_id (library));
}

static void
test_non_utf8_path (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir->path, "Bandes dessin\xe9" "es", NULL);
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(BinderyLibrary) found = NULL;
  g_autoptr(GError) error = NULL;

  if (g_mkdir (path, 0755) != 0)
    {
      g_test_skip ("this file system refuses names that are not UTF-8");
      return;
    }

  library = add_ok (fixture, path, NULL);
  g_assert_cmpstr (bindery_library_get_path (library), ==, path);
  g_assert_true (g_str_has_suffix (bindery_library_get_display_path (library), "Bandes dessin\xef\xbf\xbd" "es"));
  g_assert_true (g_utf8_validate (bindery_library_get_name (library), -1, NULL));
  g_assert_cmpstr (bindery_library_get_name (library), ==, "Bandes dessin\xef\xbf\xbd" "es");

  found = bindery_catalog_find_library (fixture->catalog, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bindery_library_get_path (found), ==, path);
}

static void
test_list_and_find (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *zeta = catalog_test_dir_mkdir (fixture->dir, "zeta");
  g_autofree char *alpha = catalog_test_dir_mkdir (fixture->dir, "Alpha");
  g_autofree char *digits = catalog_test_dir_mkdir (fixture->dir, "2024");
  g_autofree char *alpha_slash = g_strconcat (alpha, "/", NULL);
  g_autoptr(BinderyLibrary) lz = add_ok (fixture, zeta, NULL);
  g_autoptr(BinderyLibrary) la = add_ok (fixture, alpha, NULL);
  g_autoptr(BinderyLibrary) ld = add_ok (fixture, digits, NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, bindery_library_get_id (lz));
  g_autofree char *cwd = g_get_current_dir ();
  struct {
    const char *spec;
    BinderyLibrary *expected;
  } cases[] = {
    { id_text, lz },
    { "Alpha", la },
    { alpha, la },
    { alpha_slash, la },
    { "2024", ld },          /* no library has id 2024: the name */
  };

  all = bindery_catalog_list_libraries (fixture->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (bindery_library_get_name (all->pdata[0]), ==, "2024");
  g_assert_cmpstr (bindery_library_get_name (all->pdata[1]), ==, "Alpha");
  g_assert_cmpstr (bindery_library_get_name (all->pdata[2]), ==, "zeta");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BinderyLibrary) found = bindery_catalog_find_library (fixture->catalog, cases[i].spec, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bindery_library_get_id (found), ==, bindery_library_get_id (cases[i].expected));
    }

  /* A relative path, from the current folder */
  g_assert_cmpint (g_chdir (fixture->dir->path), ==, 0);
  {
    g_autoptr(BinderyLibrary) found = bindery_catalog_find_library (fixture->catalog, "./zeta", &error);
    g_assert_cmpint (g_chdir (cwd), ==, 0);
    g_assert_no_error (error);
    g_assert_cmpint (bindery_library_get_id (found), ==, bindery_library_get_id (lz));
  }

  /* Names match exactly. */
  g_assert_null (bindery_catalog_find_library (fixture->catalog, "alpha", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "alpha"));
  g_clear_error (&error);
  g_assert_null (bindery_catalog_find_library (fixture->catalog, "99", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (bindery_catalog_find_library (fixture->catalog, "", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_options (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autoptr(BinderyLibrary) library = add_ok (fixture, path, NULL);
  g_autoptr(BinderyLibrary) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;
  static const struct {
    const char *key;
    const char *value;
  } good[] = {
    { "scan-mode", "sync" },
    { "thumbnails", "false" },
    { "thumbnail-height", "64" },
    { "thumbnail-height", "2000" },
    { "thumbnail-quality", "1" },
    { "thumbnail-quality", "95" },
    { "ignore", " extras/** , *.tmp,,Scans " },
    { "deep-scan", "true" },
    { "verify-data", "true" },
    { "watch", "false" },
  }, bad[] = {
    { "scan-mode", "fast" },
    { "scan-mode", "" },
    { "thumbnails", "yes please" },
    { "thumbnails", "TRUE " },
    { "thumbnail-height", "63" },
    { "thumbnail-height", "2001" },
    { "thumbnail-height", "400px" },
    { "thumbnail-height", "-400" },
    { "thumbnail-quality", "0" },
    { "thumbnail-quality", "101" },
    { "thumbnail-quality", "" },
    { "ignore", "/etc/**" },
    { "deep-scan", "1" },
    { "verify-data", "yes" },
    { "watch", "sometimes" },
    { "colour", "blue" },
  };

  g_signal_connect (library, "notify", G_CALLBACK (count_notify), &notified);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (bindery_library_set_option (library, good[i].key, good[i].value, &error));
      g_assert_no_error (error);
    }
  /* one notification per change (height and quality changed twice) */
  g_assert_cmpuint (notified, ==, G_N_ELEMENTS (good));

  notified = 0;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (bindery_library_set_option (library, bad[i].key, bad[i].value, &error));
      g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i].key));
      g_clear_error (&error);
    }
  g_assert_cmpuint (notified, ==, 0);

  /* An unknown key lists the valid ones. */
  g_assert_false (bindery_library_set_option (library, "colour", "blue", &error));
  g_assert_nonnull (strstr (error->message, "thumbnail-quality"));
  g_assert_nonnull (strstr (error->message, "deep-scan"));
  g_clear_error (&error);

  /* Setting the same value again notifies nothing. */
  g_assert_true (bindery_library_set_option (library, "scan-mode", "sync", &error));
  g_assert_cmpuint (notified, ==, 0);

  g_assert_true (bindery_library_save (library, fixture->catalog, &error));
  g_assert_no_error (error);

  reloaded = bindery_catalog_get_library (fixture->catalog, bindery_library_get_id (library), &error);
  g_assert_no_error (error);
  g_assert_cmpint (bindery_library_get_scan_mode (reloaded), ==, BINDERY_SCAN_MODE_SYNC);
  g_assert_false (bindery_library_get_thumbnails (reloaded));
  g_assert_cmpuint (bindery_library_get_thumbnail_height (reloaded), ==, 2000);
  g_assert_cmpuint (bindery_library_get_thumbnail_quality (reloaded), ==, 95);
  g_assert_true (bindery_library_get_deep_scan (reloaded));
  {
    const char * const expected[] = { "extras/**", "*.tmp", "Scans", NULL };
    g_assert_true (g_strv_equal (bindery_library_get_ignore (reloaded), expected));
  }

  /* The conversion options: off by default, set from text, kept by a save. */
  {
    g_autoptr(BinderyLibrary) again = NULL;

    g_assert_false (bindery_library_get_convert_after_scan (reloaded));
    g_assert_false (bindery_library_get_delete_converted_originals (reloaded));
    g_assert_false (bindery_library_set_option (reloaded, "convert-after-scan", "yes", &error));
    g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (bindery_library_set_option (reloaded, "convert-after-scan", "true", &error));
    g_assert_true (bindery_library_set_option (reloaded, "delete-converted-originals", "true", &error));
    g_assert_true (bindery_library_save (reloaded, fixture->catalog, &error));
    g_assert_no_error (error);
    again = bindery_catalog_get_library (fixture->catalog, bindery_library_get_id (reloaded), &error);
    g_assert_no_error (error);
    g_assert_true (bindery_library_get_convert_after_scan (again));
    g_assert_true (bindery_library_get_delete_converted_originals (again));
  }

  /* An empty value clears the ignore list. */
  g_assert_true (bindery_library_set_option (reloaded, "ignore", "", &error));
  g_assert_cmpuint (g_strv_length ((char **) bindery_library_get_ignore (reloaded)), ==, 0);

  /* The properties are the options (what the app binds to). */
  {
    guint height = 0;
    int mode = -1;
    g_object_get (library, "thumbnail-height", &height, "scan-mode", &mode, NULL);
    g_assert_cmpuint (height, ==, 2000);
    g_assert_cmpint (mode, ==, BINDERY_SCAN_MODE_SYNC);
    notified = 0;
    g_object_set (library, "thumbnail-height", 300, NULL);
    g_assert_cmpuint (notified, ==, 1);
    g_assert_cmpuint (bindery_library_get_thumbnail_height (library), ==, 300);
  }

  {
    guint n = 0;
    const BinderyLibraryOptionInfo *info = bindery_library_get_option_info (&n);
    g_autoptr(JsonObject) options = bindery_library_dup_options (library);

    /* every documented option shows up in the JSON */
    g_assert_cmpuint (n, ==, 10);
    for (guint i = 0; i < n; i++)
      g_assert_true (json_object_has_member (options, info[i].key));
    g_assert_cmpuint (json_object_get_size (options), ==, n);
  }
}

static void
test_options_stored (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autoptr(BinderyLibrary) library = add_ok (fixture, path, NULL);
  g_autoptr(BinderyLibrary) reloaded = NULL;
  g_autoptr(BinderyLibrary) again = NULL;
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(GError) error = NULL;

  /* A newer Bindery's key survives a save; bad stored values fall back to defaults. */
  exec_ok (fixture->catalog,
           "UPDATE libraries SET options = '{\"watch\": true, \"thumbnail-height\": 5,"
           " \"thumbnail-quality\": 70, \"scan-mode\": 3}'");
  reloaded = bindery_catalog_get_library (fixture->catalog, bindery_library_get_id (library), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bindery_library_get_thumbnail_height (reloaded), ==, 400);
  g_assert_cmpuint (bindery_library_get_thumbnail_quality (reloaded), ==, 70);
  g_assert_cmpint (bindery_library_get_scan_mode (reloaded), ==, BINDERY_SCAN_MODE_BATCHED);

  g_assert_true (bindery_library_set_option (reloaded, "deep-scan", "true", &error));
  g_assert_true (bindery_library_save (reloaded, fixture->catalog, &error));
  g_assert_no_error (error);

  again = bindery_catalog_get_library (fixture->catalog, bindery_library_get_id (library), &error);
  options = bindery_library_dup_options (again);
  g_assert_true (json_object_get_boolean_member (options, "watch"));
  g_assert_true (json_object_get_boolean_member (options, "deep-scan"));

  /* Garbage in the column: defaults, no crash */
  exec_ok (fixture->catalog, "UPDATE libraries SET options = 'not json ['");
  g_clear_object (&again);
  again = bindery_catalog_get_library (fixture->catalog, bindery_library_get_id (library), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bindery_library_get_thumbnail_height (again), ==, 400);
}

static void
test_state (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = catalog_test_dir_mkdir (fixture->dir, "Comics");
  g_autoptr(BinderyLibrary) library = add_ok (fixture, path, NULL);
  g_autoptr(BinderyLibrary) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = bindery_library_get_id (library);

  g_assert_true (bindery_catalog_set_library_state (fixture->catalog, id, "unavailable", &error));
  g_assert_no_error (error);
  reloaded = bindery_catalog_get_library (fixture->catalog, id, &error);
  g_assert_cmpstr (bindery_library_get_state (reloaded), ==, "unavailable");

  g_assert_false (bindery_catalog_set_library_state (fixture->catalog, id, "gone", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bindery_catalog_set_library_state (fixture->catalog, id + 1, "ready", &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
}

/* Two libraries with series, books, metadata, thumbnails and jobs. */
static void
populate (Fixture *fixture,
          gint64   a,
          gint64   b)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO series (id, library_id, rel_path, name) VALUES (1, %1$" G_GINT64_FORMAT ", X'', 'A'),"
    "  (2, %2$" G_GINT64_FORMAT ", X'', 'B');"
    "INSERT INTO books (id, library_id, series_id, rel_path, name) VALUES"
    "  (10, %1$" G_GINT64_FORMAT ", 1, CAST('one.cbz' AS BLOB), 'one.cbz'),"
    "  (11, %1$" G_GINT64_FORMAT ", 1, CAST('two.cbz' AS BLOB), 'two.cbz'),"
    "  (20, %2$" G_GINT64_FORMAT ", 2, CAST('three.cbz' AS BLOB), 'three.cbz');"
    "INSERT INTO book_metadata (book_id, json) VALUES (10, '{}'), (20, '{}');"
    "INSERT INTO book_metadata_lists (book_id, field, position, value) VALUES (10, 'Writer', 0, 'W'), (20, 'Writer', 0, 'W');"
    "INSERT INTO thumbnails (book_id, cache_key, path) VALUES (10, 'k10', 'ab/k10.webp'),"
    "  (11, 'k11', '../escape.webp'), (20, 'k20', 'ab/k20.webp');"
    "INSERT INTO jobs (id, type, library_id, state) VALUES (1, 'scan', %1$" G_GINT64_FORMAT ", 'completed');"
    "INSERT INTO job_logs (job_id, time, level, message) VALUES (1, 0, 'info', 'x');",
    a, b);

  exec_ok (fixture->catalog, sql);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path_a = catalog_test_dir_mkdir (fixture->dir, "A");
  g_autofree char *path_b = catalog_test_dir_mkdir (fixture->dir, "B");
  g_autofree char *thumbs = catalog_test_dir_mkdir (fixture->dir, "cache/thumbnails/ab");
  g_autofree char *thumb_dir = g_build_filename (fixture->dir->path, "cache", "thumbnails", NULL);
  g_autofree char *book = g_build_filename (path_a, "one.cbz", NULL);
  g_autofree char *t10 = g_build_filename (thumbs, "k10.webp", NULL);
  g_autofree char *t20 = g_build_filename (thumbs, "k20.webp", NULL);
  g_autofree char *escape = g_build_filename (fixture->dir->path, "cache", "escape.webp", NULL);
  g_autoptr(BinderyLibrary) a = add_ok (fixture, path_a, NULL);
  g_autoptr(BinderyLibrary) b = add_ok (fixture, path_b, NULL);
  g_autoptr(GError) error = NULL;

  populate (fixture, bindery_library_get_id (a), bindery_library_get_id (b));
  g_assert_true (g_file_set_contents (book, "PK", 2, NULL));
  g_assert_true (g_file_set_contents (t10, "RIFF", 4, NULL));
  g_assert_true (g_file_set_contents (t20, "RIFF", 4, NULL));
  g_assert_true (g_file_set_contents (escape, "keep", 4, NULL));

  g_assert_true (bindery_catalog_remove_library (fixture->catalog, bindery_library_get_id (a), thumb_dir, &error));
  g_assert_no_error (error);

  /* Its rows are gone, the other library's stay. */
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM libraries"), ==, 1);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM series"), ==, 1);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM books"), ==, 1);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM book_metadata"), ==, 1);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM book_metadata_lists"), ==, 1);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM thumbnails"), ==, 1);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM jobs"), ==, 0);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM job_logs"), ==, 0);

  /* Its thumbnails are gone; the other's, a path escaping the cache and the books stay. */
  g_assert_false (g_file_test (t10, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (t20, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (escape, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (book, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (path_a, G_FILE_TEST_IS_DIR));

  g_assert_false (bindery_catalog_remove_library (fixture->catalog, bindery_library_get_id (a), thumb_dir, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Without a thumbnail dir, only rows */
  g_assert_true (bindery_catalog_remove_library (fixture->catalog, bindery_library_get_id (b), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (t20, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM books"), ==, 0);
}

static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *old_path = catalog_test_dir_mkdir (fixture->dir, "mnt/usb/Comics");
  g_autofree char *new_path = catalog_test_dir_mkdir (fixture->dir, "media/disk/Comics");
  g_autofree char *new_given = g_strconcat (new_path, "/", NULL);
  g_autofree char *other_path = catalog_test_dir_mkdir (fixture->dir, "Manga");
  g_autofree char *inside_other = catalog_test_dir_mkdir (fixture->dir, "Manga/Seinen");
  g_autofree char *missing = g_build_filename (fixture->dir->path, "unplugged", NULL);
  g_autoptr(BinderyLibrary) library = add_ok (fixture, old_path, NULL);
  g_autoptr(BinderyLibrary) other = add_ok (fixture, other_path, NULL);
  g_autoptr(BinderyLibrary) moved = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = bindery_library_get_id (library);
  gint64 n_series = -1, n_books = -1;

  populate (fixture, id, bindery_library_get_id (other));

  g_assert_true (bindery_catalog_move_library (fixture->catalog, id, new_given, &error));
  g_assert_no_error (error);
  moved = bindery_catalog_get_library (fixture->catalog, id, &error);
  g_assert_cmpstr (bindery_library_get_path (moved), ==, new_path);
  g_assert_cmpstr (bindery_library_get_name (moved), ==, "Comics");

  /* Books keep their ids, metadata and thumbnails. */
  g_assert_true (bindery_catalog_count_library (fixture->catalog, id, &n_series, &n_books, &error));
  g_assert_cmpint (n_series, ==, 1);
  g_assert_cmpint (n_books, ==, 2);
  g_assert_cmpint (count_rows (fixture->catalog,
                               "SELECT count(*) FROM books b JOIN thumbnails t ON t.book_id = b.id"
                               " WHERE b.id IN (10, 11)"), ==, 2);
  g_assert_cmpint (count_rows (fixture->catalog, "SELECT count(*) FROM book_metadata WHERE book_id = 10"), ==, 1);

  /* The old folder is free again. */
  {
    g_autoptr(BinderyLibrary) fresh = NULL;
    fresh = add_ok (fixture, old_path, "Old");
  }

  /* Bad targets change nothing. */
  g_assert_false (bindery_catalog_move_library (fixture->catalog, id, missing, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);
  g_assert_false (bindery_catalog_move_library (fixture->catalog, id, other_path, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (bindery_catalog_move_library (fixture->catalog, id, inside_other, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bindery_catalog_move_library (fixture->catalog, 999, new_path, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_object (&moved);
  moved = bindery_catalog_get_library (fixture->catalog, id, &error);
  g_assert_cmpstr (bindery_library_get_path (moved), ==, new_path);

  /* Moving onto its own folder (a subfolder of itself is nesting with nobody) is fine. */
  g_assert_true (bindery_catalog_move_library (fixture->catalog, id, new_path, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/catalog/library/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("add", test_add);
  ADD ("add-collection", test_add_collection_pattern);
  ADD ("add-bad-input", test_add_bad_input);
  ADD ("unique-names", test_unique_names);
  ADD ("nested", test_nested);
  ADD ("symlink-alias", test_symlink_alias);
  ADD ("non-utf8-path", test_non_utf8_path);
  ADD ("list-find", test_list_and_find);
  ADD ("options", test_options);
  ADD ("options-stored", test_options_stored);
  ADD ("state", test_state);
  ADD ("remove", test_remove);
  ADD ("move", test_move);

#undef ADD

  return g_test_run ();
}
