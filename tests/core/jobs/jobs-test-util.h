/* jobs-test-util.h: a test job type and helpers for the job queue tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-job-queue.h"

G_BEGIN_DECLS

/* TestJob ("test"): options
 *   items      number of items (0: until cancelled)
 *   fail-at    fail with an error at that item (default: never)
 *   log-every  log a line every N items ("item I"; even items name a path "book-I.cbz")
 *   report     set a report {"done": N, "failed": report-failed (default 0)}
 *   books      announce each item as a book added (id I + 1) and changed
 *   block-at   when test_job_block_forever is set, block at that item until cancelled
 *   follow-up  from `completed`, name a follow-up "test" job {"items": 1, "tag": "follow-up"}
 *   follow-ups array of {"type" (default "test"), "target", "options", "when": "run"
 *              (default: on the worker, before the first item) or "completed" (from
 *              `completed`, whatever the state)}: follow-ups to name
 *   work       checksum that many bytes per item (real work, so the job takes a while)
 *   tag        anything: makes options differ */
#define TEST_TYPE_JOB (test_job_get_type ())
G_DECLARE_FINAL_TYPE (TestJob, test_job, TEST, JOB, BinderyJob)

extern gboolean test_job_block_forever;

BinderyJob *test_job_new           (const char *options_json);
BinderyJob *test_job_new_for_library (gint64 library_id, const char *target, const char *options_json);
/* Items the worker has completed so far (atomic). */
guint       test_job_get_items_run (TestJob *self);
gboolean    test_job_get_ran       (TestJob *self);

typedef struct {
  char            *dir;
  BinderyContext  *context;
  BinderyJobQueue *queue;
} JobsFixture;

void        jobs_fixture_set_up    (JobsFixture *fixture, gconstpointer data);
void        jobs_fixture_tear_down (JobsFixture *fixture, gconstpointer data);

typedef gboolean (*JobsCondition) (gpointer data);
/* Iterates the default main context until condition holds; fails the test after 60 s. */
void        jobs_wait_until        (JobsCondition condition, gpointer data);
/* Iterates the default main context for about ms milliseconds. */
void        jobs_iterate_for       (guint ms);
gboolean    jobs_cond_items_done   (gpointer job);  /* items-done > 0 */
gboolean    jobs_cond_finished     (gpointer job);

/* A separate connection to the fixture's catalog; a column of one job row. */
BinderyCatalog *jobs_open_catalog  (const char *dir);
gint64      jobs_count_rows        (BinderyCatalog *catalog, const char *sql, gint64 arg);
char       *jobs_dup_state         (BinderyCatalog *catalog, gint64 job_id);

void        jobs_rm_rf             (const char *path);

G_END_DECLS
