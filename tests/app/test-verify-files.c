/* test-verify-files.c: Verify Files in the app: the library menu's actions (library, series shown), the book details'
 * button and the library preference, over a library holding a fixture copy whose page data
 * is cut off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "app-test-util.h"
#include "bindery-application.h"
#include "bindery-book-details.h"
#include "bindery-book-item.h"
#include "bindery-library-preferences.h"
#include "bindery-series-item.h"
#include "bindery-window.h"
#include "test-damage.h"

static gboolean
queue_idle (gpointer data)
{
  return !bindery_job_queue_is_busy (BINDERY_JOB_QUEUE (data));
}

static gboolean
page_is_grid (gpointer data)
{
  return g_strcmp0 (bindery_window_get_page_name (data), "grid") == 0;
}

static gint64
query_int (BinderyCatalog *catalog,
           const char     *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, sql, &error);
  gint64 n = -1;

  g_assert_no_error (error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
wait_for_jobs (BinderyApplication *app)
{
  BinderyJobQueue *queue = bindery_application_get_queue (app);

  app_test_flush ();
  app_test_wait_until (queue_idle, queue, 120);
}

static void
verify_body (BinderyApplication *app,
             const char         *data_dir)
{
  g_autofree char *saga001 = app_test_fixture ("library/Saga/Saga 001.cbz");
  g_autofree char *saga002 = app_test_fixture ("library/Saga/Saga 002.cbz");
  g_autofree char *root = g_build_filename (data_dir, "lib", NULL);
  g_autofree char *good_dir = g_build_filename (root, "Good", NULL);
  g_autofree char *bad_dir = g_build_filename (root, "Damaged", NULL);
  g_autofree char *good = g_build_filename (good_dir, "Saga 001.cbz", NULL);
  g_autofree char *bad = g_build_filename (bad_dir, "Cut.cbz", NULL);
  g_autofree char *catalog_path = g_build_filename (data_dir, "catalog.sqlite", NULL);
  BinderyWindow *window = BINDERY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_autoptr(BinderyCatalog) reader = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyBookItem) item = NULL;
  g_autoptr(BinderyLibrary) stored = NULL;
  BinderyLibraryPreferences *prefs;
  BinderyBookDetails *details;
  GtkWidget *details_window;
  char *data;
  gsize len;
  gint64 good_id;

  if (saga001 == NULL)
    return;
  g_assert_cmpint (g_mkdir_with_parents (good_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (bad_dir, 0755), ==, 0);
  g_assert_true (g_file_get_contents (saga001, &data, &len, NULL));
  g_assert_true (g_file_set_contents (good, data, (gssize) len, NULL));
  g_free (data);
  g_assert_true (g_file_get_contents (saga002, &data, &len, NULL));
  g_assert_true (g_file_set_contents (bad, data, (gssize) len, NULL));
  g_free (data);
  test_damage_zip_cut_entry (bad, "002.jpg");

  /* Added and scanned: both books are ready, nothing was verified. */
  folder = g_file_new_for_path (root);
  bindery_window_add_folder (window, folder);
  app_test_wait_until (page_is_grid, window, 120);
  wait_for_jobs (app);
  reader = bindery_catalog_open (catalog_path, BINDERY_CATALOG_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (reader, "SELECT count(*) FROM books WHERE status = 'ready'"), ==, 2);

  /* The library menu's Verify Files: the damaged copy becomes corrupt. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "verify-files"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "verify-series"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "verify-files", NULL);
  wait_for_jobs (app);
  g_assert_cmpint (query_int (reader, "SELECT count(*) FROM jobs WHERE type = 'verify' AND state = 'completed'"
                                      " AND target IS NULL"), ==, 1);
  g_assert_cmpint (query_int (reader, "SELECT json_extract(report, '$.damaged') FROM jobs WHERE type = 'verify'"), ==, 1);
  g_assert_cmpint (query_int (reader, "SELECT count(*) FROM books WHERE status = 'error' AND error_kind = 'corrupt'"
                                      " AND error_message LIKE '%002.jpg%' AND CAST(rel_path AS TEXT) = 'Damaged/Cut.cbz'"),
                   ==, 1);

  /* Verify Files of the Series, with the Damaged series open: that series only. */
  {
    GListModel *model = bindery_window_get_gallery_model (window);
    GtkWidget *grid = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_WINDOW, "grid_view"));
    gint64 series_id = query_int (reader, "SELECT id FROM series WHERE CAST(rel_path AS TEXT) = 'Damaged'");
    g_autofree char *sql = g_strdup_printf ("SELECT json_extract(report, '$.books') FROM jobs WHERE type = 'verify'"
                                            " AND target = 'series:%" G_GINT64_FORMAT "' AND state = 'completed'",
                                            series_id);
    guint position = G_MAXUINT;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GObject) entry = g_list_model_get_item (model, i);

        if (BINDERY_IS_SERIES_ITEM (entry) && bindery_series_item_get_id (BINDERY_SERIES_ITEM (entry)) == series_id)
          position = i;
      }
    g_assert_cmpuint (position, !=, G_MAXUINT);
    g_signal_emit_by_name (grid, "activate", position);
    app_test_flush ();
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "verify-series"));
    g_action_group_activate_action (G_ACTION_GROUP (window), "verify-series", NULL);
    wait_for_jobs (app);
    g_assert_cmpint (query_int (reader, sql), ==, 1);
  }

  /* The book details' Verify Files reads the good book again (forced). */
  good_id = query_int (reader, "SELECT id FROM books WHERE CAST(rel_path AS TEXT) = 'Good/Saga 001.cbz'");
  item = bindery_book_item_load (bindery_application_get_catalog (app), good_id, &error);
  g_assert_no_error (error);
  details = bindery_book_details_new (app, item);
  details_window = GTK_WIDGET (details);
  gtk_window_present (GTK_WINDOW (details_window));
  app_test_flush ();
  g_assert_true (gtk_widget_activate_action (details_window, "details.verify", NULL));
  wait_for_jobs (app);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT json_extract(report, '$.verified') FROM jobs"
                                            " WHERE type = 'verify' AND target = 'books:%" G_GINT64_FORMAT "'"
                                            " AND state = 'completed'", good_id);

    g_assert_cmpint (query_int (reader, sql), ==, 1);
  }
  gtk_window_destroy (GTK_WINDOW (details_window));

  /* The preference: Verify Page Data reaches the catalog. */
  prefs = bindery_library_preferences_new (app, bindery_application_find_library (app,
                                            query_int (reader, "SELECT id FROM libraries")));
  gtk_window_present (GTK_WINDOW (prefs));
  app_test_flush ();
  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (prefs), BINDERY_TYPE_LIBRARY_PREFERENCES,
                                                                    "verify_data_switch")), TRUE);
  app_test_flush ();
  stored = bindery_catalog_get_library (reader, query_int (reader, "SELECT id FROM libraries"), &error);
  g_assert_no_error (error);
  g_assert_true (bindery_library_get_verify_data (stored));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
on_activate (BinderyApplication *app,
             const char         *data_dir)
{
  verify_body (app, data_dir);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_quit (G_APPLICATION (app));
}

static void
test_verify_files (void)
{
  g_autoptr(BinderyApplication) app = NULL;
  g_autofree char *data_dir = app_test_make_tmp_dir ("bindery-app-verify");
  char *argv[] = { (char *) "bindery-test", NULL };

  g_setenv ("BINDERY_DATA_DIR", data_dir, TRUE);
  app = bindery_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), data_dir);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  app_test_rm_rf (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/verify-files/library-book-preference", test_verify_files);
  return g_test_run ();
}
