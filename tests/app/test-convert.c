/* test-convert.c: converting a book from its details page, in the real app under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "bindery-application.h"
#include "bindery-book-details.h"
#include "bindery-job-queue.h"
#include "bindery-thumbnail-cache.h"
#include "bindery-window.h"

typedef struct {
  char *data_dir;
} RunData;

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
queue_idle (gpointer data)
{
  BinderyJobQueue *queue = bindery_application_get_queue (data);

  return queue != NULL && !bindery_job_queue_is_busy (queue);
}

typedef struct {
  BinderyJob *job;        /* the convert job, once queued */
  guint       progress;   /* its progress notifications (items, fraction) */
} Watch;

static void
on_progress (BinderyJob *job,
             GParamSpec *pspec,
             Watch      *watch)
{
  watch->progress++;
}

static void
on_job_added (BinderyJobQueue *queue,
              BinderyJob      *job,
              Watch           *watch)
{
  if (g_strcmp0 (bindery_job_get_type_name (job), "convert") != 0)
    return;
  g_set_object (&watch->job, job);
  g_signal_connect (job, "notify::items-done", G_CALLBACK (on_progress), watch);
  g_signal_connect (job, "notify::fraction", G_CALLBACK (on_progress), watch);
}

static char *
book_text (BinderyCatalog *catalog,
           const char     *column_sql,
           gint64          id)
{
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, column_sql, NULL);
  char *text = NULL;

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

static void
on_activate (BinderyApplication *app,
             RunData            *run)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *fixture = app_test_fixture ("comics/Ultra Quest 001 (2021).cbr");
  g_autofree char *root = g_build_filename (run->data_dir, "Comics", NULL);
  g_autofree char *folder = g_build_filename (root, "Ultra", NULL);
  g_autofree char *book = g_build_filename (folder, "Ultra Quest 001 (2021).cbr", NULL);
  g_autofree char *cbz = g_build_filename (folder, "Ultra Quest 001 (2021).cbz", NULL);
  g_autofree char *format = NULL;
  g_autofree char *rel_path = NULL;
  g_autofree char *cover = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (fixture);
  g_autoptr(GFile) to = g_file_new_for_path (book);
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  BinderyCatalog *catalog;
  Watch watch = { NULL, 0 };
  GtkWindow *details;
  BinderyBookItem *item;
  GAction *convert;
  gint64 id;

  g_assert_true (BINDERY_IS_WINDOW (window));
  app_test_wait_until (window_mapped, window, 30);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_cmpint (g_chmod (book, 0644), ==, 0);

  /* Added, scanned, covers made. */
  library = bindery_application_add_library (app, root, BINDERY_LIBRARY_PATTERN_SERIES, &error);
  g_assert_no_error (error);
  app_test_wait_until (queue_idle, app, 120);
  catalog = bindery_application_get_catalog (app);

  /* The library shown (the sidebar's row after All Series and All Books) has something
   * to convert: the window's menu offers it. */
  {
    GtkListBox *sidebar = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_WINDOW,
                                                                       "sidebar_list"));
    gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar, 2)));
    app_test_flush ();
  }
  convert = g_action_map_lookup_action (G_ACTION_MAP (window), "convert");
  g_assert_nonnull (convert);
  g_assert_true (g_action_get_enabled (convert));

  /* The book's details page: its Convert to CBZ button. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (book);
    g_application_open (G_APPLICATION (app), &file, 1, "");
  }
  app_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (BINDERY_TYPE_BOOK_DETAILS), 60);
  details = find_toplevel (BINDERY_TYPE_BOOK_DETAILS);
  item = bindery_book_details_get_book (BINDERY_BOOK_DETAILS (details));
  id = bindery_book_item_get_id (item);
  g_assert_cmpstr (bindery_book_item_get_format (item), ==, "rar");

  g_signal_connect (bindery_application_get_queue (app), "job-added", G_CALLBACK (on_job_added), &watch);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (details), "details.convert", NULL));
  app_test_wait_until (queue_idle, app, 120);
  g_signal_handlers_disconnect_by_func (bindery_application_get_queue (app), on_job_added, &watch);

  /* The job ran to its end, its row's progress notified. */
  g_assert_nonnull (watch.job);
  g_assert_cmpint (bindery_job_get_state (watch.job), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpuint (bindery_job_get_items_done (watch.job), ==, 1);
  g_assert_cmpuint (bindery_job_get_items_total (watch.job), ==, 1);
  g_assert_cmpfloat (bindery_job_get_fraction (watch.job), ==, 1.0);
  g_assert_cmpuint (watch.progress, >, 0);

  /* The same book on its CBZ, with its cover; the original in the trash. */
  format = book_text (catalog, "SELECT format FROM books WHERE id = ?1", id);
  rel_path = book_text (catalog, "SELECT rel_path FROM books WHERE id = ?1", id);
  g_assert_cmpstr (format, ==, "zip");
  g_assert_cmpstr (rel_path, ==, "Ultra/Ultra Quest 001 (2021).cbz");
  g_assert_true (g_file_test (cbz, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (book, G_FILE_TEST_EXISTS));
  cover = bindery_thumbnail_cache_path_for_book (catalog,
                                                 bindery_context_get_thumbnail_dir (bindery_application_get_context (app)),
                                                 id);
  g_assert_nonnull (cover);
  g_assert_true (g_file_test (cover, G_FILE_TEST_IS_REGULAR));

  /* Nothing left to convert: the menu item goes. */
  g_assert_false (g_action_get_enabled (convert));
  g_clear_object (&watch.job);

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (w);
    }
  g_application_quit (G_APPLICATION (app));
}

static void
test_convert_from_details (void)
{
  g_autoptr(BinderyApplication) app = NULL;
  RunData run = { app_test_make_tmp_dir ("bindery-convert-app") };
  char *argv[] = { (char *) "bindery-test", NULL };

  g_setenv ("BINDERY_DATA_DIR", run.data_dir, TRUE);
  app = bindery_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  app_test_rm_rf (run.data_dir);
  g_free (run.data_dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *xdg = NULL;
  int ret;

  /* The trash: a private one, on the temp dir's file system. */
  xdg = app_test_make_tmp_dir ("bindery-convert-xdg");
  g_setenv ("XDG_DATA_HOME", xdg, TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/convert/from-details", test_convert_from_details);
  ret = g_test_run ();
  app_test_rm_rf (xdg);
  return ret;
}
