/* bindery-log-view.h: a job's log as a table (time, level, file, message), filterable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkColumnView over a GtkFilterListModel of BinderyLogLine (a job's log is small
 * enough for a filter model). Filter by level and by search text, copy a line, export
 * the shown lines to a file.
 */
#pragma once

#include <gtk/gtk.h>

#include "bindery-log-line.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_LOG_VIEW (bindery_log_view_get_type ())
G_DECLARE_FINAL_TYPE (BinderyLogView, bindery_log_view, BINDERY, LOG_VIEW, GtkWidget)

GtkWidget       *bindery_log_view_new            (void);
/* lines: a GListModel of BinderyLogLine (a GListStore lines are appended to, for a
 * running job). */
void             bindery_log_view_set_lines      (BinderyLogView  *self,
                                                  GListModel      *lines);
GListModel      *bindery_log_view_get_lines      (BinderyLogView  *self);
/* The lines shown after filtering. */
GListModel      *bindery_log_view_get_shown      (BinderyLogView  *self);
BinderyLogLevel  bindery_log_view_get_min_level  (BinderyLogView  *self);
void             bindery_log_view_set_min_level  (BinderyLogView  *self,
                                                  BinderyLogLevel  level);
const char      *bindery_log_view_get_search     (BinderyLogView  *self);
void             bindery_log_view_set_search     (BinderyLogView  *self,
                                                  const char      *text);
/* The library's folder: the File column shows paths relative to it (NULL: whole). */
void             bindery_log_view_set_root       (BinderyLogView  *self,
                                                  const char      *root);
const char      *bindery_log_view_get_root       (BinderyLogView  *self);
/* Suggested file name for "Export" (e.g. "scan-12.log"). */
void             bindery_log_view_set_export_name (BinderyLogView *self,
                                                   const char     *name);
/* Writes the shown lines, one per line (see bindery_log_line_to_string()). */
gboolean         bindery_log_view_export         (BinderyLogView  *self,
                                                  GFile           *file,
                                                  GError         **error);
/* Copies the selected line to the clipboard; FALSE when none is selected. */
gboolean         bindery_log_view_copy_selected  (BinderyLogView  *self);
void             bindery_log_view_select         (BinderyLogView  *self,
                                                  guint            position);

G_END_DECLS
