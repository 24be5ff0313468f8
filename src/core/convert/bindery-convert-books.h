/* bindery-convert-books.h: which books a conversion takes, and their rows afterwards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Targets (the job's "target" string, see bindery-job-target.h): NULL or "" = the whole
 * library; "series:ID"; "books:ID,ID,…"; "scan:ID".
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bindery-book.h"
#include "bindery-catalog.h"

G_BEGIN_DECLS

typedef struct {
  gint64             book_id;
  gint64             series_id;       /* 0: none */
  char              *path;            /* absolute, raw bytes */
  char              *display_path;    /* UTF-8 */
  BinderyBookFormat  format;          /* RAR or 7z, as the catalog has it */
  gint64             size;            /* books.size */
  char              *status;          /* "ready" | "missing" | "error" */
  char              *error_kind;      /* nullable */
} BinderyConvertCandidate;

void       bindery_convert_candidate_free   (BinderyConvertCandidate *candidate);

/* The RAR and 7z books of the target, every status (the job skips the missing and the
 * unreadable ones, saying why), in series then path order. Element type
 * BinderyConvertCandidate. */
GPtrArray *bindery_convert_list_candidates  (BinderyCatalog  *catalog,
                                             gint64           library_id,
                                             const char      *root,
                                             const char      *target,
                                             GError         **error);
/* Whether the candidate is one the job would try (not missing, not encrypted or corrupt
 * as last scanned); when not, *reason says why (static, translated). */
gboolean   bindery_convert_candidate_is_convertible (const BinderyConvertCandidate *candidate,
                                                     const char                   **reason);
/* How many books of the target would be converted (app: show the action or not). */
gint64     bindery_convert_count_convertible (BinderyCatalog  *catalog,
                                              gint64           library_id,
                                              const char      *target,
                                              GError         **error);

/* Originals a run killed after its catalog update (before the original went) left
 * beside their CBZ: for each book of the target that is a ZIP named <stem>.cbz, a sibling
 * <stem>.cbr/.rar/.cb7/.7z (any case) that no catalog row names and whose entries the CBZ
 * holds exactly (bindery_converter_is_conversion_of). Absolute paths (raw bytes). */
GPtrArray *bindery_convert_find_leftover_originals (BinderyCatalog  *catalog,
                                                    gint64           library_id,
                                                    const char      *root,
                                                    const char      *target,
                                                    GError         **error);

/* After the new file took its place: the book's row points at it (same id, metadata,
 * series and read state; rel_path, name, size, mtime, inode, fingerprint and format
 * "zip" updated), in one transaction. A thumbnail that was fresh for the old file is
 * carried over under the new file's key (the cover's bytes are the same), so it is not
 * made again; a stale one is left for the thumbnail job. A missing book's row at the new
 * path is removed (the path is this book's now); a present one makes it fail. */
gboolean   bindery_convert_update_book      (BinderyCatalog  *catalog,
                                             const char      *thumbnail_dir,
                                             guint            thumbnail_height,
                                             guint            thumbnail_quality,
                                             gint64           book_id,
                                             const char      *root,
                                             const char      *new_path,
                                             GError         **error);

G_END_DECLS
