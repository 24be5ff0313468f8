/* bindery-job-target.h: the target text a job is stored with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The job types that work on books (thumbnails, verify, convert) share one target
 * format: NULL or "" for the whole library, "series:ID" for one series, "books:ID,…"
 * for a list of books, "scan:ID" for the books the scan job ID read (added, or changed
 * and read again: the catalog stamps them with that job's id, books.scan_job).
 *
 * A scan names its follow-ups by "scan:ID", so that a cover job after a 100,000-book
 * import is stored as a few bytes, not as every book id. A book read again by a later
 * scan carries that later scan's id: it is no longer among "scan:ID" of the earlier
 * one, and the later scan's own follow-up covers it.
 */
#pragma once

#include <gio/gio.h>

#include "bindery-catalog.h"

G_BEGIN_DECLS

/* A parsed target: all zero / NULL for the whole library. */
typedef struct {
  gint64      series_id;    /* > 0: "series:ID" */
  gint64      scan_job_id;  /* > 0: "scan:ID" */
  GHashTable *book_ids;     /* not NULL: a set of gint64, from "books:" (possibly empty)
                             * or, for "scan:", from bindery_job_target_resolve() */
} BinderyJobTarget;

char     *bindery_job_target_for_series  (gint64             series_id);
char     *bindery_job_target_for_books   (const gint64      *book_ids,
                                          guint              n_book_ids);
char     *bindery_job_target_for_scan    (gint64             scan_job_id);

/* Fills *target (cleared first). An ID that is not a positive integer, an empty item
 * ("books:1,,2") or another prefix fails with G_IO_ERROR_INVALID_ARGUMENT. */
gboolean  bindery_job_target_parse       (const char        *text,
                                          BinderyJobTarget  *target,
                                          GError           **error);
/* For "scan:ID": sets target->book_ids to the books of the library whose last read
 * was by that scan job (none when the job is unknown). Other targets are left as they
 * are. The catalog is the job's own connection (any thread that owns it). */
gboolean  bindery_job_target_resolve     (BinderyJobTarget  *target,
                                          BinderyCatalog    *catalog,
                                          gint64             library_id,
                                          GError           **error);
void      bindery_job_target_clear       (BinderyJobTarget  *target);

/* A short, translated description: "Whole library", "Series 12", "3 books", "Books
 * found by scan 42". A text that is not a target is returned as it is, cut to a line. */
char     *bindery_job_target_describe    (const char        *text);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BinderyJobTarget, bindery_job_target_clear)

G_END_DECLS
