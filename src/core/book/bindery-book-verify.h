/* bindery-book-verify.h: reading every byte of a book's data, for damage a listing cannot see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scan lists entry headers and reads ComicInfo.xml / the OPF only, so page data that is cut
 * off or damaged goes unnoticed until someone opens the page. Verifying reads it all:
 *   - ZIP, EPUB: every entry through libzip, which inflates it and compares its CRC-32;
 *   - RAR4/RAR5: every entry through libarchive, which checks each file's CRC-32 (RAR5: its
 *     stored hash) at the end of its data;
 *   - 7z, tar: every entry through libarchive, by its read status (7z: the folder CRCs;
 *     tar: blocks cut off);
 *   - PDF: poppler loads every page.
 * Thread-safe, like bindery-book.h.
 */
#pragma once

#include "bindery-book.h"

G_BEGIN_DECLS

/* BinderyBookVerifyCheck (bindery-book-info.h) is called between entries and every few
 * MiB within one: FALSE (with error set, e.g. G_IO_ERROR_CANCELLED) stops the
 * verification with that error. */

/* TRUE when every entry (every page of a PDF) reads clean. Otherwise FALSE with:
 *   - BINDERY_BOOK_ERROR_CORRUPT (cut off, damaged, bad CRC), _UNSUPPORTED (a compression
 *     method that cannot be read) or _ENCRYPTED: the data is bad. *bad_entry (may be NULL)
 *     gets the first bad entry's raw name ("page N" for a PDF; NULL when the damage is in
 *     the container rather than an entry) and the message names it;
 *   - BINDERY_BOOK_ERROR_UNREADABLE: the file cannot be opened or read (permissions, gone);
 *     nothing is said about its data;
 *   - check's error, when it stopped the work.
 * bytes_read (may be NULL): bytes of the archive read (compressed sizes), also on failure. */
gboolean bindery_book_verify (const char              *path,
                              BinderyBookVerifyCheck   check,
                              gpointer                 user_data,
                              guint64                 *bytes_read,
                              char                   **bad_entry,
                              GError                 **error);

G_END_DECLS
