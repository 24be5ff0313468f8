/* bindery-scan-private.h: what the scan job's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-book.h"
#include "bindery-catalog-writer.h"
#include "bindery-scan-job.h"
#include "bindery-scan-plan.h"
#include "bindery-scan-scope.h"

G_BEGIN_DECLS

typedef struct {
  int              mode;          /* BinderyScanMode, or -1: the library's scan-mode */
  int              deep;          /* TRUE, FALSE, or -1: the library's deep-scan */
  gboolean         force;
  int              verify;        /* TRUE, FALSE, or -1: the library's verify-data */
  const char      *series_path;   /* NULL: the whole library */
  BinderyScanScope *folders;      /* not NULL: these folders (series_path is NULL) */
} BinderyScanSettings;

typedef struct {
  gboolean  thumbnails;           /* the library's thumbnails option */
  GArray   *new_book_ids;         /* gint64: created or re-read */
  gboolean  convert;              /* the library's convert-after-scan option, and the scan's
                                     scope has RAR or 7z books that can be read */
  gint64    convert_series_id;    /* a series scan: its series (0: the library) */
} BinderyScanOutcome;

/* --- bindery-scan-analyser.c ------------------------------------------------------ */

typedef struct {
  guint             slot;            /* which of the analyser's slots this is */
  guint             item;            /* index in plan->items */
  gboolean          done;
  gboolean          read;            /* bindery_book_read_info was called */
  gboolean          content_changed; /* deep scan: the fingerprint differs */
  char             *fingerprint;
  BinderyBookInfo  *info;            /* NULL when not read or on error */
  GError           *error;           /* the read's error */
  JsonObject       *metadata;        /* final record: embedded, then the file-name fallback */
  BinderyMetadataRow *metadata_row;  /* its catalog rows, made ahead of the write */
} BinderyScanWork;

typedef struct _BinderyScanAnalyser BinderyScanAnalyser;

/* Starts one pool thread per core over the plan's items that need work; the slots are
 * the items in plan order, analysed at most a window ahead of the writer. */
BinderyScanAnalyser *bindery_scan_analyser_new  (const char          *root,
                                                 BinderyScanPlan     *plan,
                                                 GError             **error);
/* Writer thread: slots are taken in order (0, 1, 2 …); blocks until slot is done. The
 * work returned is the writer's until it asks for the next slot. */
BinderyScanWork     *bindery_scan_analyser_wait (BinderyScanAnalyser *self,
                                                 guint                slot);
/* Writer thread: reads the book of work now (a presumed move that was not one). */
void                 bindery_scan_analyser_read (BinderyScanAnalyser *self,
                                                 BinderyScanWork     *work);
/* Drops the slots not started, waits for the running ones. */
void                 bindery_scan_analyser_free (BinderyScanAnalyser *self);
void                 bindery_scan_work_clear    (BinderyScanWork     *work);

/* --- bindery-scan-run.c ------------------------------------------------------------ */

/* Worker thread: the whole scan. Fills outcome (owned by the caller). */
gboolean _bindery_scan_run (BinderyJob                *job,
                            const BinderyScanSettings *settings,
                            BinderyScanOutcome        *outcome,
                            GError                   **error);

G_END_DECLS
