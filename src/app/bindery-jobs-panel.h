/* bindery-jobs-panel.h: the running jobs (live rows) and the history of finished ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signals: "open-job" (gint64 job_id, BinderyJob *job (nullable: a finished job))
 * when a row is activated.
 */
#pragma once

#include <gtk/gtk.h>

#include "bindery-application.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_JOBS_PANEL (bindery_jobs_panel_get_type ())
G_DECLARE_FINAL_TYPE (BinderyJobsPanel, bindery_jobs_panel, BINDERY, JOBS_PANEL, GtkWidget)

/* The history is empty until bindery_jobs_panel_reload_history() (the window reads it
 * after its first frame); a job's end reloads it. */
GtkWidget *bindery_jobs_panel_new            (BinderyApplication *application);
/* Re-reads the finished jobs from the catalog. */
void       bindery_jobs_panel_reload_history (BinderyJobsPanel   *self);
GtkListBox *bindery_jobs_panel_get_active_list (BinderyJobsPanel *self);
/* Finished jobs, newest first: AdwActionRows whose prefix is the state icon, named
 * "state-icon", with a tooltip saying how the job ended. */
GtkListBox *bindery_jobs_panel_get_history_list (BinderyJobsPanel *self);

G_END_DECLS
