/* bindery-job-target.h: the target text a job is stored with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The job types that work on books (thumbnails, verify, convert) share one target
 * format: NULL or "" for the whole library, "series:ID" for one series, "books:ID,…"
 * for a list of books.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *bindery_job_target_for_series (gint64        series_id);
char     *bindery_job_target_for_books  (const gint64 *book_ids,
                                         guint         n_book_ids);

/* On success *series_id > 0 for a series, *book_ids (a set of gint64, possibly empty
 * for "books:") for a list, neither for the library. An ID that is not a positive
 * integer, an empty item ("books:1,,2") or another prefix fails with
 * G_IO_ERROR_INVALID_ARGUMENT. */
gboolean  bindery_job_target_parse      (const char    *target,
                                         gint64        *series_id,
                                         GHashTable   **book_ids,
                                         GError       **error);

G_END_DECLS
