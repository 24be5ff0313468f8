/* bindery-job-row.h: one job in the jobs panel, bound to the job's properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything shown is a property binding or a closure over the job's properties in
 * bindery-job-row.ui (title, state, progress, "1,234 of 10,000 books", current file,
 * elapsed time); no polling except a one-second tick for the elapsed time while the
 * job runs.
 */
#pragma once

#include <gtk/gtk.h>

#include "bindery-job.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_JOB_ROW (bindery_job_row_get_type ())
G_DECLARE_FINAL_TYPE (BinderyJobRow, bindery_job_row, BINDERY, JOB_ROW, GtkListBoxRow)

GtkWidget  *bindery_job_row_new            (BinderyJob    *job);
BinderyJob *bindery_job_row_get_job        (BinderyJobRow *self);
/* The folder the job works in (its library's path): the current file is shown
 * relative to it. */
void        bindery_job_row_set_root       (BinderyJobRow *self,
                                            const char    *root);

/* What the row shows (for tests and accessibility). */
const char *bindery_job_row_get_title_text (BinderyJobRow *self);
const char *bindery_job_row_get_state_text (BinderyJobRow *self);
const char *bindery_job_row_get_items_text (BinderyJobRow *self);
const char *bindery_job_row_get_path_text  (BinderyJobRow *self);
double      bindery_job_row_get_fraction   (BinderyJobRow *self);
/* Whether pause/resume and cancel are offered, and what pause/resume would do. */
gboolean    bindery_job_row_can_control    (BinderyJobRow *self);
gboolean    bindery_job_row_offers_resume  (BinderyJobRow *self);
/* Clicks the pause/resume button (tests). */
void        bindery_job_row_toggle_pause   (BinderyJobRow *self);

/* Text helpers shared with the history rows. */
char       *bindery_job_state_display      (BinderyJobState state);
char       *bindery_format_elapsed         (GTimeSpan      span);
char       *bindery_format_items           (const char    *type_name,
                                            guint64        done,
                                            guint64        total);

G_END_DECLS
