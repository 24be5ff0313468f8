/* bindery-thumbnail-job.h: the thumbnail job (type "thumbnails")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Makes the WebP thumbnails of a library, of one series or of a list of books, at the
 * library's thumbnail-height and thumbnail-quality, into the cache under
 * bindery_context_get_thumbnail_dir() (bindery-thumbnail-cache.h), on its own pool
 * of threads (one per core unless the "threads" option says otherwise), and records
 * each in the `thumbnails` table. Only books in state 'ready' are considered.
 *
 * Modes: missing-only (default) makes the thumbnails whose key changed (book, cover,
 * height or quality) or whose file is gone, and skips the fresh ones; "force" makes
 * them all again. A superseded file is removed once the new row is committed.
 *
 * Target (the job's "target" string, see bindery-job-target.h): NULL or "" = the whole
 * library; "series:ID"; "books:ID,ID,…"; "scan:ID" (the books that scan job read: a
 * scan's follow-up).
 * Options: "force" bool (default false), "threads" int (default: cores).
 *
 * Failures: a book whose thumbnail cannot be made is logged (level error, its path,
 * the reason) and counted as failed; it gets no `thumbnails` row (a stale row and its
 * file are removed), so the next missing-only run tries it again. A bad cover that
 * was replaced by a later page is a warning naming it. An EPUB that declares no cover
 * is not a failure: it is counted in "no_cover" (logged at debug level).
 *
 * Report (flat JSON object): library_id, library, target, force, height, quality,
 * books (considered), generated, skipped (fresh), failed, no_cover, bytes_written,
 * threads, duration (seconds). "books-changed" is announced for each book whose
 * thumbnail was written or removed.
 */
#pragma once

#include "bindery-job.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_THUMBNAIL_JOB (bindery_thumbnail_job_get_type ())
G_DECLARE_FINAL_TYPE (BinderyThumbnailJob, bindery_thumbnail_job, BINDERY, THUMBNAIL_JOB, BinderyJob)

BinderyJob *bindery_thumbnail_job_new_for_library (gint64        library_id,
                                                   gboolean      force);
BinderyJob *bindery_thumbnail_job_new_for_series  (gint64        library_id,
                                                   gint64        series_id,
                                                   gboolean      force);
/* book_ids: gint64 elements (not taken); they must belong to the library. */
BinderyJob *bindery_thumbnail_job_new_for_books   (gint64        library_id,
                                                   GArray       *book_ids,
                                                   gboolean      force);
/* The books to make first, most wanted first (the covers a gallery shows, and the
 * next screen's): they go to the pool ahead of the job's order, as soon as a thread is
 * free, and each batch that completes them is committed and announced at once. Ids
 * that are not in the job's target, or whose thumbnail is already made or fresh, are
 * ignored. Replaces the previous list. Any thread, any state (kept for the run when
 * the job has not started yet). */
void        bindery_thumbnail_job_prioritize      (BinderyThumbnailJob *self,
                                                   const gint64        *book_ids,
                                                   guint                n_book_ids);
/* Registers "thumbnails" with bindery_job_register_type (idempotent). */
void        bindery_thumbnail_job_register_type   (void);

G_END_DECLS
