/* bindery-convert-job.h: the conversion job (type "convert"): RAR and 7z books to CBZ
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Converts the RAR and 7z books of a library, a series or a list of books
 * (bindery-convert-books.h for the target), one after the other, each with
 * bindery_converter_convert(), then points the book's row at the new file
 * (bindery_convert_update_book) and only then disposes of the original: to the trash, or
 * deleted when the library's "delete-converted-originals" option is on. No trash on the
 * file system: the original stays where it was (logged); the book points at the new file.
 * Before the first book, temporary files a killed run left anywhere under the library
 * root are removed (bindery_converter_remove_temp_files).
 *
 * Constructible by the queue from its persisted row or as a follow-up:
 * g_object_new (BINDERY_TYPE_CONVERT_JOB, "library-id", id, "target", target,
 * "options", options). Options: none yet (an empty object).
 *
 * Per book: skipped (missing, encrypted, corrupt: a warning with the reason), failed (an
 * error naming the reason: unsupported compression, unsafe entry name, destination taken,
 * disk full, permission denied, verification), or converted. Progress: items are books;
 * the fraction counts source bytes read; pause and cancel act between entries (a book
 * cancelled half-way leaves no temporary file and stays as it was).
 *
 * Report (flat JSON object): library_id, library, target, books (considered), converted,
 * skipped, failed, bytes_before (the converted originals), bytes_after (their CBZs),
 * trashed, deleted, kept (originals left in place: no trash), duration (seconds).
 * "books-changed" is announced for each converted book.
 */
#pragma once

#include "bindery-job.h"

G_BEGIN_DECLS

#define BINDERY_TYPE_CONVERT_JOB (bindery_convert_job_get_type ())
G_DECLARE_FINAL_TYPE (BinderyConvertJob, bindery_convert_job, BINDERY, CONVERT_JOB, BinderyJob)

BinderyJob *bindery_convert_job_new_for_library (gint64        library_id);
BinderyJob *bindery_convert_job_new_for_series  (gint64        library_id,
                                                 gint64        series_id);
BinderyJob *bindery_convert_job_new_for_books   (gint64        library_id,
                                                 const gint64 *book_ids,
                                                 guint         n_book_ids);
/* Registers "convert" with bindery_job_register_type (idempotent). */
void        bindery_convert_job_register_type   (void);

G_END_DECLS
