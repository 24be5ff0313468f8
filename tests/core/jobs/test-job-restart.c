/* test-job-restart.c: a job killed with its process becomes interrupted, and resumes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test runs its own binary as a child ("--child DATA_DIR"): the child runs a job
 * that blocks mid-way and says "ready" once the job's row is running and its first
 * log lines are saved; the test kills it with SIGKILL and opens the data dir again.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>

#include "jobs-test-util.h"

#define CHILD_OPTIONS "{\"items\": 6, \"block-at\": 3, \"log-every\": 1}"

static const char *self_path;

static void
child_log_added (BinderyJob      *job,
                 BinderyLogLevel  level,
                 const char      *path,
                 const char      *message)
{
  /* The queue saved this line before the signal; "item 2" is the last one before the block. */
  if (g_str_equal (message, "item 2"))
    {
      printf ("ready %" G_GINT64_FORMAT "\n", bindery_job_get_id (job));
      fflush (stdout);
    }
}

static int
child_main (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyContext) context = bindery_context_new (data_dir, &error);
  g_autoptr(BinderyJobQueue) queue = NULL;
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyJob) pushed = NULL;

  g_assert_no_error (error);
  g_assert_true (bindery_context_lock (context, &error));
  queue = bindery_job_queue_new (context, 1, &error);
  g_assert_no_error (error);

  test_job_block_forever = TRUE;
  job = test_job_new (CHILD_OPTIONS);
  g_signal_connect (job, "log-added", G_CALLBACK (child_log_added), NULL);
  pushed = bindery_job_queue_push (queue, job);
  /* Blocks until killed. */
  bindery_job_queue_wait (queue, job);
  return 1;
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  g_assert_no_error (error);
  if (*line == NULL)
    *line = g_strdup ("");  /* end of stream: the child died */
}

static gboolean
line_read (gpointer data)
{
  return *(char **) data != NULL;
}

static void
die_with_parent (gpointer data)
{
  /* If the test fails before killing the child, the child must not linger. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gint64
run_child_until_ready (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  gint64 id;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--child", dir, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, read_line_cb, &line);
  jobs_wait_until (line_read, &line);
  g_assert_true (g_str_has_prefix (line, "ready "));
  id = g_ascii_strtoll (line + strlen ("ready "), NULL, 10);
  g_assert_cmpint (id, >, 0);

  g_subprocess_send_signal (child, SIGKILL);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  return id;
}

static void
test_interrupted_after_kill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-jobs-XXXXXX", &error);
  g_autoptr(BinderyContext) context = NULL;
  g_autoptr(BinderyJobQueue) queue = NULL;
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *state = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  g_assert_no_error (error);
  id = run_child_until_ready (dir);

  /* The dead process left its row running, with the lines logged so far. */
  catalog = jobs_open_catalog (dir);
  state = jobs_dup_state (catalog, id);
  g_assert_cmpstr (state, ==, "running");

  context = bindery_context_new (dir, &error);
  g_assert_no_error (error);
  /* The child's lock died with it. */
  g_assert_true (bindery_context_lock (context, &error));
  g_assert_no_error (error);
  queue = bindery_job_queue_new (context, 1, &error);
  g_assert_no_error (error);

  row = bindery_catalog_get_job (catalog, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "interrupted");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (row, "logs")), ==, 3);
  g_assert_false (bindery_job_queue_is_busy (queue));

  /* Resumed under the same id, from the persisted type and options. */
  g_assert_cmpuint (bindery_job_queue_resume_pending (queue), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (bindery_job_queue_get_active (queue)), ==, 1);
  job = g_list_model_get_item (bindery_job_queue_get_active (queue), 0);
  g_assert_true (TEST_IS_JOB (job));
  g_assert_cmpint (bindery_job_get_id (job), ==, id);
  g_assert_cmpint (json_object_get_int_member (bindery_job_get_options (job), "block-at"), ==, 3);
  bindery_job_queue_wait (queue, job);

  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpuint (test_job_get_items_run (TEST_JOB (job)), ==, 6);
  after = jobs_dup_state (catalog, id);
  g_assert_cmpstr (after, ==, "completed");
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM jobs WHERE ? = 0", 0), ==, 1);
  /* Nothing left to resume. */
  g_assert_cmpuint (bindery_job_queue_resume_pending (queue), ==, 0);

  g_clear_object (&job);
  g_assert_finalize_object (g_steal_pointer (&queue));
  g_clear_object (&catalog);
  g_clear_object (&context);
  jobs_rm_rf (dir);
}

static void
test_saved_for_later (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-jobs-XXXXXX", &error);
  g_autoptr(BinderyContext) context = NULL;
  g_autoptr(BinderyJobQueue) queue = NULL;
  g_autoptr(BinderyJob) saved = test_job_new ("{\"items\": 2}");
  g_autoptr(BinderyJob) same = test_job_new ("{\"items\": 2}");
  g_autoptr(BinderyJob) resumed = NULL;

  g_assert_no_error (error);
  context = bindery_context_new (dir, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_context_lock (context, &error));
  queue = bindery_job_queue_new (context, 0, &error);
  g_assert_no_error (error);

  g_assert_true (bindery_job_queue_save_for_later (queue, saved, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bindery_job_get_id (saved), >, 0);
  g_assert_false (bindery_job_queue_is_busy (queue));
  /* Saving an identical job again keeps one row. */
  g_assert_true (bindery_job_queue_save_for_later (queue, same, &error));
  g_assert_cmpint (bindery_job_get_id (same), ==, bindery_job_get_id (saved));

  /* Another process (here: a new queue) picks it up. */
  g_assert_finalize_object (g_steal_pointer (&queue));
  queue = bindery_job_queue_new (context, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bindery_job_queue_resume_pending (queue), ==, 1);
  resumed = g_list_model_get_item (bindery_job_queue_get_active (queue), 0);
  g_assert_cmpint (bindery_job_get_id (resumed), ==, bindery_job_get_id (saved));
  bindery_job_queue_wait (queue, resumed);
  g_assert_cmpint (bindery_job_get_state (resumed), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_false (test_job_get_ran (TEST_JOB (saved)));

  g_clear_object (&resumed);
  g_assert_finalize_object (g_steal_pointer (&queue));
  g_clear_object (&context);
  jobs_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  bindery_job_register_type (TEST_TYPE_JOB);

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2]);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jobs/restart/interrupted-after-kill", test_interrupted_after_kill);
  g_test_add_func ("/jobs/restart/saved-for-later", test_saved_for_later);

  return g_test_run ();
}
