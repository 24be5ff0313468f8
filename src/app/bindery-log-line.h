/* bindery-log-line.h: one line of a job's log, as the log viewer shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bindery-job.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_LOG_LINE (bindery_log_line_get_type ())
G_DECLARE_FINAL_TYPE (BinderyLogLine, bindery_log_line, BINDERY, LOG_LINE, GObject)

/* Properties (read-only): "time" (GDateTime), "time-text" (HH:MM:SS), "level"
 * (BinderyLogLevel as int), "level-text" (translated), "path" (may be NULL), "message". */
BinderyLogLine  *bindery_log_line_new            (GDateTime       *time,
                                                  BinderyLogLevel  level,
                                                  const char      *path,
                                                  const char      *message);
GDateTime       *bindery_log_line_get_time       (BinderyLogLine  *self);
const char      *bindery_log_line_get_time_text  (BinderyLogLine  *self);
BinderyLogLevel  bindery_log_line_get_level      (BinderyLogLine  *self);
const char      *bindery_log_line_get_level_text (BinderyLogLine  *self);
const char      *bindery_log_line_get_path       (BinderyLogLine  *self);
const char      *bindery_log_line_get_message    (BinderyLogLine  *self);
/* Whether the line is at least min_level and its message or path contains every word
 * of search (case-insensitive; NULL or "" matches all). */
gboolean         bindery_log_line_matches        (BinderyLogLine  *self,
                                                  BinderyLogLevel  min_level,
                                                  const char      *search);
/* "2024-05-01T10:00:00+02:00\twarning\tpath\tmessage" */
char            *bindery_log_line_to_string      (BinderyLogLine  *self);

/* path as shown beside a library's root: relative to root when it is inside it (root
 * itself is "."), else path unchanged; for display (not a file name). */
char            *bindery_display_path_in         (const char      *path,
                                                  const char      *root);

/* The "logs" array of bindery_catalog_get_job() as a GListStore of BinderyLogLine. */
GListStore      *bindery_log_lines_from_json     (JsonArray       *logs);

G_END_DECLS
