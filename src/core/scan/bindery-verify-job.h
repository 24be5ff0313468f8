/* bindery-verify-job.h: the verify job (type "verify"): every entry of every book read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads all the data of the books of a library, of one series or of a list of books
 * (bindery_book_verify(): CRC-32 of ZIP and RAR entries, libarchive's read status for 7z
 * and tar, every PDF page loaded). A book whose data is cut off, damaged or compressed in
 * a way that cannot be read becomes an error of kind "corrupt", and the log names the book
 * and its first bad entry (level error). Books that were verified before and whose file
 * kept the catalog's size and mtime are skipped, unless "force". Only books that are ready,
 * or were found damaged by an earlier verification, are considered.
 *
 * Target: NULL or "" = the whole library; "series:ID"; "books:ID,ID,…".
 * Options: "force" bool (default false).
 * Report (flat JSON object): library_id, library, target, force, books (considered),
 * verified, damaged, verify_skipped, verify_unreadable, verify_bytes_read (archive bytes
 * read), errored (= damaged), duration (seconds). The job completes even when books are
 * damaged (the CLI exits 1 then); "books-changed" is announced for each book whose state
 * changed.
 *
 * A scan does the same pass after its own work when the library's "verify-data" option is
 * on or its "verify" option says so (bindery-scan-job.h).
 */
#pragma once

#include "bindery-job.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_VERIFY_JOB (bindery_verify_job_get_type ())
G_DECLARE_FINAL_TYPE (BinderyVerifyJob, bindery_verify_job, BINDERY, VERIFY_JOB, BinderyJob)

BinderyJob *bindery_verify_job_new_for_library (gint64    library_id,
                                                gboolean  force);
BinderyJob *bindery_verify_job_new_for_series  (gint64    library_id,
                                                gint64    series_id,
                                                gboolean  force);
/* book_ids: gint64 elements (not taken); they must belong to the library. */
BinderyJob *bindery_verify_job_new_for_books   (gint64    library_id,
                                                GArray   *book_ids,
                                                gboolean  force);
/* Registers "verify" with bindery_job_register_type (idempotent). */
void        bindery_verify_job_register_type   (void);

G_END_DECLS
