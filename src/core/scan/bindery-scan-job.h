/* bindery-scan-job.h: the library scan job (type "scan") and its options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Walks the library folder, diffs it against a snapshot of the catalog, reads new
 * and changed books on a bounded thread pool (one thread per core) and writes the
 * results in walk order through one BinderyCatalogWriter:
 *   - batched mode: a transaction per 500 books, or at a series end once the batch is
 *     a quarter of a second old, announced per batch;
 *   - sync mode: each book committed and announced as soon as it is read.
 * Both give the same catalog. A cancelled scan keeps what it committed and marks
 * nothing missing; scanning again finishes the work with the same result as one
 * uninterrupted scan.
 *
 * Options (the job's "options" JSON object; absent members take the library's):
 *   "mode"  "batched" | "sync"   (library option scan-mode)
 *   "deep"  bool                 (library option deep-scan): fingerprint every book,
 *                                not only those whose size, mtime or inode changed,
 *                                and re-read those whose content changed
 *   "force" bool                 re-read every book (and, with verify, verify every book)
 *   "verify" bool                (library option verify-data): after the scan, read every
 *                                entry of the books scanned (bindery-verify-job.h), skipping
 *                                those unchanged since their last verification
 *
 * Report (flat JSON object): library_id, library, series (the folder scanned alone,
 * or null), mode, deep, force, unavailable, files_seen, files_ignored, files_skipped,
 * folders_unreadable and files_unreadable (folders that could not be listed, book files
 * whose details could not be read), books_unchecked (books in the catalog at or below
 * those: kept exactly as they were, never marked missing, and their series likewise),
 * series_created, series_updated, series_missing, series_restored, books_created,
 * books_updated, books_unchanged, books_missing, books_restored, books_moved,
 * errored (books in error among those found), bytes_read (size of the files opened),
 * duration (seconds); with verify also "verify": true, verified, damaged, verify_skipped,
 * verify_unreadable, verify_bytes_read (damaged books count in errored).
 *
 * A library whose folder is missing, or empty while the catalog has books in it
 * (an unplugged drive), is set "unavailable", nothing is marked missing, and the job
 * fails saying so (the report has "unavailable": true).
 *
 * After a scan that created or re-read books, when the library's "thumbnails" option
 * is on, the scan names a follow-up "thumbnails" job on "books:ID,ID,…" for those
 * books (bindery_job_add_follow_up): once the scan has completed, the queue runs it
 * in the app and saves it for the app from the CLI.
 */
#pragma once

#include "bindery-job.h"
#include "bindery-library.h"

G_BEGIN_DECLS

#define BINDERY_SCAN_BATCH_SIZE 500

#define BINDERY_TYPE_SCAN_JOB (bindery_scan_job_get_type ())
G_DECLARE_DERIVABLE_TYPE (BinderyScanJob, bindery_scan_job, BINDERY, SCAN_JOB, BinderyJob)

struct _BinderyScanJobClass
{
  BinderyJobClass parent_class;

  gpointer padding[4];
};

/* options may be NULL (library defaults); it is not taken. */
BinderyJob *bindery_scan_job_new           (gint64       library_id,
                                            JsonObject  *options);
/* mode < 0: the library's. */
JsonObject *bindery_scan_job_options_new   (int          mode,
                                            gboolean     deep,
                                            gboolean     force);
/* Registers "scan", "scan-series" and "verify" with bindery_job_register_type (idempotent). */
void        bindery_scan_job_register_types (void);

/* Book ids created or re-read by a finished scan (main thread, after run). */
GArray     *bindery_scan_job_get_new_book_ids (BinderyScanJob *self);

G_END_DECLS
