/* bindery-job-window.h: a job's report and log (live while the job runs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bindery-catalog.h"
#include "bindery-log-view.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_JOB_WINDOW (bindery_job_window_get_type ())
G_DECLARE_FINAL_TYPE (BinderyJobWindow, bindery_job_window, BINDERY, JOB_WINDOW, AdwWindow)

/* catalog: a connection to read the job's row and log from (the UI's read-only one).
 * job: the live job when it is still in the queue (its new log lines are appended),
 * else NULL: everything comes from the catalog. */
BinderyJobWindow *bindery_job_window_new          (BinderyCatalog     *catalog,
                                                   gint64              job_id,
                                                   BinderyJob         *job);
/* Shows the log page, with the level filter at min_level. */
void              bindery_job_window_show_log     (BinderyJobWindow   *self,
                                                   BinderyLogLevel     min_level);
BinderyLogView   *bindery_job_window_get_log_view (BinderyJobWindow   *self);

G_END_DECLS
