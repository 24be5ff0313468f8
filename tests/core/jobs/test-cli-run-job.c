/* test-cli-run-job.c: cli_run_job(): exit statuses, the data dir lock, Ctrl+C,
 * follow-ups saved for the app, plain progress lines on a pipe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Links the CLI's own cli-jobs.c and cli-common.c. Tests that look at stderr send it
 * to a file for the length of the call.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bindery-cli.h"
#include "jobs-test-util.h"

typedef struct {
  char       *dir;
  BinderyCli  cli;
} CliFixture;

static void
cli_set_up (CliFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("bindery-cli-run-XXXXXX", &error);
  g_assert_no_error (error);
  f->cli.data_dir = f->dir;
}

static void
cli_tear_down (CliFixture *f, gconstpointer data)
{
  g_clear_object (&f->cli.catalog);
  g_clear_object (&f->cli.context);
  jobs_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
row_state (CliFixture *f, BinderyJob *job)
{
  g_autoptr(BinderyCatalog) catalog = jobs_open_catalog (f->dir);
  return jobs_dup_state (catalog, bindery_job_get_id (job));
}

static int
run (CliFixture *f, const char *options, BinderyJob **out_job)
{
  g_autoptr(BinderyJob) job = test_job_new (options);
  int status = cli_run_job (&f->cli, job);

  /* The lock is only held while the job runs. */
  g_assert_false (bindery_context_is_locked (f->cli.context));
  if (out_job != NULL)
    *out_job = g_steal_pointer (&job);
  return status;
}

static void
test_statuses (CliFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) ok = NULL;
  g_autoptr(BinderyJob) partial = NULL;
  g_autoptr(BinderyJob) failed = NULL;
  g_autofree char *state = NULL;

  g_assert_cmpint (run (f, "{\"items\": 3, \"report\": true}", &ok), ==, CLI_EXIT_OK);
  g_assert_cmpint (bindery_job_get_state (ok), ==, BINDERY_JOB_STATE_COMPLETED);
  state = row_state (f, ok);
  g_assert_cmpstr (state, ==, "completed");

  g_assert_cmpint (run (f, "{\"items\": 3, \"report\": true, \"report-failed\": 2}", &partial),
                   ==, CLI_EXIT_FAILURES);
  g_assert_cmpint (bindery_job_get_state (partial), ==, BINDERY_JOB_STATE_COMPLETED);

  g_assert_cmpint (run (f, "{\"items\": 3, \"fail-at\": 0}", &failed), ==, CLI_EXIT_USAGE);
  g_assert_cmpint (bindery_job_get_state (failed), ==, BINDERY_JOB_STATE_FAILED);
}

static gboolean
interrupt_once (gpointer data)
{
  raise (SIGINT);
  return G_SOURCE_REMOVE;
}

static void
on_first_progress (BinderyJob *job, GParamSpec *pspec, gpointer data)
{
  guint *at = data;

  if (*at == 0)
    {
      *at = MAX (test_job_get_items_run (TEST_JOB (job)), 1);
      g_idle_add (interrupt_once, NULL);
    }
}

static void
test_interrupt (CliFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = test_job_new ("{\"items\": 0}");
  g_autofree char *state = NULL;
  guint at = 0;

  /* Ctrl+C while the job runs cancels it: exit 2, the row says cancelled. */
  g_signal_connect (job, "notify::items-done", G_CALLBACK (on_first_progress), &at);
  g_assert_cmpint (cli_run_job (&f->cli, job), ==, CLI_EXIT_USAGE);
  g_assert_cmpuint (at, >, 0);
  g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_CANCELLED);
  state = row_state (f, job);
  g_assert_cmpstr (state, ==, "cancelled");
}

static void
test_follow_up_saved (CliFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = NULL;
  g_autoptr(BinderyCatalog) catalog = NULL;

  /* The CLI runs only its own job: the follow-up waits, queued, for the app. */
  g_assert_cmpint (run (f, "{\"items\": 1, \"follow-up\": true}", &job), ==, CLI_EXIT_OK);
  catalog = jobs_open_catalog (f->dir);
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM jobs WHERE state = 'queued' AND ? = 0", 0),
                   ==, 1);
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM jobs WHERE ? = 0", 0), ==, 2);
}

/* Sends stderr to a file until capture_end(), which returns what was written. */
typedef struct {
  char *path;
  int   saved_fd;
} Capture;

static void
capture_begin (Capture *capture, const char *dir)
{
  int fd;

  capture->path = g_build_filename (dir, "stderr.txt", NULL);
  fd = g_open (capture->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  fflush (stderr);
  capture->saved_fd = dup (STDERR_FILENO);
  g_assert_cmpint (dup2 (fd, STDERR_FILENO), ==, STDERR_FILENO);
  close (fd);
}

static char *
capture_end (Capture *capture)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  fflush (stderr);
  g_assert_cmpint (dup2 (capture->saved_fd, STDERR_FILENO), ==, STDERR_FILENO);
  close (capture->saved_fd);
  g_file_get_contents (capture->path, &text, NULL, &error);
  g_assert_no_error (error);
  g_remove (capture->path);
  g_free (capture->path);
  return text;
}

static void
test_locked (CliFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BinderyContext) owner = bindery_context_new (f->dir, &error);
  g_autoptr(BinderyJob) job = test_job_new ("{\"items\": 1}");
  g_autofree char *pid = g_strdup_printf ("pid %d", (int) getpid ());
  g_autofree char *err = NULL;
  Capture capture;
  int status;

  g_assert_no_error (error);
  g_assert_true (bindery_context_lock (owner, &error));

  capture_begin (&capture, f->dir);
  status = cli_run_job (&f->cli, job);
  err = capture_end (&capture);

  /* Refused before anything ran or was saved, naming the process holding the lock. */
  g_assert_cmpint (status, ==, CLI_EXIT_USAGE);
  g_assert_false (test_job_get_ran (TEST_JOB (job)));
  g_assert_cmpint (bindery_job_get_id (job), ==, 0);
  g_assert_true (g_str_has_prefix (err, "bindery-cli: "));
  g_assert_nonnull (strstr (err, pid));
}

static void
test_plain_progress (CliFixture *f, gconstpointer data)
{
  g_autoptr(BinderyJob) job = test_job_new ("{\"items\": 60000, \"work\": 2048, \"log-every\": 20001}");
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint progress_lines = 0;
  gint64 start, elapsed;
  Capture capture;
  int status;

  /* stderr is a file here, not a terminal: plain lines, at most about one a second. */
  capture_begin (&capture, f->dir);
  start = g_get_monotonic_time ();
  status = cli_run_job (&f->cli, job);
  elapsed = g_get_monotonic_time () - start;
  err = capture_end (&capture);

  g_assert_cmpint (status, ==, CLI_EXIT_OK);
  g_assert_null (strchr (err, '\r'));
  g_assert_null (strstr (err, "\033["));
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "test: "))
      progress_lines++;
  g_test_message ("%u progress lines in %.2f s", progress_lines, (double) elapsed / G_USEC_PER_SEC);
  g_assert_cmpuint (progress_lines, >=, 1);
  g_assert_cmpfloat (progress_lines, <=, (double) elapsed / G_USEC_PER_SEC + 1.0);

  /* Warnings from the job log reach stderr; info lines do not. */
  g_assert_nonnull (strstr (err, "warning: item 20001\n"));
  g_assert_null (strstr (err, "item 0\n"));
  g_assert_nonnull (strstr (err, "completed"));
}

#define ADD(path, func) \
  g_test_add (path, CliFixture, NULL, cli_set_up, func, cli_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bindery_job_register_type (TEST_TYPE_JOB);

  ADD ("/jobs/cli-run/statuses", test_statuses);
  ADD ("/jobs/cli-run/interrupt", test_interrupt);
  ADD ("/jobs/cli-run/follow-up-saved", test_follow_up_saved);
  ADD ("/jobs/cli-run/locked", test_locked);
  ADD ("/jobs/cli-run/plain-progress", test_plain_progress);

  return g_test_run ();
}
