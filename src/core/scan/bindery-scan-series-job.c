/* bindery-scan-series-job.c: a scan of one series folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include "bindery-scan-series-job.h"

struct _BinderyScanSeriesJob
{
  BinderyScanJob parent_instance;
};

G_DEFINE_FINAL_TYPE (BinderyScanSeriesJob, bindery_scan_series_job, BINDERY_TYPE_SCAN_JOB)

static void
bindery_scan_series_job_class_init (BinderyScanSeriesJobClass *klass)
{
  BINDERY_JOB_CLASS (klass)->type_name = "scan-series";
}

static void
bindery_scan_series_job_init (BinderyScanSeriesJob *self)
{
}

BinderyJob *
bindery_scan_series_job_new (gint64      library_id,
                             const char *series_path,
                             JsonObject *options)
{
  g_autoptr(JsonObject) empty = options == NULL ? json_object_new () : NULL;

  g_return_val_if_fail (series_path != NULL, NULL);

  return g_object_new (BINDERY_TYPE_SCAN_SERIES_JOB,
                       "library-id", library_id,
                       "target", series_path,
                       "options", options != NULL ? options : empty,
                       NULL);
}
