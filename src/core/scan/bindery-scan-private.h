/* bindery-scan-private.h: what the scan job's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-scan-job.h"

G_BEGIN_DECLS

typedef struct {
  int              mode;          /* BinderyScanMode, or -1: the library's scan-mode */
  int              deep;          /* TRUE, FALSE, or -1: the library's deep-scan */
  gboolean         force;
  const char      *series_path;   /* NULL: the whole library */
} BinderyScanSettings;

typedef struct {
  gboolean  thumbnails;           /* the library's thumbnails option */
  GArray   *new_book_ids;         /* gint64: created or re-read */
} BinderyScanOutcome;

/* Worker thread: the whole scan. Fills outcome (owned by the caller). */
gboolean _bindery_scan_run (BinderyJob                *job,
                            const BinderyScanSettings *settings,
                            BinderyScanOutcome        *outcome,
                            GError                   **error);

G_END_DECLS
