/* test-job-follow-ups.c: a job names its follow-ups, the queue acts on them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With the test job type ("follow-ups" option, jobs-test-util.h), a real queue and a
 * real catalog: follow-ups named on the worker and from `completed` are queued in
 * order against the job's library once it completed, before "finished"; named twice,
 * once; an identical queued job absorbs one; a deferring queue saves them for later;
 * nothing happens for a job that failed, was cancelled or was interrupted; an
 * unregistered type is a warning in the job's log and the others still run.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "bindery-library.h"
#include "jobs-test-util.h"

typedef struct {
  GPtrArray *added;              /* BinderyJob, from "job-added" */
  gint64     rows_at_finished;   /* rows of the queue's jobs when the parent's "finished" ran */
} Watch;

static void
on_job_added (BinderyJobQueue *queue, BinderyJob *job, Watch *w)
{
  g_ptr_array_add (w->added, g_object_ref (job));
}

static void
on_finished (BinderyJob *job, Watch *w)
{
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (g_object_get_data (G_OBJECT (job), "queue"));

  w->rows_at_finished = jobs_count_rows (catalog, "SELECT count(*) FROM jobs WHERE ? = 0", 0);
}

static void
watch_queue (JobsFixture *f, BinderyJob *job, Watch *w)
{
  w->added = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->queue, "job-added", G_CALLBACK (on_job_added), w);
  g_object_set_data (G_OBJECT (job), "queue", f->queue);
  g_signal_connect (job, "finished", G_CALLBACK (on_finished), w);
}

static void
unwatch_queue (JobsFixture *f, Watch *w)
{
  g_signal_handlers_disconnect_by_data (f->queue, w);
  g_clear_pointer (&w->added, g_ptr_array_unref);
}

static void
wait_idle (JobsFixture *f)
{
  while (bindery_job_queue_is_busy (f->queue))
    g_main_context_iteration (NULL, TRUE);
}

/* A real library row, so that follow-ups can be checked against its id. */
static gint64
add_library (JobsFixture *f)
{
  g_autofree char *folder = g_build_filename (f->dir, "Library", NULL);
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  library = bindery_catalog_add_library (bindery_job_queue_get_catalog (f->queue), folder, "Library",
                                         BINDERY_LIBRARY_PATTERN_SERIES, &error);
  g_assert_no_error (error);
  return bindery_library_get_id (library);
}

static void
assert_follow_up (BinderyJobFollowUp *follow_up,
                  gint64              library_id,
                  const char         *target,
                  const char         *tag)
{
  g_assert_cmpstr (follow_up->type_name, ==, "test");
  g_assert_cmpint (follow_up->library_id, ==, library_id);
  g_assert_cmpstr (follow_up->target, ==, target);
  g_assert_cmpstr (json_object_get_string_member (follow_up->options, "tag"), ==, tag);
  g_assert_cmpint (json_object_get_int_member (follow_up->options, "items"), ==, 1);
}

/* Named on the worker (a, b, a again with its members in another order) and from
 * `completed` (c): a, b, c run after the parent, against its library. */
static void
test_named_and_run (JobsFixture *f, gconstpointer data)
{
  gint64 library_id = add_library (f);
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (f->queue);
  g_autoptr(BinderyJob) parent = test_job_new_for_library (library_id, "parent",
    "{\"items\": 2, \"follow-ups\": ["
    "  {\"target\": \"a\", \"options\": {\"items\": 1, \"tag\": \"a\"}},"
    "  {\"target\": \"b\", \"options\": {\"items\": 1, \"tag\": \"b\"}},"
    "  {\"target\": \"a\", \"options\": {\"tag\": \"a\", \"items\": 1}},"
    "  {\"target\": \"c\", \"options\": {\"items\": 1, \"tag\": \"c\"}, \"when\": \"completed\"}]}");
  g_autoptr(BinderyJob) pushed = NULL;
  g_autoptr(GPtrArray) follow_ups = NULL;
  const char *targets[] = { "a", "b", "c" };
  Watch w = { 0 };

  follow_ups = bindery_job_dup_follow_ups (parent);
  g_assert_cmpuint (follow_ups->len, ==, 0);
  g_clear_pointer (&follow_ups, g_ptr_array_unref);

  watch_queue (f, parent, &w);
  pushed = bindery_job_queue_push (f->queue, parent);
  bindery_job_queue_wait (f->queue, parent);
  g_assert_cmpint (bindery_job_get_state (parent), ==, BINDERY_JOB_STATE_COMPLETED);

  /* Named: in order, once each, with the parent's library. */
  follow_ups = bindery_job_dup_follow_ups (parent);
  g_assert_cmpuint (follow_ups->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    assert_follow_up (g_ptr_array_index (follow_ups, i), library_id, targets[i], targets[i]);

  /* Queued before "finished", in the same order. */
  g_assert_cmpint (w.rows_at_finished, ==, 4);
  g_assert_cmpuint (w.added->len, ==, 4);
  g_assert_true (g_ptr_array_index (w.added, 0) == parent);
  for (guint i = 0; i < 3; i++)
    {
      BinderyJob *job = g_ptr_array_index (w.added, i + 1);

      g_assert_cmpstr (bindery_job_get_type_name (job), ==, "test");
      g_assert_cmpint (bindery_job_get_library_id (job), ==, library_id);
      g_assert_cmpstr (bindery_job_get_target (job), ==, targets[i]);
      g_assert_cmpint (bindery_job_get_id (job), >, bindery_job_get_id (parent));
    }

  wait_idle (f);
  for (guint i = 1; i < w.added->len; i++)
    {
      BinderyJob *job = g_ptr_array_index (w.added, i);

      g_assert_cmpint (bindery_job_get_state (job), ==, BINDERY_JOB_STATE_COMPLETED);
      g_assert_cmpuint (test_job_get_items_run (TEST_JOB (job)), ==, 1);
    }
  g_assert_cmpint (jobs_count_rows (catalog,
                                    "SELECT count(*) FROM jobs WHERE state = 'completed' AND library_id = ?",
                                    library_id), ==, 4);
  unwatch_queue (f, &w);
}

/* Failed, cancelled, interrupted: the follow-ups named (on the worker and from
 * `completed`) are not acted on. */
static void
test_only_when_completed (JobsFixture *f, gconstpointer data)
{
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (f->queue);
  const char *follow_ups =
    "\"follow-ups\": [{\"options\": {\"items\": 1, \"tag\": \"dropped\"}},"
    "                {\"options\": {\"items\": 1, \"tag\": \"dropped-c\"}, \"when\": \"completed\"}]";
  g_autofree char *failing_options = g_strdup_printf ("{\"items\": 5, \"fail-at\": 2, %s}", follow_ups);
  g_autofree char *endless_options = g_strdup_printf ("{\"items\": 0, %s}", follow_ups);
  g_autoptr(BinderyJob) failing = test_job_new (failing_options);
  g_autoptr(BinderyJob) cancelled = test_job_new (endless_options);
  g_autoptr(BinderyJob) interrupted = test_job_new_for_library (0, "other", endless_options);
  g_autoptr(BinderyJob) pushed = NULL;
  g_autoptr(GPtrArray) named = NULL;

  pushed = bindery_job_queue_push (f->queue, failing);
  bindery_job_queue_wait (f->queue, failing);
  g_assert_cmpint (bindery_job_get_state (failing), ==, BINDERY_JOB_STATE_FAILED);
  named = bindery_job_dup_follow_ups (failing);
  g_assert_cmpuint (named->len, ==, 2);
  g_assert_false (bindery_job_queue_is_busy (f->queue));
  g_clear_object (&pushed);

  pushed = bindery_job_queue_push (f->queue, cancelled);
  jobs_wait_until (jobs_cond_items_done, cancelled);
  bindery_job_cancel (cancelled);
  bindery_job_queue_wait (f->queue, cancelled);
  g_assert_cmpint (bindery_job_get_state (cancelled), ==, BINDERY_JOB_STATE_CANCELLED);
  g_assert_false (bindery_job_queue_is_busy (f->queue));
  g_clear_object (&pushed);

  pushed = bindery_job_queue_push (f->queue, interrupted);
  jobs_wait_until (jobs_cond_items_done, interrupted);
  bindery_job_queue_shutdown (f->queue);
  g_assert_cmpint (bindery_job_get_state (interrupted), ==, BINDERY_JOB_STATE_INTERRUPTED);

  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM jobs WHERE ? = 0", 0), ==, 3);
  g_assert_cmpint (jobs_count_rows (catalog,
                                    "SELECT count(*) FROM jobs WHERE json_extract (options, '$.tag') LIKE 'dropped%'"
                                    " AND ? = 0", 0), ==, 0);
}

/* A follow-up identical to a job already queued is that job; a deferring queue (the
 * CLI) saves follow-ups as queued, with their library and target, for the app. */
static void
test_merge_and_defer (JobsFixture *f, gconstpointer data)
{
  gint64 library_id = add_library (f);
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (f->queue);
  g_autoptr(BinderyJob) parent = test_job_new (
    "{\"items\": 1, \"follow-ups\": [{\"options\": {\"items\": 1, \"tag\": \"m\"}}]}");
  g_autoptr(BinderyJob) same = test_job_new ("{\"items\": 1, \"tag\": \"m\"}");
  g_autoptr(BinderyJob) deferring = test_job_new_for_library (library_id, NULL,
    "{\"items\": 1, \"follow-ups\": [{\"target\": \"t\", \"options\": {\"items\": 1, \"tag\": \"d\"}}]}");
  g_autoptr(BinderyJob) pushed = NULL;
  g_autoptr(BinderyJob) pushed_same = NULL;
  Watch w = { 0 };

  /* One worker: `same` waits in the queue while the parent runs. */
  bindery_job_queue_set_max_workers (f->queue, 1);
  watch_queue (f, parent, &w);
  pushed = bindery_job_queue_push (f->queue, parent);
  pushed_same = bindery_job_queue_push (f->queue, same);
  g_assert_true (pushed_same == same);
  bindery_job_queue_wait (f->queue, parent);
  g_assert_cmpuint (w.added->len, ==, 2);
  wait_idle (f);
  g_assert_cmpint (bindery_job_get_state (same), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpint (jobs_count_rows (catalog,
                                    "SELECT count(*) FROM jobs WHERE json_extract (options, '$.tag') = 'm' AND ? = 0",
                                    0), ==, 1);
  unwatch_queue (f, &w);
  g_clear_object (&pushed);

  bindery_job_queue_set_defer_follow_ups (f->queue, TRUE);
  watch_queue (f, deferring, &w);
  pushed = bindery_job_queue_push (f->queue, deferring);
  bindery_job_queue_wait (f->queue, deferring);
  g_assert_cmpuint (w.added->len, ==, 1);
  g_assert_false (bindery_job_queue_is_busy (f->queue));
  g_assert_cmpint (jobs_count_rows (catalog,
                                    "SELECT count(*) FROM jobs WHERE state = 'queued' AND type = 'test'"
                                    " AND target = 't' AND library_id = ?"
                                    " AND json_extract (options, '$.tag') = 'd'", library_id), ==, 1);
  unwatch_queue (f, &w);

  /* The app's queue runs it. */
  bindery_job_queue_set_defer_follow_ups (f->queue, FALSE);
  g_assert_cmpuint (bindery_job_queue_resume_pending (f->queue), ==, 1);
  wait_idle (f);
  g_assert_cmpint (jobs_count_rows (catalog,
                                    "SELECT count(*) FROM jobs WHERE state = 'completed' AND target = 't'"
                                    " AND library_id = ?", library_id), ==, 1);
}

/* A type this process never registered: a warning in the job's log, the job stays
 * completed, the other follow-ups run. */
static void
test_unknown_type (JobsFixture *f, gconstpointer data)
{
  BinderyCatalog *catalog = bindery_job_queue_get_catalog (f->queue);
  g_autoptr(BinderyJob) parent = test_job_new (
    "{\"items\": 1, \"follow-ups\": [{\"type\": \"no-such-job\"},"
    "                               {\"options\": {\"items\": 1, \"tag\": \"after\"}}]}");
  g_autoptr(BinderyJob) pushed = NULL;

  pushed = bindery_job_queue_push (f->queue, parent);
  bindery_job_queue_wait (f->queue, parent);

  g_assert_cmpint (bindery_job_get_state (parent), ==, BINDERY_JOB_STATE_COMPLETED);
  g_assert_cmpint (jobs_count_rows (catalog,
                                    "SELECT count(*) FROM job_logs WHERE job_id = ? AND level = 'warning'"
                                    " AND message = 'Cannot queue the follow-up job “no-such-job”: Unknown job type “no-such-job”'", bindery_job_get_id (parent)), ==, 1);
  wait_idle (f);
  g_assert_cmpint (jobs_count_rows (catalog,
                                    "SELECT count(*) FROM jobs WHERE state = 'completed'"
                                    " AND json_extract (options, '$.tag') = 'after' AND ? = 0", 0), ==, 1);
  g_assert_cmpint (jobs_count_rows (catalog, "SELECT count(*) FROM jobs WHERE ? = 0", 0), ==, 2);
}

#define ADD(path, func) \
  g_test_add (path, JobsFixture, NULL, jobs_fixture_set_up, func, jobs_fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bindery_job_register_type (TEST_TYPE_JOB);

  ADD ("/jobs/follow-ups/named-and-run", test_named_and_run);
  ADD ("/jobs/follow-ups/only-when-completed", test_only_when_completed);
  ADD ("/jobs/follow-ups/merge-and-defer", test_merge_and_defer);
  ADD ("/jobs/follow-ups/unknown-type", test_unknown_type);

  return g_test_run ();
}
