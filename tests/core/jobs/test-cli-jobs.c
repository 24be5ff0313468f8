/* test-cli-jobs.c: bindery-cli jobs [--json] [--clear] and job ID [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jobs are run in this process through a real queue (with the test job type), then
 * read back by the built bindery-cli ($BINDERY_CLI) in a child process.
 */
#include "config.h"

#include "jobs-test-util.h"

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Communicate;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Communicate *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err, &c->error);
  c->done = TRUE;
}

static gboolean
communicate_done (gpointer data)
{
  return ((Communicate *) data)->done;
}

/* Runs bindery-cli --data-dir dir ARGS…; returns its exit status. */
static int
run_cli (const char  *dir,
         char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Communicate c = { 0 };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("BINDERY_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) dir);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &c);
  jobs_wait_until (communicate_done, &c);
  g_assert_no_error (c.error);
  g_assert_true (g_subprocess_get_if_exited (process));

  *out = c.out;
  *err = c.err;
  return g_subprocess_get_exit_status (process);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Runs two jobs (one completed with logs and a report, one failed) and returns their ids. */
static void
make_jobs (const char *dir,
           gint64     *completed,
           gint64     *failed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyContext) context = bindery_context_new (dir, &error);
  g_autoptr(BinderyJobQueue) queue = NULL;
  g_autoptr(BinderyJob) ok_job = test_job_new ("{\"items\": 3, \"log-every\": 1, \"report\": true}");
  g_autoptr(BinderyJob) bad_job = test_job_new ("{\"items\": 3, \"fail-at\": 1}");
  g_autoptr(BinderyJob) ok_pushed = NULL;
  g_autoptr(BinderyJob) bad_pushed = NULL;

  g_assert_no_error (error);
  g_assert_true (bindery_context_lock (context, &error));
  queue = bindery_job_queue_new (context, 1, &error);
  g_assert_no_error (error);

  ok_pushed = bindery_job_queue_push (queue, ok_job);
  bad_pushed = bindery_job_queue_push (queue, bad_job);
  bindery_job_queue_wait (queue, ok_job);
  bindery_job_queue_wait (queue, bad_job);
  g_assert_cmpint (bindery_job_get_state (ok_job), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpint (bindery_job_get_state (bad_job), ==, BINDERY_JOB_STATE_FAILED);

  *completed = bindery_job_get_id (ok_job);
  *failed = bindery_job_get_id (bad_job);
}

static void
test_jobs_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-cli-jobs-XXXXXX", &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *jobs;
  JsonObject *newest, *oldest;
  gint64 completed, failed;

  g_assert_no_error (error);
  make_jobs (dir, &completed, &failed);

  g_assert_cmpint (run_cli (dir, &out, &err, "jobs", "--json", NULL), ==, 0);
  root = parse (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  jobs = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (jobs), ==, 2);

  /* Newest first. */
  newest = json_array_get_object_element (jobs, 0);
  oldest = json_array_get_object_element (jobs, 1);
  g_assert_cmpint (json_object_get_int_member (newest, "id"), ==, failed);
  g_assert_cmpstr (json_object_get_string_member (newest, "state"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (newest, "error"), ==, "Item 1 is broken");
  g_assert_cmpint (json_object_get_int_member (oldest, "id"), ==, completed);
  g_assert_cmpstr (json_object_get_string_member (oldest, "state"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (oldest, "type"), ==, "test");
  g_assert_cmpint (json_object_get_int_member (oldest, "items_done"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (oldest, "items_total"), ==, 3);
  g_assert_nonnull (json_object_get_string_member (oldest, "finished_at"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, &out, &err, "jobs", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "completed"));
  g_assert_nonnull (strstr (out, "failed"));
  g_assert_nonnull (strstr (out, "Item 1 is broken"));

  jobs_rm_rf (dir);
}

static void
test_job_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-cli-jobs-XXXXXX", &error);
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *job, *report;
  JsonArray *logs;
  gint64 completed, failed;

  g_assert_no_error (error);
  make_jobs (dir, &completed, &failed);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, completed);

  g_assert_cmpint (run_cli (dir, &out, &err, "job", id, "--json", NULL), ==, 0);
  root = parse (out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  job = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (job, "id"), ==, completed);
  g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "completed");
  report = json_object_get_object_member (job, "report");
  g_assert_nonnull (report);
  g_assert_cmpint (json_object_get_int_member (report, "done"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (report, "failed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (job, "options"), "items"), ==, 3);
  logs = json_object_get_array_member (job, "logs");
  g_assert_cmpuint (json_array_get_length (logs), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logs, 0), "message"), ==, "item 0");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logs, 0), "path"), ==, "book-0.cbz");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logs, 1), "level"), ==, "warning");

  /* The human form shows the report and the log lines. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, &out, &err, "job", id, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Report:"));
  g_assert_nonnull (strstr (out, "done: 3"));
  g_assert_nonnull (strstr (out, "book-0.cbz: item 0"));
  g_assert_nonnull (strstr (out, "item 2"));

  /* Bad ids: exit 2 with the reason on stderr. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, &out, &err, "job", "99999", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "99999"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, &out, &err, "job", "abc", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "abc"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, &out, &err, "job", NULL), ==, 2);

  jobs_rm_rf (dir);
}

static void
test_jobs_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-cli-jobs-XXXXXX", &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) cleared = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;
  gint64 completed, failed;

  g_assert_no_error (error);
  make_jobs (dir, &completed, &failed);

  g_assert_cmpint (run_cli (dir, &out, &err, "jobs", "--clear", "--json", NULL), ==, 0);
  cleared = parse (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (cleared), "removed"), ==, 2);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, &out, &err, "jobs", "--json", NULL), ==, 0);
  after = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (after)), ==, 0);

  /* The logs went with the jobs. */
  catalog = jobs_open_catalog (dir);
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM job_logs WHERE ? = 0", 0), ==, 0);
  g_clear_object (&catalog);

  jobs_rm_rf (dir);
}

static void
test_jobs_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bindery-cli-jobs-XXXXXX", &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_no_error (error);

  /* No catalog yet: an empty list, and nothing created. */
  g_assert_cmpint (run_cli (dir, &out, &err, "jobs", "--json", NULL), ==, 0);
  root = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dir, &out, &err, "jobs", "--bogus", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "bogus"));

  jobs_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bindery_job_register_type (TEST_TYPE_JOB);

  g_test_add_func ("/jobs/cli/jobs-json", test_jobs_json);
  g_test_add_func ("/jobs/cli/job-json", test_job_json);
  g_test_add_func ("/jobs/cli/jobs-clear", test_jobs_clear);
  g_test_add_func ("/jobs/cli/jobs-empty", test_jobs_empty);

  return g_test_run ();
}
