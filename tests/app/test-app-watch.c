/* test-app-watch.c: the app watches its libraries; the sidebar row says watched,
 * polled or not watched, and the library preferences switch it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "app-test-util.h"
#include "bindery-application.h"
#include "bindery-catalog-books.h"
#include "bindery-library-preferences.h"
#include "bindery-library-row.h"
#include "bindery-window.h"

typedef struct {
  BinderyApplication *app;
  char               *data_dir;
} Run;

static void
on_activate (BinderyApplication *app,
             Run                *run);

static void
run_in_app (void (*body) (BinderyApplication *app, const char *data_dir))
{
  g_autoptr(BinderyApplication) app = NULL;
  Run run = { NULL, app_test_make_tmp_dir ("bindery-app-watch") };
  char *argv[] = { (char *) "bindery-test", NULL };

  g_setenv ("BINDERY_DATA_DIR", run.data_dir, TRUE);
  app = bindery_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_object_set_data (G_OBJECT (app), "test-body", body);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);

  app_test_rm_rf (run.data_dir);
  g_free (run.data_dir);
}

static void
on_activate (BinderyApplication *app,
             Run                *run)
{
  void (*body) (BinderyApplication *, const char *) = g_object_get_data (G_OBJECT (app), "test-body");

  body (app, run->data_dir);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_quit (G_APPLICATION (app));
}

typedef struct {
  GtkWindow  *window;
  gint64      library_id;
  const char *prefix;   /* the watch text starts with it */
} RowWait;

static BinderyLibraryRow *
find_row (GtkWindow *window,
          gint64     library_id)
{
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_WINDOW,
                                                               "sidebar_list"));

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (BINDERY_IS_LIBRARY_ROW (child) &&
        bindery_library_get_id (bindery_library_row_get_library (BINDERY_LIBRARY_ROW (child))) == library_id)
      return BINDERY_LIBRARY_ROW (child);
  return NULL;
}

static gboolean
row_says (gpointer data)
{
  RowWait *wait = data;
  BinderyLibraryRow *row = find_row (wait->window, wait->library_id);
  const char *text = row != NULL ? bindery_library_row_get_watch_text (row) : NULL;

  return text != NULL && g_str_has_prefix (text, wait->prefix);
}

static gboolean
is_watching (gpointer data)
{
  RowWait *wait = data;
  BinderyApplication *app = BINDERY_APPLICATION (gtk_window_get_application (wait->window));

  return bindery_application_get_watch_state (app, wait->library_id, NULL) == BINDERY_WATCH_STATE_WATCHING;
}

static gboolean
queue_idle (gpointer data)
{
  return !bindery_job_queue_is_busy (BINDERY_JOB_QUEUE (data));
}

static void
watch_body (BinderyApplication *app,
            const char         *data_dir)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *fixture = app_test_fixture ("library");
  g_autofree char *copy = NULL;
  g_autofree char *book = NULL;
  g_autofree char *src = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(BinderyLibrary) added = NULL;
  g_autoptr(GError) error = NULL;
  BinderyLibraryPreferences *prefs;
  BinderyLibrary *library;
  RowWait wait = { window, 0, NULL };
  gsize len;

  if (fixture == NULL)
    return;
  copy = g_build_filename (data_dir, "library", NULL);
  app_test_copy_tree (fixture, copy);
  added = bindery_application_add_library (app, copy, BINDERY_LIBRARY_PATTERN_SERIES, &error);
  g_assert_no_error (error);
  wait.library_id = bindery_library_get_id (added);
  library = bindery_application_find_library (app, wait.library_id);

  /* watched by default */
  wait.prefix = "Watched";
  app_test_wait_until (row_says, &wait, 60);
  app_test_wait_until (is_watching, &wait, 60);
  app_test_wait_until (queue_idle, bindery_application_get_queue (app), 120);

  g_test_message ("watching");
  /* a book dropped in shows up without a rescan */
  src = app_test_fixture ("comics/Harbor Lights 003.cb7");
  book = g_build_filename (copy, "Saga", "Saga 003.cb7", NULL);
  g_file_get_contents (src, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (book, contents, (gssize) len, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) books = NULL;
    BinderyCatalog *catalog = bindery_application_get_catalog (app);
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    gboolean found = FALSE;

    while (!found)
      {
        g_autoptr(GError) list_error = NULL;
        BinderyBookFilter filter = { .library_id = wait.library_id };
        g_autoptr(JsonArray) array = bindery_catalog_list_books (catalog, &filter, &list_error);

        g_assert_no_error (list_error);
        for (guint i = 0; i < json_array_get_length (array) && !found; i++)
          found = g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), "rel_path"),
                             "Saga/Saga 003.cb7") == 0;
        if (!found)
          {
            g_assert_cmpint (g_get_monotonic_time (), <, deadline);
            g_main_context_iteration (NULL, TRUE);
          }
      }
  }

  g_test_message ("book seen");
  /* switched off in the preferences: saved, not watched */
  prefs = bindery_library_preferences_new (app, library);
  gtk_window_present (GTK_WINDOW (prefs));
  app_test_flush ();
  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                                    BINDERY_TYPE_LIBRARY_PREFERENCES,
                                                                    "watch_switch")), FALSE);
  wait.prefix = "Not watched";
  app_test_wait_until (row_says, &wait, 60);
  {
    g_autoptr(BinderyLibrary) stored = bindery_catalog_get_library (bindery_application_get_catalog (app),
                                                                     wait.library_id, &error);

    g_assert_no_error (error);
    g_assert_false (bindery_library_get_watch (stored));
  }

  g_test_message ("not watched");
  /* on again, with room for one monitor only: polled, and the row says why */
  g_setenv ("BINDERY_WATCH_MAX_MONITORS", "1", TRUE);
  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                                    BINDERY_TYPE_LIBRARY_PREFERENCES,
                                                                    "watch_switch")), TRUE);
  wait.prefix = "Polled";
  app_test_wait_until (row_says, &wait, 60);
  g_assert_nonnull (strstr (bindery_library_row_get_watch_text (find_row (window, wait.library_id)),
                            "watch limit"));
  g_unsetenv ("BINDERY_WATCH_MAX_MONITORS");
  app_test_wait_until (queue_idle, bindery_application_get_queue (app), 120);
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_watch (void)
{
  run_in_app (watch_body);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/window/watch-state", test_watch);
  return g_test_run ();
}
