/* test-job-queue.c: BinderyJob and BinderyJobQueue: states, pause, cancel, rate, merge,
 * persistence of logs and reports, retention, the data dir lock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include "jobs-test-util.h"

typedef struct {
  guint     notify_items_done;
  guint     notify_state;
  guint     finished;
  guint     logs;
  guint     books_added;
  guint     books_changed;
  gint64    logs_persisted_at_finish;
  GPtrArray *states;
} Counters;

static void
on_notify_items_done (BinderyJob *job, GParamSpec *pspec, Counters *c)
{
  c->notify_items_done++;
}

static void
on_notify_state (BinderyJob *job, GParamSpec *pspec, Counters *c)
{
  c->notify_state++;
  if (c->states != NULL)
    g_ptr_array_add (c->states, (gpointer) bindery_job_state_to_string (bindery_job_get_state (job)));
}

static void
on_log_added (BinderyJob *job, BinderyLogLevel level, const char *path, const char *message, Counters *c)
{
  c->logs++;
}

static void
on_books_added (BinderyJob *job, GArray *ids, Counters *c)
{
  c->books_added += ids->len;
}

static void
on_books_changed (BinderyJob *job, GArray *ids, Counters *c)
{
  c->books_changed += ids->len;
}

static void
on_finished (BinderyJob *job, Counters *c)
{
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (g_object_get_data (G_OBJECT (job), "queue"));

  c->finished++;
  /* Everything logged is in the catalog by the time `finished` is emitted. */
  c->logs_persisted_at_finish =
    jobs_count_rows (catalog, "SELECT count(*) FROM job_logs WHERE job_id = ?", bindery_job_get_id (job));
}

static void
watch (BinderyJob *job, BinderyJobQueue *queue, Counters *c)
{
  g_object_set_data (G_OBJECT (job), "queue", queue);
  g_signal_connect (job, "notify::items-done", G_CALLBACK (on_notify_items_done), c);
  g_signal_connect (job, "notify::state", G_CALLBACK (on_notify_state), c);
  g_signal_connect (job, "log-added", G_CALLBACK (on_log_added), c);
  g_signal_connect (job, "books-added", G_CALLBACK (on_books_added), c);
  g_signal_connect (job, "books-changed", G_CALLBACK (on_books_changed), c);
  g_signal_connect (job, "finished", G_CALLBACK (on_finished), c);
}

static BinderyJob *
push (JobsFixture *f, const char *options)
{
  g_autoptr(BinderyJob) job = test_job_new (options);
  return bindery_job_queue_push (f->queue, job);
}

static void
test_run (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = test_job_new ("{\"items\": 50, \"log-every\": 10, \"books\": true, \"report\": true}");
  g_autoptr(BinderyJob) pushed = NULL;
  g_autoptr(GPtrArray) states = g_ptr_array_new ();
  g_autofree char *row_state = NULL;
  Counters c = { .states = states };

  watch (job, f->queue, &c);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_QUEUED);
  g_assert_cmpint (bindery_job_get_id (job), ==, 0);

  pushed = bindery_job_queue_push (f->queue, job);
  g_assert_true (pushed == job);
  g_assert_cmpint (bindery_job_get_id (job), >, 0);
  g_assert_true (bindery_job_get_queue (job) == f->queue);
  g_assert_true (bindery_job_queue_is_busy (f->queue));

  bindery_job_queue_wait (f->queue, job);

  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (states, 0), ==, "running");
  g_assert_cmpstr (g_ptr_array_index (states, 1), ==, "completed");
  g_assert_cmpuint (c.finished, ==, 1);
  g_assert_cmpuint (test_job_get_items_run (TEST_JOB (job)), ==, 50);
  g_assert_cmpuint (bindery_job_get_items_done (job), ==, 50);
  g_assert_cmpuint (bindery_job_get_items_total (job), ==, 50);
  g_assert_cmpfloat (bindery_job_get_fraction (job), ==, 1.0);
  g_assert_cmpstr (bindery_job_get_message (job), ==, "Working");
  g_assert_cmpuint (c.logs, ==, 5);
  g_assert_cmpint (c.logs_persisted_at_finish, ==, 5);
  g_assert_cmpuint (c.books_added, ==, 50);
  g_assert_cmpuint (c.books_changed, ==, 50);
  g_assert_nonnull (bindery_job_get_started_at (job));
  g_assert_nonnull (bindery_job_get_finished_at (job));
  g_assert_true (g_date_time_compare (bindery_job_get_started_at (job),
                                      bindery_job_get_finished_at (job)) <= 0);
  g_assert_null (bindery_job_get_error_message (job));
  g_assert_null (bindery_job_get_queue (job));
  g_assert_false (bindery_job_queue_is_busy (f->queue));
  g_assert_cmpuint (g_list_model_get_n_items (bindery_job_queue_get_active (f->queue)), ==, 0);

  row_state = jobs_dup_state (bindery_job_queue_get_catalog (f->queue), bindery_job_get_id (job));
  g_assert_cmpstr (row_state, ==, "completed");
  g_assert_cmpint (jobs_count_rows (bindery_job_queue_get_catalog (f->queue),
                                    "SELECT items_done FROM jobs WHERE id = ?", bindery_job_get_id (job)), ==, 50);
}

static void
test_failure (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = push (f, "{\"items\": 10, \"fail-at\": 4, \"log-every\": 1}");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;

  bindery_job_queue_wait (f->queue, job);

  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_FAILED);
  g_assert_cmpstr (bindery_job_get_error_message (job), ==, "Item 4 is broken");
  g_assert_cmpuint (test_job_get_items_run (TEST_JOB (job)), ==, 4);

  row = bindery_catalog_get_job (bindery_job_queue_get_catalog (f->queue), bindery_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (row, "error"), ==, "Item 4 is broken");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (row, "logs")), ==, 4);
}

static void
test_cancel_running (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = push (f, "{\"items\": 0}");
  g_autofree char *row_state = NULL;
  Counters c = { 0 };
  guint at_cancel;

  watch (job, f->queue, &c);
  jobs_wait_until (jobs_cond_items_done, job);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_RUNNING);

  bindery_job_cancel (job);
  at_cancel = test_job_get_items_run (TEST_JOB (job));
  bindery_job_queue_wait (f->queue, job);

  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_CANCELLED);
  /* The worker checks between items: at most the item in progress completes. */
  g_assert_cmpuint (test_job_get_items_run (TEST_JOB (job)) - at_cancel, <=, 1);
  g_assert_cmpuint (c.finished, ==, 1);
  g_assert_null (bindery_job_get_error_message (job));
  row_state = jobs_dup_state (bindery_job_queue_get_catalog (f->queue), bindery_job_get_id (job));
  g_assert_cmpstr (row_state, ==, "cancelled");
}

static void
test_cancel_queued (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) first = NULL;
  g_autoptr(BinderyJob) second = NULL;
  g_autofree char *row_state = NULL;
  Counters c = { 0 };

  bindery_job_queue_set_max_workers (f->queue, 1);
  first = push (f, "{\"items\": 0}");
  second = push (f, "{\"items\": 5, \"tag\": \"second\"}");
  watch (second, f->queue, &c);
  jobs_wait_until (jobs_cond_items_done, first);
  g_assert_cmpint (bindery_job_get_state (second), ==, BINDERY_JOB_STATE_QUEUED);

  bindery_job_cancel (second);
  g_assert_cmpint (bindery_job_get_state (second), ==, BINDERY_JOB_STATE_CANCELLED);
  g_assert_cmpuint (c.finished, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (bindery_job_queue_get_active (f->queue)), ==, 1);
  row_state = jobs_dup_state (bindery_job_queue_get_catalog (f->queue), bindery_job_get_id (second));
  g_assert_cmpstr (row_state, ==, "cancelled");

  bindery_job_cancel (first);
  bindery_job_queue_wait (f->queue, first);
  g_assert_cmpint (bindery_job_get_state (first), ==, BINDERY_JOB_STATE_CANCELLED);
  g_assert_false (test_job_get_ran (TEST_JOB (second)));
  g_assert_cmpuint (c.finished, ==, 1);
}

static gboolean
ran_past (gpointer job)
{
  guint *mark = g_object_get_data (G_OBJECT (job), "resumed-at");
  return test_job_get_items_run (TEST_JOB (job)) >= *mark;
}

static void
test_pause_resume (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = push (f, "{\"items\": 0}");
  g_autofree char *paused_state = NULL;
  guint at_pause, later, at_cancel, resumed_at;

  jobs_wait_until (jobs_cond_items_done, job);

  bindery_job_pause (job);
  at_pause = test_job_get_items_run (TEST_JOB (job));
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_PAUSED);
  paused_state = jobs_dup_state (bindery_job_queue_get_catalog (f->queue), bindery_job_get_id (job));
  g_assert_cmpstr (paused_state, ==, "paused");

  /* Let a running worker go on for a while: a paused one stays where it was. */
  jobs_iterate_for (200);
  later = test_job_get_items_run (TEST_JOB (job));
  g_assert_cmpuint (later - at_pause, <=, 1);
  jobs_iterate_for (100);
  g_assert_cmpuint (test_job_get_items_run (TEST_JOB (job)), ==, later);

  bindery_job_resume (job);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_RUNNING);
  resumed_at = later + 100;
  g_object_set_data (G_OBJECT (job), "resumed-at", &resumed_at);
  jobs_wait_until (ran_past, job);

  /* Cancel while paused wakes the worker up. */
  bindery_job_pause (job);
  bindery_job_cancel (job);
  at_cancel = test_job_get_items_run (TEST_JOB (job));
  bindery_job_queue_wait (f->queue, job);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_CANCELLED);
  g_assert_cmpuint (test_job_get_items_run (TEST_JOB (job)) - at_cancel, <=, 1);
}

typedef struct {
  BinderyCatalog *catalog;
  gint64          job_id;
} RowWait;

static gboolean
row_paused (gpointer data)
{
  RowWait *wait = data;
  g_autofree char *state = jobs_dup_state (wait->catalog, wait->job_id);

  return g_strcmp0 (state, "paused") == 0;
}

/* A batched scan keeps a write transaction open (and while paused inside it): the
 * queue's main-thread row saves must not wait for it (a 10 s stall and a "database is
 * locked" warning before); the paused row is saved once the catalog is free. */
static void
test_pause_while_catalog_busy (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = push (f, "{\"items\": 0}");
  g_autoptr(BinderyCatalog) writer = jobs_open_catalog (f->dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *row_state = NULL;
  RowWait wait = { writer, 0 };

  jobs_wait_until (jobs_cond_items_done, job);
  wait.job_id = bindery_job_get_id (job);

  g_assert_true (bindery_catalog_exec (writer, "BEGIN IMMEDIATE", &error));
  g_assert_no_error (error);
  bindery_job_pause (job);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_PAUSED);
  row_state = jobs_dup_state (writer, wait.job_id);
  g_assert_cmpstr (row_state, ==, "running");

  g_assert_true (bindery_catalog_exec (writer, "COMMIT", &error));
  g_assert_no_error (error);
  jobs_wait_until (row_paused, &wait);

  bindery_job_cancel (job);
  bindery_job_queue_wait (f->queue, job);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_CANCELLED);
}

static void
test_notify_rate (JobsFixture *f, gconstpointer data)
{
  /* Each item does some work, so that the run spans many flush intervals. */
  g_autoptr(BinderyJob) job = test_job_new ("{\"items\": 100000, \"work\": 2048}");
  g_autoptr(BinderyJob) pushed = NULL;
  Counters c = { 0 };
  gint64 start, elapsed;
  double bound;

  watch (job, f->queue, &c);
  start = g_get_monotonic_time ();
  pushed = bindery_job_queue_push (f->queue, job);
  bindery_job_queue_wait (f->queue, job);
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpuint (bindery_job_get_items_done (job), ==, 100000);
  bound = 30.0 * (double) elapsed / G_USEC_PER_SEC + 2.0;
  g_test_message ("%u notifications of items-done in %.3f s (bound %.1f)",
                  c.notify_items_done, (double) elapsed / G_USEC_PER_SEC, bound);
  g_assert_cmpuint (c.notify_items_done, >=, 1);
  g_assert_cmpfloat ((double) c.notify_items_done, <=, bound);
}

/* A main loop kept busy at a priority above idle (GTK redrawing frame after frame while
 * a spinner turns on a loaded machine) still hears from its jobs: their coalesced flush
 * is rate-limited, not an idle that such work starves. Before, a cover job's covers
 * reached the gallery only once the job had ended. */
static gboolean
busy_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
busy_ran (gpointer data)
{
  return *(guint *) data > 0;
}

static gboolean
heard_books (gpointer data)
{
  Counters *c = data;

  return c->books_changed > 0 && c->notify_items_done > 0;
}

static void
test_notify_while_busy (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = test_job_new ("{\"items\": 0, \"books\": true, \"work\": 2048}");
  g_autoptr(BinderyJob) pushed = NULL;
  g_autoptr(GSource) busy = g_idle_source_new ();
  Counters c = { 0 };
  guint frames = 0;

  watch (job, f->queue, &c);
  g_source_set_priority (busy, G_PRIORITY_HIGH_IDLE + 20);  /* GDK_PRIORITY_REDRAW */
  g_source_set_callback (busy, busy_cb, &frames, NULL);
  g_source_attach (busy, NULL);

  pushed = bindery_job_queue_push (f->queue, job);
  /* Once the busy work runs, what the job says from then on still arrives. */
  jobs_wait_until (busy_ran, &frames);
  c.books_changed = 0;
  c.notify_items_done = 0;
  jobs_wait_until (heard_books, &c);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_RUNNING);
  g_source_destroy (busy);

  bindery_job_cancel (job);
  bindery_job_queue_wait (f->queue, job);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_CANCELLED);
}

static void
test_merge (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) running = NULL;
  g_autoptr(BinderyJob) a = NULL;
  g_autoptr(BinderyJob) b = NULL;
  g_autoptr(BinderyJob) b_merged = NULL;
  g_autoptr(BinderyJob) c = NULL;
  g_autoptr(BinderyJob) c_reordered = NULL;
  g_autoptr(BinderyJob) c_merged = NULL;
  g_autoptr(BinderyJob) d = NULL;
  g_autoptr(BinderyJob) d_job = NULL;
  g_autoptr(BinderyJob) running_again = NULL;
  g_autoptr(BinderyJob) running_copy = test_job_new ("{\"items\": 0}");
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (f->queue);

  bindery_job_queue_set_max_workers (f->queue, 1);
  running = push (f, "{\"items\": 0}");
  jobs_wait_until (jobs_cond_items_done, running);

  a = push (f, "{\"items\": 3, \"tag\": \"a\"}");
  b = test_job_new ("{\"items\": 3, \"tag\": \"a\"}");
  b_merged = bindery_job_queue_push (f->queue, b);
  g_assert_true (b_merged == a);
  g_assert_cmpint (bindery_job_get_id (b), ==, 0);

  /* The order of the options' members does not matter. */
  c = push (f, "{\"tag\": \"c\", \"items\": 3}");
  g_assert_true (c != a);
  c_reordered = test_job_new ("{\"items\": 3, \"tag\": \"c\"}");
  c_merged = bindery_job_queue_push (f->queue, c_reordered);
  g_assert_true (c_merged == c);
  /* Same options, different library or target: not the same job. */
  d_job = g_object_new (TEST_TYPE_JOB, "target", "Series 1",
                        "options", bindery_job_get_options (a), NULL);
  d = bindery_job_queue_push (f->queue, d_job);
  g_assert_true (d == d_job);

  /* A running job is not merged with. */
  running_again = bindery_job_queue_push (f->queue, running_copy);
  g_assert_true (running_again == running_copy);

  g_assert_cmpuint (g_list_model_get_n_items (bindery_job_queue_get_active (f->queue)), ==, 5);
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM jobs WHERE ? = 0", 0), ==, 5);

  bindery_job_cancel (running);
  bindery_job_cancel (running_again);
  bindery_job_queue_wait (f->queue, a);
  bindery_job_queue_wait (f->queue, c);
  bindery_job_queue_wait (f->queue, d);
  g_assert_cmpint (bindery_job_get_state (a), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpuint (test_job_get_items_run (TEST_JOB (a)), ==, 3);
  g_assert_false (test_job_get_ran (TEST_JOB (b)));
  g_assert_cmpint (bindery_job_get_state (d), ==, BINDERY_JOB_STATE_COMPLETED);
}

static void
test_logs_and_report_survive (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = push (f, "{\"items\": 3, \"log-every\": 1, \"report\": true}");
  g_autoptr(BinderyCatalog) catalog = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *saved_report;
  JsonArray *logs;
  gint64 id;

  bindery_job_queue_wait (f->queue, job);
  id = bindery_job_get_id (job);
  report = bindery_job_dup_report (job);
  g_assert_nonnull (report);
  g_assert_cmpint (json_object_get_int_member (report, "done"), ==, 3);

  /* Close everything, then read through a new connection. */
  g_assert_finalize_object (g_steal_pointer (&f->queue));
  g_clear_object (&f->context);
  catalog = jobs_open_catalog (f->dir);

  list = bindery_catalog_list_jobs (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "type"), ==, "test");

  row = bindery_catalog_get_job (catalog, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (row, "items_done"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (row, "items_total"), ==, 3);
  g_assert_nonnull (json_object_get_string_member (row, "started_at"));
  g_assert_nonnull (json_object_get_string_member (row, "finished_at"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "options"), "items"), ==, 3);

  saved_report = json_object_get_object_member (row, "report");
  g_assert_nonnull (saved_report);
  g_assert_cmpint (json_object_get_int_member (saved_report, "done"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (saved_report, "failed"), ==, 0);

  logs = json_object_get_array_member (row, "logs");
  g_assert_cmpuint (json_array_get_length (logs), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *line = json_array_get_object_element (logs, i);
      g_autofree char *message = g_strdup_printf ("item %u", i);
      g_autofree char *path = g_strdup_printf ("book-%u.cbz", i);

      g_assert_cmpstr (json_object_get_string_member (line, "message"), ==, message);
      g_assert_cmpstr (json_object_get_string_member (line, "level"), ==, i % 2 == 0 ? "info" : "warning");
      if (i % 2 == 0)
        g_assert_cmpstr (json_object_get_string_member (line, "path"), ==, path);
      else
        g_assert_true (json_object_get_null_member (line, "path"));
      g_assert_nonnull (json_object_get_string_member (line, "time"));
    }

  g_assert_null (bindery_catalog_get_job (catalog, id + 100, &error));
  g_assert_error (error, BINDERY_CATALOG_ERROR, BINDERY_CATALOG_ERROR_NOT_FOUND);
}

static void
test_retention (JobsFixture *f, gconstpointer data)
{
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (f->queue);
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonArray) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[6];
  gint64 cleared;

  bindery_job_queue_set_retention (f->queue, 3);
  bindery_job_queue_set_max_workers (f->queue, 1);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *options = i == 1 ? g_strdup ("{\"items\": 2, \"fail-at\": 1, \"log-every\": 1}")
                                        : g_strdup_printf ("{\"items\": 2, \"log-every\": 1, \"tag\": %u}", i);
      g_autoptr(BinderyJob) job = push (f, options);

      bindery_job_queue_wait (f->queue, job);
      ids[i] = bindery_job_get_id (job);
    }

  /* The three newest finished jobs, and the failed one. */
  list = bindery_catalog_list_jobs (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "id"), ==, ids[5]);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 1), "id"), ==, ids[4]);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 2), "id"), ==, ids[3]);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 3), "id"), ==, ids[1]);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 3), "state"), ==, "failed");

  /* Their logs went with them. */
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM job_logs WHERE job_id = ?", ids[0]), ==, 0);
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM job_logs WHERE job_id = ?", ids[2]), ==, 0);
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM job_logs WHERE job_id = ?", ids[1]), ==, 1);
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM job_logs WHERE job_id = ?", ids[5]), ==, 2);

  cleared = bindery_catalog_clear_jobs (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cleared, ==, 4);
  after = bindery_catalog_list_jobs (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (after), ==, 0);
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM job_logs WHERE ? = 0", 0), ==, 0);
}

static void
test_follow_up (JobsFixture *f, gconstpointer data)
{
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (f->queue);
  g_autoptr(BinderyJob) first = NULL;
  g_autoptr(BinderyJob) second = NULL;
  const char *queued_follow_ups =
    "SELECT count(*) FROM jobs WHERE state = 'queued' AND options LIKE '%follow-up%' AND ? = 0";

  /* Deferred (the CLI): saved as queued, not run; the same follow-up twice is saved once. */
  bindery_job_queue_set_defer_follow_ups (f->queue, TRUE);
  first = push (f, "{\"items\": 1, \"follow-up\": true}");
  bindery_job_queue_wait (f->queue, first);
  g_assert_false (bindery_job_queue_is_busy (f->queue));
  g_assert_cmpint (jobs_count_rows (catalog, queued_follow_ups, 0), ==, 1);
  second = push (f, "{\"items\": 1, \"follow-up\": true, \"tag\": 2}");
  bindery_job_queue_wait (f->queue, second);
  g_assert_cmpint (jobs_count_rows (catalog, queued_follow_ups, 0), ==, 1);

  /* The app: resumes what was saved, and runs follow-ups at once. */
  bindery_job_queue_set_defer_follow_ups (f->queue, FALSE);
  g_assert_cmpuint (bindery_job_queue_resume_pending (f->queue), ==, 1);
  g_assert_true (bindery_job_queue_is_busy (f->queue));
  while (bindery_job_queue_is_busy (f->queue))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (jobs_count_rows (catalog, queued_follow_ups, 0), ==, 0);
  g_assert_cmpint (jobs_count_rows (catalog,
                                    "SELECT count(*) FROM jobs WHERE state = 'completed' AND ? = 0", 0), ==, 3);
}

static void
test_shutdown (JobsFixture *f, gconstpointer data)
{
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (f->queue);
  g_autoptr(BinderyJobQueue) next = NULL;
  g_autoptr(BinderyJob) running = NULL;
  g_autoptr(BinderyJob) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *running_state = NULL;
  g_autofree char *queued_state = NULL;
  Counters c = { 0 };
  guint at_shutdown;

  bindery_job_queue_set_max_workers (f->queue, 1);
  running = push (f, "{\"items\": 0}");
  queued = push (f, "{\"items\": 2}");
  watch (running, f->queue, &c);
  jobs_wait_until (jobs_cond_items_done, running);

  /* Quitting: the running job stops and is interrupted, the queued one stays queued. */
  bindery_job_queue_shutdown (f->queue);
  at_shutdown = test_job_get_items_run (TEST_JOB (running));
  g_assert_cmpint (bindery_job_get_state (running), ==, BINDERY_JOB_STATE_INTERRUPTED);
  g_assert_cmpuint (c.finished, ==, 1);
  g_assert_false (bindery_job_queue_is_busy (f->queue));
  g_assert_false (test_job_get_ran (TEST_JOB (queued)));
  running_state = jobs_dup_state (catalog, bindery_job_get_id (running));
  queued_state = jobs_dup_state (catalog, bindery_job_get_id (queued));
  g_assert_cmpstr (running_state, ==, "interrupted");
  g_assert_cmpstr (queued_state, ==, "queued");
  g_assert_cmpuint (test_job_get_items_run (TEST_JOB (running)), ==, at_shutdown);

  /* The next start picks both up. */
  next = bindery_job_queue_new (f->context, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bindery_job_queue_resume_pending (next), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (bindery_job_queue_get_active (next)), ==, 2);
  bindery_job_queue_cancel_all (next);
  while (bindery_job_queue_is_busy (next))
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (g_steal_pointer (&next));
}

static void
test_lock (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-jobs-XXXXXX", &error);
  g_autoptr(BinderyContext) first = NULL;
  g_autoptr(BinderyContext) second = NULL;
  g_autofree char *pid = g_strdup_printf ("pid %d", (int) getpid ());

  g_assert_no_error (error);
  first = bindery_context_new (dir, &error);
  g_assert_no_error (error);
  second = bindery_context_new (dir, &error);
  g_assert_no_error (error);

  g_assert_true (bindery_context_lock (first, &error));
  g_assert_no_error (error);
  g_assert_false (bindery_context_lock (second, &error));
  g_assert_error (error, BINDERY_CONTEXT_ERROR, BINDERY_CONTEXT_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, pid));
  g_clear_error (&error);

  bindery_context_unlock (first);
  g_assert_true (bindery_context_lock (second, &error));
  g_assert_no_error (error);

  g_clear_object (&first);
  g_clear_object (&second);
  jobs_rm_rf (dir);
}

static void
test_state_strings (void)
{
  for (BinderyJobState s = BINDERY_JOB_STATE_QUEUED; s <= BINDERY_JOB_STATE_INTERRUPTED; s++)
    {
      BinderyJobState back;
      GEnumClass *klass = g_type_class_ref (BINDERY_TYPE_JOB_STATE);

      g_assert_true (bindery_job_state_from_string (bindery_job_state_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_cmpstr (g_enum_get_value (klass, s)->value_nick, ==, bindery_job_state_to_string (s));
      g_type_class_unref (klass);
    }
  for (BinderyLogLevel l = BINDERY_LOG_DEBUG; l <= BINDERY_LOG_ERROR; l++)
    {
      BinderyLogLevel back;

      g_assert_true (bindery_log_level_from_string (bindery_log_level_to_string (l), &back));
      g_assert_cmpint (back, ==, l);
    }
  g_assert_false (bindery_job_state_from_string ("done", &(BinderyJobState) { 0 }));
  g_assert_true (bindery_job_lookup_type ("test") == TEST_TYPE_JOB);
  g_assert_true (bindery_job_lookup_type ("no-such-type") == G_TYPE_INVALID);
}

/* The summaries carry the report's problem counts; a job without a report has none. */
static void
test_summary_report_counts (JobsFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) failing = push (f, "{\"items\": 1, \"report\": true, \"report-failed\": 14}");
  g_autoptr(BinderyJob) clean = NULL;
  g_autoptr(BinderyJob) plain = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *summary;

  bindery_job_queue_wait (f->queue, failing);
  clean = push (f, "{\"items\": 1, \"report\": true}");
  bindery_job_queue_wait (f->queue, clean);
  plain = push (f, "{\"items\": 1}");
  bindery_job_queue_wait (f->queue, plain);
  catalog = jobs_open_catalog (f->dir);

  list = bindery_catalog_list_jobs (catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  /* Newest first. */
  summary = json_array_get_object_element (list, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "id"), ==, bindery_job_get_id (failing));
  g_assert_cmpint (json_object_get_int_member (summary, "failed"), ==, 14);
  g_assert_false (json_object_has_member (summary, "errored"));
  summary = json_array_get_object_element (list, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "failed"), ==, 0);
  summary = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "id"), ==, bindery_job_get_id (plain));
  g_assert_false (json_object_has_member (summary, "failed"));
  g_assert_false (json_object_has_member (summary, "errored"));

  /* One job: the same counts, and the report and options where they were. */
  row = bindery_catalog_get_job (catalog, bindery_job_get_id (failing), &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (row, "failed"), ==, 14);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "report"), "failed"), ==, 14);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "options"), "report-failed"), ==, 14);
}

#define ADD(path, func) \
  g_test_add (path, JobsFixture, NULL, jobs_fixture_set_up, func, jobs_fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bindery_job_register_type (TEST_TYPE_JOB);

  g_test_add_func ("/jobs/state/strings", test_state_strings);
  ADD ("/jobs/queue/run", test_run);
  ADD ("/jobs/queue/failure", test_failure);
  ADD ("/jobs/queue/cancel-running", test_cancel_running);
  ADD ("/jobs/queue/cancel-queued", test_cancel_queued);
  ADD ("/jobs/queue/pause-resume", test_pause_resume);
  ADD ("/jobs/queue/pause-while-catalog-busy", test_pause_while_catalog_busy);
  ADD ("/jobs/queue/notify-rate", test_notify_rate);
  ADD ("/jobs/queue/notify-while-busy", test_notify_while_busy);
  ADD ("/jobs/queue/merge", test_merge);
  ADD ("/jobs/queue/logs-and-report-survive", test_logs_and_report_survive);
  ADD ("/jobs/history/report-counts", test_summary_report_counts);
  ADD ("/jobs/queue/retention", test_retention);
  ADD ("/jobs/queue/follow-up", test_follow_up);
  ADD ("/jobs/queue/shutdown", test_shutdown);
  g_test_add_func ("/jobs/lock/second-owner", test_lock);

  return g_test_run ();
}
