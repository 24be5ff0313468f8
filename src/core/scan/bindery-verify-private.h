/* bindery-verify-private.h: the verification pass shared by the verify job and the scan job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bindery-job.h"
#include "bindery-library.h"

G_BEGIN_DECLS

/* Which books: the library's (all fields empty), one series (by id, or by the folder of
 * its row, as a series scan names it) or a list of book ids. */
typedef struct {
  gint64       series_id;     /* > 0: that series */
  const char  *series_path;   /* not NULL: the series whose rel_path this is */
  GHashTable  *book_ids;      /* not NULL: gint64* set */
  gboolean     force;         /* verify books unchanged since their last verification too */
} BinderyVerifyScope;

typedef struct {
  guint64 books;        /* considered */
  guint64 verified;     /* every entry read clean */
  guint64 damaged;      /* found damaged: now corrupt */
  guint64 repaired;     /* found damaged before, clean now */
  guint64 skipped;      /* unchanged since their last verification */
  guint64 unreadable;   /* could not be opened (nothing said about their data) */
  guint64 bytes_read;
} BinderyVerifyCounts;

/* Worker thread: verifies the scope's books that are ready, or were found damaged by an
 * earlier verification (books in error for another reason cannot be read, and missing
 * ones are not there). Each result is committed at once through the job's catalog
 * connection. FALSE when cancelled (counts hold what was done) or the catalog fails. */
gboolean _bindery_verify_run              (BinderyJob                *job,
                                           BinderyLibrary            *library,
                                           const BinderyVerifyScope  *scope,
                                           BinderyVerifyCounts       *counts,
                                           GError                   **error);
/* "verified", "damaged", "verify_skipped", "verify_unreadable", "verify_bytes_read". */
void     _bindery_verify_counts_to_report (const BinderyVerifyCounts *counts,
                                           JsonObject                *report);

G_END_DECLS
