/* test-job-row.c: a job row follows its job through run, pause, resume, cancel and completion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "app-test-util.h"
#include "bindery-job-queue.h"
#include "bindery-job-row.h"
#include "bindery-job-window.h"
#include "bindery-log-line.h"

#define N_STEPS 10

/* --- a job that does one step each time the test allows it ------------------------- */

#define TEST_TYPE_STEP_JOB (test_step_job_get_type ())
G_DECLARE_FINAL_TYPE (TestStepJob, test_step_job, TEST, STEP_JOB, BinderyJob)

struct _TestStepJob
{
  BinderyJob parent_instance;

  GMutex     lock;
  GCond      cond;
  guint      allowed;
};

G_DEFINE_FINAL_TYPE (TestStepJob, test_step_job, BINDERY_TYPE_JOB)

static gboolean
test_step_job_run (BinderyJob    *job,
                   GCancellable  *cancellable,
                   GError       **error)
{
  TestStepJob *self = TEST_STEP_JOB (job);

  bindery_job_set_items (job, 0, N_STEPS);
  for (guint i = 1; i <= N_STEPS; i++)
    {
      g_autofree char *path = g_strdup_printf ("Series/book-%02u.cbz", i);

      g_mutex_lock (&self->lock);
      while (self->allowed < i)
        {
          g_mutex_unlock (&self->lock);
          /* Blocks while paused, fails once cancelled. */
          if (!bindery_job_check (job, error))
            return FALSE;
          g_mutex_lock (&self->lock);
          g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + 20 * G_TIME_SPAN_MILLISECOND);
        }
      g_mutex_unlock (&self->lock);

      bindery_job_set_current_path (job, path);
      bindery_job_log (job, BINDERY_LOG_INFO, path, "read");
      if (i == 3)
        bindery_job_log (job, BINDERY_LOG_WARNING, path, "the cover could not be decoded; used page 2");
      if (i == 5)
        bindery_job_log (job, BINDERY_LOG_ERROR, path, "corrupt: truncated archive");
      bindery_job_set_items (job, i, N_STEPS);
      bindery_job_set_fraction (job, (double) i / N_STEPS);
    }
  {
    JsonObject *report = json_object_new ();

    json_object_set_int_member (report, "books_created", N_STEPS - 1);
    json_object_set_int_member (report, "errored", 1);
    json_object_set_double_member (report, "duration", 0.5);
    bindery_job_take_report (job, report);
  }
  return TRUE;
}

static void
test_step_job_finalize (GObject *object)
{
  TestStepJob *self = TEST_STEP_JOB (object);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (test_step_job_parent_class)->finalize (object);
}

static void
test_step_job_class_init (TestStepJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_step_job_finalize;
  BINDERY_JOB_CLASS (klass)->type_name = "test-step";
  BINDERY_JOB_CLASS (klass)->run = test_step_job_run;
}

static void
test_step_job_init (TestStepJob *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static void
allow_steps (TestStepJob *self,
             guint        n)
{
  g_mutex_lock (&self->lock);
  self->allowed = n;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* --- fixture -------------------------------------------------------------------------- */

typedef struct {
  char            *dir;
  BinderyContext  *context;
  BinderyJobQueue *queue;
  GtkWindow       *window;
  GtkListBox      *list;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = app_test_make_tmp_dir ("bindery-job-row");
  fx->context = bindery_context_new (fx->dir, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_context_lock (fx->context, &error));
  g_assert_no_error (error);
  fx->queue = bindery_job_queue_new (fx->context, 2, &error);
  g_assert_no_error (error);

  fx->window = GTK_WINDOW (adw_window_new ());
  fx->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (fx->list), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (fx->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (fx->list), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (fx->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (fx->list), 12);
  gtk_window_set_default_size (fx->window, 420, -1);
  adw_window_set_content (ADW_WINDOW (fx->window), GTK_WIDGET (fx->list));
  gtk_window_present (fx->window);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  gtk_window_destroy (fx->window);
  app_test_flush ();
  g_assert_finalize_object (fx->queue);
  g_assert_finalize_object (fx->context);
  app_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

typedef struct {
  BinderyJob *job;
  guint64     items;
  BinderyJobState state;
} Wait;

static gboolean
job_reached_items (gpointer data)
{
  Wait *wait = data;

  return bindery_job_get_items_done (wait->job) >= wait->items;
}

static gboolean
job_reached_state (gpointer data)
{
  Wait *wait = data;

  return bindery_job_get_state (wait->job) == wait->state;
}

static void
wait_for_state (BinderyJob      *job,
                BinderyJobState  state)
{
  Wait wait = { job, 0, state };

  app_test_wait_until (job_reached_state, &wait, 30);
  app_test_flush ();
}

static void
wait_for_items (BinderyJob *job,
                guint64     items)
{
  Wait wait = { job, items, 0 };

  app_test_wait_until (job_reached_items, &wait, 30);
  app_test_flush ();
}

static GtkWidget *
row_child (BinderyJobRow *row,
           const char    *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (row), BINDERY_TYPE_JOB_ROW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
assert_state_text (BinderyJobRow *row,
                   const char    *expected_prefix)
{
  const char *text = bindery_job_row_get_state_text (row);

  if (!g_str_has_prefix (text, expected_prefix))
    g_error ("state label is '%s', expected it to start with '%s'", text, expected_prefix);
}

static void
test_run_pause_cancel (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(BinderyJob) job = g_object_new (TEST_TYPE_STEP_JOB, NULL);
  g_autoptr(BinderyJob) queued = NULL;
  BinderyJobRow *row;

  bindery_job_set_title (job, "Scan “Test”");
  queued = bindery_job_queue_push (fx->queue, job);
  g_assert_true (queued == job);
  row = BINDERY_JOB_ROW (bindery_job_row_new (job));
  gtk_list_box_append (fx->list, GTK_WIDGET (row));
  app_test_flush ();

  g_assert_cmpstr (bindery_job_row_get_title_text (row), ==, "Scan “Test”");

  /* Running, nothing done yet. */
  wait_for_state (job, BINDERY_JOB_STATE_RUNNING);
  assert_state_text (row, "Running");
  g_assert_true (bindery_job_row_can_control (row));
  g_assert_false (bindery_job_row_offers_resume (row));
  g_assert_cmpfloat (bindery_job_row_get_fraction (row), ==, 0.0);

  /* Half-way: progress bar, count and current file follow. */
  allow_steps (TEST_STEP_JOB (job), 5);
  wait_for_items (job, 5);
  g_assert_cmpfloat_with_epsilon (bindery_job_row_get_fraction (row), 0.5, 1e-9);
  g_assert_cmpstr (bindery_job_row_get_items_text (row), ==, "5 of 10 books");
  g_assert_cmpstr (bindery_job_row_get_path_text (row), ==, "Series/book-05.cbz");
  g_assert_true (gtk_widget_get_visible (row_child (row, "progress_bar")));

  /* Pause from the row's button: the state, the label and the button follow. */
  bindery_job_row_toggle_pause (row);
  wait_for_state (job, BINDERY_JOB_STATE_PAUSED);
  assert_state_text (row, "Paused");
  g_assert_true (bindery_job_row_offers_resume (row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (row_child (row, "pause_button")), ==, "Resume");

  /* Resume, two more steps. */
  bindery_job_row_toggle_pause (row);
  wait_for_state (job, BINDERY_JOB_STATE_RUNNING);
  assert_state_text (row, "Running");
  g_assert_false (bindery_job_row_offers_resume (row));
  allow_steps (TEST_STEP_JOB (job), 7);
  wait_for_items (job, 7);
  g_assert_cmpstr (bindery_job_row_get_items_text (row), ==, "7 of 10 books");
  g_assert_cmpfloat_with_epsilon (bindery_job_row_get_fraction (row), 0.7, 1e-9);

  /* Cancel with the row's stop button: the job ends cancelled, controls go away. */
  g_signal_emit_by_name (row_child (row, "cancel_button"), "clicked");
  wait_for_state (job, BINDERY_JOB_STATE_CANCELLED);
  assert_state_text (row, "Stopped");
  g_assert_false (bindery_job_row_can_control (row));
  g_assert_false (gtk_widget_get_visible (row_child (row, "cancel_button")));
  g_assert_false (gtk_widget_get_visible (row_child (row, "progress_bar")));
  g_assert_cmpstr (bindery_job_row_get_path_text (row), ==, "");
  g_assert_cmpuint (bindery_job_get_items_done (job), <=, 8);
}

static void
test_completes (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(BinderyJob) job = g_object_new (TEST_TYPE_STEP_JOB, NULL);
  g_autoptr(BinderyJob) queued = NULL;
  BinderyJobRow *row;

  bindery_job_set_title (job, "Covers");
  queued = bindery_job_queue_push (fx->queue, job);
  row = BINDERY_JOB_ROW (bindery_job_row_new (job));
  gtk_list_box_append (fx->list, GTK_WIDGET (row));

  allow_steps (TEST_STEP_JOB (job), N_STEPS);
  wait_for_state (job, BINDERY_JOB_STATE_COMPLETED);
  assert_state_text (row, "Completed");
  g_assert_cmpstr (bindery_job_row_get_items_text (row), ==, "10 of 10 books");
  g_assert_cmpfloat (bindery_job_row_get_fraction (row), ==, 1.0);
  g_assert_false (bindery_job_row_can_control (row));
  /* Elapsed time is shown once the job started. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (row_child (row, "elapsed_label"))), !=, "");
}

static guint
count_level (GListModel      *lines,
             BinderyLogLevel  level,
             const char      *path)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(BinderyLogLine) line = g_list_model_get_item (lines, i);

      if (bindery_log_line_get_level (line) == level &&
          (path == NULL || g_strcmp0 (bindery_log_line_get_path (line), path) == 0))
        n++;
    }
  return n;
}

static void
test_job_window (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(BinderyJob) job = g_object_new (TEST_TYPE_STEP_JOB, NULL);
  g_autoptr(BinderyJob) queued = NULL;
  BinderyJobWindow *live, *finished;
  BinderyLogView *view;
  GListModel *lines;

  bindery_job_set_title (job, "Scan “Comics”");
  queued = bindery_job_queue_push (fx->queue, job);
  wait_for_state (job, BINDERY_JOB_STATE_RUNNING);

  /* A window opened on the running job receives its lines as they are logged. */
  live = bindery_job_window_new (bindery_job_queue_get_catalog (fx->queue), bindery_job_get_id (job), job);
  gtk_window_present (GTK_WINDOW (live));
  allow_steps (TEST_STEP_JOB (job), N_STEPS);
  wait_for_state (job, BINDERY_JOB_STATE_COMPLETED);
  lines = bindery_log_view_get_lines (bindery_job_window_get_log_view (live));
  g_assert_cmpuint (count_level (lines, BINDERY_LOG_INFO, NULL), >=, N_STEPS);
  g_assert_cmpuint (count_level (lines, BINDERY_LOG_WARNING, "Series/book-03.cbz"), ==, 1);
  g_assert_cmpuint (count_level (lines, BINDERY_LOG_ERROR, "Series/book-05.cbz"), ==, 1);
  app_test_save_screenshot (GTK_WIDGET (live), "bindery-job-window-report");
  gtk_window_destroy (GTK_WINDOW (live));

  /* Opened afterwards, everything comes from the catalog; the problem toast opens it on
   * the log with warnings and errors. */
  finished = bindery_job_window_new (bindery_job_queue_get_catalog (fx->queue), bindery_job_get_id (job), NULL);
  gtk_window_present (GTK_WINDOW (finished));
  bindery_job_window_show_log (finished, BINDERY_LOG_WARNING);
  app_test_flush ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (finished)), ==, "Scan “Comics”");
  view = bindery_job_window_get_log_view (finished);
  lines = bindery_log_view_get_lines (view);
  g_assert_cmpuint (count_level (lines, BINDERY_LOG_INFO, "Series/book-10.cbz"), ==, 1);
  g_assert_cmpuint (count_level (lines, BINDERY_LOG_WARNING, "Series/book-03.cbz"), ==, 1);
  g_assert_cmpuint (count_level (lines, BINDERY_LOG_ERROR, "Series/book-05.cbz"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (bindery_log_view_get_shown (view)), ==,
                    count_level (lines, BINDERY_LOG_WARNING, NULL) + count_level (lines, BINDERY_LOG_ERROR, NULL));
  app_test_save_screenshot (GTK_WIDGET (finished), "bindery-job-window-log");
  gtk_window_destroy (GTK_WINDOW (finished));
}

/* The titles of the report's rows, in order. */
static GPtrArray *
report_titles (BinderyJobWindow *window)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *group = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_JOB_WINDOW,
                                                                "report_group"));
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, group);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);
      g_autoptr(GPtrArray) children = g_ptr_array_new ();

      if (ADW_IS_ACTION_ROW (widget))
        {
          g_ptr_array_add (titles, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))));
          continue;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (children, child);
      for (guint i = children->len; i > 0; i--)
        g_ptr_array_add (stack, g_ptr_array_index (children, i - 1));
    }
  g_ptr_array_unref (stack);
  return titles;
}

/* The value shown beside the report row titled title (NULL when there is none). */
static const char *
report_value (BinderyJobWindow *window,
              const char       *title)
{
  GtkWidget *group = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), BINDERY_TYPE_JOB_WINDOW,
                                                                "report_group"));
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  GtkWidget *row = NULL;

  g_ptr_array_add (stack, group);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (row == NULL && ADW_IS_ACTION_ROW (widget) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
        {
          row = widget;
          g_ptr_array_set_size (stack, 0);
        }
      else if (row != NULL && GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric"))
        return gtk_label_get_label (GTK_LABEL (widget));
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return NULL;
}

static gboolean
has_title (GPtrArray  *titles,
           const char *title)
{
  return g_ptr_array_find_with_equal_func (titles, title, g_str_equal, NULL);
}

/* A key means what its job type says: "failed" books of a conversion are not covers. */
static void
test_report_labels (Fixture       *fx,
                    gconstpointer  data)
{
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (fx->queue);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) convert = NULL;
  g_autoptr(GPtrArray) thumbs = NULL;
  BinderyJobWindow *window;

  g_assert_true (bindery_catalog_exec (catalog,
    "INSERT INTO jobs (id, type, title, state, created_at, finished_at, report) VALUES "
    "(901, 'convert', 'Convert', 'completed', 1, 2, "
    " '{\"books\":3,\"converted\":1,\"skipped\":1,\"failed\":1,\"bytes_before\":4096,"
    "   \"bytes_after\":2048,\"trashed\":1,\"deleted\":0,\"kept\":0,\"deep\":true}'),"
    "(902, 'thumbnails', 'Covers', 'completed', 1, 2, "
    " '{\"books\":3,\"generated\":1,\"skipped\":1,\"failed\":1,\"force\":false,"
    "   \"target\":\"books:1,2,3\"}'),"
    "(903, 'thumbnails', 'Covers', 'completed', 1, 2, '{\"books\":3,\"target\":\"scan:42\"}'),"
    "(904, 'thumbnails', 'Covers', 'completed', 1, 2, '{\"books\":3,\"target\":null}')", &error));
  g_assert_no_error (error);

  window = bindery_job_window_new (catalog, 901, NULL);
  gtk_window_present (GTK_WINDOW (window));
  app_test_flush ();
  convert = report_titles (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (has_title (convert, "Books converted"));
  g_assert_true (has_title (convert, "Books skipped"));
  g_assert_true (has_title (convert, "Books that could not be converted"));
  g_assert_true (has_title (convert, "Size before"));
  g_assert_true (has_title (convert, "Originals moved to the trash"));
  g_assert_true (has_title (convert, "Deep scan"));
  g_assert_false (has_title (convert, "Covers that could not be made"));
  g_assert_false (has_title (convert, "Covers already fresh"));

  window = bindery_job_window_new (catalog, 902, NULL);
  gtk_window_present (GTK_WINDOW (window));
  app_test_flush ();
  thumbs = report_titles (window);
  /* The target in a few words, from core (bindery_job_target_describe) */
  g_assert_cmpstr (report_value (window, "Target"), ==, "3 books");
  gtk_window_destroy (GTK_WINDOW (window));
  window = bindery_job_window_new (catalog, 903, NULL);
  gtk_window_present (GTK_WINDOW (window));
  app_test_flush ();
  g_assert_cmpstr (report_value (window, "Target"), ==, "Books found by scan 42");
  gtk_window_destroy (GTK_WINDOW (window));
  window = bindery_job_window_new (catalog, 904, NULL);
  gtk_window_present (GTK_WINDOW (window));
  app_test_flush ();
  g_assert_cmpstr (report_value (window, "Target"), ==, "Whole library");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (has_title (thumbs, "Covers that could not be made"));
  g_assert_true (has_title (thumbs, "Covers already fresh"));
  g_assert_true (has_title (thumbs, "Everything again"));
  g_assert_true (has_title (thumbs, "Target"));
  g_assert_false (has_title (thumbs, "Books converted"));
  /* Every row is labelled: none is a raw key. */
  for (guint i = 0; i < thumbs->len; i++)
    g_assert_null (strchr (g_ptr_array_index (thumbs, i), '_'));
}

static void
test_formatting (void)
{
  g_autofree char *books = bindery_format_items ("scan", 1234, 10000);
  g_autofree char *covers = bindery_format_items ("thumbnails", 1, 1);
  g_autofree char *none = bindery_format_items ("scan", 0, 0);
  g_autofree char *open_ended = bindery_format_items ("scan", 3, 0);
  g_autofree char *short_span = bindery_format_elapsed (75 * G_TIME_SPAN_SECOND);
  g_autofree char *long_span = bindery_format_elapsed (3 * G_TIME_SPAN_HOUR + 5 * G_TIME_SPAN_SECOND);

  /* LC_ALL=C.UTF-8 has no thousands separator. */
  g_assert_cmpstr (books, ==, "1234 of 10000 books");
  g_assert_cmpstr (covers, ==, "1 of 1 cover");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (open_ended, ==, "3 books");
  g_assert_cmpstr (short_span, ==, "1:15");
  g_assert_cmpstr (long_span, ==, "3:00:05");
}

static void
assert_display_path (const char *path,
                     const char *root,
                     const char *expected)
{
  g_autofree char *shown = bindery_display_path_in (path, root);

  g_assert_cmpstr (shown, ==, expected);
}

static void
test_display_path (void)
{
  /* Inside the root: relative, whatever the root's trailing slashes. */
  assert_display_path ("/srv/Comics/Saga/Saga 01.cbz", "/srv/Comics", "Saga/Saga 01.cbz");
  assert_display_path ("/srv/Comics/Saga/Saga 01.cbz", "/srv/Comics/", "Saga/Saga 01.cbz");
  assert_display_path ("/srv/Comics", "/srv/Comics", ".");
  assert_display_path ("/srv/Comics/a.cbz", "/", "srv/Comics/a.cbz");
  /* A sibling whose name starts like the root, and paths without a root, stay whole. */
  assert_display_path ("/srv/Comics2/a.cbz", "/srv/Comics", "/srv/Comics2/a.cbz");
  assert_display_path ("/srv/Comics/a.cbz", NULL, "/srv/Comics/a.cbz");
  assert_display_path ("/srv/Comics/a.cbz", "", "/srv/Comics/a.cbz");
  g_assert_null (bindery_display_path_in (NULL, "/srv/Comics"));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/job-row/run-pause-cancel", Fixture, NULL, fixture_setup, test_run_pause_cancel, fixture_teardown);
  g_test_add ("/app/job-row/completes", Fixture, NULL, fixture_setup, test_completes, fixture_teardown);
  g_test_add_func ("/app/job-row/formatting", test_formatting);
  g_test_add_func ("/app/job-row/display-path", test_display_path);
  g_test_add ("/app/job-window/report-and-log", Fixture, NULL, fixture_setup, test_job_window, fixture_teardown);
  g_test_add ("/app/job-window/report-labels", Fixture, NULL, fixture_setup, test_report_labels, fixture_teardown);

  return g_test_run ();
}
