/* bindery-scan-folders-job.c: a scan of some folders of a library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bindery-scan"

#include "config.h"

#include "bindery-scan-folders-job.h"

struct _BinderyScanFoldersJob
{
  BinderyScanJob parent_instance;
};

G_DEFINE_FINAL_TYPE (BinderyScanFoldersJob, bindery_scan_folders_job, BINDERY_TYPE_SCAN_JOB)

static void
bindery_scan_folders_job_class_init (BinderyScanFoldersJobClass *klass)
{
  BINDERY_JOB_CLASS (klass)->type_name = "scan-folders";
}

static void
bindery_scan_folders_job_init (BinderyScanFoldersJob *self)
{
}

BinderyJob *
bindery_scan_folders_job_new (gint64            library_id,
                              BinderyScanScope *scope,
                              JsonObject       *options)
{
  g_autoptr(JsonObject) empty = options == NULL ? json_object_new () : NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (scope != NULL, NULL);

  target = bindery_scan_scope_to_target (scope);
  if (target == NULL || *target == '\0')
    return NULL;

  return g_object_new (BINDERY_TYPE_SCAN_FOLDERS_JOB,
                       "library-id", library_id,
                       "target", target,
                       "options", options != NULL ? options : empty,
                       NULL);
}
