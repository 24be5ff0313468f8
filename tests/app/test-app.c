/* test-app.c: the application in-process: the window's empty state, and library
 * preferences that reach the catalog and the next scan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "app-test-util.h"
#include "bindery-application.h"
#include "bindery-facet-list.h"
#include "bindery-jobs-panel.h"
#include "bindery-library-preferences.h"
#include "bindery-scan-job.h"
#include "bindery-thumbnail-job.h"
#include "bindery-window.h"

typedef void (*AppTestBody) (BinderyApplication *app,
                             const char         *data_dir);

typedef struct {
  AppTestBody body;
  char       *data_dir;
} RunData;

static void
run_body (BinderyApplication *app,
          RunData            *run)
{
  run->body (app, run->data_dir);

  /* Close every window so the application finishes. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_quit (G_APPLICATION (app));
}

static void
on_activate (BinderyApplication *app,
             RunData            *run)
{
  /* The application has made and shown its window by now (its own handler ran first). */
  run_body (app, run);
}

typedef void (*AppTestPrepare) (const char *data_dir);

/* prepare (may be NULL) runs on the data dir before the application starts. */
static void
run_in_app_full (AppTestBody    body,
                 AppTestPrepare prepare)
{
  g_autoptr(BinderyApplication) app = NULL;
  RunData run = { body, app_test_make_tmp_dir ("bindery-app-test") };
  char *argv[] = { (char *) "bindery-test", NULL };

  if (prepare != NULL)
    prepare (run.data_dir);
  g_setenv ("BINDERY_DATA_DIR", run.data_dir, TRUE);
  app = bindery_application_new ();
  /* Each test process is its own instance, whatever else is on the bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);

  app_test_rm_rf (run.data_dir);
  g_free (run.data_dir);
}

static void
run_in_app (AppTestBody body)
{
  run_in_app_full (body, NULL);
}

/* --- the window opens on the empty state ------------------------------------------------ */

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
empty_state_body (BinderyApplication *app,
                  const char         *data_dir)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *button;

  g_assert_true (BINDERY_IS_WINDOW (window));
  app_test_wait_until (window_mapped, window, 30);
  app_test_flush ();

  g_assert_false (bindery_application_is_read_only (app));
  g_assert_cmpstr (bindery_window_get_page_name (BINDERY_WINDOW (window)), ==, "empty");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "add-folder"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "remove-library"));

  button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_WINDOW, "empty_add_button"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.add-folder");

  /* The catalog was made with the data dir. */
  {
    g_autofree char *catalog = g_build_filename (data_dir, "catalog.sqlite", NULL);

    g_assert_true (g_file_test (catalog, G_FILE_TEST_IS_REGULAR));
  }
}

static void
test_empty_state (void)
{
  run_in_app (empty_state_body);
}

/* --- a preference change reaches the catalog and the next scan uses it -------------------- */

static gboolean
job_finished (gpointer data)
{
  return bindery_job_state_is_finished (bindery_job_get_state (BINDERY_JOB (data)));
}

static gboolean
queue_idle (gpointer data)
{
  return !bindery_job_queue_is_busy (BINDERY_JOB_QUEUE (data));
}

static gint64
count_rows (BinderyCatalog *catalog,
            const char     *sql,
            gint64          library_id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, sql, &error);
  gint64 n = -1;

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, library_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static GObject *
prefs_child (BinderyLibraryPreferences *prefs,
             const char                *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (prefs), BINDERY_TYPE_LIBRARY_PREFERENCES, name);

  g_assert_nonnull (child);
  return child;
}

static void
preferences_body (BinderyApplication *app,
                  const char         *data_dir)
{
  g_autofree char *fixture = app_test_fixture ("library");
  g_autofree char *copy = NULL;
  g_autoptr(BinderyLibrary) added = NULL;
  g_autoptr(BinderyLibrary) stored = NULL;
  g_autoptr(BinderyCatalog) reader = NULL;
  g_autoptr(BinderyJob) scan = NULL;
  g_autoptr(GError) error = NULL;
  BinderyLibraryPreferences *prefs;
  BinderyLibrary *library;
  BinderyJobQueue *queue = bindery_application_get_queue (app);
  GObject *add_ignore;
  gint64 id;

  if (fixture == NULL)
    return;
  copy = g_build_filename (data_dir, "library", NULL);
  app_test_copy_tree (fixture, copy);

  /* A registered library, not scanned yet. */
  added = bindery_catalog_add_library (bindery_application_get_write_catalog (app), copy, NULL,
                                       BINDERY_LIBRARY_PATTERN_SERIES, &error);
  g_assert_no_error (error);
  id = bindery_library_get_id (added);
  bindery_application_reload_libraries (app);
  library = bindery_application_find_library (app, id);
  g_assert_nonnull (library);

  /* Change the options through the preference rows, as a user does. */
  prefs = bindery_library_preferences_new (app, library);
  gtk_window_present (GTK_WINDOW (prefs));
  app_test_flush ();

  add_ignore = prefs_child (prefs, "add_ignore_row");
  gtk_editable_set_text (GTK_EDITABLE (add_ignore), "Saga");
  g_signal_emit_by_name (add_ignore, "apply");
  gtk_switch_set_active (GTK_SWITCH (prefs_child (prefs, "deep_scan_switch")), TRUE);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (prefs_child (prefs, "thumbnails_row")), FALSE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (prefs_child (prefs, "size_row")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (prefs_child (prefs, "quality_spin")), 55);
  adw_combo_row_set_selected (ADW_COMBO_ROW (prefs_child (prefs, "scan_mode_row")), 1);
  app_test_flush ();

  /* They are in the catalog, read through another connection. */
  {
    g_autofree char *path = g_build_filename (data_dir, "catalog.sqlite", NULL);

    reader = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
  }
  stored = bindery_catalog_get_library (reader, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bindery_library_get_ignore (stored));
  g_assert_true (g_strv_contains (bindery_library_get_ignore (stored), "Saga"));
  g_assert_true (bindery_library_get_deep_scan (stored));
  g_assert_false (bindery_library_get_thumbnails (stored));
  g_assert_cmpuint (bindery_library_get_thumbnail_height (stored), ==, 200);
  g_assert_cmpuint (bindery_library_get_thumbnail_quality (stored), ==, 55);
  g_assert_cmpint (bindery_library_get_scan_mode (stored), ==, BINDERY_SCAN_MODE_SYNC);

  /* The next scan ignores Saga, reads the rest and, covers being off, makes none. */
  scan = bindery_application_scan_library (app, id, NULL, &error);
  g_assert_no_error (error);
  app_test_wait_until (job_finished, scan, 120);
  g_assert_cmpint (bindery_job_get_state (scan), ==, BINDERY_JOB_STATE_COMPLETED);
  app_test_wait_until (queue_idle, queue, 120);
  g_assert_cmpint (count_rows (reader, "SELECT COUNT(*) FROM books WHERE library_id = ? "
                                       "AND CAST(rel_path AS TEXT) LIKE 'Saga/%'", id), ==, 0);
  g_assert_cmpint (count_rows (reader, "SELECT COUNT(*) FROM books WHERE library_id = ? "
                                       "AND CAST(rel_path AS TEXT) LIKE 'Batman (2016)/%'", id), ==, 2);
  g_assert_cmpint (count_rows (reader, "SELECT COUNT(*) FROM thumbnails", 0), ==, 0);
  {
    g_autoptr(JsonObject) report = bindery_job_dup_report (scan);

    g_assert_nonnull (report);
    g_assert_true (json_object_get_boolean_member_with_default (report, "deep", FALSE));
    g_assert_cmpstr (json_object_get_string_member_with_default (report, "mode", ""), ==, "sync");
  }

  /* A cover job made now uses the quality chosen in the window. */
  {
    g_autoptr(BinderyJob) covers = bindery_thumbnail_job_new_for_library (id, FALSE);
    g_autoptr(BinderyJob) queued = bindery_application_push_job (app, covers);

    app_test_wait_until (job_finished, queued, 120);
    g_assert_cmpint (count_rows (reader, "SELECT COUNT(*) FROM thumbnails", 0), >, 0);
    g_assert_cmpint (count_rows (reader, "SELECT COUNT(*) FROM thumbnails WHERE quality != 55", 0), ==, 0);
  }

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_preferences_reach_scan (void)
{
  run_in_app (preferences_body);
}

/* --- browsing: gallery, search, filters, facets ------------------------------------------- */

typedef struct {
  BinderyWindow *window;
  const char    *page;
  guint          n_items;
} PageWait;

static gboolean
page_reached (gpointer data)
{
  PageWait *wait = data;
  GListModel *model = bindery_window_get_gallery_model (wait->window);

  return g_strcmp0 (bindery_window_get_page_name (wait->window), wait->page) == 0 &&
         g_list_model_get_n_items (model) == wait->n_items;
}

static void
wait_for_page (BinderyWindow *window,
               const char    *page,
               guint          n_items)
{
  PageWait wait = { window, page, n_items };

  app_test_wait_until (page_reached, &wait, 120);
}

/* From fixtures/manifest.json: the series-based library's series, its books, and the
 * books whose path contains needle (case-insensitive). */
static void
manifest_counts (const char *needle,
                 guint      *n_series,
                 guint      *n_books,
                 guint      *n_matching)
{
  g_autofree char *path = app_test_fixture ("manifest.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folded_needle = g_utf8_casefold (needle, -1);
  JsonArray *series;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  series = json_object_get_array_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                        "library"),
                                         "series_based");
  *n_series = json_array_get_length (series);
  *n_books = *n_matching = 0;
  for (guint i = 0; i < *n_series; i++)
    {
      JsonArray *books = json_object_get_array_member (json_array_get_object_element (series, i), "books");

      for (guint b = 0; b < json_array_get_length (books); b++)
        {
          g_autofree char *folded = g_utf8_casefold (json_array_get_string_element (books, b), -1);

          (*n_books)++;
          *n_matching += strstr (folded, folded_needle) != NULL;
        }
    }
}

static void
activate_win (GtkWindow  *window,
              const char *action,
              GVariant   *parameter)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), action, parameter);
}

static void
browse_body (BinderyApplication *app,
             const char         *data_dir)
{
  g_autofree char *fixture = app_test_fixture ("library");
  g_autofree char *copy = NULL;
  g_autoptr(GFile) folder = NULL;
  BinderyWindow *window = BINDERY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  GtkEditable *search;
  guint n_series, n_books, n_saga;

  if (fixture == NULL)
    return;
  manifest_counts ("saga", &n_series, &n_books, &n_saga);
  copy = g_build_filename (data_dir, "library", NULL);
  app_test_copy_tree (fixture, copy);

  /* Add the folder as the Add Folder button and a drop do; the library is selected and
   * its series fill the gallery as the scan writes them. */
  folder = g_file_new_for_path (copy);
  bindery_window_add_folder (window, folder);
  wait_for_page (window, "grid", n_series);
  app_test_wait_until (queue_idle, bindery_application_get_queue (app), 120);
  bindery_application_flush_changes (app);
  wait_for_page (window, "grid", n_series);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "remove-library"));

  /* Every book. */
  activate_win (GTK_WINDOW (window), "show-view", g_variant_new_string ("all-books"));
  wait_for_page (window, "grid", n_books);

  /* Search (title, file name, series, writer), then clear it. */
  search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_WINDOW, "search_entry"));
  activate_win (GTK_WINDOW (window), "search", NULL);
  gtk_editable_set_text (search, "SAGA");
  wait_for_page (window, "grid", n_saga);
  gtk_editable_set_text (search, "no book is called this");
  wait_for_page (window, "no-results", 0);
  gtk_editable_set_text (search, "");
  wait_for_page (window, "grid", n_books);

  /* The fixture library has no book in error: the filter empties the gallery. */
  activate_win (GTK_WINDOW (window), "status-filter", g_variant_new_string ("error"));
  wait_for_page (window, "no-results", 0);
  activate_win (GTK_WINDOW (window), "status-filter", g_variant_new_string ("all"));
  wait_for_page (window, "grid", n_books);
  activate_win (GTK_WINDOW (window), "sort", g_variant_new_string ("date-added"));
  wait_for_page (window, "grid", n_books);

  /* Writers: a facet list; B. K. Vaughan wrote the two Saga books (manifest). */
  activate_win (GTK_WINDOW (window), "show-view", g_variant_new_string ("writer"));
  app_test_flush ();
  g_assert_cmpstr (bindery_window_get_page_name (window), ==, "facets");
  {
    GListModel *writers = bindery_window_get_gallery_model (window);
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (writers); i++)
      {
        g_autoptr(BinderyFacetItem) item = g_list_model_get_item (writers, i);

        if (g_str_equal (bindery_facet_item_get_value (item), "B. K. Vaughan"))
          {
            g_assert_cmpuint (bindery_facet_item_get_count (item), ==, n_saga);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
}

static void
test_browse (void)
{
  run_in_app (browse_body);
}

/* --- a narrow window folds the sidebar away and navigates -------------------------------- */

typedef struct {
  AdwLeaflet *leaflet;
  gboolean    folded;
} FoldWait;

static gboolean
fold_reached (gpointer data)
{
  FoldWait *wait = data;

  return adw_leaflet_get_folded (wait->leaflet) == wait->folded;
}

static GtkWidget *
window_child (BinderyWindow *window,
              const char    *name)
{
  GtkWidget *child = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_WINDOW, name));

  g_assert_nonnull (child);
  return child;
}

static void
narrow_body (BinderyApplication *app,
             const char         *data_dir)
{
  g_autofree char *fixture = app_test_fixture ("library");
  g_autofree char *copy = NULL;
  g_autoptr(GFile) folder = NULL;
  BinderyWindow *window = BINDERY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  AdwLeaflet *leaflet = ADW_LEAFLET (window_child (window, "leaflet"));
  GtkWidget *sidebar = window_child (window, "sidebar_box");
  GtkWidget *content = window_child (window, "content_box");
  GtkListBox *sidebar_list = GTK_LIST_BOX (window_child (window, "sidebar_list"));
  FoldWait folded = { leaflet, TRUE };
  FoldWait unfolded = { leaflet, FALSE };
  guint n_series, n_books, n_saga;

  if (fixture == NULL)
    return;
  manifest_counts ("saga", &n_series, &n_books, &n_saga);
  copy = g_build_filename (data_dir, "library", NULL);
  app_test_copy_tree (fixture, copy);
  app_test_wait_until (window_mapped, window, 30);

  /* About a phone's width: the sidebar alone, with the window's buttons. */
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 700);
  app_test_wait_until (fold_reached, &folded, 30);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar);

  /* A folder added shows its library, with a way back. */
  folder = g_file_new_for_path (copy);
  bindery_window_add_folder (window, folder);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == content);
  g_assert_true (gtk_widget_get_visible (window_child (window, "back_button")));
  wait_for_page (window, "grid", n_series);

  activate_win (GTK_WINDOW (window), "back", NULL);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar);

  /* Activating a sidebar row (All Books) goes to its gallery. */
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar_list, 1)));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == content);
  wait_for_page (window, "grid", n_books);

  /* Wide again: both side by side, no back button at the top level. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  app_test_wait_until (fold_reached, &unfolded, 30);
  app_test_flush ();
  g_assert_false (gtk_widget_get_visible (window_child (window, "back_button")));
  app_test_wait_until (queue_idle, bindery_application_get_queue (app), 120);
}

static void
test_narrow (void)
{
  run_in_app (narrow_body);
}

/* --- closing the window while a job runs ------------------------------------------------ */

/* A job that runs until the test opens its gate (or it is cancelled or paused). */
#define TEST_TYPE_GATE_JOB (test_gate_job_get_type ())
G_DECLARE_FINAL_TYPE (TestGateJob, test_gate_job, TEST, GATE_JOB, BinderyJob)

struct _TestGateJob
{
  BinderyJob parent_instance;

  GMutex     lock;
  GCond      cond;
  gboolean   open;
};

G_DEFINE_FINAL_TYPE (TestGateJob, test_gate_job, BINDERY_TYPE_JOB)

static gboolean
test_gate_job_run (BinderyJob    *job,
                   GCancellable  *cancellable,
                   GError       **error)
{
  TestGateJob *self = TEST_GATE_JOB (job);
  gboolean open = FALSE;

  bindery_job_set_items (job, 0, 1);
  while (!open)
    {
      /* Blocks while paused, fails once cancelled or interrupted. */
      if (!bindery_job_check (job, error))
        return FALSE;
      g_mutex_lock (&self->lock);
      if (!self->open)
        g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + 20 * G_TIME_SPAN_MILLISECOND);
      open = self->open;
      g_mutex_unlock (&self->lock);
    }
  bindery_job_set_items (job, 1, 1);
  return TRUE;
}

static void
test_gate_job_finalize (GObject *object)
{
  TestGateJob *self = TEST_GATE_JOB (object);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (test_gate_job_parent_class)->finalize (object);
}

static void
test_gate_job_class_init (TestGateJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_gate_job_finalize;
  BINDERY_JOB_CLASS (klass)->type_name = "test-gate";
  BINDERY_JOB_CLASS (klass)->run = test_gate_job_run;
}

static void
test_gate_job_init (TestGateJob *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static void
open_gate (TestGateJob *self)
{
  g_mutex_lock (&self->lock);
  self->open = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
job_running (gpointer data)
{
  return bindery_job_get_state (BINDERY_JOB (data)) == BINDERY_JOB_STATE_RUNNING;
}

static GList *
message_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GList *dialogs = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        dialogs = g_list_prepend (dialogs, window);
    }
  return dialogs;
}

static gboolean
dialog_shown (gpointer data)
{
  g_autoptr(GList) dialogs = message_dialogs ();

  return dialogs != NULL;
}

static gboolean
no_window (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (data)) == NULL;
}

/* Closes the window twice while a job runs: one question, answered with response. */
static AdwMessageDialog *
close_and_ask (BinderyApplication *app,
               BinderyJob         *job)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GList) dialogs = NULL;

  app_test_wait_until (window_mapped, window, 30);
  app_test_wait_until (job_running, job, 30);

  gtk_window_close (window);
  app_test_wait_until (dialog_shown, NULL, 30);
  gtk_window_close (window);
  app_test_flush ();

  dialogs = message_dialogs ();
  g_assert_cmpuint (g_list_length (dialogs), ==, 1);
  g_assert_true (gtk_window_get_transient_for (dialogs->data) == window);
  /* The window waits for the answer. */
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == window ||
                 g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), window) != NULL);
  return dialogs->data;
}

static BinderyJob *close_test_job;

static void
close_stop_body (BinderyApplication *app,
                 const char         *data_dir)
{
  g_autoptr(BinderyJob) gate = g_object_new (TEST_TYPE_GATE_JOB, NULL);
  AdwMessageDialog *dialog;

  close_test_job = bindery_application_push_job (app, gate);
  g_assert_nonnull (close_test_job);
  dialog = close_and_ask (app, close_test_job);

  /* "Stop": the job ends now, interrupted (it resumes at the next start), and the
   * application quits with its window. */
  adw_message_dialog_response (dialog, "stop");
  app_test_wait_until (no_window, app, 30);
  g_assert_cmpint (bindery_job_get_state (close_test_job), ==, BINDERY_JOB_STATE_INTERRUPTED);
  g_assert_false (bindery_application_is_in_background (app));
}

static void
test_close_stop (void)
{
  run_in_app (close_stop_body);
  g_assert_nonnull (close_test_job);
  g_assert_cmpint (bindery_job_get_state (close_test_job), ==, BINDERY_JOB_STATE_INTERRUPTED);
  g_clear_object (&close_test_job);
}

/* A stand-in for the desktop's notification server on the test's session bus, which
 * records the notifications the application sends. */
static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "</interface></node>";

static void
notifications_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  GPtrArray *summaries = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_ptr_array_add (summaries, g_strdup (summary));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", summaries->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(@as [],)"));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

typedef struct {
  GDBusConnection *connection;
  guint            registration;
  guint            owner;
  GPtrArray       *summaries;
} FakeNotifications;

static void
fake_notifications_start (FakeNotifications *fake)
{
  static const GDBusInterfaceVTable vtable = { notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GError) error = NULL;

  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  fake->summaries = g_ptr_array_new_with_free_func (g_free);
  /* Its own connection, as a separate server would have. */
  fake->connection = g_dbus_connection_new_for_address_sync (address,
                                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                             G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                             NULL, NULL, &error);
  g_assert_no_error (error);
  fake->registration = g_dbus_connection_register_object (fake->connection, "/org/freedesktop/Notifications",
                                                          info->interfaces[0], &vtable, fake->summaries, NULL,
                                                          &error);
  g_assert_no_error (error);
  fake->owner = g_bus_own_name_on_connection (fake->connection, "org.freedesktop.Notifications",
                                              G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
}

static void
fake_notifications_stop (FakeNotifications *fake)
{
  g_bus_unown_name (fake->owner);
  g_dbus_connection_unregister_object (fake->connection, fake->registration);
  g_dbus_connection_close_sync (fake->connection, NULL, NULL);
  g_clear_object (&fake->connection);
  g_clear_pointer (&fake->summaries, g_ptr_array_unref);
}

static gboolean
notified (gpointer data)
{
  GPtrArray *summaries = data;

  return summaries->len > 0;
}

static gboolean
not_in_background (gpointer data)
{
  return !bindery_application_is_in_background (BINDERY_APPLICATION (data));
}

static void
close_background_body (BinderyApplication *app,
                       const char         *data_dir)
{
  g_autoptr(BinderyJob) gate = g_object_new (TEST_TYPE_GATE_JOB, NULL);
  g_autoptr(BinderyJob) job = NULL;
  FakeNotifications fake = { NULL, 0, 0, NULL };
  AdwMessageDialog *dialog;

  job = bindery_application_push_job (app, gate);
  g_assert_nonnull (job);
  dialog = close_and_ask (app, job);

  /* "Finish in background": the window goes, the job runs on and the application is
   * held until the queue is idle. */
  adw_message_dialog_response (dialog, "background");
  app_test_wait_until (no_window, app, 30);
  g_assert_true (bindery_application_is_in_background (app));
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_RUNNING);

  /* When it ends, the desktop is told and the application lets go. */
  fake_notifications_start (&fake);
  open_gate (TEST_GATE_JOB (job));
  app_test_wait_until (job_finished, job, 30);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_COMPLETED);
  app_test_wait_until (not_in_background, app, 30);
  app_test_wait_until (notified, fake.summaries, 30);
  g_assert_cmpuint (fake.summaries->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fake.summaries, 0), ==, "Library Work Finished");
  fake_notifications_stop (&fake);
}

static void
test_close_background (void)
{
  run_in_app (close_background_body);
}

/* --- read-only while another process holds the data dir, until it lets go ----------------- */

static BinderyContext *lock_holder;     /* this process, as another owner of the data dir */
static GSubprocess    *lock_process;    /* or a flock(1) process */

/* The other owner made the catalog, as the CLI does. */
static void
make_catalog (const char *data_dir)
{
  g_autoptr(BinderyContext) context = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  context = bindery_context_new (data_dir, &error);
  g_assert_no_error (error);
  catalog = bindery_catalog_open (bindery_context_get_catalog_path (context), BINDERY_CATALOG_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
}

static void
hold_lock_here (const char *data_dir)
{
  g_autoptr(GError) error = NULL;

  make_catalog (data_dir);
  lock_holder = bindery_context_new (data_dir, &error);
  g_assert_no_error (error);
  /* flock() locks belong to open files: the application's own open conflicts. */
  g_assert_true (bindery_context_lock (lock_holder, &error));
  g_assert_no_error (error);
}

static gboolean
writable (gpointer data)
{
  return !bindery_application_is_read_only (BINDERY_APPLICATION (data));
}

static void
assert_read_only_window (BinderyApplication *app,
                         gboolean            read_only)
{
  BinderyWindow *window = BINDERY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  GtkRevealer *banner = GTK_REVEALER (window_child (window, "banner_revealer"));

  app_test_flush ();
  g_assert_cmpint (bindery_application_is_read_only (app), ==, read_only);
  g_assert_cmpint (bindery_application_get_queue (app) == NULL, ==, read_only);
  g_assert_cmpint (gtk_revealer_get_reveal_child (banner), ==, read_only);
  g_assert_cmpint (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "add-folder"), ==, !read_only);
}

static void
lock_unlocked_body (BinderyApplication *app,
                    const char         *data_dir)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(BinderyJob) gate = g_object_new (TEST_TYPE_GATE_JOB, NULL);
  BinderyJob *job;

  app_test_wait_until (window_mapped, window, 30);
  assert_read_only_window (app, TRUE);
  g_assert_nonnull (bindery_application_get_problem (app));

  /* The other owner unlocks (and stays): the application takes the lock. */
  bindery_context_unlock (lock_holder);
  app_test_wait_until (writable, app, 30);
  assert_read_only_window (app, FALSE);
  g_assert_null (bindery_application_get_problem (app));

  /* Jobs run, and the jobs panel shows them. */
  job = bindery_application_push_job (app, gate);
  g_assert_nonnull (job);
  app_test_wait_until (job_running, job, 30);
  {
    GtkWidget *panel = gtk_popover_get_child (GTK_POPOVER (window_child (BINDERY_WINDOW (window), "jobs_popover")));
    GtkListBox *active = bindery_jobs_panel_get_active_list (BINDERY_JOBS_PANEL (panel));

    g_assert_nonnull (gtk_list_box_get_row_at_index (active, 0));
  }
  open_gate (TEST_GATE_JOB (job));
  app_test_wait_until (job_finished, job, 30);
}

static void
test_read_only_until_unlocked (void)
{
  run_in_app_full (lock_unlocked_body, hold_lock_here);
  g_clear_object (&lock_holder);
}

/* A process that holds the lock (flock -o: its child does not) and writes its pid in
 * the lock file, as Bindery does, then waits on its stdin. */
static void
hold_lock_in_process (const char *data_dir)
{
  g_autofree char *lock_path = g_build_filename (data_dir, "lock", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  make_catalog (data_dir);
  lock_process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                   "flock", "-o", lock_path,
                                   "sh", "-c", "echo $PPID > \"$0\"; echo ready; exec cat", lock_path, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (lock_process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
}

static void
lock_killed_body (BinderyApplication *app,
                  const char         *data_dir)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  app_test_wait_until (window_mapped, window, 30);
  assert_read_only_window (app, TRUE);

  /* The holder dies without unlocking (the lock file does not change). */
  g_subprocess_force_exit (lock_process);
  app_test_wait_until (writable, app, 30);
  assert_read_only_window (app, FALSE);
}

static void
test_read_only_until_holder_exits (void)
{
  g_autofree char *flock = g_find_program_in_path ("flock");
  g_autoptr(GError) error = NULL;

  if (flock == NULL)
    {
      g_test_skip ("flock(1) (util-linux) is not installed");
      return;
    }
  run_in_app_full (lock_killed_body, hold_lock_in_process);
  /* Its child (cat) ends with its input. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (lock_process), NULL, NULL);
  g_subprocess_wait (lock_process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&lock_process);
}

/* --- removing a library while it is scanned ------------------------------------------------ */

static void
pause_when_running (BinderyJob *job,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  /* the worker stops at its first check, the scan started and not finished */
  if (bindery_job_get_state (job) == BINDERY_JOB_STATE_RUNNING)
    {
      g_signal_handlers_disconnect_by_func (job, pause_when_running, user_data);
      bindery_job_pause (job);
    }
}

static gboolean
job_paused (gpointer data)
{
  return bindery_job_get_state (BINDERY_JOB (data)) == BINDERY_JOB_STATE_PAUSED;
}

static gboolean
job_waiting (gpointer data)
{
  BinderyJobState state = bindery_job_get_state (BINDERY_JOB (data));

  return state == BINDERY_JOB_STATE_QUEUED || state == BINDERY_JOB_STATE_PAUSED;
}

static void
remove_while_scanning_body (BinderyApplication *app,
                            const char         *data_dir)
{
  g_autofree char *fixture = app_test_fixture ("library");
  g_autofree char *copy = NULL;
  g_autoptr(BinderyLibrary) added = NULL;
  g_autoptr(JsonObject) force = bindery_scan_job_options_new (-1, FALSE, TRUE);
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(BinderyJob) scan = NULL;
  g_autoptr(BinderyJob) queued = NULL;
  g_autoptr(GError) error = NULL;
  BinderyJobQueue *queue = bindery_application_get_queue (app);
  BinderyCatalog *catalog = bindery_application_get_write_catalog (app);
  gint64 id;

  if (fixture == NULL)
    return;
  copy = g_build_filename (data_dir, "library", NULL);
  app_test_copy_tree (fixture, copy);

  /* scanned once: the library has rows */
  added = bindery_application_add_library (app, copy, BINDERY_LIBRARY_PATTERN_SERIES, &error);
  g_assert_no_error (error);
  id = bindery_library_get_id (added);
  app_test_wait_until (queue_idle, queue, 120);
  g_assert_cmpint (count_rows (catalog, "SELECT count(*) FROM books WHERE library_id = ?", id), >, 0);

  /* a rescan, running (held paused), and one more behind it (queued, or paused as well
   * when the queue has a free worker) */
  {
    g_autoptr(BinderyJob) job = bindery_scan_job_new (id, force);
    g_autoptr(BinderyJob) second = bindery_scan_job_new (id, NULL);

    g_signal_connect (job, "notify::state", G_CALLBACK (pause_when_running), NULL);
    scan = g_object_ref (bindery_application_push_job (app, job));
    app_test_wait_until (job_paused, scan, 60);
    g_signal_connect (second, "notify::state", G_CALLBACK (pause_when_running), NULL);
    queued = g_object_ref (bindery_application_push_job (app, second));
    app_test_wait_until (job_waiting, queued, 60);
  }

  g_assert_true (bindery_application_remove_library (app, id, &error));
  g_assert_no_error (error);

  /* both were cancelled, none failed, and no row of the library is left */
  g_assert_cmpint (bindery_job_get_state (scan), ==, BINDERY_JOB_STATE_CANCELLED);
  g_assert_cmpint (bindery_job_get_state (queued), ==, BINDERY_JOB_STATE_CANCELLED);
  app_test_wait_until (queue_idle, queue, 60);
  g_assert_cmpint (count_rows (catalog, "SELECT count(*) FROM jobs WHERE state = 'failed'", 0), ==, 0);
  g_assert_cmpint (count_rows (catalog, "SELECT count(*) FROM job_logs WHERE level = 'error'", 0), ==, 0);
  g_assert_cmpint (count_rows (catalog, "SELECT count(*) FROM libraries WHERE id = ?", id), ==, 0);
  g_assert_cmpint (count_rows (catalog, "SELECT count(*) FROM series WHERE library_id = ?", id), ==, 0);
  g_assert_cmpint (count_rows (catalog, "SELECT count(*) FROM books WHERE library_id = ?", id), ==, 0);
  g_assert_cmpint (count_rows (catalog, "SELECT count(*) FROM jobs WHERE library_id = ?", id), ==, 0);
  g_assert_null (bindery_application_find_library (app, id));

  /* the history says why */
  row = bindery_catalog_get_job (catalog, bindery_job_get_id (scan), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "cancelled");
  g_assert_nonnull (strstr (json_object_get_string_member (row, "error"), "was removed"));
  g_clear_pointer (&row, json_object_unref);
  row = bindery_catalog_get_job (catalog, bindery_job_get_id (queued), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "cancelled");
  g_assert_nonnull (strstr (json_object_get_string_member (row, "error"), "was removed"));
}

static void
test_remove_while_scanning (void)
{
  run_in_app (remove_while_scanning_body);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/window/empty-state", test_empty_state);
  g_test_add_func ("/app/library-preferences/reach-catalog-and-scan", test_preferences_reach_scan);
  g_test_add_func ("/app/window/browse", test_browse);
  g_test_add_func ("/app/window/narrow", test_narrow);
  g_test_add_func ("/app/window/close-while-running/stop", test_close_stop);
  g_test_add_func ("/app/window/close-while-running/background", test_close_background);
  g_test_add_func ("/app/read-only/until-unlocked", test_read_only_until_unlocked);
  g_test_add_func ("/app/read-only/until-holder-exits", test_read_only_until_holder_exits);
  g_test_add_func ("/app/library/remove-while-scanning", test_remove_while_scanning);

  return g_test_run ();
}
