/* bindery-verify-job.c: the verify job (see bindery-verify-job.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "bindery-catalog.h"
#include "bindery-job-target.h"
#include "bindery-verify-job.h"
#include "bindery-verify-private.h"

struct _BinderyVerifyJob
{
  BinderyJob parent_instance;
};

G_DEFINE_FINAL_TYPE (BinderyVerifyJob, bindery_verify_job, BINDERY_TYPE_JOB)

static BinderyJob *
job_new (gint64      library_id,
         const char *target,
         gboolean    force)
{
  g_autoptr(JsonObject) options = json_object_new ();

  bindery_verify_job_register_type ();
  json_object_set_boolean_member (options, "force", force);
  return g_object_new (BINDERY_TYPE_VERIFY_JOB,
                       "library-id", library_id,
                       "target", target,
                       "options", options,
                       "title", force ? _("Verify files (all again)") : _("Verify files"),
                       NULL);
}

BinderyJob *
bindery_verify_job_new_for_library (gint64   library_id,
                                    gboolean force)
{
  return job_new (library_id, NULL, force);
}

BinderyJob *
bindery_verify_job_new_for_series (gint64   library_id,
                                   gint64   series_id,
                                   gboolean force)
{
  g_autofree char *target = bindery_job_target_for_series (series_id);

  return job_new (library_id, target, force);
}

BinderyJob *
bindery_verify_job_new_for_books (gint64    library_id,
                                  GArray   *book_ids,
                                  gboolean  force)
{
  g_autofree char *target = NULL;

  g_return_val_if_fail (book_ids != NULL, NULL);

  target = bindery_job_target_for_books ((const gint64 *) (gpointer) book_ids->data, book_ids->len);
  return job_new (library_id, target, force);
}

static gboolean
bindery_verify_job_run (BinderyJob    *job,
                        GCancellable  *cancellable,
                        GError       **error)
{
  JsonObject *options = bindery_job_get_options (job);
  g_autoptr(BinderyLibrary) library = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(BinderyJobTarget) target = { 0 };
  BinderyVerifyScope scope = { 0 };
  BinderyVerifyCounts counts = { 0 };
  gint64 started = g_get_monotonic_time ();
  gboolean ok;

  if (!bindery_job_target_parse (bindery_job_get_target (job), &target, error))
    return FALSE;
  scope.force = options != NULL && json_object_get_boolean_member_with_default (options, "force", FALSE);

  library = bindery_catalog_get_library (bindery_job_get_catalog (job), bindery_job_get_library_id (job), error);
  if (library == NULL ||
      !bindery_job_target_resolve (&target, bindery_job_get_catalog (job), bindery_library_get_id (library), error))
    return FALSE;
  scope.series_id = target.series_id;
  scope.book_ids = target.book_ids;

  ok = _bindery_verify_run (job, library, &scope, &counts, &local_error);

  report = json_object_new ();
  json_object_set_int_member (report, "library_id", bindery_library_get_id (library));
  json_object_set_string_member (report, "library", bindery_library_get_name (library));
  if (bindery_job_get_target (job) != NULL)
    json_object_set_string_member (report, "target", bindery_job_get_target (job));
  else
    json_object_set_null_member (report, "target");
  json_object_set_boolean_member (report, "force", scope.force);
  json_object_set_int_member (report, "books", counts.books);
  _bindery_verify_counts_to_report (&counts, report);
  json_object_set_int_member (report, "errored", counts.damaged);
  json_object_set_double_member (report, "duration",
                                 (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  bindery_job_take_report (job, g_steal_pointer (&report));

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  bindery_job_log (job, BINDERY_LOG_INFO, NULL,
                   _("%" PRIu64 " books verified, %" PRIu64 " damaged, %" PRIu64 " unchanged since verified"),
                   (uint64_t) counts.verified, (uint64_t) counts.damaged, (uint64_t) counts.skipped);
  return TRUE;
}

static void
bindery_verify_job_class_init (BinderyVerifyJobClass *klass)
{
  BinderyJobClass *job_class = BINDERY_JOB_CLASS (klass);

  job_class->type_name = "verify";
  job_class->run = bindery_verify_job_run;
}

static void
bindery_verify_job_init (BinderyVerifyJob *self)
{
}

void
bindery_verify_job_register_type (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      bindery_job_register_type (BINDERY_TYPE_VERIFY_JOB);
      g_once_init_leave (&registered, 1);
    }
}
