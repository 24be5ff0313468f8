/* bindery-scan-folders-job.h: a scan of some folders of a library (type "scan-folders")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same scan as BinderyScanJob limited to a scope (bindery-scan-scope.h): its
 * "target" is the scope's target text ("folder:PATH" / "tree:PATH" lines). Only the
 * scope's files are listed and read, and only books in scope can become missing;
 * a file whose fingerprint is that of a book vanished in scope, or of a missing
 * book anywhere in the library, is that book moved (same id). This is what the
 * watcher queues for the folders it saw change. Report: as the library scan's,
 * plus "folders" (the entries, display text).
 */
#pragma once

#include "bindery-scan-job.h"
#include "bindery-scan-scope.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_SCAN_FOLDERS_JOB (bindery_scan_folders_job_get_type ())
G_DECLARE_FINAL_TYPE (BinderyScanFoldersJob, bindery_scan_folders_job, BINDERY, SCAN_FOLDERS_JOB, BinderyScanJob)

/* NULL when the scope cannot be a target (bindery_scan_scope_to_target). options may be NULL. */
BinderyJob *bindery_scan_folders_job_new (gint64            library_id,
                                          BinderyScanScope *scope,
                                          JsonObject       *options);

G_END_DECLS
