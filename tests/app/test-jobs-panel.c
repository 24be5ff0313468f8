/* test-jobs-panel.c: the jobs panel's history tells a clean run from one with problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "app-test-util.h"
#include "bindery-application.h"
#include "bindery-jobs-panel.h"
#include "bindery-window.h"

/* --- a job that reports what its options say ------------------------------------------- */

#define TEST_TYPE_REPORT_JOB (test_report_job_get_type ())
G_DECLARE_FINAL_TYPE (TestReportJob, test_report_job, TEST, REPORT_JOB, BinderyJob)

struct _TestReportJob
{
  BinderyJob parent_instance;
};

G_DEFINE_FINAL_TYPE (TestReportJob, test_report_job, BINDERY_TYPE_JOB)

/* Options: "report" (object, the report to set) and "fail" (boolean: fail instead). */
static gboolean
test_report_job_run (BinderyJob    *job,
                     GCancellable  *cancellable,
                     GError       **error)
{
  JsonObject *options = bindery_job_get_options (job);

  if (json_object_get_boolean_member_with_default (options, "fail", FALSE))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Told to fail");
      return FALSE;
    }
  bindery_job_set_items (job, 1, 1);
  if (json_object_has_member (options, "report"))
    bindery_job_take_report (job, json_object_ref (json_object_get_object_member (options, "report")));
  return TRUE;
}

static void
test_report_job_class_init (TestReportJobClass *klass)
{
  BINDERY_JOB_CLASS (klass)->type_name = "test-report";
  BINDERY_JOB_CLASS (klass)->run = test_report_job_run;
}

static void
test_report_job_init (TestReportJob *self)
{
}

/* --- the application in-process ---------------------------------------------------------- */

static gboolean
job_finished (gpointer data)
{
  return bindery_job_state_is_finished (bindery_job_get_state (BINDERY_JOB (data)));
}

typedef struct {
  GtkListBox *list;
  gint64      job_id;
} NewestRow;

static gboolean
history_shows (gpointer data)
{
  NewestRow *newest = data;
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (newest->list, 0);

  return row != NULL && (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "job-id")) == newest->job_id;
}

static GtkListBox *
history_list (BinderyApplication *app)
{
  GtkWidget *window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  GObject *popover = gtk_widget_get_template_child (window, BINDERY_TYPE_WINDOW, "jobs_popover");

  g_assert_nonnull (popover);
  return bindery_jobs_panel_get_history_list (BINDERY_JOBS_PANEL (gtk_popover_get_child (GTK_POPOVER (popover))));
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Runs a job with options_json to its end; returns the newest history row's state icon. */
static GtkWidget *
run_job (BinderyApplication *app,
         const char         *options_json)
{
  g_autoptr(JsonNode) options = json_from_string (options_json, NULL);
  g_autoptr(BinderyJob) job = NULL;
  BinderyJob *queued;
  NewestRow newest = { history_list (app), 0 };
  GtkWidget *icon;

  g_assert_nonnull (options);
  job = g_object_new (TEST_TYPE_REPORT_JOB, "options", json_node_get_object (options), NULL);
  queued = bindery_application_push_job (app, job);
  g_assert_nonnull (queued);
  app_test_wait_until (job_finished, queued, 30);
  newest.job_id = bindery_job_get_id (queued);
  g_assert_cmpint (newest.job_id, >, 0);
  g_object_unref (queued);
  app_test_wait_until (history_shows, &newest, 30);

  icon = find_named (GTK_WIDGET (gtk_list_box_get_row_at_index (newest.list, 0)), "state-icon");
  g_assert_true (GTK_IS_IMAGE (icon));
  return icon;
}

static void
assert_icon (GtkWidget  *icon,
             const char *icon_name,
             const char *css_class,
             const char *tooltip)
{
  const char *text = gtk_widget_get_tooltip_text (icon);

  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, icon_name);
  g_assert_true (gtk_widget_has_css_class (icon, css_class));
  g_assert_cmpstr (text, ==, tooltip);
}

static void
history_icons_body (BinderyApplication *app,
                    gpointer            data)
{
  GtkWidget *clean, *errored, *one, *failed, *broken;

  clean = run_job (app, "{\"report\": {\"errored\": 0, \"failed\": 0}}");
  assert_icon (clean, "bindery-done-symbolic", "success", "Finished");

  errored = run_job (app, "{\"report\": {\"errored\": 3}}");
  assert_icon (errored, "dialog-warning-symbolic", "warning", "Finished with problems: 3 books could not be read");
  g_assert_false (gtk_widget_has_css_class (errored, "success"));

  one = run_job (app, "{\"report\": {\"errored\": 1}}");
  assert_icon (one, "dialog-warning-symbolic", "warning", "Finished with problems: 1 book could not be read");

  failed = run_job (app, "{\"report\": {\"failed\": 14}}");
  assert_icon (failed, "dialog-warning-symbolic", "warning", "Finished with problems: 14 covers could not be made");

  /* No report at all: a clean run. */
  clean = run_job (app, "{\"tag\": \"no report\"}");
  assert_icon (clean, "bindery-done-symbolic", "success", "Finished");

  broken = run_job (app, "{\"fail\": true}");
  assert_icon (broken, "dialog-error-symbolic", "error", "Failed");
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (broken)), !=, "dialog-warning-symbolic");
}

/* The job run in the last session (its id in *data). */
static void
last_session_body (BinderyApplication *app,
                   gpointer            data)
{
  gint64 *job_id = data;
  GtkWidget *icon = run_job (app, "{\"report\": {\"errored\": 2}}");

  g_assert_nonnull (icon);
  *job_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (history_list (app), 0)),
                                                          "job-id"));
}

/* A new session lists it once the window is up (read after its first frame), with no
 * job run since. */
static void
new_session_body (BinderyApplication *app,
                  gpointer            data)
{
  NewestRow newest = { history_list (app), *(gint64 *) data };
  GtkWidget *icon;

  app_test_wait_until (history_shows, &newest, 30);
  icon = find_named (GTK_WIDGET (gtk_list_box_get_row_at_index (newest.list, 0)), "state-icon");
  assert_icon (icon, "dialog-warning-symbolic", "warning", "Finished with problems: 2 books could not be read");
}

typedef struct {
  void   (*body) (BinderyApplication *app, gpointer data);
  gpointer data;
} RunData;

static void
on_activate (BinderyApplication *app,
             RunData            *run)
{
  /* The application has made and shown its window by now (its own handler ran first). */
  run->body (app, run->data);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_quit (G_APPLICATION (app));
}

static void
run_app (const char *data_dir,
         RunData    *run)
{
  g_autoptr(BinderyApplication) app = NULL;
  char *argv[] = { (char *) "bindery-test", NULL };

  g_setenv ("BINDERY_DATA_DIR", data_dir, TRUE);
  app = bindery_application_new ();
  /* Each test process is its own instance, whatever else is on the bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
}

static void
test_history_icons (void)
{
  g_autofree char *data_dir = app_test_make_tmp_dir ("bindery-jobs-panel-test");
  RunData run = { history_icons_body, NULL };

  run_app (data_dir, &run);
  app_test_rm_rf (data_dir);
}

static void
test_history_from_last_session (void)
{
  g_autofree char *data_dir = app_test_make_tmp_dir ("bindery-jobs-panel-test");
  gint64 job_id = 0;
  RunData last = { last_session_body, &job_id };
  RunData next = { new_session_body, &job_id };

  run_app (data_dir, &last);
  g_assert_cmpint (job_id, >, 0);
  run_app (data_dir, &next);
  app_test_rm_rf (data_dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  bindery_job_register_type (TEST_TYPE_REPORT_JOB);

  g_test_add_func ("/app/jobs-panel/history-icons", test_history_icons);
  g_test_add_func ("/app/jobs-panel/history-from-last-session", test_history_from_last_session);

  return g_test_run ();
}
