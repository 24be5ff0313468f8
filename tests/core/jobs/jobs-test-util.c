/* jobs-test-util.c: a test job type and helpers for the job queue tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "jobs-test-util.h"

gboolean test_job_block_forever;

struct _TestJob
{
  BinderyJob parent_instance;
  int        items_run;   /* atomic */
  int        ran;         /* atomic */
};

G_DEFINE_FINAL_TYPE (TestJob, test_job, BINDERY_TYPE_JOB)

static gint64
option (BinderyJob *job,
        const char *name,
        gint64      fallback)
{
  return json_object_get_int_member_with_default (bindery_job_get_options (job), name, fallback);
}

/* Names the follow-ups of the "follow-ups" option whose "when" is when. */
static void
name_follow_ups (BinderyJob *job,
                 const char *when)
{
  JsonObject *options = bindery_job_get_options (job);
  JsonArray *follow_ups;

  if (!json_object_has_member (options, "follow-ups"))
    return;

  follow_ups = json_object_get_array_member (options, "follow-ups");
  for (guint i = 0; i < json_array_get_length (follow_ups); i++)
    {
      JsonObject *follow_up = json_array_get_object_element (follow_ups, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (follow_up, "when", "run"), when) != 0)
        continue;
      bindery_job_add_follow_up (job,
                                 json_object_get_string_member_with_default (follow_up, "type", "test"),
                                 json_object_get_string_member_with_default (follow_up, "target", NULL),
                                 json_object_has_member (follow_up, "options")
                                   ? json_object_get_object_member (follow_up, "options") : NULL);
    }
}

static void
block_until_cancelled (BinderyJob *job)
{
  GMutex mutex;
  GCond cond;

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  g_mutex_lock (&mutex);
  while (!bindery_job_is_cancelled (job))
    g_cond_wait_until (&cond, &mutex, g_get_monotonic_time () + G_USEC_PER_SEC / 10);
  g_mutex_unlock (&mutex);
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}

static gboolean
test_job_run (BinderyJob    *job,
              GCancellable  *cancellable,
              GError       **error)
{
  TestJob *self = TEST_JOB (job);
  gint64 items = option (job, "items", 0);
  gint64 fail_at = option (job, "fail-at", -1);
  gint64 log_every = option (job, "log-every", 0);
  gint64 block_at = option (job, "block-at", -1);
  gint64 work = option (job, "work", 0);
  g_autofree guint8 *buffer = g_malloc0 (MAX (work, 1));
  gboolean books = json_object_get_boolean_member_with_default (bindery_job_get_options (job), "books", FALSE);

  g_assert_nonnull (bindery_job_get_catalog (job));
  g_atomic_int_set (&self->ran, 1);
  bindery_job_set_items (job, 0, (guint64) items);
  bindery_job_set_message (job, "Working");
  name_follow_ups (job, "run");

  for (gint64 i = 0; items == 0 || i < items; i++)
    {
      if (!bindery_job_check (job, error))
        return FALSE;

      if (i == block_at && test_job_block_forever)
        {
          block_until_cancelled (job);
          continue;
        }

      if (i == fail_at)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Item %" G_GINT64_FORMAT " is broken", i);
          return FALSE;
        }

      if (work > 0)
        {
          g_autofree char *digest = NULL;

          buffer[i % work] = (guint8) i;
          digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, buffer, work);
        }

      g_atomic_int_inc (&self->items_run);
      bindery_job_add_items_done (job, 1);

      if (log_every > 0 && i % log_every == 0)
        {
          g_autofree char *path = i % 2 == 0 ? g_strdup_printf ("book-%" G_GINT64_FORMAT ".cbz", i) : NULL;
          bindery_job_log (job, i % 2 == 0 ? BINDERY_LOG_INFO : BINDERY_LOG_WARNING, path,
                           "item %" G_GINT64_FORMAT, i);
        }
      if (books)
        {
          gint64 id = i + 1;
          bindery_job_announce_books_added (job, &id, 1);
          bindery_job_announce_books_changed (job, &id, 1);
        }
    }

  if (json_object_get_boolean_member_with_default (bindery_job_get_options (job), "report", FALSE))
    {
      JsonObject *report = json_object_new ();

      json_object_set_int_member (report, "done", g_atomic_int_get (&self->items_run));
      json_object_set_int_member (report, "failed", option (job, "report-failed", 0));
      bindery_job_take_report (job, report);
    }

  return TRUE;
}

static void
test_job_completed (BinderyJob      *job,
                    BinderyJobState  state)
{
  if (state == BINDERY_JOB_STATE_COMPLETED &&
      json_object_get_boolean_member_with_default (bindery_job_get_options (job), "follow-up", FALSE))
    {
      g_autoptr(JsonObject) options = json_object_new ();

      json_object_set_int_member (options, "items", 1);
      json_object_set_string_member (options, "tag", "follow-up");
      bindery_job_add_follow_up (job, "test", NULL, options);
    }
  name_follow_ups (job, "completed");
}

static void
test_job_class_init (TestJobClass *klass)
{
  BinderyJobClass *job_class = BINDERY_JOB_CLASS (klass);

  job_class->type_name = "test";
  job_class->run = test_job_run;
  job_class->completed = test_job_completed;
}

static void
test_job_init (TestJob *self)
{
}

BinderyJob *
test_job_new_for_library (gint64      library_id,
                          const char *target,
                          const char *options_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (options_json, &error);

  g_assert_no_error (error);
  return g_object_new (TEST_TYPE_JOB,
                       "library-id", library_id,
                       "target", target,
                       "options", json_node_get_object (node),
                       NULL);
}

BinderyJob *
test_job_new (const char *options_json)
{
  return test_job_new_for_library (0, NULL, options_json);
}

guint
test_job_get_items_run (TestJob *self)
{
  return (guint) g_atomic_int_get (&self->items_run);
}

gboolean
test_job_get_ran (TestJob *self)
{
  return g_atomic_int_get (&self->ran) != 0;
}

void
jobs_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        jobs_rm_rf (child);
      else
        g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

void
jobs_fixture_set_up (JobsFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bindery-jobs-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->context = bindery_context_new (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (bindery_context_lock (fixture->context, &error));
  g_assert_no_error (error);
  fixture->queue = bindery_job_queue_new (fixture->context, 0, &error);
  g_assert_no_error (error);
}

void
jobs_fixture_tear_down (JobsFixture   *fixture,
                        gconstpointer  data)
{
  if (fixture->queue != NULL)
    g_assert_finalize_object (fixture->queue);
  g_clear_object (&fixture->context);
  jobs_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_CONTINUE;
}

void
jobs_wait_until (JobsCondition condition,
                 gpointer      data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean tick = FALSE;
  guint tick_id;

  /* Wakes the loop now and then, for conditions that no main-loop event announces. */
  tick_id = g_timeout_add (10, set_flag, &tick);
  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for a condition");
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick_id);
}

void
jobs_iterate_for (guint ms)
{
  gboolean done = FALSE;
  guint id = g_timeout_add (ms, set_flag, &done);

  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

gboolean
jobs_cond_items_done (gpointer job)
{
  return bindery_job_get_items_done (job) > 0;
}

gboolean
jobs_cond_finished (gpointer job)
{
  return bindery_job_state_is_finished (bindery_job_get_state (job));
}

BinderyCatalog *
jobs_open_catalog (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "catalog.sqlite", NULL);
  BinderyCatalog *catalog = bindery_catalog_open (path, BINDERY_CATALOG_OPEN_READ_WRITE, &error);

  g_assert_no_error (error);
  return catalog;
}

gint64
jobs_count_rows (BinderyCatalog *catalog,
                 const char     *sql,
                 gint64          arg)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, sql, &error);
  gint64 count;

  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

char *
jobs_dup_state (BinderyCatalog *catalog,
                gint64          job_id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = bindery_catalog_prepare (catalog, "SELECT state FROM jobs WHERE id = ?", &error);
  char *state = NULL;

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, job_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    state = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return state;
}
